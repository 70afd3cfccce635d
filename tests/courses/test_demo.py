"""`seed_demo` gives the course a cohort with the demo teacher and students at level 1 and 2; twice is once."""

import io

import pytest
from django.core.management import call_command

from coopportal.users.demo import demo_user
from courses.demo import COHORT_NAME
from courses.models import Cohort, KpiSubmission, LevelTransition

pytestmark = pytest.mark.django_db


def test_seed_demo_puts_students_at_levels_1_and_2_and_is_idempotent():
    call_command("seed_demo", stdout=io.StringIO())
    counts = (Cohort.objects.count(), KpiSubmission.objects.count(), LevelTransition.objects.count())
    call_command("seed_demo", stdout=io.StringIO())
    assert (Cohort.objects.count(), KpiSubmission.objects.count(), LevelTransition.objects.count()) == counts

    cohort = Cohort.objects.get(name=COHORT_NAME)  # other apps' demos add cohorts of their own
    assert demo_user("teacher") in cohort.teachers.all()
    first = demo_user("student").enrolments.get(cohort=cohort)
    second = demo_user("student2").enrolments.get(cohort=cohort)
    assert first.current_level.code == "private"
    assert first.submissions.filter(status="pending").exists()
    assert second.current_level.code == "associates"
