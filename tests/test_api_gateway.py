"""API Gateway endpoints as the loaders read them for I9640: kinds, private endpoints, OpenAPI-imported HTTP
APIs, SAM's Globals and implicit APIs, and which functions call an API over IPv6 only."""

from __future__ import annotations

from conftest import FIXTURES
from test_network import Graph

from lambda6lint.model import UNKNOWN, Api

SAM = "AWS::Serverless-2016-10-31"


def apis(g: Graph) -> dict[str, Api]:
    return {a.id: a for a in g.net.of(Api)}


def test_rest_api_private_and_ip_type():
    g = Graph(
        """
    Public:
      Type: AWS::ApiGateway::RestApi
      Properties:
        EndpointConfiguration: {Types: [EDGE], IpAddressType: ipv4}
    Private:
      Type: AWS::ApiGateway::RestApi
      Properties:
        EndpointConfiguration: {Types: [PRIVATE]}
    Imported:
      Type: AWS::ApiGateway::RestApi
      Properties:
        Body: {swagger: "2.0"}
        Parameters: {endpointConfigurationTypes: PRIVATE}
    Unknown:
      Type: AWS::ApiGateway::RestApi
      Properties:
        EndpointConfiguration: {Types: !Ref ExternalList}
    """
    )
    found = apis(g)
    assert (found["Public"].ip_address_type, found["Public"].private) == ("ipv4", False)
    assert found["Private"].private is True
    assert found["Imported"].private is True and not found["Imported"].openapi  # a REST API's type is a property
    assert found["Unknown"].private is None


def test_http_api_imported_from_openapi_reads_the_document():
    g = Graph(
        """
    Inline:
      Type: AWS::ApiGatewayV2::Api
      Properties:
        Body:
          openapi: 3.0.1
          servers:
            - x-amazon-apigateway-endpoint-configuration: {ipAddressType: dualstack}
    External:
      Type: AWS::ApiGatewayV2::Api
      Properties:
        BodyS3Location: {Bucket: b, Key: k}
    Socket:
      Type: AWS::ApiGatewayV2::Api
      Properties:
        ProtocolType: WEBSOCKET
        IpAddressType: !Ref Flag
    """
    )
    found = apis(g)
    assert found["Inline"].openapi and found["Inline"].ip_address_type == "dualstack"
    assert found["External"].openapi and found["External"].ip_address_type is UNKNOWN
    assert found["Socket"].api_type == "websocket" and found["Socket"].ip_address_type is UNKNOWN


def test_sam_globals_reach_explicit_and_implicit_apis():
    head = (
        'AWSTemplateFormatVersion: "2010-09-09"\nTransform: AWS::Serverless-2016-10-31\n'
        "Globals:\n  Api:\n    EndpointConfiguration:\n      Type: REGIONAL\n      IpAddressType: dualstack\n"
    )
    g = Graph(
        """
    Fn:
      Type: AWS::Serverless::Function
      Properties:
        Runtime: python3.12
        Handler: app.handler
        CodeUri: src/
        Events:
          Get: {Type: Api, Properties: {Path: /, Method: get}}
          Hook: {Type: HttpApi, Properties: {Path: /hook, Method: post}}
    Explicit:
      Type: AWS::Serverless::Api
      Properties:
        StageName: prod
    """,
        head=head,
    )
    found = apis(g)
    assert set(found) == {"ServerlessRestApi", "ServerlessHttpApi", "Explicit"}
    assert found["ServerlessRestApi"].implicit and found["ServerlessRestApi"].ip_address_type == "dualstack"
    assert found["Explicit"].ip_address_type == "dualstack"
    http = found["ServerlessHttpApi"]
    assert http.api_type == "http" and not http.settable and http.ip_address_type is None


def test_only_functions_with_ipv6_only_egress_that_name_the_api_are_callers():
    g = Graph(
        """
    Api:
      Type: AWS::ApiGateway::RestApi
      Properties: {Name: a}
    Fn:
      Type: AWS::Lambda::Function
      Properties:
        Runtime: python3.12
        Handler: index.handler
        Code: {ZipFile: "def handler(e, c): pass"}
        Environment:
          Variables:
            URL: !Sub https://${Api}.execute-api.${AWS::Region}.amazonaws.com/prod
    """
    )
    api, fn = g["Api"], g["Fn"]
    assert g.net.callers(api) == [fn]
    assert g.net.ipv6_only_egress(fn) is False  # not in a VPC: no IPv6 egress at all


def test_an_openapi_document_that_cannot_be_read_leaves_the_default_endpoint_unknown(tmp_path):
    """An included snippet that is missing, or a Terraform body a templatefile() makes with a variable
    that has no value where the document turns the execute-api endpoint off, may turn it off: I9640
    stays silent. The template's variable given, the document decides."""
    from conftest import FIXTURES

    from lambda6lint import engine

    good = FIXTURES / "I9640" / "bad-openapi-include-keeps-execute-api-endpoint" / "template.yaml"
    (tmp_path / "template.yaml").write_text(good.read_text())  # ./api.yaml is not there
    assert engine.lint([str(tmp_path)]).findings == []
    body = 'templatefile("${path.module}/openapi.yaml.tpl", { disabled = var.disabled })'
    (tmp_path / "tf").mkdir()
    (tmp_path / "tf" / "main.tf").write_text(
        'variable "disabled" {\n  type = string\n}\nresource "aws_api_gateway_rest_api" "orders" {\n  name = "orders"\n'
        f'  body = {body}\n  endpoint_configuration {{\n    types = ["REGIONAL"]\n  }}\n}}\n'
    )
    (tmp_path / "tf" / "openapi.yaml.tpl").write_text(
        "swagger: '2.0'\ninfo: {title: orders, version: '1'}\n"
        "x-amazon-apigateway-endpoint-configuration:\n  disableExecuteApiEndpoint: ${disabled}\n"
    )
    assert engine.lint([str(tmp_path / "tf")]).findings == []
    for disabled, fires in (("true", False), ("false", True)):
        result = engine.lint([str(tmp_path / "tf")], engine.Options(tf_vars={"disabled": disabled}))
        assert [f.rule.id for f in result.findings] == (["I9640"] if fires else []), disabled


def test_an_included_snippet_is_parsed_once_however_many_apis_include_it(tmp_path, monkeypatch):
    """Every API of a template may include one large OpenAPI file: it is parsed once, not per API."""
    from lambda6lint import engine
    from lambda6lint.loaders.cloudformation import mapper

    parsed = []
    real = mapper.load_text
    monkeypatch.setattr(mapper, "load_text", lambda text: parsed.append(len(text)) or real(text))
    (tmp_path / "api.yaml").write_text("openapi: '3.0.1'\ninfo: {title: t, version: '1'}\npaths: {}\n")
    apis = "".join(
        f"  Api{i}:\n    Type: AWS::ApiGateway::RestApi\n    Properties:\n      Name: a{i}\n"
        "      Body:\n        Fn::Transform: {Name: AWS::Include, Parameters: {Location: ./api.yaml}}\n"
        for i in range(20)
    )
    (tmp_path / "template.yaml").write_text("Resources:\n" + apis)
    result = engine.lint([str(tmp_path)])
    assert len([f for f in result.findings if f.rule.id == "I9640"]) == 20
    assert len(parsed) == 1


def test_a_function_naming_an_api_sam_generates_is_its_caller():
    """`!Sub https://${ServerlessRestApi}…`: the API SAM makes for an Api event, which no resource of the
    template declares, was never a caller's; the caller's warning wording (I9640) was lost."""
    g = Graph(
        """
    Maker:
      Type: AWS::Serverless::Function
      Properties:
        Runtime: python3.12
        Handler: index.handler
        InlineCode: "def handler(e, c): pass"
        Events:
          List: {Type: Api, Properties: {Path: /x, Method: get}}
          Put: {Type: HttpApi}
    Caller:
      Type: AWS::Serverless::Function
      Properties:
        Runtime: python3.12
        Handler: index.handler
        InlineCode: "def handler(e, c): pass"
        Environment:
          Variables:
            REST: !Sub https://${ServerlessRestApi}.execute-api.${AWS::Region}.amazonaws.com/Prod
            CHOSEN: !If [Maybe, !Ref ServerlessHttpApi, none]
    """,
        transform=SAM,
    )
    found = apis(g)
    assert g.net.callers(found["ServerlessRestApi"]) == [g["Caller"]]
    assert g.net.callers(found["ServerlessHttpApi"]) == []  # (only in a branch that may not be taken)


DOMAINS = ("Ref", "Text", "Mixed", "Foreign", "Maybe", "Bare")


def test_a_domain_mapping_private_apis_only_is_not_reached_at_its_own_endpoint():
    """A Regional domain whose every mapping maps a private REST API (named by reference or by its name as text):
    no client reaches those APIs through the domain's endpoint, so its IP address type decides nothing. One that also
    maps a Regional API, one whose mapping names an API the run cannot show, one mapped only under a condition, and
    one with no mapping at all are judged as before."""
    private = "Type: AWS::ApiGateway::RestApi\n  Properties:\n    EndpointConfiguration: {Types: [PRIVATE]}"
    domain = "Type: AWS::ApiGateway::DomainName\n  Properties:\n    DomainName: {name}.example.com"
    mapping = "Type: AWS::ApiGateway::BasePathMapping\n  Properties:\n    DomainName: {domain}\n    RestApiId: {api}"
    g = Graph(
        f"Internal:\n  {private}",
        "Public:\n  Type: AWS::ApiGateway::RestApi\n  Properties: {Name: p}",
        *(f"{d}Domain:\n  {domain.format(name=d.lower())}" for d in DOMAINS),
        f"RefMapping:\n  {mapping.format(domain='!Ref RefDomain', api='!Ref Internal')}",
        f"TextMapping:\n  {mapping.format(domain='text.example.com', api='!Ref Internal')}",
        f"MixedPrivate:\n  {mapping.format(domain='!Ref MixedDomain', api='!Ref Internal')}",
        f"MixedPublic:\n  {mapping.format(domain='!Ref MixedDomain', api='!Ref Public')}",
        f"ForeignMapping:\n  {mapping.format(domain='!Ref ForeignDomain', api='!ImportValue OtherApi')}",
        f"MaybeMapping:\n  Condition: Later\n  {mapping.format(domain='!Ref MaybeDomain', api='!Ref Internal')}",
        head="AWSTemplateFormatVersion: '2010-09-09'\nConditions:\n  Later: !Equals [!Ref AWS::Region, us-east-1]\n",
    )
    only = {d: g.net.private_apis_only(g[f"{d}Domain"]) for d in DOMAINS}
    assert only == {"Ref": True, "Text": True, "Mixed": False, "Foreign": False, "Maybe": False, "Bare": False}
    assert not g.net.private_apis_only(g["Internal"])  # (an API, not a domain: private on its own)


def test_a_sam_domain_is_a_mapping_of_its_api_by_the_domain_name():
    """SAM maps each API on its Domain, one domain name for every Domain naming it: a private API's own Regional
    Domain maps private APIs only; one a Regional API's Domain shares does not."""
    domain = "Domain: {{DomainName: {name}.example.com, CertificateArn: c, EndpointConfiguration: REGIONAL}}"
    apis = (("Own", "PRIVATE", "own"), ("Inner", "PRIVATE", "shared"), ("Outer", "REGIONAL", "shared"))
    g = Graph(
        *(
            f"{api}:\n  Type: AWS::Serverless::Api\n  Properties:\n    StageName: prod\n"
            f"    EndpointConfiguration: {{Type: {kind}}}\n    {domain.format(name=name)}"
            for api, kind, name in apis
        ),
        transform=SAM,
    )
    domains = {a.id.split()[0]: a for a in g.net.of(Api) if a.api_type == "domain"}
    assert {api: g.net.private_apis_only(d) for api, d in domains.items()} == {
        "Own": True,
        "Inner": False,
        "Outer": False,
    }


def test_an_ip_address_type_from_a_parameter_default_names_the_parameter_in_the_fix():
    """aws-samples/aws-ipranges-api: `IpAddressType: !FindInMap [IpTypes, !Ref IpType, Value]`, whose Default
    gives ipv4. The template offers the choice: the fix is a value for the parameter (or another Default), not
    `dualstack` written over it. A value passed is what deploys: the fix is then the property alone."""
    from lambda6lint import engine
    from lambda6lint.loaders.cloudformation.parameters import ParameterSet

    path = str(FIXTURES / "I9640" / "bad-ip-address-type-from-parameter-default.yaml")
    by_default = {f.resource: f.message for f in engine.lint([path]).findings if f.rule.id == "I9640"}
    assert (
        "(it comes from the Default of parameter `IpType`: pass a value that gives dualstack"
        in (by_default["PrefixesApi"])
    )
    assert "(it comes from the Default of parameter `RestIpType`:" in by_default["OrdersApi"]
    given = engine.Options(parameters=[ParameterSet({"IpType": "IPv4", "RestIpType": "ipv4"})])
    passed = {f.resource: f.message for f in engine.lint([path], given).findings if f.rule.id == "I9640"}
    assert set(passed) == {"PrefixesApi", "OrdersApi"}
    assert not any("Default" in message for message in passed.values())


def test_an_ip_address_type_both_branches_give_names_no_parameter(tmp_path):
    """`!If [C, ipv4, ipv4]` with C on a parameter's Default: the value is ipv4 whatever the parameter, so the fix
    does not send the user to it."""
    from lambda6lint import engine

    path = tmp_path / "t.yaml"
    path.write_text(
        "Parameters:\n  P: {Type: String, Default: x}\nConditions:\n  C: !Equals [!Ref P, x]\nResources:\n"
        "  Api:\n    Type: AWS::ApiGatewayV2::Api\n    Properties:\n      Name: a\n      ProtocolType: HTTP\n"
        "      IpAddressType: !If [C, ipv4, ipv4]\n"
    )
    (finding,) = [f for f in engine.lint([str(path)]).findings if f.rule.id == "I9640"]
    assert finding.message.endswith("set IpAddressType: dualstack.")


def test_an_api_of_a_serverless_framework_service_is_fixed_in_serverless_yml(tmp_path):
    """The template `serverless package` wrote asked for `"IpAddressType": "dualstack"`, which serverless.yml has no
    setting for (provider.apiGateway, provider.httpApi, provider.endpointType): the fix is a `resources.extensions`
    entry under the API's logical id, a REST API's with its Types (an extension's property replaces the generated
    one whole). The same template with no serverless.yml beside it is told in CloudFormation's terms."""
    from lambda6lint import engine

    folder = FIXTURES / "I9640" / "bad-serverless-framework-apis"
    said = sorted(f.message for f in engine.lint([str(folder)], engine.Options(jobs=1)).findings)
    assert [m.split(". To accept IPv4 and IPv6, set ")[1] for m in said] == [
        "`EndpointConfiguration: {Types: [EDGE], IpAddressType: dualstack}` under `resources: extensions: "
        "ApiGatewayRestApi: Properties:` in serverless.yml (an extension's EndpointConfiguration replaces the "
        "generated one whole: keep its Types).",
        "`IpAddressType: dualstack` under `resources: extensions: HttpApi: Properties:` in serverless.yml.",
    ][:: -1 if said[0].startswith("HTTP") else 1]
    alone = tmp_path / "template.json"
    alone.write_text((folder / ".serverless" / "cloudformation-template-update-stack.json").read_text())
    said = [f.message for f in engine.lint([str(alone)], engine.Options(jobs=1)).findings]
    assert len(said) == 2 and not any("serverless" in m for m in said), said
