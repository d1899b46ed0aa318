"""Network ACL evaluation: does any IPv6 TCP packet between a subnet and internet addresses pass?

AWS evaluates a network ACL's rules in ascending rule number; the first rule that matches a
packet decides, deny rules included, and the final `*` rule denies (research/aws-facts.md §12.2).
Written once for every format: the mappers read rules into `AclEntry`s, the graph asks here.

The question is existential and conservative: it is answered `False` only when no packet of the
asked kind can pass, and `None` as soon as an unknown rule could be the one that decides. `all_pass`
asks the other question (does every packet pass?), for what must work before a NAT gateway goes.
A rule on an `OwnBlock` is taken as the ACL's own VPC's (`Network.acl_entries` makes any other unknown): the
packets it matches stay in the VPC.
"""

from __future__ import annotations

import functools
import ipaddress

from lambda6lint.model import UNKNOWN, AclEntry, OwnBlock
from lambda6lint.records import dataclass, field

IPv6 = ipaddress.IPv6Network
INTERNET = IPv6("2000::/3")  # global unicast: the internet addresses IPv6 egress must reach
TCP = 6
ALL_PROTOCOLS = -1
ANY_PORT = (0, 65535)
EPHEMERAL = (1024, 65535)  # where return traffic arrives (AWS's recommendation for ACLs)

#: A set of packets: remote addresses from..to (as integers) × ports from..to. A rule cuts a box into at
#: most four (a CIDR is one range of integers), not the ~125 networks `address_exclude` would make.
_Box = tuple[int, int, int, int]
_Range = tuple[int, int]
#: AWS takes at most 40 rules a direction (VPC quotas); a hostile template's thousands made each network
#: ACL take seconds. Past `MAX_RULES` (or `MAX_BOXES` pieces) the answer is unknown.
MAX_RULES = 100
MAX_BOXES = 2_000
#: The most port ranges one function's security groups may let out over IPv6 for its ACL to be walked for
#: each (a group of thousands of one-port rules: each range is a walk of every rule).
MAX_PORT_RANGES = 64
#: Pieces the walks may look at for one template or root module, all its network ACLs together (~1 s):
#: 256 ACLs of 87 crafted rules each (a 9 KB module) took minutes. Past it, what is left is unknown.
MAX_WORK = 3_000_000
_INTERNET: _Range = (int(INTERNET.network_address), int(INTERNET.broadcast_address))


class Budget:
    """What is left of `MAX_WORK` for one template."""

    __slots__ = ("left",)

    def __init__(self, left: int | None = None):
        self.left = MAX_WORK if left is None else left

    @property
    def spent(self) -> bool:
        return self.left < 0


@dataclass
class Verdict:
    """Whether some packet passes (tri-state), and the deny rules that stopped the rest."""

    passes: bool | None
    denied_by: list[AclEntry] = field(default_factory=list)


def _network(cidr: object) -> _Range | None:
    return _parsed(cidr) if isinstance(cidr, str) else None


@functools.lru_cache(maxsize=4096)  # (rule lists repeat, and are walked three times each)
def _parsed(cidr: str) -> _Range | None:
    try:
        network = ipaddress.ip_network(cidr.strip(), strict=False)
    except ValueError:
        return None
    return (int(network.network_address), int(network.broadcast_address)) if isinstance(network, IPv6) else None


def _minus(box: _Box, net: _Range, low: int, high: int) -> list[_Box]:
    """`box` without the packets of `net` × [low, high]."""
    start, end, first, last = box
    if net[1] < start or end < net[0] or high < first or last < low:
        return [box]
    rest: list[_Box] = []
    if start < net[0]:
        rest.append((start, net[0] - 1, first, last))
    if net[1] < end:
        rest.append((net[1] + 1, end, first, last))
    inside = (max(start, net[0]), min(end, net[1]))
    if first < low:
        rest.append((*inside, first, low - 1))
    if high < last:
        rest.append((*inside, high + 1, last))
    return rest


def _meets(boxes: list[_Box], net: _Range, low: int, high: int) -> bool:
    return any(start <= net[1] and net[0] <= end and low <= last and first <= high for start, end, first, last in boxes)


def _walk(
    entries: list[AclEntry], egress: bool, ports: tuple[int, int], cleared: bool, budget: Budget
) -> tuple[str, list[AclEntry]]:
    """AWS's walk over the rules, lowest number first, for IPv6 TCP packets to (egress) or from
    (ingress) internet addresses on a port of `ports`: the packets that rules whose action is `cleared`
    (allow: True, deny: False) match are taken out, until a rule of the other action meets what is left
    ("met"), nothing is left ("gone"), no rule is ("end": the final `*` denies), or a rule that cannot
    be known may decide ("unknown"). With the rules of action `cleared` that took packets out."""
    budget.left -= len(entries)  # (each walk reads them all: a function may ask about thousands of ports)
    if budget.spent:
        return "unknown", []
    mine = [e for e in entries if e.egress is UNKNOWN or e.egress == egress]
    if len(mine) > MAX_RULES or any(e.number is UNKNOWN for e in mine):
        return "unknown", []
    boxes: list[_Box] = [(*_INTERNET, *ports)]
    took: list[AclEntry] = []
    for entry in sorted(mine, key=lambda e: e.number if isinstance(e.number, int) else 0):
        if entry.ipv6 is None or isinstance(entry.ipv6, OwnBlock):
            continue  # an IPv4 rule never matches IPv6 traffic; nor one on the ACL's own VPC's block internet traffic
        net = _network(entry.ipv6)
        if net is None:
            return "unknown", took
        if entry.protocol not in (ALL_PROTOCOLS, TCP, UNKNOWN):
            continue
        low, high = ANY_PORT
        if entry.protocol == TCP and entry.ports is not None:
            if entry.ports is UNKNOWN or not 0 <= entry.ports[0] <= entry.ports[1] <= ANY_PORT[1]:
                # (a range AWS's reference gives no meaning to, -1 to -1 for TCP: not a range matching nothing)
                if _meets(boxes, net, *ANY_PORT):
                    return "unknown", took
                continue
            low, high = entry.ports
        budget.left -= len(boxes)
        if budget.spent:
            return "unknown", took
        if not _meets(boxes, net, low, high):
            continue
        if entry.conditional or UNKNOWN in (entry.egress, entry.allow, entry.protocol):
            return "unknown", took
        if entry.allow is not cleared:
            return "met", took
        took.append(entry)
        boxes = [piece for box in boxes for piece in _minus(box, net, low, high)]
        if not boxes:
            return "gone", took
        if len(boxes) > MAX_BOXES:
            return "unknown", took
    return "end", took


def evaluate(entries: list[AclEntry], egress: bool, ports: tuple[int, int], budget: Budget) -> Verdict:
    """Whether some IPv6 TCP packet to (egress) or from (ingress) internet addresses, on a port of
    `ports` (the remote port for egress, the subnet's for ingress), passes the rules."""
    outcome, denied = _walk(entries, egress, ports, False, budget)
    if outcome == "unknown":
        return Verdict(None)
    # the deny rules are what stopped it only when they cover it all; else no rule allows the rest
    return Verdict(True) if outcome == "met" else Verdict(False, denied if outcome == "gone" else [])


def all_pass(entries: list[AclEntry], egress: bool, ports: tuple[int, int], budget: Budget) -> bool | None:
    """Whether every IPv6 TCP packet to (egress) or from (ingress) internet addresses on a port of
    `ports` passes: each is allowed by the first rule that matches it. False when a deny rule, or the
    final `*`, meets one of them (AWS's example ACL lets replies in on 32768-65535 only, but return
    traffic may come to any port of 1024-65535: aws-facts.md §12.2); None when an unknown rule may."""
    outcome, _ = _walk(entries, egress, ports, True, budget)
    return None if outcome == "unknown" else outcome == "gone"


def free_number(entries: list[AclEntry], egress: bool, denied_by: list[AclEntry]) -> int | None:
    """A rule number for a new allow rule in one direction: after the rules there that come before the first
    rule that denies IPv6 (so the rules a team numbered first, a block list among them, still decide first) and
    before that deny, one the ACL does not use (AWS rejects a number in use: NetworkAclEntryAlreadyExists).
    Round numbers first (100s, then 10s). None when a number cannot be known or no gap is left."""
    numbers = [e.number for e in entries if e.egress is egress or e.egress is UNKNOWN]
    if any(not isinstance(n, int) for n in numbers):
        return None
    limit = min([d.number for d in denied_by if d.egress is egress and isinstance(d.number, int)], default=32767)
    low = max([n for n in numbers if isinstance(n, int) and n < limit], default=0)
    for step in (100, 10, 1):
        candidate = (low // step + 1) * step
        if candidate < limit and candidate <= 32766:
            return candidate
    return None
