"""The public subscribe page's writes: contacts normalised, one person once per presentation (the unique
constraint decides), rate limits that let a whole room through, the association-wide subscriber
database deduplicated by phone and email.

A sign-up is only a `SignUp` until the person confirms their contact: a six-digit code by SMS (through
coopportal.sms) or a signed link by email. Until then it touches no stored person and counts nowhere;
once confirmed it becomes a `PresentationSubscription` and the presenter's gate is re-evaluated.
"""

import datetime
import logging
import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_ratelimit.core import is_ratelimited

from coopportal import identity, sms
from coopportal.mail.services import queue_email

from ..exceptions import RateLimited, SignUpNotConfirmed, SubscribeRefused
from ..models import Enrolment, Presentation, PresentationSubscription, SignUp, Subscriber
from .progress import refresh_progress

logger = logging.getLogger(__name__)
LINK_SALT = "courses.sign-up-link"
CODE_SALT = "courses.sign-up-code"

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


@dataclass(frozen=True)
class Confirmation:
    """How long a code or a link stays valid, and how many wrong codes end a sign-up."""

    code_minutes: int = 15
    link_hours: int = 24
    max_attempts: int = 5


def confirmation_rules() -> Confirmation:
    return Confirmation(**getattr(settings, "COURSES_SIGN_UP_CONFIRMATION", {}))


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


def _cohort_region_id(presentation: Presentation) -> int:
    """Subscribers belong to the region of the cohort they first subscribed at; the public page's
    presentation carries it (selectors.public_presentation), any other is followed to its cohort."""
    if hasattr(presentation, "region_id"):
        return presentation.region_id
    return presentation.enrolment.cohort.region_id


def _code_hash(sign_up: SignUp, code: str) -> str:
    """A keyed hash (the site's secret): a stolen table gives no codes, even for a six-digit space."""
    return salted_hmac(CODE_SALT, f"{sign_up.token}:{code}", algorithm="sha256").hexdigest()


def link_signature(sign_up: SignUp) -> str:
    return signing.dumps(sign_up.token, salt=LINK_SALT, compress=True)


def confirmation_link(sign_up: SignUp) -> str:
    """The signed link the email carries; it confirms once, until the sign-up expires."""
    return settings.SITE_URL + reverse("courses:confirm_sign_up_link", args=[link_signature(sign_up)])


def unsubscribe_link(subscriber: Subscriber) -> str:
    return settings.SITE_URL + reverse("courses:unsubscribe", args=[subscriber.unsubscribe_token])


def _send_code(sign_up: SignUp, code: str, minutes: int) -> None:
    body = _("Your code to confirm the subscription: %(code)s. It is valid for %(minutes)s minutes.") % {
        "code": code,
        "minutes": minutes,
    }
    try:
        sms.send_sms(to=sign_up.phone, body=body)
    except sms.SmsError:
        logger.exception("SMS code to sign-up %s not sent", sign_up.pk)
        raise SubscribeRefused(_("We could not send the code by SMS just now. Please try again in a minute.")) from None


def _send_link(sign_up: SignUp, hours: int) -> None:
    body = _(
        "Hello %(name)s,\n\nto confirm your subscription to the national association's information on cooperative "
        "projects, open this link within %(hours)s hours:\n%(link)s\n\nIf you did not sign up, ignore this email."
    ) % {"name": sign_up.name, "hours": hours, "link": confirmation_link(sign_up)}
    queue_email(recipients=[sign_up.email], subject=_("Confirm your subscription"), body=body)


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
) -> SignUp:
    """An attendee signs up through the public page: a code goes by SMS to the phone (or, with only an
    email, a link by email) in the visitor's language. Nothing about a stored person is read or changed."""
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
    rules = confirmation_rules()
    channel = SignUp.Channel.SMS if phone else SignUp.Channel.EMAIL
    lifetime = datetime.timedelta(minutes=rules.code_minutes) if phone else datetime.timedelta(hours=rules.link_hours)
    with transaction.atomic():
        sign_up = SignUp(
            presentation_id=presentation.pk,
            name=name,
            phone=phone,
            email=email,
            channel=channel,
            language=translation.get_language() or settings.LANGUAGE_CODE,
            consent_text=str(CONSENT_TEXT),
            created_at=now,
            expires_at=now + lifetime,
        )
        if channel == SignUp.Channel.SMS:
            code = f"{secrets.randbelow(10**6):06d}"
            sign_up.code_hash = _code_hash(sign_up, code)
            sign_up.save()
            _send_code(sign_up, code, rules.code_minutes)  # a refused SMS rolls the sign-up back
        else:
            sign_up.save()
            _send_link(sign_up, rules.link_hours)
    return sign_up


def _live_sign_up(queryset, now: datetime.datetime) -> SignUp:
    sign_up = queryset.select_for_update().select_related("presentation__enrolment").first()
    if sign_up is None or sign_up.expires_at < now:
        raise SignUpNotConfirmed(_("This confirmation has expired. Please sign up again on the presentation's page."))
    return sign_up


def confirm_by_code(*, token: str, code: str, now: datetime.datetime | None = None) -> PresentationSubscription:
    """The visitor types the code they received; a wrong code uses up one of the attempts."""
    now = now or timezone.now()
    code = identity.ascii_digits(code or "").strip()
    with transaction.atomic():
        sign_up = _live_sign_up(SignUp.objects.filter(token=token or "", channel=SignUp.Channel.SMS), now)
        if sign_up.confirmed_at is not None:
            return _subscription_of(sign_up)
        if sign_up.attempts >= confirmation_rules().max_attempts:
            raise SignUpNotConfirmed(_("Too many wrong codes. Please sign up again on the presentation's page."))
        right = (
            len(code) == 6
            and identity.is_ascii_digits(code)
            and constant_time_compare(sign_up.code_hash, _code_hash(sign_up, code))
        )
        if right:
            return _complete(sign_up, now)
        SignUp.objects.filter(pk=sign_up.pk).update(attempts=sign_up.attempts + 1)
    left = confirmation_rules().max_attempts - sign_up.attempts - 1
    if left <= 0:
        raise SignUpNotConfirmed(_("Too many wrong codes. Please sign up again on the presentation's page."))
    raise SignUpNotConfirmed(_("This code is not right. Attempts left: %(left)s.") % {"left": left})


@transaction.atomic
def confirm_by_link(*, signed: str, now: datetime.datetime | None = None) -> PresentationSubscription:
    """The person opened the emailed link and pressed the button (a link scanner's GET confirms nothing)."""
    now = now or timezone.now()
    try:
        token = _signed_token(signed)
    except signing.BadSignature:
        raise SignUpNotConfirmed(
            _("This confirmation link is not valid or has expired. Please sign up again on the presentation's page.")
        ) from None
    sign_up = _live_sign_up(SignUp.objects.filter(token=token, channel=SignUp.Channel.EMAIL), now)
    if sign_up.confirmed_at is not None:
        return _subscription_of(sign_up)
    return _complete(sign_up, now)


def _signed_token(signed: str) -> str:
    max_age = datetime.timedelta(hours=confirmation_rules().link_hours)
    return signing.loads(signed or "", salt=LINK_SALT, max_age=max_age)


def sign_up_by_link(*, signed: str) -> SignUp | None:
    """The sign-up a link names while it is valid, for the page with the confirm button (1 query)."""
    try:
        token = _signed_token(signed)
    except signing.BadSignature:
        return None
    return SignUp.objects.filter(token=token, channel=SignUp.Channel.EMAIL, expires_at__gte=timezone.now()).first()


def _subscription_of(sign_up: SignUp) -> PresentationSubscription:
    contact = (
        {"subscriber__phone": sign_up.phone}
        if sign_up.channel == SignUp.Channel.SMS
        else {"subscriber__email": sign_up.email}
    )
    return PresentationSubscription.objects.select_related("subscriber").get(
        presentation_id=sign_up.presentation_id, **contact
    )


def _confirmed_person(sign_up: SignUp, now: datetime.datetime) -> Subscriber:
    """The stored person with the confirmed contact (their name and other contact stay as they are; the
    new consent is theirs, they proved the contact), or a new one. The other contact typed was not
    confirmed: it is kept only for a new person and only when nobody has it."""
    confirmed = {"phone": sign_up.phone} if sign_up.channel == SignUp.Channel.SMS else {"email": sign_up.email}
    consent = {"consent_text": sign_up.consent_text, "consented_at": now, "unsubscribed_at": None}
    for _attempt in range(2):
        subscriber = Subscriber.objects.select_for_update().filter(**confirmed).first()
        if subscriber is not None:
            Subscriber.objects.filter(pk=subscriber.pk).update(**consent)
            return subscriber
        person = dict(confirmed)
        email_free = sign_up.email and not Subscriber.objects.filter(email=sign_up.email).exists()
        if sign_up.channel == SignUp.Channel.SMS and email_free:
            person["email"] = sign_up.email
        try:
            with transaction.atomic():
                return Subscriber.objects.create(
                    name=sign_up.name, region_id=sign_up.presentation.enrolment.cohort.region_id, **person, **consent
                )
        except IntegrityError:
            continue  # the same contact was stored a moment ago: read that person
    raise SubscribeRefused(_("Your sign-up could not be saved just now. Please try again."))


def _complete(sign_up: SignUp, now: datetime.datetime) -> PresentationSubscription:
    subscriber = _confirmed_person(sign_up, now)
    subscription, created = PresentationSubscription.objects.get_or_create(
        presentation_id=sign_up.presentation_id,
        subscriber=subscriber,
        defaults={"consent_text": sign_up.consent_text, "created_at": now, "confirmed_at": now},
    )
    if not created and subscription.confirmed_at is None:
        subscription.confirmed_at = now
        subscription.save(update_fields=["confirmed_at"])
    SignUp.objects.filter(pk=sign_up.pk).update(confirmed_at=now)
    _send_unsubscribe_link(sign_up, subscriber)
    refresh_progress(
        enrolment=sign_up.presentation.enrolment, actor=None, reason=_("A subscriber confirmed their contact.")
    )
    return subscription


def _send_unsubscribe_link(sign_up: SignUp, subscriber: Subscriber) -> None:
    """The personal unsubscribe link goes to the contact just confirmed, never onto a page."""
    with translation.override(sign_up.language):
        if sign_up.channel == SignUp.Channel.SMS:
            body = _("You are subscribed to the national association's information. To unsubscribe: %(link)s") % {
                "link": unsubscribe_link(subscriber)
            }
            try:
                sms.send_sms(to=sign_up.phone, body=body)
            except sms.SmsError:  # the subscription stands; the link is also in every later message
                logger.exception("SMS with the unsubscribe link for sign-up %s not sent", sign_up.pk)
            return
        body = _(
            "Thank you, you are subscribed to the national association's information on cooperative projects."
            "\n\nYou can unsubscribe at any time through this link:\n%(link)s"
        ) % {"link": unsubscribe_link(subscriber)}
        queue_email(recipients=[sign_up.email], subject=_("You are subscribed"), body=body)


@transaction.atomic
def unsubscribe(*, token: str) -> Subscriber | None:
    """The subscriber leaves the database's mailing and stops counting at every presentation where they
    subscribed; each of those presenters' gates is re-evaluated. None: unknown link."""
    subscriber = Subscriber.objects.select_for_update().filter(unsubscribe_token=token).first()
    if subscriber is None:
        return None
    if subscriber.unsubscribed_at is None:
        subscriber.unsubscribed_at = timezone.now()
        subscriber.save(update_fields=["unsubscribed_at"])
        enrolments = Enrolment.objects.filter(presentations__subscriptions__subscriber=subscriber).distinct()
        for enrolment in enrolments.order_by("cohort_id", "pk"):
            refresh_progress(enrolment=enrolment, actor=None, reason=_("A subscriber unsubscribed."))
    return subscriber


def expire_sign_ups(*, now: datetime.datetime | None = None) -> int:
    """Delete sign-ups past their time, confirmed or not: the confirmed are subscriptions by now, the
    others never counted. Beat runs this every 15 minutes."""
    deleted, _rows = SignUp.objects.filter(expires_at__lt=now or timezone.now()).delete()
    return deleted
