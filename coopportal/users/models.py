from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils.translation import gettext_lazy as _


class Region(models.Model):
    """A region of Kazakhstan (cohorts) or a province of Iran (grant budgeting)."""

    class Country(models.TextChoices):
        KAZAKHSTAN = "KZ", _("Kazakhstan")
        IRAN = "IR", _("Iran")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)  # translated: name_kk, name_fa... (translation.py)
    country = models.CharField(_("country"), max_length=2, choices=Country.choices)

    class Meta:
        ordering = ["country", "name"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self):
        return self.name


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person using the portal; the email address is the login."""

    username = None
    first_name = None
    last_name = None
    email = models.EmailField(_("email address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        help_text=_("Home region; for a provincial officer, the province they work for."),
    )
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_(
            "Pages, emails and documents are in this language. Empty: not chosen yet "
            "(pages follow the browser, emails and documents the region)."
        ),
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []

    objects = UserManager()

    class Meta:
        ordering = ["email"]
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.full_name or self.email

    def get_full_name(self):
        return self.full_name or self.email

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.email


class CommitteeSeat(models.Model):
    """One of the three seats of a province's committee that signs off program expenses."""

    class Kind(models.TextChoices):
        DEPUTY = "deputy", _("Deputy for cooperative affairs")
        DIRECTOR = "director", _("Director general")
        COMPTROLLER = "comptroller", _("Comptroller")

    region = models.ForeignKey(Region, verbose_name=_("province"), on_delete=models.PROTECT, related_name="seats")
    kind = models.CharField(_("seat"), max_length=20, choices=Kind.choices)
    user = models.ForeignKey(User, verbose_name=_("holder"), on_delete=models.PROTECT, related_name="seats")

    class Meta:
        ordering = ["region", "kind"]
        verbose_name = _("committee seat")
        verbose_name_plural = _("committee seats")
        constraints = [
            models.UniqueConstraint(fields=["region", "kind"], name="one_holder_per_seat"),
            models.UniqueConstraint(fields=["region", "user"], name="one_seat_per_person_per_province"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.region}"
