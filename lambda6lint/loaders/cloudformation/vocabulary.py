"""How CloudFormation names the concepts that messages and fixes mention (`model.term`)."""

VOCABULARY = {
    "dualstack": "Ipv6AllowedForDualStack",
    "vpc_config": "VpcConfig",
    "subnets": "SubnetIds",
    "security_groups": "SecurityGroupIds",
    "ipv6_cidr": "Ipv6CidrBlock",
    "eigw": "AWS::EC2::EgressOnlyInternetGateway",
    "route": "AWS::EC2::Route",
    "endpoint": "AWS::EC2::VPCEndpoint",
    "vpc_ipv6": "AWS::EC2::VPCCidrBlock (AmazonProvidedIpv6CidrBlock: true)",
    "sg_ipv6": "CidrIpv6: ::/0",
    "env_dualstack": 'AWS_USE_DUALSTACK_ENDPOINT: "true"',
    "acl_ipv6": "AWS::EC2::NetworkAclEntry rules with Ipv6CidrBlock: ::/0",
    "sg_ipv6_https": "an egress rule `{IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIpv6: ::/0}`",
    "api_dualstack": "IpAddressType: dualstack",
}
