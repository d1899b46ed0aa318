"""How Terraform names the concepts that messages and fixes mention (`model.term`)."""

from lambda6lint.loaders.common import aws

VOCABULARY = {
    "dualstack": "ipv6_allowed_for_dual_stack",
    "dualstack_how": "",  # more on how to set it, where the usual way does not apply
    "vpc_config": "vpc_config",
    "subnets": "subnet_ids",
    "security_groups": "security_group_ids",
    "ipv6_cidr": "ipv6_cidr_block",
    "ipv6_cidr_new": "ipv6_cidr_block",  # (once the VPC has the block `vpc_ipv6` gives it: E9602)
    "eigw": "aws_egress_only_internet_gateway",
    "route": "aws_route",
    "endpoint": "aws_vpc_endpoint",
    "endpoint_tables": "its route_table_ids, or an aws_vpc_endpoint_route_table_association",
    "main_table": "",  # (aws_vpc.x.main_route_table_id names it)
    "vpc_ipv6": "assign_generated_ipv6_cidr_block = true",
    "sg_ipv6": 'ipv6_cidr_blocks = ["::/0"]',
    "env_dualstack": 'AWS_USE_DUALSTACK_ENDPOINT = "true"',
    "acl_ipv6": 'rules with ipv6_cidr_block = "::/0" (aws_network_acl_rule, or the ACL\'s egress/ingress blocks)',
    "sg_ipv6_https": (
        'an egress rule with protocol = "tcp", from_port = 443, to_port = 443 and ipv6_cidr_blocks = ["::/0"]'
    ),
    "api_dualstack": 'ip_address_type = "dualstack"',
    "ipv6_route": (
        'an aws_route with destination_ipv6_cidr_block = "::/0" and egress_only_gateway_id (or a route block '
        'with ipv6_cidr_block = "::/0" and egress_only_gateway_id on the aws_route_table)'
    ),
    "egress_subnets": "subnet_ids of subnets whose route table has it",
    "private_subnets": "private subnets",
    "environment": "environment { variables }",
    "remove_nat": "",  # how the NAT gateway goes, where it is not by removing its resource
    "egress_group": "",  # which subnet group of the VPC `ipv6_route`'s {placement} moves a function to (CDK)
    "node_dns_order": 'NODE_OPTIONS = "--dns-result-order=ipv6first"',
    "node_upgrade": 'runtime = "nodejs22.x" or later',
    "dns64_off": "enable_dns64 = false",
    "nat64_route": 'an aws_route with destination_ipv6_cidr_block = "64:ff9b::/96" and nat_gateway_id',
    "depends_on": "depends_on = [{block}]",
    "publish": "publish = true and an aws_lambda_alias with function_version = its version",
    **aws.OPENAPI_YAML,  # (a body read from a YAML file; `openapi_words` says it as the body is written)
}

#: I9640's OpenAPI fixes for a body written in HCL (`jsonencode({...})`): its keys are HCL's, `=` and quoted
#: where they are not identifiers.
OPENAPI_HCL = {
    "openapi_server": (f'servers = [{{ url = "/", "{aws.OPENAPI_ENDPOINT}" = {{ ipAddressType = "dualstack" }} }}]'),
    "openapi_ip": 'ipAddressType = "dualstack"',
    "openapi_extension": f'"{aws.OPENAPI_ENDPOINT}" = {{ ipAddressType = "dualstack" }}',
    "openapi_off": "disableExecuteApiEndpoint = true",
}


def openapi_words(call: str | None, body: object) -> dict[str, str]:
    """How I9640's fixes quote an API's OpenAPI `body`: in HCL when it is written as `jsonencode(...)`, else
    as the document reads (JSON from a file or a plan; YAML)."""
    if call == "jsonencode":
        return OPENAPI_HCL
    return aws.OPENAPI_JSON if isinstance(body, str) and body.lstrip().startswith("{") else aws.OPENAPI_YAML


#: `sg_ipv6_https` and `acl_ipv6` for a group or ACL whose rules already have one style (inline blocks or
#: rule resources): the provider warns against mixing them, so a fix adds one of the same kind.
RULE_STYLES = {
    "sg_ipv6_https_inline": (
        'an egress block with protocol = "tcp", from_port = 443, to_port = 443 and ipv6_cidr_blocks = ["::/0"]'
    ),
    "sg_ipv6_https_aws_security_group_rule": (
        'an aws_security_group_rule with type = "egress", protocol = "tcp", from_port = 443, to_port = 443 and '
        'ipv6_cidr_blocks = ["::/0"]'
    ),
    "sg_ipv6_https_aws_vpc_security_group_egress_rule": (
        'an aws_vpc_security_group_egress_rule with ip_protocol = "tcp", from_port = 443, to_port = 443 and '
        'cidr_ipv6 = "::/0"'
    ),
    "ipv6_route_aws_route": (
        'an aws_route with route_table_id = {table}.id, destination_ipv6_cidr_block = "::/0" and '
        "egress_only_gateway_id (its routes are aws_route resources: a route block on the table beside them "
        "conflicts)"
    ),
    "ipv6_route_unwritten": (
        'an aws_route with route_table_id = {table}.id, destination_ipv6_cidr_block = "::/0" and '
        "egress_only_gateway_id (the plan's configuration writes none of the table's routes: a route block would "
        'replace those it has as deployed, unless a dynamic "route" block writes them; the .tf beside the plan '
        "tells)"
    ),
    "ipv6_route_aws_route_table": (
        'a route block with ipv6_cidr_block = "::/0" and egress_only_gateway_id on it (its routes are inline '
        "blocks: an aws_route beside them conflicts)"
    ),
    "acl_ipv6_inline": 'blocks with ipv6_cidr_block = "::/0" in the {type}',
    "acl_ipv6_aws_network_acl_rule": 'aws_network_acl_rule resources with ipv6_cidr_block = "::/0"',
}

#: What some attributes of the AWS provider's resources (and of its data sources of the same type) hold, by type
#: and attribute name: the kind of id or value (the provider's documented attribute reference). An attribute not
#: listed may hold anything. `PLACING_KINDS` are those a route, egress rule or ACL rule is placed on: an input
#: holding only other kinds (`vpc_id = aws_vpc.main.id`) cannot carry one into the module it is given to, where
#: `aws_vpc.main.default_route_table_id` can. The id of a table, group or ACL is a kind; so is its ARN, which
#: `split("/", arn)` turns into the id, so it is left unlisted.
ID_KINDS: dict[str, dict[str, str]] = {
    "aws_vpc": {
        "id": "vpc",
        "arn": "vpc",
        "owner_id": "account",
        "cidr_block": "cidr",
        "ipv6_cidr_block": "cidr",
        "ipv6_association_id": "vpc_cidr_association",
        "dhcp_options_id": "dhcp_options",
        "main_route_table_id": "route_table",
        "default_route_table_id": "route_table",
        "default_security_group_id": "security_group",
        "default_network_acl_id": "network_acl",
    },
    "aws_subnet": {
        "id": "subnet",
        "arn": "subnet",
        "owner_id": "account",
        "vpc_id": "vpc",
        "cidr_block": "cidr",
        "ipv6_cidr_block": "cidr",
        "availability_zone": "availability_zone",
        "availability_zone_id": "availability_zone",
    },
    "aws_internet_gateway": {"id": "internet_gateway", "arn": "internet_gateway"},
    "aws_egress_only_internet_gateway": {"id": "egress_only_internet_gateway"},
    "aws_nat_gateway": {"id": "nat_gateway", "subnet_id": "subnet", "public_ip": "address"},
    "aws_eip": {"id": "eip", "allocation_id": "eip", "public_ip": "address"},
    "aws_kms_key": {"arn": "kms_key", "key_id": "kms_key"},
    "aws_iam_role": {"arn": "iam_role", "name": "iam_role"},
    "aws_route_table": {"id": "route_table"},
    "aws_default_route_table": {"id": "route_table"},
    "aws_security_group": {"id": "security_group", "vpc_id": "vpc"},
    "aws_default_security_group": {"id": "security_group", "vpc_id": "vpc"},
    "aws_network_acl": {"id": "network_acl", "vpc_id": "vpc"},
    "aws_default_network_acl": {"id": "network_acl", "vpc_id": "vpc"},
}

#: The kinds of id a route, an egress rule or an ACL rule is placed on (`route_table_id`, `security_group_id`,
#: `network_acl_id`).
PLACING_KINDS = frozenset({"route_table", "security_group", "network_acl"})


def types_whose_id_is(kind: str) -> tuple[str, ...]:
    """The resource types whose `id` is of `kind` (`aws_route_table`, `aws_default_route_table` for "route_table")."""
    return tuple(type_ for type_, attributes in ID_KINDS.items() if attributes.get("id") == kind)
