"""The migration plan as text (`lambda6lint plan`); its money line (plan.at_stake) is the one a lint
run's summary ends with.

Places are printed compiler-style (`path:line:col:`) so a terminal or an editor jumps to them. Template
text is escaped (see `escape`), as in every text output.
"""

from __future__ import annotations

from lambda6lint import paths
from lambda6lint.engine import Result
from lambda6lint.model import Location
from lambda6lint.plan import (
    STATUS_TEXT,
    NatPlan,
    Plan,
    VpcPlan,
    at_stake,
    copies,
    dollars,
    per_gb,
    regions,
    same_steps,
    shared_text,
)
from lambda6lint.pricing import price_basis
from lambda6lint.report import escape

INDENT = "  "
NOTHING = "No Lambda function in a VPC and no NAT gateway in these files."


def where(location: Location) -> str:
    return f"{escape.path(paths.portable(location.path))}:{location.line}:{location.column}"


def overall(plan: Plan) -> str:
    """What every NAT gateway of the run costs (those whose bill is known), whether or not it could go."""
    count = sum(len(n.nats) for n in plan.nats)
    unread = ""
    names = sorted(set(plan.unread))
    if names:
        shown = ", ".join(names[:5]) + (f" and {len(names) - 5} more" if len(names) > 5 else "")
        unread = f" (not counted: what {shown}, not read, may make; see --explain)"
    if not count:
        return f"No NAT gateway in these files{unread}"
    unknown = sum(len(n.nats) for n in plan.nats if n.bill.total is None)
    why = _why_not_estimated([n for n in plan.nats if n.bill.total is None])
    if unknown == count:  # (a sum of nothing is no estimate)
        return f"NAT gateways in these files: {count}, none of them estimated ({why}){unread}"
    text = f"NAT gateways in these files: {count}, est. {dollars(plan.cost)}/month"
    text += f" + {per_gb(plan)}" if plan.gb_per_month is None else f" with {plan.gb_per_month:g} GB/month each"
    return text + (f", {unknown} of them not estimated ({why})" if unknown else "") + unread


def repeated(plan: Plan) -> str:
    """What `overall`'s total comes to without the files that repeat another's NAT gateways (`plan.copies`), which
    may be copies (a packaged template) or stacks of their own: the code cannot tell. The plan's reports add it
    (a lint run's light plan does not keep what tells them)."""
    found = [c for c in copies(plan) if c.monthly is not None]
    if not found:
        return ""
    once = dollars(plan.cost - sum(c.monthly or 0.0 for c in found))
    count = sum(c.count for c in found)
    if len(found) == 1:
        copy = found[0]
        return (
            f" ({count} of them, in {paths.portable(copy.path)}, are the NAT gateways of {paths.portable(copy.of)} "
            f"over again: {once}/month if that file is a copy, such as a packaged template, not another stack)"
        )
    which = ", ".join(f"{paths.portable(c.path)} of {paths.portable(c.of)}" for c in found)
    return (
        f" ({count} of them, in {len(found)} files, are the NAT gateways of other files over again ({which}): "
        f"{once}/month if those are copies, such as packaged templates, not other stacks)"
    )


def _why_not_estimated(entries: list[NatPlan]) -> str:
    """Why NAT gateways' bills are not summed: AWS picks a regional one's zones, or a count cannot be known."""
    counted = any(e.cost.why for e in entries)
    regional = any(not e.cost.why for e in entries)
    if counted and regional:
        return "AWS picks the zones, or how many there are cannot be known"
    return "how many there are cannot be known: see each" if counted else "AWS picks the zones"


def basis(plan: Plan) -> str:
    # (where the code names another region than the defaults' us-east-1, a reader must not take them for its)
    prices = price_basis(plan.prices, regions(plan.nats), caveat=True)
    hourly = f"NAT ${plan.prices.nat_hourly:.3f}/hour, public IPv4 ${plan.prices.ipv4_hourly:.3f}/hour"
    return f"{prices}: {hourly}, data {per_gb(plan)}, 730 hours a month; estimates"


def bill_text(entry: NatPlan, plan: Plan) -> str:
    """`$36.50/month (hours $32.85, 1 public IPv4 address $3.65) + $0.045/GB`."""
    bill, cost = entry.bill, entry.cost
    if cost.why:
        return f"not estimated ({cost.why}) + {per_gb(plan)} each"
    if bill.fixed is None:
        return (
            f"decided by AWS: {dollars(730 * plan.prices.nat_hourly)}/month per active zone and "
            f"{dollars(730 * plan.prices.ipv4_hourly)}/month per public IPv4 address + {per_gb(plan)} "
            "(regional NAT gateway billing per zone is unverified)"
        )
    count = cost.addresses * cost.count if cost.addresses is not None else 0
    parts = [f"hours {dollars(bill.hours or 0.0)}"]
    if count:
        parts.append(f"{count} public IPv4 address{'es' if count != 1 else ''} {dollars(bill.addresses or 0.0)}")
    if bill.data is not None:
        parts.append(f"{plan.gb_per_month:g} GB each {dollars(bill.data)}")
    text = f"{dollars(bill.total or 0.0)}/month ({', '.join(parts)})"
    if bill.data is None:
        text += f" + {per_gb(plan)}"
    if entry.nat.regional:
        text += "; regional NAT gateway billing per zone is unverified"
    return text


def render(result: Result) -> str:
    plan = result.plan
    assert plan is not None
    lines = ["Migration plan", ""]
    stake = at_stake(plan, priced=False)  # (the prices line says where the code deploys)
    lines.append(f"{stake}." if stake else "No NAT gateway could go yet.")
    lines.append(f"{escape.printable(overall(plan) + repeated(plan))}.")
    lines.append(f"Prices: {basis(plan)}.")
    if plan.delta:
        lines += ["", "Against the baseline:"] + [f"{INDENT}{escape.printable(item.text)}" for item in plan.delta]
    elif plan.baseline:
        lines += ["", "Against the baseline: no change to the NAT gateways that could go."]
    elif plan.blind_baseline:
        lines += [
            "",
            "Against the baseline: not compared, as the run that wrote it did not look for W9650 and I9651 (write "
            "it again with them selected).",
        ]
    for vpc in plan.vpcs:
        lines += ["", *vpc_lines(vpc, plan)]
    if not plan.vpcs:
        lines += ["", NOTHING]
    for error in result.errors:
        lines += ["", f"{where(error.location)}: could not be read (E9600): {escape.printable(error.message)}"]
    return "".join(escape.line(line) + "\n" for line in lines)


def vpc_lines(vpc: VpcPlan, plan: Plan) -> list[str]:
    head = escape.printable(vpc.name)
    if vpc.vpc is not None:
        head = f"{where(vpc.vpc.location)}: {head}"
    functions = ", ".join(escape.printable(f.name) for f in vpc.functions) or "none"
    lines = [head, f"{INDENT}Lambda functions in it: {functions}"]
    if not vpc.nats:
        lines.append(f"{INDENT}No NAT gateway.")
    shared = same_steps(vpc)
    for entry in vpc.nats:
        lines += nat_lines(entry, plan, shared.get(id(entry)))
    if vpc.undecided:
        lines.append(f"{INDENT}Not decided for its functions:")
        for item in vpc.undecided:
            lines.append(
                f"{INDENT * 2}{where(item.location)}: {escape.printable(item.subject.name)}: "
                + escape.printable(item.text)
            )
    return lines


def nat_lines(entry: NatPlan, plan: Plan, first: NatPlan | None = None) -> list[str]:
    name = escape.printable(entry.name[0].upper() + entry.name[1:])
    lines = [
        f"{INDENT}{where(entry.nat.location)}: {name}: {STATUS_TEXT[entry.status]}",
        f"{INDENT * 2}cost: {bill_text(entry, plan)}",
    ]
    if entry.functions:
        lines.append(
            f"{INDENT * 2}functions behind it: " + ", ".join(escape.printable(f.name) for f in entry.functions)
        )
    if entry.note:
        lines.append(f"{INDENT * 2}{escape.printable(entry.note)}")
    if entry.replaceable:
        if first is not None:
            lines.append(f"{INDENT * 2}{escape.printable(shared_text(entry, first))}")
        for number, step in enumerate(entry.steps, 1):
            if first is not None and number < len(entry.steps):
                continue
            lines.append(f"{INDENT * 2}{number}. {escape.printable(step.text)}")
            for change in step.changes:
                lines.append(
                    f"{INDENT * 3}{where(change.location)}: {escape.printable(change.name)}: "
                    + escape.printable(change.what)
                )
    for blocker in entry.blockers:
        lines.append(f"{INDENT * 2}must stay: {where(blocker.location)}: {escape.printable(blocker.text)}")
    for item in entry.undecided:
        lines.append(f"{INDENT * 2}not decided: {where(item.location)}: {escape.printable(item.text)}")
    return lines
