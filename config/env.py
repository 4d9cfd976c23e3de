"""Environment helpers that fail loudly on bad values and accept ``NAME_FILE`` secrets."""

from __future__ import annotations

import ipaddress
import os
import re
from pathlib import Path
from typing import overload

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}
_RATE = re.compile(r"\d+/(s|sec|second|m|min|minute|h|hour|d|day)")


@overload
def env_str(name: str, default: str) -> str: ...
@overload
def env_str(name: str, default: None = None) -> str | None: ...
def env_str(name: str, default: str | None = None) -> str | None:
    file_path = os.environ.get(f"{name}_FILE")
    if file_path:
        try:
            return Path(file_path).read_text().strip()
        except OSError as exc:
            raise ImproperlyConfigured(f"{name}_FILE points to an unreadable file: {exc}") from exc
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = env_str(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (true/false), got {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = env_str(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, got {raw!r}") from exc


def env_list(name: str, default: list[str]) -> list[str]:
    raw = env_str(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_networks(name: str) -> list[str]:
    """A comma-separated list of IP addresses or networks (CIDR), each checked: ``10.0.0.1,172.16.0.0/12``."""
    values = env_list(name, [])
    for value in values:
        try:
            ipaddress.ip_network(value, strict=False)
        except ValueError as exc:
            raise ImproperlyConfigured(f"{name} must list IP addresses or networks, got {value!r}") from exc
    return values


def env_rate(name: str, default: str | None) -> str | None:
    """A DRF throttle rate such as ``120/min`` (per s, min, hour or day); ``off`` switches the limit off."""
    raw = env_str(name)
    if raw is None or raw.strip() == "":
        return default
    value = raw.strip().lower()
    if value == "off":
        return None
    if not _RATE.fullmatch(value):
        raise ImproperlyConfigured(f"{name} must be a rate such as 120/min, or off; got {raw!r}")
    return value
