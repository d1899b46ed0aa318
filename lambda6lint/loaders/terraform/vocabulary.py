"""How Terraform names the concepts that messages and fixes mention (`model.term`)."""

VOCABULARY = {
    "dualstack": "ipv6_allowed_for_dual_stack",
    "vpc_config": "vpc_config",
    "subnets": "subnet_ids",
    "security_groups": "security_group_ids",
    "ipv6_cidr": "ipv6_cidr_block",
    "eigw": "aws_egress_only_internet_gateway",
    "route": "aws_route",
    "endpoint": "aws_vpc_endpoint",
    "vpc_ipv6": "assign_generated_ipv6_cidr_block = true",
    "sg_ipv6": 'ipv6_cidr_blocks = ["::/0"]',
    "env_dualstack": 'AWS_USE_DUALSTACK_ENDPOINT = "true"',
    "acl_ipv6": 'rules with ipv6_cidr_block = "::/0" (aws_network_acl_rule, or the ACL\'s egress/ingress blocks)',
    "sg_ipv6_https": 'an egress rule with protocol "tcp", port 443 and ipv6_cidr_blocks = ["::/0"]',
    "api_dualstack": 'ip_address_type = "dualstack"',
}
