"""E9633: NODE_OPTIONS asks for --dns-result-order=ipv6first on a Node.js that rejects it at startup."""

from collections.abc import Iterator

from lambda6lint.api import (
    IPV6FIRST_FROM,
    NODE_LIFECYCLE,
    Context,
    Doc,
    Example,
    Finding,
    Function,
    Network,
    Rule,
    environment,
    set_there,
    term,
)

rule = Rule(
    id="E9633",
    name="node-dns-order-unsupported",
    summary="--dns-result-order=ipv6first on nodejs18.x or older",
    tags=("lambda", "ipv6", "nodejs", "deploy"),
    source_url="https://nodejs.org/api/dns.html#dnssetdefaultresultorderorder",
    doc=Doc(
        what=(
            "Finds functions whose `NODE_OPTIONS` contains `--dns-result-order=ipv6first` on a Node.js runtime "
            "older than Node 20 (`nodejs18.x`, `nodejs16.x`, …), or a `--dns-result-order` value no Node.js takes "
            "(they take `ipv4first`, `verbatim` and `ipv6first` in lower case only: `IPV6FIRST` is rejected)."
        ),
        why=(
            "`ipv6first` exists from Node 20.13 and 22.1; Node 18 knows only `ipv4first` and `verbatim` and "
            "exits at startup on any other value. Every invocation then fails at init. These runtimes are "
            "deprecated as well: nodejs18.x since 2025-09-01, with function creation blocked from 2027-02-01 "
            "and updates from 2027-03-03."
        ),
        fix=(
            "Upgrade the runtime to nodejs22.x (or 20.x and later), or remove the option from `NODE_OPTIONS`; "
            "write the value in lower case."
        ),
        examples=(
            Example(
                "cloudformation",
                bad=(
                    "OrdersFunction:\n"
                    "  Type: AWS::Lambda::Function\n"
                    "...\n"
                    "    Runtime: nodejs18.x\n"
                    "...\n"
                    "    Environment:\n"
                    "      Variables:\n"
                    "        NODE_OPTIONS: --dns-result-order=ipv6first\n"
                ),
                good=(
                    "OrdersFunction:\n"
                    "  Type: AWS::Lambda::Function\n"
                    "...\n"
                    "    Runtime: nodejs20.x\n"
                    "...\n"
                    "    Environment:\n"
                    "      Variables:\n"
                    "        NODE_OPTIONS: --dns-result-order=ipv6first\n"
                ),
            ),
            Example(
                "terraform",
                bad=(
                    'resource "aws_lambda_function" "fn" {\n'
                    "...\n"
                    '  runtime       = "nodejs18.x"\n'
                    "...\n"
                    "  environment {\n"
                    "    variables = {\n"
                    '      NODE_OPTIONS               = "--dns-result-order=ipv6first"\n'
                    '      AWS_USE_DUALSTACK_ENDPOINT = "true"\n'
                    "    }\n"
                    "  }\n"
                    "...\n"
                ),
                good=(
                    'module "lambda" {\n'
                    "...\n"
                    '  runtime       = "nodejs20.x"\n'
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


def _retirement(runtime: str) -> str:
    dates = NODE_LIFECYCLE.get(runtime)
    if dates is None:
        return f"{runtime} is deprecated."
    return (
        f"{runtime} is deprecated since {dates.deprecated}; creating functions on it is blocked from "
        f"{dates.create_blocked}, updating them from {dates.update_blocked}."
    )


@rule.checker
def check(net: Network, ctx: Context) -> Iterator[Finding]:
    for fn in net.of(Function):
        if net.dns_order_unsupported(fn) is not True or not isinstance(fn.runtime, str):
            continue
        major = net.node_major(fn)
        order = net.dns_result_order(fn)
        there = set_there(fn, "NODE_OPTIONS")  # (a parameter's Default or a variable gives it: changed there)
        if order != "ipv6first":
            lower = str(order).lower()
            older = isinstance(major, int) and major < IPV6FIRST_FROM
            if lower in ("ipv4first", "verbatim") or (lower == "ipv6first" and not older):
                fix = f"Write it in lower case: --dns-result-order={lower}."
            elif older:  # ipv6first needs a newer Node.js too
                fix = (
                    f"Upgrade the runtime ({term(fn, 'node_upgrade')}) and write --dns-result-order=ipv6first in "
                    "lower case, or remove the option from NODE_OPTIONS."
                )
            else:
                fix = f"Set {term(fn, 'node_dns_order')} in {environment(fn)}."
            yield rule.finding(
                fn,
                f"Function {fn.name} sets --dns-result-order={order} in NODE_OPTIONS{there}, a value Node.js rejects "
                f"(it takes ipv4first, verbatim and, from Node {IPV6FIRST_FROM}.13 and 22.1, ipv6first, in lower case "
                f"only): Node exits at startup, so every invocation fails at init. {fix}",
                fn.at("env:NODE_OPTIONS", "environment"),
            )
            continue
        node = f"Node.js {major}" if major else "an early Node.js"
        yield rule.finding(
            fn,
            f"Function {fn.name} sets --dns-result-order=ipv6first in NODE_OPTIONS{there}, but its runtime "
            f"{fn.runtime} runs {node}, which rejects that value (accepted from Node {IPV6FIRST_FROM}.13 and "
            f"22.1): Node exits at startup, so every invocation fails at init. {_retirement(fn.runtime)} "
            f"Upgrade the runtime ({term(fn, 'node_upgrade')}) or remove the option from NODE_OPTIONS.",
            fn.at("runtime", "env:NODE_OPTIONS", "environment"),
            related=[(fn.at("env:NODE_OPTIONS", "environment"), "NODE_OPTIONS with --dns-result-order=ipv6first")],
        )
