"""NAT gateway cost estimates (us-east-1 list prices; research/aws-facts.md §9, RULES.md "Saving estimate")."""

from __future__ import annotations

from collections.abc import Collection, Iterable

from lambda6lint.records import dataclass

HOURS_PER_MONTH = 730
#: The region whose list prices the defaults are (research/aws-facts.md §9).
PRICED_REGION = "us-east-1"


def elsewhere(regions: Iterable[str | None]) -> list[str]:
    """The regions among `regions` (each a resource's, `model.region`) that are known and not `PRICED_REGION`."""
    return sorted({r for r in regions if r and r != PRICED_REGION})


def price_basis(prices: Prices, regions: Collection[str | None] = (), caveat: bool = False) -> str:
    """Whose prices an estimate is at, for NAT gateways that deploy to `regions`. The defaults are us-east-1's: where
    the code names another region, say so (no other region's prices are known here); `caveat`: say that other
    regions may charge more where no region is known."""
    if prices != DEFAULT_PRICES:
        return "configured prices"
    other = elsewhere(regions)
    if other:
        named = other[0] if len(other) == 1 else f"{', '.join(other[:-1])} and {other[-1]}"
        return (
            f"{PRICED_REGION} list prices; this code deploys to {named}, where they may be higher "
            "(set yours under [prices])"
        )
    if caveat and not (regions and all(r == PRICED_REGION for r in regions)):
        return f"{PRICED_REGION} list prices (other regions may charge more: set yours under [prices])"
    return f"{PRICED_REGION} list prices"


@dataclass(frozen=True)
class NatCost:
    """What keeping like NAT gateways costs per month, before traffic: how many there are and, for each,
    the zones it is billed in and the public IPv4 addresses it holds (None when AWS decides them)."""

    count: int = 1
    zones: int | None = 1
    addresses: int | None = 1
    regional: bool = False
    #: How many NAT gateways unlike ones add up to, where `count` is 1 and the zones and addresses are
    #: their totals (one that goes with another: a count's member nothing uses, with other addresses).
    gateways: int = 0
    #: Why the bill is not estimated, where that is not a regional one's zones AWS picks (a count that
    #: cannot be known); its zones and addresses are then None.
    why: str = ""


@dataclass(frozen=True)
class Prices:
    nat_hourly: float = 0.045
    ipv4_hourly: float = 0.005
    nat_per_gb: float = 0.045

    def nat_saving_text(self, cost: NatCost, rerouted: bool = False, regions: Collection[str | None] = ()) -> str:
        """The saving of removing the NAT gateways `cost` describes, with its basis and caveats. `rerouted`: their
        IPv4 traffic goes on through NAT gateways that stay (a smaller natGateways of a CDK ec2.Vpc routes the
        other zones through those it keeps), so nothing is saved per GB, and it crosses zones (§9, §10.1).
        `regions`: where they deploy (`model.region`), which the basis names when not us-east-1."""
        basis = price_basis(self, regions)
        per_gb = f"plus ${self.nat_per_gb:.3f}/GB processed ({basis}; an estimate"
        if rerouted:
            per_gb = (
                f"({basis}; an estimate: their IPv4 traffic is still processed per GB, by a NAT gateway CDK keeps "
                "in another zone, and pays cross-zone transfer on top"
            )
        if cost.why:  # (one standing for a count that cannot be known)
            return f"an amount not estimated ({cost.why}) {per_gb})"
        many = f" for {gateways} NAT gateways" if (gateways := cost.gateways or cost.count) > 1 else ""
        if cost.zones is None or cost.addresses is None:
            zone, address = HOURS_PER_MONTH * self.nat_hourly, HOURS_PER_MONTH * self.ipv4_hourly
            each = " each" if cost.count > 1 else ""
            return (
                f"est. ${zone:,.2f}/month per active zone and ${address:,.2f}/month per public IPv4 address{each} "
                f"{per_gb}; AWS picks the zones and addresses of this regional NAT gateway, and its per-zone "
                "billing is unverified)"
            )
        hourly = cost.zones * self.nat_hourly + cost.addresses * self.ipv4_hourly
        total = cost.count * HOURS_PER_MONTH * hourly
        each = " each" if cost.count > 1 else ""
        addresses = f"{cost.addresses} public IPv4 address{'es' if cost.addresses != 1 else ''}"
        if not cost.regional:
            shape = f" ({addresses}{each})" if cost.addresses > 1 else ""
            return f"est. ${total:,.2f}/month fixed{many}{shape} {per_gb})"
        zones = f"{cost.zones} zone{'s' if cost.zones != 1 else ''}"
        return (
            f"est. ${total:,.2f}/month fixed{many} ({zones} and {addresses}{each}) {per_gb}; regional NAT gateway "
            "billing per zone is unverified)"
        )


DEFAULT_PRICES = Prices()


@dataclass(frozen=True)
class NatBill:
    """A month of like NAT gateways, item by item (None: not known, so never added to a total)."""

    hours: float | None  # NAT gateway hours, per zone billed
    addresses: float | None  # their public IPv4 addresses
    data: float | None  # data processed, from an estimate of GB per month (None without one)

    @property
    def fixed(self) -> float | None:
        """What the gateways cost before traffic; None when AWS picks a regional one's zones or addresses, or
        their number cannot be known."""
        return None if self.hours is None or self.addresses is None else self.hours + self.addresses

    @property
    def total(self) -> float | None:
        fixed = self.fixed
        return None if fixed is None else fixed + (self.data or 0.0)


def bill(prices: Prices, cost: NatCost, gb_per_month: float | None = None) -> NatBill:
    """The monthly bill of the NAT gateways `cost` describes, each processing `gb_per_month` GB."""
    hours = None if cost.zones is None else cost.count * HOURS_PER_MONTH * cost.zones * prices.nat_hourly
    addresses = None if cost.addresses is None else cost.count * HOURS_PER_MONTH * cost.addresses * prices.ipv4_hourly
    data = None if gb_per_month is None else cost.count * gb_per_month * prices.nat_per_gb
    return NatBill(hours, addresses, data)
