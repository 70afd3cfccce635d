"""Once loaded the theory module's first edition by importing the app's live content module.

The course text now lives in versioned content files (courses/content/theory/) and is loaded, created or
updated in place, by `manage.py load_course_content` (run by `make run`, `seed_demo` and the tests' setup).
A migration must not import live app code, so this one is kept as a no-op for the history."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("courses", "0003_teacher_permissions")]

    operations = [migrations.RunPython(migrations.RunPython.noop, migrations.RunPython.noop)]
