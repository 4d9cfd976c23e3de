"""The development convenience shared by the demo and the tests: without DATABASE_URL an embedded
PostgreSQL (the pgserver wheel, installed with the ``dev`` extra) runs from the data folder."""

from dj_database_url import DBConfig

from config.embedded import embedded_database_url
from config.settings.base import DATA_DIR, DATABASE_URL, DATABASES, database_settings


def with_embedded_database() -> tuple[str, dict[str, DBConfig]]:
    if DATABASE_URL:
        return DATABASE_URL, DATABASES
    url = embedded_database_url(DATA_DIR)
    return url, database_settings(url)
