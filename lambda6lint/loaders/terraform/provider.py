"""AWS provider knowledge the evaluator needs: which attributes keep a resource's identity, and
the attributes AWS computes that the rules read (a VPC's IPv6 block).

Everything else about AWS resource arguments belongs to the mapper (terraform/mapper.py).
"""

from __future__ import annotations

import json
from collections.abc import Callable

from lambda6lint.loaders.common import aws
from lambda6lint.loaders.terraform.values import HOLE, PRESENT, Partial, boolean
from lambda6lint.model import UNKNOWN

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

#: Resources whose attributes keep their identity when referenced (a function's environment naming them).
IDENTITY_TYPES = frozenset({"aws_s3_bucket", "aws_dynamodb_table"})
#: Attributes that name a resource: a reference to them is a reference to the resource.
NAME_ATTRS = frozenset({"name", "function_name", "arn", "bucket"})
#: Data sources read as instances of their own: what a prefix list's name says of its address family is
#: known before Terraform runs (`com.amazonaws.<region>.s3` is S3's IPv4 list).
READ_DATA = frozenset({"aws_prefix_list", "aws_ec2_managed_prefix_list"})
#: Data sources whose id a reference keeps (a link to what the run does not hold): a NAT gateway looked up by
#: its tags may be one the run makes, so a route to it may be a route to any of them.
LOOKED_UP = frozenset({"aws_nat_gateway"})


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
    """`data.aws_iam_policy_document.x.json`: its statements are plain configuration, after those of
    its `source_policy_documents` and before those of its `override_policy_documents` (a statement
    with the `Sid` of one before it takes its place). What cannot be known is null (an action, an
    effect) or UNKNOWN (the statements)."""
    out: dict[Any, Any] = {}
    for key in ("source_policy_documents", "statement", "override_policy_documents"):
        found = config.get(key)
        if found is None:
            continue
        if not isinstance(found, list):
            return UNKNOWN
        for item in found:
            statements = _statements(item) if key != "statement" else [_statement(item)]
            if statements is UNKNOWN:
                return UNKNOWN
            for statement in statements:
                sid = statement.get("Sid") if isinstance(statement, dict) else None
                out[sid if isinstance(sid, str) and sid else len(out)] = statement
    return json.dumps({"Version": "2012-10-17", "Statement": list(out.values())})


def managed_policy_json(config: dict[str, Any]) -> Any:
    """`data.aws_iam_policy.x.policy` of an AWS managed policy named by its ARN (its partition may be
    unknown): as much of its document as the rules read, the S3 or DynamoDB action it grants if any
    (common/aws.py). Any other policy is UNKNOWN."""
    arn = config.get("arn")
    arn = arn.text.replace(HOLE, "${…}") if isinstance(arn, Partial) else arn
    name, action = aws.managed_policy(arn)
    if name in (aws.UNREADABLE, aws.FOREIGN) or not str(arn).startswith("arn:"):
        return UNKNOWN
    statements = [{"Effect": "Allow", "Action": [action]}] if action else []
    return json.dumps({"Version": "2012-10-17", "Statement": statements})


def _statement(statement: Any) -> Any:
    """A `statement` block as the document's JSON has it (what a rule reads of it)."""
    if not isinstance(statement, dict):
        return None
    effect = statement.get("effect", "Allow")
    out = {"Sid": statement.get("sid") if isinstance(statement.get("sid"), str) else None}
    out["Effect"] = effect if isinstance(effect, str) else None
    if "actions" in statement:
        actions = statement["actions"]
        out["Action"] = [a if isinstance(a, str) else None for a in actions] if isinstance(actions, list) else None
    return out


def _statements(document: Any) -> Any:
    """The statements of a policy document's JSON text (UNKNOWN when it cannot be read)."""
    try:
        parsed = json.loads(document) if isinstance(document, str) else None
    except (ValueError, RecursionError):
        return UNKNOWN
    statements = parsed.get("Statement") if isinstance(parsed, dict) else None
    statements = [statements] if isinstance(statements, dict) else statements
    return statements if isinstance(statements, list) else UNKNOWN
