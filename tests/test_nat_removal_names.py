"""W9650's and I9651's removal names what goes with the NAT gateway, in the code's own names, as the plan's removal
step lists it: its Elastic IPs, the 0.0.0.0/0 routes that point at it (a CloudFormation `AWS::EC2::Route`, a
Terraform `aws_route`, an inline `route {}` of an `aws_route_table`) and what else names them (outputs,
references, DependsOn). Removing the NAT gateway alone fails to deploy while a route still names it. Where a module
or a CDK construct makes the NAT gateway and its routes, the setting that removes it removes them: nothing more."""

from __future__ import annotations

import pytest
from conftest import FIXTURES

from lambda6lint import engine, migration
from lambda6lint.model import Route


def _lint(path: str) -> engine.Result:
    return engine.lint([path], engine.Options(plan=True))


def _message(result: engine.Result, rule: str, nat: str | None = None) -> str:
    found = [f.message for f in result.findings if f.rule.id == rule and (nat is None or f.resource == nat)]
    assert len(found) == 1, [f.message for f in result.findings if f.rule.id == rule]
    return found[0]


def _plan_routes(result: engine.Result) -> list[str]:
    """The routes the plan's removal steps remove (not those a setting takes with the NAT gateway), as it names them."""
    return [
        c.name
        for e in result.plan.nats
        for s in e.steps
        if s.step == "remove-nat"
        for c in s.changes
        if isinstance(c.resource, Route) and not migration.goes_with(c.resource, e.nat)
    ]


@pytest.mark.parametrize(
    ("path", "rule", "said", "routes"),
    [
        (  # CloudFormation JSON
            "W9650/bad-nat-serving-dualstack-lambdas.json",
            "W9650",
            "removing it, its Elastic IP NatEip and its 0.0.0.0/0 route PrivateDefaultRoute saves",
            ["PrivateDefaultRoute"],
        ),
        (  # CloudFormation YAML, a route per zone
            "I9651/bad-two-nat-gateways-serving-one-function.yaml",
            "I9651",
            None,
            None,
        ),
        (  # SAM
            "W9650/bad-globals-functions-only-consumers.sam.yaml",
            "W9650",
            "removing it, its Elastic IP NatEip and its 0.0.0.0/0 route PrivateDefaultRoute saves",
            ["PrivateDefaultRoute"],
        ),
        (  # SAM, I9651's last step
            "I9651/bad-globals-ipv4-only.sam.yaml",
            "I9651",
            "; then remove the NAT gateway, its Elastic IP NatEip and its 0.0.0.0/0 route PrivateDefaultRoute.",
            ["PrivateDefaultRoute"],
        ),
        (  # Terraform HCL, an aws_route
            "W9650/bad-nat-serving-dualstack-lambdas",
            "W9650",
            "removing it, its Elastic IP aws_eip.nat and its 0.0.0.0/0 route aws_route.private_nat saves",
            ["aws_route.private_nat"],
        ),
        (  # Terraform HCL, inline route {} blocks of two route tables (one of a count)
            "W9610/bad-associations-counted-like-their-subnets",
            "I9651",
            "; then remove the NAT gateway, its Elastic IP aws_eip.nat and its 0.0.0.0/0 routes (the route {} for "
            "0.0.0.0/0 of aws_route_table.private[*], the route {} for 0.0.0.0/0 of aws_route_table.lambda).",
            [
                "the route {} for 0.0.0.0/0 of aws_route_table.private[*]",
                "the route {} for 0.0.0.0/0 of aws_route_table.lambda",
            ],
        ),
        (  # Terraform HCL, one inline route {}: the kind said once
            "W9610/good-associations-on-one-of-tables-counted-otherwise",
            "W9650",
            "removing it, its Elastic IP aws_eip.lambda and its route {} for 0.0.0.0/0 of aws_route_table.lambda saves",
            ["the route {} for 0.0.0.0/0 of aws_route_table.lambda"],
        ),
        (  # Terraform plan JSON, an aws_route
            "W9650/bad-nat-serving-dualstack-lambdas.tfplan.json",
            "W9650",
            "removing it, its Elastic IP aws_eip.nat and its 0.0.0.0/0 route aws_route.private_nat saves",
            ["aws_route.private_nat"],
        ),
        (  # Terraform plan JSON, inline routes of a count's route tables, two NAT gateways of a count
            "I9651/bad-inline-nat-route.tfplan.json",
            "I9651",
            "; then remove the NAT gateways, their Elastic IPs (aws_eip.nat[0], aws_eip.nat[1]) and their 0.0.0.0/0 "
            "routes (the route {} for 0.0.0.0/0 of aws_route_table.private[0], the route {} for 0.0.0.0/0 of "
            "aws_route_table.private[1]).",
            [
                "the route {} for 0.0.0.0/0 of aws_route_table.private[0]",
                "the route {} for 0.0.0.0/0 of aws_route_table.private[1]",
            ],
        ),
        (  # CDK, L1 constructs (ec2.CfnNatGateway, ec2.CfnRoute): named by their construct paths
            "W9630/bad-cdk-s3-interface-endpoint-private-dns-on.json",
            "I9651",
            "; then remove the NAT gateway, its Elastic IP ResizerStack/NatEip/Resource and its 0.0.0.0/0 routes "
            "(ResizerStack/PrivateRouteA/Resource, ResizerStack/PrivateRouteB/Resource).",
            ["ResizerStack/PrivateRouteA/Resource", "ResizerStack/PrivateRouteB/Resource"],
        ),
    ],
)
def test_the_removal_names_the_routes_to_the_nat_gateway_as_the_plan_does(path, rule, said, routes):
    result = _lint(str(FIXTURES / path))
    if said is None:  # (one finding each of two NAT gateways, each with the route of its own zone)
        messages = {f.resource: f.message for f in result.findings if f.rule.id == rule}
        assert len(messages) == 2, messages
        for nat, message in messages.items():
            zone = nat[-1]
            assert message.endswith(
                f"; then remove the NAT gateway, its Elastic IP NatEip{zone} and its 0.0.0.0/0 route "
                f"PrivateRoute{zone}."
            ), message
        assert sorted(_plan_routes(result)) == ["PrivateRouteA", "PrivateRouteB"]
        return
    message = _message(result, rule)
    assert said in message, message
    assert _plan_routes(result) == routes
    for route in routes:  # (one alone: "its route {} for 0.0.0.0/0 of …")
        assert (route if len(routes) > 1 else route.removeprefix("the ")) in message


@pytest.mark.parametrize(
    ("path", "rule", "said"),
    [
        (  # a terraform-aws-modules/vpc call: enable_nat_gateway = false takes the module's routes
            "W9650/bad-registry-vpc-single-nat",
            "W9650",
            "removing it (enable_nat_gateway = false on module.vpc) saves",
        ),
        (  # a CDK ec2.Vpc: natGateways: 0 takes the construct's routes
            "cdk/nat-ready",
            "W9650",
            "removing it (natGateways: 0 on the ec2.Vpc, whose subnetConfiguration must then list its "
            "PRIVATE_WITH_EGRESS group explicitly: by default CDK makes those subnets PRIVATE_ISOLATED, with no ::/0 "
            "route) saves",
        ),
        (
            "cdk/ipv4-vpc-flag",
            "I9651",
            "; then remove the NAT gateway (natGateways: 0 on the ec2.Vpc, whose subnetConfiguration must then list "
            "its PRIVATE_WITH_EGRESS group explicitly: by default CDK makes those subnets PRIVATE_ISOLATED, with no "
            "::/0 route).",
        ),
    ],
)
def test_a_setting_that_removes_the_nat_gateway_and_its_routes_says_nothing_more(path, rule, said):
    result = _lint(str(FIXTURES / path))
    message = _message(result, rule)
    assert said in message, message
    assert "0.0.0.0/0 route" not in message.replace("with no ::/0 route", "")
    assert _plan_routes(result) == []  # (the plan's routes go with the setting too)


def test_many_routes_are_counted_after_the_first_few(tmp_path):
    """A NAT gateway routed to from a dozen route tables: the first eight names, then how many more."""
    text = (FIXTURES / "W9650" / "bad-single-nat-lambda-only-dualstack.yaml").read_text()
    spare = "".join(
        f"  SpareTable{i}:\n    Type: AWS::EC2::RouteTable\n    Properties:\n      VpcId: !Ref Vpc\n"
        f"  SpareRoute{i}:\n    Type: AWS::EC2::Route\n    Properties:\n      RouteTableId: !Ref SpareTable{i}\n"
        "      DestinationCidrBlock: 0.0.0.0/0\n      NatGatewayId: !Ref NatGateway\n"
        for i in range(1, 12)
    )
    (tmp_path / "t.yaml").write_text(text.replace("  FunctionSecurityGroup:\n", spare + "  FunctionSecurityGroup:\n"))
    result = _lint(str(tmp_path / "t.yaml"))
    message = _message(result, "W9650")
    first = ", ".join(["PrivateDefaultRoute", *[f"SpareRoute{i}" for i in range(1, 8)]])
    assert f"removing it, its Elastic IP NatEip and its 0.0.0.0/0 routes ({first} and 4 more) saves" in message
    assert len(_plan_routes(result)) == 12


def test_what_else_names_what_goes_is_said_too(tmp_path):
    """An output of the NAT gateway's id, a function's DependsOn on its route: CloudFormation refuses a template
    naming a resource it no longer has, as the plan's removal step says for each."""
    path = FIXTURES / "W9650" / "bad-nat-gateway-id-in-plain-outputs.yaml"
    message = _message(_lint(str(path)), "W9650")
    assert "PrivateDefaultRoute (and what names them in the outputs) saves" in message, message
    text = path.read_text().replace(
        "  WebhookFunction:\n    Type: AWS::Lambda::Function\n",
        "  WebhookFunction:\n    Type: AWS::Lambda::Function\n    DependsOn: PrivateDefaultRoute\n",
        1,
    )
    (tmp_path / "t.yaml").write_text(text)
    result = _lint(str(tmp_path / "t.yaml"))
    message = _message(result, "W9650")
    assert "PrivateDefaultRoute (and what names them in the outputs, WebhookFunction) saves" in message, message
    said = {c.resource.id: c.what for e in result.plan.nats for s in e.steps for c in s.changes}
    assert said["PrivateDefaultRoute"] == "remove it, and what names it in WebhookFunction"
    assert said["NatGateway"] == "remove it, and the outputs that name it"


@pytest.mark.parametrize("form", ["text", "markdown", "html"])
def test_the_plan_names_an_inline_route_as_its_code_reads(capsys, form):
    """An aws_route_table's inline `route {}` has no name of its own: the plan's removal step named it by an index
    no code writes (`aws_route_table.private[0].route[1]`); it says which block of which table, in every form a
    person reads (the JSON keeps the id)."""
    from lambda6lint.cli import main

    main(["plan", "--isolated", "--format", form, str(FIXTURES / "I9651/bad-inline-nat-route.tfplan.json")])
    out = capsys.readouterr().out
    if form == "markdown":
        out = out.replace("\\", "")
    for table in ("aws_route_table.private[0]", "aws_route_table.private[1]"):
        assert f"the route {{}} for 0.0.0.0/0 of {table}: remove it" in out
        assert f"{table}.route[1]" not in out


DEPENDS_ON = "W9650/bad-nat-a-custom-resource-handler-depends-on"
#: The plan's words for a DependsOn that moves to the S3 gateway endpoint (`migration.moved_depends_on`).
ENDPOINT_INSTEAD = (
    "the DependsOn on them in Seed, Fn: point each at the S3 gateway endpoint (AWS::EC2::VPCEndpoint) {}, through "
    "which the custom resource is answered up to its deletion"
)


@pytest.mark.parametrize("suffix", [".yaml", ".json", ".sam.yaml"])
@pytest.mark.parametrize("rule", ["W9650", "I9651"])
def test_a_custom_resources_depends_on_the_nat_path_is_said_to_move_to_the_s3_endpoint(suffix, rule, tmp_path):
    """Fn answers the custom resource Seed, and both depend on the NAT path (to answer up to Seed's deletion): the
    plan says to point that DependsOn at the S3 gateway endpoint its custom-resource step adds (dc82f1e), and the
    messages now say it too, in the same words, with the step that adds it; Other answers none: it just names them."""
    path = FIXTURES / (DEPENDS_ON + suffix)
    if rule == "I9651":  # (a step left: the functions' flag)
        flag = {".json": '"Ipv6AllowedForDualStack": true', ".yaml": "Ipv6AllowedForDualStack: true"}
        on = flag[".json" if suffix == ".json" else ".yaml"]
        text = path.read_text()
        assert on in text
        path = tmp_path / path.name
        path.write_text(text.replace(on, on.replace("true", "false")).replace("# expect: W9650", ""))
    result = _lint(str(path))
    message = _message(result, rule)
    added = "added first" if rule == "W9650" else "step 2 adds"
    said = f"its 0.0.0.0/0 route PrivateRoute4 (and what names them in Other and {ENDPOINT_INSTEAD.format(added)})"
    assert said in message, message
    assert "what names them in Seed" not in message
    if rule == "I9651":
        assert "2) add an S3 gateway endpoint to the route tables of the functions that answer custom resources" in (
            message
        )
    said = {c.resource.id: c.what for e in result.plan.nats for s in e.steps for c in s.changes}
    plan = (  # (one resource's DependsOn: "point it at"; the messages name two: "point each at")
        ENDPOINT_INSTEAD.format("the custom-resource step above adds")
        .replace("them in Seed, Fn", "it in Fn")
        .replace("point each at", "point it at")
    )
    assert said["PrivateRoute4"] == f"remove it, and {plan}"


def test_with_the_s3_endpoint_already_there_a_depends_on_is_what_names_them(tmp_path):
    """No step adds an endpoint where the route table has one: the DependsOn just goes, named with the rest."""
    source = (FIXTURES / (DEPENDS_ON + ".yaml")).read_text()
    endpoint = (
        "  S3Endpoint:\n    Type: AWS::EC2::VPCEndpoint\n    Properties:\n      VpcId: !Ref Vpc\n"
        "      ServiceName: !Sub com.amazonaws.${AWS::Region}.s3\n      RouteTableIds: [!Ref PrivateRt]\n"
    )
    (tmp_path / "t.yaml").write_text(source + endpoint)
    message = _message(_lint(str(tmp_path / "t.yaml")), "W9650")
    assert "its 0.0.0.0/0 route PrivateRoute4 (and what names them in Seed, Fn, Other) saves" in message, message
    assert "DependsOn" not in message
