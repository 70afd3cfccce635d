import pytest

from coopportal.users.services import ensure_totp_secret


@pytest.fixture
def login(client):
    """Log a user in the way the MFA middleware accepts (a TOTP authenticator exists)."""

    def _login(user):
        ensure_totp_secret(user)
        client.force_login(user)
        return client

    return _login
