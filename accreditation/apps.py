import logging

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccreditationConfig(AppConfig):
    name = "accreditation"
    verbose_name = _("Accreditation")

    def ready(self):
        # Like SECRET_KEY: a deployment whose credential keys cannot be read does not start.
        from django.conf import settings

        if settings.PRODUCTION:
            from .credentials.keys import key_ring

            key_ring()
        # WeasyPrint logs every step of every render at INFO; its warnings (refused URLs, missing glyphs) stay.
        logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
