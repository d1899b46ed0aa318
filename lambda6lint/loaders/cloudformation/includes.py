"""`Fn::Transform: {Name: AWS::Include, Parameters: {Location: ./api.yaml}}`: snippets a template takes
from a local file, which `aws cloudformation package` and `sam package` upload (a path relative to
the template's folder), and the local OpenAPI documents of SAM APIs (`DefinitionUri: ./api.yaml`),
which `sam package` uploads too. Read here so that what an API's OpenAPI document says (its IP
address type, whether its execute-api endpoint is off) is known.

Only local paths are read (`local_path`, which nested.py uses for nested templates too), inside the
tree (confine.py), each at most once, at most `MAX_INCLUDES` and `MAX_INCLUDE_BYTES` per template;
what cannot be read stays unknown, as any snippet elsewhere (`s3://`).
"""

from __future__ import annotations

import os

from lambda6lint import confine
from lambda6lint.loaders.cloudformation.intrinsics import is_loop
from lambda6lint.loaders.cloudformation.parameters import Listed
from lambda6lint.loaders.common.errors import InputError
from lambda6lint.loaders.common.marked import MAX_BYTES, Handed, handed_start, read_source

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator
    from typing import Any

MAX_INCLUDES = 32
MAX_INCLUDE_BYTES = 2 * MAX_BYTES  # all of a template's snippets


#: SAM APIs whose `DefinitionUri` may name a local OpenAPI document (`sam package` uploads it).
DEFINED = ("AWS::Serverless::Api", "AWS::Serverless::HttpApi")


def mentions(text: str) -> bool:
    """Template text that may include a snippet or name a local OpenAPI document (cheap: decides
    whether to look)."""
    return "AWS::Include" in text or "DefinitionUri" in text


def location(node: Any) -> str | None:
    """The `Location` of an `AWS::Include` transform node, when it is a local path."""
    transform = node.get("Fn::Transform") if isinstance(node, dict) and len(node) == 1 else None
    if not isinstance(transform, dict) or transform.get("Name") != "AWS::Include":
        return None
    parameters = transform.get("Parameters")
    return local_path(parameters.get("Location") if isinstance(parameters, dict) else None)


def local_path(value: Any) -> str | None:
    """The file a `Location` or `TemplateURL` names, when it is a local path (not a URL, not a SAR
    application): what `aws cloudformation package` would upload."""
    if not isinstance(value, str) or not value.strip() or "\0" in value or "://" in value:
        return None
    if value.startswith(("s3:", "http:", "https:")):
        return None
    return value.strip()


#: Where `aws cloudformation package` and `sam package` take a local file or folder to upload, as (resource
#: type, property path; `*`: each key of a mapping there): the AWS CLI's RESOURCES_EXPORT_LIST and SAM CLI's
#: RESOURCES_WITH_LOCAL_PATHS (a SAM GraphQLApi's resolvers' and functions' CodeUri; a function without a
#: CodeUri of its own takes Globals.Function's: `packaged`). A file named there belongs to the template's run
#: (engine._passed_over), though nothing reads it.
PACKAGED = (
    ("AWS::ApiGateway::RestApi", "BodyS3Location"),
    ("AWS::ApiGatewayV2::Api", "BodyS3Location"),
    ("AWS::AppSync::FunctionConfiguration", "CodeS3Location"),
    ("AWS::AppSync::FunctionConfiguration", "RequestMappingTemplateS3Location"),
    ("AWS::AppSync::FunctionConfiguration", "ResponseMappingTemplateS3Location"),
    ("AWS::AppSync::GraphQLSchema", "DefinitionS3Location"),
    ("AWS::AppSync::Resolver", "CodeS3Location"),
    ("AWS::AppSync::Resolver", "RequestMappingTemplateS3Location"),
    ("AWS::AppSync::Resolver", "ResponseMappingTemplateS3Location"),
    ("AWS::CloudFormation::ModuleVersion", "ModulePackage"),
    ("AWS::CloudFormation::ResourceVersion", "SchemaHandlerPackage"),
    ("AWS::CloudFormation::Stack", "TemplateURL"),
    ("AWS::CloudFormation::StackSet", "TemplateURL"),
    ("AWS::CodeCommit::Repository", "Code.S3"),
    ("AWS::ElasticBeanstalk::ApplicationVersion", "SourceBundle"),
    ("AWS::Glue::Job", "Command.ScriptLocation"),
    ("AWS::Lambda::Function", "Code"),
    ("AWS::Lambda::LayerVersion", "Content"),
    ("AWS::Serverless::Api", "DefinitionUri"),
    ("AWS::Serverless::Application", "Location"),
    ("AWS::Serverless::Function", "CodeUri"),
    ("AWS::Serverless::GraphQLApi", "Functions.*.CodeUri"),
    ("AWS::Serverless::GraphQLApi", "Resolvers.*.*.CodeUri"),
    ("AWS::Serverless::GraphQLApi", "SchemaUri"),
    ("AWS::Serverless::HttpApi", "DefinitionUri"),
    ("AWS::Serverless::LayerVersion", "ContentUri"),
    ("AWS::Serverless::StateMachine", "DefinitionUri"),
    ("AWS::StepFunctions::StateMachine", "DefinitionS3Location"),
)
#: The same in the template's `Metadata` (the AWS CLI's and SAM CLI's METADATA_WITH_LOCAL_PATHS): what `package`
#: uploads for an application published to the Serverless Application Repository.
PACKAGED_METADATA = (
    ("AWS::ServerlessRepo::Application", "LicenseUrl"),
    ("AWS::ServerlessRepo::Application", "ReadmeUrl"),
)
_PACKAGED_BY_TYPE: dict[str, list[list[str]]] = {}
for _type, _path in PACKAGED:
    _PACKAGED_BY_TYPE.setdefault(_type, []).append(_path.split("."))


def _at(value: Any, path: list[str]) -> Iterator[Any]:
    """The values at `path` under `value` (`*`: each of a mapping's values); none where it is no mapping."""
    values = [value]
    for name in path:
        values = [
            v
            for node in values
            if isinstance(node, dict)
            for v in (node.values() if name == "*" else (node.get(name),))
        ]
    return iter(values)


#: Copies of a loop's resources whose local paths `packaged` writes out, at most, per loop (nested loops multiply):
#: past it, the paths its resources write with the loop's identifiers name nothing.
MAX_LOOP_COPIES = 256
#: Characters of the paths `packaged` writes out for loops' copies, at most, in all: a long `Fn::Sub` path in a
#: loop of 256 items is 256 new strings (a 4 MB template took 2 GB); past it, those paths name nothing.
MAX_LOOP_TEXT = MAX_BYTES


def packaged(doc: Any, values: dict[str, str] | None = None) -> list[str]:
    """The local relative paths a template names for `package` to upload (`PACKAGED`, `PACKAGED_METADATA`), as
    written, each once: only named (a function's code folder, a state machine's definition, a SAR application's
    readme), never read. A folder's files are the code `package` zips (engine._passed_over): `beside` keeps
    none above the template. The resources of `Fn::ForEach` loops name theirs too: a path written in their
    identifiers (`!Sub src/${Name}`) for each item of a collection written, or a parameter's given in `values`
    (as foreach.py expands them, but only the paths: not a copy of the loop for each item); else none."""
    if not isinstance(doc, dict):
        return []
    found: dict[str, None] = {}
    listed = Listed(values or {})
    globals_ = doc.get("Globals")
    function = globals_.get("Function") if isinstance(globals_, dict) else None
    inherited = function.get("CodeUri") if isinstance(function, dict) else None
    metadata = doc.get("Metadata")
    written: list[tuple[Any, list[dict[str, str]]]] = [
        (v, [{}]) for key, name in PACKAGED_METADATA for v in _at(metadata, [key, name])
    ]
    pending: list[tuple[Any, list[dict[str, str]]]] = [(doc.get("Resources"), [{}])]
    while pending:  # (a loop's third part holds resources, and loops, made for each item of its collection)
        current, items = pending.pop()
        for key, resource in current.items() if isinstance(current, dict) else ():
            kind = resource.get("Type") if isinstance(resource, dict) else None
            paths = _PACKAGED_BY_TYPE.get(kind) if isinstance(kind, str) else None
            if paths is None:  # (most resources: nothing `package` uploads; a loop is a list, no mapping)
                if isinstance(resource, list) and len(resource) == 3 and isinstance(resource[0], str) and is_loop(key):
                    pending.append((resource[2], _copies(resource[0], resource[1], items, listed)))
                continue
            if is_loop(key):
                continue
            properties = resource.get("Properties")
            written += [(v, items) for path in paths for v in _at(properties, path)]
            if (
                kind == "AWS::Serverless::Function"
                and inherited is not None
                and not (isinstance(properties, dict) and "CodeUri" in properties)
            ):
                written.append((inherited, items))  # (`sam package`: Globals.Function.CodeUri, for one without its own)
    spent = 0
    for value, items in written:
        looped = items != [{}]  # (`sam package` takes a loop's `Fn::Sub` path, as the transform makes it: no other)
        sub = value.get("Fn::Sub") if looped and isinstance(value, dict) and len(value) == 1 else None
        if isinstance(sub, str):
            if spent + len(sub) * len(items) > MAX_LOOP_TEXT:
                continue
            spent += len(sub) * len(items)
        for text in (_put(sub, bound) for bound in items) if isinstance(sub, str) else (value,):
            where = local_path(text)  # (an intrinsic, a bucket's {S3Bucket, S3Key}: none)
            if where is not None and not os.path.isabs(where) and "${" not in where and "&{" not in where:
                found.setdefault(where)
    return list(found)


def _copies(identifier: str, collection: Any, items: list[dict[str, str]], listed: Listed) -> list[dict[str, str]]:
    """The identifiers' items of each copy a loop makes inside copies of `items` (the outer loops'): its
    collection written (scalars, an outer identifier's `Ref`), or a parameter's given (`Ref`). Unknown, or past
    MAX_LOOP_COPIES: `items` itself, so paths in its identifier name nothing."""
    made: list[dict[str, str]] = []
    for outer in items:
        if isinstance(collection, dict) and len(collection) == 1 and isinstance(collection.get("Ref"), str):
            found = listed(collection["Ref"], most=MAX_LOOP_COPIES) if listed.values.get(collection["Ref"]) else None
            if found is None:
                return items  # (none given, an empty value as foreach.EMPTY, or more items than it copies)
            names: list[Any] = found
        elif isinstance(collection, list):
            names = [
                outer.get(n["Ref"]) if isinstance(n, dict) and len(n) == 1 and isinstance(n.get("Ref"), str) else n
                for n in collection
            ]
        else:
            return items
        if not all(isinstance(n, (str, int, float)) and not isinstance(n, bool) for n in names):
            return items
        if len(made) + len(names) > MAX_LOOP_COPIES:
            return items
        made += [{**outer, identifier: str(name)} for name in names]
    return made


def _put(text: str, items: dict[str, str]) -> str:
    """`text`, a `Fn::Sub` string, with the loops' items put in (`${Id}`; `&{Id}`: without its non-alphanumeric
    characters), as foreach.py puts them."""
    for identifier, item in items.items():
        text = text.replace(f"${{{identifier}}}", item).replace(f"&{{{identifier}}}", _alphanumeric(item))
    return text


def _alphanumeric(item: str) -> str:
    return "".join(c for c in item if c.isascii() and c.isalnum())


def beside(folder: str, where: str) -> str | None:
    """`where`, a local path the template in `folder` names, from there; None for the template's own folder
    or one above it (`CodeUri: .`, `../infra`): no file, and as a code folder it would hold the template's
    neighbours (engine._passed_over spares the files of the folders a run's templates name)."""
    path = os.path.join(folder, where)
    here, there = os.path.abspath(folder), os.path.abspath(path)
    return None if here == there or here.startswith(os.path.join(there, "")) else path


def key(where: str) -> str:
    """The key of a local path as written in what `read` returns: `./api.yaml` and `api.yaml` are one
    file, read once."""
    return os.path.normpath(where)


def definitions(doc: Any) -> list[str]:
    """The local OpenAPI documents the SAM APIs of a template name in `DefinitionUri`, as written (not
    `Globals`': SAM rejects an Api's there, and an HttpApi's is not a Globals property)."""
    found: list[str] = []
    resources = doc.get("Resources") if isinstance(doc, dict) else None
    holders = (
        [r.get("Properties") for r in resources.values() if isinstance(r, dict) and r.get("Type") in DEFINED]
        if (isinstance(resources, dict))
        else []
    )
    for holder in holders:
        where = local_path(holder.get("DefinitionUri")) if isinstance(holder, dict) else None
        if where is not None and where not in found:
            found.append(where)
    return found


def locations(doc: Any) -> Iterator[str]:
    """Each local path the template's `AWS::Include` transforms and SAM APIs name, once (by `key`), as
    written: what `sam package` uploads, and what a template that names it is read with."""
    seen: set[str] = set()
    stack: list[Any] = [
        {"Fn::Transform": {"Name": "AWS::Include", "Parameters": {"Location": where}}} for where in definitions(doc)
    ]
    stack.append(doc)
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            where = location(node)
            if where is None:
                stack.extend(node.values())
            elif key(where) not in seen:
                seen.add(key(where))
                yield where
        elif isinstance(node, list):
            stack.extend(node)


def read(path: str, doc: Any, tree: str, handed: Handed | None = None) -> dict[str, str]:
    """The text of each local snippet the template at `path` includes, by the `key` of its `Location`,
    and of each local OpenAPI document its SAM APIs name (`definitions`). `handed`: what discovery read of some of
    them, by real path (whole: `Source.files_read`, or their first bytes: `Source.heads`; pre-commit's caller scan of a
    staged one), read rather than the file."""
    found: dict[str, str] = {}
    folder = os.path.dirname(path)
    size = 0
    for where in locations(doc):
        if len(found) >= MAX_INCLUDES or size > MAX_INCLUDE_BYTES:
            break
        full = confine.inside(os.path.normpath(os.path.join(folder, where)), tree)
        started = handed_start(full, handed, os.path.realpath(full)) if handed and full is not None else None
        try:
            text = read_source(full, started=started) if full else ""
        except InputError:
            text = ""  # unreadable: unknown, as a snippet elsewhere
        size += len(text)
        found[key(where)] = text if size <= MAX_INCLUDE_BYTES else ""  # (past the budget: unknown)
    return {where: text for where, text in found.items() if text}
