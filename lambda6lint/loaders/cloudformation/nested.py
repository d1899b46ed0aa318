"""A plain template's nested stacks and applications whose template is a local file.

`aws cloudformation package` and `sam build`/`sam package` take the `TemplateURL` of an
`AWS::CloudFormation::Stack` and the `Location` of an `AWS::Serverless::Application` as a path to a
local template (relative to the parent template's folder, or absolute), upload it and write its
URL. Linted on its own, such a child would take its parameters' Defaults where the parent passes
other values, and would not see what the parent puts in its subnets. So the parent reads it and it
is built as a nested stack (`Document.parent`, as a CDK assembly's nested stacks are): with what the
parent passes, and its Outputs open where the parent reads them. The folder walk meets the child's
file too; that copy is dropped (`Loaded.callees`, as for a Terraform module a root calls).

The paths are the template's, so they are read only inside the tree (confine.py). A URL (`https://`,
`s3://`), an intrinsic function, a missing file or one outside the tree is not read: what the parent
passes such a child stays open (mapper.py). An `Fn::If` path is its branch the run decides; undecided,
each local branch's template is nested, and what the parent reads from the stack is unknown (`_Deciding`).
Bounded like an assembly (each branch's template counted): 16 levels deep, never a template inside itself,
at most `MAX_CHILDREN` stacks and `MAX_CHILD_BYTES` of distinct templates per parent template named on the
command line or found by the walk.
"""

from __future__ import annotations

import os

from lambda6lint import confine
from lambda6lint.discover import ANY_TEXT
from lambda6lint.loaders import Document
from lambda6lint.loaders.cloudformation import foreach, includes, mapper
from lambda6lint.loaders.cloudformation.intrinsics import is_loop
from lambda6lint.loaders.common import recent
from lambda6lint.loaders.common.aws import NESTED_STACKS
from lambda6lint.loaders.common.errors import InputError, clipped
from lambda6lint.loaders.common.marked import (
    MAX_BYTES,
    SNIFF_BYTES,
    Handed,
    LDict,
    decode,
    handed_start,
    load_text,
    read_source,
)
from lambda6lint.loaders.common.recent import Recent
from lambda6lint.model import Location
from lambda6lint.patterns import on_use

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from typing import Any

#: The resource types whose template a property names, and that property.
TEMPLATE_PROPERTY = {"AWS::CloudFormation::Stack": "TemplateURL", "AWS::Serverless::Application": "Location"}
MAX_DEPTH = 16
MAX_CHILDREN = 100
MAX_CHILD_BYTES = 4 * MAX_BYTES  # of the templates one parent reads, each counted for every stack naming it
#: Of the templates read again, by a parent after another (in this process): parents that each name the
#: same large children would otherwise build them over and over (10 parents × 20 MB: 6 GB). A
#: monorepo whose parents each name their own children reads nothing again.
MAX_RUN_CHILD_BYTES = 2 * MAX_CHILD_BYTES
#: Children parsed last, shared by the parents that name them (each still builds its own copy).
_PARSED = Recent(MAX_CHILD_BYTES)


def nests(text: str) -> bool:
    """Template text that may nest a stack or an application (cheap: decides whether to look; the loader asks it
    before importing this module)."""
    return any(kind in text for kind in NESTED_STACKS)


def named_files(path: str, head: bytes) -> tuple[list[str], int]:
    """The local files the template at `path` names, as written, read and parsed as its loader reads
    them: its nested stacks' and applications' templates, its `AWS::Include` snippets and its SAM APIs'
    OpenAPI documents (pre-commit lints the template when one of them is staged: `discover._calls`,
    where a scan of the text would miss a YAML alias, a quoted key, a folded scalar, or a name after 1
    MB of Metadata); and how many bytes more than `head`, its first, were read. A file its loader
    cannot read names nothing, as in a walk."""
    more = len(head) > SNIFF_BYTES
    if not more and not any(word in head for word in (b"TemplateURL", b"Location", b"DefinitionUri")):
        return [], 0
    try:
        text = read_source(path) if more else decode(head)
        if not (nests(text) or includes.mentions(text)):
            return [], len(text) if more else 0
        doc = load_text(text)
    except (InputError, RecursionError):
        return [], 0
    read = len(text) if more else 0
    if not mapper.looks_like_template(doc):
        return [], read
    named: list[str] = []
    if nests(text):
        looped = foreach.expand(doc, None)[0]  # (the stacks its loops make over what it says itself)
        resources = looped.get("Resources") if isinstance(looped, dict) else None
        if isinstance(resources, dict):
            named.extend(_may_name(resources, foreach.has_loops(doc)))
    if includes.mentions(text):
        named.extend(includes.locations(doc))
    return named, read


def _may_name(resources: dict, loops: bool) -> Iterator[str]:
    """The local templates `resources`' stacks and applications may name, as written, for pre-commit's caller scan.
    Its loader reads only a path written out, once the loops it can know are expanded; with the values the run gives
    a template (which the scan does not read), a loop over a parameter makes its stacks too. So the stacks of a loop
    left as written count, and a path of one that holds something the text cannot tell (the loop's item, a
    parameter, a function's result) is a pattern, `ANY_TEXT` where that is (`discover._matched`); each branch of an
    `Fn::If` counts. What tells nothing of the file (the whole path unknown, a URL) names none. `loops`: the
    template's loops are CloudFormation's (AWS::LanguageExtensions)."""
    pending = [resources]
    while pending:
        for key, body in pending.pop().items():
            if is_loop(key):
                if loops and isinstance(body, list) and len(body) == 3 and isinstance(body[2], dict):
                    pending.append(body[2])  # (its identifier, wherever the loop left it, stands for any item)
                continue
            kind = body.get("Type") if isinstance(body, dict) else None
            prop = TEMPLATE_PROPERTY.get(kind) if isinstance(kind, str) else None
            if prop is None:
                continue
            for properties in _branches(body.get("Properties"), _MAX_WRITTEN):
                if isinstance(properties, dict):
                    for written in _written(properties.get(prop), _MAX_WRITTEN):
                        if _tells(written):
                            yield written


_MAX_WRITTEN = 16  # the paths one property may be written as (branches, joined pieces), and how deep it is read
#: A `Fn::Sub` variable (`${X}`), or one written as text (`${!X}`, which CloudFormation writes `${X}`).
_SUB_VARIABLE = on_use(r"\$\{(!?)([^}]*)\}")


def _branches(node: Any, depth: int) -> list[Any]:
    """What `node` may be, through `Fn::If` branches (`AWS::NoValue`: nothing)."""
    if isinstance(node, dict) and len(node) == 1:
        [(name, args)] = node.items()
        if name == "Fn::If" and isinstance(args, list) and len(args) == 3 and depth > 0:
            return _branches(args[1], depth - 1) + _branches(args[2], depth - 1)
        if name == "Ref" and args == "AWS::NoValue":
            return []
    return [node]


def _written(node: Any, depth: int) -> list[str]:
    """The texts `node` may be, `ANY_TEXT` for what the template's text cannot tell: a loop's item, a parameter,
    another function's result; past `_MAX_WRITTEN` texts, or as deep, only that."""
    if isinstance(node, str):
        return [node if ANY_TEXT not in node else ANY_TEXT]  # (a NUL names no file: no pattern either)
    if isinstance(node, (int, float)) and not isinstance(node, bool):
        return [str(node)]
    if depth <= 0 or not (isinstance(node, dict) and len(node) == 1):
        return [ANY_TEXT]
    [(name, args)] = node.items()
    if name == "Fn::If":
        found = [text for branch in _branches(node, 1) for text in _written(branch, depth - 1)]
    elif name == "Fn::Sub":
        text = args[0] if isinstance(args, list) and args else args
        if not isinstance(text, str) or ANY_TEXT in text:
            return [ANY_TEXT]
        return [_SUB_VARIABLE.sub(lambda match: "${" + match[2] + "}" if match[1] else ANY_TEXT, text)]
    elif name == "Fn::Join" and isinstance(args, list) and len(args) == 2 and isinstance(args[0], str):
        if not isinstance(args[1], list):
            return [ANY_TEXT]
        found = [""]
        for number, piece in enumerate(args[1]):
            glue = args[0] if number else ""
            found = [done + glue + text for done in found for text in _written(piece, depth - 1)]
            if len(found) > _MAX_WRITTEN:
                return [ANY_TEXT]
    else:
        return [ANY_TEXT]
    return found if len(found) <= _MAX_WRITTEN else [ANY_TEXT]


def _tells(written: str) -> bool:
    """Whether a path written (maybe a pattern) may name a local file the text tells something of: a local path
    (`includes.local_path`), not wholly unknown (`${Name}`, `${Dir}/${Name}`)."""
    if includes.local_path(written.replace(ANY_TEXT, "x")) is None:
        return False
    return bool(written.replace(ANY_TEXT, "").strip().strip("/.").strip()) if ANY_TEXT in written else True


class _Reading:
    """What reading one parent's nested templates has used, and the errors met."""

    def __init__(
        self,
        tree: str,
        values: Callable[[str, dict], dict[str, str] | None],
        spent: dict[str, Any],
        handed: Handed,
    ) -> None:
        self.tree = tree
        self.handed = handed
        self.values = values
        self.spent = spent  # the run's (`Options.spent`)
        self.found: list[Document] = []
        self.errors: list[tuple[Location, str]] = []
        self.parsed: dict[str, tuple[str, Any] | None] = {}  # real path → (text, parse tree): one read per file
        self.bytes = 0
        self.full = False  # a limit was met (said once)

    def over_limit(self, where: Location, logical_id: str, run: bool = False) -> None:
        if not self.full:
            self.full = True
            if run:
                limit = (
                    f"the templates of a run read the same nested templates again up to "
                    f"{MAX_RUN_CHILD_BYTES // (1024 * 1024)} MB"
                )
            else:
                limits = f"{MAX_CHILDREN} stacks and {MAX_CHILD_BYTES // (1024 * 1024)} MB of templates in all"
                limit = f"a template's nested stacks are read up to {limits}"
            self.errors.append((where, f"nested stack {clipped(logical_id)} not read: {limit} (a safety limit)"))

    def charge(self, size: int, real: str, where: Location, logical_id: str) -> bool:
        """Count one more child template of `size` characters at `real`; False (said once) past a limit."""
        read: set[str] = self.spent.setdefault("nested templates read", set())
        again = self.spent.get("nested bytes read again", 0) + size if real in read else 0
        if self.bytes + size > MAX_CHILD_BYTES or again > MAX_RUN_CHILD_BYTES:
            self.over_limit(where, logical_id, run=self.bytes + size <= MAX_CHILD_BYTES)
            return False
        self.bytes += size
        read.add(real)
        if again:
            self.spent["nested bytes read again"] = again
        return True


def children(
    parent: Document,
    tree: str,
    values: Callable[[str, dict], dict[str, str] | None],
    spent: dict[str, Any] | None = None,
    handed: Handed | None = None,
) -> tuple[list[Document], list[tuple[Location, str]]]:
    """The nested templates `parent` names (depth first) and the problems met reading them.

    `values(path, doc)`: the parameter values the user gave for a template (what the parent does not pass);
    `spent`: what the run has used of its limits (`Options.spent`), counted on; `handed`: what discovery read whole of
    some of them, by real path (`Source.files_read`, or their first bytes: `Source.heads`: pre-commit's caller scan),
    read rather than the files.
    """
    reading = _Reading(tree, values, {} if spent is None else spent, handed or {})
    _read(parent, reading, (os.path.realpath(parent.path),))
    return reading.found, reading.errors


def _read(parent: Document, reading: _Reading, chain: tuple[str, ...]) -> None:
    doc = parent.doc
    if foreach.has_loops(doc):  # the stacks its loops make, as its builder makes them: a nested template's
        # loops over what its parent passes are not known here (the builder reads them with the parent's
        # values), and those over values given for its file alone do not apply to it
        doc, _ = foreach.expand(doc, parent.values if parent.parent is None else None)
    resources = doc.get("Resources") if isinstance(doc, dict) else None
    if not isinstance(resources, dict):
        return
    decide = _Deciding(doc, parent.values if parent.parent is None else None)
    for logical_id, body in resources.items():
        named = _names_template(body, decide)
        if named is None:
            continue
        properties, prop, paths = named
        either, whole = decide.either, decide.whole
        nested: list[str] = []
        for relative in paths:
            maybe = f"only if its template is {clipped(relative)}: {either}" if either is not None else ""
            ended = _nest(parent, reading, chain, str(logical_id), properties, prop, relative, maybe)
            if ended is None:
                return
            if ended:
                nested.append(relative)
        if either is not None:
            parent.unread = parent.unread or {}
            parent.unread[str(logical_id)] = _either(either, paths, nested, whole)


def _nest(
    parent: Document,
    reading: _Reading,
    chain: tuple[str, ...],
    logical_id: str,
    properties: dict,
    prop: str,
    relative: str,
    maybe: str,
) -> bool | None:
    """Nest the template at `relative` as stack `logical_id`'s; whether it was, None where a limit ends the
    parent's. `maybe`: where it is one of the templates an undecided `Fn::If` names, why (`Document.maybe`)."""
    full = os.path.normpath(os.path.join(os.path.dirname(parent.path), relative))
    path = confine.inside(full, reading.tree)
    if path is None:  # stays unknown, and says why
        if not maybe:
            parent.unread = parent.unread or {}
            parent.unread[logical_id] = _unreadable(full, relative, reading.tree)
        return False
    real = os.path.realpath(path)
    if real in chain:
        return False  # a template inside itself: CloudFormation could never create it
    where = _at(properties, prop, parent.path)
    if len(chain) > MAX_DEPTH:
        message = f"nested stack {clipped(logical_id)} not read: nested stacks are read {MAX_DEPTH} levels deep"
        reading.errors.append((where, message + " (a safety limit)"))
        return None
    if len(reading.found) >= MAX_CHILDREN:
        reading.over_limit(where, logical_id)
        return None
    parsed = _parse(path, real, reading, where, logical_id)
    if parsed is None:
        return False
    text, doc = parsed
    if not reading.charge(len(text), real, where, logical_id):
        return None
    parameters = properties.get("Parameters")
    child = Document(
        path,
        doc,
        text=text,
        parent=parent,
        parent_resource=logical_id,
        parameters=parameters if isinstance(parameters, dict) else {},
        values=reading.values(path, doc),
        maybe=maybe,
    )
    if includes.mentions(text):
        child.includes = includes.read(path, doc, reading.tree, reading.handed) or None
    reading.found.append(child)
    if nests(text):
        _read(child, reading, (*chain, real))
    return True


def _either(condition: str, paths: list[str], nested: list[str], whole: bool) -> str:
    """Why what the parent reads from a stack whose template an undecided `Fn::If` picks is unknown (--explain);
    `whole`: every branch names a local template."""
    named = " or ".join(clipped(p) for p in paths) + ("" if whole else ", or one this run does not read")
    if not nested:
        done = "not read"
    elif len(paths) == 1:
        done = "linted with what this template passes it"
    elif nested == paths:
        done = "each is linted with what this template passes it"
    else:
        done = f"{' and '.join(clipped(p) for p in nested)} linted with what this template passes it"
    return f"{condition}: its template is {named} ({done}), so what this template reads from the stack is unknown"


def _unreadable(full: str, relative: str, tree: str) -> str:
    """Why the template at `full` is not read (said in --explain)."""
    named = clipped(relative)
    if not confine.within(full, tree):
        return f"its template {named} is outside the tree linted: name a folder that holds both"
    if not os.path.lexists(full):
        return f"its template {named} is missing"
    return f"its template {named} is not a regular file inside the tree linted"


def _names_template(body: Any, decide: _Deciding) -> tuple[dict, str, list[str]] | None:
    """(its properties, the property, the local paths) of a stack or application that names a local template,
    through the branch of each `Fn::If` whose condition the run decides (`_Deciding`); where one is undecided, the
    local templates of its branches (`decide.either` says which condition)."""
    decide.either = None
    kind = body.get("Type") if isinstance(body, dict) else None
    prop = TEMPLATE_PROPERTY.get(kind) if isinstance(kind, str) else None
    properties = body.get("Properties") if prop else None
    if prop is None or not isinstance(properties, dict):
        return None
    decide.first, decide.left = None, 4 * _MAX_WRITTEN
    nodes = decide.possible(properties.get(prop), _MAX_WRITTEN)
    found = [includes.local_path(node) for node in nodes]
    paths = list({os.path.normpath(p): p for p in found if p is not None}.values())
    if not paths:
        return None
    whole = None not in found
    if decide.first is not None and not (whole and len(paths) == 1):  # (both branches the same file: known)
        decide.either = decide.undecided_by(decide.first, prop)
        decide.whole = whole
    return properties, prop, paths


class _Deciding:
    """The branch of a `TemplateURL` or `Location` written as `Fn::If` that the run takes, as `Intrinsics` decides a
    condition everywhere else: by the values the run gives the root template (`--parameter`) or literals, never a
    parameter's Default (RULES.md), and never what a parent passes a nested template (not resolved here).
    `aws cloudformation package` passes over a property written as a function (awscli artifact_exporter: "is not
    a URL"), so such a template is deployed from a render that settles the path first; the template meant is the
    branch taken, linted with what the parent passes, as a literal path. Where a condition is undecided, either
    branch may be deployed with what the parent passes: each local one is nested so (a finding in either child is
    true of that child's file), and what the parent reads from the stack is unknown (`either` says why)."""

    def __init__(self, doc: Any, values: dict[str, str] | None) -> None:
        self.doc = doc if isinstance(doc, dict) else {}
        self.values = values
        self.intr: Any = None
        self.either: str | None = None  # the condition an undecided stack's template depends on
        self.whole = True  # every branch of that stack names a local template
        self.first: Any = None  # the first undecided condition met
        self.left = 0  # the Fn::If a property may still be read through

    def possible(self, node: Any, depth: int) -> list[Any]:
        """What `node` may be: the branch of each decided `Fn::If`, both of an undecided one (None: malformed)."""
        if not (isinstance(node, dict) and len(node) == 1 and "Fn::If" in node):
            return [node]
        args = node["Fn::If"]
        self.left -= 1
        if not (isinstance(args, list) and len(args) == 3) or depth <= 0 or self.left < 0:
            return [None]  # (past `left`, a branch that may be any template: bounded where Ifs nest 16 deep)
        chosen = self._condition(args[0])
        if chosen is not None:
            return self.possible(args[1] if chosen else args[2], depth - 1)
        if self.first is None:
            self.first = args[0]
        return self.possible(args[1], depth - 1) + self.possible(args[2], depth - 1)

    def undecided_by(self, name: Any, prop: str) -> str:
        return f"its {prop} is chosen by condition `{clipped(str(name))}`, which {self._why(name)}"

    def _condition(self, name: Any) -> bool | None:
        if self.intr is None:
            from lambda6lint.loaders.cloudformation.intrinsics import Intrinsics

            self.intr = Intrinsics(self.doc, values=self.values)
        try:
            return self.intr.condition(name)
        except (InputError, RecursionError):
            return None

    def _why(self, name: Any) -> str:
        try:
            return str(self.intr.why_condition(name))
        except (InputError, RecursionError):
            return "too costly to decide"


def _parse(path: str, real: str, reading: _Reading, where: Location, logical_id: str) -> tuple[str, Any] | None:
    """The child's text and parse tree (once per file), or None (an error recorded where it is)."""
    if real in reading.parsed:
        return reading.parsed[real]
    reading.parsed[real] = None  # a file that cannot be read is tried, and reported, once
    version = recent.version(real)
    shared = _PARSED.get(real, version)  # another parent of the run named it: parsed already
    if shared is not None:
        reading.parsed[real] = shared
        return shared
    try:
        text = read_source(path, started=handed_start(path, reading.handed, real))
        doc = load_text(text)
    except InputError as exc:
        reading.errors.append((Location(exc.path or path, exc.line, exc.column), exc.message))
        return None
    except RecursionError:
        reading.errors.append((Location(path), "nested too deeply"))
        return None
    if not mapper.looks_like_template(doc):
        reading.errors.append(  # (at the child, as its other errors: the parent is linted)
            (
                Location(path),
                f"it is not a CloudFormation template (no AWSTemplateFormatVersion, no resource with a Type), yet "
                f"stack {clipped(logical_id)} nests it ({where.path}:{where.line})",
            )
        )
        return None
    reading.parsed[real] = text, doc
    _PARSED.put(real, version, text, doc)
    return text, doc


def _at(mapping: Any, key: str, path: str) -> Location:
    """Where `key` of `mapping` is in `path` (the parent's line that names the child)."""
    mark = mapping.key_mark(key) if isinstance(mapping, LDict) else None
    return Location(path) if mark is None else Location(path, *mark)
