"""Network ACLs: AWS's evaluation (lowest rule number first, first match decides, deny rules included,
the final `*` rule denies) and the graph facts W9621 and the migration steps rely on."""

from __future__ import annotations

import pytest
from test_network import (
    EIGW,
    IPV6_CIDR,
    VPC,
    VPC_IPV6,
    Graph,
    association,
    function,
    route,
    security_group,
    subnet,
    table,
)

from lambda6lint import acl
from lambda6lint.model import UNKNOWN, AclEntry, Location, OwnBlock

HERE = Location("t.yaml")


def rule(number, allow=True, cidr="::/0", protocol=-1, ports=None, egress=True, conditional=False):
    return AclEntry(number, egress, allow, protocol, cidr, ports, HERE, conditional)


def out(*entries):
    return acl.evaluate(list(entries), True, acl.ANY_PORT, acl.Budget())


def back(*entries):
    return acl.evaluate(list(entries), False, acl.EPHEMERAL, acl.Budget())


def test_a_custom_acl_without_rules_denies_everything():
    assert out().passes is False
    assert back().passes is False


def test_ipv4_rules_never_match_ipv6_traffic():
    assert out(rule(100, cidr=None)).passes is False


def test_the_lowest_rule_number_decides_whatever_the_order_written():
    deny_first = out(rule(100, allow=True), rule(90, allow=False))
    assert deny_first.passes is False
    assert [e.number for e in deny_first.denied_by] == [90]
    assert out(rule(100, allow=False), rule(90, allow=True, protocol=6, ports=(443, 443))).passes is True


def test_a_deny_of_part_of_the_traffic_is_not_blamed_for_the_rest():
    """Only deny rules that stop all of it are named: a deny of port 25 did not drop what no rule allows."""
    partial = out(rule(90, allow=False, protocol=6, ports=(25, 25)))
    assert partial.passes is False and partial.denied_by == []
    whole = out(
        rule(80, allow=False, protocol=6, ports=(0, 1023)), rule(90, allow=False, protocol=6, ports=(1024, 65535))
    )
    assert whole.passes is False and [e.number for e in whole.denied_by] == [80, 90]


def test_a_deny_of_part_of_the_internet_leaves_the_rest_to_later_rules():
    assert out(rule(90, allow=False, cidr="2600::/16"), rule(100)).passes is True
    assert out(rule(90, allow=False, protocol=6, ports=(443, 443)), rule(100)).passes is True


def test_an_allow_to_non_internet_addresses_is_not_internet_egress():
    assert out(rule(100, cidr="fd00::/8")).passes is False


def test_return_traffic_needs_an_ephemeral_port_allowed():
    assert back(rule(100, egress=False, protocol=6, ports=(443, 443))).passes is False
    assert back(rule(100, egress=False, protocol=6, ports=(32768, 65535))).passes is True
    assert back(rule(100, egress=False, protocol=17, ports=(1024, 65535))).passes is False  # UDP is not TCP


def replies(*entries):
    return acl.all_pass(list(entries), False, acl.EPHEMERAL, acl.Budget())


def test_every_reply_must_pass_for_a_nat_gateway_to_go():
    """AWS's example ACL lets replies in on 32768-65535: some pass (no W9621), but those to ports from
    1024 are dropped, so W9650 may not say the functions have IPv6 egress (found by a helper)."""
    tcp = 6
    example = rule(100, protocol=tcp, ports=(32768, 65535), egress=False)
    assert back(example).passes is True and replies(example) is False
    assert replies(rule(100, protocol=tcp, ports=(1024, 65535), egress=False)) is True
    assert replies(rule(100, egress=False)) is True  # all protocols, all ports
    halves = [rule(100, protocol=tcp, ports=(1024, 32767), egress=False), example]
    assert replies(*halves) is True  # two rules make the whole range
    deny_first = [rule(90, allow=False, cidr="2001:db8::/32", egress=False), rule(100, egress=False)]
    assert replies(*deny_first) is False  # (a documentation prefix, inside 2000::/3: some replies dropped)
    assert replies(rule(100, cidr="2600::/16", egress=False)) is False  # only part of the internet
    unknown = rule(100, protocol=tcp, ports=UNKNOWN, egress=False)
    assert replies(unknown) is None
    assert replies(rule(50, egress=False), unknown) is True  # (decided before it)


def test_unknown_rules_decide_nothing_unless_something_matched_before():
    assert out(rule(UNKNOWN)).passes is None
    assert out(rule(100, protocol=UNKNOWN)).passes is None
    assert out(rule(100, cidr=UNKNOWN)).passes is None
    assert out(rule(100, conditional=True)).passes is None
    assert out(rule(90), rule(100, allow=UNKNOWN)).passes is True
    assert out(rule(100, cidr="fd00::/8", allow=UNKNOWN)).passes is False  # cannot match internet traffic


# ----- graph facts -------------------------------------------------------------------------------


def acl_stack(*extra: str, outputs: tuple[str, ...] = ()) -> Graph:
    """A dual-stack subnet routing ::/0 to an egress-only gateway, with an IPv6-ready function in it."""
    return Graph(
        VPC,
        VPC_IPV6,
        EIGW,
        subnet("Subnet", "10.0.1.0/24", IPV6_CIDR),
        table(),
        association(),
        route("V6", "::/0", "EgressOnlyInternetGatewayId: !Ref Eigw"),
        security_group(egress='- {IpProtocol: "-1", CidrIpv6: "::/0"}'),
        function(flag="true"),
        *extra,
        outputs=outputs,
    )


CUSTOM = """
Acl:
  Type: AWS::EC2::NetworkAcl
  Properties:
    VpcId: !Ref Vpc
AclAssociation:
  Type: AWS::EC2::SubnetNetworkAclAssociation
  Properties:
    SubnetId: !Ref Subnet
    NetworkAclId: !Ref Acl
"""


def entry(name: str, number: int, egress: bool, cidr: str, action: str = "allow", acl_ref: str = "!Ref Acl") -> str:
    """A rule for all protocols; `cidr` a literal, or an intrinsic function (`!Select …`, an IPv6 block)."""
    key = "Ipv6CidrBlock" if ":" in cidr or cidr.startswith("!") else "CidrBlock"
    value = cidr if cidr.startswith("!") else f'"{cidr}"'
    return f"""
{name}:
  Type: AWS::EC2::NetworkAclEntry
  Properties:
    NetworkAclId: {acl_ref}
    RuleNumber: {number}
    Protocol: -1
    RuleAction: {action}
    Egress: {str(egress).lower()}
    {key}: {value}
"""


def test_subnet_without_association_uses_an_untouched_default_acl():
    g = acl_stack()
    assert g.net.subnet_acl(g["Subnet"]) is None
    assert g.net.acls_blocking_ipv6(g["Fn"]) == []


def test_custom_acl_with_ipv4_rules_only_blocks_ipv6_both_ways():
    g = acl_stack(CUSTOM, entry("Out4", 100, True, "0.0.0.0/0"), entry("In4", 100, False, "0.0.0.0/0"))
    verdicts = g.net.acls_blocking_ipv6(g["Fn"])
    assert verdicts is not None and [v.acl for v in verdicts] == [g["Acl"]]
    assert (verdicts[0].egress, verdicts[0].ingress) == (False, False)
    assert g.net.ipv6_egress_gaps(g["Fn"]) == {"acl-ipv6": [g["Acl"]]}


def test_custom_acl_with_ipv6_rules_lets_ipv6_through():
    g = acl_stack(CUSTOM, entry("Out6", 100, True, "::/0"), entry("In6", 100, False, "::/0"))
    assert g.net.acls_blocking_ipv6(g["Fn"]) == []


def test_an_exported_acl_may_get_rules_elsewhere():
    g = acl_stack(CUSTOM, outputs=("!Ref Acl",))
    g.template.open.add("Acl")  # the Output above is not an Export: mark it open as an export would
    assert g.net.acls_blocking_ipv6(g["Fn"]) is None


def test_default_acl_with_template_rules_is_known_only_where_they_decide():
    """AWS's own ::/0 rules (101) exist only if IPv6 came before the template's rules: a deny at 50 decides
    anyway, an IPv4 rule leaves it open."""
    default = "!GetAtt Vpc.DefaultNetworkAcl"
    g = acl_stack(entry("Deny6", 50, True, "::/0", "deny", default))
    verdicts = g.net.acls_blocking_ipv6(g["Fn"])
    assert verdicts is not None and verdicts[0].acl.default and verdicts[0].egress is False
    g = acl_stack(entry("Deny4", 50, True, "0.0.0.0/0", "deny", default))
    assert g.net.acls_blocking_ipv6(g["Fn"]) is None


def test_a_rule_on_a_vpcs_own_block_never_matches_internet_traffic():
    """The walk takes rules on an `OwnBlock` as the ACL's own VPC's (`Network.acl_entries` makes any other unknown)."""
    assert out(rule(100, cidr=OwnBlock(()))).passes is False
    assert out(rule(100, allow=False, cidr=OwnBlock(())), rule(200)).passes is True


OWN_BLOCK = "!Select [0, !GetAtt Vpc.Ipv6CidrBlocks]"
#: Rules on the VPC's own block, whose addresses the template never shows, and an IPv4 rule each way.
OWN_RULES = (
    entry("Out4", 100, True, "0.0.0.0/0"),
    entry("In4", 100, False, "0.0.0.0/0"),
    entry("OutVpc", 110, True, OWN_BLOCK),
    entry("InVpc", 110, False, OWN_BLOCK),
)


@pytest.mark.parametrize("block", [OWN_BLOCK, "!Select [1, !Cidr [!Select [0, !GetAtt Vpc.Ipv6CidrBlocks], 4, 64]]"])
def test_rules_on_the_vpcs_own_block_decide_no_internet_traffic(block):
    """An ACL that allows IPv6 only within the VPC blocks the function's IPv6 egress; one that also allows ::/0
    lets it through. Both were unknown: the block's addresses are known only once deployed."""
    rules = [text.replace(OWN_BLOCK, block) for text in OWN_RULES]
    g = acl_stack(CUSTOM, *rules)
    verdicts = g.net.acls_blocking_ipv6(g["Fn"])
    assert verdicts is not None and [(v.acl, v.egress, v.ingress) for v in verdicts] == [(g["Acl"], False, False)]
    g = acl_stack(CUSTOM, *rules, entry("Out6", 200, True, "::/0"), entry("In6", 200, False, "::/0"))
    assert g.net.acls_blocking_ipv6(g["Fn"]) == []


OTHER_VPC = """
Other:
  Type: AWS::EC2::VPC
  Properties:
    CidrBlock: 10.1.0.0/16
OtherIpv6:
  Type: AWS::EC2::VPCCidrBlock
  Properties:
    VpcId: !Ref Other
    AmazonProvidedIpv6CidrBlock: true
"""


def test_a_rule_on_another_vpcs_block_cannot_be_known():
    """Another VPC's block is internet addresses to this VPC, where, the template does not show: a deny on it
    may be what stops the function's traffic, an allow what lets it through."""
    other = "!Select [0, !GetAtt Other.Ipv6CidrBlocks]"
    for action in ("allow", "deny"):
        rules = [*OWN_RULES[:2], entry("OutOther", 105, True, other, action), entry("In6", 200, False, "::/0")]
        g = acl_stack(CUSTOM, OTHER_VPC, *rules, entry("Out6", 200, True, "::/0") if action == "deny" else "")
        assert g.net.acls_blocking_ipv6(g["Fn"]) is None, action
        [unknown] = [e for e in g.net.acl_entries(g["Acl"]) if e.ipv6 is UNKNOWN]
        assert unknown.cause == (
            "has a rule on the IPv6 block of Other, which the files do not show to be the block of its own VPC: "
            "its addresses are known only once deployed"
        )


def test_a_rule_on_the_vpcs_block_of_an_acl_whose_vpc_cannot_be_known_cannot_be_known():
    unknown_vpc = CUSTOM.replace("VpcId: !Ref Vpc", "VpcId: !ImportValue shared-vpc")
    g = acl_stack(unknown_vpc, *OWN_RULES)
    assert g["Acl"].vpc is UNKNOWN and g.net.acls_blocking_ipv6(g["Fn"]) is None


def test_two_associations_make_the_acl_unknown():
    second = (
        CUSTOM.replace("Acl:", "Other:")
        .replace("AclAssociation:", "OtherAssociation:")
        .replace("!Ref Acl", "!Ref Other")
    )
    g = acl_stack(CUSTOM, second)
    assert g.net.subnet_acl(g["Subnet"]) is UNKNOWN


def test_w9621_asks_only_for_the_direction_the_acl_lacks(tmp_path):
    """An ACL that lets IPv6 out but no replies in is told to add the ingress rule, not an egress rule it
    has already (found on public Terraform)."""
    from conftest import ROOT

    from lambda6lint import engine

    text = (ROOT / "fixtures" / "W9621" / "good-ipv6-network-acl-rules.yaml").read_text()
    start = text.index("  AclIngressReturn6:\n")
    end = text.index("      PortRange: {From: 1024, To: 65535}\n", start) + len(
        "      PortRange: {From: 1024, To: 65535}\n"
    )
    (tmp_path / "t.yaml").write_text(text[:start] + text[end:])
    [message] = [f.message for f in engine.lint([str(tmp_path / "t.yaml")]).findings if f.rule.id == "W9621"]
    assert message.endswith(
        'Add AWS::EC2::NetworkAclEntry rules with Ipv6CidrBlock: "::/0": ingress TCP 1024-65535 from ::/0 for the '
        "replies, numbered before any rule that denies it, in numbers the ACL does not use (e.g. ingress rule 200)."
    ), message


def test_an_acl_of_more_rules_than_aws_takes_is_not_evaluated():
    """AWS takes 40 rules a direction; a hostile template's hundreds of single-address rules each cut the
    internet into pieces (36 s for 500): past acl.MAX_RULES the answer is unknown, and said so."""
    many = [rule(n, allow=False, cidr=f"2600:{n:x}::1/128", egress=False) for n in range(1, acl.MAX_RULES + 2)]
    assert back(*many).passes is None and replies(*many) is None
    assert back(*many[: acl.MAX_RULES - 1], rule(30000, egress=False)).passes is True


def test_a_run_walks_network_acls_up_to_a_budget(monkeypatch):
    """A template's network ACLs share acl.MAX_WORK rule checks (1,024 ACLs of crafted rules took 50 s):
    past it an ACL is unknown, W9621 stays silent, and --explain says why."""
    from conftest import FIXTURES

    from lambda6lint import engine

    fixture = str(FIXTURES / "W9621" / "bad-deny-before-allow.yaml")
    assert "W9621" in {f.rule.id for f in engine.lint([fixture]).findings}
    monkeypatch.setattr(acl, "MAX_WORK", 0)
    result = engine.lint([fixture])
    assert "W9621" not in {f.rule.id for f in result.findings}
    assert any(
        "cannot be known: the network ACLs of its file together need more rule checks than lambda6lint makes for "
        "one (0)" in u.text
        for u in result.undecided
    ), [u.text for u in result.undecided]


def test_one_templates_network_acls_cannot_spend_anothers_budget(tmp_path, monkeypatch):
    """Templates checked in one graph each walk their own network ACLs' budget: a crafted one checked
    first made another's W9621 disappear."""
    from conftest import FIXTURES

    from lambda6lint import engine

    fixture = (FIXTURES / "W9621" / "bad-deny-before-allow.yaml").read_text()
    (tmp_path / "a.yaml").write_text(fixture)
    (tmp_path / "b.yaml").write_text(fixture)
    calls: list[int] = []
    budget = acl.Budget

    def counted(left=None):
        calls.append(1)
        found = budget(left)
        if len(calls) == 1:
            found.left = 0  # the first template's ACLs spend it all
        return found

    monkeypatch.setattr(acl, "Budget", counted)
    result = engine.lint([str(tmp_path)], engine.Options(jobs=1))
    fired = sorted(f.location.path.rsplit("/", 1)[-1] for f in result.findings if f.rule.id == "W9621")
    assert len(calls) == 2 and fired == ["b.yaml"]


@pytest.mark.parametrize(
    ("entries", "denied", "egress", "number"),
    [
        ([rule(100, cidr="0.0.0.0/0")], [], True, 200),  # after every rule: a team's numbering still decides first
        ([rule(100, cidr="0.0.0.0/0"), rule(200, egress=False)], [], True, 200),  # the other direction's own numbers
        ([rule(100, cidr="0.0.0.0/0"), rule(32766, cidr="10.0.0.0/8")], [], True, None),  # none left after it
        ([rule(90, allow=False)], [rule(90, allow=False)], True, 10),  # before the deny
        ([rule(10, allow=False, cidr="2001:db8::/32"), rule(50, allow=False)], [rule(50, allow=False)], True, 20),
        ([rule(48, allow=False, cidr="2001:db8::/32"), rule(49, allow=False)], [rule(49, allow=False)], True, None),
        ([rule(UNKNOWN)], [], True, None),  # a number that cannot be known may be any
    ],
)
def test_a_new_allow_rule_gets_a_number_the_acl_does_not_use(entries, denied, egress, number):
    """AWS rejects a rule number in use (NetworkAclEntryAlreadyExists): a deployed ACL's rules numbered 100 made
    the fix fail at apply (helper, following the fix on deployed state)."""
    assert acl.free_number(entries, egress, denied) == number


def test_the_fix_names_rule_numbers_the_acl_does_not_use():
    g = acl_stack(
        CUSTOM,
        entry("Out4", 100, True, "0.0.0.0/0"),
        entry("In4", 100, False, "0.0.0.0/0"),
        entry("Out6Deny", 150, True, "::/0", "deny"),
    )
    [verdict] = g.net.acls_blocking_ipv6(g["Fn"])
    assert (g.net.free_acl_number(verdict, True), g.net.free_acl_number(verdict, False)) == (110, 200)


# ----- what leaves: ports both the security groups and the network ACL let out ------------------------


def ports_stack(group_egress: str, acl_port: int, *extra: str) -> Graph:
    """`acl_stack` whose group has `group_egress` and whose custom ACL lets IPv6 out on TCP `acl_port` only
    (and every reply in)."""
    six_out = entry("Out6", 110, True, "::/0").replace(
        "Protocol: -1", f"Protocol: 6\n    PortRange: {{From: {acl_port}, To: {acl_port}}}"
    )
    return Graph(
        VPC,
        VPC_IPV6,
        EIGW,
        subnet("Subnet", "10.0.1.0/24", IPV6_CIDR),
        table(),
        association(),
        route("V6", "::/0", "EgressOnlyInternetGatewayId: !Ref Eigw"),
        security_group(egress=group_egress),
        function(flag="true"),
        CUSTOM,
        six_out,
        entry("In6", 110, False, "::/0"),
        *extra,
        head=HEAD_WITH_CONDITION,
    )


HEAD_WITH_CONDITION = (
    'AWSTemplateFormatVersion: "2010-09-09"\nParameters:\n  Env:\n    Type: String\n'
    "Conditions:\n  Wide: !Equals [!Ref Env, wide]\n"
)
TCP6 = '- {{IpProtocol: tcp, FromPort: {0}, ToPort: {0}, CidrIpv6: "::/0"}}'
CONDITIONAL_ALL6 = """
AllOut6:
  Type: AWS::EC2::SecurityGroupEgress
  Condition: Wide
  Properties: {GroupId: !Ref Sg, IpProtocol: "-1", CidrIpv6: "::/0"}
"""


@pytest.mark.parametrize(
    ("group_egress", "acl_port", "extra", "egress", "ports"),
    [
        (TCP6.format(443), 90, (), False, [(443, 443)]),  # each allows IPv6 egress, no packet passes both
        (TCP6.format(90), 443, (), False, [(90, 90)]),
        (TCP6.format(443) + "\n" + TCP6.format(90), 90, (), True, None),
        ('- {IpProtocol: "-1", CidrIpv6: "::/0"}', 90, (), True, None),  # TCP 90 leaves
        ('- {IpProtocol: "-1", CidrIp: 0.0.0.0/0}', 90, (), True, None),  # no IPv6 egress at all: W9620's
        (TCP6.format(443), 90, (CONDITIONAL_ALL6,), None, None),  # TCP 90 leaves only if the condition holds
        ('- {IpProtocol: tcp, FromPort: !Ref Env, ToPort: 443, CidrIpv6: "::/0"}', 90, (), None, None),
    ],
)
def test_ipv6_egress_is_what_the_groups_and_the_acl_both_let_out(group_egress, acl_port, extra, egress, ports):
    g = ports_stack(group_egress, acl_port, *extra)
    verdict = g.net.acl_ipv6_for(g["Fn"], g["Acl"])
    assert (verdict.egress, verdict.ports) == (egress, ports)
    assert g.net.acl_ipv6(g["Acl"]).egress is True  # (the ACL alone lets some IPv6 out)
    blocking = g.net.acls_blocking_ipv6(g["Fn"])
    assert blocking == (None if egress is None else [verdict] if egress is False else [])


@pytest.mark.parametrize(
    ("group_egress", "exports"),
    [
        ('- {IpProtocol: tcp, FromPort: !Ref Env, ToPort: !Ref Env, CidrIpv6: "::/0"}', ()),  # which port: unknown
        (None, ("!Ref Sg",)),  # an exported group without IPv6 egress: other stacks may add any port
    ],
)
def test_an_acl_letting_every_port_out_passes_whatever_port_the_groups_let_out(group_egress, exports):
    """The ports the groups let out matter only where the ACL lets some out: one letting all out (Protocol
    -1 to ::/0, as public dual-stack VPC templates write it) passes any of them, known or not. Before, the
    ports' unknown made the function's IPv6 egress unknown (W9650 silent) and --explain said the ACL lets
    out "on some ports only"."""
    g = Graph(
        VPC,
        VPC_IPV6,
        EIGW,
        subnet("Subnet", "10.0.1.0/24", IPV6_CIDR),
        table(),
        association(),
        route("V6", "::/0", "EgressOnlyInternetGatewayId: !Ref Eigw"),
        security_group(egress=group_egress),
        function(flag="true"),
        CUSTOM,
        entry("Out6", 110, True, "::/0"),
        entry("In6", 110, False, "::/0"),
        head=HEAD_WITH_CONDITION,
        exports=exports,
    )
    assert g.net.ipv6_tcp_ports(g["Fn"])[1] is None  # (the groups' ports: some cannot be known)
    assert g.net.acl_ipv6_for(g["Fn"], g["Acl"]).egress is True
    assert g.net.acls_blocking_ipv6(g["Fn"], limiting=True) == []


@pytest.mark.parametrize(
    ("protocol", "low", "high", "tcp"),
    [
        ("tcp", 443, 443, (443, 443)),
        ("6", "80", "90", (80, 90)),
        ("-1", None, None, acl.ANY_PORT),
        ("all", 0, 0, acl.ANY_PORT),  # (Terraform's spelling)
        ("-1", 443, 443, acl.ANY_PORT),  # (EC2 ignores the ports of an all-protocol rule)
        ("udp", 53, 53, None),
        ("icmpv6", -1, -1, None),
        (58, -1, -1, None),
        (UNKNOWN, 443, 443, UNKNOWN),
        ("tcp", UNKNOWN, 443, UNKNOWN),
        ("tcp", None, None, UNKNOWN),
        ("tcp", -1, -1, UNKNOWN),
    ],
)
def test_the_tcp_ports_of_a_security_group_rule(protocol, low, high, tcp):
    from lambda6lint.loaders.common import aws

    assert aws.sg_tcp_ports(protocol, low, high) == tcp


def test_groups_that_let_no_tcp_out_over_ipv6_leave_the_security_group_step():
    """IPv6 egress on UDP 53 only is IPv6 egress (W9620 stays silent), but no HTTPS leaves: a NAT gateway
    cannot go yet, and the migration step is the groups'."""
    g = acl_stack()  # (its group lets all protocols out to ::/0)
    assert g.net.ipv6_egress_gaps(g["Fn"]) == {}
    udp = Graph(
        VPC,
        VPC_IPV6,
        EIGW,
        subnet("Subnet", "10.0.1.0/24", IPV6_CIDR),
        table(),
        association(),
        route("V6", "::/0", "EgressOnlyInternetGatewayId: !Ref Eigw"),
        security_group(egress='- {IpProtocol: udp, FromPort: 53, ToPort: 53, CidrIpv6: "::/0"}'),
        function(flag="true"),
    )
    assert udp.net.sg_allows_ipv6_egress(udp["Sg"]) is True
    assert udp.net.ipv6_egress_gaps(udp["Fn"]) == {"sg-ipv6": [udp["Sg"]]}


def test_the_ports_a_group_lets_out_are_merged_and_a_message_names_a_few():
    """A group of thousands of one-port rules made a W9621 message of every port (a hostile template's 50 KB)."""
    from lambda6lint.migration import tcp_ports
    from lambda6lint.network import AclVerdict

    rules = "\n".join(TCP6.format(port) for port in (80, 443, 444, 445, 8080))
    g = ports_stack(rules + '\n- {IpProtocol: tcp, FromPort: 446, ToPort: 450, CidrIpv6: "::/0"}', 90)
    surely, maybe = g.net.ipv6_tcp_ports(g["Fn"])
    assert surely == maybe == [(80, 80), (443, 450), (8080, 8080)]
    assert tcp_ports(g.net.acl_ipv6_for(g["Fn"], g["Acl"])) == "TCP 80, 443-450 and 8080"
    many = AclVerdict(g["Acl"], False, True, ports=[(p, p) for p in range(1000, 1020, 2)])
    assert tcp_ports(many) == "TCP 1000, 1002, 1004, 1006, 1008, 1010, 1012, 1014 and 2 more port ranges"


@pytest.mark.parametrize("ports", [(-1, -1), (443, 25), (0, 65536), (-1, 65535)])
def test_a_tcp_rule_whose_port_range_aws_gives_no_meaning_decides_nothing(ports):
    """A TCP range outside 0-65535 or reversed (-1 to -1: a hostile-input round) may be rejected by AWS or
    match every port: its reference does not say. It was read as matching no port, so a deny of it before an
    allow-all let IPv6 out (W9650 fired); now what it decides cannot be known."""
    deny = rule(90, allow=False, protocol=6, ports=ports)
    assert out(deny, rule(100)).passes is None
    assert acl.all_pass([deny, rule(100)], True, acl.ANY_PORT, acl.Budget()) is None
    assert out(rule(90, allow=False, protocol=6, ports=(25, 25)), rule(100)).passes is True


@pytest.mark.parametrize(
    ("protocol", "low", "high", "ports"),
    [(6, -1, -1, UNKNOWN), (17, "443", "25", UNKNOWN), (6, 0, 70000, UNKNOWN), (6, "0", "65535", (0, 65535))],
)
def test_the_loaders_read_a_port_range_aws_gives_no_meaning_as_unknown(protocol, low, high, ports):
    from lambda6lint.loaders.common import aws

    assert aws.acl_ports(protocol, low, high) == ports
    assert (aws.odd_ports(protocol, low, high) is None) is (ports is not UNKNOWN)
    assert aws.acl_ports(-1, -1, -1) is None and aws.odd_ports(-1, -1, -1) is None  # (all protocols: all ports)


def _lint_w9650(path):
    from lambda6lint import engine

    result = engine.lint([str(path)])
    return {f.rule.id for f in result.findings}, [u.text for u in result.undecided]


def test_a_deny_rule_of_tcp_ports_minus_one_beside_allow_all_is_unknown_and_explained(tmp_path):
    """CloudFormation PortRange -1 to -1, and Terraform's inline rule and aws_network_acl_rule (protocol "6")
    with from_port = to_port = -1: W9650 silent, --explain names the rule's ports; 25 to 25 still fires."""
    from conftest import FIXTURES

    good = FIXTURES / "W9650" / "good-acl-denying-tcp-ports-minus-one-beside-allow-all.yaml"
    ids, undecided = _lint_w9650(good)
    assert "W9650" not in ids
    assert any("has a rule whose PortRange is -1 to -1, outside the ports 0-65535" in t for t in undecided), undecided
    assert "W9650" in _lint_w9650(FIXTURES / "W9650" / "bad-acl-denying-another-tcp-port-beside-allow-all.yaml")[0]

    text = (FIXTURES / "W9650" / "good-acl-denying-tcp-ports-minus-one-beside-allow-all-tf" / "main.tf").read_text()
    inline = """  egress {
    rule_no         = 90
    action          = "deny"
    protocol        = "tcp"
    from_port       = -1
    to_port         = -1
    ipv6_cidr_block = "::/0"
  }
"""
    assert inline in text
    ids, undecided = _lint_w9650(FIXTURES / "W9650" / "good-acl-denying-tcp-ports-minus-one-beside-allow-all-tf")
    assert "W9650" not in ids
    said = "has a rule whose port range (from_port to to_port) is -1 to -1, outside the ports 0-65535"
    assert any(said in t for t in undecided), undecided
    for low, fires in (("-1", False), ("25", True)):
        folder = tmp_path / f"rule{low}"
        folder.mkdir()
        resource = f"""
resource "aws_network_acl_rule" "deny" {{
  network_acl_id  = aws_network_acl.private.id
  rule_number     = 90
  egress          = true
  protocol        = "6"
  rule_action     = "deny"
  from_port       = {low}
  to_port         = {low}
  ipv6_cidr_block = "::/0"
}}
"""
        (folder / "main.tf").write_text(text.replace(inline, "") + resource)
        ids, undecided = _lint_w9650(folder)
        assert ("W9650" in ids) is fires, (low, ids)
        assert fires or any(said in t for t in undecided), undecided
