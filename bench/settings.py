"""Settings for benchmark runs only: the portal's own, plus the ceiling view's URLs and a fast
password hasher (hashing speed is not what the benchmark measures)."""

from coopportal.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# wrk signs up thousands of attendees from 127.0.0.1 to one presentation: the load should measure the
# sign-up itself, not the flood guard (which answers 429 past 1,000 a minute from one address).
COURSES_SUBSCRIBE_RATE_LIMITS = {"per_ip": 10**9, "per_presentation": 10**9}
# The verify page is measured too, from one address: lift its per-client lookup limit the same way.
ACCREDITATION_LOOKUP_RATE = "1000000000/m"
