"""A plan's diagram as a Mermaid flowchart, which GitHub and GitLab draw from a ```mermaid block.

Node ids are the plan's own (`n1`, `n2`): template names only ever appear inside quoted labels, where
every character that is not plainly safe becomes a Mermaid entity code (`#35;`), so a name cannot end the
label, the statement, the code block (a backtick) or inject a directive, link or HTML.
"""

from __future__ import annotations

from lambda6lint.diagram import Diagram, Node
from lambda6lint.report.escape import printable

#: Characters a quoted label keeps as they are; everything else is written `#<code>;`.
_SAFE = set(" .,:/_-+()@=") | {"→", "−"}  # not `$`: `$$` starts math in newer Mermaid
#: The shape of each kind of node: (opening, closing) around the quoted label.
_SHAPES = {
    "function": ("([", "])"),
    "subnet": ("[", "]"),
    "route_table": ("[/", "/]"),
    "nat": ("{{", "}}"),
    "eigw": ("[[", "]]"),
    "igw": ("[[", "]]"),
    "endpoint": ("[(", ")]"),
    "other": ("[", "]"),
    "unknown": ("[", "]"),
}
MISSING = "#c62828"


#: The longest label text: a name may be as long as a template allows, and each character may take six.
MAX_LABEL = 200


def text(value: str) -> str:
    """`value` as the inside of a quoted Mermaid label."""
    value = value if len(value) <= MAX_LABEL else value[: MAX_LABEL - 1] + "…"
    return "".join(ch if ch.isalnum() or ch in _SAFE else f"#{ord(ch)};" for ch in printable(value))


def _label(node: Node) -> str:
    label = text(node.label)
    if node.detail:
        label += "<br/>" + text(node.detail)
    return f'"{label}"'


def render(diagram: Diagram) -> str:
    """The flowchart, left to right; missing pieces dashed and red, unknown ones dotted and grey."""
    lines = ["flowchart LR"]
    for node in diagram.nodes:
        opening, closing = _SHAPES[node.kind]
        lines.append(f"  {node.key}{opening}{_label(node)}{closing}")
    for edge in diagram.edges:
        arrow = "-.->" if edge.missing else "-->"
        label = f'|"{text(edge.label)}"|' if edge.label else ""
        lines.append(f"  {edge.source} {arrow}{label} {edge.target}")
    lines.append(f"  classDef missing stroke:{MISSING},stroke-width:2px,stroke-dasharray:6 4,color:{MISSING}")
    lines.append("  classDef unknown stroke:#757575,stroke-dasharray:2 3,color:#616161")
    for kind in ("missing", "unknown"):
        keys = [n.key for n in diagram.nodes if (n.missing if kind == "missing" else n.kind == "unknown")]
        if keys:
            lines.append(f"  class {','.join(keys)} {kind}")
    dashed = [str(i) for i, e in enumerate(diagram.edges) if e.missing]
    if dashed:
        lines.append(f"  linkStyle {','.join(dashed)} stroke:{MISSING},stroke-width:2px")
    return "\n".join(lines) + "\n"
