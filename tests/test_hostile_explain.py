"""--explain on templates a stranger could write to make its lines huge: what it names stays bounded."""

from __future__ import annotations

import json

from lambda6lint import engine

#: A VPC function on a subnet whose table the ::/0 route may be on, `{route_table}` deciding which.
RESOURCES = {
    "Vpc": {"Type": "AWS::EC2::VPC", "Properties": {"CidrBlock": "10.0.0.0/16"}},
    "Eigw": {"Type": "AWS::EC2::EgressOnlyInternetGateway", "Properties": {"VpcId": {"Ref": "Vpc"}}},
    "Subnet": {
        "Type": "AWS::EC2::Subnet",
        "Properties": {"VpcId": {"Ref": "Vpc"}, "CidrBlock": "10.0.0.0/24", "Ipv6CidrBlock": "2001:db8::/64"},
    },
    "Table": {"Type": "AWS::EC2::RouteTable", "Properties": {"VpcId": {"Ref": "Vpc"}}},
    "Other": {"Type": "AWS::EC2::RouteTable", "Properties": {"VpcId": {"Ref": "Vpc"}}},
    "Assoc": {
        "Type": "AWS::EC2::SubnetRouteTableAssociation",
        "Properties": {"SubnetId": {"Ref": "Subnet"}, "RouteTableId": {"Ref": "Table"}},
    },
    "Sg": {"Type": "AWS::EC2::SecurityGroup", "Properties": {"GroupDescription": "fn", "VpcId": {"Ref": "Vpc"}}},
    "Fn": {
        "Type": "AWS::Lambda::Function",
        "Properties": {
            "Runtime": "python3.12",
            "Handler": "index.handler",
            "Role": "arn:aws:iam::111111111111:role/fn",
            "Code": {"ZipFile": "def handler(e, c): pass"},
            "VpcConfig": {
                "Ipv6AllowedForDualStack": True,
                "SecurityGroupIds": [{"Ref": "Sg"}],
                "SubnetIds": [{"Ref": "Subnet"}],
            },
        },
    },
}


def explained(tmp_path, conditions: dict, route_table: object, parameters: int = 1) -> list[str]:
    route = {"RouteTableId": route_table, "DestinationIpv6CidrBlock": "::/0", "EgressOnlyInternetGatewayId": "x"}
    template = {
        "AWSTemplateFormatVersion": "2010-09-09",
        "Parameters": {f"P{i}": {"Type": "String"} for i in range(parameters)},
        "Conditions": conditions,
        "Resources": {**RESOURCES, "Route6": {"Type": "AWS::EC2::Route", "Properties": route}},
    }
    template["Resources"]["Route6"]["Properties"]["EgressOnlyInternetGatewayId"] = {"Ref": "Eigw"}
    path = tmp_path / "template.json"
    path.write_text(json.dumps(template))
    return [u.text for u in engine.lint([str(path)]).undecided if "::/0 route of route table Table" in u.text]


def test_a_value_of_thousands_of_undecided_conditions_names_a_few(tmp_path):
    """An `Fn::If` over a list of 2,000 others: the clause named each condition and said why of each, its
    parameters again for every one (a line of megabytes for a template of 100 parameters)."""
    conditions = {f"C{i}": {"Fn::Equals": [{"Ref": f"P{i % 100}"}, "x"]} for i in range(2000)}
    choose = [{"Fn::If": [f"C{i}", {"Ref": "Table"}, {"Ref": "Table"}]} for i in range(1, 2000)]
    table = {"Fn::If": ["C0", {"Ref": "Other"}, {"Fn::Select": [0, choose]}]}
    (text,) = explained(tmp_path, conditions, table, parameters=100)
    assert "depends on conditions `C0`, `C1`, `C2`, `C3`, `C4`, `C5` and 1994 more: `C0` depends on" in text
    assert "`C5` depends on parameter `P5`" in text and "`C6`" not in text
    assert len(text) < 2_000


def test_a_condition_made_of_thousands_of_undecided_ones_names_a_few(tmp_path):
    """`Every` is `Fn::Or` of 10 conditions each `Fn::Or` of 10 others (…): it named all 1,110."""
    conditions: dict = {f"L{i}": {"Fn::Equals": [{"Ref": "P0"}, str(i)]} for i in range(1000)}
    level = [f"L{i}" for i in range(1000)]
    while len(level) > 1:
        groups = [level[j : j + 10] for j in range(0, len(level), 10)]
        level = [f"G{len(conditions) + k}" for k in range(len(groups))]
        conditions.update(
            {name: {"Fn::Or": [{"Condition": c} for c in group]} for name, group in zip(level, groups, strict=True)}
        )
    table = {"Fn::If": [level[0], {"Ref": "Other"}, {"Ref": "Table"}]}
    (text,) = explained(tmp_path, conditions, table)
    assert f"depends on condition `{level[0]}`, which depends on conditions `G" in text
    assert " and 1104 more, so it depends on parameter `P0`" in text
    assert len(text) < 1_000


def test_a_cdk_vpc_of_hundreds_of_egress_groups_names_a_few(tmp_path):
    """The NAT step of an ec2.Vpc whose subnetConfiguration is its own names its PRIVATE_WITH_EGRESS groups, read
    from its subnets' `aws-cdk:subnet-name` tags (f177803): 300 more groups in named-subnet-groups' NamedGroups made
    an I9651 message of every name."""
    import copy
    import shutil
    from pathlib import Path

    folder = tmp_path / "cdk.out"
    shutil.copytree(Path(__file__).parent.parent / "fixtures" / "cdk" / "named-subnet-groups" / "cdk.out", folder)
    path = folder / "NamedGroups.template.json"
    doc = json.loads(path.read_text())
    name, subnet = next((k, v) for k, v in doc["Resources"].items() if v["Type"] == "AWS::EC2::Subnet")
    vpc = subnet["Metadata"]["aws:cdk:path"].rsplit("/", 2)[0]
    for i in range(300):
        extra = copy.deepcopy(subnet)
        extra["Metadata"] = {"aws:cdk:path": f"{vpc}/G{i}Subnet1/Subnet"}
        extra["Properties"]["Tags"] = [
            {"Key": "aws-cdk:subnet-type", "Value": "Private"},
            {"Key": "aws-cdk:subnet-name", "Value": f"G{i}"},
        ]
        doc["Resources"][f"{name}Extra{i}"] = extra
    path.write_text(json.dumps(doc))
    (nat,) = [f for f in engine.lint([str(folder)]).findings if f.rule.id == "I9651"]
    assert (
        "lists its PRIVATE_WITH_EGRESS groups App, G0, G1, G2 and 297 more: they keep their ::/0 route" in nat.message
    )
    assert "G3," not in nat.message and len(nat.message) < 2_000


def test_a_cdk_vpc_of_hundreds_of_groups_none_of_them_egress_names_a_few(tmp_path):
    """W9610's fix for an ec2.Vpc without a PRIVATE_WITH_EGRESS group lists its groups (3eb81d9): 300 more isolated
    groups in egress-only-flag's NewApp made each W9610 message hold every name."""
    import copy
    import shutil
    from pathlib import Path

    folder = tmp_path / "cdk.out"
    shutil.copytree(Path(__file__).parent.parent / "fixtures" / "cdk" / "egress-only-flag" / "cdk.out", folder)
    path = folder / "NewApp.template.json"
    doc = json.loads(path.read_text())
    name, subnet = next(
        (k, v)
        for k, v in doc["Resources"].items()
        if v["Type"] == "AWS::EC2::Subnet"
        and {"Key": "aws-cdk:subnet-type", "Value": "Isolated"} in v["Properties"]["Tags"]
    )
    vpc = subnet["Metadata"]["aws:cdk:path"].rsplit("/", 2)[0]
    for i in range(300):
        extra = copy.deepcopy(subnet)
        extra["Metadata"] = {"aws:cdk:path": f"{vpc}/G{i}Subnet1/Subnet"}
        extra["Properties"]["Tags"] = [
            {"Key": "aws-cdk:subnet-type", "Value": "Isolated"},
            {"Key": "aws-cdk:subnet-name", "Value": f"G{i}"},
        ]
        doc["Resources"][f"{name}Extra{i}"] = extra
    path.write_text(json.dumps(doc))
    found = [f for f in engine.lint([str(folder)]).findings if f.rule.id == "W9610"]
    assert found and all("it has none (its groups: " in f.message and " more)" in f.message for f in found)
    assert all("G3," not in f.message and len(f.message) < 2_000 for f in found)
