"""`data "terraform_remote_state"` read from another root module of the run (the one whose backend writes it).

A root module's `terraform { backend "T" { … } }` (or `cloud { … }`) block says where its state is; a
`terraform_remote_state` data source whose `backend` and `config` name the same place reads that root's
outputs. When exactly one root of the run writes it, and everything that locates the state is known, the
data source's `outputs` are that root's outputs as it computes them: links to its resources, which the
reading root's resources then name (as `Fn::ImportValue` names an exported resource). Anything else stays
unknown, and `why` says so: a setting that cannot be known, a backend given at `terraform init`
(`-backend-config`), a workspace that is not the default one, no root or several roots writing it, a
sensitive output.

Those roots are linked in the engine's `link` step (loaders/__init__.py): a root that reads remote state
is pending (not built alone), and one with a backend block is pending too, with the state it writes
(`Written`), while also built alone. The link evaluates each reading root again, in this process, and
each root it reads, whose pieces then replace what it found alone (engine.py): one graph holds them.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from lambda6lint.loaders.terraform.evaluator import Evaluator, Scope
from lambda6lint.loaders.terraform.hcl import Block
from lambda6lint.loaders.terraform.values import Alike, Link, Partial, Zones
from lambda6lint.model import UNKNOWN
from lambda6lint.paths import portable
from lambda6lint.records import dataclass

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

#: For each backend: the settings that locate its state, and their defaults (None: required).
LOCATING: dict[str, dict[str, str | None]] = {
    "s3": {"bucket": None, "key": None, "workspace_key_prefix": "env:", "endpoint": "", "endpoints": ""},
    "local": {"path": "terraform.tfstate"},
    "gcs": {"bucket": None, "prefix": ""},
    "azurerm": {"storage_account_name": None, "container_name": None, "key": None},
    "remote": {"hostname": "app.terraform.io", "organization": None, "workspace": None},
}
#: A `cloud` block is read with the `remote` backend (HCP Terraform, Terraform Enterprise).
_AS = {"cloud": "remote"}


@dataclass(frozen=True)
class State:
    """Where a backend keeps a state: its type and locating settings (a `local` path made absolute)."""

    backend: str
    settings: tuple[tuple[str, str], ...]

    def words(self) -> str:
        defaults = LOCATING.get(self.backend, {})
        named = ", ".join(
            f"{name} `{portable(value) if self.backend == 'local' and name == 'path' else value}`"
            for name, value in self.settings
            if value and value != defaults.get(name)
        )  # (a local path as reports show paths: relative to the project, never this machine's folders)
        return f"the {self.backend} state at {named}"


@dataclass
class Written:
    """A root module's backend: the state it writes, or why that cannot be told."""

    root: str  # the root module's folder
    state: State | None
    why: str = ""  # when `state` is None
    backend: str = ""  # its type, known even when the state is not


def locate(backend: str, given: dict[str, Any], root: str) -> tuple[State | None, str]:
    """The state `given` settings of a `backend` locate, or None and why not."""
    backend = _AS.get(backend, backend)
    wanted = LOCATING.get(backend)
    if wanted is None:
        return None, f"its backend `{backend}` is not one whose state this run links"
    settings: list[tuple[str, str]] = []
    for name, default in wanted.items():
        value = given.get(name, default)
        if value is None:
            return None, (
                f"its {backend} backend does not give `{name}`: it is set at `terraform init` (-backend-config), "
                "which this run cannot see"
            )
        if not isinstance(value, str):
            return None, f"its {backend} backend's `{name}` cannot be known"
        if backend == "local" and name == "path":
            value = os.path.normpath(os.path.join(os.path.abspath(root), value))
        settings.append((name, value))
    return State(backend, tuple(settings)), ""


def written(
    root_folder: str, files: list[tuple[str, Block]], ev: Evaluator, module: Any, unparsed: bool = False
) -> Written | None:
    """The state the root module in `files` writes (its `backend` or `cloud` block); without one, Terraform's
    default, the local backend's `terraform.tfstate` in its folder, unless a file that cannot be parsed
    (`unparsed`) may hold the block, or Terragrunt runs it: then None."""
    for path, body in files:
        for block in body.children("terraform"):
            for inner in block.blocks:
                if inner.type not in ("backend", "cloud"):
                    continue
                backend = inner.labels[0] if inner.type == "backend" and inner.labels else inner.type
                given: dict[str, Any] = {}
                scope = Scope(module, path)
                for name, attr in inner.attributes.items():
                    given[name] = _literal(ev, attr.expr, scope)
                if inner.type == "cloud" or backend == "remote":
                    workspaces = inner.children("workspaces")
                    name_attr = workspaces[0].attributes.get("name") if workspaces else None
                    if name_attr is None:
                        why = "its workspace is chosen when Terraform runs (`workspaces` gives no `name`)"
                        return Written(root_folder, None, why, "remote")
                    given["workspace"] = _literal(ev, name_attr.expr, scope)
                state, why = locate(backend, given, root_folder)
                return Written(root_folder, state, why, _AS.get(backend, backend))
    if unparsed or not files or os.path.isfile(os.path.join(root_folder, "terragrunt.hcl")):
        return None  # (Terragrunt runs it in a copy of its own, with the backend it may generate)
    state, why = locate("local", {}, root_folder)
    return Written(root_folder, state, why, "local")


def _literal(ev: Evaluator, expr: Any, scope: Scope) -> Any:
    value = ev.eval(expr, scope)
    return value if isinstance(value, (str, int, float, bool)) else UNKNOWN


def read(config: Any, root: str) -> tuple[State | None, str]:
    """The state a `terraform_remote_state` data source's evaluated arguments read, or None and why not."""
    if not isinstance(config, dict):
        return None, "its arguments cannot be known"
    backend = config.get("backend")
    if not isinstance(backend, str):
        return None, "its `backend` cannot be known"
    workspace = config.get("workspace", "default")
    if workspace != "default":
        why = "it reads a workspace that cannot be known" if not isinstance(workspace, str) else ""
        return None, why or f"it reads workspace `{workspace}`, not the default one the roots of this run write"
    given = config.get("config", {})
    if not isinstance(given, dict):
        return None, "its `config` cannot be known"
    given = dict(given)
    if backend in ("remote", "cloud"):
        workspaces = given.get("workspaces")
        if isinstance(workspaces, list) and len(workspaces) == 1:
            workspaces = workspaces[0]
        if not isinstance(workspaces, dict) or not isinstance(workspaces.get("name"), str):
            return None, "its `config.workspaces.name` cannot be known"
        given["workspace"] = workspaces["name"]
    for name in LOCATING.get(_AS.get(backend, backend), {}):
        value = given.get(name)
        if value is not None and not isinstance(value, str):
            return None, f"its `config.{name}` cannot be known"
        if isinstance(value, str) and "terraform.workspace" in value:
            return None, f"its `config.{name}` depends on the workspace"
    state, why = locate(backend, given, root)
    if state is None and "terraform init" in why:
        return None, f"its config gives no `{why.split('`')[1]}`"
    return state, why


def translate(value: Any, owner: str, depth: int = 0) -> Any:
    """A producing root's output value as the reading root sees it: links to its resources become
    `Remote`s (resolved to that root's resources when the reading root is mapped); what only that root can
    resolve (a whole resource object, a link to a non-id attribute) is unknown."""
    if depth > 32:
        return UNKNOWN
    if isinstance(value, Link):
        return Remote(owner, value.address, value.attr) if value.attr in ("id", "arn") else UNKNOWN
    if isinstance(value, list):
        return [translate(item, owner, depth + 1) for item in value]
    if isinstance(value, dict):
        return {key: translate(item, owner, depth + 1) for key, item in value.items()}
    if isinstance(value, Partial):
        return value if not value.links else UNKNOWN
    if isinstance(value, Alike) and isinstance(value.item, Link) and value.item.attr in ("id", "arn"):
        # every instance of an unknown count that is at least one (`aws_subnet.private[*].id` over the region's
        # zones): its representative, under a count of that root's own (no count of the reading root pairs with it)
        count = value.count
        said = f"{count.said} in `{owner}`" if isinstance(count, Zones) else f"`{count}` in `{owner}`"
        return Alike(Remote(owner, value.item.address, value.item.attr), Zones(f"{owner}:{count}", said), value.keyed)
    if isinstance(value, Alike):
        return UNKNOWN
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return UNKNOWN


@dataclass(frozen=True)
class Remote:
    """A link to a resource of another root module of the run (`owner`, its folder), read through its state."""

    owner: str
    address: str
    attr: str = "id"


@dataclass
class Root:
    """A root module of the run that reads another's state (`reads`) or writes one (`writes`): pending."""

    path: str
    tree: str
    options: Any
    reads: bool
    writes: Written | None


def _shown(folder: str) -> str:
    return os.path.relpath(folder) if not os.path.relpath(folder).startswith("..") else folder


class Resolver:
    """The states the roots of one link write, and the roots built so far (each once)."""

    def __init__(self, roots: list[Root], evaluate: Callable[..., Any]):
        self.evaluate = evaluate  # modules.evaluate: a root module evaluated with this resolver
        self.roots = {os.path.realpath(r.path): r for r in roots}
        self.built: dict[str, Any] = {}  # real folder → (run, root module, piece, by address)
        self.building: list[str] = []
        self.order: list[str] = []

    def writers(self, state: State, reader: str) -> tuple[list[Root], list[Root]]:
        """The roots other than `reader` (a real folder) that write `state`, and those of the same backend
        that may (their state cannot be told: a backend configured at `terraform init`)."""
        others = [r for real, r in self.roots.items() if real != reader and r.writes is not None]
        sure = [r for r in others if r.writes is not None and r.writes.state == state]
        maybe = [r for r in others if r.writes is not None and r.writes.state is None]
        return sure, [r for r in maybe if r.writes is not None and r.writes.backend == state.backend]

    def source(self, ref: Any, config: Any) -> tuple[Root | None, str]:
        """The root whose state the data source `ref` reads, or None and why not."""
        reader = getattr(ref.module.loader, "root", ".")
        state, why = read(config, reader)
        if state is None:
            return None, why
        sure, maybe = self.writers(state, os.path.realpath(reader))
        if not sure:
            return None, f"no root module of this run writes {state.words()} (lint the one that does in the same run)"
        if len(sure) > 1:
            named = ", ".join(f"`{_shown(r.path)}`" for r in sure)
            return None, f"several root modules of this run write {state.words()} ({named}): which one cannot be told"
        if maybe:
            other = maybe[0]
            why = other.writes.why if other.writes is not None else ""
            return None, f"root module `{_shown(other.path)}` may write {state.words()} too: {why}"
        if os.path.realpath(sure[0].path) in self.building:
            return None, f"root module `{_shown(sure[0].path)}` reads this root's state in turn (a cycle)"
        return sure[0], ""

    def outputs(self, ref: Any, config: Any) -> Any:
        owner, _ = self.source(ref, config)
        if owner is None:
            return UNKNOWN
        built = self.build(owner)
        if built is None:
            return UNKNOWN
        run, root, _, _ = built
        defaults = config.get("defaults", {}) if isinstance(config, dict) else {}
        if not isinstance(defaults, dict):
            return UNKNOWN  # (what an output the state lacks falls back to cannot be known)
        sensitive = _sensitive(run, root)
        outputs = {
            name: UNKNOWN if name in sensitive else translate(run.evaluator.output(root, name), root.folder)
            for name in root.outputs
        }
        return {**defaults, **outputs}

    def why(self, module: Any, name: str, output: str | None) -> str | None:
        """Why `data.terraform_remote_state.<name>.outputs[.output]` cannot be known (causes.why)."""
        from lambda6lint.loaders.terraform import causes
        from lambda6lint.loaders.terraform.evaluator import InstanceRef

        key = f"data.terraform_remote_state.{name}"
        declared = module.data.get(key[5:])
        if declared is None or "count" in declared.block.attributes or "for_each" in declared.block.attributes:
            return None
        ref = InstanceRef(module, key, None)
        config = module.loader.evaluator.configuration(ref)
        owner, why = self.source(ref, config)
        said = f"comes from data source `{key}`, "
        if owner is None and _names_workspace(declared.block):
            why = "where it reads depends on `terraform.workspace`, chosen when Terraform runs"
        if owner is None:
            return said + f"which stays unknown: {why}"
        built = self.build(owner)
        if built is None:
            return None
        run, root, _, _ = built
        there = f"root module `{_shown(root.folder)}`"
        if output is None:
            return None
        if output not in root.outputs:
            return said + f"which reads {there}: it has no output `{output}`"
        if output in _sensitive(run, root):
            return said + f"output `{output}` of {there}, which is sensitive: its value is not linked"
        expr, path = root.outputs[output]
        inner = causes.why(run.evaluator, expr, Scope(root, path))
        return said + f"output `{output}` of {there} ({os.path.basename(path)}:{expr.line}), which {inner}"

    def build(self, owner: Root) -> Any:
        real = os.path.realpath(owner.path)
        if real not in self.built:
            self.building.append(real)
            try:
                _, run, root, piece = self.evaluate(owner.path, owner.options, owner.tree, self)
            finally:
                self.building.pop()
            by_address = {res.id: res for res in piece[1]} if piece is not None else {}
            self.built[real] = (run, root, piece, by_address)
            self.order.append(real)
        return self.built[real]

    def resource(self, value: Any) -> Any:
        """The resource a `Remote` names, in the root that made it (built already: its outputs were read)."""
        if not isinstance(value, Remote):
            return UNKNOWN
        built = self.built.get(os.path.realpath(value.owner))
        return built[3].get(value.address, UNKNOWN) if built is not None else UNKNOWN


def remotes(value: Any) -> list[Remote]:
    """The `Remote`s in an evaluated value (what a resource names in other roots)."""
    found: list[Remote] = []
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, Remote):
            found.append(item)
        elif isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, dict):
            stack.extend(item.values())
    return found


def _names_workspace(block: Block) -> bool:
    """Whether the data source's arguments read `terraform.workspace`."""
    from lambda6lint.loaders.terraform import causes

    stack = [attr.expr for attr in block.attributes.values()]
    while stack:
        expr = stack.pop()
        if causes.chain(expr)[:2] == ["terraform", "workspace"]:
            return True
        stack += causes.children(expr)
    return False


def _sensitive(run: Any, root: Any) -> set[str]:
    found: set[str] = set()
    for _, body in run.parse_folder(root.folder):
        for block in body.children("output"):
            attr = block.attributes.get("sensitive")
            if block.labels and attr is not None and not (attr.expr.kind == "lit" and attr.expr.args[0] is False):
                found.add(block.labels[0])
    return found


def link(roots: list[Root], evaluate: Callable[..., Any]) -> list[Any]:
    """The pieces of the roots that read another's state, and of those whose state they read: one graph."""
    resolver = Resolver(roots, evaluate)
    for root in roots:
        if root.reads:
            resolver.build(root)
    return [resolver.built[real][2] for real in resolver.order if resolver.built[real][2] is not None]
