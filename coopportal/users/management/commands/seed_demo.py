import io
import logging
from contextlib import contextmanager
from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, OutputWrapper
from django.db import transaction
from django.test.utils import override_settings

DEFAULT_DEMO_PASSWORD = "coop-demo-2026"


class Command(BaseCommand):
    help = (
        "Create the demo data: one account per role (<role>@demo.local) and each app's demo records. "
        "Idempotent: running it again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--password",
            default=DEFAULT_DEMO_PASSWORD,
            help=f"Password of newly created demo accounts (default: {DEFAULT_DEMO_PASSWORD}).",
        )

    def handle(self, *args, password, **options):
        if settings.PRODUCTION:
            raise CommandError(
                "seed_demo creates accounts with a known password; it does not run under DJANGO_PRODUCTION."
            )
        self.seed(password=password)

    def seed(self, *, password: str = DEFAULT_DEMO_PASSWORD) -> None:
        """Seed every app's demo records (the benchmark's data set calls this under its own settings)."""
        reports = []
        with self._quiet_notifications(), transaction.atomic():
            # The theory content comes from its versioned files; the demo students take its quizzes.
            content = io.StringIO()
            call_command("load_course_content", stdout=content, stderr=content)
            for module in self._demo_modules():
                report = io.StringIO()
                module.seed(password=password, out=OutputWrapper(report))
                reports.append(report.getvalue().rstrip())
        # The logins (accounts are seeded first) go last, where the reader looks.
        for report in [*reports[1:], reports[0]]:
            if report:
                self.stdout.write(report)

    @staticmethod
    @contextmanager
    def _quiet_notifications():
        """Demo records trigger notifications to the demo accounts; nobody needs to read them."""
        trace_logger = logging.getLogger("celery.app.trace")
        level = trace_logger.level
        trace_logger.setLevel(logging.WARNING)
        try:
            with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
                yield
        finally:
            trace_logger.setLevel(level)

    @staticmethod
    def _demo_modules():
        """`<app>.demo` of every project app, in INSTALLED_APPS order (accounts first)."""
        for config in apps.get_app_configs():
            name = f"{config.name}.demo"
            if not config.name.startswith(("django.", "allauth")) and find_spec(name):
                yield import_module(name)
