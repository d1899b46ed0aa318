"""What W9601 tells a function without Ipv6AllowedForDualStack: where its security groups are all known and let
out IPv6 ranges only, its IPv4 traffic is stopped by them and its calls fail; elsewhere it stays IPv4."""

from __future__ import annotations

import pytest
from conftest import FIXTURES

from lambda6lint import engine

FAILS = "its outbound traffic stays IPv4, which its security groups do not let out"
STAYS = "its outbound traffic stays IPv4 (through NAT, if any)."


def _w9601(path: str) -> str:
    (message,) = [f.message for f in engine.lint([str(FIXTURES / path)]).findings if f.rule.id == "W9601"]
    return message


@pytest.mark.parametrize(
    ("fixture", "flag"),
    [
        ("W9650/bad-nat-beside-a-function-whose-groups-let-out-ipv6-only.yaml", "Ipv6AllowedForDualStack"),
        ("W9650/bad-nat-beside-a-function-whose-groups-let-out-ipv6-only-tf", "ipv6_allowed_for_dual_stack"),
    ],
)
def test_a_function_whose_groups_let_out_ipv6_only_is_told_its_calls_fail(fixture, flag):
    message = _w9601(fixture)
    assert f"but {flag} is not true: {FAILS} (they let out no IPv4 range), so its outbound calls fail until" in message
    assert "through NAT" not in message


def test_a_function_whose_groups_let_out_nothing_is_not_told_the_flag_alone_mends_it():
    """A Terraform group without egress lets out no IPv6 either: setting the flag alone leaves the calls failing,
    and the fix's steps name the group first."""
    message = _w9601("I9605/good-new-dual-stack-vpc-terraform-plan.tfplan.json")
    assert f"{FAILS} (they let out no IPv4 range), so its outbound calls fail. " in message
    assert "until it is true" not in message
    assert "allow IPv6 egress (::/0) in their security groups (aws_security_group.fn)" in message


@pytest.mark.parametrize(
    "fixture",
    [
        # (a group's egress chosen by a parameter, or cidr_blocks from a variable, without value: may be IPv4)
        "W9650/good-nat-beside-a-function-whose-groups-may-let-out-ipv4.yaml",
        "W9650/good-nat-beside-a-function-whose-groups-may-let-out-ipv4-tf",
        "W9601/bad-flag-absent.yaml",
    ],
)
def test_a_function_whose_groups_may_let_out_ipv4_keeps_the_old_words(fixture):
    message = _w9601(fixture)
    assert STAYS in message
    assert FAILS not in message
