"""lambda6lint: what stands between VPC Lambda functions and IPv6 egress, and what NAT costs meanwhile."""

__version__ = "0.1.0"
