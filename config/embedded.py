"""Embedded defaults for a fresh machine: PostgreSQL from the pgserver wheel, a file-based Celery broker.

Used only when ``DATABASE_URL`` / ``REDIS_URL`` are not set. The data lives in the git-ignored ``.data``
folder of the project, so the demo survives restarts.
"""

from __future__ import annotations

import logging
from pathlib import Path

logger = logging.getLogger(__name__)


def embedded_database_url(data_dir: Path) -> str:
    import pgserver

    logging.getLogger("pgserver").setLevel(logging.WARNING)  # its exit hook logs after streams closed

    pg_dir = data_dir / "pg"
    pg_dir.mkdir(parents=True, exist_ok=True)
    # cleanup_mode=None keeps the server running for the web server, worker and beat processes alike.
    server = pgserver.get_server(pg_dir, cleanup_mode=None)
    uri = server.get_uri()
    logger.debug("embedded PostgreSQL at %s", uri)
    return uri


def filesystem_broker_options(data_dir: Path) -> dict[str, object]:
    folder = data_dir / "celery-broker"
    for sub in ("out", "processed", "control"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    return {
        "data_folder_in": str(folder / "out"),
        "data_folder_out": str(folder / "out"),
        "processed_folder": str(folder / "processed"),
        "control_folder": str(folder / "control"),
        "store_processed": False,
    }
