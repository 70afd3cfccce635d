"""Verification without enumeration (issue 15, item 8): the public lookup needs the verification code,
or the certificate number with the holder's surname; a wrong combination reads exactly like an unknown
number; lookups are rate-limited per client (and go ahead when the cache is down); a certificate of
completion names its exam protocol and links to the registry when the holder is listed there."""

import pytest
from django.test import override_settings
from django.urls import reverse

from accreditation import selectors
from accreditation.models import Certificate, Specialty
from accreditation.services import exams as exam_services
from accreditation.services.certificates import issue_completion_certificate, issue_specialty_certificate
from accreditation.services.specialty import apply_for_specialty_exam
from coopportal.users.roles import Role
from tests.accreditation.factories import course as the_course
from tests.celery_worker import free_port
from tests.factories import UserFactory, region

from . import factories as f

pytestmark = pytest.mark.django_db


def _issue(full_name="Сейітов Нұрлан Әлиұлы"):
    holder = UserFactory(roles=[Role.STUDENT], full_name=full_name, region=region("kz-almaty"))
    return issue_completion_certificate(holder=holder, course=the_course(), issued_by=None)


def _lookup(client, q, surname=""):
    return client.get(reverse("verify_lookup"), {"q": q, "surname": surname})


def test_a_certificate_number_alone_does_not_find_the_certificate(client):
    certificate = _issue()
    response = _lookup(client, certificate.number)
    assert response.status_code == 200
    assert response.context["form"].errors["surname"]
    assert certificate.holder_name not in response.content.decode()


@pytest.mark.parametrize("surname", ["сейітов", "  СЕЙІТОВ ", "Нұрлан", "Сейітов Нұрлан"])
def test_number_with_the_holders_surname_finds_it_whatever_the_case_and_spaces(client, surname):
    certificate = _issue()
    response = _lookup(client, f" {certificate.number.lower()} ", surname)
    assert response.url == reverse("verify", args=[certificate.verification_code])


def _main(response) -> str:
    """The page's content without the per-request parts of the layout (nonces, tokens)."""
    page = response.content.decode()
    return page[page.index("<main") : page.index("</main>")]


def test_a_wrong_surname_reads_exactly_like_an_unknown_number(client):
    certificate = _issue()
    wrong = _lookup(client, certificate.number, "Ахметов")
    unknown = _lookup(client, "CC-1999-99999", "Сейітов")
    part = "Сейіт"  # a part of the surname is not the surname
    partial = _lookup(client, certificate.number, part)
    assert wrong.status_code == unknown.status_code == partial.status_code == 200
    assert _main(wrong) == _main(unknown).replace("CC-1999-99999", certificate.number).replace("Сейітов", "Ахметов")
    for response in (wrong, unknown, partial):
        assert "No certificate matches what you typed" in response.content.decode()
        assert certificate.verification_code not in response.content.decode()


def test_surname_matching_takes_one_or_more_consecutive_words_of_the_name():
    assert selectors.surname_matches("Ahmadi Nejad Zahra", "ahmadinejad")
    assert selectors.surname_matches("Zahra Ahmadi", " AHMADI ")
    assert not selectors.surname_matches("Zahra Ahmadi", "Ahmad")
    assert not selectors.surname_matches("Zahra Ahmadi", "")
    assert not selectors.surname_matches("Zahra Ahmadi", "Zahra Ahmadi Nejad")


def test_lookup_by_verification_code_needs_no_surname(client):
    certificate = _issue()
    response = _lookup(client, certificate.verification_code.lower())
    assert response.url == reverse("verify", args=[certificate.verification_code])


@override_settings(ACCREDITATION_LOOKUP_RATE="3/m")
def test_lookups_are_rate_limited_per_client(client):
    certificate = _issue()
    for _ in range(3):
        assert _lookup(client, "CC-1999-00001", "Anyone").status_code == 200
    refused = _lookup(client, certificate.number, "Сейітов")
    assert refused.status_code == 429
    assert "Too many checks" in refused.content.decode()
    assert client.get(reverse("verify", args=[certificate.verification_code])).status_code == 429
    other_client = client.__class__(REMOTE_ADDR="203.0.113.9")
    assert other_client.get(reverse("verify", args=[certificate.verification_code])).status_code == 200


def test_a_lookup_goes_ahead_when_the_cache_is_down(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "coopportal.cache.FailoverRedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",  # nothing listens there
            "OPTIONS": {"socket_timeout": 0.5, "socket_connect_timeout": 0.5},
        }
    }
    certificate = _issue()
    assert _lookup(client, certificate.number, "Сейітов").status_code == 302
    assert client.get(reverse("verify", args=[certificate.verification_code])).status_code == 200


def test_the_completion_certificate_page_names_the_exam_protocol_and_links_to_the_registry(
    client, django_assert_max_num_queries
):
    cohort = f.cohort()
    enrolment = f.exam_enrolment(cohort=cohort, full_name="Айгерім Сапарова")
    members = f.committee()
    session = f.session(cohort=cohort, candidates=[enrolment], members=members)
    protocol = f.finalised(
        exam_services.record_decision(candidate=session.candidates.get(), outcome="accredited", recorded_by=members[0]),
        members,
    )
    certificate = exam_services.issue_certificate(protocol=protocol, issued_by=members[0])
    url = reverse("verify", args=[certificate.verification_code])
    # Queries: the certificate with its region, specialty, credential, exam protocol and registry flag.
    with django_assert_max_num_queries(1):
        page = client.get(url).content.decode()
    assert protocol.number in page
    assert reverse("specialist_registry") not in page  # no specialty certificate listed yet

    attempt = apply_for_specialty_exam(candidate=enrolment.student, specialty=Specialty.objects.get(code="agent"))
    specialty = issue_specialty_certificate(attempt=attempt, issued_by=None)  # the exam itself: test_specialty
    Certificate.objects.filter(pk=specialty.pk).update(listed_in_registry=True)
    with django_assert_max_num_queries(1):
        page = client.get(url).content.decode()
    assert reverse("specialist_registry") + "?name=" in page
