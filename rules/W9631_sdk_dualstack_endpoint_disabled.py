"""W9631: a function reaches the internet over IPv6 only, but its AWS SDKs still call IPv4-only endpoints."""

from collections.abc import Iterator

from lambda6lint.api import (
    UNKNOWN,
    Context,
    Doc,
    Example,
    Finding,
    Network,
    RouteTable,
    Rule,
    Subnet,
    environment,
    names,
    sdk_true_spelling,
    set_there,
    term,
)

rule = Rule(
    id="W9631",
    name="sdk-dualstack-endpoint-disabled",
    summary="IPv6-only egress without AWS_USE_DUALSTACK_ENDPOINT=true",
    tags=("lambda", "ipv6", "sdk"),
    source_url="https://docs.aws.amazon.com/sdkref/latest/guide/feature-endpoints.html",
    doc=Doc(
        what=(
            "Finds functions with `Ipv6AllowedForDualStack: true` whose subnets route `::/0` out (in a VPC whose "
            "IPv6 addresses reach the internet: not a private IPAM scope's) but have no IPv4 "
            "path to the internet (no `0.0.0.0/0` to a NAT gateway, a transit gateway or another target; an "
            "internet gateway gives Lambda no IPv4) nor DNS64 with a `64:ff9b::/96` route to a NAT gateway, when "
            "the function's environment does not set "
            "`AWS_USE_DUALSTACK_ENDPOINT` to `true` as its runtime's SDK reads it (on Node.js and Ruby, exactly "
            "`true`: their SDKs take `TRUE` or `True` as unset). A subnet associated with a route table that "
            "cannot be known but is one of some tables (`RouteTableId: !If [C, !Ref A, !Ref B]`) counts when each "
            "of them routes alike."
        ),
        why=(
            "AWS SDKs call each service's default endpoint, and for many services that name has IPv4 addresses "
            "only: without an IPv4 path those calls time out. Not every call fails (S3 and DynamoDB through "
            "gateway endpoints, interface endpoints with private DNS, and services whose default name is already "
            "dual-stack keep working), which makes the failure look random. With `AWS_USE_DUALSTACK_ENDPOINT=true` "
            "the JavaScript v3, Python, Go v2 and Java v2 SDKs use dual-stack endpoints, reachable over IPv6."
        ),
        fix=(
            'Set `AWS_USE_DUALSTACK_ENDPOINT: "true"` in the function\'s environment. Some SDKs need a per-client '
            "option as well: JavaScript v3 clients take `useDualstackEndpoint: true` (an SQS client also "
            "`useQueueUrlAsEndpoint: false`, or it follows the queue URL's IPv4-only host), and the Java 1.x SDK "
            "ignores the variable."
        ),
        examples=(
            Example(
                "cloudformation",
                bad=(
                    "OrdersFunction:\n"
                    "  Type: AWS::Lambda::Function\n"
                    "  Properties:\n"
                    "...\n"
                    "    Environment:\n"
                    "      Variables:\n"
                    "        NODE_OPTIONS: --dns-result-order=ipv6first\n"
                    "    VpcConfig:\n"
                    "      Ipv6AllowedForDualStack: true\n"
                ),
                good=(
                    "OrdersFunction:\n"
                    "  Type: AWS::Lambda::Function\n"
                    "  Properties:\n"
                    "...\n"
                    "    Environment:\n"
                    "      Variables:\n"
                    "        NODE_OPTIONS: --dns-result-order=ipv6first\n"
                    "        AWS_USE_DUALSTACK_ENDPOINT: 'true'\n"
                    "    VpcConfig:\n"
                    "      Ipv6AllowedForDualStack: true\n"
                ),
            ),
            Example(
                "terraform",
                bad=(
                    'module "lambda" {\n'
                    "...\n"
                    "  environment_variables = {\n"
                    '    NODE_OPTIONS = "--dns-result-order=ipv6first"\n'
                    "  }\n"
                    "\n"
                    "  vpc_subnet_ids              = module.vpc.private_subnets\n"
                    "  vpc_security_group_ids      = [aws_security_group.fn.id]\n"
                    "  ipv6_allowed_for_dual_stack = true\n"
                    "...\n"
                ),
                good=(
                    'resource "aws_lambda_function" "fn" {\n'
                    "...\n"
                    "  environment {\n"
                    "    variables = {\n"
                    '      NODE_OPTIONS               = "--dns-result-order=ipv6first"\n'
                    '      AWS_USE_DUALSTACK_ENDPOINT = "true"\n'
                    "    }\n"
                    "  }\n"
                    "...\n"
                    "  vpc_config {\n"
                    "    subnet_ids                  = aws_subnet.private[*].id\n"
                    "    security_group_ids          = [aws_security_group.fn.id]\n"
                    "    ipv6_allowed_for_dual_stack = true\n"
                    "  }\n"
                ),
            ),
        ),
    ),
)

#: What SDKs need beyond the variable (research/aws-facts.md §8.1).
PER_CLIENT = (
    "some SDKs need a per-client option too (JavaScript v3: useDualstackEndpoint: true, and "
    "useQueueUrlAsEndpoint: false on SQS clients; Java 1.x ignores the variable)"
)


@rule.checker
def check(net: Network, ctx: Context) -> Iterator[Finding]:
    for fn in net.functions_in_vpc():
        if net.ipv4_unreachable(fn) is not True or net.sdk_dualstack(fn) is not False:
            continue
        value = net.env_value(fn, "AWS_USE_DUALSTACK_ENDPOINT")
        state = "is not set" if value is None or value is UNKNOWN else f'is "{value}"'
        if isinstance(value, str) and value.strip().lower() == "true":
            state += f", which the AWS SDK of {fn.runtime} does not read as true ({sdk_true_spelling(fn.runtime)})"
        state += set_there(fn, "AWS_USE_DUALSTACK_ENDPOINT")
        tables: list[RouteTable] = []
        chosen: list[str] = []  # (subnets on one of some route tables, each routing alike)
        for m in net.members(fn.subnets):
            subnet = m.target
            tables += [t for t in net.route_tables_of(subnet) if t not in tables]
            if isinstance(subnet, Subnet) and (choices := net.route_table_choices(subnet)):
                said = f"whichever of {names(choices)} subnet {subnet.name} is on"
                chosen += [said] if said not in chosen else []
        which = f"; {'; '.join(chosen)}" if chosen else ""
        yield rule.finding(
            fn,
            f"Function {fn.name} reaches the internet over IPv6 only (its subnets route ::/0 out and have no IPv4 "
            f"path, no NAT{which}), but AWS_USE_DUALSTACK_ENDPOINT {state}: AWS SDK calls to services whose default "
            f"endpoint is IPv4-only fail. Set {term(fn, 'env_dualstack')} in {environment(fn)}; "
            f"{PER_CLIENT}.",
            fn.at("env:AWS_USE_DUALSTACK_ENDPOINT", "environment"),
            related=[(t.location, f"route table {t.name}: ::/0 out, no IPv4 path") for t in tables],
        )
