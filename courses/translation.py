"""The course's content fields in every portal language (django-modeltranslation): `title_en`,
`title_ru`, `title_kk`... beside the original field, which reads the active language and falls back to
English. The course side is written in English, Russian and Kazakh."""

from modeltranslation.translator import TranslationOptions, register

from .models import Course, KpiRequirement, Lesson, Level, Quiz, QuizChoice, QuizQuestion, Section


@register(Course)
class CourseTranslation(TranslationOptions):
    fields = ("title", "description")


@register(Level)
class LevelTranslation(TranslationOptions):
    fields = ("name", "description")


@register(KpiRequirement)
class KpiRequirementTranslation(TranslationOptions):
    fields = ("label", "guidance")


@register(Section)
class SectionTranslation(TranslationOptions):
    fields = ("title", "summary")


@register(Lesson)
class LessonTranslation(TranslationOptions):
    fields = ("title", "body")


@register(Quiz)
class QuizTranslation(TranslationOptions):
    fields = ("title",)


@register(QuizQuestion)
class QuizQuestionTranslation(TranslationOptions):
    fields = ("text", "explanation")


@register(QuizChoice)
class QuizChoiceTranslation(TranslationOptions):
    fields = ("text",)
