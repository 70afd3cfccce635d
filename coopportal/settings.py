"""Settings for Coop Portal.

Three modes, chosen by the environment alone:
- nothing set: the embedded default (SQLite, eager Celery, console email, DEBUG on);
- DATABASE_URL and REDIS_URL set: PostgreSQL, a real Celery broker and a Redis cache;
- DJANGO_PRODUCTION=true: hardened for deployment; refuses to start without a real SECRET_KEY.
"""

from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
env.smart_cast = False

PRODUCTION = env.bool("DJANGO_PRODUCTION", default=False)
REDIS_URL = env.str("REDIS_URL", default="")
# Seconds a stopped or hung Redis may hold a call (cache and broker alike).
REDIS_SOCKET_TIMEOUT = 0.5

if PRODUCTION:
    SECRET_KEY = env.str("SECRET_KEY", default="")
    if len(SECRET_KEY) < 50 or SECRET_KEY.startswith("django-insecure") or len(set(SECRET_KEY)) < 5:
        raise ImproperlyConfigured("DJANGO_PRODUCTION needs a real SECRET_KEY (50+ random characters).")
    DEBUG = False
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
else:
    SECRET_KEY = env.str("SECRET_KEY", default="django-insecure-embedded-demo-key-not-for-production")
    DEBUG = env.bool("DEBUG", default=True)
    ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver", "[::1]"])

CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    # Before the admin, so its translated fields get language tabs.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "csp",
    "pgtrigger",
    "pghistory",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "coopportal.users",
    "coopportal.audit",
    "coopportal.mail",
    "courses",
    "accreditation",
    "procurement",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "coopportal.middleware.refuse_nul_in_query_string",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "coopportal.users.middleware.PreferredLanguageMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "coopportal.middleware.RefuseBadAdminSelectionMiddleware",
    "coopportal.users.middleware.RequireMfaForPrivilegedRolesMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "coopportal.urls"
WSGI_APPLICATION = "coopportal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "coopportal.navigation.navigation",
            ],
            # Dates and numbers in the reader's language (Jalali and Persian digits in Persian) everywhere.
            "builtins": ["coopportal.templatetags.localized"],
        },
    },
]
if not DEBUG:
    # Compiled templates are kept in memory between requests.
    TEMPLATES[0]["APP_DIRS"] = False
    TEMPLATES[0]["OPTIONS"]["loaders"] = [
        (
            "django.template.loaders.cached.Loader",
            ["django.template.loaders.filesystem.Loader", "django.template.loaders.app_directories.Loader"],
        )
    ]

# --- Database -----------------------------------------------------------------
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
USING_POSTGRES = DATABASES["default"]["ENGINE"].endswith("postgresql")
if not USING_POSTGRES:
    # The embedded default under concurrent writes: WAL lets readers go on beside a writer, every
    # transaction takes the write lock when it begins (no deadlock on upgrade), and a writer waits
    # for the lock instead of failing with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache and sessions -------------------------------------------------------
# Sessions are in the database in every mode: a Redis outage signs nobody out and breaks no page.
if REDIS_URL:
    CACHES = {
        "default": {
            # Redis, or this process's memory while Redis is stopped or hung (coopportal/cache.py).
            "BACKEND": "coopportal.cache.FailoverRedisCache",
            "LOCATION": env.str("CACHE_URL", default=REDIS_URL),
            "KEY_PREFIX": "coop",
            # A stopped or hung Redis costs a request at most half a second; the process then leaves it alone
            # for a few seconds.
            "OPTIONS": {"socket_timeout": REDIS_SOCKET_TIMEOUT, "socket_connect_timeout": REDIS_SOCKET_TIMEOUT},
        },
    }
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "coop"},
    }

# --- Auth and allauth ---------------------------------------------------------
AUTH_USER_MODEL = "users.User"
# allauth's, reading the signed-in user together with their roles (coopportal/users/auth_backends.py).
AUTHENTICATION_BACKENDS = ["coopportal.users.auth_backends.PortalAuthenticationBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "coopportal.users.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "dashboard"
ACCOUNT_ADAPTER = "coopportal.users.adapters.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "coopportal.users.forms.SignupForm"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
# A duplicate sign-up is told plainly that the address is taken; a password reset answers the same for every
# address (coopportal.users.account_forms.ResetPasswordForm).
ACCOUNT_PREVENT_ENUMERATION = False
ACCOUNT_FORMS = {"reset_password": "coopportal.users.account_forms.ResetPasswordForm"}
ACCOUNT_PRESERVE_USERNAME_CASING = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
# Behind a load balancer the client's address comes from X-Forwarded-For (the N-th address from the right
# for N trusted proxies) or a header the proxy sets; allauth's rate limits and the subscribe page use it.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = env.str("TRUSTED_CLIENT_IP_HEADER", default="") or None
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    # The key is the account together with the client's address (AccountAdapter), so wrong passwords from
    # a stranger never lock the owner out where they usually sign in; the waits grow: 5 failures wait out
    # 5 minutes, 10 an hour, 20 a day. A password reset through the emailed link clears them.
    "login_failed": "10/m/ip,60/h/ip,5/5m/key,10/h/key,20/d/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "confirm_email": "1/3m/key",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
}
MFA_ADAPTER = "coopportal.users.adapters.MFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Coop Portal"

# --- Internationalisation -----------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("ru", _("Russian")), ("kk", _("Kazakh")), ("fa", _("Persian"))]
# Our catalog first, so our wording wins; then Kazakh for allauth, which ships none.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale" / "allauth"]
# Content fields (lessons, levels, program types...) get a column per language (django-modeltranslation,
# registered in each app's translation.py). English is always filled; a missing translation reads English.
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_LANGUAGES = ("en", "ru", "kk", "fa")
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
# A row created with the plain field name (`Level(name=...)`) also fills the English column.
MODELTRANSLATION_AUTO_POPULATE = "default"
# The switcher's choice outlives the browser session (a year), as a visitor expects.
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SECURE = PRODUCTION
TIME_ZONE = env.str("TIME_ZONE", default="Asia/Almaty")
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True
NUMBER_GROUPING = 3
# Persian separators and Kazakh dates, which Django does not ship; other locales use Django's.
FORMAT_MODULE_PATH = ["coopportal.formats"]

# --- Static and media ---------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# Uploaded files are never served from a public URL; downloads go through permission-checking views.
MEDIA_URL = "/media-not-served/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Limits on what a request may carry, checked before the body is read: a form's fields (not its files) at
# most DATA_UPLOAD_MAX_MEMORY_SIZE, one file at most MAX_UPLOAD_BYTES (kept no further; the form states its
# size), a whole multipart body at most MAX_REQUEST_BYTES by its Content-Length (400 otherwise; the reverse
# proxy should refuse the same, see the README). A DOCX/ODT/XLSX/ODS must not expand past
# MAX_UNZIPPED_UPLOAD_BYTES.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
MAX_UPLOAD_BYTES = env.int("MAX_UPLOAD_BYTES", default=10 * 1024 * 1024)
MAX_REQUEST_BYTES = env.int("MAX_REQUEST_BYTES", default=2 * MAX_UPLOAD_BYTES + DATA_UPLOAD_MAX_MEMORY_SIZE)
MAX_UNZIPPED_UPLOAD_BYTES = env.int("MAX_UNZIPPED_UPLOAD_BYTES", default=100 * 1024 * 1024)
FILE_UPLOAD_HANDLERS = [
    "coopportal.uploads.UploadLimitHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

# --- Email --------------------------------------------------------------------
# Every email goes through the outbox (coopportal.mail); its SMTP backend tells "not sent" from
# "sent, but the server's answer was lost".
EMAIL_BACKEND = env.str(
    "EMAIL_BACKEND",
    default="coopportal.mail.smtp.EmailBackend" if PRODUCTION else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
# A hung mail server holds a worker this long at most (seconds).
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)
EMAIL_FILE_PATH = env.str("EMAIL_FILE_PATH", default=str(BASE_DIR / "sent-mail"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Coop Portal <no-reply@coopportal.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# An email whose sending failed for a transient reason is tried again after MAIL_RETRY_BACKOFF_SECONDS,
# doubling up to MAIL_RETRY_BACKOFF_MAX_SECONDS, until MAIL_RETRY_FOR_SECONDS after it was written
# (defaults: 1 min, 2 min, 4 min… then hourly, for 26 hours).
MAIL_RETRY_BACKOFF_SECONDS = env.int("MAIL_RETRY_BACKOFF_SECONDS", default=60)
MAIL_RETRY_BACKOFF_MAX_SECONDS = env.int("MAIL_RETRY_BACKOFF_MAX_SECONDS", default=3600)
MAIL_RETRY_FOR_SECONDS = env.int("MAIL_RETRY_FOR_SECONDS", default=26 * 3600)
# A worker holds a claimed email this long (longer than EMAIL_TIMEOUT covers a slow send).
MAIL_CLAIM_LEASE_SECONDS = env.int("MAIL_CLAIM_LEASE_SECONDS", default=300)
MAIL_SWEEP_SECONDS = env.float("MAIL_SWEEP_SECONDS", default=60.0)
ASSOCIATION_EMAIL = env.str("ASSOCIATION_EMAIL", default="office@coopportal.local")
# The language of the association's own copies (protocols emailed to ASSOCIATION_EMAIL).
ASSOCIATION_LANGUAGE = env.str("ASSOCIATION_LANGUAGE", default="ru")

# --- Text messages (SMS) -------------------------------------------------------
# The subscribe page's one-time codes. Console prints them; production names a provider backend,
# e.g. coopportal.sms.backends.http.SmsBackend with SMS_HTTP_URL and SMS_HTTP_TOKEN.
SMS_BACKEND = env.str("SMS_BACKEND", default="coopportal.sms.backends.console.SmsBackend")
SMS_HTTP_URL = env.str("SMS_HTTP_URL", default="")
SMS_HTTP_TOKEN = env.str("SMS_HTTP_TOKEN", default="")
SMS_SENDER = env.str("SMS_SENDER", default="CoopPortal")
SMS_HTTP_TIMEOUT = env.int("SMS_HTTP_TIMEOUT", default=10)

# --- Celery -------------------------------------------------------------------
# The longest task (a PDF render) is cut at CELERY_TASK_TIME_LIMIT; Redis must not
# redeliver a message that is still being worked on, so the visibility timeout is longer.
CELERY_VISIBILITY_TIMEOUT = 3600
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL or "memory://")
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default=REDIS_URL or "cache+memory://")
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = 120
CELERY_TASK_TIME_LIMIT = 180
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_RESULT_EXPIRES = 24 * 3600
# Tasks record their outcome in the database; not waiting on results also keeps a lost
# Redis from stalling the web request that enqueues (the result consumer retries for ~20 s).
CELERY_TASK_IGNORE_RESULT = True
# Celery's Django fixup closes the database connection around every task; keep it open as a web
# request does (coopportal/celery.py closes it by CONN_MAX_AGE and health checks instead).
CELERY_DB_REUSE_MAX = env.int("CELERY_DB_REUSE_MAX", default=1000)
CELERY_TIMEZONE = TIME_ZONE
# A stopped or hung Redis answers no later than half a second, so publishing a task (which a request does
# after its commit) gives up quickly; coopportal.queueing leaves the work to the sweepers then.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": CELERY_VISIBILITY_TIMEOUT,
    "socket_timeout": REDIS_SOCKET_TIMEOUT,
    "socket_connect_timeout": REDIS_SOCKET_TIMEOUT,
}
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {"visibility_timeout": CELERY_VISIBILITY_TIMEOUT}
CELERY_REDIS_SOCKET_TIMEOUT = REDIS_SOCKET_TIMEOUT
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = REDIS_SOCKET_TIMEOUT
CELERY_BROKER_CONNECTION_TIMEOUT = REDIS_SOCKET_TIMEOUT
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_PUBLISH_RETRY = True
# One quick retry covers a pooled connection that Redis closed (a restart); no more, or a hung Redis
# would hold the request.
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 0, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = True
CELERY_BEAT_SCHEDULE = {
    # Documents whose render message was lost (broker down, worker killed) are picked up again.
    "accreditation-sweep-documents": {
        "task": "accreditation.sweep_documents",
        "schedule": env.float("ACCREDITATION_DOCUMENT_SWEEP_SECONDS", default=15.0),
    },
    "sweep-outbound-email": {"task": "mail.sweep_outbound_email", "schedule": MAIL_SWEEP_SECONDS},
    # Sign-ups on the subscribe page that were never confirmed are deleted once they expire.
    "courses-expire-sign-ups": {"task": "courses.expire_sign_ups", "schedule": 15 * 60.0},
}

# --- Accreditation ------------------------------------------------------------
ACCREDITATION_ISSUER = env.str(
    "ACCREDITATION_ISSUER",
    default="National Association of Cooperatives and Other Forms of Economic Communities"
    " of the Republic of Kazakhstan",
)
ACCREDITATION_MAX_EXAM_ATTEMPTS = env.int("ACCREDITATION_MAX_EXAM_ATTEMPTS", default=2)
# The specialty exam's time window for answering the three tasks, from when the candidate starts.
SPECIALTY_ANSWER_MINUTES = env.int("SPECIALTY_ANSWER_MINUTES", default=180)
# Certificate lookups per client address (django-ratelimit's "count/period"): enough for a person
# checking a few agents, too few to walk the certificate numbers.
ACCREDITATION_LOOKUP_RATE = env.str("ACCREDITATION_LOOKUP_RATE", default="30/m")
# A worker holds a claimed document this long and renews the claim every third of it while rendering;
# a killed worker's document is free again within this time, and the sweeper (every 15 s) hands it on.
ACCREDITATION_DOCUMENT_LEASE_SECONDS = env.int("ACCREDITATION_DOCUMENT_LEASE_SECONDS", default=30)
ACCREDITATION_DOCUMENT_MAX_ATTEMPTS = env.int("ACCREDITATION_DOCUMENT_MAX_ATTEMPTS", default=5)

# --- Credentials (Open Badges 3.0, VC-JOSE, did:web) ------------------------------
# Ed25519 private keys as PEM blocks, oldest first; the newest signs, all stay in the DID document.
CREDENTIAL_SIGNING_KEYS = env.str("CREDENTIAL_SIGNING_KEYS", default="")
CREDENTIAL_SIGNING_KEYS_FILE = env.str("CREDENTIAL_SIGNING_KEYS_FILE", default="")
if PRODUCTION and not (CREDENTIAL_SIGNING_KEYS or CREDENTIAL_SIGNING_KEYS_FILE):
    raise ImproperlyConfigured(
        "DJANGO_PRODUCTION needs the credential signing key: CREDENTIAL_SIGNING_KEYS (PEM) or"
        " CREDENTIAL_SIGNING_KEYS_FILE (`manage.py new_credential_key` makes one)."
    )
# The embedded default generates its key here on first use (gitignored).
CREDENTIAL_LOCAL_KEY_FILE = env.path(
    "CREDENTIAL_LOCAL_KEY_FILE", default=BASE_DIR / "var" / "credential-signing-key.pem"
)
# Bits per status list; the Bitstring Status List spec asks for at least 131,072 (16 KB) for herd privacy.
CREDENTIAL_STATUS_LIST_SIZE = max(131_072, env.int("CREDENTIAL_STATUS_LIST_SIZE", default=131_072))
# How long a status list may be cached by verifiers (seconds; also its `ttl`).
CREDENTIAL_STATUS_LIST_MAX_AGE = env.int("CREDENTIAL_STATUS_LIST_MAX_AGE", default=300)
# The biggest credential the public check page accepts (pasted or uploaded).
CREDENTIAL_CHECK_MAX_BYTES = 64 * 1024

# --- Security -----------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz/"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # WeasyPrint and fontTools narrate every render step at INFO.
    "loggers": {name: {"level": "WARNING"} for name in ("weasyprint", "fontTools")},
}
