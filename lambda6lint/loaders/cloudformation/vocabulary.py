"""How CloudFormation templates and CDK apps name the concepts that messages and fixes mention (`model.term`).

A CDK assembly is CloudFormation, but its authors write construct properties, not template
properties: its templates get `CDK_VOCABULARY` (set by the CDK loader). A function written as an L1
construct (`lambda.CfnFunction`, `sam.CfnFunction`: its construct path does not end in `/Resource`)
takes the L1's properties, which mirror the template's: its own words override the L2's (`CDK_L1`).
"""

from lambda6lint.loaders.common import aws

VOCABULARY = {
    "dualstack": "Ipv6AllowedForDualStack",
    "dualstack_how": "",  # more on how to set it, where the usual way does not apply
    "vpc_config": "VpcConfig",
    "subnets": "SubnetIds",
    "security_groups": "SecurityGroupIds",
    "ipv6_cidr": "Ipv6CidrBlock",
    # a subnet's IPv6 CIDR once its VPC gets its first block (`vpc_ipv6`) in the same change (E9602)
    "ipv6_cidr_new": "Ipv6CidrBlock, a /64 of that block, created after it",
    "eigw": "AWS::EC2::EgressOnlyInternetGateway",
    "route": "AWS::EC2::Route",
    "endpoint": "AWS::EC2::VPCEndpoint",
    "endpoint_tables": "its RouteTableIds",
    # how subnets on a VPC's main route table reach an endpoint or route ("": add them to the main table)
    "main_table": (
        "CloudFormation cannot name a VPC's main route table: associate {subnets} with a route table of the "
        "template (AWS::EC2::SubnetRouteTableAssociation)"
    ),
    "vpc_ipv6": "AWS::EC2::VPCCidrBlock (AmazonProvidedIpv6CidrBlock: true)",
    "sg_ipv6": 'CidrIpv6: "::/0"',
    "env_dualstack": 'AWS_USE_DUALSTACK_ENDPOINT: "true"',
    "acl_ipv6": 'AWS::EC2::NetworkAclEntry rules with Ipv6CidrBlock: "::/0"',
    "sg_ipv6_https": 'an egress rule `{IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIpv6: "::/0"}`',
    "api_dualstack": "IpAddressType: dualstack",
    "ipv6_route": 'an AWS::EC2::Route with DestinationIpv6CidrBlock: "::/0" and EgressOnlyInternetGatewayId',
    # where a function goes to get `ipv6_route`, when a format adds the route by moving it ({placement})
    "egress_subnets": "SubnetIds of subnets whose route table has it",
    "private_subnets": "private subnets",
    "environment": "Environment.Variables",
    "remove_nat": "",  # how the NAT gateway goes, where it is not by removing its resource
    "egress_group": "",  # which subnet group of the VPC `ipv6_route`'s {placement} moves a function to (CDK)
    "node_dns_order": 'NODE_OPTIONS: "--dns-result-order=ipv6first"',
    "node_upgrade": "Runtime: nodejs22.x or later",
    "dns64_off": "EnableDns64: false",
    "nat64_route": 'an AWS::EC2::Route with DestinationIpv6CidrBlock: "64:ff9b::/96" and NatGatewayId',
    "depends_on": "DependsOn: {block}",
    "publish": "an AWS::Lambda::Version and an AWS::Lambda::Alias that points at it",
    **aws.OPENAPI_YAML,
}

#: A JSON template's words: what a fix asks to write, written as JSON (`"Key": value`), so it can be pasted.
JSON_VOCABULARY = {
    **VOCABULARY,
    "vpc_ipv6": 'AWS::EC2::VPCCidrBlock ("AmazonProvidedIpv6CidrBlock": true)',
    "sg_ipv6": '"CidrIpv6": "::/0"',
    "env_dualstack": '"AWS_USE_DUALSTACK_ENDPOINT": "true"',
    "acl_ipv6": 'AWS::EC2::NetworkAclEntry rules with "Ipv6CidrBlock": "::/0"',
    "sg_ipv6_https": 'an egress rule `{"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, "CidrIpv6": "::/0"}`',
    "api_dualstack": '"IpAddressType": "dualstack"',
    "ipv6_route": 'an AWS::EC2::Route with "DestinationIpv6CidrBlock": "::/0" and EgressOnlyInternetGatewayId',
    "node_dns_order": '"NODE_OPTIONS": "--dns-result-order=ipv6first"',
    "node_upgrade": '"Runtime": "nodejs22.x" or later',
    "dns64_off": '"EnableDns64": false',
    "nat64_route": 'an AWS::EC2::Route with "DestinationIpv6CidrBlock": "64:ff9b::/96" and NatGatewayId',
    "depends_on": '"DependsOn": "{block}"',
    **aws.OPENAPI_JSON,
}

CDK_VOCABULARY = {
    "dualstack": "ipv6AllowedForDualStack",
    "dualstack_how": "",  # more on how to set it, where the usual way does not apply
    "vpc_config": "vpc",
    "subnets": "vpcSubnets",
    "security_groups": "securityGroups",
    "ipv6_cidr": "ipProtocol: ec2.IpProtocol.DUAL_STACK on its ec2.Vpc",
    "ipv6_cidr_new": "",  # (the VPC's block gives it one too: an ec2.Vpc's ipProtocol gives each subnet it makes a /64)
    "eigw": "the egress-only internet gateway a DUAL_STACK ec2.Vpc makes for its PRIVATE_WITH_EGRESS subnets",
    "remove_nat": "",
    "route": "ec2.CfnRoute",
    "endpoint": "endpoint (vpc.addGatewayEndpoint)",
    "endpoint_tables": "the subnets option of its vpc.addGatewayEndpoint",
    "main_table": (
        "CloudFormation cannot name a VPC's main route table: associate {subnets} with a route table of the "
        "stack (ec2.CfnSubnetRouteTableAssociation)"
    ),
    "vpc_ipv6": "ipProtocol: ec2.IpProtocol.DUAL_STACK on the ec2.Vpc",
    "sg_ipv6": (
        "ec2.Peer.anyIpv6() (allowAllIpv6Outbound: true, or "
        "securityGroup.addEgressRule(ec2.Peer.anyIpv6(), ec2.Port.tcp(443)))"
    ),
    "env_dualstack": "AWS_USE_DUALSTACK_ENDPOINT: 'true'",
    "ipv6_route": (
        "::/0 → egress-only internet gateway (CDK adds it to PRIVATE_WITH_EGRESS subnets of a DUAL_STACK "
        "ec2.Vpc: place the function there, {placement}{egress_group})"
    ),
    # (a table or subnet of an ec2.Vpc whose subnet groups are known says which: `cdk_egress_group`; W9611's
    # `private_subnets` takes it from the function's public subnets)
    "egress_group": ", after giving the Vpc such a subnetConfiguration group if it has none",
    "egress_subnets": "vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS }",
    "private_subnets": (
        "private subnets (vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS }{egress_group}; CDK routes "
        "them out through its NAT gateways, or through an egress-only gateway with ipProtocol: "
        "ec2.IpProtocol.DUAL_STACK: with neither, not at all)"
    ),
    "environment": "the function's environment",
    "node_dns_order": "NODE_OPTIONS: '--dns-result-order=ipv6first'",
    "node_upgrade": "runtime: lambda.Runtime.NODEJS_22_X or later",
    "dns64_off": "enableDns64: false on its CfnSubnet, where an escape hatch turned it on (CDK's ec2.Vpc never does)",
    "nat64_route": "subnet.addIpv6Nat64Route(natGatewayId)",
    "depends_on": "a dependency on it: subnet.node.addDependency(vpc) waits for every resource of the ec2.Vpc",
    "publish": (
        "an alias on fn.currentVersion: fn.addAlias('live') (under the function, so each function's alias has "
        "its own construct id)"
    ),
    "acl_ipv6": (
        "ec2.NetworkAcl entries with cidr: ec2.AclCidr.anyIpv6() (egress for the ports used, ingress 1024-65535)"
    ),
    "sg_ipv6_https": (
        "securityGroup.addEgressRule(ec2.Peer.anyIpv6(), ec2.Port.tcp(443)) (allowAllIpv6Outbound: true on the "
        "security group allows every protocol instead; on the function only when CDK makes its group)"
    ),
    "api_dualstack": "ipAddressType: IpAddressType.DUAL_STACK",
    **aws.OPENAPI_YAML,
}

#: A CDK L1 function's words (`res.hints`), where they differ from an L2 `lambda.Function`'s.
CDK_L1_FUNCTION = {
    "dualstack": "vpcConfig.ipv6AllowedForDualStack",
    "environment": "environment.variables",
    "node_upgrade": "runtime: 'nodejs22.x' or later",
    "publish": "a lambda.CfnVersion and a lambda.CfnAlias that points at it",
    "egress_subnets": (
        "vpcConfig.subnetIds: vpc.selectSubnets({ subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS }).subnetIds"
    ),
    "private_subnets": (
        "private subnets (vpcConfig.subnetIds: vpc.selectSubnets({ subnetType: "
        "ec2.SubnetType.PRIVATE_WITH_EGRESS }).subnetIds{egress_group}; CDK routes them out through its NAT "
        "gateways, or through an egress-only gateway with ipProtocol: ec2.IpProtocol.DUAL_STACK: with neither, not "
        "at all)"
    ),
    "sg_ipv6_https": (
        "securityGroup.addEgressRule(ec2.Peer.anyIpv6(), ec2.Port.tcp(443)) on a group of its "
        "vpcConfig.securityGroupIds (allowAllIpv6Outbound: true on the ec2.SecurityGroup allows every protocol instead)"
    ),
}
CDK_L1_SAM_FUNCTION = {
    **CDK_L1_FUNCTION,
    "publish": "autoPublishAlias: 'live', with a deploymentPreference",
    # aws-cdk-lib 2.276's sam.CfnFunction.VpcConfigProperty has subnetIds and securityGroupIds only
    "dualstack": "VpcConfig.Ipv6AllowedForDualStack",
    "dualstack_how": (
        " with an escape hatch, fn.addPropertyOverride('VpcConfig.Ipv6AllowedForDualStack', true) "
        "(sam.CfnFunction's vpcConfig has no such property)"
    ),
}

#: Functions that CDK constructs make for themselves, by a part of their construct path: their props
#: take a `vpc` but no ipv6AllowedForDualStack (aws-cdk-lib 2.276).
CDK_LIBRARY_FUNCTIONS = {
    "/framework-onEvent/": "cr.Provider",
    "/framework-onTimeout/": "cr.Provider",
    "/framework-isComplete/": "cr.Provider",
    "/AWS679f53fac002430cb0da5b7982bd2287/": "cr.AwsCustomResource",
    "/Custom::CDKBucketDeployment": "s3deploy.BucketDeployment",
}


#: The constructs of `CDK_LIBRARY_FUNCTIONS` whose props take security groups for the function they make.
CDK_LIBRARY_SECURITY_GROUPS = frozenset({"cr.Provider", "s3deploy.BucketDeployment"})


def cdk_library_group(construct: str) -> dict[str, str] | None:
    """The words for the security group a CDK construct makes for its own function, if it is one: its
    props have no handle on it."""
    maker = next((name for part, name in CDK_LIBRARY_FUNCTIONS.items() if part in construct), None)
    if maker is None:
        return None
    if maker in CDK_LIBRARY_SECURITY_GROUPS:
        how = (
            f"securityGroups: [group] in the props of {maker}, with a group of your own that allows it "
            "(group.addEgressRule(ec2.Peer.anyIpv6(), ec2.Port.tcp(443))): the group it makes has no handle"
        )
    else:
        how = (
            f"an Aspect that adds {{ ipProtocol: 'tcp', fromPort: 443, toPort: 443, cidrIpv6: '::/0' }} to the "
            f"securityGroupEgress of the ec2.CfnSecurityGroup {maker} makes (its props take no security groups)"
        )
    return {"sg_ipv6_https": how, "sg_ipv6": how}


def cdk_library_function(construct: str) -> dict[str, str] | None:
    """The words for a function a CDK construct makes for itself (`CDK_LIBRARY_FUNCTIONS`), if it is one."""
    maker = next((name for part, name in CDK_LIBRARY_FUNCTIONS.items() if part in construct), None)
    if maker is None:
        return None
    return {
        "dualstack_how": (
            f" on the function {maker} makes, with an escape hatch since its props have no ipv6AllowedForDualStack: "
            "an Aspect that calls addPropertyOverride('VpcConfig.Ipv6AllowedForDualStack', true) on its "
            "lambda.CfnFunction"
        ),
        "env_how": (  # (where its environment is set: `migration.environment`)
            f"the environment of the function {maker} makes, with an escape hatch since its props have none: an "
            "Aspect that calls addPropertyOverride('Environment.Variables.<NAME>', '<value>') on its lambda.CfnFunction"
        ),
        "publish": (
            f"which {maker}'s props do not allow: CloudFormation calls the function it makes through its service "
            "token, never an alias, so suppress this finding for it"
        ),
    }


#: How the NAT gateways of a CDK `ec2.Vpc` go (their Elastic IPs and routes with them).
CDK_NAT_REMOVAL = (
    "natGateways: 0 on the ec2.Vpc, whose subnetConfiguration must then list its PRIVATE_WITH_EGRESS group "
    "explicitly: by default CDK makes those subnets PRIVATE_ISOLATED, with no ::/0 route"
)
#: How the regional NAT gateway of a CDK `ec2.Vpc` goes: CDK rejects `natGateways: 0` beside a regional
#: provider, and without one makes a zonal NAT gateway per zone.
CDK_REGIONAL_NAT_REMOVAL = (
    "natGatewayProvider: ec2.NatProvider.regionalGateway() removed from the ec2.Vpc and natGateways: 0, whose "
    "subnetConfiguration must then list its PRIVATE_WITH_EGRESS group explicitly: by default CDK makes those "
    "subnets PRIVATE_ISOLATED, with no ::/0 route"
)


#: Subnet groups a NAT step names before "and N more" (their names are the template's tags: any number of them).
_NAMED_GROUPS = 4


def _some(names: list[str]) -> str:
    """At most `_NAMED_GROUPS` of `names`, then "and N more"."""
    return ", ".join(names[:_NAMED_GROUPS]) + (
        f" and {len(names) - _NAMED_GROUPS} more" if names[_NAMED_GROUPS:] else ""
    )


def cdk_nat_removal(groups: list[str], regional: bool) -> str:
    """How an ec2.Vpc's NAT gateways go. Where its subnetConfiguration is its own, with PRIVATE_WITH_EGRESS `groups`,
    they are listed already and keep their ::/0 route with natGateways: 0; CDK's default subnets would not."""
    if not groups:
        return CDK_REGIONAL_NAT_REMOVAL if regional else CDK_NAT_REMOVAL
    listed = _some(groups)
    return (
        (
            "natGatewayProvider: ec2.NatProvider.regionalGateway() removed from the ec2.Vpc and natGateways: 0"
            if regional
            else "natGateways: 0 on the ec2.Vpc"
        )
        + f", whose subnetConfiguration already lists its PRIVATE_WITH_EGRESS group{'s' if len(groups) > 1 else ''} "
        f"{listed}: {'they keep their' if len(groups) > 1 else 'it keeps its'} ::/0 route"
    )


def cdk_egress_group(groups: list[tuple[str, str]]) -> str:
    """Where W9610's or W9611's function goes in an ec2.Vpc whose subnet `groups` (type, name) are known: its
    PRIVATE_WITH_EGRESS group, which it has or must be given. Of several, subnetType selects the subnets of every
    one (Vpc.selectSubnetObjectsByType: all its privateSubnets), so the words say so and how to take one."""
    egress = [name for kind, name in groups if kind == "Private"]
    if len(egress) > 1:
        return (
            f", in the Vpc's groups {_some(egress)}: subnetType takes the subnets of each, subnetGroupName: "
            f"'{egress[0]}' in its place those of one"
        )
    if egress:
        return f", in the Vpc's group {egress[0]}"
    return (
        ", after adding such a group to the Vpc's subnetConfiguration: it has none (its groups: "
        f"{_some([name for _, name in groups])})"
    )


_L1_SUBNET_CIDR = (
    "ipv6CidrBlock on its ec2.CfnSubnet, e.g. Fn.select(i, Fn.cidr(Fn.select(0, vpc.attrIpv6CidrBlocks), n, "
    "'64')), with subnet.addDependency(block) on the VPC's ec2.CfnVPCCidrBlock (an ec2.Vpc's ipProtocol gives "
    "IPv6 to the subnets it makes only)"
)
#: A CDK L1 network's words (`res.hints`): no ec2.Vpc does it for them.
CDK_L1_SUBNET = {
    "depends_on": "a dependency on it: subnet.node.addDependency(block), with block the ec2.CfnVPCCidrBlock {block}",
    "ipv6_cidr": _L1_SUBNET_CIDR,
    "ipv6_cidr_new": _L1_SUBNET_CIDR,  # (a new block of its VPC gives it none)
}
#: An `ec2.CfnVPC` (no ec2.Vpc makes it).
CDK_L1_VPC = {
    "vpc_ipv6": "new ec2.CfnVPCCidrBlock(this, 'Ipv6', { vpcId: vpc.ref, amazonProvidedIpv6CidrBlock: true })",
    "eigw": "an ec2.CfnEgressOnlyInternetGateway",
}
#: An `ec2.Vpc` with `subnetConfiguration: []` (no subnet under its construct path): CDK refuses
#: `ipProtocol: DUAL_STACK` on it (aws/aws-cdk#31641), so IPv6 comes as on an ec2.CfnVPC.
CDK_EMPTY_VPC = {
    "vpc_ipv6": (
        "new ec2.CfnVPCCidrBlock(this, 'Ipv6', { vpcId: vpc.vpcId, amazonProvidedIpv6CidrBlock: true }) (not "
        "ipProtocol: DUAL_STACK, which CDK cannot synthesize for an ec2.Vpc with an empty subnetConfiguration)"
    ),
    "eigw": "an ec2.CfnEgressOnlyInternetGateway",
}
CDK_L1_ROUTE_TABLE = {
    "ipv6_route": (
        "::/0 → egress-only internet gateway: new ec2.CfnRoute(this, 'Ipv6Default', { routeTableId, "
        "destinationIpv6CidrBlock: '::/0', egressOnlyInternetGatewayId })"
    ),
    "eigw": "an ec2.CfnEgressOnlyInternetGateway",
}

#: What the security group a `lambda.Function` makes for itself (given no `securityGroups`: its construct path is the
#: function's, then `SecurityGroup/Resource`) needs: the code holds no variable for the group, only the function.
CDK_OWN_FUNCTION_SG = (
    "fn.connections.allowTo(ec2.Peer.anyIpv6(), ec2.Port.tcp(443)) on the function, whose own security group this "
    "is (CDK made it; allowAllIpv6Outbound: true in the function's props allows every protocol instead)"
)
#: The end of the construct path of the group a `lambda.Function` makes for itself.
CDK_OWN_SG_PATH = "/SecurityGroup/Resource"
#: What a CDK L1 `ec2.CfnSecurityGroup` without IPv6 egress needs (`res.hints["sg_ipv6_https"]`).
CDK_L1_SG_EGRESS = (
    "{ ipProtocol: 'tcp', fromPort: 443, toPort: 443, cidrIpv6: '::/0' } in the securityGroupEgress of its "
    "ec2.CfnSecurityGroup (or an ec2.CfnSecurityGroupEgress)"
)
#: The same for an L1 group that declares no egress: CloudFormation's implicit IPv4 allow-all goes.
CDK_L1_SG_NO_EGRESS = (
    "securityGroupEgress: [{ ipProtocol: 'tcp', fromPort: 443, toPort: 443, cidrIpv6: '::/0' }, { ipProtocol: "
    "'-1', cidrIp: '0.0.0.0/0' }] on its ec2.CfnSecurityGroup, whose second entry keeps IPv4 egress open, as "
    "declaring any egress rule removes the implicit IPv4 allow-all"
)


#: The ids CDK writes in place of a context lookup it has not resolved (aws-cdk-lib 2.276: ec2.Vpc.fromLookup's
#: DUMMY_VPC_PROPS, ec2.SecurityGroup.fromLookupById's dummyValue): not resources that exist anywhere.
CDK_PLACEHOLDERS = frozenset(
    {"vpc-12345", "s-12345", "s-67890", "p-12345", "p-67890", "rtb-12345s", "rtb-67890s", "rtb-12345p", "rtb-57890p"}
    | {"sg-12345678"}
)


#: The APIs and custom domains of API Gateway and SAM, each read by its filler in apis.py (`apis.FILLERS`), which the
#: mapper imports for a template with one (or SAM's, which may make one implicitly) only: ~0.4 ms of every other
#: template's start-up (issue #14).
API_TYPES = frozenset(
    {
        "AWS::ApiGateway::RestApi",
        "AWS::ApiGateway::DomainName",
        "AWS::ApiGateway::DomainNameV2",
        "AWS::ApiGatewayV2::Api",
        "AWS::ApiGatewayV2::DomainName",
        "AWS::Serverless::Api",
        "AWS::Serverless::HttpApi",
        "AWS::Serverless::WebSocketApi",
    }
)

#: What maps a custom domain's paths to an API (`apis.mapping`), read for I9640's private APIs behind a domain.
API_MAPPING_TYPES = (
    "AWS::ApiGateway::BasePathMapping",
    "AWS::ApiGateway::BasePathMappingV2",
    "AWS::ApiGatewayV2::ApiMapping",
)


#: SAM's types and words that mapper.py asks of every template: sam.py, which merges Globals and reads policy
#: templates and connectors, is imported for a template that has them (issue #14).
SAM_FUNCTION = "AWS::Serverless::Function"
#: How a SAM function gets a published version and an alias (what fixes suggest instead of Lambda resources).
#: `AutoPublishAliasAllProperties` on the function (not in Globals, where SAM takes no such key): without it
#: SAM publishes a version on a code change only, so flipping the IPv6 flag alone would publish none.
SAM_PUBLISH = (
    "AutoPublishAlias: live and AutoPublishAliasAllProperties: true (without it, a change of VpcConfig alone "
    "publishes no version), with a DeploymentPreference"
)
SAM_PUBLISH_JSON = (
    '"AutoPublishAlias": "live" and "AutoPublishAliasAllProperties": true (without it, a change of VpcConfig alone '
    "publishes no version), with a DeploymentPreference"
)
SAM_CONNECTOR = "AWS::Serverless::Connector"
#: The Globals section of each resource type it applies to.
SAM_GLOBALS = {
    SAM_FUNCTION: "Function",
    "AWS::Serverless::Api": "Api",
    "AWS::Serverless::HttpApi": "HttpApi",
    "AWS::Serverless::WebSocketApi": "WebSocketApi",
}
