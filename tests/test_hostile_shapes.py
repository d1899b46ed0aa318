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


@pytest.mark.parametrize(
    ("name", "text"),
    [
        (
            "t.yaml",
            "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  B:\n    Type: AWS::S3::Bucket\n"
            "    Properties:\n      X: " + "9" * 5000 + "\n",
        ),
        (
            "t.json",
            '{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {"B": {"Type": "AWS::S3::Bucket", '
            '"Properties": {"X": ' + "9" * 5000 + "}}}}",
        ),
        ("main.tf", "locals {\n  x = " + "9" * 5000 + "\n}\n"),
    ],
)
def test_a_number_of_thousands_of_digits_is_said_in_the_inputs_terms(tmp_path, name, text):
    """Python refuses to read an integer of over 4,300 digits and advises `sys.set_int_max_str_digits()`,
    which the E9600 quoted; a template is refused in words of its own, a Terraform module is read with
    the number unknown (it is over the evaluation budget's 1,024 bits anyway), as a float's infinity is."""
    (tmp_path / name).write_text(text)
    result = engine.lint([str(tmp_path)])
    messages = [f.message for f in result.findings if f.rule.id == "E9600"]
    assert not any("sys." in m for m in messages)
    if name == "main.tf":
        assert messages == [] and result.files
    else:
        [message] = messages
        assert message.endswith("a number of 5,000 digits, over the 4,300 lambda6lint reads (a safety limit)")
