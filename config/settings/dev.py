"""Demo / local development: debug on, demo hints on the login pages, mail to the console."""

import os

os.environ.setdefault("DEMO_MODE", "true")
os.environ.setdefault("DJANGO_DEBUG", "true")

from config.settings.base import *  # noqa: F403
from config.settings.embedded_fallback import with_embedded_database

DATABASE_URL, DATABASES = with_embedded_database()
