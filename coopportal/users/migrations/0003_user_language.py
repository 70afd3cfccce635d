from django.db import migrations, models

# Existing accounts start with their region's language: Kazakhstan Russian, Iran Persian.
REGION_LANGUAGES = {"KZ": "ru", "IR": "fa"}


def languages_by_region(apps, schema_editor):
    User = apps.get_model("users", "User")
    for country, language in REGION_LANGUAGES.items():
        User.objects.filter(language="", region__country=country).update(language=language)


class Migration(migrations.Migration):
    dependencies = [
        ("users", "0002_roles_and_regions"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="language",
            field=models.CharField(
                blank=True,
                choices=[("en", "English"), ("ru", "Russian"), ("kk", "Kazakh"), ("fa", "Persian")],
                help_text="Pages, emails and documents are in this language. Empty: not chosen yet "
                "(pages follow the browser, emails and documents the region).",
                max_length=8,
                verbose_name="language",
            ),
        ),
        migrations.RunPython(languages_by_region, migrations.RunPython.noop),
    ]
