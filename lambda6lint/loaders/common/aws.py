"""AWS semantics every format's mapper shares, written once (RULES.md "Shared semantics").

A mapper translates its own names into the concepts here (CloudFormation's `NatGatewayId` and
Terraform's `nat_gateway_id` are both the route target `nat_gateway`) and asks this module what
they mean, so the two formats cannot drift apart. Type tables name both formats' types side by side.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable

from lambda6lint.loaders.common import netvalues
from lambda6lint.loaders.common.errors import clipped
from lambda6lint.model import (
    BYOIP,
    EGRESS,
    MAYBE_STATIC,
    UNKNOWN,
    EgressOnlyInternetGateway,
    InternetGateway,
    Location,
    NatGateway,
    NetworkAcl,
    Resource,
    Route,
    RouteTable,
    Subnet,
    TargetKind,
    Unknown,
    Vpc,
    VpcEndpoint,
)
from lambda6lint.patterns import on_use

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

# ----- routes ------------------------------------------------------------------------------------

#: Route target properties by concept, except `gateway` (an internet or virtual private gateway).
ROUTE_TARGETS: dict[str, TargetKind] = {
    "egress_only_gateway": "eigw",
    "nat_gateway": "nat",
    "transit_gateway": "tgw",
    "vpc_endpoint": "vpce",
    "peering": "peering",
    "network_interface": "eni",
    "instance": "instance",
    "carrier_gateway": "other",
    "local_gateway": "other",
    "core_network": "other",
}


#: Route target resources by type, both formats, for those the graph has no class of its own.
TARGET_TYPES: dict[str, TargetKind] = {
    "AWS::EC2::TransitGateway": "tgw",
    "AWS::EC2::VPCPeeringConnection": "peering",
    "AWS::EC2::NetworkInterface": "eni",
    "AWS::EC2::Instance": "instance",
    "AWS::EC2::VPNGateway": "vgw",
    "aws_ec2_transit_gateway": "tgw",
    "aws_vpc_peering_connection": "peering",
    "aws_network_interface": "eni",
    "aws_instance": "instance",
    "aws_vpn_gateway": "vgw",
}
#: Literal resource ids by their prefix (`nat-0abc…`).
TARGET_PREFIXES: dict[str, TargetKind] = {
    "nat": "nat",
    "igw": "igw",
    "eigw": "eigw",
    "tgw": "tgw",
    "vpce": "vpce",
    "pcx": "peering",
    "eni": "eni",
    "i": "instance",
    "vgw": "vgw",
    "cagw": "other",
    "lgw": "other",
    "local": "other",
}


#: A region's name (`eu-west-1`, `us-gov-west-1`, `cn-north-1`); CDK's `unknown-region`, a token, an
#: interpolation are not one.
_REGION = re.compile(r"[a-z]{2}(?:-[a-z]+)+-\d{1,2}")


def region(value: object) -> str | None:
    """`value` where it names a region for certain (a literal string of a region's form), else None: the region
    code deploys to is a fact only when so written (`Template.region`); anything else stays unknown."""
    if isinstance(value, str) and _REGION.fullmatch(value.strip()):
        return value.strip()
    return None


def route_target(concept: str, target: Resource | Unknown | None, literal: object) -> TargetKind:
    """The kind of a route's target: by what it points at, else by a literal id's prefix, else by the
    property it is written in (`GatewayId: !Ref NatGateway` is a NAT route; CloudFormation and
    Terraform accept it).

    `literal` is the value as written, for an id we cannot resolve (`igw-0abc`).
    """
    if isinstance(target, NatGateway):
        return "nat"
    if isinstance(target, InternetGateway):
        return "igw"
    if isinstance(target, EgressOnlyInternetGateway):
        return "eigw"
    if isinstance(target, VpcEndpoint):
        return "vpce"
    if isinstance(target, Resource) and target.type in TARGET_TYPES:
        return TARGET_TYPES[target.type]
    if target is UNKNOWN and isinstance(literal, str):
        prefix = literal.split("-", 1)[0] if "-" in literal else literal
        if prefix in TARGET_PREFIXES:
            return TARGET_PREFIXES[prefix]
    if concept == "gateway":  # an internet or a virtual private gateway: only what it points at tells
        return "vgw" if isinstance(target, Resource) else "unknown"
    return ROUTE_TARGETS.get(concept, "unknown")


def propagated(gateway: str) -> str:
    """Why routes that route propagation adds cannot be known (an --explain clause): a virtual private
    gateway adds what its VPN or Direct Connect peers announce over BGP, a default route included."""
    return (
        f"is whatever {gateway} propagates into the table (route propagation: routes its VPN or Direct "
        "Connect peers announce, a 0.0.0.0/0 or ::/0 default route included)"
    )


def main_route_table(vpc: Vpc, local_only: bool, type_name: str) -> RouteTable:
    """A VPC's main route table that no source declares: AWS creates it with local routes only."""
    return RouteTable(
        id=f"{vpc.id} main route table",
        type=type_name,
        template=vpc.template,
        location=vpc.location,
        vpc=vpc,
        main=True,
        local_only=local_only,
        egress_host=False,
    )


def maybe_main_route(route: str, where: Location, table: str) -> str:
    """Why a VPC's main route table, which no source can name, may have more than local routes (an --explain
    clause): a route whose table comes from outside the run (a custom resource's lookup, an import, a value read
    when it deploys) may be on it. `table` says where the route's table comes from."""
    return (
        f"may get route {route} ({os.path.basename(where.path)}:{where.line}), whose route table {table}: that may "
        "be this main one, which no file can name (associate the subnets with a route table of the run to decide it)"
    )


def maybe_main_endpoint(table: str) -> str:
    """Why a gateway endpoint may be on a VPC's main route table, which no source can name (an --explain clause
    after the endpoint's route table setting): a table it names from outside the run may be that one."""
    return (
        f"name a route table that {table}: that may be the VPC's main route table, which no file can name "
        "(associate the subnets with a route table of the run to decide it)"
    )


def on_mains_maybe(
    mains: Iterable[RouteTable],
    routes: Iterable[tuple[Route, str, list[Vpc]]],
    endpoints: Iterable[tuple[VpcEndpoint, str, list[Vpc]]],
) -> None:
    """Give each VPC's main route table (`mains`, once every one is made) what a route or a gateway endpoint whose
    table a lookup gives may add to it: each (route or endpoint, where its table comes from, the VPCs whose main table
    it may be: empty, any). A route makes what the table holds unknown (W9610 does not say "local routes only"); an
    endpoint may be on it (`VpcEndpoint.may_be_on`: W9630 asks that alone). Both formats' loaders find the pairs."""
    mains = [t for t in mains if isinstance(t.vpc, Vpc)]
    for ep, where, vpcs in endpoints:
        for table in mains:
            if not vpcs or any(v is table.vpc for v in vpcs):
                ep.may_be_on.append(table)
                ep.unknown.setdefault("may_be_on", maybe_main_endpoint(where))
    for route, where, vpcs in routes:
        for table in mains:
            if not vpcs or any(v is table.vpc for v in vpcs):
                table.local_only = False
                table.template.opens(table.id, maybe_main_route(route.name, route.location, where))


def vpc_of_target(target: object) -> Vpc | None:
    """The VPC a route's target is in, where the files say: AWS accepts a route to an egress-only internet gateway
    or a NAT gateway only in a table of that gateway's VPC."""
    if isinstance(target, EgressOnlyInternetGateway):
        return target.vpc if isinstance(target.vpc, Vpc) else None
    if isinstance(target, NatGateway):
        if isinstance(target.vpc, Vpc):
            return target.vpc
        subnet = target.subnet
        return subnet.vpc if isinstance(subnet, Subnet) and isinstance(subnet.vpc, Vpc) else None
    return None


# ----- security groups ---------------------------------------------------------------------------


#: An egress destination written as a VPC's (or its subnet's) own IPv6 block, whose addresses the files do not
#: show: traffic to it takes the VPC's local route, never the internet.
OWN_BLOCK: object = object()


def ipv6_egress(cidrs: Iterable[object] | Unknown, prefix_list: bool | None) -> bool | None:
    """Whether one egress rule lets IPv6 traffic reach the internet (RULES.md "Security-group IPv6 egress").

    `cidrs` are its IPv6 destinations (text; anything else is unknown); `prefix_list` says whether
    it names a prefix list of IPv6 ranges (True), none or IPv4 ones only (False), or one whose ranges the
    run cannot show (None: a literal `pl-…` id, such as S3's IPv4 list, or one from a parameter). Such a
    list may allow IPv6 (W9620 stays silent) but is no evidence that it does (W9650 stays silent too).
    """
    if cidrs is UNKNOWN:
        return None
    if prefix_list:
        return True
    verdict: bool | None = False if prefix_list is False else None
    for cidr in cidrs:
        if cidr is OWN_BLOCK:
            continue
        reaches = netvalues.reaches_ipv6_internet(cidr) if isinstance(cidr, str) else None
        if reaches:
            return True
        if reaches is None:
            verdict = None
    return verdict


def sg_tcp_ports(protocol: object, low: object, high: object) -> tuple[int, int] | None | Unknown:
    """The TCP ports a security group rule allows: all of them for protocol -1 (its ports are then
    ignored), its port range for TCP, None for another protocol only."""
    number = acl_protocol(protocol)
    if number == -1:
        return (0, 65535)
    if number != 6:
        return UNKNOWN if number is UNKNOWN else None
    ports = acl_ports(number, low, high)
    if isinstance(ports, tuple) and 0 <= ports[0] <= ports[1] <= 65535:
        return ports
    return UNKNOWN  # (TCP without ports, or ones EC2 refuses)


def _chosen(setting: str, value: str) -> str:
    """Why an Elastic IP whose address is chosen by `setting` is kept on purpose."""
    if "ipam" in setting.lower():
        return f"it comes from IPAM pool `{value}`, addresses of the account's own"
    if "transfer" in setting.lower():
        return f"it is `{value}`, an address transferred from another account"
    return f"it recovers the address `{value}`: released, it may not be had again"


def eip_hints(
    policy: str | None,
    pool: object,
    chosen: dict[str, object] | None = None,
    why: Callable[[str], str] | None = None,
) -> dict[str, str]:
    """What an Elastic IP's own settings say of it. `static_ip`: why it is kept on purpose, so that its NAT
    gateway's address is a static egress address someone relies on (W9650 leaves the NAT gateway alone, as
    for an address in the outputs): the source keeps it when it is removed (`policy`: CloudFormation's
    `DeletionPolicy: Retain`, Terraform's `prevent_destroy`), it comes from an address pool of the account's
    own, or its address was chosen (`chosen`, by setting: an IPAM pool, a recovered or transferred address,
    which once released cannot be had again). `byoip`: that pool, whose addresses are not billed as public
    IPv4 (aws-facts §9). `MAYBE_STATIC`: why it may be one of these, where a setting cannot be known (`why`)."""
    hints: dict[str, str] = {}
    why = why or (lambda setting: "cannot be known")
    if isinstance(pool, str) and pool.strip().startswith("ipv4pool-"):  # (AWS's own is `amazon`)
        hints[BYOIP] = clipped(pool.strip())
        hints["static_ip"] = f"it comes from `{hints[BYOIP]}`, a BYOIP address pool of the account's own"
    elif pool is UNKNOWN:
        hints[MAYBE_STATIC] = f"cannot be known: its address pool {why('pool')} (a BYOIP pool would keep it)"
    for setting, value in (chosen or {}).items():
        if value is UNKNOWN:
            hints.setdefault(MAYBE_STATIC, f"cannot be known: its `{setting}` {why(setting)}")
        elif (
            isinstance(value, str)
            and value.strip()
            and ("ipam" not in setting.lower() or value.startswith("ipam-pool-"))
        ):
            # (a plan of an existing one has the pool AWS filled in, if any: an IPAM pool's id says it is one)
            hints.setdefault("static_ip", _chosen(setting, clipped(value.strip())))
    if policy:
        hints["static_ip"] = f"{policy} keeps it"
    return hints


_AWS_MANAGED_LIST = on_use(r"com\.amazonaws\.[^.]+\.[a-z0-9.-]+")


def aws_managed_prefix_list_family(name: object, hole: str = "") -> str | None:
    """The address family of the AWS-managed prefix list `name` (`com.amazonaws.us-east-1.s3`, the region
    part possibly unknown: `hole`), or None for a name that is not one (or not known). AWS names the IPv6
    lists with an `ipv6` label (`com.amazonaws.global.ipv6.cloudfront.origin-facing`); S3's and DynamoDB's
    lists are IPv4 (aws-facts §5.2)."""
    if not isinstance(name, str) or not _AWS_MANAGED_LIST.fullmatch(name):
        return None
    region = name.split(".")[2]
    if not (re.fullmatch(r"[a-z0-9-]+", region) or (hole and region == hole)):
        return None
    return "IPv6" if "ipv6" in name.split(".") else "IPv4"


# ----- IAM ---------------------------------------------------------------------------------------


def _same(value: Any) -> Any:
    return value


def allowed_actions(
    document: Any,
    struct: Callable[[Any], Any] = _same,
    scalar: Callable[[Any], Any] = _same,
    known: Callable[[Any], bool] = lambda v: isinstance(v, str),
    unread: list[tuple[str, Any]] | None = None,
) -> list[str]:
    """The actions an IAM policy document allows, as far as they can be read.

    `struct` and `scalar` resolve a format's expressions (CloudFormation intrinsics) at each level;
    `known` tells an action we can read from one we cannot. What cannot be read (the document, a
    statement or its Effect, an action: it may allow `s3:GetObject`) is appended to `unread` with
    what it is ("a policy action"), for --explain.
    """
    unread = [] if unread is None else unread
    if document is None:
        return []  # (none written: `inline_policy {}` clears a role's inline policies)
    document = struct(document)
    statements = struct(document.get("Statement")) if isinstance(document, dict) else None
    if isinstance(statements, dict):
        statements = [statements]
    if not isinstance(statements, list):
        unread.append(("a policy document", document if not isinstance(document, dict) else document.get("Statement")))
        return []
    found: list[str] = []
    for node in statements:
        statement = struct(node)
        effect = scalar(statement.get("Effect")) if isinstance(statement, dict) else None
        if not isinstance(statement, dict) or not isinstance(effect, str):
            unread.append(("a policy statement", node if not isinstance(statement, dict) else statement.get("Effect")))
            continue
        if effect != "Allow":
            continue
        action = struct(statement.get("Action"))
        if "Action" not in statement:
            continue  # (NotAction: what it allows is no evidence of what the function calls)
        for item in action if isinstance(action, list) else [action]:
            value = scalar(item)
            if known(value):
                found.append(value)
            else:
                unread.append(("a policy action", item if isinstance(action, list) else statement.get("Action")))
    return found


def role_out_of_run(arn: str) -> str:
    """Why what a function's role, named by an ARN none of the run's roles has, allows cannot be read."""
    return f"its role `{clipped(arn)}` is not in this run, so what the role allows cannot be read"


#: AWS managed policies that grant data access to S3 or DynamoDB, as a representative action.
_MANAGED_POLICY_ACTIONS = {
    "AmazonS3ReadOnlyAccess": "s3:GetObject",
    "AmazonS3FullAccess": "s3:PutObject",
    "AmazonDynamoDBReadOnlyAccess": "dynamodb:GetItem",
    "AmazonDynamoDBFullAccess": "dynamodb:PutItem",
    "AWSLambdaExecute": "s3:GetObject",  # s3:GetObject and s3:PutObject on every bucket
}


def managed_policy_action(name: object) -> str | None:
    """The representative action of an AWS managed policy given by name or ARN."""
    if not isinstance(name, str):
        return None
    return _MANAGED_POLICY_ACTIONS.get(managed_policy_name(name))


def _aws_policy_arn(name: str) -> bool:
    """An AWS managed policy's ARN, also as an `Fn::Sub` writes it (`arn:${AWS::Partition}:iam::aws:policy/…`): the
    text after `arn:` and the partition (all up to the next colon) is `:iam::aws:policy/`. A pattern said so, and a
    test compares them; a policy ARN is in most templates, and compiling it was 0.1 ms of their run."""
    if not name.startswith("arn:"):
        return False
    rest = name[4:]
    if rest.startswith("${AWS::Partition}:iam::aws:policy/"):
        return True
    return rest.partition(":")[2].startswith("iam::aws:policy/")


def is_aws_managed_policy(name: str) -> bool:
    """An AWS managed policy's ARN, or a bare name (which SAM's Policies read as one)."""
    return not name.startswith("arn:") or _aws_policy_arn(name)


#: What `managed_policy` says of an ARN whose policy name cannot be read, and of a customer managed
#: policy's (what it grants is not in the run).
UNREADABLE, FOREIGN = "", "customer managed"


def managed_policy(arn: object) -> tuple[str, str | None]:
    """A managed policy's ARN (with `${…}` where the run cannot know a part: the partition, often) read
    once for every format: (its AWS managed policy's name, the representative S3/DynamoDB action it
    grants or None); (FOREIGN, None) for a customer managed policy; (UNREADABLE, None) when the name
    itself cannot be read."""
    if not isinstance(arn, str) or "${" in managed_policy_name(arn):
        return UNREADABLE, None
    if not is_aws_managed_policy(arn):
        return FOREIGN, None
    name = managed_policy_name(arn)
    return name, managed_policy_action(name)


def managed_policy_name(name: str) -> str:
    """`AmazonS3ReadOnlyAccess` from its ARN (or as written); a customer managed policy's ARN stays
    whole (`arn:aws:iam::123456789012:policy/AmazonS3FullAccess` is not AWS's)."""
    if not name.startswith("arn:"):
        return name
    return name.rsplit("/", 1)[-1] if _aws_policy_arn(name) else name


def names_function(reference: str, name: object) -> bool:
    """Whether a function name or ARN (`orders`, `arn:aws:lambda:…:function:orders:live`) names the
    function called `name`; True when `name` cannot be known."""
    if not isinstance(name, str):
        return True
    return reference.split(":function:")[-1].split(":")[0] == name


# ----- resource types ----------------------------------------------------------------------------

#: Buckets and tables: the service a function naming them in its environment talks to.
DATA_STORES = {
    "AWS::S3::Bucket": "s3",
    "AWS::DynamoDB::Table": "dynamodb",
    "AWS::DynamoDB::GlobalTable": "dynamodb",
    "AWS::Serverless::SimpleTable": "dynamodb",
    "aws_s3_bucket": "s3",
    "aws_dynamodb_table": "dynamodb",
}

#: Environment variables the rules read (W9631, I9632, E9633): why an unknown value is unknown is
#: kept for --explain.
ENVIRONMENT_READ = frozenset({"AWS_USE_DUALSTACK_ENDPOINT", "NODE_OPTIONS"})

#: Attributes of a table that name its stream: a function given one reads the stream through DynamoDB
#: Streams' own endpoint, which has no gateway endpoint (W9630), not the table.
STREAM_ATTRIBUTES = frozenset({"StreamArn", "LatestStreamArn", "stream_arn", "stream_label"})

#: Resources that reference a subnet without placing anything in it that sends internet traffic
#: through its NAT gateway (RULES.md "Egress hosts"): network plumbing and its settings (flow logs,
#: CIDR reservations), storage and database endpoints. Lambda functions are judged on their own.
#: Every other kind, known or not (instances, containers, clusters, build and ETL jobs), may egress —
#: a transit gateway attachment too: what other VPCs send through it (a central egress VPC's spokes)
#: leaves by its subnets' routes.
NOT_EGRESS_HOSTS = frozenset(
    {
        "AWS::EC2::SubnetRouteTableAssociation",
        "AWS::EC2::SubnetNetworkAclAssociation",
        "AWS::EC2::SubnetCidrBlock",
        "AWS::EC2::SubnetCidrReservation",
        "AWS::EC2::FlowLog",
        "AWS::EC2::NatGateway",
        "AWS::Lambda::Function",
        "AWS::Serverless::Function",
        "AWS::EFS::MountTarget",
        "AWS::S3Files::MountTarget",  # (NFS answered as EFS's; S3 Files syncs with the bucket on AWS's side)
        "AWS::RDS::DBSubnetGroup",
        # (a database names a subnet for its zone, `!GetAtt Subnet.AvailabilityZone`; with an associated role it
        # calls out, and what places it becomes a host: ROLE_USING_DATABASES)
        "AWS::RDS::DBInstance",
        "AWS::RDS::DBCluster",
        "AWS::RDS::DBProxy",
        "AWS::RDS::DBProxyEndpoint",
        "AWS::ElastiCache::SubnetGroup",
        "AWS::ElastiCache::ServerlessCache",
        "AWS::Redshift::ClusterSubnetGroup",
        "AWS::OpenSearchService::Domain",
        "AWS::Elasticsearch::Domain",
        "AWS::MSK::Cluster",
        "AWS::MSK::ServerlessCluster",
        "AWS::Neptune::DBSubnetGroup",
        "AWS::DocDB::DBSubnetGroup",
        "aws_route_table_association",
        "aws_network_acl",
        "aws_default_network_acl",
        "aws_network_acl_association",
        "aws_nat_gateway",
        "aws_flow_log",
        "aws_ec2_subnet_cidr_reservation",
        "aws_vpc_endpoint_subnet_association",
        "aws_lambda_function",
        "aws_efs_mount_target",
        "aws_s3files_mount_target",
        "aws_db_subnet_group",
        "aws_db_instance",
        "aws_rds_cluster",
        "aws_rds_cluster_instance",
        "aws_db_proxy",
        "aws_db_proxy_endpoint",
        "aws_elasticache_subnet_group",
        "aws_elasticache_serverless_cache",
        "aws_redshift_subnet_group",
        "aws_opensearch_domain",
        "aws_elasticsearch_domain",
        "aws_msk_cluster",
        "aws_msk_serverless_cluster",
        "aws_neptune_subnet_group",
        "aws_docdb_subnet_group",
        # Terraform's own resources, whose provisioners run where Terraform runs (or on a host they connect to): they
        # take "no further action" (null_resource) or "do not directly take any other actions" (terraform_data).
        "null_resource",
        "terraform_data",
        # Kinds that only name a subnet (a route table's tag `!Sub app-${Subnet.AvailabilityZone}`, a parameter
        # that stores its id, a policy that scopes ec2:CreateNetworkInterface to its ARN): nothing runs there.
        "AWS::EC2::RouteTable",
        "AWS::EC2::Route",
        "AWS::EC2::NetworkAcl",
        "AWS::EC2::NetworkAclEntry",
        "AWS::EC2::SecurityGroup",
        "AWS::EC2::SecurityGroupEgress",
        "AWS::EC2::SecurityGroupIngress",
        "AWS::SSM::Parameter",
        "AWS::SecretsManager::Secret",
        "AWS::IAM::Role",
        "AWS::IAM::Policy",
        "AWS::IAM::ManagedPolicy",
        "AWS::IAM::RolePolicy",
        "AWS::CloudFormation::WaitConditionHandle",
        "AWS::CloudWatch::Alarm",
        "AWS::CloudWatch::Dashboard",
        "aws_route_table",
        "aws_route",
        "aws_network_acl_rule",
        "aws_security_group",
        "aws_security_group_rule",
        "aws_vpc_security_group_egress_rule",
        "aws_vpc_security_group_ingress_rule",
        "aws_ssm_parameter",
        "aws_secretsmanager_secret_version",
        "aws_iam_role",
        "aws_iam_policy",
        "aws_iam_role_policy",
        "aws_cloudwatch_metric_alarm",
        "aws_cloudwatch_dashboard",
    }
)

#: Event sources an event source mapping polls from their own subnets: Lambda puts its pollers'
#: network interfaces there, and they call Lambda and STS (through a NAT gateway, or interface
#: endpoints), so those subnets host something that egresses (RULES.md "Egress hosts"). Amazon MQ
#: brokers and self-managed Kafka subnets are egress hosts already; by the event's type in SAM.
POLLED_SOURCES = frozenset(
    {
        "AWS::MSK::Cluster",
        "AWS::MSK::ServerlessCluster",
        "AWS::DocDB::DBCluster",
        "aws_msk_cluster",
        "aws_msk_serverless_cluster",
        "aws_docdb_cluster",
    }
)
#: What polls a source, by the argument naming it: Lambda's event source mappings, and EventBridge pipes,
#: whose pollers reach an MSK cluster in its VPC as Lambda's do (EventBridge guide, "Amazon MSK as a
#: source": they need access to the cluster's VPC resources).
POLLERS = {
    "AWS::Lambda::EventSourceMapping": "EventSourceArn",
    "aws_lambda_event_source_mapping": "event_source_arn",
    "AWS::Pipes::Pipe": "Source",
    "aws_pipes_pipe": "source",
}
SAM_POLLED_EVENTS = {"MSK": "Stream", "DocumentDB": "Cluster"}
#: Databases that call AWS services from their subnets once an IAM role is associated for a feature
#: (Aurora invoking Lambda, importing from S3…: the cluster's traffic goes out by its subnets' NAT
#: gateway unless an endpoint takes it), by the argument that associates it.
ROLE_USING_DATABASES = {
    "AWS::RDS::DBCluster": "AssociatedRoles",
    "AWS::RDS::DBInstance": "AssociatedRoles",
    "aws_rds_cluster": "iam_roles",
}
#: Clusters whose own traffic takes their subnets' routes once a setting sends it through the VPC:
#: Redshift with enhanced VPC routing (COPY and UNLOAD, and calls to other services, go out by a NAT
#: gateway unless an endpoint takes them: Redshift management guide, "Enhanced VPC routing"), by the
#: argument that turns it on.
#: What an Elastic IP association may give a public address to that is not Lambda's own interface.
ADDRESSED_HOSTS = frozenset(
    {"AWS::EC2::Instance", "AWS::EC2::NetworkInterface", "aws_instance", "aws_network_interface"}
)


def unnamed_interface(cause: str) -> str:
    """Why an Elastic IP association may give a function public IPv4 in a public subnet: an interface a
    custom resource finds at deploy time (serverless-patterns lambda-elastic-ip-no-nat-gateway-cdk)."""
    return (
        f"may give Lambda's network interfaces public IPv4 addresses: the interface it gives an Elastic IP to {cause}"
    )


VPC_ROUTED_CLUSTERS = {"AWS::Redshift::Cluster": "EnhancedVpcRouting", "aws_redshift_cluster": "enhanced_vpc_routing"}
#: The argument naming the subnet group that places a database (by type, where it is not RDS's).
SUBNET_GROUP_ARGUMENTS = {
    "AWS::Redshift::Cluster": "ClusterSubnetGroupName",
    "aws_redshift_cluster": "cluster_subnet_group_name",
}


def ipam_pool_public(scope_attribute: object, scope_type: object, advertisable: object, source: object) -> bool | None:
    """Whether the IPv6 addresses of an IPAM pool reach the internet: never a private scope's (the
    default private scope, or a scope of one's own: IPAM makes only private ones), which are not
    advertised; Amazon's (`PublicIpSource: amazon`) and advertised ones do; else it cannot be known.
    The pool's scope is the IPAM attribute it names (`scope_attribute`) or a scope resource's type."""
    if IPAM_SCOPES.get(str(scope_attribute)) == "private" or scope_type in IPAM_SCOPE_TYPES:
        return False
    if isinstance(source, str) and source.lower() == "amazon":
        return True
    return True if advertisable is True or (isinstance(advertisable, str) and advertisable.lower() == "true") else None


#: The attribute of an IPAM that names each default scope, by the kind of scope.
IPAM_SCOPES = {
    "PrivateDefaultScopeId": "private",
    "PublicDefaultScopeId": "public",
    "private_default_scope_id": "private",
    "public_default_scope_id": "public",
}
#: Scopes one makes: IPAM makes only private ones.
IPAM_SCOPE_TYPES = frozenset({"AWS::EC2::IPAMScope", "aws_vpc_ipam_scope"})
IPAM_POOL_TYPES = frozenset({"AWS::EC2::IPAMPool", "aws_vpc_ipam_pool"})
UNKNOWN_IPAM_POOL = "cannot be known: they come from IPAM pool {pool}, whose scope and advertising this run cannot read"
UNREAD_IPAM_POOL = "cannot be known: their IPAM pool {cause} (a private scope's addresses never reach it)"
#: A BYOIP range reaches the internet only while AWS advertises it, and an IPv6 one may be provisioned as not
#: publicly advertisable (EC2 User Guide, BYOIP): the files cannot show either.
BYOIP_POOL = (
    "cannot be known: they come from BYOIP pool {pool}, whose range reaches the internet only if it is publicly "
    "advertisable and advertised (`aws ec2 advertise-byoip-cidr`), which the files cannot show"
)


def routed_through_vpc(value: object) -> bool:
    """Whether a cluster's enhanced VPC routing may be on: set, and not false (a value that cannot be
    known may be true)."""
    return value is not None and value is not False and not (isinstance(value, str) and value.lower() == "false")


#: Why a resource that calls out from subnets the run cannot place may be in any subnet (`vague`).
CALLS_OUT_FROM_UNKNOWN_SUBNETS = (
    "may be in it: it sends traffic out by its subnets (polled by an event source mapping, or calling AWS "
    "services with a role), and its subnet group is not in this run"
)
#: Associations of a role with a database, by the argument naming the database.
DATABASE_ROLE_ASSOCIATIONS = {
    "aws_rds_cluster_role_association": "db_cluster_identifier",
    "aws_db_instance_role_association": "db_instance_identifier",
}

#: Load balancers: an internal one only answers inside the VPC; an internet-facing one may egress.
LOAD_BALANCERS = frozenset(
    {
        "AWS::ElasticLoadBalancingV2::LoadBalancer",
        "AWS::ElasticLoadBalancing::LoadBalancer",
        "aws_lb",
        "aws_alb",
        "aws_elb",
    }
)


VPC_ENDPOINTS = frozenset({"AWS::EC2::VPCEndpoint", "aws_vpc_endpoint"})
#: Endpoint types whose network interfaces only answer (RULES.md: interface endpoints; resource and
#: service-network endpoints reach VPC Lattice). A Gateway Load Balancer endpoint forwards what is
#: routed to it on through its own subnet's routes; a gateway endpoint is in no subnet.
ANSWERING_ENDPOINTS = frozenset({"Interface", "Resource", "ServiceNetwork"})


#: The classes of the graph whose resources may be hosts: a kind the graph does not model (`Resource`), and an
#: endpoint (by its type). The kinds it models are network plumbing, roles, stores and APIs, and functions, judged
#: on their own: none runs anything in a subnet it names (a subnet whose `AvailabilityZone` is another's).
HOST_CLASSES = (Resource, VpcEndpoint)


#: The settings `egress_host` reads: a load balancer's being internal, a VPC endpoint's type.
INTERNAL, ENDPOINT = "internal", "endpoint_type"


def egress_host(
    type_name: str,
    internal: bool | None = None,
    endpoint_type: object = None,
    cls: type[Resource] = Resource,
    read: Callable[[Any, str], object] | None = None,
    source: Any = None,
) -> bool:
    """Whether a resource of this type placed in a subnet may send internet traffic through its NAT
    gateway; `internal` says whether a load balancer is internal, `endpoint_type` a VPC endpoint's
    type (unknown: it may); `cls`, the graph's class for it (`HOST_CLASSES`). `read(source, INTERNAL)` and
    `read(source, ENDPOINT)`, where given, read those two settings of `source` in their place, only for the kinds
    judged by them: most kinds are no host, or a host whatever their settings (a Terraform resource's arguments)."""
    if cls not in HOST_CLASSES:
        return False
    if type_name in LOAD_BALANCERS:
        return (internal if read is None else read(source, INTERNAL)) is not True
    if type_name in VPC_ENDPOINTS:  # (a gateway endpoint's `subnet_ids`, computed in a plan, place nothing)
        if read is not None:
            endpoint_type = read(source, ENDPOINT)
        if not isinstance(endpoint_type, str):  # (a list or a map where a type is written: unknown)
            return True
        return endpoint_type not in ANSWERING_ENDPOINTS and endpoint_type != "Gateway"
    return type_name not in NOT_EGRESS_HOSTS


#: Kinds that run workloads in the subnets they name (RULES.md "Egress hosts"): instances and what launches them,
#: containers and what runs ECS tasks in subnets it names (a state machine, an EventBridge rule, schedule or pipe),
#: clusters, build, ETL and notebook jobs, what forwards other networks' traffic (a transit gateway attachment), and
#: what runs Lambda functions' code in subnets it names outside their own VpcConfig: a capacity provider's EC2
#: instances (Lambda Managed Instances), a network connector, the VPC egress of MicroVM and web functions
#: (aws-facts §1.5, §12).
#: With NOT_EGRESS_HOSTS and the kinds judged by their settings, the kinds lambda6lint knows; any other kind naming
#: a subnet counts as a host too, of a kind it does not know (`unknown_kind`).
EGRESS_HOSTS = frozenset(
    {
        "AWS::EC2::Instance",
        "AWS::EC2::LaunchTemplate",
        "AWS::EC2::SpotFleet",
        "AWS::EC2::EC2Fleet",
        "AWS::AutoScaling::AutoScalingGroup",
        "AWS::ECS::Service",
        "AWS::ECS::TaskSet",
        "AWS::StepFunctions::StateMachine",
        "AWS::Events::Rule",
        "AWS::Scheduler::Schedule",
        "AWS::Pipes::Pipe",
        "AWS::EKS::Cluster",
        "AWS::EKS::Nodegroup",
        "AWS::EKS::FargateProfile",
        "AWS::Batch::ComputeEnvironment",
        "AWS::CodeBuild::Project",
        "AWS::Glue::Connection",
        "AWS::SageMaker::Domain",
        "AWS::SageMaker::NotebookInstance",
        "AWS::SageMaker::Model",
        "AWS::EMR::Cluster",
        "AWS::EMRServerless::Application",
        "AWS::AppRunner::VpcConnector",
        "AWS::MWAA::Environment",
        "AWS::EC2::TransitGatewayAttachment",
        "AWS::EC2::TransitGatewayVpcAttachment",
        "AWS::Lambda::CapacityProvider",
        "AWS::Serverless::CapacityProvider",
        "AWS::Lambda::NetworkConnector",
        "AWS::Serverless::NetworkConnector",
        "aws_instance",
        "aws_spot_instance_request",
        "aws_launch_template",
        "aws_spot_fleet_request",
        "aws_ec2_fleet",
        "aws_autoscaling_group",
        "aws_ecs_service",
        "aws_ecs_task_set",
        "aws_sfn_state_machine",
        "aws_cloudwatch_event_target",
        "aws_scheduler_schedule",
        "aws_pipes_pipe",
        "aws_eks_cluster",
        "aws_eks_node_group",
        "aws_eks_fargate_profile",
        "aws_batch_compute_environment",
        "aws_codebuild_project",
        "aws_glue_connection",
        "aws_sagemaker_domain",
        "aws_sagemaker_notebook_instance",
        "aws_sagemaker_model",
        "aws_emr_cluster",
        "aws_emrserverless_application",
        "aws_apprunner_vpc_connector",
        "aws_mwaa_environment",
        "aws_ec2_transit_gateway_vpc_attachment",
        "aws_lambda_capacity_provider",
    }
)
_KNOWN_KINDS = frozenset(
    {
        *NOT_EGRESS_HOSTS,
        *EGRESS_HOSTS,
        *LOAD_BALANCERS,
        *VPC_ENDPOINTS,
        *POLLED_SOURCES,
        *ROLE_USING_DATABASES,
        *VPC_ROUTED_CLUSTERS,
    }
)
#: Stacks whose template may not be in the run: what they make with a subnet passed to them.
NESTED_STACKS = frozenset({"AWS::CloudFormation::Stack", "AWS::Serverless::Application"})


#: Why a host of a kind lambda6lint does not know keeps the NAT gateway of a subnet it names, and what decides it,
#: said of the host in what runs in the subnet.
UNKNOWN_KIND = (
    "names it, and lambda6lint does not know whether a resource of this kind sends internet traffic through the NAT "
    "gateway: it counts it as one that may, so the NAT gateway stays (no W9650 or I9651). What it does there decides "
    "it: if it sends none (it only reads or changes the subnet's settings, say), judge the NAT gateway without it; "
    "lambda6lint cannot be told so"
)
NESTED_UNREAD = (
    "is passed it, and this run does not read its template: what that template makes there may send internet traffic "
    "through the NAT gateway, which stays (no W9650 or I9651); lint the template with its parent (a local "
    "`TemplateURL` or `Location`) to decide it"
)


#: Why a VPC endpoint or a load balancer counts as a host only because a setting cannot be known, and what decides it.
ENDPOINT_TYPE = (
    "names it, and its endpoint type {why}: an interface endpoint sends nothing through the NAT gateway, a Gateway "
    "Load Balancer endpoint forwards what is routed to it out by its subnet's routes; lambda6lint counts it as one "
    "that may, so the NAT gateway stays (no W9650 or I9651) until its type is decided"
)
SCHEME = (
    "names it, and whether it is internal {why}: an internal load balancer only answers inside the VPC, an "
    "internet-facing one may send internet traffic through the NAT gateway; lambda6lint counts it as one that may, "
    "so the NAT gateway stays (no W9650 or I9651) until that is decided"
)


def unknown_setting(res: Resource, text: str, why: str | None) -> None:
    """Say why a host counts as one only because a setting cannot be known (`EGRESS`, for --explain): `text`,
    ENDPOINT_TYPE or SCHEME, with why the setting cannot be known."""
    if res.egress_host:
        res.unknown[EGRESS] = text.format(why=why or "cannot be known")


def unknown_kind(res: Resource) -> None:
    """Say why a host counts as one only because lambda6lint does not know its kind (`EGRESS`, for --explain)."""
    if not res.egress_host or type(res) is not Resource or res.type in _KNOWN_KINDS:
        return
    res.unknown[EGRESS] = NESTED_UNREAD if res.type in NESTED_STACKS else UNKNOWN_KIND


# ----- network ACLs ------------------------------------------------------------------------------

_PROTOCOLS = {"all": -1, "-1": -1, "tcp": 6, "udp": 17, "icmp": 1, "icmpv6": 58}


def acl_protocol(value: object) -> int | Unknown:
    """A network ACL rule's protocol as a number (-1 for all), from `6`, `"6"`, `"tcp"` or `"-1"`."""
    if isinstance(value, bool):
        return UNKNOWN
    if isinstance(value, int):
        return value
    if isinstance(value, str):
        text = value.strip().lower()
        if text in _PROTOCOLS:
            return _PROTOCOLS[text]
        number = netvalues.whole_number(text.removeprefix("-"))
        if number is not None:
            return -number if text.startswith("-") else number
    return UNKNOWN


def acl_ports(protocol: int | Unknown, low: object, high: object) -> tuple[int, int] | None | Unknown:
    """The port range a rule matches: None (all ports) unless it is TCP or UDP with known ports."""
    if protocol not in (6, 17):
        return None if protocol is not UNKNOWN else UNKNOWN
    numbers = [netvalues.whole_number(v) if isinstance(v, str) else v for v in (low, high)]
    start, end = numbers
    if isinstance(start, int) and isinstance(end, int) and not isinstance(start, bool | None):
        # (a range outside 0-65535 or reversed: AWS's reference does not say whether it rejects it or reads it
        # as every port, so it cannot be known which ports it matches: `odd_ports` says so)
        return (start, end) if 0 <= start <= end <= 65535 else UNKNOWN
    return None if low is None and high is None else UNKNOWN


def odd_ports(protocol: int | Unknown, low: object, high: object) -> str | None:
    """Why a TCP or UDP rule's known port range cannot be read (`--explain`), said after its field's name; None
    when it can. AWS's reference (CreateNetworkAclEntry PortRange; AWS::EC2::NetworkAclEntry PortRange) asks for
    From and To with TCP and UDP but does not say what a range outside 0-65535, or a reversed one, matches."""
    if protocol not in (6, 17):
        return None
    start, end = (netvalues.whole_number(v) if isinstance(v, str) else v for v in (low, high))
    if not isinstance(start, int) or not isinstance(end, int) or isinstance(start, bool) or isinstance(end, bool):
        return None
    if 0 <= start <= end <= 65535:
        return None
    shape = "reversed" if 0 <= end < start <= 65535 else "outside the ports 0-65535"
    return (
        f"is {start} to {end}, {shape}: whether AWS rejects such a rule or matches every port with it is not "
        "known, so which ports it matches cannot be known; write the range the rule means (0 to 65535 for every port)"
    )


def default_network_acl(vpc: Vpc, exact: bool, type_name: str) -> NetworkAcl:
    """A VPC's default network ACL that a source changes without declaring it (`exact`: its rules are
    all declared; else AWS's own allow rules may still be there)."""
    return NetworkAcl(
        id=f"{vpc.id} default network ACL",
        type=type_name,
        template=vpc.template,
        location=vpc.location,
        vpc=vpc,
        default=True,
        exact=exact,
        egress_host=False,
    )


# ----- API Gateway -------------------------------------------------------------------------------

OPENAPI_ENDPOINT = "x-amazon-apigateway-endpoint-configuration"
#: What I9640's fixes ask an OpenAPI document to say (`model.term` concepts), in YAML and in JSON: a document
#: is written in one or the other, whatever the template that holds or names it.
OPENAPI_YAML = {
    "openapi_server": f"servers: [{{url: /, {OPENAPI_ENDPOINT}: {{ipAddressType: dualstack}}}}]",
    "openapi_ip": "ipAddressType: dualstack",
    "openapi_extension": f"{OPENAPI_ENDPOINT}: {{ipAddressType: dualstack}}",
    "openapi_off": "disableExecuteApiEndpoint: true",
}
OPENAPI_JSON = {
    "openapi_server": f'"servers": [{{"url": "/", "{OPENAPI_ENDPOINT}": {{"ipAddressType": "dualstack"}}}}]',
    "openapi_ip": '"ipAddressType": "dualstack"',
    "openapi_extension": f'"{OPENAPI_ENDPOINT}": {{"ipAddressType": "dualstack"}}',
    "openapi_off": '"disableExecuteApiEndpoint": true',
}


def openapi_ip_address_type(document: Any, resolve: Callable[[Any], Any] = _same) -> tuple[Any, Any]:
    """The `ipAddressType` an OpenAPI document gives an HTTP API, with the object whose extension holds
    it (Swagger 2.0: the document; OpenAPI 3: a server). (None, None) when it sets none. `resolve`
    reads a node of the document as its format would (CloudFormation: `Fn::If` decided, UNKNOWN if
    it cannot be)."""
    return _openapi_endpoint(document, "ipAddressType", resolve)


def openapi_disables_default_endpoint(document: Any, resolve: Callable[[Any], Any] = _same) -> bool | None:
    """Whether an OpenAPI document turns the API's execute-api endpoint off
    (`disableExecuteApiEndpoint`); None when that cannot be known."""
    value, _ = _openapi_endpoint(document, "disableExecuteApiEndpoint", resolve)
    if value is None or isinstance(value, bool):
        return bool(value)
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    return None


def openapi_misplaced(document: Any, key: str) -> tuple[str, ...]:
    """`(key,)` when an OpenAPI 3 document sets `key` at its root's `x-amazon-apigateway-endpoint-configuration`
    to what would matter (`disableExecuteApiEndpoint: true`, `ipAddressType: dualstack`), where API
    Gateway ignores it: it reads it from a Server object (Swagger 2.0: the root). SAM wrote it at the
    root of OpenAPI 3 documents until 2022, and the execute-api endpoint stayed on
    (aws/serverless-application-model#2396)."""
    if not isinstance(document, dict) or not _openapi3(document):
        return ()
    extension = document.get(OPENAPI_ENDPOINT)
    value = extension.get(key) if isinstance(extension, dict) else None
    matters = str(value).lower() == ("true" if key == "disableExecuteApiEndpoint" else "dualstack")
    return (key,) if matters else ()


def openapi_serverless(document: Any) -> bool:
    """An OpenAPI 3 document without `servers`: the extension a fix asks for needs a Server object to sit in."""
    return isinstance(document, dict) and _openapi3(document) and document.get("servers") in (None, [])


def _openapi3(document: dict) -> bool:
    return "openapi" in document and "swagger" not in document


def _openapi_endpoint(document: Any, key: str, resolve: Callable[[Any], Any]) -> tuple[Any, Any]:
    """`key` of the document's `x-amazon-apigateway-endpoint-configuration` and the object holding it."""
    if not isinstance(document, dict):
        return UNKNOWN, None
    holders: list[Any] = [] if _openapi3(document) else [document]
    servers = resolve(document.get("servers"))
    if servers is UNKNOWN:
        return UNKNOWN, None
    holders += [resolve(s) for s in servers] if isinstance(servers, list) else []
    for holder in holders:
        if holder is UNKNOWN:
            return UNKNOWN, None
        if not isinstance(holder, dict):
            continue
        extension = resolve(holder.get(OPENAPI_ENDPOINT))
        if isinstance(extension, dict) and key in extension:
            return resolve(extension.get(key)), holder
        if extension is not None and not isinstance(extension, dict):
            return UNKNOWN, holder
    return None, None


#: The route tables `some_tables_unseen` names before it counts the rest.
_NAMED_TABLES = 4


def some_tables_unseen(tables: list[RouteTable], others: list[str]) -> str:
    """What --explain adds, after why an association's table cannot be known, where it is one of `tables` or one
    this run does not show (`others`: each said as what names it, e.g. `the route table parameter X names`): the
    candidates are not all known, so `tables` alone decide nothing until the condition (or index) picks one."""
    shown = ", ".join(t.name for t in tables[:_NAMED_TABLES])
    shown += f" and {len(tables) - _NAMED_TABLES} more" if len(tables) > _NAMED_TABLES else ""
    other = others[0]
    if len(others) > 1:
        other += f", or {'another' if len(others) == 2 else f'one of {len(others) - 1} more'} this run does not show"
    return (
        f"; where it is not {shown if len(tables) == 1 else f'one of {shown}'}, it is {other}: the route tables "
        f"the subnet may be on are not all known, so {shown} alone cannot decide what its route table has (values "
        f"that pick {'it' if len(tables) == 1 else 'one of them'} do)"
    )
