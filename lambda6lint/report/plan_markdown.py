"""The migration plan as Markdown (`lambda6lint plan --format markdown`): for a pull-request comment or a
GitHub job summary, with a Mermaid diagram per VPC that GitHub and GitLab draw.

Template text is escaped as in the findings table (`markdown.cell`); diagram labels by `mermaid.text`.
GitHub caps a job summary at 1 MiB, so the plan stops after `MAX_VPCS` VPC sections or
`markdown.MAX_BYTES` (the totals above them count every VPC).
"""

from __future__ import annotations

from lambda6lint import paths
from lambda6lint.engine import Result
from lambda6lint.model import Location
from lambda6lint.network import count_setting
from lambda6lint.plan import STATUS_TEXT, NatPlan, Plan, VpcPlan, same_steps, shared_text
from lambda6lint.report import markdown, mermaid, plan_text

MAX_VPCS = 40
_ICONS = {
    "ready": "✅",
    "steps-left": "🛠️",
    "blocked": "⛔",
    "undecided": "❔",
    "idle": "💤",
    "private": "🔒",
}


cell = markdown.cell


def where(location: Location) -> str:
    return cell(f"{paths.portable(location.path)}:{location.line}")


def render(result: Result) -> str:
    plan = result.plan
    assert plan is not None
    lines = ["## lambda6lint migration plan", ""]
    stake = plan_text.at_stake(plan, priced=False)  # (the prices line says where the code deploys)
    lines.append(f"**{cell(stake)}.**" if stake else "No NAT gateway could go yet.")
    lines += ["", f"{cell(plan_text.overall(plan) + plan_text.repeated(plan))}. Prices: {cell(plan_text.basis(plan))}."]
    budget = markdown.Budget(lines)
    if plan.delta:
        lines += ["", "**Against the baseline:**", ""]
        shown = sum(budget.add(lines, [f"- {cell(item.text)}"], 0.25) for item in plan.delta)
        if shown < len(plan.delta):
            lines.append(f"- … and {len(plan.delta) - shown} more: see `lambda6lint plan --format html`.")
    elif plan.baseline:
        lines += ["", "Against the baseline: no change to the NAT gateways that could go."]
    shown = 0
    for vpc in plan.vpcs[:MAX_VPCS]:  # (one too large for what is left is skipped: the next may fit)
        shown += budget.add(lines, ["", *vpc_lines(vpc, plan)], 0.9)
    if len(plan.vpcs) > shown:
        more = len(plan.vpcs) - shown
        lines += ["", f"… and {more} more VPCs: see `lambda6lint plan --format html` for the whole plan."]
    if not plan.vpcs:
        lines += ["", plan_text.NOTHING]
    if result.errors:
        lines += ["", "### Files that could not be read", ""]
        shown = sum(budget.add(lines, [f"- {where(e.location)}: {cell(e.message)}"]) for e in result.errors)
        if shown < len(result.errors):
            lines.append(f"- … and {len(result.errors) - shown} more: see the full report.")
    return "\n".join(lines) + "\n"


def vpc_lines(vpc: VpcPlan, plan: Plan) -> list[str]:
    head = f"### {cell(vpc.name)}"
    if vpc.vpc is not None:
        head += f" ({where(vpc.vpc.location)})"
    functions = ", ".join(cell(f.name) for f in vpc.functions) or "none"
    lines = [head, "", f"Lambda functions: {functions}", ""]
    if vpc.nats:
        lines += [
            "| NAT gateway | status | NAT hours | public IPv4 | data | per month | functions behind it |",
            "|---|---|--:|--:|--:|--:|---|",
        ]
        lines += [_row(entry, plan) for entry in vpc.nats]
    else:
        lines.append("No NAT gateway.")
    shared = same_steps(vpc)
    for entry in vpc.nats:
        lines += _details(entry, shared.get(id(entry)))
    if vpc.undecided:
        lines += ["", "**Not decided for its functions:**", ""]
        lines += [f"- {cell(u.subject.name)}: {cell(u.text)} ({where(u.location)})" for u in vpc.undecided]
    diagram = vpc.diagram  # (None: not drawn, `diagram.draw`)
    if diagram is not None and diagram.nodes:
        lines += ["", "```mermaid", mermaid.render(diagram).rstrip("\n"), "```"]
        if diagram.left_out:
            lines.append(f"{diagram.left_out} more functions are not drawn.")
        if any(edge.missing for edge in diagram.edges):
            lines += ["", "Dashed red: what the migration still needs (a ::/0 route, a gateway endpoint)."]
    return lines


def _row(entry: NatPlan, plan: Plan) -> str:
    bill = entry.bill
    picks = f"not known (its {count_setting(entry.nat)})" if entry.cost.why else None
    hours = picks or "by zone (AWS picks)" if bill.hours is None else cell(plan_text.dollars(bill.hours))
    addresses = picks or "by address (AWS picks)" if bill.addresses is None else cell(plan_text.dollars(bill.addresses))
    data = cell(plan_text.per_gb(plan) if bill.data is None else plan_text.dollars(bill.data))
    total = "not known" if bill.total is None else f"**{cell(plan_text.dollars(bill.total))}**"
    functions = ", ".join(cell(f.name) for f in entry.functions) or "–"
    name = f"{cell(entry.name)} ({where(entry.nat.location)})"
    status = f"{_ICONS[entry.status]} {STATUS_TEXT[entry.status]}"
    return f"| {name} | {status} | {hours} | {addresses} | {data} | {total} | {functions} |"


def _details(entry: NatPlan, first: NatPlan | None = None) -> list[str]:
    title = cell(entry.name[0].upper() + entry.name[1:])
    lines: list[str] = []
    if entry.replaceable:
        lines += ["", f"#### {title}: {'steps left' if entry.status == 'steps-left' else 'ready to go'}", ""]
        if first is not None:
            text = shared_text(entry, first)
            lines += [f"{cell(text[0].upper() + text[1:])}.", ""]
        for number, step in enumerate(entry.steps, 1):
            if first is not None and number < len(entry.steps):
                continue
            lines.append(f"{number}. {cell(step.text)}")
            lines += [f"   - {where(c.location)} {cell(c.name)}: {cell(c.what)}" for c in step.changes]
    if entry.blockers:
        lines += ["", f"#### {title}: must stay", ""]
        lines += [f"- {cell(b.text)} ({where(b.location)})" for b in entry.blockers]
    if entry.undecided:
        lines += ["", f"#### {title}: not decided", ""]
        lines += [f"- {cell(u.text)} ({where(u.location)})" for u in entry.undecided]
    if entry.note:
        lines += ["", f"{title}: {cell(entry.note)}."]
    return lines
