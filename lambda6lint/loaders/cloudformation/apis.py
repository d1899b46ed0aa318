"""API Gateway APIs and custom domains in CloudFormation and SAM: which IP address types they accept.

CloudFormation: `AWS::ApiGateway::RestApi`, `DomainName`, `DomainNameV2` (`EndpointConfiguration`
with `Types` and `IpAddressType`), `AWS::ApiGatewayV2::Api` (`IpAddressType`; an HTTP API imported
from OpenAPI takes it from the document's `x-amazon-apigateway-endpoint-configuration` instead) and
`AWS::ApiGatewayV2::DomainName` (per `DomainNameConfigurations` entry). SAM (Globals merged by the
mapper): `Api` (`EndpointConfiguration` as a type name or a map), `HttpApi` (no such property, only
its `DefinitionBody`), `WebSocketApi`, their `Domain`s, and the implicit `ServerlessRestApi` and
`ServerlessHttpApi` that function events create (research/aws-facts.md §7, §12.2).
"""

from __future__ import annotations

import os
from collections.abc import Callable

from lambda6lint.loaders.cloudformation import includes, sam
from lambda6lint.loaders.cloudformation.vocabulary import SAM_FUNCTION, SAM_GLOBALS
from lambda6lint.loaders.common import aws
from lambda6lint.model import UNKNOWN, Api, ApiMapping, Location, Resource

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from lambda6lint.loaders.cloudformation.mapper import _Builder

SAM_API, SAM_HTTP_API = "AWS::Serverless::Api", "AWS::Serverless::HttpApi"
SAM_STATE_MACHINE = "AWS::Serverless::StateMachine"
#: SAM's implicit APIs: the event type that makes them, the property naming another API instead.
IMPLICIT = {"Api": ("ServerlessRestApi", SAM_API, "RestApiId"), "HttpApi": ("ServerlessHttpApi", SAM_HTTP_API, "ApiId")}


def _private(b: _Builder, api: Api, node: Any) -> None:
    """Whether the endpoint types `node` names make `api` private (None, with why, when unknown)."""
    types = b.intr.struct(node)
    api.private = False
    if types is None:
        return
    items = types if isinstance(types, list) else [types]
    values = [b.intr.scalar(t) for t in items]
    if any(isinstance(v, str) and v.upper() == "PRIVATE" for v in values):
        api.private = True
    elif not all(isinstance(v, str) and "PRIVATE" not in v.upper() for v in values):
        api.private = None
        unknown = next((t for t, v in zip(items, values, strict=True) if not isinstance(v, str)), node)
        b.unknown(api, "private", node if types is UNKNOWN else unknown)


def _ip(b: _Builder, api: Api, holder: Any, key: str = "IpAddressType") -> None:
    """The IP address type `holder[key]` sets, marked where a fix would change it."""
    if isinstance(holder, dict) and key in holder:
        api.ip_address_type = b.intr.scalar(holder[key])
        api.marks["ip_address_type"] = b.loc(holder, key, api.location)
        if api.ip_address_type is UNKNOWN:
            b.unknown(api, "ip_address_type", holder[key])
        elif isinstance(api.ip_address_type, str) and api.ip_address_type.lower() != "dualstack":
            _ip_from_defaults(b, api, holder[key])
    else:
        api.ip_address_type = None


def _ip_from_defaults(b: _Builder, api: Api, node: Any) -> None:
    """Name the parameters whose Defaults give the IP address type (`!Ref IpType`, `!FindInMap [Types,
    !Ref IpType, Value]`): a template that offers the choice is fixed by deploying with another value,
    not by writing `dualstack` over the parameter."""
    if _has_if(node):
        return  # (a branch the Default does not choose may give the same value: the parameter need not matter)
    params = [p for p in b.intr.parameters_in(node) if b.intr.from_default({"Ref": p})]
    if params:
        which = ", ".join(f"`{p}`" for p in params)
        api.hints["ip_how"] = (
            f" (it comes from the Default of parameter{'s' if len(params) > 1 else ''} {which}: pass a value that "
            "gives dualstack, or change the Default)"
        )


def _has_if(node: Any) -> bool:
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if "Fn::If" in item:
                return True
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


#: Why a local document could not be used (includes.py does not keep which).
UNUSABLE = "which cannot be used: missing, outside the folder linted, not YAML or JSON, or over the limits"


def _intrinsic(node: Any) -> bool:
    """A value a function makes when CloudFormation deploys (`Ref` of a parameter, `Fn::If`…), not an
    OpenAPI document as written."""
    return isinstance(node, dict) and any(k == "Ref" or str(k).startswith("Fn::") for k in node)


def _unread(b: _Builder, api: Api, fact: str, node: Any, name: str) -> None:
    """Why `fact` of `api`, held by the OpenAPI document at property `name`, cannot be known."""
    where = includes.location(node)
    if where is not None:
        cause = f"is in snippet `{where}` (AWS::Include), {UNUSABLE}"
    elif isinstance(node, dict) and len(node) == 1 and "Fn::Transform" in node:
        cause = f"is in a snippet that `{name}` includes from a URL, which this run does not read"
    elif _intrinsic(node):
        cause = f"is in OpenAPI document `{name}`, which cannot be read: its value {b.why(node)}"
    else:
        cause = f"is in OpenAPI document `{name}`, which is not a map"
    api.unknown.setdefault(fact, cause)


def _endpoint(b: _Builder, api: Api, props: dict) -> None:
    """`EndpointConfiguration: {Types, IpAddressType}` of a REST API or domain name."""
    api.marks["endpoint"] = b.loc(props, "EndpointConfiguration", api.location)
    config = b.intr.struct(props.get("EndpointConfiguration"))
    if config is UNKNOWN or (config is not None and not isinstance(config, dict)):
        api.ip_address_type, api.private = UNKNOWN, None
        for fact in ("ip_address_type", "private"):
            b.unknown(api, fact, props.get("EndpointConfiguration"))
        return
    config = config or {}
    _private(b, api, config.get("Types"))
    parameters = b.intr.struct(props.get("Parameters"))  # an imported API's `endpointConfigurationTypes`
    if api.private is False and isinstance(parameters, dict) and "endpointConfigurationTypes" in parameters:
        _private(b, api, parameters["endpointConfigurationTypes"])
    _ip(b, api, config)


def _external(b: _Builder, api: Api, props: dict, name: str) -> Any:
    """The OpenAPI document property `name` names in another file: read when it is a local file (a SAM
    `DefinitionUri`, which `sam package` uploads; includes.py read it), UNKNOWN otherwise, None when
    there is none."""
    if b.intr.struct(props.get(name)) is None:
        return None
    where = _local(b, props, name)
    if where is None:
        return UNKNOWN
    return _included(b, api, {"Fn::Transform": {"Name": "AWS::Include", "Parameters": {"Location": where}}})


def _included(b: _Builder, api: Api, node: Any) -> Any:
    """`b.included(node)`; a document in a file of its own is written in that file's syntax, whatever the
    template's, and so are the fixes that quote it."""
    json = b.included_json(node)
    if json is not None:
        api.hints.update(aws.OPENAPI_JSON if json else aws.OPENAPI_YAML)
    return b.included(node)


def _local(b: _Builder, props: dict, name: str) -> str | None:
    """The local file property `name` names for an OpenAPI document, as written: only a SAM
    `DefinitionUri` may (`BodyS3Location` is in S3)."""
    return includes.local_path(b.intr.struct(props.get(name))) if name == "DefinitionUri" else None


def _unread_external(b: _Builder, api: Api, fact: str, props: dict, name: str) -> None:
    api.unknown.setdefault(
        fact,
        f"is in the OpenAPI document that `{name}` names, which this run does not read"
        if _local(b, props, name) is None
        else f"is in OpenAPI document {_source(b, props, name)}, {UNUSABLE}",
    )


def _default_endpoint(b: _Builder, api: Api, props: dict, body: str = "", external: str = "") -> None:
    """`DisableExecuteApiEndpoint` (REST, HTTP and WebSocket APIs, SAM's too), or the OpenAPI document
    of property `body` (inline, or included from a local file) or `external` (a SAM `DefinitionUri`
    to a local file; its `disableExecuteApiEndpoint`); unknown when that document cannot be read (in
    S3, a snippet elsewhere, an undecided `Fn::If`). A property set to false beside a document that
    turns the endpoint off: which wins is not documented, so it is unknown."""
    fact = "default_endpoint"
    named = next((n for n in ("DisableExecuteApiEndpoint", body, external) if n and n in props), None)
    if named is not None:
        api.marks[fact] = b.loc(props, named, api.location)
    disabled = b.intr.boolean(props.get("DisableExecuteApiEndpoint"))
    if disabled is None:
        b.unknown(api, fact, props.get("DisableExecuteApiEndpoint"))
    written = b.written(props.get(body)) if body and disabled is not True else None
    document = _included(b, api, written)
    source = f"`{body}`"
    if document is None and external and disabled is not True:
        document = _external(b, api, props, external)
        source = _source(b, props, external)
        if document is UNKNOWN:
            _unread_external(b, api, fact, props, external)
    readable = isinstance(document, dict) and not _intrinsic(document)
    resolve, undecided = _resolver(b, literal=source != f"`{body}`")
    in_document = (
        aws.openapi_disables_default_endpoint(document, resolve)
        if readable
        else None
        if document is not None
        else False
    )
    if readable:
        api.openapi_root += aws.openapi_misplaced(document, "disableExecuteApiEndpoint")
    if in_document is None and readable:
        api.unknown.setdefault(fact, _unclear(b, source, "disableExecuteApiEndpoint", undecided))
    elif in_document is None:
        _unread(b, api, fact, props.get(body) if written is UNKNOWN else written, body)
    elif in_document and "DisableExecuteApiEndpoint" in props:
        api.unknown.setdefault(
            fact,
            f"is set both by DisableExecuteApiEndpoint and by OpenAPI document {source}, which turns it off: which "
            "one wins is not documented (remove one)",
        )
    if in_document is None or (in_document and "DisableExecuteApiEndpoint" in props):
        disabled = None
    elif in_document:
        disabled = True
    api.default_endpoint = None if disabled is None else not disabled


def _document(b: _Builder, api: Api, props: dict, inline: str, external: str) -> None:
    """The IP address type of an HTTP API imported from OpenAPI, read from its document."""
    api.openapi = True
    api.marks["openapi"] = b.loc(props, inline, b.loc(props, external, api.location))
    fact = "ip_address_type"
    written = b.written(props.get(inline))
    body = _included(b, api, written)
    source = f"`{inline}`"
    if body is None and b.intr.present(props.get(external)) is not False:
        body = _external(b, api, props, external)
        source = _source(b, props, external)
        if body is UNKNOWN or body is None:
            api.ip_address_type = UNKNOWN
            _unread_external(b, api, fact, props, external)
            return
    if not isinstance(body, dict) or _intrinsic(body):
        api.ip_address_type = UNKNOWN  # text, or a snippet not read (includes.py)
        _unread(b, api, fact, props.get(inline) if written is UNKNOWN else written, inline)
        return
    resolve, undecided = _resolver(b, literal=source != f"`{inline}`")
    value, holder = aws.openapi_ip_address_type(body, resolve)
    api.openapi_root += aws.openapi_misplaced(body, "ipAddressType")
    api.openapi_serverless = aws.openapi_serverless(body)
    if holder is not None and body is written:  # (an included document's marks are in its own file)
        api.marks["openapi"] = b.loc(holder, aws.OPENAPI_ENDPOINT, api.marks["openapi"])
    api.ip_address_type = b.intr.scalar(value) if value is not UNKNOWN else UNKNOWN
    if api.ip_address_type is UNKNOWN:
        if value is not UNKNOWN:
            undecided.append(value)
        api.unknown[fact] = _unclear(b, source, "ipAddressType", undecided)


def _source(b: _Builder, props: dict, name: str) -> str:
    """How explanations name the document of property `name` in another file."""
    where = _local(b, props, name)
    return f"`{where}` ({name})" if where else f"`{name}`"


#: What a document in a DefinitionUri file holds as written: SAM processes no intrinsic function there.
_LITERAL = object()


def _resolver(b: _Builder, literal: bool = False) -> tuple[Callable[[Any], Any], list[Any]]:
    """How to read a node of an OpenAPI document in a template (an `Fn::If` inside it decided), or in a
    file SAM uploads as written (`literal`: an intrinsic function there is not processed), and the
    nodes that could not be read, for `_unclear`."""
    undecided: list[Any] = []

    def resolve(node: Any) -> Any:
        if literal:
            if isinstance(node, dict) and len(node) == 1 and str(next(iter(node))).startswith(("Fn::", "Ref")):
                undecided.append(_LITERAL)
                return UNKNOWN
            return node
        value = b.intr.struct(node)
        if value is UNKNOWN:
            undecided.append(node)
        return value

    return resolve, undecided


def _unclear(b: _Builder, source: str, key: str, undecided: list[Any]) -> str:
    """Why the `key` the OpenAPI document `source` sets cannot be known."""
    where = f"is in OpenAPI document {source}, "
    if undecided and undecided[0] is _LITERAL:
        return where + (
            "which uses an intrinsic function: SAM does not process them in a DefinitionUri file (include it "
            "with AWS::Include in DefinitionBody)"
        )
    if undecided:
        return where + f"and its value {b.why(undecided[0])}"
    return where + f"whose {aws.OPENAPI_ENDPOINT} is not a map with a plain {key}"


#: The fix in a CDK app's own words (aws-cdk-lib 2.276): the REST API's endpoint configuration takes
#: an ipAddressType, its DomainName does not (an escape hatch on the CfnDomainName does it).
_CDK_REST = {
    "rest": "endpointConfiguration: {types: [...], ipAddressType: apigateway.IpAddressType.DUAL_STACK} on the RestApi",
    "domain": (
        "EndpointConfiguration.IpAddressType to dualstack on the domain's CfnDomainName "
        "(domainName.node.defaultChild as apigateway.CfnDomainName).addPropertyOverride(…)"
    ),
}


def _named(b: _Builder, api: Api, props: dict) -> None:
    """A custom domain's name, where written as text: a mapping may name the domain by it."""
    name = b.intr.scalar(props.get("DomainName"))
    api.domain_name = name if isinstance(name, str) else None


def rest_api(b: _Builder, api: Api, props: dict) -> None:
    api.api_type = "domain" if "DomainName" in api.type else "rest"
    if api.api_type == "domain":
        _named(b, api, props)
    api.hints["api_dualstack"] = (
        _CDK_REST[api.api_type]
        if b.cdk
        else b.words(
            "EndpointConfiguration.IpAddressType: dualstack", '"IpAddressType": "dualstack" in EndpointConfiguration'
        )
    )
    if b.cdk and api.type == "AWS::ApiGateway::DomainNameV2":  # an L1 CfnDomainNameV2: its props take it
        api.hints["api_dualstack"] = "endpointConfiguration: { ipAddressType: 'dualstack' } on the CfnDomainNameV2"
    _endpoint(b, api, props)
    config = b.intr.struct(props.get("EndpointConfiguration"))
    types = b.intr.struct(config.get("Types")) if isinstance(config, dict) else None
    if api.type == "AWS::ApiGateway::DomainNameV2" and types in (None, []):
        api.private = True  # a custom domain name for private APIs (CloudFormation's words): PRIVATE unless told
    if api.api_type == "rest":
        _default_endpoint(b, api, props, "Body", "BodyS3Location")
        if b.document.generated_from:
            written = ", ".join(types) if isinstance(types, list) and all(isinstance(t, str) for t in types) else ""
            _serverless(
                b,
                api,
                f"EndpointConfiguration: {{Types: [{written or '<its endpoint type>'}], IpAddressType: dualstack}}",
            )


#: What a Serverless Framework service writes: serverless.yml has no setting for an API's IP address type
#: (provider.apiGateway, provider.httpApi, provider.endpointType), but `resources.extensions` merges Properties
#: into a resource the framework generates, by its logical id (ApiGatewayRestApi, HttpApi), one property at a time:
#: a property it names replaces the generated one whole.
_SERVERLESS_EXTENSION = "`{}` under `resources: extensions: {}: Properties:` in {}{}"


def _serverless(b: _Builder, api: Api, setting: str) -> None:
    """The fix for an API of the template `serverless package` wrote, said in serverless.yml's terms."""
    whole = " (an extension's EndpointConfiguration replaces the generated one whole: keep its Types)"
    api.hints["api_dualstack"] = _SERVERLESS_EXTENSION.format(
        setting,
        api.id,
        os.path.basename(b.document.generated_from),
        whole if setting.startswith("EndpointConfiguration") else "",
    )


def v2_api(b: _Builder, api: Api, props: dict) -> None:
    protocol = b.intr.scalar(props.get("ProtocolType"))
    api.api_type = "websocket" if protocol == "WEBSOCKET" else "http"
    _ip(b, api, props)
    _default_endpoint(b, api, props, "Body", "BodyS3Location")
    imported = "Body" in props or "BodyS3Location" in props
    if api.api_type == "http" and imported and api.ip_address_type is None:
        _document(b, api, props, "Body", "BodyS3Location")
    elif b.document.generated_from and not imported:
        _serverless(b, api, "IpAddressType: dualstack")


def v2_domain(b: _Builder, api: Api, props: dict) -> None:
    """`AWS::ApiGatewayV2::DomainName`: dual-stack only if every configuration is."""
    api.api_type = "domain"
    _named(b, api, props)
    if not b.cdk:  # a CDK app says it once, on the apigwv2.DomainName (the vocabulary's wording)
        api.hints["api_dualstack"] = b.words("IpAddressType: dualstack", '"IpAddressType": "dualstack"') + (
            " in every DomainNameConfigurations entry"
        )
    configs = b.intr.struct(props.get("DomainNameConfigurations"))
    api.marks["endpoint"] = b.loc(props, "DomainNameConfigurations", api.location)
    if configs is UNKNOWN or (configs is not None and not isinstance(configs, list)):
        api.ip_address_type = UNKNOWN
        b.unknown(api, "ip_address_type", props.get("DomainNameConfigurations"))
        return
    api.ip_address_type = None
    for index, written in enumerate(configs or []):
        config = b.intr.struct(written)
        if not isinstance(config, dict):
            api.ip_address_type = UNKNOWN
            b.unknown(api, "ip_address_type", written)
            return
        _ip(b, api, config)
        if api.ip_address_type != "dualstack":
            mark = getattr(configs, "mark_of", lambda _: (0, 0))(index)
            if "IpAddressType" not in config and mark != (0, 0):
                api.marks["ip_address_type"] = Location(b.path, *mark)
            return


def sam_api(b: _Builder, api: Api, props: dict) -> None:
    """SAM `Api`: `EndpointConfiguration` is a type name (`REGIONAL`) or `{Type, IpAddressType}`."""
    api.api_type = "rest"
    api.marks["endpoint"] = b.loc(props, "EndpointConfiguration", api.location)
    written = props.get("EndpointConfiguration")
    config = b.intr.struct(written)
    if isinstance(config, dict) and len(config) == 1 and str(next(iter(config))).startswith(("Ref", "Fn::")):
        config = b.intr.scalar(config)  # a type name from a parameter, a Fn::Sub…
    endpoint = b.intr.scalar(config.get("Type") if isinstance(config, dict) else config)
    endpoint = endpoint if isinstance(endpoint, str) and endpoint else "EDGE"  # SAM's default
    where = " under Globals.Api" if api.implicit else ""
    api.hints["api_dualstack"] = b.words(
        f"EndpointConfiguration: {{Type: {endpoint}, IpAddressType: dualstack}}{where}",
        f'"EndpointConfiguration": {{"Type": "{endpoint}", "IpAddressType": "dualstack"}}{where}',
    )
    if isinstance(config, dict):
        _private(b, api, config.get("Type"))
        _ip(b, api, config)
    elif config is None or isinstance(config, str) or (config is UNKNOWN and not isinstance(written, list)):
        _private(b, api, written if config is UNKNOWN else config)
        api.ip_address_type = None
    else:
        api.ip_address_type, api.private = UNKNOWN, None
        for fact in ("ip_address_type", "private"):
            b.unknown(api, fact, props.get("EndpointConfiguration"))
    _default_endpoint(b, api, props, "DefinitionBody", "DefinitionUri")
    _sam_domain(b, api, props, settable=True)


def sam_http_api(b: _Builder, api: Api, props: dict) -> None:
    """SAM `HttpApi` has no `IpAddressType`: only an OpenAPI `DefinitionBody` can make it dual-stack."""
    api.api_type, api.settable = "http", False
    extension = b.words(
        "`x-amazon-apigateway-endpoint-configuration: {ipAddressType: dualstack}`",
        '`"x-amazon-apigateway-endpoint-configuration": {"ipAddressType": "dualstack"}`',
    )
    api.hints["api_dualstack"] = (
        f"declare an AWS::Serverless::HttpApi whose DefinitionBody sets {extension} in each entry of its `servers` "
        "(OpenAPI 3) and name it in the events' ApiId"
        if api.implicit
        else f"give it a DefinitionBody that sets {extension} in each entry of its `servers` (OpenAPI 3), or declare "
        "it as AWS::ApiGatewayV2::Api with " + b.words("IpAddressType: dualstack", '"IpAddressType": "dualstack"')
    )
    if "DefinitionBody" in props or "DefinitionUri" in props:
        _document(b, api, props, "DefinitionBody", "DefinitionUri")
    else:
        api.ip_address_type = None  # SAM writes the document, without the extension
    _default_endpoint(b, api, props, "DefinitionBody", "DefinitionUri")
    _sam_domain(b, api, props, settable=False)


def sam_websocket_api(b: _Builder, api: Api, props: dict) -> None:
    api.api_type = "websocket"
    _ip(b, api, props)
    _default_endpoint(b, api, props)
    _sam_domain(b, api, props, settable=False)


def _sam_domain(b: _Builder, api: Api, props: dict, settable: bool) -> None:
    """The custom domain SAM creates from an API's `Domain`. Only a REST API's passes an
    `IpAddressType` on: SAM builds HTTP and WebSocket domains (AWS::ApiGatewayV2::DomainName) without
    one, silently dropping any it is given (aws-sam-translator 1.115; tests/test_sam_oracle.py)."""
    domain = b.intr.struct(props.get("Domain"))
    if not isinstance(domain, dict) or "DomainName" not in domain:
        return
    res = Api(
        id=f"{api.id} Domain",
        type=api.type,
        template=b.template,
        location=b.loc(props, "Domain", api.location),
        conditional=api.conditional,
        suppress=api.suppress,
        egress_host=False,
        api_type="domain",
        settable=settable,
        implicit=api.implicit,
        unknown={"condition": api.unknown["condition"]} if "condition" in api.unknown else {},
    )
    _private(b, res, domain.get("EndpointConfiguration"))
    setting = b.words("IpAddressType: dualstack", '"IpAddressType": "dualstack"')
    res.hints["api_dualstack"] = (
        f"{setting} in its Domain"
        if settable
        else f"declare the domain as AWS::ApiGatewayV2::DomainName with {setting} in its DomainNameConfigurations"
    )
    if settable:
        _ip(b, res, domain)
    b.extra.append(res)
    _sam_mapping(b, api, res, domain)


def _sam_mapping(b: _Builder, api: Api, res: Api, domain: dict) -> None:
    """The mapping SAM makes of the API on its Domain. SAM makes one domain name for every API whose Domain
    names it (its logical id hashes the name), so the mapping names the domain by that name where known."""
    name = b.intr.scalar(domain.get("DomainName"))
    res.domain_name = name if isinstance(name, str) else None
    b.extra.append(
        ApiMapping(
            id=f"{api.id} Domain mapping",
            type=api.type,
            template=b.template,
            location=res.location,
            conditional=api.conditional,
            egress_host=False,
            domain=None if res.domain_name else res,
            domain_name=res.domain_name,
            api=api,
        )
    )


def mapping(b: _Builder, res: ApiMapping, props: dict) -> None:
    """A base path mapping (`DomainName` or, for a private domain, `DomainNameArn`; `RestApiId`) or an API
    mapping (`DomainName`, `ApiId`): which API a custom domain's clients reach."""
    node = props.get("DomainName", props.get("DomainNameArn"))
    res.domain = b.ref(node)
    name = b.intr.scalar(node) if "DomainName" in props and not isinstance(res.domain, Resource) else None
    if isinstance(name, str):  # (the domain named by its name as text)
        res.domain, res.domain_name = None, name
    res.api = b.ref(props.get("RestApiId", props.get("ApiId")))


#: Mappings of APIs to custom domain names.
FILLERS: dict[str, Callable[[_Builder, Api, dict], None]] = {
    "AWS::ApiGateway::RestApi": rest_api,
    "AWS::ApiGateway::DomainName": rest_api,
    "AWS::ApiGateway::DomainNameV2": rest_api,
    "AWS::ApiGatewayV2::Api": v2_api,
    "AWS::ApiGatewayV2::DomainName": v2_domain,
    SAM_API: sam_api,
    SAM_HTTP_API: sam_http_api,
    "AWS::Serverless::WebSocketApi": sam_websocket_api,
}


#: What may make an implicit API, with the event types that do (a state machine's `Api` events too).
MAKERS = {
    SAM_FUNCTION: ("function", frozenset(IMPLICIT)),
    SAM_STATE_MACHINE: ("state machine", frozenset({"Api"})),
}


def _suppressions_of_makers(api: Api, makers: list[Resource], in_globals: bool) -> None:
    """An implicit API is written nowhere: its findings point at its first maker's event, whose suppressions
    (an ignore comment, Metadata) are then its; at `Globals`, those all its makers share. (Its Domain shares
    its `suppress`: updated in place.)"""
    chosen = makers if in_globals else makers[:1]
    shared = set.intersection(*(set(maker.suppress) for maker in chosen))
    where = ", ".join(maker.id for maker in chosen)
    for pattern in sorted(shared, key=list(chosen[0].suppress).index):
        reason = next((m.suppress[pattern] for m in chosen if m.suppress[pattern]), "")
        api.suppress.setdefault(pattern, reason or f"ignored in source on {where}, whose events make it")


def implicit(b: _Builder) -> list[Api]:
    """The APIs SAM creates for function and state machine events that name no API, configured by `Globals`."""
    found: dict[str, Api] = {}
    creators: dict[str, list[Resource]] = {}
    in_globals: dict[str, bool] = {}  # (its findings point at Globals, else at its first maker's event)
    for res in list(b.objects.values()):
        if res.type not in MAKERS or not isinstance(b.props.get(res.id), dict):
            continue
        events = b.intr.struct(b.props[res.id].get("Events"))
        for name, event in events.items() if isinstance(events, dict) else []:
            event = b.intr.struct(event)
            kind = b.intr.scalar(event.get("Type")) if isinstance(event, dict) else None
            if not isinstance(kind, str) or kind not in MAKERS[res.type][1]:  # (a list or map: not an API event)
                continue
            logical_id, type_name, other = IMPLICIT[kind]
            properties = b.intr.struct(event.get("Properties"))
            if isinstance(properties, dict) and other in properties:
                continue
            if logical_id in b.objects:
                continue
            if logical_id in found:
                creators[logical_id].append(res)
                continue
            section = sam.globals_section(b.doc, type_name)
            event_place = b.loc(events, name, res.location)
            where = b.loc(b.doc.get("Globals"), SAM_GLOBALS[type_name], event_place)
            api = Api(
                id=logical_id,
                type=type_name,
                template=b.template,
                location=where,
                conditional=res.conditional,
                egress_host=False,
                implicit=True,
            )
            FILLERS[type_name](b, api, section)
            found[logical_id] = api
            creators[logical_id] = [res]
            in_globals[logical_id] = where != event_place
    for logical_id, api in found.items():
        _suppressions_of_makers(api, creators[logical_id], in_globals[logical_id])
        # SAM gives it a condition only when every function that makes it has one (their Fn::Or)
        api.conditional = all(fn.conditional for fn in creators[logical_id])
        if api.conditional:
            made_for = creators[logical_id]
            first = made_for[0].unknown.get("condition", "may not exist")
            nouns = {MAKERS[maker.type][0] for maker in made_for}
            noun = nouns.pop() if len(nouns) == 1 else "resource"
            api.unknown["condition"] = (
                f"is made for {noun} {made_for[0].id} only, which {first}"
                if len(made_for) == 1
                else f"is made for {noun}s {', '.join(fn.id for fn in made_for)} only, each of which may not "
                f"exist ({made_for[0].id} {first})"
            )
    return list(found.values())
