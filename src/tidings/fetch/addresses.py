"""Which addresses tidings may connect to: the public internet, and the private networks the
operator named for a purpose (``TIDINGS_ALLOW_PRIVATE_NETWORKS``).

A feed's item links, robots.txt and images are chosen by the publisher, so every address
is judged the same way, whoever chose it. Private networks are allowed by name, not all at
once: ``1`` means this machine and the private ranges (the demo and the tests), and a
list of ranges (``10.2.0.0/16``), addresses or host names allows just those. Cloud
metadata endpoints and link-local addresses stay refused even inside an allowed range:
only an entry that lies within one of them (``169.254.169.254``) reaches it.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

import httpx

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

SETTING = "TIDINGS_ALLOW_PRIVATE_NETWORKS"
NAT64_PREFIX = ipaddress.ip_network("64:ff9b::/96")
# What "1" allows: loopback, and the private ranges of RFC 1918 and RFC 4193.
LOCAL_NETWORKS: tuple[IPNetwork, ...] = tuple(
    ipaddress.ip_network(cidr)
    for cidr in ("127.0.0.0/8", "::1/128", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16")
) + (ipaddress.ip_network("fc00::/7"),)
# Link-local ranges (where most clouds answer metadata requests with credentials) and the
# metadata endpoints that sit elsewhere (Alibaba's in shared address space, AWS's IPv6 one
# inside fc00::/7): refused unless an entry names an address or range inside them.
METADATA_NETWORKS: tuple[IPNetwork, ...] = tuple(
    ipaddress.ip_network(cidr)
    for cidr in ("169.254.0.0/16", "fe80::/10", "100.100.100.200/32", "fd00:ec2::254/128")
)
_YES = {"1", "true", "yes", "on"}
_NO = {"", "0", "false", "no", "off"}


@dataclass(frozen=True)
class PrivateNetworks:
    """The non-public networks and host names that may be fetched from; none by default."""

    networks: tuple[IPNetwork, ...] = ()
    hosts: frozenset[str] = frozenset()

    def permits(self, host: str, address: str) -> bool:
        """Whether connecting to ``address``, found for ``host``, is allowed (public or not)."""
        if is_public_address(address):
            return True
        ip = _unwrapped(ipaddress.ip_address(address))
        sensitive = [network for network in METADATA_NETWORKS if ip in network]
        if sensitive:
            return any(
                ip in entry and _within(entry, network)
                for entry in self.networks
                for network in sensitive
            )
        return host.lower().rstrip(".") in self.hosts or any(ip in n for n in self.networks)


def parse_private_networks(text: str) -> PrivateNetworks:
    """The value of ``TIDINGS_ALLOW_PRIVATE_NETWORKS``; ValueError, in words, for nonsense."""
    value = text.strip().lower()
    if value in _NO:
        return PrivateNetworks()
    if value in _YES:
        return PrivateNetworks(networks=LOCAL_NETWORKS)
    networks: list[IPNetwork] = []
    hosts: set[str] = set()
    for part in (part.strip() for part in value.split(",")):
        if not part:
            continue
        try:
            networks.append(ipaddress.ip_network(part.strip("[]"), strict=False))
            continue
        except ValueError:
            pass
        if part in _YES | _NO or not _is_host_name(part):
            raise ValueError(
                f"{SETTING}={text!r}: {part!r} is not an address, a range such as "
                "10.2.0.0/16, or a host name; use 1 alone for loopback and private ranges."
            )
        hosts.add(part.rstrip("."))
    return PrivateNetworks(networks=tuple(networks), hosts=frozenset(hosts))


def refusal(host: str, refused: list[str]) -> str:
    """Why a host was not connected to, and which setting would allow it."""
    shown = ", ".join(refused)
    return (
        f"{host} is at {shown}, not a public address; add {refused[0]} (or its range) "
        f"to {SETTING} to allow it"
    )


def names_loopback(url: str) -> bool:
    """Whether a URL's host is this machine by name or address, with no lookup needed."""
    host = httpx.URL(url).host.lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def is_public_address(address: str) -> bool:
    """Whether an IP address is on the public internet, and so fine to fetch from.

    False for loopback, private, shared (carrier NAT), link-local, multicast, reserved and
    unspecified addresses, v4 or v6. An IPv4 address wrapped in IPv6 (mapped ::ffff:a.b.c.d,
    NAT64 64:ff9b::a.b.c.d, 6to4 2002:a.b.c.d::) is judged by the IPv4 address it reaches.
    """
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    sixtofour = ip.sixtofour if isinstance(ip, ipaddress.IPv6Address) else None
    if sixtofour is not None and not _is_public(sixtofour):
        return False
    return _is_public(_unwrapped(ip))


def _unwrapped(ip: IPAddress) -> IPAddress:
    """The IPv4 address that an IPv4-mapped or NAT64 IPv6 address reaches; else ``ip``."""
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return ip.ipv4_mapped
        if ip in NAT64_PREFIX:
            return ipaddress.IPv4Address(int(ip) & 0xFFFF_FFFF)
    return ip


def _is_public(ip: IPAddress) -> bool:
    return ip.is_global and not (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
    )


def _within(inner: IPNetwork, outer: IPNetwork) -> bool:
    if isinstance(inner, ipaddress.IPv4Network) and isinstance(outer, ipaddress.IPv4Network):
        return inner.subnet_of(outer)
    if isinstance(inner, ipaddress.IPv6Network) and isinstance(outer, ipaddress.IPv6Network):
        return inner.subnet_of(outer)
    return False


def _is_host_name(name: str) -> bool:
    labels = name.rstrip(".").split(".")
    return all(
        label and len(label) <= 63 and label.replace("-", "").isalnum() and label.isascii()
        for label in labels
    )
