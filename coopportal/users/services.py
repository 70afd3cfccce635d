from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from allauth.mfa.utils import decrypt
from django.db import transaction

from coopportal import identity

from .languages import default_language_for_region, language_or_default
from .models import CommitteeSeat, Region, User
from .roles import Role, grant_role


@transaction.atomic
def ensure_user(
    *,
    email: str,
    password: str,
    full_name: str = "",
    roles: tuple[Role, ...] = (),
    region: Region | None = None,
    language: str = "",
    is_staff: bool = False,
    is_superuser: bool = False,
) -> tuple[User, bool]:
    """Get or create an active user with a verified email and the given roles.

    An existing user is left as it is apart from missing roles, so running it twice changes nothing.
    A new user's language defaults to their region's.
    """
    email = email.lower()
    user, created = User.objects.get_or_create(
        email=email,
        defaults={
            "full_name": full_name,
            "region": region,
            "language": language_or_default(language) if language else default_language_for_region(region),
            "is_staff": is_staff,
            "is_superuser": is_superuser,
        },
    )
    if created:
        user.set_password(password)
        user.save(update_fields=["password"])
    EmailAddress.objects.get_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
    missing = set(roles) - set(user.groups.values_list("name", flat=True))
    for role in sorted(missing):
        grant_role(user, Role(role))
    return user, created


def ensure_totp_secret(user: User) -> str:
    """The user's TOTP secret, activating a new authenticator if the user has none."""
    authenticator = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if authenticator is None:
        TOTP.activate(user, generate_totp_secret())
        authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    return decrypt(authenticator.data["secret"])


def verify_fresh_totp(user: User, code: str) -> bool:
    """Step-up: `code` is the user's current TOTP code and has not been used before (allauth marks each
    accepted code used for its window, so the code typed at login cannot sign too)."""
    authenticator = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    code = "".join(identity.fold(code or "").split())
    if authenticator is None or not identity.is_ascii_digits(code):
        return False
    return TOTP(authenticator).validate_code(code)


@transaction.atomic
def assign_seat(*, user: User, region: Region, kind: CommitteeSeat.Kind) -> CommitteeSeat:
    """Give `user` the seat of `kind` in the province's committee (one holder per seat)."""
    seat, _ = CommitteeSeat.objects.update_or_create(region=region, kind=kind, defaults={"user": user})
    grant_role(user, Role.PROVINCIAL_COMMITTEE)
    return seat
