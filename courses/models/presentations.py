"""Presentations and leads: what a student presented, who came, who subscribed, whom they invited."""

import datetime
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from coopportal.uploads import UnguessablePath

from .course import Enrolment, Level

# Attendance and likes beyond this are typing errors, not presentations.
MAX_COUNT = 100_000
# A trial before classmates is recorded within this many days after it took place; older dates are
# typing errors, and classmates confirm attending the trials of this period.
TRIAL_RECORDED_WITHIN = datetime.timedelta(days=60)


def new_token() -> str:
    return secrets.token_urlsafe(9)


class Presentation(models.Model):
    """A presentation given by a student at a level. A trial before classmates carries their votes;
    the others carry a public subscribe page, attendance and likes with evidence, and results."""

    class Audience(models.TextChoices):
        CLASSMATES = "classmates", _("Classmates (trial)")
        RELATIVES = "relatives", _("Close relatives")
        FRIENDS = "friends", _("Friends and neighbours")
        INVITED = "invited", _("Invited people")
        BROADCAST = "broadcast", _("Live broadcast")

    enrolment = models.ForeignKey(
        Enrolment, verbose_name=_("presenter's enrolment"), on_delete=models.CASCADE, related_name="presentations"
    )
    presenter = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("presenter"), on_delete=models.PROTECT, related_name="presentations"
    )
    level = models.ForeignKey(Level, verbose_name=_("level"), on_delete=models.PROTECT, related_name="+")
    held_at = models.DateTimeField(_("held at"))
    audience = models.CharField(_("audience"), max_length=12, choices=Audience.choices)
    topic = models.CharField(_("topic"), max_length=200, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    broadcast_url = models.URLField(_("broadcast link"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    attendance_reported = models.PositiveIntegerField(_("attendance reported by the presenter"), null=True, blank=True)
    attendance_evidence = models.FileField(
        _("attendance evidence (photo or sign-in sheet)"), upload_to=UnguessablePath("presentations"), blank=True
    )
    attendance_confirmed = models.PositiveIntegerField(_("attendance confirmed"), null=True, blank=True)
    attendance_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("attendance confirmed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    attendance_confirmed_at = models.DateTimeField(_("attendance confirmed at"), null=True, blank=True)

    likes_reported = models.PositiveIntegerField(_("likes reported by the presenter"), null=True, blank=True)
    likes_url = models.URLField(_("link to the broadcast post"), blank=True)
    likes_evidence = models.FileField(_("screenshot of the likes"), upload_to=UnguessablePath("likes"), blank=True)
    likes_confirmed = models.PositiveIntegerField(_("likes confirmed"), null=True, blank=True)
    likes_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("likes confirmed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    likes_confirmed_at = models.DateTimeField(_("likes confirmed at"), null=True, blank=True)

    # Trial presentations before classmates have no subscribe page.
    subscribe_token = models.CharField(_("subscribe link token"), max_length=24, unique=True, null=True, blank=True)
    subscribe_opens_at = models.DateTimeField(_("subscribe page opens at"), null=True, blank=True)
    subscribe_closes_at = models.DateTimeField(_("subscribe page closes at"), null=True, blank=True)

    class Meta:
        ordering = ["-held_at", "-id"]
        verbose_name = _("presentation")
        verbose_name_plural = _("presentations")
        constraints = [
            models.CheckConstraint(
                condition=Q(attendance_reported__lte=MAX_COUNT)
                & Q(attendance_confirmed__lte=MAX_COUNT)
                & Q(likes_reported__lte=MAX_COUNT * 100)
                & Q(likes_confirmed__lte=MAX_COUNT * 100),
                name="presentation_counts_not_absurd",
            ),
        ]

    def __str__(self):
        return f"{self.presenter} — {self.level.name} ({self.held_at:%Y-%m-%d})"


class PresentationAttendee(models.Model):
    """A classmate who attended a trial presentation, with their vote."""

    class Vote(models.TextChoices):
        PENDING = "pending", _("Not voted yet")
        APPROVE = "approve", _("Approve")
        REWORK = "rework", _("Needs rework")

    presentation = models.ForeignKey(
        Presentation, verbose_name=_("presentation"), on_delete=models.CASCADE, related_name="attendees"
    )
    classmate = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("classmate"), on_delete=models.PROTECT, related_name="+"
    )
    vote = models.CharField(_("vote"), max_length=10, choices=Vote.choices, default=Vote.PENDING)
    comment = models.TextField(_("comment"), blank=True)
    voted_at = models.DateTimeField(_("voted at"), null=True, blank=True)

    class Meta:
        ordering = ["presentation", "classmate__full_name"]
        verbose_name = _("attending classmate")
        verbose_name_plural = _("attending classmates")
        constraints = [
            models.UniqueConstraint(fields=["presentation", "classmate"], name="attend_presentation_once"),
        ]

    def __str__(self):
        return f"{self.classmate} — {self.get_vote_display()}"


class PresentationClassmate(models.Model):
    """A classmate named in the support group (teamwork) or as an observer (publication); they confirm."""

    class Role(models.TextChoices):
        SUPPORT = "support", _("Support group")
        OBSERVER = "observer", _("Observer")

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for the classmate")
        CONFIRMED = "confirmed", _("Confirmed")
        DECLINED = "declined", _("Declined")

    presentation = models.ForeignKey(
        Presentation, verbose_name=_("presentation"), on_delete=models.CASCADE, related_name="classmates_named"
    )
    classmate = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("classmate"), on_delete=models.PROTECT, related_name="+"
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    responded_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        ordering = ["presentation", "classmate__full_name"]
        verbose_name = _("named classmate")
        verbose_name_plural = _("named classmates")
        constraints = [
            models.UniqueConstraint(fields=["presentation", "classmate"], name="name_classmate_once"),
        ]

    def __str__(self):
        return f"{self.classmate} — {self.get_role_display()}: {self.get_status_display()}"


class PresentationResult(models.Model):
    """What one person did after the presentation (seed: "subscriber, share buyer, recommendation")."""

    presentation = models.ForeignKey(
        Presentation, verbose_name=_("presentation"), on_delete=models.CASCADE, related_name="results"
    )
    person_name = models.CharField(_("name"), max_length=200)
    contact = models.CharField(_("phone or email"), max_length=254, blank=True)
    subscribed = models.BooleanField(_("subscriber"), default=False)
    bought_share = models.BooleanField(_("share buyer"), default=False)
    recommended = models.BooleanField(_("recommendation"), default=False)
    note = models.CharField(_("note"), max_length=500, blank=True)
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["presentation", "id"]
        verbose_name = _("presentation result")
        verbose_name_plural = _("presentation results")
        constraints = [
            models.CheckConstraint(
                condition=Q(subscribed=True) | Q(bought_share=True) | Q(recommended=True),
                name="result_has_an_outcome",
            ),
        ]

    def __str__(self):
        return self.person_name


class Subscriber(models.Model):
    """One person in the association's subscriber database, deduplicated by phone and by email."""

    name = models.CharField(_("name"), max_length=200)
    phone = models.CharField(_("phone (E.164)"), max_length=20, null=True, blank=True, unique=True)
    email = models.EmailField(_("email"), null=True, blank=True, unique=True)
    region = models.ForeignKey(
        "users.Region",
        verbose_name=_("region"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The region of the cohort whose presentation they first subscribed at."),
    )
    consent_text = models.TextField(_("consent given (latest)"))
    consented_at = models.DateTimeField(_("consent given at"))
    created_at = models.DateTimeField(_("first subscribed at"), auto_now_add=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed at"), null=True, blank=True)
    unsubscribe_token = models.CharField(_("unsubscribe token"), max_length=24, unique=True, default=new_token)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("subscriber")
        verbose_name_plural = _("subscribers")
        constraints = [
            models.CheckConstraint(
                condition=Q(phone__isnull=False) | Q(email__isnull=False), name="subscriber_contact"
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.phone or self.email})"


class PresentationSubscription(models.Model):
    """A subscriber signed up through a presentation's public page; one person once per presentation."""

    presentation = models.ForeignKey(
        Presentation, verbose_name=_("presentation"), on_delete=models.PROTECT, related_name="subscriptions"
    )
    subscriber = models.ForeignKey(
        Subscriber, verbose_name=_("subscriber"), on_delete=models.CASCADE, related_name="subscriptions"
    )
    consent_text = models.TextField(_("consent text shown and accepted"))
    created_at = models.DateTimeField(_("subscribed at"))
    # Set when the person confirmed their contact (email link or SMS code); only confirmed rows count.
    confirmed_at = models.DateTimeField(_("contact confirmed at"), null=True, blank=True)

    class Meta:
        ordering = ["presentation", "created_at"]
        verbose_name = _("subscription at a presentation")
        verbose_name_plural = _("subscriptions at presentations")
        constraints = [
            models.UniqueConstraint(fields=["presentation", "subscriber"], name="subscribe_once_per_presentation"),
        ]

    def __str__(self):
        return f"{self.subscriber} — {self.presentation}"


def new_sign_up_token() -> str:
    return secrets.token_urlsafe(24)


class SignUp(models.Model):
    """A sign-up on the public page waiting for the person to confirm their contact, by a one-time code
    sent by SMS or a link sent by email. It touches no stored person until it is confirmed, and is
    deleted once it expires."""

    class Channel(models.TextChoices):
        SMS = "sms", _("SMS code")
        EMAIL = "email", _("Email link")

    presentation = models.ForeignKey(
        Presentation, verbose_name=_("presentation"), on_delete=models.CASCADE, related_name="sign_ups"
    )
    name = models.CharField(_("name"), max_length=200)
    phone = models.CharField(_("phone (E.164)"), max_length=20, null=True, blank=True)
    email = models.EmailField(_("email"), null=True, blank=True)
    channel = models.CharField(_("confirmed by"), max_length=5, choices=Channel.choices)
    token = models.CharField(_("token"), max_length=40, unique=True, default=new_sign_up_token)
    code_hash = models.CharField(_("code (keyed hash)"), max_length=64, blank=True)
    attempts = models.PositiveSmallIntegerField(_("wrong codes entered"), default=0)
    language = models.CharField(_("language"), max_length=10)
    consent_text = models.TextField(_("consent text shown and accepted"))
    created_at = models.DateTimeField(_("signed up at"))
    expires_at = models.DateTimeField(_("expires at"))
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("sign-up waiting for confirmation")
        verbose_name_plural = _("sign-ups waiting for confirmation")
        indexes = [models.Index(fields=["expires_at"], name="sign_up_expiry_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(phone__isnull=False) | Q(email__isnull=False), name="sign_up_contact"),
        ]

    def __str__(self):
        return f"{self.name} — {self.get_channel_display()}"

    @property
    def contact(self) -> str:
        return self.phone if self.channel == self.Channel.SMS else self.email


class Invitee(models.Model):
    """A person the student invites to their presentation at `for_level`; lists made at familiar carry into
    teamwork because they are made for the next level."""

    class Channel(models.TextChoices):
        SOCIAL = "social", _("Social network")
        CALL = "call", _("Call")
        PERSONAL = "personal", _("Personal contact")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        INVITED = "invited", _("Invited")
        CONFIRMED = "confirmed", _("Confirmed")
        ATTENDED = "attended", _("Attended")

    enrolment = models.ForeignKey(
        Enrolment, verbose_name=_("enrolment"), on_delete=models.CASCADE, related_name="invitees"
    )
    for_level = models.ForeignKey(
        Level, verbose_name=_("for the presentation at"), on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("name"), max_length=200)
    contact = models.CharField(_("phone or email"), max_length=254)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    created_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        ordering = ["enrolment", "for_level__order", "name", "id"]
        verbose_name = _("invitee")
        verbose_name_plural = _("invitees")
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "for_level", "contact"], name="invite_contact_once"),
        ]

    def __str__(self):
        return f"{self.name} ({self.get_status_display()})"
