"""Resources counted by the region's availability zones (`count = length(data.aws_availability_zones.x.names)`):
a number known only when Terraform runs, but at least one in every region, so one representative
(`aws_subnet.private[*]`) stands for every instance (`values.Alike`). What depends on the position of an
instance, or names one instance alone, stays unknown."""

from __future__ import annotations

import pytest

from lambda6lint import engine

ZONES = 'data "aws_availability_zones" "az" {\n  state = "available"\n}\n'
CAPPED = "slice(data.aws_availability_zones.az.names, 0, min(3, length(data.aws_availability_zones.az.names)))"
COUNT = "length(data.aws_availability_zones.az.names)"

VPC = """
resource "aws_vpc" "main" {
  cidr_block                       = "10.0.0.0/16"
  assign_generated_ipv6_cidr_block = true
}

resource "aws_egress_only_internet_gateway" "main" {
  vpc_id = aws_vpc.main.id
}
"""

SUBNETS = """
resource "aws_subnet" "private" {
  count           = COUNT
  vpc_id          = aws_vpc.main.id
  cidr_block      = cidrsubnet(aws_vpc.main.cidr_block, 8, count.index)
  ipv6_cidr_block = IPV6
}
"""
IPV6 = "cidrsubnet(aws_vpc.main.ipv6_cidr_block, 8, count.index)"

TABLES = """
resource "aws_route_table" "private" {
  count  = COUNT
  vpc_id = aws_vpc.main.id
}

resource "aws_route_table_association" "private" {
  count          = COUNT
  subnet_id      = aws_subnet.private[count.index].id
  route_table_id = TABLE
}
"""
TABLE = "aws_route_table.private[count.index].id"

ROUTES = """
resource "aws_route" "out" {
  count                       = COUNT
  route_table_id              = aws_route_table.private[count.index].id
  destination_ipv6_cidr_block = "::/0"
  egress_only_gateway_id      = aws_egress_only_internet_gateway.main.id
}
"""

FUNCTION = """
resource "aws_security_group" "fn" {
  vpc_id = aws_vpc.main.id
  egress {
    from_port        = 443
    to_port          = 443
    protocol         = "tcp"
    ipv6_cidr_blocks = ["::/0"]
  }
}

resource "aws_lambda_function" "fn" {
  function_name = "fn"
  role          = "arn:aws:iam::123456789012:role/fn"
  publish       = true
  vpc_config {
    subnet_ids                  = SUBNET_IDS
    security_group_ids          = [aws_security_group.fn.id]
    ipv6_allowed_for_dual_stack = true
  }
  environment {
    variables = { AWS_USE_DUALSTACK_ENDPOINT = "true" }
  }
}

resource "aws_lambda_alias" "live" {
  name             = "live"
  function_name    = aws_lambda_function.fn.function_name
  function_version = aws_lambda_function.fn.version
}
"""


def module(
    tmp_path,
    *,
    zones: str = ZONES,
    count: str = COUNT,
    ipv6: str = IPV6,
    table: str = TABLE,
    routes: str = ROUTES,
    subnet_ids: str = "aws_subnet.private[*].id",
    extra: str = "",
) -> str:
    text = zones + VPC + SUBNETS.replace("IPV6", ipv6) + TABLES.replace("TABLE", table) + routes + FUNCTION + extra
    (tmp_path / "main.tf").write_text(text.replace("COUNT", count).replace("SUBNET_IDS", subnet_ids))
    return str(tmp_path)


def found(folder: str) -> list[str]:
    return sorted(f"{f.rule.id} {f.resource}" for f in engine.lint([folder]).findings)


def undecided(folder: str) -> set[str]:
    return {u.text for u in engine.lint([folder]).undecided}


def test_every_instance_is_as_its_representative_says(tmp_path):
    """Dual-stack subnets, each on a table of its own with ::/0 out: nothing to find, and nothing undecided."""
    folder = module(tmp_path)
    assert found(folder) == []
    assert not [u for u in undecided(folder) if "aws_subnet" in u or "aws_route_table" in u]


@pytest.mark.parametrize(
    ("zones", "count"),
    [
        (ZONES, COUNT),
        ('data "aws_availability_zones" "az" {}\n', COUNT),
        (ZONES, "length(data.aws_availability_zones.az.zone_ids)"),
        (ZONES + "locals {\n  azs = data.aws_availability_zones.az.names\n}\n", "length(local.azs)"),
        (
            ZONES + "locals {\n  n = local.az_count\n  az_count = length(data.aws_availability_zones.az.names)\n}\n",
            "local.n",
        ),
        (
            'data "aws_availability_zones" "az" {\n  filter {\n    name   = "opt-in-status"\n'
            '    values = ["opt-in-not-required"]\n  }\n}\n',
            COUNT,
        ),
        # the first of them, at most three (a slice capped by `min()`): never none
        (ZONES + f"locals {{\n  azs = {CAPPED}\n}}\n", "length(local.azs)"),
    ],
)
def test_a_count_of_every_zone_is_at_least_one(tmp_path, zones, count):
    assert found(module(tmp_path, zones=zones, count=count, ipv6="null")) == ["E9602 aws_lambda_function.fn"]


@pytest.mark.parametrize(
    ("zones", "count"),
    [
        # zones left out: all of them may be
        ('data "aws_availability_zones" "az" {\n  exclude_names = ["eu-west-1a"]\n}\n', COUNT),
        ('data "aws_availability_zones" "az" {\n  state = "unavailable"\n}\n', COUNT),
        ('data "aws_availability_zones" "az" {\n  state = var.state\n}\nvariable "state" {}\n', COUNT),
        (
            'data "aws_availability_zones" "az" {\n  filter {\n    name   = "zone-type"\n'
            '    values = ["local-zone"]\n  }\n}\n',
            COUNT,
        ),
        # not the zones' number
        (ZONES, "length(data.aws_availability_zones.az.names) - 1"),
        (ZONES + 'data "aws_subnets" "any" {}\n', "length(data.aws_subnets.any.ids)"),
        (ZONES + 'variable "zones" {\n  type = number\n}\n', "var.zones"),
        (
            ZONES + 'variable "n" {}\nlocals {\n  azs = slice(data.aws_availability_zones.az.names, 0, var.n)\n}\n',
            "length(local.azs)",
        ),
        # capped from past the first zone: none in a region of one
        (ZONES + f"locals {{\n  azs = {CAPPED.replace(', 0,', ', 1,')}\n}}\n", "length(local.azs)"),
    ],
)
def test_a_count_that_may_be_zero_stays_unknown(tmp_path, zones, count):
    """0 subnets: then the function has none, another case. Nothing is decided."""
    assert found(module(tmp_path, zones=zones, count=count, ipv6="null")) == []


def test_what_depends_on_the_position_stays_unknown(tmp_path):
    folder = module(tmp_path, ipv6=f"count.index == 0 ? null : {IPV6}")
    assert found(folder) == []
    assert any("depends on `count.index`, which differs among the instances" in u for u in undecided(folder))


def test_a_table_without_an_ipv6_route_is_found_on_the_representative(tmp_path):
    assert found(module(tmp_path, routes="")) == ["W9610 aws_route_table.private[*]"]


def test_one_table_for_every_subnet(tmp_path):
    """The association of the same count puts each subnet on one table: what that table has decides."""
    one = '\nresource "aws_route_table" "one" {\n  vpc_id = aws_vpc.main.id\n}\n'
    assert found(module(tmp_path, table="aws_route_table.one.id", routes="", extra=one)) == [
        "W9610 aws_route_table.one"
    ]


def test_element_at_the_same_position_is_the_same_instance(tmp_path):
    table = "element(aws_route_table.private[*].id, count.index)"
    assert found(module(tmp_path, table=table, routes="")) == ["W9610 aws_route_table.private[*]"]
    assert found(module(tmp_path, table=table)) == []


@pytest.mark.parametrize(
    "picking",
    [
        # h128's first false W9610: an association of another count picks subnets by position
        'resource "aws_route_table_association" "two" {\n  count = 2\n'
        "  subnet_id = aws_subnet.private[count.index].id\n  route_table_id = aws_route_table.other.id\n}\n",
        'resource "aws_route_table_association" "first" {\n'
        "  subnet_id = aws_subnet.private[0].id\n  route_table_id = aws_route_table.other.id\n}\n",
        'resource "aws_route_table_association" "picked" {\n'
        "  subnet_id = element(aws_subnet.private[*].id, 1)\n  route_table_id = aws_route_table.other.id\n}\n",
    ],
)
def test_a_subnet_named_one_instance_at_a_time_is_open(tmp_path, picking):
    """The representative cannot show what is attached to one instance: here, a table without ::/0."""
    other = '\nresource "aws_route_table" "other" {\n  vpc_id = aws_vpc.main.id\n}\n' + picking
    folder = module(tmp_path, extra=other)
    assert found(folder) == []
    assert any("is also named one instance at a time" in u for u in undecided(folder))


def test_another_zone_count_is_another_number(tmp_path):
    """Two data sources read the same zones, but the code names two numbers: positions do not pair."""
    zones = ZONES + 'data "aws_availability_zones" "again" {}\n'
    assert found(module(tmp_path, zones=zones)) == []
    folder = module(tmp_path, zones=zones, routes=ROUTES.replace("COUNT", COUNT.replace(".az.", ".again.")))
    assert found(folder) == []
    assert any("aws_route_table.private[*]" in u for u in undecided(folder))


def test_an_association_of_an_unknown_count_opens_the_subnets(tmp_path):
    extra = 'variable "n" {\n  type = number\n}\n'
    tables = TABLES.replace("COUNT", "var.n", 1).replace("count          = COUNT", "count          = var.n")
    text = ZONES + VPC + SUBNETS.replace("IPV6", IPV6) + tables + FUNCTION + extra
    (tmp_path / "main.tf").write_text(text.replace("COUNT", COUNT).replace("SUBNET_IDS", "aws_subnet.private[*].id"))
    assert found(str(tmp_path)) == []


@pytest.mark.parametrize(
    ("subnet_ids", "fires"),
    [
        ("[for s in aws_subnet.private : s.id]", True),
        ("tolist(aws_subnet.private[*].id)", True),
        ("aws_subnet.private.*.id", True),
        ("local.subnets", True),
        ('[for s in aws_subnet.private : s.id if s.availability_zone != "x"]', False),
        ("concat(aws_subnet.private[*].id, [])", False),
        ("slice(aws_subnet.private[*].id, 0, 2)", False),
        ("[aws_subnet.private[0].id]", False),
    ],
)
def test_the_subnet_list_as_written(tmp_path, subnet_ids, fires):
    """A list that keeps every instance is the representative; one that may keep some is unknown."""
    extra = "locals {\n  subnets = aws_subnet.private[*].id\n}\n"
    folder = module(tmp_path, ipv6="null", subnet_ids=subnet_ids, extra=extra)
    assert found(folder) == (["E9602 aws_lambda_function.fn"] if fires else [])


def test_a_modules_output_of_the_instances(tmp_path):
    """himura467/tend-attend: the VPC module outputs `aws_subnet.private[*]`, the root reads `.id` of each."""
    (tmp_path / "vpc").mkdir()
    network = ZONES + VPC + SUBNETS.replace("IPV6", "null") + TABLES.replace("TABLE", TABLE) + ROUTES
    network += 'output "private_subnets" {\n  value = aws_subnet.private[*]\n}\n'
    network += 'output "vpc_id" {\n  value = aws_vpc.main.id\n}\n'
    (tmp_path / "vpc" / "main.tf").write_text(network.replace("COUNT", COUNT))
    root = 'module "vpc" {\n  source = "./vpc"\n}\n' + FUNCTION.replace("aws_vpc.main.id", "module.vpc.vpc_id")
    (tmp_path / "main.tf").write_text(root.replace("SUBNET_IDS", "module.vpc.private_subnets[*].id"))
    assert found(str(tmp_path)) == ["E9602 aws_lambda_function.fn"]


ROUTE_MODULE = """
variable "table" {}
variable "gateway" {}

resource "aws_route" "out" {
  route_table_id              = var.table
  destination_ipv6_cidr_block = "::/0"
  egress_only_gateway_id      = var.gateway
}
"""


@pytest.mark.parametrize(
    ("count", "call"),
    [
        (COUNT, f"count = {COUNT}\n  table = aws_route_table.private[count.index].id"),
        (COUNT, "for_each = toset(aws_route_table.private[*].id)\n  table = each.value"),
        ("3", "count = var.n\n  table = aws_route_table.private[count.index].id"),  # (tables of a known count)
    ],
)
def test_a_module_call_of_an_unknown_count_may_add_to_what_it_is_given(tmp_path, count, call):
    """Its instances, however many, each add a ::/0 route to the table they are given: it was not read at all,
    and the tables said to have none (W9610)."""
    (tmp_path / "route").mkdir()
    (tmp_path / "route" / "main.tf").write_text(ROUTE_MODULE)
    extra = 'variable "n" {\n  type = number\n}\n\nmodule "route" {\n  source = "./route"\n  ' + call
    extra += "\n  gateway = aws_egress_only_internet_gateway.main.id\n}\n"
    folder = module(tmp_path, count=count, routes="", extra=extra)
    assert found(folder) == []
    assert any("is passed to module.route (its " in u for u in undecided(folder))


def test_a_module_call_of_an_unknown_count_may_host_in_the_subnets_it_is_given(tmp_path):
    """A NAT gateway the function alone uses, but a module of an unknown count (0 or 1) given the subnets may put
    a database or an instance there: not replaceable (W9650)."""
    nat = """
resource "aws_subnet" "public" {
  vpc_id     = aws_vpc.main.id
  cidr_block = "10.0.200.0/24"
}

resource "aws_eip" "nat" {
  domain = "vpc"
}

resource "aws_nat_gateway" "nat" {
  allocation_id = aws_eip.nat.id
  subnet_id     = aws_subnet.public.id
}

resource "aws_route" "v4" {
  count                  = COUNT
  route_table_id         = aws_route_table.private[count.index].id
  destination_cidr_block = "0.0.0.0/0"
  nat_gateway_id         = aws_nat_gateway.nat.id
}
""".replace("COUNT", COUNT)
    assert found(module(tmp_path, extra=nat)) == ["W9650 aws_nat_gateway.nat"]
    call = 'variable "create" {\n  type = bool\n}\n\nmodule "db" {\n  source     = "git::https://example.com/db.git"\n'
    call += "  count      = var.create ? 1 : 0\n  subnet_ids = aws_subnet.private[*].id\n}\n"
    assert found(module(tmp_path, extra=nat + call)) == []


S3_FUNCTION = """
resource "aws_iam_role" "fn" {
  name               = "fn"
  assume_role_policy = "{}"
}

resource "aws_iam_role_policy" "s3" {
  role   = aws_iam_role.fn.id
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "*" }]
  })
}

resource "aws_vpc_endpoint" "s3" {
  vpc_id       = aws_vpc.main.id
  service_name = "com.amazonaws.us-east-1.s3"
}
"""


def s3_module(tmp_path, association: str, **kwargs) -> str:
    """A function that uses S3 (its SDK on IPv4 endpoints), with an S3 gateway endpoint put on its tables by an
    aws_vpc_endpoint_route_table_association `association` writes (in endpoints.tf, read before main.tf)."""
    folder = module(tmp_path, extra=S3_FUNCTION, **kwargs)
    main = tmp_path / "main.tf"
    text = main.read_text().replace('"arn:aws:iam::123456789012:role/fn"', "aws_iam_role.fn.arn")
    main.write_text(text.replace("AWS_USE_DUALSTACK_ENDPOINT", "STAGE"))
    (tmp_path / "endpoints.tf").write_text(
        'resource "aws_vpc_endpoint_route_table_association" "s3" {\n  '
        + association
        + "\n  vpc_endpoint_id = aws_vpc_endpoint.s3.id\n}\n"
    )
    return folder


def test_an_endpoint_association_read_before_its_endpoint_is_kept(tmp_path):
    """Files are read in name order: endpoints.tf's association came before main.tf's endpoint, whose own
    route_table_ids then replaced it (W9630, 'no S3 gateway endpoint', on the table it is on)."""
    one = '\nresource "aws_route_table" "one" {\n  vpc_id = aws_vpc.main.id\n}\n'
    one += ROUTES.replace("COUNT", "1").replace("aws_route_table.private[count.index]", "aws_route_table.one")
    folder = s3_module(tmp_path, "route_table_id = aws_route_table.one.id", table="aws_route_table.one.id", routes=one)
    assert found(folder) == ["W9631 aws_lambda_function.fn"]


@pytest.mark.parametrize(
    ("count", "association"),
    [
        (COUNT, "for_each = toset(aws_route_table.private[*].id)\n  route_table_id = each.value"),
        ("3", f"count = {COUNT}\n  route_table_id = aws_route_table.private[count.index].id"),
        ("3", "for_each = toset(aws_route_table.private[*].id)\n  route_table_id = each.value"),
    ],
)
def test_an_endpoint_association_of_an_unknown_count_may_be_on_any_table(tmp_path, count, association):
    """Associations whose number and tables cannot be known may put the endpoint on every table: each table was
    W9630 'no S3 gateway endpoint'. What needs no endpoint still holds (W9631: no IPv4 way out)."""
    folder = s3_module(tmp_path, association, count=count)
    assert found(folder) == ["W9631 aws_lambda_function.fn"]
    assert any("may be added to by aws_vpc_endpoint_route_table_association.s3[*]" in u for u in undecided(folder))


def test_a_table_an_import_block_adopts_one_instance_of_keeps_its_routes(tmp_path):
    """`import { to = aws_route_table.private[0] }`: an existing table, whose routes Terraform keeps (no `route`
    argument). Of a known count the others were found; the one standing for them all stands for it too."""
    adopt = 'import {\n  to = aws_route_table.private[0]\n  id = "rtb-0123456789abcdef0"\n}\n'
    assert found(module(tmp_path, routes="", count="3", extra=adopt)) == [
        "W9610 aws_route_table.private[1]",
        "W9610 aws_route_table.private[2]",
    ]
    folder = module(tmp_path, routes="", extra=adopt)
    assert found(folder) == []
    assert any(
        "aws_route_table.private[*] stands for an instance adopted by the `import` block" in u
        for u in undecided(folder)
    )


@pytest.mark.parametrize(
    ("count", "table", "left"),
    [
        # try() stops at the condition it cannot decide: [0] was never looked at, so never picked
        (COUNT, "try(var.on ? aws_route_table.private[0].id : aws_route_table.other.id, null)", []),
        # of a known count: the route may be on [0], not on the others
        ("3", "var.on ? aws_route_table.private[0].id : aws_route_table.other.id", ["1", "2"]),
        ("3", "element(aws_route_table.private[*].id, var.i)", []),
        # an index that cannot be known may pick each instance (the list of them named none: W9610 on all)
        ("3", "aws_route_table.private[var.i].id", []),
        ("3", "aws_route_table.private[local.k].id", []),
        ("3", "var.on ? aws_route_table.private[var.i].id : aws_route_table.other.id", []),
    ],
)
def test_a_route_on_a_table_that_cannot_be_known_may_be_on_each_it_names(tmp_path, count, table, left):
    """A ::/0 route whose table is one of those its expression names: each of them may have it (W9610 said
    none has)."""
    route = f"""
variable "on" {{
  type = bool
}}

variable "i" {{
  type = number
}}

locals {{
  k = var.i
}}

resource "aws_route_table" "other" {{
  vpc_id = aws_vpc.main.id
}}

resource "aws_route" "maybe" {{
  route_table_id              = {table}
  destination_ipv6_cidr_block = "::/0"
  egress_only_gateway_id      = aws_egress_only_internet_gateway.main.id
}}
"""
    folder = module(tmp_path, count=count, routes="", extra=route)
    assert found(folder) == [f"W9610 aws_route_table.private[{i}]" for i in left]
    assert any(
        "may get a route from aws_route.maybe, whose route table cannot be known" in u for u in undecided(folder)
    )


@pytest.mark.parametrize(
    ("count", "table"),
    [
        (COUNT, "try(var.on ? aws_route_table.private[0].id : aws_route_table.other.id, null)"),
        ("3", "var.on ? aws_route_table.private[0].id : aws_route_table.other.id"),
        ("3", "aws_route_table.private[var.i].id"),
    ],
)
def test_an_endpoint_association_on_a_table_that_cannot_be_known_may_be_on_each_it_names(tmp_path, count, table):
    """Each table the expression names may get the endpoint: whether it lacks one cannot be known (W9630)."""
    other = 'variable "on" {\n  type = bool\n}\n\nvariable "i" {\n  type = number\n}\n\n'
    other += 'resource "aws_route_table" "other" {\n  vpc_id = aws_vpc.main.id\n}\n'
    (tmp_path / "other.tf").write_text(other)
    folder = s3_module(tmp_path, f"route_table_id = {table}", count=count)
    assert "W9630 aws_lambda_function.fn" not in found(folder)
    assert any("may get an endpoint from aws_vpc_endpoint_route_table_association.s3" in u for u in undecided(folder))


def test_an_association_of_a_subnet_that_cannot_be_known_may_be_of_each_it_names(tmp_path):
    """`subnet_id = aws_subnet.private[var.i].id`: each subnet may be the one associated (W9610 said every subnet
    had no association, so was on the main table)."""
    folder = module(tmp_path, count="3", extra='variable "i" {\n  type = number\n}\n')
    main = tmp_path / "main.tf"
    main.write_text(main.read_text().replace("aws_subnet.private[count.index].id", "aws_subnet.private[var.i].id"))
    assert found(folder) == []


FOR_EACH_TABLES = """
variable "k" {
  type = string
}

resource "aws_subnet" "private" {
  for_each        = EACH
  vpc_id          = aws_vpc.main.id
  cidr_block      = cidrsubnet(aws_vpc.main.cidr_block, 8, 1)
  ipv6_cidr_block = cidrsubnet(aws_vpc.main.ipv6_cidr_block, 8, 1)
}

resource "aws_route_table" "private" {
  for_each = EACH
  vpc_id   = aws_vpc.main.id
}

resource "aws_route_table_association" "private" {
  for_each       = EACH
  subnet_id      = SUBNET
  route_table_id = aws_route_table.private[each.key].id
}
"""


@pytest.mark.parametrize("each", ['toset(["a", "b"])', "{ a = 1, b = 2 }"])
@pytest.mark.parametrize(
    ("subnet", "route"),
    [
        ("aws_subnet.private[each.key].id", "aws_route_table.private[var.k].id"),
        ("aws_subnet.private[var.k].id", "aws_route_table.private[each.key].id"),
    ],
)
def test_a_key_that_cannot_be_known_may_pick_each_instance(tmp_path, each, subnet, route):
    """Of a for_each of known keys, `[var.k]` may be each of them: a route on each table it names may be there, an
    association may be of each subnet (W9610 said no table had the route, or no subnet a table)."""
    text = VPC + FOR_EACH_TABLES.replace("EACH", each).replace("SUBNET", subnet)
    route_each = "count = 1" if "var.k" in route else f"for_each = {each}"
    text += ROUTES.replace("count                       = COUNT", route_each)
    text = text.replace("aws_route_table.private[count.index].id", route)
    text += FUNCTION.replace("SUBNET_IDS", "[for s in aws_subnet.private : s.id]")
    (tmp_path / "main.tf").write_text(text)
    assert found(str(tmp_path)) == []


ONE_OF = """
variable "i" {
  type = number
}

variable "on" {
  type = bool
}

variable "table_id" {
  type = string
}

resource "aws_route_table" "other" {
  vpc_id = aws_vpc.main.id
}

resource "aws_route_table" "keyed" {
  for_each = toset(["a", "b"])
  vpc_id   = aws_vpc.main.id
}
"""


@pytest.mark.parametrize(
    ("table", "candidate"),
    [
        ("aws_route_table.private[var.i].id", "aws_route_table.private[2].id"),
        ("element(aws_route_table.private[*].id, var.i)", "aws_route_table.private[1].id"),
        ("var.on ? aws_route_table.private[0].id : aws_route_table.other.id", "aws_route_table.other.id"),
        ('aws_route_table.keyed[var.on ? "a" : "b"].id', 'aws_route_table.keyed["b"].id'),
        ("concat(aws_route_table.private, [aws_route_table.other])[var.i].id", "aws_route_table.other.id"),
    ],
)
def test_an_association_on_one_of_some_tables_none_with_an_ipv6_route_is_found(tmp_path, table, candidate):
    """Whichever table the association's index or condition picks, none has ::/0: W9610 on the function (it
    cannot name the table); where one of them has the route, it may be the one, and nothing is found."""
    folder = module(tmp_path, count="3", table=table, routes="", extra=ONE_OF)
    assert found(folder) == ["W9610 aws_lambda_function.fn"]
    [finding] = [f for f in engine.lint([folder]).findings if f.rule.id == "W9610"]
    assert "are associated with a route table that cannot be known, one of aws_route_table." in finding.message
    assert "none of which has a ::/0 route" in finding.message
    route = ROUTES.replace("COUNT", "1").replace("aws_route_table.private[count.index].id", candidate)
    (tmp_path / "route.tf").write_text(route.replace('"out"', '"one"'))
    assert found(folder) == []


@pytest.mark.parametrize(
    "table",
    [
        # a variable's table may be another
        "var.on ? aws_route_table.private[0].id : var.table_id",
        "coalesce(var.table_id, aws_route_table.other.id)",
        # tables of an unknown count: which instance cannot be known, and one may differ
        "aws_route_table.zoned[var.i].id",
    ],
)
def test_an_association_that_may_be_on_another_table_stays_unknown(tmp_path, table):
    zoned = 'resource "aws_route_table" "zoned" {\n  count  = length(data.aws_availability_zones.az.names)\n'
    zoned += "  vpc_id = aws_vpc.main.id\n}\n"
    folder = module(tmp_path, count="3", table=table, routes="", extra=ONE_OF + zoned)
    assert found(folder) == []


def test_associations_choosing_among_thousands_of_tables_stay_within_the_evaluation_budget(tmp_path):
    """256 associations, each one of 17 counts of 256 tables by a chain of conditions: each evaluated every level
    of the chain whole for each association (20 s, past the run's evaluation budget: an E9600). Past 256 tables
    which one it is is left unknown, as a table of no choices is."""
    depth = 16
    extra = "".join(
        f'resource "aws_route_table" "t{i}" {{\n  count  = 256\n  vpc_id = aws_vpc.main.id\n}}\n'
        f'variable "c{i}" {{\n  type = bool\n}}\n'
        for i in range(depth + 1)
    )
    table = f"aws_route_table.t{depth}[var.i].id"
    for i in reversed(range(depth)):
        table = f"(var.c{i} ? aws_route_table.t{i}[var.i].id : {table})"
    folder = module(tmp_path, count="256", table=table, routes="", extra=ONE_OF + extra)
    assert found(folder) == []
