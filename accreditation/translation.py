"""The certification center's specialties and situational tasks in every portal language
(django-modeltranslation; see courses/translation.py), and what a certificate is awarded for: its
`title` is a snapshot taken at issue in every language, so the holder's PDF and a visitor's verification
page each read their own."""

from modeltranslation.translator import TranslationOptions, register

from .models import Certificate, SituationalTask, Specialty


@register(Specialty)
class SpecialtyTranslation(TranslationOptions):
    fields = ("name", "description")


@register(SituationalTask)
class SituationalTaskTranslation(TranslationOptions):
    fields = ("title", "situation", "assignment")


@register(Certificate)
class CertificateTranslation(TranslationOptions):
    fields = ("title",)
