"""Paths into sources: which files and folders are infrastructure code, read without executing anything.

A source has a kind: a CloudFormation/SAM `template` file, a CDK `cdk-assembly` folder (its
templates belong to it and are never linted again as loose files), a `terraform-module` folder
(every `*.tf` and `*.tf.json` in it), or a `terraform-plan` (`terraform show -json` output); a
`.json` file is a `json-file`, which its loader finds to be a plan or a template as it reads it.

Folders are walked; files found that way are sniffed first, and what does not look like a
template is skipped silently (a pre-commit hook sees every YAML file of a repository). A file
named explicitly is read as a template, so problems with it are reported (and that it is none, by
the engine, unless a linted source read it or `--only-templates`). A `.tf` file named
explicitly stands for its whole module folder: a rule needs the route table in another file; so
does a var file Terraform loads by itself (`terraform.tfvars`, `*.auto.tfvars`, and their `.json`
forms), whose values change what the module's files mean. For pre-commit, a module that other
modules of its tree call stands for the roots calling it, a template others nest for the templates
at the top of its chain, and a CDK assembly's stack template for the assembly.

The walk reads only what `confine` allows: it never follows a symlinked folder, skips FIFOs,
sockets, devices and symlinks that lead out of the tree, and is iterative, so no depth of folders
can exhaust the stack. Each source carries its tree, the bound for every path its loader follows, and a
CDK assembly's what discovery read of its manifests to know it is one, which its loader does not read again.
A file it meets through a symlink is no second source when its real file is one of that kind (walked
or named): the real file is linted, so findings point at what people edit and a NAT gateway's
savings count once; else the first link to it stands for it.
"""

from __future__ import annotations

import codecs
import functools
import os
import stat
from collections.abc import Callable, Iterable, Iterator, Mapping

from lambda6lint import confine
from lambda6lint.patterns import on_use
from lambda6lint.records import dataclass, field

#: Folders a walk never enters: tools' own trees and build output (`sam build` copies the template and
#: its files into .aws-sam, Terragrunt its modules into .terragrunt-cache: every finding twice).
SKIP_DIRS = frozenset(
    {
        ".git",
        "node_modules",
        ".terraform",
        ".terragrunt-cache",
        ".venv",
        "venv",
        "__pycache__",
        ".tox",
        ".mypy_cache",
        ".aws-sam",
    }
)
TEMPLATE_SUFFIXES = (".yaml", ".yml", ".json", ".template", ".cform")  # (`.cform`: some teams' own)
SAMCONFIG_NAMES = ("samconfig.toml", "samconfig.yaml", "samconfig.yml")  # SAM's deploy settings, beside templates
TERRAFORM_SUFFIXES = (".tf", ".tf.json")  # Terraform's native and JSON syntax
AUTO_VAR_FILES = ("terraform.tfvars", "terraform.tfvars.json")
AUTO_VAR_SUFFIXES = (".auto.tfvars", ".auto.tfvars.json")
_SNIFF_BYTES = 256 * 1024

TEMPLATE, CDK_ASSEMBLY, TERRAFORM_MODULE, TERRAFORM_PLAN = (
    "template",
    "cdk-assembly",
    "terraform-module",
    "terraform-plan",
)
#: A `.json` file walked or named: a plan or a template, told where its loader reads it (`head_kind` on its first
#: bytes), so that it is opened once; what it was, the loader says (`Loaded.kind`).
JSON_FILE = "json-file"
#: A `.json` file that stands for a template only (a parameter file's values reach templates; cfn-lint hands the
#: plug-in templates): read as a `json-file` is, and passed over unsaid, not read on, when its first bytes are a
#: plan's, as a walk's sniff of the file passed it over.
JSON_TEMPLATE = "json-template"
#: What a template's file names (nested templates, snippets, OpenAPI documents), from its path and first
#: bytes, as its loader reads it, and how many bytes more that read: the CloudFormation loader's.
Nesting = Callable[[str, bytes], tuple[Iterable[str], int]]
#: In a path a template names (`Nesting`), any text, `/` too: the path is a pattern of the files it may name (a loop's
#: item, a parameter, which the text does not tell), matched against the tree's templates (`_matched`).
ANY_TEXT = "\0"
#: A folder of the walk that cannot be listed: an input error (E9600), not a folder that holds nothing.
UNLISTABLE = "unlistable-folder"
#: (absolute path, bytes) of files discovery read whole, handed to the loader so it does not open them again
#: (`Source.files_read`).
FilesRead = tuple[tuple[str, bytes], ...]
#: (absolute path, first bytes, identity then) of files discovery read the first bytes of, handed to the loader to
#: read on from (`Source.heads`, marked.continued).
Heads = tuple[tuple[str, bytes, confine.Identity], ...]
#: What a `manifest.json` is, and what was read of it (`sniff_manifest`; within a run, `discover`'s, each read once).
Sniff = Callable[..., tuple[bool, FilesRead]]
#: A `.tf` (or auto var) file named that is no regular file (a FIFO, a device): its module is linted without
#: it, and that it was not read is an input error (E9600), as for a template named so.
UNREADABLE = "unreadable-file"


@dataclass(frozen=True)
class Source:
    path: str
    kind: str = TEMPLATE
    explicit: bool = False  # named on the command line (report problems) rather than found by walking
    tree: str = ""  # the real path its loader may read inside (confine.py); "" for the source's own folder
    #: Every folder this run walks, when a walk found it (a plan under a module one of them lints is not linted twice).
    walks: tuple[str, ...] = ()
    #: What discovery read whole, by absolute path, which the loader reads rather than opening the files again: a CDK
    #: assembly's manifests (`read_manifest`, and its stages' that links' questions read: `_in_linted_assembly`; an
    #: assembly is loaded in the process that found it, never pickled to a worker); a walked `manifest.json` that is
    #: no assembly's, or a staged file pre-commit's caller scan read: its own bytes (a forked worker inherits them).
    files_read: FilesRead = field(default=(), repr=False)
    #: What discovery read of the first bytes of a file it did not read whole, with the file's identity then
    #: (pre-commit's read of a staged plan over `_SNIFF_BYTES`, to tell it is one): its loader reads on from them
    #: (marked.continued).
    head: tuple[bytes, confine.Identity] | None = field(default=None, repr=False)
    #: The same of files below a top on a staged file's chain that pre-commit's caller scan read the first bytes of (a
    #: nested template, a snippet, an OpenAPI document over `_SNIFF_BYTES`): its loader reads on from them.
    heads: Heads = field(default=(), repr=False)


def discover(
    paths: Iterable[str],
    callers: bool = False,
    excluded: Callable[[str], bool] = lambda path: False,
    values: Mapping[str, tuple[str, ...]] | None = None,
    stood_for: list[Source] | None = None,
    calls: dict[str, dict[str, set[str]]] | None = None,
    nesting: Nesting | None = None,
    plans: bool = True,
) -> Iterator[Source]:
    """The sources `paths` stand for, each once. With `callers` (pre-commit's `--only-templates`), a named
    `.tf` file of a module other modules of its tree call, or a template others nest, stands for the
    roots that call it (those not `excluded`), as a walk of the tree lints it: its resources then have
    the addresses, values and fingerprints they have there. A named file of the run's `values` (real
    path → the kinds of source they reach: a var file, a parameter file) stands for the tree's sources
    of those kinds, and a samconfig file for the templates beside it. What callers stood for goes to
    `stood_for`: a call the text names may make nothing (`count = 0`), and then a walk lints it alone or
    under another caller (`standing`); `calls` keeps, by tree, what calls what; `nesting` says what a
    template nests or includes (without it, templates call nothing). Without `plans`, a `.json` file named
    stands for a template only (`json-template`: the cfn-lint plug-in)."""
    seen: set[tuple[str, str]] = set()
    calls = {} if calls is None else calls  # tree → what is called → what calls it (`_calls`)
    walked: set[tuple[str, tuple[str, ...]]] = set()  # (tree, kinds) a value file walked: the same for the next

    named = list(paths)
    # A file both named and found by a walk is the named one (read as such, said when it is no template),
    # whichever comes first, by real path too (`link.yaml .`): the walk's copy waits, and goes only if
    # naming it made something else.
    files = {os.path.abspath(path) for path in named if not os.path.isdir(path)}
    reals = {path: _real(path) for path in named if not os.path.isdir(path)}  # (files named: their real paths)
    named_real = set(reals.values())
    # (so is a module a named .tf file stands for, named through a symlinked folder too: `link/main.tf real`)
    named_real |= {
        _real(os.path.dirname(path) or ".")
        for path in named
        if not os.path.isdir(path) and (path.endswith(TERRAFORM_SUFFIXES) or is_auto_var_file(path))
    }
    waiting: dict[tuple[str, str], tuple[Source, tuple[str, str], bool]] = {}
    # A file the walk meets through a symlink is the real file when that is a source of its kind too (found
    # as itself, or named): findings point at the file people edit, and a NAT gateway is counted once.
    # Else it is linted under the first link's name. Either way only the walk's end tells: links wait.
    real_seen: set[tuple[str, str]] = set()  # (real path, kind) of what was yielded as itself
    links: dict[tuple[str, str], Source] = {}  # (real path, kind) → the first link met to it
    # CDK assemblies go last, after the links' questions (`_in_linted_assembly`): what those read of a stage's
    # manifest goes with its assembly's source (`files_read`), and its loader reads it from there, whatever --jobs.
    assemblies: list[Source] = []

    def once(source: Source, real: str | None = None, linked: bool = False) -> Iterator[Source]:
        """`real`: the real path of what the walk met as itself; `linked`: a file it met through a symlink."""
        kind = _FILE if source.kind in _FILE_KINDS else source.kind  # (a file is one source, whatever it was called)
        key = (os.path.abspath(source.path), kind)
        if key in seen:
            return
        if source.explicit and source.kind in _FILE_KINDS:
            real = _real(source.path)
            linked = callers and os.path.islink(source.path)  # (pre-commit: staged as a walk meets it)
        elif source.explicit and source.kind == TERRAFORM_MODULE:
            real = _real(source.path)
        if not source.explicit and (key[0] in files or (real is not None and real in named_real)):
            waiting.setdefault(key, (source, (real or _real(source.path), kind), linked))
            return
        if linked:
            links.setdefault((_real(source.path), kind), source)
            return
        if not source.explicit and (real, kind) in real_seen:
            return  # (a folder named twice, once through a symlink: `infra infra-link`)
        seen.add(key)
        if real is not None:
            real_seen.add((real, kind))
        if source.kind == CDK_ASSEMBLY:
            assemblies.append(source)
        else:
            yield source

    # A named .tf (or auto var) file stands for its folder: the tree is its folder's, not where it leads
    # (`infra/shared.tf -> ../common/shared.tf` made common/ the tree, and infra's own files went unread).
    trees = [confine.tree_of(os.path.dirname(path) if _stands_for_module(path) else path) for path in named]
    # A folder named holds the paths written inside it: they may read within its tree too, so what a
    # loader reads does not depend on the order of paths. Only a folder, and only what lies in it as
    # written: a named file, a symlink among them, never widens what the others may read.
    folders = sorted(
        {(os.path.abspath(path), tree) for path, tree in zip(named, trees, strict=True) if os.path.isdir(path)},
        key=lambda folder: len(folder[1]),
    )
    # pre-commit's caller scan reads every template-named file of the tree: what it read of the staged ones, of those
    # beside a staged samconfig, and of the templates up their chains, by real path, (what it read: at most
    # `_SNIFF_BYTES` and a byte, whether whole), is not read again (`read_of`, `_beside`, `kind`, the scan)
    scanned: dict[str, tuple[bytes, bool]] = {}
    keep = (
        set(reals.values())
        | {os.path.dirname(real) for path, real in reals.items() if os.path.basename(path) in SAMCONFIG_NAMES}
        if callers
        else set()
    )
    # and, by real folder, what it read whole of the `.tf` files of the staged modules and of the folders up their
    # chains (`_modules_below`)
    modules: dict[str, FilesRead] = {}
    module_heads: dict[str, Heads] = {}  # (the first bytes it read of those over its limit, with their identities)
    module_keep = {os.path.dirname(real) for path, real in reals.items() if callers and _stands_for_module(path)}

    identities: dict[str, confine.Identity] = {}  # (of what `kind` read: a plan's loader reads on from it, `head_of`)

    @functools.cache
    def kind(path: str) -> str:
        """`file_kind` of a staged file, on the caller scan's read of it: made here as the scan makes it, and kept
        for it, when the scan has not read it (a plan needs no scan; one beside `.tf` files is asked first)."""
        if not path.lower().endswith(".json"):
            return TEMPLATE
        real = reals.get(path) or _real(path)
        if (known := scanned.get(real)) is None:
            try:
                text, identities[real] = confine.read_identified(real, _SNIFF_BYTES)
            except OSError:
                return TEMPLATE  # (as `file_kind` says: its loader says why it cannot be read)
            known = scanned[real] = (text, len(text) <= _SNIFF_BYTES)
        if known[1] or len(known[0]) >= PLAN_SNIFF:
            return head_kind(known[0])
        return file_kind(path)  # (the scan's budget ran short within its first bytes)

    sniffed: dict[tuple[str, bool], tuple[bool, FilesRead]] = {}
    lent: set[str] = set()  # (manifests `sniff` read before the caller scan, which reads them in `scanned`: real paths)

    def sniff(manifest: str, versioned: bool = False, lend: bool = False) -> tuple[bool, FilesRead]:
        """`sniff_manifest`, each `manifest.json` read once in the run (a named file's, a link's, the walk's); an
        assembly's bytes are kept only in the source that found it (a run's manifests are not all held). Pre-commit's
        caller scan, before it runs, is lent what it read (`scanned`, until the scan: `scan`) of one that is no
        assembly's (`sniffed` holds those bytes anyway) and, with `lend` (a staged link's question, which the scan
        follows: `_walked_as`), of an assembly's."""
        key = (os.path.abspath(manifest), versioned)
        if (known := sniffed.get(key)) is None:
            if (whole := scanned.get(real := _real(manifest))) is not None:  # (pre-commit's caller scan read it)
                known = sniff_manifest(manifest, versioned, whole[0] if whole[1] else None)
            else:
                known = sniff_manifest(manifest, versioned)
                if callers and not calls and known[1] and (lend or not known[0]):
                    scanned[real] = (data := known[1][0][1], len(data) <= MANIFEST_BYTES)
                    lent.add(real)
            sniffed[key] = (True, ()) if known[0] and known[1] else known
        return known

    def scan(tree: str) -> dict[str, set[str]]:
        """`_calls` of `tree`, after which what it was lent and keeps for no staged file is dropped."""
        called = _calls(tree, nesting, keep, scanned, module_keep, modules, identities, module_heads)
        for real in lent - keep:
            if os.path.dirname(real) not in keep:
                scanned.pop(real, None)
        lent.clear()
        return called

    def read_of(path: str) -> FilesRead:
        """What discovery read whole of a named file, for its loader: the caller scan's read of a staged one, or
        `sniff`'s of a named `manifest.json` it found no assembly's (`_assembly_of`)."""
        if (whole := scanned.get(reals.get(path) or _real(path))) is not None and whole[1]:
            return ((os.path.abspath(path), whole[0]),)
        for versioned in (False, True):
            if (known := sniffed.get((os.path.abspath(path), versioned))) is not None and not known[0]:
                return known[1]
        return ()

    def head_of(path: str) -> tuple[bytes, confine.Identity] | None:
        """What `kind` read of a staged file's first bytes, when not whole (a plan over `_SNIFF_BYTES`), for its
        loader to read on from (`Source.head`)."""
        real = reals.get(path) or _real(path)
        if (known := scanned.get(real)) is None or known[1] or (found := identities.get(real)) is None:
            return None
        return known[0], found

    def named_kind(path: str) -> str:
        found = kind_of(path)
        return JSON_TEMPLATE if found == JSON_FILE and not plans else found

    def passed_by(path: str, tree: str) -> bool:
        """A staged path a walk never meets: in a folder it skips, through a symlinked folder, a symlink out of the
        tree or to nothing."""
        return (
            _in_skipped_folder(path, tree)
            or _through_link(path)
            or not confine.within(path, confine.tree_of(os.path.dirname(path)))
            or (os.path.islink(path) and not os.path.exists(path) and not _stands_for_module(path))
        )

    # The staged links' questions (`_walked_as`) are asked before any caller scan, whatever the order of the paths: what
    # they read of the manifests on the way is lent to the scan (`sniff`), which reads them too (one read of each).
    asked = {
        path: _walked_as(path, tree, functools.partial(sniff, lend=True))
        for path, tree in zip(named, trees, strict=True)
        if callers and os.path.islink(path) and not passed_by(path, tree)
    }
    for path, tree in zip(named, trees, strict=True):
        if callers and passed_by(path, tree):
            continue  # a walk skips the folder, a symlink out of the tree or to nothing: pre-commit too
        if callers and (target := asked.get(path)):
            path = target  # (a staged link stands for the file a walk lints in its place: as in CI, and its baseline)
        here = os.path.abspath(path)
        for folder, wide in folders:
            if len(wide) < len(tree) and here.startswith(folder + os.sep) and confine.within(path, wide):
                tree = wide
                break
        if os.path.isdir(path):
            yield from _walk(path, tree, once, tuple(folder for folder, _ in folders), sniff)
        elif callers and values and (kinds := values.get(os.path.realpath(path))):
            # the values every source of those kinds takes: what they deploy changes with them
            if (tree, kinds) in walked:
                continue
            walked.add((tree, kinds))
            top = tree if os.path.isabs(path) else os.path.relpath(tree)
            yield from _walk(top, tree, functools.partial(_of_kinds, once, kinds), (), sniff)
        elif path.endswith(TERRAFORM_SUFFIXES) or is_auto_var_file(path) or (callers and _plan_beside_tf(path, kind)):
            folder = os.path.normpath(os.path.dirname(path) or ".")
            if callers and tree not in calls:
                calls[tree] = scan(tree)
            roots = _roots(folder, calls[tree], excluded) if callers else [folder]
            if not callers and not os.path.isfile(path):  # (a FIFO, a symlink to nothing: pre-commit passes it by)
                yield from once(Source(os.path.normpath(path), UNREADABLE, explicit=True, tree=tree))
            if roots != [folder] and stood_for is not None:
                stood_for.append(Source(folder, TERRAFORM_MODULE, explicit=True, tree=tree))
            below = (
                _modules_below(folder, [_real(root) for root in roots], calls[tree], modules, module_heads)
                if callers
                else None
            )
            for number, root in enumerate(roots):
                read, heads = below[number] if below else ((), ())
                yield from once(Source(root, TERRAFORM_MODULE, True, tree, files_read=read, heads=heads))
        elif (callers or path.endswith(".template.json") or os.path.basename(path) == "manifest.json") and (
            assembly := _assembly_of(path, tree, callers, sniff)
        ):  # (for pre-commit, any file in it: an asset's template is none of the assembly's stacks)
            yield from once(Source(assembly[0], CDK_ASSEMBLY, explicit=True, tree=tree, files_read=assembly[1]))
        elif callers:  # (a template others nest or include stands for the templates at the top of its chain)
            samconfig = os.path.basename(path) in SAMCONFIG_NAMES
            if not samconfig and kind(path) != TEMPLATE:  # (a plan stands for itself, whatever names it: no scan)
                template = os.path.normpath(path)
                read, head = read_of(template), head_of(template)
                yield from once(Source(template, named_kind(path), True, tree, files_read=read, head=head))
                continue
            if tree not in calls:
                calls[tree] = scan(tree)
            for template in map(os.path.normpath, _beside(path, tree, scanned) if samconfig else [path]):
                roots = _roots(template, calls[tree], excluded)
                # (one nothing names stands for itself, as a `json-file` its loader tells)
                if roots == [template]:
                    found = TEMPLATE if samconfig else named_kind(path)
                    read, head = read_of(template), head_of(template)
                    yield from once(Source(template, found, True, tree, files_read=read, head=head))
                    continue
                if stood_for is not None:  # (a snippet, no template by the scan's whole read: if linted alone, from it)
                    known = scanned.get(_real(template))
                    alone = known is not None and not template_head(known[0])
                    read, head = (read_of(template), head_of(template)) if alone else ((), None)
                    stood_for.append(Source(template, TEMPLATE, True, tree, files_read=read, head=head))
                chains = _read_below(template, [_real(root) for root in roots], calls[tree], scanned, identities)
                for root, (under, heads) in zip(roots, chains, strict=True):
                    read, head = read_of(root) + under, head_of(root)
                    yield from once(Source(root, TEMPLATE, True, tree, files_read=read, head=head, heads=heads))
        else:
            yield from once(Source(os.path.normpath(path), named_kind(path), True, tree, files_read=read_of(path)))
    for key, (source, real_key, linked) in waiting.items():
        if linked:
            links.setdefault(real_key, source)
        elif key not in seen and real_key not in real_seen:
            seen.add(key)
            real_seen.add(real_key)
            if source.kind == CDK_ASSEMBLY:
                assemblies.append(source)
            else:
                yield source
    handed: dict[str, FilesRead] = {}  # real path of an assembly → what links' questions read of its stages' manifests
    for real_key, source in links.items():
        if real_key in real_seen:
            continue
        if (assembly := _in_linted_assembly(real_key[0], source.tree, real_seen, sniff)) is not None:
            handed[assembly[0]] = handed.get(assembly[0], ()) + assembly[1]
            continue
        if (key := (os.path.abspath(source.path), _FILE)) not in seen:  # (links are to files)
            seen.add(key)
            yield source
    for source in assemblies:
        more = handed.get(_real(source.path), ())
        yield Source(source.path, source.kind, source.explicit, source.tree, source.walks, source.files_read + more)


def _stands_for_module(path: str) -> bool:
    """Whether a named path is a file that stands for its folder's Terraform module."""
    return not os.path.isdir(path) and (path.endswith(TERRAFORM_SUFFIXES) or is_auto_var_file(path))


#: The kinds of source that are one file: a symlink to one is the file it leads to, and a file is one source
#: (`_FILE` in `discover`'s keys) whichever kind it was met as (a `json-file` walked, a `template` named)
_FILE_KINDS = frozenset({TEMPLATE, TERRAFORM_PLAN, JSON_FILE, JSON_TEMPLATE})
_FILE = "file"


def kind_of(path: str) -> str:
    """The kind of source a file walked or named is before it is read: a `.json` file's loader tells a plan
    from a template (`head_kind`) on the bytes it reads first."""
    return JSON_FILE if path.lower().endswith(".json") else TEMPLATE


def _of_kinds(once, kinds: tuple[str, ...], source: Source, *met, **how) -> Iterator[Source]:
    """`once` for a source of one of `kinds` (a walk a value file stands for: pre-commit only); a `.json` file
    as a `json-template`, whose loader passes a plan over (values reach templates, never plans:
    engine._value_files)."""
    if source.kind == JSON_FILE and TEMPLATE in kinds:
        source = Source(source.path, JSON_TEMPLATE, source.explicit, source.tree, source.walks, source.files_read)
    return once(source, *met, **how) if source.kind in kinds or source.kind == JSON_TEMPLATE else iter(())


def _walked_as(link: str, tree: str, sniff: Sniff) -> str | None:
    """The file `link` leads to, written as `link` is (relative or absolute), when a walk of `tree` lints it
    as itself; None when it lints the link in its place (`.aws-sam/`, no template suffix, a CDK assembly's)."""
    real = _real(link)
    name = os.path.basename(real)
    if not name.lower().endswith(TEMPLATE_SUFFIXES) or name.endswith(".tf.json"):
        return None
    if confine.inside(real, tree) is None or _in_skipped_folder(real, tree) or _assembly_of(real, tree, True, sniff):
        return None
    return real if os.path.isabs(link) else os.path.relpath(real)


def _real(path: str) -> str:
    """The real path of a file named or met through a symlink (its written path, for one no path can be)."""
    try:
        return confine.real_path(path)
    except ValueError:  # (a NUL in a named path)
        return os.path.abspath(path)


#: A local module call's source (Terraform requires `./` or `../`), in native or JSON syntax.
_LOCAL_SOURCE = on_use(rb'(?<=["\s{])source"?\s*[=:]\s*"([.\\][^"\n]{0,1000})"')
_MAX_CALL_BYTES = 64 * 1024 * 1024  # what a search for a module's callers reads, at most (a monorepo's)
_MAX_CALL_ENTRIES = 500_000  # files and folders it lists, at most
_MAX_CALLS = 100_000  # calls it records, at most (past any limit, what calls what is not known: `_calls`)


def _calls(
    tree: str,
    nesting: Nesting | None = None,
    keep: set[str] | frozenset[str] = frozenset(),
    kept: dict[str, tuple[bytes, bool]] | None = None,
    module_keep: set[str] | frozenset[str] = frozenset(),
    kept_modules: dict[str, FilesRead] | None = None,
    identities: dict[str, confine.Identity] | None = None,
    kept_module_heads: dict[str, Heads] | None = None,
) -> dict[str, set[str]]:
    """What calls what in `tree`: the folders calling each local Terraform module folder, and the templates
    nesting (or including) each local file, by real path (the walk's folders are real ones). A scan of
    every `.tf` and `.tf.json` file's text finds module calls (cheap; a call in a comment line is none);
    `nesting` reads what a template names (a nested template, a snippet, an OpenAPI document) as its
    loader reads it. Nothing is executed. Past a limit, nothing: a staged file then stands for itself. What it read
    of a file (or of a folder's files) in `keep`, and of the templates up its chains, goes to `kept` (real path → what
    was read, at most its limit and a byte; whether whole), and what is in `kept` already is not read again. Of the
    module folders in `module_keep` and those up their chains, what it read whole of their `.tf` files goes to
    `kept_modules` (real folder → (path, bytes) of each). Of a template in `kept` it read the first bytes of only (over
    its limit), the file's `identities` then: its loader reads on from them (`Source.heads`, `Source.head`); of a `.tf`
    file over its limit (1 MB) in such a folder, the same (real folder → (path, bytes, identity) of each) go to
    `kept_module_heads`."""
    writes: dict[str, tuple[str, list[str]]] = {}  # a module folder (template) → its folder, what it names
    parents: dict[str, tuple[bytes, bool]] = {}  # what it read of each template that names a file (`_kept_above`)
    folders_read: dict[str, FilesRead] = {}  # the same of the `.tf` files of each module folder that calls or is kept
    folders_heads: dict[str, Heads] = {}  # (of those over the limit: their first bytes, with their identities)
    budget, listed, found = _MAX_CALL_BYTES, 0, 0
    templates: list[str] = []  # (every template read: what a pattern a template names may fit)
    pending = [os.path.realpath(tree)]
    while pending:  # (iterative: Python 3.11's os.walk recurses; symlinked folders are not followed)
        folder = pending.pop()
        entries = _entries(folder, tree)
        if entries is None:
            continue
        folders, files, _, _ = entries
        listed += len(folders) + len(files)
        if listed > _MAX_CALL_ENTRIES:
            return {}
        pending.extend(os.path.join(folder, name) for name in reversed(folders))
        whole: list[tuple[str, bytes]] = []  # (of this folder's `.tf` files)
        heads: list[tuple[str, bytes, confine.Identity]] = []
        for name in files:
            module = name.endswith(TERRAFORM_SUFFIXES)
            if not (module or name.lower().endswith(TEMPLATE_SUFFIXES)):
                continue
            path = os.path.join(folder, name)
            limit = min(budget, 1024 * 1024 if module else _SNIFF_BYTES)
            known = kept.get(path) if kept is not None and not module else None
            if known is not None and (known[1] or len(known[0]) > limit):
                text = known[0][: limit + 1]  # (a staged file read before the scan: what this read would give)
            else:
                known_as: confine.Identity | None = None
                try:  # (a file the walk lists lies in the tree: `_entries` keeps only symlinks that stay in it)
                    if module and kept_module_heads is not None:
                        text, known_as = confine.read_identified(path, limit)
                    elif module or identities is None:
                        text = confine.read_regular(path, limit)
                    else:
                        text, known_as = confine.read_identified(path, limit)
                        if len(text) > limit:
                            identities[path] = known_as  # (dropped with what was read of it: `_dropped`)
                except OSError:
                    continue
                if kept is not None and not module and (path in keep or folder in keep):
                    kept[path] = (text, len(text) <= limit)
            budget -= len(text)
            if budget < 0:
                return {}
            if module:
                named: Iterable[str] = _local_calls(text)
                if kept_modules is not None and len(text) <= limit:
                    whole.append((path, text))
                elif kept_module_heads is not None and known_as is not None:
                    heads.append((path, text, known_as))
            elif not template_head(text):
                continue
            else:
                templates.append(path)
                named, read = nesting(path, text) if nesting else ((), 0)
                budget -= read
                if budget < 0:
                    return {}
                if named and kept is not None:
                    parents[path] = (text, len(text) <= limit)
            named = list(named)
            found += len(named)
            if found > _MAX_CALLS:
                return {}
            if named:  # (a module's files each add theirs)
                writes.setdefault(folder if module else path, (folder, []))[1].extend(named)
        if whole and (folder in writes or folder in module_keep):
            folders_read[folder] = tuple(whole)
        if heads and (folder in writes or folder in module_keep):
            folders_heads[folder] = tuple(heads)
    aliases: dict[str, set[str]] = {}
    called = _resolve(writes, aliases)
    if not _matched(writes, templates, called, _MAX_CALLS - found, tree, aliases):
        return {}
    if kept is not None:
        _kept_above(called, keep, parents, kept)
    if identities is not None:  # (of a file read in part, kept only while what was read of it is)
        for path in [path for path in identities if kept is None or path not in kept]:
            del identities[path]
    if kept_modules is not None:
        for start in module_keep:
            for above in _met_above(start, called):
                if (texts := folders_read.get(above)) is not None:
                    kept_modules.setdefault(above, texts)
                if kept_module_heads is not None and (firsts := folders_heads.get(above)) is not None:
                    kept_module_heads.setdefault(above, firsts)
    return called


def _matched(
    writes: Mapping[str, tuple[str, list[str]]],
    templates: list[str],
    called: dict[str, set[str]],
    room: int,
    tree: str = "",
    aliases: Mapping[str, set[str]] | None = None,
) -> bool:
    """Add to `called` each template of the tree (`templates`, as the scan met them) that a pattern a template names
    fits (`ANY_TEXT`), resolved from the folder it was met in, as its paths are, and from the folders it is called from
    through a symlinked folder (`aliases`, `_resolve`): a loop over a parameter's list writes `${Name}.yaml`, which
    names what the run's values say, and the scan does not know them. The folder a pattern's fixed start names is
    taken as its real path too (`link/${Name}.yaml`, `link` a symlink to a folder of `tree`: the loader reads the file
    through it, where the scan met it at its real path; a link out of the tree stays unread). False past the scan's
    limits (`room` calls more, `_MAX_CALL_ENTRIES` templates compared), where what calls what is not known."""
    patterns = [
        (key, pieces)
        for key, (folder, named) in writes.items()
        for written in named
        if ANY_TEXT in written
        for start in (folder, *sorted((aliases or {}).get(key, ())))
        for pieces in _through_links(os.path.normpath(os.path.join(start, written)).split(ANY_TEXT), tree)
    ]
    if not patterns:
        return True
    import bisect  # (rare: not imported by a scan that meets no pattern)

    ordered = sorted(templates)
    compared = 0
    for key, pieces in patterns:
        for path in ordered[bisect.bisect_left(ordered, pieces[0]) :]:
            if not path.startswith(pieces[0]):
                break  # (past those its fixed start fits)
            compared += 1
            if compared > _MAX_CALL_ENTRIES:
                return False
            if _fits(path, pieces):
                called.setdefault(_real(path), set()).add(key)
                room -= 1
                if room < 0:
                    return False
    return True


def _through_links(pieces: list[str], tree: str) -> list[list[str]]:
    """`pieces` (a pattern's), and the same from the real path of the folder its fixed start names when that is
    another folder of `tree` (a symlinked folder on the way): the files the loader reads through it, as the scan met
    them. Only a folder the loader may read (`confine.inside`)."""
    cut = pieces[0].rfind(os.sep)
    folder = pieces[0][:cut]
    if cut <= 0 or not tree or confine.inside(folder, tree, folder=True) is None:
        return [pieces]
    try:
        real = confine.real_path(folder)
    except (OSError, ValueError):
        return [pieces]
    return [pieces] if real == folder else [pieces, [real + pieces[0][cut:], *pieces[1:]]]


def _fits(path: str, pieces: list[str]) -> bool:
    """Whether `path` is `pieces` with any text between each two (a glob of `*` only, matched greedily from the left:
    linear, where a regular expression of many `.*` backtracks)."""
    first, *middle, last = pieces
    if len(path) < len(first) + len(last) or not (path.startswith(first) and path.endswith(last)):
        return False
    at, end = len(first), len(path) - len(last)
    for piece in middle:
        if (found := path.find(piece, at, end)) < 0:
            return False
        at = found + len(piece)
    return True


def _kept_above(
    called: dict[str, set[str]],
    keep: Iterable[str],
    parents: Mapping[str, tuple[bytes, bool]],
    kept: dict[str, tuple[bytes, bool]],
) -> None:
    """What the scan read of the templates up the chains above `keep`'s files (whole, or their first bytes), which a
    staged file nested there stands for (its tops): their loaders read it (`Source.files_read`, `Source.heads`). Of
    any other template, nothing is kept."""
    for start in keep:
        if start in called:
            for above in _met_above(start, called):
                if (read := parents.get(above)) is not None:
                    kept.setdefault(above, read)


def _met_above(start: str, called: dict[str, set[str]]) -> set[str]:
    """Every template (module folder) up `start`'s chains of calls, `start` among them: what a staged file nested
    there stands for, and what its tops' loaders read on the way down to it."""
    return _above(start, called, _never, _never)[1]


def _never(_: str) -> bool:
    return False


def _below(start: str, tops: list[str], called: dict[str, set[str]]) -> list[set[str]]:
    """For each of `tops` (real paths up the chains above `start`), the templates (module folders) below it on them,
    down to `start`, itself among them."""
    met = _met_above(start, called)
    nests: dict[str, list[str]] = {}  # a template (folder) met → those met it calls
    for callee in met:
        for caller in called.get(callee, ()):
            if caller in met and caller != callee:
                nests.setdefault(caller, []).append(callee)
    below: list[set[str]] = []
    for top in tops:
        found, pending = {top}, [top]
        while pending:
            for callee in nests.get(pending.pop(), ()):
                if callee not in found:
                    found.add(callee)
                    pending.append(callee)
        below.append(found)
    return below


def _read_below(
    template: str,
    tops: list[str],
    called: dict[str, set[str]],
    scanned: Mapping[str, tuple[bytes, bool]],
    identities: Mapping[str, confine.Identity],
) -> list[tuple[FilesRead, Heads]]:
    """For each of `tops` (real paths up `template`'s chains), what the caller scan read whole of the templates below it
    on them, down to `template` itself (a snippet or OpenAPI document too), and the first bytes it read of those over
    its limit, with their `identities`: the top's nested-stack loader reads those (`nested.children`), and its
    snippets' (`includes.read`), not the files (read on from the first bytes: marked.continued)."""
    below: list[tuple[FilesRead, Heads]] = []
    for top, found in zip(tops, _below(_real(template), tops, called), strict=True):
        read: list[tuple[str, bytes]] = []
        heads: list[tuple[str, bytes, confine.Identity]] = []
        for path in sorted(found - {top}):
            if (known := scanned.get(path)) is None:
                continue
            if known[1]:
                read.append((path, known[0]))
            elif (identity := identities.get(path)) is not None:
                heads.append((path, known[0], identity))
        below.append((tuple(read), tuple(heads)))
    return below


def _modules_below(
    folder: str,
    tops: list[str],
    called: dict[str, set[str]],
    modules: Mapping[str, FilesRead],
    heads: Mapping[str, Heads],
) -> list[tuple[FilesRead, Heads]]:
    """For each of `tops` (real paths of the roots up `folder`'s chains), what the caller scan read whole of the `.tf`
    files of the module folders below it on them, its own and `folder`'s included, and the first bytes it read of
    those over its limit: its loader reads those (`modules.parse_file`), not the files (read on from the first bytes:
    marked.continued)."""
    found = _below(confine.real_path(folder), tops, called)
    return [
        (
            tuple(read for met in sorted(below) for read in modules.get(met, ())),
            tuple(head for met in sorted(below) for head in heads.get(met, ())),
        )
        for below in found
    ]


_MAX_ALIASES = 16  # the paths through symlinked folders one module (template) is resolved from, at most


def _resolve(
    writes: dict[str, tuple[str, list[str]]], aliases: dict[str, set[str]] | None = None
) -> dict[str, set[str]]:
    """What calls what, by real path, from what each module folder (template) names (by real path → the
    folder it resolves from, the paths). A path is resolved from its caller's folder as the walk meets
    it, and again from each path that caller is called by through a symlinked folder: Terraform, and a
    nested template's loader, resolve `../n` in a module called as `../link` lexically (`link/../n` is
    `n`, wherever `link` leads), where the walk met the module's files at `link`'s target. Those other
    folders go to `aliases` (by caller), from which its patterns are matched too (`_matched`)."""
    called: dict[str, set[str]] = {}
    pending = [(key, folder) for key, (folder, _) in writes.items()]
    counted: dict[str, int] = {}  # callee → how many paths it was resolved from
    met: set[tuple[str, str]] = set()
    while pending:
        key, folder = pending.pop()
        for written in writes[key][1]:
            if ANY_TEXT in written:
                continue  # (a pattern: `_matched`)
            lexical = os.path.normpath(os.path.join(folder, written))
            try:
                callee = confine.real_path(lexical)
            except ValueError:  # (a NUL in the text)
                continue
            called.setdefault(callee, set()).add(key)
            if lexical == callee or callee == key or callee not in writes:
                continue  # (no symlink on the way, a module calling itself, or one that calls nothing)
            alias = (callee, lexical if writes[callee][0] == callee else os.path.dirname(lexical))
            if alias not in met and counted.get(callee, 0) < _MAX_ALIASES:  # (a symlink loop: a new path each time)
                met.add(alias)
                counted[callee] = counted.get(callee, 0) + 1
                pending.append(alias)
                if aliases is not None:
                    aliases.setdefault(callee, set()).add(alias[1])
    return called


def holds_module(folder: str) -> bool:
    """Whether `folder` holds a module's `.tf` files: a plan found there is not linted, the module is."""
    try:
        return any(name.endswith(".tf") for name in os.listdir(folder or "."))
    except OSError:
        return False


def _through_link(path: str) -> bool:
    """Whether a folder of the relative `path` is a symlink: a walk from here never enters one, wherever it
    leads (`c/nat.json` where `c` leads out of the tree: the tree of its folder would be where it leads)."""
    if os.path.isabs(path):
        return False
    current = ""
    for part in os.path.dirname(path).replace("\\", "/").split("/"):
        if part in ("", "."):
            continue
        current = os.path.join(current, part)
        if part != ".." and os.path.islink(current):
            return True
    return False


def _plan_beside_tf(path: str, kind: Callable[[str], str]) -> bool:
    """A staged plan in a module's folder stands for the module, as a staged `.tf` file does: a walk lints
    the module, not the plan (`plan.load_plan`). Only a `.json` file in such a folder is read to tell (`kind`)."""
    return path.lower().endswith(".json") and holds_module(os.path.dirname(path)) and kind(path) == TERRAFORM_PLAN


def skipped_folder(name: str) -> bool:
    """A folder a walk never enters."""
    return name in SKIP_DIRS or confine.is_git(name)


def _in_skipped_folder(path: str, tree: str) -> bool:
    """Whether a folder of `path` below its tree is one a walk never enters."""
    here = os.path.abspath(path)
    inside = os.path.relpath(here, tree) if here.startswith(tree + os.sep) else os.path.normpath(path)
    return any(map(skipped_folder, inside.split(os.sep)[:-1]))


#: A comment line (the call on it is commented out).
_COMMENT = on_use(rb"[ \t]*(?:#|//)")


def _local_calls(text: bytes) -> Iterator[str]:
    """The local module sources in a `.tf` or `.tf.json` file's `text`, outside comment lines (a
    commented-out module block)."""
    commented, after = False, 0  # whether the last match's line is a comment, where that match starts
    for match in _LOCAL_SOURCE.finditer(text):
        start = text.rfind(b"\n", after, match.start()) + 1  # (from the last match only: a long line is read once)
        if start or not after:  # a new line (or the first)
            commented = _COMMENT.match(text, start) is not None
        after = match.start()
        if commented:
            continue
        written = match.group(1).decode("utf-8", "replace")
        if "\\" in written:  # an escape Terraform decodes (`\/` in JSON, `\u002e`): the path it names
            import json  # (rare: not imported by a run that reads no JSON)

            try:
                written = json.loads(f'"{written}"')
            except ValueError:
                continue
        if written.startswith(("./", "../")):
            yield written


def _above(
    start: str,
    called: dict[str, set[str]],
    settled: Callable[[str], bool],
    excluded: Callable[[str], bool],
    memo: dict[str, list[str]] | None = None,
) -> tuple[list[str], set[str]]:
    """The callers up `start`'s chains of calls (by real path; `start` itself when it has none) that no
    caller calls but one `settled` or `excluded`, and every folder (template) met. `memo` keeps the tops
    found above each start, for the starts of one `settled`: the staged modules of one long chain each
    walked the whole chain above them."""
    tops, seen, pending = [], {start}, [start]
    while pending:
        current = pending.pop()
        if current != start and memo is not None and (known := memo.get(current)) is not None:
            tops.extend(known)  # (its tops: those above it are above `start` too)
            continue
        callers = {c for c in called.get(current, set()) - {current} if not excluded(c)}
        unsettled = sorted(c for c in callers if not settled(c))
        if not unsettled:
            tops.append(current)
        pending.extend(c for c in unsettled if c not in seen)
        seen.update(unsettled)
    tops = sorted(set(tops))
    if memo is not None:
        memo[start] = tops
    return tops, seen


def _roots(folder: str, called: dict[str, set[str]], excluded: Callable[[str], bool] = lambda p: False) -> list[str]:
    """The folders (templates) that call `folder` (nest a template), through any chain of calls, and that
    nothing calls (`folder` itself when nothing does); a caller `excluded` is none, as in a walk, which
    does not lint it: in the form `folder` was written in. When every chain up ends in a cycle of calls
    (module recursion: Terraform loads none of it), every folder met: a walk lints each as a root, and
    each is called, so only what is wrong with them is reported."""
    written = (lambda p: p) if os.path.isabs(folder) else os.path.relpath
    start = confine.real_path(folder)
    tops, seen = _above(start, called, _never, lambda c: excluded(os.path.normpath(written(c))))
    if not tops:  # (every chain up ends in a cycle)
        return sorted(os.path.normpath(written(met)) for met in seen)
    return sorted(os.path.normpath(written(top)) for top in tops if top != start) or [folder]


def standing(
    source: Source,
    calls: Mapping[str, dict[str, set[str]]],
    settled: Callable[[str], bool],
    excluded: Callable[[str], bool] = lambda p: False,
    memo: dict[tuple[str, bool], dict[str, list[str]]] | None = None,
) -> list[Source]:
    """What a walk lints that makes `source`, a module (template) its callers' calls did not make: the
    callers up its chain that nothing `settled` (linted or made by what was) makes, which a walk lints as
    roots, or `source` itself, linted alone, when its callers are all settled: in CI a root calls `m1`
    with `count = 0`, and `m1`, linted as a root of its own, calls `m2`. `memo`: for the sources of one
    round (one `settled`), what `_above` found (by tree, and whether paths are written absolute)."""
    absolute = os.path.isabs(source.path)
    written = (lambda p: p) if absolute else os.path.relpath
    start = confine.real_path(source.path)
    kept = None if memo is None else memo.setdefault((source.tree, absolute), {})
    called = calls.get(source.tree, {})
    tops, _ = _above(start, called, settled, lambda c: excluded(os.path.normpath(written(c))), kept)
    if tops == [start] or not tops:  # (a cycle of calls: none is a top)
        return [source]
    kind = TERRAFORM_MODULE if source.kind == TERRAFORM_MODULE else TEMPLATE
    return [Source(os.path.normpath(written(top)), kind, explicit=True, tree=source.tree) for top in tops]


def _beside(samconfig: str, tree: str, scanned: Mapping[str, tuple[bytes, bool]]) -> list[str]:
    """The templates beside a SAM samconfig file, which its values reach: a commit that changes only its
    `parameter_overrides` changes what they deploy, so pre-commit lints them."""
    folder = os.path.dirname(samconfig)
    entries = _entries(folder or ".", tree)
    if entries is None or not confine.within(folder or ".", tree):
        return []
    return [
        os.path.join(folder, name)
        for name in entries[1]
        if name.lower().endswith(TEMPLATE_SUFFIXES)
        and name not in SAMCONFIG_NAMES
        and not name.endswith(".tf.json")
        and _template_beside(os.path.join(folder, name), scanned)
    ]


def _template_beside(path: str, scanned: Mapping[str, tuple[bytes, bool]]) -> bool:
    """`head_kind` is `template` and `looks_like_template`, on one read of its first bytes: a samconfig stands for
    the templates beside it (and a template others nest, for those at the top of its chain: `_roots`)."""
    known = scanned.get(_real(path))  # (the caller scan's read of its first `_SNIFF_BYTES`)
    head = known[0][:_SNIFF_BYTES] if known is not None and (known[1] or len(known[0]) >= _SNIFF_BYTES) else _head(path)
    if head is None:
        return True  # (its loader says why it cannot be read)
    return (not path.lower().endswith(".json") or head_kind(head) == TEMPLATE) and template_head(head)


def _in_linted_assembly(
    real: str, tree: str, real_seen: set[tuple[str, str]], sniff: Sniff
) -> tuple[str, FilesRead] | None:
    """The real path of the CDK assembly this run lints that the file a link leads to belongs to
    (`cdk.out/App.template.json`), with what was read of its stages' manifests to tell, for its loader: linted there, in
    the CDK app's words, it is no loose template too (every finding twice, a NAT gateway priced twice)."""
    assembly = _assembly_of(real, tree or confine.tree_of(real), True, sniff)
    if assembly is None or (found := (_real(assembly[0]), CDK_ASSEMBLY)) not in real_seen:
        return None
    return found[0], assembly[1]


def _assembly_of(path: str, tree: str, anywhere: bool, sniff: Sniff) -> tuple[str, FilesRead] | None:
    """The CDK cloud assembly a named stack template or manifest belongs to (the outermost, for a stage's),
    with what was read of the manifests on the way (`Source.files_read`): a staged `cdk.out/App.template.json`
    stands for its assembly, as a staged `.tf` file for its module, so that it is linted with its stack
    metadata, its other stacks and in the CDK app's words. `anywhere`: also a file deeper in its folder (an
    asset's, which a walk never lints on its own)."""
    found: str | None = None
    manifests: FilesRead = ()
    folder = os.path.dirname(os.path.abspath(path))
    if anywhere:
        while confine.within(folder, tree) and not os.path.isfile(os.path.join(folder, "manifest.json")):
            if folder == (folder := os.path.dirname(folder)):
                break
    while confine.within(folder, tree) and confine.inside(manifest := os.path.join(folder, "manifest.json"), tree):
        assembly, read = sniff(manifest, os.path.isfile(os.path.join(folder, "cdk.out")))
        if not assembly:
            break
        found, manifests = folder, manifests + read
        folder = os.path.dirname(folder)
    if found is None:
        return None
    return os.path.normpath(os.path.relpath(found) if not os.path.isabs(path) else found), manifests


def _walk(top: str, tree: str, once, walks: tuple[str, ...] = (), sniff: Sniff | None = None) -> Iterator[Source]:
    """Folders depth-first in name order, as `os.walk` would, but with an explicit stack. A file is passed to
    `once` with its real path, or as `linked` when it is a symlink (resolved there, only if need be): the
    walk never enters a symlinked folder, so the real path of each other follows from its folder's."""
    pending = [(top, confine.real_path(top))]
    while pending:
        root, real_root = pending.pop()
        entries = _entries(root, tree)
        if entries is None:
            yield from once(Source(os.path.normpath(root), UNLISTABLE, tree=tree, walks=walks))
            continue
        folders, files, special, links = entries
        if "manifest.json" in special and "cdk.out" in files:
            # a FIFO or a device where CDK writes its manifest: the assembly's loader says so (E9600)
            yield from once(Source(os.path.normpath(root), CDK_ASSEMBLY, tree=tree, walks=walks), real_root)
            continue
        read: FilesRead = ()  # (a `manifest.json` that is no assembly's: its bytes, for its own source)
        if "manifest.json" in files:
            assembly, read = (sniff or sniff_manifest)(os.path.join(root, "manifest.json"), "cdk.out" in files)
            if assembly:  # its templates (and nested stage assemblies) belong to the assembly
                assembly_source = Source(os.path.normpath(root), CDK_ASSEMBLY, tree=tree, walks=walks, files_read=read)
                yield from once(assembly_source, real_root)
                continue
        if any(name.endswith(TERRAFORM_SUFFIXES) for name in files):
            yield from once(Source(os.path.normpath(root), TERRAFORM_MODULE, tree=tree, walks=walks), real_root)
        for name in files:
            if name.lower().endswith(TEMPLATE_SUFFIXES) and not name.endswith(".tf.json"):
                full = os.path.normpath(os.path.join(root, name))
                source = Source(
                    full, kind_of(full), tree=tree, walks=walks, files_read=read if name == "manifest.json" else ()
                )
                if name in links:
                    yield from once(source, linked=True)
                else:
                    yield from once(source, os.path.join(real_root, name))
        pending.extend((os.path.join(root, name), os.path.join(real_root, name)) for name in reversed(folders))


def _entries(folder: str, tree: str) -> tuple[list[str], list[str], set[str], set[str]] | None:
    """(sub-folders to walk, files that may be read, the names of what is neither: FIFOs, devices,
    sockets, the files that are symlinks), sorted; None for a folder that cannot be listed."""
    folders: list[str] = []
    files: list[str] = []
    special: set[str] = set()
    links: set[str] = set()
    try:
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda entry: entry.name)
    except OSError:
        return None
    for entry in entries:
        try:
            if entry.is_dir(follow_symlinks=False):
                if not skipped_folder(entry.name):
                    folders.append(entry.name)
            elif entry.is_symlink():
                if confine.inside(entry.path, tree) is not None:
                    files.append(entry.name)
                    links.add(entry.name)
            elif stat.S_ISREG(entry.stat(follow_symlinks=False).st_mode):
                files.append(entry.name)
            else:
                special.add(entry.name)
        except OSError:
            continue
    return folders, files, special, links


def is_auto_var_file(path: str) -> bool:
    """A var file Terraform reads without being told (so it belongs to its folder's module)."""
    name = os.path.basename(path)
    return name in AUTO_VAR_FILES or name.endswith(AUTO_VAR_SUFFIXES)


def file_kind(path: str) -> str:
    """`head_kind` of a `.json` file's first bytes (`template` when they cannot be read: its loader says why),
    else `template`: for what a file stands for before it is loaded (pre-commit: a staged plan beside `.tf` files
    stands for the module, a nested template for the tops of its chain)."""
    if path.lower().endswith(".json"):
        return head_kind(_head(path, PLAN_SNIFF) or b"")
    return TEMPLATE


def head_kind(head: bytes) -> str:
    """`terraform-plan` for `terraform show -json` output (judged by the top-level keys of its first
    `PLAN_SNIFF` bytes, `head`: `plan_keys`, or `sorted_plan_keys` when they are cut short), and for the log
    `terraform plan -json` writes (whose loader says it is not a plan, and how to write one), else `template`.
    A plan's loader reads what turns out to be none as a template."""
    head = _utf8(head[:PLAN_SNIFF])  # (what a longer read holds past them decides nothing)
    if is_ui_log(head.decode("utf-8-sig", "replace")):
        return TERRAFORM_PLAN
    cut = len(head) >= PLAN_SNIFF
    # (the keys a plan needs, as written, before the scan: a template's JSON holds none of them)
    if b'"format_version"' in head or (cut and (b'"configuration"' in head or b'"checks"' in head)):
        keys = top_keys(head)
        if plan_keys(keys) or (cut and sorted_plan_keys(keys, head)):
            return TERRAFORM_PLAN
    return TEMPLATE


PLAN_SNIFF = 4096  # bytes of a JSON file `head_kind` decides on


#: Top-level keys `terraform show -json` writes beside `format_version` (first `terraform_version`, then the
#: plan's parts; a state's `values`: its loader says it is no plan).
_PLAN_KEYS = frozenset(
    {b"terraform_version", b"planned_values", b"resource_changes", b"configuration", b"prior_state", b"values"}
)
#: Top-level keys only a template has (CloudFormation refuses any other key, Terraform writes neither).
TEMPLATE_KEYS = frozenset({b"AWSTemplateFormatVersion", b"Resources"})


def plan_keys(keys: set[bytes]) -> bool:
    """Whether a JSON document's top-level `keys` (`top_keys`, maybe of its first bytes only) are a Terraform
    plan's: `format_version` with `terraform_version` or a part of the plan, and no template's key. A template
    may hold those words anywhere else (a parameter, a Metadata key, a string): they are no plan's there."""
    return b"format_version" in keys and bool(keys & _PLAN_KEYS) and not keys & TEMPLATE_KEYS


#: The top-level keys `terraform show -json` writes before `format_version` when they are sorted (`jq -S`,
#: `json.dumps(sort_keys=True)`): `configuration`, the module's whole text, may push it past any sniff.
_SORTED_FIRST = frozenset({b"applyable", b"checks", b"complete", b"configuration", b"errored"})


def sorted_plan_keys(keys: set[bytes], head: bytes) -> bool:
    """Whether the top-level keys of a JSON document's first bytes, cut short, are those of a plan whose keys
    are sorted: only what sorts before `format_version`, and `configuration` (first `provider_config` or
    `root_module` in it) or, where the check results before it run past the sniff, `checks` (a list of
    `{"address": {"kind": …`). No template has a lowercase top-level key (CloudFormation refuses one), and
    other JSON rarely these: what is no plan after all its loader reads whole, then as a template."""
    if not keys <= _SORTED_FIRST:
        return False
    if b"configuration" in keys:
        return _first_keys(head, b"configuration", 1) in ([b"provider_config"], [b"root_module"])
    return b"checks" in keys and _first_keys(head, b"checks", 2) == [b"address", b"kind"]


def _first_keys(head: bytes, key: bytes, most: int) -> list[bytes] | None:
    """The first keys, each within the one before, of what a top-level `key` of a JSON document's first bytes
    holds (through a list's first item), at most `most`; None without that key."""
    found: list[bytes] = []
    depth, last, inside = 0, b"", 0
    for match in _JSON_TOKEN.finditer(head):
        token = match.group()
        if token in (b"{", b"["):
            depth += 1
        elif token in (b"}", b"]"):
            if inside:
                return found
            depth -= 1
            if depth <= 0:
                return None
        elif token == b":" and last.startswith(b'"'):
            if inside and depth > inside:
                found.append(last[1:-1])
                if len(found) == most:
                    return found
                inside = depth
            elif inside:
                return found
            elif depth == 1 and last[1:-1] == key:
                inside = 1
        last = token
    return found if inside else None


#: A JSON string, or a bracket or colon outside one (`top_keys`).
_JSON_TOKEN = on_use(rb'"(?:[^"\\]|\\[\s\S])*"?|[{}\[\]:]')  # (a string left open runs to the end: linear)


def top_keys(head: bytes) -> set[bytes]:
    """The keys of the top-level object of a JSON document's first bytes (as written, escapes kept): a light
    scan of strings and brackets, which a document cut anywhere cannot mislead into a deeper key."""
    keys: set[bytes] = set()
    if not head.lstrip(b" \t\r\n\xef\xbb\xbf").startswith(b"{"):
        return keys
    depth, last = 0, b""
    for match in _JSON_TOKEN.finditer(head):
        token = match.group()
        if token in (b"{", b"["):
            depth += 1
        elif token in (b"}", b"]"):
            depth -= 1
            if depth <= 0:
                break  # (the top-level object ends: what follows is no key of it)
        elif token == b":" and depth == 1 and last.startswith(b'"'):
            keys.add(last[1:-1])
        last = token
    return keys


#: In every message of Terraform's machine-readable UI (`terraform plan -json`, `apply -json`): a log, not a plan
TERRAFORM_UI_LOG = b'"@module":"terraform.ui"'


def is_ui_log(text: str) -> bool:
    """Whether a file's text (or its first bytes) is Terraform's machine-readable UI (JSON Lines), judged by its
    first message: a short first line that is an object from `terraform.ui` (a plan is one document, mostly on
    one line; a template may hold the words anywhere, `"Metadata": {"@module":"terraform.ui"}`)."""
    from lambda6lint.loaders.common import jsonmarks  # (no copy of a 100 MB text: not text.lstrip())

    start = jsonmarks.skip_blanks(text, 0)
    first, newline, _ = text[start : start + 65536].partition("\n")
    if not newline or TERRAFORM_UI_LOG.decode() not in first:
        return False
    import json

    try:
        message = json.loads(first)
    except ValueError:
        return False
    return isinstance(message, dict) and message.get("@module") == "terraform.ui"


def _utf8(head: bytes) -> bytes:
    """`head` as UTF-8: Windows PowerShell's `>` writes UTF-16, read as a plan all the same."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return head.decode("utf-16", "replace").encode()
    return head


def no_plan(path: str) -> str | None:
    """What a JSON file a walk passed by as no plan is, from its first bytes: `log` for Terraform's UI log
    (`is_ui_log`), `state` for `terraform show -json` of a state (`format_version`, `terraform_version` and
    `values`, none of a plan's parts: `plan.load_plan`), else None."""
    head = _utf8(_head(path, PLAN_SNIFF) or b"")
    if is_ui_log(head.decode("utf-8-sig", "replace")):
        return "log"
    keys = top_keys(head)
    state = {b"format_version", b"terraform_version", b"values"} <= keys and not keys & (_PLANNED | TEMPLATE_KEYS)
    return "state" if state else None


_PLANNED = frozenset({b"planned_values", b"resource_changes"})  # (what a plan has and a state has not)
#: The templates `sam build` writes in a `.aws-sam` folder, which a walk never enters (`SKIP_DIRS`).
SAM_BUILT = tuple(os.path.join("build", "template" + suffix) for suffix in (".yaml", ".yml", ".json"))


def sam_builds(paths: Iterable[str], most: int = 3) -> list[str]:
    """Up to `most` templates `sam build` wrote in the folders `paths` walk (`SAM_BUILT`): a run that found
    nothing else names them (engine), or it would say only "no templates found" of a tree that holds one."""
    found: list[str] = []
    for top in paths:
        if not os.path.isdir(top):
            continue
        for root, folders, _ in os.walk(top):
            if ".aws-sam" in folders:
                found += [p for name in SAM_BUILT if os.path.isfile(p := os.path.join(root, ".aws-sam", name))]
            folders[:] = sorted(name for name in folders if not skipped_folder(name))
            if len(found) >= most:
                return found[:most]
    return found


def _head(path: str, size: int = _SNIFF_BYTES) -> bytes | None:
    """The first `size` bytes of a regular file; None when it cannot be read."""
    try:
        return confine.read_regular(path, size)[:size]
    except OSError:
        return None


def looks_like_template(path: str) -> bool:
    """A cheap byte sniff: is this file worth parsing as CloudFormation/SAM? A template-named file
    that cannot be read is: reading it again reports why (E9600) rather than skipping it silently."""
    head = _head(path)
    return True if head is None else template_head(head)


def template_head(head: bytes) -> bool:
    """`looks_like_template` on a file's first bytes already read."""
    return b"AWSTemplateFormatVersion" in head or (b"Resources" in head and b"AWS::" in head)


#: What discovery reads of a `manifest.json`, at most (and one byte more, to tell it is larger): as much as the
#: assembly's loader reads (its limit for manifests), so that the loader reads it from `Source.files_read`.
MANIFEST_BYTES = 5 * 1024 * 1024
_MANIFEST_SNIFF = 4 * 1024 * 1024  # what `assembly_head` decides on


def read_manifest(manifest: str, versioned: bool = False) -> FilesRead | None:
    """None when `manifest` is not a CDK cloud assembly's (`assembly_head`), else what was read of it, for
    its loader: `((absolute path, bytes),)`, or `()` when it could not be read (the loader tries, and says why)."""
    assembly, read = sniff_manifest(manifest, versioned)
    return read if assembly else None


def sniff_manifest(manifest: str, versioned: bool = False, whole: bytes | None = None) -> tuple[bool, FilesRead]:
    """Whether `manifest` is a CDK cloud assembly's (`assembly_head`), and what was read of it for its loader
    (`read_manifest`). Of one that is none (a web app's `manifest.json`), its bytes when they are the whole file,
    for its `json-file` loader, which reads them rather than the file again (a plan's limit is larger). `whole`: the
    file's bytes, read whole already (at most `MANIFEST_BYTES`)."""
    try:
        data = confine.read_regular(manifest, MANIFEST_BYTES) if whole is None else whole
    except OSError:
        return assembly_head(b"", versioned), ()
    if not assembly_head(data[:_MANIFEST_SNIFF], versioned):  # (the whole of a smaller one, no copy)
        return False, ((os.path.abspath(manifest), data),) if len(data) <= MANIFEST_BYTES else ()
    return True, ((os.path.abspath(manifest), data),)


def assembly_head(head: bytes, versioned: bool = False) -> bool:
    """Whether a manifest's first 4 MB, `head`, are a CDK cloud assembly's: its artifacts include CloudFormation
    stacks or nested assemblies. One that is not JSON in them (cut short, a merge conflict, larger, unread) is
    one too when they name those or it is `versioned` (the `cdk.out` file CDK writes beside every manifest is
    there): the assembly's loader reads it whole and says what is wrong with it (E9600), where its templates
    read as plain ones would be linted in CloudFormation's words and say nothing of it."""
    named = b"aws:cloudformation:stack" in head or b"cdk:cloud-assembly" in head
    if not named and not versioned:
        return False
    import json

    try:
        manifest_doc = json.loads(head)
    except (ValueError, RecursionError):
        return True
    artifacts = manifest_doc.get("artifacts") if isinstance(manifest_doc, dict) else None
    return named and isinstance(artifacts, dict)
