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
                bad="Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n  Fn:\n    Type: AWS::Lambda::Function\n",
                good="Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n  Worker:\n    Type: AWS::Lambda::Function\n",
            ),
        ),
    ),
)
# Raised by the engine while loading, not by a check over the graph.
