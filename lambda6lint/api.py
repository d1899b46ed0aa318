"""The engine's public API for rule modules: the graph, its resource kinds, and rule metadata.

A rule module imports from here and nowhere else in the engine.
"""

from lambda6lint.findings import Context, Doc, Example, Finding, Rule
from lambda6lint.migration import SDK as STEP_SDK
from lambda6lint.migration import sentence as step_sentence
from lambda6lint.model import (
    UNKNOWN,
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
    Vpc,
    VpcEndpoint,
    term,
)
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

__all__ = [
    "UNKNOWN",
    "IPV4_DEFAULT",
    "IPV6_DEFAULT",
    "MIGRATION_STEPS",
    "NAT64_PREFIX",
    "STEP_SDK",
    "AclVerdict",
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
    "Vpc",
    "VpcEndpoint",
    "step_sentence",
    "term",
]
