"""The run: sources → loaders → the graph → rules → findings (then `filters`: suppressions, baseline).

The engine only orchestrates: which loader reads a source, and which sources must be linked with
each other, is the loaders' business (loaders/__init__.py); what a finding means is the rules'.
Templates that link with no other are checked a batch at a time, here or in worker processes
(`--jobs`, workers.py), so memory stays flat (checking.py); a plan (`Options.plan`) draws from one
graph of the whole run instead. Input problems become E9600 findings; they never stop the other
files from being linted. Neither does a bug: any exception while loading or linking one source, or
in one rule, is an E9600 ("internal error …: <type>"), so the run ends with exit status 2 and the
rest is still reported.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from functools import lru_cache

from lambda6lint import confine, filters, workers
from lambda6lint import discover as discovery
from lambda6lint.checking import Batches, Checked, check, failure, in_order
from lambda6lint.explain import Undecided
from lambda6lint.findings import INPUT_ERROR, RANK, Finding
from lambda6lint.loaders import Piece, of_a_part
from lambda6lint.loaders.common.errors import InputError
from lambda6lint.model import ROOT_CALL, Location, Template
from lambda6lint.options import Options
from lambda6lint.paths import portable, project_root
from lambda6lint.records import bare, dataclass, field
from lambda6lint.registry import registry, rule_by_id

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, TypeVar

    from lambda6lint.network import Network
    from lambda6lint.plan import Plan

    T = TypeVar("T")

__all__ = ["INPUT_ERROR", "Options", "Result", "lint", "registry", "rule_by_id"]


@dataclass
class Result:
    findings: list[Finding] = field(default_factory=list)
    files: list[str] = field(default_factory=list)  # files linted as infrastructure code
    errors: list[Finding] = field(default_factory=list)  # E9600 findings (also in `findings`)
    baselined: int = 0  # findings left out because the baseline records them
    undecided: list[Undecided] = field(default_factory=list)  # what rules needed and could not know
    sources: dict[str, int] = field(default_factory=dict)  # source kind (discover.py) → how many were linted
    excluded: int = 0  # sources left out by `exclude`
    network: Network | None = field(default=None, repr=False)  # the graph the rules ran on
    #: What the NAT gateways cost and which could go (diagrams: `diagram.draw`); built when the run has a NAT
    #: gateway or was asked for a plan (`Options.plan`).
    plan: Plan | None = None
    severity: Mapping[str, str] = field(default_factory=dict)  # the run's overrides (`Options.severity`)
    #: What the user should know that is no finding: suppressions that name no rule (filters.py), a plan made
    #: from other code than the .tf beside it (loaders), a file named on the command line that is not linted.
    warnings: list[tuple[Location, str]] = field(default_factory=list)
    #: What to lint instead of the build tools' files named or found and not linted (a Serverless Framework
    #: service, a CDK app's cdk.json): the "nothing found" error says it.
    built: list[str] = field(default_factory=list)
    #: The names of `--parameter`/`--var` values (settings' too) a root template or module of the run declares,
    #: and `parameters.CONFIG_ENV` when a samconfig beside a template has `--config-env`'s environment.
    declared: set[str] = field(default_factory=set)

    def count(self, at_least: str) -> int:
        """Unsuppressed findings at or above a severity."""
        floor = RANK[at_least]
        return sum(1 for f in self.findings if not f.suppressed and RANK[f.severity] >= floor)


def _link(
    link: Callable[[list[Any]], list[Piece]], parsed: list[Any], report: Callable[[Location, str], None]
) -> list[Piece]:
    """`link(parsed)`, where a source that cannot be linked is reported and the others still are."""
    try:
        return link(parsed)
    except Exception:  # noqa: BLE001 - find the source at fault, below
        pass
    good = []
    for item in parsed:
        path = getattr(item, "path", ".")
        try:
            link([item])
            good.append(item)
        except InputError as exc:
            report(Location(exc.path or path, exc.line, exc.column), exc.message)
        except Exception as exc:  # noqa: BLE001 - one bad source never stops the others
            report(Location(path), failure(exc, "this template"))
    try:
        return link(good)
    except InputError as exc:  # a limit met only together (a nested stack building a value from its parent's)
        report(Location(str(exc.path or getattr(good[0], "path", ".")), exc.line, exc.column), exc.message)
    except Exception as exc:  # noqa: BLE001 - each links alone but not together: lose the links, not the findings
        if good:
            report(Location(getattr(good[0], "path", ".")), failure(exc, "the templates linked with this one"))
    return [piece for item in good for piece in link([item])]


def _called(template: Any, callees: set[str]) -> bool:
    """A Terraform root module that another root of the run calls as a module, or a template another
    reads as its nested stack (each linted there)."""
    return template.format in _CALLABLE and _real(template.path) in callees


_CALLABLE = frozenset({"terraform", "cloudformation", "sam"})
#: The kinds of source that are one file (named on the command line: said when it is not linted, `_passed_over`)
_FILES = frozenset({discovery.TEMPLATE, discovery.TERRAFORM_PLAN, discovery.JSON_FILE, discovery.JSON_TEMPLATE})
_JSON_KINDS = frozenset({discovery.TERRAFORM_PLAN, discovery.JSON_FILE})  # (what may be a plan's UI log)
#: Callers up a chain that a run lints as roots, one after another, for a staged module no call makes
_MAX_UNMADE_LEVELS = 64


def _nested_files(path: str, head: bytes) -> tuple[list[str], int]:
    """What a template names for pre-commit's caller scan (`discover.Nesting`): its loader reads it."""
    from lambda6lint.loaders.cloudformation import nested  # (only when a template is met)

    return nested.named_files(path, head)


def _value_files(options: Options) -> dict[str, tuple[str, ...]]:
    """The files of values the run reads (var files, parameter files), by real path, with the kinds of
    source their values reach: staged in a commit, one stands for those sources of its tree."""
    if not options.only_templates:
        return {}
    kinds: dict[str, tuple[str, ...]] = {}
    for path in options.tf_var_files:
        kinds[os.path.realpath(path)] = (discovery.TERRAFORM_MODULE, discovery.UNLISTABLE)
    for path in options.parameter_files:
        known = kinds.get(os.path.realpath(path), ())
        kinds[os.path.realpath(path)] = (*known, discovery.TEMPLATE, discovery.CDK_ASSEMBLY, discovery.UNLISTABLE)
    return kinds


@lru_cache(maxsize=4096)  # one per Terraform root or template, asked for each of its findings
def _real(path: str) -> str:
    return confine.real_path(path)


def _drop_called(checked: Checked, callees: set[str]) -> None:
    """What the folder walk found in module folders linted as roots that another root already calls,
    or in templates linted alone that a parent reads as its nested stack: the same resources under a
    second address, or without what the parent passes (input errors stay: they are the file's own).
    Only for what was checked alone: a nested stack's own copy is linked (mapper.build keeps it)."""
    checked.findings = [
        f
        for f in checked.findings
        if f.rule.id == INPUT_ERROR or f.resource_obj is None or not _called(f.resource_obj.template, callees)
    ]
    for part in checked.undecided:
        part[:] = [u for u in part if not _called(u.subject.template, callees)]
    if checked.plan is not None:
        checked.plan.drop(lambda res: _called(res.template, callees))


def _once(items: Iterable[T], key: Callable[[T], tuple[object, ...]]) -> list[T]:
    """Each item once by `key` (the first is kept)."""
    seen: set[tuple[object, ...]] = set()
    out = []
    for item in items:
        k = key(item)
        if k not in seen:
            seen.add(k)
            out.append(item)
    return out


def _finding_key(f: Finding) -> tuple[object, ...]:
    where = f.location  # its fields, not the record: hashing them is C's work, the record's is Python's
    ignored = f.resource_obj.suppress if f.resource_obj is not None else None  # (one root's call may ignore it)
    ignoring = [pattern for pattern in ignored if f.rule.matches([pattern])] if ignored else ()
    return (f.rule.id, where.path, where.line, where.column, f.message, f.resource, f.key, *ignoring)


def _unknown_key(u: Undecided) -> tuple[object, ...]:
    subject, where = u.subject.location, u.location
    return (u.subject.id, subject.path, subject.line, where.path, where.line, where.column, u.fact, u.cause)


def _distinct(findings: Iterable[Finding], shared: set[str] | frozenset[str] = frozenset()) -> list[Finding]:
    """Each finding once: two Terraform roots that call one local module under one address find the
    same thing at the same line, in the same words. The one kept names each root's call of the module:
    each deploys what it finds (its NAT gateways, priced once in the message, are priced per root in the
    summary and the plan). In a module several roots call (`shared`, real folders), a finding only one
    root makes (its values differ, or another root ignores it) names that root too. A plan and its root's
    `.tf` files, linted together, are one root: a plan names no call."""
    kept: dict[tuple[object, ...], Finding] = {}
    for finding in findings:
        first = kept.setdefault(_finding_key(finding), finding)
        if first is not finding and (root := _root(first)) is not None and _root(finding) not in (None, root):
            _name_root(first, first)
            # what the twin points at in its own root's files (its function, under the same address)
            first.related.extend(r for r in finding.related if r not in first.related)
            _name_root(first, finding)
        elif first is finding and shared and _in_shared(finding, shared):
            _name_root(finding, finding)
    return list(kept.values())


def _in_shared(finding: Finding, shared: set[str] | frozenset[str]) -> bool:
    return _root(finding) is not None and _real(os.path.dirname(finding.location.path) or ".") in shared


def _name_root(kept: Finding, made: Finding) -> None:
    """`kept` names the call of the module through which a root made `made` (its twin, or itself)."""
    if (root := _root(made)) is None or made.resource_obj is None:
        return  # (the module's folder linted as a root of its own: no call to name)
    said = (made.resource_obj.marks[ROOT_CALL], f"made through root module {root}, which calls the module here")
    if said not in kept.related:
        kept.related.append(said)


def _root(finding: Finding) -> str | None:
    """The root module a finding on a local Terraform module's resource was made through."""
    res = finding.resource_obj
    return portable(res.template.path) if res is not None and ROOT_CALL in res.marks else None


def _distinct_unknowns(items: Iterable[Undecided]) -> list[Undecided]:
    """Each unknown once, as each finding: those roots see the module's unknowns under one address, and
    --explain listed them once per root."""
    return _once(items, _unknown_key)


def _passed_over(
    sources: list[discovery.Source], read: set[str], assemblies: list[str], options: Options
) -> list[tuple[Location, str]]:
    """A warning for each file named on the command line that was read well but is no template, CDK
    assembly, Terraform module or plan: in a run that lints other files it was passed over unsaid (alone,
    it is the "nothing found" error). None for a file the run read all the same (`read`: linted, nested,
    included, a SAM API's OpenAPI document; a local path a template names for `package`, not read; a var,
    parameter or baseline file), one in a CDK assembly the run lints (`cdk.out/*` names its `tree.json`), a
    samconfig beside its templates, or lambda6lint's own (`.lambda6lint.toml`, `.lambda6lint-baseline.json`)."""
    known = {_real(path) for path in (*options.tf_var_files, *options.parameter_files)}
    if options.baseline is not None and options.baseline.path:
        known.add(_real(options.baseline.path))
    # the `.serverless/` folders whose `serverless package` template the run linted: the service's file beside
    # one, and the rest of the framework's output in it (serverless-state.json, the functions' zips), are
    # linted as that template
    served = {os.path.dirname(f) for f in read if os.path.basename(os.path.dirname(f)) == ".serverless"}
    said = []
    for source in sources:
        real, name = _real(source.path), os.path.basename(source.path)
        if (
            real in read
            # (a file in a folder a template names for `package`: a function's code, `CodeUri: hello_world/`)
            or any(folder in read for folder in _folders_above(real))
            or (name.startswith("serverless.") and os.path.join(os.path.dirname(real), ".serverless") in served)
            or os.path.dirname(real) in served
            or real in known
            or name in discovery.SAMCONFIG_NAMES
            or name.startswith(".lambda6lint")
            # (a glob's catch in a folder a walk never enters: node_modules, .terraform, .venv, .aws-sam: thousands)
            or any(map(discovery.skipped_folder, os.path.normpath(source.path).split(os.sep)[:-1]))
            or any(real.startswith(os.path.join(folder, "")) for folder in assemblies)
            # (a CDK app beside the assembly it synthesizes, `cdk.out` or its `output` setting's folder)
            or (name == "cdk.json" and any(f.startswith(os.path.join(os.path.dirname(real), "")) for f in assemblies))
        ):
            continue
        said.append((Location(source.path), _not_linted(source.path)))
    return said


SERVERLESS_HINT = (
    "a Serverless Framework service is linted as the template `serverless package` writes, "
    ".serverless/cloudformation-template-update-stack.json"
)
CDK_HINT = "a CDK app is linted as the cloud assembly `cdk synth` writes, cdk.out"
STATE_HINT = (
    "{} is a Terraform state (`terraform show -json` without a plan file), not a plan: lint the output of "
    "`terraform show -json tfplan` after `terraform plan -out=tfplan`"
)
SAM_BUILD_HINT = (
    "{} is the template `sam build` writes, which a walk passes by: lint the template it was built from "
    "(template.yaml), or name the built one"
)
PLAN_LOG_HINT = (
    "{} is the log `terraform plan -json` writes, not a plan: lint the output of `terraform show -json tfplan` "
    "after `terraform plan -out=tfplan`"
)


def _built_from(path: str) -> str:
    """What to lint for a file whose functions, VPC settings and all are read only from what a tool writes
    from it (a Serverless Framework service, `serverless.yml`; a CDK app, `cdk.json`), so that a walk that
    meets one says so, as of a file named; "" for any other."""
    name = os.path.basename(path)
    if name.startswith("serverless.") and name.endswith((".yml", ".yaml", ".json")):
        return SERVERLESS_HINT
    return CDK_HINT if name == "cdk.json" else ""


def _folders_above(path: str) -> Iterator[str]:
    """The folders `path` lies in, nearest first."""
    folder = os.path.dirname(path)
    while folder and folder != path:
        yield folder
        path, folder = folder, os.path.dirname(folder)


#: The kinds of source that stand for the top of a chain (pre-commit), handed what the caller scan read of the chain.
_CHAINS = frozenset({discovery.TEMPLATE, discovery.TERRAFORM_MODULE})


#: What a top was handed of a file of its chain (`_keep_unmade`): its bytes, or its first bytes and identity then.
_Spare = dict[str, "bytes | tuple[bytes, confine.Identity]"]


def _keep_unmade(source: discovery.Source, callees: Iterable[str], spare: _Spare) -> None:
    """Into `spare`, what `source`, a top, was handed of the files below it on its chain that its loader made no
    call of (a nested template, a module folder's `.tf` file: `callees`): whole, or their first bytes."""
    made = {*callees, _real(source.path)}
    own = os.path.abspath(source.path)
    handed: list[tuple[str, bytes | tuple[bytes, confine.Identity]]] = [*source.files_read]
    handed += [(path, (head, known)) for path, head, known in source.heads]
    for path, data in handed:
        if path != own and path not in made and os.path.dirname(path) not in made:
            spare[path] = data


def _with_spare(top: discovery.Source, spare: _Spare) -> discovery.Source:
    """`top`, found in a later round, handed what `spare` holds (its own bytes too, for a template's loader)."""
    if not spare:
        return top
    read = tuple((path, data) for path, data in spare.items() if isinstance(data, bytes))
    heads = tuple((path, *data) for path, data in spare.items() if not isinstance(data, bytes))
    if top.kind == discovery.TEMPLATE and isinstance(own := spare.get(_real(top.path)), bytes):
        read = ((os.path.abspath(top.path), own), *read)
    return discovery.Source(top.path, top.kind, top.explicit, top.tree, top.walks, read, top.head, heads)


def _not_linted(path: str) -> str:
    """Why a file named on the command line that reads well is not linted, and what to name instead."""
    said = (
        "not linted: it is no CloudFormation or SAM template (no AWSTemplateFormatVersion, no Resources with AWS "
        "types), CDK cloud assembly, Terraform module or plan"
    )
    name = os.path.basename(path)
    if name.startswith("serverless.") or os.path.basename(os.path.dirname(os.path.abspath(path))) == ".serverless":
        said += f"; {SERVERLESS_HINT}"
    elif name == "cdk.json":
        said += f"; {CDK_HINT}"
    elif name.endswith((".tfvars", ".tfvars.json")):
        said += "; a var file's values are read with --var-file (terraform.tfvars and *.auto.tfvars by themselves)"
    return said


def lint(paths: Iterable[str], options: Options | None = None, *, plans: bool = True) -> Result:
    """What `paths` give: findings, errors, counts. Without `plans`, a `.json` file named is a template or nothing
    (the cfn-lint plug-in is handed templates: a Terraform plan is passed over unsaid, read once)."""
    options = options or Options()
    paths = list(paths)  # (walked, then looked in again when nothing was found: `discovery.sam_builds`)
    _real.cache_clear()  # (relative paths: another run, in another folder, meant other files)
    confine.forget()
    parameters = sys.modules.get("lambda6lint.loaders.cloudformation.parameters")  # (not imported: nothing kept)
    if parameters is not None:
        parameters.forget()
    if options.plan:
        options.jobs = 1  # the plan and its diagrams need one graph of the whole run
    result = Result(severity=options.severity)
    pending: dict[Callable, list] = {}  # link function → parsed sources it must join
    callees: set[str] = set()  # Terraform folders some root of the run calls as a module
    warned: list[tuple[Location, str]] = []  # what the loaders warn of
    declares: list[tuple[str, list[str]]] = []  # what each source declares of the values given by name
    error_rule = rule_by_id(INPUT_ERROR)
    batches = Batches(options, whole=options.plan)  # standalone pieces, checked a batch at a time
    # CDK stacks that link with nothing, checked a batch at a time as soon as built, though one graph of the run
    # lists them among the linked stacks: the rank each is handed with puts what it gives back there
    early = Batches(options, ranked=True)
    markers: dict[int, int] = {}  # id of what stands for such a stack among those to link → its rank
    stood_in: list[Template] = []  # (those stand-ins, by rank: their ids stay theirs)

    def hand(piece: Piece) -> Piece:
        """A CDK stack built alone is checked with the next ones (memory stays flat however many stacks an
        assembly has, issue #14); a template of no resource takes its place among the stacks to link."""
        template = piece[0]
        marker = bare(Template, path=template.path, format=template.format)  # (only these are read: `linked`)
        markers[id(marker)] = len(stood_in)
        early.add([piece], [len(stood_in)])
        stood_in.append(marker)
        return marker, []

    def excluded(path: str) -> bool:  # (a root calling a module pre-commit names)
        return filters.excluded(path, options)

    def input_error(where: Location, message: str) -> None:
        said = message if of_a_part(message) else f"cannot lint this file: {message}"
        result.errors.append(error_rule.finding(None, said, where))

    linted: set[str] = set()  # real paths of the sources loaded
    included: list[str] = []  # the files templates include, not linted on their own (snippets, OpenAPI documents)
    assemblies: list[str] = []  # real folders of the CDK assemblies loaded
    passed: list[discovery.Source] = []  # files named that their loader passed over: no infrastructure code
    walked_plans: list[str] = []  # JSON files a walk found that their loader read nothing from (a plan's UI log …)
    counted: list[tuple[str, str]] = []  # (real path, kind) of those that had files to lint
    callers_of: dict[str, set[str]] = {}  # real folder of a called module → the real roots calling it
    # (pre-commit) what a top's loader was handed of the files of its chain that no call made (`count = 0`), by real
    # path: the top a later round finds there (`standing`) reads them, not the files again; the made ones are not kept
    spare: _Spare = {}

    def take(sources: Iterable[discovery.Source]) -> None:
        nonlocal warned
        for source, loaded in workers.loaded(sources, options, batches, None if options.plan else hand):
            linted.add(_real(source.path))
            if loaded is None:
                result.excluded += 1
                continue
            if options.only_templates and source.kind in _CHAINS and (len(source.files_read) > 1 or source.heads):
                _keep_unmade(source, loaded.callees, spare)
            if source.kind == discovery.CDK_ASSEMBLY:
                assemblies.append(_real(source.path))
            elif (
                source.kind in _FILES
                and not (loaded.files or loaded.errors)
                and (source.explicit or _built_from(source.path))  # (a walk passes others over unsaid)
                and not (source.kind == discovery.JSON_TEMPLATE and loaded.kind == discovery.TERRAFORM_PLAN)
            ):  # (a plan where only templates count is passed over unsaid, as a walk passes a file that is none)
                passed.append(source)
            if source.kind in _JSON_KINDS and not (source.explicit or loaded.files or loaded.errors):
                walked_plans.append(source.path)
            included.extend(loaded.included)
            for where, message in loaded.errors:
                input_error(where, message)
            warned += loaded.warnings
            if loaded.pending and loaded.link is not None:
                pending.setdefault(loaded.link, []).extend(loaded.pending)
            if loaded.files:
                counted.append((_real(source.path), loaded.kind or source.kind))
            result.files.extend(loaded.files)
            callees.update(loaded.callees)
            for callee in loaded.callees:
                callers_of.setdefault(callee, set()).add(_real(source.path))
            if loaded.declares:
                declares.append((source.path, loaded.declares))

    gc_was_enabled = gc.isenabled()
    gc.disable()  # the loaders build many small containers; cyclic GC only slows them (libs.md §2.2)
    try:
        stood_for: list[discovery.Source] = []  # (pre-commit: staged modules and templates their callers stood for)
        calls: dict[str, dict[str, set[str]]] = {}
        values = _value_files(options)
        take(
            discovery.discover(paths, options.only_templates, excluded, values, stood_for, calls, _nested_files, plans)
        )
        # a caller's text named it, but no call made it (`count = 0`): a walk lints it as its own root, or
        # under a caller up its chain that nothing made either
        tried: set[discovery.Source] = set()
        for _ in range(_MAX_UNMADE_LEVELS):
            settled = callees | linted
            if not (stood := [s for s in dict.fromkeys(stood_for) if _real(s.path) not in settled]):
                break
            memo: dict[tuple[str, bool], dict[str, list[str]]] = {}  # (the tops above each module, this round)
            more = [t for s in stood for t in discovery.standing(s, calls, settled.__contains__, excluded, memo)]
            if not (fresh := [t for t in dict.fromkeys(more) if t not in tried]):
                break
            tried.update(fresh)
            take([_with_spare(top, spare) for top in fresh])
            stood_for = stood
        else:  # (each level takes a round: past the limit, what is left is linted alone)
            take(dict.fromkeys(s for s in stood_for if _real(s.path) not in callees | linted))
        spare.clear()
        standalone = batches.flush()
        linked: list[Piece] = [piece for link, parsed in pending.items() for piece in _link(link, parsed, input_error)]
        # (a Terraform root that reads another's state, which another root of the run calls as a module: linted there)
        linked = [p for p in linked if p[0].format != "terraform" or not _called(p[0], callees)]
        # (a Terraform root another reads the state of is linked with it: what it found alone goes)
        relinked = {_real(t.path) for t, _ in linked if t.format == "terraform"}
        alone = [p for p in batches.pieces if not _called(p[0], callees) and not _called(p[0], relinked)]
        together = alone + linked if options.plan else linked
        ranks = None
        if stood_in:  # (their places among the linked; a stack linked after all stood in none: `_build_alone`)
            place = {markers[id(t)]: i for i, (t, _) in enumerate(together) if id(t) in markers}
            ranks = [i for i, (t, _) in enumerate(together) if id(t) not in markers]
            together = [p for p in together if id(p[0]) not in markers]
        joined = check(together, options, keep=options.plan, ranks=ranks) if together or options.plan else Checked()
        if stood_in:
            checked_early = early.flush()
            checked_early.placed(place)
            if checked_early.plan is not None and len(place) < len(stood_in):
                gone = {t.path for rank, t in enumerate(stood_in) if rank not in place}
                checked_early.plan.drop(lambda res: res.template.path in gone)
            joined = in_order(joined, checked_early)
    finally:
        if gc_was_enabled:
            gc.enable()
    if callees or relinked:
        _drop_called(standalone, callees | relinked)
    for real, kind in counted:  # a module a root calls, a template a parent nests: linted there (as pre-commit)
        if real not in callees:
            result.sources[kind] = result.sources.get(kind, 0) + 1
    for path, names in declares:  # (not a module a root calls, nor a nested template: their values are passed)
        if _real(path) not in callees:
            result.declared.update(names)
    standalone.in_graph_order()  # (batches, and workers' chunks, each list those of resources first)
    standalone.extend(joined)
    result.errors = _distinct(result.errors)  # a broken nested template: met by the walk and by its parent
    findings = result.errors + standalone.findings
    shared = {folder for folder, roots in callers_of.items() if len(roots) > 1}
    selected = (f for f in findings if filters.selected(f.rule, options))
    result.findings = sorted(_distinct(selected, shared), key=Finding.sort_key)
    result.undecided = _distinct_unknowns(u for part in standalone.undecided for u in part)
    result.warnings = list(dict.fromkeys(warned + standalone.warnings))  # (a template checked alone and linked: once)
    if passed and not options.only_templates:
        over = _passed_over(passed, {_real(f) for f in (*result.files, *included)}, assemblies, options)
        if result.files or result.errors:  # (else the "nothing found" error says them)
            result.warnings += over
        elif options.allow_empty:  # (no error: a build tool's file, whose functions go unread, is said all the same)
            result.warnings += [(where, said) for where, said in over if _built_from(where.path)]
    result.built = sorted({hint for source in passed if (hint := _built_from(source.path))})
    if not (result.files or result.errors):  # (the "nothing found" error says why a walk's plan log was no plan)
        hints = {"log": PLAN_LOG_HINT, "state": STATE_HINT}
        result.built += [hints[what].format(path) for path in sorted(walked_plans) if (what := discovery.no_plan(path))]
        result.built += [SAM_BUILD_HINT.format(path) for path in discovery.sam_builds(paths)]
    result.network, result.plan = joined.network, standalone.plan
    baseline = options.baseline
    root = project_root(os.getcwd())
    elsewhere = baseline is not None and baseline.elsewhere(result.files, root)
    if elsewhere and baseline is not None:
        said = (
            f"the baseline names none of its {len(baseline.paths)} files at its path from {root}: it was written "
            "from another folder (outside a git work tree, paths are relative to where lambda6lint ran), so it "
            "matches no finding and credits no change; run from that folder"
        )
        result.warnings.append((Location(baseline.path), said))
        if result.plan is not None:  # (every NAT gateway would read as added: not compared)
            result.plan.delta, result.plan.baseline = [], False
    if baseline is not None and baseline.costs and not elsewhere:  # (NAT gateways it priced the run may not have)
        from lambda6lint import plan

        if all(baseline.checked(rule) for rule in plan.RULE_OF.values()):
            if result.plan is None:  # (every NAT gateway removed: the run built no plan)
                result.plan = plan.Plan(options.prices, options.gb_per_month, baseline=True)
            result.plan.delta += plan.removed(result.plan, baseline, result.files)
    if result.plan is not None:
        from lambda6lint import plan

        result.plan.in_summary = any(filters.selected(rule_by_id(r), options) for r in plan.RULE_OF.values())
    result.files = list(dict.fromkeys(os.path.normpath(f) for f in result.files))  # a shared module once
    filters.apply(result, options)
    return result


def of_suppression(warning: str) -> bool:
    """Whether a warning of `Result.warnings` is of a suppression (filters.suppression_warnings): the user's
    setting is wrong, not the run."""
    return warning.endswith("names no rule") or "is not a key it reads" in warning or warning == filters.UNATTACHED
