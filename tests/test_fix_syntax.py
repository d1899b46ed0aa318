"""Fixes that work when pasted. What a fix asks to write is in the template's own syntax: YAML for a YAML
template, JSON for a JSON one. Every bad CloudFormation/SAM fixture is linted as written and again
converted to JSON (by cfn-lint's decoder, the oracle), and each code snippet its findings and its migration
plan quote must parse in that syntax."""

from __future__ import annotations

import json
import os
import re

import pytest
import yaml
from cfnlint.api import lint_all
from cfnlint.decode import cfn_yaml
from conftest import ROOT

from lambda6lint import engine
from lambda6lint.report import plan_text

#: (E9600's are not templates a fix could be pasted into)
FIXTURES = sorted(p for p in (ROOT / "fixtures").glob("*/bad-*.yaml") if p.parent.name != "E9600")
#: CloudFormation properties and environment variables the fixes name: written `Name: value` in JSON's place,
#: they would not parse.
NAMES = (
    "AmazonProvidedIpv6CidrBlock|AutoPublishAlias|AutoPublishAliasAllProperties|AWS_USE_DUALSTACK_ENDPOINT|CidrIp|"
    "CidrIpv6|DependsOn|DestinationIpv6CidrBlock|EnableDns64|EndpointConfiguration|IpAddressType|Ipv6CidrBlock|"
    "IpProtocol|NODE_OPTIONS|Runtime|SecurityGroupEgress|Type|disableExecuteApiEndpoint|"
    "ipAddressType"
)
YAML_STYLE = re.compile(rf'(?<!["\w.-])(?:{NAMES})(?:\.\w+)*: ')
SNIPPET = re.compile(r"`(\{[^`]*\})`")


def _texts(paths: list[str]) -> list[str]:
    """Every finding's message, and the migration plan's text, over `paths`."""
    result = engine.lint(paths, engine.Options(plan=True))
    return [f.message for f in result.findings] + plan_text.render(result).splitlines()


def _snippets(texts: list[str]) -> list[str]:
    return [m.group(1) for text in texts for m in SNIPPET.finditer(text) if "…" not in m.group(1)]


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_json_template_fixes_are_json(fixture, tmp_path):
    converted = tmp_path / (fixture.stem + ".json")
    converted.write_text(json.dumps(cfn_yaml.load(str(fixture)), indent=2))
    texts = _texts([str(converted)])
    for text in texts:
        assert not YAML_STYLE.search(text), text
    for snippet in _snippets(texts):
        assert isinstance(json.loads(snippet), dict), snippet


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_yaml_template_fixes_are_yaml(fixture):
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        texts = _texts([str(fixture.relative_to(ROOT))])
    finally:
        os.chdir(cwd)
    for snippet in _snippets(texts):
        assert isinstance(yaml.safe_load(snippet), dict), snippet


OPENAPI = {"openapi": "3.0.1", "info": {"title": "t", "version": "1"}, "paths": {}}
TEMPLATE = {
    "Transform": "AWS::Serverless-2016-10-31",
    "Resources": {
        "Api": {"Type": "AWS::Serverless::HttpApi", "Properties": {"DefinitionUri": "./{document}"}},
        "Included": {
            "Type": "AWS::ApiGatewayV2::Api",
            "Properties": {
                "Body": {"Fn::Transform": {"Name": "AWS::Include", "Parameters": {"Location": "./{document}"}}}
            },
        },
    },
}


@pytest.mark.parametrize(
    ("template", "document", "said"),
    [
        ("template.yaml", "api.json", '`"x-amazon-apigateway-endpoint-configuration": {"ipAddressType": "dualstack"}`'),
        ("template.json", "api.yaml", "`x-amazon-apigateway-endpoint-configuration: {ipAddressType: dualstack}`"),
    ],
)
def test_an_openapi_file_is_quoted_in_its_own_syntax(tmp_path, template, document, said):
    """A document in a file of its own is written in its syntax, not the template's that names it."""
    dump = (lambda d: json.dumps(d, indent=2)) if document.endswith(".json") else yaml.safe_dump
    (tmp_path / document).write_text(dump(OPENAPI))
    text = json.dumps(TEMPLATE).replace("{document}", document)
    (tmp_path / template).write_text(text if template.endswith(".json") else yaml.safe_dump(json.loads(text)))
    messages = [f.message for f in engine.lint([str(tmp_path / template)]).findings if f.rule.id == "I9640"]
    assert len(messages) == 2 and all(said in m for m in messages), messages


SUBNET_FIX = re.compile(
    r"\((?P<cidr>Ipv6CidrBlock: .*?\]\]|\"Ipv6CidrBlock\": .*?\]\}\]\}), a /64 of the VPC's block no other subnet "
    r"uses(?:, and (?P<after>DependsOn: \w+|\"DependsOn\": \"\w+\"))?\)"
)


@pytest.mark.parametrize("fixture", ["E9602/bad-one-subnet-ipv4-only.yaml", "E9602/bad-legacy-subnet.json"])
def test_a_subnet_given_the_ipv6_cidr_e9602_says_deploys(fixture, tmp_path):
    """E9602's fix, pasted as said, is a valid template (cfn-lint) that brings no E9613: the /64 is computed
    from the VPC's block, and the subnet waits for that block."""
    source = ROOT / "fixtures" / fixture
    found = [f for f in engine.lint([str(source)]).findings if f.rule.id == "E9602"]
    assert len(found) == 1
    said = SUBNET_FIX.search(found[0].message)
    assert said and said["after"], found[0].message
    json_syntax = fixture.endswith(".json")
    parse = (lambda text: json.loads("{" + text + "}")) if json_syntax else cfn_yaml.loads
    doc = json.loads(source.read_text()) if json_syntax else cfn_yaml.load(str(source))
    subnet = doc["Resources"][found[0].related[0][1].removeprefix("IPv4-only subnet ")]
    subnet["Properties"].update(parse(said["cidr"]))
    subnet.update(parse(said["after"]))
    fixed = tmp_path / "fixed.json"
    fixed.write_text(json.dumps(doc, indent=2))
    assert {f.rule.id for f in engine.lint([str(fixed)]).findings}.isdisjoint({"E9602", "E9613"})
    assert [m for m in lint_all(fixed.read_text()) if m.rule.id.startswith("E")] == []
