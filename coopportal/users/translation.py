"""A region's or province's name in every portal language (django-modeltranslation; see
courses/translation.py): Kazakh regions read in Kazakh and Russian, Iranian provinces in Persian."""

from modeltranslation.translator import TranslationOptions, register

from .models import Region


@register(Region)
class RegionTranslation(TranslationOptions):
    fields = ("name",)
