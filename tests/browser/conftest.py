"""Browser-test harness: Playwright driving Chromium against pytest-django's live server.

Every test in this directory is marked ``browser`` (run them alone with ``-m browser``) and runs
against a transactional database with serialized rollback: the live server runs in another thread,
so test data must be committed, and the rollback restores what data migrations created (the
purposes) after each test's flush.

Screenshots: ``snap(page, "name")`` saves a full-page screenshot in ``test-artifacts/pages/``; a
failing test leaves ``test-artifacts/failures/<test>.png`` and the report says where.
"""

from __future__ import annotations

import base64
import os
import re
import shutil
import time
from collections.abc import Callable, Generator, Iterator
from pathlib import Path

import pytest
from django.db import connections
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Page,
    Playwright,
    expect,
    sync_playwright,
)
from pytest_django.live_server_helper import LiveServer

from privacy.models import User
from tests.factories import PASSWORD
from tests.world import World

BROWSER_DIR = Path(__file__).resolve().parent
ROOT = BROWSER_DIR.parents[1]
ARTIFACTS = ROOT / "test-artifacts"  # git-ignored; CI keeps it as a build artifact
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
VIEWPORT = {"width": 1280, "height": 860}
TIMEOUT_MS = 10_000


# --------------------------------------------------------------------------------------------------
# Markers and reports


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if BROWSER_DIR in Path(item.path).resolve().parents:
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.django_db(transaction=True, serialized_rollback=True))


def _artifacts_dir(sub: str) -> Path:
    path = ARTIFACTS / sub
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[pytest.TestReport]:
    report: pytest.TestReport = yield
    if report.when == "call" and report.failed:
        page = getattr(item, "funcargs", {}).get("page")
        if isinstance(page, Page) and not page.is_closed():
            name = re.sub(r"[^A-Za-z0-9_.-]+", "_", item.nodeid.split("/")[-1])
            path = _artifacts_dir("failures") / f"{name}.png"
            try:
                page.screenshot(path=str(path), full_page=True)
            except Exception as exc:  # a failed screenshot must not hide the real failure
                report.sections.append(("browser screenshot", f"could not save a screenshot: {exc!r}"))
            else:
                shown = path.relative_to(ROOT)
                report.sections.append(("browser screenshot", f"{shown} (page at {page.url})"))
    return report


# --------------------------------------------------------------------------------------------------
# Browser


def _chromium_path() -> str | None:
    configured = os.environ.get("CHROMIUM_PATH")
    if configured:
        return configured
    for candidate in ("/usr/bin/chromium", "/usr/bin/chromium-browser"):
        if Path(candidate).exists():
            return candidate
    return shutil.which("chromium")  # None: Playwright uses the browser it downloaded itself


@pytest.fixture(scope="session")
def playwright_instance() -> Generator[Playwright]:
    # Playwright's sync API runs an event loop in this thread; Django's ORM would refuse to run next
    # to it. Set only while browser tests run, so the rest of a full test run keeps the check.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    before = {alias: connections[alias] for alias in connections}
    manager = sync_playwright().start()
    # From here on an asyncio loop counts as "running" in this thread, so Django's thread-critical
    # connection storage (asgiref Local) looks in a context variable instead of the thread-local.
    # Hand it the same connection objects, or tests get a second connection that lacks the test
    # database state (such as the serialized contents that serialized_rollback restores).
    for alias, connection in before.items():
        connections[alias] = connection
    yield manager
    manager.stop()
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="session")
def browser(playwright_instance: Playwright) -> Generator[Browser]:
    browser = playwright_instance.chromium.launch(
        executable_path=_chromium_path(), headless=True, args=CHROMIUM_ARGS
    )
    yield browser
    browser.close()


@pytest.fixture(scope="session")
def _clean_artifacts() -> None:
    for sub in ("pages", "failures"):
        shutil.rmtree(ARTIFACTS / sub, ignore_errors=True)


@pytest.fixture
def new_page(
    browser: Browser, live_server: LiveServer, _clean_artifacts: None
) -> Iterator[Callable[[], Page]]:
    """Opens tabs, each in a fresh context (own cookies, Dutch locale) on the live server.

    After the test, a JavaScript error or a Content-Security-Policy refusal in any of them fails it.
    """
    contexts: list[BrowserContext] = []
    problems: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error" and "Content Security Policy" in message.text:
            problems.append(f"console: {message.text}")

    def open_page() -> Page:
        context = browser.new_context(base_url=live_server.url, locale="nl-NL", viewport=VIEWPORT)
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda error: problems.append(f"JavaScript error: {error}"))
        page.on("console", on_console)
        return page

    yield open_page
    for context in contexts:
        context.close()
    assert not problems, "The browser reported problems:\n" + "\n".join(problems)


@pytest.fixture
def page(new_page: Callable[[], Page]) -> Page:
    """A tab in a fresh browser context; open more (another user) with the ``new_page`` fixture."""
    return new_page()


def snap(page: Page, name: str) -> Path:
    """Save a full-page screenshot as test-artifacts/pages/<name>.png for a human to look at."""
    path = _artifacts_dir("pages") / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


# --------------------------------------------------------------------------------------------------
# Logging in through the real UI


def totp_code(device: TOTPDevice) -> str:
    """A TOTP code the device will still accept: not one of an already used time step (django-otp's last_t).

    django-otp accepts codes up to ``tolerance`` steps ahead, so a second login in the same 30 s
    window uses the next step's code instead of waiting. Returns "" when no acceptable code exists.
    """
    device.refresh_from_db()
    now = int((time.time() - device.t0) // device.step)
    expected = now + device.drift
    target = max(expected, device.last_t + 1)
    if target - expected > device.tolerance:
        return ""
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=target - now)
    return f"{code:0{device.digits}d}"


def code_from_secret(secret: str) -> str:
    """What an authenticator app shows for a base32 secret (30 s steps, 6 digits)."""
    key = base64.b32decode(secret.replace(" ", "").upper())
    return f"{totp(key, step=30, t0=0, digits=6):06d}"


def backup_code(user: User) -> str:
    """A fresh single-use backup code (django-otp static token) for the user."""
    device, _created = StaticDevice.objects.get_or_create(user=user, name="Reservecodes")
    return device.token_set.create(token=StaticToken.random_token()).token


def second_factor_code(user: User) -> str:
    """The current TOTP code of the user's app, or a backup code if every usable time step is spent."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    assert device is not None, f"{user} has no confirmed TOTP device: use TOTPDeviceFactory(user=...)"
    return totp_code(device) or backup_code(user)


def submit_password(page: Page, email: str, password: str = PASSWORD, *, go: bool = True) -> None:
    if go:
        page.goto("/inloggen/")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Volgende").click()


def submit_second_factor(page: Page, user: User) -> None:
    expect(page).to_have_url(re.compile(r"/inloggen/verificatie/"))
    page.get_by_label("Code").fill(second_factor_code(user))
    page.get_by_role("button", name="Inloggen").click()
    expect(page).not_to_have_url(re.compile(r"/inloggen/"))


def login(page: Page, user: User, *, go: bool = True) -> None:
    """Log in through /inloggen/ and /inloggen/verificatie/, as a person would.

    ``go=False`` fills in the login form the page already shows (after a redirect to it).
    """
    submit_password(page, user.email, go=go)
    submit_second_factor(page, user)


# --------------------------------------------------------------------------------------------------
# Data


@pytest.fixture
def lazy_world(live_server: LiveServer) -> World:
    """The one test world (tests/world.py), committed (the live server runs in another thread), with a
    confirmed TOTP device for everyone it makes."""
    return World(totp=True)


@pytest.fixture
def world(lazy_world: World) -> World:
    """The world's case, and the owner's second case so that a search visibly filters."""
    return lazy_world.build("case", "other_case")
