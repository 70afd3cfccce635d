"""Protocol numbers: EP-<year>-<5 digits>, unique per year even when protocols are finalised at once."""

import threading

import pytest
from django.db import connection, transaction
from django.utils import timezone

from accreditation.models import ExamProtocol
from accreditation.services import exams as exam_services
from accreditation.services.numbering import next_number
from tests.conftest import requires_postgres

from . import factories as f


@pytest.mark.django_db
def test_numbers_count_per_prefix_and_year():
    with transaction.atomic():
        assert next_number(prefix="EP", year=2026) == "EP-2026-00001"
        assert next_number(prefix="EP", year=2026) == "EP-2026-00002"
        assert next_number(prefix="EP", year=2027) == "EP-2027-00001"
        assert next_number(prefix="CC", year=2026) == "CC-2026-00001"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_next_number_refuses_to_run_outside_a_transaction():
    with pytest.raises(RuntimeError):
        next_number(prefix="EP", year=2026)


@requires_postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_finalisations_get_distinct_consecutive_numbers():
    cohort = f.cohort()
    enrolments = [f.exam_enrolment(cohort=cohort) for _ in range(8)]
    members = f.committee()
    session = f.session(cohort=cohort, candidates=enrolments, members=members)
    protocols = []
    for candidate in session.candidates.all():
        protocol = exam_services.record_decision(candidate=candidate, outcome="accredited", recorded_by=members[0])
        exam_services.sign_protocol(protocol=protocol, member=members[0])  # the chair; one more makes it final
        protocols.append(protocol)

    barrier = threading.Barrier(len(protocols))
    errors = []

    def finalise(protocol):
        try:
            barrier.wait(timeout=10)
            exam_services.sign_protocol(protocol=protocol, member=members[1])
        except Exception as exc:  # reported below: a thread cannot fail the test itself
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=finalise, args=(p,)) for p in protocols]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    numbers = sorted(ExamProtocol.objects.values_list("number", flat=True))
    year = timezone.localdate().year
    assert numbers == [f"EP-{year}-{n:05d}" for n in range(1, 9)]
