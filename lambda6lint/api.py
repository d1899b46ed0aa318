"""The engine's public API for rule modules: the graph, its resource kinds, and rule metadata.

A rule module imports from here and nowhere else in the engine.
"""

from lambda6lint.findings import Context, Doc, Example, Finding, Rule
from lambda6lint.migration import API as STEP_API
from lambda6lint.migration import DNS64 as STEP_DNS64
from lambda6lint.migration import NODE as STEP_NODE
from lambda6lint.migration import RESPONSE as STEP_RESPONSE
from lambda6lint.migration import SDK as STEP_SDK
from lambda6lint.migration import (
    SHOWN_NAMES,
    acl_numbers,
    chosen_change,
    construct_change,
    environment,
    flag_setting,
    kept_gateways,
    kept_on_purpose,
    later,
    module_change,
    names,
    on_call,
    only_where,
    removal,
    set_there,
    tcp_ports,
)
from lambda6lint.migration import sentence as step_sentence
from lambda6lint.migration import spelled as step_changes
from lambda6lint.model import (
    TARGET_NAMES,
    UNKNOWN,
    Alias,
    Api,
    EgressOnlyInternetGateway,
    Function,
    Location,
    Member,
    NatGateway,
    NetworkAcl,
    Resource,
    Route,
    RouteTable,
    SecurityGroup,
    Subnet,
    SubnetIpv6Block,
    Vpc,
    VpcEndpoint,
    VpcIpv6Block,
    term,
)
from lambda6lint.model import region as _region
from lambda6lint.network import (
    IPV4_DEFAULT,
    IPV6_DEFAULT,
    MIGRATION_STEPS,
    NAT64_PREFIX,
    AclVerdict,
    NatAssessment,
    Network,
    Step,
)
from lambda6lint.pricing import NatCost, Prices
from lambda6lint.runtimes import IPV6FIRST_FROM, NODE_LIFECYCLE, sdk_true_spelling


def deploys_to(*resources: Resource) -> list[str | None]:
    """The region each of `resources` deploys to (`model.region`: None where its code does not say for certain)."""
    return [_region(r) for r in resources]


__all__ = [
    "TARGET_NAMES",
    "UNKNOWN",
    "IPV4_DEFAULT",
    "IPV6_DEFAULT",
    "IPV6FIRST_FROM",
    "sdk_true_spelling",
    "MIGRATION_STEPS",
    "NAT64_PREFIX",
    "STEP_API",
    "STEP_DNS64",
    "STEP_NODE",
    "STEP_RESPONSE",
    "STEP_SDK",
    "AclVerdict",
    "NODE_LIFECYCLE",
    "Alias",
    "Api",
    "Context",
    "Doc",
    "Example",
    "EgressOnlyInternetGateway",
    "Finding",
    "Function",
    "Location",
    "Member",
    "NatAssessment",
    "NatCost",
    "NatGateway",
    "Network",
    "NetworkAcl",
    "Prices",
    "Resource",
    "Route",
    "RouteTable",
    "Rule",
    "SecurityGroup",
    "Step",
    "Subnet",
    "SubnetIpv6Block",
    "Vpc",
    "VpcEndpoint",
    "VpcIpv6Block",
    "step_sentence",
    "step_changes",
    "module_change",
    "on_call",
    "only_where",
    "flag_setting",
    "acl_numbers",
    "tcp_ports",
    "removal",
    "kept_gateways",
    "kept_on_purpose",
    "later",
    "names",
    "SHOWN_NAMES",
    "construct_change",
    "chosen_change",
    "environment",
    "set_there",
    "term",
    "deploys_to",
]
