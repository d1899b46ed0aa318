"""CDK cloud assemblies (`cdk.out`): the stacks a manifest lists, stages, and nested stacks.

Only templates the manifest (or a parent stack) names are read: `tree.json`, asset manifests,
feature-flag and validation reports are not templates. Nested stack templates are found the way
the CDK CLI lays them out: the parent resource's `aws:asset:path` metadata when asset metadata is
on, else the asset hash in its `TemplateURL` matched against `*.assets.json`, else the
`aws:cdk:templateFile` entries of the stack's metadata. A missing or broken piece is an input
error for that piece only; the rest of the assembly is still linted.

Every path a manifest or template names is held to the assembly folder (confine.py): a symlink out
of it, a FIFO or a device is never read. Each template file and each stage folder is read at most
once per assembly, so stages or nested stacks that point back at their parents cannot fan out; the
manifests discovery read to find the assembly come with its source (`Source.files_read`), not read again.
"""

from __future__ import annotations

import collections
import glob
import io
import json
import os
import re

from lambda6lint import confine
from lambda6lint.discover import MANIFEST_BYTES, FilesRead, Source
from lambda6lint.loaders import Document, Loaded, not_linted
from lambda6lint.loaders.cloudformation import mapper, parameters
from lambda6lint.loaders.cloudformation.vocabulary import CDK_VOCABULARY
from lambda6lint.loaders.common import aws
from lambda6lint.loaders.common.errors import InputError, clipped
from lambda6lint.loaders.common.marked import load_text, read_source
from lambda6lint.model import Location

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any, TypeGuard

STACK, NESTED_ASSEMBLY = "aws:cloudformation:stack", "cdk:cloud-assembly"
NESTED_STACK = "AWS::CloudFormation::Stack"
_ASSET_HASH = re.compile(r"([0-9a-f]{64})\.json")
_STRING = re.compile(r'"([^"\\]*)"')  # a JSON string without escapes, as a manifest names a file
_MAX_NESTING = 16
#: A stack with nothing but CDK's bootstrap Parameters/Rules is still a template (e.g. integ-test stacks).
_TEMPLATE_SECTIONS = frozenset(
    {
        "AWSTemplateFormatVersion",
        "Description",
        "Metadata",
        "Parameters",
        "Rules",
        "Mappings",
        "Conditions",
        "Transform",
        "Resources",
        "Outputs",
    }
)


class _Loaded(Loaded):
    """What an assembly gives, and what reading it has used: the tree, the files read."""

    def __init__(
        self, tree: str, options: Any = None, manifests: FilesRead = (), hand: Callable[[Any], Any] | None = None
    ) -> None:
        super().__init__()
        self.tree = tree
        #: What takes a stack that links with nothing once built (the engine checks it then) and gives what stands
        #: in its place among the stacks to link (`_build_alone`)
        self.hand = hand
        #: what discovery read of its manifests, by absolute path: read from here, not from the file again
        self.manifests = dict(manifests)
        self.options = options  # the user's parameter values (`cdk deploy --parameters`) reach its stacks
        self.read: set[str] = set()  # real paths of the templates and stage folders read
        #: real path → (where, why) of a stage or nested stack met past the depth limit: an input error if
        #: the assembly does not read it elsewhere, shallower, before it is done (met first or last)
        self.too_deep: dict[str, tuple[Location, str]] = {}
        self.weak_references = False  # a stack reads another's Outputs (Fn::GetStackOutput)
        #: id(document) → the text of a stack built as soon as read whose Outputs a weak reference read later
        #: may name: parsed again then, to be linked (`load_assembly`)
        self.outputs: dict[int, str] = {}
        # what many stacks share is read once: a metadata file, a folder's asset manifests, where a
        # manifest names each string (thousands of stacks naming one 10 MB file took minutes)
        self.metadata: dict[str, dict] = {}
        self.assets: dict[str, dict[str, str]] = {}
        self.strings: dict[str, dict[str, Location]] = {}
        self.indexed: dict[int, tuple[dict, dict, dict]] = {}  # id(metadata) → (it, construct paths, files)

    def first(self, path: str) -> bool:
        """True the first time a template or folder is met (by real path), False after."""
        real = confine.real_path(path)  # (its folder's found once: realpath reads every part of every path again)
        if real in self.read:
            return False
        self.read.add(real)
        return True


def load_assembly(source: Source, options: Any = None, hand: Callable[[Any], Any] | None = None) -> Loaded:
    loaded = _Loaded(source.path, options, source.files_read, hand)
    loaded.link = mapper.build  # stacks of an assembly import from each other: built together
    loaded.first(source.path)
    # stages are read level by level: each at the least depth it has in the assembly, so that one met
    # first at the end of a long chain is not read there with its own stages past the limit
    stages = collections.deque([(source.path, 0)])
    while stages:
        _read_assembly(*stages.popleft(), loaded, stages)
    loaded.errors += [error for real, error in loaded.too_deep.items() if real not in loaded.read]
    # a stack another reads with Fn::GetStackOutput (CDK's weak references) is linked through its Outputs: one
    # built before that stack was read is parsed again (`_build_alone`)
    if loaded.weak_references:
        for document in loaded.pending:
            if (text := loaded.outputs.get(id(document))) is not None:
                document.doc, document.piece = load_text(text), None
    loaded.outputs.clear()
    return loaded


def _inside(directory: str, relative: Any, tree: str | None = None, folder: bool = False) -> str | None:
    """`relative` joined to `directory`, refusing anything that escapes it; with `tree`, also what
    is not a regular file (a folder) inside the tree, symlinks resolved."""
    if not isinstance(relative, str) or not relative or "\0" in relative:
        return None
    full = os.path.normpath(os.path.join(directory, relative))
    root = os.path.abspath(directory)
    if os.path.commonpath([root, os.path.abspath(full)]) != root:
        return None
    return full if tree is None else confine.inside(full, tree, folder)


def _written(relative: Any) -> TypeGuard[str]:
    """Whether a manifest names a path at all (one `_inside` refuses is outside the assembly)."""
    return isinstance(relative, str) and bool(relative) and "\0" not in relative


def _last_part(path: str) -> str:
    """The name a path ends in, as errors name a file outside the assembly (not where it leads)."""
    return clipped(os.path.basename(path.rstrip("/\\")) or path)


def _json(path: str, manifest: bytes | None = None) -> Any:
    """A manifest's (or metadata file's) JSON; `manifest`: its bytes as discovery read them (`Source.files_read`),
    read as the file would be."""
    started = None if manifest is None else (io.BytesIO(manifest), b"")  # (as much as this reads, and a byte more)
    try:
        return json.loads(read_source(path, MANIFEST_BYTES, "assembly manifests", started=started))
    except json.JSONDecodeError as exc:
        # json's message expects its position after it ("Unterminated string starting at"): the mark says it
        problem = exc.msg.removesuffix(" at").removesuffix(" starting")
        raise InputError(f"not valid JSON: {problem}", exc.lineno, exc.colno, path=path) from None
    except RecursionError:
        raise InputError("nested too deeply", path=path) from None
    except InputError as exc:
        exc.path = exc.path or path
        raise


def _manifest_bytes(path: str, loaded: _Loaded) -> bytes:
    """What discovery read of a manifest (handed with the source: the walk's, a link's question's), or else a read of
    it here, kept where `_line_naming` looks for it (a stage's manifest a walk did not read: an error's line is found
    in these bytes, not in the file again)."""
    if (data := loaded.manifests.get(key := os.path.abspath(path))) is None:
        try:
            data = loaded.manifests[key] = confine.read_regular(path, MANIFEST_BYTES)
        except OSError as exc:  # (as `read_source` says it)
            raise InputError(f"cannot read file: {confine.why_unreadable(path, exc)}", path=path) from None
    return data


def _read_assembly(directory: str, depth: int, loaded: _Loaded, stages: collections.deque[tuple[str, int]]) -> None:
    """The stacks of the assembly at `directory`, `depth` stages down; its stages go to `stages`."""
    manifest_path = os.path.join(directory, "manifest.json")
    try:
        if confine.inside(manifest_path, loaded.tree) is None:
            raise InputError("not a regular file inside the assembly", path=manifest_path)
        manifest = _json(manifest_path, _manifest_bytes(manifest_path, loaded))
    except InputError as exc:
        loaded.errors.append((Location(exc.path or manifest_path, exc.line, exc.column), exc.message))
        return
    artifacts = manifest.get("artifacts") if isinstance(manifest, dict) else None
    if not isinstance(artifacts, dict):
        loaded.errors.append((Location(manifest_path), "cloud assembly manifest without `artifacts`"))
        return
    missing = manifest.get("missing")
    lookups = tuple(
        sorted({str(m["provider"]) for m in missing if isinstance(m, dict) and isinstance(m.get("provider"), str)})
        if isinstance(missing, list)
        else ()
    )
    stacks = sum(isinstance(artifact, dict) and artifact.get("type") == STACK for artifact in artifacts.values())
    for artifact_id, artifact in artifacts.items():
        if not isinstance(artifact, dict):
            continue
        kind = artifact.get("type")
        properties_node = artifact.get("properties")
        properties: dict = properties_node if isinstance(properties_node, dict) else {}
        if kind == NESTED_ASSEMBLY:
            named = properties.get("directoryName")
            inner = _inside(directory, named, loaded.tree, folder=True)
            if inner is None or confine.inside(os.path.join(inner, "manifest.json"), loaded.tree) is None:
                where, problem = Location(manifest_path), "its assembly folder is missing"
                if _written(named) and (
                    (full := _inside(directory, named)) is None or not confine.within(full, loaded.tree)
                ):
                    where = _line_naming(manifest_path, named, loaded)
                    problem = f"its assembly folder {_last_part(named)} is outside the assembly"
                loaded.errors.append((where, f"stage {clipped(artifact_id)}: {problem}"))
            elif depth >= _MAX_NESTING and (real := confine.real_path(inner)) not in loaded.too_deep:
                where = _line_naming(manifest_path, str(artifact_id), loaded)
                message = f"stage {clipped(artifact_id)} not read: stages are read {_MAX_NESTING} levels deep"
                loaded.too_deep[real] = (where, message + " (a safety limit)")
            elif depth < _MAX_NESTING and loaded.first(inner):
                stages.append((inner, depth + 1))
        elif kind == STACK:
            _read_stack(directory, manifest_path, str(artifact_id), artifact, properties, loaded, lookups, stacks > 1)


def _read_stack(
    directory: str,
    manifest_path: str,
    artifact_id: str,
    artifact: dict,
    properties: dict,
    loaded: _Loaded,
    lookups: tuple[str, ...],
    others: bool = False,
) -> None:
    """`others`: whether the manifest names other stacks (linted whatever becomes of this one)."""
    display = clipped(artifact.get("displayName") or artifact_id)
    named = properties.get("templateFile")
    template_path = _inside(directory, named)
    if template_path is None:
        if _written(named):  # (absolute, or up with `../`: never read)
            where = _line_naming(manifest_path, named, loaded)
            loaded.errors.append((where, f"stack {display}: template {_last_part(named)} is outside the assembly"))
            return
        message = f"stack {display}: the manifest names no template file (a CDK v1 assembly without templates?)"
        loaded.errors.append((Location(manifest_path), message))
        return
    if confine.inside(template_path, loaded.tree) is None:
        name = os.path.basename(template_path)
        where = _line_naming(manifest_path, name, loaded)
        if not confine.within(template_path, loaded.tree):  # (outside, whether it exists is not looked at)
            problem = "is outside the assembly"
        elif not os.path.lexists(template_path):  # (a stack of many left out of a copy: the others are linted)
            why = f"its template {clipped(name)} is missing (`cdk synth` writes it)"
            why += "; the manifest's other stacks are linted" if others else ""
            loaded.errors.append((where, not_linted(f"stack {display}", why)))
            return
        else:
            problem = "is not a regular file inside the assembly"
        loaded.errors.append((where, f"stack {display}: template {clipped(name)} {problem}"))
        return
    if not loaded.first(template_path):
        return  # another stack's template, read already
    meta = _Meta(directory, artifact, loaded)
    document = _template(
        template_path,
        loaded,
        stack_name=properties.get("stackName") or artifact_id,
        region=environment_region(artifact.get("environment")),
        lookups=lookups,
    )
    if document is None:
        return
    if _unplaced(document.doc):
        paths = meta.paths()
        document.construct_paths = paths.get(os.path.basename(template_path)) or paths.get(None)
    _nested_stacks(directory, document, meta, loaded, depth=0)
    _build_alone(document, loaded)


def _build_alone(document: Document, loaded: _Loaded) -> None:
    """A stack that links with nothing is built as soon as it is read, so that its parse tree goes then, not
    when the whole assembly is read: holding every stack's tree at once was most of an assembly's memory
    (500 stacks: ~80 MB of ~100). Built, it is handed on (`_Loaded.hand`: checked then, so that the built stacks
    are not all held either; what stands in its place is linked). One with Outputs keeps its text: a stack read
    later may name them (Fn::GetStackOutput), and it is then parsed again and linked, as though never built
    (what stood in its place goes, and with it what checking it alone found: engine.py)."""
    if not mapper.standalone(document):
        return
    if "Outputs" in document.doc and loaded.weak_references:  # (linked: left as it is)
        loaded.outputs.pop(id(document), None)
        return
    piece = mapper.build([document])[0]
    document.piece = piece if loaded.hand is None else loaded.hand(piece)
    document.doc = None


class _Meta:
    """A stack's metadata, read when first asked: the construct paths of resources without `aws:cdk:path` and the
    template files of nested stacks found by neither their asset path nor their hash. A template that names every
    resource's path needs neither (`cdk synth` writes them unless `--no-path-metadata`): its metadata file, as large
    as the template, is not read."""

    __slots__ = ("artifact", "directory", "found", "loaded")

    def __init__(self, directory: str, artifact: dict, loaded: _Loaded) -> None:
        self.directory, self.artifact, self.loaded = directory, artifact, loaded
        self.found: tuple[dict[str | None, dict[str, str]], dict[str, str]] | None = None

    def _indexed(self) -> tuple[dict[str | None, dict[str, str]], dict[str, str]]:
        if self.found is None:
            self.found = _indexed(_metadata(self.directory, self.artifact, self.loaded), self.loaded)
        return self.found

    def paths(self) -> dict[str | None, dict[str, str]]:
        return self._indexed()[0]

    def files(self) -> dict[str, str]:
        return self._indexed()[1]


def _unplaced(doc: dict) -> bool:
    """Whether a resource of the template may take its construct path from the metadata: the mapper looks one up
    for a resource whose `aws:cdk:path` is missing or empty (anything but a resource body counts: a loop's)."""
    resources = doc.get("Resources")
    if not isinstance(resources, dict):
        return True
    for body in resources.values():
        metadata = body.get("Metadata") if isinstance(body, dict) else None
        if not (isinstance(metadata, dict) and metadata.get("aws:cdk:path")):
            return True
    return False


def environment_region(environment: Any) -> str | None:
    """The region of a stack artifact's `environment` (`aws://123456789012/eu-west-1`); None where the stack is
    environment-agnostic (`aws://unknown-account/unknown-region`) or the text is no such URI."""
    if not isinstance(environment, str) or not environment.startswith("aws://"):
        return None
    parts = environment[len("aws://") :].split("/")
    return aws.region(parts[1]) if len(parts) == 2 else None


def _indexed(metadata: dict, loaded: _Loaded) -> tuple[dict[str | None, dict[str, str]], dict[str, str]]:
    """The construct paths and template files of a stack's metadata, found once for all the stacks
    that share it."""
    if id(metadata) not in loaded.indexed:
        loaded.indexed[id(metadata)] = (metadata, _construct_paths(metadata), _template_files(metadata))
    _, paths, files = loaded.indexed[id(metadata)]
    return paths, files


def _line_naming(path: str, text: str, loaded: _Loaded) -> Location:
    """Where `path` first names the JSON string `text` (to point at a manifest entry)."""
    strings = loaded.strings.get(path)
    if strings is None:  # every string of the file at once: many entries of one manifest are pointed at
        strings = loaded.strings[path] = {}
        data = loaded.manifests.get(os.path.abspath(path))  # (a manifest read whole: its JSON was read)
        if data is None:
            try:
                data = confine.read_regular(path, 64 * 1024 * 1024)
            except OSError:
                data = b""
        for number, line in enumerate(data.decode("utf-8", errors="replace").splitlines(), 1):
            for found in _STRING.finditer(line):
                strings.setdefault(found.group(1), Location(path, number, found.start() + 1))
    return strings.get(text) or Location(path)


def _template(path: str, loaded: _Loaded, **fields: Any) -> Document | None:
    try:
        text = read_source(path)
        doc = load_text(text)
    except InputError as exc:
        loaded.errors.append((Location(exc.path or path, exc.line, exc.column), exc.message))
        return None
    if not isinstance(doc, dict) or not (mapper.looks_like_template(doc) or set(doc) <= _TEMPLATE_SECTIONS):
        loaded.errors.append((Location(path), "not a CloudFormation template"))
        return None
    weak = "Fn::GetStackOutput" in text  # CDK's weak cross-stack references link stacks through Outputs
    alone = not weak and mapper.unlinked(text)
    document = Document(path, doc, vocabulary=CDK_VOCABULARY, alone=alone, assembly=loaded.tree, **fields)
    if loaded.options is not None:  # (a nested stack's come from its parent, as for plain templates)
        document.values = parameters.values_for(path, doc, loaded.options, child="parent" in fields)
        if "parent" not in fields:
            loaded.declares += parameters.declared(doc, loaded.options)
    loaded.weak_references = loaded.weak_references or weak
    if alone and "parent" not in fields and "Outputs" in doc:
        loaded.outputs[id(document)] = text  # (`_build_alone`)
    loaded.pending.append(document)
    loaded.files.append(path)
    return document


def _metadata(directory: str, artifact: dict, loaded: _Loaded) -> dict:
    """The stack's metadata: inline (older CDK) or in `additionalMetadataFile`."""
    inline = artifact.get("metadata")
    if isinstance(inline, dict):
        return inline
    path = _inside(directory, artifact.get("additionalMetadataFile"), loaded.tree)
    if path is None:
        return {}
    if path not in loaded.metadata:
        try:
            found = _json(path)
        except InputError:
            found = {}  # metadata only helps find nested stacks; its absence is not an error
        loaded.metadata[path] = found if isinstance(found, dict) else {}
    return loaded.metadata[path]


def _asset_paths(directory: str, loaded: _Loaded) -> dict[str, str]:
    """Asset hash → file, from every `*.assets.json` of the assembly folder (read once per folder)."""
    if directory in loaded.assets:
        return loaded.assets[directory]
    found: dict[str, str] = {}
    loaded.assets[directory] = found
    for manifest in sorted(glob.glob(os.path.join(glob.escape(directory), "*.assets.json"))):
        if confine.inside(manifest, loaded.tree) is None:
            continue
        try:
            files = json.loads(read_source(manifest, MANIFEST_BYTES, "assembly manifests")).get("files", {})
        except (InputError, ValueError, AttributeError, RecursionError):
            continue
        for digest, entry in files.items() if isinstance(files, dict) else []:
            source = entry.get("source") if isinstance(entry, dict) else None
            if isinstance(source, dict) and isinstance(source.get("path"), str):
                found[digest] = source["path"]
    return found


def _template_files(metadata: dict) -> dict[str, str]:
    """Construct path of a (nested) stack → its template file, from `aws:cdk:templateFile` entries."""
    found = {}
    for path, entries in metadata.items():
        for entry in entries if isinstance(entries, list) else []:
            if isinstance(entry, dict) and entry.get("type") == "aws:cdk:templateFile":
                found[str(path).strip("/")] = str(entry.get("data"))
    return found


def _construct_paths(metadata: dict) -> dict[str | None, dict[str, str]]:
    """Template file → {logical id → construct path}, from `aws:cdk:logicalId` metadata entries.

    Gives resources their construct path even when the templates carry no `aws:cdk:path`
    (`--no-path-metadata`, integ-test snapshots). Entries belong to the template of the longest
    `aws:cdk:templateFile` path above them; with no such entries, to the stack's own template (None).
    """
    files = _template_files(metadata)
    lengths = {len(p) for p in files}
    found: dict[str | None, dict[str, str]] = {}
    for path, entries in metadata.items():
        construct = str(path).strip("/")
        owner = None  # the file of the longest templateFile path that is the construct or above it
        for end in sorted((n for n in lengths if n == len(construct) or construct[n : n + 1] == "/"), reverse=True):
            if construct[:end] in files:
                owner = files[construct[:end]]
                break
        for entry in entries if isinstance(entries, list) else []:
            if isinstance(entry, dict) and entry.get("type") == "aws:cdk:logicalId":
                found.setdefault(owner, {})[str(entry.get("data"))] = construct
    return found


def _strings(node: Any) -> list[str]:
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        return [s for value in node.values() for s in _strings(value)]
    if isinstance(node, list):
        return [s for value in node for s in _strings(value)]
    return []


def _nested_stacks(directory: str, parent: Document, stack_meta: _Meta, loaded: _Loaded, depth: int) -> None:
    resources = parent.doc.get("Resources") if isinstance(parent.doc, dict) else None
    if not isinstance(resources, dict):
        return
    hashes: dict[str, str] | None = None
    for logical_id, body in resources.items():
        if not isinstance(body, dict) or body.get("Type") != NESTED_STACK:
            continue
        meta_node, properties_node = body.get("Metadata"), body.get("Properties")
        meta: dict = meta_node if isinstance(meta_node, dict) else {}
        properties: dict = properties_node if isinstance(properties_node, dict) else {}
        relative = meta.get("aws:asset:path")
        if not isinstance(relative, str):
            if hashes is None:
                hashes = _asset_paths(directory, loaded)
            digests = [m.group(1) for s in _strings(properties.get("TemplateURL")) for m in _ASSET_HASH.finditer(s)]
            relative = next((hashes[d] for d in digests if d in hashes), None)
        if not isinstance(relative, str):
            construct = str(meta.get("aws:cdk:path", ""))
            stack_path = construct.split(".NestedStack/")[0] if ".NestedStack/" in construct else None
            relative = stack_meta.files().get(stack_path) if stack_path else None
        path = _inside(directory, relative, loaded.tree)
        if path is None:
            continue  # not a CDK nested stack (e.g. a plain TemplateURL to S3): its resources stay unknown
        if depth >= _MAX_NESTING:
            if (real := confine.real_path(path)) not in loaded.too_deep:
                where = _line_naming(parent.path, str(logical_id), loaded)
                message = f"nested stack {clipped(str(logical_id))} not read: nested stacks are read {_MAX_NESTING}"
                loaded.too_deep[real] = (where, message + " levels deep (a safety limit)")
            continue
        if not loaded.first(path):
            continue  # its own template, a parent's, or one read already: never twice (no fan-out)
        parameters = properties.get("Parameters")
        child = _template(
            path,
            loaded,
            parent=parent,
            parent_resource=str(logical_id),
            parameters=parameters if isinstance(parameters, dict) else {},
            lookups=parent.lookups,
        )
        if child is not None:
            if _unplaced(child.doc):
                child.construct_paths = stack_meta.paths().get(os.path.basename(path))
            _nested_stacks(directory, child, stack_meta, loaded, depth + 1)
