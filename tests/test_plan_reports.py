"""The plan's renderers: the markdown against a snapshot, and template text that cannot escape its place in
any format (a Mermaid label, a Markdown table, an HTML page, a terminal)."""

from __future__ import annotations

import os
import re
from html.parser import HTMLParser

import pytest
from conftest import ROOT
from test_network import nat_stack

from lambda6lint import diagram, engine, plan
from lambda6lint.pricing import Prices
from lambda6lint.report import mermaid, render_plan

SNAPSHOT = ROOT / "tests" / "snapshots" / "plan.md"
#: A NAT gateway ready to go, one with steps left (Terraform, counted), one kept by an EC2 instance, a
#: regional one whose zones AWS picks, and one undecided for a parameter.
SNAPSHOT_PATHS = [
    "examples/sam-app",
    "fixtures/W9650/bad-nat-gateway-per-zone-count",
    "fixtures/W9650/bad-single-nat-lambda-only-dualstack.yaml",
    "fixtures/W9650/good-ec2-instance-in-private-subnet.yaml",
    "fixtures/I9651/bad-regional-nat-flag-not-set.yaml",
    "fixtures/W9650/good-security-group-from-parameter.yaml",
]
HOSTILE = (
    '"]) ```\n%%{init: {}}%% click n1 call x() <script>alert(1)</script> [x](http://e.vil) $$a$$ ::error::x \x1b[31m'
)


def rendered(paths: list[str], fmt: str) -> str:
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        result = engine.lint(paths, engine.Options(plan=True))
        assert result.network is not None and result.plan is not None
        diagram.draw(result.network, result.plan)
        return render_plan(result, fmt)
    finally:
        os.chdir(cwd)


def test_markdown_snapshot():
    got = rendered(SNAPSHOT_PATHS, "markdown")
    if os.environ.get("LAMBDA6LINT_UPDATE_SNAPSHOTS"):
        SNAPSHOT.write_text(got, encoding="utf-8")
    assert got == SNAPSHOT.read_text(encoding="utf-8"), "the plan changed: review, then LAMBDA6LINT_UPDATE_SNAPSHOTS=1"


def mermaid_blocks(markdown: str) -> list[str]:
    return re.findall(r"```mermaid\n(.*?)```", markdown, re.S)


def test_the_snapshot_draws_what_is_missing():
    blocks = mermaid_blocks(SNAPSHOT.read_text(encoding="utf-8"))
    assert len(blocks) == 6  # one per VPC
    sam = blocks[0]
    assert '-.->|"::/0 missing"|' in sam and '-->|"0.0.0.0/0"|' in sam  # the route that is not there, dashed
    assert "egress-only internet gateway<br/>missing" in sam and "S3 gateway endpoint<br/>missing" in sam
    ready = blocks[2]
    assert '-->|"::/0"|' in ready and "missing" not in ready.split("classDef")[0]


# ----- template text stays text ----------------------------------------------------------------


@pytest.fixture(scope="module")
def hostile():
    """A graph whose every resource has a construct path built to break out of each format."""
    graph = nat_stack(flag=False)
    for i, res in enumerate(graph.net.resources):
        res.path = f"{HOSTILE}{i}"
    result = engine.Result(network=graph.net)
    result.plan = diagram.draw(graph.net, plan.build(graph.net, Prices()))
    assert result.plan.nats[0].status == "steps-left"
    return result


def test_mermaid_labels_cannot_break_out(hostile):
    markdown = render_plan(hostile, "markdown")
    (block,) = mermaid_blocks(markdown)
    statement = re.compile(
        r'  (n\d+(\(\[|\[/|\{\{|\[\[|\[\(|\[)"[^"`<>\n%]*(<br/>[^"`<>\n%]*)?"(\]\)|/\]|\}\}|\]\]|\)\]|\])'
        r'|n\d+ (-->|-\.->)(\|"[^"`<>\n%|]*"\|)? n\d+'
        r"|classDef \w+ [\w:#,.\- ]+|class [n\d,]+ \w+|linkStyle [\d,]+ [\w:#,.\- ]+)"
    )
    lines = block.rstrip("\n").split("\n")
    assert lines[0] == "flowchart LR"
    for line in lines[1:]:
        assert statement.fullmatch(line), line
    assert "#96;" in block and "#60;script#62;" in block  # written as entity codes, not dropped


def test_markdown_escapes_template_text(hostile):
    markdown = render_plan(hostile, "markdown")
    outside = re.sub(r"```mermaid\n.*?```", "", markdown, flags=re.S)
    assert "<script" not in outside and "](http" not in outside and "\x1b" not in outside
    assert "\\[x\\]\\(http://e\\.vil\\)" in outside and "&lt;script&gt;" in outside
    assert outside.count("```") == 0  # no code fence opened by a name


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def test_html_is_self_contained_and_escapes_template_text(hostile):
    page = render_plan(hostile, "html")
    parser = _Elements()
    parser.feed(page)
    tags = {tag for tag, _ in parser.tags}
    assert "script" not in tags and "iframe" not in tags and "img" not in tags and "link" not in tags
    for tag, attrs in parser.tags:
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name)
            if name in ("src", "href") or (name == "xlink:href"):
                assert value is not None and not value.startswith(("http", "//")), (tag, value)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "\x1b" not in page
    assert page.count("<svg ") == 1 and "default-src 'none'" in page


def test_text_cannot_start_a_workflow_command(hostile):
    text = render_plan(hostile, "text")
    assert "\x1b" not in text and "\\x1b[31m" in text
    assert not any(line.lstrip().startswith("::") for line in text.splitlines())


def test_json_keeps_names_as_data(hostile):
    import json

    document = json.loads(render_plan(hostile, "json"))
    names = [f["name"] for f in document["vpcs"][0]["functions"]]
    assert names and names[0].startswith(HOSTILE)


def test_mermaid_text_codes():
    assert mermaid.text('a"b`c#d$e') == "a#34;b#96;c#35;d#36;e"
    assert mermaid.text("Prod/Service/Fn-1.x") == "Prod/Service/Fn-1.x"


def test_the_readme_shows_the_real_plan(capsys):
    """README "Migration plan": the example's text and markdown output as the tool prints them today."""
    from conftest import run

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("\n## Migration plan\n") : readme.index("\n## Configuration\n")]
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        text = run(capsys, "plan", "examples/sam-app")[1]
        markdown = run(capsys, "plan", "--format", "markdown", "examples/sam-app")[1]
    finally:
        os.chdir(cwd)
    assert f"$ lambda6lint plan examples/sam-app\n{text}```" in section
    assert f"````markdown\n{markdown}````" in section
    (diagram,) = mermaid_blocks(markdown)
    assert f"```mermaid\n{diagram}```" in section.split("````")[-1]  # drawn by GitHub, outside the source block


def test_diagram_labels_keep_the_ends_that_tell_them_apart():
    """Labels were cut at their end: three NAT gateways of a count all read `module.vpc.aws_nat_gateway.…`.
    Cut in the middle, each keeps its index."""
    from lambda6lint.report import svg

    names = [f"module.vpc.aws_nat_gateway.this[{i}]" for i in range(3)]
    shown = [svg._short(n) for n in names]
    assert len(set(shown)) == 3 and all(
        s.endswith(f"this[{i}]") and "…" in s and svg._width(s, 13, bold=True) <= svg.TEXT_WIDTH
        for i, s in enumerate(shown)
    )
    assert svg._short("Nat") == "Nat"


#: Widths Chromium drew in DejaVu Sans (system-ui on Linux), 600 weight at 13px, regular at 11px.
DRAWN = [
    ("aws_subnet.lambda_subnet_1", 13, True, 217.3),
    ("egress-only internet gateway", 13, True, 215.8),
    ("aws_lambda_function.aurora_lambda", 13, True, 270.6),
    ("StackTrackerInfraStackV3/StackTrackerVPC/PublicSubnet1/NATGateway", 13, True, 525.3),
    ("IoTSimulatorFunction", 13, True, 157.4),
    ("WWWWMMMMmmmm", 13, True, 163.3),
    ("NAT gateway, $36.50/month, can go after the steps", 11, False, 285.1),
    ("subnet, ipv4-only, on 1 of 2 tables", 11, False, 188.6),
]


@pytest.mark.parametrize("text,size,bold,drawn", DRAWN)
def test_a_label_is_measured_at_least_as_wide_as_it_is_drawn(text, size, bold, drawn):
    from lambda6lint.report import svg

    assert drawn <= svg._width(text, size, bold) <= drawn * 1.08


def test_every_label_fits_its_box():
    """Labels were cut at 28 characters, which `NatGateway1` fits but which ran `aws_subnet.lambda_subnet_1`,
    the missing `egress-only internet gateway` of every plan with steps left, and
    `aws_lambda_function.aurora_lambda` (cut to 28) past their 210-pixel boxes, the first letters off the drawing
    (aws-samples/serverless-patterns terraform-lambda-aurora-serverless). Each is drawn smaller, down to 11px,
    and only cut, in the middle, where that does not do."""
    from lambda6lint.report import svg

    labels = [text for text, *_ in DRAWN[:6]]
    page = "".join(svg._box(diagram.Node(f"n{i}", "function", text, text), 0, 0) for i, text in enumerate(labels))
    drawn = re.findall(r'<text [^>]*?font-weight="600"(?: font-size="([\d.]+)")? [^>]*>([^<]*)</text>', page)
    sizes = {text: float(size or 13) for size, text in drawn}
    assert len(drawn) == len(labels) and all(svg._width(t, s, bold=True) <= svg.TEXT_WIDTH for t, s in sizes.items())
    assert sizes["egress-only internet gateway"] == 11 and sizes["aws_subnet.lambda_subnet_1"] == 11
    assert sizes["IoTSimulatorFunction"] == 13  # what fits keeps the drawing's size
    assert "aws_lambda_f…urora_lambda" in sizes  # cut only where 11px does not do
    details = re.findall(r'y="36" text-anchor="middle" font-size="([\d.]+)" fill="#263238">([^<]*)</text>', page)
    assert len(details) == len(labels) and all(svg._width(t, float(s)) <= svg.TEXT_WIDTH for s, t in details)


def _drawn(path) -> diagram.Diagram:
    result = engine.lint([str(path)], engine.Options(plan=True))
    assert result.network is not None and result.plan is not None
    (vpc,) = diagram.draw(result.network, result.plan).vpcs
    assert vpc.diagram is not None
    return vpc.diagram


def test_a_subnet_on_one_of_some_route_tables_is_drawn_to_each():
    """`RouteTableId: !If [InZoneB, !Ref PrivateRouteTableB, !Ref PrivateRouteTableA]`: the subnet was drawn to a box
    "route table not known", as one whose table may be any; it is drawn to both tables, each with its routes and
    the endpoint one of them lacks, and the subnet's box says it is on one of them."""
    drawn = _drawn(ROOT / "fixtures" / "W9630" / "good-association-table-chosen-by-undecided-condition.yaml")
    by_key = {n.key: n for n in drawn.nodes}
    (subnet,) = [n for n in drawn.nodes if n.kind == "subnet"]
    assert subnet.detail == "subnet, ipv4-only, on 1 of 2 tables"
    tables = [by_key[e.target].label for e in drawn.edges if e.source == subnet.key]
    assert tables == ["PrivateRouteTableB", "PrivateRouteTableA"]
    assert not [n for n in drawn.nodes if n.kind == "unknown"]
    missing = [(by_key[e.source].label, e.label) for e in drawn.edges if e.missing]
    assert ("PrivateRouteTableB", "s3") in missing and ("PrivateRouteTableA", "s3") not in missing


def test_a_subnet_on_one_of_many_route_tables_is_drawn_to_a_few_and_counts_the_rest(tmp_path):
    """`!Select [!Ref Zone, [6 route tables]]`: four tables drawn, a box counts the other two."""
    text = (ROOT / "fixtures" / "W9630" / "good-association-table-chosen-by-undecided-condition.yaml").read_text()
    tables = "".join(
        f"  Extra{i}:\n    Type: AWS::EC2::RouteTable\n    Properties:\n      VpcId: !Ref Vpc\n" for i in range(4)
    )
    choice = "!Select [!Ref Index, [!Ref PrivateRouteTableB, !Ref PrivateRouteTableA, !Ref Extra0, !Ref Extra1, "
    choice += "!Ref Extra2, !Ref Extra3]]"
    text = text.replace("!If [InZoneB, !Ref PrivateRouteTableB, !Ref PrivateRouteTableA]", choice)
    text = text.replace("Parameters:\n", "Parameters:\n  Index:\n    Type: Number\n").replace(
        "Resources:\n", "Resources:\n" + tables
    )
    path = tmp_path / "t.yaml"
    path.write_text(text)
    drawn = _drawn(path)
    by_key = {n.key: n for n in drawn.nodes}
    (subnet,) = [n for n in drawn.nodes if n.kind == "subnet"]
    assert subnet.detail == "subnet, ipv4-only, on 1 of 6 tables"
    shown = [by_key[e.target] for e in drawn.edges if e.source == subnet.key]
    assert [n.label for n in shown] == [
        "PrivateRouteTableB",
        "PrivateRouteTableA",
        "Extra0",
        "Extra1",
        "2 more route tables",
    ]
    assert shown[-1].kind == "route_table" and shown[-1].location is None


def test_a_route_to_part_of_dns64s_prefix_is_drawn_as_the_nat64_route():
    """A 64:ff9b::/104 route to the NAT gateway keeps it (its blocker says so): the diagram draws that route as it
    draws a /96 one, or the gateway that must stay would hang from nothing but 0.0.0.0/0."""
    drawn = _drawn(ROOT / "fixtures" / "W9650" / "good-nat64-route-part-of-the-prefix")
    by_key = {n.key: n for n in drawn.nodes}
    edges = [(by_key[e.source].kind, e.label, by_key[e.target].kind) for e in drawn.edges]
    assert ("route_table", "64:ff9b::/104", "nat") in edges, edges


ISOLATED = """\
AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties:
      CidrBlock: 10.0.0.0/16
  SubnetA:
    Type: AWS::EC2::Subnet
    Properties:
      VpcId: !Ref Vpc
      CidrBlock: 10.0.1.0/24
  Table:
    Type: AWS::EC2::RouteTable
    Properties:
      VpcId: !Ref Vpc
  Association:
    Type: AWS::EC2::SubnetRouteTableAssociation
    Properties:
      SubnetId: !Ref SubnetA
      RouteTableId: !Ref Table
  Group:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: efs client
      VpcId: !Ref Vpc
  EfsFunction:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: python3.12
      Handler: index.handler
      Role: arn:aws:iam::123456789012:role/r
      Code:
        ZipFile: "def handler(e, c): pass"
      VpcConfig:
        SubnetIds: [!Ref SubnetA]
        SecurityGroupIds: [!Ref Group]
"""


@pytest.mark.parametrize(
    "change,missing",
    [
        ("", False),  # no way out, no NAT gateway: nothing for the migration to add
        ("        Ipv6AllowedForDualStack: true\n", True),  # W9610's missing route
        (
            "  Out:\n    Type: AWS::EC2::Route\n    Properties:\n      RouteTableId: !Ref Table\n"
            "      DestinationCidrBlock: 0.0.0.0/0\n      NatGatewayId: nat-0123456789abcdef0\n",
            True,
        ),
        (  # the default route split in two halves: a way out all the same
            "".join(
                f"  Half{i}:\n    Type: AWS::EC2::Route\n    Properties:\n      RouteTableId: !Ref Table\n"
                f"      DestinationCidrBlock: {cidr}\n      NatGatewayId: nat-0123456789abcdef0\n"
                for i, cidr in enumerate(("0.0.0.0/1", "128.0.0.0/1"))
            ),
            True,
        ),
    ],
)
def test_a_function_with_no_way_out_is_not_drawn_a_missing_ipv6_route(tmp_path, change, missing):
    """aws-samples/serverless-patterns apigw-lambda-efs-sam: a function whose subnets' tables have local routes
    only, in a VPC with no NAT gateway, was drawn a dashed `::/0 missing` to an egress-only gateway, "what the
    migration still needs": there is no NAT gateway to replace, and the route would open the internet to a
    function kept off it. With its flag on (W9610), or a route out (0.0.0.0/0, or its two halves), the route is
    missing."""
    text = ISOLATED
    if "Ipv6" in change:
        text = text.replace("      VpcConfig:\n", "      VpcConfig:\n" + change)
    else:
        text += change
    path = tmp_path / "t.yaml"
    path.write_text(text)
    drawn = _drawn(path)
    assert any(e.missing and e.label == "::/0 missing" for e in drawn.edges) is missing
    assert any(n.kind == "eigw" for n in drawn.nodes) is missing


def test_a_function_with_a_way_out_is_drawn_the_missing_route_on_every_subnets_table():
    """Fn's SubnetA goes out through a NAT gateway, its SubnetB's IsolatedRouteTableB has local routes only: the
    plan's step 3 adds ::/0 to both tables (with the flag on, W9610 asks it of every subnet's), so the diagram
    draws both missing, not only the one with a way out."""
    path = ROOT / "fixtures" / "W9630" / "bad-subnets-on-route-tables-one-via-nat.yaml"
    drawn = _drawn(path)
    by_key = {n.key: n for n in drawn.nodes}
    missing = {by_key[e.source].label for e in drawn.edges if e.missing and e.label == "::/0 missing"}
    assert missing == {"PrivateRouteTableA", "IsolatedRouteTableB"}
    result = engine.lint([str(path)], engine.Options(plan=True))
    assert result.plan is not None
    (step,) = [s for v in result.plan.vpcs for n in v.nats for s in n.steps if s.step == "ipv6-route"]
    assert {c.resource.name for c in step.changes} >= missing
