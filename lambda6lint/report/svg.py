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
#: Room for a line of text in a box: its width less a margin each side.
TEXT_WIDTH = BOX_WIDTH - 14
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


#: Advance widths in ems, regular and bold, of DejaVu Sans, the font Linux gives `system-ui` and the widest
#: of the usual ones (Helvetica, Arial, Segoe UI and San Francisco are narrower): each group at its widest
#: glyph, so an estimate is at or a little over what a browser draws, never under. Anything else: one em.
_EMS = (
    ("ijlIJ'", 0.30, 0.38),
    (".,:;/ ", 0.34, 0.40),
    ("frt()[]{}!-|", 0.40, 0.50),
    ('_*`"', 0.50, 0.53),
    ("csz", 0.55, 0.60),
    ("kvxyFLPT", 0.60, 0.74),
    ("abdeghnopqu0123456789$ESY#+=<>?^~&", 0.64, 0.73),
    ("ABCKRVXZ", 0.71, 0.78),
    ("DGHNOQU", 0.79, 0.85),
    ("w", 0.82, 0.93),
    ("M", 0.87, 1.0),
)
_REGULAR = {c: regular for chars, regular, _ in _EMS for c in chars}
_BOLD = {c: bold for chars, _, bold in _EMS for c in chars}


def _ems(bold: bool) -> tuple[dict[str, float], float]:
    """The advance widths in ems of a weight's glyphs, and of any glyph not listed."""
    return (_BOLD, 1.11) if bold else (_REGULAR, 1.0)


def _width(text: str, size: float, bold: bool = False) -> float:
    """`text`'s width in pixels at `size`, as a browser draws it in the widest font it may pick."""
    ems, other = _ems(bold)
    return sum(ems.get(c, other) for c in text) * size


def _short(value: str, size: float = 13, bold: bool = True, room: float = TEXT_WIDTH) -> str:
    """`value` no wider than `room`, cut in the middle: names differ at their ends (`….aws_nat_gateway.this[2]`,
    `…/PublicSubnet2/NATGateway`), which a cut at the end made all alike. Widths summed once (a for_each key
    may be thousands of characters long)."""
    text = printable(value)
    ems, other = _ems(bold)
    sums = [0.0]
    for c in text:
        sums.append(sums[-1] + ems.get(c, other) * size)
    if sums[-1] <= room:
        return text
    ellipsis = _width("…", size, bold)
    for keep in range(len(text) - 1, 1, -1):
        head = keep // 2
        if sums[head] + ellipsis + sums[-1] - sums[len(text) - (keep - head)] <= room:
            return text[:head] + "…" + text[len(text) - (keep - head) :]
    return "…"


def _fit(value: str, sizes: tuple[float, ...], bold: bool) -> tuple[str, float]:
    """`value` at the first of `sizes` it fits a box at, else cut to the last: measured, not counted. A count of
    28 characters fitted `NatGateway1` but ran `aws_subnet.lambda_subnet_1`, `egress-only internet gateway` and
    `aws_lambda_function.aurora_lambda` past their boxes' edges, the first letters off the drawing."""
    text = printable(value)
    for size in sizes:
        if _width(text, size, bold) <= TEXT_WIDTH:
            return text, size
    return _short(text, sizes[-1], bold), sizes[-1]


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
    label, label_size = _fit(node.label, (13, 12, 11), bold=True)
    detail, detail_size = _fit(node.detail, (11, 10), bold=False)
    color = MISSING if node.missing else "#263238"
    smaller = "" if label_size == 13 else f' font-size="{label_size:g}"'  # 13: the drawing's own size
    return (
        f'<g class="node {node.kind}{" missing" if node.missing else ""}"><title>{title}</title>'
        f'<rect x="{x}" y="{y}" width="{BOX_WIDTH}" height="{BOX_HEIGHT}" rx="{radius}" '
        f'fill="{FILLS[node.kind]}" stroke="{stroke}" stroke-width="{2 if node.missing else 1.2}"{dash}/>'
        f'<text x="{x + BOX_WIDTH / 2}" y="{y + 19}" text-anchor="middle" font-weight="600"{smaller} '
        f'fill="{color}">{escape(label)}</text>'
        f'<text x="{x + BOX_WIDTH / 2}" y="{y + 36}" text-anchor="middle" font-size="{detail_size:g}" '
        f'fill="{color}">{escape(detail)}</text>'
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
            shown = _short(edge.label, 11, bold=False, room=150)
            text = escape(shown)
            size = _width(shown, 11) + 8
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
