import logging

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccreditationConfig(AppConfig):
    name = "accreditation"
    verbose_name = _("Accreditation")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from .models import Certificate
        from .verification import forget_on_change

        post_save.connect(forget_on_change, sender=Certificate, dispatch_uid="accreditation.verdict.save")
        post_delete.connect(forget_on_change, sender=Certificate, dispatch_uid="accreditation.verdict.delete")
        # WeasyPrint logs every step of every render at INFO; its warnings (refused URLs, missing glyphs) stay.
        logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
