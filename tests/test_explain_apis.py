"""What I9640 could not decide about an API or custom domain is listed with --explain, as for
functions and NAT gateways: its IP address type, whether it is private, whether its execute-api
endpoint is on, whether it exists; an API a known fact decides is not listed."""

from __future__ import annotations

import json
from textwrap import dedent, indent

import pytest
from conftest import ROOT

from lambda6lint import engine
from lambda6lint.cli import main
from lambda6lint.loaders.cloudformation.parameters import ParameterSet

CFN = """\
AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  IpType:
    Type: String
  EndpointType:
    Type: String
  Flag:
    Type: String
  Env:
    Type: String
Conditions:
  IsProd: !Equals [!Ref Env, prod]
Resources:
"""


def explained(tmp_path, resources: str, head: str = "") -> list[str]:
    path = tmp_path / "template.yaml"
    path.write_text(head + CFN + indent(dedent(resources), "  "))
    result = engine.lint([str(path)])
    return [f"{u.location.line} {u.subject.name}: {u.text}" for u in result.undecided]


@pytest.mark.parametrize(
    ("resources", "want"),
    [
        (
            """\
              Api:
                Type: AWS::ApiGateway::RestApi
                Properties:
                  EndpointConfiguration:
                    Types: [REGIONAL]
                    IpAddressType: !Ref IpType
            """,
            "19 Api: its IP address type comes from parameter `IpType` (pass its value to decide it)",
        ),
        (
            """\
              Api:
                Type: AWS::ApiGateway::RestApi
                Properties:
                  EndpointConfiguration:
                    Types: [!Ref EndpointType]
            """,
            "17 Api: whether it is private (its endpoint type) comes from parameter `EndpointType` (pass its value "
            "to decide it)",
        ),
        (
            """\
              Api:
                Type: AWS::ApiGatewayV2::Api
                Properties:
                  ProtocolType: HTTP
                  DisableExecuteApiEndpoint: !Ref Flag
            """,
            "18 Api: whether its execute-api endpoint is on comes from parameter `Flag` (pass its value to decide it)",
        ),
        (
            """\
              Api:
                Type: AWS::ApiGatewayV2::Api
                Properties:
                  BodyS3Location: {Bucket: b, Key: api.yaml}
            """,
            "17 Api: its IP address type is in the OpenAPI document that `BodyS3Location` names, which this run "
            "does not read",
        ),
        (
            """\
              Api:
                Type: AWS::ApiGateway::RestApi
                Condition: IsProd
                Properties:
                  Name: api
            """,
            "14 Api: Api exists only if condition `IsProd`, which depends on parameter `Env` (pass its value to "
            "decide it; lambda6lint assumes no Default in a condition)",
        ),
        (
            """\
              Api:
                Type: AWS::ApiGatewayV2::Api
                Properties:
                  Body:
                    Fn::Transform:
                      Name: AWS::Include
                      Parameters: {Location: ./missing.yaml}
            """,
            "17 Api: its IP address type is in snippet `./missing.yaml` (AWS::Include), which cannot be used: missing, "
            "outside the folder linted, not YAML or JSON, or over the limits",
        ),
        (
            """\
              Api:
                Type: AWS::ApiGatewayV2::Api
                Properties:
                  Body:
                    Fn::Transform:
                      Name: AWS::Include
                      Parameters: {Location: s3://bucket/api.yaml}
            """,
            "17 Api: its IP address type is in a snippet that `Body` includes from a URL, which this run does not read",
        ),
        (
            """\
              Api:
                Type: AWS::ApiGatewayV2::Api
                Properties:
                  Body: !If
                    - IsProd
                    - {openapi: 3.0.1, paths: {}}
                    - {openapi: 3.0.1, paths: {}, servers: [{x-amazon-apigateway-endpoint-configuration: []}]}
            """,
            "17 Api: its IP address type is in OpenAPI document `Body`, which cannot be read: its value depends on "
            "condition `IsProd`, which depends on parameter `Env` (pass its value to decide it; "
            "lambda6lint assumes no Default in a condition)",
        ),
        (
            """\
              Api:
                Type: AWS::ApiGatewayV2::Api
                Properties:
                  Body:
                    openapi: 3.0.1
                    servers:
                      - x-amazon-apigateway-endpoint-configuration:
                          ipAddressType: !Ref IpType
            """,
            "20 Api: its IP address type is in OpenAPI document `Body`, and its value comes from parameter `IpType` "
            "(pass its value to decide it)",
        ),
        (
            """\
              Api:
                Type: AWS::ApiGatewayV2::Api
                Properties:
                  DisableExecuteApiEndpoint: false
                  Body:
                    openapi: 3.0.1
                    servers:
                      - x-amazon-apigateway-endpoint-configuration:
                          disableExecuteApiEndpoint: true
            """,
            "17 Api: whether its execute-api endpoint is on is set both by DisableExecuteApiEndpoint and by OpenAPI "
            "document `Body`, which turns it off: which one wins is not documented (remove one)",
        ),
    ],
)
def test_each_unknown_of_an_api_is_explained(tmp_path, resources, want):
    got = explained(tmp_path, resources)
    assert want in got, got


@pytest.mark.parametrize(
    "resources",
    [
        # private: only dual-stack exists, whatever else is unknown
        """\
          Api:
            Type: AWS::ApiGateway::RestApi
            Condition: IsProd
            Properties:
              EndpointConfiguration:
                Types: [PRIVATE]
                IpAddressType: !Ref IpType
        """,
        # its execute-api endpoint off: clients come through its custom domains
        """\
          Api:
            Type: AWS::ApiGatewayV2::Api
            Properties:
              ProtocolType: HTTP
              DisableExecuteApiEndpoint: true
              IpAddressType: !Ref IpType
        """,
        # dual-stack
        """\
          Api:
            Type: AWS::ApiGateway::RestApi
            Properties:
              EndpointConfiguration:
                Types: [!Ref EndpointType]
                IpAddressType: DualStack
        """,
        # fully known (I9640 fires: nothing is undecided)
        """\
          Api:
            Type: AWS::ApiGateway::RestApi
            Properties:
              Name: api
        """,
        # ipv4 written out: a private API would be refused, so its endpoint type does not matter
        """\
          Api:
            Type: AWS::ApiGateway::RestApi
            Properties:
              EndpointConfiguration:
                Types: [!Ref EndpointType]
                IpAddressType: ipv4
        """,
    ],
)
def test_an_api_a_known_fact_decides_is_not_listed(tmp_path, resources):
    assert explained(tmp_path, resources) == []


def test_sam_apis_and_their_domains_are_explained(tmp_path):
    resources = """\
      Rest:
        Type: AWS::Serverless::Api
        Condition: IsProd
        Properties:
          StageName: prod
          EndpointConfiguration: {Type: !Ref EndpointType}
          Domain:
            DomainName: api.example.com
            CertificateArn: arn:aws:acm:us-east-1:111111111111:certificate/x
            EndpointConfiguration: !Ref EndpointType
      Http:
        Type: AWS::Serverless::HttpApi
        Properties:
          DefinitionUri: ./openapi.yaml
    """
    got = explained(tmp_path, resources, head="Transform: AWS::Serverless-2016-10-31\n")
    condition = (
        "which depends on parameter `Env` (pass its value to decide it; lambda6lint assumes no Default in a condition)"
    )
    private = (
        "whether it is private (its endpoint type) comes from parameter `EndpointType` (pass its value to decide it)"
    )
    assert got == [
        f"15 Rest: Rest exists only if condition `IsProd`, {condition}",
        f"20 Rest: {private}",
        "28 Http: whether its execute-api endpoint is on is in OpenAPI document `./openapi.yaml` (DefinitionUri), "
        "which cannot be used: missing, outside the folder linted, not YAML or JSON, or over the limits",
        "28 Http: its IP address type is in OpenAPI document `./openapi.yaml` (DefinitionUri), which cannot be used: "
        "missing, outside the folder linted, not YAML or JSON, or over the limits",
        f"21 Rest Domain: Rest Domain exists only if condition `IsProd`, {condition}",
        f"21 Rest Domain: {private}",
    ]


TF = """
variable "ip_type" { type = string }
variable "endpoint_type" { type = string }
variable "flag" { type = bool }
variable "prod" { type = bool }

resource "aws_api_gateway_rest_api" "ip" {
  name = "a"
  endpoint_configuration {
    types           = ["REGIONAL"]
    ip_address_type = var.ip_type
  }
}

resource "aws_api_gateway_domain_name" "types" {
  domain_name = "api.example.com"
  endpoint_configuration {
    types = [var.endpoint_type]
  }
}

resource "aws_apigatewayv2_api" "flag" {
  name                         = "c"
  protocol_type                = "HTTP"
  disable_execute_api_endpoint = var.flag
}

resource "aws_apigatewayv2_api" "templated" {
  name          = "d"
  protocol_type = "HTTP"
  body          = templatefile("${path.module}/api.yaml", {})
}

resource "aws_api_gateway_rest_api" "counted" {
  count = var.prod ? 1 : 0
  name  = "e"
}

resource "aws_apigatewayv2_api" "decided" {
  name            = "f"
  protocol_type   = "HTTP"
  ip_address_type = "dualstack"
  body            = templatefile("${path.module}/api.yaml", {})
}
"""


def test_terraform_apis_are_explained(tmp_path):
    (tmp_path / "main.tf").write_text(TF)
    result = engine.lint([str(tmp_path)])
    got = [f"{u.location.line} {u.subject.name}: {u.text}" for u in result.undecided]
    var = "comes from variable `{0}`, which has no value (pass --var {0}=… or a .tfvars file)"
    templated = (  # (api.yaml is not there)
        "is in its OpenAPI body, whose value reads a template lambda6lint cannot read: not a file in the folder "
        "linted, or over 256 KB"
    )
    assert got == [
        f"11 aws_api_gateway_rest_api.ip: its IP address type {var.format('ip_type')}",
        "17 aws_api_gateway_domain_name.types: whether it is private (its endpoint type) "
        + var.format("endpoint_type"),
        f"25 aws_apigatewayv2_api.flag: whether its execute-api endpoint is on {var.format('flag')}",
        f"31 aws_apigatewayv2_api.templated: whether its execute-api endpoint is on {templated}",
        f"31 aws_apigatewayv2_api.templated: its IP address type {templated}",
        "34 aws_api_gateway_rest_api.counted[*]: aws_api_gateway_rest_api.counted[*] exists in a number of instances "
        f"that {var.format('prod')}",
    ]


def test_the_summary_counts_apis_and_json_lists_them(tmp_path, capsys):
    path = tmp_path / "template.yaml"
    path.write_text(
        CFN
        + "  Api:\n    Type: AWS::ApiGateway::RestApi\n    Properties:\n"
        + "      EndpointConfiguration: {Types: [REGIONAL], IpAddressType: !Ref IpType}\n"
    )
    assert main([str(path)]) == 0
    assert "1 API not fully checked: --explain shows why." in capsys.readouterr().out
    assert main(["--explain", str(path)]) == 0
    out = capsys.readouterr().out
    assert f"{path}:14:3: not fully checked: API Api\n" in out
    assert main(["--format", "json", str(path)]) == 0
    [item] = json.loads(capsys.readouterr().out)["undecided"]
    assert (item["subject"], item["subject_kind"], item["fact"], item["line"]) == (
        "Api",
        "api",
        "its IP address type",
        17,
    )


@pytest.mark.parametrize(
    ("fixture", "want"),
    [
        (
            "good-openapi-extension-under-condition.yaml",
            "OrdersApi: whether its execute-api endpoint is on is in OpenAPI document `Body`, and its value depends on "
            "condition `HasCustomDomain`, which depends on parameter `CustomDomainName` (pass its value to decide it; "
            "lambda6lint assumes no Default in a condition)",
        ),
        (
            "good-sam-endpoint-type-from-parameter.sam.yaml",
            "OtherApi: whether it is private (its endpoint type) comes from parameter `OtherEndpointType` (pass its "
            "value to decide it)",
        ),
        (
            "bad-sam-implicit-api-of-conditional-and-plain-functions.sam.yaml",
            "ServerlessHttpApi: ServerlessHttpApi is made for function HookFn only, which exists only if condition "
            "`AdminEnabled`, which depends on parameter `EnableAdmin` (pass its value to decide it; "
            "lambda6lint assumes no Default in a condition)",
        ),
    ],
)
def test_what_the_fixtures_leave_undecided_is_explained(monkeypatch, fixture, want):
    monkeypatch.chdir(ROOT)
    result = engine.lint([f"fixtures/I9640/{fixture}"])
    assert [f"{u.subject.name}: {u.text}" for u in result.undecided] == [want]


def test_an_openapi_body_from_a_parameter_is_not_read_as_a_document(monkeypatch):
    """`Body: !Ref Definition` was read as a document without the extension: I9640 on both APIs."""
    monkeypatch.chdir(ROOT)
    result = engine.lint(["fixtures/I9640/good-openapi-body-from-parameter.yaml"])
    assert not result.findings
    cause = "is in OpenAPI document `Body`, which cannot be read: its value comes from parameter `OrdersApiDefinition`"
    assert [f"{u.subject.name}: {u.text}" for u in result.undecided] == [
        f"OrdersHttpApi: whether its execute-api endpoint is on {cause} (pass its value to decide it)",
        f"OrdersHttpApi: its IP address type {cause} (pass its value to decide it)",
        f"OrdersRestApi: whether its execute-api endpoint is on {cause} (pass its value to decide it)",
    ]


def test_sam_processes_no_intrinsic_function_in_a_definition_uri_file(tmp_path):
    """A DefinitionUri file is uploaded as written: its Fn::If stays unknown whatever the parameters say
    (it was decided with the run's parameters), and the cause names the file."""
    (tmp_path / "specs").mkdir()
    (tmp_path / "specs" / "api.yaml").write_text(
        "openapi: 3.0.1\nservers:\n  - url: https://a.example.com\n    x-amazon-apigateway-endpoint-configuration:\n"
        "      Fn::If: [IsProd, {disableExecuteApiEndpoint: true}, {Ref: AWS::NoValue}]\npaths: {}\n"
    )
    (tmp_path / "template.yaml").write_text(
        "Transform: AWS::Serverless-2016-10-31\nParameters:\n  Env:\n    Type: String\n"
        "Conditions:\n  IsProd: !Equals [!Ref Env, prod]\nResources:\n  Api:\n    Type: AWS::Serverless::Api\n"
        "    Properties:\n      StageName: prod\n      DefinitionUri: ./specs/api.yaml\n"
    )
    for given in ({}, {"Env": "prod"}):
        result = engine.lint([str(tmp_path)], engine.Options(parameters=[ParameterSet(given)]))
        assert not result.findings
        assert [u.text for u in result.undecided] == [
            "whether its execute-api endpoint is on is in OpenAPI document `./specs/api.yaml` (DefinitionUri), which "
            "uses an intrinsic function: SAM does not process them in a DefinitionUri file (include it with "
            "AWS::Include in DefinitionBody)"
        ]


def test_a_root_that_turns_the_endpoint_off_is_not_called_a_copy(tmp_path):
    """An HTTP API whose OpenAPI 3 root turns the execute-api endpoint off (ignored there) and whose
    servers say ipv4: move the root's setting, do not remove it."""
    path = tmp_path / "t.yaml"
    path.write_text(
        "Resources:\n  Api:\n    Type: AWS::ApiGatewayV2::Api\n    Properties:\n      Body:\n        openapi: 3.0.1\n"
        "        x-amazon-apigateway-endpoint-configuration: {disableExecuteApiEndpoint: true}\n"
        "        servers:\n          - url: https://a.example.com\n"
        "            x-amazon-apigateway-endpoint-configuration: {ipAddressType: ipv4}\n        paths: {}\n"
    )
    [finding] = engine.lint([str(path)]).findings
    assert "move `disableExecuteApiEndpoint: true` under each entry of `servers` to turn it off" in finding.message
    assert "remove" not in finding.message and "ignored." not in finding.message


def test_a_condition_over_two_parameters_names_both(tmp_path):
    text = (
        "Parameters:\n  A:\n    Type: String\n  B:\n    Type: String\n"
        "Conditions:\n  Both: !And [!Equals [!Ref A, x], !Equals [!Ref B, y]]\n"
        "Resources:\n  Api:\n    Type: AWS::ApiGateway::RestApi\n    Condition: Both\n    Properties:\n      Name: a\n"
    )
    (tmp_path / "t.yaml").write_text(text)
    [item] = engine.lint([str(tmp_path / "t.yaml")]).undecided
    assert item.text == (
        "Api exists only if condition `Both`, which depends on parameters `A`, `B` (pass their values to decide "
        "it; lambda6lint assumes no Default in a condition)"
    )


@pytest.mark.parametrize(
    ("template", "cause"),
    [
        (
            "  disableExecuteApiEndpoint: ${disabled}\n",
            "is made by `templatefile()` from a template that uses `disabled`, which its variables do not give",
        ),
        (
            "%{ if public ~}\n  disableExecuteApiEndpoint: false\n%{ else ~}\n  disableExecuteApiEndpoint: true\n"
            "%{ endif ~}\n",
            "is made by `templatefile()` from a template that uses `public`, which its variables do not give",
        ),
        (
            "  disableExecuteApiEndpoint: ${var.disabled}\n",
            "is made by `templatefile()` from a template that uses `var`, which its variables do not give",
        ),
        (
            "%{ if stage == prod_stage ~}\n  disableExecuteApiEndpoint: true\n%{ endif ~}\n",
            "is made by `templatefile()` from a template that uses `prod_stage`, which its variables do not give",
        ),
    ],
)
def test_what_a_template_leaves_unknown_is_explained(tmp_path, template, cause):
    """templatefile() renders what its variables give; the part they do not is named."""
    (tmp_path / "main.tf").write_text(
        'variable "disabled" {\n  default = true\n}\n'
        'resource "aws_api_gateway_rest_api" "orders" {\n  name = "orders"\n'
        '  body = templatefile("${path.module}/openapi.yaml.tpl", { stage = "prod" })\n'
        '  endpoint_configuration {\n    types = ["REGIONAL"]\n  }\n}\n'
    )
    (tmp_path / "openapi.yaml.tpl").write_text(
        "swagger: '2.0'\ninfo: {title: orders, version: '1'}\nx-amazon-apigateway-endpoint-configuration:\n" + template
    )
    texts = [u.text for u in engine.lint([str(tmp_path)]).undecided]
    assert any(cause in text for text in texts), texts
