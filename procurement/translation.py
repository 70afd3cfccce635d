"""Budgeting reference data in every portal language (django-modeltranslation; see
courses/translation.py). The budgeting side is written in Persian and English; a fund's Persian name is
its `name_fa`."""

from modeltranslation.translator import TranslationOptions, register

from .models import Category, Fund, ProgramType, RequiredDocument, ServiceItem


@register(Fund)
class FundTranslation(TranslationOptions):
    fields = ("name",)


@register(Category)
class CategoryTranslation(TranslationOptions):
    fields = ("name",)


@register(ProgramType)
class ProgramTypeTranslation(TranslationOptions):
    fields = ("name",)


@register(RequiredDocument)
class RequiredDocumentTranslation(TranslationOptions):
    fields = ("name",)


@register(ServiceItem)
class ServiceItemTranslation(TranslationOptions):
    fields = ("name",)
