"""Where reports may be sent: the one host allow-list of every network LLM backend.

Reports must not leave the hospital. An endpoint's host is checked before any connection: loopback
and the private ranges (RFC 1918, IPv6 ULA) pass by default, a host *name* passes only when listed
in `allowed_hosts` (names are never resolved here, so DNS cannot redirect reports), and some ranges
are always refused, even when listed, because Python's `is_private` counts them as private although
they reach other machines or the cloud: link-local (the cloud metadata service 169.254.169.254),
Teredo (2001::/32) and 6to4 (2002::/16) tunnels, NAT64 (64:ff9b::/96, 64:ff9b:1::/48), the shared
carrier-grade NAT range, benchmarking and documentation ranges, multicast and unspecified addresses.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence
from urllib.parse import urlsplit

IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

#: Private ranges that may receive reports by default.
PRIVATE_NETWORKS: tuple[IPNetwork, ...] = tuple(ipaddress.ip_network(n) for n in (
    "127.0.0.0/8", "::1/128",  # loopback
    "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16",  # RFC 1918
    "fc00::/7",  # IPv6 unique local addresses
))

#: Ranges refused whatever the configuration says (name, network).
REFUSED_NETWORKS: tuple[tuple[str, IPNetwork], ...] = tuple((name, ipaddress.ip_network(net)) for name, net in (
    ("link-local / cloud metadata", "169.254.0.0/16"),
    ("link-local", "fe80::/10"),
    ("Teredo tunnel", "2001::/32"),
    ("6to4 tunnel", "2002::/16"),
    ("NAT64", "64:ff9b::/96"),
    ("NAT64 (local use)", "64:ff9b:1::/48"),
    ("shared address space (carrier-grade NAT)", "100.64.0.0/10"),
    ("benchmarking", "198.18.0.0/15"),
    ("benchmarking", "2001:2::/48"),
    ("documentation", "192.0.2.0/24"),
    ("documentation", "198.51.100.0/24"),
    ("documentation", "203.0.113.0/24"),
    ("documentation", "2001:db8::/32"),
    ("documentation", "3fff::/20"),
    ("IETF protocol assignments", "192.0.0.0/24"),
    ("this network", "0.0.0.0/8"),
    ("unspecified", "::/128"),
    ("multicast", "224.0.0.0/4"),
    ("multicast", "ff00::/8"),
    ("reserved", "240.0.0.0/4"),
))


class HostNotAllowed(ValueError):
    """The endpoint is outside the allow-list: nothing was sent."""


def _listed_networks(allowed: Sequence[str]) -> list[IPNetwork]:
    nets = []
    for entry in allowed:
        try:
            nets.append(ipaddress.ip_network(entry, strict=False))
        except ValueError:
            continue  # a host name, compared by name
    return nets


def refused_range(address: IPAddress) -> str | None:
    """The name of the always-refused range holding `address`, or None."""
    for name, net in REFUSED_NETWORKS:
        if address.version == net.version and address in net:
            return name
    return None


def check_host(url: str, allowed_hosts: Sequence[str] = (), allow_private: bool = True,
               setting: str = "allowed_hosts") -> str:
    """Return the URL's host if it may receive reports, else raise HostNotAllowed (before any connection).

    Allowed: 'localhost' and loopback / RFC 1918 / ULA literals when `allow_private`, every host name
    listed in `allowed_hosts`, and addresses inside networks (CIDR) listed there, except the refused
    ranges above. `setting` names the config key in the error message.
    """
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise HostNotAllowed(f"endpoint {url!r}: only http(s) URLs are supported")
    try:
        host = (parts.hostname or "").lower()
    except ValueError:
        raise HostNotAllowed(f"endpoint {url!r} has a malformed host") from None
    if not host:
        raise HostNotAllowed(f"endpoint {url!r} has no host")
    try:
        address: IPAddress | None = ipaddress.ip_address(host)
    except ValueError:
        address = None
    if address is None:
        if host in {h.lower() for h in allowed_hosts}:
            return host
        if allow_private and host == "localhost":
            return host
        raise HostNotAllowed(
            f"host {host!r} is not in {setting}; reports never leave the hospital, so a named host must be "
            "listed explicitly"
        )
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped  # ::ffff:a.b.c.d is the IPv4 host a.b.c.d
    if isinstance(address, ipaddress.IPv6Address) and address.scope_id:
        address = ipaddress.IPv6Address(str(address).split("%")[0])
    refused = refused_range(address)
    if refused is not None:
        raise HostNotAllowed(f"address {host} is in a refused range ({refused}); reports never leave the hospital")
    if allow_private and any(address.version == n.version and address in n for n in PRIVATE_NETWORKS):
        return host
    if any(address.version == n.version and address in n for n in _listed_networks(allowed_hosts)):
        return host
    raise HostNotAllowed(
        f"address {host} is not a loopback or private address and not in {setting}; reports never leave "
        "the hospital"
    )
