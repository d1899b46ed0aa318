"""The migration plan as JSON (`lambda6lint plan --format json`), for dashboards and scripts.

Amounts are US dollars a month, `null` where not known (never 0 for "not known"); places are
repository-relative paths with 1-based lines and columns.
"""

from __future__ import annotations

import json

from lambda6lint import __version__, paths
from lambda6lint.engine import Result
from lambda6lint.model import Location, Resource, region
from lambda6lint.plan import NatPlan, VpcPlan, copies, known_regions, regions, same_steps
from lambda6lint.pricing import price_basis
from lambda6lint.report import plan_text
from lambda6lint.report.escape import json_text

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from lambda6lint.diagram import Diagram


def _place(location: Location) -> dict[str, Any]:
    return {"path": paths.portable(location.path), "line": location.line, "column": location.column}


def _resource(res: Resource) -> dict[str, Any]:
    return {"id": res.id, "name": res.name, "type": res.type, **_place(res.location)}


def _cents(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def _nat(entry: NatPlan, first: NatPlan | None = None) -> dict[str, Any]:
    return {
        "nat_gateways": [_resource(n) for n in entry.nats],
        "regional": bool(entry.nat.regional),
        "region": region(entry.nat),
        "status": entry.status,
        "replaceable": entry.replaceable,
        "cost": {
            "count": entry.cost.count,
            "zones": entry.cost.zones,
            "public_ipv4_addresses": entry.cost.addresses,
            "hours": _cents(entry.bill.hours),
            "public_ipv4": _cents(entry.bill.addresses),
            "data": _cents(entry.bill.data),
            "monthly": _cents(entry.bill.total),
        },
        "functions": [_resource(f) for f in entry.functions],
        "subnets": [_resource(s) for s in entry.subnets],
        "route_tables": [_resource(t) for t in entry.tables],
        "steps": [
            {
                "step": step.step,
                "text": step.text,
                "changes": [
                    {"resource": _resource(c.resource), "change": c.what, **_place(c.location)} for c in step.changes
                ],
            }
            for step in entry.steps
        ],
        "same_steps_as": _resource(first.nat) if first is not None else None,
        "blockers": [
            {"kind": b.kind, "text": b.text, "resource": _resource(b.resource), **_place(b.location)}
            for b in entry.blockers
        ],
        "undecided": [{"fact": u.fact, "cause": u.cause, **_place(u.location)} for u in entry.undecided],
        "note": entry.note or None,
    }


def _diagram(diagram: Diagram | None) -> dict[str, Any]:
    if diagram is None:  # (not drawn: `diagram.draw`)
        return {"nodes": [], "edges": [], "functions_not_drawn": 0}
    return {
        "nodes": [
            {
                "key": n.key,
                "kind": n.kind,
                "label": n.label,
                "detail": n.detail,
                "missing": n.missing,
                "location": _place(n.location) if n.location else None,
            }
            for n in diagram.nodes
        ],
        "edges": [{"from": e.source, "to": e.target, "label": e.label, "missing": e.missing} for e in diagram.edges],
        "functions_not_drawn": diagram.left_out,
    }


def _vpc(vpc: VpcPlan) -> dict[str, Any]:
    shared = same_steps(vpc)
    return {
        "vpc": _resource(vpc.vpc) if vpc.vpc else None,
        "functions": [_resource(f) for f in vpc.functions],
        "nat_gateways": [_nat(n, shared.get(id(n))) for n in vpc.nats],
        "undecided": [
            {"subject": u.subject.name, "fact": u.fact, "cause": u.cause, **_place(u.location)} for u in vpc.undecided
        ],
        "diagram": _diagram(vpc.diagram),
        **({"root": vpc.root} if vpc.root else {}),  # (two roots make a VPC of this address)
    }


def render(result: Result) -> str:
    plan = result.plan
    assert plan is not None
    document = {
        "version": __version__,
        "prices": {
            "nat_hourly": plan.prices.nat_hourly,
            "ipv4_hourly": plan.prices.ipv4_hourly,
            "nat_per_gb": plan.prices.nat_per_gb,
            "hours_per_month": 730,
            "gb_per_month": plan.gb_per_month,
            "basis": price_basis(plan.prices, regions(plan.nats), caveat=True),
            "regions": known_regions(plan.nats),
        },
        "summary": {
            "nat_gateways_that_could_go": plan.gateways_that_could_go,
            "monthly_saving": _cents(plan.saving),
            "not_estimated": sum(len(n.nats) for n in plan.saving_unknown),
            "monthly_cost": _cents(plan.cost),
            "text": plan_text.at_stake(plan) or None,
            "unread_modules": sorted(set(plan.unread)),
            "copies": [
                {
                    "path": paths.portable(c.path),
                    "of": paths.portable(c.of),
                    "nat_gateways": c.count,
                    "monthly": _cents(c.monthly),
                }
                for c in copies(plan)
            ],
        },
        "delta": (
            [
                {"text": d.text, "monthly": _cents(d.monthly), "nat_gateway": _resource(d.nat) if d.nat else None}
                for d in plan.delta
            ]
            if plan.baseline
            else None
        ),
        "vpcs": [_vpc(v) for v in plan.vpcs],
        "errors": [{"message": e.message, **_place(e.location)} for e in result.errors],
    }
    return json_text(json.dumps(document, indent=2, ensure_ascii=False)) + "\n"
