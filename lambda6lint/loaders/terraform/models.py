"""Built-in models of terraform-aws-modules/vpc/aws and terraform-aws-modules/lambda/aws (with its alias module).

Used when a registry module's code is not on disk (no `.terraform/modules/modules.json`): what
the module's inputs create (research/aws-facts.md §2.4, §4.4, terraform-aws-vpc v5/v6 main.tf),
as resource instances with the module's own addresses, located at the module call and at the
input a fix would change. A model gives up (outputs unknown, nothing created) when an input it
needs cannot be known.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from lambda6lint.loaders.terraform.evaluator import Declared
from lambda6lint.loaders.terraform.values import PRESENT, Instance, Link
from lambda6lint.model import UNKNOWN, Location
from lambda6lint.records import dataclass, field

GROUPS = ("public", "private", "database", "redshift", "elasticache", "intra")


@dataclass
class Made:
    instances: list[Instance] = field(default_factory=list)
    outputs: Any = UNKNOWN


class _Inputs:
    def __init__(self, prefix: str, inputs: dict[str, Callable[[], Any]], declared: Declared):
        self.prefix, self.inputs, self.declared = prefix, inputs, declared
        self.unknown = False
        self.made = Made()

    @property
    def call(self) -> str:
        """The module call's address, e.g. `module.vpc`."""
        return self.prefix.rstrip(".") or "the module call"

    def get(self, name: str, default: Any) -> Any:
        value = self.inputs[name]() if name in self.inputs else default
        if value is None:
            value = default
        if value is UNKNOWN:
            self.unknown = True
        return value

    def where(self, *names: str) -> Location:
        block = self.declared.block
        for name in names:
            if name in block.attributes:
                attr = block.attributes[name]
                return Location(self.declared.path, attr.line, attr.column)
        return Location(self.declared.path, block.line, block.column)

    def items(self, name: str) -> list[Location]:
        attr = self.declared.block.attributes.get(name)
        if attr is None or attr.expr.kind != "tuple":
            return []
        return [Location(self.declared.path, e.line, e.column) for e in attr.expr.args]

    def keys(self, name: str) -> dict[str, Location]:
        """Where each key of a map input is written (`environment_variables = { NODE_OPTIONS = … }`)."""
        attr = self.declared.block.attributes.get(name)
        if attr is None or attr.expr.kind != "object":
            return {}
        return {
            key.args[0]: Location(self.declared.path, key.line or attr.line, key.column or attr.column)
            for key, _ in attr.expr.args
            if key.kind == "lit" and isinstance(key.args[0], str)
        }

    def add(self, rtype: str, name: str, index: int | None, attrs: dict, location: Location, **marks: Any) -> Link:
        address = f"{self.prefix}{rtype}.{name}" + ("" if index is None else f"[{index}]")
        inst = Instance(address, rtype, attrs, location)
        for path, loc in marks.items():
            inst.marks[tuple(int(p) if p.isdigit() else p for p in path.split("__"))] = loc
        self.made.instances.append(inst)
        return Link(address)


def _length(value: Any) -> int:
    return len(value) if isinstance(value, list) else 0


def vpc_model(prefix: str, inputs: dict[str, Callable[[], Any]], declared: Declared, lines: list[str]) -> Made:
    m = _Inputs(prefix, inputs, declared)
    create = m.get("create_vpc", True)
    ipv6 = m.get("enable_ipv6", False)
    azs = m.get("azs", [])
    nat = m.get("enable_nat_gateway", False)
    single = m.get("single_nat_gateway", False)
    per_az = m.get("one_nat_gateway_per_az", False)
    create_igw = m.get("create_igw", True)
    eigw_wanted = m.get("create_egress_only_igw", True)
    multiple_public = m.get("create_multiple_public_route_tables", False)
    nat_route = m.get("create_private_nat_gateway_route", True)
    subnets = {g: m.get(f"{g}_subnets", []) for g in GROUPS}
    prefixes = {g: m.get(f"{g}_subnet_ipv6_prefixes", []) for g in GROUPS}
    native = {g: m.get(f"{g}_subnet_ipv6_native", False) for g in GROUPS}
    dns64 = {g: m.get(f"{g}_subnet_enable_dns64", True) for g in GROUPS}
    if m.unknown or create is not True:
        return Made(outputs=UNKNOWN if m.unknown else {})
    here = m.where()
    vpc = m.add(
        "aws_vpc",
        "this",
        0,
        {"cidr_block": m.get("cidr", "10.0.0.0/16"), "assign_generated_ipv6_cidr_block": bool(ipv6) or None},
        here,
        assign_generated_ipv6_cidr_block=m.where("enable_ipv6"),
    )
    m.made.instances[-1].hints["vpc_ipv6"] = f"enable_ipv6 = true on {m.call}"
    lengths = {g: max(_length(subnets[g]), _length(prefixes[g])) for g in GROUPS}  # len_<g>_subnets
    max_length = max(lengths["private"], lengths["elasticache"], lengths["database"], lengths["redshift"])
    nat_count = 1 if single else len(azs) if per_az else max_length
    igw = (
        m.add("aws_internet_gateway", "this", 0, {"vpc_id": vpc}, m.where("create_igw"))
        if (create_igw and lengths["public"])
        else None
    )
    eigw = (
        m.add("aws_egress_only_internet_gateway", "this", 0, {"vpc_id": vpc}, m.where("create_egress_only_igw"))
        if eigw_wanted and ipv6 and max_length
        else None
    )
    made_subnets: dict[str, list[Link]] = {}
    for group in GROUPS:
        links = []
        locations = m.items(f"{group}_subnets")
        for i in range(lengths[group]):
            is_native = bool(ipv6 and native[group])
            attrs = {
                "vpc_id": vpc,
                "cidr_block": None if native[group] else (subnets[group][i] if i < _length(subnets[group]) else ""),
                "ipv6_cidr_block": PRESENT if ipv6 and _length(prefixes[group]) > 0 else None,
                "ipv6_native": is_native,
                "enable_dns64": bool(ipv6 and dns64[group]),
            }
            where = locations[i] if i < len(locations) else m.where(f"{group}_subnets")
            dns64_at = m.where(f"{group}_subnet_enable_dns64", "enable_ipv6")
            link = m.add("aws_subnet", group, i, attrs, where, enable_dns64=dns64_at)
            m.made.instances[-1].hints["ipv6_cidr"] = (
                f"{group}_subnet_ipv6_prefixes on {m.call}, with enable_ipv6 = true"
            )
            m.made.instances[-1].hints["dns64_off"] = f"{group}_subnet_enable_dns64 = false on {m.call}"
            links.append(link)
        made_subnets[group] = links
    tables: dict[str, list[Link]] = {g: [] for g in GROUPS}
    nats: list[Link] = []
    route_at = m.where("create_egress_only_igw", "enable_ipv6")
    nat_at = m.where("enable_nat_gateway")
    if made_subnets["public"]:
        count = lengths["public"] if multiple_public else 1
        for i in range(count):
            table = m.add("aws_route_table", "public", i, {"vpc_id": vpc}, route_at)
            tables["public"].append(table)
            if igw is not None:
                m.add("aws_route", "public_internet_gateway", i, _route(table, "0.0.0.0/0", gateway=igw), here)
                if ipv6:
                    m.add("aws_route", "public_internet_gateway_ipv6", i, _route(table, "::/0", gateway=igw), here)
        for i, subnet in enumerate(made_subnets["public"]):
            table = tables["public"][i if multiple_public else 0]
            m.add("aws_route_table_association", "public", i, {"subnet_id": subnet, "route_table_id": table}, here)
    if nat and made_subnets["public"]:
        for i in range(nat_count):
            eip = m.add("aws_eip", "nat", i, {}, nat_at)
            subnet = made_subnets["public"][i % len(made_subnets["public"])]
            nats.append(m.add("aws_nat_gateway", "this", i, {"subnet_id": subnet, "allocation_id": eip}, nat_at))
    if made_subnets["private"] and max_length:
        for i in range(nat_count):
            table = m.add("aws_route_table", "private", i, {"vpc_id": vpc}, route_at)
            m.made.instances[-1].hints["nat64_route"] = (
                f"enable_nat_gateway = true on {m.call} (it routes 64:ff9b::/96 to the NAT gateway)"
            )
            tables["private"].append(table)
            target = nats[i % len(nats)] if nats else None
            if target is not None and nat_route:
                m.add("aws_route", "private_nat_gateway", i, _route(table, "0.0.0.0/0", nat=target), nat_at)
            if target is not None and ipv6 and dns64["private"]:  # whatever create_private_nat_gateway_route says
                m.add("aws_route", "private_dns64_nat_gateway", i, _route(table, "64:ff9b::/96", nat=target), here)
            if eigw is not None:
                m.add("aws_route", "private_ipv6_egress", i, _route(table, "::/0", eigw=eigw), here)
        for i, subnet in enumerate(made_subnets["private"]):
            table = tables["private"][0 if single else i % len(tables["private"])]
            m.add("aws_route_table_association", "private", i, {"subnet_id": subnet, "route_table_id": table}, here)
    for group in ("database", "redshift", "elasticache"):
        if made_subnets[group] and m.get(f"create_{group}_subnet_group", True):
            m.add(_SUBNET_GROUPS[group], group, 0, {"subnet_ids": made_subnets[group]}, here)
        if made_subnets[group] and tables["private"] and not m.get(f"create_{group}_subnet_route_table", False):
            for i, subnet in enumerate(made_subnets[group]):
                table = tables["private"][0 if single else i % len(tables["private"])]
                assoc = {"subnet_id": subnet, "route_table_id": table}
                m.add("aws_route_table_association", group, i, assoc, here)
        elif made_subnets[group]:
            # a group's own route table is not modelled: its subnets stay unplaced
            for i, subnet in enumerate(made_subnets[group]):
                m.add("aws_route_table_association", group, i, {"subnet_id": subnet, "route_table_id": UNKNOWN}, here)
    if made_subnets["intra"]:
        count = lengths["intra"] if m.get("create_multiple_intra_route_tables", False) else 1
        for i in range(count):
            tables["intra"].append(m.add("aws_route_table", "intra", i, {"vpc_id": vpc}, route_at))
        for i, subnet in enumerate(made_subnets["intra"]):
            table = tables["intra"][i % count]
            m.add("aws_route_table_association", "intra", i, {"subnet_id": subnet, "route_table_id": table}, here)
    _network_acls(m, vpc, made_subnets)
    outputs: dict[str, Any] = {
        "vpc_id": vpc,
        "vpc_arn": Link(vpc.address, "arn"),
        "vpc_cidr_block": m.get("cidr", "10.0.0.0/16"),
        "vpc_ipv6_cidr_block": PRESENT if ipv6 else None,
        "igw_id": igw,
        "egress_only_internet_gateway_id": eigw,
        "natgw_ids": nats,
        "azs": azs,
    }
    for group in GROUPS:
        outputs[f"{group}_subnets"] = made_subnets[group]
        outputs[f"{group}_route_table_ids"] = tables[group]
        outputs[f"{group}_subnets_cidr_blocks"] = list(subnets[group]) if isinstance(subnets[group], list) else []
        has_v6 = ipv6 and _length(prefixes[group]) > 0
        outputs[f"{group}_subnets_ipv6_cidr_blocks"] = [PRESENT] * lengths[group] if has_v6 else []
    m.made.outputs = outputs
    return m.made


#: The subnet group each database-like subnet group makes (terraform-aws-vpc main.tf).
_SUBNET_GROUPS = {
    "database": "aws_db_subnet_group",
    "redshift": "aws_redshift_subnet_group",
    "elasticache": "aws_elasticache_subnet_group",
}
#: The module's default for `<group>_inbound_acl_rules` / `_outbound_acl_rules`: IPv4 only.
_DEDICATED_ACL_RULES = [
    {
        "rule_number": 100,
        "rule_action": "allow",
        "from_port": 0,
        "to_port": 0,
        "protocol": "-1",
        "cidr_block": "0.0.0.0/0",
    }
]
#: The module's default for `default_network_acl_ingress` / `_egress`: IPv4 and IPv6 allow-all.
_DEFAULT_ACL_RULES = [
    {"rule_no": 100, "action": "allow", "from_port": 0, "to_port": 0, "protocol": "-1", "cidr_block": "0.0.0.0/0"},
    {"rule_no": 101, "action": "allow", "from_port": 0, "to_port": 0, "protocol": "-1", "ipv6_cidr_block": "::/0"},
]


def _network_acls(m: _Inputs, vpc: Link, made_subnets: dict[str, list[Link]]) -> None:
    """The default ACL the module manages (`manage_default_network_acl`), and each group's dedicated ACL
    (`<group>_dedicated_network_acl`) with its rules, whose default allows IPv4 only."""
    if m.get("manage_default_network_acl", True) is True:
        rules = {d: m.get(f"default_network_acl_{d}", _DEFAULT_ACL_RULES) for d in ("ingress", "egress")}
        attrs = {"default_network_acl_id": Link(vpc.address, "default_network_acl_id"), **rules}
        where = m.where("default_network_acl_egress", "default_network_acl_ingress", "manage_default_network_acl")
        m.add("aws_default_network_acl", "this", 0, attrs, where)
        m.made.instances[-1].hints["acl_ipv6"] = (
            f'rules with ipv6_cidr_block = "::/0" in default_network_acl_egress and _ingress on {m.call}'
        )
    for group in GROUPS:
        if not made_subnets[group] or m.get(f"{group}_dedicated_network_acl", False) is not True:
            continue
        where = m.where(f"{group}_outbound_acl_rules", f"{group}_inbound_acl_rules", f"{group}_dedicated_network_acl")
        network_acl = m.add("aws_network_acl", group, 0, {"vpc_id": vpc, "subnet_ids": made_subnets[group]}, where)
        m.made.instances[-1].hints["acl_ipv6"] = (
            f'rules with ipv6_cidr_block = "::/0" in {group}_outbound_acl_rules and {group}_inbound_acl_rules '
            f"on {m.call}"
        )
        for direction, egress in (("inbound", False), ("outbound", True)):
            rules = m.get(f"{group}_{direction}_acl_rules", _DEDICATED_ACL_RULES)
            for i, rule in enumerate(rules if isinstance(rules, list) else [UNKNOWN]):
                attrs = {"network_acl_id": network_acl, "egress": egress}
                attrs.update(rule if isinstance(rule, dict) else {"rule_number": UNKNOWN})
                m.add("aws_network_acl_rule", f"{group}_{direction}", i, attrs, where)


def _route(table: Link, destination: str, **target: Link) -> dict[str, Any]:
    key = "destination_ipv6_cidr_block" if ":" in destination else "destination_cidr_block"
    names = {"gateway": "gateway_id", "nat": "nat_gateway_id", "eigw": "egress_only_gateway_id"}
    (kind, link) = next(iter(target.items()))
    return {"route_table_id": table, key: destination, names[kind]: link}


def lambda_model(prefix: str, inputs: dict[str, Callable[[], Any]], declared: Declared, lines: list[str]) -> Made:
    m = _Inputs(prefix, inputs, declared)
    create = m.get("create", True) is True and m.get("create_function", True) is True
    subnets = m.get("vpc_subnet_ids", None)
    groups = m.get("vpc_security_group_ids", None)
    flag = m.get("ipv6_allowed_for_dual_stack", None)
    if not create:
        return Made(outputs={} if not m.unknown else UNKNOWN)
    here = m.where()
    attrs: dict[str, Any] = {"function_name": m.get("function_name", ""), "runtime": m.get("runtime", "")}
    marks: dict[str, Location] = {}
    if subnets is UNKNOWN or groups is UNKNOWN:
        attrs["vpc_config"] = UNKNOWN
    elif subnets is not None and groups is not None:
        attrs["vpc_config"] = [
            {"subnet_ids": subnets, "security_group_ids": groups, "ipv6_allowed_for_dual_stack": flag}
        ]
        marks["vpc_config__0"] = here
        marks["vpc_config__0__subnet_ids"] = m.where("vpc_subnet_ids")
        marks["vpc_config__0__security_group_ids"] = m.where("vpc_security_group_ids")
        for i, loc in enumerate(m.items("vpc_subnet_ids")):
            marks[f"vpc_config__0__subnet_ids__{i}"] = loc
        if "ipv6_allowed_for_dual_stack" in declared.block.attributes:
            marks["vpc_config__0__ipv6_allowed_for_dual_stack"] = m.where("ipv6_allowed_for_dual_stack")
    env = m.get("environment_variables", {})
    if env is UNKNOWN or (isinstance(env, dict) and env):
        attrs["environment"] = UNKNOWN if env is UNKNOWN else [{"variables": env}]
        marks["environment__0__variables"] = m.where("environment_variables")
    if "runtime" in declared.block.attributes:
        marks["runtime"] = m.where("runtime")
    attrs["publish"] = _any_true(m.get("publish", False), m.get("lambda_at_edge", False), m.get("snap_start", False))
    role: Any = UNKNOWN
    if m.get("create_role", True) is True:
        role_attrs: dict[str, Any] = {"inline_policy": _lambda_policies(m)}
        role = m.add("aws_iam_role", "lambda", 0, role_attrs, here)
        arns = m.get("policies", []) if m.get("attach_policies", False) is True else []
        role_attrs["managed_policy_arns"] = arns if isinstance(arns, list) else []
    else:
        role = m.get("lambda_role", "")
    attrs["role"] = Link(role.address, "arn") if isinstance(role, Link) else role
    function = m.add("aws_lambda_function", "this", 0, attrs, here, **marks)
    made = m.made.instances[-1]
    for key, where in m.keys("environment_variables").items():
        made.marks[("environment", 0, "variables", key)] = where
    made.hints["environment"] = f"environment_variables on {m.call}"
    made.hints["node_upgrade"] = f'runtime = "nodejs22.x" or later on {m.call}'
    made.hints["publish"] = (
        f"publish = true on {m.call} and an alias (module terraform-aws-modules/lambda/aws//modules/alias)"
    )
    m.made.outputs = {
        "lambda_function_arn": Link(function.address, "arn"),
        "lambda_function_name": Link(function.address, "function_name"),
        "lambda_function_version": Link(function.address, "version"),
        "lambda_function_qualified_arn": Link(function.address, "qualified_arn"),
        "lambda_function_invoke_arn": Link(function.address, "invoke_arn"),
        "lambda_role_arn": Link(role.address, "arn") if isinstance(role, Link) else UNKNOWN,
    }
    return m.made


def _lambda_policies(m: _Inputs) -> list[dict[str, Any]] | Any:
    policies: list[dict[str, Any]] = []
    if m.get("attach_policy_statements", False) is True:
        statements = m.get("policy_statements", {})
        if not isinstance(statements, dict):
            return UNKNOWN
        doc = []
        for statement in statements.values():
            if isinstance(statement, dict):
                doc.append({"Effect": statement.get("effect", "Allow"), "Action": statement.get("actions", [])})
        policies.append({"policy": {"Statement": doc}})
    if m.get("attach_policy_json", False) is True:
        policies.append({"policy": m.get("policy_json", "")})
    if m.get("attach_policy_jsons", False) is True:
        for item in m.get("policy_jsons", []) or []:
            policies.append({"policy": item})
    return policies


def _any_true(*values: Any) -> Any:
    """`a || b || c` over inputs that may be unknown."""
    if any(v is True for v in values):
        return True
    return UNKNOWN if any(v is UNKNOWN for v in values) else False


def alias_model(prefix: str, inputs: dict[str, Callable[[], Any]], declared: Declared, lines: list[str]) -> Made:
    """terraform-aws-modules/lambda/aws//modules/alias: one `aws_lambda_alias` (an existing alias,
    `use_existing_alias`, is read, not made: then its version cannot be known)."""
    m = _Inputs(prefix, inputs, declared)
    create = m.get("create", True)
    existing = m.get("use_existing_alias", False)
    refresh = m.get("refresh_alias", True)
    version = m.get("function_version", "")
    if create is not True:
        return Made(outputs={} if create is False else UNKNOWN)
    attrs = {
        "name": m.get("name", ""),
        "function_name": m.get("function_name", ""),
        "function_version": UNKNOWN if existing is not False else (version if version != "" else "$LATEST"),
    }
    name = "with_refresh" if refresh is True else "no_refresh"
    alias = m.add("aws_lambda_alias", name, 0, attrs, m.where("function_version", "function_name"))
    m.made.outputs = {"lambda_alias_name": Link(alias.address, "name"), "lambda_alias_arn": Link(alias.address, "arn")}
    return m.made


_MODELS: dict[str, Callable[..., Made]] = {
    "terraform-aws-modules/vpc/aws": vpc_model,
    "terraform-aws-modules/lambda/aws": lambda_model,
    "terraform-aws-modules/lambda/aws//modules/alias": alias_model,
}


def model_for(source: str) -> Callable[..., Made] | None:
    """The built-in model for a registry source (`registry.terraform.io/` prefix allowed)."""
    key = re.sub(r"^(?:registry\.terraform\.io/)", "", source.strip().lower()).split("?")[0]
    return _MODELS.get(key)
