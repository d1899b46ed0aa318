"""The run: sources → templates → one Network → rules → findings (then `filters`: suppressions, baseline).

Rules are discovered from the `lambda6lint.rules` package: adding a rule means adding a module.
Input problems become E9600 findings; they never stop the other files from being linted. Neither
does a bug: any exception while loading or building one source, or in one rule, is an E9600
("internal error …: <type>"), so the run ends with exit status 2 and the rest is still reported.
"""

from __future__ import annotations

import gc
import importlib
import pkgutil
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING

from lambda6lint import discover as discovery
from lambda6lint import filters
from lambda6lint.findings import INPUT_ERROR, RANK, Finding, Rule
from lambda6lint.loaders import Document, Loaded
from lambda6lint.loaders import terraform as tfentry
from lambda6lint.loaders.cloudformation import cdk
from lambda6lint.loaders.cloudformation import mapper as cloudformation
from lambda6lint.loaders.common.marked import InputError, load_text, read_source
from lambda6lint.model import Location, Resource, Template
from lambda6lint.network import Network
from lambda6lint.pricing import DEFAULT_PRICES, Prices

if TYPE_CHECKING:
    from lambda6lint.baseline import Baseline


@cache
def registry() -> tuple[Rule, ...]:
    """Every rule of the catalog, ordered by id."""
    import lambda6lint.rules as package

    found = []
    for info in pkgutil.iter_modules(package.__path__):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        rule = getattr(module, "rule", None)
        if isinstance(rule, Rule):
            found.append(rule)
    ids = [r.id[1:] for r in found]
    if len(set(ids)) != len(ids):
        raise RuntimeError(f"duplicate rule numbers in the catalog: {sorted(ids)}")
    return tuple(sorted(found, key=lambda r: r.id[1:]))


def rule_by_id(rule_id: str) -> Rule:
    return next(r for r in registry() if r.id == rule_id)


@dataclass
class Options:
    select: Sequence[str] = ()
    ignore: Sequence[str] = ()
    only_templates: bool = False  # treat named files like files found in a folder walk
    prices: Prices = DEFAULT_PRICES
    tf_var_files: Sequence[str] = ()  # Terraform: extra .tfvars files (after terraform.tfvars, *.auto.tfvars)
    tf_vars: dict[str, str] = field(default_factory=dict)  # Terraform: --var name=value, highest precedence
    tf_dir: str | None = None  # Terraform plan: the folder of the .tf files it was made from
    severity: Mapping[str, str] = field(default_factory=dict)  # rule id/name/prefix → error|warning|note
    exclude: Sequence[str] = ()  # globs of files and folders not linted (config.path_matches)
    per_path_ignores: Mapping[str, Sequence[str]] = field(default_factory=dict)  # glob → rules ignored there
    root: str = ""  # the folder `exclude` and `per_path_ignores` globs are relative to (default: cwd)
    baseline: Baseline | None = None  # findings recorded there are not reported


@dataclass
class Result:
    findings: list[Finding] = field(default_factory=list)
    files: list[str] = field(default_factory=list)  # files linted as infrastructure code
    errors: list[Finding] = field(default_factory=list)  # E9600 findings (also in `findings`)
    baselined: int = 0  # findings left out because the baseline records them

    def count(self, at_least: str) -> int:
        """Unsuppressed findings at or above a severity."""
        floor = RANK[at_least]
        return sum(1 for f in self.findings if not f.suppressed and RANK[f.severity] >= floor)


def load_template(source: discovery.Source, options: Options) -> Loaded:
    """A CloudFormation/SAM file; empty when it is not infrastructure code, InputError when it is but is broken."""
    sniff = not source.explicit or options.only_templates
    if sniff and not discovery.looks_like_template(source.path):
        return Loaded()
    text = read_source(source.path)
    doc = load_text(text)
    if not cloudformation.looks_like_template(doc):
        if doc is None and not sniff:
            raise InputError("empty document")
        return Loaded()
    return Loaded(documents=[Document(source.path, doc, text=text)], files=[source.path])


#: One loader per source kind; a kind without a loader is not linted (yet).
LOADERS: dict[str, Callable[[discovery.Source, Options], Loaded]] = {
    discovery.TEMPLATE: load_template,
    discovery.TERRAFORM_MODULE: tfentry.load_module,
    discovery.TERRAFORM_PLAN: tfentry.load_plan,
    discovery.CDK_ASSEMBLY: cdk.load_assembly,
}


_KIND_NAMES = {
    discovery.TEMPLATE: "this template",
    discovery.CDK_ASSEMBLY: "this CDK cloud assembly",
    discovery.TERRAFORM_MODULE: "this Terraform module",
    discovery.TERRAFORM_PLAN: "this Terraform plan",
}


def _failure(exc: Exception, what: str) -> str:
    """The E9600 message for an exception that is not an InputError."""
    if isinstance(exc, RecursionError):
        return "nested too deeply"
    return f"internal error while reading {what}: {type(exc).__name__} (a bug in lambda6lint: please report it)"


def _build(documents: list[Document], report: Callable[[Location, str], None]) -> list[tuple[Template, list[Resource]]]:
    """`cloudformation.build`, where a template that cannot be built is reported and the others still are."""
    try:
        return cloudformation.build(documents)
    except Exception:  # noqa: BLE001 - find the template at fault, below
        pass
    good = []
    for document in documents:
        try:
            cloudformation.build([document])
            good.append(document)
        except InputError as exc:
            report(Location(exc.path or document.path, exc.line, exc.column), exc.message)
        except Exception as exc:  # noqa: BLE001 - one bad template never stops the others
            report(Location(document.path), _failure(exc, "this template"))
    try:
        return cloudformation.build(good)
    except Exception as exc:  # noqa: BLE001 - each builds alone but not together: lose the links, not the findings
        if good:
            report(Location(good[0].path), _failure(exc, "the templates linked with this one"))
        return [built for document in good for built in cloudformation.build([document])]


def lint(paths: Iterable[str], options: Options | None = None) -> Result:
    options = options or Options()
    paths = list(paths)
    result = Result()
    documents: list[Document] = []
    templates: list[Template] = []
    resources: list[Resource] = []
    error_rule = rule_by_id(INPUT_ERROR)

    def input_error(where: Location, message: str) -> None:
        result.errors.append(error_rule.finding(None, f"cannot lint this file: {message}", where))

    gc_was_enabled = gc.isenabled()
    gc.disable()  # the loaders build many small containers; cyclic GC only slows them (libs.md §2.2)
    try:
        for source in discovery.discover(paths):
            loader = LOADERS.get(source.kind)
            if loader is None or filters.excluded(source.path, options):
                continue
            try:
                loaded = loader(source, options)
            except InputError as exc:
                input_error(Location(exc.path or source.path, exc.line, exc.column), exc.message)
                continue
            except Exception as exc:  # noqa: BLE001 - one bad source never stops the run (exit 2 via E9600)
                input_error(Location(source.path), _failure(exc, _KIND_NAMES.get(source.kind, "it")))
                continue
            for where, message in loaded.errors:
                input_error(where, message)
            for document in loaded.documents:
                if cloudformation.standalone(document):  # built now, so its parse tree can go
                    loaded.built.extend(_build([document], input_error))
                else:
                    documents.append(document)
            for template, found in loaded.built:
                templates.append(template)
                resources.extend(found)
            result.files.extend(loaded.files)
        for template, found in _build(documents, input_error):
            templates.append(template)
            resources.extend(found)
    finally:
        if gc_was_enabled:
            gc.enable()
    findings = list(result.errors)
    where = Location(result.files[0] if result.files else (paths or ["."])[0])
    try:
        network = Network(resources, templates, prices=options.prices)
    except Exception as exc:  # noqa: BLE001 - no graph, no rule: say so rather than crash
        findings.append(error_rule.finding(None, f"cannot lint: {_failure(exc, 'the resource graph')}", where))
        network = Network([], [], prices=options.prices)
    for rule in registry():
        if rule.check is None or not filters.selected(rule, options):
            continue
        try:
            findings.extend(rule.check(network))
        except Exception as exc:  # noqa: BLE001 - one rule's bug never hides the others' findings
            message = f"cannot lint: internal error in rule {rule.id}: {type(exc).__name__}; its findings are missing"
            findings.append(error_rule.finding(None, message, where))
    result.findings = sorted((f for f in findings if filters.selected(f.rule, options)), key=Finding.sort_key)
    filters.apply(result, options)
    return result
