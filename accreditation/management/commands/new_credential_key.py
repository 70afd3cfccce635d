"""Print a new Ed25519 private key for signing credentials (PEM)."""

from django.core.management.base import BaseCommand

from accreditation.credentials.keys import new_private_key_pem


class Command(BaseCommand):
    help = (
        "Print a new Ed25519 credential signing key as PEM. To rotate, append it after the current key(s) in "
        "CREDENTIAL_SIGNING_KEYS_FILE (or CREDENTIAL_SIGNING_KEYS): the newest signs, the older ones keep "
        "verifying the credentials they signed. --one-line prints it with \\n for an environment variable."
    )

    def add_arguments(self, parser):
        parser.add_argument("--one-line", action="store_true", help="escape the newlines as \\n")

    def handle(self, *args, one_line=False, **options):
        pem = new_private_key_pem()
        self.stdout.write(pem.strip().replace("\n", "\\n") if one_line else pem, ending="\n")
