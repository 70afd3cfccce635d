"""The report data version is raised by the writing services (procurement/reports.py), no longer by
triggers: drop those of migration 0003 and make sure the one row exists."""

from importlib import import_module

from django.db import migrations


def drop_triggers(apps, schema_editor):
    import_module("procurement.migrations.0003_report_version").drop_triggers(apps, schema_editor)


def ensure_row(apps, schema_editor):
    apps.get_model("procurement", "ReportVersion").objects.get_or_create(pk=1, defaults={"version": 1})


class Migration(migrations.Migration):
    dependencies = [("procurement", "0003_report_version")]

    operations = [
        migrations.RunPython(drop_triggers, migrations.RunPython.noop),
        migrations.RunPython(ensure_row, migrations.RunPython.noop),
    ]
