"""Production settings refuse to start on the development fallbacks."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _load_production_settings(**env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL", "DJANGO_DEBUG")}
    clean.update({"DJANGO_SETTINGS_MODULE": "config.settings.prod", "DJANGO_SECRET_KEY": "x" * 60, **env})
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); print('started')"],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize(
    ("env", "missing"),
    [
        ({"REDIS_URL": "redis://127.0.0.1:6379/0"}, "DATABASE_URL"),
        ({"DATABASE_URL": "postgres://x@h/db"}, "REDIS_URL"),
    ],
)
def test_production_refuses_to_start_without_its_services(env, missing):
    result = _load_production_settings(**env)
    assert result.returncode != 0
    assert "started" not in result.stdout
    assert f"{missing} (or {missing}_FILE) is not set" in result.stderr


def test_production_starts_with_both_services_configured():
    result = _load_production_settings(DATABASE_URL="postgres://x@h/db", REDIS_URL="redis://127.0.0.1:6379/0")
    assert result.returncode == 0, result.stderr
    assert "started" in result.stdout
