"""Load the theory module (sections, Markdown lessons, quizzes) of the course, first edition."""

from django.db import migrations

from courses.content.theory import SECTIONS


def load(apps, schema_editor):
    Course = apps.get_model("courses", "Course")
    Section = apps.get_model("courses", "Section")
    Lesson = apps.get_model("courses", "Lesson")
    Quiz = apps.get_model("courses", "Quiz")
    QuizQuestion = apps.get_model("courses", "QuizQuestion")
    QuizChoice = apps.get_model("courses", "QuizChoice")
    course = Course.objects.get(slug="cooperative-entrepreneurship")
    if Section.objects.filter(course=course).exists():
        return
    for order, data in enumerate(SECTIONS, start=1):
        section = Section.objects.create(course=course, order=order, title=data["title"], summary=data["summary"])
        for lesson_order, (slug, title, body) in enumerate(data["lessons"], start=1):
            Lesson.objects.create(section=section, order=lesson_order, slug=slug, title=title, body=body.strip() + "\n")
        quiz = Quiz.objects.create(section=section, title=data["quiz"]["title"], pass_mark=data["quiz"]["pass_mark"])
        for question_order, (kind, text, options, explanation) in enumerate(data["quiz"]["questions"], start=1):
            question = QuizQuestion.objects.create(
                quiz=quiz, order=question_order, text=text, kind=kind, explanation=explanation
            )
            QuizChoice.objects.bulk_create(
                QuizChoice(question=question, order=i, text=option, is_correct=correct)
                for i, (option, correct) in enumerate(options, start=1)
            )


class Migration(migrations.Migration):
    dependencies = [("courses", "0003_teacher_permissions")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
