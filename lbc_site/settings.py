"""One settings module for every environment, driven by environment variables.

The defaults suit development: SQLite in the project folder, DEBUG on, local-memory cache.
Production sets DEBUG=0, SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL (PostgreSQL) and REDIS_URL.
"""

from datetime import timedelta
from pathlib import Path

from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured

from lbc_site.env import (
    env_bool,
    env_database,
    env_int,
    env_list,
    env_redis_url,
    env_searches,
    env_str,
    env_url,
    secret_key_weakness,
)

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", True)

_DEV_SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"
SECRET_KEY = env_str("SECRET_KEY", _DEV_SECRET_KEY if DEBUG else "")
if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
if not DEBUG and (weakness := secret_key_weakness(SECRET_KEY, dev_default=_DEV_SECRET_KEY)):
    raise ImproperlyConfigured(f"SECRET_KEY is too weak for production: {weakness}")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]", "testserver"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "literature",
    "courses",
    "lti",
    "adminsortable2",
    "django_filters",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
    "csp",
    "axes",
    "api",
    "ops",
]

MIDDLEWARE = [
    # First: every request gets an id and a log line, health probes included.
    "ops.middleware.RequestLogMiddleware",
    # Before the Host check and the HTTPS redirect: a load balancer probes by address over plain http.
    "ops.middleware.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "lbc_site.middleware.RefuseUnusableQueriesMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "lbc_site.responses.LanguageFromQueryMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # ETag on every GET, and 304 for a matching If-None-Match / If-Modified-Since.
    "django.middleware.http.ConditionalGetMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: counts failed admin logins and locks out (lbc_site/clients.py).
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "lbc_site.permissions.PermissionsInOneQuery",  # reads permissions for ModelBackend, in one query
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "lbc_site.urls"

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
            ],
        },
    },
]

WSGI_APPLICATION = "lbc_site.wsgi.application"

DATABASES = {
    "default": env_database(
        "DATABASE_URL",
        f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0 if DEBUG else 60),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Readers keep reading while an import writes (WAL), a writer waits for another instead of failing at
    # once (timeout), and a transaction takes the write lock when it begins (IMMEDIATE), so two transactions
    # that read and then write cannot deadlock into "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "timeout": env_int("SQLITE_BUSY_TIMEOUT", 30),
        "transaction_mode": "IMMEDIATE",
    }

# PostgreSQL: a connection keeps the content-version stamps it read until a commit changes them, which the database
# tells it (LISTEN/NOTIFY; literature/version_memo.py). Set 0 behind a connection pooler in transaction mode, which
# cannot keep a LISTEN: every read then asks the database.
DATABASE_LISTEN = env_bool("DATABASE_LISTEN", True)

if DATABASES["default"]["ENGINE"] == "lbc_site.postgresql" and env_bool("DATABASE_PREPARED_STATEMENTS", True):
    # A query that a process runs again and again (the content versions, a course's stamps, a page of the library)
    # is planned once per connection, not on every request: PostgreSQL spent longer planning them than running them.
    # Prepared statements need the parameters bound by the server. Set 0 behind a connection pooler that cannot
    # keep prepared statements (PgBouncer before 1.21 in transaction mode).
    DATABASES["default"]["OPTIONS"] = {
        **DATABASES["default"].get("OPTIONS", {}),
        "server_side_binding": True,
        "prepare_threshold": 2,
    }

# The cache holds pages, API reads and formatted citations; sessions live in the database and LTI nonces
# in their own table, so any number of app servers sharing the database and this cache agree.
# Each app server process also keeps copies of the pages and fragments it read (lbc_site/cache.py): their keys name
# their content, so a copy is as fresh as Redis's.
REDIS_URL = env_redis_url("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "lbc_site.cache.RedisCacheWithLocalCopies",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"LOCAL_BYTES": env_int("CACHE_LOCAL_MB", 64) * 1024 * 1024},
        }
    }
else:
    # Room for every formatted citation of a large library (the default of 300 entries would thrash).
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "OPTIONS": {"MAX_ENTRIES": 50_000}}
    }

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("zh-hans", "简体中文")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Security: safe by default whenever DEBUG is off; each can be relaxed explicitly
# (for example SECURE_SSL_REDIRECT=0 behind a proxy that already redirects).
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_HTTPS_PROXY", False) else None
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
# Every cookie: Secure over HTTPS (when DEBUG is off) and SameSite=Lax. The citation-style cookie does the same
# per request (literature/style_choice.py).
LANGUAGE_COOKIE_SECURE = env_bool("LANGUAGE_COOKIE_SECURE", not DEBUG)
LANGUAGE_COOKIE_SAMESITE = SESSION_COOKIE_SAMESITE = CSRF_COOKIE_SAMESITE = "Lax"
# How many proxies in front of the site append to X-Forwarded-For; 0 (the default) trusts none of it, so a client
# cannot pick the address that login lockouts and API rate limits count.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)

# Admin login lockout (django-axes): LOGIN_FAILURE_LIMIT failed logins for one user name from one address lock that
# pair out for LOGIN_COOLOFF_MINUTES (429 with Retry-After); a successful login resets the count.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "lbc_site.clients.client_ip"
AXES_LOCKOUT_CALLABLE = "lbc_site.clients.login_locked_out"
AXES_VERBOSE = False
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content Security Policy (django-csp): our own scripts, styles, images and fonts only; no inline script.
# Inline style *attributes* are allowed because CSL styles mark small caps and underlining with them
# (literature/citations/output.py); browsers without style-src-attr fall back to style-src and drop them.
# The LTI views replace frame-ancestors with the registered platforms' origins (lti/views.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "style-src-attr": [UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "api.authentication.ThrottledTokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["api.permissions.InstructorsWriteOwnCourses"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.Pagination",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env_str("API_ANON_RATE", "600/minute"),
        "user": env_str("API_USER_RATE", "1200/minute"),
        # Failed token logins per client address (api/authentication.py).
        "token_failures": env_str("API_TOKEN_FAILURE_RATE", "10/minute"),
    },
    # DRF's default (None) would take X-Forwarded-For from anyone; count addresses as lbc_site/clients.py does.
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
    # JSON bodies are size- and depth-checked before parsing (api/parsers.py).
    "DEFAULT_PARSER_CLASSES": [
        "api.parsers.BoundedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    # The browsable API (HTML forms) only while developing: production serves JSON and the bibliography formats.
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        *(["rest_framework.renderers.BrowsableAPIRenderer"] if env_bool("API_BROWSABLE", DEBUG) else []),
    ],
    "EXCEPTION_HANDLER": "api.errors.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Urban left-behind children: reading lists API",
    "DESCRIPTION": "Read the article's references, themes and published courses; instructors edit their own courses.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # The docs page loads Swagger UI from our own static files, never a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "api.schema.add_error_responses"],
}
# LMS origins allowed to call the API from a browser, e.g. https://moodle.example.edu
CORS_ALLOWED_ORIGINS = env_list("CORS_ALLOWED_ORIGINS", [])
CORS_URLS_REGEX = r"^/api/.*$"
# LTI platforms' URLs over plain http and on local addresses (development, tests); never in production.
LTI_ALLOW_INSECURE_URLS = env_bool("LTI_ALLOW_INSECURE_URLS", False)

# "Find it at your library": the base address of the institution's OpenURL (Z39.88-2004) link resolver, e.g. an
# SFX, Alma or 360 Link address such as https://example.alma.exlibrisgroup.com/view/uresolver/44EXA_INST/openurl.
# Off (no link) when unset.
OPENURL_RESOLVER = env_url("OPENURL_RESOLVER")
# Title searches offered with every reading: "Name|https://…{query}…" entries separated by ";".
CATALOGUE_SEARCHES = env_searches(
    "CATALOGUE_SEARCHES",
    [
        ("CNKI", "https://kns.cnki.net/kns8s/defaultresult/index?kw={query}"),
        ("Wanfang", "https://s.wanfangdata.com.cn/paper?q={query}"),
        ("Google Scholar", "https://scholar.google.com/scholar?q={query}"),
    ],
)

# The health check answers over plain http for a load balancer's probe (ops/middleware.py answers it even
# before this redirect runs; the exemption keeps the route itself safe if that middleware moves).
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# One line per request (ops.middleware) and errors with their traceback, on stderr; each line carries the
# request's id, so the lines of one request can be found together.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "ops.logging.RequestIdFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["request_id"], "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # Django's own server already prints a line per request in development; ours says the same.
    "loggers": {"django.server": {"level": "WARNING"}},
}

# Error reports to Sentry, only when a DSN is given (sentry_sdk is not even imported otherwise).
SENTRY_DSN = env_str("SENTRY_DSN", "")
if SENTRY_DSN:
    import sentry_sdk

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        environment=env_str("SENTRY_ENVIRONMENT", "production"),
        send_default_pii=False,  # no user names, addresses or cookies in reports
    )
