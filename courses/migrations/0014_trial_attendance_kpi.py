"""The trial presentation before classmates also needs their attendance: a KPI of its own at the
associates level, attended by more than 50 % of the cohort's other active students (editable)."""

from django.db import migrations, models
from django.db.models import F

LABEL = "Own presentation before classmates attended by more than half of the cohort's other active students"
GUIDANCE = "Record your trial presentation; each classmate who attended confirms it and votes."


def add_requirement(apps, schema_editor):
    KpiRequirement = apps.get_model("courses", "KpiRequirement")
    for peer in KpiRequirement.objects.filter(kind="peer_approval"):
        if KpiRequirement.objects.filter(level_id=peer.level_id, kind="trial_attendance").exists():
            continue
        # Attendance comes before the vote: shift the level's later KPIs down by one.
        KpiRequirement.objects.filter(level_id=peer.level_id, order__gte=peer.order).update(order=F("order") + 1)
        KpiRequirement.objects.create(
            level_id=peer.level_id,
            order=peer.order,
            kind="trial_attendance",
            label=LABEL,
            threshold=50,
            approver="classmates",
            guidance=GUIDANCE,
        )
        if peer.guidance.startswith("Record your trial presentation and the classmates who attended"):
            KpiRequirement.objects.filter(pk=peer.pk).update(guidance=GUIDANCE)


def remove_requirement(apps, schema_editor):
    apps.get_model("courses", "KpiRequirement").objects.filter(kind="trial_attendance").delete()


class Migration(migrations.Migration):
    dependencies = [("courses", "0013_quiz_attempt_option_order_and_quiz_lock")]

    operations = [
        migrations.AlterField(
            model_name="kpirequirement",
            name="kind",
            field=models.CharField(
                choices=[
                    ("document", "Document approved by a teacher"),
                    ("peer_approval", "Trial presentation approved by classmates"),
                    ("trial_attendance", "Trial presentation attended by classmates"),
                    ("cohort_complete", "Every active student of the cohort has passed"),
                    ("presentations_recorded", "Presentations recorded"),
                    ("support_group", "Classmates confirmed in the support group"),
                    ("invitations_sent", "Invitations sent"),
                    ("results_recorded", "Presentation results recorded"),
                    ("observers_only", "Classmates attended as observers only"),
                    ("attendance", "Attendance"),
                    ("subscriber_ratio", "New subscribers as a percentage of attendance"),
                    ("likes", "Likes on social networks"),
                    ("committee_decision", "Exam committee decision"),
                ],
                max_length=30,
                verbose_name="kind",
            ),
        ),
        migrations.AlterField(
            model_name="kpirequirement",
            name="threshold",
            field=models.PositiveIntegerField(
                blank=True,
                help_text=(
                    "Attendance, likes, presentations, support group: the minimum count. Subscriber ratio: the "
                    "minimum percentage. Peer approval: the percentage of attending classmates that approvals must "
                    "exceed. Trial attendance: the percentage of the cohort's other active students that attendance "
                    "must exceed."
                ),
                null=True,
                verbose_name="threshold",
            ),
        ),
        migrations.RunPython(add_requirement, remove_requirement),
    ]
