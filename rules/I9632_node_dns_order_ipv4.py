"""I9632: a Node.js function with IPv6-only egress lets Node try IPv4 addresses first."""

from collections.abc import Iterator

from lambda6lint.api import (
    IPV6FIRST_FROM,
    UNKNOWN,
    Context,
    Doc,
    Example,
    Finding,
    Network,
    Rule,
    environment,
    set_there,
    term,
)

rule = Rule(
    id="I9632",
    name="node-dns-order-ipv4",
    summary="Node.js function with IPv6-only egress without --dns-result-order=ipv6first",
    tags=("lambda", "ipv6", "nodejs"),
    source_url="https://nodejs.org/api/cli.html#--dns-result-orderorder",
    doc=Doc(
        what=(
            "Finds Node.js functions that reach the internet over IPv6 only (`Ipv6AllowedForDualStack: true`, "
            "`::/0` out, no IPv4 path such as a NAT gateway) whose `NODE_OPTIONS` does not contain "
            "`--dns-result-order=ipv6first`."
        ),
        why=(
            "Node uses addresses in the order DNS returns them (`verbatim`), so a connection may try an IPv4 "
            "address first. Without an IPv4 path that attempt goes nowhere: from Node 20 the connection falls "
            "back to IPv6 after a delay (Happy Eyeballs); on older Node.js it times out. `ipv6first` makes "
            "Node try the address that works first."
        ),
        fix=(
            'Set `NODE_OPTIONS: "--dns-result-order=ipv6first"` in the environment (or call '
            "`dns.setDefaultResultOrder('ipv6first')` in the code). The value needs Node 20.13 or 22.1 and "
            "later: upgrade a nodejs18.x function first."
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
                    "        AWS_USE_DUALSTACK_ENDPOINT: 'true'\n"
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
                    'resource "aws_lambda_function" "fn" {\n'
                    "...\n"
                    '  runtime       = "nodejs22.x"\n'
                    "...\n"
                    "  environment {\n"
                    "    variables = {\n"
                    '      AWS_USE_DUALSTACK_ENDPOINT = "true"\n'
                    "    }\n"
                    "  }\n"
                    "...\n"
                ),
                good=(
                    'module "lambda" {\n'
                    "...\n"
                    '  runtime       = "nodejs22.x"\n'
                    "...\n"
                    "  environment_variables = {\n"
                    '    NODE_OPTIONS               = "--dns-result-order=ipv6first"\n'
                    '    AWS_USE_DUALSTACK_ENDPOINT = "true"\n'
                    "  }\n"
                    "...\n"
                ),
            ),
        ),
    ),
)


@rule.checker
def check(net: Network, ctx: Context) -> Iterator[Finding]:
    for fn in net.functions_in_vpc():
        major = net.node_major(fn)
        order = net.dns_result_order(fn)
        if major is None or major is UNKNOWN or order is UNKNOWN or order == "ipv6first":
            continue
        if net.dns_order_unsupported(fn):
            continue  # E9633: a value Node rejects stops the function before any connection
        if net.ipv6_only_egress(fn) is not True:
            continue
        current = "does not set --dns-result-order" if order is None else f"sets --dns-result-order={order}"
        current += set_there(fn, "NODE_OPTIONS")
        fix = f"Set {term(fn, 'node_dns_order')} in {environment(fn)}"
        if major < IPV6FIRST_FROM:
            fix = f"Upgrade the runtime ({term(fn, 'node_upgrade')}), which Node {major} needs for it, then s" + fix[1:]
        yield rule.finding(
            fn,
            f"Node.js function {fn.name} ({fn.runtime}) reaches the internet over IPv6 only, but NODE_OPTIONS "
            f"{current}: connections may try an IPv4 address first, which has no way out, and wait for the "
            f"fallback to IPv6 or time out. {fix} (or call dns.setDefaultResultOrder('ipv6first') in the code).",
            fn.at("env:NODE_OPTIONS", "environment"),
        )
