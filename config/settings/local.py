"""Development on a bare machine: SQLite, the filesystem broker, mail to the console."""

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = SECRET_KEY or "django-insecure-local-development-only"  # noqa: S105
(BASE_DIR / "var").mkdir(exist_ok=True)
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
# Serve straight from static/ while developing, so `make run` needs no collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
