"""mypy's django-stubs plugin: the test settings, loaded without a database.

The plugin imports the settings to learn the installed apps and models; without ``DATABASE_URL`` the test
settings would start the embedded PostgreSQL. Settings only parse the URL, nothing connects to it.
"""

import os

os.environ.setdefault("DATABASE_URL", "postgres://typecheck@127.0.0.1:9/unused")

from config.settings.test import *  # noqa: F403
