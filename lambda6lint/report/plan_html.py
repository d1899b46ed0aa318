"""The migration plan as one self-contained HTML page (`lambda6lint plan --format html`).

Everything is inline — styles, and diagrams as SVG (report/svg.py) — and the page has no script: it
loads nothing from the network when opened, so it can be attached to a ticket or opened offline. The
only links are to the rules' documentation, followed only when clicked. Template text is escaped with
`html.escape`.
"""

from __future__ import annotations

from html import escape

from lambda6lint import __version__, paths
from lambda6lint.engine import Result
from lambda6lint.model import Location
from lambda6lint.network import count_setting
from lambda6lint.plan import STATUS_TEXT, NatPlan, Plan, VpcPlan, same_steps, shared_text
from lambda6lint.report import plan_text, svg
from lambda6lint.report.escape import printable

STYLE = """
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 1100px; color: #263238; padding: 0 1rem; }
h1 { font-size: 1.6rem; } h2 { margin-top: 2.5rem; border-bottom: 1px solid #cfd8dc; padding-bottom: .3rem; }
h3 { font-size: 1.05rem; margin-top: 1.5rem; }
.stake { font-size: 1.25rem; font-weight: 600; background: #e8f5e9; padding: .7rem 1rem; border-radius: 6px; }
.muted, .where { color: #607d8b; } .where { font-family: ui-monospace, monospace; font-size: .85rem; }
table { border-collapse: collapse; margin: .8rem 0; } td, th { border: 1px solid #cfd8dc; padding: .35rem .6rem; }
th { background: #eceff1; text-align: left; } td.money { text-align: right; font-variant-numeric: tabular-nums; }
.status { white-space: nowrap; padding: .1rem .45rem; border-radius: 4px; font-size: .85rem; }
.ready { background: #c8e6c9; } .steps-left { background: #fff9c4; } .blocked { background: #ffcdd2; }
.undecided { background: #e1bee7; } .idle, .private { background: #eceff1; }
ol li { margin: .3rem 0; } ul.changes { margin: .2rem 0 .5rem; }
figure { margin: 1rem 0; overflow-x: auto; } figcaption { color: #607d8b; font-size: .85rem; }
"""


def _text(value: str) -> str:
    return escape(printable(value))


def _where(location: Location) -> str:
    return f'<span class="where">{_text(f"{paths.portable(location.path)}:{location.line}")}</span>'


def render(result: Result) -> str:
    plan = result.plan
    assert plan is not None
    stake = plan_text.at_stake(plan, priced=False)  # (the prices line says where the code deploys)
    headline = f"{stake}." if stake else "No NAT gateway could go yet."
    body = [
        "<h1>lambda6lint migration plan</h1>",
        f'<p class="stake">{_text(headline)}</p>',
        f"<p>{_text(plan_text.overall(plan) + plan_text.repeated(plan))}.</p>",
        f'<p class="muted">Prices: {_text(plan_text.basis(plan))}.</p>',
    ]
    if plan.delta:
        body.append("<h3>Against the baseline</h3><ul>")
        body += [f"<li>{_text(item.text)}</li>" for item in plan.delta]
        body.append("</ul>")
    elif plan.baseline:
        body.append('<p class="muted">Against the baseline: no change to the NAT gateways that could go.</p>')
    for vpc in plan.vpcs:
        body += _vpc(vpc, plan)
    if not plan.vpcs:
        body.append(f"<p>{_text(plan_text.NOTHING)}</p>")
    if result.errors:
        body.append("<h2>Files that could not be read</h2><ul>")
        body += [f"<li>{_where(e.location)} {_text(e.message)}</li>" for e in result.errors]
        body.append("</ul>")
    body.append(f'<p class="muted">lambda6lint {escape(__version__)}</p>')
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        # No script, no outside resource: the page shows the same offline as online.
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
        'img-src data:">'
        f"<title>lambda6lint migration plan</title><style>{STYLE}</style></head>\n<body>\n"
        + "\n".join(body)
        + "\n</body></html>\n"
    )


def _vpc(vpc: VpcPlan, plan: Plan) -> list[str]:
    out = [f"<h2>{_text(vpc.name)} {_where(vpc.vpc.location) if vpc.vpc else ''}</h2>"]
    functions = ", ".join(_text(f.name) for f in vpc.functions) or "none"
    out.append(f"<p>Lambda functions: {functions}</p>")
    if vpc.nats:
        out.append(
            "<table><tr><th>NAT gateway</th><th>status</th><th>NAT hours</th><th>public IPv4</th><th>data</th>"
            "<th>per month</th><th>functions behind it</th></tr>"
        )
        out += [_row(entry, plan) for entry in vpc.nats]
        out.append("</table>")
    else:
        out.append("<p>No NAT gateway.</p>")
    shared = same_steps(vpc)
    for entry in vpc.nats:
        out += _details(entry, shared.get(id(entry)))
    if vpc.undecided:
        out.append("<h3>Not decided for its functions</h3><ul>")
        out += [f"<li>{_text(u.subject.name)}: {_text(u.text)} {_where(u.location)}</li>" for u in vpc.undecided]
        out.append("</ul>")
    diagram = vpc.diagram  # (None: not drawn, `diagram.draw`)
    if diagram is not None and diagram.nodes:
        caption = "The path of each function to the internet."
        if any(edge.missing for edge in diagram.edges):
            caption += " Dashed red: what the migration still needs."
        if diagram.left_out:
            caption += f" {diagram.left_out} more functions are not drawn."
        out.append(f"<figure>{svg.render(diagram, vpc.name)}<figcaption>{_text(caption)}</figcaption></figure>")
    return out


def _money(value: float | None, unknown: str) -> str:
    return unknown if value is None else plan_text.dollars(value)


def _row(entry: NatPlan, plan: Plan) -> str:
    bill = entry.bill
    picks = f"not known (its {count_setting(entry.nat)})" if entry.cost.why else None
    data = plan_text.per_gb(plan) if bill.data is None else plan_text.dollars(bill.data)
    functions = ", ".join(_text(f.name) for f in entry.functions) or "–"
    cells = [
        f"{_text(entry.name)}<br>{_where(entry.nat.location)}",
        f'<span class="status {entry.status}">{_text(STATUS_TEXT[entry.status])}</span>',
        f'<span class="money">{_money(bill.hours, picks or "by zone (AWS picks)")}</span>',
        _money(bill.addresses, picks or "by address (AWS picks)"),
        _text(data),
        f"<strong>{_money(bill.total, 'not known')}</strong>",
        functions,
    ]
    return (
        "<tr>" + "".join(f"<td{' class=money' if 2 <= i <= 5 else ''}>{c}</td>" for i, c in enumerate(cells)) + "</tr>"
    )


def _details(entry: NatPlan, first: NatPlan | None = None) -> list[str]:
    title = _text(entry.name[0].upper() + entry.name[1:])
    out: list[str] = []
    if entry.replaceable:
        out.append(f"<h3>{title}: {'steps left' if entry.status == 'steps-left' else 'ready to go'}</h3>")
        steps = entry.steps
        if first is not None:
            text = shared_text(entry, first)
            out.append(f"<p>{_text(text[0].upper() + text[1:])}.</p>")
            steps = steps[-1:]
        out.append(f'<ol start="{len(entry.steps)}">' if first is not None else "<ol>")
        for step in steps:
            changes = "".join(f"<li>{_where(c.location)} {_text(c.name)}: {_text(c.what)}</li>" for c in step.changes)
            out.append(f'<li>{_text(step.text)}<ul class="changes">{changes}</ul></li>')
        out.append("</ol>")
    if entry.blockers:
        out.append(f"<h3>{title}: must stay</h3><ul>")
        out += [f"<li>{_text(b.text)} {_where(b.location)}</li>" for b in entry.blockers]
        out.append("</ul>")
    if entry.undecided:
        out.append(f"<h3>{title}: not decided</h3><ul>")
        out += [f"<li>{_text(u.text)} {_where(u.location)}</li>" for u in entry.undecided]
        out.append("</ul>")
    if entry.note:
        out.append(f'<p class="muted">{title}: {_text(entry.note)}.</p>')
    return out
