"""The migration plan (issue #12): its sums against hand-computed values, its steps with the exact lines
they change, what keeps the other NAT gateways, what stays undecided, the baseline delta, and the
`lambda6lint plan` command in every format."""

from __future__ import annotations

import json
import re
import shutil
from typing import Any

import pytest
from conftest import FIXTURES, ROOT, SHARED, run, shared_nat_module
from jsonschema import Draft202012Validator

from lambda6lint import diagram, engine, plan
from lambda6lint.baseline import Baseline
from lambda6lint.pricing import NatCost, Prices, bill
from lambda6lint.report import plan_text

EXAMPLE = "examples/sam-app"
READY = "fixtures/W9650/bad-single-nat-lambda-only-dualstack.yaml"
COUNTED = "fixtures/W9650/bad-nat-gateway-per-zone-count"
REGIONAL = "fixtures/W9650/bad-regional-nat-gateway.yaml"
REGIONAL_UNKNOWN = "fixtures/I9651/bad-regional-nat-flag-not-set.yaml"
CONFIGURED = Prices(nat_hourly=0.059, ipv4_hourly=0.006, nat_per_gb=0.052)


@pytest.fixture(autouse=True)
def at_root(monkeypatch):
    monkeypatch.chdir(ROOT)


def plan_of(*paths: str, **options) -> plan.Plan:
    result = engine.lint(list(paths), engine.Options(plan=True, **options))
    assert result.plan is not None and result.network is not None
    return diagram.draw(result.network, result.plan)


def only(found: plan.Plan) -> plan.NatPlan:
    assert len(found.nats) == 1, [n.name for n in found.nats]
    return found.nats[0]


def where(change) -> str:
    return f"{change.location.path}:{change.location.line}:{change.location.column}"


# ----- sums against hand-computed values ------------------------------------------------------


def test_a_zonal_nat_gateway_costs_hours_plus_its_address():
    entry = only(plan_of(EXAMPLE))
    # 730 h × $0.045 = $32.85; 730 h × $0.005 = $3.65
    assert (round(entry.bill.hours, 2), round(entry.bill.addresses, 2), entry.bill.data) == (32.85, 3.65, None)
    assert round(entry.bill.total, 2) == 36.50


def test_configured_prices_and_data_processed():
    entry = only(plan_of(READY, prices=CONFIGURED, gb_per_month=100))
    # 730 × 0.059 = 43.07; 730 × 0.006 = 4.38; 100 GB × 0.052 = 5.20
    assert [round(v, 2) for v in (entry.bill.hours, entry.bill.addresses, entry.bill.data)] == [43.07, 4.38, 5.20]
    assert round(entry.bill.total, 2) == 52.65


def test_counted_nat_gateways_multiply():
    found = plan_of(COUNTED, gb_per_month=10)
    entry = only(found)
    assert entry.status == "ready" and len(entry.nats) == 2 and entry.cost.count == 2
    # 2 × 730 × (0.045 + 0.005) = 73.00; 2 × 10 GB × 0.045 = 0.90
    assert round(entry.bill.total, 2) == 73.90 and round(entry.bill.data, 2) == 0.90
    assert found.gateways_that_could_go == 2
    assert (
        plan_text.at_stake(found)
        == "NAT gateways that could go: 2, est. $73.90/month with 10 GB/month each at $0.045/GB"
    )


def test_cdk_one_nat_gateway_per_zone():
    entry = only(plan_of("fixtures/cdk/classic-no-path-metadata"))
    assert entry.status == "steps-left" and len(entry.nats) == 2
    assert round(entry.bill.total, 2) == 73.00


def test_a_regional_nat_gateway_is_billed_per_zone_and_address():
    entry = only(plan_of(REGIONAL))
    # 2 zones × 730 × 0.045 = 65.70; 2 addresses × 730 × 0.005 = 7.30
    assert entry.nat.regional and (entry.cost.zones, entry.cost.addresses) == (2, 2)
    assert round(entry.bill.hours, 2) == 65.70 and round(entry.bill.total, 2) == 73.00


def test_a_regional_nat_gateway_whose_zones_aws_picks_is_never_summed():
    found = plan_of(REGIONAL_UNKNOWN)
    entry = only(found)
    assert entry.replaceable and entry.bill.total is None and entry.bill.fixed is None
    assert found.saving == 0 and found.saving_unknown == [entry]
    assert plan_text.at_stake(found) == (
        "NAT gateways that could go: 1 (not in the estimate: 1 regional NAT gateway whose zones AWS picks)"
    )
    # a sum of nothing is no estimate (it said "est. $0.00/month")
    assert plan_text.overall(found) == "NAT gateways in these files: 1, none of them estimated (AWS picks the zones)"


def test_the_total_if_every_replaceable_nat_gateway_goes():
    found = plan_of(EXAMPLE, READY, "fixtures/I9651/bad-dualstack-flag-not-set.yaml")
    assert [n.status for n in found.nats] == ["steps-left", "steps-left", "ready"]  # by file
    assert round(found.saving, 2) == 109.50 == round(3 * 730 * 0.05, 2)
    assert plan_text.at_stake(found) == "NAT gateways that could go: 3, est. $109.50/month + $0.045/GB"


def test_the_lint_summary_ends_with_the_money(capsys):
    code, out, _ = run(capsys, EXAMPLE, READY, "fixtures/I9651/bad-dualstack-flag-not-set.yaml")
    assert out.splitlines()[-1].endswith(". NAT gateways that could go: 3, est. $109.50/month + $0.045/GB.")
    _, out, _ = run(capsys, "--select", "W9601", EXAMPLE)  # the NAT gateway rules were not asked for
    assert "NAT gateways that could go" not in out
    _, out, _ = run(capsys, "--gb-per-month", "1000", EXAMPLE)  # 36.50 + 1000 × 0.045
    assert out.splitlines()[-1].endswith("could go: 1, est. $81.50/month with 1000 GB/month each at $0.045/GB.")


def test_bill_arithmetic():
    assert bill(Prices(), NatCost()).total == pytest.approx(36.5)
    assert bill(Prices(), NatCost(count=3, zones=2, addresses=2, regional=True)).total == pytest.approx(219.0)
    assert bill(Prices(), NatCost(zones=None, addresses=None), gb_per_month=5).fixed is None
    assert bill(Prices(), NatCost(addresses=0)).total == pytest.approx(32.85)


# ----- steps with the exact places they change -------------------------------------------------


def test_steps_in_order_with_the_resources_and_lines_they_change():
    entry = only(plan_of(EXAMPLE))
    assert entry.status == "steps-left"
    assert [f.name for f in entry.functions] == ["ThumbnailFunction"]
    path = "examples/sam-app/template.yaml"
    got = [(s.step, [(c.resource.name, where(c), c.what) for c in s.changes]) for s in entry.steps]
    assert got == [
        (
            "ipv6-route",
            [
                ("Vpc", f"{path}:14:3", "add AWS::EC2::EgressOnlyInternetGateway"),
                ("PrivateRouteTable", f"{path}:92:3", "add ::/0 → AWS::EC2::EgressOnlyInternetGateway"),
            ],
        ),
        (
            "sg-ipv6",
            [
                (
                    "FunctionSecurityGroup",
                    f"{path}:116:3",
                    'add `SecurityGroupEgress: [{IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIpv6: "::/0"}, '
                    '{IpProtocol: "-1", CidrIp: 0.0.0.0/0}]`, whose second entry keeps IPv4 egress open, as '
                    "declaring any egress rule removes the implicit IPv4 allow-all",
                )
            ],
        ),
        (
            "function-flag",
            [
                (
                    "ThumbnailFunction",
                    f"{path}:138:7",
                    "set Ipv6AllowedForDualStack to true, after publishing versions and routing callers through an "
                    "alias (AutoPublishAlias: live and AutoPublishAliasAllProperties: true (without it, a change of "
                    "VpcConfig alone publishes no version), with a DeploymentPreference): through $LATEST every "
                    "invocation would switch at once, with no version to roll back to, where an alias shifts traffic "
                    "to the new version gradually (I9660)",
                )
            ],
        ),
        (
            "sdk-dualstack",
            [("ThumbnailFunction", f"{path}:133:9", 'add AWS_USE_DUALSTACK_ENDPOINT: "true" to Environment.Variables')],
        ),
        (
            "remove-nat",
            [
                ("NatGateway", f"{path}:68:3", "remove it"),
                ("NatEip", f"{path}:62:3", "remove it"),
                ("PrivateDefaultRoute", f"{path}:97:3", "remove it"),
            ],
        ),
    ]


FOR_EACH = "fixtures/W9650/bad-nat-gateway-per-zone-for-each-one-kept"
OWN_FOR_EACH = "fixtures/W9650/bad-nat-gateway-own-for-each-one-kept"


def removal_changes(found: plan.Plan, nat_id: str) -> list[tuple[str, str]]:
    """The removal step of the NAT gateway `nat_id`: (resource, what to change) of each change."""
    entry = next(e for e in found.nats if e.nat.id == nat_id)
    step = entry.steps[-1]
    assert step.step == "remove-nat"
    return [(c.resource.id, c.what) for c in step.changes]


def test_a_for_each_instance_goes_when_its_key_leaves_the_for_each():
    """One of a for_each's NAT gateways goes while the other stays: its Elastic IP and route are instances of
    for_each blocks too, which a user cannot remove one of (they said "remove it"). local.zones makes the
    subnets and route tables too: the NAT gateways, their Elastic IPs and routes need a for_each of their own."""
    assert removal_changes(plan_of(FOR_EACH), 'aws_nat_gateway.zone["a"]') == [
        (
            'aws_nat_gateway.zone["a"]',
            'remove its key "a" from aws_nat_gateway.zone\'s for_each = local.zones; local.zones also makes '
            "aws_subnet.private, aws_route_table.private, aws_route_table_association.private, aws_subnet.public_zone: "
            "give the NAT gateways, their Elastic IPs and routes a for_each of their own without the key",
        ),
        (
            'aws_eip.nat["a"]',
            'remove its key "a" from aws_eip.nat\'s for_each = local.zones: give it the same new for_each as the '
            "NAT gateways",
        ),
        (
            'aws_route.private_nat["a"]',
            'remove its key "a" from aws_route.private_nat\'s for_each = local.zones: give it the same new '
            "for_each as the NAT gateways",
        ),
    ]


def test_a_for_each_only_the_nat_gateways_read_loses_the_key_and_nothing_else():
    assert removal_changes(plan_of(OWN_FOR_EACH), 'aws_nat_gateway.zone["a"]') == [
        ('aws_nat_gateway.zone["a"]', 'remove its key "a" from aws_nat_gateway.zone\'s for_each = local.nat_zones'),
        ('aws_eip.nat["a"]', 'remove its key "a" from aws_eip.nat\'s for_each = local.nat_zones'),
        ('aws_route.private_nat["a"]', 'remove its key "a" from aws_route.private_nat\'s for_each = local.nat_zones'),
    ]


def test_an_elastic_ip_of_a_shared_for_each_gets_one_of_its_own(tmp_path):
    """The NAT gateways and routes have a for_each of their own, the Elastic IPs read local.zones with the
    subnets: the Elastic IP's change says so, and W9650 beside the address it names."""
    text = (ROOT / OWN_FOR_EACH / "main.tf").read_text()
    shared = text.replace(
        'resource "aws_eip" "nat" {\n  for_each = local.nat_zones',
        'resource "aws_eip" "nat" {\n  for_each = local.zones',
    )
    assert shared != text
    (tmp_path / "main.tf").write_text(shared)
    eip = (
        'remove its key "a" from aws_eip.nat\'s for_each = local.zones; local.zones also makes aws_subnet.private, '
        "aws_route_table.private, aws_route_table_association.private, aws_subnet.public_zone: give aws_eip.nat a "
        "for_each of its own without the key"
    )
    assert removal_changes(plan_of(str(tmp_path)), 'aws_nat_gateway.zone["a"]') == [
        ('aws_nat_gateway.zone["a"]', 'remove its key "a" from aws_nat_gateway.zone\'s for_each = local.nat_zones'),
        ('aws_eip.nat["a"]', eip),
        ('aws_route.private_nat["a"]', 'remove its key "a" from aws_route.private_nat\'s for_each = local.nat_zones'),
    ]
    (finding,) = [f for f in engine.lint([str(tmp_path)]).findings if f.rule.id == "W9650"]
    assert f', its Elastic IP aws_eip.nat["a"] ({eip}) and its 0.0.0.0/0 route aws_route.private_nat["a"] saves' in (
        finding.message
    ), finding.message


def test_a_route_made_for_each_nat_gateway_goes_with_its_key(tmp_path):
    """`for_each = aws_nat_gateway.zone`: the route's key leaves when the NAT gateway's does; there is no
    for_each of its own to edit (it read "remove its key "a" from aws_route.private_nat's for_each = …")."""
    text = (ROOT / FOR_EACH / "main.tf").read_text()
    for old, new in [
        ("  for_each               = local.zones\n", "  for_each               = aws_nat_gateway.zone\n"),
        ("aws_nat_gateway.zone[each.key].id", "each.value.id"),
    ]:
        assert text.count(old) == 1
        text = text.replace(old, new)
    (tmp_path / "main.tf").write_text(text)
    changes = dict(removal_changes(plan_of(str(tmp_path)), 'aws_nat_gateway.zone["a"]'))
    assert changes['aws_route.private_nat["a"]'] == (
        "its key leaves with the NAT gateway's (its for_each = aws_nat_gateway.zone): nothing to change"
    )


def test_a_plans_for_each_instances_go_by_their_keys():
    """A plan names no for_each expression: what else reads its value cannot be told, and the change says so.
    A plan records `aws_nat_gateway.zone[each.key]` as the block, so every route named every NAT gateway: the
    change read ", and what names it in aws_route.private_nat["b"]", which names the NAT gateway that stays."""
    changes = removal_changes(plan_of(FOR_EACH + ".tfplan.json"), 'aws_nat_gateway.zone["a"]')
    assert changes == [
        (
            'aws_nat_gateway.zone["a"]',
            'remove its key "a" from aws_nat_gateway.zone\'s for_each; where other resources read the same value, '
            "give the NAT gateways a for_each of their own without it",
        ),
        (
            'aws_eip.nat["a"]',
            'remove its key "a" from aws_eip.nat\'s for_each; where other resources read the same value, give '
            "aws_eip.nat a for_each of its own without it",
        ),
        (
            'aws_route.private_nat["a"]',
            'remove its key "a" from aws_route.private_nat\'s for_each; where other resources read the same value, '
            "give aws_route.private_nat a for_each of its own without it",
        ),
    ]


def test_what_names_the_leaving_key_itself_still_dangles(tmp_path):
    """Only what names the block as a whole is left whole by one key leaving; a reference to the key itself
    (`aws_nat_gateway.zone["a"]`) dangles, and the change says where."""
    text = (ROOT / OWN_FOR_EACH / "main.tf").read_text()
    (tmp_path / "main.tf").write_text(
        text + '\nresource "aws_route" "office" {\n  route_table_id         = aws_route_table.private["b"].id\n'
        '  destination_cidr_block = "192.168.0.0/16"\n  nat_gateway_id         = aws_nat_gateway.zone["a"].id\n}\n'
        '\noutput "nat_ids" {\n  value = values(aws_nat_gateway.zone)[*].id\n}\n'
    )
    changes = dict(removal_changes(plan_of(str(tmp_path)), 'aws_nat_gateway.zone["a"]'))
    assert changes['aws_nat_gateway.zone["a"]'] == (
        'remove its key "a" from aws_nat_gateway.zone\'s for_each = local.nat_zones, and what names it in '
        "aws_route.office"
    )


def test_a_key_holding_a_bracket_is_told_by_the_key_stored(tmp_path):
    """The key was read back from the address (`n.id[len(group):].strip("[]")`), and the NAT gateways' group
    by a pattern that stopped at a `]`: the instance's key is kept as the loader found it."""
    text = (ROOT / OWN_FOR_EACH / "main.tf").read_text()
    bracketed = (
        text.replace('a = "us-east-1a"', '"a]" = "us-east-1a"')
        .replace('["a"]', '["a]"]')
        .replace("zones.a\n", 'zones["a]"]\n')
    )
    (tmp_path / "main.tf").write_text(bracketed)
    found = plan_of(str(tmp_path))
    assert removal_changes(found, 'aws_nat_gateway.zone["a]"]') == [
        ('aws_nat_gateway.zone["a]"]', 'remove its key "a]" from aws_nat_gateway.zone\'s for_each = local.nat_zones'),
        ('aws_eip.nat["a]"]', 'remove its key "a]" from aws_eip.nat\'s for_each = local.nat_zones'),
        ('aws_route.private_nat["a]"]', 'remove its key "a]" from aws_route.private_nat\'s for_each = local.nat_zones'),
    ]
    assert {e.nat.group for e in found.nats} == {"aws_nat_gateway.zone"}


def test_the_plan_and_i9651_say_the_same_steps():
    result = engine.lint([EXAMPLE])
    message = next(f.message for f in result.findings if f.rule.id == "I9651")
    for step in only(plan_of(EXAMPLE)).steps[:-1]:
        assert step.text.split(" (")[0] in message


def test_terraform_steps_name_the_hcl_and_module_inputs():
    entry = only(plan_of("fixtures/I9651/bad-nat-flag-false"))
    flag = next(s for s in entry.steps if s.step == "function-flag")
    assert flag.changes[0].what.startswith("set ipv6_allowed_for_dual_stack to true, after publishing versions")
    assert flag.changes[0].location.path.endswith("main.tf") and flag.changes[0].location.line > 1
    vpc = only(plan_of("fixtures/W9650/bad-registry-vpc-single-nat"))
    assert vpc.status == "ready"
    assert vpc.steps[-1].changes[0].location.path.endswith("main.tf")


FLAG_FALSE = "fixtures/I9651/bad-nat-flag-false"
ALIAS = """
resource "aws_lambda_alias" "live" {
  name             = "live"
  function_name    = aws_lambda_function.fn.function_name
  function_version = %s
}
"""


@pytest.mark.parametrize(
    ("publish", "version", "said"),
    [
        (None, None, ", after publishing versions and routing callers through an alias (publish = true and an "),
        ("true", None, ", after routing callers through an alias to a published version (publish = true and an "),
        ("true", "aws_lambda_function.fn.version", ""),
        (None, "aws_lambda_function.fn.version", ", after publishing versions and routing callers through an alias"),
        ("true", "var.live_version", ", once callers reach it through an alias to a published version, which could "),
    ],
)
def test_the_flag_goes_on_blue_green_through_an_alias(tmp_path, publish, version, said):
    """RULES.md I9660: the flag changes how every invocation connects, so the plan's flag step turns it on through
    an alias to a published version (h226's review: the plans of bnusunny/terraform-stateful-lambda-api-module and
    aws-samples/aws-lambda-msk-mtls-integration said "set it to true" on functions invoked through $LATEST). An alias
    to $LATEST (no publish) is none; one whose version cannot be known is said so, never denied."""
    text = (ROOT / FLAG_FALSE / "main.tf").read_text()
    if publish:
        text = text.replace(
            '  filename      = "build/app.zip"\n', f'  filename      = "build/app.zip"\n  publish = {publish}\n'
        )
        assert "publish = true" in text
    if version:
        text += ALIAS % version + ('variable "live_version" {\n  type = string\n}\n' if "var." in version else "")
    (tmp_path / "main.tf").write_text(text)
    flag = next(s for s in only(plan_of(str(tmp_path))).steps if s.step == "function-flag")
    (change,) = flag.changes
    if said:
        assert change.what.startswith("set ipv6_allowed_for_dual_stack to true" + said), change.what
        assert change.what.endswith("(I9660)")
    else:
        assert change.what == "set ipv6_allowed_for_dual_stack to true"


def test_the_diagram_draws_the_s3_endpoint_a_custom_resource_answer_needs():
    """The plan's step adds an S3 gateway endpoint for a function that answers custom resources (CloudFormation
    takes the answer at an S3 URL, over IPv4 only); the diagram drew it only for a role that uses S3 (h226's review:
    aws-samples/aws-lambda-manage-rds-connections drew the DynamoDB endpoint its role wants, not the S3 one its
    step adds). Here the role is not in the run: S3 is drawn for the answer alone."""
    (vpc,) = plan_of("fixtures/W9650/bad-nat-serving-a-custom-resource-handler.yaml").vpcs
    missing = {n.key: n.label for n in vpc.diagram.nodes if n.missing}
    assert list(missing.values()) == ["S3 gateway endpoint"]
    (edge,) = [e for e in vpc.diagram.edges if e.target in missing]
    assert (edge.label, edge.missing) == ("s3", True)
    # where no plan step adds it (no NAT gateway: CDK's provider function in fixtures/cdk/l1-constructs), none drawn
    (vpc,) = plan_of("fixtures/cdk/l1-constructs").vpcs
    assert "L1Constructs/Provider/framework-onEvent/Resource" in [f.name for f in vpc.functions]
    assert not [n for n in vpc.diagram.nodes if n.kind == "endpoint"]


def _missing_ipv6_routes(vpc: plan.VpcPlan) -> list[str]:
    labels = {n.key: n.label for n in vpc.diagram.nodes}
    return [labels[e.source] for e in vpc.diagram.edges if e.missing and e.label == "::/0 missing"]


def test_the_diagram_draws_no_missing_ipv6_route_on_a_table_whose_nat_gateway_must_stay(tmp_path):
    """The NAT gateway's Elastic IP is exported (a static egress address): it must stay, so the migration changes
    nothing on the table that sends 0.0.0.0/0 to it, and its IPv4-only functions lack no ::/0 there (it was drawn
    dashed red, "::/0 missing", beside a NAT gateway "must stay"). With the functions' flag on, their IPv6 has no way
    out whatever the NAT gateway (W9610): that ::/0 is still drawn missing."""
    (vpc,) = plan_of("fixtures/I9651/good-ipv4-only-eip-exported.json").vpcs
    assert [n.status for n in vpc.nats] == ["blocked"]
    assert _missing_ipv6_routes(vpc) == []
    assert not [n for n in vpc.diagram.nodes if n.missing]
    text = (ROOT / "fixtures" / "W9650" / "good-eip-in-outputs.yaml").read_text()
    route = text[text.index("  PrivateDefaultRoute6:\n") : text.index("  PrivateSubnetARouteTableAssociation:\n")]
    flagged = tmp_path / "flag-on.yaml"
    flagged.write_text(text.replace(route, ""))
    (vpc,) = plan_of(str(flagged)).vpcs
    assert [n.status for n in vpc.nats] == ["blocked"]
    assert _missing_ipv6_routes(vpc) == ["PrivateRouteTable"]
    off = tmp_path / "flag-off.yaml"
    off.write_text(text.replace(route, "").replace("Ipv6AllowedForDualStack: true", "Ipv6AllowedForDualStack: false"))
    (vpc,) = plan_of(str(off)).vpcs
    assert [n.status for n in vpc.nats] == ["blocked"]
    assert _missing_ipv6_routes(vpc) == []


INLINE = "fixtures/W9610/bad-associations-counted-like-their-subnets"


def test_a_nat_gateway_named_only_by_inline_routes_that_go_is_said_once(tmp_path):
    """Terraform's `route {}` blocks name the NAT gateway inside their table: the removal step said "remove it, and
    what names it in aws_route_table.private" above "aws_route_table.private.route[0]: remove it", the same
    reference twice, as if something else named it (h226's review: iypetrov/aws-playground; a plan's tables of one
    count each name every NAT gateway of it). An inline route that stays still names it."""
    nat = removal_changes(plan_of(INLINE), "aws_nat_gateway.nat")[0]
    assert nat == ("aws_nat_gateway.nat", "remove it")
    (nat, *_) = removal_changes(plan_of("fixtures/I9651/bad-inline-nat-route.tfplan.json"), "aws_nat_gateway.nat[0]")
    assert nat == ("aws_nat_gateway.nat[0]", "remove the block: every instance of it goes")
    text = (ROOT / INLINE / "main.tf").read_text()
    route = '  route {\n    cidr_block     = "0.0.0.0/0"\n    nat_gateway_id = aws_nat_gateway.nat.id\n  }\n'
    kept = text.replace(
        f'resource "aws_route_table" "lambda" {{ # expect: W9610\n  vpc_id = aws_vpc.main.id\n{route}',
        f'resource "aws_route_table" "lambda" {{ # expect: W9610\n  vpc_id = aws_vpc.main.id\n{route}'
        + route.replace("0.0.0.0/0", "10.9.0.0/16"),
    )
    assert kept != text
    (tmp_path / "main.tf").write_text(kept)
    nat = removal_changes(plan_of(str(tmp_path)), "aws_nat_gateway.nat")[0]
    assert nat == ("aws_nat_gateway.nat", "remove it, and what names it in aws_route_table.lambda")


# ----- what keeps the others, and what could not be decided ------------------------------------


@pytest.mark.parametrize(
    ("path", "kind", "text", "line"),
    [
        (
            "fixtures/W9650/good-ec2-instance-in-private-subnet.yaml",
            "egress-host",
            "AWS::EC2::Instance WorkerInstance in subnet PrivateSubnetA may send internet traffic through it",
            131,
        ),
        (
            "fixtures/W9650/good-ecs-service-in-private-subnet.yaml",
            "egress-host",
            "AWS::ECS::Service",
            None,
        ),
        (
            "fixtures/W9650/good-eip-in-outputs.yaml",
            "static-ip",
            "its Elastic IP NatEip is in the outputs: a static egress address someone may rely on",
            60,
        ),
        ("fixtures/W9650/good-nat64-route.yaml", "nat64", "route PrivateNat64Route sends 64:ff9b::/96 to it", 104),
        (
            "fixtures/W9650/good-nat64-route-holding-the-prefix.yaml",
            "nat64",
            "route PrivateNat64Route sends 64:ff9b::/64, which holds DNS64's 64:ff9b::/96, to it",
            104,
        ),
        (
            "fixtures/W9650/good-nat64-route-part-of-the-prefix",
            "nat64",
            "route aws_route.nat64 sends 64:ff9b::/104, part of DNS64's 64:ff9b::/96, to it",
            139,
        ),
        # (an inline route by its table and destination, as the other route words name it, not by `….route[2]`)
        (
            "fixtures/W9650/good-nat64-route-inline",
            "nat64",
            "the route {} for 64:ff9b::/96 of aws_route_table.private goes to it: it is the NAT64",
            47,
        ),
        (
            "fixtures/W9650/good-nat64-route-inline.tfplan.json",
            "nat64",
            "the route {} for 64:ff9b::/96 of aws_route_table.private goes to it: it is the NAT64",
            None,
        ),
        ("fixtures/I9651/good-instance-in-private-subnet", "egress-host", "aws_instance.worker", None),
    ],
)
def test_what_keeps_a_nat_gateway(path, kind, text, line):
    found = plan_of(path)
    entry = only(found)
    assert entry.status == "blocked" and not entry.replaceable and found.saving == 0
    blocker = entry.blockers[0]
    assert blocker.kind == kind and text in blocker.text
    assert line is None or blocker.location.line == line
    assert entry.functions  # the functions behind it are still listed
    assert entry.bill.total == pytest.approx(36.5)  # what keeping it costs


def test_what_every_nat_gateway_of_the_run_costs():
    found = plan_of(READY, "fixtures/W9650/good-private-nat-gateway.yaml", REGIONAL_UNKNOWN)
    assert round(found.cost, 2) == 36.50 + 32.85  # the regional one whose zones AWS picks is not summed
    assert plan_text.overall(found) == (
        "NAT gateways in these files: 3, est. $69.35/month + $0.045/GB, 1 of them not estimated (AWS picks the zones)"
    )


def test_a_private_nat_gateway_is_no_candidate_and_has_no_address_to_pay_for():
    entry = only(plan_of("fixtures/W9650/good-private-nat-gateway.yaml"))
    assert entry.status == "private" and entry.bill.addresses == 0 and round(entry.bill.total, 2) == 32.85


def test_unknowns_are_listed_never_saved():
    found = plan_of("fixtures/W9650/good-security-group-from-parameter.yaml")
    entry = only(found)
    assert entry.status == "undecided" and found.saving == 0 and not found.replaceable
    assert entry.undecided and all("see the function" in u.cause for u in entry.undecided)
    causes = [u.text for u in found.vpcs[0].undecided]
    assert any("parameter `FunctionSecurityGroupId`" in c for c in causes)


def test_a_nat_gateway_kept_on_purpose_is_not_counted(tmp_path):
    text = (ROOT / READY).read_text()
    kept = text.replace(
        "  NatGateway:  # expect: W9650\n",
        "  # lambda6lint:ignore W9650 partner allow-lists this static IP\n  NatGateway:\n",
    )
    assert kept != text
    (tmp_path / "app.yaml").write_text(kept)
    found = plan_of(str(tmp_path / "app.yaml"))
    entry = only(found)
    assert entry.status == "blocked" and entry.blockers[0].kind == "kept"
    assert entry.blockers[0].text == "kept on purpose (W9650 ignored on NatGateway: partner allow-lists this static IP)"
    assert found.saving == 0 and plan_text.at_stake(found) == ""


def test_a_nat_gateway_one_root_keeps_on_its_module_call_is_kept_there(tmp_path, monkeypatch):
    """prod ignores W9650 on its call of the module dev calls too: prod's NAT gateways are kept on purpose,
    and the plan points at prod's call, whose comment says so (it pointed at the module's NAT gateway, whose
    code has no such comment, and said it was ignored there)."""
    call = shared_nat_module(tmp_path)
    (tmp_path / "dev").mkdir()
    (tmp_path / "dev" / "main.tf").write_text(call)
    (tmp_path / "prod").mkdir()
    (tmp_path / "prod" / "main.tf").write_text("# lambda6lint:ignore W9650 partner allow-list\n" + call)
    monkeypatch.chdir(tmp_path)
    found = plan_of(".")
    kept = [(e.status, b) for e in found.nats for b in e.blockers if b.kind == "kept"]
    assert kept and all(status == "blocked" for status, _ in kept)
    assert {(b.location.path, b.location.line) for _, b in kept} == {("prod/main.tf", 2)}
    assert {b.text for _, b in kept} == {
        "kept on purpose (W9650 ignored on the call of its module, for what the call makes: partner allow-list)"
    }
    dev = [e for e in found.nats if not any(b.kind == "kept" for b in e.blockers)]
    assert dev and all(e.status == "ready" for e in dev)


# ----- the baseline delta ------------------------------------------------------------------------


@pytest.fixture
def project(tmp_path, monkeypatch):
    (tmp_path / ".git").mkdir()
    (tmp_path / "infra").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _flags(value: str) -> str:
    return (ROOT / READY).read_text().replace("Ipv6AllowedForDualStack: true", f"Ipv6AllowedForDualStack: {value}")


def test_a_change_that_makes_a_nat_gateway_replaceable(project, capsys):
    (project / "infra" / "app.yaml").write_text(_flags("false"))
    run(capsys, "--write-baseline", "baseline.json", "infra")
    (project / "infra" / "app.yaml").write_text(_flags("true"))
    _, out, _ = run(capsys, "--baseline", "baseline.json", "infra")
    assert out.splitlines()[-1].endswith(
        "NAT gateways that could go: 1, est. $36.50/month + $0.045/GB. "
        "This change makes NatGateway (infra/app.yaml) replaceable: −$36.50/month."
    )
    _, out, _ = run(capsys, "plan", "--format", "json", "--baseline", "baseline.json", "infra")
    delta = json.loads(out)["delta"]
    assert [(d["text"], d["monthly"]) for d in delta] == [
        ("this change makes NatGateway (infra/app.yaml) replaceable: −$36.50/month", -36.5)
    ]


def test_a_change_that_adds_a_nat_gateway(project, capsys):
    (project / "infra" / "other.yaml").write_text((ROOT / "fixtures/E9600/good-valid-template.yaml").read_text())
    run(capsys, "--write-baseline", "baseline.json", "infra")
    (project / "infra" / "app.yaml").write_text(_flags("true"))
    _, out, _ = run(capsys, "plan", "--baseline", "baseline.json", "infra")
    assert (
        "  this change adds a NAT gateway serving only Lambda functions (NatGateway, infra/app.yaml): +$36.50/month"
        in out.splitlines()
    )
    _, out, _ = run(capsys, "plan", "--format", "markdown", "--baseline", "baseline.json", "infra")
    assert (
        "this change adds a NAT gateway serving only Lambda functions \\(NatGateway, infra/app\\.yaml\\): "
        "\\+\\$36\\.50/month" in out
    )


def test_a_change_that_puts_a_nat_gateway_back_behind_steps(project, capsys):
    (project / "infra" / "app.yaml").write_text(_flags("true"))
    run(capsys, "--write-baseline", "baseline.json", "infra")
    (project / "infra" / "app.yaml").write_text(_flags("false"))
    _, out, _ = run(capsys, "--baseline", "baseline.json", "infra")
    assert (
        "This change puts NatGateway (infra/app.yaml) back behind migration steps: +$36.50/month until they are done."
        in out
    )


def test_no_delta_against_a_baseline_that_did_not_look_for_nat_gateways(project, capsys):
    (project / "infra" / "app.yaml").write_text(_flags("true"))
    run(capsys, "--select", "W9601", "--write-baseline", "baseline.json", "infra")
    assert json.loads((project / "baseline.json").read_text())["rules"] == [
        "E9600",
        "W9601",
    ]  # (an input error is looked for whatever is selected)
    _, out, _ = run(capsys, "--baseline", "baseline.json", "infra")
    assert "This change" not in out
    _, out, _ = run(capsys, "plan", "--baseline", "baseline.json", "infra")  # (it said nothing of why: helper)
    assert "Against the baseline: not compared, as the run that wrote it did not look for W9650 and I9651" in out
    found = plan_of("infra", baseline=Baseline("b", rules=frozenset({"W9601"})))
    assert not found.baseline and found.delta == []
    found = plan_of("infra", baseline=Baseline("b"))  # a baseline of before `rules` was recorded: all rules
    assert found.baseline and len(found.delta) == 1


def _without_nat(text: str) -> str:
    """The template with its NAT gateway, Elastic IP and 0.0.0.0/0 route removed (the plan's last step)."""
    for name in ("NatEip", "NatGateway", "PrivateDefaultRoute"):
        start = text.index(f"\n  {name}:")
        end = text.index("\n  ", text.index("\n", start + 1) + 1)
        while text[end + 3] == " ":  # (the resource's own lines are indented deeper)
            end = text.index("\n  ", end + 1)
        text = text[:start] + text[end:]
    return text


def test_a_change_that_removes_a_nat_gateway_saves_what_the_baseline_priced(project, capsys):
    """The README promises the bill's change: the NAT gateway removed, as the plan's last step says, was not
    credited ("no change to the NAT gateways that could go"), the baseline knowing only NAT gateways that still
    exist (helper, a team living with it). A baseline records what each could save."""
    (project / "infra" / "app.yaml").write_text(_flags("true"))
    run(capsys, "--write-baseline", "baseline.json", "infra")
    [row] = [r for r in json.loads((project / "baseline.json").read_text())["findings"] if r["rule"] == "W9650"]
    assert row["monthly"] == 36.5
    (project / "infra" / "app.yaml").write_text(_without_nat(_flags("true")))
    _, out, _ = run(capsys, "--baseline", "baseline.json", "infra")
    said = "This change removes NatGateway (infra/app.yaml), which served only Lambda functions: −$36.50/month."
    assert out.splitlines()[-1].endswith(said), out
    _, out, _ = run(capsys, "plan", "--format", "json", "--baseline", "baseline.json", "infra")
    assert [(d["monthly"], d["nat_gateway"]) for d in json.loads(out)["delta"]] == [(-36.5, None)]
    schema = json.loads((ROOT / "docs" / "plan.schema.json").read_text())
    assert not list(Draft202012Validator(schema).iter_errors(json.loads(out)))
    # a file the run does not lint keeps its NAT gateway (a CI linting only what changed; helper), one deleted not
    (project / "infra" / "app.yaml").write_text(_flags("true"))
    (project / "other.yaml").write_text((ROOT / "fixtures/E9600/good-valid-template.yaml").read_text())
    _, out, _ = run(capsys, "--baseline", "baseline.json", "other.yaml")
    assert "removes" not in out, out
    (project / "infra" / "app.yaml").unlink()
    _, out, _ = run(capsys, "--baseline", "baseline.json", "other.yaml")
    assert out.splitlines()[-1].endswith(said), out


def test_a_renamed_nat_gateway_nets_nothing(project, capsys):
    (project / "infra" / "app.yaml").write_text(_flags("true"))
    run(capsys, "--write-baseline", "baseline.json", "infra")
    renamed = (
        _flags("true")
        .replace("NatGateway:  # expect", "EgressNat:  # expect")
        .replace("!Ref NatGateway", "!Ref EgressNat")
    )
    (project / "infra" / "app.yaml").write_text(renamed)
    _, out, _ = run(capsys, "plan", "--format", "json", "--baseline", "baseline.json", "infra")
    assert sorted(d["monthly"] for d in json.loads(out)["delta"]) == [-36.5, 36.5]


def test_an_unchanged_nat_gateway_is_no_delta(project, capsys):
    (project / "infra" / "app.yaml").write_text(_flags("true"))
    run(capsys, "--write-baseline", "baseline.json", "infra")
    _, out, _ = run(capsys, "plan", "--baseline", "baseline.json", "infra")
    assert "Against the baseline: no change to the NAT gateways that could go." in out


# ----- the command ----------------------------------------------------------------------------


def test_plan_text(capsys):
    code, out, err = run(capsys, "plan", EXAMPLE)
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[:4] == [
        "Migration plan",
        "",
        "NAT gateways that could go: 1, est. $36.50/month + $0.045/GB.",
        "NAT gateways in these files: 1, est. $36.50/month + $0.045/GB.",
    ]
    assert "  examples/sam-app/template.yaml:68:3: NAT gateway NatGateway: can go after the steps" in lines
    assert "    cost: $36.50/month (hours $32.85, 1 public IPv4 address $3.65) + $0.045/GB" in lines
    flag = "      examples/sam-app/template.yaml:138:7: ThumbnailFunction: set Ipv6AllowedForDualStack to true, after "
    assert any(line.startswith(flag) and line.endswith("(I9660)") for line in lines)


def test_plan_formats_and_reports(tmp_path, capsys):
    md, js, page = tmp_path / "plan.md", tmp_path / "plan.json", tmp_path / "plan.html"
    code, out, err = run(
        capsys, "plan", "-f", "html", "-o", str(page), "--report", f"markdown:{md}", "--report", f"json:{js}", EXAMPLE
    )
    assert code == 0 and out == ""
    assert err.endswith(f"NAT gateways that could go: 1, est. $36.50/month + $0.045/GB. Plan: {page}\n")
    assert (
        md.read_text().startswith("## lambda6lint migration plan\n") and "```mermaid\nflowchart LR\n" in md.read_text()
    )
    assert page.read_text().startswith("<!DOCTYPE html>") and "<svg " in page.read_text()
    document = json.loads(js.read_text())
    assert document["summary"]["monthly_saving"] == 36.5 and document["summary"]["nat_gateways_that_could_go"] == 1
    nat = document["vpcs"][0]["nat_gateways"][0]
    assert nat["cost"] == {
        "count": 1,
        "zones": 1,
        "public_ipv4_addresses": 1,
        "hours": 32.85,
        "public_ipv4": 3.65,
        "data": None,
        "monthly": 36.5,
    }
    assert [s["step"] for s in nat["steps"]] == [
        "ipv6-route",
        "sg-ipv6",
        "function-flag",
        "sdk-dualstack",
        "remove-nat",
    ]
    flag = nat["steps"][2]["changes"][0]
    assert flag["change"].startswith("set Ipv6AllowedForDualStack to true, after publishing versions")
    assert flag | {"resource": None, "change": None} == {
        "resource": None,
        "change": None,
        "path": "examples/sam-app/template.yaml",
        "line": 138,
        "column": 7,
    }


def test_plan_options_and_errors(tmp_path, capsys):
    for argv in (
        ["--format", "sarif"],  # not a plan format
        ["--report", "sarif:x.sarif"],
        ["--gb-per-month", "-3"],
        ["--gb-per-month", "many"],
        ["--select", "W9601"],  # a lint run's option
    ):
        with pytest.raises(SystemExit) as stopped:
            run(capsys, "plan", *argv, EXAMPLE)
        assert stopped.value.code == 2, argv
    assert run(capsys, "plan", "no/such/folder")[0] == 2
    code, out, _ = run(capsys, "plan", "fixtures/E9600/bad-unclosed-flow.yaml")
    assert code == 2 and "could not be read (E9600)" in out
    bad = tmp_path / "tfplan.json"
    bad.write_text('{"format_version": "1.2", "planned_values": {"root_module": {"resources": [')
    code, out, _ = run(capsys, str(bad))
    summary = out.splitlines()[-1]
    assert code == 2 and summary == "Found 1 problem (1 error). 1 file could not be read (E9600).", summary
    with pytest.raises(SystemExit):
        run(capsys, "plan", "--help")
    out = capsys.readouterr().out
    assert "--gb-per-month" in out and "--baseline" in out and "--write-baseline" not in out


def test_gb_per_month_from_the_settings_file(tmp_path, capsys, monkeypatch):
    shutil.copytree(ROOT / EXAMPLE, tmp_path / "app")
    (tmp_path / ".lambda6lint.toml").write_text("[prices]\nnat-per-gb = 0.05\ngb-per-month = 200\n")
    monkeypatch.chdir(tmp_path)
    _, out, _ = run(capsys, "plan", "app")
    assert "NAT gateways that could go: 1, est. $46.50/month with 200 GB/month each at $0.050/GB." in out  # 36.5 + 10
    _, out, _ = run(capsys, "plan", "--gb-per-month", "0", "app")  # the flag wins
    assert "est. $36.50/month with 0 GB/month each" in out
    _, out, _ = run(capsys, "--show-config")
    assert "gb-per-month = 200.0  # " in out
    (tmp_path / ".lambda6lint.toml").write_text("[prices]\ngb-per-month = -1\n")
    code, _, err = run(capsys, "plan", "app")
    assert code == 2 and "prices.gb-per-month: expected a number of GB ≥ 0" in err


def test_every_nat_gateway_of_the_fixtures_is_planned_once():
    """The plan agrees with the rules: replaceable exactly where W9650 or I9651 reports, never twice."""
    result = engine.lint(["fixtures", "examples"], engine.Options(plan=True))
    assert result.plan is not None and result.network is not None
    reported = {id(f.resource_obj) for f in result.findings if f.rule.id in ("W9650", "I9651")}
    planned = [n for entry in result.plan.nats for n in entry.nats]
    assert len(planned) == len({id(n) for n in planned}) == len(result.network.of(plan.NatGateway))
    heads = {id(entry.nat) for entry in result.plan.nats if entry.status in plan.REPLACEABLE}
    # (kept on purpose, or made by one count with gateways that must stay: reported, saving nothing yet)
    kept = {id(entry.nat) for entry in result.plan.nats if any(b.kind in ("kept", "group") for b in entry.blockers)}
    assert heads == reported - kept
    assert all(entry.undecided for entry in result.plan.nats if entry.status == "undecided")


@pytest.mark.parametrize(("jobs", "batch"), [(1, 64), (2, 64), (1, 1)])
def test_a_lint_run_states_the_same_money_as_the_whole_plan(jobs, batch, monkeypatch):
    """A lint run checks templates a batch at a time (and in workers) and keeps a light plan of each
    batch: merged, it states what the plan of one graph of the whole run states (a batch without a
    NAT gateway but with a module call not read, too: what the call may make is named beside it)."""
    from lambda6lint import checking
    from lambda6lint.report import plan_text

    monkeypatch.setattr(checking, "BATCH", batch)
    paths = ["fixtures", "examples"]
    whole = engine.lint(paths, engine.Options(plan=True)).plan
    light = engine.lint(paths, engine.Options(jobs=jobs)).plan
    assert whole is not None and light is not None
    assert plan_text.at_stake(light) == plan_text.at_stake(whole) != ""
    assert plan_text.overall(light) == plan_text.overall(whole)
    assert [(n.nat.id, n.status) for n in light.nats] == [(n.nat.id, n.status) for n in whole.nats]


CORPUS = SHARED / "corpus"


@pytest.mark.skipif(not CORPUS.is_dir(), reason="the shared corpus of public templates is not beside the repository")
def test_real_projects():
    """A public Terraform sample pays for a NAT gateway only its function uses; AWS's "Lambda static IP"
    solution exports its subnets, so what else runs there is not known and nothing is claimed."""
    found = plan_of(str(CORPUS / "aws-samples__serverless-patterns/terraform-lambda-aurora-serverless"))
    entry = only(found)
    assert entry.status == "steps-left" and round(found.saving, 2) == 36.50
    assert [s.step for s in entry.steps][:4] == ["vpc-ipv6", "subnet-ipv6", "ipv6-route", "sg-ipv6"]
    assert all(c.location.path.endswith("main.tf") and c.location.line > 1 for s in entry.steps for c in s.changes)
    static = plan_of(str(CORPUS / "awslabs__aws-cloudformation-templates/aws/solutions/LambdaStaticIP"))
    assert [n.status for n in static.nats] == ["undecided", "undecided"] and static.saving == 0
    assert any("exported" in u.cause for n in static.nats for u in n.undecided)


@pytest.mark.parametrize(
    ("fixture", "cause"),
    [
        (
            "good-nat-chosen-by-condition.yaml",
            "whether route PrivateDefaultRoute sends 0.0.0.0/0 to it depends on condition `BlueNat`, which depends "
            "on parameter `UseBlueNat` (pass its value to decide it; lambda6lint assumes no Default in a condition)",
        ),
        (
            "good-nat-chosen-by-condition",
            "whether route aws_route.private_nat sends 0.0.0.0/0 to it comes from variable `blue`, which has no "
            "value (pass --var blue=… or a .tfvars file)",
        ),
    ],
)
def test_nat_gateways_a_condition_chooses_between_are_not_decided(fixture, cause):
    """A route `NatGatewayId: !If [C, !Ref A, !Ref B]` (`var.blue ? a : b`) that the run cannot decide:
    the plan said of both "serves no Lambda function: no route table in this run sends 0.0.0.0/0 to it"."""
    found = plan_of(f"fixtures/W9650/{fixture}")
    assert [n.status for n in found.nats] == ["undecided", "undecided"]
    for entry in found.nats:
        assert [u.text for u in entry.undecided] == [cause]


def test_elastic_ips_a_vpc_module_reuses_keep_its_nat_gateways(tmp_path):
    """`reuse_nat_ips`: the vpc module's NAT gateway holds an Elastic IP the caller made, which the module's
    README gives as the way to keep the same addresses when the VPC is made again: a static egress address,
    as one in the outputs is (it was "remove it", and W9650 counted it in its saving)."""
    text = (ROOT / "fixtures/W9650/good-registry-vpc-reused-nat-ips/main.tf").read_text()
    published = 'output "nat_public_ip" {\n  value = aws_eip.nat[0].public_ip\n}\n'
    assert published in text
    (tmp_path / "main.tf").write_text(text.replace(published, ""))  # (not published)
    [entry] = plan_of(str(tmp_path)).nats
    assert [(b.kind, b.text) for b in entry.blockers] == [
        (
            "static-ip",
            "its Elastic IPs are kept on purpose (reuse_nat_ips = true on module.vpc keeps the caller's own): a static "
            "egress address",
        )
    ]
    assert not [f for f in engine.lint([str(tmp_path)]).findings if f.rule.id in ("W9650", "I9651")]


@pytest.mark.parametrize(
    ("fixture", "text"),
    [
        ("good-eip-retained.yaml", "its Elastic IP NatEip is kept on purpose (DeletionPolicy: Retain keeps it)"),
        ("good-eip-retained", "its Elastic IP aws_eip.nat is kept on purpose (prevent_destroy = true keeps it)"),
        ("good-eip-from-a-byoip-pool.yaml", "its Elastic IP NatEip is kept on purpose (it comes from `ipv4pool-ec2-"),
        ("good-eip-from-a-byoip-pool", "its Elastic IP aws_eip.nat is kept on purpose (it comes from `ipv4pool-ec2-"),
        ("good-eip-recovering-a-chosen-address.yaml", "its Elastic IP NatEip is kept on purpose (it recovers the addr"),
        ("good-eip-recovering-a-chosen-address", "its Elastic IP aws_eip.nat is kept on purpose (it recovers the addr"),
    ],
)
def test_an_elastic_ip_kept_on_purpose_keeps_its_nat_gateway(fixture, text):
    result = engine.lint([str(FIXTURES / "W9650" / fixture)], engine.Options(plan=True))
    [nat] = [n for vpc in result.plan.vpcs for n in vpc.nats]
    assert [b.kind for b in nat.blockers] == ["static-ip"] and nat.blockers[0].text.startswith(text)


def test_a_count_member_nothing_uses_goes_with_the_one_that_can_go():
    """One count makes two NAT gateways: the function's, and one no route table uses. The plan said the first
    "must stay" (it goes only with the others) while nothing keeps the other: both go, as I9651 now says."""
    result = engine.lint([str(FIXTURES / "I9651" / "bad-counted-nat-gateways-one-unrouted")], engine.Options(plan=True))
    [entry] = [n for vpc in result.plan.vpcs for n in vpc.nats]
    assert (entry.status, entry.blockers, [n.id for n in entry.nats]) == (
        "steps-left",
        [],
        ["aws_nat_gateway.nat[0]", "aws_nat_gateway.nat[1]"],
    )
    assert entry.bill.fixed == pytest.approx(73.0)  # (both go: the saving counts both)
    [removal] = [c.what for s in entry.steps for c in s.changes if c.resource.id == "aws_nat_gateway.nat[1]"]
    assert removal == (
        "remove the block: every instance of it goes (one count makes it with aws_nat_gateway.nat[0], and nothing "
        "uses it)"
    )
    [finding] = [f for f in result.findings if f.rule.id == "I9651"]
    assert "saving est. $73.00/month fixed for 2 NAT gateways" in finding.message
    assert (
        ", its Elastic IP aws_eip.nat[0] and its route {} for 0.0.0.0/0 of aws_route_table.private (with "
        "aws_nat_gateway.nat[1] and its Elastic IP aws_eip.nat[1], which the same count makes and nothing uses)"
    ) in finding.message, finding.message


def test_a_route_to_a_nat_gateway_of_unknown_count_leaves_it_undecided():
    """`nat_gateway_id = aws_nat_gateway.nat[0].id` where the count comes from a variable without a value:
    the plan called the NAT gateway idle ("no route table in this run sends 0.0.0.0/0 to it") and --explain
    said nothing, while the function's table does route to it."""
    result = engine.lint(
        [str(FIXTURES / "W9650" / "good-nat-route-to-a-gateway-of-unknown-count")], engine.Options(plan=True)
    )
    [nat] = [n for vpc in result.plan.vpcs for n in vpc.nats]
    assert nat.status == "undecided"
    assert nat.bill.fixed is None and nat.cost.why.startswith("how many: its count comes from variable `azs`")
    from lambda6lint.report import plan_text

    assert plan_text.overall(result.plan).startswith(
        "NAT gateways in these files: 1, none of them estimated (how many there are cannot be known"
    )  # (it was priced as one gateway)
    assert [u.text for u in result.undecided] == [
        "whether the route {} for 0.0.0.0/0 of aws_route_table.private goes to it refers to `aws_nat_gateway.nat`, "
        "whose `count` comes from variable `azs`, which has no value (pass --var azs=… or a .tfvars file)"
    ]


@pytest.mark.parametrize("fixture", ["good-eip-from-a-byoip-pool.yaml", "good-eip-from-a-byoip-pool"])
def test_an_address_from_a_byoip_pool_is_not_billed_as_public_ipv4(fixture):
    """aws-facts §9: the public IPv4 charge applies to every address type except BYOIP."""
    result = engine.lint([str(FIXTURES / "W9650" / fixture)], engine.Options(plan=True))
    [nat] = [n for vpc in result.plan.vpcs for n in vpc.nats]
    assert (nat.cost.addresses, nat.bill.fixed) == (0, pytest.approx(32.85))


def test_a_nat_gateways_own_elastic_ip_goes_with_the_module_setting(tmp_path):
    """Without reuse_nat_ips the module makes the address: enable_nat_gateway = false releases it too."""
    [finding] = [
        f
        for f in engine.lint([str(FIXTURES / "W9650" / "bad-registry-vpc-single-nat")]).findings
        if f.rule.id == "W9650"
    ]
    assert "(enable_nat_gateway = false on module.vpc) saves" in finding.message


SWITCH = "fixtures/W9650/bad-nat-gateway-count-switch"
_COUNT = "which turns off its count `var.enable_nat ? 1 : 0`"
#: (a default is the value only where no -var-file or TF_VAR_ the run did not see overrides it)
_ELSEWHERE = "and its value wherever else your pipeline sets it (a -var-file, TF_VAR_enable_nat)"


def _called_module(root: Any) -> None:
    """The base fixture as a module `network` whose `enable_nat` input its call sets (the module's body is the
    base's after its terraform and provider blocks): the switch turned off on the call."""
    base = (ROOT / SWITCH / "main.tf").read_text().splitlines(keepends=True)
    (root / "network").mkdir(parents=True)
    header = "# A module whose NAT gateway is made with `count = var.enable_nat ? 1 : 0`, the input its call sets.\n\n"
    (root / "network" / "main.tf").write_text(header + "".join(base[15:]))
    call = 'module "network" {\n  source     = "./network"\n  enable_nat = true\n}\n'
    comment = "# The NAT gateway's count switch is a module input.\n\n"
    (root / "main.tf").write_text(comment + "".join(base[2:15]) + call)


def w9650(path: str) -> str:
    [finding] = [f for f in engine.lint([path]).findings if f.rule.id == "W9650"]
    return finding.message


def _set_in_tfvars(main: Any) -> None:
    (main.parent / "terraform.tfvars").write_text("enable_nat = true\n")


def _set_in_tfvars_and_a_var_file(main: Any) -> None:
    (main.parent / "terraform.tfvars").write_text("enable_nat = true\n")
    (main.parent / "prod.tfvars").write_text("enable_nat = true\n")


def _a_local_of_two_variables(main: Any) -> None:
    text = main.read_text().replace("var.enable_nat ? 1 : 0", "local.create_nat ? 1 : 0")
    text += '\nvariable "single_nat" {\n  type    = bool\n  default = true\n}\n'
    main.write_text(text + "\nlocals {\n  create_nat = var.enable_nat && var.single_nat\n}\n")


@pytest.mark.parametrize(
    ("fixture", "edit", "removal"),
    [
        ("", None, f"(set the default of variable `enable_nat` to false, {_ELSEWHERE}, {_COUNT}) saves"),
        ("", _set_in_tfvars, f"(set `enable_nat` = false in terraform.tfvars, {_COUNT}) saves"),
        (
            "",
            _set_in_tfvars_and_a_var_file,
            "(set `enable_nat` = false in terraform.tfvars (`prod.tfvars` beside the module sets it too, and a "
            f"pipeline passing it with -var-file takes its value instead), {_COUNT}) saves",
        ),
        (
            None,
            _called_module,
            f"(set input `enable_nat` = false on module `network` at main.tf:16, {_COUNT}) saves",
        ),
        (
            "",
            _a_local_of_two_variables,
            "(make local `create_nat` false in main.tf, which turns off its count `local.create_nat ? 1 : 0`) saves",
        ),
    ],
    ids=["default", "tfvars", "tfvars-and-a-var-file", "module-input", "local"],
)
def test_a_nat_gateway_counted_by_a_switch_goes_by_turning_it_off(tmp_path, fixture, edit, removal):
    """`count = var.enable_nat ? 1 : 0`: the user turns the switch off where its value is set (a default, a
    tfvars file, a module call's input, a local), rather than deleting blocks that other code names."""
    if fixture is None:
        edit(tmp_path / "m")
    else:
        shutil.copytree(ROOT / (SWITCH + fixture), tmp_path / "m")
        if edit is not None:
            edit(tmp_path / "m" / "main.tf")
    assert f"removing it {removal}" in w9650(str(tmp_path / "m"))


def test_a_switched_nat_gateways_plan_turns_the_switch_off_and_its_address_and_route_go_with_it():
    found = plan_of(SWITCH)
    same = "goes with aws_nat_gateway.main[0]: its count is the same switch, `var.enable_nat ? 1 : 0`"
    assert removal_changes(found, "aws_nat_gateway.main[0]") == [
        ("aws_nat_gateway.main[0]", f"set the default of variable `enable_nat` to false, {_ELSEWHERE}, {_COUNT}"),
        ("aws_eip.nat[0]", same),
        ("aws_route.private_nat[0]", same),
    ]


def test_what_the_switch_does_not_count_is_removed_and_what_names_it_is_said(tmp_path):
    """A route written without the count names `aws_nat_gateway.main[0]`: turned off, the NAT gateway leaves
    that reference dangling, so the route is removed; its Elastic IP, under the switch, goes with it."""
    shutil.copytree(ROOT / SWITCH, tmp_path / "m")
    main = tmp_path / "m" / "main.tf"
    text = main.read_text()
    text = text.replace("  count                  = var.enable_nat ? 1 : 0\n  route_table_id", "  route_table_id")
    main.write_text(text)
    changes = dict(removal_changes(plan_of(str(tmp_path / "m")), "aws_nat_gateway.main[0]"))
    assert changes == {
        "aws_nat_gateway.main[0]": f"set the default of variable `enable_nat` to false, {_ELSEWHERE}, {_COUNT}",
        "aws_eip.nat[0]": "goes with aws_nat_gateway.main[0]: its count is the same switch, `var.enable_nat ? 1 : 0`",
        "aws_route.private_nat": "remove it",
    }


def test_i9651_ends_by_turning_the_switch_off(tmp_path):
    shutil.copytree(ROOT / SWITCH, tmp_path / "m")
    main = tmp_path / "m" / "main.tf"
    main.write_text(
        main.read_text().replace("ipv6_allowed_for_dual_stack = true", "ipv6_allowed_for_dual_stack = false")
    )
    [finding] = [f for f in engine.lint([str(tmp_path / "m")]).findings if f.rule.id == "I9651"]
    assert finding.message.endswith(
        f"then remove the NAT gateway (set the default of variable `enable_nat` to false, {_ELSEWHERE}, {_COUNT})."
    )


_REMOVED = "removing it, its Elastic IP aws_eip.nat[0] and its 0.0.0.0/0 route aws_route.private_nat[0] saves"


@pytest.mark.parametrize(
    ("old", "new"),
    [
        (  # the egress-only gateway the functions' IPv6 goes through
            'resource "aws_egress_only_internet_gateway" "main" {\n',
            'resource "aws_egress_only_internet_gateway" "main" {\n  count = var.enable_nat ? 1 : 0\n',
        ),
        (
            'resource "aws_lambda_function" "fn" {\n',
            'resource "aws_lambda_function" "fn" {\n  count = var.enable_nat ? 1 : 0\n',
        ),
        ("  count             = 2\n", "  count             = var.enable_nat ? 2 : 0\n"),  # the subnets: no switch
        (  # through a local of more than the switch
            'resource "aws_internet_gateway" "main" {\n',
            'locals {\n  endpoints = var.enable_nat && true\n}\nresource "aws_vpc_endpoint" "s3" {\n'
            "  count        = local.endpoints ? 1 : 0\n  vpc_id       = aws_vpc.main.id\n"
            '  service_name = "com.amazonaws.us-east-1.s3"\n}\nresource "aws_internet_gateway" "main" {\n',
        ),
        (  # through 9 locals, each naming the next (the 9th, past the 8 `reads` followed, reads the switch)
            'resource "aws_internet_gateway" "main" {\n',
            "locals {\n"
            + "".join(f"  e{i} = local.e{i + 1}\n" for i in range(8))
            + '  e8 = var.enable_nat && true\n}\nresource "aws_vpc_endpoint" "s3" {\n'
            "  count        = local.e0 ? 1 : 0\n  vpc_id       = aws_vpc.main.id\n"
            '  service_name = "com.amazonaws.us-east-1.s3"\n}\nresource "aws_internet_gateway" "main" {\n',
        ),
        (  # through 40 locals, past the 32 `reads` follows (`causes._MAX_DEPTH`): what lies beyond is not known,
            # and was taken for "reads nothing more"
            'resource "aws_internet_gateway" "main" {\n',
            "locals {\n"
            + "".join(f"  e{i} = local.e{i + 1}\n" for i in range(40))
            + '  e40 = var.enable_nat && true\n}\nresource "aws_vpc_endpoint" "s3" {\n'
            "  count        = local.e0 ? 1 : 0\n  vpc_id       = aws_vpc.main.id\n"
            '  service_name = "com.amazonaws.us-east-1.s3"\n}\nresource "aws_internet_gateway" "main" {\n',
        ),
    ],
)
def test_a_switch_that_turns_off_more_than_the_nat_gateway_is_not_the_way_it_goes(tmp_path, old, new):
    """`var.enable_nat` also counts something the functions still need (their egress-only gateway, the function
    itself, their subnets, an endpoint): turning it off removes that too, so the NAT gateway's block goes."""
    shutil.copytree(ROOT / SWITCH, tmp_path / "m")
    main = tmp_path / "m" / "main.tf"
    assert old in main.read_text()
    text = main.read_text().replace(old, new, 1)
    main.write_text(
        text.replace("aws_egress_only_internet_gateway.main.id", "aws_egress_only_internet_gateway.main[0].id")
    )
    assert _REMOVED in w9650(str(tmp_path / "m"))
    changes = dict(removal_changes(plan_of(str(tmp_path / "m")), "aws_nat_gateway.main[0]"))
    assert changes["aws_nat_gateway.main[0]"] == "remove the block: every instance of it goes"


@pytest.mark.parametrize(
    "call",
    [
        'module "network" {\n  for_each   = toset(["a", "b"])\n  source     = "./network"\n  enable_nat = true\n}\n',
        'variable "nat" {\n  default = true\n}\nmodule "network" {\n  source     = "./network"\n'
        '  enable_nat = var.nat\n}\nmodule "other" {\n  source     = "./network"\n  enable_nat = var.nat\n}\n',
    ],
)
def test_a_switch_that_turns_off_another_module_instances_nat_gateway_is_not_the_way_it_goes(tmp_path, call):
    """One input on a for_each call, or one root variable given to two calls: turning it off removes every
    instance's NAT gateway, not only this one."""
    _called_module(tmp_path / "m")
    main = tmp_path / "m" / "main.tf"
    main.write_text(main.read_text().split('module "network"')[0] + call)
    messages = [f.message for f in engine.lint([str(tmp_path / "m")]).findings if f.rule.id == "W9650"]
    assert messages and all("turns off" not in m and "removing it, its Elastic IP" in m for m in messages)


def test_a_switch_set_inside_an_installed_module_is_not_the_users(tmp_path):
    """The switch is the input of a call inside code `terraform init` installed: not said (the user changes the
    installed module's own inputs)."""
    _called_module(tmp_path / "m")
    root = tmp_path / "m"
    installed = root / ".terraform" / "modules" / "net"
    installed.mkdir(parents=True)
    shutil.move(str(root / "network"), str(installed / "modules" / "inner"))
    (installed / "main.tf").write_text(
        'variable "a" {\n  default = true\n}\nmodule "inner" {\n  source     = "./modules/inner"\n'
        "  enable_nat = var.a && true\n}\n"
    )
    (root / ".terraform" / "modules" / "modules.json").write_text(
        json.dumps(
            {
                "Modules": [
                    {"Key": "", "Source": "", "Dir": "."},
                    {
                        "Key": "net",
                        "Source": "registry.terraform.io/acme/net/aws",
                        "Version": "1.0.0",
                        "Dir": ".terraform/modules/net",
                    },
                    {"Key": "net.inner", "Source": "./modules/inner", "Dir": ".terraform/modules/net/modules/inner"},
                ]
            }
        )
    )
    main = root / "main.tf"
    main.write_text(main.read_text().split('module "network"')[0] + 'module "net" {\n  source  = "acme/net/aws"\n}\n')
    message = w9650(str(root))
    assert (
        "removing it, its Elastic IP module.net.module.inner.aws_eip.nat[0] and its 0.0.0.0/0 route "
        "module.net.module.inner.aws_route.private_nat[0] saves"
    ) in message, message
    assert "module `inner`" not in message


@pytest.mark.parametrize("counted", ["aws_route.private_ipv6", "aws_lambda_function.fn"])
def test_a_plan_whose_switch_counts_more_than_the_nat_gateway_says_remove_it(tmp_path, counted):
    """The plan's configuration records that another resource's count reads `var.enable_nat` too (the functions'
    IPv6 route, the function): no switch is offered."""
    doc = json.loads((ROOT / (SWITCH + ".tfplan.json")).read_text())
    for section in (doc["planned_values"]["root_module"]["resources"], doc["resource_changes"]):
        for res in section:
            if res["address"] == counted:
                res["address"], res["index"] = counted + "[0]", 0
    for res in doc["configuration"]["root_module"]["resources"]:
        if res["address"] == counted:
            res["count_expression"] = {"references": ["var.enable_nat"]}
    (tmp_path / "plan.json").write_text(json.dumps(doc))
    assert _REMOVED in w9650(str(tmp_path / "plan.json"))
    assert removal_changes(plan_of(str(tmp_path / "plan.json")), "aws_nat_gateway.main[0]")[0] == (
        "aws_nat_gateway.main[0]",
        "remove the block: every instance of it goes",
    )


def test_a_plan_says_what_its_count_reads_and_no_more():
    """A plan's configuration records the references of `count`, not the expression: a root NAT gateway whose
    count reads one bool variable alone may be a switch, said as such beside removing it; its address and
    route, whose counts cannot be compared, are removed. Each says its block goes, the NAT gateway's too (not
    "remove it", which Terraform has no words for): the switch may count more than it."""
    path = SWITCH + ".tfplan.json"
    reads = "its count, which reads `var.enable_nat` alone (true in this plan), is a switch"
    assert f"removing it (or, if {reads}, set `enable_nat` to false where its value is set instead), its" in (
        w9650(path)
    )
    assert removal_changes(plan_of(path), "aws_nat_gateway.main[0]") == [
        (
            "aws_nat_gateway.main[0]",
            f"remove the block: every instance of it goes; or, if {reads}, set `enable_nat` to false where its "
            "value is set instead",
        ),
        ("aws_eip.nat[0]", "remove the block: every instance of it goes"),
        ("aws_route.private_nat[0]", "remove the block: every instance of it goes"),
    ]


def test_a_plan_beside_its_code_takes_the_switch_from_the_code(tmp_path):
    """The code beside the plan tells how the count is written; where the variable is set, the plan does not (its
    values only): where this plan's value came from, the default's here."""
    shutil.copy(ROOT / SWITCH / "main.tf", tmp_path / "main.tf")
    shutil.copy(ROOT / (SWITCH + ".tfplan.json"), tmp_path / "plan.json")
    changes = removal_changes(plan_of(str(tmp_path / "plan.json")), "aws_nat_gateway.main[0]")
    assert changes[0] == (
        "aws_nat_gateway.main[0]",
        "set variable `enable_nat` to false where this plan's value of it comes from (its default, or a tfvars file, "
        f"-var or TF_VAR_enable_nat giving the same), {_COUNT}",
    )


@pytest.mark.parametrize(
    ("path", "nat"),
    [
        ("fixtures/W9650/bad-nat-gateway-per-zone-count", "aws_nat_gateway.zone[0]"),  # count = 2: no switch
        ("fixtures/W9650/bad-nat-serving-dualstack-lambdas", "aws_nat_gateway.main"),  # no count
        ("fixtures/W9650/bad-nat-serving-dualstack-lambdas.tfplan.json", "aws_nat_gateway.main"),
    ],
)
def test_without_a_switch_the_nat_gateway_is_removed(path, nat):
    """Several instances of one count (`count = 2`, `length(var.azs)`) do not go by one value, and a resource
    without count has no switch: removed, as before."""
    whole = "remove the block: every instance of it goes"  # (`count = 2`: every instance of its blocks goes)
    assert {what for _, what in removal_changes(plan_of(path), nat)} == {whole if "[" in nat else "remove it"}
    assert "removing " in w9650(path) and "turns off" not in w9650(path)


def test_a_function_in_a_public_subnet_leaves_it_rather_than_routing_it():
    """A function also attached to a public subnet: the plan took it out of nothing and put an
    egress-only gateway in the public route table (cutting its other hosts off from IPv6 clients, and
    W9611 stayed). It asks to take the function out of the subnet, which then needs no IPv6 CIDR."""
    from conftest import FIXTURES

    fixture = FIXTURES / "W9611" / "bad-function-adds-public-subnet.sam.yaml"
    result = engine.lint([str(fixture)], engine.Options(plan=True))
    (nat,) = [n for vpc in result.plan.vpcs for n in vpc.nats]
    steps = {s.step: [(c.resource.id, c.what) for c in s.changes] for s in nat.steps}
    assert steps["public-subnet"] == [("PublicSubnet", "remove it from the functions' SubnetIds")]
    assert [r for r, _ in steps["subnet-ipv6"]] == ["PrivateSubnet"]
    assert [r for r, _ in steps["ipv6-route"]] == ["Vpc", "PrivateRouteTable"]
    assert list(steps).index("public-subnet") < list(steps).index("ipv6-route")


def test_nat_gateways_one_count_makes_with_ones_that_must_stay_save_nothing_yet(tmp_path):
    """One count makes three NAT gateways; an EC2 instance keeps one: the other two "could go" and were
    counted in the savings, though the setting that removes them removes all three. They must stay,
    saying how they could go (a smaller count), and the headline promises nothing."""
    from lambda6lint.report import plan_text

    main = (
        'module "vpc" {\n  source = "terraform-aws-modules/vpc/aws"\n  azs = ["a", "b", "c"]\n'
        '  public_subnets = ["10.0.101.0/24", "10.0.102.0/24", "10.0.103.0/24"]\n'
        '  private_subnets = ["10.0.1.0/24", "10.0.2.0/24", "10.0.3.0/24"]\n'
        "  enable_nat_gateway = true\n  one_nat_gateway_per_az = true\n  enable_ipv6 = true\n"
        "  public_subnet_ipv6_prefixes = [0, 1, 2]\n  private_subnet_ipv6_prefixes = [3, 4, 5]\n"
        "  private_subnet_enable_dns64 = false\n}\n"
        'resource "aws_security_group" "fn" {\n  vpc_id = module.vpc.vpc_id\n  egress {\n    from_port = 443\n'
        '    to_port = 443\n    protocol = "tcp"\n    ipv6_cidr_blocks = ["::/0"]\n  }\n}\n'
        'resource "aws_lambda_function" "fn" {\n  function_name = "fn"\n  role = "arn:aws:iam::1:role/x"\n'
        '  runtime = "python3.12"\n  handler = "a.b"\n  filename = "x.zip"\n  vpc_config {\n'
        "    subnet_ids = module.vpc.private_subnets\n    security_group_ids = [aws_security_group.fn.id]\n"
        "    ipv6_allowed_for_dual_stack = true\n  }\n"
        '  environment {\n    variables = { AWS_USE_DUALSTACK_ENDPOINT = "true" }\n  }\n}\n'
        'resource "aws_instance" "box" {\n  ami = "ami-1"\n  subnet_id = module.vpc.private_subnets[1]\n}\n'
    )
    (tmp_path / "main.tf").write_text(main)
    result = engine.lint([str(tmp_path)], engine.Options(plan=True))
    assert result.plan is not None
    statuses = {n.nat.id: (n.status, [b.kind for b in n.blockers]) for n in result.plan.nats}
    assert statuses == {
        "module.vpc.aws_nat_gateway.this[0]": ("blocked", ["group"]),
        "module.vpc.aws_nat_gateway.this[1]": ("blocked", ["egress-host"]),
    }
    (group,) = [b.text for n in result.plan.nats for b in n.blockers if b.kind == "group"]
    assert "(single_nat_gateway = true on the module routes every zone through one, across zones)" in group
    assert plan_text.at_stake(result.plan) == ""  # (no NAT gateway could go yet)


def test_removing_a_nat_gateway_names_what_still_names_it(tmp_path):
    """The plan's "remove it" left `Outputs: {NatGatewayId: !Ref NatGateway}` and a function's
    `DependsOn: NatGateway` behind: CloudFormation refuses a template naming a resource it no longer has."""
    from conftest import FIXTURES

    text = (FIXTURES / "W9650" / "bad-nat-gateway-id-in-plain-outputs.yaml").read_text()
    text = text.replace(
        "  ScraperFunction:\n    Type: AWS::Lambda::Function\n",
        "  ScraperFunction:\n    Type: AWS::Lambda::Function\n    DependsOn: NatGateway\n",
        1,
    )
    (tmp_path / "t.yaml").write_text(text)
    result = engine.lint([str(tmp_path / "t.yaml")], engine.Options(plan=True))
    (nat,) = result.plan.nats
    (removal,) = [s for s in nat.steps if s.step == "remove-nat"]
    said = {c.resource.id: c.what for c in removal.changes}
    assert said["NatGateway"] == "remove it, and the outputs that name it and what names it in ScraperFunction"
    assert said["NatEip"] == "remove it"


def test_the_vpc_modules_own_nat64_route_says_how_to_turn_it_off(tmp_path):
    """terraform-aws-vpc routes 64:ff9b::/96 to its NAT gateways wherever private DNS64 is on, its default
    with enable_ipv6: the blocker says that, and the VPC step says it where enable_ipv6 is set, so a step
    followed as written no longer ends with the NAT gateways kept (helper, following the plan)."""
    source = ROOT / "fixtures" / "I9651" / "good-registry-vpc-nat64"
    (entry,) = [n for v in plan_of(str(source.relative_to(ROOT))).vpcs for n in v.nats][:1]
    assert any(
        "private_subnet_enable_dns64 is on by default with enable_ipv6: set private_subnet_enable_dns64 = false on "
        "module.vpc unless IPv6-only clients need NAT64" in b.text
        for b in entry.blockers
    ), [b.text for b in entry.blockers]
    shutil.copytree(source, tmp_path / "vpc")
    main = tmp_path / "vpc" / "main.tf"
    main.write_text(main.read_text().replace("enable_ipv6                    = true", "enable_ipv6 = false"))
    (i9605,) = {f.message for f in engine.lint([str(tmp_path / "vpc")]).findings if f.rule.id == "I9605"}
    assert "; and private_subnet_enable_dns64 = false unless you need NAT64" in i9605, i9605


def test_a_peering_route_for_ipv6_is_repointed_not_doubled():
    """The table's ::/0 goes to a peering connection (no internet): the step changes that route's target. A
    second ::/0 route in the table fails to deploy (RouteAlreadyExists) (helper, attacking this stop's code)."""
    found = only(plan_of("fixtures/W9650/good-ipv6-route-to-peering-connection.yaml"))
    (step,) = [s for s in found.steps if s.step == "ipv6-route"]
    assert [(c.resource.name, c.what) for c in step.changes] == [
        (
            "PrivV6",
            "send ::/0 to AWS::EC2::EgressOnlyInternetGateway instead (a peering connection reaches only the peer's "
            "addresses: route the peer VPC's IPv6 CIDR to it)",
        )
    ]


def test_a_peering_route_repointed_in_a_vpc_without_an_egress_only_gateway_adds_one_first(tmp_path):
    """Repointing the ::/0 route needs the gateway: a VPC without one gets it added first (helper)."""
    text = (ROOT / "fixtures" / "W9650" / "good-ipv6-route-to-peering-connection.yaml").read_text()
    start = text.index("  Eigw:\n")
    end = text.index("\n  ", text.index("Properties", start)) + 1
    (tmp_path / "t.yaml").write_text(text[:start] + text[end:])
    (step,) = [s for s in only(plan_of(str(tmp_path / "t.yaml"))).steps if s.step == "ipv6-route"]
    assert [c.resource.name for c in step.changes] == ["Vpc", "PrivV6"], [c.what for c in step.changes]


def test_an_optional_nat_gateway_is_removed_by_its_condition_too(tmp_path):
    """A template that makes its NAT gateway optional (Condition: HasNat, from a parameter): removed as written,
    the condition and parameter are left unused (cfn-lint W8001); the step also names the switch (helper)."""
    text = (
        (ROOT / READY)
        .read_text()
        .replace(
            "Resources:\n",
            "Parameters:\n  EnableNat: {Type: String, AllowedValues: ['true', 'false']}\n"
            "Conditions:\n  HasNat: !Equals [!Ref EnableNat, 'true']\nResources:\n",
            1,
        )
    )
    for name in ("NatEip", "NatGateway", "PrivateDefaultRoute"):
        text = re.sub(rf"(\n  {name}:[^\n]*\n)", r"\1    Condition: HasNat\n", text, count=1)
    (tmp_path / "t.yaml").write_text(text)
    from lambda6lint.loaders.cloudformation.parameters import ParameterSet

    options = engine.Options(plan=True, parameters=[ParameterSet({"EnableNat": "true"})])
    result = engine.lint([str(tmp_path / "t.yaml")], options)
    assert result.plan is not None
    removal = {
        c.resource.name: c.what for n in result.plan.nats for s in n.steps for c in s.changes if s.step == "remove-nat"
    }
    assert removal["NatGateway"] == "remove it, or make its condition `HasNat` false (parameter `EnableNat` decides it)"
    # a switch that decides more (another resource, a value, an output): not offered, it would turn those off too
    (tmp_path / "t.yaml").write_text(text.replace("  FunctionRole:\n", "  FunctionRole:\n    Condition: HasNat\n", 1))
    result = engine.lint([str(tmp_path / "t.yaml")], options)
    assert result.plan is not None
    removal = {
        c.resource.name: c.what for n in result.plan.nats for s in n.steps for c in s.changes if s.step == "remove-nat"
    }
    assert removal.get("NatGateway") == "remove it", removal


def test_a_plan_credits_the_removal_of_a_nat_gateway_its_tf_beside_it_declared(project, capsys):
    """A baseline of a plan records the NAT gateway at the .tf beside it, where findings point; a later plan without
    it was not credited: only the plan's own file counted as linted (helper, attacking this stop's code)."""
    shutil.copytree(
        ROOT / "fixtures" / "W9650" / "bad-nat-route-target-from-a-local", project / "infra", dirs_exist_ok=True
    )
    run(capsys, "--write-baseline", "baseline.json", "infra/plan.json")
    assert '"monthly"' in (project / "baseline.json").read_text()
    doc = json.loads((project / "infra" / "plan.json").read_text())
    gone = ("aws_nat_gateway", "aws_eip")
    doc["planned_values"]["root_module"]["resources"] = [
        r for r in doc["planned_values"]["root_module"]["resources"] if r["type"] not in gone
    ]
    doc["resource_changes"] = [r for r in doc["resource_changes"] if r["type"] not in gone]
    (project / "infra" / "plan.json").write_text(json.dumps(doc))
    _, out, _ = run(capsys, "--baseline", "baseline.json", "infra/plan.json")
    assert "This change removes aws_nat_gateway.nat (infra/main.tf), which served only Lambda functions" in out, out


def test_a_change_of_data_or_prices_is_no_change_of_count(project, capsys):
    """A baseline written without --gb-per-month, a run with it: the bill per gateway changed, not their number,
    yet the delta said it added NAT gateways (1 → 2), from the money alone (helper, attacking this stop's code).
    A baseline records how many like gateways a finding stands for."""
    (project / "infra" / "app.yaml").write_text(_flags("true"))
    run(capsys, "--write-baseline", "baseline.json", "infra")
    [row] = [r for r in json.loads((project / "baseline.json").read_text())["findings"] if r["rule"] == "W9650"]
    assert row["nat_gateways"] == 1
    _, out, _ = run(capsys, "--baseline", "baseline.json", "--gb-per-month", "1000", "infra")
    assert "like NAT gateways" not in out and "This change" not in out, out


def test_the_network_acl_step_names_rule_numbers_the_deployed_acl_does_not_use():
    """A deployed ACL's rules are numbered 100 both ways: an aws_network_acl_rule numbered 100 fails at apply
    (NetworkAclEntryAlreadyExists) (helper, following the plan on deployed state)."""
    entry = only(plan_of("fixtures/W9621/bad-acl-rules-made-by-another-configuration.tfplan.json"))
    [step] = [s for s in entry.steps if s.step == "acl-ipv6"]
    [change] = step.changes
    assert change.what.endswith("in numbers the ACL does not use (e.g. egress rule 200 and ingress rule 200)"), change


def test_two_roots_calling_one_local_module_name_their_root(tmp_path, monkeypatch, capsys):
    """Two environments call one local module that makes the VPC and its NAT gateways: each VPC block of
    the plan names its root module, in every format, or the two read the same. One root alone names none."""
    module = (ROOT / COUNTED / "main.tf").read_text()
    module = re.sub(r'(?ms)^terraform \{.*?^\}\n|^provider "aws" \{.*?^\}\n', "", module)
    (tmp_path / "modules" / "net").mkdir(parents=True)
    (tmp_path / "modules" / "net" / "main.tf").write_text(module)
    for env in ("prod", "dev"):
        (tmp_path / env).mkdir()
        (tmp_path / env / "main.tf").write_text('module "net" {\n  source = "../modules/net"\n}\n')
    (tmp_path / ".git").mkdir()  # (a work tree: a root may read the module beside it)
    monkeypatch.chdir(tmp_path)
    names = [v.name for v in plan_of(".").vpcs]
    assert names == ["VPC module.net.aws_vpc.main (root module dev)", "VPC module.net.aws_vpc.main (root module prod)"]
    markdown = run(capsys, "plan", ".", "-f", "markdown")[1]
    for env in ("dev", "prod"):
        assert f"### VPC module\\.net\\.aws\\_vpc\\.main \\(root module {env}\\)" in markdown, markdown
    out = run(capsys, "plan", ".", "-f", "json")[1]
    assert [v.get("root") for v in json.loads(out)["vpcs"]] == ["dev", "prod"]
    schema = json.loads((ROOT / "docs" / "plan.schema.json").read_text())
    assert not list(Draft202012Validator(schema).iter_errors(json.loads(out)))
    assert [v.name for v in plan_of("prod").vpcs] == ["VPC module.net.aws_vpc.main"]


def test_a_network_acl_step_names_the_ports_the_groups_let_out_where_the_acl_lets_out_others():
    """The group lets IPv6 out on TCP 443, the ACL on TCP 90: the plan's ACL change asks for TCP 443, as
    W9621 does (it said only "rules with ::/0")."""
    fixture = FIXTURES / "W9650" / "good-group-and-acl-allow-different-ipv6-ports.yaml"
    [entry] = plan_of(str(fixture)).nats
    [acl_step] = [s for s in entry.steps if s.step == "acl-ipv6"]
    [change] = acl_step.changes
    assert change.resource.name == "PrivateNetworkAcl"
    assert change.what.endswith(
        'Ipv6CidrBlock: "::/0" (egress TCP 443) in numbers the ACL does not use (e.g. egress rule 200)'
    )


def test_an_elastic_ip_another_resource_names_keeps_its_nat_gateway():
    """A WAF IP set allow-lists the NAT gateway's address: a static egress address relied on, as an output's."""
    result = engine.lint([str(FIXTURES / "W9650" / "good-eip-in-a-waf-ip-set.yaml")], engine.Options(plan=True))
    [nat] = [n for vpc in result.plan.vpcs for n in vpc.nats]
    assert [(b.kind, b.text) for b in nat.blockers] == [
        ("static-ip", "its Elastic IP NatEip is named by PartnerIpSet: a static egress address it relies on")
    ]


def test_w9650_says_which_gateways_take_the_functions_ipv6_out():
    fixture = FIXTURES / "W9650" / "bad-nat-serving-functions-also-in-a-public-dual-stack-subnet.yaml"
    [finding] = [f for f in engine.lint([str(fixture)]).findings if f.rule.id == "W9650"]
    assert "already have IPv6 egress through egress-only and internet gateways:" in finding.message


def _counted(tmp_path, old: str, new: str, extra: str = "") -> engine.Result:
    text = (FIXTURES / "I9651" / "bad-counted-nat-gateways-one-unrouted" / "main.tf").read_text()
    assert old in text
    (tmp_path / "main.tf").write_text(text.replace(old, new) + extra)
    return engine.lint([str(tmp_path)], engine.Options(plan=True))


@pytest.mark.parametrize(
    ("old", "new", "extra", "fixed", "addresses"),
    [
        (  # the one that goes holds two more addresses: 4 in all, not 3 × 2
            "  allocation_id = aws_eip.nat[count.index].id\n",
            "  allocation_id = aws_eip.nat[count.index].id\n"
            "  secondary_allocation_ids = count.index == 0 ? [aws_eip.extra[0].id, aws_eip.extra[1].id] : []\n",
            'resource "aws_eip" "extra" {\n  count  = 2\n  domain = "vpc"\n}\n',
            80.30,
            "4 public IPv4 addresses $14.60",
        ),
        (  # the unused one is private: no address to bill
            "  allocation_id = aws_eip.nat[count.index].id\n",
            '  connectivity_type = count.index == 0 ? "public" : "private"\n'
            "  allocation_id = count.index == 0 ? aws_eip.nat[0].id : null\n",
            "",
            69.35,
            "1 public IPv4 address $3.65",
        ),
    ],
)
def test_an_unused_member_unlike_the_one_that_goes_is_billed_as_it_is(tmp_path, old, new, extra, fixed, addresses):
    """helper-98: each unused member was billed as a copy of the gateway it goes with."""
    from lambda6lint.report import plan_text

    result = _counted(tmp_path, old, new, extra)
    [entry] = [n for vpc in result.plan.vpcs for n in vpc.nats]
    assert entry.bill.fixed == pytest.approx(fixed)
    assert addresses in plan_text.bill_text(entry, result.plan)
    [finding] = [f for f in result.findings if f.rule.id == "I9651"]
    assert f"saving est. ${fixed:,.2f}/month fixed for 2 NAT gateways" in finding.message


def test_a_member_whose_id_a_function_is_given_is_not_unused(tmp_path):
    """A function given the NAT gateway's id may route to it (as an SSM parameter publishing it may)."""
    function = (
        'resource "aws_lambda_function" "ops" {\n  function_name = "ops"\n  role = aws_iam_role.fn.arn\n'
        '  handler = "index.handler"\n  runtime = "python3.12"\n  filename = "worker.zip"\n'
        "  environment {\n    variables = { NAT = aws_nat_gateway.nat[1].id }\n  }\n}\n"
    )
    result = _counted(tmp_path, "", "", function)
    [nat0] = [n for vpc in result.plan.vpcs for n in vpc.nats if n.nat.id == "aws_nat_gateway.nat[0]"]
    assert nat0.status == "blocked" and [b.kind for b in nat0.blockers] == ["group"]


@pytest.mark.parametrize(
    ("setting", "text"),
    [
        ("IpamPoolId: ipam-pool-0123456789abcdef0", "it comes from IPAM pool `ipam-pool-0123456789abcdef0`"),
        ("TransferAddress: 203.0.113.25", "it is `203.0.113.25`, an address transferred from another account"),
    ],
)
def test_an_elastic_ip_of_a_chosen_address_keeps_its_nat_gateway(tmp_path, setting, text):
    """helper-99: an address from an IPAM pool or transferred from another account was released by W9650's fix."""
    source = (FIXTURES / "W9650" / "good-eip-recovering-a-chosen-address.yaml").read_text()
    (tmp_path / "t.yaml").write_text(source.replace("Address: 203.0.113.25", setting))
    result = engine.lint([str(tmp_path / "t.yaml")], engine.Options(plan=True))
    [nat] = [n for vpc in result.plan.vpcs for n in vpc.nats]
    assert [b.kind for b in nat.blockers] == ["static-ip"] and text in nat.blockers[0].text


@pytest.mark.parametrize(
    "fixture", ["good-eip-from-a-pool-of-unknown-kind.yaml", "good-eip-from-a-pool-of-unknown-kind"]
)
def test_an_elastic_ip_whose_pool_cannot_be_known_leaves_its_nat_gateway_undecided(fixture):
    result = engine.lint([str(FIXTURES / "W9650" / fixture)], engine.Options(plan=True))
    [nat] = [n for vpc in result.plan.vpcs for n in vpc.nats]
    assert nat.status == "undecided"
    [text] = [u.text for u in result.undecided if "kept on purpose" in u.text]
    assert text.startswith("whether its Elastic IP") and "cannot be known: its address pool comes from" in text


def test_a_regional_nat_gateway_whose_addresses_aws_assigns_has_no_elastic_ip_to_remove(tmp_path):
    """helper-94: its removal step said "remove the NAT gateway, its Elastic IP and …" with none to remove."""
    text = (FIXTURES / "W9650" / "bad-regional-nat-gateway.yaml").read_text()
    zones = (
        "      AvailabilityZoneAddresses:\n"
        "        - AvailabilityZone: !Select [0, !GetAZs '']\n"
        "          AllocationIds: [!GetAtt NatEipA.AllocationId]\n"
        "        - AvailabilityZone: !Select [1, !GetAZs '']\n"
        "          AllocationIds: [!GetAtt NatEipB.AllocationId]\n"
    )
    assert zones in text
    (tmp_path / "t.yaml").write_text(text.replace(zones, ""))
    result = engine.lint([str(tmp_path / "t.yaml")], engine.Options(plan=True))
    [nat] = [n for vpc in result.plan.vpcs for n in vpc.nats]
    assert nat.steps[-1].text.startswith("remove the NAT gateway and the 0.0.0.0/0 routes to it")
    result = engine.lint([str(FIXTURES / "W9650" / "bad-regional-nat-gateway.yaml")], engine.Options(plan=True))
    [nat] = [n for vpc in result.plan.vpcs for n in vpc.nats]
    assert nat.steps[-1].text.startswith("remove the NAT gateway, its Elastic IP and")


def test_the_nat_gateways_of_a_count_going_together_are_gathered_once_per_entry(tmp_path, monkeypatch):
    """The plan's removal of each resource going with a count's NAT gateways (each gateway, Elastic IP, route)
    asked `unused_with` again for each gateway of the entry, each call walking the whole count: N³ steps (200
    NAT gateways took 51 s of CPU; 1.7 s now). What goes with them is worked out once for the entry."""
    from lambda6lint import network

    text = (ROOT / COUNTED / "main.tf").read_text()
    (tmp_path / "main.tf").write_text(re.sub(r"count(\s*)= 2\b", r"count\1= 12", text))
    asked = []
    original = network.Network.unused_with

    def counting(self, nat, going):
        asked.append(nat)
        return original(self, nat, going)

    monkeypatch.setattr(network.Network, "unused_with", counting)
    found = only(plan_of(str(tmp_path)))
    assert len(found.nats) == 12 and found.status == "ready", found
    assert len(asked) <= 4, len(asked)  # (12 gateways, 12 addresses and 12 routes: 433 calls before)


# ----- a subnet on one of some route tables (h163) --------------------------------------------------------------

ONE_OF_ITS = "fixtures/W9650/bad-nat-serving-a-subnet-on-one-of-its-route-tables"
MAYBE = "fixtures/W9650/good-nat-maybe-serving-an-instance-on-one-of-route-tables"


@pytest.mark.parametrize("path", [f"{ONE_OF_ITS}.yaml", ONE_OF_ITS])
def test_a_subnet_on_one_of_route_tables_all_to_the_nat_gateway_is_its_consumer(path):
    """The functions' subnet is on `!If [C, !Ref PrivateRouteTableB, !Ref PrivateRouteTable]` (`var.zone_b ? … : …`),
    both sending 0.0.0.0/0 to the NAT gateway: whichever it is, it uses the NAT gateway. Its consumers could not be
    listed (not fully checked, no W9650, the plan undecided)."""
    entry = only(plan_of(path))
    assert entry.status == "ready" and entry.replaceable, (entry.status, entry.undecided)
    assert any(f.id in ("WebhookFunction", "aws_lambda_function.fn") for f in entry.functions)


def test_a_tenant_of_a_subnet_on_one_of_route_tables_all_to_the_nat_gateway_keeps_it(tmp_path):
    """An EC2 instance in that subnet: it is a sure tenant of the NAT gateway, which it keeps (it was undecided)."""
    text = (ROOT / f"{ONE_OF_ITS}.yaml").read_text()
    instance = (
        "  BoxInstance:\n    Type: AWS::EC2::Instance\n    Properties:\n      ImageId: ami-0123456789abcdef0\n"
        "      InstanceType: t3.micro\n      SubnetId: !Ref PrivateSubnetB\n"
    )
    path = tmp_path / "t.yaml"
    path.write_text(text.replace("Outputs:\n", instance + "Outputs:\n").replace("  # expect: W9650", ""))
    entry = only(plan_of(str(path)))
    assert entry.status == "blocked", (entry.status, entry.undecided)
    [blocker] = entry.blockers
    assert blocker.kind == "egress-host" and "BoxInstance in subnet PrivateSubnetB" in blocker.text
    assert not [f for f in engine.lint([str(path)]).findings if f.rule.id in ("W9650", "I9651")]


@pytest.mark.parametrize("path", [f"{MAYBE}.yaml", MAYBE])
def test_a_subnet_on_one_of_route_tables_only_some_to_the_nat_gateway_is_no_sure_consumer(path):
    """An EC2 instance's subnet on one of the NAT gateway's route table and an isolated one: it may use the NAT
    gateway or not, so the NAT gateway is undecided, and --explain names the subnet whose table is unknown."""
    entry = only(plan_of(path))
    assert entry.status == "undecided" and not entry.replaceable
    assert {u.fact for u in entry.undecided} & {
        "the route table of subnet BatchSubnet",
        "the route table of subnet aws_subnet.batch",
    }, [u.fact for u in entry.undecided]
    assert not [f for f in engine.lint([path]).findings if f.rule.id in ("W9650", "I9651")]


def _nat_gateways_of_one_for_each(n: int) -> str:
    """N NAT gateways of one for_each over local.zones, each with its Elastic IP, private subnet and route table;
    functions in the first half's subnets: those NAT gateways go, their keys leaving the for_each."""
    keys = ", ".join(f'"k{i}"' for i in range(n))
    half = ", ".join(f'"k{i}"' for i in range(n // 2))
    return (
        f"locals {{\n  zones = toset([{keys}])\n}}\n"
        'resource "aws_vpc" "main" {\n  cidr_block = "10.0.0.0/8"\n  assign_generated_ipv6_cidr_block = true\n}\n'
        'resource "aws_subnet" "public" {\n  vpc_id = aws_vpc.main.id\n  cidr_block = "10.255.0.0/16"\n}\n'
        'resource "aws_eip" "nat" {\n  for_each = local.zones\n  domain = "vpc"\n}\n'
        'resource "aws_nat_gateway" "nat" {\n  for_each = local.zones\n'
        "  allocation_id = aws_eip.nat[each.key].id\n  subnet_id = aws_subnet.public.id\n}\n"
        'resource "aws_subnet" "private" {\n  for_each = local.zones\n  vpc_id = aws_vpc.main.id\n'
        '  cidr_block = cidrsubnet("10.0.0.0/8", 16, index(tolist(local.zones), each.key))\n'
        "  ipv6_cidr_block = cidrsubnet(aws_vpc.main.ipv6_cidr_block, 8, index(tolist(local.zones), each.key))\n}\n"
        'resource "aws_route_table" "private" {\n  for_each = local.zones\n  vpc_id = aws_vpc.main.id\n'
        '  route {\n    cidr_block = "0.0.0.0/0"\n    nat_gateway_id = aws_nat_gateway.nat[each.key].id\n  }\n}\n'
        'resource "aws_route_table_association" "private" {\n  for_each = local.zones\n'
        "  subnet_id = aws_subnet.private[each.key].id\n  route_table_id = aws_route_table.private[each.key].id\n}\n"
        'resource "aws_lambda_function" "worker" {\n'
        f'  for_each = toset([{half}])\n  function_name = "worker-${{each.key}}"\n'
        '  role = "arn:aws:iam::123456789012:role/fn"\n  handler = "index.handler"\n  runtime = "python3.12"\n'
        '  filename = "worker.zip"\n  vpc_config {\n    subnet_ids = [aws_subnet.private[each.key].id]\n'
        "    security_group_ids = []\n  }\n}\n"
    )


def test_the_keys_leaving_a_for_each_of_nat_gateways_are_worked_out_once_for_what_goes(tmp_path, monkeypatch):
    """migration._leaving rebuilt the set of every going NAT gateway's Elastic IPs and routes for each NAT gateway,
    Elastic IP and route it was asked of, and read all the for_each's instances again each time: N² steps (1,000
    NAT gateways of one for_each in a plan: 3.6 of its 6.9 s). Now once for the NAT gateways that go, and once per
    block; the words are the same."""
    from lambda6lint import migration

    calls = []
    companions = migration.companions
    monkeypatch.setattr(migration, "companions", lambda net, nat: calls.append(nat) or companions(net, nat))
    (tmp_path / "main.tf").write_text(_nat_gateways_of_one_for_each(40))
    found = plan_of(str(tmp_path))
    (entry,) = [n for n in found.nats if n.status != "idle"]
    assert len(calls) <= 2 * 40, len(calls)  # (each going NAT gateway's once, and once more as a step names it)
    removal = dict(removal_changes(found, entry.nat.id))
    assert removal['aws_nat_gateway.nat["k0"]'] == (
        'remove their keys "k0", "k1", "k10", "k11", "k12", "k13", "k14", "k15" and 12 more from '
        "aws_nat_gateway.nat's for_each = local.zones; local.zones also makes aws_subnet.private, "
        "aws_route_table.private, aws_route_table_association.private: give the NAT gateways and their Elastic IPs "
        "a for_each of their own without the keys"
    )


def _scaled_plan(n: int) -> dict:
    """bad-nat-gateway-per-zone-for-each-one-kept.tfplan.json with N keys where it has "a" and "b": N NAT gateways
    of one for_each, each routed by one of N routes whose `nat_gateway_id = aws_nat_gateway.zone[each.key].id` the
    plan records as the whole block and `each.key`."""
    import copy

    doc = json.loads((FIXTURES / "W9650" / "bad-nat-gateway-per-zone-for-each-one-kept.tfplan.json").read_text())

    def fan(items: list[dict]) -> list[dict]:
        out = []
        for item in items:
            if item.get("index") == "b":
                continue
            if item.get("index") != "a":
                out.append(item)
                continue
            for i in range(n):
                one = copy.deepcopy(item)
                one["index"], one["address"] = f"k{i}", item["address"].replace('["a"]', f'["k{i}"]')
                out.append(one)
        return out

    doc["planned_values"]["root_module"]["resources"] = fan(doc["planned_values"]["root_module"]["resources"])
    doc["resource_changes"] = fan(doc["resource_changes"])
    return doc


def test_instances_naming_a_block_of_as_many_by_key_are_paired_once_per_block(tmp_path, monkeypatch):
    """Each of N routes naming `aws_nat_gateway.zone[each.key]` (recorded as the whole block) resolved the block's N
    instances again and paired them by key again: N² steps (1,000 NAT gateways: 13.5 s of CPU, 2,000: 53 s; now 2.2
    s and 4.1 s, the same --format json). Now the block's reference is resolved and paired once."""
    from lambda6lint.loaders.terraform import plan as tfplan

    calls = []
    config_address = tfplan._config_address
    monkeypatch.setattr(tfplan, "_config_address", lambda a: calls.append(a) or config_address(a))
    (tmp_path / "tfplan.json").write_text(json.dumps(_scaled_plan(120)))
    paired: dict[str, str | None] = {}
    positional = tfplan._Plan.positional

    def recording(self, candidates, refs):
        found = paired[self.current.address + " " + " ".join(map(str, refs))] = positional(self, candidates, refs)
        return found

    monkeypatch.setattr(tfplan._Plan, "positional", recording)
    (tmp_path / "tfplan.json").write_text(json.dumps(_scaled_plan(120)))
    assert [f.rule.id for f in engine.lint([str(tmp_path)]).findings] == ["I9660"]
    assert len(calls) < 80 * 120, len(calls)  # (was 91,486: 3 blocks × 120 instances × 120 candidates, and more)
    for i in (0, 7, 119):  # each instance's is its own key's
        key = f'["k{i}"]'
        assert paired[f"aws_route.private_nat{key} aws_nat_gateway.zone each.key"] == f"aws_nat_gateway.zone{key}"
        assert paired[f"aws_nat_gateway.zone{key} aws_eip.nat each.key"] == f"aws_eip.nat{key}"


def _subnets_each_on_one_of(n: int, table_id: str) -> str:
    """ONE_OF_ITS with `n` subnets, `n` route tables each sending 0.0.0.0/0 to the NAT gateway, and `n` associations
    each on `table_id` (`aws_route_table.private[var.i].id`: one of them; `var.table_id`: any table of the VPC)."""
    text = (ROOT / ONE_OF_ITS / "main.tf").read_text()
    text = text.replace("count             = 2", f"count             = {n}")
    text = text.replace("names[count.index]", "names[0]").replace('"10.0.0.0/16"', '"10.0.0.0/8"')
    table = 'resource "aws_route_table" "private" {\n'
    text = text.replace(table, f"{table}  count  = {n}\n")
    text = text.replace("count          = 2", f"count          = {n}")
    text = text.replace("var.zone_b ? aws_route_table.private_b.id : aws_route_table.private.id", table_id)
    text = text.replace(
        "  route_table_id         = aws_route_table.private.id",
        f"  count                  = {n}\n  route_table_id         = aws_route_table.private[count.index].id",
    )
    return text.split('variable "zone_b"')[0] + 'variable "i" {\n  type = number\n}\nvariable "table_id" {}\n'


@pytest.mark.parametrize("table_id", ["aws_route_table.private[var.i].id", "var.table_id"])
def test_subnets_each_on_one_of_many_route_tables_are_not_asked_of_for_each_table(tmp_path, monkeypatch, table_id):
    """N subnets each on one of N route tables (`aws_route_table.private[var.i]`), or on a table of a variable's id
    (any table of the VPC): each table's unplaced subnets were found by asking every unplaced subnet of the template
    whether it may be on it, and a NAT gateway's consumers asked each of them again per table (N x N: 2,000 of each
    took 20 s). They are indexed by the tables they may be on once. The verdicts stay: W9650 where every table sends
    0.0.0.0/0 to the NAT gateway, undecided where a subnet may be on any table of its VPC."""
    from lambda6lint import network

    n = 40
    (tmp_path / "main.tf").write_text(_subnets_each_on_one_of(n, table_id))
    asked = []
    original = network.Network._route_table_choices

    def counting(self, subnet):
        asked.append(subnet)
        return original(self, subnet)

    monkeypatch.setattr(network.Network, "_route_table_choices", counting)
    result = engine.lint([str(tmp_path)])
    w9650 = [f for f in result.findings if f.rule.id == "W9650"]
    assert len(asked) <= 10 * n, len(asked)  # (5,041 and 8,201 before: N² and more; 321 and 241 now)
    if table_id == "var.table_id":
        assert not w9650
        texts = [u.text for u in result.undecided if u.subject.name == "aws_nat_gateway.main"]
        assert any(f"{n - 8} subnets besides the 8 above may be on it" in t for t in texts), texts
    else:
        assert len(w9650) == 1, [f.message for f in result.findings]


def _plan_of_subnets_each_on_one_of(n: int) -> dict:
    """bad-nat-serving-dualstack-lambdas.tfplan.json with `n` private subnets and route tables (each sending
    0.0.0.0/0 to the NAT gateway) and `n` associations each on `aws_route_table.private[var.i].id`: a plan records the
    block and `var.i`, so each may be on any of them."""
    doc = json.loads((FIXTURES / "W9650" / "bad-nat-serving-dualstack-lambdas.tfplan.json").read_text())
    fanned = {"aws_subnet.private[0]", "aws_route_table.private", "aws_route.private_nat", "aws_route.private_ipv6"}
    dropped = {"aws_subnet.private[1]", "aws_route_table_association.private_b"}

    def fan(items: list[dict]) -> list[dict]:
        out = []
        for item in items:
            address = item["address"]
            if address == "aws_route_table_association.private_a":
                address, item = "aws_route_table_association.private[0]", {**item, "name": "private"}
            if address in dropped:
                continue
            if address not in fanned and not address.endswith("[0]"):
                out.append(item)
                continue
            block = address.split("[")[0]
            for i in range(n):
                copy = json.loads(json.dumps(item))
                copy["address"], copy["index"] = f"{block}[{i}]", i
                if "values" in copy and "cidr_block" in copy["values"]:
                    copy["values"]["cidr_block"] = f"10.{i // 256}.{i % 256}.0/24"
                out.append(copy)
        return out

    doc["planned_values"]["root_module"]["resources"] = fan(doc["planned_values"]["root_module"]["resources"])
    doc["resource_changes"] = fan(doc["resource_changes"])
    counted = {"count_expression": {"constant_value": n}}
    by_index = [{"references": ["aws_route_table.private", "count.index"]}]
    configuration = []
    for block in doc["configuration"]["root_module"]["resources"]:
        if block["address"] == "aws_route_table_association.private_b":
            continue
        if block["address"] == "aws_route_table_association.private_a":
            block.update(address="aws_route_table_association.private", name="private", **counted)
            block["expressions"]["subnet_id"] = {"references": ["aws_subnet.private", "count.index"]}
            block["expressions"]["route_table_id"] = {"references": ["aws_route_table.private", "var.i"]}
        if block["address"].split("[")[0] in fanned:
            block.update(counted)
        if block["address"] in ("aws_route.private_nat", "aws_route.private_ipv6"):
            block["expressions"]["route_table_id"] = by_index[0]
        configuration.append(block)
    doc["configuration"]["root_module"]["resources"] = configuration
    return doc


def test_a_plan_of_associations_each_on_one_of_many_route_tables_links_them_once(tmp_path, monkeypatch):
    """N associations each on `aws_route_table.private[var.i]`: the plan loader made a link to each of the N tables
    for each association (N x N: 4,000,000 at 2,000, 430 MB). Each keeps the block's addresses, as resolved once, and
    the links are made when an argument is asked for them. Which table each subnet is on stays unknown."""
    from lambda6lint.loaders.terraform import plan as loader
    from lambda6lint.loaders.terraform import values

    n = 150
    path = tmp_path / "tfplan.json"
    path.write_text(json.dumps(_plan_of_subnets_each_on_one_of(n)))
    made = []

    class Counting(type):
        def __instancecheck__(cls, other):
            return isinstance(other, values.Link)

    class Link(metaclass=Counting):
        def __new__(cls, *args, **kwargs):
            made.append(args)
            return values.Link(*args, **kwargs)

    monkeypatch.setattr(loader, "Link", Link)
    result = engine.lint([str(path)])
    assert len(made) <= 10 * n, len(made)  # (23,863 before)
    facts = [u.fact for u in result.undecided if u.subject.name == "aws_nat_gateway.main"]
    assert "the route table of subnet aws_subnet.private[0]" in facts, facts
    assert not [f for f in result.findings if f.rule.id in ("W9650", "I9651")]


def test_associations_each_of_which_may_be_any_subnet_are_named_a_few_per_subnet(tmp_path, monkeypatch):
    """N associations whose subnet is a variable the plan has no value for (each may be any of the N subnets), each on
    its own route table: every subnet's placement named each of the N associations, of N subnets each, again for each
    route table it may be on (N³: 38 s for 250). The first 8 are named, the rest counted; which table each subnet is
    on stays unknown, and nothing is found of the NAT gateway."""
    from lambda6lint import explain

    n = 40
    doc = _plan_of_subnets_each_on_one_of(n)
    root = doc["configuration"]["root_module"]
    [assoc] = [b for b in root["resources"] if b["address"] == "aws_route_table_association.private"]
    assoc["expressions"]["subnet_id"] = {"references": ["var.s"]}
    assoc["expressions"]["route_table_id"] = {"references": ["aws_route_table.private", "count.index"]}
    root.setdefault("variables", {})["s"] = {}
    (tmp_path / "tfplan.json").write_text(json.dumps(doc))
    placed: list[object] = []
    named: list[object] = []
    for name, calls in (("_placement", placed), ("_maybe_association", named)):
        original = getattr(explain, name)
        monkeypatch.setattr(explain, name, lambda *a, _f=original, _c=calls: _c.append(a) or _f(*a))
    result = engine.lint([str(tmp_path / "tfplan.json")])
    assert placed
    assert len(named) <= 8 * len(placed), (len(named), len(placed))  # (40 for each before)
    texts = [u.text for u in result.undecided if u.subject.name == "aws_lambda_function.fn"]
    assert any(f"{n - 8} route table associations besides the 8 above may associate it" in t for t in texts), texts
    assert not [f for f in result.findings if f.rule.id in ("W9650", "I9651")]


def _chain_of_calls(levels: int) -> dict:
    """A plan's configuration of a `for_each` call passing `each.value` down as `var.v` through `levels` modules."""
    node: dict = {"resources": []}
    for i in reversed(range(1, levels)):
        node = {"module_calls": {f"m{i}": {"expressions": {"v": {"references": ["var.v"]}}, "module": node}}}
    each = {"expressions": {"v": {"references": ["each.value"]}}, "module": node}
    return {"configuration": {"root_module": {"module_calls": {"m0": each}}}}


def _within(levels: int) -> str:
    """The prefix of the module `levels` modules down `_chain_of_calls`, within its call's instance "a"."""
    return 'module.m0["a"].' + "".join(f"module.m{i}." for i in range(1, levels))


def test_a_plan_follows_a_variable_up_through_as_many_modules_as_the_code_reads():
    """A call 15 modules below a `for_each` call, given its instance's `each.value` through a variable of each: the
    code (which reads modules 16 levels deep, `modules.MAX_MODULE_DEPTH`) said its instances differ, and the plan,
    which followed a variable up through 8 modules only, said nothing (h171). The plan follows as many as the code."""
    from lambda6lint.loaders.terraform import modules
    from lambda6lint.loaders.terraform.plan import MAX_PASSED_LEVELS, _Plan

    assert MAX_PASSED_LEVELS == modules.MAX_MODULE_DEPTH
    plan = _Plan("tfplan.json", _chain_of_calls(50))
    assert plan._instance_read({"references": ["var.v"]}, _within(15)) == ("each.value", *["var.v"] * 15)
    assert plan._instance_read({"references": ["var.v"]}, _within(40)) is None
    assert len(plan._passed) <= 20 * MAX_PASSED_LEVELS, len(plan._passed)  # (one per module and depth: bounded)


def test_what_a_nested_call_reads_of_its_instance_does_not_depend_on_which_call_asks_first():
    """A variable passed down from a `for_each` call through 24 nested modules: what an input reads of the instance is
    followed up to 16 modules, and each (variable, module) answer kept. Kept without the depth, an answer cut short
    for a call 20 modules down was the answer for the one 6 down too (its fix lost 'the values here are …'), or, the
    other way round, the 6's let the 20 go past the limit."""
    from lambda6lint.loaders.terraform.plan import _Plan

    for order in ((20, 6), (6, 20)):
        plan = _Plan("tfplan.json", _chain_of_calls(24))
        read = {levels: plan._instance_read({"references": ["var.v"]}, _within(levels)) for levels in order}
        assert read[6] == ("each.value", *["var.v"] * 6), (order, read)
        assert read[20] is None, (order, read)


def _plan_of_associations_of_any_subnet(n: int) -> dict:
    """`_plan_of_subnets_each_on_one_of(n)` with each association on the route table of its position and its subnet a
    variable the plan gives no value for (`subnet_id = var.s`): known after apply, so any of the plan's N subnets."""
    doc = _plan_of_subnets_each_on_one_of(n)
    for block in doc["configuration"]["root_module"]["resources"]:
        if block["address"] == "aws_route_table_association.private":
            block["expressions"]["subnet_id"] = {"references": ["var.s"]}
            block["expressions"]["route_table_id"] = {"references": ["aws_route_table.private", "count.index"]}
    doc["configuration"]["root_module"]["variables"] = {"s": {}}
    return doc


def _linted_associations(path, monkeypatch, *patches: tuple):
    """Lint the plan at `path` (with `patches`, each `setattr`'s arguments): the result, the network that has route
    table associations, and its associations whose subnet is not one subnet."""
    from lambda6lint import network

    made: list = []
    with monkeypatch.context() as patched:
        for patch in patches:
            patched.setattr(*patch)
        patched.setattr(network.Network, "__init__", _kept(network.Network.__init__, made))
        result = engine.lint([str(path)])
    net = next(net for net in made if net.of(network.RouteTableAssociation))
    assocs = [a for a in net.of(network.RouteTableAssociation) if not isinstance(a.subnet, network.Subnet)]
    return result, net, assocs


def _first_associations_named_and_the_rest_counted(net, result, n: int) -> None:
    """Of N associations that may name `aws_subnet.private[0]`, the network gives the first 8 and their count, and
    --explain says the 8 and counts the rest."""
    from lambda6lint import network

    subnet = next(s for s in net.of(network.Subnet) if s.name == "aws_subnet.private[0]")
    named, count = net.maybe_associations(subnet, 8)
    assert [a.name for a in named] == [f"aws_route_table_association.private[{i}]" for i in range(8)]
    assert count == n
    texts = [u.text for u in result.undecided if u.subject.name == "aws_nat_gateway.main"]
    besides = f"{n - 8} route table associations besides the 8 above may associate it"
    assert any(besides in t for t in texts), texts


def test_associations_that_may_name_any_subnet_of_a_plan_share_one_list_indexed_once(tmp_path, monkeypatch):
    """N associations whose subnet may be any of the N subnets a plan makes each kept a copy of the N, and the
    network listed each association under each subnet it may name (N x N: 64,000,000 entries at 8,000, 1.8 GB). They
    share one sequence, indexed once; --explain still names the first 8 that may associate a subnet and counts the
    rest."""

    entries = {}
    for n in (40, 80):
        path = tmp_path / str(n) / "tfplan.json"
        path.parent.mkdir()
        path.write_text(json.dumps(_plan_of_associations_of_any_subnet(n)))
        result, net, assocs = _linted_associations(path, monkeypatch)
        assert len(assocs) == n
        assert len({id(a.candidates) for a in assocs}) == 1  # (N copies before)
        assert len(net.association_candidates(assocs[0])) == n + 1  # (the public subnet too)
        entries[n] = sum(len(found) for found in net._maybe_associations().values())
        _first_associations_named_and_the_rest_counted(net, result, n)
    assert entries[80] <= 2 * entries[40] + 2, entries  # (1,600 and 6,400 before: N x N; 40 and 80 now)


def _kept(init, made: list):
    """A `Network.__init__` that keeps each network it makes in `made`."""

    def keeping(self, *args, **kwargs):
        init(self, *args, **kwargs)
        made.append(self)

    return keeping


def _plan_of_routes_to_any_nat_gateway(n: int) -> dict:
    """`_plan_of_subnets_each_on_one_of(n)` with each association on the route table of its position, `n` NAT
    gateways (and Elastic IPs), and each table's 0.0.0.0/0 route to a NAT gateway known only after apply through a
    local (`nat_gateway_id = local.nat_id`): any of the plan's N may be it."""
    doc = _plan_of_subnets_each_on_one_of(n)
    fanned = {"aws_nat_gateway.main", "aws_eip.nat"}

    def fan(items: list[dict]) -> list[dict]:
        out = []
        for item in items:
            for i in range(n) if item["address"] in fanned else [None]:
                out.append(item if i is None else {**item, "address": f"{item['address']}[{i}]", "index": i})
        return out

    doc["planned_values"]["root_module"]["resources"] = fan(doc["planned_values"]["root_module"]["resources"])
    doc["resource_changes"] = fan(doc["resource_changes"])
    for block in doc["configuration"]["root_module"]["resources"]:
        if block["address"] in fanned:
            block["count_expression"] = {"constant_value": n}
        if block["address"] == "aws_nat_gateway.main":
            block["expressions"]["allocation_id"] = {"references": ["aws_eip.nat", "count.index"]}
        if block["address"] == "aws_route.private_nat":
            block["expressions"]["nat_gateway_id"] = {"references": ["local.nat_id"]}
        if block["address"] == "aws_route_table_association.private":
            block["expressions"]["route_table_id"] = {"references": ["aws_route_table.private", "count.index"]}
    return doc


def test_routes_that_may_be_to_any_nat_gateway_of_a_plan_share_one_list_indexed_once(tmp_path, monkeypatch):
    """N routes whose NAT gateway may be any of a plan's N each kept a copy of the N, the network listed each route
    under each NAT gateway, and each NAT gateway's explanation said each route (N x N: 16,000,000 facts at 4,000,
    90 s). They share one sequence, indexed once; a NAT gateway's explanation lists the first routes, as many as it
    shows, and counts the rest in its "more facts" line as before."""
    from lambda6lint import explain, network

    entries, said = {}, {}
    for n in (40, 80):
        path = tmp_path / str(n) / "tfplan.json"
        path.parent.mkdir()
        path.write_text(json.dumps(_plan_of_routes_to_any_nat_gateway(n)))
        made: list = []
        calls = []
        original = explain._nat_unknowns

        def counting(net, nat, add, calls=calls, original=original):
            def counted(*item):
                calls.append(item)
                add(*item)

            return original(net, nat, counted)

        with monkeypatch.context() as patched:
            patched.setattr(network.Network, "__init__", _kept(network.Network.__init__, made))
            patched.setattr(explain, "_nat_unknowns", counting)
            result = engine.lint([str(path)])
        net = next(net for net in made if net.of(network.NatGateway))
        routes = [r for r in net.of(network.Route) if r.candidates]
        assert len(routes) == n
        assert len({id(r.candidates) for r in routes}) == 1  # (N copies before)
        entries[n] = sum(len(found) for index in net._candidates() for found in index.values())
        said[n] = len(calls)
        nat = next(nat for nat in net.of(network.NatGateway) if nat.name == "aws_nat_gateway.main[0]")
        assert net.nat_tables(nat) is None
        texts = [(u.fact, u.text) for u in result.undecided if u.subject.name == nat.name]
        assert len(texts) == explain.MAX_PER_SUBJECT + 1, texts
        assert texts[0][0] == "whether route aws_route.private_nat[0] sends 0.0.0.0/0 to it", texts
        assert texts[-1][0] == f"{n - explain.MAX_PER_SUBJECT} more facts like these", texts
    assert entries[80] <= 2 * entries[40] + 2, entries  # (1,600 and 6,400 before: N x N; 40 and 80 now)
    assert said[80] <= 2 * said[40] + 2, said  # (1,640 and 6,480 before; 840 and 1,680 now)


def _function_modules_down(levels: int) -> dict:
    """bad-nat-serving-dualstack-lambdas.tfplan.json with its function `levels` modules down (module.m1.module.m2…),
    given its subnets and security groups as `var.subnets` and `var.sgs` by each call, the first from the root's
    `aws_subnet.private` and `aws_security_group.fn`."""
    doc = json.loads((FIXTURES / "W9650" / "bad-nat-serving-dualstack-lambdas.tfplan.json").read_text())
    prefix = "".join(f"module.m{i}." for i in range(1, levels + 1))
    root = doc["planned_values"]["root_module"]
    [fn] = [r for r in root["resources"] if r["type"] == "aws_lambda_function"]
    root["resources"].remove(fn)
    node = root
    for i in range(1, levels + 1):
        child = {"address": "".join(f"module.m{j}." for j in range(1, i + 1)).rstrip("."), "resources": []}
        node["child_modules"] = [child]
        node = child
    node["resources"] = [{**fn, "address": prefix + fn["address"]}]
    for change in doc["resource_changes"]:
        if change["type"] == "aws_lambda_function":
            change.update(address=prefix + change["address"], module_address=prefix.rstrip("."))
    configuration = doc["configuration"]["root_module"]
    [block] = [r for r in configuration["resources"] if r["type"] == "aws_lambda_function"]
    configuration["resources"].remove(block)
    block["expressions"]["vpc_config"][0].update(
        subnet_ids={"references": ["var.subnets"]}, security_group_ids={"references": ["var.sgs"]}
    )
    module: dict = {"resources": [block], "variables": {"subnets": {}, "sgs": {}}}
    passed = {"subnets": {"references": ["var.subnets"]}, "sgs": {"references": ["var.sgs"]}}
    first = {"subnets": {"references": ["aws_subnet.private"]}, "sgs": {"references": ["aws_security_group.fn"]}}
    for i in reversed(range(1, levels + 1)):
        call = {"source": "./m", "expressions": first if i == 1 else passed, "module": module}
        module = {"module_calls": {f"m{i}": call}, "variables": {"subnets": {}, "sgs": {}}}
    configuration["module_calls"] = module["module_calls"]
    return doc


@pytest.mark.parametrize("levels", [1, 9, 15])
def test_a_plan_follows_a_variable_down_to_a_function_as_many_modules_as_the_code(tmp_path, levels):
    """A function given its subnets through a variable of each of 9 modules: the plan followed a variable up through
    8 only, and said its subnets were 'known only after apply' (the code, read 16 modules deep, names them): its NAT
    gateway was not fully checked. It follows as many as the code (`MAX_PASSED_LEVELS`): W9650 as at the root."""
    plan = tmp_path / "tfplan.json"
    plan.write_text(json.dumps(_function_modules_down(levels)))
    result = engine.lint([str(plan)])
    function = "".join(f"module.m{i}." for i in range(1, levels + 1)) + "aws_lambda_function.fn"
    assert sorted(f.rule.id for f in result.findings) == ["I9660", "W9650"]
    [w9650] = [f for f in result.findings if f.rule.id == "W9650"]
    assert f"serves only Lambda functions ({function}) that already have IPv6 egress" in w9650.message
    assert not [u.text for u in result.undecided if "after apply" in u.text and "role" not in u.text]


def _function_modules_down_in_code(root, levels: int) -> None:
    """bad-nat-serving-dualstack-lambdas/main.tf written as `_function_modules_down` plans it: its function
    `levels` modules down (`c1/`, `c2/`…, each calling the next as `module.m`), given its subnets, security groups
    and role as `var.subnets`, `var.sgs` and `var.role` by each call, the first from the root's resources."""
    text = (FIXTURES / "W9650" / "bad-nat-serving-dualstack-lambdas" / "main.tf").read_text()
    start, end = text.index('resource "aws_lambda_function" "fn"'), text.index('resource "aws_internet_gateway"')
    function = text[start:end]
    for written, passed in (("aws_subnet.private[*].id", "var.subnets"), ("[aws_security_group.fn.id]", "var.sgs")):
        function = function.replace(written, passed)
    function = function.replace("aws_iam_role.fn.arn", "var.role")

    def call(i: int) -> str:
        source = "./c1" if i == 1 else f"../c{i}"
        given = ("aws_subnet.private[*].id", "[aws_security_group.fn.id]", "aws_iam_role.fn.arn")
        subnets, sgs, role = given if i == 1 else ("var.subnets", "var.sgs", "var.role")
        inputs = f"  subnets = {subnets}\n  sgs     = {sgs}\n  role    = {role}\n"
        return f'module "m" {{\n  source  = "{source}"\n{inputs}}}\n'

    (root / "main.tf").write_text(text[:start] + call(1) + text[end:])
    for i in range(1, levels + 1):
        (root / f"c{i}").mkdir()
        body = function if i == levels else call(i + 1)
        (root / f"c{i}" / "main.tf").write_text('variable "subnets" {}\nvariable "sgs" {}\nvariable "role" {}\n' + body)


def test_a_plan_decides_a_function_as_many_modules_down_as_the_code_does(tmp_path):
    """A function given its subnets through a variable of each of exactly 16 modules: the code (read 16 modules
    deep) finds its NAT gateway removable, and the plan, which looked no further into what the calls give a
    variable 16 modules down (`prefix.count("module.") < 16`), had its subnets as 'known only after apply': the
    gateway not fully checked. Both decide it alike at the limit (`MAX_PASSED_LEVELS`)."""
    from lambda6lint.loaders.terraform import modules
    from lambda6lint.loaders.terraform.plan import MAX_PASSED_LEVELS

    levels = modules.MAX_MODULE_DEPTH
    assert levels == MAX_PASSED_LEVELS
    planned = "".join(f"module.m{i}." for i in range(1, levels + 1)) + "aws_lambda_function.fn"
    (tmp_path / "code").mkdir()
    _function_modules_down_in_code(tmp_path / "code", levels)
    plan_file = tmp_path / "tfplan.json"
    plan_file.write_text(json.dumps(_function_modules_down(levels)))
    for path, function, line in (
        (tmp_path / "code", "module.m." * levels + "aws_lambda_function.fn", 120),
        (plan_file, planned, 1),
    ):
        result = engine.lint([str(path)])
        [w9650] = [f for f in result.findings if f.rule.id == "W9650"]
        assert w9650.message.startswith(
            f"NAT gateway aws_nat_gateway.main serves only Lambda functions ({function}) that already have IPv6 "
            "egress through an egress-only internet gateway: removing it, its Elastic IP aws_eip.nat and its 0.0.0.0/0 "
            "route aws_route.private_nat saves"
        ), w9650.message
        where = path / "main.tf" if path.is_dir() else path
        assert (w9650.location.path, w9650.location.line) == (str(where), line)
        assert not [u.text for u in result.undecided if "after apply" in u.text and "role" not in u.text]


def _nested_under(doc: dict, name: str, wrappers: int) -> dict:
    """A plan whose root's call `module.<name>` (a module of resources only) is made `wrappers` calls down instead
    (`module.w1.module.w2…`), each call passing on what the first is given as variables of the same names."""
    root = doc["configuration"]["root_module"]
    call = root["module_calls"].pop(name)
    inputs = list(call["expressions"])
    passed = {key: {"references": [f"var.{key}"]} for key in inputs}
    calls = {name: {**call, "expressions": passed}}
    for i in reversed(range(1, wrappers + 1)):
        module = {"module_calls": calls, "variables": {key: {} for key in inputs}}
        calls = {
            f"w{i}": {"source": f"./w{i}", "expressions": call["expressions"] if i == 1 else passed, "module": module}
        }
    root["module_calls"].update(calls)
    prefix = "".join(f"module.w{i}." for i in range(1, wrappers + 1))
    planned = doc["planned_values"]["root_module"]
    [child] = [c for c in planned.pop("child_modules") if c["address"] == f"module.{name}"]
    child["address"] = prefix + child["address"]
    for resource in child["resources"]:
        resource["address"] = prefix + resource["address"]
    node = planned
    for i in range(1, wrappers + 1):
        wrapper = {"address": "".join(f"module.w{j}." for j in range(1, i + 1)).rstrip("."), "resources": []}
        node["child_modules"] = [wrapper]
        node = wrapper
    node["child_modules"] = [child]
    for change in doc["resource_changes"]:
        if change["address"].startswith(f"module.{name}."):
            change.update(address=prefix + change["address"], module_address=prefix + change["module_address"])
    return doc


def test_what_a_plan_follows_no_further_for_its_module_levels_says_the_limit(tmp_path, capsys):
    """A function given its subnets and security groups through a variable of each of 17 modules, one more than a
    plan's references are followed up through (`MAX_PASSED_LEVELS`, as many as .tf files' modules are read): its
    subnet and security group were 'known only after apply (the plan has it as unknown)', as if apply were all that
    decides them; an instance's subnet 17 modules down, beside the NAT gateways, was 'known only after apply, from
    something the plan does not trace … lint the configuration's .tf files to decide it', which read no module that
    deep (an E9600). --explain, text and JSON, says the limit and what decides them."""
    from lambda6lint.loaders.terraform.causes import PAST_LEVELS
    from lambda6lint.loaders.terraform.plan import MAX_PASSED_LEVELS

    levels = MAX_PASSED_LEVELS + 1
    function = "".join(f"module.m{i}." for i in range(1, levels + 1)) + "aws_lambda_function.fn"
    plan_file = tmp_path / "tfplan.json"
    plan_file.write_text(json.dumps(_function_modules_down(levels)))
    result = engine.lint([str(plan_file)])
    assert not [f for f in result.findings if f.rule.id == "W9650"]
    said = [(u.fact, u.cause, u.location.line) for u in result.undecided if u.subject.id == function]
    assert said == [("a subnet", PAST_LEVELS, 1), ("a security group", PAST_LEVELS, 1)], said
    assert PAST_LEVELS.startswith(
        "is passed through modules past 16 levels deep, more than lambda6lint follows a plan's"
    )
    assert "an E9600 past them" in PAST_LEVELS and "lint a plan made after that apply" in PAST_LEVELS
    _, out, _ = run(capsys, "--isolated", "--explain", "--format", "json", str(plan_file))
    causes = [(u["subject"], u["fact"], u["cause"]) for u in json.loads(out)["undecided"]]
    assert (function, "a subnet", PAST_LEVELS) in causes and (function, "a security group", PAST_LEVELS) in causes

    host = json.loads((FIXTURES / "W9650" / "bad-plan-host-subnet-through-module-variable.tfplan.json").read_text())
    plan_file.write_text(json.dumps(_nested_under(host, "app", levels - 1)))
    result = engine.lint([str(plan_file)])
    instance = "".join(f"module.w{i}." for i in range(1, levels)) + "module.app.aws_instance.worker"
    said = [(u.subject.id, u.cause, u.location.line) for u in result.undecided]
    assert said == [
        (
            f"aws_nat_gateway.this[{i}]",
            f"cannot be known: {instance} may be in it: its argument `subnet_id` {PAST_LEVELS}",
            1,
        )
        for i in (0, 1)
    ], said


def _subnets_back_up_through_modules(levels: int) -> dict:
    """bad-nat-serving-dualstack-lambdas.tfplan.json with its function given `module.m1.subnets`: each of `levels`
    nested modules is given the root's `aws_subnet.private` as `var.subnets`, passes it on to the next, and outputs
    what the next outputs as `subnets` (the deepest, `var.subnets`)."""
    doc = json.loads((FIXTURES / "W9650" / "bad-nat-serving-dualstack-lambdas.tfplan.json").read_text())
    configuration = doc["configuration"]["root_module"]
    [block] = [r for r in configuration["resources"] if r["type"] == "aws_lambda_function"]
    block["expressions"]["vpc_config"][0]["subnet_ids"] = {"references": ["module.m1.subnets", "module.m1"]}
    module: dict = {
        "outputs": {"subnets": {"expression": {"references": ["var.subnets"]}}},
        "variables": {"subnets": {}},
    }
    for i in reversed(range(1, levels + 1)):
        given = {"subnets": {"references": ["aws_subnet.private"] if i == 1 else ["var.subnets"]}}
        output = {"expression": {"references": [f"module.m{i}.subnets", f"module.m{i}"]}}
        calls = {f"m{i}": {"source": "./m", "expressions": given, "module": module}}
        module = {"module_calls": calls, "variables": {"subnets": {}}, "outputs": {"subnets": output}}
    configuration["module_calls"] = module["module_calls"]
    return doc


def _subnets_back_up_through_modules_in_code(root, levels: int) -> None:
    """bad-nat-serving-dualstack-lambdas/main.tf written as `_subnets_back_up_through_modules` plans it (`c1/`, `c2/`…,
    each calling the next as `module.m`)."""
    text = (FIXTURES / "W9650" / "bad-nat-serving-dualstack-lambdas" / "main.tf").read_text()
    assert text.count("= aws_subnet.private[*].id") == 1
    text = text.replace("= aws_subnet.private[*].id", "= module.m.subnets")

    def call(source: str, subnets: str) -> str:
        return f'module "m" {{\n  source  = "{source}"\n  subnets = {subnets}\n}}\n'

    (root / "main.tf").write_text(text + call("./c1", "aws_subnet.private[*].id"))
    for i in range(1, levels + 1):
        (root / f"c{i}").mkdir()
        body = "" if i == levels else call(f"../c{i + 1}", "var.subnets")
        value = "var.subnets" if i == levels else "module.m.subnets"
        (root / f"c{i}" / "main.tf").write_text(
            f'variable "subnets" {{}}\n{body}output "subnets" {{\n  value = {value}\n}}\n'
        )


@pytest.mark.parametrize("levels", [10, 16, 17])
def test_a_plan_follows_outputs_up_as_many_modules_as_the_code_reads(tmp_path, levels):
    """A function given its subnets by an output of module.m1, which outputs module.m2's, down 10 modules: the plan
    followed outputs 9 modules down only (`depth > 8`), and said its subnets were 'known only after apply' where the
    code, read 16 modules deep, finds its NAT gateway removable. It follows them as deep as the code reads modules
    (`MAX_PASSED_LEVELS`); one more, and the plan says that limit, where the code has an E9600."""
    from lambda6lint.loaders.terraform.modules import MAX_MODULE_DEPTH
    from lambda6lint.loaders.terraform.plan import PAST_LEVELS

    (tmp_path / "code").mkdir()
    _subnets_back_up_through_modules_in_code(tmp_path / "code", levels)
    plan_file = tmp_path / "tfplan.json"
    plan_file.write_text(json.dumps(_subnets_back_up_through_modules(levels)))
    for path, line in ((tmp_path / "code", 133), (plan_file, 1)):
        result = engine.lint([str(path)])
        where = str(path / "main.tf" if path.is_dir() else path)
        found = [(f.rule.id, f.location.path, f.location.line) for f in result.findings if f.rule.id != "I9660"]
        if levels <= MAX_MODULE_DEPTH:
            assert found == [("W9650", where, line)], found
            assert not [u.text for u in result.undecided if "role" not in u.text]
        elif path.is_dir():
            assert found == [("E9600", str(path / "c16" / "main.tf"), 2)], found
        else:
            assert found == [], found
            said = [(u.fact, u.cause) for u in result.undecided if u.subject.id == "aws_lambda_function.fn"]
            assert said == [("a subnet", PAST_LEVELS)], said


def _plan_of_associations_of_one_of_the_subnets(n: int) -> dict:
    """`_plan_of_associations_of_any_subnet(n)` with each association's subnet one of the block's, at an index the plan
    gives no value for (`subnet_id = aws_subnet.private[var.s].id`, recorded as the block and `var.s`): any of the N."""
    doc = _plan_of_associations_of_any_subnet(n)
    for block in doc["configuration"]["root_module"]["resources"]:
        if block["address"] == "aws_route_table_association.private":
            block["expressions"]["subnet_id"] = {"references": ["aws_subnet.private", "var.s"]}
    return doc


def test_associations_on_one_of_a_blocks_subnets_share_one_candidate_sequence(tmp_path, monkeypatch):
    """N associations on `aws_subnet.private[var.s]`: the plan loader made a link to each of the N subnets for each
    association, and the mapper a list of the N for each (N x N: 16,000,000 at 4,000, 645 MB and 47 s), which the
    network then indexed association by association under each subnet. The instances that name the block's one
    list of addresses share one sequence of links, and their associations one candidate sequence, indexed once;
    --explain still names the first 8 that may associate a subnet and counts the rest."""
    from lambda6lint.loaders.terraform import plan as loader
    from lambda6lint.loaders.terraform import values

    links, entries = {}, {}
    for n in (40, 80):
        path = tmp_path / str(n) / "tfplan.json"
        path.parent.mkdir()
        path.write_text(json.dumps(_plan_of_associations_of_one_of_the_subnets(n)))
        made_links: list = []

        class Counting(type):
            def __instancecheck__(cls, other):
                return isinstance(other, values.Link)

        class Link(metaclass=Counting):
            def __new__(cls, *args, made_links=made_links, **kwargs):
                made_links.append(args)
                return values.Link(*args, **kwargs)

        result, net, assocs = _linted_associations(path, monkeypatch, (loader, "Link", Link))
        assert len(assocs) == n
        assert len({id(a.candidates) for a in assocs}) == 1  # (N lists before)
        assert [s.name for s in net.association_candidates(assocs[0])] == [f"aws_subnet.private[{i}]" for i in range(n)]
        links[n] = len(made_links)
        # (each list the index holds once: a group is given to each of its subnets)
        lists = {id(found): found for by_subnet in net._maybe_associations().values() for found in by_subnet}
        entries[n] = sum(map(len, lists.values()))
        _first_associations_named_and_the_rest_counted(net, result, n)
    assert links[80] <= 2 * links[40] + 10, links  # (1,973 and 7,133 before: N x N; 413 and 813 now)
    assert entries[80] <= 2 * entries[40] + 2, entries  # (1,600 and 6,400 before; 40 and 80 now)


def _plan_of_routes_to_one_of_the_nat_gateways(n: int) -> dict:
    """`_plan_of_routes_to_any_nat_gateway(n)` with each route to one of the block's NAT gateways, at an index the plan
    gives no value for (`nat_gateway_id = aws_nat_gateway.main[var.i].id`, recorded as the block and `var.i`)."""
    doc = _plan_of_routes_to_any_nat_gateway(n)
    for block in doc["configuration"]["root_module"]["resources"]:
        if block["address"] == "aws_route.private_nat":
            block["expressions"]["nat_gateway_id"] = {"references": ["aws_nat_gateway.main", "var.i"]}
    doc["configuration"]["root_module"]["variables"] = {"i": {}}
    return doc


def test_routes_to_one_of_a_blocks_nat_gateways_share_one_candidate_sequence(tmp_path, monkeypatch):
    """N routes to `aws_nat_gateway.main[var.i]`: the mapper made a list of the N NAT gateways for each route, which the
    network indexed route by route under each of them (N x N). The routes share one candidate sequence, indexed
    once; which table sends 0.0.0.0/0 to a NAT gateway stays unknown, and its explanation lists as many routes as it
    shows and counts the rest."""
    from lambda6lint import explain, network

    entries = {}
    for n in (40, 80):
        path = tmp_path / str(n) / "tfplan.json"
        path.parent.mkdir()
        path.write_text(json.dumps(_plan_of_routes_to_one_of_the_nat_gateways(n)))
        made: list = []
        with monkeypatch.context() as patched:
            patched.setattr(network.Network, "__init__", _kept(network.Network.__init__, made))
            result = engine.lint([str(path)])
        net = next(net for net in made if net.of(network.NatGateway))
        routes = [r for r in net.of(network.Route) if r.candidates]
        assert len(routes) == n
        assert len({id(r.candidates) for r in routes}) == 1  # (N lists before)
        assert [nat.name for nat in routes[0].candidates] == [f"aws_nat_gateway.main[{i}]" for i in range(n)]
        own, shared = net._candidates()
        # (each list the index holds once: a group is given to each of its NAT gateways)
        groups = {id(group): group for by_nat in shared.values() for group in by_nat}
        entries[n] = sum(map(len, own.values())) + sum(len(group.routes) for group in groups.values())
        nat = next(nat for nat in net.of(network.NatGateway) if nat.name == "aws_nat_gateway.main[0]")
        assert net.nat_tables(nat) is None
        texts = [(u.fact, u.text) for u in result.undecided if u.subject.name == nat.name]
        assert texts[0][0] == "whether route aws_route.private_nat[0] sends 0.0.0.0/0 to it", texts
        assert texts[-1][0] == f"{n - explain.MAX_PER_SUBJECT} more facts like these", texts
    assert entries[80] <= 2 * entries[40] + 2, entries  # (1,600 and 6,400 before: N x N; 40 and 80 now)


# ----- NAT gateways of one VPC asking for the same steps ------------------------------------------


TWO_NATS = "fixtures/I9651/bad-two-nat-gateways-serving-one-function.yaml"


def test_two_nat_gateways_asking_for_the_same_steps_say_them_once(capsys, tmp_path):
    """Two NAT gateways serving one function (aws-samples/aws-lambda-msk-mtls-integration) ask for the same
    changes before their removals: every report gives them once, then each NAT gateway's removal."""
    code, text, _ = run(capsys, "plan", TWO_NATS)
    assert code == 0
    assert text.count("set Ipv6AllowedForDualStack to true") == 1
    assert text.count('add AWS_USE_DUALSTACK_ENDPOINT: "true"') == 1
    b = text[text.index("NAT gateway NatGatewayB:") :]
    assert "    steps 1–2: as for NAT gateway NatGatewayA above (the same changes, made once)\n    3. remove" in b
    assert "NatGatewayB: remove it" in b and "NatEipB: remove it" in b and "PrivateRouteB: remove it" in b
    _, markdown, _ = run(capsys, "plan", "--format", "markdown", TWO_NATS)
    assert markdown.count("set Ipv6AllowedForDualStack to true") == 1
    assert "Steps 1–2: as for NAT gateway NatGatewayA above \\(the same changes, made once\\).\n\n3. remove" in markdown
    _, html, _ = run(capsys, "plan", "--format", "html", TWO_NATS)
    assert html.count("set Ipv6AllowedForDualStack to true") == 1
    shared = "<p>Steps 1–2: as for NAT gateway NatGatewayA above (the same changes, made once).</p>"
    assert f'{shared}\n<ol start="3">' in html
    _, document, _ = run(capsys, "plan", "--format", "json", TWO_NATS)
    nats = json.loads(document)["vpcs"][0]["nat_gateways"]
    assert [n["same_steps_as"] and n["same_steps_as"]["id"] for n in nats] == [None, "NatGatewayA"]
    assert [len(n["steps"]) for n in nats] == [3, 3]  # (the JSON keeps every step of each)
    # two functions, one behind each: the steps differ, and each NAT gateway keeps its own
    apart = tmp_path / "apart.yaml"
    source = (ROOT / TWO_NATS).read_text(encoding="utf-8")
    second = source[source.index("  CrawlerFunction:\n") :].replace("CrawlerFunction", "OtherFunction")
    source = source.replace("          - !Ref PrivateSubnetB\n", "", 1)
    apart.write_text(source + second.replace("          - !Ref PrivateSubnetA\n", "", 1), encoding="utf-8")
    _, text, _ = run(capsys, "plan", str(apart))
    assert "as for NAT gateway" not in text and text.count("set Ipv6AllowedForDualStack to true") == 2


# ----- a DependsOn on the NAT path of what answers a custom resource --------------------------------

DEPENDS_ON = "fixtures/W9650/bad-nat-a-custom-resource-handler-depends-on"
ENDPOINT_INSTEAD = (
    "the DependsOn on it in {}: point it at the S3 gateway endpoint (AWS::EC2::VPCEndpoint) the custom-resource step "
    "above adds, through which the custom resource is answered up to its deletion"
)


@pytest.mark.parametrize("suffix", [".yaml", ".json", ".sam.yaml"])
def test_a_custom_resources_depends_on_the_nat_path_moves_to_the_s3_endpoint(suffix, tmp_path):
    """aws-samples/aws-lambda-manage-rds-connections: LambdaRDSCFNInit's DependsOn on myEIP keeps the NAT path to
    S3 until its custom resource's deletion is answered; once the plan adds the S3 gateway endpoint, that
    DependsOn must name the endpoint, not only go. Other answers no custom resource: its DependsOn just goes."""
    found = plan_of(DEPENDS_ON + suffix)
    assert [s.step for s in only(found).steps] == ["custom-resource-response", "remove-nat"]
    changes = dict(removal_changes(found, "Nat"))
    assert changes["Nat"] == "remove it, and " + ENDPOINT_INSTEAD.format("Seed")
    assert changes["NatEip"] == "remove it, and what names it in Other and " + ENDPOINT_INSTEAD.format("Fn")
    assert changes["PrivateRoute4"] == "remove it, and " + ENDPOINT_INSTEAD.format("Fn")
    if suffix != ".yaml":
        return
    # the route table has the S3 gateway endpoint already: no step adds one, and the DependsOn just goes
    source = (ROOT / (DEPENDS_ON + suffix)).read_text(encoding="utf-8")
    endpoint = (
        "  S3Endpoint:\n    Type: AWS::EC2::VPCEndpoint\n    Properties:\n      VpcId: !Ref Vpc\n"
        "      ServiceName: !Sub com.amazonaws.${AWS::Region}.s3\n      RouteTableIds: [!Ref PrivateRt]\n"
    )
    (tmp_path / "t.yaml").write_text(source + endpoint, encoding="utf-8")
    found = plan_of(str(tmp_path / "t.yaml"))
    assert [s.step for s in only(found).steps] == ["remove-nat"]
    changes = dict(removal_changes(found, "Nat"))
    assert changes["NatEip"] == "remove it, and what names it in Fn, Other"
    assert changes["Nat"] == "remove it, and what names it in Seed"


# ----- files that repeat another's NAT gateways -----------------------------------------------------


def test_a_file_repeating_anothers_nat_gateways_is_said_beside_the_total(capsys, tmp_path):
    """nathanmalishev/go-lambda-vpc-experiment: a template and its packaged copy (`_package.yml`) gave "NAT gateways
    in these files: 4, est. $146.00/month", where one stack has 2. The code cannot tell a copy from a second stack
    made from it, so the total counts both and says what one of them comes to."""
    source = (ROOT / "fixtures/W9650/bad-nat-per-az.yaml").read_text(encoding="utf-8")
    (tmp_path / "vpc.yml").write_text(source, encoding="utf-8")
    packaged = source.replace("Timeout: 60", "Timeout: 60\n      Description: packaged")  # (moves every line below)
    (tmp_path / "vpc_package.yml").write_text(packaged, encoding="utf-8")
    code, text, _ = run(capsys, "plan", str(tmp_path))
    assert code == 0
    assert (
        "NAT gateways in these files: 4, est. $146.00/month + $0.045/GB (2 of them, in vpc_package.yml, are the NAT "
        "gateways of vpc.yml over again: $73.00/month if that file is a copy, such as a packaged template, not another "
        "stack)." in text.replace(str(tmp_path) + "/", "")
    )
    for fmt in ("markdown", "html"):
        _, out, _ = run(capsys, "plan", "--format", fmt, str(tmp_path))
        assert "if that file is a copy, such as a packaged template, not another stack" in out
    _, document, _ = run(capsys, "plan", "--format", "json", str(tmp_path))
    found = json.loads(document)["summary"]
    assert found["monthly_cost"] == 146.0
    assert [
        (c["path"].rsplit("/", 1)[-1], c["of"].rsplit("/", 1)[-1], c["nat_gateways"], c["monthly"])
        for c in found["copies"]
    ] == [("vpc_package.yml", "vpc.yml", 2, 73.0)]
    schema = json.loads((ROOT / "docs" / "plan.schema.json").read_text())
    assert not list(Draft202012Validator(schema).iter_errors(json.loads(document)))
    # another NAT gateway of its own: not the same NAT gateways, nothing said
    (tmp_path / "vpc_package.yml").write_text(packaged.replace("NatGatewayB", "NatGatewayC"), encoding="utf-8")
    _, text, _ = run(capsys, "plan", str(tmp_path))
    assert "over again" not in text and "NAT gateways in these files: 4, est. $146.00/month + $0.045/GB." in text


# ----- Terraform's subnet step: the /64 each subnet takes ------------------------------------------

VIA_NAT = "fixtures/W9630/bad-subnets-on-route-tables-one-via-nat"


def subnet_changes(found: plan.Plan) -> dict[str, str]:
    return {c.resource.id: c.what for e in found.nats for s in e.steps if s.step == "subnet-ipv6" for c in s.changes}


def test_terraform_subnets_of_a_vpc_given_a_new_block_get_their_netnum(tmp_path):
    """rockybhanu/msk-lambda, iypetrov/aws-playground: "cidrsubnet(aws_vpc.….ipv6_cidr_block, 8, N), with N a /64
    no other subnet of the VPC takes", where CloudFormation's words give the index. A VPC the plan gives its first
    IPv6 block has no /64 taken: each subnet takes the one of its place among the VPC's subnets (edge is first)."""
    new = (
        "a /64 no other subnet of the VPC takes (its IPv6 block is the new one given to it first, whose /64s are "
        "numbered here in the order its subnets are written)"
    )
    assert subnet_changes(plan_of(VIA_NAT)) == {
        "aws_subnet.a": f"add ipv6_cidr_block = cidrsubnet(aws_vpc.main.ipv6_cidr_block, 8, 1), {new}",
        "aws_subnet.b": f"add ipv6_cidr_block = cidrsubnet(aws_vpc.main.ipv6_cidr_block, 8, 2), {new}",
    }
    planned = subnet_changes(plan_of(VIA_NAT + ".tfplan.json"))
    assert len(planned) == 2 and all(new in what for what in planned.values())
    assert len({what.split(", 8, ")[1][0] for what in planned.values()}) == 2  # (each its own /64)
    # a VPC with a block already: what its other subnets take is not known here, N stays
    source = (ROOT / VIA_NAT / "main.tf").read_text(encoding="utf-8")
    (tmp_path / "main.tf").write_text(
        source.replace(
            'resource "aws_vpc" "main" {', 'resource "aws_vpc" "main" {\n  assign_generated_ipv6_cidr_block = true'
        ),
        encoding="utf-8",
    )
    kept = subnet_changes(plan_of(str(tmp_path)))
    assert kept and all(", 8, N), with N a /64 no other subnet of the VPC takes" in what for what in kept.values())
    # subnets of a for_each take a range: N stays
    keyed = subnet_changes(plan_of("fixtures/I9651/bad-public-subnets-for-each-over-a-set-of-zones"))
    assert keyed and all("N" in what and new not in what for what in keyed.values())


def test_the_default_prices_say_other_regions_may_charge_more(capsys, tmp_path):
    """valera-yakovenko/aws-lambda-vpc-s3 runs in eu-west-1, dearer than us-east-1: the prices line said "us-east-1
    list prices" with no word that the code's region may differ. The region is not read, so it is said always,
    with where to set a region's own prices; configured prices need no such word."""
    said = "us-east-1 list prices (other regions may charge more: set yours under [prices])"
    _, text, _ = run(capsys, "plan", "examples/sam-app")
    assert f"Prices: {said}: NAT $0.045/hour" in text
    _, html, _ = run(capsys, "plan", "--format", "html", "examples/sam-app")
    assert said in html
    settings = tmp_path / "prices.toml"
    settings.write_text("[prices]\nnat-hourly = 0.048\n", encoding="utf-8")
    _, text, _ = run(capsys, "plan", "--config", str(settings), "examples/sam-app")
    assert "Prices: configured prices: NAT $0.048/hour" in text and "other regions" not in text


def test_e9602_and_the_plan_give_a_subnet_the_same_64(tmp_path):
    """The /64 a subnet takes of the block its VPC is given first is chosen once, where its words are made (the
    loader): E9602 (the functions' flag already on) says what the plan's subnet step says, subnet by subnet, where
    E9602 said N."""
    source = (ROOT / VIA_NAT / "main.tf").read_text(encoding="utf-8")
    flagged = source.replace(
        "    security_group_ids = [aws_security_group.fn.id]\n",
        "    security_group_ids = [aws_security_group.fn.id]\n    ipv6_allowed_for_dual_stack = true\n",
    )
    assert flagged != source
    (tmp_path / "main.tf").write_text(flagged, encoding="utf-8")
    planned = subnet_changes(plan_of(str(tmp_path)))
    said = {
        name: f.message
        for f in engine.lint([str(tmp_path)]).findings
        if f.rule.id == "E9602"
        for name in ("aws_subnet.a", "aws_subnet.b")
        if f"subnet {name} has" in f.message
    }
    assert set(planned) == set(said) == {"aws_subnet.a", "aws_subnet.b"}
    assert planned["aws_subnet.a"] != planned["aws_subnet.b"]
    for name, what in planned.items():
        assert what.startswith("add ") and f"from it ({what.removeprefix('add ')})" in said[name], (what, said[name])
