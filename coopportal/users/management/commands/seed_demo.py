from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

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
        with transaction.atomic():
            for module in self._demo_modules():
                module.seed(password=password, out=self.stdout)

    @staticmethod
    def _demo_modules():
        """`<app>.demo` of every project app, in INSTALLED_APPS order (accounts first)."""
        for config in apps.get_app_configs():
            name = f"{config.name}.demo"
            if not config.name.startswith(("django.", "allauth")) and find_spec(name):
                yield import_module(name)
