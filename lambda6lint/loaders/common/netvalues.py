"""Network values as every loader reads them: CIDRs, endpoint service names, gateway ids.

Format-neutral, so CloudFormation and Terraform agree on what `::/0` or `com.amazonaws.x.s3` means.
"""

from __future__ import annotations

from functools import cache, lru_cache

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


def whole_number(text: object, digits: int = 18) -> int | None:
    """`text` as the whole number it writes in ASCII digits, at most `digits` of them; None otherwise. Not
    `str.isdigit()` alone: it accepts `²`, which `int` refuses, and `٤٤٣`, which no AWS API takes; and `int`
    refuses text of over 4,300 digits. Anything but text is None before the cache: a template may write a
    map or a list where a number belongs, which no cache can hash."""
    return _whole_number(text, digits) if isinstance(text, str) else None


@cache
def _whole_number(text: str, digits: int) -> int | None:
    if text.isascii() and text.isdigit() and len(text) <= digits:
        return int(text)
    return None


def _internet_v6() -> Any:
    """Global unicast: "internet addresses" for IPv6 egress."""
    import ipaddress  # only a run with CIDRs to read (start-up, issue #14)

    return ipaddress.ip_network("2000::/3")


#: The default routes' CIDRs, as nearly every template writes them: canonical without `ipaddress` (1.2 ms of start-up).
_CANONICAL = frozenset(("0.0.0.0/0", "::/0"))


@lru_cache(maxsize=4096)  # templates repeat their CIDRs, and ipaddress parses slowly
def normal_cidr(text: str) -> str:
    """The canonical form of a CIDR (`0:0::/0` → `::/0`); text that is not a CIDR unchanged."""
    if text in _CANONICAL:
        return text
    import ipaddress

    try:
        return str(ipaddress.ip_network(text.strip(), strict=False))
    except ValueError:
        return text


@lru_cache(maxsize=4096)
def reaches_ipv6_internet(cidr: str) -> bool | None:
    """Whether an egress CIDR covers IPv6 internet addresses; None when it is not a CIDR."""
    if cidr in _CANONICAL:
        return cidr == "::/0"  # (all of IPv6; all of IPv4 is none of it)
    import ipaddress

    try:
        return ipaddress.ip_network(cidr.strip(), strict=False).overlaps(_internet_v6())
    except ValueError:
        return None


def endpoint_service(name: object, hole: str) -> str | None:
    """`s3` from `com.amazonaws.<region>.s3`; None when the service part is unknown (holds `hole`)."""
    tail = name.rsplit(".", 1)[-1] if isinstance(name, str) and name else ""
    return tail if tail and hole not in tail else None
