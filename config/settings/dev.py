"""Demo / local development: demo hints on the login pages, mail to the console.

The demo shows the product's own error pages (404, 500): debug is off unless ``DJANGO_DEBUG=true`` is set.
Static files are served by WhiteNoise straight from the sources, so an edited stylesheet shows at once.
"""

import os

os.environ.setdefault("DEMO_MODE", "true")
os.environ.setdefault("DJANGO_DEBUG", "false")

from config.settings.base import *  # noqa: F403
from config.settings.embedded_fallback import with_embedded_database

DATABASE_URL, DATABASES = with_embedded_database()
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
