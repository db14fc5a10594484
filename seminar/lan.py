from __future__ import annotations

import ipaddress
import socket

import psutil


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
