import logging

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccreditationConfig(AppConfig):
    name = "accreditation"
    verbose_name = _("Accreditation")

    def ready(self):
        # WeasyPrint logs every step of every render at INFO; its warnings (refused URLs, missing glyphs) stay.
        logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
