from __future__ import annotations

import ipaddress
import socket
from collections.abc import Sequence
from dataclasses import dataclass

import psutil
from django.conf import settings
from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _


def lan_addresses() -> list[str]:
    """This machine's IPv4 addresses that phones on the same network could reach.

    Read from the network interfaces, so finding them sends nothing anywhere.
    """
    found = []
    for addresses in psutil.net_if_addrs().values():
        for address in addresses:
            if address.family != socket.AF_INET:
                continue
            ip = ipaddress.ip_address(address.address)
            if ip.is_loopback or ip.is_link_local:
                continue
            found.append(str(ip))
    # Private (venue Wi-Fi, hotspot) addresses first: that is where the phones are.
    return sorted(found, key=lambda ip: not ipaddress.ip_address(ip).is_private)


# What `serve` may listen on: every interface (phones can reach any of the machine's
# addresses), this machine only, or one address.
WILDCARD_HOSTS = frozenset({"", "0.0.0.0", "::"})  # noqa: S104  (a name, not a bind)
LOOPBACK_NAMES = frozenset({"localhost", "localhost.localdomain"})


@dataclass(frozen=True)
class JoinAddress:
    """Where the phones are sent, and what the facilitator must know about it."""

    base_url: str  # e.g. http://192.168.1.20:8000, no slash at the end
    host: str  # the address's host: what a facilitator picks among `choices`
    # Each a plain sentence: why phones may not get in, and what to do about it.
    warnings: tuple[Promise | str, ...]
    fixed: bool  # PLENUM_PUBLIC_URL: set on the server, not picked in the console
    choices: tuple[str, ...]  # the machine's addresses the server can be reached on

    @property
    def phones_can_join(self) -> bool:
        return not self.warnings


def is_loopback(host: str) -> bool:
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def http_base(host: str, port: int) -> str:
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


def decide_join_address(
    *, host: str, port: int, public_url: str, addresses: Sequence[str], chosen: str = ""
) -> JoinAddress:
    """The join address for a server listening on `host`:`port`, on a machine with these
    network `addresses`: PLENUM_PUBLIC_URL (`public_url`) wins; on every interface, the
    facilitator's `chosen` address if it is still the machine's, else the first; on one
    address, that one. Listening on loopback, only this machine can open it: say so."""
    if public_url:
        return JoinAddress(
            base_url=public_url.rstrip("/"), host="", warnings=(), fixed=True, choices=()
        )
    if is_loopback(host):
        return JoinAddress(
            base_url=f"http://localhost:{port}",
            host="localhost",
            warnings=(
                format_lazy(
                    _(
                        "The server listens on this machine only ({host}), so phones cannot "
                        "join: the address works on this machine alone. Start it with "
                        "“make run” (without HOST), or with HOST set to one of this "
                        "machine's network addresses{example}."
                    ),
                    host=host,
                    example=f" (HOST={addresses[0]})" if addresses else "",
                ),
            ),
            fixed=False,
            choices=(),
        )
    if host in WILDCARD_HOSTS:
        if not addresses:
            return JoinAddress(
                base_url=f"http://localhost:{port}",
                host="localhost",
                warnings=(
                    _(
                        "This machine has no network address, so phones cannot join. Connect "
                        "it to the venue's Wi-Fi (or a phone's hotspot) and reload this page."
                    ),
                ),
                fixed=False,
                choices=(),
            )
        picked = chosen if chosen in addresses else addresses[0]
        return JoinAddress(
            base_url=http_base(picked, port),
            host=picked,
            warnings=(),
            fixed=False,
            choices=tuple(addresses),
        )
    warnings: tuple[Promise | str, ...] = ()
    if host not in addresses:
        warnings = (
            format_lazy(
                _(
                    "{host} is not one of this machine's addresses ({addresses}): phones "
                    "may not reach the server there. Start it with “make run” (without "
                    "HOST), or with HOST set to one of this machine's addresses."
                ),
                host=host,
                addresses=", ".join(addresses) or _("none"),
            ),
        )
    return JoinAddress(
        base_url=http_base(host, port), host=host, warnings=warnings, fixed=False, choices=()
    )


def server_join_address(*, chosen: str = "") -> JoinAddress:
    """The join address of this server, as `serve` started it (settings.LISTEN_HOST and
    LISTEN_PORT, which it passes on to every process in the environment)."""
    return decide_join_address(
        host=settings.LISTEN_HOST,
        port=settings.LISTEN_PORT,
        public_url=settings.PUBLIC_URL,
        addresses=lan_addresses() if not settings.PUBLIC_URL else (),
        chosen=chosen,
    )
