"""Step-up codes for the demo and the tests, which sign several programs in a row as the same seat.

allauth accepts only the code of the current 30 s window, and only once: it marks an accepted code used
for its window. A seat at the keyboard waits for the next code. The demo and the tests cannot wait, so
`unused_totp_code` picks the first window whose code this user has not used (nor another thread is
about to use) and, inside the block, lets allauth read its clock in that window, in this thread only.
The check itself (right code, never reused) is allauth's, unchanged: nothing here marks a code used or
unused, and outside a block allauth reads the real clock.
"""

import threading
import time
from contextlib import contextmanager

from allauth.mfa import app_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal import auth
from django.core.cache import cache

from .models import User
from .services import ensure_totp_secret

_lock = threading.Lock()
_reserved: set[tuple[int, int]] = set()  # (user id, window) handed to an open block
_pinned = threading.local()


class _AllauthClock:
    """Stands in for the `time` module inside allauth's TOTP code: the real clock, unless a block of
    this thread has pinned a moment."""

    def time(self) -> float:
        moment = getattr(_pinned, "moment", None)
        return time.time() if moment is None else moment


_CLOCK = _AllauthClock()


def _code(secret: str, window: int) -> str:
    return auth.format_hotp_value(auth.hotp_value(secret, window))


@contextmanager
def unused_totp_code(user: User):
    """Yield a code that `verify_fresh_totp(user, code)` accepts once inside the block: the current
    window's, or, when `user` has spent it (a second signature within 30 s), the next unspent window's."""
    secret = ensure_totp_secret(user)
    totp = auth.TOTP(Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP))
    period = app_settings.TOTP_PERIOD
    with _lock:
        auth.time = _CLOCK  # once per process; it reads the real clock outside a block
        window = int(time.time()) // period
        while (user.pk, window) in _reserved or cache.get(totp._get_used_cache_key(_code(secret, window))):
            window += 1
        _reserved.add((user.pk, window))
    outer = getattr(_pinned, "moment", None)
    _pinned.moment = window * period + period / 2  # mid-window: the block never straddles two
    try:
        yield _code(secret, window)
    finally:
        _pinned.moment = outer
        with _lock:
            _reserved.discard((user.pk, window))
