"""Production: every secret from the environment; HTTPS only."""

from django.core.exceptions import ImproperlyConfigured

from config.settings.base import *  # noqa: F403
from config.settings.base import DATABASE_URL, REDIS_URL, env_bool

# No embedded fallbacks here: a lost secret must stop the deployment, not start it on an empty local database
# or a broker folder on one host.
if not DATABASE_URL:
    raise ImproperlyConfigured(
        "DATABASE_URL (or DATABASE_URL_FILE) is not set. Production settings never start the embedded "
        "development database: point DATABASE_URL at the PostgreSQL server, e.g. postgres://user@host:5432/pga."
    )
if not REDIS_URL:
    raise ImproperlyConfigured(
        "REDIS_URL (or REDIS_URL_FILE) is not set. Production settings need Redis as the Celery broker, "
        "e.g. redis://redis:6379/0."
    )

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = 31536000
# The app's own host and every name below it are HTTPS only.
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# Preloading commits the whole registrable domain (the municipality's, usually) to HTTPS in every browser
# and is hard to undo: that is the domain owner's decision, not the app's, so it is off unless asked for.
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SECURE_REDIRECT_EXEMPT = [r"^health/$"]  # the load balancer checks over plain HTTP
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# security.W021 only says the site "cannot be submitted to the browser preload list". With preload off
# that is the deliberate choice above (and an app on a subdomain, pga.gemeente.nl, cannot be submitted
# at all: only the registrable domain can), so it is not a defect of this deployment.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
