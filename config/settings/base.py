"""Settings shared by every environment; values that differ per machine come from the environment."""

import datetime
import os
from pathlib import Path
from typing import Any

import dj_database_url
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "allauth.mfa",
    "pgtrigger",
    "pghistory",
    "accounts",
    "dossier",
    "portfolio",
    "assessment",
    "diploma",
    "history",
    "invitations",
    "ooapi",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "config.middleware.ApiDocsCspMiddleware",
    "config.middleware.NoStoreMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "accounts.middleware.PasswordResetThrottleMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.middleware.MfaRequiredMiddleware",
    "config.input.InputEdgeMiddleware",
    "config.middleware.SlidingSessionMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "config.audit.AuditMiddleware",
    "invitations.middleware.InvitationScopeMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes requires: it turns a locked-out login into the lockout response.
    "axes.middleware.AxesMiddleware",
]

# pghistory's request context (who, which URL) on the requests that write: with GET in the list it prefixes every
# query of every page with two set_config calls. No GET view writes an audited model.
PGHISTORY_MIDDLEWARE_METHODS = ("POST", "PUT", "PATCH", "DELETE")

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "assessment.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}"),
        conn_max_age=0,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Persistent connections with a health check: a dropped connection is replaced, not reused.
    DATABASES["default"]["CONN_MAX_AGE"] = int(os.environ.get("CONN_MAX_AGE", "60"))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

# Django's validators, with texts the portal translates itself (see accounts/password_validation.py).
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "accounts.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "accounts.password_validation.MinimumLengthValidator"},
    {"NAME": "accounts.password_validation.CommonPasswordValidator"},
    {"NAME": "accounts.password_validation.NumericPasswordValidator"},
]

AUTHENTICATION_BACKENDS = [
    "accounts.backends.IpFailureLimitBackend",
    "axes.backends.AxesStandaloneBackend",
    "accounts.backends.AccessBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Logins through django-allauth: username and password, single sign-on by OpenID Connect, MFA.
# Accounts are made by the school (imports, the admin), never by signing up.
ACCOUNT_ADAPTER = "accounts.adapters.PortalAccountAdapter"
SOCIALACCOUNT_ADAPTER = "accounts.adapters.PortalSocialAccountAdapter"
ACCOUNT_LOGIN_METHODS = {"username"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "email", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_SESSION_REMEMBER = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
# django-axes and accounts.throttle lock failed logins per username and address; allauth's counters would
# answer differently. Its other limits (MFA codes, reauthentication) stay, with templates/429.html.
ACCOUNT_RATE_LIMITS = {"login_failed": None, "login": None}
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False  # accounts/adapters.py matches SSO users itself
SOCIALACCOUNT_STORE_TOKENS = False

# Single sign-on with the school's identity provider (Microsoft Entra ID, SURFconext, ...): OpenID Connect,
# authorization code with PKCE. OIDC_SERVER_URL is the issuer (its /.well-known/openid-configuration).
OIDC_SERVER_URL = os.environ.get("OIDC_SERVER_URL", "").rstrip("/")
OIDC_PROVIDER_ID = os.environ.get("OIDC_PROVIDER_ID", "school")
# Claim that carries the studentnummer (SURFconext: schac_personal_unique_code, whose last ":" part counts).
OIDC_STUDENTNUMMER_CLAIM = os.environ.get("OIDC_STUDENTNUMMER_CLAIM", "studentnummer")
SOCIALACCOUNT_PROVIDERS = {
    "openid_connect": {
        "OAUTH_PKCE_ENABLED": True,
        "APPS": [
            {
                "provider_id": OIDC_PROVIDER_ID,
                "name": os.environ.get("OIDC_NAME", "Schoolaccount"),
                "client_id": os.environ.get("OIDC_CLIENT_ID", ""),
                "secret": os.environ.get("OIDC_CLIENT_SECRET", ""),
                "settings": {
                    "server_url": OIDC_SERVER_URL,
                    "token_auth_method": os.environ.get("OIDC_TOKEN_AUTH_METHOD", "client_secret_basic"),
                    "scope": env_list("OIDC_SCOPES", "openid,profile,email"),
                },
            }
        ]
        if OIDC_SERVER_URL
        else [],
    }
}

# MFA (TOTP, WebAuthn security keys and passkeys, recovery codes): required for coordinators, beheerders
# and the examencommissie before any of their pages or the API (accounts/mfa.py); students may enable it.
MFA_REQUIRED = env_bool("MFA_REQUIRED", True)
MFA_SUPPORTED_TYPES = ["totp", "webauthn", "recovery_codes"]
MFA_FORMS = {"activate_totp": "accounts.forms.ActivateTotpForm"}
MFA_TOTP_ISSUER = os.environ.get("MFA_TOTP_ISSUER", "Dossierportaal")
MFA_PASSKEY_LOGIN_ENABLED = True
# Addresses come from the school's records, not from self-service, so allauth's verification step does not apply.
MFA_ALLOW_UNVERIFIED_EMAIL = True
# WebAuthn needs https, except on localhost during development.
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEBUG

# Brute-force protection: lock the combination of username and IP address, so an attacker can
# neither lock a student out from elsewhere nor try many usernames from one address unnoticed.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = datetime.timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# Behind AXES_PROXY_COUNT reverse proxies the client is taken from X-Forwarded-For, counted from the right
# (the settings django-axes documents for proxies; config/clientip.py applies them without django-ipware).
AXES_IPWARE_PROXY_COUNT = int(os.environ.get("AXES_PROXY_COUNT", "0"))
AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
AXES_CLIENT_IP_CALLABLE = "config.clientip.client_ip"
# And an address that fails this often within the cool-off, whatever the usernames, is locked for everyone.
LOGIN_IP_FAILURE_LIMIT = int(os.environ.get("AXES_IP_FAILURE_LIMIT", "30"))
LOGIN_IP_FAILURE_WINDOW = AXES_COOLOFF_TIME
# Password-reset mails: at most this many per e-mail address per 15 minutes and per client IP per hour.
PASSWORD_RESET_ADDRESS_LIMIT = int(os.environ.get("PASSWORD_RESET_ADDRESS_LIMIT", "3"))
PASSWORD_RESET_ADDRESS_MINUTES = 15
PASSWORD_RESET_IP_LIMIT = int(os.environ.get("PASSWORD_RESET_IP_LIMIT", "20"))

# Sessions end after SESSION_IDLE_HOURS without a request (a school day); requests extend them, through
# config.middleware.SlidingSessionMiddleware: SESSION_SAVE_EVERY_REQUEST would write the session on every page.
SESSION_COOKIE_AGE = int(float(os.environ.get("SESSION_IDLE_HOURS", "8")) * 60 * 60)
SESSION_SAVE_EVERY_REQUEST = False
SESSION_REFRESH_SECONDS = 5 * 60
SESSION_COOKIE_HTTPONLY = True

# Rate-limit counters; with several workers CACHE_URL (redis://...) makes them shared.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
if os.environ.get("CACHE_URL"):
    CACHES["default"] = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": os.environ["CACHE_URL"]}

# Content-Security-Policy on every response: no inline script or style anywhere (see static/js/).
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
}
if OIDC_SERVER_URL:
    # The single sign-on button posts here and is redirected to the identity provider: browsers check that too.
    SECURE_CSP["form-action"] = [CSP.SELF, OIDC_SERVER_URL]
# Redoc and Swagger UI at /api/docs/ only (config/middleware.py): their templates inline code.
SECURE_CSP_API_DOCS = {
    **SECURE_CSP,
    "script-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:", "blob:"],
    "font-src": [CSP.SELF, "data:"],
    "worker-src": [CSP.SELF, "blob:"],
}

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "portfolio:home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands")), ("en", _("Engels"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Short date formats per language (config/formats/<lang>/formats.py), on top of Django's own.
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
FIXTURE_DIRS = [BASE_DIR / "fixtures"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "var" / "staticfiles"))
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))
# Evidence is served only through views that check permission: no URL pattern serves MEDIA_URL, and
# the web server must not either. Django needs a value (its test server would claim every path for "").
MEDIA_URL = "/_private-media/"
STORAGES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if os.environ.get("STORAGE_BACKEND") == "s3":
    # S3-compatible object storage; private objects, never overwritten, served through our views.
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["S3_BUCKET"],
            "endpoint_url": os.environ.get("S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("S3_REGION") or None,
            "access_key": os.environ.get("S3_ACCESS_KEY_ID") or None,
            "secret_key": os.environ.get("S3_SECRET_ACCESS_KEY") or None,
            "default_acl": "private",
            "file_overwrite": False,
            "querystring_auth": True,
        },
    }

UPLOAD_MAX_BYTES = int(os.environ.get("UPLOAD_MAX_MB", "50")) * 1024 * 1024
# Uploads above this size go to a temporary file on disk, so no upload is held in memory whole.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# Paths whose every error is an RFC 7807 problem (config.problems): the OOAPI of ooapi/api.
PROBLEM_JSON_PATHS = ["/ooapi/"]

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticated",
        "accounts.permissions.MfaRequired",
    ],
    "DEFAULT_PARSER_CLASSES": [
        "config.input.LimitedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "config.api.exception_handler",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Dossierportaal API",
    "DESCRIPTION": "Kwalificatiedossiers, portfolio's en beoordelingen voor het mbo.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    # Swagger UI and Redoc from the installed sidecar package: no CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "BewijsstukStatusEnum": "portfolio.models.Bewijsstuk.Status",
        "CriteriumSoortEnum": "dossier.models.Criterium.Soort",
        "BeoordelingSoortEnum": "assessment.models.Beoordeling.Soort",
        "BeoordelingStatusEnum": "assessment.models.Beoordeling.Status",
        "BeoordelingRolEnum": "assessment.models.Beoordeling.Rol",
        "ToewijzingRolEnum": "portfolio.models.Beoordelaarstoewijzing.Rol",
        "PogingStatusEnum": "assessment.models.Examenpoging.Status",
        "NiveauEnum": "assessment.models.Niveau",
        "UitnodigingStatusEnum": "invitations.models.Uitnodiging.Status",
    },
    "PATH_CONVERTER_OVERRIDES": {"id": {"type": "integer", "minimum": 0, "maximum": 999_999_999_999_999_999}},
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "config.schema.document_errors",
    ],
}

CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "filesystem://")
CELERY_BROKER_FOLDER = Path(os.environ.get("CELERY_BROKER_FOLDER", BASE_DIR / "var" / "broker"))
if CELERY_BROKER_URL.startswith("filesystem://"):
    # The embedded broker: a real worker with no server, for `make run` on a bare machine.
    for sub in ("queue", "processed"):
        (CELERY_BROKER_FOLDER / sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_BROKER_FOLDER / "queue"),
        "data_folder_out": str(CELERY_BROKER_FOLDER / "queue"),
        "processed_folder": str(CELERY_BROKER_FOLDER / "processed"),
        # kombu keeps its exchange tables here (default: ./control in the working directory).
        "control_folder": str(CELERY_BROKER_FOLDER / "control"),
        "store_processed": False,
    }
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND") or None
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 30 * 60
CELERY_TIMEZONE = TIME_ZONE
# A report whose worker stopped sending heartbeats is requeued (or failed after 3 attempts).
REPORT_STALE_SECONDS = int(os.environ.get("REPORT_STALE_SECONDS", "300"))
# An enrolment CSV with more rows than this is imported by a Celery job (a request would time out).
IMPORT_BACKGROUND_ROWS = int(os.environ.get("IMPORT_BACKGROUND_ROWS", "200"))
CELERY_BEAT_SCHEDULE = {
    "reap-reports": {"task": "diploma.tasks.reap_reports_task", "schedule": 60.0, "options": {"expires": 55}},
    "refresh-gereedheid": {
        "task": "diploma.tasks.refresh_stale_gereedheid_task",
        "schedule": 300.0,
        "options": {"expires": 290},
    },
}

MAILERS: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")},
}
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# How long an activation link (accounts.activation) stays valid, in seconds: 14 days unless set.
ACTIVATION_TIMEOUT = int(os.environ.get("ACTIVATION_TIMEOUT", str(14 * 24 * 3600)))
# How long an invitation link for a praktijkbeoordelaar (invitations app) stays valid, in seconds: 30 days.
INVITATION_TIMEOUT = int(os.environ.get("INVITATION_TIMEOUT", str(30 * 24 * 3600)))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Dossierportaal <noreply@dossierportaal.local>")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # pikepdf announces its logging bridge at INFO on first use; only its warnings matter.
    "loggers": {"pikepdf": {"level": "WARNING"}},
}
