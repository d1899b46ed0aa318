"""Terraform modules (folders of `*.tf` and `*.tf.json`) into resources of the graph.

A root module is evaluated with its variables (defaults, `terraform.tfvars`, `*.auto.tfvars`,
`--var-file`, `--var`); local modules with the inputs their calls give; terraform-aws-modules/vpc and
/lambda through built-in models (terraform/models.py), installed or not, unless a call sets an input the
model does not know and `terraform init` installed the code that does; other registry modules from
`.terraform/modules/modules.json`; other modules' outputs are unknown.
Resources are named by their full address (`module.net.aws_subnet.private[0]`).

Every file and folder followed — `.tf` files, tfvars, `modules.json` and its `Dir` entries, local
module sources — is held to the source's tree (confine.py). A module that calls a folder already
among its callers is module recursion (E9600), and module instances count against the budget.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
from collections import deque
from collections.abc import Callable, Iterator

from lambda6lint import confine
from lambda6lint.loaders import Loaded
from lambda6lint.loaders.common import aws, comments, recent
from lambda6lint.loaders.common.errors import InputError, clipped, shown, shown_error
from lambda6lint.loaders.common.marked import Handed, handed_start, read_source
from lambda6lint.loaders.common.recent import Recent
from lambda6lint.loaders.terraform import causes, mapper, nulls, remote, tfjson
from lambda6lint.loaders.terraform.budget import MAX_MODULES
from lambda6lint.loaders.terraform.evaluator import (
    META_ARGS,
    Declared,
    EvalError,
    Evaluator,
    Module,
    ModuleRef,
    Scope,
    folder_files,
    instance,
    iter_instances,
    literal_value,
)
from lambda6lint.loaders.terraform.hcl import Block, Expr, HclError, parse
from lambda6lint.loaders.terraform.provider import (
    AWS_VERSIONS,
    bounding,
    first_excluding,
    is_aws_source,
    own_region,
    pin,
    tagging_provider,
)
from lambda6lint.loaders.terraform.values import Instance, Link, Read, Switch
from lambda6lint.loaders.terraform.vocabulary import VOCABULARY
from lambda6lint.model import UNKNOWN, Location, Template

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

MAX_MODULE_DEPTH = causes.MODULE_LEVELS
MAX_MANIFEST_BYTES = 16 * 1024 * 1024
#: python-hcl2 peaks at ~250 MB and ~5 s per MB of HCL, ~830 MB and ~12 s per MB crafted for it (a
#: list of 300,000 `{}`: 0.9 MB, 10.5 s); real .tf files are well under 100 KB (the corpus: 61 KB).
MAX_TF_BYTES = 1024 * 1024
#: How much of the var files beside a root module that Terraform reads only when named is read in all
#: (`_unread_var_files`): they only add a note to a fix.
MAX_UNREAD_BYTES = 1024 * 1024
#: The `.tf` files one root module reads, its modules' included (a module called twice counted once):
#: python-hcl2 parses ~0.1-1 MB a second and keeps ~50-150 bytes per character, so that a root of
#: a hundred 1 MB files would take minutes. Real roots read a few hundred KB (terraform-aws-vpc: 60 KB).
#: At 8 MB, `.terraform/modules` of 2,000 installed modules of 4 KB (dense resources) took one root
#: 148 s and 1.4 GB; 2 MB keeps a root to about a single 1 MB file's twice (~15 s of CPU, ~350 MB).
MAX_ROOT_TF_BYTES = 2 * MAX_TF_BYTES
#: What the roots of a run parse again because another root's parse of the same module is no longer
#: kept (`_PARSED`): 21 roots calling one 2.5 MB module took 6 minutes.
MAX_RUN_REPARSED_BYTES = 16 * MAX_TF_BYTES
#: Registry modules that cannot change what they are given (a VPC's routes, blocks, endpoints).
INERT_SOURCE = re.compile(r"^(?:registry\.terraform\.io/)?terraform-aws-modules/security-group/aws(?://.*)?$")
#: A registry module's address, `<namespace>/<name>/<provider>` after an optional registry host: the
#: provider is the one whose resources the module makes (`cloudposse/label/null`, `Azure/network/azurerm`).
REGISTRY_SOURCE = re.compile(
    r"^(?:(?P<host>[a-z0-9-]+(?:\.[a-z0-9-]+)+)/)?[A-Za-z0-9][\w-]*/[A-Za-z0-9][\w-]*/(?P<provider>[a-z0-9-]+)(?://.*)?$"
)
#: Main providers of registry modules that make no AWS resource, so nothing lambda6lint reads: other clouds,
#: and the utility providers (`null`, `random`) of label and naming modules.
NOT_AWS_PROVIDERS = frozenset(
    {
        "alicloud", "azapi", "azuread", "azuredevops", "azurerm", "cloudflare", "datadog", "digitalocean",
        "github", "gitlab", "google", "google-beta", "hcloud", "helm", "huaweicloud", "ibm", "kubernetes",
        "linode", "local", "newrelic", "null", "oci", "openstack", "pagerduty", "random", "tencentcloud",
        "time", "tls", "vsphere",
    }
)  # fmt: skip


def inert_source(source: str) -> bool:
    """Whether a module call from `source` can make or change nothing lambda6lint reads: a registry module
    that changes nothing it is given, or one whose main provider is not AWS (a VCS shorthand such as
    `github.com/org/repo` has no provider segment, and its host is not a registry's)."""
    if INERT_SOURCE.match(source):
        return True
    found = REGISTRY_SOURCE.match(source)
    return bool(
        found and found["host"] not in ("github.com", "bitbucket.org") and found["provider"] in NOT_AWS_PROVIDERS
    )


def _unattached(path: str, lines: list[str], body: Block) -> list[Location]:
    """The ignore comments of a file that belong to no resource, data source or module call."""
    read: list[tuple[int, int]] = []
    for block in body.blocks:
        if block.type in ("resource", "data", "module"):
            comments.block_suppressions(lines, block.line, block.end_line, read)
    return [Location(path, *place) for place in comments.unattached(lines, read)]


def suppressions(lines: list[str], block: Block) -> dict[str, str]:
    """`# lambda6lint:ignore W9601 reason` inside the block or on the comment lines right above it."""
    return comments.block_suppressions(lines, block.line, block.end_line)


#: The instance keys of an address (`[0]`, `["a"]`), which an `import` block's `to` may leave out or not.
_INSTANCE_KEYS = re.compile(r'\[(?:"(?:[^"\\]|\\.)*"|[^\]]*)\]')


def _adopting(imports: dict[str, Location]) -> dict[str, list[tuple[Callable[[str], bool], Location]]]:
    """The import blocks by the address they name without instance keys, each with a test of an
    instance's full address: a key written must be its key (`[*]`, a key not literal, takes any), a
    key left out takes any (Terraform would refuse that for a resource or module with keys)."""
    found: dict[str, list[tuple[Callable[[str], bool], Location]]] = {}
    for to, where in imports.items():
        if "[" not in to:  # (no key written: every instance of what it names, the test `adopting` keys by)
            found.setdefault(to, []).append((_any_instance, where))
            continue
        pattern = "".join(
            r"\[[^\]]*\]" if part == "[*]" else re.escape(part) if part.startswith("[") else re.escape(part) + _ANY_KEY
            for part in _PARTS.findall(to)
        )
        found.setdefault(_INSTANCE_KEYS.sub("", to), []).append((re.compile(pattern).fullmatch, where))  # type: ignore[arg-type]
    return found


def _any_instance(address: str) -> bool:
    return True


#: An address's parts: names (with their dot) and keys, as `_resource_key` writes them.
_PARTS = re.compile(r'\[(?:"(?:[^"\\]|\\.)*"|[^\]]*)\]|\.?[^.\[]+')
_ANY_KEY = r'(?:\[(?:"(?:[^"\\]|\\.)*"|[^\]]*)\])?'


_PARSED = Recent(2 * MAX_TF_BYTES)  # a few hundred files (their trees: ~50-150 bytes per character)


def parse_file(path: str, handed: bytes | tuple[bytes, confine.Identity] | None = None) -> tuple[str, Block]:
    """A .tf (or .tf.json) file's text and body, parsed once while it is among the files parsed last
    (modules are shared by roots). `handed`: what discovery read of it whole (`Source.files_read`), read in its
    place, or its first bytes, read on from (`Source.heads`: one over the 1 MB limit, said as such)."""
    key = os.path.abspath(path)
    version = recent.version(path)
    cached = _PARSED.get(key, version)
    if cached is not None:
        return cached
    started = handed_start(path, None if handed is None else {key: handed}, key)
    # an empty .tf file is valid Terraform (an empty .tf.json file is not JSON: Terraform rejects it)
    text = (
        ""
        if version[1] == 0
        else read_source(path, MAX_TF_BYTES, what="Terraform files", empty_ok=True, started=started)
    )
    reader = tfjson.parse if path.endswith(".tf.json") else parse
    body = reader(text) if text.strip() or reader is tfjson.parse else Block("", [])
    _PARSED.put(key, version, text, body)
    return text, body


class Run:
    """One root module: parsed files, module instances, the evaluator and collected errors."""

    def __init__(self, root: str, options: Any = None, tree: str = "", handed: Handed | None = None):
        self.root = root
        #: What discovery read of some `.tf` files, by real folder and name (whole, `Source.files_read`, or their first
        #: bytes, `Source.heads`: pre-commit's caller scan), read rather than the files.
        self.handed = handed or {}
        self.tree = tree or confine.tree_of(root)  # what file(), tfvars and module sources may read
        self.options = options
        self.evaluator = Evaluator()
        self.errors: list[tuple[Location, str]] = []
        self.unattached: list[Location] = []  # ignore comments that belong to no block (`Template.unattached`)
        self.reported: set[Any] = set()
        self.files: dict[str, None] = {}  # (in order; a set: a module of 10,000 files searched a list each time)
        #: The files `file()` and `templatefile()` read: no file passed over when named too (engine._passed_over).
        self.read_files: dict[str, None] = {}
        self.lines: dict[str, list[str]] = {}
        self.modules: list[Module] = []
        self.builtin: list[Instance] = []
        #: The region each instance deploys to, by address, as its AWS provider configuration says (`regions`).
        self.regions: dict[str, str | None] = {}
        self.unseen: list[tuple[dict[str, Callable[[], Any]], str]] = []  # inputs of modules we cannot read
        self.parsed: dict[str, list[tuple[str, Block]]] = {}  # folder → its files, once per run
        #: Folder → its files that cannot be parsed (E9600): what they declare cannot be known (causes.unparsed).
        self.unparsed: dict[str, list[str]] = {}
        self.real: dict[str, str] = {}  # folder → real path, once per run
        self.versions: dict[str, str] = {}  # manifest key → the registry release `terraform init` installed
        self.read_bytes = 0  # of the `.tf` files it reads (MAX_ROOT_TF_BYTES)
        self.manifest = self._manifest()
        self.template = Template(path=root, format="terraform", vocabulary=VOCABULARY)
        self.remote: Any = None  # reads the states of the run's other roots (remote.Resolver), when linked
        #: `_folder`'s answers by (calling folder, source, manifest key): a fan-out of calls resolved
        #: the same paths once per instance (8,000 realpath calls, 47 s, for a 1-line root).
        self.folders: dict[tuple[str, str | None, str], tuple[str | None, bool, bool]] = {}

    def _manifest(self) -> dict[str, str]:
        path = confine.inside(os.path.join(self.root, ".terraform", "modules", "modules.json"), self.tree)
        try:
            data = confine.read_regular(path, MAX_MANIFEST_BYTES) if path else b""
            doc = json.loads(data) if 0 < len(data) <= MAX_MANIFEST_BYTES else {}
        except (OSError, ValueError, RecursionError):
            return {}
        found: dict[str, str] = {}
        for entry in doc.get("Modules", []) if isinstance(doc, dict) else []:
            if isinstance(entry, dict) and isinstance(entry.get("Key"), str) and isinstance(entry.get("Dir"), str):
                found[entry["Key"]] = entry["Dir"]
                if isinstance(entry.get("Version"), str):
                    self.versions[entry["Key"]] = entry["Version"]
        return found

    def parse_folder(self, folder: str) -> list[tuple[str, Block]]:
        if folder not in self.parsed:
            self.parsed[folder] = self._parse_folder(folder)
        return self.parsed[folder]

    def over_limit(self, folder: str) -> str | None:
        """Why the `.tf` files of `folder` are not read (a safety limit), or None: then they are
        counted (a folder is read whole or not at all: a resource left out could make a finding)."""
        if folder in self.parsed:
            return None
        sizes = {os.path.abspath(p): recent.version(p) for p in folder_files(folder)}
        size = sum(version[1] for version in sizes.values())
        if self.read_bytes + size > MAX_ROOT_TF_BYTES:
            megabytes = MAX_ROOT_TF_BYTES // MAX_TF_BYTES
            return f"a root module reads up to {megabytes} MB of Terraform files, its modules' included"
        spent = getattr(self.options, "spent", None)
        spent = {} if spent is None else spent
        parsed: set[str] = spent.setdefault("terraform files parsed", set())
        again = sum(v[1] for p, v in sizes.items() if p in parsed and not _PARSED.holds(p, v))
        again += spent.get("terraform bytes parsed again", 0)
        if again > MAX_RUN_REPARSED_BYTES:
            return (
                f"the root modules of a run parse the same modules again up to "
                f"{MAX_RUN_REPARSED_BYTES // MAX_TF_BYTES} MB"
            )
        self.read_bytes += size
        spent["terraform bytes parsed again"] = again
        parsed.update(sizes)
        return None

    def _parse_folder(self, folder: str) -> list[tuple[str, Block]]:
        parsed = []
        for path in folder_files(folder):
            if confine.inside(path, self.tree) is None:
                continue  # a symlink out of the tree
            real = os.path.join(self.realpath(folder), os.path.basename(path)) if self.handed else ""
            try:
                text, body = parse_file(path, self.handed.get(real))
            except (InputError, HclError) as exc:
                self.unparsed.setdefault(folder, []).append(path)
                if os.path.abspath(path) not in self.reported and self.reports_for(folder):
                    self.reported.add(os.path.abspath(path))
                    self.errors.append((Location(path, exc.line, exc.column), exc.message))
                continue
            self.lines[path] = text.splitlines()
            if path not in self.files:
                self.files[path] = None
                if "lambda6lint" in text and not self._installed(folder):
                    self.unattached += _unattached(path, self.lines[path], body)
            parsed.append((path, body))
        return parsed

    def reports_for(self, folder: str) -> bool:
        """Input errors of a module folder: ours, unless a folder walk lints it as a module of its own."""
        inside = os.path.relpath(os.path.abspath(folder), os.path.abspath(self.root))
        return inside == "." or inside.startswith("..") or self._installed(folder)

    def root_module(self, folder: str, inputs: dict[str, Callable[[], Any]]) -> Module:
        """The root module (InputError past a limit on what it reads: `over_limit`)."""
        limit = self.over_limit(folder)
        if limit is not None:
            raise InputError(f"this Terraform module is not read: {limit} (a safety limit)")
        return self.module(folder, "", inputs, "")

    def module(self, folder: str, prefix: str, inputs: dict[str, Callable[[], Any]], key: str) -> Module:
        module = Module(folder=folder, prefix=prefix, inputs=inputs, loader=self)
        module.cache["manifest_key"] = key
        for path, body in self.parse_folder(folder):
            module.add(path, body)
        self.modules.append(module)
        return module

    # ----- module calls ----------------------------------------------------------------------

    def module_value(self, parent: Module, name: str) -> Any:
        """What `module.<name>` evaluates to in `parent`: a ModuleRef, a list/map of them, or UNKNOWN."""
        declared = parent.calls.get(name)
        if declared is None:
            return UNKNOWN
        cached = parent.cache.get(("module-value", name))
        if cached is not None:
            return cached
        keys = self.evaluator.keys(parent, declared, "module")
        value: Any
        if keys is UNKNOWN:
            value = UNKNOWN
            self.unknown_call(parent, name, declared)
        elif keys == [None]:
            value = self.child(parent, name, None)
        elif "count" in declared.block.attributes:
            value = [self.child(parent, name, k) for k in keys]
        else:
            value = {k: self.child(parent, name, k) for k in keys}
        parent.cache[("module-value", name)] = value
        return value

    def unknown_call(self, parent: Module, name: str, declared: Declared) -> None:
        """A module call whose count or for_each cannot be known is not read, but any of its instances may add
        to what it is given (a route to a table, a host to a subnet, a rule to a group), as a module that is
        not read may: what its inputs, count and for_each may name is open (`open_ids`)."""
        scope = self.evaluator.instance_scope(parent, declared, UNKNOWN)
        attrs = declared.block.attributes
        meta = "for_each" if "for_each" in attrs else "count"
        inputs = {
            arg: _naming(self.evaluator, attr.expr, scope)
            for arg, attr in attrs.items()
            if arg not in META_ARGS or arg in ("count", "for_each")
        }
        self.unseen.append((inputs, f"module.{name} (its `{meta}` cannot be known)"))

    def child(self, parent: Module, name: str, index: Any) -> Any:
        """A module call's instance: read once, whatever expression first refers to it (inside a
        try() too: its inputs' errors are not that expression's)."""
        ident = ("child", name, index)
        if ident in parent.cache:
            return parent.cache[ident]
        strict, self.evaluator.strict = self.evaluator.strict, 0
        parent.cache[ident] = UNKNOWN  # guards against a module calling itself
        try:
            parent.cache[ident] = value = self._child(parent, name, index)
            return value
        finally:
            self.evaluator.strict = strict

    def _passed_reads(self, module: Module) -> dict[str, Read]:
        """The inputs the call of a module instance gives it that read that instance's own each.key, each.value or
        count.index, or those of a call it is within through a variable (`causes.instance_reads`): where a module
        call in it differs by instance ({} where no call above it has count or for_each)."""
        if module.call is None or module.parent is None or "[" not in module.prefix:
            return {}
        if "passed_reads" not in module.cache:
            outer = self._passed_reads(module.parent)
            module.cache["passed_reads"] = causes.instance_reads(module.call.block, outer.get)
        found: dict[str, Read] = module.cache["passed_reads"]
        return found

    def _child(self, parent: Module, name: str, index: Any) -> Any:
        declared = parent.calls[name]
        suffix = "" if index is None else f"[{json.dumps(index)}]"
        prefix = f"{parent.prefix}module.{name}{suffix}."
        scope = self.evaluator.instance_scope(parent, declared, index)
        inputs = {
            arg: _thunk(self.evaluator, attr.expr, scope)
            for arg, attr in declared.block.attributes.items()
            if arg not in META_ARGS
        }
        source = declared.block.attributes.get("source")
        source_text = source.expr.args[0] if source is not None and source.expr.kind == "lit" else None
        key = ".".join(k for k in (parent.cache.get("manifest_key", ""), name) if k)
        folder, missing, outside = self._folder(parent, name, source_text, key)
        local = isinstance(source_text, str) and source_text.startswith(("./", "../"))
        value: Any = UNKNOWN
        if prefix.count("module.") > MAX_MODULE_DEPTH:  # (said: CI drops a module linted as a root that
            # another calls, so past the limit nothing would ever lint what lies there, silently)
            if ("depth", id(declared)) not in self.reported:
                self.reported.add(("depth", id(declared)))
                limit = f"modules are read {MAX_MODULE_DEPTH} levels deep (a safety limit)"
                self.errors.append((_at(declared), f"module {shown(name)} not read: {limit}"))
            self.unseen.append((inputs, f"module.{name} (past {MAX_MODULE_DEPTH} levels of modules)"))
            return value
        from lambda6lint.loaders.terraform import models

        constraint = None
        if not local:  # the release `terraform init` installed, else what the constraint picks
            version = declared.block.attributes.get("version")
            constraint = self.versions.get(key) if folder is not None else None
            if constraint is None and version is not None:
                constraint = self.evaluator.eval(version.expr, scope)
        model = models.model_for(source_text, constraint) if isinstance(source_text, str) and not local else None
        if model is not None and folder is not None and models.unknown_inputs(str(source_text), inputs):
            model = None  # (an input the model does not know: the installed code, which knows it, is read)
        # (a call of count or for_each, or one within an instance of such: its block sets the inputs of them all)
        keyed = index is not None or "[" in parent.prefix
        # A module we model is modelled even when `terraform init` installed it: its findings point at the
        # call in the repository, and its fixes name the call's inputs (as without .terraform/). When the
        # model gives up, on an input it cannot know, the installed code could not know it either: the
        # model's reason says more than that code's unknown counts would.
        if model is not None:
            made = model(
                models.Call(
                    prefix,
                    inputs,
                    declared,
                    self._never_null(declared, scope),
                    self._why(declared, scope),
                    called=causes.call_place(declared, parent) if keyed else "",
                    differs=causes.instance_reads(declared.block, self._passed_reads(parent).get) if keyed else {},
                )
            )
            return self._modelled(parent, name, declared, scope, inputs, made, str(source_text))
        if folder is not None:
            return self._read(parent, name, declared, folder, prefix, inputs, key, scope)
        if not (isinstance(source_text, str) and inert_source(source_text)):
            shown_source = f"`{clipped(str(source_text), 80)}`" if source_text is not None else "a computed source"
            if missing:
                cause = (
                    f"is not read: its source {shown_source} is not there (a git submodule not checked "
                    "out, or `terraform init` not run?)"
                )
            elif outside:
                cause = (
                    f"is not read: its source {shown_source} lies outside the folder being linted, and "
                    "lambda6lint reads nothing outside it (lint a folder that contains both)"
                )
            elif isinstance(source_text, str) and models.model_for(source_text) is not None:
                cause = (
                    f"is not read: {shown_source} is not installed here, and its version constraint "
                    f"`{clipped(str(constraint), 40)}` picks a release older than the ones lambda6lint's built-in "
                    "model follows (run `terraform init`)"
                )
            else:
                cause = f"is not read: {shown_source} is not installed here (run `terraform init`)"
            # what it is given, it may change (routes, endpoints, rules)
            self.unseen.append((inputs, f"module.{name} ({shown_source}), which {cause}"))
            self.unread(declared, f"{parent.prefix}module.{name}", cause, self._placing(declared, inputs, scope))
        return value

    def _why(self, declared: Declared, scope: Scope) -> Callable[[str], str | None]:
        written = declared.block.attributes

        def why(arg: str) -> str | None:
            return causes.why(self.evaluator, written[arg].expr, scope) if arg in written else None

        return why

    def _never_null(self, declared: Declared, scope: Scope) -> Callable[[str], bool]:
        known = {arg: attr.expr for arg, attr in declared.block.attributes.items() if arg not in META_ARGS}
        return lambda arg: arg in known and nulls.never_null(self.evaluator, known[arg], scope)

    def _modelled(
        self,
        parent: Module,
        name: str,
        declared: Declared,
        scope: Scope,
        inputs: dict[str, Callable[[], Any]],
        made: Any,
        source_text: str,
    ) -> Any:
        """What a module call lambda6lint models makes; findings on it point at the call."""
        ignored = suppressions(self.lines.get(declared.path, []), declared.block)
        for made_instance in made.instances:
            made_instance.suppress = ignored
            made_instance.why = causes.model_explainer(self.evaluator, declared, scope, made_instance, f"module.{name}")
            made_instance.source = causes.model_sourcer(declared, scope, made_instance)
            made_instance.placeholder = causes.model_placeholderer(declared, scope, made_instance)
        self.builtin.extend(made.instances)
        region = self.passed_regions(parent, declared).get(("aws", ""))
        # (a model gives what it makes the call's `region` input, as the module writes `region = var.region`)
        self.regions.update((i.address, own_region(i.attrs, region)) for i in made.instances)
        if made.reason:  # the model gave up: like a module that is not read
            cause = f"is not read: lambda6lint's built-in model of `{source_text}` cannot say: {made.reason}"
            parent.cache[("unmodelled", name)] = cause
            self.unseen.append((inputs, f"module.{name} (`{source_text}`), which {cause}"))
            self.unread(declared, f"{parent.prefix}module.{name}", cause, self._placing(declared, inputs, scope))
        return made.outputs

    def _read(
        self,
        parent: Module,
        name: str,
        declared: Declared,
        folder: str,
        prefix: str,
        inputs: dict[str, Callable[[], Any]],
        key: str,
        scope: Scope,
    ) -> Any:
        """A module call whose folder is read: its ModuleRef (UNKNOWN past the budget or in a recursion)."""
        where = _at(declared)
        if self.calls_itself(parent, folder):
            if ("recursion", id(declared)) not in self.reported:
                self.reported.add(("recursion", id(declared)))
                message = f"module {shown(name)} calls a folder that already calls it (module recursion)"
                self.errors.append((where, message))
            self.unseen.append((inputs, f"module.{name} (a module recursion)"))
            return UNKNOWN
        if self.evaluator.budget.modules >= MAX_MODULES:
            # final, as every other limit: the calls still to come (256 instances of each of many
            # blocks in each of 2,000 modules) would otherwise each be weighed, a crafted tree for minutes
            self.evaluator.budget.exceed(f"over {MAX_MODULES:,} module instances", where, final=True)
            self.unseen.append((inputs, f"module.{name} (past the budget of module instances)"))
            return UNKNOWN
        limit = self.over_limit(folder)
        if limit is not None:
            cause = f"is not read: {limit} (a safety limit)"
            if ("limit", self.root) not in self.reported:
                self.reported.add(("limit", self.root))
                self.errors.append((where, f"module {shown(name)} {cause}"))
            self.unseen.append((inputs, f"module.{name}, which {cause}"))
            self.unread(declared, f"{parent.prefix}module.{name}", cause, self._placing(declared, inputs, scope))
            return UNKNOWN
        self.evaluator.budget.modules += 1
        child = self.module(folder, prefix, inputs, key)
        child.call, child.parent = declared, parent
        child.input_exprs = {
            arg: (attr.expr, scope) for arg, attr in declared.block.attributes.items() if arg not in META_ARGS
        }
        return ModuleRef(child)

    def _folder(self, parent: Module, name: str, source_text: Any, key: str) -> tuple[str | None, bool, bool]:
        """The folder a call reads (None: none), whether it is missing, whether it lies outside the
        tree; found once per call block, not per instance."""
        ident = ("folder", name)
        local = isinstance(source_text, str) and source_text.startswith(("./", "../"))
        shared = (parent.folder, source_text if isinstance(source_text, str) else None, "" if local else key)
        if ident not in parent.cache and shared in self.folders:
            parent.cache[ident] = self.folders[shared]
        if ident not in parent.cache:
            folder = None
            if isinstance(source_text, str) and source_text.startswith(("./", "../")):
                folder = os.path.normpath(os.path.join(parent.folder, source_text))
            elif key in self.manifest:
                folder = os.path.normpath(os.path.join(self.root, self.manifest[key]))
            missing = outside = False
            if folder is not None:
                # (outside the tree, whether it exists is not looked at: that would tell a pull request
                # what the machine holds, by the words of --explain)
                inside = confine.inside(folder, self.tree, folder=True)
                outside = inside is None and not confine.within(folder, self.tree)
                missing, folder = inside is None and not outside, inside
            parent.cache[ident] = self.folders[shared] = (folder, missing, outside)
        return parent.cache[ident]  # type: ignore[no-any-return]

    def _placing(self, declared: Declared, inputs: dict[str, Callable[[], Any]], scope: Scope) -> str | None:
        """Why hosts a module we cannot read makes may be in any subnet: an input that names subnets (by
        its name: `subnet_ids`, `private_subnets`, `vpc_zone_identifier`…) whose value cannot be known."""
        untold = None
        for name, thunk in inputs.items():
            found = _unknown_subnets(thunk(), name)
            if found:
                why = causes.why(self.evaluator, declared.block.attributes[name].expr, scope)
                return f"may be in it: what it makes is given input `{name}`, which {why}"
            untold = name if found is None and untold is None else untold
        if untold is not None:
            return (
                f"may be in it: what it makes is given input `{untold}`, which holds maps and lists more than "
                f"{_VALUE_NESTING} deep, past what lambda6lint looks into for subnets (a safety limit), with values "
                "that cannot be known: check by hand which subnets it is given"
            )
        return None

    def unread(self, declared: Declared, address: str, cause: str, placing: str | None = None) -> None:
        """A module call whose contents cannot be read: a stand-in for it, once per call (not per
        count/for_each instance), so that --explain and the summary say so; `placing`: why what it
        makes may be in any subnet."""
        if ("unread", id(declared)) in self.reported:
            return
        self.reported.add(("unread", id(declared)))
        block = declared.block
        attrs = {"cause": cause, "placing": placing}
        where = Location(declared.path, block.line, block.column)
        source = block.attributes.get("source")
        marks = {("source",): Location(declared.path, source.line, source.column)} if source is not None else {}
        self.builtin.append(Instance(address=address, type="module", attrs=attrs, location=where, marks=marks))

    def calls_itself(self, parent: Module, folder: str) -> bool:
        """Whether `folder` is the folder of `parent` or of one of its callers (module recursion)."""
        real = self.realpath(folder)
        caller: Module | None = parent
        while caller is not None:
            if self.realpath(caller.folder) == real:
                return True
            caller = caller.parent
        return False

    def realpath(self, folder: str) -> str:
        if folder not in self.real:
            self.real[folder] = os.path.realpath(folder)
        return self.real[folder]

    # ----- the whole root --------------------------------------------------------------------

    def instances(self, root: Module) -> list[Instance]:
        out: list[Instance] = []
        pending = deque([root])
        seen: set[int] = set()
        bounded: list[tuple[Instance, Module, Declared]] = []  # (the AWS provider constraints that bound them)
        visited: list[Module] = []
        flags: dict[str, tuple[str, str] | None] = {}  # each aws_vpc's `causes.set_at` of its IPv6 flag
        #: each aws_subnet's `_ipv6_follows`, with its module
        following: dict[str, tuple[tuple[str, str] | None, Instance, Module]] = {}
        #: by declared block and module instance (both kept in it: their ids are not reused)
        shapes: dict[tuple[int, int], tuple[Any, ...]] = {}
        made: list[tuple[Instance, Declared, Module]] = []
        while pending:
            module = pending.popleft()
            if id(module) in seen:
                continue
            seen.add(id(module))
            visited.append(module)
            installed_by = self.installed_by(module)
            for name in module.calls:
                value = self.module_value(module, name)
                for ref in value if isinstance(value, list) else value.values() if isinstance(value, dict) else [value]:
                    if isinstance(ref, ModuleRef):
                        pending.append(ref.module)
            for ref, declared, unknown in iter_instances(self.evaluator, module):
                try:
                    inst = instance(self.evaluator, ref, declared, unknown)
                except EvalError as exc:
                    self.errors.append((exc.location, exc.message))
                    continue
                except RecursionError:
                    block = declared.block
                    self.errors.append((Location(declared.path, block.line, block.column), "nested too deeply"))
                    continue
                except Exception as exc:  # noqa: BLE001 - one resource never stops the module
                    block = declared.block
                    where = Location(declared.path, block.line, block.column)
                    self.errors.append(
                        (where, f"internal error while evaluating {clipped(ref.address)}: {type(exc).__name__}")
                    )
                    continue
                if installed_by is not None:  # its code is not in the repository: findings point at the call
                    inst.location, inst.marks = _at(installed_by), {}
                    inst.suppress = suppressions(self.lines.get(installed_by.path, []), installed_by.block)
                    inst.hints["installed"] = _installed_note(installed_by)
                else:
                    own = suppressions(self.lines.get(declared.path, []), declared.block)
                    inst.suppress = {**self.call_suppressions(module), **own} if module.parent else own
                    if module.parent:
                        inst.ignored_by = {p: at for p, at in self.call_ignorers(module).items() if p not in own}
                    if (call := _root_call(module)) is not None:
                        inst.root_call = _at(call)
                if installed_by is None:
                    bounded.append((inst, module, declared))
                inst.why = causes.explainer(self.evaluator, ref, declared)
                inst.builder = causes.builder(self.evaluator, ref, declared)
                inst.source = causes.sourcer(ref, declared)
                if inst.type == "aws_vpc":
                    flag = causes.flag_set_at(self.evaluator, ref, declared, "assign_generated_ipv6_cidr_block")
                    if installed_by is None:
                        inst.hints.update(causes.through_call(_vpc_ipv6_where(flag), ref.module.prefix))
                        flags[inst.address] = flag
                    elif flag is not None and _own_flag(flag[1], installed_by, ref.module):
                        # (its findings point at the call: the input there, never the argument in .terraform/)
                        inst.hints.update(causes.through_call(_vpc_ipv6_where(flag), ref.module.prefix))
                elif inst.type == "aws_subnet" and installed_by is None:
                    following[inst.address] = (_ipv6_follows(declared.block, ref.module), inst, ref.module)
                inst.placeholder = causes.placeholderer(ref, declared)
                inst.unset = causes.unsetter(ref, declared)
                inst.reads = causes.reads(declared.block, ref.module)
                if "count" in declared.block.attributes:
                    find = causes.count_switch if unknown else causes.switch
                    inst.switch = find(declared.block, ref.module)
                    if (
                        installed_by is not None
                        and inst.switch is not None
                        and not _own_switch(inst.switch, installed_by, ref.module)
                    ):
                        inst.switch = None  # (set in code that is not the repository's: not the user's to change)
                inst.links = causes.linker(self.evaluator, ref, declared)
                inst.rejecting = causes.rejecter(self.evaluator, ref, declared)
                inst.choices = causes.chooser(self.evaluator, ref, declared)
                inst.agree = causes.agreer(self.evaluator, ref, declared)
                # (what the declared block's arguments name, read from its code: made once for all its instances)
                shaped = shapes.get((id(declared), id(ref.module)))
                if shaped is None:
                    prefix = ref.module.prefix
                    shaped = shapes[id(declared), id(ref.module)] = (
                        declared,
                        ref.module,
                        causes.own_block(declared, prefix),
                        causes.paired_block(declared, ref.module),
                        causes.listed_block(declared, prefix),
                        causes.placing_blocks(declared, ref.module),
                        causes.placing_item(declared, ref.module),
                        causes.placing_sites(declared, ref.module),
                    )
                _, _, inst.own, inst.pair, inst.listed, inst.placed, inst.picks, inst.sites = shaped
                if _prevents_destroy(declared.block):
                    inst.hints["prevent_destroy"] = "true"
                out.append(inst)
                made.append((inst, declared, ref.module))
                self.regions[inst.address] = self.provider_regions(ref.module).get(_provider_of(declared))
                if "region" in declared.block.attributes and self.uses_aws(ref.module, declared):
                    self.regions[inst.address] = own_region(inst.attrs, self.regions[inst.address])
            self.lookup_regions(module)
        _subnets_following(flags, following.values())
        self.name_unknown_counts(made)
        self.pin_versions(bounded, visited)
        self.report_cycles()
        out += self.builtin
        adopting = _adopting(root.imports)
        for inst in out if adopting else ():  # (a module model's resources too)
            # (the one standing for the instances of an unknown count, `aws_route_table.private[*]`, for any of them)
            adopted = next(
                (
                    where
                    for keys, where in adopting.get(_INSTANCE_KEYS.sub("", inst.address), ())
                    if inst.alike or keys(inst.address)
                ),
                None,
            )
            if adopted is not None:
                inst.hints["imported"] = f"an `import` block ({adopted.path}:{adopted.line}) adopts {inst.address}"
                inst.hints["imported_at"] = f"{adopted.path}:{adopted.line}"
        return out

    def lookup_regions(self, module: Module) -> None:
        """Where each AWS data source of `module` that is not read as instances looks, by its block's address
        (`data.aws_subnets.app`, for each of its instances): its provider's region, or its own `region` (AWS provider
        6), which a count or for_each may make differ between instances (not known then). A reference by id to what
        it finds names nothing in another region (mapper.here_only)."""
        for key, declared in module.data.items():
            address = f"{module.prefix}data.{key}"
            if address in self.regions or not key.startswith("aws_"):
                continue
            region = self.provider_regions(module).get(_provider_of(declared))
            written = declared.block.attributes.get("region")
            if written is not None and self.uses_aws(module, declared):
                value: Any = UNKNOWN
                if not ("count" in declared.block.attributes or "for_each" in declared.block.attributes):
                    try:
                        value = self.evaluator.eval(written.expr, self.evaluator.instance_scope(module, declared, None))
                    except (EvalError, RecursionError):
                        value = UNKNOWN
                region = own_region({"region": value}, region)
            self.regions[address] = region

    def name_unknown_counts(self, made: list[tuple[Instance, Declared, Module]]) -> None:
        """What names the Elastic IPs of a count that cannot be known (a DNS record of `aws_eip.nat[0].public_ip`), or
        such NAT gateways' addresses, names their representative (`Instance.named`: `aws_eip.nat[*]`): its value
        cannot be known, so no reference shows, yet the address it gives is relied on (a static egress IP), as
        where the count is known; followed through locals, module outputs and inputs (`_written_addresses`)."""
        blocks: dict[str, list[str]] = {}
        for inst, _, _ in made:
            if inst.unknown_count and not inst.alike and inst.type in _ADDRESSED:
                blocks.setdefault(_INSTANCE_KEYS.sub("", inst.address), []).append(inst.address)
        if not blocks:
            return
        written: dict[tuple[int, int], set[str]] = {}
        budget = [_WALK_BUDGET]
        for inst, declared, module in made:
            key = (id(declared), id(module))
            if key not in written:
                found: set[str] = set()
                for expr in causes.block_expressions(declared.block):
                    more = _written_addresses(self, expr, module, budget)
                    found |= set(blocks) if more is None else more & blocks.keys()  # (past the budget: any)
                written[key] = found
            own = _INSTANCE_KEYS.sub("", inst.address)
            named = [a for block in sorted(written[key] - {own}) for a in blocks[block] if a not in inst.named]
            if named:
                inst.named = (*inst.named, *named)

    def pin_versions(self, bounded: list[tuple[Instance, Module, Declared]], modules: list[Module]) -> None:
        """The AWS provider version constraints that bound each instance (`AWS_VERSIONS`, provider.py): its own
        module's, then those of the other modules of the configuration, which Terraform intersects (it picks one
        release of a provider for all of them), where both modules are loaded from local paths of this run; only
        an instance that uses the AWS provider (hashicorp/aws) is bounded by them."""
        local = {id(m): _local(m) for m in modules}
        shared: dict[tuple[str, str], dict[str, str]] = {}  # (once: a for_each may make thousands of modules)
        folders: set[str] = set()
        for module in modules:
            if local[id(module)] and self.installed_by(module) is None and module.folder not in folders:
                folders.add(module.folder)
                for found in self.aws_pins(module):
                    shared.setdefault((found["constraint"], found["at"]), {**found, "whose": _whose(module)})
        others = list(shared.values())
        firsts = first_excluding(others)
        texts: dict[tuple[int, bool], str | None] = {}
        for inst, module, declared in bounded:
            if not self.uses_aws(module, declared):
                continue
            key = (id(module), local[id(module)])
            if key not in texts:  # (only the pins upgrade_notes may name: provider.bounding)
                pins = bounding(self.aws_pins(module), others, firsts) if key[1] else bounding(self.aws_pins(module))
                texts[key] = json.dumps(pins) if pins else None
            if texts[key] is not None:
                inst.hints[AWS_VERSIONS] = texts[key]  # type: ignore[assignment]

    def provider_regions(self, module: Module) -> dict[tuple[str, str], str | None]:
        """The region of each AWS provider configuration a module's resources may name, by (local name, alias): a
        provider block's literal `region` (a variable's as the evaluator decides it), else what its call passes it
        (`passed_regions`). One not listed, or whose region is not so written (an environment variable, a profile),
        has none: where the code deploys is then not known."""
        key = ("provider_regions",)
        cached = module.cache.get(key)
        if cached is None:
            cached = (
                {} if module.parent is None or module.call is None else self.passed_regions(module.parent, module.call)
            )
            for scope, b, alias in self.aws_provider_blocks(module):
                if not isinstance(alias, str):
                    continue  # (an alias that cannot be known: no resource can name it)
                region = self.evaluator.eval(b.attributes["region"].expr, scope) if "region" in b.attributes else None
                cached[(b.labels[0], alias)] = aws.region(region)
            module.cache[key] = cached
        return cached  # type: ignore[no-any-return]

    def passed_regions(self, parent: Module, call: Declared) -> dict[tuple[str, str], str | None]:
        """The regions of the AWS provider configurations a module call gives its module: those its `providers`
        map names, else the caller's default ones (Terraform's implicit inheritance, which the map replaces)."""
        given = self.provider_regions(parent)
        attr = call.block.attributes.get("providers")
        if attr is None:
            return {k: v for k, v in given.items() if not k[1]}
        passed: dict[tuple[str, str], str | None] = {}
        for key_expr, value_expr in attr.expr.args if attr.expr.kind == "object" else ():
            inner = _provider_named(key_expr)
            outer = _provider_named(value_expr)
            if inner is not None:
                passed[inner] = given.get(outer) if outer is not None else None
        return passed

    def uses_aws(self, module: Module, declared: Declared) -> bool:
        """Whether a resource uses the AWS provider: that of its `provider` argument's local name, else of the
        local name its type begins with (`aws`), as the module's required_providers map them (hashicorp/aws for an
        `aws` it does not list); False where that cannot be told."""
        expr = declared.block.attributes["provider"].expr if "provider" in declared.block.attributes else None
        while expr is not None and expr.kind == "attr":
            expr = expr.args[0]
        if expr is not None and expr.kind != "ref":
            return False
        name = str(expr.args[0]) if expr is not None else "aws"
        required = self.required_providers(module)
        if name not in required:
            return name == "aws"
        return _aws_entry(name, required[name][0])

    def required_providers(self, module: Module) -> dict[str, tuple[Any, str]]:
        """A module's required_providers entries by local name, with where each is written: an override file's
        entry replaces its base's of the same name only, as Terraform merges them."""
        key = ("required_providers", module.folder)
        if key not in module.cache:
            found: dict[str, tuple[Any, str]] = {}
            for path, body in self.parse_folder(module.folder):
                for b in body.children("terraform"):
                    for r in b.children("required_providers"):
                        for name, attr in r.attributes.items():
                            value = self.evaluator.eval(attr.expr, Scope(module, path))
                            found[name] = (value, f"{path}:{attr.line}")
            module.cache[key] = found
        return module.cache[key]  # type: ignore[no-any-return]

    def aws_provider_blocks(self, module: Module) -> Iterator[tuple[Scope, Block, Any]]:
        """A module's own `provider` blocks of the AWS provider, whatever its local name in required_providers
        (`aws` where none is required), each with its scope and its alias as evaluated ("" for none)."""
        required = self.required_providers(module)
        names = {n for n, (v, _) in required.items() if _aws_entry(n, v)} | (set() if "aws" in required else {"aws"})
        for path, body in self.parse_folder(module.folder):
            scope = Scope(module, path)
            for b in body.children("provider"):
                if len(b.labels) == 1 and b.labels[0] in names:
                    alias = self.evaluator.eval(b.attributes["alias"].expr, scope) if "alias" in b.attributes else ""
                    yield scope, b, alias

    def tagging_providers(self, module: Module) -> dict[tuple[str, Any], str]:
        """Where a module's own AWS provider blocks that write default_tags are (file:line), by (local name,
        alias: "" for none)."""
        return {
            (b.labels[0], alias): f"{scope.path}:{b.line}"
            for scope, b, alias in self.aws_provider_blocks(module)
            if b.children("default_tags")
        }

    def aws_pins(self, module: Module) -> list[dict[str, str]]:
        """The AWS provider version constraints a module's own files write, each with what writes it (provider.pin):
        its required_providers entries of hashicorp/aws, whatever their local name, and the legacy `version` of its
        provider blocks of such a name, one per alias (an override file's replaces its base's of the same alias, as
        Terraform merges them). None at all where one is no literal text (it cannot be told)."""
        key = ("aws_pins", module.folder)
        if key not in module.cache:
            required = self.required_providers(module)
            pins: list[dict[str, str]] = []
            known = True
            for name, (value, at) in required.items():
                if not _aws_entry(name, value):
                    continue
                version = value.get("version") if isinstance(value, dict) else value
                if isinstance(version, str):
                    pins.append(pin(version, at, "required", name=name))
                elif version is not None:  # (`aws = { source = "hashicorp/aws" }`: no version constraint)
                    known = False
            blocks: dict[tuple[str, Any], tuple[Any, str]] = {}
            for scope, b, alias in self.aws_provider_blocks(module):
                if "version" in b.attributes:
                    value = self.evaluator.eval(b.attributes["version"].expr, scope)
                    blocks[(b.labels[0], alias)] = (value, f"{scope.path}:{b.attributes['version'].line}")
            for (name, alias), (value, at) in blocks.items():
                if isinstance(value, str) and isinstance(alias, str):
                    pins.append(pin(value, at, "legacy", name=name, alias=alias))
                elif value is not None:
                    known = False
            module.cache[key] = pins if known else []
        return module.cache[key]  # type: ignore[no-any-return]

    def call_suppressions(self, module: Module) -> dict[str, str]:
        """What the ignore comments of the calls that make `module` ignore (an inner call's reason wins): a
        comment on a local module's call ignores rules for every resource made through that call, as on
        an installed module's; the module's code, which other calls share, is left as it is."""
        cached = module.cache.get("call-suppressions")
        if cached is None:
            cached = {}
            if module.parent is not None and module.call is not None:
                own = suppressions(self.lines.get(module.call.path, []), module.call.block)
                cached = {**self.call_suppressions(module.parent), **own}
            module.cache["call-suppressions"] = cached
        return cached  # type: ignore[no-any-return]

    def call_ignorers(self, module: Module) -> dict[str, Location]:
        """Where the call is whose ignore comment `call_suppressions` took each pattern from (an inner one wins)."""
        cached = module.cache.get("call-ignorers")
        if cached is None:
            cached = {}
            if module.parent is not None and module.call is not None:
                own = suppressions(self.lines.get(module.call.path, []), module.call.block)
                cached = {**self.call_ignorers(module.parent), **dict.fromkeys(own, _at(module.call))}
            module.cache["call-ignorers"] = cached
        return cached  # type: ignore[no-any-return]

    def installed_by(self, module: Module) -> Declared | None:
        """For a module read from `.terraform/` (installed by `terraform init`, not in the repository):
        the module call in the repository's own code that installed it."""
        call = None
        while module.parent is not None and self._installed(module.folder):
            call, module = module.call, module.parent
        return call

    def _installed(self, folder: str) -> bool:
        inside = os.path.relpath(os.path.abspath(folder), os.path.abspath(self.root))
        return ".terraform" in inside.split(os.sep)

    def report_cycles(self) -> None:
        """A local or variable that depends on itself: Terraform fails, so do we (E9600), once each."""
        seen: set[tuple[int, Any]] = set()
        for module, key in self.evaluator.cycles:
            if (id(module), key) in seen or not (isinstance(key, tuple) and key[0] == "local"):
                continue
            seen.add((id(module), key))
            expr, path = module.locals[key[1]]
            where = Location(path, expr.line or 1, expr.column or 1)
            self.errors.append((where, f"local.{key[1]} refers to itself (a reference cycle)"))

    def open_ids(self) -> dict[str, str]:
        """Addresses given to modules we cannot read, which may extend them (routes, rules, endpoints),
        each with why (for --explain)."""
        found: dict[str, str] = {}
        for inputs, module in self.unseen:
            because = f"is passed to {module}, which may add to it"
            for thunk in inputs.values():
                for address in mapper.addresses(thunk()):
                    found.setdefault(address, because)
        return found

    def output_ids(self, root: Module, instances: list[Instance]) -> tuple[set[str], dict[str, tuple[Location, str]]]:
        """Addresses named by the root module's outputs (not open: RULES.md "Open resources"), and those an
        output whose value cannot be known (`var.show ? aws_eip.nat.public_ip : null`) may name, with where
        that output is and why (as a CloudFormation output under a condition this run cannot decide)."""
        found: set[str] = set()
        maybe: dict[str, tuple[Location, str]] = {}
        budget = [_WALK_BUDGET]
        # (`_output_why`: what a module's output may give, by a budget of its own, so that the outputs read stay those
        # read before it said which)
        gives: dict[tuple[int, str], set[str] | None] = {}
        said = [_WALK_BUDGET]
        for name, (expr, path) in root.outputs.items():
            value = self._with_outputs(self.evaluator.output(root, name))
            found |= mapper.output_addresses(value)
            if causes.holds_unknown(value):
                written = _written_addresses(self, expr, root, budget)
                whys: dict[str, str] = {}  # (by block: a module given whole says the outputs that may give it)
                for i in instances:  # (past the budget: any Elastic IP or NAT gateway)
                    block = _INSTANCE_KEYS.sub("", i.address)
                    if block in written if written is not None else i.type in _ADDRESSED:
                        if block not in whys:
                            why = self._output_why(root, name, expr, path, block, gives, said)
                            whys[block] = f"output `{name}` {why}{'' if written is not None else _PAST_BUDGET}"
                        maybe.setdefault(i.address, (Location(path, expr.line, expr.column), whys[block]))
        return found, {address: doubt for address, doubt in maybe.items() if address not in found}

    def _output_why(
        self,
        module: Module,
        name: str,
        expr: Expr,
        path: str,
        block: str,
        gives: dict[tuple[int, str], set[str] | None],
        budget: list[int],
    ) -> str:
        """Why an output's value cannot be known; of one that gives a module call whole (`value = module.vpc`), that
        module's outputs whose value cannot be known and that may give `block` (`_written_addresses`, kept in
        `gives`; an output past the `budget` may give any), the first of them and why, where the call alone said
        only "cannot be evaluated statically", and its first output that cannot be known was said, whatever it
        gives (`azs` before `nat_public_ips`)."""
        raw = self.evaluator.output(module, name)
        if isinstance(raw, ModuleRef):
            child = raw.module
            doubted: list[str] = []
            for inner, (inner_expr, _) in child.outputs.items():
                if not causes.holds_unknown(self._with_outputs(self.evaluator.output(child, inner))):
                    continue
                if (id(child), inner) not in gives:
                    gives[id(child), inner] = _written_addresses(self, inner_expr, child, budget)
                written = gives[id(child), inner]
                if written is None or block in written:
                    doubted.append(inner)
            if doubted:
                inner_expr, inner_path = child.outputs[doubted[0]]
                said = self._output_why(child, doubted[0], inner_expr, inner_path, block, gives, budget)
                if len(doubted) == 1:
                    return f"gives a module whole, whose output `{doubted[0]}` {said}"
                others = ", ".join(f"`{inner}`" for inner in doubted[1:])
                return (
                    f"gives a module whole, whose outputs `{doubted[0]}` (and {others}) may give it: `{doubted[0]}` "
                    + said
                )
        return causes.why(self.evaluator, expr, Scope(module, path))

    def _with_outputs(self, value: Any, seen: frozenset[int] = frozenset()) -> Any:
        """The value with each module call in it (`output "vpc" { value = module.vpc }`, a ModuleRef) replaced by
        the map of its outputs' values, as Terraform gives the object: what those name (`nat_public_ips`), the
        output gives out too. A module already being read is not read again (its outputs naming it)."""
        if isinstance(value, ModuleRef):
            if id(value.module) in seen:
                return UNKNOWN
            inner = seen | {id(value.module)}
            return {
                name: self._with_outputs(self.evaluator.output(value.module, name), inner)
                for name in value.module.outputs
            }
        if isinstance(value, dict):
            return {key: self._with_outputs(item, seen) for key, item in value.items()}
        if isinstance(value, list):
            return [self._with_outputs(item, seen) for item in value]
        return value


def _written_addresses(run: Run, expr: Expr, module: Module, budget: list[int]) -> set[str] | None:
    """The resources (addresses without instance keys) an output whose value cannot be known (or an argument) may
    give out of the run, as `mapper.output_addresses` counts them (a NAT gateway by its address, not its id): those
    its expression refers to, followed through locals, a called module's outputs (`module.vpc.nat_public_ips`, its
    value `aws_nat_gateway.this[*].public_ip` of a count that cannot be known) and a child module's inputs. What it
    reads them through (a condition, a splat, a function) is not weighed: any of them may be in it. None past
    `budget`, the expressions left to read in the run (decreased): what it refers to cannot be told."""
    found: set[str] = set()
    pending, seen = [(expr, module)], set[tuple[int, int]]()
    while pending:
        item, where = pending.pop()
        if (id(item), id(where)) in seen:
            continue
        if budget[0] <= 0:
            return None
        budget[0] -= 1
        seen.add((id(item), id(where)))
        names, inner = _reference(item)
        if names[:1] == ["local"] and len(names) >= 2 and names[1] in where.locals:
            pending.append((where.locals[names[1]][0], where))
        elif names[:1] == ["var"] and len(names) >= 2 and where.parent is not None and names[1] in where.input_exprs:
            given, outer = where.input_exprs[names[1]]
            pending.append((given, outer.module))
        elif names[:1] == ["module"] and len(names) >= 2:
            for child in _called(run.module_value(where, names[1])):
                outputs = [child.outputs[names[2]]] if len(names) > 2 and names[2] in child.outputs else []
                pending.extend((out, child) for out, _ in outputs or ([] if len(names) > 2 else child.outputs.values()))
        elif len(names) >= 2 and names[0] not in _NOT_RESOURCES:
            address = ".".join(names[:2])
            if mapper.exposes(address, names[2] if len(names) > 2 else None):
                found.add(_INSTANCE_KEYS.sub("", where.prefix) + address)
        pending.extend((part, where) for part in inner)
    return found


#: Resources whose address others rely on (`Run.name_unknown_counts`).
_ADDRESSED = frozenset({"aws_eip", "aws_nat_gateway"})


#: The most expressions `_written_addresses` reads for a run's outputs, and again for what names its Elastic IPs and
#: NAT gateways of an unknown count (modules' outputs naming each other, locals of locals).
_WALK_BUDGET = 100_000

#: Said of a root output whose walk `_WALK_BUDGET` ends: what it may give, lambda6lint did not follow to the end.
_PAST_BUDGET = f" (and it refers to more than the {_WALK_BUDGET:,} expressions lambda6lint follows)"


def _reference(expr: Expr) -> tuple[list[str], list[Expr]]:
    """A reference's names from its root (`aws_nat_gateway.this[0].public_ip`, a splat's first attribute too:
    `aws_nat_gateway.this[*].public_ip`), with the expressions it holds that are no part of it (its indexes, a
    splat's later steps); ([], its parts) for anything else."""
    item, first, inner = expr, [], []
    if expr.kind == "splat":
        ops = tuple(expr.args[1])
        item, inner = expr.args[0], [op[1] for op in ops if isinstance(op[1], Expr)]
        first = [str(ops[0][1])] if ops and ops[0][0] == "attr" else []
    names: list[str] = []
    while item.kind in ("attr", "index"):
        if item.kind == "attr":
            names.append(str(item.args[1]))
        else:
            inner += [arg for arg in item.args[1:] if isinstance(arg, Expr)]
        item = item.args[0]
    if item.kind != "ref":
        return [], causes.children(expr)
    return [item.args[0], *reversed(names), *first], inner


def _called(value: Any) -> list[Module]:
    """The module instances a `module.<name>` value holds (none where its count cannot be known: not read)."""
    values = value.values() if isinstance(value, dict) else value if isinstance(value, list) else [value]
    return [v.module for v in values if isinstance(v, ModuleRef)]


#: Roots of references that are not resources of the module.
_NOT_RESOURCES = frozenset({"var", "local", "module", "data", "count", "each", "path", "terraform", "self"})


def _names_subnets(name: str) -> bool:
    """An input or attribute name that places things in subnets (`subnet_ids`, `private_subnets`,
    `vpc_zone_identifier`), not one that names, tags or switches them (`private_subnet_tags`,
    `db_subnet_group_name`, `create_database_subnet_group`)."""
    if name == "vpc_zone_identifier":
        return True
    return (
        "subnet" in name
        and not name.endswith(("_tags", "_tag", "_suffix", "_name", "_names"))
        and not name.startswith(("create_", "enable_", "map_", "assign_"))
    )


#: How many maps and lists, one inside another, of one input's value `_unknown_subnets` looks into (a Batch module's
#: `compute_environments = {a = {compute_resources = {subnets = …}}}` is three): one value, not module levels.
_VALUE_NESTING = 8


def _unknown_subnets(value: Any, name: str, depth: int = 0) -> bool | None:
    """Whether `value`, given as `name`, holds subnets that cannot be known, however deep (a Batch
    module's `compute_environments = {a = {compute_resources = {subnets = var.subnets}}}`). None where that cannot
    be told: maps and lists past `_VALUE_NESTING` deep that hold a value that cannot be known are not looked into
    (nor is "no" said of them: what a module we cannot read makes may be in any subnet)."""
    if _names_subnets(name) and (value is UNKNOWN or (isinstance(value, list) and any(i is UNKNOWN for i in value))):
        return True
    if depth > _VALUE_NESTING:
        return None if isinstance(value, (dict, list)) and _holds_unknown(value) else False
    told: bool | None = False
    if isinstance(value, dict):
        for key, item in value.items():
            found = _unknown_subnets(item, str(key), depth + 1)
            if found:
                return True
            told = None if found is None else told
    elif isinstance(value, list):
        for item in value:
            found = _unknown_subnets(item, "", depth + 1) if isinstance(item, (dict, list)) else False
            if found:
                return True
            told = None if found is None else told
    return told


def _holds_unknown(value: Any) -> bool:
    """Whether a value holds one that cannot be known, at any depth (a walk of its parts, each once)."""
    pending = [value]
    while pending:
        item = pending.pop()
        if item is UNKNOWN:
            return True
        if isinstance(item, dict):
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
    return False


def _root_call(module: Module) -> Declared | None:
    """The call in the root module through which `module` is made (None for the root itself)."""
    call = None
    while module.parent is not None:
        call, module = module.call, module.parent
    return call


def _local(module: Module) -> bool:
    """Whether a module is the root or is loaded, call by call from the root, from a local path (`./net`)."""
    while module.parent is not None:
        source = module.call.block.attributes.get("source") if module.call is not None else None
        text = source.expr.args[0] if source is not None and source.expr.kind == "lit" else None
        if not (isinstance(text, str) and text.startswith(("./", "../"))):
            return False
        module = module.parent
    return True


def _whose(module: Module) -> str:
    """A module, said of a resource of another: `the root module's`, `module.net's`."""
    return f"{module.prefix.rstrip('.')}'s" if module.prefix else "the root module's"


def _at(declared: Declared) -> Location:
    return Location(declared.path, declared.block.line, declared.block.column)


def _thunk(evaluator: Evaluator, expr: Any, scope: Scope) -> Callable[[], Any]:
    return lambda: evaluator.eval(expr, scope)


def _naming(evaluator: Evaluator, expr: Any, scope: Scope) -> Callable[[], Any]:
    """An input's value with what its parts may name (`aws_route_table.private[count.index].id` of an
    instance whose `count.index` cannot be known: each of the tables)."""
    return lambda: [evaluator.eval(expr, scope), *causes.named(evaluator, expr, scope, instances=True)]


def root_inputs(
    folder: str,
    options: Any,
    errors: list[tuple[Location, str]],
    tree: str = "",
    origins: dict[str, str] | None = None,
    unread: dict[str, list[str]] | None = None,
) -> dict[str, Callable[[], Any]]:
    """Variable values in Terraform's precedence: tfvars, auto.tfvars, --var-file, --var (last wins),
    and in `origins` where each was set; in `unread`, the names the folder's other var files set
    (`prod.tfvars`: Terraform reads one only when named), to say which file decides a variable left unset.

    The folder's own tfvars files are held to `tree`; --var-file and the settings file's
    `var-files` were checked where they were named (config.py).
    """
    values: dict[str, Any] = {}
    origins = {} if origins is None else origins
    files = [os.path.join(folder, "terraform.tfvars"), os.path.join(folder, "terraform.tfvars.json")]
    with contextlib.suppress(OSError):
        auto = (n for n in os.listdir(folder) if n.endswith((".auto.tfvars", ".auto.tfvars.json")))
        files += sorted(os.path.join(folder, n) for n in auto)
    files = [f for f in files if confine.inside(f, tree or confine.tree_of(folder)) is not None]
    files += list(getattr(options, "tf_var_files", ()) or ())
    for path in files:
        if not os.path.isfile(path):
            continue
        found, error = _variables(path)
        if error is not None:
            errors.append(error)
            continue
        values.update(found)
        origins.update(dict.fromkeys(found, os.path.basename(path)))
    for name, raw in (getattr(options, "tf_vars", None) or {}).items():
        values[name] = _cli_value(raw)
        origins[name] = "--var"
    if unread is not None:
        _unread_var_files(folder, tree, {os.path.realpath(f) for f in files}, unread)
    return {name: constant(value) for name, value in values.items()}


def _unread_var_files(folder: str, tree: str, read: set[str], unread: dict[str, list[str]]) -> None:
    """The names each var file of `folder` that Terraform does not read by itself sets (`prod.tfvars`,
    `default.tfvars` a wrapper passes), and that this run did not read either. They are read up to
    `MAX_UNREAD_BYTES` in all, by name (a file of 1 MB takes seconds to parse: a folder of a thousand had a run
    parse them all); those past it are not read, and a fix says nothing of them."""
    budget = MAX_UNREAD_BYTES
    with contextlib.suppress(OSError):
        for name in sorted(os.listdir(folder)):
            path = os.path.join(folder, name)
            if (
                not name.endswith((".tfvars", ".tfvars.json"))
                or name.endswith((".auto.tfvars", ".auto.tfvars.json"))
                or name in ("terraform.tfvars", "terraform.tfvars.json")
                or os.path.realpath(path) in read
                or not os.path.isfile(path)
                or confine.inside(path, tree or confine.tree_of(folder)) is None
            ):
                continue
            with contextlib.suppress(OSError):
                size = os.stat(path).st_size
                if size > budget:
                    continue
                budget -= max(size, 1)
                found, error = _variables(path)
                for variable in found if error is None else ():
                    unread.setdefault(variable, []).append(path)


_VARIABLES = Recent(MAX_TF_BYTES)  # a --var-file every root of a run reads (a settings file's too)


def _variables(path: str) -> tuple[dict[str, Any], tuple[Location, str] | None]:
    """The values a variable file sets, or why it cannot be read; once while it is among the files
    read last: one file of 1 MB that 100 roots read took 170 s, parsed for each."""
    return _VARIABLES.once(path, _read_variables)  # type: ignore[no-any-return]


def _read_variables(path: str) -> tuple[str, tuple[dict[str, Any], tuple[Location, str] | None]]:
    text, found, error = "", {}, None
    try:
        # (an empty .tfvars sets nothing, as Terraform reads it; an empty .tfvars.json is not JSON)
        text = read_source(path, MAX_TF_BYTES, what="variable files", empty_ok=not path.endswith(".json"))
        if path.endswith(".json"):
            try:
                loaded = json.loads(text)
            except (ValueError, RecursionError) as exc:
                raise InputError(f"not valid JSON: {shown_error(exc)}") from None
            found = loaded if isinstance(loaded, dict) else {}
        else:
            found = {name: literal_value(attr.expr) for name, attr in parse(text).attributes.items()}
    except (HclError, InputError) as exc:
        error = (Location(path, exc.line, exc.column), exc.message)
    return text, (found, error)


def constant(value: Any) -> Callable[[], Any]:
    return lambda: value


def _cli_value(raw: str) -> Any:
    """`--var name=value`: an HCL literal when it parses as one (true, 3, ["a"]), else the text."""
    try:
        body = parse(f"v = {raw}\n")
    except HclError:
        return raw
    attr = body.attributes.get("v")
    value = literal_value(attr.expr) if attr is not None else UNKNOWN
    return raw if value is UNKNOWN or (attr is not None and attr.expr.kind == "ref") else value


def _own_switch(switch: Switch, installed_by: Declared, module: Module) -> bool:
    """Whether the switch of a resource in an installed module is set in the repository's code: a root variable
    (its default, a tfvars file, --var) or the input of the call that installed it, not a local or a call inside
    the installed code."""
    if switch.local or switch.source is None:
        return False
    if not switch.source.startswith((causes.CALL_INPUT, causes.CALL_DEFAULT)):
        return True
    call = switch.source.removeprefix(causes.CALL_INPUT).removeprefix(causes.CALL_DEFAULT)
    return call == causes.call_place(installed_by, module)


def _own_flag(where: str, installed_by: Declared, module: Module) -> bool:
    """Whether a flag of a resource in an installed module (`causes.flag_set_at`'s place) is the input of the call
    in the repository that installed it, as `_own_switch` asks of a switch."""
    if not where.startswith((causes.CALL_INPUT, causes.CALL_DEFAULT)):
        return False
    return where.removeprefix(causes.CALL_INPUT).removeprefix(causes.CALL_DEFAULT) == causes.call_place(
        installed_by, module
    )


def _vpc_ipv6_where(
    found: tuple[str, str] | None, reads: str = "the VPC's assign_generated_ipv6_cidr_block"
) -> dict[str, str]:
    """How an `aws_vpc` whose `assign_generated_ipv6_cidr_block` is a variable alone gets its IPv6 block (`vpc_ipv6`,
    and the migration's step): that variable made true where its value is set (`found`, `causes.set_at`), not the
    argument, which reads it still, and which in a module the caller gives the input to is not where the value is
    decided; none (the vocabulary's words) where that place cannot be told."""
    how = causes.made_true(found, reads)
    return {} if how is None else {"vpc_ipv6": how, "step:vpc-ipv6": f"set {how}"}


def _ipv6_follows(block: Block, module: Module) -> tuple[str, str] | None:
    """Where the value is set that an `aws_subnet`'s `ipv6_cidr_block = var.x ? cidrsubnet(…) : null` follows
    (`causes.expr_set_at` of `var.x`): made true there, the subnet gets its /64; None for anything else."""
    attr = block.attributes.get("ipv6_cidr_block")
    if attr is None or attr.expr.kind != "cond":
        return None
    test, yes, no = attr.expr.args
    if not (no.kind == "lit" and no.args[0] is None and yes.kind == "call" and yes.args[0] == "cidrsubnet"):
        return None
    return causes.expr_set_at(test, module)


def _subnets_following(flags: dict[str, tuple[str, str] | None], subnets: Any) -> None:
    """A subnet whose IPv6 CIDR follows the value its VPC's IPv6 flag does (`_ipv6_follows`): that value made true
    gives it its /64 too (E9602's fix then says the VPC's step alone: `ipv6_cidr_new` ""), and is how it gets one."""
    for found, inst, module in subnets:
        vpc = inst.attrs.get("vpc_id") if isinstance(inst.attrs, dict) else None
        if found is not None and isinstance(vpc, Link) and vpc.address in flags and flags[vpc.address] == found:
            how = _vpc_ipv6_where(found, "its ipv6_cidr_block")
            said = {
                "ipv6_cidr": how["vpc_ipv6"],
                "step:subnet-ipv6": how["step:vpc-ipv6"],
                "ipv6_cidr_new": "",  # (the VPC's step gives it its /64)
            }
            inst.hints.update(causes.through_call(said, module.prefix))


def _installed_note(call: Declared) -> str:
    """What a finding on a resource of a module `terraform init` installed adds: where to change it."""
    source = call.block.attributes.get("source")
    text = source.expr.args[0] if source is not None and source.expr.kind == "lit" else None
    named = f" (`{clipped(str(text), 80)}`)" if isinstance(text, str) else ""
    return (
        f"It is made by module `{clipped(call.block.labels[0] if call.block.labels else '?', 40)}`{named}, which "
        "`terraform init` installed in .terraform/: change it through that module's inputs or version."
    )


def budget_errors(run: Run) -> list[tuple[Location, str]]:
    """The first budget limit the run reached, as an input error: why some values are unknown."""
    budget = run.evaluator.budget
    if budget.reason is None:
        return []
    where = budget.where or Location(next(iter(run.files), run.root))
    return [(where, f"Terraform evaluation budget exceeded ({budget.reason}): what depends on it is unknown")]


def load_module(source: Any, options: Any) -> Loaded:
    """A `terraform-module` source: the folder's module with everything it calls. A root that reads another
    root's state (`terraform_remote_state`) is linked with the roots of the run (remote.py), as is one whose
    backend another may read: it is also built alone, which the link replaces when it reads it."""
    tree = getattr(source, "tree", "") or confine.tree_of(source.path)
    handed: dict[str, bytes | tuple[bytes, confine.Identity]] = dict(getattr(source, "files_read", ()))
    handed.update((path, (head, known)) for path, head, known in getattr(source, "heads", ()))
    loaded, run, root, piece = evaluate(source.path, options, tree, handed=handed)
    reads = any(key.startswith("terraform_remote_state.") for module in run.modules for key in module.data)
    writes = (
        remote.written(
            source.path, run.parse_folder(source.path), run.evaluator, root, bool(run.unparsed.get(source.path))
        )
        if run.files
        else None
    )
    if reads or writes is not None:
        loaded.pending.append(remote.Root(source.path, tree, options, reads, writes))
        loaded.link = link
    if piece is not None and not reads:
        loaded.built.append(piece)
    return loaded


def link(roots: list[remote.Root]) -> list[tuple[Template, list]]:
    """`Loaded.link` of the roots that read or write a state (remote.py): linked together."""
    return remote.link(roots, evaluate)


def evaluate(
    folder: str, options: Any, tree: str, resolver: Any = None, handed: Handed | None = None
) -> tuple[Loaded, Run, Module, tuple[Template, list] | None]:
    """A root module evaluated: what the engine keeps of it, its run, root module and piece (None without
    files); `resolver` reads other roots' states (remote.py); `handed`: `Run.handed`."""
    run = Run(folder, options, tree, handed)
    run.remote = resolver
    errors: list[tuple[Location, str]] = []
    origins: dict[str, str] = {}
    unread: dict[str, list[str]] = {}
    inputs = root_inputs(folder, options, errors, tree, origins, unread)
    root = run.root_module(folder, inputs)
    root.origins, root.unread_vars = origins, unread
    instances = run.instances(root)
    template = run.template
    template.region = run.provider_regions(root).get(("aws", ""))
    template.regions = {a: r for a, r in run.regions.items() if r != template.region}
    template.unattached = run.unattached
    try:
        template.open_because = run.open_ids()
        template.open = set(template.open_because)
        template.in_outputs, template.maybe_in_outputs = run.output_ids(root, instances)
    except RecursionError:
        template.open, template.in_outputs, template.maybe_in_outputs = set(), set(), {}
    ev = run.evaluator
    tagged = any(
        b.children("default_tags")
        for m in run.modules
        for _, body in run.parse_folder(m.folder)
        for b in body.children("provider")
    )
    tagging = (
        tuple(
            tagging_provider(name, alias, "", at)
            for m in run.modules
            for (name, alias), at in run.tagging_providers(m).items()
        )
        if tagged
        else ()
    )
    resources = mapper.build(
        template, instances, (ev.picked, ev.picked_at), resolver.resource if resolver else None, tagged, tagging
    )
    piece = (template, resources) if run.files else None
    callees = list(dict.fromkeys(run.realpath(m.folder) for m in run.modules if m is not root))
    declares = [name for name in getattr(options, "tf_vars", None) or {} if name in root.variables]
    loaded = Loaded(
        files=list(run.files),
        errors=errors + run.errors + budget_errors(run),
        callees=callees,
        declares=declares,
        included=list(run.read_files),
    )
    return loaded, run, root, piece


def _prevents_destroy(block: Block) -> bool:
    """`lifecycle { prevent_destroy = true }`: Terraform refuses a plan that destroys the resource (the
    argument must be a literal)."""
    for lifecycle in block.children("lifecycle"):
        attr = lifecycle.attributes.get("prevent_destroy")
        if attr is not None and attr.expr.kind == "lit" and attr.expr.args[0] is True:
            return True
    return False


def _provider_named(expr: Any) -> tuple[str, str] | None:
    """(local name, alias) of a provider reference (`aws`, `aws.west`, a providers map's key `"aws"`), else None."""
    if expr.kind == "ref" or (expr.kind == "lit" and isinstance(expr.args[0], str) and "." not in expr.args[0]):
        return (str(expr.args[0]), "")
    if expr.kind == "lit" and isinstance(expr.args[0], str):
        name, _, alias = expr.args[0].partition(".")
        return (name, alias)
    if expr.kind == "attr" and expr.args[0].kind == "ref":
        return (str(expr.args[0].args[0]), str(expr.args[1]))
    return None


def _provider_of(declared: Declared) -> tuple[str, str]:
    """The provider configuration a resource block uses: its `provider` argument's, else its type's default."""
    attr = declared.block.attributes.get("provider")
    named = _provider_named(attr.expr) if attr is not None else None
    if named is not None:
        return named
    return (declared.block.labels[0].split("_", 1)[0] if declared.block.labels else "aws", "")


def _aws_entry(name: str, value: Any) -> bool:
    """Whether a required_providers entry is the AWS provider's (hashicorp/aws)."""
    return is_aws_source(name, value.get("source") if isinstance(value, dict) else None)
