"""The test suite's settings: the portal's own, in development mode, with fast hashing.

DATABASE_URL and REDIS_URL come from the environment as for the portal, so CI runs
the suite on PostgreSQL and Redis and a laptop on SQLite.
"""

import os

os.environ.setdefault("DEBUG", "1")

from tracekei.settings import *  # noqa: F403

# Hashing passwords properly is slow on purpose; the suite creates many users.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Rate limits are tested where they matter; elsewhere they would trip on repeated log-ins.
ACCOUNT_RATE_LIMITS = False
# pytest-django turns DEBUG off at run time; static files still come from the finders,
# as under runserver, since the suite never runs collectstatic.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
