"""I9640: an API Gateway API or custom domain accepts IPv4 clients only."""

from collections.abc import Iterator

from lambda6lint.api import Api, Context, Doc, Example, Finding, Network, Rule, names, term

rule = Rule(
    id="I9640",
    name="api-not-dualstack",
    summary="API Gateway API or custom domain without dual-stack IP address type",
    tags=("api-gateway", "ipv6"),
    source_url="https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-ip-address-type.html",
    doc=Doc(
        what=(
            "Finds REST, HTTP and WebSocket APIs and custom domain names (including SAM's implicit APIs, with "
            "`Globals` merged) whose IP address type is not `dualstack`. Private APIs, which can only be "
            "dual-stack, are never reported (an API whose endpoint type is unknown is reported when `ipv4` is written "
            "out, which a private API would refuse), nor are custom domains that map private APIs only (no client "
            "reaches those through the domain's own endpoint), nor are APIs whose default (execute-api) endpoint "
            "is disabled: clients reach those through custom domains, each checked on its own. For an HTTP API "
            "imported from an OpenAPI definition the finding points at the document, where its IP address type "
            "belongs. The message becomes a warning when a "
            "function of the run that egresses over IPv6 only names the API in its configuration (an environment "
            "value, an `execute-api:Invoke` grant): that function cannot call it."
        ),
        why=(
            "API Gateway endpoints and custom domains are IPv4-only unless set to `dualstack` (available since "
            "March 2025). IPv6-only clients cannot reach them, and neither can a dual-stack VPC function whose "
            "only internet path is an egress-only internet gateway."
        ),
        fix=(
            "Set the IP address type to `dualstack` (`IpAddressType`, `ip_address_type`; for an imported HTTP API, "
            "`x-amazon-apigateway-endpoint-configuration: {ipAddressType: dualstack}` in its OpenAPI document: at "
            "the root of a Swagger 2.0 document, in each Server object of an OpenAPI 3 one, whose root API Gateway "
            "ignores). "
            "SAM's `HttpApi` has no such property: give it a `DefinitionBody` carrying the extension; nor have the "
            "`Domain`s of SAM's `HttpApi` and `WebSocketApi` (SAM drops it): declare the "
            "`AWS::ApiGatewayV2::DomainName` yourself. Update resource policies that filter on source IP ranges "
            "for IPv6 first."
        ),
        examples=(
            Example(
                "cloudformation",
                bad=(
                    "OrdersApi:\n  Type: AWS::ApiGateway::RestApi\n  Properties:\n    Name: orders\n"
                    "    EndpointConfiguration:\n      Types: [REGIONAL]\n"
                ),
                good=(
                    "OrdersApi:\n  Type: AWS::ApiGateway::RestApi\n  Properties:\n    Name: orders\n"
                    "    EndpointConfiguration:\n      Types: [REGIONAL]\n      IpAddressType: dualstack\n"
                ),
            ),
            Example(
                "terraform",
                bad=(
                    'resource "aws_api_gateway_rest_api" "orders" {\n  name = "orders"\n'
                    '  endpoint_configuration {\n    types = ["REGIONAL"]\n  }\n}\n'
                ),
                good=(
                    'resource "aws_api_gateway_rest_api" "orders" {\n  name = "orders"\n'
                    '  endpoint_configuration {\n    types           = ["REGIONAL"]\n'
                    '    ip_address_type = "dualstack"\n  }\n}\n'
                ),
            ),
        ),
    ),
)

KINDS = {"rest": "REST API", "http": "HTTP API", "websocket": "WebSocket API", "domain": "custom domain name"}


PRIVATE_REFUSED = "(Were its endpoint type PRIVATE, API Gateway would refuse ipv4: private APIs are dual-stack only.) "


def _misplaced_off(api: Api) -> str:
    """Where API Gateway reads the extension: the root of a Swagger 2.0 document, a Server of an OpenAPI 3 one."""
    return (
        "Its OpenAPI 3 definition turns the execute-api endpoint off at its root, where API Gateway ignores "
        f"x-amazon-apigateway-endpoint-configuration: move `{term(api, 'openapi_off')}` under each entry of "
        "`servers` to turn it off. "
    )


def _fix(api: Api) -> str:
    if api.openapi and "ipAddressType" in api.openapi_root:
        if api.ip_address_type is None:
            return (
                f"Its OpenAPI 3 definition sets `{term(api, 'openapi_ip')}` at its root, where API Gateway ignores "
                "x-amazon-apigateway-endpoint-configuration: move it under each entry of `servers`."
            )
        return (  # (its servers set the type: the root's dualstack only misleads)
            f"To accept IPv4 and IPv6, set `{term(api, 'openapi_ip')}` in the x-amazon-apigateway-endpoint-"
            "configuration of each entry of its OpenAPI definition's `servers`; the one at its root is ignored."
        )
    if api.openapi and api.openapi_serverless and api.ip_address_type is None:
        return (
            f"To accept IPv4 and IPv6, add a server that carries it to its OpenAPI definition, which has none "
            f"(`{term(api, 'openapi_server')}`): an imported HTTP API takes its IP address type from a Server object "
            "in OpenAPI 3."
        )
    if api.openapi:
        return (
            f"To accept IPv4 and IPv6, set `{term(api, 'openapi_extension')}` in its OpenAPI definition (an "
            "imported HTTP API takes its IP address type from there; in OpenAPI 3, under each entry of `servers`)."
        )
    if not api.settable:
        return f"SAM has no IpAddressType property for it: to accept IPv4 and IPv6, {term(api, 'api_dualstack')}."
    return f"To accept IPv4 and IPv6, set {term(api, 'api_dualstack')}{api.hints.get('ip_how', '')}."


def _ipv4_written(api: Api) -> bool:
    """`ipv4` written out decides an API whose endpoint type is unknown: a private one can only be
    dual-stack, so API Gateway would refuse it, and every API it accepts is IPv4 only."""
    return api.private is None and isinstance(api.ip_address_type, str) and api.ip_address_type.lower() == "ipv4"


@rule.checker
def check(net: Network, ctx: Context) -> Iterator[Finding]:
    for api in net.of(Api):
        value = api.ip_address_type
        if not net.ipv4_only_api(api):
            continue
        if api.private is not False and not _ipv4_written(api):
            continue
        if net.private_apis_only(api):
            continue
        what = f"{'SAM implicit ' if api.implicit else ''}{KINDS[api.api_type]} {api.name}"
        callers = [fn for fn in net.callers(api) if net.ipv4_unreachable(fn) is True]
        setting = f"IP address type {value}" if isinstance(value, str) else "no IP address type (IPv4)"
        lead = ""
        if callers:
            lead = (
                f"Warning: function{'s' if len(callers) > 1 else ''} {names(callers)} "
                f"egress{'' if len(callers) > 1 else 'es'} "
                f"over IPv6 only and cannot call {what}. "
            )
        yield rule.finding(
            api,
            f"{lead}{what[0].upper()}{what[1:]} has {setting}: IPv6 clients cannot reach it. "
            f"{_misplaced_off(api) if 'disableExecuteApiEndpoint' in api.openapi_root else ''}"
            f"{PRIVATE_REFUSED if _ipv4_written(api) else ''}{_fix(api)}",
            api.at("ip_address_type", "openapi", "endpoint"),
            related=[(fn.location, f"function {fn.name} calls it over IPv6 only") for fn in callers],
        )
