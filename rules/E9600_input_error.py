"""A file that looks like infrastructure code cannot be read or parsed, or breaks a safety limit."""

from lambda6lint.api import Doc, Example, Rule

rule = Rule(
    id="E9600",
    name="input-error",
    summary="A template cannot be read or parsed, or breaks a safety limit",
    tags=("input",),
    doc=Doc(
        what=(
            "Reports a file that looks like infrastructure code but cannot be read (not UTF-8, binary, "
            "empty), cannot be parsed (a YAML/JSON syntax error, duplicate keys, an unsupported tag such as "
            "`!!python/object`), or breaks a safety limit (size, nesting depth, alias expansion). The message "
            "names the problem and the line and column where it is."
        ),
        why=(
            "A template that cannot be read cannot be checked: every other rule is silent on it. Duplicate keys "
            "are silently last-wins in most YAML parsers, so the deployed template may differ from the one you "
            "read. The other files of the run are still linted."
        ),
        fix="Fix the syntax at the reported line, or save the file as UTF-8.",
        examples=(
            Example(
                "cloudformation",
                bad=(
                    "Description: Two resources share a logical id; most YAML parsers silently keep the last one.\n"
                    "Resources:\n"
                    "  Queue:\n"
                    "    Type: AWS::SQS::Queue\n"
                    "  Queue:\n"
                    "    Type: AWS::SNS::Topic\n"
                ),
                good=(
                    "Resources:\n"
                    "  Queue:\n"
                    "    Type: AWS::SQS::Queue\n"
                    "    Properties:\n"
                    "      VisibilityTimeout: !If [IsProd, 60, 30]\n"
                ),
            ),
            Example(
                "terraform",
                bad=(
                    'resource "aws_lambda_function" "fn" {\n'
                    '  function_name = "orders"\n'
                    "  vpc_config {\n"
                    "    subnet_ids = [aws_subnet.a.id, aws_subnet.b.id\n"
                    "  }\n"
                    "}\n"
                ),
                good=(
                    'resource "aws_lambda_function" "fn" {\n'
                    "  ...\n"
                    "  vpc_config {\n"
                    "    subnet_ids                  = aws_subnet.private[*].id\n"
                    "    security_group_ids          = [aws_security_group.fn.id]\n"
                    "    ipv6_allowed_for_dual_stack = true\n"
                    "  }\n"
                    "}\n"
                ),
            ),
        ),
    ),
)
# Raised by the engine while loading, not by a check over the graph.
