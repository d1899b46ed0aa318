"""What a fix asks to write is written in the template's own syntax, so it can be pasted: YAML for a YAML
template, JSON for a JSON one. Every bad CloudFormation/SAM fixture is linted as written and again
converted to JSON (by cfn-lint's decoder, the oracle), and each code snippet its findings and its migration
plan quote must parse in that syntax."""

from __future__ import annotations

import json
import os
import re

import pytest
import yaml
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
