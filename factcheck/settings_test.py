"""The test suite's settings: the project's own, with a throwaway key and fast hashing.

Tests run with DEBUG off, as production does; static files come from the apps' folders.
"""

import os

os.environ.setdefault("SECRET_KEY", "tests-only-not-a-secret")

from factcheck.settings import *  # noqa: F403
from factcheck.settings import MIDDLEWARE, STORAGES

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# The test live server serves static files itself.
MIDDLEWARE = [m for m in MIDDLEWARE if m != "whitenoise.middleware.WhiteNoiseMiddleware"]
# Fast hashing keeps a suite with many users quick; production keeps Django's default.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
