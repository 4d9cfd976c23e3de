"""The production image (Dockerfile + .dockerignore) leaves out tests and benchmark code, and the app starts
and passes its checks from exactly what the image holds, without the development-only packages."""

from __future__ import annotations

import fnmatch
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _ignored(path: str, patterns: list[str]) -> bool:
    parts = path.split("/")
    candidates = ["/".join(parts[: i + 1]) for i in range(len(parts))]
    for pattern in patterns:
        bare = pattern.removeprefix("**/")
        for candidate in candidates:
            if fnmatch.fnmatch(candidate, pattern) or fnmatch.fnmatch(candidate.split("/")[-1], bare):
                return True
    return False


def _image_files() -> list[str]:
    patterns = [
        line.strip()
        for line in (ROOT / ".dockerignore").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    tracked = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.splitlines()
    return [path for path in tracked if not _ignored(path, patterns)]


def test_the_image_holds_no_tests_and_no_benchmark_code():
    files = _image_files()
    assert "manage.py" in files and "config/settings/prod.py" in files
    assert not [f for f in files if f.startswith("tests/")]
    assert not [f for f in files if f.startswith("ops/bench/") or f.endswith("commands/benchmark.py")]


def test_the_app_starts_from_the_image_files_without_development_packages(tmp_path):
    for path in _image_files():
        target = tmp_path / path
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / path, target)
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTHON"))},
        "DJANGO_SETTINGS_MODULE": "config.settings.prod",
        "DJANGO_SECRET_KEY": "image-check-" + "x" * 50,
        "DATABASE_URL": "postgres://nobody@127.0.0.1:1/none",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
    }
    code = (
        "import sys; sys.path.insert(0, '.'); import django; django.setup();"
        "from django.core.management import call_command; call_command('check');"
        "import ops.management.commands.seed_demo, ops.views, config.wsgi;"
        "leaked = sorted({'pgserver', 'holidays', 'pytest', 'factory'} & set(sys.modules));"
        "assert not leaked, leaked; print('ok')"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip().endswith("ok")
