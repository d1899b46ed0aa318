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
from lambda6lint.loaders.common.errors import InputError
from lambda6lint.loaders.common.marked import MAX_BYTES, read_source

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


def packaged(doc: Any) -> list[str]:
    """The local relative paths a template names for `package` to upload (`PACKAGED`), as written, each
    once: only named (a function's code folder, a state machine's definition), never read. A folder's files
    are the code `package` zips (engine._passed_over): `beside` keeps none above the template."""
    found: dict[str, None] = {}
    resources = doc.get("Resources") if isinstance(doc, dict) else None
    globals_ = doc.get("Globals") if isinstance(doc, dict) else None
    function = globals_.get("Function") if isinstance(globals_, dict) else None
    inherited = function.get("CodeUri") if isinstance(function, dict) else None
    for resource in resources.values() if isinstance(resources, dict) else ():
        kind = resource.get("Type") if isinstance(resource, dict) else None
        paths = _PACKAGED_BY_TYPE.get(kind, ()) if isinstance(kind, str) else ()
        properties = resource.get("Properties") if paths else None
        values = [v for path in paths for v in _at(properties, path)]
        if (
            kind == "AWS::Serverless::Function"
            and inherited is not None
            and not (isinstance(properties, dict) and "CodeUri" in properties)
        ):
            values.append(inherited)  # (`sam package`: Globals.Function.CodeUri, for a function without its own)
        for value in values:
            where = local_path(value)  # (an intrinsic, a bucket's {S3Bucket, S3Key}: none)
            if where is not None and not os.path.isabs(where):
                found.setdefault(where)
    return list(found)


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


def read(path: str, doc: Any, tree: str) -> dict[str, str]:
    """The text of each local snippet the template at `path` includes, by the `key` of its `Location`,
    and of each local OpenAPI document its SAM APIs name (`definitions`)."""
    found: dict[str, str] = {}
    folder = os.path.dirname(path)
    size = 0
    for where in locations(doc):
        if len(found) >= MAX_INCLUDES or size > MAX_INCLUDE_BYTES:
            break
        full = confine.inside(os.path.normpath(os.path.join(folder, where)), tree)
        try:
            text = read_source(full) if full is not None else ""
        except InputError:
            text = ""  # unreadable: unknown, as a snippet elsewhere
        size += len(text)
        found[key(where)] = text if size <= MAX_INCLUDE_BYTES else ""  # (past the budget: unknown)
    return {where: text for where, text in found.items() if text}
