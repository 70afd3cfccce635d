"""The public subscribe page's writes: contacts normalised, one person once per presentation (the unique
constraint decides), rate limits that let a whole room through, the association-wide subscriber
database deduplicated by phone and email."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_ratelimit.core import is_ratelimited

from coopportal import identity

from ..exceptions import AlreadySubscribed, RateLimited, SubscribeRefused
from ..models import Presentation, PresentationSubscription, Subscriber

CONSENT_TEXT = gettext_lazy(
    "I agree that the national association of cooperatives stores my name and contact and sends me "
    "information on cooperative projects. I can unsubscribe at any time through the link I receive."
)


@dataclass(frozen=True)
class RateLimits:
    """Attempts allowed per window. A room of 300 on one Wi-Fi address must pass, so the address cap
    only stops absurd floods; the presentation cap bounds one page; the contact cap stops retries."""

    window_seconds: int = 60
    per_ip: int = 1000
    per_presentation: int = 2000
    per_contact: int = 5


def rate_limits() -> RateLimits:
    return RateLimits(**getattr(settings, "COURSES_SUBSCRIBE_RATE_LIMITS", {}))


def _over_limit(group: str, value: str, limit: int, window: int) -> bool:
    """Count one attempt in django-ratelimit's fixed window for this value; True once past the limit.
    The key is given (an address, a presentation, a contact), so no request is needed."""
    rate = f"{limit}/{window}s"
    return is_ratelimited(None, group=group, key=lambda _group, _request: value, rate=rate, increment=True)


def check_rate_limits(*, presentation_id: int, ip: str, contact_keys: list[str]) -> None:
    """Counters in order; the first over its limit refuses, so a refused attempt does not use up the next."""
    limits = rate_limits()
    window = limits.window_seconds
    if _over_limit("subscribe:ip", ip, limits.per_ip, window):
        raise RateLimited(_("Too many sign-ups from your network right now. Please try again in a minute."))
    if _over_limit("subscribe:presentation", str(presentation_id), limits.per_presentation, window):
        raise RateLimited(_("This page is receiving too many sign-ups right now. Please try again in a minute."))
    for key in contact_keys:
        if _over_limit("subscribe:contact", key, limits.per_contact, window):
            raise RateLimited(_("Too many attempts with this contact. Please try again in a minute."))


def normalise_phone(raw: str, *, default_country: str = "KZ") -> str:
    """The phone number in E.164 (+77011234567), or ValidationError."""
    try:
        phone = identity.phone_number(raw, default_country=default_country)
    except identity.IdentityError:
        raise ValidationError(_("Enter a valid phone number, for example +7 701 123 45 67.")) from None
    if not phone:
        raise ValidationError(_("Enter a valid phone number, for example +7 701 123 45 67."))
    return phone


def normalise_email(raw: str) -> str:
    email = (raw or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise ValidationError(_("Enter a valid email address.")) from None
    return email


def normalise_contact(raw: str, *, default_country: str = "KZ") -> str:
    """A phone (E.164) or an email (lower-cased), whichever the text is."""
    raw = (raw or "").strip()
    if "@" in raw:
        return normalise_email(raw)
    return normalise_phone(raw, default_country=default_country)


def subscribe_page_state(presentation: Presentation, now: datetime.datetime | None = None) -> str:
    """`open`, `not_yet` or `closed`."""
    now = now or timezone.now()
    if presentation.subscribe_token is None or presentation.subscribe_opens_at is None:
        return "closed"
    if now < presentation.subscribe_opens_at:
        return "not_yet"
    if now > presentation.subscribe_closes_at:
        return "closed"
    return "open"


def _refuse_unless_open(presentation: Presentation, now: datetime.datetime) -> None:
    state = subscribe_page_state(presentation, now)
    if state == "not_yet":
        raise SubscribeRefused(_("Sign-up opens shortly before the presentation."))
    if state == "closed":
        raise SubscribeRefused(_("Sign-up for this presentation is closed."))


def _find_or_create_subscriber(*, name: str, phone: str | None, email: str | None, region_id, consent: str, now):
    """The existing person by phone or email, or a new one; a concurrent insert of the same person loses the
    unique index race and reads the winner's row."""
    match = Q(phone=phone) if phone else Q()
    if email:
        match = match | Q(email=email) if phone else Q(email=email)
    for _attempt in range(2):
        found = sorted(Subscriber.objects.filter(match), key=lambda s: s.phone != phone)  # the phone match first
        if found:
            subscriber = found[0]
            changed = {"consent_text": consent, "consented_at": now, "unsubscribed_at": None}
            if phone and not subscriber.phone and not Subscriber.objects.filter(phone=phone).exists():
                changed["phone"] = phone
            if email and not subscriber.email and not Subscriber.objects.filter(email=email).exists():
                changed["email"] = email
            if "phone" not in changed and "email" not in changed:
                Subscriber.objects.filter(pk=subscriber.pk).update(**changed)
                return subscriber
            try:
                with transaction.atomic():
                    Subscriber.objects.filter(pk=subscriber.pk).update(**changed)
            except IntegrityError:  # the new contact was stored for someone else a moment ago: keep ours
                changed.pop("phone", None)
                changed.pop("email", None)
                Subscriber.objects.filter(pk=subscriber.pk).update(**changed)
            return subscriber
        try:
            with transaction.atomic():
                return Subscriber.objects.create(
                    name=name, phone=phone, email=email, region_id=region_id, consent_text=consent, consented_at=now
                )
        except IntegrityError:
            continue  # someone with this phone or email was stored a moment ago: read them
    raise SubscribeRefused(_("Your sign-up could not be saved just now. Please try again."))


def _cohort_region_id(presentation: Presentation) -> int:
    """Subscribers belong to the region of the cohort they first subscribed at; the public page's
    presentation carries it (selectors.public_presentation), any other is followed to its cohort."""
    if hasattr(presentation, "region_id"):
        return presentation.region_id
    return presentation.enrolment.cohort.region_id


def subscribe(
    *,
    presentation: Presentation,
    name: str,
    phone: str = "",
    email: str = "",
    consent: bool,
    ip: str = "",
    default_country: str = "KZ",
    now: datetime.datetime | None = None,
) -> PresentationSubscription:
    """An attendee subscribes through the public page. One person counts once per presentation."""
    now = now or timezone.now()
    name = (name or "").strip()
    _refuse_unless_open(presentation, now)
    if not name or len(name) > 200:
        raise SubscribeRefused(_("Enter your name (at most 200 characters)."))
    if not consent:
        raise SubscribeRefused(_("Tick the consent box to subscribe."))
    try:
        phone = normalise_phone(phone, default_country=default_country) if (phone or "").strip() else None
        email = normalise_email(email) if (email or "").strip() else None
    except ValidationError as exc:
        raise SubscribeRefused(exc.messages[0]) from None
    if not phone and not email:
        raise SubscribeRefused(_("Enter your phone number or your email address."))
    check_rate_limits(
        presentation_id=presentation.pk, ip=ip or "unknown", contact_keys=[c for c in (phone, email) if c]
    )
    consent_text = str(CONSENT_TEXT)
    region_id = _cohort_region_id(presentation)
    try:
        with transaction.atomic():
            subscriber = _find_or_create_subscriber(
                name=name, phone=phone, email=email, region_id=region_id, consent=consent_text, now=now
            )
            return PresentationSubscription.objects.create(
                presentation=presentation, subscriber=subscriber, consent_text=consent_text, created_at=now
            )
    except IntegrityError:  # one person once per presentation; all rolls back, the consent stays as it was
        raise AlreadySubscribed(_("You are already subscribed at this presentation. Thank you!")) from None


@transaction.atomic
def unsubscribe(*, token: str) -> Subscriber | None:
    """The subscriber leaves the database's mailing; their past sign-ups stay counted. None: unknown link."""
    subscriber = Subscriber.objects.select_for_update().filter(unsubscribe_token=token).first()
    if subscriber is None:
        return None
    if subscriber.unsubscribed_at is None:
        subscriber.unsubscribed_at = timezone.now()
        subscriber.save(update_fields=["unsubscribed_at"])
    return subscriber
