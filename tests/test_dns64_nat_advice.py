"""W9612 and W9650/I9651 agree about one NAT gateway: where the NAT gateway a DNS64 subnet's 0.0.0.0/0 goes to
can go, W9612 leads with turning DNS64 off (its other fix, a NAT64 route, would keep that NAT gateway) and names
it, and W9650/I9651 and the plan name turning DNS64 off on that subnet as a step before the removal. Where the NAT
gateway stays, W9612 offers the NAT64 route as before."""

from __future__ import annotations

import json
import shutil

from conftest import FIXTURES

from lambda6lint import engine

W9612 = FIXTURES / "W9612"


def lint(path, plan: bool = False) -> engine.Result:
    return engine.lint([str(path)], engine.Options(plan=plan))


def messages(result: engine.Result, rule_id: str) -> list[str]:
    return [f.message for f in result.findings if f.rule.id == rule_id]


def test_cloudformation_w9612_turns_dns64_off_where_w9650_removes_the_nat_gateway():
    result = lint(W9612 / "bad-dns64-subnet-behind-a-removable-nat.yaml")
    [dns64] = messages(result, "W9612")
    [nat] = messages(result, "W9650")
    # W9612: DNS64 off first, in CloudFormation's words, naming the NAT gateway W9650 removes; the NAT64 route
    # only as the way to keep it on purpose
    fix = dns64.split("after a delay. ", 1)[1]
    assert fix.startswith("Turn DNS64 off with EnableDns64: false: NAT gateway Egress, ")
    assert "W9650 finds it removable, with DNS64 off here first" in fix
    assert ", or add" not in fix
    assert fix.index("Only to keep it") < fix.index("64:ff9b::/96")
    [finding] = [f for f in result.findings if f.rule.id == "W9612"]
    assert "NAT gateway Egress (W9650: removable)" in [note for _, note in finding.related]
    # W9650: the same subnet and setting, before the removal
    assert "First turn DNS64 off on their subnets that have it (AppSubnet: set EnableDns64: false; W9612)" in nat
    assert "a NAT64 route would need this NAT gateway" in nat


def test_terraform_i9651_and_the_plan_turn_dns64_off_before_the_removal():
    result = lint(W9612 / "bad-dns64-subnets-behind-a-nat-with-steps-left", plan=True)
    dns64 = messages(result, "W9612")
    [nat] = messages(result, "I9651")
    assert len(dns64) == 2
    for message in dns64:
        fix = message.split("after a delay. ", 1)[1]
        assert fix.startswith("Turn DNS64 off with enable_dns64 = false: NAT gateway aws_nat_gateway.egress, ")
        assert "I9651 lists the steps to remove it, DNS64 off here among them" in fix
    steps = nat.split("Remaining steps: ", 1)[1]
    assert steps.index("allow IPv6 egress") < steps.index("turn DNS64 off") < steps.index("then remove the NAT")
    assert "(aws_subnet.app[0], aws_subnet.app[1]: set enable_dns64 = false)" in steps
    [entry] = [n for vpc in result.plan.vpcs for n in vpc.nats]
    assert [s.step for s in entry.steps] == ["sg-ipv6", "dns64-off", "remove-nat"]
    [off] = [s for s in entry.steps if s.step == "dns64-off"]
    assert [(c.resource.name, c.what, c.location.line) for c in off.changes] == [
        ("aws_subnet.app[0]", "set enable_dns64 = false", 29),
        ("aws_subnet.app[1]", "set enable_dns64 = false", 29),
    ]


def test_terraform_module_w9612_and_w9650_name_the_same_input():
    """terraform-aws-modules/vpc 4.0.1 turns DNS64 on and routes 64:ff9b::/96 nowhere: W9612 turned to
    `enable_nat_gateway = true` while W9650 said `enable_nat_gateway = false`."""
    result = lint(W9612 / "bad-registry-vpc-4-0-1-dns64-with-nat")
    dns64 = messages(result, "W9612")
    [nat] = messages(result, "W9650")
    assert dns64
    for message in dns64:
        fix = message.split("after a delay. ", 1)[1]
        assert fix.startswith("Turn DNS64 off with private_subnet_enable_dns64 = false on module.vpc: the NAT gateways")
        assert "W9650 finds them removable" in fix
    assert "set private_subnet_enable_dns64 = false on module.vpc; W9612)" in nat
    assert "a NAT64 route would need these NAT gateways" in nat


def test_a_nat_gateway_that_stays_keeps_w9612s_nat64_route():
    result = lint(W9612 / "bad-dns64-subnet-behind-a-nat-that-stays.yaml", plan=True)
    [dns64] = messages(result, "W9612")
    assert not messages(result, "W9650") and not messages(result, "I9651")
    assert dns64.endswith(
        "Turn DNS64 off with EnableDns64: false, or add an AWS::EC2::Route with DestinationIpv6CidrBlock: "
        '"64:ff9b::/96" and NatGatewayId.'
    )
    assert "W9650" not in dns64


def test_dns64_off_leaves_w9650_without_the_step():
    result = lint(W9612 / "good-dns64-off-behind-a-removable-nat.yaml", plan=True)
    assert not messages(result, "W9612")
    [nat] = messages(result, "W9650")
    assert "DNS64" not in nat
    [entry] = [n for vpc in result.plan.vpcs for n in vpc.nats]
    assert [s.step for s in entry.steps] == ["remove-nat"]


def test_cdk_w9650_turns_dns64_off_first_where_a_smaller_nat_gateways_removes_it(tmp_path):
    """nat-partial with the function (flag on) behind its last NAT gateway, which natGateways: 1 removes, and an
    escape hatch's EnableDns64 on the function's subnet: turning DNS64 off is for now, before this NAT gateway goes
    (W9612's NAT64 route would need it), not among the steps for when the NAT gateway CDK keeps goes too."""
    shutil.copytree(FIXTURES / "cdk" / "nat-partial" / "cdk.out", tmp_path / "cdk.out")
    path = tmp_path / "cdk.out" / "NatPartial.template.json"
    doc = json.loads(path.read_text())
    resources = doc["Resources"]
    one, two = "VpcPrivateSubnet1Subnet536B997A", "VpcPrivateSubnet2Subnet3788AAA1"
    resources["Fn9270CBC0"]["Properties"]["VpcConfig"].update(SubnetIds=[{"Ref": two}], Ipv6AllowedForDualStack=True)
    resources["BoxA0510527"]["Properties"]["SubnetId"] = {"Ref": one}
    del resources["Fn9270CBC0"]["Properties"]["Environment"]  # (the SDK's and Node's settings: for later)
    resources[two]["Properties"]["EnableDns64"] = True
    path.write_text(json.dumps(doc, indent=1))
    result = lint(tmp_path / "cdk.out", plan=True)
    [nat] = messages(result, "W9650")
    [dns64] = messages(result, "W9612")
    assert "First turn DNS64 off on their subnets that have it (NatPartial/Vpc/PrivateSubnet2/Subnet: set " in nat
    assert nat.index("First turn DNS64 off") < nat.index(". Before the NAT gateway CDK keeps goes too")
    assert "W9650 finds it removable, with DNS64 off here first" in dns64
    [entry] = [n for n in result.plan.nats if n.nat.id == "VpcPublicSubnet2NATGateway9182C01D"]
    steps = [s.step for s in entry.steps]
    assert steps.index("dns64-off") < steps.index("sdk-dualstack") < steps.index("remove-nat")


def test_a_nat_gateway_kept_on_purpose_keeps_w9612s_nat64_route(tmp_path):
    """W9650 ignored on the NAT gateway (the plan: "kept on purpose"): it stays, so W9612 does not send the team to
    turn DNS64 off for a removal they declined, and offers the NAT64 route to it as before."""
    text = (W9612 / "bad-dns64-subnet-behind-a-removable-nat.yaml").read_text()
    marked = text.replace("  Egress:\n", "  # lambda6lint:ignore W9650 partners allow-list its address\n  Egress:\n")
    assert marked != text
    (tmp_path / "t.yaml").write_text(marked)
    result = lint(tmp_path / "t.yaml", plan=True)
    [dns64] = [f for f in result.findings if f.rule.id == "W9612"]
    assert dns64.message.endswith(
        "Turn DNS64 off with EnableDns64: false, or add an AWS::EC2::Route with DestinationIpv6CidrBlock: "
        '"64:ff9b::/96" and NatGatewayId.'
    )
    assert not [note for _, note in dns64.related if "W9650" in note]
    [entry] = [n for vpc in result.plan.vpcs for n in vpc.nats]
    assert entry.status == "blocked"
