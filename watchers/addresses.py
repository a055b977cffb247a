"""Which network addresses a watcher may connect to (the SSRF guard).

A feed URL comes from a user's config or from a redirect chosen by a remote
server, so it may point at the machine itself, the LAN or a cloud metadata
service. Only public unicast addresses are allowed, unless the host is named
in ``allow_hosts`` (tests serve feeds on 127.0.0.1; a user may run a feed
server on the LAN).
"""

from __future__ import annotations

import asyncio
import functools
import ipaddress
import re
import socket
from collections.abc import Collection
from dataclasses import dataclass

from watchers.errors import FeedError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

# NAT64 (RFC 6052) embeds an IPv4 address in the last 32 bits; Python calls the
# whole prefix global, so 64:ff9b::7f00:1 would otherwise reach 127.0.0.1.
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")

# IANA's special-purpose blocks that are not globally reachable. Python's
# is_private/is_global tables differ between versions (3.11 calls fec0::1 and
# 192.0.0.8 global), so the registries are written out here as well.
_NOT_PUBLIC = tuple(
    ipaddress.ip_network(block)
    for block in (
        "0.0.0.0/8",
        "10.0.0.0/8",
        "100.64.0.0/10",  # carrier-grade NAT
        "127.0.0.0/8",
        "169.254.0.0/16",
        "172.16.0.0/12",
        "192.0.0.0/24",  # IETF protocol assignments
        "192.0.2.0/24",
        "192.88.99.0/24",  # the retired 6to4 relay anycast
        "192.168.0.0/16",
        "198.18.0.0/15",
        "198.51.100.0/24",
        "203.0.113.0/24",
        "224.0.0.0/4",
        "240.0.0.0/4",
        "::/128",
        "::1/128",
        "::ffff:0:0/96",
        "::ffff:0:0:0/96",  # IPv4-translated (SIIT)
        "64:ff9b:1::/48",  # local-use NAT64
        "100::/64",  # discard-only
        "2001::/23",  # IETF protocol assignments, Teredo among them
        "2001:db8::/32",
        "3fff::/20",  # documentation
        "5f00::/16",  # SRv6 segment identifiers
        "fc00::/7",  # unique-local
        "fe80::/10",
        "fec0::/10",  # site-local, deprecated but still routed on some LANs
        "ff00::/8",
    )
)
# inet_aton's forms of an IPv4 address: one to four parts, each decimal, octal
# (leading 0) or hexadecimal (0x); the last part fills the remaining bytes.
_LEGACY_IPV4 = re.compile(r"(?:0x[0-9a-f]*|[0-9]+)(?:\.(?:0x[0-9a-f]*|[0-9]+)){0,3}", re.IGNORECASE)


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
        ("unique-local", checked in _UNIQUE_LOCAL),
        ("private", checked.is_private),
        ("reserved", checked.is_reserved),
    ):
        if flagged:
            return f"{reason} address {address}"
    if not checked.is_global or any(checked in block for block in _NOT_PUBLIC):
        return f"special-purpose address {address}"
    return None


_UNIQUE_LOCAL = ipaddress.IPv6Network("fc00::/7")


def legacy_ipv4(host: str) -> ipaddress.IPv4Address | None:
    """The address a numeric host means to the C resolver ("2130706433", "0x7f.1",
    "0177.0.0.1" are all 127.0.0.1), or None when ``host`` is not one.

    Read here rather than left to getaddrinfo, so the address is checked as an
    address without a resolver (whose handling of these forms varies) being asked.
    """
    if _LEGACY_IPV4.fullmatch(host) is None:
        return None
    try:
        parts = [
            int(part, 0) if part[:2].lower() == "0x" else _decimal_or_octal(part)
            for part in host.split(".")
        ]
    except ValueError:
        return None
    *leading, last = parts
    if any(part > 0xFF for part in leading) or last >= 1 << (8 * (4 - len(leading))):
        return None
    value = last
    for shift, part in enumerate(reversed(leading), start=4 - len(leading)):
        value |= part << (8 * shift)
    return ipaddress.IPv4Address(value)


def _decimal_or_octal(part: str) -> int:
    return int(part, 8) if len(part) > 1 and part.startswith("0") else int(part, 10)


def normalise_host(host: str) -> str:
    """A host as compared with ``allow_hosts``: lower case, no brackets or final dot,
    an IP address in its canonical form. Numeric spellings such as "2130706433"
    stay as written: ``allow_hosts`` names hosts, and 127.0.0.1 allows only that."""
    host = host.strip().lower().removeprefix("[").removesuffix("]").rstrip(".")
    try:
        return str(ipaddress.ip_address(host))
    except ValueError:
        return host


def _address_literal(name: str) -> IPAddress | None:
    """The address a normalised host spells, in any form, or None for a name."""
    try:
        return ipaddress.ip_address(name)
    except ValueError:
        return legacy_ipv4(name)


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


@functools.lru_cache(maxsize=16)
def _allowed(allow_hosts: tuple[str, ...]) -> frozenset[str]:
    # Asked on every request and redirect hop, with the same few settings each time.
    return frozenset(normalise_host(allowed) for allowed in allow_hosts)


async def check_destination(host: str, port: int, allow_hosts: Collection[str]) -> Destination:
    """Check that ``host`` may be contacted; raise FeedError saying why not.

    A host in ``allow_hosts`` (as written in the URL) is trusted without a look.
    Otherwise every address the name resolves to must be public (one private
    answer among public ones is how a rebinding attack starts), and the first
    one is returned so the caller connects to exactly the address that was checked.
    """
    name = normalise_host(host)
    if name in _allowed(tuple(allow_hosts)):
        return Destination(host=name, address=None)
    literal = _address_literal(name)
    candidates = [str(literal)] if literal is not None else await resolve(name, port)
    if not candidates:
        raise FeedError(f"cannot resolve host {host!r}: no addresses")
    for candidate in candidates:
        # getaddrinfo may append an IPv6 scope ("fe80::1%eth0"), which ip_address refuses.
        reason = refusal_reason(ipaddress.ip_address(candidate.split("%", 1)[0]))
        if reason is not None:
            raise FeedError(f"refused to connect to {host}: {reason} is not public")
    return Destination(host=name, address=candidates[0])
