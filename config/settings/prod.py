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
SECURE_REDIRECT_EXEMPT = [r"^health/$"]  # the load balancer checks over plain HTTP
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
