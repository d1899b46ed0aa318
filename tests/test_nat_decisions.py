"""A NAT gateway's W9650/I9651 verdict, the plan's status and --explain agree: a known fact that keeps
the gateway ("must stay") is never outweighed by an unknown elsewhere, an unknown that may keep it is
never taken for a known one, and --explain lists every unknown of an undecided gateway and nothing
for a decided one."""

from __future__ import annotations

import json
import shutil

import pytest
from conftest import FIXTURES, ROOT, run

from lambda6lint import engine
from lambda6lint.loaders.cloudformation.parameters import ParameterSet

READY = (ROOT / "fixtures" / "W9650" / "bad-single-nat-lambda-only-dualstack.yaml").read_text()
READY = READY.replace("  NatGateway:  # expect: W9650\n", "  NatGateway:\n")
WORKER_IN_A = (
    "  Worker:\n    Type: AWS::EC2::Instance\n    Properties: {ImageId: ami-12345678, SubnetId: !Ref PrivateSubnetA}\n"
)


def verdict(tmp_path, text: str, *parameters: str) -> tuple[str, list[str], set[str]]:
    """The plan's status of NatGateway, what --explain lists for it, and the NAT rules that fired."""
    (tmp_path / "t.yaml").write_text(text)
    given = [ParameterSet(dict(p.split("=", 1) for p in parameters))]
    result = engine.lint([str(tmp_path / "t.yaml")], engine.Options(plan=True, parameters=given))
    [status] = [n.status for vpc in result.plan.vpcs for n in vpc.nats if n.nat.id == "NatGateway"]
    facts = [u.text for u in result.undecided if u.subject.id == "NatGateway"]
    return status, facts, {f.rule.id for f in result.findings} & {"W9650", "I9651"}


def with_parameter(text: str, name: str) -> str:
    return text.replace("Resources:\n", f"Parameters:\n  {name}:\n    Type: String\nResources:\n", 1)


def test_a_route_that_may_not_exist_makes_no_known_consumer(tmp_path):
    """The NAT route exists only under a condition: the instance behind it does not keep the NAT gateway
    for sure (the plan said "must stay"); the condition is what to decide."""
    text = with_parameter(READY, "AppInternet")
    text = text.replace("Resources:\n", "Conditions:\n  Egress: !Equals [!Ref AppInternet, 'true']\nResources:\n", 1)
    text = text.replace(
        "  PrivateDefaultRoute:\n    Type: AWS::EC2::Route\n",
        "  PrivateDefaultRoute:\n    Type: AWS::EC2::Route\n    Condition: Egress\n",
    )
    status, facts, fired = verdict(tmp_path, text.replace("Outputs:\n", WORKER_IN_A + "Outputs:\n"))
    assert (status, fired) == ("undecided", set())
    assert [f.split(",")[0] for f in facts] == ["route PrivateDefaultRoute exists only if condition `Egress`"]
    assert verdict(tmp_path, text.replace("Outputs:\n", WORKER_IN_A + "Outputs:\n"), "AppInternet=true")[0] == "blocked"


def test_a_host_in_a_known_consumer_keeps_it_whatever_other_stacks_may_add(tmp_path):
    """The route table is exported (other stacks may associate subnets with it), but the instance is in
    a subnet surely associated with it: "must stay", and nothing to explain (it said "not decided")."""
    export = "  Rt:\n    Value: !Ref PrivateRouteTable\n    Export:\n      Name: Net-PrivateRt\n"
    text = READY.replace("Outputs:\n", WORKER_IN_A + "Outputs:\n" + export)
    assert verdict(tmp_path, text) == ("blocked", [], set())
    status, facts, _ = verdict(tmp_path, READY.replace("Outputs:\n", "Outputs:\n" + export))
    assert status == "undecided"
    assert [f.split(":")[0] for f in facts] == ["which subnets use route table PrivateRouteTable cannot be known"]


NAT64 = """\
  {name}:
    Type: AWS::EC2::Route
{condition}    Properties:
      RouteTableId: !Ref PrivateRouteTable
      DestinationIpv6CidrBlock: 64:ff9b::/96
      NatGatewayId: !Ref NatGateway
"""


def test_a_nat64_route_keeps_it_in_whatever_order_the_routes_come(tmp_path):
    text = with_parameter(READY, "Nat64")
    text = text.replace("Resources:\n", "Conditions:\n  WithNat64: !Equals [!Ref Nat64, 'true']\nResources:\n", 1)
    maybe = NAT64.format(name="MaybeNat64", condition="    Condition: WithNat64\n")
    surely = NAT64.format(name="SureNat64", condition="")
    for routes in (maybe + surely, surely + maybe):
        assert verdict(tmp_path, text.replace("Outputs:\n", routes + "Outputs:\n")) == ("blocked", [], set())
    status, facts, fired = verdict(tmp_path, text.replace("Outputs:\n", maybe + "Outputs:\n"))
    assert (status, fired) == ("undecided", set())
    assert [f.split(",")[0] for f in facts] == ["NAT64 route MaybeNat64 exists only if condition `WithNat64`"]


def test_an_exposed_address_keeps_it_beside_one_that_cannot_be_known(tmp_path):
    text = with_parameter(READY, "MoreAllocations")
    text = text.replace(
        "      AllocationId: !GetAtt NatEip.AllocationId\n",
        "      AllocationId: !GetAtt NatEip.AllocationId\n      SecondaryAllocationIds: !Ref MoreAllocations\n",
    )
    text += "  NatAddress:\n    Value: !Ref NatEip\n"
    assert verdict(tmp_path, text)[:2] == ("blocked", [])


def test_a_function_whose_subnets_cannot_be_known_makes_an_unused_nat_gateway_undecided(tmp_path):
    """No function of the run is known to use the NAT gateway, but one may: not "idle"."""
    text = with_parameter(READY, "Subnets")
    text = text.replace(
        "        SubnetIds:\n          - !Ref PrivateSubnetB\n", "        SubnetIds: !Split [',', !Ref Subnets]\n"
    )
    text = text.replace(
        "          - !Ref PrivateSubnetA\n          - !Ref PrivateSubnetB\n", "          - !Ref PublicSubnet\n"
    )
    status, facts, _ = verdict(tmp_path, text)
    assert status == "undecided"
    assert facts == ["whether function WebhookFunction uses it is not known (see the function)"]


def test_a_host_placed_by_a_condition_is_where_the_condition_puts_it(monkeypatch):
    """`SubnetId: !If [InA, PrivateSubnetA, PrivateSubnetB]` counted the instance in both subnets. Decided,
    it is in one; undecided, it may be in either, and --explain names the condition."""
    monkeypatch.chdir(ROOT)
    path = "fixtures/W9650/good-instance-subnet-from-undecided-condition.yaml"

    def run(**parameters: str) -> tuple[dict[str, str], list[str]]:
        result = engine.lint([path], engine.Options(plan=True, parameters=[ParameterSet(parameters)]))
        statuses = {n.nat.id: n.status for vpc in result.plan.vpcs for n in vpc.nats}
        return statuses, [f"{u.subject.id}: {u.text}" for u in result.undecided if u.subject.kind == "nat_gateway"]

    statuses, facts = run()
    assert statuses == {"NatGatewayA": "undecided", "NatGatewayB": "undecided"}
    assert facts == [
        f"{nat}: what else runs in subnet {subnet} cannot be known: AWS::EC2::Instance Worker is placed by condition "
        "`InA`, which depends on parameter `WorkerInA` (pass its value to decide it; "
        "lambda6lint assumes no Default in a condition)"
        for nat, subnet in (("NatGatewayA", "PrivateSubnetA"), ("NatGatewayB", "PrivateSubnetB"))
    ]
    assert run(WorkerInA="true") == ({"NatGatewayA": "blocked", "NatGatewayB": "ready"}, [])
    assert run(WorkerInA="false") == ({"NatGatewayA": "ready", "NatGatewayB": "blocked"}, [])


def test_a_terraform_host_whose_subnet_cannot_be_known_may_be_in_any(monkeypatch):
    monkeypatch.chdir(ROOT)
    result = engine.lint(["fixtures/W9650/good-instance-subnet-from-undecided-condition"])
    assert not {"W9650", "I9651"} & {f.rule.id for f in result.findings}
    texts = [u.text for u in result.undecided if u.subject.kind == "nat_gateway"]
    assert texts == [
        f"what else runs in subnet aws_subnet.private[{i}] cannot be known: aws_instance.worker may be in it: its "
        "argument `subnet_id` comes from variable `worker_in_a`, which has no value (pass --var worker_in_a=… or a "
        ".tfvars file)"
        for i in (0, 1)
    ]


PEERING = """
variable "peered" {
  type = bool
}

resource "aws_route" "peering" {
  count                     = var.peered ? 1 : 0
  route_table_id            = aws_route_table.private[0].id
  destination_cidr_block    = "10.99.0.0/16"
  vpc_peering_connection_id = "pcx-0123456789abcdef0"
}
"""


def test_a_terraform_route_of_unknown_count_on_a_known_table_opens_no_other(tmp_path):
    """A route whose count cannot be known, on a route table it names, may exist on that table only:
    it opened every route table of the module, and both NAT gateways were undecided."""
    folder = ROOT / "fixtures" / "W9650" / "good-instance-subnet-from-undecided-condition"
    for name in ("network.tf", "lambda.tf"):
        (tmp_path / name).write_text((folder / name).read_text())
    (tmp_path / "peering.tf").write_text(PEERING)
    result = engine.lint([str(tmp_path)])
    [finding] = [f for f in result.findings if f.rule.id == "W9650"]
    assert "2 like NAT gateways (aws_nat_gateway.this[0], aws_nat_gateway.this[1])" in finding.message
    assert not [u for u in result.undecided if u.subject.kind == "nat_gateway"]


def test_a_module_not_read_given_subnets_that_cannot_be_known_may_put_hosts_in_any(tmp_path):
    """What a module we cannot read makes from subnets we cannot know (an auto-scaling group, a
    cluster) may be in any subnet: W9650 fired on both NAT gateways beside it."""
    folder = ROOT / "fixtures" / "W9650" / "good-instance-subnet-from-undecided-condition"
    for name in ("network.tf", "lambda.tf"):
        (tmp_path / name).write_text((folder / name).read_text())
    (tmp_path / "workers.tf").write_text(
        'variable "worker_subnets" {\n  type = list(string)\n}\n'
        'module "workers" {\n  source              = "git::https://example.com/acme/asg.git?ref=v1"\n'
        "  vpc_zone_identifier = var.worker_subnets\n}\n"
    )
    result = engine.lint([str(tmp_path)])
    assert not {"W9650", "I9651"} & {f.rule.id for f in result.findings}
    assert [u.text for u in result.undecided if u.subject.kind == "nat_gateway"] == [
        f"what else runs in subnet aws_subnet.private[{i}] cannot be known: module.workers may be in it: what it "
        "makes is given input `vpc_zone_identifier`, which comes from variable `worker_subnets`, which has no value "
        "(pass --var worker_subnets=… or a .tfvars file)"
        for i in (0, 1)
    ]


def test_a_host_named_in_both_branches_of_a_condition_is_there_for_sure(tmp_path):
    """`SubnetId: !If [C, PrivateSubnetA, PrivateSubnetA]`: whatever the condition, the instance is in
    subnet A, so the NAT gateway must stay (it was undecided)."""
    text = with_parameter(READY, "Flag")
    text = text.replace("Resources:\n", "Conditions:\n  C: !Equals [!Ref Flag, 'yes']\nResources:\n", 1)
    worker = WORKER_IN_A.replace(
        "SubnetId: !Ref PrivateSubnetA", "SubnetId: !If [C, !Ref PrivateSubnetA, !Ref PrivateSubnetA]"
    )
    assert verdict(tmp_path, text.replace("Outputs:\n", worker + "Outputs:\n")) == ("blocked", [], set())


def test_what_a_module_not_read_is_given_places_hosts_by_name_not_by_mention(tmp_path):
    """Subnets given deep inside an input (a Batch module's compute environments) may place hosts;
    inputs that name, tag or switch subnets (`private_subnet_tags`, `db_subnet_group_name`) do not."""
    folder = ROOT / "fixtures" / "W9650" / "good-instance-subnet-from-undecided-condition"
    for name in ("network.tf", "lambda.tf"):
        (tmp_path / name).write_text((folder / name).read_text())
    variables = 'variable "tags" {\n  type = map(string)\n}\nvariable "subnets" {\n  type = list(string)\n}\n'
    naming = (
        'module "other" {\n  source               = "git::https://example.com/acme/other.git"\n'
        '  private_subnet_tags  = var.tags\n  db_subnet_group_name = var.tags["group"]\n}\n'
    )
    (tmp_path / "modules.tf").write_text(variables + naming)
    result = engine.lint([str(tmp_path)])
    assert "W9650" in {f.rule.id for f in result.findings}
    batch = (
        'module "batch" {\n  source = "terraform-aws-modules/batch/aws"\n'
        "  compute_environments = {\n    a = {\n      compute_resources = {\n        subnets = var.subnets\n"
        "      }\n    }\n  }\n}\n"
    )
    (tmp_path / "modules.tf").write_text(variables + naming + batch)
    result = engine.lint([str(tmp_path)])
    assert not {"W9650", "I9651"} & {f.rule.id for f in result.findings}
    assert {u.resource.id for u in result.undecided if u.subject.kind == "nat_gateway"} == {"module.batch"}


@pytest.mark.parametrize("levels", [3, 12])
def test_subnets_given_past_the_depth_looked_into_are_not_taken_for_none(tmp_path, levels):
    """Subnets that cannot be known given `levels` maps deep inside an input of a module we cannot read: looked
    into 8 deep (`modules._VALUE_NESTING`), past that they were taken for none, and W9650 said the NAT gateways
    beside it serve nothing but Lambda. Past the limit what it makes may be in any subnet, and --explain says
    lambda6lint's limit was reached; a value all known that deep still places nothing."""
    folder = ROOT / "fixtures" / "W9650" / "good-instance-subnet-from-undecided-condition"
    for name in ("network.tf", "lambda.tf"):
        (tmp_path / name).write_text((folder / name).read_text())
    variables = 'variable "subnets" {\n  type = list(string)\n}\n'
    nested = "".join(f"level{i} = {{ " for i in range(levels))
    closing = " }" * levels

    def call(leaf: str) -> str:
        return (
            'module "batch" {\n  source = "terraform-aws-modules/batch/aws"\n'
            f"  compute_environments = {{ {nested}subnets = {leaf}{closing} }}\n}}\n"
        )

    (tmp_path / "modules.tf").write_text(variables + call('["subnet-0123456789abcdef0"]'))
    result = engine.lint([str(tmp_path)])
    assert "W9650" in {f.rule.id for f in result.findings}
    (tmp_path / "modules.tf").write_text(variables + call("var.subnets"))
    result = engine.lint([str(tmp_path)])
    assert not {"W9650", "I9651"} & {f.rule.id for f in result.findings}
    said = {u.text for u in result.undecided if u.subject.kind == "nat_gateway"}
    because = (
        "which comes from variable `subnets`, which has no value (pass --var subnets=… or a .tfvars file)"
        if levels == 3
        else "which holds maps and lists more than 8 deep, past what lambda6lint looks into for subnets (a safety "
        "limit), with values that cannot be known: check by hand which subnets it is given"
    )
    assert said == {
        f"what else runs in subnet aws_subnet.private[{i}] cannot be known: module.batch may be in it: what it makes "
        f"is given input `compute_environments`, {because}"
        for i in (0, 1)
    }, said


def test_a_host_placed_by_fn_select_is_in_the_member_it_selects(tmp_path):
    """`SubnetId: !Select [1, [PrivateSubnetA, PublicSubnet]]` is in the public subnet only: the NAT
    gateway can go (every member of the list counted, so it had to stay)."""
    selected = "!Select [{}, [!Ref PrivateSubnetA, !Ref PublicSubnet]]"
    for index, expected in ((0, ("blocked", [], set())), (1, ("ready", [], {"W9650"}))):
        worker = WORKER_IN_A.replace("SubnetId: !Ref PrivateSubnetA", "SubnetId: " + selected.format(index))
        assert verdict(tmp_path, READY.replace("Outputs:\n", worker + "Outputs:\n")) == expected


def _address_output(text: str, how: str) -> str:
    text = with_parameter(text, "Env")
    text = text.replace("Resources:\n", "Conditions:\n  IsProd: !Equals [!Ref Env, prod]\nResources:\n", 1)
    if how == "condition":
        return text + "  NatAddress:\n    Condition: IsProd\n    Value: !Ref NatEip\n"
    return text + "  NatAddress:\n    Value: !If [IsProd, !Ref NatEip, none]\n"


@pytest.mark.parametrize("how", ["condition", "if"])
def test_an_address_output_under_a_condition_is_decided_by_it(tmp_path, how):
    """An output of the Elastic IP that exists only in production (its `Condition`, or an `Fn::If` in
    its value) was taken for one that always does: the gateway kept as a static egress IP ("blocked")
    where it is not known, and kept where the condition is known false."""
    text = _address_output(READY, how)
    status, facts, fired = verdict(tmp_path, text)
    assert (status, fired) == ("undecided", set())
    condition = "exists only if" if how == "condition" else "names it only if"
    assert facts == [
        "whether the outputs give its address (NatEip) cannot be known: output `NatAddress` "
        f"{condition} condition `IsProd`, which depends on parameter `Env` (pass its value to decide it; "
        "lambda6lint assumes no Default in a condition)"
    ]
    assert verdict(tmp_path, text, "Env=prod")[:2] == ("blocked", [])
    assert verdict(tmp_path, text, "Env=dev") == ("ready", [], {"W9650"})


def test_a_terraform_address_output_that_cannot_be_known_is_explained(tmp_path):
    """`value = var.show ? aws_eip.nat.public_ip : null` with no value for show: undecided, said so."""
    folder = ROOT / "fixtures" / "W9650" / "good-eip-output-under-unknown-condition"
    result = engine.lint([str(folder)], engine.Options(plan=True))
    [(status, facts)] = [(n.status, [u.text for u in n.undecided]) for vpc in result.plan.vpcs for n in vpc.nats]
    assert status == "undecided"
    assert facts == [
        "whether the outputs give its address (aws_eip.nat) cannot be known: output `ip` comes from variable "
        "`show`, which has no value (pass --var show=… or a .tfvars file)"
    ]
    given = engine.lint([str(folder)], engine.Options(plan=True, tf_vars={"show": "true"}))
    assert [n.status for vpc in given.plan.vpcs for n in vpc.nats] == ["blocked"]


def test_a_terraform_address_output_through_a_module_output_that_cannot_be_known_is_explained():
    """`output "nat_ips" { value = module.net.nat_ips }`, the module's output `var.show ? [aws_eip.nat.public_ip] :
    []` with no value for show: the address may leave the run, as through the root's own output (it said W9650)."""
    folder = FIXTURES / "W9650" / "good-eip-output-through-a-module-output-that-cannot-be-known"
    result = engine.lint([str(folder)], engine.Options(plan=True))
    [(status, facts)] = [(n.status, [u.text for u in n.undecided]) for vpc in result.plan.vpcs for n in vpc.nats]
    assert (status, facts) == (
        "undecided",
        [
            "whether the outputs give its address (module.net.aws_eip.nat) cannot be known: output `nat_ips` comes "
            "from variable `show`, which has no value (pass --var show=… or a .tfvars file)"
        ],
    )
    for show, decided in (("true", "blocked"), ("false", "ready")):
        given = engine.lint([str(folder)], engine.Options(plan=True, tf_vars={"show": show}))
        assert [n.status for vpc in given.plan.vpcs for n in vpc.nats] == [decided]


@pytest.mark.parametrize(("value", "fired"), [("aws_nat_gateway.nat.id", ["W9650"]), ("aws_eip.nat.public_ip", [])])
def test_a_terraform_output_that_cannot_be_known_of_a_nat_gateways_id_gives_no_address(tmp_path, value, fired):
    """`value = var.show ? aws_nat_gateway.nat.id : null`, show without a value: a NAT gateway's id is no address
    (RULES.md W9650, as a known output's), where the reference inside `.id` was read as the whole gateway."""
    text = (FIXTURES / "W9650" / "good-eip-output-under-unknown-condition" / "main.tf").read_text()
    (tmp_path / "main.tf").write_text(
        text.replace("var.show ? aws_eip.nat.public_ip : null", f"var.show ? {value} : null")
    )
    result = engine.lint([str(tmp_path)])
    assert sorted(f.rule.id for f in result.findings if f.rule.id.startswith("W965")) == fired


def test_an_output_past_what_lambda6lint_follows_may_give_any_address(monkeypatch):
    """An output whose references are more than `_written_addresses` follows (its budget, here 2 expressions): what it
    may give cannot be told, so it may give any Elastic IP's or NAT gateway's address (undecided), not none (W9650)."""
    from lambda6lint.loaders.terraform import modules

    folder = FIXTURES / "W9650" / "bad-nat-id-output-through-a-module-output-that-cannot-be-known"
    assert [f.rule.id for f in engine.lint([str(folder)]).findings if f.rule.id.startswith("W965")] == ["W9650"]
    monkeypatch.setattr(modules, "_WALK_BUDGET", 2)
    result = engine.lint([str(folder)])
    assert not [f for f in result.findings if f.rule.id.startswith("W965")]
    said = [u.text for u in result.undecided if u.subject.id == "module.net.aws_nat_gateway.nat"]
    assert said and all(text.startswith("whether the outputs give its address") for text in said), said


#: A root output of a module's output, the module's `nat_count` NAT gateways (no value) with their Elastic IPs.
_NATS_OUT = """\
variable "nat_count" {
  type = number
}

resource "aws_eip" "nat" {
  count  = var.nat_count
  domain = "vpc"
}

resource "aws_nat_gateway" "this" {
  count         = var.nat_count
  allocation_id = aws_eip.nat[count.index].id
  subnet_id     = "subnet-0123456789abcdef0"
}

locals {
  ips = aws_nat_gateway.this[*].public_ip
}

output "out" {
  value = %s
}
"""


@pytest.mark.parametrize(
    ("value", "passed", "maybe"),
    [
        ("aws_nat_gateway.this[*].public_ip", "var.nat_count", ["module.vpc.aws_nat_gateway.this[*]"]),
        ("local.ips", "var.nat_count", ["module.vpc.aws_nat_gateway.this[*]"]),
        ("[for n in aws_nat_gateway.this : n.public_ip]", "var.nat_count", ["module.vpc.aws_nat_gateway.this[*]"]),
        ("aws_eip.nat[*].public_ip", "var.nat_count", ["module.vpc.aws_eip.nat[*]"]),
        ("aws_nat_gateway.this[*].id", "var.nat_count", []),  # (a NAT gateway's id is no address, RULES.md W9650)
        ("aws_nat_gateway.this[0].id", "var.nat_count", []),
        ("var.show ? aws_nat_gateway.this[0].public_ip : null", "1", ["module.vpc.aws_nat_gateway.this[0]"]),
    ],
)
def test_an_output_of_a_module_output_that_cannot_be_known_may_give_what_it_names(tmp_path, value, passed, maybe):
    """`output "nat_ips" { value = module.vpc.out }` at the root, the module's output of a value that cannot be known:
    what that output names, through the module's locals and splats, may leave the run (`Template.maybe_in_outputs`),
    where nothing did: a NAT gateway whose address it may give was said to be removable."""
    from lambda6lint.loaders.terraform import modules

    child = _NATS_OUT.replace("var.nat_count", passed) % value
    if passed == "1":
        child += 'variable "show" {\n  type = bool\n}\n'
    root = (
        'variable "nat_count" {\n  type = number\n}\n\nvariable "show" {\n  type = bool\n}\n\n'
        'module "vpc" {\n  source    = "./modules/vpc"\n  nat_count = var.nat_count\n'
        + ("  show      = var.show\n" if passed == "1" else "")
        + '}\n\noutput "nat_ips" {\n  value = module.vpc.out\n}\n'
    )
    (tmp_path / "modules" / "vpc").mkdir(parents=True)
    (tmp_path / "main.tf").write_text(root)
    (tmp_path / "modules" / "vpc" / "main.tf").write_text(child)
    _, _, _, piece = modules.evaluate(str(tmp_path), None, "")
    assert piece is not None
    template = piece[0]
    assert sorted(template.maybe_in_outputs) == maybe
    line = root.splitlines().index("  value = module.vpc.out") + 1  # (the root's output, which gives it out)
    places = {(where.path, where.line) for where, _ in template.maybe_in_outputs.values()}
    assert places <= {(str(tmp_path / "main.tf"), line)}


KAFKA = """\
  Kafka:
    Type: AWS::MSK::Cluster
    Properties:
      ClusterName: orders
      KafkaVersion: 3.6.0
      NumberOfBrokerNodes: 2
      BrokerNodeGroupInfo: {InstanceType: kafka.m7g.large, ClientSubnets: [!Ref PrivateSubnetA, !Ref PrivateSubnetB]}
"""
DATABASE = """\
  Database:
    Type: AWS::RDS::DBCluster
    Properties:
      Engine: aurora-postgresql
      DBSubnetGroupName: @GROUP@
      MasterUsername: orders
      ManageMasterUserPassword: true
      AssociatedRoles: [{FeatureName: s3Import, RoleArn: arn:aws:iam::111111111111:role/orders-db}]
"""
GROUP = """\
  DatabaseSubnetGroup:
    Type: AWS::RDS::DBSubnetGroup
    Properties: {DBSubnetGroupDescription: orders, SubnetIds: [!Ref PrivateSubnetA]}
"""
MAPPING = """\
  Mapping:
    Type: AWS::Lambda::EventSourceMapping
    Properties: {FunctionName: x, EventSourceArn: !Ref Kafka}
"""
SAM_EVENT = """\
      Events:
        Orders: {Type: MSK, Properties: {Stream: !GetAtt Kafka.Arn, Topics: [orders], StartingPosition: LATEST}}
"""


def _resources(*added: str) -> str:
    return READY.replace("Outputs:\n", "".join(added) + "Outputs:\n")


def _sam_webhook(text: str) -> str:
    """WebhookFunction as a SAM function whose MSK event polls Kafka."""
    start = text.index("  WebhookFunction:\n")
    end = text.index("Outputs:\n")
    webhook = text[start:end].replace("AWS::Lambda::Function", "AWS::Serverless::Function")
    webhook = webhook.replace("      Environment:", SAM_EVENT + "      Environment:")
    webhook = webhook.replace("      Code:\n        ZipFile: |", "      InlineCode: |")
    return text[:start] + webhook + text[end:]


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        (_resources(KAFKA), False),  # a cluster answers inside the VPC
        (_resources(KAFKA, MAPPING), True),  # its pollers call Lambda and STS from its subnets
        (  # as a SAM event of a function
            "Transform: AWS::Serverless-2016-10-31\n" + _sam_webhook(_resources(KAFKA)),
            True,
        ),
        (_resources(GROUP, DATABASE.replace("@GROUP@", "!Ref DatabaseSubnetGroup")), True),
        (
            _resources(
                GROUP,
                DATABASE.replace("@GROUP@", "!Ref DatabaseSubnetGroup").replace("      AssociatedRoles", "      Tags"),
            ),
            False,
        ),
    ],
)
def test_a_cluster_an_event_source_mapping_polls_or_a_database_with_a_role_sends_traffic_out(tmp_path, text, kept):
    """RULES.md lists MSK and RDS among what never egresses; an MSK cluster an event source mapping polls
    has Lambda's pollers in its subnets, calling Lambda and STS, and an Aurora cluster with an associated
    role calls Lambda or S3 from its subnets: through the NAT gateway, which must stay (W9650 said it could
    go, on real CDK apps)."""
    status, facts, fired = verdict(tmp_path, text)
    assert (fired == set()) is kept, (status, fired)
    assert not facts


def test_a_database_with_a_role_whose_subnet_group_is_another_stacks_may_be_in_any_subnet(tmp_path):
    status, facts, fired = verdict(tmp_path, _resources(DATABASE.replace("@GROUP@", "shared-databases")))
    assert fired == set()
    assert any("its subnet group is not in this run" in fact for fact in facts), facts


TF_READY = (ROOT / "fixtures" / "W9650" / "bad-nat-serving-dualstack-lambdas" / "main.tf").read_text()
TF_DOCDB = """
resource "aws_docdb_subnet_group" "orders" {
  subnet_ids = aws_subnet.private[*].id
}
resource "aws_docdb_cluster" "orders" {
  db_subnet_group_name = aws_docdb_subnet_group.orders.name
}
resource "aws_lambda_event_source_mapping" "orders" {
  function_name    = aws_lambda_function.fn.arn
  event_source_arn = aws_docdb_cluster.orders.arn
}
"""
TF_AURORA = """
resource "aws_db_subnet_group" "orders" {
  subnet_ids = aws_subnet.private[*].id
}
resource "aws_rds_cluster" "orders" {
  engine               = "aurora-postgresql"
  db_subnet_group_name = %s
  iam_roles            = ["arn:aws:iam::111111111111:role/orders-db"]
}
"""


@pytest.mark.parametrize(
    ("added", "fired", "fact"),
    [
        (TF_DOCDB, set(), None),
        (TF_DOCDB.replace('resource "aws_lambda_event_source_mapping"', 'resource "null_resource"'), {"W9650"}, None),
        (TF_AURORA % "aws_db_subnet_group.orders.name", set(), None),
        (TF_AURORA % '"shared-databases"', set(), "its subnet group is not in this run"),
    ],
)
def test_terraform_clusters_that_send_traffic_out_keep_the_nat_gateway(tmp_path, added, fired, fact):
    (tmp_path / "main.tf").write_text(TF_READY.replace("  # expect: W9650", "") + added)
    result = engine.lint([str(tmp_path)])
    assert {f.rule.id for f in result.findings} & {"W9650", "I9651"} == fired
    facts = [u.text for u in result.undecided if u.subject.type == "aws_nat_gateway"]
    assert any(fact in f for f in facts) if fact else not facts, facts


@pytest.mark.parametrize(
    ("runtime", "options", "change"),
    [
        ("nodejs22.x", "", 'set NODE_OPTIONS: "--dns-result-order=ipv6first" in Environment.Variables'),
        ("nodejs18.x", "", 'use Runtime: nodejs22.x or later, then set NODE_OPTIONS: "--dns-result-order=ipv6first"'),
        (
            "nodejs22.x",
            "          NODE_OPTIONS: --dns-result-order=verbatim\n",
            "add --dns-result-order=ipv6first to the NODE_OPTIONS in Environment.Variables in place of its "
            "--dns-result-order=verbatim",  # (nothing else in it: no other options to keep)
        ),
        (  # the order's value as a word of its own: still nothing else
            "nodejs22.x",
            "          NODE_OPTIONS: --dns-result-order verbatim\n",
            "add --dns-result-order=ipv6first to the NODE_OPTIONS in Environment.Variables in place of its "
            "--dns-result-order=verbatim",
        ),
        (
            "nodejs22.x",
            "          NODE_OPTIONS: --enable-source-maps --dns-result-order=ipv4first\n",
            "add --dns-result-order=ipv6first to the NODE_OPTIONS in Environment.Variables in place of its "
            "--dns-result-order=ipv4first, keeping its other options",
        ),
        ("nodejs22.x", "          NODE_OPTIONS: --dns-result-order=ipv6first\n", None),
        ("python3.12", "", None),
    ],
)
def test_removing_the_nat_gateway_first_asks_node_for_ipv6_first(tmp_path, runtime, options, change):
    """Once the NAT gateway goes, a Node.js function that tries IPv4 addresses first waits or times out
    (I9632): W9650 and the plan ask for ipv6first before the removal (upgrading Node 18 first), as they
    ask for dual-stack SDK endpoints; not a blocker, so the verdict stays W9650."""
    text = READY.replace("      Runtime: nodejs22.x\n", f"      Runtime: {runtime}\n", 1)
    text = text.replace("          NODE_OPTIONS: --dns-result-order=ipv6first\n", options, 1)
    (tmp_path / "t.yaml").write_text(text)
    result = engine.lint([str(tmp_path / "t.yaml")], engine.Options(plan=True))
    (w9650,) = [f.message for f in result.findings if f.rule.id == "W9650"]
    (nat,) = [n for vpc in result.plan.vpcs for n in vpc.nats]
    steps = {s.step: [c.what for c in s.changes] for s in nat.steps}
    if change is None:
        assert "NODE_OPTIONS" not in w9650 and "node-dns-order" not in steps
        return
    assert "--dns-result-order=ipv6first in NODE_OPTIONS so Node.js tries IPv6 addresses first on " in w9650
    assert list(steps)[-2:] == ["node-dns-order", "remove-nat"]
    (said,) = steps["node-dns-order"]
    assert said.startswith(change)
    assert ("other options" in said) == ("other options" in change), said  # (said only where it has others)


def test_node_options_already_set_keep_their_other_options(tmp_path):
    """NODE_OPTIONS with a preloaded module: the plan adds the order to it (pasting only the order would
    drop the preload), and W9650 asks for an upgrade first where Node 18 would stop at start on it."""
    text = READY.replace(
        "          NODE_OPTIONS: --dns-result-order=ipv6first\n",
        "          NODE_OPTIONS: -r ./tracing.js --enable-source-maps\n",
        1,
    ).replace("      Runtime: nodejs22.x\n", "      Runtime: nodejs18.x\n", 1)
    (tmp_path / "t.yaml").write_text(text)
    result = engine.lint([str(tmp_path / "t.yaml")], engine.Options(plan=True))
    (w9650,) = [f.message for f in result.findings if f.rule.id == "W9650"]
    assert "(upgrading " in w9650 and "to Node.js 22 or later first: older ones stop at start on it)" in w9650
    (nat,) = [n for vpc in result.plan.vpcs for n in vpc.nats]
    (said,) = [c.what for s in nat.steps if s.step == "node-dns-order" for c in s.changes]
    assert said == (
        "use Runtime: nodejs22.x or later, then add --dns-result-order=ipv6first to the NODE_OPTIONS in "
        "Environment.Variables, keeping its other options"
    )


@pytest.mark.parametrize(
    "fixture",
    ["bad-ipv4-prefix-list-egress", "bad-s3-endpoint-prefix-list-egress", "bad-ipv4-prefix-list-egress.tfplan.json"],
)
def test_an_ipv4_prefix_list_is_no_ipv6_egress_and_keeps_the_nat_gateway(fixture):
    """A group whose only egress besides IPv4 is an IPv4 prefix list (a managed list of family IPv4, an IPv4
    gateway endpoint's) blocks IPv6: W9620, and no W9650 saying the NAT gateway can go (helper, public shapes)."""
    rules = {f.rule.id for f in engine.lint([str(FIXTURES / "W9620" / fixture)]).findings}
    assert "W9620" in rules and "W9650" not in rules, rules


@pytest.mark.parametrize(
    "fixture", ["good-alias-pinned-to-an-earlier-version.yaml", "good-alias-pinned-to-an-earlier-version"]
)
def test_an_alias_pinned_to_an_earlier_version_leaves_the_nat_gateway_undecided(fixture):
    """Callers run version 3 through the alias: a version published earlier keeps the VPC settings it had then,
    so the files' IPv6 egress says nothing of its traffic; W9650 said the NAT gateway could go (helper)."""
    result = engine.lint([str(FIXTURES / "W9650" / fixture)])
    assert "W9650" not in {f.rule.id for f in result.findings}
    assert any(u.fact.startswith("the VPC settings of version 3 of ") for u in result.undecided), result.undecided


@pytest.mark.parametrize(
    ("fixture", "first"),
    [
        (
            "bad-nat-serving-a-function-that-calls-an-ipv4-only-api.yaml",
            "First set EndpointConfiguration.IpAddressType: dualstack on Api (I9640), which Fn calls: over IPv6 "
            "only, it cannot reach it.",
        ),
        (
            "bad-nat-serving-a-custom-resource-handler.yaml",
            "First add a Gateway AWS::EC2::VPCEndpoint for S3 on the route tables of Fn, which answers custom "
            "resources: CloudFormation takes the response at a pre-signed S3 URL, over IPv4 only.",
        ),
    ],
)
def test_what_the_functions_reach_over_ipv4_only_is_asked_for_first(fixture, first):
    """What the run shows the functions reach over IPv4 only (an API I9640 reports, a custom resource's response
    URL) is named as a first step, as the SDK setting is, not left to the generic caveat (and in the plan)."""
    path = FIXTURES / "W9650" / fixture
    [finding] = [f for f in engine.lint([str(path)]).findings if f.rule.id == "W9650"]
    assert first in finding.message
    plan = engine.lint([str(path)], engine.Options(plan=True)).plan
    [nat] = [n for vpc in plan.vpcs for n in vpc.nats]
    assert [s.step for s in nat.steps][-2:-1] in (["api-dualstack"], ["custom-resource-response"])


@pytest.mark.parametrize(
    ("fixture", "fix"),
    [
        (
            "W9601/bad-flag-false-long-form.yaml",
            "Before setting Ipv6AllowedForDualStack to true: route ::/0 to an egress-only internet gateway in their "
            "route tables (",
        ),
        ("I9651/bad-dualstack-flag-not-set.yaml", "Set Ipv6AllowedForDualStack to true to allow IPv6 egress."),
    ],
)
def test_w9601_asks_for_the_flag_once_the_ipv6_path_is_there(fixture, fix):
    """With no ::/0 route (or no IPv6 egress in its groups or ACLs), the flag allows no IPv6 egress, and the
    function's connections to dual-stack destinations try IPv6 first and time out: W9601 said "set it to allow
    IPv6 egress" (precision helper q01). It names what comes first; where the path is there, only the flag."""
    found = [f for f in engine.lint([str(FIXTURES / fixture)]).findings if f.rule.id == "W9601"]
    assert found and all(fix in f.message for f in found), [f.message for f in found]


#: What --explain says of a host of a kind lambda6lint does not know, after its name.
UNKNOWN_KIND = (
    "names it, and lambda6lint does not know whether a resource of this kind sends internet traffic through the NAT "
    "gateway: it counts it as one that may, so the NAT gateway stays (no W9650 or I9651). What it does there decides "
    "it: if it sends none (it only reads or changes the subnet's settings, say), judge the NAT gateway without it; "
    "lambda6lint cannot be told so"
)
CUSTOM_IN_A = (
    "  Modifier:\n    Type: Custom::SubnetModify\n"
    "    Properties: {ServiceToken: arn:aws:lambda:us-east-1:123456789012:function:m, SubnetId: !Ref PrivateSubnetA}\n"
)


@pytest.mark.parametrize(
    ("fixture", "host", "subnets"),
    [
        (
            "good-nat-beside-a-custom-resource-naming-the-subnet.yaml",
            "Custom::SubnetModify SubnetModifier",
            ["PrivateSubnetA"],
        ),
        (
            "good-nat-beside-a-resource-of-unknown-kind",
            "aws_dms_replication_subnet_group.replication",
            ["aws_subnet.private[0]", "aws_subnet.private[1]"],
        ),
        (
            "good-nat-beside-a-resource-of-unknown-kind.tfplan.json",
            "aws_dms_replication_subnet_group.replication",
            ["aws_subnet.private[0]", "aws_subnet.private[1]"],
        ),
    ],
)
def test_a_host_of_a_kind_lambda6lint_does_not_know_is_explained(monkeypatch, fixture, host, subnets):
    """A resource of a kind lambda6lint does not know names a function's subnet: it may send internet traffic
    through the NAT gateway (RULES.md "Egress hosts"), which W9650 leaves alone, but --explain said nothing of it
    (h181 on normanwongcl's Custom::SubnetModify): the user could not learn why, nor what decides it."""
    monkeypatch.chdir(ROOT)
    path = f"fixtures/W9650/{fixture}"
    result = engine.lint([path])
    assert not {"W9650", "I9651"} & {f.rule.id for f in result.findings}
    said = [u for u in result.undecided if u.subject.kind == "nat_gateway"]
    assert [u.text for u in said] == [
        f"what else runs in subnet {s} cannot be known: {host} {UNKNOWN_KIND}" for s in subnets
    ]
    [where] = {(u.resource.location.path, u.location.line) for u in said}
    assert where == (path if "." in fixture else f"{path}/main.tf", said[0].resource.location.line)
    assert host.endswith(said[0].resource.id)


def test_a_known_host_decides_what_one_of_an_unknown_kind_leaves_open(tmp_path):
    """Beside an instance (a host lambda6lint knows), the custom resource changes nothing: the NAT gateway must
    stay, and nothing is left to decide. Alone, the custom resource keeps it from W9650 (findings unchanged), but
    the plan no longer says it must stay: it is undecided, and --explain names the resource, where it is, and what
    decides it."""
    both = READY.replace("Outputs:\n", WORKER_IN_A + CUSTOM_IN_A + "Outputs:\n")
    assert verdict(tmp_path, both) == ("blocked", [], set())
    status, facts, rules = verdict(tmp_path, READY.replace("Outputs:\n", CUSTOM_IN_A + "Outputs:\n"))
    assert (status, rules) == ("undecided", set())
    assert facts == [
        f"what else runs in subnet PrivateSubnetA cannot be known: Custom::SubnetModify Modifier {UNKNOWN_KIND}"
    ]


def test_json_names_the_host_of_an_unknown_kind(capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    path = "fixtures/W9650/good-nat-beside-a-custom-resource-naming-the-subnet.yaml"
    _, out, _ = run(capsys, "--format", "json", "--explain", "--jobs", "1", path)
    [entry] = [u for u in json.loads(out)["undecided"] if u["subject_kind"] == "nat_gateway"]
    line = next(i for i, text in enumerate((ROOT / path).read_text().splitlines(), 1) if text == "  SubnetModifier:")
    assert entry == {
        "subject": "NatGateway",
        "subject_path": "NatGateway",
        "subject_kind": "nat_gateway",
        "subject_noun": "NAT gateway",
        "fact": "what else runs in subnet PrivateSubnetA",
        "cause": f"cannot be known: Custom::SubnetModify SubnetModifier {UNKNOWN_KIND}",
        "resource": "SubnetModifier",
        "path": path,
        "line": line,
        "column": 3,
    }


@pytest.mark.parametrize(
    "fixture",
    [
        "W9650/good-ec2-instance-in-private-subnet.yaml",
        "W9650/good-ecs-service-in-private-subnet.yaml",
        "I9651/good-state-machine-runs-ecs-tasks-in-the-nat-subnet-heredoc",
        "I9651/good-instance-in-private-subnet",
        "W9650/good-nat-beside-a-lambda-capacity-provider.yaml",
        "W9650/good-nat-beside-a-lambda-capacity-provider-tf",
    ],
)
def test_a_host_of_a_kind_lambda6lint_knows_leaves_nothing_to_decide(monkeypatch, fixture):
    """An instance, an ECS service, a state machine running ECS tasks, a Lambda capacity provider's instances in the
    subnet: what keeps the NAT gateway is known, and --explain lists nothing for it."""
    monkeypatch.chdir(ROOT)
    result = engine.lint([f"fixtures/{fixture}"])
    assert [u.text for u in result.undecided if u.subject.kind == "nat_gateway"] == []


def test_a_nested_stack_whose_template_is_not_read_is_said_as_a_host(tmp_path):
    """A subnet passed to a nested stack behind a URL: what its template makes there may send internet traffic
    through the NAT gateway; --explain says so of the stack, and what decides it."""
    stack = (
        "  Workers:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n"
        "      TemplateURL: https://example-bucket.s3.amazonaws.com/workers.yaml\n"
        "      Parameters: {SubnetId: !Ref PrivateSubnetA}\n"
    )
    status, facts, rules = verdict(tmp_path, READY.replace("Outputs:\n", stack + "Outputs:\n"))
    assert rules == set()
    assert (
        "what else runs in subnet PrivateSubnetA cannot be known: AWS::CloudFormation::Stack Workers is passed it, and "
        "this run does not read its template: what that template makes there may send internet traffic through the "
        "NAT gateway, which stays (no W9650 or I9651); lint the template with its parent (a local `TemplateURL` or "
        "`Location`) to decide it"
    ) in facts, facts


ENDPOINT_TYPE = (
    "an interface endpoint sends nothing through the NAT gateway, a Gateway Load Balancer endpoint forwards what is "
    "routed to it out by its subnet's routes; lambda6lint counts it as one that may, so the NAT gateway stays (no "
    "W9650 or I9651) until its type is decided"
)


@pytest.mark.parametrize(
    ("fixture", "said", "given"),
    [
        (
            "good-nat-beside-an-endpoint-of-a-type-from-a-parameter.yaml",
            "what else runs in subnet PrivateSubnetA cannot be known: AWS::EC2::VPCEndpoint Endpoint names it, and its "
            "endpoint type comes from parameter `EndpointType` (pass its value to decide it): ",
            engine.Options(plan=True, parameters=[ParameterSet({"EndpointType": "Interface"})]),
        ),
        (
            "good-nat-beside-an-endpoint-of-a-type-from-a-variable",
            "what else runs in subnet aws_subnet.private[0] cannot be known: aws_vpc_endpoint.sqs names it, and its "
            "endpoint type comes from variable `endpoint_type`, which has no value (pass --var endpoint_type=… or a "
            ".tfvars file): ",
            engine.Options(plan=True, tf_vars={"endpoint_type": "Interface"}),
        ),
    ],
)
def test_an_endpoint_whose_type_cannot_be_known_is_explained(monkeypatch, fixture, said, given):
    """An endpoint in a function's subnet whose type cannot be known may be a Gateway Load Balancer endpoint, which
    keeps the NAT gateway: --explain said nothing and the plan said it must stay. Now it is undecided, --explain
    says what decides it, and deciding it (an interface endpoint) brings W9650 back."""
    monkeypatch.chdir(ROOT)
    path = f"fixtures/W9650/{fixture}"
    result = engine.lint([path], engine.Options(plan=True))
    assert [u.text for u in result.undecided if u.subject.kind == "nat_gateway"] == [said + ENDPOINT_TYPE]
    assert [n.status for vpc in result.plan.vpcs for n in vpc.nats] == ["undecided"]
    decided = engine.lint([path], given)
    assert "W9650" in {f.rule.id for f in decided.findings}


SCHEME = (
    "an internal load balancer only answers inside the VPC, an internet-facing one may send internet traffic through "
    "the NAT gateway; lambda6lint counts it as one that may, so the NAT gateway stays (no W9650 or I9651) until that "
    "is decided"
)


@pytest.mark.parametrize(
    ("fixture", "said", "given"),
    [
        (
            "good-nat-beside-a-load-balancer-of-a-scheme-from-a-parameter.yaml",
            [
                f"what else runs in subnet {s} cannot be known: AWS::ElasticLoadBalancingV2::LoadBalancer LoadBalancer "
                "names it, and whether it is internal comes from parameter `LoadBalancerScheme` (pass its value to "
                f"decide it): {SCHEME}"
                for s in ("PrivateSubnetA", "PrivateSubnetB")
            ],
            engine.Options(plan=True, parameters=[ParameterSet({"LoadBalancerScheme": "internal"})]),
        ),
        (
            "good-nat-beside-a-load-balancer-of-a-scheme-from-a-variable",
            [
                f"what else runs in subnet aws_subnet.private[{i}] cannot be known: aws_lb.app names it, and whether "
                "it is internal comes from variable `internal`, which has no value (pass --var internal=… or a "
                f".tfvars file): {SCHEME}"
                for i in (0, 1)
            ],
            engine.Options(plan=True, tf_vars={"internal": "true"}),
        ),
    ],
)
def test_a_load_balancer_whose_scheme_cannot_be_known_is_explained(monkeypatch, fixture, said, given):
    """A load balancer in a function's subnets that may be internet-facing keeps the NAT gateway: --explain said
    nothing and the plan said it must stay. Now it is undecided, --explain says what decides it, and deciding it
    (internal) brings W9650 back."""
    monkeypatch.chdir(ROOT)
    path = f"fixtures/W9650/{fixture}"
    result = engine.lint([path], engine.Options(plan=True))
    assert [u.text for u in result.undecided if u.subject.kind == "nat_gateway"] == said
    assert [n.status for vpc in result.plan.vpcs for n in vpc.nats] == ["undecided"]
    assert "W9650" in {f.rule.id for f in engine.lint([path], given).findings}


def test_an_association_of_an_unknown_subnet_on_one_of_some_tables_keeps_their_nat_gateway_undecided(tmp_path):
    """`SubnetId: !Ref OtherSubnet` (a subnet not in the files) on `!If [Picked, PrivateRouteTable, PublicRouteTable]`:
    a subnet that may run anything may be on the NAT gateway's table. Only associations on a table for sure were
    looked at (`Network.subnets_using`): W9650 said the NAT gateway served only Lambda functions. In Terraform too
    (`subnet_id = var.s`, `route_table_id = var.pick ? … : …`: the fixture)."""
    text = READY.replace(
        "Resources:\n",
        "Parameters:\n  OtherSubnet:\n    Type: AWS::EC2::Subnet::Id\n  Pick:\n    Type: String\n"
        "Conditions:\n  Picked: !Equals [!Ref Pick, a]\nResources:\n",
        1,
    ).replace(
        "Outputs:\n",
        "  Outside:\n    Type: AWS::EC2::SubnetRouteTableAssociation\n    Properties:\n"
        "      SubnetId: !Ref OtherSubnet\n"
        "      RouteTableId: !If [Picked, !Ref PrivateRouteTable, !Ref PublicRouteTable]\nOutputs:\n",
    )
    status, facts, rules = verdict(tmp_path, text)
    assert (status, rules) == ("undecided", set())
    assert facts == [
        "which subnets use route table PrivateRouteTable cannot be known: AWS::EC2::SubnetRouteTableAssociation "
        "Outside may add to it (its table is one of some, this among them) a subnet that comes from parameter "
        "`OtherSubnet` of type `AWS::EC2::Subnet::Id`: the id of a resource that exists already, which no value "
        "passed here ties to the files' resources"
    ]
    folder = "fixtures/W9650/good-nat-beside-an-association-of-an-unknown-subnet-on-one-of-its-tables"
    result = engine.lint([str(ROOT / folder)], engine.Options(plan=True))
    assert {f.rule.id for f in result.findings} & {"W9650", "I9651"} == set()
    facts = [u.text for u in result.undecided if u.subject.kind == "nat_gateway"]
    assert [f.split(" may add")[0] for f in facts] == [
        f"which subnets use route table aws_route_table.{table} cannot be known: aws_route_table_association.outside"
        for table in ("private", "lambda")
    ], facts


LB_IN_WEB = ROOT / "fixtures" / "W9650" / "bad-nat-beside-a-host-in-public-subnets-of-an-unknown-count"
LB_SUBNETS = "  subnets            = [for s in aws_subnet.web : s.id]\n"
READ = (
    "read only when Terraform runs (a plan holds what it reads; what that names outside this configuration stays "
    "unknown)"
)


@pytest.mark.parametrize(
    "subnets",
    [
        "[for s in aws_subnet.web : s.id]",
        "[for i, s in aws_subnet.web : s.id if i > 0]",
        "[for s in aws_subnet.web : s.id if s.id != var.skip]",
        "aws_subnet.web[*].id",
        "aws_subnet.web.*.id",
        "[element(aws_subnet.web[*].id, 0)]",
        "concat(aws_subnet.web[*].id, [aws_subnet.public.id])",
        "var.flag ? aws_subnet.web[*].id : [aws_subnet.public.id]",
    ],
)
def test_a_host_of_unknown_subnets_named_only_by_other_subnet_blocks_is_in_those_alone(tmp_path, subnets):
    """A load balancer in the ids of the web subnets, whose count no value decides (and of the public subnet),
    cannot be in the function's private subnets: W9650. It was a host of any subnet of the module, which left both
    NAT gateways undecided ("what else runs in subnet aws_subnet.private[0] cannot be known: aws_lb.web may be
    in it")."""
    text = (LB_IN_WEB / "main.tf").read_text()
    assert LB_SUBNETS in text
    text = text.replace(LB_SUBNETS, f"  subnets            = {subnets}\n")
    (tmp_path / "main.tf").write_text(
        text + 'variable "flag" {\n  type = bool\n}\nvariable "skip" {\n  type = string\n}\n'
    )
    result = engine.lint([str(tmp_path)])
    assert not [u.text for u in result.undecided if u.subject.kind == "nat_gateway"]
    [finding] = [f for f in result.findings if f.rule.id == "W9650"]
    assert "2 like NAT gateways (aws_nat_gateway.zone[0], aws_nat_gateway.zone[1])" in finding.message


@pytest.mark.parametrize(
    ("subnets", "why"),
    [
        (
            "concat(aws_subnet.web[*].id, var.extra)",
            "refers to `aws_subnet.web`, whose `count` comes from variable `web_count`, which has no value (pass "
            "--var web_count=… or a .tfvars file)",
        ),
        (
            "var.flag ? aws_subnet.web[*].id : aws_subnet.private[*].id",
            "comes from variable `flag`, which has no value (pass --var flag=… or a .tfvars file)",
        ),
        ("data.aws_subnets.web.ids", f"comes from data source `data.aws_subnets.web`, {READ}"),
        ("[for s in data.aws_subnet.web : s.id]", f"comes from data source `data.aws_subnet.web`, {READ}"),
    ],
)
def test_a_host_of_subnets_that_may_be_from_outside_the_run_or_private_may_be_beside_the_function(
    tmp_path, subnets, why
):
    """Where the list may hold an id from outside the run (a variable, a data source) or a private subnet's, the
    load balancer may be beside the function: both NAT gateways stay undecided, as they were."""
    text = (LB_IN_WEB / "main.tf").read_text()
    text = text.replace(LB_SUBNETS, f"  subnets            = {subnets}\n")
    extra = (
        'variable "flag" {\n  type = bool\n}\nvariable "extra" {\n  type = list(string)\n}\n'
        'variable "skip" {\n  type = string\n}\n'
        'data "aws_subnets" "web" {\n}\ndata "aws_subnet" "web" {\n  for_each = toset(data.aws_subnets.web.ids)\n'
        "  id       = each.value\n}\n"
    )
    (tmp_path / "main.tf").write_text(text + extra)
    result = engine.lint([str(tmp_path)])
    assert not {"W9650", "I9651"} & {f.rule.id for f in result.findings}
    assert [u.text for u in result.undecided if u.subject.kind == "nat_gateway"] == [
        f"what else runs in subnet aws_subnet.private[{i}] cannot be known: aws_lb.web may be in it: its argument "
        f"`subnets` {why}"
        for i in (0, 1)
    ]


LB_MODULE = (
    'variable "subnets" {\n  type = list(string)\n}\n\n'
    'resource "aws_lb" "web" {\n  name               = "web"\n  load_balancer_type = "application"\n'
    "  internal           = false\n  subnets            = var.subnets\n}\n"
)
PASSING_MODULE = 'variable "given" {\n  type = list(string)\n}\n\noutput "ids" {\n  value = var.given\n}\n'


@pytest.mark.parametrize(
    ("given", "decided"),
    [
        ("[for s in aws_subnet.web : s.id]", True),
        ("local.web_ids", True),
        ("module.ids.ids", True),
        ("[module.ids.ids[0]]", True),
        ("var.web_ids", False),  # (a root variable's ids: any subnet's)
        ("[var.web_ids[0]]", False),
    ],
)
def test_a_host_in_a_module_given_ids_of_other_subnet_blocks_is_in_those_alone(tmp_path, given, decided):
    """The load balancer made by a module given the web subnets' ids, passed through a local or another module's
    output (`module.vpc.public_subnet_ids`, `[for s in aws_subnet.public : s.id]`, as seunayolu/terraform-rds-proxy-
    iam-auth's ALB module is given them), is in those alone: W9650, where it was a host of any subnet. A root
    variable's ids may be any subnet's: undecided, as before."""
    text = (LB_IN_WEB / "main.tf").read_text()
    start, end = text.index('resource "aws_lb" "web" {'), text.index('resource "aws_eip" "nat" {')
    text = text[:start] + text[end:]
    text += (
        "locals {\n  web_ids = [for s in aws_subnet.web : s.id]\n}\n\n"
        'variable "web_ids" {\n  type = list(string)\n}\n\n'
        'module "ids" {\n  source = "./ids"\n  given  = local.web_ids\n}\n\n'
        f'module "lb" {{\n  source  = "./lb"\n  subnets = {given}\n}}\n'
    )
    (tmp_path / "main.tf").write_text(text)
    for name, module in (("lb", LB_MODULE), ("ids", PASSING_MODULE)):
        (tmp_path / name).mkdir()
        (tmp_path / name / "main.tf").write_text(module)
    result = engine.lint([str(tmp_path)])
    undecided = [u.text for u in result.undecided if u.subject.kind == "nat_gateway"]
    fired = [f.rule.id for f in result.findings if f.rule.id in ("W9650", "I9651")]
    assert (fired, not undecided) == ((["W9650"], True) if decided else ([], False))
    if not decided:
        assert "module.lb.aws_lb.web may be in it: its argument `subnets`" in undecided[0]


@pytest.mark.parametrize(
    ("selected", "expected"),
    [
        ("!Select [!Ref Idx, [!Ref PublicSubnet, !Ref PublicSubnet]]", ("ready", [], {"W9650"})),
        ("!Select [!Ref Idx, [!Ref PublicSubnet]]", ("ready", [], {"W9650"})),
        # (one it may pick is the function's: it must stay, as before; a parameter's list: any subnet, as before)
        ("!Select [!Ref Idx, [!Ref PrivateSubnetA, !Ref PublicSubnet]]", ("blocked", [], set())),
        (
            "!Select [0, !Split [',', !Ref Idx]]",
            (
                "undecided",
                [
                    f"what else runs in subnet PrivateSubnet{z} cannot be known: AWS::EC2::Instance Worker may be in "
                    "it: its property `SubnetId` comes from parameter `Idx` (pass its value to decide it)"
                    for z in "AB"
                ],
                set(),
            ),
        ),
    ],
)
def test_a_host_placed_by_fn_select_of_an_unknown_index_is_in_one_of_its_members(tmp_path, selected, expected):
    """`SubnetId: !Select [!Ref Idx, [!Ref PublicSubnet, …]]`, the index a parameter without a value, picks one of the
    template's subnets it lists: the instance may be in those alone, and the NAT gateway can go (the instance was a
    host of any subnet of the template, so the NAT gateway was undecided)."""
    worker = WORKER_IN_A.replace("SubnetId: !Ref PrivateSubnetA", "SubnetId: " + selected)
    text = with_parameter(READY.replace("Outputs:\n", worker + "Outputs:\n"), "Idx")
    assert verdict(tmp_path, text) == expected


PICKED = ROOT / "fixtures" / "W9650" / "good-nat-beside-a-host-picked-from-private-subnets-of-a-capped-slice-of-zones"
PICKED_ID = "  subnet_id = module.vpc.private_subnet_ids[0]\n"
CAPPED = "slice(data.aws_availability_zones.available.names, 0, min(3, "
VPC_OUTPUT = "  value = [for s in aws_subnet.private : s.id]\n"
MAY_BE = (
    "what else runs in subnet module.vpc.aws_subnet.private[*] cannot be known: "
    "module.ec2.aws_instance.app may be in it"
)


@pytest.mark.parametrize(
    ("picked", "vpc", "facts"),
    [
        ("module.vpc.private_subnet_ids[0]", {}, []),
        ("element(module.vpc.private_subnet_ids, 1)", {}, []),
        ("tolist(module.vpc.private_subnet_ids)[var.i]", {}, []),
        ("var.i > 0 ? module.vpc.private_subnet_ids[0] : module.vpc.private_subnet_ids[1]", {}, []),
        ("module.vpc.private_subnet_ids[0]", {VPC_OUTPUT: "  value = aws_subnet.private[*].id\n"}, []),
        (
            "module.vpc.first_private_id",
            {
                VPC_OUTPUT: VPC_OUTPUT
                + '}\n\noutput "first_private_id" {\n  value = aws_subnet.private[local.azs[0]].id\n'
            },
            [],
        ),
        # (a list of two blocks, a filtered one, one that may be empty, one of an unknown number: as before)
        (
            'module.vpc.private_subnet_ids[0] == "" ? module.vpc.private_subnet_ids[1] : local.public_ids[0]',
            {},
            [
                "reads one instance of `module.vpc.aws_subnet.private` picked by position (an index, element()), one "
                "of those made for each zone of `slice(module.vpc.data.aws_availability_zones.available.names, 0, "
                "min(3, length(module.vpc.data.aws_availability_zones.available.names)))`: at least one in every "
                "region, but which is which only Terraform knows when it runs, so the one standing for them all "
                "cannot tell"
            ],
        ),
        (
            "concat(module.vpc.private_subnet_ids, module.vpc.public_subnet_ids)[0]",
            {},
            ["is computed by `concat(…)`, which lambda6lint cannot evaluate for these arguments"],
        ),
        (
            "module.vpc.private_subnet_ids[0]",
            {VPC_OUTPUT: '  value = [for s in aws_subnet.private : s.id if s.availability_zone != "eu-west-1c"]\n'},
            ["refers to `aws_subnet.private`, whose `for_each` comes from data source"],
        ),
        (
            "module.vpc.private_subnet_ids[0]",
            {CAPPED: "slice(data.aws_availability_zones.available.names, 1, min(3, "},
            ["refers to `aws_subnet.private`, whose `for_each` comes from data source"],
        ),
        (
            "module.vpc.private_subnet_ids[0]",
            {
                "locals {\n  azs = " + CAPPED: 'variable "zones" {\n  type = list(string)\n}\n\nlocals {\n  x = '
                + CAPPED,
                "toset(local.azs)": "toset(var.zones)",
            },
            ["refers to `aws_subnet.private`, whose `for_each` comes from variable `zones`"],
        ),
    ],
)
def test_a_host_picked_from_the_ids_of_a_representative_of_at_least_one_is_in_it(tmp_path, picked, vpc, facts):
    """seunayolu/terraform-rds-proxy-iam-auth's EC2 instance, `subnet_id = module.vpc.private_subnet_ids[0]` (the
    module's output `[for s in aws_subnet.private : s.id]`, the subnets for each of a capped slice of the zones:
    never none), is in one of the private subnets, whose representative stands for each: it uses the private route
    table, so the NAT gateway must stay (it was undecided: "may be in it: its argument `subnet_id` cannot be
    evaluated statically"). Picked from two blocks, a filtered list, a list that may be empty or whose number no value
    decides, it may be in the private subnets, as before, and --explain says why."""
    shutil.copytree(PICKED, tmp_path / "m")
    root, module = tmp_path / "m" / "main.tf", tmp_path / "m" / "modules" / "vpc" / "main.tf"
    text = root.read_text()
    assert PICKED_ID in text
    text = text.replace(PICKED_ID, f"  subnet_id = {picked}\n") + 'variable "i" {\n  type = number\n}\n'
    text += "locals {\n  public_ids = module.vpc.public_subnet_ids\n}\n"
    if "toset(local.azs)" in vpc:
        text = text.replace('  source = "./modules/vpc"\n', '  source = "./modules/vpc"\n  zones  = var.zones\n')
        text += 'variable "zones" {\n  type = list(string)\n}\n'
    root.write_text(text)
    written = module.read_text()
    for old, new in vpc.items():
        assert old in written
        written = written.replace(old, new)
    module.write_text(written)
    result = engine.lint([str(tmp_path / "m")], engine.Options(plan=True))
    [status] = [n.status for vpc in result.plan.vpcs for n in vpc.nats]
    said = [u.text for u in result.undecided if u.subject.kind == "nat_gateway" and "aws_instance" in u.text]
    assert not {"W9650", "I9651"} & {f.rule.id for f in result.findings}
    assert (status, len(said)) == (("blocked", 0) if not facts else ("undecided", 1)), said
    for fact, why in zip(said, facts, strict=True):
        assert fact.startswith(f"{MAY_BE}: its argument `subnet_id` {why}"), fact


LOCAL_SET = ROOT / "fixtures" / "I9651" / "bad-public-subnets-for-each-over-a-local-set-of-zones"


@pytest.mark.parametrize(
    ("local", "fired"),
    [
        ("toset(var.zones)", True),
        ("local.again\n  again = toset(var.zones)", True),  # (through two locals)
        ("{ for z in var.zones : z => z }", False),  # (a map: each.value is not taken for each.key, as before)
    ],
)
def test_an_association_over_a_local_set_pairs_each_value_with_its_key(tmp_path, local, fired):
    """`for_each = local.zones` with `zones = toset(var.zones)` (a variable without a value: how many cannot be
    known), `subnet_id = aws_subnet.public[each.value].id`: each association puts its own zone's public subnet on
    the public table, as with `for_each = toset(var.zones)` written directly (causes.paired_block asks the
    evaluator's key_is_value, which follows locals). It was an association of an unknown count whose subnet may be
    any, the function's too: the NAT gateway serving only the function was undecided, now I9651."""
    text = (LOCAL_SET / "main.tf").read_text()
    assert "  zones = toset(var.zones)\n" in text
    (tmp_path / "main.tf").write_text(text.replace("  zones = toset(var.zones)\n", f"  zones = {local}\n"))
    result = engine.lint([str(tmp_path)])
    undecided = [u.text for u in result.undecided if u.subject.kind == "nat_gateway"]
    assert ("I9651" in {f.rule.id for f in result.findings}, not undecided) == (fired, fired)
    if not fired:
        assert any("may be associated by aws_route_table_association.public[*]" in u for u in undecided), undecided


EC2 = PICKED / "modules" / "ec2" / "main.tf"
ROOT_HOST = (
    'resource "aws_instance" "direct" {{\n  ami           = "ami-12345678"\n  instance_type = "t3.micro"\n{}}}\n'
)
BALANCER = 'resource "aws_lb" "web" {{\n  load_balancer_type = "application"\n{}}}\n'
ACL_OF_PRIVATE = "the network ACL of subnet module.vpc.aws_subnet.private[*] cannot be known"


@pytest.mark.parametrize(
    ("root", "ec2", "open_"),
    [
        ("", "", False),  # (the fixture: the ec2 module's only use of its input is the instance's `subnet_id`)
        (ROOT_HOST.format("  subnet_id     = module.vpc.private_subnet_ids[1]\n"), "", False),
        (ROOT_HOST.format("  subnet_id     = element(module.vpc.private_subnet_ids, 2)\n"), "", False),
        (
            BALANCER.format(
                "  subnets            = [module.vpc.private_subnet_ids[0], module.vpc.public_subnet_ids[0]]\n"
            ),
            "",
            False,
        ),
        # the same picked value read by anything else, or a pick not written in the host's argument: as before
        (
            ROOT_HOST.format("  subnet_id     = local.first\n")
            + "locals {\n  first = module.vpc.private_subnet_ids[1]\n}\n",
            "",
            True,
        ),
        ('output "first" {\n  value = module.vpc.private_subnet_ids[0]\n}\n', "", True),
        ("", 'output "subnet" {\n  value = var.subnet_id\n}\n', True),
        ("", 'output "placed" {\n  value = aws_instance.app.subnet_id\n}\n', True),
        ("", 'output "app" {\n  value = aws_instance.app\n}\n', True),
        ("", 'resource "aws_eip" "app" {\n  instance = aws_instance.app.id\n}\n', False),  # (another attribute)
        (
            "",
            'resource "aws_network_acl_association" "app" {\n  network_acl_id = "acl-0123456789abcdef0"\n'
            "  subnet_id      = var.subnet_id\n}\n",
            True,
        ),
        (
            ROOT_HOST.format("  subnet_id     = module.vpc.private_subnet_ids[1]\n")
            + 'resource "aws_route_table_association" "direct" {\n  route_table_id = "rtb-0123456789abcdef0"\n'
            "  subnet_id      = aws_instance.direct.subnet_id\n}\n",
            "",
            True,
        ),
    ],
)
def test_a_pick_that_only_places_a_host_leaves_the_subnets_acl_known(tmp_path, root, ec2, open_):
    """`subnet_id = module.vpc.private_subnet_ids[0]` given to a module whose only use of it is an instance's
    `subnet_id` (or written in a host's own subnet argument, or as an item of a load balancer's `subnets`) picks one
    of the private subnets only to place the host, which attaches nothing to it: the representative still stands for
    every private subnet, and the function's network ACL there is known (it was "cannot be known: … also named one
    instance at a time"). Where the picked value may reach anything else (a local, an output, another use of the
    input, an association reading the host's subnet, the host's whole block), it stays open, as before."""
    shutil.copytree(PICKED, tmp_path / "m")
    main, child = tmp_path / "m" / "main.tf", tmp_path / "m" / "modules" / "ec2" / "main.tf"
    main.write_text(main.read_text() + root)
    child.write_text(EC2.read_text() + ec2)
    result = engine.lint([str(tmp_path / "m")], engine.Options(plan=True))
    facts = [u.text for u in result.undecided if u.subject.id == "aws_lambda_function.fn"]
    assert any(fact.startswith(ACL_OF_PRIVATE) for fact in facts) is open_, facts
    assert not {"W9650", "I9651"} & {f.rule.id for f in result.findings}


#: The fix of an API whose IP address type a parameter's Default gives (I9640's `ip_how`), as I9640 and the plan say it.
_FROM_DEFAULT = (
    "set EndpointConfiguration.IpAddressType: dualstack (it comes from the Default of parameter `IpType`: pass a "
    "value that gives dualstack, or change the Default)"
)


@pytest.mark.parametrize(("flag", "rule"), [("true", "W9650"), ("false", "I9651")])
def test_the_api_step_names_the_parameter_that_gives_the_ip_address_type(tmp_path, flag, rule):
    """W9650's first step and I9651's API step name where the API's IP address type is chosen, as I9640's fix and
    the plan's step do: writing dualstack over `!Ref IpType` would drop the template's choice."""
    text = (FIXTURES / "W9650" / "bad-nat-serving-a-function-that-calls-an-ipv4-only-api.yaml").read_text()
    types = "        Types: [REGIONAL]\n"
    assert types in text and "Ipv6AllowedForDualStack: true\n" in text
    text = text.replace(types, types + "        IpAddressType: !Ref IpType\n").replace(
        "Resources:\n", "Parameters:\n  IpType:\n    Type: String\n    Default: ipv4\nResources:\n", 1
    )
    path = tmp_path / "template.yaml"
    path.write_text(text.replace("Ipv6AllowedForDualStack: true\n", f"Ipv6AllowedForDualStack: {flag}\n"))
    [finding] = [f for f in engine.lint([str(path)]).findings if f.rule.id == rule]
    said = (
        f"First {_FROM_DEFAULT} on Api (I9640), which Fn calls"
        if rule == "W9650"
        else f"(I9640) (Api: {_FROM_DEFAULT})"
    )
    assert said in finding.message


#: W9601's fix for a function whose flag a parameter's Default gives (`dualstack_how`), which the plan says too.
_FLAG_FROM_DEFAULT = (
    "set Ipv6AllowedForDualStack to true (it comes from parameter `DualStack`, whose Default says false: pass true, "
    "or change the Default)"
)
_DUAL_STACK = "Parameters:\n  DualStack:\n    Type: String\n    Default: 'false'\n"


@pytest.mark.parametrize(
    ("fixture", "flag", "to", "said"),
    [
        (  # CloudFormation: one function's own flag; the other's, left out, is set the usual way
            "I9651/bad-dualstack-flag-not-set.yaml",
            "        Ipv6AllowedForDualStack: false\n",
            "        Ipv6AllowedForDualStack: !Ref DualStack\n",
            f"(ScraperFunction: {_FLAG_FROM_DEFAULT}; WebhookFunction)",
        ),
        (  # SAM: Globals.Function gives both functions the flag
            "W9650/bad-globals-functions-only-consumers.sam.yaml",
            "      Ipv6AllowedForDualStack: true\n",
            "      Ipv6AllowedForDualStack: !Ref DualStack\n",
            f"(FeedFunction, PingFunction: {_FLAG_FROM_DEFAULT})",
        ),
        (  # SAM: a function's own VpcConfig sets it over Globals' true
            "W9650/bad-globals-functions-only-consumers.sam.yaml",
            "  PingFunction:\n    Type: AWS::Serverless::Function\n    Properties:\n",
            "  PingFunction:\n    Type: AWS::Serverless::Function\n    Properties:\n"
            "      VpcConfig:\n        Ipv6AllowedForDualStack: !Ref DualStack\n",
            f"(PingFunction: {_FLAG_FROM_DEFAULT})",
        ),
    ],
)
def test_the_flag_step_names_the_parameter_that_gives_the_flag(tmp_path, fixture, flag, to, said):
    """I9651's function-flag step says where the flag is chosen, in W9601's words: `!Ref DualStack` written over
    with true would drop the template's choice, and `--parameter DualStack=true` is what deploys it."""
    text = (FIXTURES / fixture).read_text()
    assert flag in text
    text = text.replace(flag, to, 1).replace("Resources:\n", _DUAL_STACK + "Resources:\n", 1)
    path = tmp_path / ("template.sam.yaml" if "Transform" in text else "template.yaml")
    path.write_text(text.replace("  # expect: W9650", ""))
    findings = engine.lint([str(path)]).findings
    [i9651] = [f for f in findings if f.rule.id == "I9651"]
    assert f"1) set Ipv6AllowedForDualStack on the functions {said}; then remove" in i9651.message, i9651.message
    assert any(_FLAG_FROM_DEFAULT[1:] in f.message for f in findings if f.rule.id == "W9601")  # (its words)
    passed = engine.Options(parameters=[ParameterSet({"DualStack": "false"})])  # (what deploys: no Default to name)
    [i9651] = [f for f in engine.lint([str(path)], passed).findings if f.rule.id == "I9651"]
    assert "set Ipv6AllowedForDualStack on the functions (" in i9651.message and "DualStack`" not in i9651.message


def test_the_flag_step_of_a_cdk_library_function_names_its_escape_hatch(tmp_path):
    """A function a CDK construct makes for itself (cr.Provider's) has no flag in its props: I9651's step says
    the escape hatch, as W9601 does, not the prop the user cannot write."""
    target = tmp_path / "ipv4-vpc-flag"
    shutil.copytree(FIXTURES / "cdk" / "ipv4-vpc-flag", target)
    template = target / "cdk.out" / "Ipv4VpcFlag.template.json"
    doc = json.loads(template.read_text())
    fn = doc["Resources"]["Fn9270CBC0"]
    fn["Properties"]["VpcConfig"]["Ipv6AllowedForDualStack"] = False
    fn["Metadata"]["aws:cdk:path"] = "Ipv4VpcFlag/Provider/framework-onEvent/Resource"
    template.write_text(json.dumps(doc, indent=1))
    [finding] = [f for f in engine.lint([str(target)]).findings if f.rule.id == "I9651"]
    assert (
        "set ipv6AllowedForDualStack on the functions (Ipv4VpcFlag/Provider/framework-onEvent/Resource: set "
        "ipv6AllowedForDualStack to true on the function cr.Provider makes, with an escape hatch since its props have "
        "no ipv6AllowedForDualStack: an Aspect that calls addPropertyOverride('VpcConfig.Ipv6AllowedForDualStack', "
        "true) on its lambda.CfnFunction); "
    ) in finding.message, finding.message


#: W9631's and I9632's words for a variable whose value a parameter's Default gives (`from:NAME`), which I9651's,
#: W9650's and the plan's SDK and Node.js steps now say too (`migration.set_there`).
_SDK_FROM_DEFAULT = (
    "set AWS_USE_DUALSTACK_ENDPOINT to true (from the Default of parameter `SdkDualStack`: set it to true there)"
)
_NODE_FROM_DEFAULT = "(from the Default of parameter `NodeOptions`: change it there)"
_ENV_PARAMETERS = (
    "Parameters:\n  SdkDualStack:\n    Type: String\n    Default: 'false'\n"
    "  NodeOptions:\n    Type: String\n    Default: --dns-result-order=ipv4first\n"
)


def _with_parameters(tmp_path, fixture: str, *subs: tuple[str, str]) -> str:
    """The fixture with `subs` made and `_ENV_PARAMETERS` declared, written to tmp_path: its path."""
    text = (FIXTURES / fixture).read_text()
    for old, new in subs:
        assert old in text
        text = text.replace(old, new, 1)
    text = text.replace("Resources:\n", _ENV_PARAMETERS + "Resources:\n", 1).replace("  # expect: W9650", "")
    path = tmp_path / ("template.sam.yaml" if "Transform" in text else "template.yaml")
    path.write_text(text)
    return str(path)


def test_the_sdk_and_node_steps_name_the_parameter_that_gives_the_variable(tmp_path):
    """I9651's SDK and Node.js steps, and the plan's, say that a parameter's Default gives the variable, as W9631 and
    I9632 do: writing over `!Ref SdkDualStack` drops the template's choice. A value passed with --parameter is what
    deploys: the functions alone, as before."""
    path = _with_parameters(
        tmp_path,
        "I9651/bad-dualstack-flag-not-set.yaml",
        ("          AWS_USE_DUALSTACK_ENDPOINT: 'true'\n", "          AWS_USE_DUALSTACK_ENDPOINT: !Ref SdkDualStack\n"),
        ("          NODE_OPTIONS: --dns-result-order=ipv6first\n", "          NODE_OPTIONS: !Ref NodeOptions\n"),
    )
    result = engine.lint([path], engine.Options(plan=True))
    [i9651] = [f for f in result.findings if f.rule.id == "I9651"]
    assert f"use dual-stack endpoints (ScraperFunction: {_SDK_FROM_DEFAULT}); 3) " in i9651.message, i9651.message
    assert (
        "(WebhookFunction: add --dns-result-order=ipv6first to the NODE_OPTIONS in Environment.Variables in place of "
        f"its --dns-result-order=ipv4first {_NODE_FROM_DEFAULT}); then remove"
    ) in i9651.message, i9651.message
    assert result.plan is not None
    steps = {s.step: s for s in result.plan.nats[0].steps}
    assert [c.what for c in steps["sdk-dualstack"].changes] == [_SDK_FROM_DEFAULT]
    assert _NODE_FROM_DEFAULT in steps["node-dns-order"].changes[0].what
    passed = engine.Options(parameters=[ParameterSet({"SdkDualStack": "false", "NodeOptions": "--x"})])
    [i9651] = [f for f in engine.lint([path], passed).findings if f.rule.id == "I9651"]
    assert "use dual-stack endpoints (ScraperFunction); 3) " in i9651.message, i9651.message
    assert "Default of parameter" not in i9651.message


@pytest.mark.parametrize("globals_", [True, False])
def test_w9650s_sdk_step_names_the_parameter_that_gives_the_variable(tmp_path, globals_):
    """W9650's SDK step named the functions alone where a parameter's Default gives AWS_USE_DUALSTACK_ENDPOINT: in
    SAM's Globals.Function (every function it gives it, said once), or on one function over Globals' true."""
    if globals_:
        old = "        AWS_USE_DUALSTACK_ENDPOINT: 'true'\n"
        sub = (old, "        AWS_USE_DUALSTACK_ENDPOINT: !Ref SdkDualStack\n")
        said = f"dual-stack endpoints on FeedFunction, PingFunction ({_SDK_FROM_DEFAULT})."
    else:
        head = "  PingFunction:\n    Type: AWS::Serverless::Function\n    Properties:\n"
        sub = (
            head,
            head + "      Environment:\n        Variables:\n          AWS_USE_DUALSTACK_ENDPOINT: !Ref SdkDualStack\n",
        )
        said = f"dual-stack endpoints on PingFunction ({_SDK_FROM_DEFAULT})."
    path = _with_parameters(tmp_path, "W9650/bad-globals-functions-only-consumers.sam.yaml", sub)
    [w9650] = [f for f in engine.lint([path]).findings if f.rule.id == "W9650"]
    assert said in w9650.message, w9650.message


def test_the_sdk_step_of_a_cdk_library_function_names_its_escape_hatch(tmp_path):
    """A function a CDK construct makes for itself (cr.Provider's) has no environment in its props: I9651's SDK step
    says the escape hatch, as W9631 and the plan do (W9650's says it through the same `chosen_change`)."""
    target = tmp_path / "ipv4-vpc-flag"
    shutil.copytree(FIXTURES / "cdk" / "ipv4-vpc-flag", target)
    template = target / "cdk.out" / "Ipv4VpcFlag.template.json"
    doc = json.loads(template.read_text())
    fn = doc["Resources"]["Fn9270CBC0"]
    fn["Properties"].pop("Environment", None)
    fn["Metadata"]["aws:cdk:path"] = "Ipv4VpcFlag/Provider/framework-onEvent/Resource"
    template.write_text(json.dumps(doc, indent=1))
    [finding] = [f for f in engine.lint([str(target)]).findings if f.rule.id == "I9651"]  # (its VPC: IPv4 only)
    assert (
        "dual-stack endpoints (Ipv4VpcFlag/Provider/framework-onEvent/Resource: add AWS_USE_DUALSTACK_ENDPOINT: "
        "'true' to the environment of the function cr.Provider makes, with an escape hatch since its props have none: "
        "an Aspect that calls addPropertyOverride('Environment.Variables.<NAME>', '<value>') on its "
        "lambda.CfnFunction)"
    ) in finding.message, finding.message


def test_an_address_output_under_nested_conditions_names_each(tmp_path):
    """`Value: !If [IsProd, !Ref NatEip, !If [IsStaging, !Ref NatEip, none]]` gives the address where IsProd holds
    or IsStaging does: --explain names both (it named IsProd alone, as if IsStaging could not give it)."""
    text = with_parameter(READY, "Env").replace("Resources:\n", "  Stage:\n    Type: String\nResources:\n", 1)
    conditions = "Conditions:\n  IsProd: !Equals [!Ref Env, prod]\n  IsStaging: !Equals [!Ref Stage, 'yes']\n"
    text = text.replace("Resources:\n", conditions + "Resources:\n", 1)
    text += "  NatAddress:\n    Value: !If [IsProd, !Ref NatEip, !If [IsStaging, !Ref NatEip, none]]\n"
    status, facts, fired = verdict(tmp_path, text)
    assert (status, fired) == ("undecided", set())
    assert facts == [
        "whether the outputs give its address (NatEip) cannot be known: output `NatAddress` names it only where "
        "conditions `IsProd`, `IsStaging` decide so: `IsProd` depends on parameter `Env` (pass its value to decide "
        "it; lambda6lint assumes no Default in a condition); `IsStaging` depends on parameter `Stage` (pass its "
        "value to decide it; lambda6lint assumes no Default in a condition)"
    ]
    assert verdict(tmp_path, text, "Env=dev", "Stage=yes")[:2] == ("blocked", [])
    assert verdict(tmp_path, text, "Env=dev", "Stage=no") == ("ready", [], {"W9650"})


def test_a_host_placed_by_nested_conditions_names_each(tmp_path):
    """`SubnetId: !If [InA, PrivateSubnetA, !If [InB, PrivateSubnetB, PrivateSubnetA]]`: the instance is in subnet
    B where InA does not hold and InB does, so --explain names both for it (it named InB alone, as if InA did not
    decide it), and both for subnet A, which either condition may choose."""
    path = ROOT / "fixtures" / "W9650" / "good-instance-subnet-from-undecided-condition.yaml"
    text = path.read_text().replace(
        "        - Ref: PrivateSubnetB\nTransform:",
        "        - Fn::If: [InB, Ref: PrivateSubnetB, Ref: PrivateSubnetA]\nTransform:",
    )
    text = text.replace(
        "Conditions:\n", "  WorkerInB:\n    Type: String\nConditions:\n  InB: !Equals [!Ref WorkerInB, 'true']\n"
    )
    (tmp_path / "t.yaml").write_text(text)
    result = engine.lint([str(tmp_path / "t.yaml")], engine.Options(plan=True))
    facts = [f"{u.subject.id}: {u.text}" for u in result.undecided if u.subject.kind == "nat_gateway"]
    why = "depends on parameter `{}` (pass its value to decide it; lambda6lint assumes no Default in a condition)"
    assert facts == [
        f"{nat}: what else runs in subnet {subnet} cannot be known: AWS::EC2::Instance Worker is placed only where "
        f"conditions `InA`, `InB` decide so: `InA` {why.format('WorkerInA')}; `InB` {why.format('WorkerInB')}"
        for nat, subnet in (("NatGatewayA", "PrivateSubnetA"), ("NatGatewayB", "PrivateSubnetB"))
    ]
