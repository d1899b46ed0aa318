"""Lambda runtimes: what their Node.js accepts and when AWS retires them (research/aws-facts.md §8.2, §12.2).

The graph holds a function's runtime and NODE_OPTIONS as written; what they mean lives here, once.
"""

from __future__ import annotations

from lambda6lint.patterns import on_use
from lambda6lint.records import dataclass


@dataclass(frozen=True)
class Lifecycle:
    """Dates (ISO) from AWS's runtime deprecation policy."""

    deprecated: str
    create_blocked: str
    update_blocked: str


#: Node.js runtimes of cfn-lint 1.58's LmbdRuntimeLifecycle.json (schemas of 2026-10-20).
NODE_LIFECYCLE = {
    "nodejs": Lifecycle("2016-08-30", "2016-09-30", "2016-10-31"),
    "nodejs4.3": Lifecycle("2020-03-05", "2020-02-03", "2020-03-05"),
    "nodejs4.3-edge": Lifecycle("2020-03-05", "2019-03-31", "2019-04-30"),
    "nodejs6.10": Lifecycle("2019-08-12", "2019-07-12", "2019-08-12"),
    "nodejs8.10": Lifecycle("2020-03-06", "2020-02-04", "2020-03-06"),
    "nodejs10.x": Lifecycle("2021-07-30", "2021-07-30", "2022-02-14"),
    "nodejs12.x": Lifecycle("2023-03-31", "2023-03-31", "2023-04-30"),
    "nodejs14.x": Lifecycle("2023-12-04", "2024-01-09", "2027-03-03"),
    "nodejs16.x": Lifecycle("2024-06-12", "2027-02-01", "2027-03-03"),
    "nodejs18.x": Lifecycle("2025-09-01", "2027-02-01", "2027-03-03"),
    "nodejs20.x": Lifecycle("2026-04-30", "2027-02-01", "2027-03-03"),
    "nodejs22.x": Lifecycle("2027-04-30", "2027-06-01", "2027-07-01"),
    "nodejs24.x": Lifecycle("2028-04-30", "2028-06-01", "2028-07-01"),
}

#: The first Node.js major whose Lambda runtime accepts `--dns-result-order=ipv6first`: the value
#: exists from Node 20.13 and 22.1 (nodejs/node#52492), and Node 18 rejects it at startup.
IPV6FIRST_FROM = 20
#: The values of `--dns-result-order` every Node.js of Lambda takes; any other (`IPV6FIRST`) stops it at
#: start with ERR_INVALID_ARG_VALUE.
DNS_ORDERS = ("ipv4first", "verbatim")

_ORDER = on_use(r"^--dns-result-order(?:=(.*))?$")


def node_major(runtime: str) -> int | None:
    """The Node.js major version of a Lambda runtime id (`nodejs18.x` → 18), None for other languages."""
    name = runtime.strip().lower()
    if not name.startswith("nodejs"):
        return None
    # (as `^nodejs(\d+)?` reads it, without compiling it: 0.1 ms of a run with a function; `\d` is `isdecimal`)
    digits = name[6:]
    end = next((i for i, c in enumerate(digits) if not c.isdecimal()), len(digits))
    return int(digits[:end]) if end else 0  # plain `nodejs` was Node 0.10


def dns_result_order(node_options: str) -> str | None:
    """The `--dns-result-order` NODE_OPTIONS sets (the last one wins, as in Node), or None."""
    return _read_options(node_options)[0]


def other_options(node_options: str) -> list[str]:
    """What NODE_OPTIONS holds besides `--dns-result-order` (a preloaded module, source maps): what a fix that
    changes the order must keep."""
    return _read_options(node_options)[1]


def _read_options(node_options: str) -> tuple[str | None, list[str]]:
    """NODE_OPTIONS' `--dns-result-order` (as `dns_result_order`) and its other words."""
    try:
        import shlex  # a function with NODE_OPTIONS only

        words = shlex.split(node_options)
    except ValueError:
        words = node_options.split()
    found, others = None, []
    skip = False
    for index, word in enumerate(words):
        if skip:  # (the value of `--dns-result-order ipv4first`)
            skip = False
            continue
        match = _ORDER.match(word)
        if match:
            value = match.group(1)
            if value is None:
                value = words[index + 1] if index + 1 < len(words) else ""
                skip = True
            found = value.strip()  # as written: Node takes these values in lower case only
        elif word.strip():
            others.append(word)
    return found, others


#: How AWS SDKs read a boolean setting such as AWS_USE_DUALSTACK_ENDPOINT, by runtime family: the SDKs
#: for JavaScript (smithy's `booleanSelector`) and Ruby (`Aws::Util.str_2_bool`) take exactly "true",
#: botocore any case (`val.lower() == 'true'`, no strip); the others get the benefit of the doubt.
EXACT_TRUE = ("nodejs", "ruby")
CASELESS_TRUE = ("python",)


def sdk_reads_true(runtime: object, value: str) -> bool | None:
    """Whether the AWS SDK of a function on `runtime` takes `value` for true (`EXACT_TRUE`). None: a
    spelling only some SDKs take, on a runtime that cannot be known (a container image, a parameter)."""
    if value == "true":
        return True
    if value.strip().lower() != "true":
        return False
    if not isinstance(runtime, str) or not runtime.strip():
        return None
    name = runtime.strip().lower()
    if name.startswith(EXACT_TRUE):
        return False
    if name.startswith(CASELESS_TRUE):
        return value.lower() == "true"
    return True


def sdk_true_spelling(runtime: object) -> str:
    """How the SDK of `runtime` wants a boolean setting spelled (W9631's message)."""
    name = runtime.strip().lower() if isinstance(runtime, str) else ""
    if name.startswith(CASELESS_TRUE):
        return 'it takes "true" in any case, without spaces'
    return 'it takes only "true"'


def sdks_reading_unset(value: str) -> str:
    """The SDKs that take `value`, a spelling of true, as unset (`sdk_reads_true`)."""
    return "JavaScript and Ruby" if value.strip() == value else "JavaScript, Ruby and Python"
