"""AWS provider knowledge the evaluator needs: which attributes keep a resource's identity, and
the attributes AWS computes that the rules read (a VPC's IPv6 block).

Everything else about AWS resource arguments belongs to the mapper (terraform/mapper.py).
"""

from __future__ import annotations

import json
from collections.abc import Callable

from lambda6lint.loaders.terraform.values import PRESENT, boolean
from lambda6lint.model import UNKNOWN

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

#: Resources whose attributes keep their identity when referenced (a function's environment naming them).
IDENTITY_TYPES = frozenset({"aws_s3_bucket", "aws_dynamodb_table"})
#: Attributes that name a resource: a reference to them is a reference to the resource.
NAME_ATTRS = frozenset({"name", "function_name", "arn", "bucket"})


def _vpc_ipv6_cidr(config: dict[str, Any]) -> Any:
    sources = [config.get(k) for k in ("assign_generated_ipv6_cidr_block", "ipv6_ipam_pool_id", "ipv6_cidr_block")]
    if boolean(sources[0]) is True or any(s not in (None, False, "", UNKNOWN) for s in sources[1:]):
        return PRESENT
    if any(s is UNKNOWN for s in sources):
        return UNKNOWN
    return None


COMPUTED: dict[tuple[str, str], Callable[[dict[str, Any]], Any]] = {
    ("aws_vpc", "ipv6_cidr_block"): _vpc_ipv6_cidr,
}


def policy_document_json(config: dict[str, Any]) -> Any:
    """`data.aws_iam_policy_document.x.json`: its statements are plain configuration."""
    statements = config.get("statement")
    if not isinstance(statements, list):
        return UNKNOWN
    out = []
    for statement in statements:
        if not isinstance(statement, dict):
            return UNKNOWN
        actions = statement.get("actions")
        effect = statement.get("effect", "Allow")
        if not isinstance(actions, list) or not all(isinstance(a, str) for a in actions):
            actions = []
        out.append({"Effect": effect if isinstance(effect, str) else "Unknown", "Action": actions})
    return json.dumps({"Version": "2012-10-17", "Statement": out})
