"""I9660: an IPv6-enabled function has no published version and alias to roll the change out gradually."""

from collections.abc import Iterator

from lambda6lint.api import (
    Alias,
    Context,
    Doc,
    Example,
    Finding,
    Network,
    Rule,
    names,
    on_call,
    term,
)

rule = Rule(
    id="I9660",
    name="dualstack-without-alias",
    summary="Function with Ipv6AllowedForDualStack but no published version and alias",
    tags=("lambda", "ipv6", "deployment"),
    source_url="https://docs.aws.amazon.com/lambda/latest/dg/configuring-alias-routing.html",
    doc=Doc(
        what=(
            "Finds functions with `Ipv6AllowedForDualStack: true` that have no published version or alias "
            "(`AWS::Lambda::Version`/`AWS::Lambda::Alias`, SAM `AutoPublishAlias`, Terraform `publish = true` with "
            "an `aws_lambda_alias`, CDK `currentVersion` with a `lambda.Alias`)."
        ),
        why=(
            "Turning the flag on changes how every invocation connects: destinations with IPv6 addresses may "
            "now be reached over IPv6, so a gap in routes, security groups or network ACLs breaks calls that "
            "worked over IPv4. Invoked through `$LATEST`, all traffic switches at once, with no version to roll "
            "back to. The update itself does not interrupt the function; the new network path might."
        ),
        fix=(
            "Publish versions and invoke the function through an alias (SAM: `AutoPublishAlias` with a "
            "`DeploymentPreference`), so the change can shift traffic gradually and roll back."
        ),
        examples=(
            Example(
                "cloudformation",
                bad=(
                    "OrdersFunction:\n"
                    "  Type: AWS::Lambda::Function\n"
                    "...\n"
                    "    VpcConfig:\n"
                    "      Ipv6AllowedForDualStack: true\n"
                    "...\n"
                ),
                good=(
                    "OrdersFunction:\n"
                    "  Type: AWS::Lambda::Function\n"
                    "...\n"
                    "    VpcConfig:\n"
                    "      Ipv6AllowedForDualStack: true\n"
                    "...\n"
                    "OrdersFunctionVersion:\n"
                    "  Type: AWS::Lambda::Version\n"
                    "  Properties:\n"
                    "    FunctionName: !Ref OrdersFunction\n"
                    "OrdersFunctionAlias:\n"
                    "  Type: AWS::Lambda::Alias\n"
                    "  Properties:\n"
                    "    FunctionName: !Ref OrdersFunction\n"
                    "    FunctionVersion: !GetAtt OrdersFunctionVersion.Version\n"
                    "    Name: live\n"
                ),
            ),
            Example(
                "terraform",
                bad=(
                    'resource "aws_lambda_function" "fn" {\n'
                    "...\n"
                    "  publish       = false\n"
                    "...\n"
                    "    ipv6_allowed_for_dual_stack = true\n"
                    "...\n"
                    'resource "aws_lambda_alias" "live" {\n'
                    '  name             = "live"\n'
                    "  function_name    = aws_lambda_function.fn.function_name\n"
                    "  function_version = aws_lambda_function.fn.version\n"
                    "}\n"
                ),
                good=(
                    'module "lambda" {\n'
                    "...\n"
                    "  publish       = true\n"
                    "...\n"
                    "  ipv6_allowed_for_dual_stack = true\n"
                    "...\n"
                    'module "alias" {\n'
                    '  source = "terraform-aws-modules/lambda/aws//modules/alias"\n'
                    "\n"
                    '  name             = "live"\n'
                    "  function_name    = module.lambda.lambda_function_name\n"
                    "  function_version = module.lambda.lambda_function_version\n"
                    "}\n"
                ),
            ),
        ),
    ),
)


@rule.checker
def check(net: Network, ctx: Context) -> Iterator[Finding]:
    for fn in net.functions_in_vpc():
        if fn.dualstack is not True or net.published(fn) is not False:
            continue
        aliases = [alias.name for alias in net.linked(Alias, "function", fn)]  # none to a published version
        lost, fix = "version to roll back to", "Publish versions and route callers through an alias"
        if aliases:
            lacking = (
                f"but {'its aliases' if len(aliases) > 1 else 'its alias'} {names(aliases)} "
                f"{'stand' if len(aliases) > 1 else 'stands'} for $LATEST, not a published version"
            )
        elif fn.publishes:  # versions exist, but callers invoke $LATEST
            lacking = "and publishes versions, but no alias routes callers to one"
            lost, fix = "alias to shift back", "Route callers through an alias to a published version"
        else:
            lacking = "but has no published version and alias"
        yield rule.finding(
            fn,
            f"Function {fn.name} allows IPv6 ({on_call(fn, 'dualstack') or term(fn, 'dualstack')}) {lacking}: once "
            "the flag is on, every "
            "invocation may connect over IPv6 at once, and a gap in routes, security groups or network ACLs breaks "
            f"them all with no {lost}. {fix} ({term(fn, 'publish')}) to shift traffic gradually.",
            fn.at("dualstack", "vpc_config"),
        )
