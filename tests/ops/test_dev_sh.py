"""`./dev.sh up` stops everything it started within seconds (issue 20): Ctrl-C, or SIGTERM to its process
group, once left the Celery worker in "Warm shutdown" and the script waiting for it for good.

The real dev.sh runs from a scratch folder that has what it looks for: a .venv whose install stamp matches
pyproject.toml (so nothing is installed), a manage.py whose commands succeed at once and whose runserver
runs until it is stopped (as Django's: Ctrl-C ends it), and a celery that hangs in its warm shutdown: it
notes TERM and INT and carries on, and so does the pool child it forks. Only a kill ends them, which is
what dev.sh must get to by itself."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
STARTED_WITHIN_S = 20  # a loaded CI machine starts four Python processes
STOPPED_WITHIN_S = 6  # dev.sh gives the worker three seconds for a warm shutdown, then kills its group

FAKE_MANAGE = """
import os
import signal
import sys
import time

if sys.argv[1:2] == ["runserver"]:
    signal.signal(signal.SIGINT, lambda *_: sys.exit(0))  # Django's runserver ends quietly on Ctrl-C
    open(os.path.join("pids", f"runserver-{os.getpid()}"), "w").close()
    while True:
        time.sleep(0.1)
"""

FAKE_CELERY = """#!{python}
import os
import signal
import time


def warm_shutdown(signum, frame):
    print("worker: Warm shutdown (MainProcess)", flush=True)


signal.signal(signal.SIGTERM, warm_shutdown)
signal.signal(signal.SIGINT, warm_shutdown)
os.fork()  # the pool child: same handlers, same process group
open(os.path.join("pids", f"celery-{{os.getpid()}}"), "w").close()
while True:
    time.sleep(0.1)
"""


def _running(pid: int) -> bool:
    """Alive and not a zombie waiting to be reaped (an orphan's zombie is init's to collect)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return False
    return state not in ("Z", "X")


def _started(folder: Path) -> list[int]:
    return [int(path.name.rsplit("-", 1)[1]) for path in (folder / "pids").iterdir()]


@pytest.fixture
def demo_folder(tmp_path: Path) -> Iterator[Path]:
    shutil.copy2(ROOT / "dev.sh", tmp_path / "dev.sh")
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'stand-in'\n")
    (tmp_path / "manage.py").write_text(FAKE_MANAGE)
    (tmp_path / "pids").mkdir()
    bin_dir = tmp_path / ".venv" / "bin"
    bin_dir.mkdir(parents=True)
    (bin_dir / "python").symlink_to(os.path.realpath(sys.executable))
    celery = bin_dir / "celery"
    celery.write_text(FAKE_CELERY.format(python=os.path.realpath(sys.executable)))
    celery.chmod(0o755)
    stamp = hashlib.sha256((tmp_path / "pyproject.toml").read_bytes()).hexdigest()
    (tmp_path / ".venv" / ".pga-install-stamp").write_text(f"{stamp}\n")
    yield tmp_path
    for pid in _started(tmp_path):  # whatever a failing test leaves behind
        if _running(pid):
            os.kill(pid, signal.SIGKILL)


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_dev_sh_up_stops_all_it_started_within_seconds(demo_folder: Path, stop: signal.Signals) -> None:
    env = {"PATH": os.environ["PATH"], "HOME": str(demo_folder), "DATABASE_URL": "stand-in", "REDIS_URL": "-"}
    with (demo_folder / "dev.log").open("w") as log:
        up = subprocess.Popen(
            ["bash", "dev.sh", "up"],
            cwd=demo_folder,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, as in a terminal
        )
    try:
        deadline = time.monotonic() + STARTED_WITHIN_S
        while len(_started(demo_folder)) < 5 and up.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        started = _started(demo_folder)  # web, worker and its pool child, beat and its child
        assert len(started) == 5, (started, (demo_folder / "dev.log").read_text())

        os.killpg(up.pid, stop)
        stopped_at = time.monotonic() + STOPPED_WITHIN_S
        try:
            up.wait(timeout=STOPPED_WITHIN_S)
        except subprocess.TimeoutExpired:
            pytest.fail(f"./dev.sh up still runs {STOPPED_WITHIN_S} s after {stop.name}", pytrace=False)
        while any(_running(pid) for pid in started) and time.monotonic() < stopped_at:
            time.sleep(0.05)
        left = [pid for pid in started if _running(pid)]
        assert not left, f"{len(left)} of the processes ./dev.sh up started still run after {stop.name}"
    finally:
        if up.poll() is None:
            os.killpg(up.pid, signal.SIGKILL)
            up.wait()
