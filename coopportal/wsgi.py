import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coopportal.settings")
application = get_wsgi_application()

# Load every view module now, then take everything loaded so far out of the garbage collector's scans:
# in a warmed worker a full collection walked ~170,000 long-lived objects (about 100 ms, every request
# of that worker waiting). Objects made later, per request, are collected as before.
get_resolver().url_patterns  # noqa: B018 (imports the URLconf)
gc.freeze()
