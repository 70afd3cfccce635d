"""The cohort gate under concurrent approvals (PostgreSQL row locks)."""

import threading

import pytest
from django.db import connection

from courses import services
from tests.conftest import requires_postgres
from tests.courses.factories import CohortFactory, at_level, document_requirements, teacher, trial


def _all_but_one_document(enrolment, voter):
    """Everything of the associates level met except the last document, which waits for review."""
    reviewer = enrolment.cohort.teachers.first()
    *first, last = document_requirements("associates")
    for requirement in first:
        sub = services.submit_kpi_document(
            enrolment=enrolment, requirement=requirement, student=enrolment.student, text="Group document."
        )
        services.review_submission(submission=sub, reviewer=reviewer, approve=True)
    trial(enrolment, attended_by=[voter], vote="approve")
    return services.submit_kpi_document(
        enrolment=enrolment, requirement=last, student=enrolment.student, text="Regional FAQ."
    )


@requires_postgres
@pytest.mark.django_db(transaction=True)
def test_the_last_two_students_approved_at_the_same_moment_both_open_the_next_level():
    cohort = CohortFactory(teachers=[teacher()])
    a, b = at_level(cohort, "associates"), at_level(cohort, "associates")
    last_of_a, last_of_b = _all_but_one_document(a, b), _all_but_one_document(b, a)
    reviewer = cohort.teachers.first()
    barrier = threading.Barrier(2)
    errors = []

    def approve(submission):
        try:
            barrier.wait(timeout=10)
            services.review_submission(submission=submission, reviewer=reviewer, approve=True)
        except Exception as exc:  # reported below; a thread cannot fail the test itself
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=approve, args=(s,)) for s in (last_of_a, last_of_b)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.current_level.code, b.current_level.code) == ("close", "close")
