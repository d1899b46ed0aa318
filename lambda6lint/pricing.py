"""NAT gateway cost estimates (us-east-1 list prices; research/aws-facts.md §9)."""

from __future__ import annotations

from dataclasses import dataclass

HOURS_PER_MONTH = 730


@dataclass(frozen=True)
class Prices:
    nat_hourly: float = 0.045
    ipv4_hourly: float = 0.005
    nat_per_gb: float = 0.045

    def nat_monthly(self, public: bool | None = True) -> float:
        """Fixed monthly cost of one NAT gateway: its hours, plus its public IPv4 address if public."""
        ipv4 = self.ipv4_hourly if public is not False else 0.0
        return HOURS_PER_MONTH * (self.nat_hourly + ipv4)

    def saving_text(self, public: bool | None = True) -> str:
        basis = "us-east-1 list prices" if self == Prices() else "configured prices"
        return (
            f"est. ${self.nat_monthly(public):,.2f}/month fixed plus ${self.nat_per_gb:.3f}/GB processed "
            f"({basis}; an estimate)"
        )


DEFAULT_PRICES = Prices()
