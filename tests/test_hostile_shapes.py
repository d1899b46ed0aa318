"""Values of the wrong shape where a name belongs (found by fuzzing): no internal error, the rest of
the template still linted."""

from __future__ import annotations

import pytest

from lambda6lint import engine

FUNCTION = """\
AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Conditions:
  On: !Equals [a, a]
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: app.handler
      CodeUri: src/
      VpcConfig:
        Ipv6AllowedForDualStack: {flag}
        SubnetIds: [subnet-1]
        SecurityGroupIds: [sg-1]
      Events:
        List:
          Type: {event}
          Properties:
            Path: /orders
            Method: get
"""


@pytest.mark.parametrize(
    ("flag", "event"),
    [
        ("true", "[]"),  # an event type that is a list
        ("true", "{a: 1}"),  # … or a map
        ("!If [[], true, false]", "Api"),  # a condition name that is a list
        ("!If [{a: 1}, true, false]", "Api"),  # … or a map
    ],
)
def test_a_list_or_map_where_a_name_belongs(tmp_path, flag, event):
    path = tmp_path / "template.yaml"
    path.write_text(FUNCTION.format(flag=flag, event=event))
    result = engine.lint([str(path)])
    assert not [f.message for f in result.findings if "internal error" in f.message]


HUGE = "9" * 5000  # over the 4,300 digits Python's `int` reads (a safety limit)


@pytest.mark.parametrize(
    ("name", "text"),
    [
        (
            "t.yaml",
            "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  B:\n    Type: AWS::S3::Bucket\n"
            "    Properties:\n      X: " + HUGE + "\n",
        ),
        (
            "t.json",
            '{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {"B": {"Type": "AWS::S3::Bucket", '
            '"Properties": {"X": ' + HUGE + "}}}}",
        ),
        ("main.tf", "locals {\n  x = " + HUGE + "\n}\n"),
        ("main.tf", "locals {\n  x = [1]\n  y = local.x." + HUGE + "\n}\n"),  # a legacy index
        ("main.tf.json", '{"locals": {"x": ' + HUGE + "}}"),
    ],
)
def test_a_number_of_thousands_of_digits_is_read_where_it_is(tmp_path, name, text):
    """Python refuses to read an integer of over 4,300 digits, and one such number anywhere made the whole
    template an E9600 (a Terraform legacy index `a.999…`, the whole module). The number is kept as its text
    (an integer literal in HCL: unknown), where it is read: the rest of the file is linted."""
    (tmp_path / name).write_text(text)
    result = engine.lint([str(tmp_path)])
    assert not [f.message for f in result.findings if f.rule.id.startswith("E96")]
    assert result.files


@pytest.mark.parametrize("kind", ["yaml", "json"])
def test_a_huge_number_in_an_unrelated_property_keeps_the_findings(tmp_path, kind):
    """A number of 5,000 digits in a resource's Metadata: the template's findings are the same as without it."""
    from pathlib import Path

    fixtures = Path(__file__).parent.parent / "fixtures" / "W9601"
    if kind == "yaml":
        text = (fixtures / "bad-flag-absent.yaml").read_text()
        text = text.replace("  EgressOnlyGateway:\n", f"  EgressOnlyGateway:\n    Metadata:\n      Size: {HUGE}\n", 1)
    else:
        text = (fixtures / "bad-two-functions.json").read_text()
        text = text.replace(
            '"Resources": {', '"Metadata": {"Size": [' + HUGE + ", -" + HUGE + '], "Small": 1}, "Resources": {', 1
        )
    assert HUGE in text
    (tmp_path / f"t.{kind}").write_text(text)
    found = [f.rule.id for f in engine.lint([str(tmp_path)]).findings]
    source = "bad-flag-absent.yaml" if kind == "yaml" else "bad-two-functions.json"
    (tmp_path / f"t.{kind}").write_text((fixtures / source).read_text())
    assert found == [f.rule.id for f in engine.lint([str(tmp_path)]).findings]
    assert "W9601" in found


ROUTE_TO_A_MAP_TYPE = """\
AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties: {{CidrBlock: 10.0.0.0/16}}
  Eigw:
    Type: AWS::EC2::EgressOnlyInternetGateway
    Properties: {{VpcId: !Ref Vpc}}
  Odd:
    Type: {kind}
  Route6:
    Type: AWS::EC2::Route
    Properties:
      RouteTableId: !Ref Odd
      DestinationIpv6CidrBlock: '::/0'
      EgressOnlyInternetGatewayId: !Ref Eigw
"""


@pytest.mark.parametrize("kind", ["{}", "[]", "{a: 1}", "[AWS::CloudFormation::Stack]"])
def test_a_route_on_a_resource_whose_type_is_a_list_or_map(tmp_path, kind):
    """Found by mutating the fixtures of a stop (h299): asking whether a route's table may be a nested stack's
    output looked a map or list `Type` up in a set (TypeError: unhashable, the template an internal error)."""
    path = tmp_path / "template.yaml"
    path.write_text(ROUTE_TO_A_MAP_TYPE.format(kind=kind))
    result = engine.lint([str(path)])
    assert not [f.message for f in result.findings if "internal error" in f.message]
