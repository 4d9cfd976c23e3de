"""The client's IP address, also behind the TLS proxy, without trusting a header anyone can send.

``X-Forwarded-For`` is read only when the request comes from a proxy listed in ``TRUSTED_PROXIES``, and then
from the right: each trusted proxy appends the address it saw, so the first address from the right that is
not a trusted proxy is the client. Whatever a client writes into the header itself sits to the left of that
and is never used. With no trusted proxies configured the header is ignored. Used by the access log and by
django-axes (``AXES_CLIENT_IP_CALLABLE``).
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(proxies: tuple[str, ...]) -> tuple[IPNetwork, ...]:
    return tuple(ipaddress.ip_network(proxy, strict=False) for proxy in proxies)


def _parse(value: str) -> IPAddress | None:
    """An address as proxies write it: ``1.2.3.4``, ``1.2.3.4:5678``, ``2001:db8::1`` or ``[2001:db8::1]:80``."""
    value = value.strip()
    if value.startswith("["):
        value = value[1 : value.find("]")] if "]" in value else ""
    elif value.count(":") == 1:
        value = value.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def client_ip(request: HttpRequest) -> str | None:
    """The address of the client that sent ``request``; None if unknown."""
    remote = request.META.get("REMOTE_ADDR") or None
    networks = _networks(tuple(getattr(settings, "TRUSTED_PROXIES", ())))
    nearest = _parse(remote) if remote else None
    if nearest is None or not networks:
        return remote

    def trusted(address: IPAddress) -> bool:
        return any(address in network for network in networks)

    if not trusted(nearest):
        return remote
    hops = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    for hop in reversed(hops):
        address = _parse(hop)
        if address is None:  # a garbled entry: stop at the last address a trusted proxy vouched for
            break
        nearest = address
        if not trusted(address):
            break
    return str(nearest)
