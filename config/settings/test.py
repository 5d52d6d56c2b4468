"""The test suite: whatever DATABASE_URL / CELERY_BROKER_URL point at, SQLite and the filesystem broker otherwise."""

from .base import *  # noqa: F403

SECRET_KEY = "test-only-secret-key-not-for-production"  # noqa: S105
DEBUG = False
(BASE_DIR / "var").mkdir(exist_ok=True)
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
WHITENOISE_USE_FINDERS = True
# Live-server threads must not keep connections open, or the test database cannot be dropped afterwards.
DATABASES["default"]["CONN_MAX_AGE"] = 0
# Tasks run in-process at commit in unit tests; tests/integration drives a real worker.
CELERY_TASK_ALWAYS_EAGER = True
# MFA is required for staff everywhere else; the tests of that rule turn it on (tests/accounts/test_mfa.py),
# the others log staff in without a second factor.
MFA_REQUIRED = False
