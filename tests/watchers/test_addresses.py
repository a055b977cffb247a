from __future__ import annotations

import asyncio
import ipaddress
import socket

import pytest

from watchers import addresses
from watchers.addresses import check_destination, legacy_ipv4, refusal_reason
from watchers.errors import FeedError


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.1.2.3",
        "172.16.0.1",
        "192.168.1.1",
        "169.254.169.254",  # cloud metadata
        "0.0.0.0",
        "100.64.0.1",  # carrier-grade NAT
        "224.0.0.1",
        "239.255.255.250",
        "240.0.0.1",
        "::1",
        "::",
        "fe80::1",
        "fc00::1",
        "ff02::1",
        "::ffff:127.0.0.1",  # IPv4-mapped
        "::127.0.0.1",  # IPv4-compatible, which Python calls global
        "::ffff:169.254.169.254",
        "64:ff9b::7f00:1",  # NAT64 of 127.0.0.1
        "2002:7f00:1::1",  # 6to4 of 127.0.0.1
        "2002:a00:1::",  # 6to4 of 10.0.0.1
        "64:ff9b::c0a8:101",  # NAT64 of 192.168.1.1
        "64:ff9b:1::a00:1",  # local-use NAT64
        "::ffff:0:a00:1",  # IPv4-translated
        "::10.0.0.1",
        "fd00:ec2::254",  # unique-local
        "fec0::1",  # site-local: Python 3.11 calls it global
        "192.0.0.8",  # IETF protocol assignments: Python 3.11 calls it global
        "192.88.99.1",
        "198.51.100.7",
        "2001:db8::1",
        "3fff::1",
        "5f00::1",
        "100::1",
    ],
)
def test_addresses_refusal_reason_refuses_non_public(address: str) -> None:
    assert refusal_reason(ipaddress.ip_address(address)) is not None


@pytest.mark.parametrize("address", ["93.184.216.34", "8.8.8.8", "2606:4700:4700::1111"])
def test_addresses_refusal_reason_allows_public(address: str) -> None:
    assert refusal_reason(ipaddress.ip_address(address)) is None


async def test_addresses_check_destination_trusts_allowed_hosts_as_written() -> None:
    destination = await check_destination("127.0.0.1", 80, {"127.0.0.1"})
    assert destination.address is None
    assert (await check_destination("LOCALHOST.", 80, ["localhost"])).address is None


@pytest.mark.parametrize(
    ("host", "allow"),
    [
        ("127.0.0.1", ()),
        ("localhost", ()),  # resolved, then refused
        ("localhost", ("127.0.0.1",)),  # allow_hosts names hosts, not addresses
        ("::ffff:127.0.0.1", ("127.0.0.1",)),
        ("[::1]", ()),
    ],
)
async def test_addresses_check_destination_refuses(host: str, allow: tuple[str, ...]) -> None:
    with pytest.raises(FeedError, match="refused"):
        await check_destination(host, 80, allow)


async def test_addresses_check_destination_refuses_one_private_answer_among_public(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    async def fake_resolve(host: str, port: int) -> list[str]:
        return ["93.184.216.34", "10.0.0.7"]

    monkeypatch.setattr(addresses, "resolve", fake_resolve)
    with pytest.raises(FeedError, match=r"10\.0\.0\.7"):
        await check_destination("feeds.example", 443, ())


async def test_addresses_check_destination_pins_the_checked_address(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    async def fake_resolve(host: str, port: int) -> list[str]:
        return ["93.184.216.34"]

    monkeypatch.setattr(addresses, "resolve", fake_resolve)
    destination = await check_destination("feeds.example", 443, ())
    assert destination.address == "93.184.216.34"


async def test_addresses_resolve_failure_is_a_feed_error(monkeypatch: pytest.MonkeyPatch) -> None:
    async def no_answer(*args: object, **kwargs: object) -> list[object]:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    # Patched on the loop so the test never sends a DNS query.
    monkeypatch.setattr(asyncio.get_running_loop(), "getaddrinfo", no_answer)
    with pytest.raises(FeedError, match="cannot resolve"):
        await check_destination("feeds.example", 80, ())


@pytest.mark.parametrize(
    ("host", "address"),
    [
        ("2130706433", "127.0.0.1"),
        ("0x7f000001", "127.0.0.1"),
        ("0X7F.1", "127.0.0.1"),
        ("0177.0.0.1", "127.0.0.1"),
        ("017700000001", "127.0.0.1"),
        ("127.1", "127.0.0.1"),
        ("10.1.2", "10.1.0.2"),
        ("0xa9.0xfe.0xa9.0xfe", "169.254.169.254"),
        ("0", "0.0.0.0"),
        ("8.8.8.8", "8.8.8.8"),
        ("4294967296", None),  # more than 32 bits
        ("1.256.1.1", None),
        ("08.0.0.1", None),  # not octal
        ("0x", None),
        ("1e3", None),
        ("feeds.example", None),
        ("1.2.3.4.5", None),
    ],
)
def test_addresses_legacy_ipv4_reads_numeric_hosts_as_the_resolver_does(
    host: str, address: str | None
) -> None:
    found = legacy_ipv4(host)
    assert (str(found) if found is not None else None) == address


async def test_addresses_check_destination_pins_a_numeric_host_without_dns(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    async def refuse_lookup(host: str, port: int) -> list[str]:
        raise AssertionError(f"{host} was looked up")

    monkeypatch.setattr(addresses, "resolve", refuse_lookup)
    destination = await check_destination("0x08080808", 80, ())
    assert (destination.host, destination.address) == ("0x08080808", "8.8.8.8")
    with pytest.raises(FeedError, match=r"loopback address 127\.0\.0\.1"):
        await check_destination("2130706433", 80, {"127.0.0.1"})
