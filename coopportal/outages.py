"""Which services this process leaves alone for a moment after they failed (Redis as cache, the broker).

After a failed call a service counts as down for `RETRY_AFTER_SECONDS`: a hung one costs one request
one short timeout, not every request its own. The first call after the pause tries it again."""

import threading
import time

RETRY_AFTER_SECONDS = 5.0


class OutageWindows:
    """Per service address: the monotonic time until which it is left alone (absent while it answers)."""

    def __init__(self):
        self._lock = threading.Lock()
        self._until: dict[str, float] = {}

    def resting(self, address: str) -> bool:
        """Down and still within its pause: don't try it."""
        return time.monotonic() < self._until.get(address, 0.0)

    def marked(self, address: str) -> bool:
        """Marked down by a failure (its pause may be over): its next answer means it is back."""
        return address in self._until

    def mark_down(self, address: str) -> bool:
        """Start (or restart) the pause; True when the service was not marked down before."""
        with self._lock:
            first = address not in self._until
            self._until[address] = time.monotonic() + RETRY_AFTER_SECONDS
        return first

    def mark_up(self, address: str) -> bool:
        """The service answered; True when it had been marked down."""
        with self._lock:
            return self._until.pop(address, None) is not None

    def end_pause(self, address: str) -> None:
        """Try the service again at the next call, still marked down until it answers."""
        with self._lock:
            if address in self._until:
                self._until[address] = time.monotonic()

    def clear(self) -> None:
        with self._lock:
            self._until.clear()


# Per process; apart, since the cache and the broker may be the same Redis but each must see its own return.
CACHE_OUTAGES = OutageWindows()
BROKER_OUTAGES = OutageWindows()
