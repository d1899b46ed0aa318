"""--explain's words for the zones NAT gateways are made for each of (`evaluator.said_zones`): the zones as the
code names them, in every module instance, whose key (`module.net["a"].`) holds brackets of its own."""

from __future__ import annotations

import pytest

from lambda6lint import engine

DATA = "data.aws_availability_zones.az.names"
CAPPED = f"slice({DATA}, 0, min(3, length({DATA})))"

NET = """
data "aws_availability_zones" "az" {
  state = "available"
}
locals {
  azs    = slice(data.aws_availability_zones.az.names, 0, min(3, length(data.aws_availability_zones.az.names)))
  fixed  = slice(data.aws_availability_zones.az.names, 0, 2)
}
resource "aws_vpc" "main" {
  cidr_block                       = "10.0.0.0/16"
  assign_generated_ipv6_cidr_block = true
}
resource "aws_internet_gateway" "main" {
  vpc_id = aws_vpc.main.id
}
resource "aws_subnet" "public" {
  for_each   = toset(local.fixed)
  vpc_id     = aws_vpc.main.id
  cidr_block = cidrsubnet(aws_vpc.main.cidr_block, 8, index(local.fixed, each.key))
  availability_zone = each.key
}
resource "aws_subnet" "private" {
  count      = length(local.azs)
  vpc_id     = aws_vpc.main.id
  cidr_block = cidrsubnet(aws_vpc.main.cidr_block, 8, count.index + 10)
  availability_zone = local.azs[count.index]
}
resource "aws_eip" "nat" {
  for_each = toset(local.fixed)
  domain   = "vpc"
}
resource "aws_nat_gateway" "main" {
  for_each      = toset(local.fixed)
  allocation_id = aws_eip.nat[each.key].id
  subnet_id     = aws_subnet.public[each.key].id
}
resource "aws_nat_gateway" "capped" {
  count         = length(local.azs)
  allocation_id = aws_eip.nat["x"].id
  subnet_id     = aws_subnet.public["x"].id
}
resource "aws_route_table" "private" {
  count  = length(local.azs)
  vpc_id = aws_vpc.main.id
}
resource "aws_route" "nat" {
  count                  = length(local.azs)
  route_table_id         = aws_route_table.private[count.index].id
  destination_cidr_block = "0.0.0.0/0"
  nat_gateway_id         = aws_nat_gateway.capped[count.index].id
}
resource "aws_route" "nat2" {
  for_each               = toset(local.fixed)
  route_table_id         = aws_route_table.private[0].id
  destination_cidr_block = "0.0.0.0/0"
  nat_gateway_id         = aws_nat_gateway.main[each.key].id
}
resource "aws_nat_gateway" "all" {
  for_each      = toset(data.aws_availability_zones.az.names)
  allocation_id = aws_eip.nat["x"].id
  subnet_id     = aws_subnet.public["x"].id
}

resource "aws_route" "all" {
  for_each               = toset(data.aws_availability_zones.az.names)
  route_table_id         = aws_route_table.private[0].id
  destination_cidr_block = "0.0.0.0/0"
  nat_gateway_id         = aws_nat_gateway.all[each.key].id
}

resource "aws_nat_gateway" "capset" {
  for_each      = toset(local.azs)
  allocation_id = aws_eip.nat["x"].id
  subnet_id     = aws_subnet.public["x"].id
}

resource "aws_route" "capset" {
  for_each               = toset(local.azs)
  route_table_id         = aws_route_table.private[0].id
  destination_cidr_block = "0.0.0.0/0"
  nat_gateway_id         = aws_nat_gateway.capset[each.key].id
}

resource "aws_route_table_association" "private" {
  count          = length(local.azs)
  subnet_id      = aws_subnet.private[count.index].id
  route_table_id = aws_route_table.private[count.index].id
}
resource "aws_security_group" "fn" {
  vpc_id = aws_vpc.main.id
}
resource "aws_lambda_function" "fn" {
  function_name = "fn"
  role          = "arn:aws:iam::123456789012:role/x"
  runtime       = "python3.12"
  handler       = "a.b"
  filename      = "f.zip"
  vpc_config {
    subnet_ids         = [aws_subnet.private[0].id]
    security_group_ids = [aws_security_group.fn.id]
  }
}
"""

#: (the module call's instances, the prefix of the names of what the module makes)
CALLS = [
    (None, ""),
    ("", "module.net."),
    ('for_each = toset(["a", "b"])', 'module.net["a"].'),
    ("count = 2", "module.net[0]."),
]


def words(prefix: str, zones: str) -> str:
    return zones.replace("data.", f"{prefix}data.")


@pytest.mark.parametrize(("call", "prefix"), CALLS)
@pytest.mark.parametrize(
    ("what", "said"),
    [
        ("refers to `PREFIXaws_nat_gateway.all`, one", "`data.aws_availability_zones.az` reads"),
        ("refers to `PREFIXaws_nat_gateway.main`, one", f"of `slice({DATA}, 0, 2)`"),
        ("refers to `PREFIXaws_nat_gateway.capset`, one", f"of `{CAPPED}`"),
        (
            "`PREFIXaws_subnet.private` picked by position (an index, element()), one of those made",
            f"of `{CAPPED}`",
        ),
    ],
)
def test_explain_names_the_zones_as_the_code_does(tmp_path, call, prefix, what, said):
    """The zones themselves are said by their data source; a slice of them (`toset(local.fixed)`), a capped one
    (`toset(local.azs)`) and the count of a capped one (`length(local.azs)`, which the function's subnet
    `aws_subnet.private[0]` picks from) as `slice(…)` of the zones' names in that module instance. h210: inside
    `module.net["a"]` a capped one's name was split at the key's `[`: `…names[0:min(3, length(module.net, "a"]…`.
    The NAT gateways are named by their address in that instance (`module.net[0].aws_nat_gateway.all`), where
    `_per_zone` said `aws_nat_gateway.all` in every one."""
    if call is None:
        (tmp_path / "main.tf").write_text(NET)
    else:
        (tmp_path / "net").mkdir()
        (tmp_path / "net" / "main.tf").write_text(NET)
        (tmp_path / "main.tf").write_text(f'module "net" {{\n  source = "./net"\n  {call}\n}}\n')
    texts = [u.text for u in engine.lint([str(tmp_path)]).undecided]
    expected = f"{what.replace('PREFIX', prefix)} for each zone {words(prefix, said)}: at least one in every region"
    assert [t for t in texts if expected in t], texts


@pytest.mark.parametrize(
    ("call", "instances"),
    [
        ('for_each = toset(["a", "b"])', ('module.net["a"].', 'module.net["b"].')),
        ("count = 2", ("module.net[0].", "module.net[1].")),
    ],
)
def test_each_instance_lists_its_own_routes_and_tables(tmp_path, call, instances):
    """A NAT gateway in one instance of a module call lists only the routes that may go to it: its own instance's
    and its own block's (`aws_route.nat2`'s `aws_nat_gateway.main[each.key].id` is one of that instance's `main`,
    never `capped`, nor another instance's), and a route table may get a route of an unknown count and table
    only from its own instance (`aws_route_table.private[0].id`). Before, both instances' routes to every block of
    NAT gateways of an unknown count were listed under each of them."""
    (tmp_path / "net").mkdir()
    (tmp_path / "net" / "main.tf").write_text(NET)
    (tmp_path / "main.tf").write_text(f'module "net" {{\n  source = "./net"\n  {call}\n}}\n')
    undecided = engine.lint([str(tmp_path)]).undecided
    nats = {u.subject.name for u in undecided if u.subject.type == "aws_nat_gateway"}
    assert {f"{p}aws_nat_gateway.{b}[*]" for p in instances for b in ("main", "capped", "all", "capset")} <= nats
    routes: dict[str, set[str]] = {}
    tables = 0
    for u in undecided:
        if u.subject.type == "aws_nat_gateway" and u.fact.startswith("whether route "):
            routes.setdefault(u.subject.name, set()).add(u.fact.split()[2])
        if "may get a route from" in u.cause:
            table, route = u.fact.split()[-1], u.cause.split("may get a route from ")[1].split(",")[0]
            assert table.rsplit("aws_route_table.", 1)[0] == route.rsplit("aws_route.", 1)[0], u.text
            tables += 1
    for prefix in instances:
        for block, route in (("main", "nat2"), ("all", "all"), ("capset", "capset")):
            assert routes[f"{prefix}aws_nat_gateway.{block}[*]"] == {f"{prefix}aws_route.{route}[*]"}
        assert f"{prefix}aws_nat_gateway.capped[*]" not in routes
    assert tables
