"""A plan's diagram as inline SVG, laid out here so the HTML page needs no script and no network.

Why not Mermaid in the page: drawing Mermaid needs its JavaScript bundle (megabytes, vendored and kept
up to date, or loaded from a CDN at view time, which the page must not do). The diagram is four fixed
columns — functions, subnets, route tables, where the routes go — so a column layout in Python draws it
in a few hundred bytes per box, with nothing to execute. Text is escaped with `html.escape`.
"""

from __future__ import annotations

from html import escape

from lambda6lint.diagram import Diagram, Node
from lambda6lint.report.escape import printable

#: The left edge of each column; the last gap is wider, for the route labels fanning out of a table.
COLUMNS = (0, 250, 500, 840)
BOX_WIDTH = 210
BOX_HEIGHT = 46
ROW = 62
TOP = 36
LEFT = 10
MAX_LABEL = 28
MISSING = "#c62828"
HEADINGS = ("Lambda functions", "subnets", "route tables", "gateways and endpoints")
FILLS = {
    "function": "#fff3e0",
    "subnet": "#e3f2fd",
    "route_table": "#ede7f6",
    "nat": "#fff8e1",
    "eigw": "#e8f5e9",
    "igw": "#e0f7fa",
    "endpoint": "#f1f8e9",
    "other": "#f5f5f5",
    "unknown": "#fafafa",
}


def _short(value: str, limit: int = MAX_LABEL) -> str:
    """At most `limit` characters, cut in the middle: names differ at their ends (`….aws_nat_gateway.this[2]`,
    `…/PublicSubnet2/NATGateway`), which a cut at the end made all alike."""
    text = printable(value)
    if len(text) <= limit:
        return text
    head = (limit - 1) // 2
    return text[:head] + "…" + text[len(text) - (limit - 1 - head) :]


def layout(diagram: Diagram) -> dict[str, tuple[float, float]]:
    """The top-left corner of each node: its kind's column, one row after another in drawing order."""
    rows = [0, 0, 0, 0]
    places: dict[str, tuple[float, float]] = {}
    for node in diagram.nodes:
        column = diagram.column(node)
        places[node.key] = (LEFT + COLUMNS[column], TOP + rows[column] * ROW)
        rows[column] += 1
    return places


def _box(node: Node, x: float, y: float) -> str:
    stroke = MISSING if node.missing else ("#9e9e9e" if node.kind == "unknown" else "#546e7a")
    dash = ' stroke-dasharray="6 4"' if node.missing else (' stroke-dasharray="2 3"' if node.kind == "unknown" else "")
    radius = 22 if node.kind == "function" else 6
    title = escape(printable(node.label + (f" ({node.detail})" if node.detail else "")))
    label = escape(_short(node.label))
    detail = escape(_short(node.detail, 36))
    color = MISSING if node.missing else "#263238"
    return (
        f'<g class="node {node.kind}{" missing" if node.missing else ""}"><title>{title}</title>'
        f'<rect x="{x}" y="{y}" width="{BOX_WIDTH}" height="{BOX_HEIGHT}" rx="{radius}" '
        f'fill="{FILLS[node.kind]}" stroke="{stroke}" stroke-width="{2 if node.missing else 1.2}"{dash}/>'
        f'<text x="{x + BOX_WIDTH / 2}" y="{y + 19}" text-anchor="middle" font-weight="600" '
        f'fill="{color}">{label}</text>'
        f'<text x="{x + BOX_WIDTH / 2}" y="{y + 36}" text-anchor="middle" font-size="11" '
        f'fill="{color}">{detail}</text>'
        "</g>"
    )


def render(diagram: Diagram, title: str = "") -> str:
    """The diagram as one `<svg>` element; missing routes and endpoints dashed and red."""
    places = layout(diagram)
    height = max((y for _, y in places.values()), default=TOP) + BOX_HEIGHT + 20
    width = LEFT * 2 + COLUMNS[-1] + BOX_WIDTH
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="system-ui, sans-serif" font-size="13">',
        f"<title>{escape(printable(title))}</title>",
        "<defs>"
        '<marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto">'
        '<path d="M0,0 L10,5 L0,10 z" fill="#546e7a"/></marker>'
        '<marker id="arrow-missing" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
        f'orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="{MISSING}"/></marker>'
        "</defs>",
    ]
    for column, heading in enumerate(HEADINGS):
        x = LEFT + COLUMNS[column] + BOX_WIDTH / 2
        parts.append(f'<text x="{x}" y="20" text-anchor="middle" font-size="12" fill="#607d8b">{heading}</text>')
    for edge in diagram.edges:
        if edge.source not in places or edge.target not in places:
            continue
        (sx, sy), (tx, ty) = places[edge.source], places[edge.target]
        x1, y1, x2, y2 = sx + BOX_WIDTH, sy + BOX_HEIGHT / 2, tx, ty + BOX_HEIGHT / 2
        bend = max(30.0, (x2 - x1) / 2)
        stroke = MISSING if edge.missing else "#78909c"
        dash = ' stroke-dasharray="7 5"' if edge.missing else ""
        marker = "arrow-missing" if edge.missing else "arrow"
        parts.append(
            f'<path class="edge{" missing" if edge.missing else ""}" d="M{x1},{y1} C{x1 + bend},{y1} {x2 - bend},{y2} '
            f'{x2},{y2}" fill="none" stroke="{stroke}" stroke-width="{2 if edge.missing else 1.4}"{dash} '
            f'marker-end="url(#{marker})"/>'
        )
        if edge.label:
            mx, my = (x1 + x2) / 2, (y1 + y2) / 2
            text = escape(_short(edge.label, 24))
            size = 6.5 * len(_short(edge.label, 24)) + 8
            color = MISSING if edge.missing else "#37474f"
            parts.append(
                f'<rect x="{mx - size / 2}" y="{my - 9}" width="{size}" height="16" rx="3" fill="#ffffff" '
                'opacity="0.9"/>'
                f'<text x="{mx}" y="{my + 3}" text-anchor="middle" font-size="11" fill="{color}">{text}</text>'
            )
    for node in diagram.nodes:
        x, y = places[node.key]
        parts.append(_box(node, x, y))
    parts.append("</svg>")
    return "".join(parts)
