import os

from celery import Celery
from celery.signals import task_postrun, task_prerun

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coopportal.settings")

app = Celery("coopportal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@task_prerun.connect
@task_postrun.connect
def _close_old_database_connections(task=None, **kwargs):
    """What Django does around every request: drop a connection that broke or outlived CONN_MAX_AGE.
    Eager tasks run inside the caller's transaction and leave its connection alone."""
    from django.db import close_old_connections

    if not getattr(task.request, "is_eager", False):
        close_old_connections()
