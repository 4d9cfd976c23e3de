"""Tests: fast hashing, mail kept in memory, Celery tasks run in-process."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-secret-key")
os.environ.setdefault("DEMO_MODE", "false")

from config.settings.base import *  # noqa: F403
from config.settings.embedded_fallback import with_embedded_database

DATABASE_URL, DATABASES = with_embedded_database()

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
AXES_FAILURE_LIMIT = 5
# Each test process counts in its own memory, never in a Redis that CI shares; the rate limits are off
# except in the tests that switch them on (tests/test_api_throttling.py).
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"user": None, "organisation_key": None}}  # noqa: F405
