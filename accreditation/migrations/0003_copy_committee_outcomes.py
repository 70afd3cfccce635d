"""Courses now keeps the exam committee's final decision on the enrolment (courses 0010): copy each
enrolment's latest final protocol outcome there."""

from django.db import migrations


def copy_outcomes(apps, schema_editor):
    ExamProtocol = apps.get_model("accreditation", "ExamProtocol")
    Enrolment = apps.get_model("courses", "Enrolment")
    latest = {}
    for enrolment_id, outcome, finalised_at in (
        ExamProtocol.objects.filter(finalised_at__isnull=False)
        .order_by("finalised_at")
        .values_list("candidate__enrolment_id", "outcome", "finalised_at")
    ):
        latest[enrolment_id] = (outcome, finalised_at)
    for enrolment_id, (outcome, finalised_at) in latest.items():
        Enrolment.objects.filter(pk=enrolment_id).update(committee_outcome=outcome, committee_outcome_at=finalised_at)


class Migration(migrations.Migration):
    dependencies = [
        ("accreditation", "0002_specialties_and_tasks"),
        ("courses", "0010_enrolment_committee_outcome"),
    ]

    operations = [migrations.RunPython(copy_outcomes, migrations.RunPython.noop)]
