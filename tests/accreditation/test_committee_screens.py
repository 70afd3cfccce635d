"""Committee screens (issue 15, item 9): each protocol's PDF from the session page; a protocol final
after the chair and a majority shows as final; "Sign" disappears once you have signed; the new-session
form lists only candidates without a final decision; "Re-exam" is not offered on the last attempt."""

import pytest
from django.urls import reverse

from accreditation.models import Document
from accreditation.services import exams as exam_services
from accreditation.tasks import render_document
from coopportal.users.services import ensure_totp_secret

from . import factories as f

pytestmark = pytest.mark.django_db


def _login(client, user):
    ensure_totp_secret(user)
    client.force_login(user)


@pytest.fixture
def exam():
    cohort = f.cohort()
    enrolment = f.exam_enrolment(cohort=cohort)
    members = f.committee()
    session = f.session(cohort=cohort, candidates=[enrolment], members=members)
    return session, session.candidates.get(), members


def test_the_committee_opens_a_final_protocols_pdf_from_the_session_page(
    client, exam, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(
        "accreditation.services.documents.document_pdf", lambda document, **kwargs: b"%PDF-1.7 stand-in"
    )
    session, candidate, members = exam
    with django_capture_on_commit_callbacks(execute=True):
        protocol = f.finalised(
            exam_services.record_decision(candidate=candidate, outcome="accredited", recorded_by=members[0]), members
        )
    for document in Document.objects.filter(kind=Document.Kind.EXAM_PROTOCOL):
        render_document.apply(args=[document.pk])
    _login(client, members[2])  # a member who did not sign
    page = client.get(reverse("accreditation:session_detail", args=[session.pk])).content.decode()
    pdf_url = reverse("accreditation:protocol_pdf", args=[protocol.pk])
    assert pdf_url in page
    response = client.get(pdf_url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content if response.streaming else [response.content]).startswith(b"%PDF")


def test_a_protocol_pdf_is_refused_to_a_member_of_another_session(client, exam):
    session, candidate, members = exam
    protocol = f.finalised(
        exam_services.record_decision(candidate=candidate, outcome="accredited", recorded_by=members[0]), members
    )
    other_cohort = f.cohort("Astana autumn cohort")
    other_members = f.committee()
    f.session(cohort=other_cohort, candidates=[f.exam_enrolment(cohort=other_cohort)], members=other_members)
    _login(client, other_members[0])
    assert client.get(reverse("accreditation:protocol_pdf", args=[protocol.pk])).status_code == 404


def test_a_protocol_signed_by_the_chair_and_a_majority_shows_as_final(client, exam):
    session, candidate, members = exam
    protocol = exam_services.record_decision(candidate=candidate, outcome="accredited", recorded_by=members[0])
    _login(client, members[0])
    url = reverse("accreditation:candidate_detail", args=[candidate.pk])
    assert "draft" in client.get(url).content.decode()
    f.finalised(protocol, members)
    page = client.get(url).content.decode()
    assert '<span class="badge met">final</span>' in page
    assert reverse("accreditation:protocol_pdf", args=[protocol.pk]) in page
    session_page = client.get(reverse("accreditation:session_detail", args=[session.pk])).content.decode()
    assert '<span class="badge met">final</span>' in session_page


def test_sign_disappears_once_you_have_signed(client, exam):
    _session, candidate, members = exam
    protocol = exam_services.record_decision(candidate=candidate, outcome="accredited", recorded_by=members[1])
    sign_url = reverse("accreditation:protocol_sign", args=[protocol.pk])
    url = reverse("accreditation:candidate_detail", args=[candidate.pk])
    _login(client, members[1])
    assert sign_url in client.get(url).content.decode()
    exam_services.sign_protocol(protocol=protocol, member=members[1])
    page = client.get(url).content.decode()
    assert sign_url not in page
    assert "You have signed this protocol." in page
    client.logout()
    _login(client, members[2])
    assert sign_url in client.get(url).content.decode()  # the others still sign


def test_the_new_session_form_lists_only_candidates_without_a_final_decision(client):
    cohort = f.cohort()
    accredited, re_exam, waiting, fresh = (f.exam_enrolment(cohort=cohort) for _ in range(4))
    members = f.committee()
    session = f.session(cohort=cohort, candidates=[accredited, re_exam], members=members, max_attempts=2)
    by_enrolment = {c.enrolment_id: c for c in session.candidates.all()}
    f.finalised(
        exam_services.record_decision(
            candidate=by_enrolment[accredited.pk], outcome="accredited", recorded_by=members[0]
        ),
        members,
    )
    f.finalised(
        exam_services.record_decision(
            candidate=by_enrolment[re_exam.pk], outcome="re_exam", errors=["Weak answers"], recorded_by=members[0]
        ),
        members,
    )
    f.session(cohort=cohort, candidates=[waiting], members=members)  # in a session without a protocol yet
    _login(client, members[0])
    response = client.get(reverse("accreditation:session_create"), {"cohort": cohort.pk})
    listed = set(response.context["candidates_form"].fields["candidates"].queryset.values_list("pk", flat=True))
    assert listed == {re_exam.pk, fresh.pk}


def test_re_exam_is_not_offered_on_the_last_attempt(client):
    cohort = f.cohort()
    enrolment = f.exam_enrolment(cohort=cohort)
    members = f.committee()
    first = f.session(cohort=cohort, candidates=[enrolment], members=members, max_attempts=2)
    url = reverse("accreditation:candidate_detail", args=[first.candidates.get().pk])
    _login(client, members[0])
    assert 'value="re_exam"' in client.get(url).content.decode()
    f.finalised(
        exam_services.record_decision(
            candidate=first.candidates.get(), outcome="re_exam", errors=["Weak answers"], recorded_by=members[0]
        ),
        members,
    )
    second = f.session(cohort=cohort, candidates=[enrolment], members=members, max_attempts=2)
    page = client.get(reverse("accreditation:candidate_detail", args=[second.candidates.get().pk])).content.decode()
    assert 'value="re_exam"' not in page
    assert 'value="accredited"' in page and 'value="not_accredited"' in page
    assert "last allowed attempt" in page


def test_the_session_page_runs_the_same_queries_with_1_and_10_candidates(client, django_assert_max_num_queries):
    def session_of(n):
        session, members = f.accredited_session(n)
        return session, members[0]

    small, chair = session_of(1)
    _login(client, chair)
    # Queries: session, members, candidates with protocols and certificates, signatures, progress (2),
    # chair check, plus the session/user and roles of the request.
    with django_assert_max_num_queries(12) as one:
        assert client.get(reverse("accreditation:session_detail", args=[small.pk])).status_code == 200
    large, chair = session_of(10)
    client.logout()
    _login(client, chair)
    with django_assert_max_num_queries(12) as ten:
        assert client.get(reverse("accreditation:session_detail", args=[large.pk])).status_code == 200
    assert len(ten.captured_queries) == len(one.captured_queries)
