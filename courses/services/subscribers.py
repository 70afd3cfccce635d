"""The public subscribe page's writes: contacts normalised, one person once per presentation, rate limits
that let a whole room through, the association-wide subscriber database deduplicated by phone and email."""

import datetime
from dataclasses import dataclass

import phonenumbers
from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..exceptions import AlreadySubscribed, RateLimited, SubscribeRefused
from ..models import Presentation, PresentationSubscription, Subscriber
from ..models.presentations import new_token
from ..selectors import public_presentation

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


# Counts one attempt on each key in order, in one round trip; stops at the first key over its limit (so
# a refused attempt does not use up the next caps) and answers that key's position, or 0.
HIT_SCRIPT = """
for i, key in ipairs(KEYS) do
  local count = redis.call('INCR', key)
  if count == 1 then redis.call('EXPIRE', key, ARGV[1]) end
  if count > tonumber(ARGV[i + 1]) then return i end
end
return 0
"""


def _hit(key: str, limit: int, window: int) -> bool:
    """Count one attempt in a fixed window; True while within the limit (any cache backend)."""
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # the key expired between add and incr
        cache.add(key, 1, timeout=window)
        count = 1
    return count <= limit


def _first_over_limit(counters: list[tuple[str, int]], window: int) -> int:
    """Count one attempt per (key, limit) in order within a fixed window; the 1-based position of the first
    counter over its limit, or 0. Atomic and one round trip on Redis."""
    backend = caches["default"]
    if isinstance(backend, RedisCache):
        keys = [backend.make_and_validate_key(key) for key, _limit in counters]
        client = backend._cache.get_client(write=True)
        return int(client.eval(HIT_SCRIPT, len(keys), *keys, window, *(limit for _key, limit in counters)))
    for position, (key, limit) in enumerate(counters, start=1):
        if not _hit(key, limit, window):
            return position
    return 0


def check_rate_limits(*, presentation_id: int, ip: str, contact_keys: list[str]) -> None:
    limits = rate_limits()
    window = limits.window_seconds
    bucket = int(timezone.now().timestamp()) // window
    counters = [
        (f"subscribe:ip:{ip}:{bucket}", limits.per_ip),
        (f"subscribe:p:{presentation_id}:{bucket}", limits.per_presentation),
        *((f"subscribe:c:{key}:{bucket}", limits.per_contact) for key in contact_keys),
    ]
    over = _first_over_limit(counters, window)
    if over == 1:
        raise RateLimited(_("Too many sign-ups from your network right now. Please try again in a minute."))
    if over == 2:
        raise RateLimited(_("This page is receiving too many sign-ups right now. Please try again in a minute."))
    if over:
        raise RateLimited(_("Too many attempts with this contact. Please try again in a minute."))


def normalise_phone(raw: str, *, default_country: str = "KZ") -> str:
    """The phone number in E.164 (+77011234567), or ValidationError."""
    raw = (raw or "").strip()
    try:
        number = phonenumbers.parse(raw, default_country)
    except phonenumbers.NumberParseException:
        raise ValidationError(_("Enter a valid phone number, for example +7 701 123 45 67.")) from None
    if not phonenumbers.is_valid_number(number):
        raise ValidationError(_("Enter a valid phone number, for example +7 701 123 45 67."))
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


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


# A room posts its sign-ups within a minute of the QR code going up, so each process keeps the presentation
# behind a link for a few seconds. No sign-up rests on the copy alone: the statements that store one check
# the link and its window in the database again.
KEPT_PRESENTATION_SECONDS = 30


def presentation_for_sign_up(*, token: str) -> Presentation | None:
    """`selectors.public_presentation`, kept in this process's memory while its sign-up is open
    (0 queries while kept, else 1)."""
    key = f"sign-up-presentation:{token}"
    presentation = caches["pages"].get(key)
    if presentation is not None and subscribe_page_state(presentation) == "open":
        return presentation
    presentation = public_presentation(token=token)
    if presentation is not None and subscribe_page_state(presentation) == "open":
        caches["pages"].set(key, presentation, KEPT_PRESENTATION_SECONDS)
    return presentation


def _refuse_unless_open(presentation: Presentation, now: datetime.datetime) -> None:
    state = subscribe_page_state(presentation, now)
    if state == "not_yet":
        raise SubscribeRefused(_("Sign-up opens shortly before the presentation."))
    if state == "closed":
        raise SubscribeRefused(_("Sign-up for this presentation is closed."))


def _refuse_unless_still_open(presentation: Presentation, now: datetime.datetime) -> None:
    """The link and its window as the database has them now (the caller's copy may be a few seconds old)."""
    current = Presentation.objects.filter(pk=presentation.pk, subscribe_token=presentation.subscribe_token)
    current = current.only("subscribe_token", "subscribe_opens_at", "subscribe_closes_at").first()
    if current is None:
        raise SubscribeRefused(_("Sign-up for this presentation is closed."))
    _refuse_unless_open(current, now)


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
    subscription = _subscribe_new_person(
        presentation=presentation,
        name=name,
        phone=phone,
        email=email,
        region_id=region_id,
        consent=consent_text,
        now=now,
    )
    if subscription is not None:
        return subscription
    with transaction.atomic():
        _refuse_unless_still_open(presentation, now)
        subscriber = _find_or_create_subscriber(
            name=name, phone=phone, email=email, region_id=region_id, consent=consent_text, now=now
        )
        with connection.cursor() as cursor:
            cursor.execute(SUBSCRIPTION_SQL, [presentation.pk, subscriber.pk, consent_text, now])
            row = cursor.fetchone()
        if row is None:  # the whole transaction rolls back: the consent stays as it was
            raise AlreadySubscribed(_("You are already subscribed at this presentation. Thank you!"))
        return _stored_subscription(row[0], presentation, subscriber, consent_text, now)


# One person once per presentation: the unique constraint answers, no savepoint needed.
SUBSCRIPTION_SQL = """
INSERT INTO courses_presentationsubscription (presentation_id, subscriber_id, consent_text, created_at)
VALUES (%s, %s, %s, %s)
ON CONFLICT DO NOTHING
RETURNING id
"""


# Most of a room are new people: store the person and their subscription in one statement (so nothing is
# stored partly), while the link is the presentation's and its window open. No row comes back when the
# phone or email is known already or the window has closed; the caller then takes the general path.
NEW_PERSON_SQL = """
WITH open_presentation AS (
    SELECT id FROM courses_presentation
    WHERE id = %(presentation_id)s AND subscribe_token = %(link)s
        AND %(now)s BETWEEN subscribe_opens_at AND subscribe_closes_at
),
person AS (
    INSERT INTO courses_subscriber
        (name, phone, email, region_id, consent_text, consented_at, created_at, unsubscribe_token)
    SELECT %(name)s, %(phone)s, %(email)s, %(region_id)s, %(consent)s, %(now)s, %(now)s, %(token)s
    FROM open_presentation
    ON CONFLICT DO NOTHING
    RETURNING id
)
INSERT INTO courses_presentationsubscription (presentation_id, subscriber_id, consent_text, created_at)
SELECT %(presentation_id)s, person.id, %(consent)s, %(now)s FROM person
RETURNING id, subscriber_id
"""


def _subscribe_new_person(
    *, presentation: Presentation, name: str, phone, email, region_id, consent: str, now
) -> PresentationSubscription | None:
    if connection.vendor != "postgresql":
        return None  # no data-modifying WITH: every sign-up takes the general path
    token = new_token()
    with connection.cursor() as cursor:
        cursor.execute(
            NEW_PERSON_SQL,
            {
                "name": name,
                "phone": phone,
                "email": email,
                "region_id": region_id,
                "consent": consent,
                "now": now,
                "token": token,
                "presentation_id": presentation.pk,
                "link": presentation.subscribe_token,
            },
        )
        row = cursor.fetchone()
    if row is None:
        return None
    subscription_id, subscriber_id = row
    subscriber = Subscriber(
        id=subscriber_id,
        name=name,
        phone=phone,
        email=email,
        region_id=region_id,
        consent_text=consent,
        consented_at=now,
        created_at=now,
        unsubscribe_token=token,
    )
    subscriber._state.adding = False
    return _stored_subscription(subscription_id, presentation, subscriber, consent, now)


def _stored_subscription(pk, presentation, subscriber, consent: str, now) -> PresentationSubscription:
    """The subscription a plain INSERT stored, as the model instance the callers expect."""
    subscription = PresentationSubscription(
        id=pk, presentation=presentation, subscriber=subscriber, consent_text=consent, created_at=now
    )
    subscription._state.adding = False
    return subscription


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
