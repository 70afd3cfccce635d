# The browser fixtures of tests/e2e, for the course journey in Chromium.
from tests.e2e.conftest import browser, new_page  # noqa: F401
