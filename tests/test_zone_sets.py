"""Resources made for each of the region's availability zones by name (`for_each =
toset(data.aws_availability_zones.x.names)`, a map by them, or a resource of that set): a set known only when
Terraform runs, but of at least one zone in every region, so one representative (`aws_subnet.private[*]`)
stands for every instance (`values.Alike`, keyed), as for a count of them (test_zone_counts.py). Instances of
two such resources pair by `each.key`, and a list of one (`values()`) with a count of the same zones by position;
what depends on the key or value otherwise stays unknown."""

from __future__ import annotations

import pytest
from test_zone_counts import COUNT, FUNCTION, VPC, ZONES, found, undecided
from test_zone_counts import ROUTES as COUNTED_ROUTES

SET = "toset(data.aws_availability_zones.az.names)"
CAPPED = "slice(data.aws_availability_zones.az.names, 0, min(3, length(data.aws_availability_zones.az.names)))"
TABLE = "aws_route_table.private[each.key].id"

SUBNETS = """
resource "aws_subnet" "private" {
  for_each          = SUBNET_EACH
  vpc_id            = aws_vpc.main.id
  cidr_block        = cidrsubnet(aws_vpc.main.cidr_block, 8, index(data.aws_availability_zones.az.names, each.key))
  ipv6_cidr_block   = IPV6
  availability_zone = each.key
}
"""
IPV6 = "cidrsubnet(aws_vpc.main.ipv6_cidr_block, 8, index(data.aws_availability_zones.az.names, each.key))"

TABLES = """
resource "aws_route_table" "private" {
  for_each = EACH
  vpc_id   = aws_vpc.main.id
}

resource "aws_route_table_association" "private" {
  for_each       = ASSOCIATION_EACH
  subnet_id      = SUBNET
  route_table_id = TABLE
}
"""

ROUTES = """
resource "aws_route" "out" {
  for_each                    = ROUTE_EACH
  route_table_id              = ROUTE_TABLE
  destination_ipv6_cidr_block = "::/0"
  egress_only_gateway_id      = aws_egress_only_internet_gateway.main.id
}
"""


def module(
    tmp_path,
    *,
    zones: str = ZONES,
    each: str = SET,
    subnet_each: str = "",
    association_each: str = "",
    route_each: str = "",
    ipv6: str = IPV6,
    subnet: str = "aws_subnet.private[each.key].id",
    table: str = "aws_route_table.private[each.key].id",
    route_table: str = "aws_route_table.private[each.key].id",
    routes: str = ROUTES,
    subnet_ids: str = "[for s in aws_subnet.private : s.id]",
    extra: str = "",
) -> str:
    """Subnets, tables, associations and ::/0 routes, each a `for_each` of `each` (unless given another)."""
    text = zones + VPC + SUBNETS.replace("IPV6", ipv6) + TABLES + routes + FUNCTION + extra
    replaced = {
        "SUBNET_EACH": subnet_each or each,
        "ASSOCIATION_EACH": association_each or each,
        "ROUTE_EACH": route_each or each,
        "ROUTE_TABLE": route_table,
        "EACH": each,
        "SUBNET_IDS": subnet_ids,
        "SUBNET": subnet,
        "TABLE": table,
    }
    for name, value in replaced.items():
        text = text.replace(name, value)
    (tmp_path / "main.tf").write_text(text)
    return str(tmp_path)


def test_every_instance_is_as_its_representative_says(tmp_path):
    """Dual-stack subnets, each on a table of its own key with ::/0 out: nothing to find, nothing undecided."""
    folder = module(tmp_path)
    assert found(folder) == []
    assert not [u for u in undecided(folder) if "aws_subnet" in u or "aws_route_table" in u]


@pytest.mark.parametrize(
    ("zones", "each"),
    [
        (ZONES, SET),
        (ZONES, "toset(data.aws_availability_zones.az.zone_ids)"),
        (ZONES + "locals {\n  azs = toset(data.aws_availability_zones.az.names)\n}\n", "local.azs"),
        (ZONES + "locals {\n  names = data.aws_availability_zones.az.names\n}\n", "toset(local.names)"),
        (ZONES, "{ for az in data.aws_availability_zones.az.names : az => cidrsubnet(aws_vpc.main.cidr_block, 8, 1) }"),
        (ZONES, "{ for i, az in toset(data.aws_availability_zones.az.names) : az => i }"),
        # the first zones of the region's (`slice()` past its zones is Terraform's error): at least one
        (ZONES, "toset(slice(data.aws_availability_zones.az.names, 0, 3))"),
        (ZONES + "locals {\n  azs = slice(data.aws_availability_zones.az.names, 0, 2)\n}\n", "toset(local.azs)"),
        (
            ZONES + 'variable "n" {\n  default = 2\n}\n',
            "toset(slice(data.aws_availability_zones.az.zone_ids, 1, var.n))",
        ),
        (ZONES, "{ for az in slice(data.aws_availability_zones.az.names, 0, 3) : az => az }"),
        # at most that many of them, all where the region has fewer (seunayolu/terraform-rds-proxy-iam-auth): never
        # none, as every region has one
        (ZONES + f"locals {{\n  azs = {CAPPED}\n}}\n", "toset(local.azs)"),
        (ZONES, f"toset({CAPPED})"),
        (
            ZONES + "locals {\n  ids = data.aws_availability_zones.az.zone_ids\n}\n",
            "toset(slice(data.aws_availability_zones.az.zone_ids, 0, min(length(local.ids), 1, 2)))",
        ),
        (ZONES + 'variable "n" {\n  default = 2\n}\n', f"toset({CAPPED.replace('min(3', 'min(var.n')})"),
    ],
)
def test_a_set_of_every_zone_is_at_least_one(tmp_path, zones, each):
    assert found(module(tmp_path, zones=zones, each=each, ipv6="null")) == ["E9602 aws_lambda_function.fn"]


@pytest.mark.parametrize(
    ("zones", "each"),
    [
        # zones left out: all of them may be
        ('data "aws_availability_zones" "az" {\n  exclude_names = ["eu-west-1a"]\n}\n', SET),
        # not the zones' names, or not all of them
        (ZONES + 'variable "azs" {\n  type = set(string)\n}\n', "var.azs"),
        (ZONES, '{ for az in data.aws_availability_zones.az.names : az => az if az != "eu-west-1a" }'),
        (ZONES, '{ for az in data.aws_availability_zones.az.names : "${az}-private" => az }'),
        (ZONES + 'variable "n" {}\n', "toset(slice(data.aws_availability_zones.az.names, 0, var.n))"),
        (ZONES, "toset([for az in data.aws_availability_zones.az.names : az])"),
        # what bounds that cannot be known keep, or of zones left out
        (
            ZONES + 'variable "n" {\n  type = number\n}\n',
            "toset(slice(data.aws_availability_zones.az.names, var.n, 3))",
        ),
        (
            'data "aws_availability_zones" "az" {\n  exclude_names = ["eu-west-1a"]\n}\n',
            "toset(slice(data.aws_availability_zones.az.names, 0, 3))",
        ),
        # capped (`min()`) from past the first zone, at none, at a number that cannot be known, or by another length
        (ZONES, f"toset({CAPPED.replace(', 0,', ', 1,')})"),
        (ZONES, f"toset({CAPPED.replace('min(3', 'min(0')})"),
        (ZONES + 'variable "n" {\n  type = number\n}\n', f"toset({CAPPED.replace('min(3', 'min(var.n')})"),
        (
            ZONES + 'variable "azs" {\n  type = list(string)\n}\n',
            "toset(slice(data.aws_availability_zones.az.names, 0, min(3, length(var.azs))))",
        ),
    ],
)
def test_a_set_that_may_be_empty_stays_unknown(tmp_path, zones, each):
    """No subnets: then the function has none, another case. Nothing is decided."""
    assert found(module(tmp_path, zones=zones, each=each, ipv6="null")) == []


@pytest.mark.parametrize(
    "subnet_ids",
    [
        "[for s in aws_subnet.private : s.id]",
        "[for az, s in aws_subnet.private : s.id]",
        "values(aws_subnet.private)[*].id",
        "[for s in values(aws_subnet.private) : s.id]",
    ],
)
def test_the_subnets_as_a_list(tmp_path, subnet_ids):
    assert found(module(tmp_path, ipv6="null", subnet_ids=subnet_ids)) == ["E9602 aws_lambda_function.fn"]


@pytest.mark.parametrize(
    "subnet_ids",
    [
        # a map has no attribute `id` (Terraform's splat takes it for one item): an error, not a list of ids
        "aws_subnet.private[*].id",
        '[aws_subnet.private["eu-west-1a"].id]',
        "slice(values(aws_subnet.private)[*].id, 0, 1)",
        # a map of ids by zone is no list (Terraform refuses it for subnet_ids)
        "{ for az, s in aws_subnet.private : az => s.id }",
        '[for s in aws_subnet.private : s.id if s.availability_zone != "eu-west-1a"]',
    ],
)
def test_subnets_named_one_at_a_time_or_not_as_a_list_stay_unknown(tmp_path, subnet_ids):
    assert found(module(tmp_path, ipv6="null", subnet_ids=subnet_ids)) == []


def test_what_depends_on_the_key_stays_unknown(tmp_path):
    folder = module(tmp_path, ipv6=f'each.key == "eu-west-1a" ? null : {IPV6}')
    assert found(folder) == []
    assert any("depends on `each`, which differs among the instances" in u for u in undecided(folder))


def test_a_table_without_an_ipv6_route_is_found_on_the_representative(tmp_path):
    assert found(module(tmp_path, routes="")) == ["W9610 aws_route_table.private[*]"]


@pytest.mark.parametrize(
    ("association_each", "subnet", "route_each", "route_table"),
    [
        ("", "aws_subnet.private[each.key].id", "", "aws_route_table.private[each.key].id"),
        # a for_each over the resource of that set: each.value is its instance of the key
        ("aws_subnet.private", "each.value.id", "aws_route_table.private", "each.value.id"),
        ("aws_subnet.private", "aws_subnet.private[each.key].id", "", "aws_route_table.private[each.key].id"),
        # each.value of toset() is the key
        ("", "aws_subnet.private[each.value].id", "", "aws_route_table.private[each.value].id"),
        # a map by the same keys
        ("{ for az, s in aws_subnet.private : az => s.id }", "each.value", "", "aws_route_table.private[each.key].id"),
    ],
)
def test_instances_of_the_same_key_pair(tmp_path, association_each, subnet, route_each, route_table):
    """Each association puts its subnet on the table of the same key, each table has ::/0 (nothing to find);
    without the routes, the table is found."""
    kwargs = {"association_each": association_each, "subnet": subnet, "route_each": route_each}
    assert found(module(tmp_path, route_table=route_table, **kwargs)) == []
    assert found(module(tmp_path, routes="", **kwargs)) == ["W9610 aws_route_table.private[*]"]


@pytest.mark.parametrize(
    ("each", "association_each", "subnet", "table"),
    [
        # a table named by one key
        (SET, "", "aws_subnet.private[each.key].id", 'aws_route_table.private["eu-west-1a"].id'),
        # each.value of a map by the zones is its value, not the key
        (
            "{ for az in data.aws_availability_zones.az.names : az => az }",
            "",
            "aws_subnet.private[each.value].id",
            "aws_route_table.private[each.key].id",
        ),
        # another set's keys (zone ids, not names)
        (
            SET,
            "toset(data.aws_availability_zones.az.zone_ids)",
            "aws_subnet.private[each.key].id",
            "aws_route_table.private[each.key].id",
        ),
        # a set by the zones of tables counted by them: no key of the one is an index of the other
        (SET, "", "aws_subnet.private[each.key].id", "element(aws_route_table.private[*].id, 0)"),
        # the first three zones and all of them: not taken for the same keys
        (
            SET,
            "toset(slice(data.aws_availability_zones.az.names, 0, 3))",
            "aws_subnet.private[each.key].id",
            "aws_route_table.private[each.key].id",
        ),
        # a map by other keys of the subnets
        (SET, "{ for s in aws_subnet.private : s.cidr_block => s.id }", "each.value", TABLE),
        (SET, '{ for az, s in aws_subnet.private : az => s.id if az != "eu-west-1a" }', "each.value", TABLE),
        (SET, "{ for az, s in aws_subnet.private : az => s.id... }", "each.value[0]", TABLE),
    ],
)
def test_instances_not_of_the_same_key_stay_unknown(tmp_path, each, association_each, subnet, table):
    """Subnets whose table cannot be known: no table of theirs is found without ::/0 (W9610), and the
    subnets and tables are not taken for paired."""
    folder = module(tmp_path, each=each, association_each=association_each, subnet=subnet, table=table, routes="")
    assert "W9610 aws_route_table.private[*]" not in found(folder)
    assert "W9610 aws_lambda_function.fn" not in found(folder)


def test_a_count_and_a_set_of_the_same_zones_do_not_pair(tmp_path):
    """Tables counted by the zones and subnets made for each of them: `[each.key]` of a list is an error, and
    `[count.index]` of a map is one too; neither is the instance of the same zone."""
    tables = "length(data.aws_availability_zones.az.names)"
    text = module(tmp_path, routes="", table="aws_route_table.private[count.index].id")
    main = tmp_path / "main.tf"
    main.write_text(
        main.read_text()
        .replace(f"for_each = {SET}\n  vpc_id   = aws_vpc.main.id", f"count  = {tables}\n  vpc_id = aws_vpc.main.id")
        .replace(
            f"for_each       = {SET}\n  subnet_id      = aws_subnet.private[each.key].id",
            f"count          = {tables}\n  subnet_id      = aws_subnet.private[count.index].id",
        )
    )
    assert "count  =" in main.read_text() and "aws_subnet.private[count.index].id" in main.read_text()
    assert found(text) == []


def test_a_for_each_over_subnets_of_a_count_stays_unknown(tmp_path):
    """`for_each = aws_subnet.private` where the subnets are counted by the zones: a list, which for_each
    refuses; the associations are not taken for one per subnet."""
    folder = module(tmp_path, association_each="aws_subnet.private", subnet="each.value.id", routes="")
    main = tmp_path / "main.tf"
    subnets = f"for_each          = {SET}"
    main.write_text(
        main.read_text().replace(subnets, "count             = length(data.aws_availability_zones.az.names)")
    )
    assert "W9610 aws_route_table.private[*]" not in found(folder)


@pytest.mark.parametrize("each", [SET, "{ for az in data.aws_availability_zones.az.names : az => az }"])
def test_the_fix_for_a_subnet_without_ipv6_is_valid_for_a_set_and_a_map(tmp_path, each):
    """E9602's fix numbers each subnet by its key's place among the for_each's keys: `keys()` of a set is
    Terraform's error ("must have map or object type"); a `for` reads the keys of a set and of a map alike."""
    from test_zone_counts import engine

    [finding] = [f for f in engine.lint([module(tmp_path, each=each, ipv6="null")]).findings if f.rule.id == "E9602"]
    assert "keys(F)" not in finding.message
    assert "N + index([for k, v in F : k], each.key)" in finding.message


def test_resources_of_the_same_slice_of_the_zones_pair(tmp_path):
    """`for_each = toset(slice(data.aws_availability_zones.az.names, 0, 3))` in each resource (terraform-aws-modules'
    examples' `azs`): three zones or Terraform's error, the same keys in each; the table without ::/0 is found."""
    each = "toset(local.azs)"
    zones = ZONES + "locals {\n  azs = slice(data.aws_availability_zones.az.names, 0, 3)\n}\n"
    assert found(module(tmp_path, zones=zones, each=each)) == []
    assert found(module(tmp_path, zones=zones, each=each, routes="")) == ["W9610 aws_route_table.private[*]"]


COUNTED = """
locals {
  ids = data.aws_availability_zones.az.zone_ids
}

resource "aws_subnet" "by_id" {
  for_each             = toset(local.ids)
  vpc_id               = aws_vpc.main.id
  cidr_block           = cidrsubnet(aws_vpc.main.cidr_block, 8, 100 + index(local.ids, each.key))
  ipv6_cidr_block      = cidrsubnet(aws_vpc.main.ipv6_cidr_block, 8, 100 + index(local.ids, each.key))
  availability_zone_id = each.key
}

resource "aws_route_table" "private" {
  count  = COUNT
  vpc_id = aws_vpc.main.id
}

resource "aws_route_table_association" "private" {
  count          = COUNT
  subnet_id      = SUBNET
  route_table_id = aws_route_table.private[count.index].id
}
"""


@pytest.mark.parametrize(
    ("subnet", "subnet_ids"),
    [
        ("values(aws_subnet.private)[count.index].id", "values(aws_subnet.private)[*].id"),
        ("[for s in aws_subnet.private : s.id][count.index]", "[for s in aws_subnet.private : s.id]"),
        ("element(values(aws_subnet.private)[*].id, count.index)", "values(aws_subnet.private)[*].id"),
        # a set by the zones' ids: as many as their names
        ("values(aws_subnet.by_id)[count.index].id", "values(aws_subnet.by_id)[*].id"),
    ],
)
def test_a_count_of_the_zones_pairs_with_the_list_of_a_set_of_them(tmp_path, subnet, subnet_ids):
    """Tables and associations counted by the zones, subnets made for each zone: `values()` of the subnets is a
    list of as many, in key order, so `[count.index]` is the subnet at the same position, each once. Every
    table lacking ::/0 is found; none where each has it."""
    for routes, expected in (("", ["W9610 aws_route_table.private[*]"]), (COUNTED_ROUTES, [])):
        text = ZONES + VPC + SUBNETS.replace("IPV6", IPV6).replace("SUBNET_EACH", SET) + COUNTED + routes
        text += FUNCTION.replace("SUBNET_IDS", subnet_ids)
        (tmp_path / "main.tf").write_text(text.replace("COUNT", COUNT).replace("SUBNET", subnet))
        assert found(str(tmp_path)) == expected


@pytest.mark.parametrize(
    ("count", "subnet"),
    [
        # a slice of them: another number
        ("length(slice(data.aws_availability_zones.az.names, 0, 2))", "values(aws_subnet.private)[count.index].id"),
        # the zones of another data source
        ("length(data.aws_availability_zones.other.names)", "values(aws_subnet.private)[count.index].id"),
        # a map by the zones is no list
        ("length(data.aws_availability_zones.az.names)", "aws_subnet.private[count.index].id"),
        # a filtered list of them is fewer
        (
            "length(data.aws_availability_zones.az.names)",
            '[for s in aws_subnet.private : s.id if s.availability_zone != "x"][count.index]',
        ),
    ],
)
def test_a_count_not_of_the_same_zones_does_not_pair_with_a_set(tmp_path, count, subnet):
    text = ZONES + 'data "aws_availability_zones" "other" {}\n' + VPC + SUBNETS.replace("IPV6", IPV6)
    text = (
        text.replace("SUBNET_EACH", SET) + COUNTED + FUNCTION.replace("SUBNET_IDS", "values(aws_subnet.private)[*].id")
    )
    (tmp_path / "main.tf").write_text(text.replace("COUNT", count).replace("SUBNET", subnet))
    assert found(str(tmp_path)) == []


NATS = """
resource "aws_subnet" "public" {
  for_each          = EACH
  vpc_id            = aws_vpc.main.id
  availability_zone = each.key
  cidr_block        = cidrsubnet(aws_vpc.main.cidr_block, 8, 10 + index(data.aws_availability_zones.az.names, each.key))
}

resource "aws_eip" "nat" {
  NAT_EACH
  domain = "vpc"
}

resource "aws_nat_gateway" "main" {
  NAT_EACH
  subnet_id     = SUBNET
  allocation_id = aws_eip.nat[POSITION].id
}

resource "aws_route" "nat" {
  for_each               = aws_route_table.private
  route_table_id         = each.value.id
  destination_cidr_block = "0.0.0.0/0"
  nat_gateway_id         = NAT
}
"""


@pytest.mark.parametrize(
    ("each", "nat_each", "subnet", "nat", "zones"),
    [
        (
            SET,
            "for_each = aws_subnet.public",
            "each.value.id",
            "aws_nat_gateway.main[each.key].id",
            "`data.aws_availability_zones.az` reads",
        ),
        (
            SET,
            f"for_each = {SET}",
            "aws_subnet.public[each.key].id",
            "aws_nat_gateway.main[each.key].id",
            "`data.aws_availability_zones.az` reads",
        ),
        (
            SET,
            "count = length(data.aws_availability_zones.az.names)",
            "values(aws_subnet.public)[count.index].id",
            "aws_nat_gateway.main[0].id",
            "`data.aws_availability_zones.az` reads",
        ),
        (
            "toset(slice(data.aws_availability_zones.az.names, 0, 3))",
            "for_each = aws_subnet.public",
            "each.value.id",
            "aws_nat_gateway.main[each.key].id",
            "of `slice(data.aws_availability_zones.az.names, 0, 3)`",
        ),
        (
            f"toset({CAPPED})",
            "for_each = aws_subnet.public",
            "each.value.id",
            "aws_nat_gateway.main[each.key].id",
            f"of `{CAPPED}`",
        ),
        (
            f"toset({CAPPED})",
            f"count = length({CAPPED})",
            "values(aws_subnet.public)[count.index].id",
            "aws_nat_gateway.main[0].id",
            f"of `{CAPPED}`",
        ),
    ],
)
def test_nat_gateways_for_each_zone_stay_unknown_and_explain_says_why(tmp_path, each, nat_each, subnet, nat, zones):
    """NAT gateways made for each zone have no representative (each is billed, so how many matters): the
    routes to them stay unknown, and --explain says it is one NAT gateway per zone, not the chain of for_each
    behind it."""
    nats = NATS.replace("NAT_EACH", nat_each).replace("SUBNET", subnet).replace("NAT", nat)
    nats = nats.replace("POSITION", "count.index" if "count" in nat_each else "each.key")
    folder = module(tmp_path, extra=nats.replace("EACH", each))
    [cause] = [u for u in undecided(folder) if "aws_route.nat" in u]
    assert f"refers to `aws_nat_gateway.main`, one for each zone {zones}: at least one in every region" in cause
    assert "W9650 and I9651 weigh each" in cause
