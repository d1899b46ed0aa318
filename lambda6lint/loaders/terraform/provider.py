"""AWS provider knowledge the evaluator needs: which attributes keep a resource's identity, and
the attributes AWS computes that the rules read (a VPC's IPv6 block).

Everything else about AWS resource arguments belongs to the mapper (terraform/mapper.py).
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Iterable, Iterator, Sequence

from lambda6lint.loaders.common import aws
from lambda6lint.loaders.common.errors import clipped
from lambda6lint.loaders.terraform.values import HOLE, PRESENT, Partial, boolean
from lambda6lint.model import UNKNOWN
from lambda6lint.patterns import on_use

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
#: Data sources that look up route tables, security groups and network ACLs by their arguments (tags, filters, a
#: VPC): read as instances, so what their arguments decide about what they may find is known (mapper._may_find).
LOOKUPS = frozenset(
    {"aws_route_table", "aws_route_tables", "aws_security_group", "aws_security_groups", "aws_network_acls"}
)
#: What decides what such a lookup may find (mapper._may_find): a plan keeps these of a deferred read's `after`.
LOOKUP_ARGUMENTS = ("vpc_id", "filter", "tags", "name")
#: The resources such a lookup finds, whose provider's default_tags --explain names (mapper._tagged_by).
LOOKED_UP_TYPES = frozenset(
    {
        "aws_route_table",
        "aws_default_route_table",
        "aws_security_group",
        "aws_default_security_group",
        "aws_network_acl",
        "aws_default_network_acl",
    }
)


def own_region(attrs: Any, provider: str | None) -> str | None:
    """The region a resource deploys to where it sets its own `region` (AWS provider 6's resource-level argument,
    which overrides its provider configuration's): `provider`, the configuration's, where it sets none or null; a
    literal region where it sets one; else None (a variable without value: where it deploys is not known)."""
    value = attrs.get("region") if isinstance(attrs, dict) else UNKNOWN
    return provider if value is None else aws.region(value)


def tagging_provider(name: str, alias: Any, module: str, at: str | None) -> str:
    """How --explain names a provider whose default_tags may give a resource a tag a lookup asks for, as it
    names an aws_ec2_tag: "the default_tags of provider `aws.west` (main.tf:3)", `module`: the configuration
    address of the module whose block it is ("" for the root); `at`: its file:line, where the code is read."""
    named = f"{name}.{alias}" if isinstance(alias, str) and alias else name
    whose = f" of {module}" if module else ""
    return f"the default_tags of provider `{named}`{whose}" + (f" ({at})" if at else "")


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


#: The hint the AWS provider version constraints that bound a resource travel in (`Run.instances`): a JSON list of
#: pins (`pin`), its own module's first.
AWS_VERSIONS = "tf:aws_versions"
#: The source addresses of the AWS provider (`required_providers`' `source`, a plan's `full_name`), lower case:
#: Terraform's registry host is implied, and OpenTofu reads the same `hashicorp/aws` from its own.
_AWS_SOURCES = frozenset(
    {"hashicorp/aws", "registry.terraform.io/hashicorp/aws", "registry.opentofu.org/hashicorp/aws"}
)


def is_aws_source(name: str, source: object) -> bool:
    """Whether a provider of local name `name` whose `source` is `source` (None: not written) is hashicorp/aws:
    Terraform takes a local name without a source for `hashicorp/<name>`."""
    if source is None:
        return name == "aws"
    return isinstance(source, str) and source.strip().lower() in _AWS_SOURCES


def pin(constraint: str, at: str, kind: str, whose: str = "", name: str = "aws", alias: str = "") -> dict[str, str]:
    """An AWS provider version constraint and what writes it: `kind` "required" (a module's required_providers
    entry, of local name `name`), "legacy" (the `version` of a `provider "<name>"` block, alias `alias`), "plan"
    (a plan's provider_config, which records each module's constraints together); `whose`: the module's, as said
    of a resource in another module of the configuration (`the root module's`), "" for the resource's own."""
    return {"constraint": constraint, "at": at, "kind": kind, "whose": whose, "name": name, "alias": alias}


def _pinned_by(found: dict[str, str]) -> str:
    """What pins the AWS provider, in the words of its source."""
    quoted = clipped(found["constraint"])
    where = f" ({found['at']})" if found.get("at") else ""
    whose = found.get("whose") or "its module's"
    name, alias = found.get("name") or "aws", found.get("alias") or ""
    if found.get("kind") == "legacy":
        block = f'provider "{name}" block' + (f' (alias "{alias}")' if alias else "")
        return f'the version argument of {whose} {block} pins the AWS provider to "{quoted}"{where}'
    if found.get("kind") == "plan":
        module = "its module" if not found.get("whose") else found["whose"].removesuffix("'s")
        return f'the plan records that {module} constrains the AWS provider to "{quoted}"{where}'
    named = "" if name == "aws" else f" (as {name})"
    return f'{whose} required_providers pins the AWS provider{named} to "{quoted}"{where}'


#: The arguments a fix suggests that AWS provider releases added (a module pinned before them rejects them):
#: resource types, the hint whose text suggests it, the argument, the first release that has it.
#: - ipv6_allowed_for_dual_stack: hashicorp/terraform-provider-aws#34045 (merged October 2023); in the v5.23.0
#:   CHANGELOG (terraform-aws-modules/terraform-aws-lambda#574 links it; aws-facts.md §1).
#: - ip_address_type: #42145 (apigatewayv2) and #42146 (apigateway), whose entries the v5.96.0 CHANGELOG
#:   (April 24, 2025) lists (quoted in dfds/infrastructure-modules#1798's release notes).
#: Other arguments our fixes suggest are older than provider 2.x or not sourced here: none is checked.
ADDED_IN: tuple[tuple[frozenset[str], str, str, tuple[int, int, int]], ...] = (
    (frozenset({"aws_lambda_function"}), "dualstack_how", "vpc_config.ipv6_allowed_for_dual_stack", (5, 23, 0)),
    (
        frozenset({"aws_api_gateway_rest_api", "aws_api_gateway_domain_name"}),
        "api_dualstack",
        "endpoint_configuration.ip_address_type",
        (5, 96, 0),
    ),
    (frozenset({"aws_apigatewayv2_api"}), "api_dualstack", "ip_address_type", (5, 96, 0)),
    (
        frozenset({"aws_apigatewayv2_domain_name"}),
        "api_dualstack",
        "domain_name_configuration.ip_address_type",
        (5, 96, 0),
    ),
)

#: A part matched once stripped (two `\s*` side by side made 20,000 blanks a 10 s match); a number of up to 9 digits,
#: which `int()` reads (5,000 digits raised ValueError, an E9600): a longer one is no constraint told here.
_VERSION = on_use(r"^(=|!=|>=|<=|~>|>|<)?\s*v?(\d{1,9})(?:\.(\d{1,9}))?(?:\.(\d{1,9}))?(-[0-9A-Za-z.-]+)?$")


def excludes_from(constraint: str, version: tuple[int, int, int]) -> bool:
    """Whether a Terraform version constraint (`"~> 2.46"`, `">= 2.0, < 3.0"`, `"2.46.0"`) allows no release
    at or after `version`: one of its parts bounds it from above below `version`. False where that cannot be
    told (a part that is no constraint Terraform reads)."""
    return any(bound < version or (bound == version and not inclusive) for bound, inclusive in _ceilings(constraint))


@functools.lru_cache(maxsize=64)
def _ceilings(constraint: str) -> tuple[tuple[tuple[int, int, int], bool], ...]:
    """The upper bounds a constraint's parts set (each a release and whether it is allowed), read once for every
    release it is asked of (`excludes_from`) and every resource it bounds; none where a part is no constraint
    Terraform reads."""
    parts = [_VERSION.match(part.strip()) for part in constraint.split(",")]
    matched = [found for found in parts if found is not None]
    if len(matched) < len(parts):
        return ()
    bounds: list[tuple[tuple[int, int, int], bool]] = []
    for found in matched:
        op, major, minor, patch, prerelease = found.groups()
        given = (int(major), int(minor or 0), int(patch or 0))
        op = op or "="
        if op in ("=", "<=", "<"):  # (`= 5.0.0-beta1`, `<= 5.0.0-beta1`: a pre-release comes before its release,
            # so neither allows 5.0.0; Terraform reads provider constraints with apparentlymart/go-versions, whose
            # `=` is that one version and `<=` those at most it)
            bounds.append((given, op != "<" and prerelease is None))
        elif op == "~>":  # (`~> 4`, `~> 4.46`: below 5.0, as Terraform's go-versions reads them; `~> 4.46.1`: 4.47.0;
            # `~> 5.0.0-beta1`: below 5.1.0, the pre-release dropped from its bound, so 5.0.0 is allowed)
            bounds.append(((given[0] + 1, 0, 0) if patch is None else (given[0], given[1] + 1, 0), False))
    return tuple(bounds)


#: The releases that `ADDED_IN` names, the only ones a pin is read against.
_RELEASES = tuple(dict.fromkeys(version for *_, version in ADDED_IN))


def _excluded(pins: Iterable[dict[str, str]]) -> Iterator[tuple[dict[str, str], frozenset[tuple[int, int, int]]]]:
    """Each pin with the releases of `ADDED_IN` its constraint allows none at or after (`excludes_from`), each
    constraint read once (2,000 aliased provider blocks of a module may repeat a few)."""
    seen: dict[str, frozenset[tuple[int, int, int]]] = {}
    for p in pins:
        constraint = p["constraint"]
        if constraint not in seen:
            seen[constraint] = frozenset(version for version in _RELEASES if excludes_from(constraint, version))
        yield p, seen[constraint]


def first_excluding(pins: Iterable[dict[str, str]]) -> dict[tuple[int, int, int], int]:
    """Of each release of `ADDED_IN`, the position of the first of `pins` that excludes it (`upgrade_notes` names
    no other): what a configuration's other modules' pins can add to a resource's (`bounding`)."""
    found: dict[tuple[int, int, int], int] = {}
    for index, (_, excluding) in enumerate(_excluded(pins)):
        for version in excluding - found.keys():
            found[version] = index
        if len(found) == len(_RELEASES):
            break
    return found


def bounding(
    own: Iterable[dict[str, str]],
    others: Sequence[dict[str, str]] = (),
    firsts: dict[tuple[int, int, int], int] | None = None,
) -> list[dict[str, str]]:
    """The `AWS_VERSIONS` pins of a resource bounded by `own` (its module's) then `others` (the other modules' of
    its configuration, `firsts` their `first_excluding`), in that order: only those `upgrade_notes` may name, each
    the first of the whole list to exclude a release of `ADDED_IN`, so that it names the pin it would have named of
    all of them (a plan of 1,000 modules pinned each gave each of 10,000 resources 1,000 pins, 1 GB of text). A
    module's own pin excludes a release only if the same constraint, as another module's, would: the others'
    first one is then never its own."""
    kept: list[dict[str, str]] = []
    left = set(_RELEASES)
    for p, excluding in _excluded(own):
        if not left:
            break
        if found := excluding & left:
            kept.append(p)
            left -= found
    firsts = firsts or {}
    positions = sorted({firsts[version] for version in left if version in firsts})
    return kept + [others[index] for index in positions]


@functools.lru_cache(maxsize=64)
def _pins(text: str) -> tuple[dict[str, str], ...]:
    """The pins of an `AWS_VERSIONS` hint, read once for the resources that share it (as `excludes_from` is): each
    function of a module carries its module's, and one of 20,000 parts was read again for each of 2,000 of them."""
    try:
        pins = json.loads(text)
    except ValueError:
        return ()
    if not isinstance(pins, list):
        return ()
    return tuple(p for p in pins if isinstance(p, dict) and isinstance(p.get("constraint"), str))


def upgrade_notes(hints: dict[str, str], kind: str, term: Callable[[str], str]) -> dict[str, str]:
    """The hints of a resource of type `kind` whose fix suggests an argument an AWS provider constraint that bounds
    it (`AWS_VERSIONS`) excludes every release of: the text says to upgrade the provider first, naming the first such
    constraint as its source writes it (clipped: one of 40,000 parts, each a constraint read, was quoted whole in
    every finding). Terraform picks one release of a provider for every module of a configuration, so a
    constraint of another module of it bounds the resource too: the text says so."""
    pins = _pins(hints.get(AWS_VERSIONS) or "[]")
    notes: dict[str, str] = {}
    for kinds, hint, argument, version in ADDED_IN:
        if kind not in kinds:
            continue
        found = next((p for p in pins if excludes_from(p["constraint"], version)), None)
        if found is None:
            continue
        release = ".".join(map(str, version))
        shared = " (Terraform picks one AWS provider release for all the modules of a configuration)"
        notes[hint] = (
            f"{term(hint)} ({_pinned_by(found)}, which has no {argument}{shared if found.get('whose') else ''}: "
            f"upgrade it to {release} or later first)"
        )
    return notes
