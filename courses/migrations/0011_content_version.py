"""Stable keys and a content version for the theory module, so `load_course_content` can update the
course text from the versioned content files in place (students' progress stays with the same rows).

Rows loaded by the first edition (migration 0004) get their keys here: sections by their first-edition
title, questions and options by their order. Self-contained: no import of the app's live code."""

from django.db import migrations, models

# The first edition's section titles and the slugs the content files use for them.
FIRST_EDITION_SECTIONS = {
    "Cooperative entrepreneurship and the sharing economy": "introduction",
    "Types of cooperatives and other forms of economic communities": "types",
    "Legal support for the work of cooperatives": "legal-support",
    "Procedure for organising a cooperative": "organising",
    "The purchasing system of cooperatives": "purchasing",
    "Organising work to attract shareholders": "shareholders",
    "Organising a road show of a cooperative project": "road-show",
    "Legal literacy: members' rights, the charter, and pyramids": "legal-literacy",
    "Rules of the practical module and the exam": "practical-rules",
}


def give_keys(apps, schema_editor):
    Section = apps.get_model("courses", "Section")
    QuizQuestion = apps.get_model("courses", "QuizQuestion")
    QuizChoice = apps.get_model("courses", "QuizChoice")
    for section in Section.objects.all():
        section.slug = FIRST_EDITION_SECTIONS.get(section.title, f"section-{section.order}")
        section.save(update_fields=["slug"])
    for question in QuizQuestion.objects.all():
        question.key = f"q{question.order}"
        question.save(update_fields=["key"])
    for choice in QuizChoice.objects.all():
        choice.key = f"o{choice.order}-{choice.pk}"
        choice.save(update_fields=["key"])


class Migration(migrations.Migration):
    # PostgreSQL refuses ALTER TABLE in the transaction that just updated rows with deferred foreign keys
    # ("pending trigger events"); each step commits on its own so a database with first-edition rows migrates.
    atomic = False
    dependencies = [("courses", "0010_enrolment_committee_outcome")]

    operations = [
        migrations.AddField(
            model_name="section",
            name="slug",
            field=models.SlugField(default="", max_length=80, verbose_name="code"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="quizquestion",
            name="key",
            field=models.SlugField(default="", max_length=80, verbose_name="code"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="quizchoice",
            name="key",
            field=models.SlugField(default="", max_length=80, verbose_name="code"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="lesson",
            name="content_version",
            field=models.CharField(
                blank=True,
                help_text="The content files' version in which this lesson last changed (set by load_course_content).",
                max_length=40,
                verbose_name="content version",
            ),
        ),
        migrations.AddField(
            model_name="quiz",
            name="content_version",
            field=models.CharField(blank=True, max_length=40, verbose_name="content version"),
        ),
        migrations.RunPython(give_keys, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="section",
            constraint=models.UniqueConstraint(fields=("course", "slug"), name="section_slug_unique"),
        ),
        migrations.AddConstraint(
            model_name="quizquestion",
            constraint=models.UniqueConstraint(fields=("quiz", "key"), name="quiz_question_key_unique"),
        ),
        migrations.AddConstraint(
            model_name="quizchoice",
            constraint=models.UniqueConstraint(fields=("question", "key"), name="quiz_choice_key_unique"),
        ),
        migrations.CreateModel(
            name="LessonRevision",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("version", models.CharField(max_length=40, verbose_name="content version")),
                ("changes", models.CharField(max_length=200, verbose_name="what changed")),
                ("note", models.TextField(blank=True, verbose_name="version note")),
                ("loaded_at", models.DateTimeField(verbose_name="loaded at")),
                (
                    "lesson",
                    models.ForeignKey(
                        on_delete=models.deletion.CASCADE,
                        related_name="revisions",
                        to="courses.lesson",
                        verbose_name="lesson",
                    ),
                ),
            ],
            options={
                "verbose_name": "lesson revision",
                "verbose_name_plural": "lesson revisions",
                "ordering": ["-loaded_at", "-id"],
            },
        ),
    ]
