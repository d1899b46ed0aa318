"""A NAT gateway that exists only under a CloudFormation condition this run cannot decide is named with the stacks
it exists in, as E9613 names a VPC IPv6 block under one: W9650, I9651 and the plan say it is judged there only. A
Terraform count or for_each switch keeps its own words."""

from __future__ import annotations

import pytest
from conftest import FIXTURES

from lambda6lint import engine

ONLY_THERE = "NAT gateway NatGateway (in stacks where condition `WithNat` is true) serves only Lambda functions"


def _messages(path: str, rule_id: str) -> list[str]:
    return [f.message for f in engine.lint([str(FIXTURES / path)]).findings if f.rule.id == rule_id]


@pytest.mark.parametrize("suffix", ["yaml", "json"])
@pytest.mark.parametrize("rule_id", ["W9650", "I9651"])
def test_a_nat_gateway_under_an_undecided_condition_is_said_to_exist_only_where_it_holds(rule_id, suffix):
    (message,) = _messages(f"{rule_id}/bad-nat-and-its-route-under-one-condition.{suffix}", rule_id)
    assert message.startswith(ONLY_THERE)


@pytest.mark.parametrize("suffix", ["yaml", "json"])
def test_the_plan_names_a_nat_gateway_under_an_undecided_condition_with_the_stacks_it_exists_in(suffix):
    path = FIXTURES / f"W9650/bad-nat-and-its-route-under-one-condition.{suffix}"
    (entry,) = engine.lint([str(path)], engine.Options(plan=True)).plan.nats
    assert entry.name == "NAT gateway NatGateway (in stacks where condition `WithNat` is true)"


def test_a_nat_gateway_of_a_terraform_count_switch_keeps_its_own_words():
    (message,) = _messages("W9650/bad-nat-gateway-count-switch", "W9650")
    assert message.startswith("NAT gateway aws_nat_gateway.main[0] serves only Lambda functions")
    assert "in stacks where" not in message


def test_a_vpc_ipv6_block_under_an_undecided_condition_keeps_e9613s_words():
    found = [
        f.message
        for path in sorted((FIXTURES / "E9613").glob("*.yaml"))
        for f in engine.lint([str(path)]).findings
        if f.rule.id == "E9613" and "(in stacks where condition `" in f.message
    ]
    assert found and all("CloudFormation may create it first (in stacks where condition `" in m for m in found)
