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
