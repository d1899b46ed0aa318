"""Terraform resource instances (from HCL or a plan) into resources of the graph.

The only place that knows Terraform argument names, mirroring cloudformation/mapper.py: one
object per instance first, then attributes and references, so order never matters. Terraform
semantics that differ from CloudFormation (research/aws-facts.md §3-§6) live here: a security
group without egress has none, inline `route` blocks, the main route table, `aws_vpc_endpoint`
defaulting to Gateway, standalone endpoint and egress-rule resources.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

from lambda6lint.loaders.cloudformation import sam
from lambda6lint.loaders.common import netvalues
from lambda6lint.loaders.terraform.values import HOLE, PRESENT, Instance, Link, Partial, boolean, present
from lambda6lint.model import (
    UNKNOWN,
    Alias,
    Api,
    DataStore,
    EgressOnlyInternetGateway,
    EgressRule,
    Function,
    InternetGateway,
    Member,
    NatGateway,
    Policy,
    Resource,
    Role,
    Route,
    RouteTable,
    RouteTableAssociation,
    SecurityGroup,
    SecurityGroupEgress,
    Subnet,
    Template,
    Vpc,
    VpcEndpoint,
    VpcIpv6Block,
)

CLASSES: dict[str, type[Resource]] = {
    "aws_lambda_function": Function,
    "aws_vpc": Vpc,
    "aws_vpc_ipv6_cidr_block_association": VpcIpv6Block,
    "aws_subnet": Subnet,
    "aws_route_table": RouteTable,
    "aws_default_route_table": RouteTable,
    "aws_route": Route,
    "aws_route_table_association": RouteTableAssociation,
    "aws_nat_gateway": NatGateway,
    "aws_egress_only_internet_gateway": EgressOnlyInternetGateway,
    "aws_internet_gateway": InternetGateway,
    "aws_vpc_endpoint": VpcEndpoint,
    "aws_security_group": SecurityGroup,
    "aws_security_group_rule": SecurityGroupEgress,
    "aws_vpc_security_group_egress_rule": SecurityGroupEgress,
    "aws_iam_role": Role,
    "aws_iam_role_policy": Policy,
    "aws_iam_policy": Policy,
    "aws_lambda_alias": Alias,
    "aws_s3_bucket": DataStore,
    "aws_dynamodb_table": DataStore,
    "aws_apigatewayv2_api": Api,
    "aws_api_gateway_rest_api": Api,
    "aws_apigatewayv2_domain_name": Api,
    "aws_api_gateway_domain_name": Api,
}

_TARGETS = {
    "egress_only_gateway_id": "eigw",
    "nat_gateway_id": "nat",
    "transit_gateway_id": "tgw",
    "vpc_endpoint_id": "vpce",
    "vpc_peering_connection_id": "peering",
    "network_interface_id": "eni",
    "instance_id": "instance",
    "carrier_gateway_id": "other",
    "local_gateway_id": "other",
    "core_network_arn": "other",
}


def links(value: Any) -> Iterator[Link]:
    if isinstance(value, Link):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from links(item)
    elif isinstance(value, list):
        for item in value:
            yield from links(item)


def _set(value: Any) -> bool:
    """A plan writes absent arguments as "" or null; so may HCL."""
    return value not in (None, "", [])


class Mapper:
    def __init__(self, template: Template, instances: list[Instance]):
        self.template = template
        self.instances = instances
        self.objects: dict[str, Resource] = {}
        self.by_id: dict[str, Resource] = {}
        self.extra: list[Resource] = []
        self.implicit: dict[str, RouteTable] = {}
        self.mains: dict[str, RouteTable] = {}  # VPC id → its main table, found once (linear in instances)
        self.opened: set[type[Resource]] = set()

    def build(self) -> list[Resource]:
        for inst in self.instances:
            if inst.mode != "managed":
                continue
            cls = CLASSES.get(inst.type, Resource)
            if inst.type == "aws_security_group_rule" and inst.attrs is not UNKNOWN:
                kind = inst.attrs.get("type") if isinstance(inst.attrs, dict) else None
                cls = Resource if kind == "ingress" else cls
            res = cls(
                id=inst.address,
                type=inst.type,
                template=self.template,
                location=inst.location,
                refs={link.address for link in links(inst.attrs)},
                conditional=inst.conditional,
                suppress=inst.suppress,
                hints=dict(inst.hints),
            )
            self.objects[inst.address] = res
            for known in inst.ids:
                self.by_id[known] = res
        for inst in self.instances:
            found = self.objects.get(inst.address)
            if found is None:
                continue
            res = found
            res.refs &= self.objects.keys()  # a view: a set per instance made this quadratic
            filler = _FILLERS.get(inst.type)
            if filler and isinstance(inst.attrs, dict):
                filler(self, res, inst)
        return [*self.objects.values(), *self.extra]

    # ----- helpers -------------------------------------------------------------------------

    def ref(self, value: Any) -> Any:
        if value is None or value == "":
            return None
        if isinstance(value, Link):
            found = self.objects.get(value.address, UNKNOWN)
            if isinstance(found, Vpc) and value.attr not in ("id", "arn"):
                if value.attr in ("main_route_table_id", "default_route_table_id"):
                    return self.main_table(found)
                return UNKNOWN  # the default security group, network ACL…: not modelled
            return found
        if isinstance(value, str):
            return self.by_id.get(value, UNKNOWN)
        return UNKNOWN

    def main_table(self, vpc: Vpc) -> RouteTable:
        """`aws_vpc.x.main_route_table_id`: its aws_default_route_table, else the table AWS made."""
        if vpc.id not in self.mains:
            self.mains[vpc.id] = self._main_table(vpc)
        return self.mains[vpc.id]

    def _main_table(self, vpc: Vpc) -> RouteTable:
        for inst in self.instances:
            source = inst.attrs.get("default_route_table_id") if isinstance(inst.attrs, dict) else None
            if inst.type == "aws_default_route_table" and isinstance(source, Link) and source.address == vpc.id:
                table = self.objects.get(inst.address)
                if isinstance(table, RouteTable):
                    return table
        key = f"{vpc.id} main route table"
        table = self.implicit.get(key)
        if table is None:
            table = RouteTable(
                id=key, type="aws_vpc", template=self.template, location=vpc.location, vpc=vpc, main=True
            )
            self.implicit[key] = table
            self.extra.append(table)
        return table

    def members(self, inst: Instance, value: Any, *path: Any) -> Any:
        if value is None:
            return []
        if not isinstance(value, list):
            return UNKNOWN
        return [Member(self.ref(item), inst.mark(*path, i)) for i, item in enumerate(value)]

    def open(self, kind: type[Resource]) -> None:
        """Resources of this kind may be linked to things we cannot see (an unknown count)."""
        if kind in self.opened:
            return  # once per kind: a call per resource made plans of many resources quadratic
        self.opened.add(kind)
        self.template.exported.update(r.id for r in self.objects.values() if isinstance(r, kind))


def actions(document: Any) -> list[str]:
    if isinstance(document, Partial):
        document = document.text
    if isinstance(document, str):
        try:
            document = json.loads(document.replace(HOLE, "_"), strict=False)
        except (ValueError, RecursionError):
            return []
    statements = document.get("Statement") if isinstance(document, dict) else None
    if isinstance(statements, dict):
        statements = [statements]
    found: list[str] = []
    for statement in statements if isinstance(statements, list) else []:
        if not isinstance(statement, dict) or statement.get("Effect", "Allow") != "Allow":
            continue
        action = statement.get("Action")
        for item in action if isinstance(action, list) else [action]:
            if isinstance(item, str):
                found.append(item)
    return found


def _either(*values: Any) -> bool | None:
    verdicts = [present(v) for v in values]
    if True in verdicts:
        return True
    return None if None in verdicts else False


def _first(value: Any) -> Any:
    """The single nested block of a kind (vpc_config, environment): a dict, None or UNKNOWN."""
    if value is UNKNOWN:
        return UNKNOWN
    if isinstance(value, list) and value:
        return value[0] if isinstance(value[0], dict) else UNKNOWN
    return None


# ----- per-type fillers --------------------------------------------------------------------


def _function(m: Mapper, fn: Function, inst: Instance) -> None:
    attrs = inst.attrs
    config = _first(attrs.get("vpc_config"))
    fn.marks["vpc_config"] = inst.mark("vpc_config", 0)
    if config is UNKNOWN:
        fn.has_vpc_config, fn.subnets, fn.security_groups, fn.dualstack = True, UNKNOWN, UNKNOWN, None
    elif isinstance(config, dict):
        fn.has_vpc_config = True
        fn.subnets = m.members(inst, config.get("subnet_ids"), "vpc_config", 0, "subnet_ids")
        fn.security_groups = m.members(inst, config.get("security_group_ids"), "vpc_config", 0, "security_group_ids")
        flag = config.get("ipv6_allowed_for_dual_stack")
        fn.dualstack = False if flag is None else boolean(flag)
        for key, mark in (
            ("subnet_ids", "subnets"),
            ("security_group_ids", "security_groups"),
            ("ipv6_allowed_for_dual_stack", "dualstack"),
        ):
            if inst.has_mark("vpc_config", 0, key):
                fn.marks[mark] = inst.mark("vpc_config", 0, key)
    runtime = attrs.get("runtime")
    fn.runtime = runtime if isinstance(runtime, str) or runtime is None else UNKNOWN
    environment = _first(attrs.get("environment"))
    variables = environment.get("variables") if isinstance(environment, dict) else environment
    if variables is UNKNOWN:
        fn.environment = UNKNOWN
    elif isinstance(variables, dict):
        fn.environment = {str(k): v if isinstance(v, str) else UNKNOWN for k, v in variables.items()}
        for link in links(variables):
            target = m.objects.get(link.address)
            if isinstance(target, DataStore) and target not in fn.env_refs:
                fn.env_refs.append(target)
    fn.role = m.ref(attrs.get("role"))


def _vpc(m: Mapper, vpc: Vpc, inst: Instance) -> None:
    attrs = inst.attrs
    amazon = attrs.get("assign_generated_ipv6_cidr_block")
    other = _either(attrs.get("ipv6_ipam_pool_id"), attrs.get("ipv6_cidr_block"))
    if amazon is True or other is True or amazon is PRESENT:
        conditional = False
    elif amazon is UNKNOWN or other is None:
        conditional = True
    else:
        return
    key = "assign_generated_ipv6_cidr_block" if inst.has_mark("assign_generated_ipv6_cidr_block") else "ipv6_cidr_block"
    block = VpcIpv6Block(
        id=f"{vpc.id} IPv6 block",
        type="aws_vpc",
        template=m.template,
        location=inst.mark(key),
        conditional=conditional or vpc.conditional,
        vpc=vpc,
    )
    m.extra.append(block)


def _vpc_ipv6_block(m: Mapper, block: VpcIpv6Block, inst: Instance) -> None:
    attrs = inst.attrs
    block.vpc = m.ref(attrs.get("vpc_id"))
    amazon = attrs.get("assign_generated_ipv6_cidr_block")
    other = _either(*(attrs.get(k) for k in ("ipv6_pool", "ipv6_ipam_pool_id", "ipv6_cidr_block")))
    if amazon is True or other is True:
        return
    if amazon is UNKNOWN or other is None:
        block.conditional = True
    else:
        block.vpc = None


def _subnet(m: Mapper, subnet: Subnet, inst: Instance) -> None:
    attrs = inst.attrs
    subnet.vpc = m.ref(attrs.get("vpc_id"))
    subnet.ipv4 = _either(attrs.get("cidr_block"), attrs.get("ipv4_ipam_pool_id"))
    subnet.ipv6 = _either(attrs.get("ipv6_cidr_block"), attrs.get("ipv6_ipam_pool_id"))
    native = attrs.get("ipv6_native")
    subnet.ipv6_native = False if native is None else boolean(native)
    dns64 = attrs.get("enable_dns64")
    subnet.dns64 = False if dns64 is None else boolean(dns64)


def _route_fields(m: Mapper, route: Route, body: dict, destinations: tuple[str, str, str]) -> None:
    route.destination = None
    v4, v6, prefix = destinations
    for key in destinations:
        value = body.get(key)
        if not _set(value):
            continue
        if value is UNKNOWN or not isinstance(value, str):
            route.destination = UNKNOWN
        elif key == prefix:
            route.destination = f"prefix-list:{value}"
        else:
            route.destination = netvalues.normal_cidr(value)
        break
    if _set(body.get("gateway_id")):
        value = body["gateway_id"]
        gateway = m.ref(value)
        route.target = gateway
        if isinstance(gateway, InternetGateway):
            route.target_kind = "igw"
        elif gateway is UNKNOWN:
            route.target_kind = netvalues.gateway_kind(value)
        else:
            route.target_kind = "vgw"
        return
    for key, kind in _TARGETS.items():
        if _set(body.get(key)):
            route.target_kind, route.target = kind, m.ref(body[key])
            return
    if any(body.get(k) is UNKNOWN for k in ("gateway_id", *_TARGETS)):
        route.target_kind, route.target = "unknown", UNKNOWN


def _route_table(m: Mapper, table: RouteTable, inst: Instance) -> None:
    attrs = inst.attrs
    if inst.type == "aws_default_route_table":
        table.main = True
        source = attrs.get("default_route_table_id")
        owner = m.objects.get(source.address) if isinstance(source, Link) else None
        table.vpc = owner if isinstance(owner, Vpc) else UNKNOWN
        if table.vpc is UNKNOWN:
            m.open(Subnet)  # the main table of some VPC we cannot name: unassociated subnets may use it
    else:
        table.vpc = m.ref(attrs.get("vpc_id"))
    routes = attrs.get("route")
    if routes is UNKNOWN or (routes is not None and not isinstance(routes, list)):
        m.template.exported.add(table.id)  # routes we cannot read
        return
    for index, body in enumerate(routes if isinstance(routes, list) else []):
        if not isinstance(body, dict):
            m.template.exported.add(table.id)
            continue
        route = Route(
            id=f"{table.id}.route[{index}]",
            type="aws_route_table",
            template=m.template,
            location=inst.mark("route", index),
            conditional=table.conditional,
            suppress=table.suppress,
            table=table,
        )
        _route_fields(m, route, body, ("cidr_block", "ipv6_cidr_block", "destination_prefix_list_id"))
        m.extra.append(route)


def _route(m: Mapper, route: Route, inst: Instance) -> None:
    attrs = inst.attrs
    route.table = m.ref(attrs.get("route_table_id"))
    _route_fields(
        m, route, attrs, ("destination_cidr_block", "destination_ipv6_cidr_block", "destination_prefix_list_id")
    )
    if inst.unknown_count:
        m.open(RouteTable)


def _association(m: Mapper, assoc: RouteTableAssociation, inst: Instance) -> None:
    attrs = inst.attrs
    assoc.subnet = m.ref(attrs.get("subnet_id"))
    assoc.table = m.ref(attrs.get("route_table_id"))
    if inst.unknown_count or (assoc.subnet is UNKNOWN and attrs.get("subnet_id") is UNKNOWN):
        m.open(Subnet)
        m.open(RouteTable)


def _main_association(m: Mapper, res: Resource, inst: Instance) -> None:
    vpc = m.ref(inst.attrs.get("vpc_id"))
    table = m.ref(inst.attrs.get("route_table_id"))
    if isinstance(table, RouteTable):
        table.main = True
        if not isinstance(table.vpc, Vpc):
            table.vpc = vpc
    elif not isinstance(vpc, Vpc):
        m.open(Subnet)  # some VPC's main table changed: unassociated subnets cannot be placed
    else:
        placeholder = RouteTable(
            id=f"{res.id} route table", type=inst.type, template=m.template, location=res.location, vpc=vpc, main=True
        )
        m.template.exported.add(placeholder.id)  # a table we cannot see: its routes are unknown
        m.extra.append(placeholder)


def _nat(m: Mapper, nat: NatGateway, inst: Instance) -> None:
    attrs = inst.attrs
    nat.subnet = m.ref(attrs.get("subnet_id"))
    connectivity = attrs.get("connectivity_type")
    nat.public = None if not (connectivity is None or isinstance(connectivity, str)) else connectivity != "private"
    nat.eip = m.ref(attrs.get("allocation_id"))


def _egress_only_gateway(m: Mapper, gateway: EgressOnlyInternetGateway, inst: Instance) -> None:
    gateway.vpc = m.ref(inst.attrs.get("vpc_id"))


def _endpoint(m: Mapper, ep: VpcEndpoint, inst: Instance) -> None:
    attrs = inst.attrs
    ep.vpc = m.ref(attrs.get("vpc_id"))
    name = attrs.get("service_name")
    name = name.text if isinstance(name, Partial) else name  # com.amazonaws.${region}.s3
    ep.service = netvalues.endpoint_service(name, HOLE)
    kind = attrs.get("vpc_endpoint_type")
    known = kind is None or isinstance(kind, str)
    ep.gateway = None if not known else (not _set(kind) or str(kind).lower() == "gateway")
    ep.route_tables = m.members(inst, attrs.get("route_table_ids"), "route_table_ids")


def _endpoint_association(m: Mapper, res: Resource, inst: Instance) -> None:
    ep = m.ref(inst.attrs.get("vpc_endpoint_id"))
    table = m.ref(inst.attrs.get("route_table_id"))
    if isinstance(ep, VpcEndpoint) and isinstance(ep.route_tables, list):
        ep.route_tables.append(Member(table, res.location))
    elif ep is UNKNOWN or inst.unknown_count:
        m.open(RouteTable)


def _ipv6_internet(cidrs: Any, prefix_lists: Any) -> bool | None:
    if cidrs is UNKNOWN or prefix_lists is UNKNOWN:
        return None
    if _set(prefix_lists):
        return True
    verdict: bool | None = False
    for cidr in cidrs if isinstance(cidrs, list) else [cidrs] if _set(cidrs) else []:
        reaches = netvalues.reaches_ipv6_internet(cidr) if isinstance(cidr, str) else None
        if reaches:
            return True
        if reaches is None:
            verdict = None
    return verdict


def _security_group(m: Mapper, sg: SecurityGroup, inst: Instance) -> None:
    attrs = inst.attrs
    sg.vpc = m.ref(attrs.get("vpc_id"))
    egress = attrs.get("egress")
    if egress is UNKNOWN or (egress is not None and not isinstance(egress, list)):
        sg.egress = UNKNOWN
        return
    sg.egress = []  # Terraform removes AWS's default allow-all: no egress block, no egress (§6.2)
    for index, rule in enumerate(egress or []):
        where = inst.mark("egress", index)
        if not isinstance(rule, dict):
            sg.egress.append(EgressRule(None, where))
            continue
        sg.egress.append(EgressRule(_ipv6_internet(rule.get("ipv6_cidr_blocks"), rule.get("prefix_list_ids")), where))


def _sg_rule(m: Mapper, rule: SecurityGroupEgress, inst: Instance) -> None:
    attrs = inst.attrs
    if not isinstance(rule, SecurityGroupEgress):
        return  # an ingress rule
    rule.group = m.ref(attrs.get("security_group_id"))
    if inst.type == "aws_vpc_security_group_egress_rule":
        verdict = _ipv6_internet(attrs.get("cidr_ipv6"), attrs.get("prefix_list_id"))
    else:
        verdict = _ipv6_internet(attrs.get("ipv6_cidr_blocks"), attrs.get("prefix_list_ids"))
        if attrs.get("type") != "egress":
            verdict = None
    rule.rule = EgressRule(verdict, rule.location)
    if inst.unknown_count and not isinstance(rule.group, SecurityGroup):
        m.open(SecurityGroup)  # rules we cannot place may belong to any group


def _role(m: Mapper, role: Role, inst: Instance) -> None:
    attrs = inst.attrs
    for policy in attrs.get("inline_policy") or [] if isinstance(attrs.get("inline_policy"), list) else []:
        if isinstance(policy, dict):
            role.actions += actions(policy.get("policy"))
    arns = attrs.get("managed_policy_arns")
    for arn in arns if isinstance(arns, list) else []:
        _attach(m, role, arn)


def _attach(m: Mapper, role: Role, arn: Any) -> None:
    attached = m.ref(arn)
    if isinstance(attached, Policy):
        role.attached.append(attached)
        return
    action = sam.managed_policy_action(arn)
    role.actions += [action] if action else []


def _policy(m: Mapper, policy: Policy, inst: Instance) -> None:
    attrs = inst.attrs
    policy.actions = actions(attrs.get("policy"))
    if inst.type == "aws_iam_role_policy":
        policy.roles = [Member(m.ref(attrs.get("role")), inst.mark("role"))]


def _policy_attachment(m: Mapper, res: Resource, inst: Instance) -> None:
    attrs = inst.attrs
    roles = attrs.get("roles") if inst.type == "aws_iam_policy_attachment" else [attrs.get("role")]
    for item in roles if isinstance(roles, list) else []:
        role = m.ref(item)
        if isinstance(role, Role):
            _attach(m, role, attrs.get("policy_arn"))


def _alias(m: Mapper, alias: Alias, inst: Instance) -> None:
    version = inst.attrs.get("function_version")
    alias.function = m.ref(inst.attrs.get("function_name")) if version != "$LATEST" else None


def _data_store(m: Mapper, store: DataStore, inst: Instance) -> None:
    store.service = "s3" if inst.type == "aws_s3_bucket" else "dynamodb"


def _api(m: Mapper, api: Api, inst: Instance) -> None:
    attrs = inst.attrs
    source = _first(attrs.get("endpoint_configuration") or attrs.get("domain_name_configuration"))
    value = (source if isinstance(source, dict) else attrs).get("ip_address_type")
    api.ip_address_type = value if isinstance(value, str) or value is None else UNKNOWN


_FILLERS: dict[str, Callable[[Mapper, Any, Instance], None]] = {
    "aws_lambda_function": _function,
    "aws_vpc": _vpc,
    "aws_vpc_ipv6_cidr_block_association": _vpc_ipv6_block,
    "aws_subnet": _subnet,
    "aws_route_table": _route_table,
    "aws_default_route_table": _route_table,
    "aws_route": _route,
    "aws_route_table_association": _association,
    "aws_main_route_table_association": _main_association,
    "aws_nat_gateway": _nat,
    "aws_egress_only_internet_gateway": _egress_only_gateway,
    "aws_vpc_endpoint": _endpoint,
    "aws_vpc_endpoint_route_table_association": _endpoint_association,
    "aws_security_group": _security_group,
    "aws_security_group_rule": _sg_rule,
    "aws_vpc_security_group_egress_rule": _sg_rule,
    "aws_iam_role": _role,
    "aws_iam_role_policy": _policy,
    "aws_iam_policy": _policy,
    "aws_iam_role_policy_attachment": _policy_attachment,
    "aws_iam_policy_attachment": _policy_attachment,
    "aws_lambda_alias": _alias,
    "aws_s3_bucket": _data_store,
    "aws_dynamodb_table": _data_store,
    "aws_apigatewayv2_api": _api,
    "aws_api_gateway_rest_api": _api,
    "aws_apigatewayv2_domain_name": _api,
    "aws_api_gateway_domain_name": _api,
}


def build(template: Template, instances: list[Instance]) -> list[Resource]:
    return Mapper(template, instances).build()
