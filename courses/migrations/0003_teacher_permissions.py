"""Teachers work in the Django admin: give the `teacher` group the model permissions it needs there.

What each teacher sees is further limited to their own cohorts by the admin classes.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

TEACHER_PERMISSIONS = {
    "cohort": ("view", "change"),
    "cohortleveldeadline": ("view", "add", "change"),
    "cohortlevelclosure": ("view", "add"),
    "enrolment": ("view", "add", "change"),
    "levelprogress": ("view",),
    "leveltransition": ("view",),
    "kpisubmission": ("view", "change"),
    "advicequestion": ("view", "change"),
    "advicereply": ("view", "add"),
    "presentation": ("view",),
    "presentationattendee": ("view",),
    "level": ("view",),
    "kpirequirement": ("view",),
    "section": ("view",),
    "lesson": ("view",),
    "quiz": ("view",),
    "quizattempt": ("view",),
}


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations; create ours now so they can be granted.
    app_config = apps.get_app_config("courses")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    teacher, _ = Group.objects.get_or_create(name="teacher")
    codenames = [f"{action}_{model}" for model, actions in TEACHER_PERMISSIONS.items() for action in actions]
    teacher.permissions.add(*Permission.objects.filter(content_type__app_label="courses", codename__in=codenames))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    teacher = Group.objects.filter(name="teacher").first()
    if teacher:
        teacher.permissions.remove(*Permission.objects.filter(content_type__app_label="courses"))


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0002_course_and_levels"),
        ("users", "0002_roles_and_regions"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
