"""Take out the page versions: the triggers of migrations 0006, 0007 and 0008 and their tables. Pages
are rendered from the data on every request."""

from importlib import import_module

from django.db import migrations

EARLIER = ("0006_review_queue_version", "0007_student_page_changes", "0008_exam_protocol_pages")


def drop_triggers(apps, schema_editor):
    for name in EARLIER:
        import_module(f"courses.migrations.{name}").drop_triggers(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [("courses", "0008_exam_protocol_pages")]

    operations = [
        migrations.RunPython(drop_triggers, migrations.RunPython.noop),
        migrations.DeleteModel(name="ReviewQueueVersion"),
        migrations.DeleteModel(name="StudentPageChange"),
    ]
