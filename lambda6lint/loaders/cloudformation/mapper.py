"""CloudFormation and SAM templates into resources of the graph.

The only place that knows CloudFormation property names. Each resource is created in a first
pass, then its references are linked in a second, so order in the template never matters.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from lambda6lint.loaders import Document
from lambda6lint.loaders.cloudformation import sam
from lambda6lint.loaders.cloudformation.intrinsics import MISSING, PLACEHOLDER, Intrinsics, ResourceRef, is_known_text
from lambda6lint.loaders.common import comments, netvalues
from lambda6lint.loaders.common.marked import LDict
from lambda6lint.model import (
    UNKNOWN,
    Alias,
    Api,
    DataStore,
    EgressOnlyInternetGateway,
    EgressRule,
    Function,
    InternetGateway,
    Location,
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
    SubnetIpv6Block,
    Template,
    Vpc,
    VpcEndpoint,
    VpcIpv6Block,
)

CLASSES: dict[str, type[Resource]] = {
    "AWS::Lambda::Function": Function,
    sam.SERVERLESS_FUNCTION: Function,
    "AWS::EC2::VPC": Vpc,
    "AWS::EC2::VPCCidrBlock": VpcIpv6Block,
    "AWS::EC2::Subnet": Subnet,
    "AWS::EC2::SubnetCidrBlock": SubnetIpv6Block,
    "AWS::EC2::RouteTable": RouteTable,
    "AWS::EC2::Route": Route,
    "AWS::EC2::SubnetRouteTableAssociation": RouteTableAssociation,
    "AWS::EC2::NatGateway": NatGateway,
    "AWS::EC2::EgressOnlyInternetGateway": EgressOnlyInternetGateway,
    "AWS::EC2::InternetGateway": InternetGateway,
    "AWS::EC2::VPCEndpoint": VpcEndpoint,
    "AWS::EC2::SecurityGroup": SecurityGroup,
    "AWS::EC2::SecurityGroupEgress": SecurityGroupEgress,
    "AWS::IAM::Role": Role,
    "AWS::IAM::Policy": Policy,
    "AWS::IAM::ManagedPolicy": Policy,
    "AWS::Lambda::Alias": Alias,
    "AWS::Lambda::Version": Alias,
    "AWS::S3::Bucket": DataStore,
    "AWS::DynamoDB::Table": DataStore,
    "AWS::DynamoDB::GlobalTable": DataStore,
    "AWS::Serverless::SimpleTable": DataStore,
    "AWS::ApiGateway::RestApi": Api,
    "AWS::ApiGatewayV2::Api": Api,
    "AWS::Serverless::Api": Api,
    "AWS::Serverless::HttpApi": Api,
    "AWS::Serverless::WebSocketApi": Api,
    "AWS::ApiGateway::DomainName": Api,
    "AWS::ApiGatewayV2::DomainName": Api,
}

_ROUTE_TARGETS = {
    "EgressOnlyInternetGatewayId": "eigw",
    "NatGatewayId": "nat",
    "TransitGatewayId": "tgw",
    "VpcEndpointId": "vpce",
    "VpcPeeringConnectionId": "peering",
    "NetworkInterfaceId": "eni",
    "InstanceId": "instance",
    "CarrierGatewayId": "other",
    "LocalGatewayId": "other",
    "CoreNetworkArn": "other",
}


def looks_like_template(doc: Any) -> bool:
    if not isinstance(doc, dict):
        return False
    if "AWSTemplateFormatVersion" in doc:
        return True
    resources = doc.get("Resources")
    return isinstance(resources, dict) and any(
        isinstance(r, dict) and isinstance(r.get("Type"), str) and "::" in r["Type"] for r in resources.values()
    )


def suppressions(metadata: Any) -> frozenset[str]:
    """Rule ids/names from `Metadata.lambda6lint.ignore` and cfn-lint's `ignore_checks`."""
    found: set[str] = set()
    if not isinstance(metadata, dict):
        return frozenset()
    ours = metadata.get("lambda6lint")
    if isinstance(ours, dict):
        entries = ours.get("ignore")
        for entry in entries if isinstance(entries, list) else [entries]:
            if isinstance(entry, dict):
                entry = entry.get("id") or entry.get("rule")
            if isinstance(entry, str):
                found.add(entry)
    theirs = metadata.get("cfn-lint")
    config = theirs.get("config") if isinstance(theirs, dict) else None
    checks = config.get("ignore_checks") if isinstance(config, dict) else None
    if isinstance(checks, list):
        found.update(c for c in checks if isinstance(c, str))
    return frozenset(found)


class _Builder:
    def __init__(self, document: Document):
        self.document = document
        self.path = path = document.path
        self.doc = doc = document.doc
        pseudo = {"AWS::StackName": document.stack_name} if document.stack_name else {}
        self.intr = Intrinsics(doc, pseudo=pseudo, importer=self.imported, outer=self.passed_in)
        self.exports: dict[str, tuple[_Builder, Any] | None] = {}  # the run's exports, set before fill()
        self.parent: _Builder | None = None  # for a nested stack
        self.children: dict[str, _Builder] = {}  # nested stacks by the logical id of their Stack resource
        self._resolving: set[str] = set()
        is_sam = "AWS::Serverless" in str(doc.get("Transform", ""))
        outputs = doc.get("Outputs")
        if document.parent is not None and isinstance(outputs, dict):
            # A nested stack's Outputs go to its parent, which is in the run: only real exports leave it.
            outputs = {k: v for k, v in outputs.items() if isinstance(v, dict) and "Export" in v}
        self.template = Template(
            path=path,
            format="sam" if is_sam else "cloudformation",
            exported=self.intr.references(outputs),
            suppress=suppressions(doc.get("Metadata")),
        )
        self.objects: dict[str, Resource] = {}
        self.props: dict[str, Any] = {}

    def loc(self, mapping: Any, key: Any, default: Location) -> Location:
        if isinstance(mapping, LDict) and key in mapping.key_marks:
            line, column = mapping.key_marks[key]
            return Location(self.path, line, column)
        return default

    def comment_suppressions(self, resources: LDict) -> dict[str, frozenset[str]]:
        """`# lambda6lint:ignore …` comments per resource: inside its block or on the line above it."""
        text = self.document.text
        if not text or "lambda6lint" not in text:
            return {}
        lines = text.splitlines()
        starts = sorted((resources.mark_of(k)[0], str(k)) for k in resources)
        following = [line for line, _ in (self.doc.key_marks.values() if isinstance(self.doc, LDict) else [])]
        section_end = min((line for line in following if line > resources.line), default=len(lines) + 1) - 1
        found = {}
        for index, (start, logical_id) in enumerate(starts):
            end = starts[index + 1][0] - 1 if index + 1 < len(starts) else section_end
            found[logical_id] = comments.block_suppressions(lines, start, end)
        return found

    def create(self) -> None:
        """Pass 1: one object per resource, so references in any template can point at it."""
        resources = self.intr.resources
        if not isinstance(resources, LDict):
            return
        commented = self.comment_suppressions(resources)
        for logical_id, body in resources.items():
            if not isinstance(body, dict) or not isinstance(body.get("Type"), str):
                continue
            condition = body.get("Condition")
            verdict = self.intr.condition(condition) if condition is not None else True
            if verdict is False:
                continue
            kind = body["Type"]
            props = body.get("Properties")
            if kind == sam.SERVERLESS_FUNCTION:
                props = sam.function_properties(self.doc, body)
            props = props if isinstance(props, dict) else LDict()
            line, column = resources.mark_of(logical_id)
            metadata = body.get("Metadata")
            construct = metadata.get("aws:cdk:path") if isinstance(metadata, dict) else None
            if not construct and self.document.construct_paths:
                construct = self.document.construct_paths.get(str(logical_id))
            res = CLASSES.get(kind, Resource)(
                id=str(logical_id),
                type=kind,
                template=self.template,
                location=Location(self.path, line, column),
                refs=self.intr.references(props),
                conditional=verdict is None,
                suppress=suppressions(metadata) | commented.get(str(logical_id), frozenset()),
                path=construct if isinstance(construct, str) and construct else None,
            )
            self.objects[str(logical_id)] = res
            self.props[str(logical_id)] = props

    def own_exports(self) -> Iterator[tuple[str, Any]]:
        """(export name, value node) of the template's Outputs whose names can be known."""
        outputs = self.doc.get("Outputs")
        for output in outputs.values() if isinstance(outputs, dict) else []:
            export = output.get("Export") if isinstance(output, dict) else None
            name = self.intr.scalar(export.get("Name")) if isinstance(export, dict) else None
            if isinstance(name, str) and is_known_text(name):
                yield name, output.get("Value")

    def fill(self) -> list[Resource]:
        """Pass 2: attributes and references, now that every template's resources exist."""
        linked = self.parent is not None or bool(self.children) or any(self.exports)
        for logical_id, res in self.objects.items():
            filler = _FILLERS.get(type(res))
            if filler:
                filler(self, res, self.props[logical_id])
            if linked:
                res.links = self.foreign(self.props[logical_id])
        return list(self.objects.values())

    def release(self) -> None:
        """Break the reference cycles of a finished build (the engine pauses the cyclic GC while loading)."""
        self.intr.importer = self.intr.outer = None
        self.exports, self.children, self.parent, self.props = {}, {}, None, {}

    def foreign(self, node: Any) -> list[Resource]:
        """Resources of other templates that `node` references (imports, nested stack outputs, parameters)."""
        found: list[Resource] = []
        stack, seen = [node], set()
        while stack:
            item = stack.pop()
            if isinstance(item, dict):
                if id(item) in seen:
                    continue
                seen.add(id(item))
                if len(item) == 1 and next(iter(item)) in ("Fn::ImportValue", "Fn::GetAtt", "Ref"):
                    target = self.target(self.intr.ident(item))
                    if isinstance(target, Resource) and target.template is not self.template:
                        found.append(target)
                stack.extend(item.values())
            elif isinstance(item, list):
                stack.extend(item)
        return found

    def passed_in(self, name: str, mode: str) -> Any:
        """What the parent stack passes to parameter `name` of this nested stack."""
        values = self.document.parameters
        if self.parent is None or not isinstance(values, dict) or name not in values:
            return MISSING
        node = values[name]
        if mode == "ident":
            return self.parent.target(self.parent.intr.ident(node))
        return self.parent.intr.scalar(node)

    def output(self, name: str) -> Any:
        """The resource a nested stack's Output `name` refers to (for the parent's `GetAtt Child.Outputs.name`)."""
        outputs = self.doc.get("Outputs")
        output = outputs.get(name) if isinstance(outputs, dict) else None
        if not isinstance(output, dict) or name in self._resolving:
            return UNKNOWN
        self._resolving.add(name)
        try:
            return self.target(self.intr.ident(output.get("Value")))
        finally:
            self._resolving.discard(name)

    def imported(self, name: str) -> Any:
        """`Fn::ImportValue name`: the resource another template of the run exports under that name."""
        found = self.exports.get(name)
        if found is None:
            return UNKNOWN
        builder, value = found
        self.exports[name] = None  # guards against export cycles while resolving
        try:
            return builder.target(builder.intr.ident(value))
        finally:
            self.exports[name] = found

    # ----- reference helpers ---------------------------------------------------------------

    def target(self, ref: Any) -> Any:
        if isinstance(ref, ResourceRef):
            attribute = ref.attribute or ""
            if attribute.startswith("Outputs.") and ref.logical_id in self.children:
                return self.children[ref.logical_id].output(attribute[len("Outputs.") :])
            return self.objects.get(ref.logical_id, UNKNOWN)
        return ref  # a resource of another template, None (absent) or UNKNOWN

    def ref(self, node: Any) -> Any:
        return self.target(self.intr.ident(node))

    def members(self, props: dict, key: str, default: Location) -> Any:
        refs = self.intr.ident_list(props.get(key))
        if refs is None:
            return []
        if refs is UNKNOWN:
            return UNKNOWN
        where = self.loc(props, key, default)
        return [Member(self.target(ref), Location(self.path, *mark) if mark != (0, 0) else where) for ref, mark in refs]

    def either_present(self, props: dict, *keys: str) -> bool | None:
        verdicts = [self.intr.present(props.get(k)) for k in keys]
        if True in verdicts:
            return True
        return None if None in verdicts else False

    def actions(self, document: Any) -> list[str]:
        document = self.intr.struct(document)
        statements = self.intr.struct(document.get("Statement")) if isinstance(document, dict) else None
        if isinstance(statements, dict):
            statements = [statements]
        found: list[str] = []
        for statement in statements if isinstance(statements, list) else []:
            statement = self.intr.struct(statement)
            if not isinstance(statement, dict) or self.intr.scalar(statement.get("Effect")) != "Allow":
                continue
            action = self.intr.struct(statement.get("Action"))
            for item in action if isinstance(action, list) else [action]:
                value = self.intr.scalar(item)
                if is_known_text(value):
                    found.append(value)
        return found


# ----- per-type fillers --------------------------------------------------------------------


def _function(b: _Builder, fn: Function, props: dict) -> None:
    vpc_config = b.intr.struct(props.get("VpcConfig"))
    fn.marks["vpc_config"] = b.loc(props, "VpcConfig", fn.location)
    if vpc_config is UNKNOWN:
        fn.has_vpc_config, fn.subnets, fn.security_groups, fn.dualstack = True, UNKNOWN, UNKNOWN, None
    elif isinstance(vpc_config, dict):
        fn.has_vpc_config = True
        where = fn.marks["vpc_config"]
        fn.subnets = b.members(vpc_config, "SubnetIds", where)
        fn.security_groups = b.members(vpc_config, "SecurityGroupIds", where)
        fn.dualstack = b.intr.boolean(vpc_config.get("Ipv6AllowedForDualStack"))
        for key, mark in (
            ("SubnetIds", "subnets"),
            ("SecurityGroupIds", "security_groups"),
            ("Ipv6AllowedForDualStack", "dualstack"),
        ):
            if key in vpc_config:
                fn.marks[mark] = b.loc(vpc_config, key, where)
    fn.runtime = b.intr.scalar(props.get("Runtime"))
    environment = b.intr.struct(props.get("Environment"))
    variables = b.intr.struct(environment.get("Variables")) if isinstance(environment, dict) else None
    if environment is UNKNOWN or variables is UNKNOWN:
        fn.environment = UNKNOWN
    elif isinstance(variables, dict):
        fn.environment = {str(k): b.intr.scalar(v) for k, v in variables.items()}
        fn.env_refs = [b.objects[r] for r in sorted(b.intr.references(variables)) if r in b.objects]
    fn.role = b.ref(props.get("Role"))
    if fn.type == sam.SERVERLESS_FUNCTION:
        fn.auto_publish = b.intr.present(props.get("AutoPublishAlias")) is True
        policies = b.intr.struct(props.get("Policies"))
        for policy in policies if isinstance(policies, list) else [policies]:
            policy = b.intr.struct(policy)
            if isinstance(policy, str):
                action = sam.managed_policy_action(policy)
                fn.grants += [(action, f"managed policy {policy.rsplit('/', 1)[-1]}")] if action else []
            elif isinstance(policy, dict) and "Statement" in policy:
                fn.grants += [(a, "its SAM Policies") for a in b.actions(policy)]
            elif isinstance(policy, dict) and len(policy) == 1:
                name = str(next(iter(policy)))
                action = sam.policy_template_action(name)
                fn.grants += [(action, f"SAM policy template {name}")] if action else []


def _subnet(b: _Builder, subnet: Subnet, props: dict) -> None:
    subnet.vpc = b.ref(props.get("VpcId"))
    subnet.ipv4 = b.either_present(props, "CidrBlock", "Ipv4IpamPoolId")
    subnet.ipv6 = b.either_present(props, "Ipv6CidrBlock", "Ipv6IpamPoolId")
    subnet.ipv6_native = b.intr.boolean(props.get("Ipv6Native"))
    subnet.dns64 = b.intr.boolean(props.get("EnableDns64"))


def _vpc_ipv6_block(b: _Builder, block: VpcIpv6Block, props: dict) -> None:
    block.vpc = b.ref(props.get("VpcId"))
    amazon = b.intr.boolean(props.get("AmazonProvidedIpv6CidrBlock"))
    other = b.either_present(props, "Ipv6Pool", "Ipv6IpamPoolId", "Ipv6CidrBlock")
    if amazon is False and other is False:
        block.vpc = None  # an IPv4 secondary block: no IPv6 for anyone
    elif amazon is None and other is not True:
        block.conditional = True


def _subnet_ipv6_block(b: _Builder, block: SubnetIpv6Block, props: dict) -> None:
    block.subnet = b.ref(props.get("SubnetId"))


def _route_table(b: _Builder, table: RouteTable, props: dict) -> None:
    table.vpc = b.ref(props.get("VpcId"))


def _cidr(value: Any) -> Any:
    if value is None or value is UNKNOWN or not is_known_text(value):
        return UNKNOWN if value is not None else None
    return netvalues.normal_cidr(str(value))


def _route(b: _Builder, route: Route, props: dict) -> None:
    route.table = b.ref(props.get("RouteTableId"))
    route.destination = None
    for key in ("DestinationCidrBlock", "DestinationIpv6CidrBlock", "DestinationPrefixListId"):
        if key in props:
            value = b.intr.scalar(props[key])
            route.destination = _cidr(value) if key != "DestinationPrefixListId" else f"prefix-list:{value}"
            if value is UNKNOWN or (isinstance(value, str) and PLACEHOLDER in value):
                route.destination = UNKNOWN
            route.marks["destination"] = b.loc(props, key, route.location)
    if "GatewayId" in props:
        gateway = b.ref(props["GatewayId"])
        route.target = gateway
        if isinstance(gateway, InternetGateway):
            route.target_kind = "igw"
        elif gateway is UNKNOWN:
            # a literal id only: a parameter's Default is never an identifier
            route.target_kind = netvalues.gateway_kind(props["GatewayId"])
        else:
            route.target_kind = "vgw" if isinstance(gateway, Resource) else "unknown"
        return
    for key, kind in _ROUTE_TARGETS.items():
        if key in props:
            route.target_kind, route.target = kind, b.ref(props[key])
            return


def _association(b: _Builder, assoc: RouteTableAssociation, props: dict) -> None:
    assoc.subnet = b.ref(props.get("SubnetId"))
    assoc.table = b.ref(props.get("RouteTableId"))


def _nat(b: _Builder, nat: NatGateway, props: dict) -> None:
    nat.subnet = b.ref(props.get("SubnetId"))
    connectivity = b.intr.scalar(props.get("ConnectivityType"))
    nat.public = None if connectivity is UNKNOWN else connectivity != "private"
    nat.eip = b.ref(props.get("AllocationId"))


def _egress_only_gateway(b: _Builder, gateway: EgressOnlyInternetGateway, props: dict) -> None:
    gateway.vpc = b.ref(props.get("VpcId"))


def _endpoint(b: _Builder, ep: VpcEndpoint, props: dict) -> None:
    ep.vpc = b.ref(props.get("VpcId"))
    ep.service = netvalues.endpoint_service(b.intr.scalar(props.get("ServiceName")), PLACEHOLDER)
    kind = b.intr.scalar(props.get("VpcEndpointType"))
    ep.gateway = None if kind is UNKNOWN else (kind is None or str(kind).lower() == "gateway")
    ep.route_tables = b.members(props, "RouteTableIds", ep.location)


def egress_rule(b: _Builder, rule: Any, where: Location) -> EgressRule:
    rule = b.intr.struct(rule)
    if not isinstance(rule, dict):
        return EgressRule(None, where)
    if "CidrIpv6" in rule:
        value = b.intr.scalar(rule["CidrIpv6"])
        if not is_known_text(value):
            return EgressRule(None, where)
        return EgressRule(netvalues.reaches_ipv6_internet(value), where)
    if b.intr.present(rule.get("DestinationPrefixListId")):
        # A prefix list counts as IPv6 egress (RULES.md), unless it is declared here as an IPv4 list.
        declared = b.ref(rule.get("DestinationPrefixListId"))
        body = b.intr.resources.get(declared.id) if isinstance(declared, Resource) else None
        props = body.get("Properties") if isinstance(body, dict) else None
        family = b.intr.scalar(props.get("AddressFamily")) if isinstance(props, dict) else None
        return EgressRule(family != "IPv4" if is_known_text(family) else True, where)
    return EgressRule(False, where)


def _security_group(b: _Builder, sg: SecurityGroup, props: dict) -> None:
    sg.vpc = b.ref(props.get("VpcId"))
    egress = b.intr.struct(props.get("SecurityGroupEgress"))
    where = b.loc(props, "SecurityGroupEgress", sg.location)
    if egress is UNKNOWN or (egress is not None and not isinstance(egress, list)):
        sg.egress = UNKNOWN
    elif not egress:
        sg.egress = [EgressRule(False, sg.location)]  # CloudFormation adds IPv4 allow-all only (§6.1)
    else:
        sg.egress = []
        for index, item in enumerate(egress):
            item = b.intr.struct(item)
            if item is None:
                continue
            mark = egress.mark_of(index) if hasattr(egress, "mark_of") else (0, 0)
            sg.egress.append(egress_rule(b, item, Location(b.path, *mark) if mark != (0, 0) else where))


def _sg_egress(b: _Builder, rule: SecurityGroupEgress, props: dict) -> None:
    rule.group = b.ref(props.get("GroupId"))
    rule.rule = egress_rule(b, props, rule.location)


def _role(b: _Builder, role: Role, props: dict) -> None:
    policies = b.intr.struct(props.get("Policies"))
    for policy in policies if isinstance(policies, list) else []:
        policy = b.intr.struct(policy)
        if isinstance(policy, dict):
            role.actions += b.actions(policy.get("PolicyDocument"))
    arns = b.intr.struct(props.get("ManagedPolicyArns"))
    for arn in arns if isinstance(arns, list) else []:
        attached = b.ref(arn)
        if isinstance(attached, Policy):
            role.attached.append(attached)
            continue
        action = sam.managed_policy_action(b.intr.scalar(arn))
        role.actions += [action] if action else []


def _policy(b: _Builder, policy: Policy, props: dict) -> None:
    policy.roles = b.members(props, "Roles", policy.location)
    policy.actions = b.actions(props.get("PolicyDocument"))


def _alias(b: _Builder, alias: Alias, props: dict) -> None:
    alias.function = b.ref(props.get("FunctionName"))


def _data_store(b: _Builder, store: DataStore, props: dict) -> None:
    store.service = "s3" if store.type == "AWS::S3::Bucket" else "dynamodb"


def _api(b: _Builder, api: Api, props: dict) -> None:
    config = b.intr.struct(props.get("EndpointConfiguration"))
    source = config if isinstance(config, dict) else props
    api.ip_address_type = b.intr.scalar(source.get("IpAddressType"))


_FILLERS: dict[type, Callable[[_Builder, Any, dict], None]] = {
    Function: _function,
    Subnet: _subnet,
    VpcIpv6Block: _vpc_ipv6_block,
    SubnetIpv6Block: _subnet_ipv6_block,
    RouteTable: _route_table,
    Route: _route,
    RouteTableAssociation: _association,
    NatGateway: _nat,
    EgressOnlyInternetGateway: _egress_only_gateway,
    VpcEndpoint: _endpoint,
    SecurityGroup: _security_group,
    SecurityGroupEgress: _sg_egress,
    Role: _role,
    Policy: _policy,
    Alias: _alias,
    DataStore: _data_store,
    Api: _api,
}


def standalone(document: Document) -> bool:
    """A template that can neither export to nor import from another (so it can be built on its own)."""
    text = document.text
    return (
        text is not None
        and document.parent is None
        and "ImportValue" not in text
        and "Export" not in text
        and "AWS::CloudFormation::Stack" not in text
    )


def build(documents: list[Document]) -> list[tuple[Template, list[Resource]]]:
    """Every document's resources, linked within and across templates (exports, nested stacks)."""
    builders = [_Builder(d) for d in documents]
    by_document = {id(b.document): b for b in builders}
    for builder in builders:
        parent = by_document.get(id(builder.document.parent))
        if parent is not None and builder.document.parent_resource:
            builder.parent = parent
            parent.children[builder.document.parent_resource] = builder
    for builder in builders:
        builder.create()
    exports: dict[str, tuple[_Builder, Any] | None] = {}
    for builder in builders:
        for name, value in builder.own_exports():
            exports[name] = None if name in exports else (builder, value)  # a duplicate name is ambiguous
    for builder in builders:
        builder.exports = exports
    built = [(builder.template, builder.fill()) for builder in builders]
    for builder in builders:  # builders and their Intrinsics point at each other: let the parse trees go
        builder.release()
    return built


def load(path: str, doc: dict) -> tuple[Template, list[Resource]]:
    """One template's resources, linked, with locations in `path`."""
    return build([Document(path, doc)])[0]
