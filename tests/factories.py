import factory
from allauth.account.models import EmailAddress

from coopportal.users.models import Region, User
from coopportal.users.roles import Role, grant_role

TEST_PASSWORD = "correct-horse-battery-9"


def region(code: str = "kz-almaty") -> Region:
    return Region.objects.get(code=code)


class UserFactory(factory.django.DjangoModelFactory):
    """An active user with a verified primary email. `roles=(Role.X, ...)` grants roles."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Sequence(lambda n: f"Person {n}")
    # Tests read the portal in English unless they choose a language ("" is "not chosen": the region's).
    language = "en"
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        if create:
            self.save()
            EmailAddress.objects.create(user=self, email=self.email, verified=extracted is not False, primary=True)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        for role in extracted or ():
            grant_role(self, Role(role))
