"""Settings for the benchmarks: the local settings with DEBUG off, so templates are cached and no query log grows,
as in production, plus the bench-only view of bench/urls.py. DATABASE_URL and MEDIA_ROOT come from the environment
(bench/portfolio.py sets both)."""

from config.settings.local import *  # noqa: F403

DEBUG = False
WHITENOISE_AUTOREFRESH = False
ALLOWED_HOSTS = ["127.0.0.1"]
ROOT_URLCONF = "bench.urls"
