"""The public subscribe page: normalised contacts, consent, one person once per presentation, rate limits that
let a whole room through, the association-wide database, unsubscribing, and its query counts."""

import datetime
import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from courses import services
from courses.exceptions import RateLimited, SubscribeRefused
from courses.models import PresentationSubscription, SignUp, Subscriber
from courses.services.subscribers import CONSENT_TEXT, link_signature, normalise_phone
from tests.conftest import requires_postgres, sms_code_sent_to
from tests.courses.factories import (
    CohortFactory,
    add_subscribers,
    association_admin,
    held_presentation,
    student_at,
    teacher,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def presentation():
    return held_presentation(student_at(CohortFactory(teachers=[teacher()]), "publication"))


def sign_up(presentation, **overrides):
    """A visitor signs up and confirms: the code from the SMS, or the emailed link."""
    data = {"name": "Aigerim Guest", "phone": "8 701 123 45 67", "email": "", "consent": True, "ip": "10.0.0.1"}
    data.update(overrides)
    pending = services.subscribe(presentation=presentation, **data)
    if pending.channel == SignUp.Channel.SMS:
        return services.confirm_by_code(token=pending.token, code=sms_code_sent_to(pending.phone))
    return services.confirm_by_link(signed=link_signature(pending))


def test_phone_is_stored_in_e164_and_email_lower_cased(presentation):
    by_phone = sign_up(presentation).subscriber
    assert by_phone.phone == "+77011234567"
    by_email = sign_up(presentation, phone="", email="  Guest@Example.ORG ").subscriber
    assert by_email.email == "guest@example.org"
    assert normalise_phone("0912 345 6789", default_country="IR") == "+989123456789"


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"phone": "12"}, "valid phone"),
        ({"phone": "", "email": "not-an-email"}, "valid email"),
        ({"phone": "", "email": ""}, "phone number or your email"),
        ({"consent": False}, "consent"),
        ({"name": "  "}, "name"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message_and_nothing_stored(presentation, overrides, message):
    with pytest.raises(SubscribeRefused, match=message):
        sign_up(presentation, **overrides)
    assert not Subscriber.objects.exists()
    assert not PresentationSubscription.objects.exists()


def test_consent_text_is_stored_with_the_subscription(presentation):
    subscription = sign_up(presentation)
    assert subscription.consent_text == str(CONSENT_TEXT)
    assert subscription.subscriber.consent_text == str(CONSENT_TEXT)
    assert subscription.subscriber.consented_at is not None


def test_a_person_counts_once_per_presentation_by_phone_or_email(presentation):
    first = sign_up(presentation, phone="", email="a@example.org")
    assert sign_up(presentation, phone="", email="A@example.org", name="Same person") == first
    by_phone = sign_up(presentation)
    assert sign_up(presentation, phone="+7 701 123 4567", name="Same person") == by_phone
    assert PresentationSubscription.objects.count() == 2


def test_the_subscriber_database_is_deduplicated_across_presentations(presentation):
    other = held_presentation(student_at(CohortFactory(teachers=[teacher()]), "publication"))
    sign_up(presentation)
    sign_up(other, email="later@example.org")
    subscriber = Subscriber.objects.get()
    assert subscriber.email is None  # the email typed later was not confirmed: the stored person keeps theirs
    assert set(subscriber.subscriptions.values_list("presentation_id", flat=True)) == {presentation.pk, other.pk}


def test_the_page_is_closed_before_it_opens_and_after_its_time(presentation):
    too_late = presentation.subscribe_closes_at + datetime.timedelta(seconds=1)
    with pytest.raises(SubscribeRefused, match="closed"):
        services.subscribe(presentation=presentation, name="Late", email="l@example.org", consent=True, now=too_late)
    too_early = presentation.subscribe_opens_at - datetime.timedelta(seconds=1)
    with pytest.raises(SubscribeRefused, match="opens"):
        services.subscribe(presentation=presentation, name="Early", email="e@example.org", consent=True, now=too_early)
    assert not Subscriber.objects.exists()


def test_closed_page_says_so_and_stores_nothing(client, presentation):
    presentation.subscribe_closes_at = timezone.now() - datetime.timedelta(minutes=1)
    presentation.save(update_fields=["subscribe_closes_at"])
    url = reverse("courses:subscribe", args=[presentation.subscribe_token])
    assert "closed" in client.get(url).content.decode()
    response = client.post(url, {"name": "X", "email": "x@example.org", "consent": "on"})
    assert response.status_code == 400
    assert not Subscriber.objects.exists()


def test_the_public_page_works_without_an_account_and_shows_errors_not_500(client, presentation):
    url = reverse("courses:subscribe", args=[presentation.subscribe_token])
    assert client.get(url).status_code == 200
    response = client.post(url, {"name": "X", "phone": "abc", "consent": "on"})
    assert response.status_code == 400
    assert "valid phone" in response.content.decode()
    response = client.post(url, {"name": "X", "email": "x@example.org"})
    assert response.status_code == 400
    assert "consent" in response.content.decode()
    assert client.get(reverse("courses:subscribe", args=["not-a-token"])).status_code == 404


def test_the_qr_code_comes_as_png_and_svg_for_the_subscribe_link(client, presentation):
    png = client.get(reverse("courses:subscribe_qr", args=[presentation.subscribe_token, "png"]))
    assert png.status_code == 200 and png["Content-Type"] == "image/png"
    assert png.content.startswith(b"\x89PNG")
    svg = client.get(reverse("courses:subscribe_qr", args=[presentation.subscribe_token, "svg"]))
    assert svg["Content-Type"] == "image/svg+xml" and b"<svg" in svg.content
    assert client.get(reverse("courses:subscribe_qr", args=[presentation.subscribe_token, "gif"])).status_code == 404


def test_every_subscriber_can_unsubscribe_through_their_link(client, presentation):
    subscriber = sign_up(presentation).subscriber
    url = reverse("courses:unsubscribe", args=[subscriber.unsubscribe_token])
    assert "do you want to stop" in client.get(url).content.decode()
    assert client.post(url).status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.unsubscribed_at is not None
    assert client.post(reverse("courses:unsubscribe", args=["unknown"])).status_code == 404


def test_a_room_of_300_on_one_address_gets_through_the_rate_limits(presentation):
    for n in range(300):
        services.subscribe(
            presentation=presentation, name=f"Guest {n}", email=f"room{n}@example.org", consent=True, ip="203.0.113.7"
        )
    assert SignUp.objects.filter(presentation=presentation).count() == 300


def test_repeated_attempts_with_one_contact_are_limited(presentation):
    for _ in range(5):
        sign_up(presentation)
    with pytest.raises(RateLimited):
        sign_up(presentation)


def test_an_absurd_flood_from_one_address_is_capped(settings, presentation):
    settings.COURSES_SUBSCRIBE_RATE_LIMITS = {"per_ip": 5}
    for n in range(5):
        sign_up(presentation, phone="", email=f"f{n}@example.org")
    with pytest.raises(RateLimited):
        sign_up(presentation, phone="", email="f5@example.org")
    assert Subscriber.objects.count() == 5


def test_an_attempt_refused_by_the_address_cap_does_not_use_up_the_page_cap(settings, presentation):
    settings.COURSES_SUBSCRIBE_RATE_LIMITS = {"per_ip": 1, "per_presentation": 2}
    sign_up(presentation, phone="", email="first@example.org", ip="10.0.0.1")
    with pytest.raises(RateLimited, match="your network"):
        sign_up(presentation, phone="", email="second@example.org", ip="10.0.0.1")
    sign_up(presentation, phone="", email="second@example.org", ip="10.0.0.2")
    assert PresentationSubscription.objects.count() == 2


def test_a_flood_answers_429_on_the_page(client, settings, presentation):
    settings.COURSES_SUBSCRIBE_RATE_LIMITS = {"per_presentation": 1}
    url = reverse("courses:subscribe", args=[presentation.subscribe_token])
    assert client.post(url, {"name": "A", "email": "a@example.org", "consent": "on"}).status_code == 201
    assert client.post(url, {"name": "B", "email": "b@example.org", "consent": "on"}).status_code == 429


@requires_postgres
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_sign_ups_of_one_person_store_one_row():
    presentation = held_presentation(student_at(CohortFactory(teachers=[teacher()]), "publication"))
    barrier = threading.Barrier(2)
    outcomes = []

    def attempt():
        try:
            barrier.wait()
            sign_up(presentation, phone="", email="same@example.org")
            outcomes.append("stored")
        except SubscribeRefused:
            outcomes.append("already")
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes == ["stored", "stored"]  # the second confirmation reads the first one's rows
    assert Subscriber.objects.count() == 1
    assert PresentationSubscription.objects.count() == 1


def test_subscribe_post_runs_the_same_queries_with_1_and_300_subscribers(presentation, django_assert_num_queries):
    url = reverse("courses:subscribe", args=[presentation.subscribe_token])
    add_subscribers(presentation, 1)
    # Queries: the presentation by its token; in a transaction (a savepoint inside the test's own) the
    # sign-up and the email with its link; release. The rate limits count in the cache. No session, no
    # user: the page is public, and no stored person is read.
    with django_assert_num_queries(5):
        assert Client().post(url, {"name": "New", "email": "new1@example.org", "consent": "on"}).status_code == 201
    add_subscribers(presentation, 299, start=1)
    with django_assert_num_queries(5):
        assert Client().post(url, {"name": "New", "email": "new2@example.org", "consent": "on"}).status_code == 201


def test_a_known_person_signs_up_at_another_presentation_in_the_same_queries(presentation, django_assert_num_queries):
    other = held_presentation(student_at(CohortFactory(teachers=[teacher()]), "publication"))
    sign_up(other, phone="", email="known1@example.org")
    sign_up(other, phone="", email="known2@example.org")
    url = reverse("courses:subscribe", args=[presentation.subscribe_token])
    add_subscribers(presentation, 1)
    # Queries: the presentation; in a transaction (a savepoint inside the test's own) the sign-up and the
    # email with its link; release. The known person is neither read nor changed.
    with django_assert_num_queries(5):
        assert Client().post(url, {"name": "Known", "email": "known1@example.org", "consent": "on"}).status_code == 201
    add_subscribers(presentation, 299, start=1)
    with django_assert_num_queries(5):
        assert Client().post(url, {"name": "Known", "email": "known2@example.org", "consent": "on"}).status_code == 201
    assert Subscriber.objects.get(email="known2@example.org").subscriptions.count() == 1  # until confirmed


def test_only_association_admins_see_the_subscriber_database(client, presentation):
    sign_up(presentation)
    url = reverse("admin:courses_subscriber_changelist")
    client.force_login(presentation.enrolment.cohort.teachers.first())
    assert client.get(url).status_code == 403
    client.force_login(association_admin())
    page = client.get(url, {"q": "+7701"})
    assert page.status_code == 200 and "Aigerim Guest" in page.content.decode()


def test_admins_filter_by_region_and_presentation_and_export_csv(client, presentation):
    sign_up(presentation)
    other = held_presentation(student_at(CohortFactory(teachers=[teacher()]), "publication"))
    sign_up(other, phone="", email="other@example.org", name="Other Guest")
    client.force_login(association_admin())
    url = reverse("admin:courses_subscriber_changelist")
    filtered = client.get(url, {"presentation": presentation.pk})
    assert [s.name for s in filtered.context["cl"].queryset] == ["Aigerim Guest"]
    region = client.get(url, {"region__id__exact": presentation.enrolment.cohort.region_id})
    assert region.context["cl"].queryset.count() == 2
    export = client.post(
        url, {"action": "export_csv", "_selected_action": list(Subscriber.objects.values_list("pk", flat=True))}
    )
    text = export.content.decode("utf-8-sig")
    assert export["Content-Type"].startswith("text/csv")
    assert "+77011234567" in text and "other@example.org" in text and "I agree" in text
    assert "/learn/unsubscribe/" in text


def test_subscriber_csv_export_defuses_every_cell_a_spreadsheet_would_read_as_a_formula(client, presentation):
    sign_up(presentation, phone="", email="=cmd@example.org", name="@SUM(A1)")
    client.force_login(association_admin())
    export = client.post(
        reverse("admin:courses_subscriber_changelist"),
        {"action": "export_csv", "_selected_action": list(Subscriber.objects.values_list("pk", flat=True))},
    )
    row = export.content.decode("utf-8-sig").splitlines()[1]
    assert row.startswith("'@SUM(A1),,'=cmd@example.org,")


def test_the_address_cap_counts_the_client_behind_a_trusted_proxy_and_ignores_a_forged_header(
    client, settings, presentation
):
    settings.COURSES_SUBSCRIBE_RATE_LIMITS = {"per_ip": 1}
    url = reverse("courses:subscribe", args=[presentation.subscribe_token])

    def post(email, forwarded_for):
        data = {"name": "Guest", "email": email, "consent": "on"}
        return client.post(url, data, REMOTE_ADDR="10.0.0.254", HTTP_X_FORWARDED_FOR=forwarded_for).status_code

    # No trusted proxy: the header is the client's to forge, so the connecting address counts.
    assert post("a@example.org", "198.51.100.1") == 201
    assert post("b@example.org", "198.51.100.2") == 429
    # One trusted proxy (the load balancer) in front: the address it saw is the client's.
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    assert post("c@example.org", "203.0.113.9, 198.51.100.3") == 201
    assert post("d@example.org", "203.0.113.9, 198.51.100.4") == 201
    assert post("e@example.org", "198.51.100.4") == 429
