"""E9604: Ipv6AllowedForDualStack is true but the function has no subnets or no security groups."""

from collections.abc import Iterator

from lambda6lint.api import (
    UNKNOWN,
    Context,
    Doc,
    Example,
    Finding,
    Function,
    Network,
    Rule,
    flag_setting,
    on_call,
    term,
)

rule = Rule(
    id="E9604",
    name="dualstack-without-vpc",
    summary="Ipv6AllowedForDualStack without subnets or security groups",
    tags=("lambda", "ipv6", "deploy"),
    source_url="https://github.com/aws-cloudformation/cloudformation-coverage-roadmap/issues/2061",
    doc=Doc(
        what=(
            "Finds functions with `Ipv6AllowedForDualStack: true` whose `SubnetIds` or `SecurityGroupIds` "
            "is empty or missing."
        ),
        why=(
            'The deployment fails: "Ipv6AllowedForDualStack cannot be true without subnet or security groups" '
            "(seen from CloudFormation, cloudformation-coverage-roadmap#2061). It typically appears when a "
            "function is taken out of its VPC but the flag is left behind; and outside a VPC a function cannot "
            "send IPv6 at all. One list known to be empty decides it, whatever the other holds (a parameter, a "
            "variable, a value known after apply): Lambda also rejects subnets without security groups and the "
            'reverse ("SubnetIds and SecurityIds must coexist or be both empty list").'
        ),
        fix=(
            "Set the flag to false (removing it does not reset a flag already deployed as true), or attach the "
            "function to dual-stack subnets and a security group. With only one of the two, give it the other, "
            "or remove that one too: Lambda takes subnets and security groups only together."
        ),
        examples=(
            Example(
                "cloudformation",
                bad=(
                    "ExchangeRatesFunction:\n"
                    "  Type: AWS::Lambda::Function\n"
                    "  Properties:\n"
                    "    ...\n"
                    "    VpcConfig:\n"
                    "      Ipv6AllowedForDualStack: true\n"
                    "      SecurityGroupIds: []\n"
                    "      SubnetIds: []\n"
                ),
                good=(
                    "ExchangeRatesFunction:\n"
                    "  Type: AWS::Lambda::Function\n"
                    "  Properties:\n"
                    "    ...\n"
                    "    VpcConfig:\n"
                    "      Ipv6AllowedForDualStack: false\n"
                    "      SecurityGroupIds: []\n"
                    "      SubnetIds: []\n"
                ),
            ),
            Example(
                "terraform",
                bad=(
                    'resource "aws_lambda_function" "fn" {\n'
                    "  ...\n"
                    "  vpc_config {\n"
                    "    subnet_ids                  = []\n"
                    "    security_group_ids          = []\n"
                    "    ipv6_allowed_for_dual_stack = true\n"
                    "  }\n"
                    "}\n"
                ),
                good=(
                    'resource "aws_lambda_function" "fn" {\n'
                    "  ...\n"
                    "  vpc_config {\n"
                    "    subnet_ids                  = []\n"
                    "    security_group_ids          = []\n"
                    "    ipv6_allowed_for_dual_stack = false\n"
                    "  }\n"
                    "}\n"
                ),
            ),
        ),
    ),
)


@rule.checker
def check(net: Network, ctx: Context) -> Iterator[Finding]:
    for fn in net.of(Function):
        if fn.dualstack is not True:
            continue
        # One list known empty decides it whatever the other holds: "SubnetIds and SecurityIds must coexist or
        # be both empty list", and both empty is the flag's own error.
        missing = [
            what
            for what, refs in (("subnets", fn.subnets), ("security groups", fn.security_groups))
            if refs is not UNKNOWN and not refs
        ]
        # (a registry module's call takes the flag and both lists: the user changes the call, not the function)
        inputs = {what: on_call(fn, concept) for what, concept in _CONCEPTS.items()}
        if len(missing) == 2:
            attach = " and ".join(given for what, given in inputs.items() if given and what != "flag")
            # (a module call drops its vpc_config only for null lists: out of the VPC, its empty ones are left unset)
            out = fn.hints.get("out_of_vpc")
            fix = (
                f"Set {flag_setting(fn, False)} (removing it does not reset a flag already deployed as true, "
                "and that update fails the same way)"
                + (f", with {out} to take the function out of the VPC; or" if out else " or")
                + " attach the function to dual-stack subnets and a security group"
                + (f" ({attach})." if attach else ".")
            )
        elif missing:  # (Lambda takes subnets and security groups only together: the flag alone fixes nothing)
            other = "security groups" if missing == ["subnets"] else "subnets"
            # the other list cannot be known (a parameter, a variable, a value known after apply): it may be empty too
            unknown = (fn.security_groups if other == "security groups" else fn.subnets) is UNKNOWN
            give = inputs[missing[0]]
            fix = (
                f"Give it {'dual-stack subnets' if other == 'security groups' else 'security groups'} too"
                + (f" ({give})" if give else "")
                + (f" (and see that its {other} are not empty: they cannot be known here)" if unknown else "")
                + ", or take it out of the VPC: "
                # (a module call's own words: it drops the block for a null list, not for an empty one)
                + (
                    fn.hints.get("out_of_vpc")
                    or f"{'any' if unknown else 'its'} {other} removed"
                    + (f" ({inputs[other]})" if inputs[other] else "")
                )
                + (
                    f" and {flag_setting(fn, False)}"
                    if inputs["flag"]
                    else f" and {term(fn, 'dualstack')} set to false"
                )
                + ", since Lambda takes subnets and security groups only together."
            )
        if missing:
            yield rule.finding(
                fn,
                f"Function {fn.name} sets {flag_setting(fn, how=False)} without {' or '.join(missing)}: "
                f"the deployment fails, and outside a VPC Lambda cannot send IPv6 anyway. {fix}",
                fn.at("dualstack", "vpc_config"),
            )


#: The function's lists a fix names, by the words its finding says them in.
_CONCEPTS = {"subnets": "subnets", "security groups": "security_groups", "flag": "dualstack"}
