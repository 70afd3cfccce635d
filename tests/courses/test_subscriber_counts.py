"""Subscriber counts that hold: a sign-up counts once its contact is confirmed (SMS code through the SMS
backend, or the emailed link), unsubscribed people and students of the presenter's cohort never count, the
public page reveals and changes no stored person, and the gate is re-evaluated whenever a figure changes,
in any order."""

import datetime
import itertools
import json
import re
from unittest import mock

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from coopportal import sms
from courses import selectors, services
from courses.exceptions import SignUpNotConfirmed
from courses.models import LevelProgress, PresentationClassmate, SignUp, Subscriber
from courses.services.subscribers import expire_sign_ups, link_signature
from tests.conftest import sms_code_sent_to
from tests.courses.factories import (
    CohortFactory,
    add_subscribers,
    held_presentation,
    level,
    png_upload,
    student_at,
    teacher,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def cohort():
    return CohortFactory(teachers=[teacher()])


@pytest.fixture
def presentation(cohort):
    return held_presentation(student_at(cohort, "publication"))


def pending(presentation, *, phone="+77015550001", email="", name="Guest"):
    return services.subscribe(
        presentation=presentation, name=name, phone=phone, email=email, consent=True, ip="10.1.1.1"
    )


def counted(presentation) -> int:
    return selectors.live_count(presentation_id=presentation.pk).subscribers


def test_a_sign_up_counts_only_after_the_sms_code_is_confirmed(presentation):
    sign_up = pending(presentation)
    assert counted(presentation) == 0 and not Subscriber.objects.exists()
    code = sms_code_sent_to("+77015550001")
    assert SignUp.objects.get().code_hash not in ("", code) and code not in SignUp.objects.get().code_hash
    services.confirm_by_code(token=sign_up.token, code=code)
    assert counted(presentation) == 1
    assert "/learn/unsubscribe/" in sms.outbox[-1].body  # the unsubscribe link goes to the confirmed phone


def test_a_wrong_code_uses_up_one_of_five_attempts_then_the_sign_up_is_dead(presentation):
    sign_up = pending(presentation)
    right = sms_code_sent_to("+77015550001")
    wrong = f"{(int(right) + 1) % 10**6:06d}"
    for left in (4, 3, 2, 1):
        with pytest.raises(SignUpNotConfirmed, match=f"Attempts left: {left}"):
            services.confirm_by_code(token=sign_up.token, code=wrong)
    with pytest.raises(SignUpNotConfirmed, match="Too many wrong codes"):
        services.confirm_by_code(token=sign_up.token, code=wrong)
    with pytest.raises(SignUpNotConfirmed, match="Too many wrong codes"):
        services.confirm_by_code(token=sign_up.token, code=right)
    assert counted(presentation) == 0


def test_a_code_expires_after_15_minutes_and_expired_sign_ups_are_deleted(presentation):
    sign_up = pending(presentation)
    code = sms_code_sent_to("+77015550001")
    later = timezone.now() + datetime.timedelta(minutes=16)
    with pytest.raises(SignUpNotConfirmed, match="expired"):
        services.confirm_by_code(token=sign_up.token, code=code, now=later)
    assert expire_sign_ups(now=later) == 1
    assert not SignUp.objects.exists() and counted(presentation) == 0


def test_the_email_link_is_signed_single_use_and_confirms_only_by_post(client, presentation):
    mail.outbox.clear()
    sign_up = pending(presentation, phone="", email="Guest@Example.org")
    url = reverse("courses:confirm_sign_up_link", args=[link_signature(sign_up)])
    assert client.get(url).status_code == 200 and counted(presentation) == 0  # a link scanner's GET
    assert client.post(url).status_code == 201 and counted(presentation) == 1
    assert client.post(url).status_code == 201 and counted(presentation) == 1  # used: nothing new
    assert client.post(reverse("courses:confirm_sign_up_link", args=[link_signature(sign_up) + "x"])).status_code == 400


def test_a_sign_up_keeps_the_visitors_language_for_the_messages_after_confirmation(presentation):
    from django.utils import translation

    with translation.override("kk"):
        sign_up = pending(presentation)
    assert sign_up.language == "kk"


def test_unsubscribed_people_are_marked_in_the_presenters_list_and_not_counted(client, presentation):
    add_subscribers(presentation, 2)
    gone = Subscriber.objects.get(email="guest0@example.org")
    services.unsubscribe(token=gone.unsubscribe_token)
    assert counted(presentation) == 1
    client.force_login(presentation.presenter)
    page = client.get(reverse("courses:presentation", args=[presentation.pk])).content.decode()
    assert "unsubscribed — not counted" in page
    assert gone.unsubscribe_token not in page


def test_students_of_the_presenters_cohort_never_count_but_outsiders_do(cohort, presentation):
    classmate = student_at(cohort, "publication").student
    outsider_email = "outsider@example.org"
    for email in (classmate.email.upper(), outsider_email):
        services.confirm_by_link(signed=link_signature(pending(presentation, phone="", email=email)))
    assert counted(presentation) == 1
    [row_classmate] = [s for s in selectors.presentation_subscriptions(presentation=presentation) if s.cohort_student]
    assert row_classmate.subscriber.email == classmate.email.lower()


def test_a_known_phone_on_the_public_page_reveals_and_changes_nothing(presentation):
    other = held_presentation(student_at(CohortFactory(teachers=[teacher()]), "publication"))
    known = services.confirm_by_code(
        token=pending(other, name="Astana Lead").token, code=sms_code_sent_to("+77015550001")
    )
    before = Subscriber.objects.values().get(pk=known.subscriber_id)
    url = reverse("courses:subscribe", args=[presentation.subscribe_token])
    response = Client().post(
        url, {"name": "Somebody", "phone": "+7 701 555 0001", "email": "x@example.org", "consent": "on"}
    )
    page = Client().get(response["Location"]).content.decode()
    assert "Astana Lead" not in page and known.subscriber.unsubscribe_token not in page
    assert Subscriber.objects.values().get(pk=known.subscriber_id) == before  # no email, no new consent
    assert counted(presentation) == 0


def test_the_http_sms_backend_posts_json_to_the_provider_and_a_refusal_stores_nothing(settings, presentation):
    settings.SMS_BACKEND = "coopportal.sms.backends.http.SmsBackend"
    settings.SMS_HTTP_URL = "https://sms.example.org/api/send"
    settings.SMS_HTTP_TOKEN = "secret"
    sent = []

    class Answer:
        def __init__(self, status):
            self.body = json.dumps({"status": status}).encode()

        def read(self):
            return self.body

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

    def provider(request, timeout):
        sent.append(json.loads(request.data))
        return Answer("ok" if len(sent) == 1 else "rejected")

    with mock.patch("urllib.request.urlopen", side_effect=provider):
        pending(presentation)
        assert sent[0]["to"] == "+77015550001" and re.search(r"\d{6}", sent[0]["text"])
        with pytest.raises(services.subscribers.SubscribeRefused, match="could not send the code"):
            pending(presentation, phone="+77015550002")
    assert SignUp.objects.count() == 1


def _publication_setup(cohort):
    enrolment = student_at(cohort, "publication")
    observer = student_at(cohort, "publication")
    presentation = held_presentation(enrolment, classmate_ids=[observer.student_id])
    services.report_attendance(
        presentation=presentation, presenter=enrolment.student, attendance=50, evidence=png_upload()
    )
    add_subscribers(presentation, 7)  # 8 of 50 are needed (15 %)
    return enrolment, observer, presentation


def _status(enrolment):
    return LevelProgress.objects.get(enrolment=enrolment, level=level("publication")).status


EVENTS = ("attendance confirmed", "subscriber confirmed", "observer confirmed")


@pytest.mark.parametrize("order", list(itertools.permutations(EVENTS)), ids=" → ".join)
def test_publication_opens_exactly_when_the_last_figure_arrives_in_any_order(cohort, order):
    enrolment, observer, presentation = _publication_setup(cohort)
    eighth = pending(presentation, phone="+77015550008")
    events = {
        "attendance confirmed": lambda: services.confirm_attendance(
            presentation=presentation, actor=cohort.teachers.first(), attendance=50
        ),
        "subscriber confirmed": lambda: services.confirm_by_code(
            token=eighth.token, code=sms_code_sent_to("+77015550008")
        ),
        "observer confirmed": lambda: services.respond_as_classmate(
            named=PresentationClassmate.objects.get(presentation=presentation), user=observer.student, confirm=True
        ),
    }
    for n, event in enumerate(order, start=1):
        events[event]()
        expected = LevelProgress.Status.PASSED if n == len(order) else LevelProgress.Status.OPEN
        assert _status(enrolment) == expected, f"after {event}"


def test_an_unsubscribe_below_15_percent_before_the_last_figure_keeps_the_level_closed(cohort):
    enrolment, observer, presentation = _publication_setup(cohort)
    add_subscribers(presentation, 1, start=7)  # 8 of 50: enough
    services.respond_as_classmate(
        named=PresentationClassmate.objects.get(presentation=presentation), user=observer.student, confirm=True
    )
    services.unsubscribe(token=Subscriber.objects.get(email="guest3@example.org").unsubscribe_token)  # 7 of 50
    services.confirm_attendance(presentation=presentation, actor=cohort.teachers.first(), attendance=50)
    assert _status(enrolment) == LevelProgress.Status.OPEN
    add_subscribers(presentation, 1, start=8)  # 8 again: the confirmation re-evaluates the gate
    assert _status(enrolment) == LevelProgress.Status.PASSED


def test_a_level_passed_on_confirmed_figures_stays_passed_after_a_later_unsubscribe(cohort):
    enrolment, observer, presentation = _publication_setup(cohort)
    add_subscribers(presentation, 1, start=7)
    services.respond_as_classmate(
        named=PresentationClassmate.objects.get(presentation=presentation), user=observer.student, confirm=True
    )
    services.confirm_attendance(presentation=presentation, actor=cohort.teachers.first(), attendance=50)
    assert _status(enrolment) == LevelProgress.Status.PASSED
    services.unsubscribe(token=Subscriber.objects.get(email="guest3@example.org").unsubscribe_token)
    assert _status(enrolment) == LevelProgress.Status.PASSED
    assert counted(presentation) == 7


def test_the_presenters_list_runs_the_same_queries_with_2_and_40_subscribers(
    client, presentation, django_assert_max_num_queries
):
    client.force_login(presentation.presenter)
    url = reverse("courses:presentation", args=[presentation.pk])
    add_subscribers(presentation, 2)
    with django_assert_max_num_queries(20) as small:
        assert client.get(url).status_code == 200
    add_subscribers(presentation, 38, start=2)
    services.unsubscribe(token=Subscriber.objects.get(email="guest5@example.org").unsubscribe_token)
    with django_assert_max_num_queries(20) as large:
        assert client.get(url).status_code == 200
    assert len(large.captured_queries) == len(small.captured_queries)


def test_the_code_page_runs_the_same_queries_with_1_and_40_sign_ups(presentation, django_assert_num_queries):
    first = pending(presentation)
    url = reverse("courses:confirm_sign_up_code", args=[presentation.subscribe_token, first.token])
    # Queries: the sign-up by its token and its presentation's.
    with django_assert_num_queries(1):
        assert Client().get(url).status_code == 200
    for n in range(39):
        pending(presentation, phone=f"+7701556{n:04d}")
    with django_assert_num_queries(1):
        assert Client().get(url).status_code == 200
