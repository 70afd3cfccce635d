"""The certification center's specialties and situational tasks in every portal language
(django-modeltranslation; see courses/translation.py)."""

from modeltranslation.translator import TranslationOptions, register

from .models import SituationalTask, Specialty


@register(Specialty)
class SpecialtyTranslation(TranslationOptions):
    fields = ("name", "description")


@register(SituationalTask)
class SituationalTaskTranslation(TranslationOptions):
    fields = ("title", "situation", "assignment")
