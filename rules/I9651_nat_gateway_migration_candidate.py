"""I9651: a NAT gateway serves only Lambda functions; these IPv6 steps would let it go."""

from collections.abc import Iterator, Sequence

from lambda6lint.api import Context, Doc, Example, Finding, NatGateway, Network, Resource, Rule, Step, term

rule = Rule(
    id="I9651",
    name="nat-gateway-migration-candidate",
    summary="NAT gateway serving only Lambda functions: the IPv6 steps left to remove it",
    tags=("lambda", "cost", "nat", "ipv6"),
    source_url="https://docs.aws.amazon.com/vpc/latest/userguide/vpc-migrate-ipv6.html",
    doc=Doc(
        what=(
            "Finds NAT gateways whose consumer subnets host only Lambda functions, where some of the IPv6 "
            "prerequisites are still missing; the message lists the remaining migration steps in order."
        ),
        why=(
            "Such a NAT gateway exists only for Lambda's outbound traffic. Once the functions have IPv6 egress "
            "through a free egress-only internet gateway, it can go: ~$33/month plus ~$3.65/month for its "
            "public IPv4 address, plus $0.045/GB."
        ),
        fix="Follow the listed steps; then W9650 reports the NAT gateway as removable.",
        examples=(
            Example(
                "cloudformation",
                bad=(
                    "# IPv4-only VPC; private subnets with only Lambda functions; 0.0.0.0/0 → Nat\n"
                    "Nat:\n  Type: AWS::EC2::NatGateway\n  Properties:\n    AllocationId: !GetAtt NatEip.AllocationId\n"
                    "    SubnetId: !Ref PublicSubnet\n"
                ),
                good="# the same NAT gateway serving an EC2 instance too: it stays\n",
            ),
        ),
    ),
)


#: What each migration step asks for, in the words of this rule's message (`{flag}`: the format's name).
STEPS: dict[Step, str] = {
    "vpc-ipv6": "add an Amazon-provided IPv6 /56 to the VPC",
    "subnet-ipv6": "give the functions' subnets IPv6 CIDRs",
    "ipv6-route": "route ::/0 to an egress-only internet gateway in their route tables",
    "sg-ipv6": "allow IPv6 egress (::/0) in their security groups",
    "function-flag": "set {flag} on the functions",
    "node-runtime": "upgrade their Node.js runtime, which rejects --dns-result-order=ipv6first in NODE_OPTIONS",
}
SDK_STEP = "set AWS_USE_DUALSTACK_ENDPOINT=true so AWS SDKs use dual-stack endpoints"


def _names(resources: Sequence[Resource]) -> str:
    return ", ".join(r.name for r in resources)


@rule.checker
def check(net: Network, ctx: Context) -> Iterator[Finding]:
    for nat in net.of(NatGateway):
        assessment = net.nat_assessment(nat)
        if assessment is None or not assessment.missing:
            continue
        flag = term(assessment.functions[0], "dualstack")
        steps = [f"{STEPS[s].format(flag=flag)} ({_names(lacking)})" for s, lacking in assessment.missing.items()]
        if assessment.sdk_unset:
            steps.append(f"{SDK_STEP} ({_names(assessment.sdk_unset)})")
        numbered = "; ".join(f"{i}) {s}" for i, s in enumerate(steps, 1))
        names = _names(assessment.functions)
        yield rule.finding(
            nat,
            f"NAT gateway {nat.name} serves only Lambda functions ({names}); it could be replaced by a free "
            f"egress-only internet gateway, saving {ctx.prices.saving_text(nat.public)}. Remaining steps: "
            f"{numbered}; then remove the NAT gateway.",
            nat.location,
            related=[(f.location, f"function {f.name} uses this NAT gateway") for f in assessment.functions],
        )
