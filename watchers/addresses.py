"""Which network addresses a watcher may connect to (the SSRF guard).

A feed URL comes from a user's config or from a redirect chosen by a remote
server, so it may point at the machine itself, the LAN or a cloud metadata
service. Only public unicast addresses are allowed, unless the host is named
in ``allow_hosts`` (tests serve feeds on 127.0.0.1; a user may run a feed
server on the LAN).
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Collection
from dataclasses import dataclass

from watchers.errors import FeedError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

# NAT64 (RFC 6052) embeds an IPv4 address in the last 32 bits; Python calls the
# whole prefix global, so 64:ff9b::7f00:1 would otherwise reach 127.0.0.1.
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")


def embedded_ipv4(address: IPAddress) -> IPAddress:
    """The IPv4 address an IPv6 address stands for, else the address itself.

    IPv4-mapped (``::ffff:a.b.c.d``), IPv4-compatible (``::a.b.c.d``), 6to4 and
    NAT64 forms all reach the embedded IPv4 host, and ``ipaddress`` calls some of
    them global, so they are checked as the IPv4 address they carry.
    """
    if isinstance(address, ipaddress.IPv4Address):
        return address
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address in _NAT64:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    # IPv4-compatible: the top 96 bits are zero. "::" and "::1" are left alone:
    # they are caught as unspecified and loopback below.
    if int(address) >> 32 == 0 and int(address) > 1:
        return ipaddress.IPv4Address(int(address))
    return address


def refusal_reason(address: IPAddress) -> str | None:
    """Why a connection to ``address`` is refused, or None when it is public."""
    checked = embedded_ipv4(address)
    for reason, flagged in (
        ("unspecified", checked.is_unspecified),
        ("loopback", checked.is_loopback),
        ("link-local", checked.is_link_local),
        ("multicast", checked.is_multicast),
        ("private", checked.is_private),
        ("reserved", checked.is_reserved),
    ):
        if flagged:
            return f"{reason} address {address}"
    if not checked.is_global:
        return f"non-public address {address}"
    return None


def normalise_host(host: str) -> str:
    """A host as compared with ``allow_hosts``: lower case, no brackets or final dot."""
    host = host.strip().lower().removeprefix("[").removesuffix("]").rstrip(".")
    try:
        return str(ipaddress.ip_address(host))
    except ValueError:
        return host


@dataclass(frozen=True)
class Destination:
    """Where to connect for one URL host: the address to pin, or None to let httpx resolve."""

    host: str
    address: str | None


async def resolve(host: str, port: int) -> list[str]:
    """Every address ``host`` resolves to (a seam the tests replace)."""
    loop = asyncio.get_running_loop()
    try:
        infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as error:
        raise FeedError(f"cannot resolve host {host!r}: {error}") from error
    return [str(info[4][0]) for info in infos]


async def check_destination(host: str, port: int, allow_hosts: Collection[str]) -> Destination:
    """Check that ``host`` may be contacted; raise FeedError saying why not.

    A host in ``allow_hosts`` (as written in the URL) is trusted without a look.
    Otherwise every address the name resolves to must be public (one private
    answer among public ones is how a rebinding attack starts), and the first
    one is returned so the caller connects to exactly the address that was checked.
    """
    name = normalise_host(host)
    if name in {normalise_host(allowed) for allowed in allow_hosts}:
        return Destination(host=name, address=None)
    try:
        literal: IPAddress | None = ipaddress.ip_address(name)
    except ValueError:
        literal = None
    candidates = [str(literal)] if literal is not None else await resolve(name, port)
    if not candidates:
        raise FeedError(f"cannot resolve host {host!r}: no addresses")
    for candidate in candidates:
        # getaddrinfo may append an IPv6 scope ("fe80::1%eth0"), which ip_address refuses.
        reason = refusal_reason(ipaddress.ip_address(candidate.split("%", 1)[0]))
        if reason is not None:
            raise FeedError(f"refused to connect to {host}: {reason} is not public")
    return Destination(host=name, address=candidates[0])
