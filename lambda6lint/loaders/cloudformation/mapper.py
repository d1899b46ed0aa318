"""CloudFormation and SAM templates into resources of the graph.

The only place that knows CloudFormation property names. Each resource is created in a first
pass, then its references are linked in a second, so order in the template never matters.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Collection, Iterator

from lambda6lint.loaders import Document
from lambda6lint.loaders.cloudformation import includes
from lambda6lint.loaders.cloudformation.intrinsics import (
    MAX_NODES,
    MISSING,
    PLACEHOLDER,
    Intrinsics,
    ResourceRef,
    has_loops,
    is_known_text,
    is_loop,
    item_at,
    selected_cidr,
    sub_references,
)
from lambda6lint.loaders.cloudformation.parameters import is_ssm_type
from lambda6lint.loaders.cloudformation.vocabulary import (
    API_MAPPING_TYPES,
    API_TYPES,
    CDK_EMPTY_VPC,
    CDK_L1_FUNCTION,
    CDK_L1_ROUTE_TABLE,
    CDK_L1_SAM_FUNCTION,
    CDK_L1_SG_EGRESS,
    CDK_L1_SG_NO_EGRESS,
    CDK_L1_SUBNET,
    CDK_L1_VPC,
    CDK_OWN_FUNCTION_SG,
    CDK_OWN_SG_PATH,
    CDK_PLACEHOLDERS,
    CDK_VOCABULARY,
    JSON_VOCABULARY,
    SAM_CONNECTOR,
    SAM_FUNCTION,
    SAM_GLOBALS,
    SAM_PUBLISH,
    SAM_PUBLISH_JSON,
    VOCABULARY,
    cdk_egress_group,
    cdk_library_function,
    cdk_library_group,
    cdk_nat_removal,
)
from lambda6lint.loaders.common import aws, netvalues
from lambda6lint.loaders.common.errors import InputError, clipped
from lambda6lint.loaders.common.marked import LDict, LList, load_text
from lambda6lint.model import (
    PUBLIC_ADDRESSES,
    UNKNOWN,
    AclEntry,
    Alias,
    Api,
    ApiMapping,
    DataStore,
    EgressOnlyInternetGateway,
    EgressRule,
    Function,
    InternetGateway,
    Location,
    Member,
    ModuleCall,
    NatGateway,
    NetworkAcl,
    NetworkAclAssociation,
    NetworkAclEntry,
    OwnBlock,
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
    term,
)
from lambda6lint.patterns import on_use

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, TypeAlias

    from lambda6lint.loaders.cloudformation import foreach

#: Route target properties and the concept each stands for (common/aws.py decides what they mean).
_ROUTE_TARGETS = {
    "GatewayId": "gateway",
    "EgressOnlyInternetGatewayId": "egress_only_gateway",
    "NatGatewayId": "nat_gateway",
    "TransitGatewayId": "transit_gateway",
    "VpcEndpointId": "vpc_endpoint",
    "VpcPeeringConnectionId": "peering",
    "NetworkInterfaceId": "network_interface",
    "InstanceId": "instance",
    "CarrierGatewayId": "carrier_gateway",
    "LocalGatewayId": "local_gateway",
    "CoreNetworkArn": "core_network",
}


def looks_like_template(doc: Any) -> bool:
    if not isinstance(doc, dict):
        return False
    if "AWSTemplateFormatVersion" in doc:
        return True
    resources = doc.get("Resources")
    return isinstance(resources, dict) and any(
        (isinstance(r, dict) and isinstance(r.get("Type"), str) and "::" in r["Type"]) or is_loop(k)
        for k, r in resources.items()
    )


def suppressions(metadata: Any) -> dict[str, str]:
    """Rule ids/names (→ the reason given, or "") from `Metadata.lambda6lint.ignore` and cfn-lint's `ignore_checks`.

    An entry is an id or `{id: ..., reason: ...}`; a `reason` beside `ignore` covers entries without their own.
    """
    found: dict[str, str] = {}
    if not isinstance(metadata, dict):
        return found
    theirs = metadata.get("cfn-lint")
    config = theirs.get("config") if isinstance(theirs, dict) else None
    checks = config.get("ignore_checks") if isinstance(config, dict) else None
    if isinstance(checks, list):
        found.update(dict.fromkeys((c for c in checks if isinstance(c, str)), ""))
    ours = metadata.get("lambda6lint")
    if isinstance(ours, dict):
        from lambda6lint.loaders.common import comments  # (a template with suppressions only)

        unread = [key for key in ours if key not in ("ignore", "reason")][:8]  # (a handful: said, not replayed)
        for key in unread:  # (`ignores:` would ignore nothing, in silence: said as a warning)
            found[f"{comments.MISTYPED}{comments.METADATA_KEY}{clipped(key)}"] = ""
        shared = ours.get("reason")
        entries = ours.get("ignore")
        for entry in entries if isinstance(entries, list) else [entries]:
            reason = shared
            if isinstance(entry, dict) and (unread := [k for k in entry if k not in ("id", "rule", "reason")]):
                found[f"{comments.MISTYPED}{comments.METADATA_KEY}ignore.{clipped(unread[0])}"] = ""  # (`ids:`)
            if isinstance(entry, dict):
                reason = entry.get("reason", shared)
                entry = entry.get("id") or entry.get("rule")
            if isinstance(entry, str):
                found[comments.marked(entry)] = reason.strip() if isinstance(reason, str) else ""
    return found


class _Rewritten(LDict):
    """Properties with an `Fn::Transform` beside them: a macro or an AWS::Include snippet writes or
    rewrites any of them when CloudFormation deploys. Each reads as that transform (unknown to
    `struct`, named by `why`), placed where it is written; iterated, they are what is written (their
    references still count)."""

    __slots__ = ("transform", "where")

    def __init__(self, written: dict, path: str) -> None:
        super().__init__(getattr(written, "line", 0), getattr(written, "column", 0))
        self.update(written)
        self.transform = {"Fn::Transform": written["Fn::Transform"]}
        self.where = written.located(path, "Fn::Transform") if isinstance(written, LDict) else None

    def get(self, key: Any, default: Any = None) -> Any:
        return self.transform

    def __getitem__(self, key: Any) -> Any:
        return self.transform

    def __contains__(self, key: object) -> bool:
        return True

    def located(self, path: str, key: Any) -> Location | None:
        return self.where


#: Properties that place a host in subnets (`VPCZoneIdentifier`, `NetworkInterfaces[].SubnetId`,
#: `AwsvpcConfiguration.Subnets`…).
_AGREED_DEPTH = 8  # (`Fn::If`s nested in a reference list's branches that `_agreed` follows)
_PLACING = frozenset({"SubnetId", "SubnetIds", "Subnets", "VPCZoneIdentifier"})


_KEY = "its collection's Fn::FindInMap key"
#: Nodes the loops of nested templates may make again in one build, for their second parent and more:
#: each parent builds its own copy of a child, and a child's loops may multiply its text 70-fold
#: (a 700-byte child of 300 parents made 480,000 resources, 1.5 GB), past what the bytes of children
#: read again (nested.MAX_RUN_CHILD_BYTES) would allow.
MAX_REMADE = 20 * MAX_NODES
REMADE = (
    f"the loops of nested templates built again for another parent have made over {MAX_REMADE:,} nodes "
    "in this run (a safety limit)"
)


class _Remade:
    """What one build's loops made in templates built before (a nested template of another parent)."""

    def __init__(self) -> None:
        self.files: set[str] = set()
        self.made = 0

    def budget(self, document: Document) -> foreach.Budget:
        from lambda6lint.loaders.cloudformation import foreach

        left = MAX_REMADE - self.made if os.path.realpath(document.path) in self.files else MAX_NODES
        return foreach.Budget(left, REMADE) if left < MAX_NODES else foreach.Budget()

    def spent(self, document: Document, budget: foreach.Budget) -> None:
        path = os.path.realpath(document.path)
        self.made += budget.made if path in self.files else 0
        self.files.add(path)


#: How many calls, parameters passed in and nested stacks' outputs `_Builder.own_block` follows (a nested stack is
#: at most 16 levels deep: each level is a parameter and a `!Select` or `!Join`).
_OWN_BLOCK_DEPTH = 64


def _region(document: Document) -> str | None:
    """Where a template deploys, as its input says (a nested stack's is its root stack's: `Template.region`)."""
    while document.region is None and document.parent is not None:
        document = document.parent
    return document.region


class _Builder:
    def __init__(
        self, document: Document, root: str = "", parent: _Builder | None = None, remade: _Remade | None = None
    ):
        self.document = document
        self.root = root  # the root template that nests it, named when its file is nested by more than one
        self.path = path = document.path
        self.parent = parent  # for a nested stack (built before it: what it passes may be a loop's collection)
        #: A template written as JSON: what fixes ask to write is said as JSON, so it can be pasted (`words`,
        #: asked for most resources' hints: found once).
        self.json = document.vocabulary is None and (document.text or "").lstrip().startswith("{")
        #: (the loops whose copies are known expanded; why the others are not, by their keys)
        if has_loops(document.doc):
            from lambda6lint.loaders.cloudformation import foreach

            budget = (remade or _Remade()).budget(document)
            doc, self.loops_left = foreach.expand(document.doc, self._loop_values(), budget)
            if remade is not None:
                remade.spent(document, budget)
        else:
            doc, self.loops_left = document.doc, {}
        self.doc = doc
        pseudo = {"AWS::StackName": document.stack_name} if document.stack_name else {}
        self.intr = Intrinsics(
            doc,
            pseudo=pseudo,
            importer=self.imported,
            outer=self.passed_in,
            values={**_unpassed_defaults(document, doc), **(document.values or {})} if parent else document.values,
            stack_output=self.stack_output,
            nested_item=self.nested_item,
        )
        self.exports: dict[str, tuple[_Builder, Any] | None] = {}  # the run's exports, set before fill()
        self._function_paths: set[str] | None = None  # (`function_paths`)
        self.exported_twice: set[str] = set()  # names more than one template exports: which one is meant is unknown
        #: The run's exports whose names are known only at deploy (`${AWS::StackName}-SubnetA`): (a pattern of
        #: the names they may have, the name as written, the exporting file), for `--explain`.
        self.vague_exports: list[tuple[tuple[str, ...], str, str]] = []
        self.vague_budget = [MAX_VAGUE_MATCHES]  # (the run's, shared by its templates)
        self.deciding_more: set[str] | None = None  # conditions that decide more than NAT gateways (`_decides_more`)
        self.cdk_groups: dict[str, list[tuple[str, str]]] | None = None  # (`_cdk_subnet_groups`)
        #: The run's builders by (cloud assembly, stack name); None where two share them.
        self.stacks: dict[tuple[str | None, str], _Builder | None] = {}
        self.children: dict[str, _Builder] = {}  # nested stacks by the logical id of their Stack resource
        self.maybe_children: set[str] = set()  # nested stacks whose template is one of two (`Document.maybe`)
        self._resolving: set[str] = set()
        self._included: dict[str, Any] = {}  # parsed AWS::Include snippets by Location
        self.weak_resolving: set[tuple[str, str]] = set()
        is_sam = "AWS::Serverless" in str(doc.get("Transform", ""))
        outputs = doc.get("Outputs")
        outputs = outputs if isinstance(outputs, dict) else {}
        # Only an Export lets other stacks extend a resource (RULES.md "Open resources"); plain
        # Outputs are habit, and a nested stack's outputs are opened by its parent (`open_outputs`).
        exported = {k: v for k, v in outputs.items() if isinstance(v, dict) and "Export" in v}
        self.template = Template(
            path=path,
            format="sam" if is_sam else "cloudformation",
            open=self.intr.identities(exported),
            in_outputs=set(),
            suppress=suppressions(doc.get("Metadata")),
            vocabulary=document.vocabulary or (JSON_VOCABULARY if self.json else VOCABULARY),
            nesting=self.nesting,
            generated_from=document.generated_from,
            region=_region(document),
        )
        self._outputs(outputs)
        #: What the template opens (exports, values passed to stacks not read): where it names another
        #: template's resource (a parent's, through a parameter; a child's output), that opens too (`open_foreign`).
        self.opened: list[tuple[Any, str]] = []
        for output in exported.values():
            export = output.get("Export")
            name = self.intr.scalar(export.get("Name")) if isinstance(export, dict) else None
            named = (
                f"`{name}`"
                if is_known_text(name)
                else f"`{name.replace(PLACEHOLDER, '…')}`"
                if isinstance(name, str)
                else "a name that cannot be known here"
            )
            because = f"is exported as {named}, and any stack that imports it may add to it"
            self.opened.append((output.get("Value"), because))
            for logical_id in self.intr.identities(output.get("Value")):
                self.template.open_because.setdefault(logical_id, because)
        self.objects: dict[str, Resource] = {}
        self.props: dict[str, Any] = {}
        self.extra: list[Resource] = []  # what no resource of the template declares (SAM's generated APIs)
        #: Routes whose table comes from outside the run and may be a VPC's main table, each with where the table
        #: comes from and the custom resource (or nested stack not read) that may look it up (`_may_be_main`).
        self.maybe_main: list[tuple[Route, str, str | None]] = []
        self.maybe_main_endpoints: list[tuple[VpcEndpoint, str, str | None]] = []  # (gateway endpoints: the same)
        self.generated: dict[str, Resource] = {}  # SAM's generated APIs, by the logical ids SAM gives them
        self.default_acls: dict[str, NetworkAcl] = {}  # by VPC logical id
        #: IPv4-only subnets whose fix names a free /64 (`_subnet_cidrs`), with their VPC's IPv6 blocks: if the VPC
        #: turns out shared, `_shared_vpcs` has the fix leave the /64 to the user (made then: most are not shared).
        self.any_cidrs: list[tuple[Subnet, list[VpcIpv6Block]]] = []

    def _loop_values(self) -> dict[str, str] | None:
        """The parameter values a loop's collection may be: what the parent passes, when known without
        its own Defaults (as for conditions), else what the user gave for this file."""
        passed = self.document.parameters
        if self.parent is None or not isinstance(passed, dict):
            return self.document.values
        values = dict(self.document.values or {})
        for name, node in passed.items():
            with _Blame(self.parent):  # (what is too costly to resolve is the parent's)
                value = self.parent.intr.identifier(node)
            if value is None:
                continue  # (AWS::NoValue: not passed)
            values.pop(str(name), None)
            if is_known_text(value) or (isinstance(value, (int, float)) and not isinstance(value, bool)):
                values[str(name)] = str(value)
        return values

    @property
    def nesting(self) -> str:
        """The Stack resources a plain nested stack is reached through from its root (`Orders/Workers`),
        which names its resources in messages; "" for a root or a CDK stack (construct paths name them)."""
        names, document = [], self.document
        while document.parent is not None and document.parent_resource and document.vocabulary is None:
            names.append(document.parent_resource)
            document = document.parent
        nesting = "/".join(reversed(names))
        return f"{self.root}:{nesting}" if nesting and self.root else nesting

    @property
    def cdk(self) -> bool:
        """A CDK app's synthesized template: fixes are said in the app's words."""
        return self.document.vocabulary is CDK_VOCABULARY

    def words(self, yaml: str, json: str) -> str:
        """What a fix asks to write, in the template's own syntax."""
        return json if self.json else yaml

    def loc(self, mapping: Any, key: Any, default: Location) -> Location:
        """Where `key` of `mapping` is, `default` when it has no mark (read from JSON: a `Later`)."""
        found = mapping.located(self.path, key) if isinstance(mapping, LDict) else None
        return default if found is None else found

    def key_loc(self, mapping: LDict, key: Any) -> Location:
        """Where `key` of `mapping` is, else where `mapping` is (as `LDict.mark_of`)."""
        found = mapping.located(self.path, key)
        return Location(self.path, mapping.line, mapping.column) if found is None else found

    def item_loc(self, items: Any, index: int, default: Location) -> Location:
        """Where item `index` of `items` is, `default` when it has no mark (as `loc`)."""
        found = items.located(self.path, index) if isinstance(items, LList) else None
        return default if found is None else found

    def comment_suppressions(self, resources: LDict) -> dict[str, dict[str, str]]:
        """`# lambda6lint:ignore …` comments per resource: inside its block or on the line above it."""
        text = self.document.text
        if not text or "lambda6lint" not in text:
            return {}
        import bisect

        from lambda6lint.loaders.common import comments

        lines = text.splitlines()
        # Blocks start at the keys as written: a resource's, or an Fn::ForEach's, whose copies (at its
        # body's line) share its block and the comments above it.
        written = self.document.doc.get("Resources") if isinstance(self.document.doc, dict) else None
        section = written if isinstance(written, LDict) else resources
        keys = sorted({section.mark_of(k)[0] for k in section})
        at: dict[int, list[str]] = {}
        for key in resources:
            line = resources.mark_of(key)[0]
            owner = keys[bisect.bisect_right(keys, line) - 1] if keys and line >= keys[0] else line
            at.setdefault(owner, []).append(str(key))
        starts = sorted(set(keys) | at.keys())  # (a loop that made nothing still ends the block before it)
        following = [line for line, _ in (self.doc.key_marks.values() if isinstance(self.doc, LDict) else [])]
        section_end = min((line for line in following if line > resources.line), default=len(lines) + 1) - 1
        found = {}
        read: list[tuple[int, int]] = []
        for index, start in enumerate(starts):
            end = comments.before_next(lines, start, starts[index + 1] - 1 if index + 1 < len(starts) else section_end)
            block = comments.block_suppressions(lines, start, end, read)  # (a loop that made nothing: read too)
            for logical_id in at.get(start, ()):
                found[logical_id] = block
        path = self.document.path
        self.template.unattached = [Location(path, *place) for place in comments.unattached(lines, read)]
        return found

    def create(self) -> None:
        """Pass 1: one object per resource, so references in any template can point at it."""
        resources = self.intr.resources
        if not isinstance(resources, LDict):
            return
        commented = self.comment_suppressions(resources)
        if "AWS::LanguageExtensions" in str(self.doc.get("Transform", "")):
            self._for_each(resources)
        added = _added_unread(self.doc, resources)
        intr, path, template, children = self.intr, self.path, self.template, self.children
        construct_paths = self.document.construct_paths
        located = resources.located
        for logical_id, body in resources.items():
            if not isinstance(body, dict):
                continue
            kind = body.get("Type")
            if not isinstance(kind, str):
                continue
            condition = body.get("Condition")
            verdict = intr.condition(condition) if condition is not None else True
            if verdict is False:
                continue
            ident = str(logical_id)
            props = body.get("Properties")
            if kind in SAM_GLOBALS:
                from lambda6lint.loaders.cloudformation import sam

                props = sam.with_globals(self.doc, body)
            props = props if isinstance(props, dict) else LDict()
            if isinstance(props.get("Fn::Transform"), dict):  # (a macro, an AWS::Include snippet)
                props = _Rewritten(props, path)
            internal = "Scheme" in props and intr.scalar(props["Scheme"]) == "internal"  # a load balancer
            endpoint = None
            if kind in aws.VPC_ENDPOINTS:
                endpoint = intr.scalar(props.get("VpcEndpointType"))
                endpoint = "Gateway" if endpoint is None else endpoint  # (its default)
            metadata = body.get("Metadata")
            construct = metadata.get("aws:cdk:path") if isinstance(metadata, dict) else None
            if not construct and construct_paths:
                construct = construct_paths.get(ident)
            cls = TYPES[kind][0] if kind in TYPES else Resource
            # (no Metadata, no ignore comment: the common case, without a call and two dicts more)
            suppress = suppressions(metadata) if metadata is not None else {}
            commented_here = commented.get(ident) if commented else None
            location = located(path, logical_id)  # (`key_loc`, in line: once per resource)
            res = cls(
                id=ident,
                type=kind,
                template=template,
                location=Location(path, resources.line, resources.column) if location is None else location,
                refs=intr.references(props),
                conditional=verdict is None,
                condition=condition if isinstance(condition, str) else None,
                suppress=suppress | commented_here if commented_here is not None else suppress,
                path=construct if isinstance(construct, str) and construct else None,
                egress_host=aws.egress_host(kind, internal, endpoint, cls) and ident not in children,
            )
            if cls is Resource:  # (a modelled class's kind is known: `unknown_kind` says nothing of it)
                aws.unknown_kind(res)
            if kind in aws.VPC_ENDPOINTS and not isinstance(endpoint, str):
                aws.unknown_setting(res, aws.ENDPOINT_TYPE, self.why(props.get("VpcEndpointType")))
            elif kind in aws.LOAD_BALANCERS and "Scheme" in props and not isinstance(intr.scalar(props["Scheme"]), str):
                aws.unknown_setting(res, aws.SCHEME, self.why(props["Scheme"]))
            if verdict is None:
                res.unknown["condition"] = f"exists only if condition `{condition}`, which " + (
                    intr.why_condition(condition)
                )
            if "DependsOn" in body:
                res.depends_on = _depends_on(body["DependsOn"])
                res.marks["depends_on"] = self.loc(body, "DependsOn", res.location)
                depends = body["DependsOn"] if isinstance(body["DependsOn"], list) else [body["DependsOn"]]
                # (names as written, braces doubled: the hint is a format string for the block's name)
                if len(depends) > _SHOWN_DEPENDS:  # (a second DependsOn key would be a duplicate: E9600)
                    res.hints["depends_on"] = "{block} to its DependsOn list"
                else:  # (in the template's syntax alone: the other is never said)
                    listed = [clipped(str(d)).replace("{", "{{").replace("}", "}}") for d in depends]
                    if self.json:
                        quoted = ", ".join(f'"{d}"' for d in [*listed, "{block}"])
                        res.hints["depends_on"] = f'{{block}} to its DependsOn ("DependsOn": [{quoted}])'
                    else:
                        res.hints["depends_on"] = (
                            f"{{block}} to its DependsOn (DependsOn: [{', '.join([*listed, '{block}'])}])"
                        )
            if kind == "AWS::EC2::EIP":
                policy = intr.scalar(body.get("DeletionPolicy"))
                retain = f"DeletionPolicy: {policy}" if policy in ("Retain", "RetainExceptOnCreate") else None
                chosen = {key: intr.scalar(props.get(key)) for key in ("IpamPoolId", "Address", "TransferAddress")}
                pool = intr.scalar(props.get("PublicIpv4Pool"))
                res.hints.update(aws.eip_hints(retain, pool, chosen, _eip_why(self.intr, props)))
            if isinstance(metadata, dict) and metadata:
                # a Ref in Metadata orders creation too (how a DependsOn on a conditional resource is written)
                res.depends_on |= intr.references(metadata)
            self.objects[ident] = res
            self.props[ident] = props
            if kind in _NESTED and ident not in self.children:
                # a nested stack or application this run does not read may add routes, rules, hosts
                because = f"is passed to nested stack `{logical_id}`, which may add to it ({self.unread(logical_id)})"
                self.opened.append((props.get("Parameters"), because))
                # (only where its condition holds: `Network.open_to`)
                under = condition if verdict is None and isinstance(condition, str) else None
                for passed in intr.references(props.get("Parameters")):
                    self.template.opens(passed, because, under)
        if self.template.format == "sam":
            from lambda6lint.loaders.cloudformation import apis

            made = apis.implicit(self)
            self.extra += made
            self.generated = {api.id: api for api in made}  # (a function may name one: I9640's callers)
            intr.generated = frozenset(self.generated)
        if added:  # what it adds to the template may add to any of its resources (RULES.md "Open resources")
            for logical_id in self.objects:
                self.template.opens(logical_id, added)
        if template.opened_under:  # (a viewer is a resource: only its conditions are asked of)
            held = {r.condition for r in self.objects.values() if r.conditional and r.condition is not None}
            for condition in {c for under in template.opened_under.values() for c in under}:
                template.excluding[condition] = frozenset(c for c in held if intr.excludes(condition, c))

    def _for_each(self, resources: LDict) -> None:
        """An `Fn::ForEach` (AWS::LanguageExtensions) whose copies cannot all be known (foreach.py): what
        it makes (routes, rules, hosts) may add to every resource it names, which is open."""
        by_value: dict[str | None, str] = {}  # kind (None: every kind) → why loops naming by value open it
        for logical_id, body in resources.items():
            if is_loop(logical_id):
                from lambda6lint.loaders.cloudformation import foreach

                why = self.loops_left.get(str(logical_id), "")
                for prefix, words in ((foreach.COLLECTION_PARAMETER, "its collection"), (foreach.MAPPING_KEY, _KEY)):
                    if why.startswith(prefix):
                        why = f"{words} {self.intr.why({'Ref': why.removeprefix(prefix)})}"
                why = why or "what it makes cannot be known"
                because = (
                    f"is named by `{logical_id}`, which lambda6lint cannot expand: {why}; what it makes may add to it"
                )
                self.opened.append((body, because))
                for named in self.intr.references(body):
                    self.template.opens(named, because)
                if _names_by_value(body):  # (`!Ref {Ref: Table}`, `!Ref {Fn::Sub: 'Rt${Table}'}`: any of them)
                    kinds = _loop_touches(body)  # (only what the resources it makes can add to)
                    for kind in [None] if kinds is None else [*kinds, "unmodelled"]:
                        by_value.setdefault(kind, because)
                # what it makes (functions, NAT gateways, hosts in any subnet of the template): --explain
                # and the plan say it is not read, and no rule takes a subnet for one that only Lambda uses
                loop = ModuleCall(
                    id=str(logical_id),
                    type="loop",
                    template=self.template,
                    location=self.key_loc(resources, logical_id),
                    egress_host=False,
                    noun="loop",
                    cause=f"is not read: it is an `Fn::ForEach` loop (AWS::LanguageExtensions) that lambda6lint cannot "
                    f"expand: {why}",
                )
                loop.vague, loop.unknown["placement"] = True, "may be in it: what it makes may be hosts"
                self.extra.append(loop)
        if by_value:  # (one pass over the resources for all the loops: a pass per loop was quadratic)
            for named, written in resources.items():
                if is_loop(named):
                    continue
                kind = _kind_of(written) or "unmodelled"
                opened = by_value.get(None) or by_value.get(kind)
                if opened:
                    self.template.opens(str(named), opened)

    def written(self, node: Any) -> Any:
        """`node` with `Fn::If` decided (`struct`), but an `AWS::Include` of a local snippet as written,
        for `included` to read (`struct` makes any Fn::Transform unknown)."""
        return node if includes.location(node) is not None else self.intr.struct(node)

    def included(self, node: Any) -> Any:
        """`node`, or the document an `AWS::Include` of a local snippet stands for (includes.py): its
        marks are in its own file, not the template's. UNKNOWN when the snippet was not read."""
        where = includes.location(node)
        if where is None:
            return node
        key = includes.key(where)
        if key not in self._included:  # once per snippet: every API of the template may include it
            text = (self.document.includes or {}).get(key)
            try:
                self._included[key] = UNKNOWN if text is None else load_text(text)
            except InputError:
                self._included[key] = UNKNOWN
        return self._included[key]

    def included_json(self, node: Any) -> bool | None:
        """Whether the local snippet an `AWS::Include` `node` stands for is written as JSON; None when `node`
        includes nothing read (an OpenAPI document in a file of its own: fixes say it in that file's syntax)."""
        where = includes.location(node)
        text = (self.document.includes or {}).get(includes.key(where)) if where is not None else None
        return None if text is None else text.lstrip().startswith("{")

    def unread(self, logical_id: Any) -> str:
        """Why the template of nested stack `logical_id` is not read in this run."""
        found = (self.document.unread or {}).get(str(logical_id))
        if found:
            return found
        props = self.props.get(str(logical_id))
        named = next((k for k in ("TemplateURL", "Location") if isinstance(props, dict) and k in props), None)
        where = props[named] if isinstance(props, dict) and named else None
        if isinstance(where, dict) and "ApplicationId" in where:
            return "an application of the Serverless Application Repository"
        if isinstance(where, str) and includes.local_path(where) is None:
            return "its template is behind a URL"
        written: dict[Any, Any] = where if isinstance(where, dict) and len(where) == 1 else {}
        computed = next(iter(written), None)
        if isinstance(computed, str) and (computed == "Ref" or computed.startswith("Fn::")):
            first = _first_piece(computed, written[computed])
            if isinstance(first, str) and first.strip() and includes.local_path(first) is None:
                return f"its template is behind a URL (its {named} is computed by `{computed}`)"
            return (
                f"its {named} is computed by `{computed}`, and a nested template is read only from a local path "
                "written there (the path `aws cloudformation package` uploads)"
            )
        return "not read in this run"

    def _export_names(self) -> Iterator[tuple[str, Any]]:
        """(export name as far as it can be read, value node) of the template's exported Outputs."""
        outputs = self.doc.get("Outputs")
        for output in outputs.values() if isinstance(outputs, dict) else []:
            export = output.get("Export") if isinstance(output, dict) else None
            name = self.intr.scalar(export.get("Name")) if isinstance(export, dict) else None
            if isinstance(name, str):
                yield name, output.get("Value")

    def own_exports(self) -> Iterator[tuple[str, Any]]:
        """(export name, value node) of the template's Outputs whose names can be known."""
        return ((name, value) for name, value in self._export_names() if is_known_text(name))

    def own_vague_exports(self) -> Iterator[tuple[tuple[str, ...], str, str]]:
        """The template's exports whose names have parts known only at deploy (`AWS::StackName`, a parameter
        without a value): the known parts between them (`_may_be_named`), and the name as written."""
        for name, _ in self._export_names():
            parts = tuple(name.split(PLACEHOLDER))
            if len(parts) > 1 and any(parts) and len(name) <= MAX_EXPORT_NAME:
                yield parts, name.replace(PLACEHOLDER, "…"), self.path

    def _outputs(self, outputs: dict) -> None:
        """What the outputs name for sure, and what only under a condition this run cannot decide (an
        output's `Condition`, an `Fn::If` in its value); an output whose condition is false names nothing."""
        sure, maybe = self.template.in_outputs, self.template.maybe_in_outputs
        for name, output in outputs.items():
            if not isinstance(output, dict):
                continue
            value = output.get("Value")
            condition = output.get("Condition")
            exists = self.intr.condition(condition) if condition is not None else True
            if exists is False:
                continue
            found: set[str] = set()
            undecided: dict[str, tuple[Any, ...]]
            if exists is None:
                undecided = dict.fromkeys(self.intr.references(value), (condition,))
            else:
                found, undecided = self.intr.references_decided(value)
            sure.update(r for r in found if not self._nat_id(r))
            self.template.named_in_outputs.update(found, undecided)
            for ident, because in undecided.items():
                if not self._nat_id(ident) and ident not in sure and ident not in maybe:
                    how = "exists only if" if exists is None else "names it only if"
                    if len(because) > 1:  # (nested `Fn::If`s: each of them decides it)
                        why = f"output `{name}` names it only where {self.intr.why_conditions(because)}"
                    else:
                        which = self.intr.why_condition(because[0])
                        why = f"output `{name}` {how} condition `{because[0]}`, which {which}"
                    where = self.loc(output, "Value", self.loc(outputs, name, Location(self.template.path)))
                    maybe[ident] = (where, why)
        for ident in sure:
            maybe.pop(ident, None)

    def _nat_id(self, logical_id: str) -> bool:
        """A NAT gateway's Ref or GetAtt in Outputs is its id, output out of habit: only its Elastic IP
        (Ref is the address) exposes the address someone may rely on (RULES.md W9650)."""
        body = self.intr.resources.get(logical_id)
        return isinstance(body, dict) and body.get("Type") == "AWS::EC2::NatGateway"

    @property
    def linked(self) -> bool:
        """Whether its references may lead to another template's resources."""
        return self.parent is not None or bool(self.children) or any(self.exports) or len(self.stacks) > 1

    def open_foreign(self) -> None:
        """What it opens in other templates: a parent's resource it exports or passes on through a
        parameter, a nested stack's output it exports (RULES.md "Open resources")."""
        for node, because in self.opened:
            for res in self.foreign(node):
                res.template.opens(res.id, because)

    def function_paths(self) -> set[str]:
        """The construct paths of this template's functions (CDK), once."""
        if self._function_paths is None:
            self._function_paths = {r.path for r in self.objects.values() if isinstance(r, Function) and r.path}
        return self._function_paths

    def fill(self) -> list[Resource]:
        """Pass 2: attributes and references, now that every template's resources exist."""
        linked = self.linked
        for logical_id, res in self.objects.items():
            filler = TYPES[res.type][1] if res.type in TYPES else None
            if filler:
                filler(self, res, self.props[logical_id])
            if linked:
                res.links = self.foreign(self.props[logical_id])
        self._callers()
        self._tenancy()
        self._unplaced()
        self._subnet_cidrs()
        # CloudFormation cannot change a VPC's main route table: it keeps its local routes only.
        mains = [
            aws.main_route_table(v, True, "AWS::EC2::RouteTable") for v in self.objects.values() if isinstance(v, Vpc)
        ]
        return [*self.objects.values(), *mains, *self.extra, *self.default_acls.values()]

    def _subnet_cidrs(self) -> None:
        """What an IPv4-only subnet of a VPC in this template writes for its IPv6 CIDR: a /64 of the VPC's
        block that no other subnet takes (E9602's fix), computed, and a dependency on that block, without
        which E9613's deployment failure follows. Where a subnet's /64 cannot be read, the index is left
        to the user."""
        if self.cdk:
            return
        blocks: dict[int, list[VpcIpv6Block]] = {}
        taken: dict[int, set[int] | None] = {}  # by VPC: the /64s its subnets take (None: one cannot be read)
        pools: dict[int, set[str | None]] = {}  # by VPC: the IPAM pools its subnets' /64s come from, as written
        subnets: list[Subnet] = []
        for res in self.objects.values():  # (one pass over the template's resources)
            if isinstance(res, VpcIpv6Block):
                if isinstance(res.vpc, Vpc):
                    blocks.setdefault(id(res.vpc), []).append(res)
                continue
            if isinstance(res, Subnet):
                subnets.append(res)
            subnet = res.subnet if isinstance(res, SubnetIpv6Block) else res
            if not isinstance(subnet, Subnet) or not isinstance(subnet.vpc, Vpc):
                continue
            props = self.props.get(res.id, {})
            node = props.get("Ipv6CidrBlock")  # (a subnet's, or a SubnetCidrBlock's)
            pool = None
            if node is None and "Ipv6IpamPoolId" in props:
                node = pool = props["Ipv6IpamPoolId"]  # (a /64 an IPAM pool allocates: which one cannot be read)
                netmask = self.intr.scalar(props.get("Ipv6NetmaskLength"))
                pools.setdefault(id(subnet.vpc), set()).add(_written_id(pool) if netmask in (64, "64") else None)
            elif node is not None:
                pools.setdefault(id(subnet.vpc), set()).add(None)  # (a CIDR of its own: IPAM does not know it)
            if node is None:
                continue
            found = taken.setdefault(id(subnet.vpc), set())
            at = _cidr_index(node, subnet.vpc.id) if pool is None else None
            if at is None or found is None:
                taken[id(subnet.vpc)] = None
            else:
                found.add(at)
        for subnet in subnets:
            if not isinstance(subnet.vpc, Vpc) or subnet.ipv6 is not False:
                continue
            if subnet.vpc.template is not self.template:
                continue
            used = taken.setdefault(id(subnet.vpc), set())
            at = min(set(range(len(used) + 1)) - used) if used is not None else None
            if used is not None and at is not None:
                used.add(at)  # (the next IPv4-only subnet takes another)
            pool = next(iter(pools.get(id(subnet.vpc), {None})))
            ipam = any("Ipv6IpamPoolId" in self.props.get(b.id, {}) for b in blocks.get(id(subnet.vpc), []))
            pool = pool if ipam and len(pools.get(id(subnet.vpc), ())) == 1 else None  # (the VPC's block IPAM's too)
            own = blocks.get(id(subnet.vpc), [])
            subnet.hints["ipv6_cidr"] = self._subnet_cidr(subnet, subnet.vpc, at, own, pool)
            if not own:  # (E9602 on a VPC known to have no block: the fix adds one, `vpc_ipv6`, in the same change)
                subnet.hints["ipv6_cidr_new"] = self._subnet_cidr(subnet, subnet.vpc, at, own, new=True)
            if at is not None:  # (`_shared_vpcs`: where other stacks may hold subnets of the VPC, said then)
                self.any_cidrs.append((subnet, own))

    def _subnet_cidr(
        self,
        subnet: Subnet,
        vpc: Vpc,
        at: int | None,
        blocks: list[VpcIpv6Block],
        pool: str | None = None,
        new: bool = False,
    ) -> str:
        """The IPv6 CIDR of E9602's fix for `subnet`: the `at`th /64 of the VPC's block (None: N, one the
        template's other subnets do not take), or a /64 of the IPAM pool the VPC's other subnets all take theirs
        from (`pool`, as written: IPAM picks one they do not take), and how it waits for the block; `new`: a
        block the fix adds to a VPC that has none, in the same change."""
        index, count = (str(at), str(at + 1)) if at is not None else ("N", "N + 1")
        select = self.words(
            f"!Select [{index}, !Cidr [!Select [0, !GetAtt {vpc.id}.Ipv6CidrBlocks], {count}, 64]]",
            f'{{"Fn::Select": [{index}, {{"Fn::Cidr": [{{"Fn::Select": [0, {{"Fn::GetAtt": ["{vpc.id}", '
            f'"Ipv6CidrBlocks"]}}]}}, {count}, 64]}}]}}',
        )
        which = (
            "the /64 no other subnet of the VPC takes"
            if at is not None
            else "with N a /64 no other subnet of the VPC takes (a subnet's own CIDR could not be read, or other "
            "stacks may hold subnets of it)"
        )
        block = next((b for b in blocks if not b.conditional), None)
        conditional = next((b for b in blocks if b.conditional and b.condition), None) if block is None else None
        if conditional is not None:  # (DependsOn may not name what may not exist: cfn-lint E3005)
            cond, name = conditional.condition, conditional.id
            cidr = self.words(
                f"Ipv6CidrBlock: !If [{cond}, {select}, !Ref AWS::NoValue]",
                f'"Ipv6CidrBlock": {{"Fn::If": ["{cond}", {select}, {{"Ref": "AWS::NoValue"}}]}}',
            )
            wait = self.words(f'!If [{cond}, !Ref {name}, ""]', f'{{"Fn::If": ["{cond}", {{"Ref": "{name}"}}, ""]}}')
            return (
                f"{cidr}, {which}, and add a DependsOn on an AWS::CloudFormation::WaitConditionHandle whose Metadata "
                f"holds {wait}: {name} exists only under condition `{cond}`, which DependsOn cannot follow"
            )
        cidr = self.words(f"Ipv6CidrBlock: {select}", f'"Ipv6CidrBlock": {select}')
        if pool is not None:
            yaml_pool, json_pool = pool.split("\n")
            cidr = self.words(
                f"Ipv6IpamPoolId: {yaml_pool} with Ipv6NetmaskLength: 64",
                f'"Ipv6IpamPoolId": {json_pool} with "Ipv6NetmaskLength": 64',
            )
            which = "as the VPC's other subnets take theirs: IPAM allocates a /64 none of them takes"
        if block is not None and block.id in subnet.depends_on:
            return f"{cidr}, {which}"
        if block is not None:
            return f"{cidr}, {which}, and add {term(subnet, 'depends_on').format(block=block.id)}"
        if new:  # (E9613's failure otherwise)
            return (
                f"{cidr}, {which}, and add a DependsOn on that AWS::EC2::VPCCidrBlock: without it CloudFormation may "
                "create the subnet first, and the deployment fails"
            )
        return f"{cidr}, {which}, and add a DependsOn on the AWS::EC2::VPCCidrBlock that gives {vpc.id} its IPv6 block"

    def _callers(self) -> None:
        """Resources that are no egress hosts of their own but send traffic out by their subnets' NAT
        gateway all the same: an MSK or DocumentDB cluster an event source mapping polls, a database
        with an associated role (common/aws.py); what places them in subnets becomes a host."""
        for logical_id, res in list(self.objects.items()):
            if res.type not in _CALLER_KINDS:
                continue  # (most resources: none of these kinds)
            props = self.props[logical_id]
            if not isinstance(props, dict):
                continue
            if res.type in aws.POLLERS:
                self._polled(props.get(aws.POLLERS[res.type]))
            elif res.type == SAM_FUNCTION:
                events = self.intr.struct(props.get("Events"))
                for event in events.values() if isinstance(events, dict) else ():
                    event = self.intr.struct(event)
                    kind = self.intr.scalar(event.get("Type")) if isinstance(event, dict) else None
                    key = aws.SAM_POLLED_EVENTS.get(kind) if isinstance(kind, str) else None
                    properties = self.intr.struct(event.get("Properties")) if key else None
                    if isinstance(properties, dict):
                        self._polled(properties.get(key))
            elif res.type in aws.ROLE_USING_DATABASES and self.intr.struct(
                props.get(aws.ROLE_USING_DATABASES[res.type])
            ):
                self._calls_out(res, aws.ROLE_USING_DATABASES)
            elif res.type in aws.VPC_ROUTED_CLUSTERS and aws.routed_through_vpc(
                self.intr.struct(props.get(aws.VPC_ROUTED_CLUSTERS[res.type]))
            ):
                self._calls_out(res, aws.VPC_ROUTED_CLUSTERS)

    def _polled(self, arn: Any) -> None:
        """The clusters an event source mapping's ARN names: `Ref` of an MSK cluster, and the `Fn::Sub`
        or `Fn::Join` a DocumentDB cluster's ARN is made with (it has no Arn attribute)."""
        for logical_id in sorted(self.intr.references(arn)):
            self._calls_out(self.objects.get(logical_id), aws.POLLED_SOURCES)

    def _calls_out(self, res: Any, kinds: Collection[str]) -> None:
        """`res` (one of `kinds`) sends traffic out: it is a host, or the subnet group it is placed by is
        (an Aurora instance's is its cluster's)."""
        if not isinstance(res, Resource) or res.type not in kinds:
            return
        props = self.props.get(res.id)
        if not isinstance(props, dict):
            return
        if res.type == "AWS::RDS::DBInstance" and "DBSubnetGroupName" not in props:
            cluster = self.ref(props.get("DBClusterIdentifier"))
            props = self.props.get(cluster.id) if isinstance(cluster, Resource) else None
        argument = aws.SUBNET_GROUP_ARGUMENTS.get(res.type, "DBSubnetGroupName")
        group = self.ref(props.get(argument)) if isinstance(props, dict) else None
        if isinstance(group, Resource):
            group.egress_host = True
        elif any(isinstance(self.objects.get(ref), Subnet) for ref in res.refs):
            res.egress_host = True
        elif isinstance(props, dict) and props.get(argument) is not None:  # (a group of another stack)
            res.egress_host = res.vague = True
            res.unknown["placement"] = aws.CALLS_OUT_FROM_UNKNOWN_SUBNETS

    def _tenancy(self) -> None:
        """Which subnets a host that may egress is in, with each `Fn::If` decided (`Resource.tenancy`):
        a host placed by a condition this run decides is only in that branch's subnets, and one placed
        by a condition it cannot decide may or may not be in either."""
        subnets = {ident for ident, res in self.objects.items() if isinstance(res, Subnet)}
        for logical_id, res in self.objects.items() if subnets else ():
            if not res.egress_host or subnets.isdisjoint(res.refs):
                continue
            sure, maybe = self.intr.references_decided(self.props[logical_id])
            if sure == res.refs and not maybe:
                continue
            res.tenancy = (sure, {ident: conditions[0] for ident, conditions in maybe.items()})
            for ident, conditions in maybe.items():
                if ident in subnets and len(conditions) > 1:  # (nested `Fn::If`s: each of them decides it)
                    res.unknown[f"placement:{ident}"] = f"is placed only where {self.intr.why_conditions(conditions)}"
                elif ident in subnets:
                    res.unknown[f"placement:{ident}"] = (
                        f"is placed by condition `{conditions[0]}`, which {self.intr.why_condition(conditions[0])}"
                    )

    def _unplaced(self) -> None:
        """A host placed by subnets this run cannot know (a parameter, an import no template of the run
        exports) may be in any subnet of its template (`Resource.vague`), as one a Terraform variable
        places: a parameter may name subnets an earlier deployment of this stack made."""
        for logical_id, res in self.objects.items():
            if not res.egress_host or type(res) not in (Resource, VpcEndpoint):
                continue  # (a host is a kind the graph does not model, or an endpoint: the others place nothing)
            props = self.props[logical_id]
            selected: dict[str, tuple[Any, str, Any]] = {}
            if isinstance(props, _Rewritten):  # its subnets too may be what the transform writes
                res.vague, res.marks["placement"] = True, props.where or res.location
                res.unknown["placement"] = f"may be in it: each of its properties {self.why(props.transform)}"
            elif (found := self._unknown_subnet(props, selected)) is not None:
                mapping, key, node = found
                res.vague, res.marks["placement"] = True, self.loc(mapping, key, res.location)
                res.unknown["placement"] = f"may be in it: its property `{key}` {self.why(node, ident=True)}"
            elif selected:  # (in one of the subnets each `Fn::Select` picks from: it may be in those alone)
                # (one it references elsewhere too stays sure: `sure` is what `_tenancy` decided, or all it names)
                sure, maybe = (res.refs, {}) if res.tenancy is None else res.tenancy
                res.tenancy = (sure, {**maybe, **{ident: "" for ident in selected if ident not in sure}})
                for ident, (mapping, key, node) in selected.items():
                    res.marks.setdefault("placement", self.loc(mapping, key, res.location))
                    said = f"may be in it: its property `{key}` {self.why(node, ident=True)}"
                    res.unknown.setdefault(f"placement:{ident}", said)

    def _unknown_subnet(
        self, props: Any, selected: dict[str, tuple[Any, str, Any]] | None = None
    ) -> tuple[Any, str, Any] | None:
        """(the mapping, its placing key, the value) of the first subnet in `props` that cannot be known. Where
        `selected` is given, a subnet an `Fn::Select` whose index cannot be known picks from a list of this
        template's subnets alone (`!Select [!Ref Index, [!Ref SubnetA, !Ref SubnetB]]`) is not one: each of those
        subnets is told to it instead, with the mapping, key and value placing it."""
        stack = [props]
        while stack:  # walked as written (each node through `struct` would count toward its step limit)
            node = stack.pop()
            if isinstance(node, list):
                stack.extend(node)
                continue
            if not isinstance(node, dict):
                continue
            for key, value in node.items():
                if key not in _PLACING:
                    stack.append(value)
                    continue
                raw, value = value, self.intr.struct(value)
                for item in value if isinstance(value, list) else [value]:
                    if item is None or item is UNKNOWN or self.intr.ident(item) is not UNKNOWN:
                        continue  # (absent; an undecided Fn::If: `_tenancy`; a resource of the run)
                    if not is_known_text(self.intr.identifier(item)):  # (a literal id: none of ours)
                        picked = self._selections(raw) if selected is not None else None
                        if picked is None:
                            return node, str(key), item
                        for ident, select in picked:
                            selected.setdefault(ident, (node, str(key), select))  # type: ignore[union-attr]
        return None

    def _selections(self, raw: Any) -> list[tuple[str, Any]] | None:
        """Each subnet of this template an `Fn::Select` of a subnet property as written (`raw`, or an item of it as a
        list) may pick, with that `Fn::Select`, where each part of it whose subnet cannot be known is one that picks
        from this template's subnets alone; None where any other may be (a parameter's list, an import)."""
        found: list[tuple[str, Any]] = []
        for part in raw if isinstance(raw, list) else [raw]:
            if not isinstance(part, dict) or list(part) != ["Fn::Select"]:
                if self.intr.ident(part) is UNKNOWN:
                    return None
                continue  # (a subnet of the run, or absent)
            args = part["Fn::Select"]
            items = self.intr.struct(args[1]) if isinstance(args, list) and len(args) == 2 else None
            if not isinstance(items, list) or not items:
                return None
            for item in items:
                ref = self.intr.ident(item)
                if (
                    not isinstance(ref, ResourceRef)
                    or ref.attribute
                    or not isinstance(self.objects.get(ref.logical_id), Subnet)
                ):
                    return None
                found.append((ref.logical_id, part))
        return found

    def release(self) -> None:
        """Break the reference cycles of a finished build (the engine pauses the cyclic GC while loading)."""
        self.intr.importer = self.intr.outer = self.intr.stack_output = self.intr.nested_item = None
        self.exports, self.children, self.parent, self.props, self.stacks = {}, {}, None, {}, {}
        self.opened = []

    def given_vpcs(self, logical_id: str) -> list[Vpc]:
        """The VPCs of the run that a custom resource (or nested stack) is given, by their ids or by what is in them
        (a subnet, a security group, a route table), its ServiceToken aside: a lookup it makes is for those."""
        props = self.props.get(logical_id)
        if not isinstance(props, dict):
            return []
        given = {key: value for key, value in props.items() if key != "ServiceToken"}
        named = [self.objects.get(ident) for ident in sorted(self.intr.references(given))]
        found: list[Vpc] = []
        for res in [*named, *(self.foreign(given) if self.linked else ())]:
            vpc = res if isinstance(res, Vpc) else getattr(res, "vpc", None)
            if isinstance(vpc, Vpc) and vpc not in found:
                found.append(vpc)
        return found

    def foreign(self, node: Any) -> list[Resource]:
        """Resources of other templates that `node` references (imports, nested stack outputs, parameters,
        in `Fn::Sub` strings too); a parameter the parent passes as a list or a value not decided
        (`Fn::If`) references everything the parent's value names."""
        found: list[Resource] = []
        stack, seen = [node], set()
        while stack:
            item = stack.pop()
            if isinstance(item, dict):
                if id(item) in seen:
                    continue
                seen.add(id(item))
                key = next(iter(item)) if len(item) == 1 else None
                if key in ("Fn::ImportValue", "Fn::GetStackOutput", "Fn::GetAtt", "Ref"):
                    target = self.target(self.intr.ident(item))
                    if isinstance(target, Resource) and target.template is not self.template:
                        found.append(target)
                    elif key == "Ref" and self.parent is not None and isinstance(item["Ref"], str):
                        found += self.passed_resources(item["Ref"])
                elif key == "Fn::Sub":
                    stack.extend(sub_references(item["Fn::Sub"]))
                stack.extend(item.values())
            elif isinstance(item, list):
                stack.extend(item)
        return found

    def passed_resources(self, name: str) -> list[Resource]:
        """Every resource the value the parent passes to parameter `name` may name."""
        values = self.document.parameters
        node = values.get(name) if isinstance(values, dict) and self.parent is not None else None
        if node is None or self.parent is None:
            return []
        parent = self.parent
        listed = self.passed_in(name, "list")
        found = [t for t in listed if isinstance(t, Resource)] if isinstance(listed, list) else []
        found += [parent.objects[r] for r in parent.intr.references(node) if r in parent.objects]
        found += parent.foreign(node)
        return [r for r in dict.fromkeys(found) if r.template is not self.template]

    def passed_in(self, name: str, mode: str) -> Any:
        """What the parent stack passes to parameter `name` of this nested stack."""
        values = self.document.parameters
        if self.parent is None or not isinstance(values, dict) or name not in values:
            return MISSING
        if mode == "why":  # (an output of a stack whose template is one of two: why it cannot be known)
            ref = self.parent.intr.ident(_split_in(values[name], "Fn::GetAtt"))
            maybe = isinstance(ref, ResourceRef) and ref.logical_id in self.parent.maybe_children
            return self.parent.why(values[name]) if maybe else MISSING
        node = self.parent.intr.struct(values[name])
        if node is None:
            return MISSING  # AWS::NoValue (or an Fn::If that picks it): not passed, the child's Default applies
        if node is UNKNOWN:
            return UNKNOWN
        if mode == "ident":
            return self.parent.target(self.parent.intr.ident(node))
        if mode == "list":
            return self.parent.joined(node)
        if mode == "parameters":
            return self.parent.deciding_parameters(node)
        return self.parent.intr.identifier(node, deciding=self.intr.deciding)

    def joined(self, node: Any) -> list[Any] | Any:
        """What a comma-joined list of ids names, as CloudFormation passes a list to a nested stack
        (`!Join [",", [!Ref A, !Ref B]]`, or a nested stack's output or an export built so); UNKNOWN otherwise."""
        node = self.intr.struct(node)
        call = next(iter(node.items())) if isinstance(node, dict) and len(node) == 1 else None
        if call is None:
            return UNKNOWN
        name, args = call
        if name == "Fn::Join" and isinstance(args, list) and len(args) == 2 and args[0] == ",":
            items = self.intr.ident_list(args[1])
            return [self.target(ref) for ref, _ in items] if isinstance(items, list) else UNKNOWN
        ref = self.intr.ident(node) if name == "Fn::GetAtt" else None
        if (
            isinstance(ref, ResourceRef)
            and (ref.attribute or "").startswith("Outputs.")
            and ref.logical_id in self.children
        ):
            return self.children[ref.logical_id].output((ref.attribute or "")[len("Outputs.") :], joined=True)
        if name == "Ref" and isinstance(args, str) and self.parent is not None and args not in self.intr.resources:
            return self.passed_in(args, "list")
        if name == "Fn::ImportValue":
            return self.imported_list(self.intr.identifier(args))
        single = self.intr.ident(node) if name in ("Ref", "Fn::GetAtt") else None
        if isinstance(single, ResourceRef) and not (single.attribute or "").startswith("Outputs."):
            return [self.target(single)]  # one id: a list of one, as CloudFormation passes it (`SubnetIds: !Ref A`)
        return UNKNOWN

    def split_joined(self, node: Any) -> Any:
        """The resources `!Split [",", X]` names when X is a comma-joined list of ids (`joined`: a
        nested stack's output built with `!Join`, a list its parent passes); UNKNOWN otherwise."""
        for _ in range(_OWN_BLOCK_DEPTH):  # a decided `!If [CreateVpc, !Split …, !Ref SubnetIds]`: its branch
            if not (_call(node) == "Fn::If" and isinstance(node["Fn::If"], list) and len(node["Fn::If"]) == 3):
                break
            chosen = self.intr.condition(node["Fn::If"][0])
            if chosen is None:
                return UNKNOWN
            node = node["Fn::If"][1 if chosen else 2]
        args = node.get("Fn::Split") if isinstance(node, dict) and len(node) == 1 else None  # (as written:
        # `struct` would evaluate the Split itself)
        if not (isinstance(args, list) and len(args) == 2 and self.intr.scalar(args[0]) == ","):
            return UNKNOWN
        return self.joined(args[1])

    def deciding_parameters(self, node: Any) -> list[str]:
        """The root parameters that decide `node` (through the parents that pass them on), named with
        their template (`Environment` of root.yaml): what a user gives `--parameter` to decide it."""
        names: list[str] = []
        for param in self.intr.parameters_in(node):
            upper = self.passed_in(param, "parameters")
            names += upper if isinstance(upper, list) and upper else [f"`{param}` of {os.path.basename(self.path)}"]
        return names

    def own_block(self, node: Any, depth: int = 0) -> Resource | None:
        """The VPC or subnet whose own IPv6 block, or a part of one, a CIDR is written as: `!Select [0, !GetAtt
        Vpc.Ipv6CidrBlocks]`, a subnet's, a `!Cidr` of one, or a parameter the parent passes one (PRX's `!Select [0,
        !Ref VpcIpv6CidrBlocks]` of `!Join [",", !GetAtt Vpc.Ipv6CidrBlocks]`): addresses AWS assigns, which stay in
        that VPC. None for anything else."""
        call = _call(node) if depth <= _OWN_BLOCK_DEPTH else None
        args = node[call] if call else None
        if call == "Fn::Select" and isinstance(args, list) and len(args) == 2:
            cidr = args[1].get("Fn::Cidr") if _call(args[1]) == "Fn::Cidr" else None
            if isinstance(cidr, list) and cidr:  # (one of the CIDRs it makes: past them the deploy fails)
                return self.own_block(cidr[0], depth + 1) if isinstance(selected_cidr(args), int) else None
            return self.own_blocks(args[1], depth + 1)
        if call == "Fn::If" and isinstance(args, list) and len(args) == 3:  # (one branch not passed: the other's)
            branches = [branch for branch in args[1:] if branch != {"Ref": "AWS::NoValue"}]
            return self.own_block(branches[0], depth + 1) if len(branches) == 1 else None
        if call in ("Ref", "Fn::GetAtt"):  # (a list of one block, passed on as it is: `CidrIpv6: !Ref Blocks`)
            return self._own_passed(node, depth, single=True)
        return None

    def own_blocks(self, node: Any, depth: int = 0) -> Resource | None:
        """`own_block` of a list of blocks: `!GetAtt Vpc.Ipv6CidrBlocks` (a subnet's), comma-joined, a parameter
        the parent passes one to or a nested stack's output of one."""
        call = _call(node) if depth <= _OWN_BLOCK_DEPTH else None
        args = node[call] if call else None
        if call == "Fn::Join" and isinstance(args, list) and len(args) == 2 and args[0] == ",":
            return self.own_blocks(args[1], depth + 1)
        att = args.split(".", 1) if call == "Fn::GetAtt" and isinstance(args, str) else args
        if call == "Fn::GetAtt" and isinstance(att, list) and len(att) == 2 and att[1] == "Ipv6CidrBlocks":
            found = self.objects.get(str(att[0]))
            return found if isinstance(found, (Vpc, Subnet)) else None
        return self._own_passed(node, depth, single=False) if call in ("Ref", "Fn::GetAtt") else None

    def _own_passed(self, node: Any, depth: int, single: bool) -> Resource | None:
        """`own_block(s)` of what the parent passes to a parameter (`!Ref P`), or of a nested stack's output."""
        call, args = next(iter(node.items()))
        att = args.split(".", 1) if isinstance(args, str) and call == "Fn::GetAtt" else args
        if call == "Fn::GetAtt" and isinstance(att, list) and len(att) == 2 and str(att[0]) in self.children:
            child, name = self.children[str(att[0])], str(att[1]).removeprefix("Outputs.")
            return child.reading_output(name, lambda value: child._own_either(value, depth + 1, single), None)
        passed = self.document.parameters
        if call != "Ref" or self.parent is None or not isinstance(passed, dict) or args in self.intr.resources:
            return None
        return self.parent._own_either(passed.get(args), depth + 1, single) if isinstance(args, str) else None

    def _own_either(self, node: Any, depth: int, single: bool) -> Resource | None:
        """A list of blocks, or where one block is asked for, that block (or a list of one, passed as text)."""
        found = self.own_blocks(node, depth)
        return found if found is not None or not single else self.own_block(node, depth)

    def output(self, name: str, joined: bool = False) -> Any:
        """The resource a nested stack's Output `name` refers to (for the parent's `GetAtt Child.Outputs.name`);
        `joined`: the resources it lists, joined with commas (`joined`).

        The parent consumes it, so it is open (RULES.md "Open resources").
        """

        def read(value: Any) -> Any:
            for logical_id in self.intr.references(value):
                self.template.opens(logical_id, f"is output `{name}` of a nested stack, which its parent passes on")
            return self.joined(value) if joined else self.target(self.intr.ident(value))

        return self.reading_output(name, read, UNKNOWN)

    def open_outputs(self) -> None:
        """One of the templates its stack may be (`Document.maybe`): the parent's reads of the stack's outputs are
        not followed into it, so what the parent may do with one it reads (add a rule, a route, an instance in a
        subnet) stays possible: what such an output names is open."""
        outputs = self.doc.get("Outputs")
        stack = self.document.parent_resource or ""
        read = _outputs_read(self.parent.doc, stack) if self.parent is not None else None
        for name, output in outputs.items() if isinstance(outputs, dict) else ():
            if isinstance(output, dict) and (read is None or str(name) in read):
                because = (
                    f"is output `{name}` of nested stack `{stack}`, whose template is one of those an undecided "
                    "condition picks: what its parent does with it is not followed"
                )
                for logical_id in self.intr.references(output.get("Value")):
                    self.template.opens(logical_id, because)

    def nested_item(self, stack: str, name: str, item: tuple[str, int]) -> Any:
        """`Fn::Select [i, Fn::Split [d, Fn::GetAtt Stack.Outputs.name]]`: the resource at index i of the list
        nested stack `Stack` outputs joined by d (`!Join [",", [!Ref A, !Ref B]]`), split as CloudFormation splits
        the text; MISSING where this run does not read that nested stack (`why` says why)."""
        child = self.children.get(stack)
        if child is None:
            return MISSING

        def read(value: Any) -> Any:
            for logical_id in child.intr.references(value):
                child.template.opens(logical_id, f"is output `{name}` of a nested stack, which its parent passes on")
            items = child.intr.struct({"Fn::Split": [item[0], value]})
            picked = item_at(items, item[1]) if isinstance(items, list) else UNKNOWN
            return UNKNOWN if picked is UNKNOWN else child.target(child.intr.ident(picked))

        return child.reading_output(name, read, UNKNOWN)

    def reading_output(self, name: str, read: Callable[[Any], Any], otherwise: Any) -> Any:
        """`read` of Output `name`'s Value, guarded against meeting that output again while it is read (outputs
        and parameters naming each other); `otherwise` where there is no such output, or it is being read."""
        outputs = self.doc.get("Outputs")
        output = outputs.get(name) if isinstance(outputs, dict) else None
        if not isinstance(output, dict) or name in self._resolving:
            return otherwise
        self._resolving.add(name)
        try:
            return read(output.get("Value"))
        finally:
            self._resolving.discard(name)

    def stack_output(self, stack: str, name: str) -> Any:
        """`Fn::GetStackOutput`: what output `name` of the run's stack `stack` names (CDK's weak references)."""
        builder = self.stacks.get((self.document.assembly, stack))
        outputs = builder.doc.get("Outputs") if builder is not None else None
        output = outputs.get(name) if isinstance(outputs, dict) else None
        if builder is None or not isinstance(output, dict) or (stack, name) in builder.weak_resolving:
            return UNKNOWN
        builder.weak_resolving.add((stack, name))  # guards against cycles while resolving
        try:
            return builder.target(builder.intr.ident(output.get("Value")))
        finally:
            builder.weak_resolving.discard((stack, name))

    def imported(self, name: str, item: tuple[str, int] | None = None) -> Any:
        """`Fn::ImportValue name`: the resource another template of the run exports under that name; with
        `item` (delimiter, index), the one at that index of a list it exports joined by that delimiter
        (`Fn::Select [i, Fn::Split [d, Fn::ImportValue name]]`: CDK's Fn.importListValue)."""

        def read(builder: _Builder, value: Any) -> Any:
            if item is not None:
                # split as CloudFormation splits the exported text: an `AWS::NoValue` item is no element, a literal
                # `a,b` two (`Fn::Split` of a `Fn::Join`); the item at that index of the Join's list was another
                items = builder.intr.struct({"Fn::Split": [item[0], value]})
                value = item_at(items, item[1]) if isinstance(items, list) else UNKNOWN
                if value is UNKNOWN:
                    return UNKNOWN
            return builder.target(builder.intr.ident(value))

        return self._through_export(name, read)

    def imported_list(self, name: Any) -> Any:
        """`!Split [",", !ImportValue name]`: the resources another template of the run exports joined with
        commas, as `imported` reads one item of it (hand-written templates split the whole list)."""
        return (
            self._through_export(name, lambda builder, value: builder.joined(value)) if is_known_text(name) else UNKNOWN
        )

    def _through_export(self, name: str, read: Callable[[_Builder, Any], Any]) -> Any:
        """What `read` makes of the value another template of the run exports under `name` (with its builder);
        UNKNOWN where none does. The export is held while it is read: a cycle of exports reads as none."""
        found = self.exports.get(name)
        if found is None:
            return UNKNOWN
        self.exports[name] = None
        try:
            return read(*found)
        finally:
            self.exports[name] = found

    # ----- reference helpers ---------------------------------------------------------------

    def target(self, ref: Any) -> Any:
        if isinstance(ref, ResourceRef):
            attribute = ref.attribute
            if not attribute:  # (a Ref: most of them)
                return self.objects.get(ref.logical_id, UNKNOWN)
            if attribute.startswith("Outputs.") and ref.logical_id in self.children:
                return self.children[ref.logical_id].output(attribute[len("Outputs.") :])
            found = self.objects.get(ref.logical_id, UNKNOWN)
            if attribute.startswith("Outputs.") and isinstance(found, Resource) and found.type in _NESTED:
                return UNKNOWN  # an output of a nested stack this run does not read (`why`)
            if attribute == "DefaultSecurityGroup" and isinstance(found, Vpc):
                return UNKNOWN  # the group AWS made with the VPC: its rules are not in the template (`why`)
            return found
        return ref  # a resource of another template, None (absent) or UNKNOWN

    def ref(self, node: Any) -> Any:
        return self.target(self.intr.ident(node))

    def members(self, props: dict, key: str, default: Location, owner: Resource | None = None, fact: str = "") -> Any:
        """A list of references; UNKNOWN (with its cause on `owner`) when the list itself cannot be known."""
        refs = self.intr.ident_list(props.get(key))
        if refs is None:
            return []
        split = self.split_joined(props.get(key)) if refs is UNKNOWN else UNKNOWN
        if isinstance(split, list):  # `!Split [",", !GetAtt Child.Outputs.SubnetIds]` of a joined list
            where = self.loc(props, key, default)
            return [Member(_known_or_unknown(target), where) for target in split]
        agreed = self._agreed(props.get(key)) if refs is UNKNOWN else None
        if agreed is not None:  # (the same resources whichever branch: placed where the first branch names them)
            where = self.loc(props, key, default)
            return [Member(target, self.item_loc(listed, index, where)) for target, (listed, index) in agreed]
        if refs is UNKNOWN:
            if owner is not None:
                self.unknown(owner, fact, props.get(key))
            return UNKNOWN
        where = self.loc(props, key, default)
        members = [
            Member(_known_or_unknown(self.target(ref)), self.item_loc(listed, index, where))
            for ref, (listed, index) in refs
        ]
        if any(m.target is UNKNOWN for m in members):
            items = self.intr.struct(props.get(key))
            nodes = [item for item in items if self.intr.ident(item) is not None] if isinstance(items, list) else []
            for member, node in zip(members, nodes, strict=False):
                if member.target is UNKNOWN:
                    member.cause = self.why(node, ident=True)
        return members

    def _agreed(self, node: Any, depth: int = 0) -> list[tuple[Resource, tuple[Any, int]]] | None:
        """The resources a reference list written as an `Fn::If` this run cannot decide names whichever branch is
        taken, where both branches name the same set of them in another order or form (`[!Ref A, !Ref B]` and
        `[!GetAtt B.SubnetId, !Ref A]`): RULES.md's "`Fn::If` is known only when both branches agree", of a list
        whose order AWS ignores. With the first branch's places. None where a branch names another resource, one
        that cannot be known, or nothing (`AWS::NoValue`): different subnets are not taken to agree, even where
        what each rule reads of them is alike."""
        choice = node.get("Fn::If") if isinstance(node, dict) and len(node) == 1 else None
        if not (isinstance(choice, list) and len(choice) == 3) or depth > _AGREED_DEPTH:
            return None
        chosen = self.intr.condition(choice[0])
        branches = [choice[1 if chosen else 2]] if chosen is not None else choice[1:]
        found: list[list[tuple[Resource, tuple[Any, int]]]] = []
        for branch in branches:
            refs = self.intr.ident_list(branch)
            if refs is UNKNOWN:  # (a branch that is itself an `Fn::If`: its own branches must agree)
                agreed = self._agreed(branch, depth + 1)
                if agreed is None:
                    return None
                found.append(agreed)
                continue
            if not isinstance(refs, list):
                return None
            targets = [(self.target(ref), place) for ref, place in refs]
            if not all(isinstance(target, Resource) for target, _ in targets):
                return None
            found.append(targets)
        if len(found) == 2 and {id(t) for t, _ in found[0]} != {id(t) for t, _ in found[1]}:
            return None
        return found[0]

    def why(self, node: Any, ident: bool = False) -> str:
        """Why a reference or value cannot be known (see Intrinsics.why; `ident`: a reference), through nested-stack
        links."""
        ref = self.intr.ident(_split_in(node, "Fn::GetAtt"))
        if isinstance(ref, ResourceRef) and ref.logical_id in self.children:
            return f"is an output of nested stack `{ref.logical_id}` that cannot be followed"
        nested = self.objects.get(ref.logical_id) if isinstance(ref, ResourceRef) else None
        if nested is not None and nested.type in _NESTED and (ref.attribute or "").startswith("Outputs."):
            how = "whose template is not known" if ref.logical_id in self.maybe_children else "which is not read"
            return f"is an output of nested stack `{ref.logical_id}`, {how}: {self.unread(ref.logical_id)}"
        if isinstance(ref, ResourceRef) and ref.attribute == "DefaultSecurityGroup":
            return f"is the default security group of `{ref.logical_id}`: AWS made its rules, the template holds none"
        if self.document.lookups and isinstance(node, str) and node in CDK_PLACEHOLDERS:
            lookups = self.document.lookups  # (a handful in a real assembly; thousands in a crafted one)
            named = ", ".join(clipped(name, 80) for name in lookups[:4])
            named += f" and {len(lookups) - 4} more" if len(lookups) > 4 else ""
            return (
                f"is `{node}`, a placeholder CDK writes for a context lookup it has not resolved ({named}, under "
                "`missing` in manifest.json), not a real id: a looked-up resource is not in this run either way; "
                "lint what creates it in the same run"
            )
        whole, node = node, _import_in(node)  # (`!Split [",", !ImportValue X]` and a `Fn::Select` of it: the import's)
        if isinstance(node, dict) and len(node) == 1 and "Fn::ImportValue" in node:
            name = self.intr.scalar(node["Fn::ImportValue"])
            vague = self.vague_exports if self.vague_budget[0] >= len(self.vague_exports) else []
            self.vague_budget[0] -= len(vague)  # (past the run's budget: not matched, the plain cause below)
            may = (
                [(written, path) for parts, written, path in vague if _may_be_named(parts, name)]
                if isinstance(name, str)
                and is_known_text(name)
                and len(name) <= MAX_EXPORT_NAME
                and name not in self.exports
                else []
            )
            if may:
                written, path = may[0]
                more = f" (and {len(may) - 1} more)" if len(may) > 1 else ""
                return (
                    f"is imported from export `{name}`, which `{clipped(os.path.basename(path))}` of this run may "
                    f"export as `{clipped(written)}`{more}: that name is known only when the stack deploys (its "
                    "stack name, or a parameter without a value), so which stack the import means is not guessed"
                )
            if isinstance(name, str) and name in self.exported_twice:
                return (
                    f"is imported from export `{name}`, which more than one template of this run exports (an export "
                    "name is unique in an account and region: lint each stack with those deployed beside it)"
                )
            found = self.exports.get(name) if isinstance(name, str) else None
            if found is not None and not is_known_text(self.intr.identifier(node["Fn::ImportValue"])):
                # (the name is the export's only with a parameter's Default, which never names anything: the import
                # stays unknown whatever the value, and that parameter is what to pass)
                params = [p for p in self.intr.parameters_in(node["Fn::ImportValue"]) if p not in self.intr.values]
                said = ", ".join(f"`{p}`" for p in params) or "a parameter"
                builder, value = found
                unread = whole is node and builder.target(builder.intr.ident(value)) is UNKNOWN  # (a plain import)
                return (
                    f"is imported from export `{name}` of {clipped(os.path.basename(builder.path))} only if "
                    f"{'parameters' if len(params) > 1 else 'parameter'} {said} keep{'' if len(params) > 1 else 's'} "
                    "the Default the name is made with, which lambda6lint never takes for a name (pass "
                    f"{'their values' if len(params) > 1 else 'its value'} to decide it)"
                    + (f"; and that export's value {builder.why(value)}" if unread else "")
                )
            if found is not None:
                builder, value = found
                return (
                    f"is imported from export `{name}` of {clipped(os.path.basename(builder.path))}, whose value "
                    f"{builder.why(value)}"
                )
        return self.intr.why(node, ident=ident)

    def unknown(self, res: Resource, fact: str, node: Any) -> None:
        """Record why `fact` of `res` cannot be known, for --explain."""
        res.unknown.setdefault(fact, self.why(node))

    def acl(self, node: Any) -> Any:
        """A network ACL reference: `GetAtt Vpc.DefaultNetworkAcl` is the VPC's default ACL."""
        ref = self.intr.ident(node)
        target = self.target(ref)
        if isinstance(target, Vpc) and isinstance(ref, ResourceRef) and ref.attribute == "DefaultNetworkAcl":
            found = self.default_acls.get(target.id)
            if found is None:
                found = self.default_acls[target.id] = aws.default_network_acl(target, False, "AWS::EC2::NetworkAcl")
            return found
        return target

    def either_present(self, props: dict, *keys: str) -> bool | None:
        verdicts = [self.intr.present(props.get(k)) for k in keys]
        if True in verdicts:
            return True
        return None if None in verdicts else False

    def actions(self, document: Any, res: Resource, where: Location, has: str = "has") -> list[str]:
        """The actions a policy document of `res` allows; what cannot be read is a cause of `res`'s
        unknown permissions (--explain: W9630's evidence), said as `has` it ("its SAM Policies have")."""
        unread: list[tuple[str, Any]] = []
        found = aws.allowed_actions(document, self.intr.struct, self.intr.scalar, is_known_text, unread)
        if unread:
            self.unreadable(res, f"{has} {unread[0][0]} that {self.why(unread[0][1])}", where)
        return found

    def unreadable(self, res: Resource, cause: str, where: Location) -> None:
        """`res`'s permissions cannot all be read (its first cause stays)."""
        if "permissions" not in res.unknown:
            res.unknown["permissions"], res.marks["permissions"] = cause, where

    def arn_text(self, node: Any) -> Any:
        """An ARN as text, with what the run cannot know as `${…}` (`arn:${AWS::Partition}:iam::aws:…`,
        as `Fn::Sub` writes it and as CDK joins it); UNKNOWN when it is not written as text at all."""
        call = next(iter(node.items())) if isinstance(node, dict) and len(node) == 1 else None
        if call and call[0] == "Fn::Sub":
            args = call[1]
            return args if isinstance(args, str) else args[0] if isinstance(args, list) and args else UNKNOWN
        if call and call[0] == "Fn::Join" and isinstance(call[1], list) and len(call[1]) == 2:
            separator, parts = call[1][0], self.intr.struct(call[1][1])
            if isinstance(separator, str) and isinstance(parts, list):
                texts = [self.intr.scalar(part) for part in parts]
                return separator.join(t if is_known_text(t) else "${…}" for t in texts)
        value = self.intr.scalar(node)
        return value if is_known_text(value) else UNKNOWN

    def managed_policy(self, res: Resource, node: Any, where: Location, has: str = "has") -> tuple[str, str] | None:
        """The representative S3/DynamoDB action and name of an AWS managed policy an ARN names; one
        not known to grant either (AWSLambdaVPCAccessExecutionRole) is None. A customer managed policy
        out of this run, or an ARN that cannot be known, makes `res`'s permissions unknown (as `actions`)."""
        text = self.arn_text(node)
        name, action = aws.managed_policy(text)
        if name == aws.UNREADABLE:
            self.unreadable(res, f"{has} a managed policy whose ARN {self.why(node)}", where)
        elif name == aws.FOREIGN:
            self.unreadable(res, f"{has} managed policy `{clipped(text)}`, which is not in this run", where)
        return (action, name) if action else None

    def ipv6_from_vpc(self, node: Any) -> Resource | None:
        """The VPC of this template whose `Ipv6CidrBlocks` a value is computed from (`GetAtt Vpc.Ipv6CidrBlocks`)."""
        for logical_id, attribute in sorted(self.intr.attributes_read(node)):
            found = self.objects.get(logical_id)
            if attribute == "Ipv6CidrBlocks" and isinstance(found, Vpc):
                return found
        return None


def _cidr_index(node: Any, vpc: str) -> int | None:
    """N of `!Select [N, !Cidr [!Select [0, !GetAtt Vpc.Ipv6CidrBlocks], C, 64]]` (under an `Fn::If` whose
    other branch is `AWS::NoValue`): the /64 of the VPC's block a subnet takes; None for anything else, and
    for an N that is not one of the C CIDRs written (CloudFormation fails the deploy: no /64 is taken)."""
    if isinstance(node, dict) and len(node) == 1 and isinstance(node.get("Fn::If"), list) and len(node["Fn::If"]) == 3:
        branches = [b for b in node["Fn::If"][1:] if b != {"Ref": "AWS::NoValue"}]
        return _cidr_index(branches[0], vpc) if len(branches) == 1 else None
    select = node.get("Fn::Select") if isinstance(node, dict) and len(node) == 1 else None
    cidr = select[1] if isinstance(select, list) and len(select) == 2 else None
    args = cidr.get("Fn::Cidr") if isinstance(cidr, dict) and len(cidr) == 1 else None
    if not (isinstance(args, list) and len(args) == 3 and str(args[2]) == "64"):
        return None
    source = args[0].get("Fn::Select") if isinstance(args[0], dict) and len(args[0]) == 1 else None
    att = (
        source[1].get("Fn::GetAtt")
        if isinstance(source, list) and len(source) == 2 and isinstance(source[1], dict)
        else None
    )
    att = att.split(".", 1) if isinstance(att, str) else att
    if not isinstance(source, list) or len(source) != 2 or str(source[0]) != "0" or att != [vpc, "Ipv6CidrBlocks"]:
        return None
    at = selected_cidr(select)
    return at if isinstance(at, int) else None


#: What a resource a loop makes may add to (the kinds of the resources whose facts it changes): a route to
#: a route table, a rule to a security group or network ACL, an association to a subnet, a block to a VPC or a
#: subnet, a version or alias to a function, a policy to a role. Hosts are the loop's own (`_for_each`).
_LOOP_TOUCHES: dict[str, frozenset[str]] = {
    "AWS::EC2::Route": frozenset({"route_table"}),
    "AWS::EC2::SubnetRouteTableAssociation": frozenset({"subnet", "route_table"}),
    "AWS::EC2::VPCEndpoint": frozenset({"route_table", "subnet", "vpc"}),
    "AWS::EC2::SecurityGroupEgress": frozenset({"security_group"}),
    "AWS::EC2::SecurityGroupIngress": frozenset({"security_group"}),
    "AWS::EC2::NetworkAclEntry": frozenset({"network_acl"}),
    "AWS::EC2::SubnetNetworkAclAssociation": frozenset({"subnet", "network_acl"}),
    "AWS::EC2::VPCCidrBlock": frozenset({"vpc"}),
    "AWS::EC2::EgressOnlyInternetGateway": frozenset({"vpc"}),
    "AWS::EC2::SubnetCidrBlock": frozenset({"subnet"}),
    "AWS::Lambda::Version": frozenset({"function"}),
    "AWS::Lambda::Alias": frozenset({"function"}),
    "AWS::IAM::Policy": frozenset({"role"}),
    "AWS::IAM::ManagedPolicy": frozenset({"role"}),
    "AWS::IAM::RolePolicy": frozenset({"role"}),
}
#: Services whose other resource types may still change what rules read: a loop making one opens everything.
_LOOP_UNSURE = ("AWS::EC2::", "AWS::Lambda::", "AWS::IAM::", "AWS::Serverless::", "AWS::CloudFormation::")


#: How many `Fn::ForEach` loops, one inside another, of one template `_loop_touches` looks into (loops of one
#: template, not nested stacks or modules); deeper, what they make is not said: None, as for a type it cannot tell.
_LOOP_NESTING = 8


def _loop_touches(body: Any, depth: int = 0) -> frozenset[str] | None:
    """The kinds of resources what an `Fn::ForEach` makes may add to; None when that cannot be said (a type
    written by value, one of a service that may change anything)."""
    outputs = body[2] if isinstance(body, list) and len(body) == 3 else None
    if not isinstance(outputs, dict) or depth > _LOOP_NESTING:
        return None
    found: set[str] = set()
    for key, value in outputs.items():
        if is_loop(key):
            inner = _loop_touches(value, depth + 1)
            if inner is None:
                return None
            found |= inner
            continue
        kind = value.get("Type") if isinstance(value, dict) else None
        if not isinstance(kind, str):
            return None
        if kind in _LOOP_TOUCHES:
            found |= _LOOP_TOUCHES[kind]
        elif kind.startswith(_LOOP_UNSURE):
            return None
    return frozenset(found)


def _kind_of(body: Any) -> str | None:
    """The graph kind of a resource as written (`route_table`), None for a type this run does not model."""
    kind = body.get("Type") if isinstance(body, dict) else None
    return TYPES[kind][0].kind if isinstance(kind, str) and kind in TYPES else None


def _outputs_read(doc: Any, stack: str) -> set[str] | None:
    """The names of the outputs of nested stack `stack` that `doc` reads (`Fn::GetAtt`, `${Stack.Outputs.X}`);
    None where it may read any (an attribute computed)."""
    found: set[str] = set()
    prefix = f"{stack}.Outputs."
    pending, seen = [doc], set()
    while pending:
        node = pending.pop()
        if isinstance(node, (dict, list)):
            if id(node) in seen:
                continue
            seen.add(id(node))
            if isinstance(node, dict):
                att = node.get("Fn::GetAtt") if len(node) == 1 else None
                if isinstance(att, list) and len(att) == 2 and att[0] == stack:
                    if not isinstance(att[1], str):
                        return None
                    found.add(att[1].removeprefix("Outputs."))
                pending.extend(node.values())
            else:
                pending.extend(node)
        elif isinstance(node, str) and prefix in node:
            found.update(_OUTPUT_NAME.match(piece)[0] for piece in node.split(prefix)[1:])  # type: ignore[index]
    return found


_OUTPUT_NAME = on_use(r"[A-Za-z0-9]*")


def _names_by_value(node: Any, budget: list[int] | None = None) -> bool:
    """Whether `node` (a loop's body) names a resource by a value: a `Ref` or `Fn::GetAtt` whose logical
    id is computed from the loop's item, so it may be any resource of the template."""
    budget = [100_000] if budget is None else budget
    budget[0] -= 1
    if budget[0] < 0:
        return True  # (too large to look through: it may)
    if isinstance(node, list):
        return any(_names_by_value(item, budget) for item in node)
    if not isinstance(node, dict):
        return False
    for key, value in node.items():
        if key == "Ref" and (not isinstance(value, str) or "${" in value or "&{" in value):
            return True
        if key == "Fn::GetAtt":
            first = value[0] if isinstance(value, list) and value else value
            if not isinstance(first, str) or "${" in first or "&{" in first:
                return True
        if _names_by_value(value, budget):
            return True
    return False


#: Transforms CloudFormation applies that this run reads itself (SAM, Fn::ForEach), and AWS's own that add
#: nothing a rule reads: CodeDeploy's blue/green makes an ECS task set in the service's subnets; Secrets
#: Manager's makes a rotation function in the subnets its RotationSchedule names (`HostedRotationLambda`), whose
#: references already make that schedule a host there (transform-aws-secretsmanager).
_READ_TRANSFORMS = frozenset(
    {
        "AWS::Serverless-2016-10-31",
        "AWS::LanguageExtensions",
        "AWS::CodeDeployBlueGreen",
        "AWS::SecretsManager-2020-07-23",
        "AWS::SecretsManager-2024-09-16",  # (what CDK's hosted rotation writes now)
    }
)


def _unpassed_defaults(document: Document, doc: Any) -> dict[str, str]:
    """A nested stack's parameters its parent passes nothing for, with their Defaults: CloudFormation deploys the
    child with them, whatever the deploy is given (a root's Default is only what a deploy may override). None
    when what the parent passes is not a plain map (an `Fn::If` of maps)."""
    passed = document.parameters
    declared = doc.get("Parameters") if isinstance(doc, dict) else None
    if (
        not isinstance(passed, dict)
        or not isinstance(declared, dict)
        or any(isinstance(k, str) and (k.startswith("Fn::") or k == "Ref") for k in passed)
    ):
        return {}
    found = {}
    for name, spec in declared.items():
        default = spec.get("Default") if isinstance(spec, dict) and name not in passed else None
        if isinstance(default, (str, int, float)) and not isinstance(default, bool):
            found[str(name)] = str(default)
        elif isinstance(default, list) and all(isinstance(v, str) for v in default):
            found[str(name)] = ",".join(default)  # (a list type's Default written as a YAML list)
    return found


def _written_id(node: Any) -> str | None:
    """An id as written in YAML and in JSON (one line each): a literal, a `Ref` or a `Fn::GetAtt`; None
    for anything else."""
    if isinstance(node, str) and re.fullmatch(r"[A-Za-z0-9:/_.-]+", node):
        return f'{node}\n"{node}"'  # (nothing there JSON escapes; and a YAML run need not import json)
    if isinstance(node, dict) and len(node) == 1:
        ((key, value),) = node.items()
        if key == "Ref" and isinstance(value, str) and re.fullmatch(r"[A-Za-z0-9]+", value):
            return f'!Ref {value}\n{{"Ref": "{value}"}}'
        parts = value.split(".", 1) if key == "Fn::GetAtt" and isinstance(value, str) else value
        if (
            key == "Fn::GetAtt"
            and isinstance(parts, list)
            and len(parts) == 2
            and all(isinstance(p, str) and re.fullmatch(r"[A-Za-z0-9.]+", p) for p in parts)
        ):
            return f'!GetAtt {parts[0]}.{parts[1]}\n{{"Fn::GetAtt": ["{parts[0]}", "{parts[1]}"]}}'
    return None


def _added_unread(doc: Any, resources: Any) -> str:
    """Why resources a template adds at deploy time are not read ("" when there are none): an `AWS::Include`
    or a macro in its Resources section (`Fn::Transform`), or a template-level macro; they may add a route,
    a rule or a host to any of its resources."""
    transform = resources.get("Fn::Transform") if isinstance(resources, dict) else None
    if transform is not None:
        name = transform.get("Name") if isinstance(transform, dict) else None
        what = "an AWS::Include snippet" if name == "AWS::Include" else "a macro (Fn::Transform)"
        return f"is in a template whose Resources take in {what}, which this run does not read: it may add to it"
    written = doc.get("Transform") if isinstance(doc, dict) else None
    names = written if isinstance(written, list) else [written] if written is not None else []
    unread = [n.get("Name") if isinstance(n, dict) else n for n in names]
    unread = [n for n in unread if not (isinstance(n, str) and n in _READ_TRANSFORMS)]
    if unread:
        named = ", ".join(f"`{n}`" if isinstance(n, str) else "one whose name cannot be read" for n in unread)
        return f"is in a template that transform {named} rewrites at deploy, unread by this run: it may add to it"
    return ""


def _depends_on(node: Any) -> set[str]:
    """`DependsOn: X` or `DependsOn: [X, Y]` (CloudFormation accepts only literal ids there)."""
    items = node if isinstance(node, list) else [node]
    return {item for item in items if isinstance(item, str)}


# ----- per-type fillers --------------------------------------------------------------------


def _whole(value: Any) -> Any:
    """A value rules read whole (a runtime, an environment variable): UNKNOWN when a part of it is
    (`!Sub nodejs${Major}.x`), not text with a placeholder in it."""
    return UNKNOWN if isinstance(value, str) and not is_known_text(value) else value


def _function(b: _Builder, fn: Function, props: dict) -> None:
    vpc_config = b.intr.struct(props.get("VpcConfig"))
    fn.marks["vpc_config"] = b.loc(props, "VpcConfig", fn.location)
    if vpc_config is UNKNOWN:
        fn.has_vpc_config, fn.subnets, fn.security_groups, fn.dualstack = True, UNKNOWN, UNKNOWN, None
        b.unknown(fn, "vpc_config", props.get("VpcConfig"))
    elif isinstance(vpc_config, dict):
        fn.has_vpc_config = True
        where = fn.marks["vpc_config"]
        fn.subnets = b.members(vpc_config, "SubnetIds", where, fn, "subnets")
        fn.security_groups = b.members(vpc_config, "SecurityGroupIds", where, fn, "security_groups")
        fn.dualstack = b.intr.boolean(vpc_config.get("Ipv6AllowedForDualStack"))
        if fn.dualstack is None:
            b.unknown(fn, "dualstack", vpc_config.get("Ipv6AllowedForDualStack"))
        elif fn.dualstack is False and (param := b.intr.from_default(vpc_config.get("Ipv6AllowedForDualStack"))):
            fn.hints["dualstack_how"] = (
                f" (it comes from parameter `{param}`, whose Default says false: pass true, or change the Default)"
            )
        for key, mark in (
            ("SubnetIds", "subnets"),
            ("SecurityGroupIds", "security_groups"),
            ("Ipv6AllowedForDualStack", "dualstack"),
        ):
            if key in vpc_config:
                fn.marks[mark] = b.loc(vpc_config, key, where)
    fn.runtime = _whole(b.intr.scalar(props.get("Runtime")))
    if "Runtime" in props:
        fn.marks["runtime"] = b.loc(props, "Runtime", fn.location)
    if fn.runtime is UNKNOWN:
        b.unknown(fn, "runtime", props.get("Runtime"))
    environment = b.intr.struct(props.get("Environment"))
    variables = b.intr.struct(environment.get("Variables")) if isinstance(environment, dict) else None
    if "Environment" in props:
        fn.marks["environment"] = b.loc(props, "Environment", fn.location)
    if isinstance(environment, dict) and "Variables" in environment:
        fn.marks["environment"] = b.loc(environment, "Variables", fn.at("environment"))
    if environment is UNKNOWN or variables is UNKNOWN:
        fn.environment = UNKNOWN
        b.unknown(fn, "environment", props.get("Environment"))
    elif isinstance(variables, dict):
        fn.environment = {str(k): _whole(b.intr.scalar(v)) for k, v in variables.items()}
        # what the function surely names: not a branch of an Fn::If that is not taken or not decided
        # (`!If [HasBucket, !Ref Bucket, none]` is no evidence that it calls S3)
        # each variable walked once: what the variables name for sure is what each names for sure (but one
        # alone may read as a function, a variable named `Ref` or `Fn::If`: that mapping is walked as such)
        # (last first, as one walk of the mapping goes: a variable too costly to walk is the one it said)
        decided = {name: b.intr.references_decided(value) for name, value in reversed(variables.items())}
        sure = (
            b.intr.references_decided(variables)[0]
            if len(variables) == 1
            else set().union(*(found for found, _ in decided.values()))
        )
        refs = b.intr.references_but(variables, aws.STREAM_ATTRIBUTES) & sure
        named = [b.objects.get(r) or b.generated.get(r) for r in sorted(refs)]
        fn.env_refs = [res for res in named if res is not None]
        for name in variables:
            fn.marks[f"env:{name}"] = b.loc(variables, name, fn.at("environment"))
            for ident, conditions in decided[name][1].items():
                store = b.objects.get(ident)
                if isinstance(store, DataStore) and f"uses:{store.service}" not in fn.unknown:
                    fn.marks[f"uses:{store.service}"] = fn.marks[f"env:{name}"]  # (for --explain: W9630's evidence)
                    if len(conditions) > 1:  # (nested `Fn::If`s: each of them decides it)
                        only = f"only where {b.intr.why_conditions(conditions)}"
                    else:
                        why = b.intr.why_condition(conditions[0])
                        only = f"only if condition `{clipped(conditions[0])}` holds, which {why}"
                    fn.unknown[f"uses:{store.service}"] = (
                        f"its environment variable `{clipped(str(name))}` names {store.name} {only}"
                    )
            if name in aws.ENVIRONMENT_READ and fn.environment[name] is UNKNOWN:
                b.unknown(fn, f"env:{name}", variables[name])
            elif name in aws.ENVIRONMENT_READ and (param := b.intr.from_default(variables[name])):
                fn.hints[f"from:{name}"] = f"the Default of parameter `{param}`"  # a fix may pass another value
    fn.role = b.ref(props.get("Role"))
    if "Role" in props and not isinstance(fn.role, Role):
        b.unreadable(fn, _role_out_of_run(b, props["Role"]), b.loc(props, "Role", fn.location))
    if b.cdk and fn.path and not fn.path.endswith("/Resource"):  # an L1 construct (vocabulary.py)
        fn.hints.update(CDK_L1_SAM_FUNCTION if fn.type == SAM_FUNCTION else CDK_L1_FUNCTION)
    elif b.cdk and fn.path:
        fn.hints.update(cdk_library_function(fn.path) or {})
    if fn.type == SAM_FUNCTION:
        body = b.intr.resources.get(fn.id)
        connectors = b.intr.struct(body.get("Connectors")) if isinstance(body, dict) else None
        for name, connector in connectors.items() if isinstance(connectors, dict) else ():
            connector = b.intr.struct(connector)
            if isinstance(connector, dict):
                _connect(b, fn, str(name), b.intr.struct(connector.get("Properties")))
        fn.auto_publish = b.intr.present(props.get("AutoPublishAlias"))
        fn.hints.setdefault("publish", b.words(SAM_PUBLISH, SAM_PUBLISH_JSON))
        policies = b.intr.struct(props.get("Policies"))
        where = b.loc(props, "Policies", fn.location)
        if policies is UNKNOWN:
            b.unreadable(fn, f"its SAM Policies {b.why(props.get('Policies'))}", where)
        for node in policies if isinstance(policies, list) else [] if policies is None else [policies]:
            policy = b.intr.struct(node)
            if isinstance(attached := b.ref(node), Policy) or (attached := _policy_named(b, node)):
                fn.attached.append(attached)  # `!Ref ReadOrders`: an AWS::IAM::ManagedPolicy of the template
            elif isinstance(policy, str) or policy is UNKNOWN or _call(policy) or _call(node) == "Fn::Sub":
                if managed := b.managed_policy(fn, node, where, has=_SAM_POLICIES_HAVE):
                    fn.grants.append((managed[0], f"managed policy {managed[1]}"))
            elif isinstance(policy, dict) and "Statement" in policy:
                fn.grants += [(a, "its SAM Policies") for a in b.actions(policy, fn, where, has=_SAM_POLICIES_HAVE)]
            elif isinstance(policy, dict) and len(policy) == 1:
                name = str(next(iter(policy)))
                from lambda6lint.loaders.cloudformation import sam

                action = sam.policy_template_action(name)
                fn.grants += [(action, f"SAM policy template {name}")] if action else []


def _call(node: Any) -> str | None:
    """The intrinsic function a node is a call of (`Ref`, `Fn::Sub`…), else None."""
    key = next(iter(node)) if isinstance(node, dict) and len(node) == 1 else None
    return key if isinstance(key, str) and (key == "Ref" or key.startswith("Fn::")) else None


#: How a cause of a function's unknown permissions begins when its SAM Policies hold it (said of the function).
_SAM_POLICIES_HAVE = "its SAM Policies have"


def _role_out_of_run(b: _Builder, node: Any) -> str:
    """Why what a function's role allows cannot be read."""
    arn = b.intr.scalar(node)
    return aws.role_out_of_run(arn) if is_known_text(arn) else f"its role's ARN {b.why(node)}"


def _subnet(b: _Builder, subnet: Subnet, props: dict) -> None:
    subnet.vpc = b.ref(props.get("VpcId"))
    if subnet.vpc is UNKNOWN:
        b.unknown(subnet, "vpc", props.get("VpcId"))
    subnet.ipv4 = b.either_present(props, "CidrBlock", "Ipv4IpamPoolId")
    subnet.ipv6 = b.either_present(props, "Ipv6CidrBlock", "Ipv6IpamPoolId")
    if subnet.ipv6 is None:
        b.unknown(subnet, "ipv6", props.get("Ipv6CidrBlock", props.get("Ipv6IpamPoolId")))
    subnet.ipv6_native = b.intr.boolean(props.get("Ipv6Native"))
    if subnet.ipv6_native is None:
        b.unknown(subnet, "ipv6_native", props.get("Ipv6Native"))
    subnet.dns64 = b.intr.boolean(props.get("EnableDns64"))
    if subnet.dns64 is None:
        b.unknown(subnet, "dns64", props.get("EnableDns64"))
    for key, mark in (("EnableDns64", "dns64"), ("Ipv6CidrBlock", "ipv6_cidr")):
        if key in props:
            subnet.marks[mark] = b.loc(props, key, subnet.location)
    subnet.ipv6_from_vpc = b.ipv6_from_vpc(props.get("Ipv6CidrBlock"))
    written = b.intr.scalar(props.get("Ipv6CidrBlock"))
    subnet.ipv6_written = isinstance(written, str) and is_known_text(written) and ":" in written
    if b.cdk and subnet.path and not _CDK_L2.search(subnet.path):  # an ec2.CfnSubnet: no ec2.Vpc around it
        subnet.hints.update(CDK_L1_SUBNET)
    elif b.cdk and subnet.path and (vpc := _cdk_subnet_vpc(subnet.path)) and (groups := _cdk_subnet_groups(b).get(vpc)):
        subnet.hints["egress_group"] = cdk_egress_group(groups)  # (W9611: whether its ec2.Vpc has a group to move to)


def _import_in(node: Any) -> Any:
    """The `Fn::ImportValue` a `Fn::Split` (or a `Fn::Select` of one) splits; else `node` itself."""
    return _split_in(node, "Fn::ImportValue")


def _split_in(node: Any, call_name: str) -> Any:
    """The `call_name` call (`Fn::ImportValue`, or `Fn::GetAtt`: a nested stack's output) that a `Fn::Split`, or
    a `Fn::Select` of one, splits; else `node` itself."""
    inner = node
    for _ in range(2):
        call = next(iter(inner.items())) if isinstance(inner, dict) and len(inner) == 1 else None
        if call is None or call[0] not in ("Fn::Split", "Fn::Select") or not isinstance(call[1], list):
            return node
        if len(call[1]) != 2:
            return node
        inner = call[1][1]
        if isinstance(inner, dict) and len(inner) == 1 and call_name in inner:
            return inner
    return node


def _known_or_unknown(target: Any) -> Any:
    """A list item's target: a nested stack's output without a value (CloudFormation refuses it) is not
    there to be read, an unknown, not the absent value `None` a member never is."""
    return UNKNOWN if target is None else target


#: What CDK's `ec2.Vpc` makes for each subnet: `<Vpc>/<Group>Subnet<N>/Subnet` and `…/RouteTable`.
_CDK_L2 = on_use(r"/[^/]*Subnet\d+/(?:Subnet|RouteTable)$")


def _vpc(b: _Builder, vpc: Vpc, props: dict) -> None:
    if b.cdk and vpc.path and not vpc.path.endswith("/Resource"):  # an ec2.CfnVPC: no ec2.Vpc around it
        vpc.hints.update(CDK_L1_VPC)
    elif b.cdk and vpc.path:
        inside = vpc.path[: -len("Resource")]
        if not any(isinstance(o, Subnet) and o.path and o.path.startswith(inside) for o in b.objects.values()):
            vpc.hints.update(CDK_EMPTY_VPC)  # an ec2.Vpc with subnetConfiguration: []


def _vpc_ipv6_block(b: _Builder, block: VpcIpv6Block, props: dict) -> None:
    block.vpc = b.ref(props.get("VpcId"))
    amazon = b.intr.boolean(props.get("AmazonProvidedIpv6CidrBlock"))
    other = b.either_present(props, "Ipv6Pool", "Ipv6IpamPoolId", "Ipv6CidrBlock")
    if amazon is False and other is False:
        block.vpc = None  # an IPv4 secondary block: no IPv6 for anyone
    elif amazon is None and other is not True:
        block.conditional = True
    if amazon is not True and "Ipv6IpamPoolId" in props:
        block.public = _ipam_public(b, block, props["Ipv6IpamPoolId"])
    elif amazon is not True and b.intr.present(props.get("Ipv6Pool")):
        pool = b.intr.scalar(props.get("Ipv6Pool"))
        block.public = None
        block.unknown["public"] = aws.BYOIP_POOL.format(pool=f"`{clipped(pool)}`" if is_known_text(pool) else "")


def _ipam_public(b: _Builder, block: VpcIpv6Block, value: Any) -> bool | None:
    """Whether the addresses of the IPAM pool `value` names reach the internet (common/aws.py)."""
    pool = b.ref(value)
    props = b.props.get(pool.id) if isinstance(pool, Resource) and pool.type in aws.IPAM_POOL_TYPES else None
    if not isinstance(props, dict):
        cause = aws.UNREAD_IPAM_POOL.format(cause=b.why(value))
        block.unknown.setdefault(
            "public", aws.UNKNOWN_IPAM_POOL.format(pool=pool.name) if isinstance(pool, Resource) else cause
        )
        return None
    scope = b.intr.ident(props.get("IpamScopeId"))  # (`GetAtt Ipam.PrivateDefaultScopeId`, a scope's Ref)
    public = aws.ipam_pool_public(
        getattr(scope, "attribute", None),
        getattr(b.target(scope), "type", None),
        b.intr.boolean(props.get("PubliclyAdvertisable")),
        b.intr.scalar(props.get("PublicIpSource")),
    )
    if public is None:
        block.unknown.setdefault("public", aws.UNKNOWN_IPAM_POOL.format(pool=pool.name))
    return public


def _subnet_ipv6_block(b: _Builder, block: SubnetIpv6Block, props: dict) -> None:
    block.subnet = b.ref(props.get("SubnetId"))
    if "Ipv6CidrBlock" in props:
        block.marks["ipv6_cidr"] = b.loc(props, "Ipv6CidrBlock", block.location)
    block.ipv6_from_vpc = b.ipv6_from_vpc(props.get("Ipv6CidrBlock"))


def _route_table(b: _Builder, table: RouteTable, props: dict) -> None:
    table.vpc = b.ref(props.get("VpcId"))
    vpc = _cdk_subnet_vpc(table.path, "RouteTable") if b.cdk and table.path else None
    if b.cdk and table.path and not _CDK_L2.search(table.path):  # an ec2.CfnRouteTable
        table.hints.update(CDK_L1_ROUTE_TABLE)
    elif vpc and (groups := _cdk_subnet_groups(b).get(vpc)):  # (whether its ec2.Vpc has a PRIVATE_WITH_EGRESS group)
        table.hints["egress_group"] = cdk_egress_group(groups)


def _cidr(value: Any) -> Any:
    if value is None or value is UNKNOWN or not is_known_text(value):
        return UNKNOWN if value is not None else None
    return netvalues.normal_cidr(str(value))


def _route(b: _Builder, route: Route, props: dict) -> None:
    route.table = b.ref(props.get("RouteTableId"))
    if route.table is UNKNOWN:
        route.marks["table"] = b.loc(props, "RouteTableId", route.location)
        b.unknown(route, "table", props.get("RouteTableId"))
        # a table chosen by an undecided Fn::If: each table it may be gets a route that may exist
        for ident in sorted(b.intr.identities(props.get("RouteTableId"))):
            if isinstance(b.objects.get(ident), RouteTable):
                b.template.opens(ident, f"may get route {route.id}, whose route table {route.unknown['table']}")
    if not isinstance(route.table, RouteTable) and (source := _may_be_main(b, props.get("RouteTableId"))):
        b.maybe_main.append((route, *source))
    route.destination = None
    for key in ("DestinationCidrBlock", "DestinationIpv6CidrBlock", "DestinationPrefixListId"):
        if key in props:
            value = b.intr.scalar(props[key])
            route.destination = _cidr(value) if key != "DestinationPrefixListId" else f"prefix-list:{value}"
            if value is UNKNOWN or (isinstance(value, str) and PLACEHOLDER in value):
                route.destination = UNKNOWN
                route.marks["destination"] = b.loc(props, key, route.location)
                b.unknown(route, "destination", props[key])
    present = [key for key in _ROUTE_TARGETS if key in props and b.intr.struct(props[key]) is not None]
    if len(present) > 1:  # (`!If [C, !Ref Eigw, !Ref AWS::NoValue]` beside `!If [C, !Ref AWS::NoValue, !Ref Nat]`)
        route.target, route.target_kind = UNKNOWN, "unknown"
        found = (b.objects.get(ident) for key in present for ident in sorted(b.intr.identities(props[key])))
        route.candidates = list(dict.fromkeys(res for res in found if isinstance(res, Resource)))
        route.marks["target"] = b.loc(props, present[0], route.location)
        b.unknown(route, "target", props[present[0]])
        return
    for key, concept in _ROUTE_TARGETS.items():
        # (a target `!If [C, !Ref Igw, !Ref AWS::NoValue]` beside another: the one present is the target)
        if key in props and b.intr.struct(props[key]) is not None:
            # a literal id only: a parameter's Default is never an identifier
            route.target = b.ref(props[key])
            # (a literal id as written, or as given: `--parameter IgwId=igw-0abc` for `!Ref IgwId`)
            literal = props[key] if isinstance(props[key], str) else b.intr.identifier(props[key])
            route.target_kind = aws.route_target(concept, route.target, literal)
            if route.target is UNKNOWN:  # (an undecided Fn::If between gateways: each may be the target)
                found = (b.objects.get(ident) for ident in sorted(b.intr.identities(props[key])))
                route.candidates = [res for res in found if isinstance(res, Resource)]
            if route.target_kind == "unknown" or route.candidates:
                route.marks["target"] = b.loc(props, key, route.location)
                b.unknown(route, "target", props[key])
            return


def _may_be_main(b: _Builder, node: Any) -> tuple[str, str | None] | None:
    """Where a route table that the run cannot name comes from, if it may be a VPC's main route table, which no
    template can name: a custom resource's attribute (or a registry type's: its handler may look anything up, CDK's
    `AwsCustomResource` calling `DescribeRouteTables`), an output of a nested stack not read, an import, a parameter
    without a Default (or a Systems Manager one), a dynamic reference: each may give the id another lookup found.
    With the logical id of the resource that may look it up, whose properties tell which VPC. None for a literal id
    or a Default, which this stack cannot have known before it made the VPC."""
    choice = node.get("Fn::If") if isinstance(node, dict) and len(node) == 1 else None
    if isinstance(choice, list) and len(choice) == 3:
        chosen = b.intr.condition(choice[0])
        if chosen is not None:
            return _may_be_main(b, choice[1] if chosen else choice[2])
        return _may_be_main(b, choice[1]) or _may_be_main(b, choice[2])  # (undecided: either may be it)
    ref = b.intr.ident(node)
    if isinstance(ref, ResourceRef):
        body = b.intr.resources.get(ref.logical_id)
        kind = body.get("Type") if isinstance(body, dict) else None
        if isinstance(kind, str) and _looks_up(kind):
            what = f"attribute `{ref.attribute}`" if ref.attribute else "id"
            looker = b.objects.get(ref.logical_id)
            named = looker.name if isinstance(looker, Resource) else ref.logical_id
            return f"is the {what} of custom resource `{named}`, which may look up any table", ref.logical_id
        nested = isinstance(kind, str) and kind in _NESTED  # (a `Type` of a map or list is no type)
        if nested and ref.logical_id not in b.children and (ref.attribute or "").startswith("Outputs."):
            return b.why(node, ident=True), ref.logical_id
        return None
    if ref is not UNKNOWN:
        return None
    value = b.intr.struct(node)
    call = next(iter(value.items())) if isinstance(value, dict) and len(value) == 1 else None
    param = call[1] if call is not None and call[0] == "Ref" and isinstance(call[1], str) else None
    spec = b.intr.parameters.get(param) if param is not None else None
    outer = b.intr.outer
    if param is not None and isinstance(spec, dict) and (outer is None or outer(param, "scalar") is MISSING):
        if is_ssm_type(spec) or ("Default" not in spec and param not in b.intr.values):
            return b.why(node, ident=True), None
        return None
    written = b.intr.scalar(node)
    if isinstance(written, str) and written.startswith("{{resolve:"):
        return b.why(node, ident=True), None
    if call is not None and (call[0] == "Fn::ImportValue" or _import_in(value) is not value):
        return b.why(node, ident=True), None
    return None


def _looks_up(kind: str) -> bool:
    """A custom resource, or a registry type of a third party or the account's own: what it returns only its
    handler decides."""
    return kind.startswith("Custom::") or kind == "AWS::CloudFormation::CustomResource" or not kind.startswith("AWS::")


def _propagation(b: _Builder, route: Route, props: dict) -> None:
    """Route propagation: a route to each table whose destination only the gateway's peers decide."""
    gateway = b.ref(props.get("VpnGatewayId"))
    name = f"virtual private gateway {gateway.id}" if isinstance(gateway, Resource) else "its virtual private gateway"
    tables = b.members(props, "RouteTableIds", route.location)
    for i, member in enumerate(tables if isinstance(tables, list) else []):
        each = route
        if i:  # one route per table
            each = Route(f"{route.id} ({i + 1})", route.type, route.template, route.location, suppress=route.suppress)
            each.conditional, each.condition = route.conditional, route.condition
        each.table, each.destination, each.target, each.target_kind = member.target, UNKNOWN, gateway, "vgw"
        each.location = each.marks["destination"] = member.location
        each.unknown["destination"] = aws.propagated(name)
        if i:
            b.extra.append(each)


def _eip_why(intr: Any, props: dict) -> Callable[[str], str]:
    """Why an Elastic IP's setting (`aws.eip_hints`' name for it) cannot be known."""
    names = {"pool": "PublicIpv4Pool"}
    return lambda key: intr.why(props.get(names.get(key, key)))


def _rule_number(number: object) -> Any:
    if isinstance(number, int) and not isinstance(number, bool):
        return number
    found = netvalues.whole_number(number)
    return UNKNOWN if found is None else found


def _association(b: _Builder, assoc: RouteTableAssociation, props: dict) -> None:
    assoc.subnet = b.ref(props.get("SubnetId"))
    assoc.table = b.ref(props.get("RouteTableId"))
    if assoc.table is UNKNOWN:
        b.unknown(assoc, "table", props.get("RouteTableId"))
        _table_choices(b, assoc, props.get("RouteTableId"))
    if assoc.subnet is UNKNOWN:  # (`!If [C, !Ref A, !Ref B]`: each may be the subnet it associates)
        found = (b.objects.get(ident) for ident in sorted(b.intr.may_be(props.get("SubnetId"))))
        assoc.candidates = [res for res in found if isinstance(res, Subnet)]
        b.unknown(assoc, "subnet", props.get("SubnetId"))
        assoc.marks["subnet"] = b.loc(props, "SubnetId", assoc.location)


def _table_choices(b: _Builder, assoc: RouteTableAssociation, node: Any) -> None:
    """An association whose table cannot be known: where it is one of some route tables (`!If [C, !Ref A, !Ref
    B]`), those (`assoc.tables`). Where it may also be one this run does not show (`!If [C, !Ref A, !Ref Param]`),
    it is none of them for the rules, and --explain says so after why its table cannot be known: what A says of
    the subnet decides nothing until the condition (or index) picks A."""
    missing: list[Any] = []
    tables = list(dict.fromkeys(b.target(ref) for ref in b.intr.choices(node, missing=missing) or ()))
    if not tables or not all(isinstance(table, RouteTable) for table in tables):
        return
    if not missing:
        assoc.tables = tables
        return
    others = list(dict.fromkeys(_unseen_table(b, node) for node in missing))
    assoc.unknown["table"] += aws.some_tables_unseen(tables, others)


def _unseen_table(b: _Builder, node: Any) -> str:
    """A route table an association's `RouteTableId` may be that names none of this run (`_table_choices`)."""
    param = node.get("Ref") if isinstance(node, dict) and len(node) == 1 else None
    outer = b.intr.outer
    if isinstance(param, str) and param in b.intr.parameters and (outer is None or outer(param, "scalar") is MISSING):
        # (a parameter's value is an id: never a template's logical id, so passing one would decide nothing)
        return f"the route table parameter `{param}` names, which no template of this run holds, whatever its value"
    return f"a route table that {b.why(node, ident=True)}"


#: CDK's `ec2.Vpc` makes one NAT gateway per zone at `<Vpc>/PublicSubnet<N>/NATGateway`: like ones.
_CDK_NAT = on_use(r"^(.*)/[^/]*Subnet\d+/NATGateway$")
_CDK_REGIONAL_NAT = on_use(r"^.*/RegionalNatGateway$")  # (natGatewayProvider: ec2.NatProvider.regionalGateway())


def _eip_association(b: _Builder, res: Resource, props: dict) -> None:
    interface = props.get("NetworkInterfaceId")
    if interface is None or b.intr.struct(interface) is None:
        return  # (an instance's address)
    named = (b.objects.get(ident) for ident in b.intr.may_be(interface))  # (what it may be, not mentions)
    if not any(isinstance(t, Resource) and t.type in aws.ADDRESSED_HOSTS for t in named):
        res.unknown[PUBLIC_ADDRESSES] = aws.unnamed_interface(b.why(interface))
        res.marks[PUBLIC_ADDRESSES] = b.loc(props, "NetworkInterfaceId", res.location)


def _nat(b: _Builder, nat: NatGateway, props: dict) -> None:
    nat.subnet = b.ref(props.get("SubnetId"))
    nat.vpc = b.ref(props.get("VpcId"))
    connectivity = b.intr.scalar(props.get("ConnectivityType"))
    nat.public = None if connectivity is UNKNOWN else connectivity != "private"
    if nat.public is None:
        b.unknown(nat, "public", props.get("ConnectivityType"))
    nat.eip = b.ref(props.get("AllocationId"))
    if nat.eip is UNKNOWN:
        b.unknown(nat, "eip", props.get("AllocationId"))
    mode = b.intr.scalar(props.get("AvailabilityMode"))
    nat.regional = None if mode is UNKNOWN else mode == "regional"
    if nat.regional:
        zones = b.intr.struct(props.get("AvailabilityZoneAddresses"))
        nat.zones = nat.addresses = None  # without zone addresses AWS expands and assigns them itself
        # (each item decided: an `AWS::NoValue` one, or an `Fn::If` that picks it, is no zone; it was counted, and
        # read as a mapping, an internal error)
        zones = [b.intr.struct(zone) for zone in zones] if isinstance(zones, list) else zones
        zones = [zone for zone in zones if zone is not None] if isinstance(zones, list) else zones
        if isinstance(zones, list) and zones and UNKNOWN not in zones:
            nat.zones, nat.addresses = len(zones), 0
            for zone in zones:
                ids = b.intr.ident_list(zone.get("AllocationIds")) if isinstance(zone, dict) else None
                if not isinstance(ids, list):
                    nat.addresses = None
                    break
                nat.eips += [b.target(ref) for ref, _ in ids]
                nat.addresses += len(ids)
    else:
        secondary = b.intr.ident_list(props.get("SecondaryAllocationIds"))
        nat.eips = [nat.eip] if nat.eip is not None else []
        if isinstance(secondary, list):
            nat.eips += [b.target(ref) for ref, _ in secondary]
        elif secondary is UNKNOWN:
            nat.eips.append(UNKNOWN)
        nat.addresses = len(nat.eips) if secondary is not UNKNOWN else None
    if nat.public is False:
        nat.addresses = 0
    path = nat.path or ""  # (a construct's path: a template without one compiles neither pattern)
    cdk = _CDK_NAT.match(path) if "/NATGateway" in path else None
    nat.group = f"{cdk.group(1)}/*/NATGateway" if cdk else None
    regional = "/RegionalNatGateway" in path and _CDK_REGIONAL_NAT.match(path)
    vpc_path = cdk.group(1) if cdk else path.rsplit("/", 1)[0] if regional else None
    removal = cdk_nat_removal(_cdk_egress_groups(b).get(vpc_path, []), not cdk) if vpc_path is not None else None
    if removal:  # its ec2.Vpc's natGateways, not the resource, decides it (and its Elastic IP and routes)
        nat.hints.update({"step:remove-nat": removal, "remove_nat": f" ({removal})"})
    elif nat.condition and not _decides_more(b, nat.condition):  # (a template that makes it optional: its
        # own switch turns it off, leaving nothing unused, where that switch decides nothing else)
        params = b.intr.condition_parameters(nat.condition)
        listed = ", ".join(f"`{clipped(p)}`" for p in params[:3])
        named = f" (parameter{'s' if len(params) > 1 else ''} {listed} decide{'' if len(params) > 1 else 's'} it)"
        named = named if params else ""
        nat.hints["step:remove-nat"] = f"remove it, or make its condition `{clipped(nat.condition)}` false{named}"


def _cdk_subnet_vpc(path: str, leaf: str = "Subnet") -> str | None:
    """The ec2.Vpc construct path of an ec2.Vpc's subnet, `<vpc>/<group>Subnet<n>/Subnet`, or of its `leaf` (its
    `RouteTable`) (no pattern: a run compiles CDK's NAT patterns only where a NAT gateway's path can match them)."""
    head, _, own = path.removesuffix(f"/{leaf}").rpartition("/")
    number = own.rstrip("0123456789")
    return head if path.endswith(f"/{leaf}") and head and number != own and number.endswith("Subnet") else None


def _cdk_egress_groups(b: _Builder) -> dict[str, list[str]]:
    """By ec2.Vpc construct path, the PRIVATE_WITH_EGRESS subnet groups of a Vpc whose subnetConfiguration is its own:
    a group named other than CDK's default for its type (`Public`, `Private`, `Isolated`), or an isolated group,
    which CDK's default subnets with NAT gateways lack. Such a Vpc lists them already, so natGateways: 0 leaves them
    their ::/0 route; CDK's default subnets become isolated with natGateways: 0."""
    return {
        vpc: [name for kind, name in of if kind == "Private"]
        for vpc, of in _cdk_subnet_groups(b).items()
        if any(kind == "Isolated" or name != kind for kind, name in of)
    }


def _cdk_subnet_groups(b: _Builder) -> dict[str, list[tuple[str, str]]]:
    """By ec2.Vpc construct path, its subnet groups (type, name), as its subnets' tags `aws-cdk:subnet-type` and
    `aws-cdk:subnet-name` say: an ec2.Vpc's template holds every subnet it makes."""
    if b.cdk_groups is None:  # (found in one walk: a template may have many NAT gateways and route tables)
        groups: dict[str, list[tuple[str, str]]] = {}
        resources = b.intr.resources if isinstance(b.intr.resources, dict) else {}
        for res in resources.values():
            if not isinstance(res, dict) or res.get("Type") != "AWS::EC2::Subnet":
                continue
            meta = res.get("Metadata")
            path = meta.get("aws:cdk:path") if isinstance(meta, dict) else None
            vpc = _cdk_subnet_vpc(path) if isinstance(path, str) else None
            props = res.get("Properties")
            tags = props.get("Tags") if isinstance(props, dict) else None
            if vpc is None or not isinstance(tags, list):
                continue
            said = {t.get("Key"): t.get("Value") for t in tags if isinstance(t, dict)}
            kind, name = said.get("aws-cdk:subnet-type"), said.get("aws-cdk:subnet-name")
            if isinstance(kind, str) and isinstance(name, str):
                of = groups.setdefault(vpc, [])
                if (kind, name) not in of:
                    of.append((kind, name))
        b.cdk_groups = groups
    return b.cdk_groups


#: What a NAT gateway's own condition may decide beside it, and still be its switch alone.
_NAT_PARTS = frozenset({"AWS::EC2::NatGateway", "AWS::EC2::EIP", "AWS::EC2::Route"})


def _decides_more(b: _Builder, condition: str) -> bool:
    """Whether `condition` decides anything but NAT gateways, their addresses and routes: another resource, a
    value (`Fn::If`), an output or another condition. Turned off, it would turn that off too."""
    if b.deciding_more is None:  # (every condition's uses found in one walk: a template may make many NATs optional)
        found: set[str] = set()
        resources = b.intr.resources if isinstance(b.intr.resources, dict) else {}
        stack: list[Any] = [resources, b.doc.get("Outputs"), b.doc.get("Conditions")]
        while stack:  # (each node once: linear in the template)
            node = stack.pop()
            if isinstance(node, dict):
                chosen = node.get("Fn::If")
                named = chosen[0] if isinstance(chosen, list) and chosen and isinstance(chosen[0], str) else None
                if named is not None:
                    found.add(named)  # (a value it chooses)
                kind = node.get("Type")
                if isinstance(node.get("Condition"), str) and not (isinstance(kind, str) and kind in _NAT_PARTS):
                    found.add(node["Condition"])  # (an output, another condition, another kind of resource)
                stack.extend(node.values())
            elif isinstance(node, list):
                stack.extend(node)
        b.deciding_more = found
    return condition in b.deciding_more


def _egress_only_gateway(b: _Builder, gateway: EgressOnlyInternetGateway, props: dict) -> None:
    gateway.vpc = b.ref(props.get("VpcId"))


def _endpoint(b: _Builder, ep: VpcEndpoint, props: dict) -> None:
    ep.vpc = b.ref(props.get("VpcId"))
    ep.service = netvalues.endpoint_service(b.intr.scalar(props.get("ServiceName")), PLACEHOLDER)
    if ep.service is None:
        b.unknown(ep, "service", props.get("ServiceName"))
    kind = b.intr.scalar(props.get("VpcEndpointType"))
    ep.gateway = None if kind is UNKNOWN else (kind is None or str(kind).lower() == "gateway")
    if ep.gateway is None:
        b.unknown(ep, "gateway", props.get("VpcEndpointType"))
    ep.route_tables = b.members(props, "RouteTableIds", ep.location, ep, "route_tables")
    listed = props.get("RouteTableIds")
    for item in listed if isinstance(listed, list) else [listed] if listed is not None else []:
        if source := _may_be_main(b, item):  # (its route to S3 or DynamoDB may be on a VPC's main table: W9630)
            b.maybe_main_endpoints.append((ep, *source))
            break
    ep.private_dns = b.intr.boolean(props.get("PrivateDnsEnabled"))  # (CloudFormation's default: false)
    if ep.private_dns is None:
        b.unknown(ep, "private_dns", props.get("PrivateDnsEnabled"))


def _network_acl(b: _Builder, network_acl: NetworkAcl, props: dict) -> None:
    network_acl.vpc = b.ref(props.get("VpcId"))


def _acl_entry(b: _Builder, res: NetworkAclEntry, props: dict) -> None:
    res.acl = b.acl(props.get("NetworkAclId"))
    number = b.intr.scalar(props.get("RuleNumber"))
    action = b.intr.scalar(props.get("RuleAction"))
    protocol = aws.acl_protocol(b.intr.scalar(props.get("Protocol")))
    ports = b.intr.struct(props.get("PortRange"))
    low, high = (
        (b.intr.scalar(ports.get("From")), b.intr.scalar(ports.get("To"))) if isinstance(ports, dict) else (None, None)
    )
    ipv6: Any = None
    if "Ipv6CidrBlock" in props:
        value = b.intr.scalar(props["Ipv6CidrBlock"])
        own = None if is_known_text(value) else b.own_block(props["Ipv6CidrBlock"])
        ipv6 = value if is_known_text(value) else OwnBlock((own,)) if own is not None else UNKNOWN
    egress = b.intr.boolean(props.get("Egress"))
    res.entry = AclEntry(
        number=_rule_number(number),
        egress=UNKNOWN if egress is None else egress,
        allow=str(action).lower() == "allow" if is_known_text(action) else UNKNOWN,
        protocol=protocol,
        ipv6=ipv6,
        ports=UNKNOWN if ports is UNKNOWN else aws.acl_ports(protocol, low, high),
        location=res.location,
    )
    entry = res.entry
    unknown = {
        "RuleNumber": entry.number,
        "Egress": entry.egress,
        "RuleAction": entry.allow,
        "Protocol": entry.protocol,
        "Ipv6CidrBlock": entry.ipv6,
        "PortRange": entry.ports,
    }
    key = next((k for k, v in unknown.items() if v is UNKNOWN), None)
    if key is not None:
        odd = aws.odd_ports(protocol, low, high) if key == "PortRange" else None
        entry.cause = f"has a rule whose {key} " + (odd or b.why(props.get(key)))


def _acl_association(b: _Builder, assoc: NetworkAclAssociation, props: dict) -> None:
    assoc.subnet = b.ref(props.get("SubnetId"))
    assoc.acl = b.acl(props.get("NetworkAclId"))
    if assoc.acl is UNKNOWN:
        b.unknown(assoc, "acl", props.get("NetworkAclId"))


def _list_unknown(b: _Builder, node: Any) -> str:
    """Why a security group rule's prefix list tells nothing of IPv6 (--explain)."""
    value = b.intr.scalar(node)
    if is_known_text(value):
        return (
            f"has a rule to prefix list `{clipped(value)}`, whose ranges the files do not show (AWS's S3 and DynamoDB "
            "lists are IPv4): declare it as an AWS::EC2::PrefixList with its AddressFamily, or add an IPv6 rule, to "
            "decide it"
        )
    return "has a rule to a prefix list that " + b.why(node)


def egress_rule(b: _Builder, rule: Any, where: Location) -> EgressRule:
    node, rule = rule, b.intr.struct(rule)
    if not isinstance(rule, dict):
        return EgressRule(None, where, "has a rule that " + b.why(node))
    cidrs = []
    cause = None
    if "CidrIpv6" in rule:
        value = b.intr.scalar(rule["CidrIpv6"])
        own = not is_known_text(value) and b.own_block(rule["CidrIpv6"]) is not None
        cidrs.append(value if is_known_text(value) else aws.OWN_BLOCK if own else UNKNOWN)
        cause = None if is_known_text(value) or own else "has a rule whose CidrIpv6 " + b.why(rule["CidrIpv6"])
    prefix_list: bool | None = False
    if b.intr.present(rule.get("DestinationPrefixListId")):
        # (its ranges are known only where the template declares the list)
        declared = b.ref(rule.get("DestinationPrefixListId"))
        body = b.intr.resources.get(declared.id) if isinstance(declared, Resource) else None
        props = body.get("Properties") if isinstance(body, dict) else None
        family = b.intr.scalar(props.get("AddressFamily")) if isinstance(props, dict) else None
        prefix_list = family == "IPv6" if family in ("IPv4", "IPv6") else None
        if prefix_list is None and cause is None and isinstance(props, dict):
            cause = f"has a rule to prefix list {declared.name}, whose AddressFamily " + b.why(
                props.get("AddressFamily")
            )
        elif prefix_list is None and cause is None:
            cause = _list_unknown(b, rule.get("DestinationPrefixListId"))
    verdict = aws.ipv6_egress(cidrs, prefix_list)
    values = {key: b.intr.scalar(rule.get(key)) for key in ("IpProtocol", "FromPort", "ToPort")}
    tcp = aws.sg_tcp_ports(*values.values())
    if verdict and tcp is UNKNOWN:
        key = next((k for k, v in values.items() if v is UNKNOWN), None)
        cause = (
            f"has a rule whose {key} " + b.why(rule.get(key))
            if key
            else "has a rule without a known protocol and ports"
        )
    return EgressRule(verdict, where, cause, tcp, _ipv4_out(b, rule))


#: CDK's rule for an ec2.SecurityGroup with allowAllOutbound: false ("Disallow all traffic": ICMP 252-86 to the
#: limited broadcast address, which no route sends out of a VPC).
_CDK_DISALLOW_ALL = "255.255.255.255/32"


def _ipv4_out(b: _Builder, rule: dict) -> bool | None:
    """`EgressRule.ipv4`: False for a rule of IPv6 ranges alone, or CDK's rule that allows nothing; None (may) for any
    other (a prefix list or a group may hold IPv4 addresses beyond the VPC)."""
    if any(b.intr.present(rule.get(k)) is not False for k in ("DestinationPrefixListId", "DestinationSecurityGroupId")):
        return None
    if b.intr.present(rule.get("CidrIp")) is not False:
        return False if b.intr.scalar(rule.get("CidrIp")) == _CDK_DISALLOW_ALL else None
    return False if b.intr.present(rule.get("CidrIpv6")) is True else None


def _security_group(b: _Builder, sg: SecurityGroup, props: dict) -> None:
    sg.vpc = b.ref(props.get("VpcId"))
    l1 = b.cdk and sg.path is not None and not sg.path.endswith("/Resource")  # ec2.CfnSecurityGroup
    library = cdk_library_group(sg.path) if b.cdk and sg.path else None
    sg.hints.update(library or {})  # (one a construct makes)
    path = sg.path or ""
    own = library is None and b.cdk and path.endswith(CDK_OWN_SG_PATH)
    if own and path[: -len(CDK_OWN_SG_PATH)] + "/Resource" in b.function_paths():  # (a function's own group)
        sg.hints["sg_ipv6_https"] = sg.hints["sg_ipv6"] = CDK_OWN_FUNCTION_SG
    egress = b.intr.struct(props.get("SecurityGroupEgress"))
    where = b.loc(props, "SecurityGroupEgress", sg.location)
    agreed = _egress_branches(b, props.get("SecurityGroupEgress"), where) if egress is UNKNOWN else None
    if agreed is not None:  # (ports the branches need not agree on)
        chosen = "has rules that " + b.why(props.get("SecurityGroupEgress"))
        sg.egress = [EgressRule(agreed, where, chosen if agreed else None, UNKNOWN if agreed else None)]
    elif egress is UNKNOWN or (egress is not None and not isinstance(egress, list)):
        sg.egress = UNKNOWN
        b.unknown(sg, "egress", props.get("SecurityGroupEgress"))
    elif not egress:
        sg.egress = [EgressRule(False, sg.location)]  # CloudFormation adds IPv4 allow-all only (§6.1)
        if l1:
            sg.hints["sg_ipv6_https"] = CDK_L1_SG_NO_EGRESS
        elif not b.cdk:  # (an L2 ec2.SecurityGroup writes its egress itself)
            # the first explicit egress rule drops that implicit IPv4 allow-all: the fix must keep IPv4
            keeps = (
                ", whose second entry keeps IPv4 egress open, as declaring any egress rule removes the implicit "
                "IPv4 allow-all"
            )
            sg.hints.setdefault(  # (unless standalone rules already replaced that allow-all: `_sg_egress`)
                "sg_ipv6_https",
                b.words(
                    '`SecurityGroupEgress: [{IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIpv6: "::/0"}, '
                    '{IpProtocol: "-1", CidrIp: 0.0.0.0/0}]`' + keeps,
                    '`"SecurityGroupEgress": [{"IpProtocol": "tcp", "FromPort": 443, "ToPort": 443, '
                    '"CidrIpv6": "::/0"}, {"IpProtocol": "-1", "CidrIp": "0.0.0.0/0"}]`' + keeps,
                ),
            )
    else:
        if l1:
            sg.hints["sg_ipv6_https"] = CDK_L1_SG_EGRESS
        sg.egress = []
        for index, item in enumerate(egress):
            if b.intr.struct(item) is None:
                continue
            # (as written: an item under an undecided Fn::If is explained by its condition)
            sg.egress.append(egress_rule(b, item, b.item_loc(egress, index, where)))


def _egress_branches(b: _Builder, node: Any, where: Location, depth: int = 0) -> bool | None:
    """Whether a group's `SecurityGroupEgress` that an undecided `Fn::If` chooses allows IPv6 to the
    internet, when every branch agrees on it (`!If [Prod, [443 to 0.0.0.0/0], [all to 0.0.0.0/0]]`:
    IPv4 only either way); None when the branches differ or one cannot be known."""
    call = node.get("Fn::If") if isinstance(node, dict) and len(node) == 1 else None
    if not isinstance(call, list) or len(call) != 3 or depth > 4:
        return None
    verdicts = set()
    for branch in call[1:]:
        chosen = b.intr.struct(branch)
        if chosen is UNKNOWN:
            verdicts.add(_egress_branches(b, branch, where, depth + 1))
        elif chosen is None or chosen == []:
            verdicts.add(False)  # no egress declared: CloudFormation's IPv4 allow-all only
        elif isinstance(chosen, list):
            rules = [egress_rule(b, item, where) for item in chosen if b.intr.struct(item) is not None]
            allowed = {r.ipv6_internet for r in rules}
            verdicts.add(True if True in allowed else None if None in allowed else False)
        else:
            return None
    return verdicts.pop() if len(verdicts) == 1 else None


def _sg_egress(b: _Builder, rule: SecurityGroupEgress, props: dict) -> None:
    rule.group = b.ref(props.get("GroupId"))
    rule.rule = egress_rule(b, props, rule.location)
    if isinstance(rule.group, SecurityGroup) and not b.cdk:
        # (its rules are resources of this kind, which already replaced the implicit IPv4 allow-all: one more,
        # and no IPv4 entry a SecurityGroupEgress list would bring back)
        rule.group.hints["sg_ipv6_https"] = b.words(
            "an AWS::EC2::SecurityGroupEgress with GroupId, IpProtocol: tcp, FromPort: 443, ToPort: 443 and CidrIpv6: "
            '"::/0" (its egress rules are resources of that kind)',
            'an AWS::EC2::SecurityGroupEgress with "GroupId", "IpProtocol": "tcp", "FromPort": 443, "ToPort": 443 and '
            '"CidrIpv6": "::/0" (its egress rules are resources of that kind)',
        )


def _published(b: _Builder, res: Resource, props: dict) -> None:
    """An SSM parameter whose value names a subnet, a VPC, a group…: how stacks share them besides exports, so
    other stacks may place hosts in them or add to them (RULES.md "Open resources", as an Export)."""
    for ident in b.intr.identities(props.get("Value")):  # (as an Export opens: its id, not its CIDR or zone)
        b.template.opens(ident, f"is published in SSM parameter {res.id}, which other stacks may read to add to it")


def _connector(b: _Builder, res: Resource, props: dict) -> None:
    """An `AWS::Serverless::Connector`: what it lets its source function do to a bucket or table."""
    source = b.intr.struct(props.get("Source"))
    fn = b.ref({"Ref": source.get("Id")}) if isinstance(source, dict) and isinstance(source.get("Id"), str) else None
    if isinstance(fn, Function):
        _connect(b, fn, res.id, props)


def _connect(b: _Builder, fn: Function, name: str, props: Any) -> None:
    """A SAM connector from `fn`: its Permissions on an S3 bucket or DynamoDB table are evidence of use."""
    if not isinstance(props, dict):
        return
    destinations = b.intr.struct(props.get("Destination"))
    permissions = b.intr.struct(props.get("Permissions"))
    for destination in destinations if isinstance(destinations, list) else [destinations]:  # (SAM takes a list)
        destination = b.intr.struct(destination)
        if not isinstance(destination, dict):
            continue
        target = b.objects.get(destination["Id"]) if isinstance(destination.get("Id"), str) else None
        kind = target.type if target is not None else b.intr.scalar(destination.get("Type"))
        service = aws.DATA_STORES.get(kind) if isinstance(kind, str) else None
        for permission in permissions if isinstance(permissions, list) and service else ():
            from lambda6lint.loaders.cloudformation import sam

            action = sam.connector_action(service or "", b.intr.scalar(permission))
            fn.grants += [(action, f"SAM connector {name}")] if action else []


def _role(b: _Builder, role: Role, props: dict) -> None:
    policies = b.intr.struct(props.get("Policies"))
    where = b.loc(props, "Policies", role.location)
    if policies is UNKNOWN:
        b.unreadable(role, f"has policies that {b.why(props.get('Policies'))}", where)
    for policy in policies if isinstance(policies, list) else []:
        policy = b.intr.struct(policy)
        if isinstance(policy, dict):
            role.actions += b.actions(policy.get("PolicyDocument"), role, where)
    arns = b.intr.struct(props.get("ManagedPolicyArns"))
    where = b.loc(props, "ManagedPolicyArns", role.location)
    if arns is UNKNOWN:
        b.unreadable(role, f"has managed policies that {b.why(props.get('ManagedPolicyArns'))}", where)
    for arn in arns if isinstance(arns, list) else []:
        attached = b.ref(arn)
        if isinstance(attached, Policy) or (attached := _policy_named(b, arn)):
            role.attached.append(attached)
        elif managed := b.managed_policy(role, arn, where):
            role.managed.append(managed)


#: A customer managed policy's ARN in the stack's own account (`arn:${AWS::Partition}:iam::${AWS::AccountId}:…`).
_OWN_POLICY_ARN = on_use(r"arn:(?:\$\{AWS::Partition\}|aws[a-z-]*):iam::\$\{AWS::AccountId\}:policy(/.*)")


def _policy_named(b: _Builder, node: Any) -> Policy | None:
    """The template's AWS::IAM::ManagedPolicy an ARN names by its ManagedPolicyName (and Path) in the
    stack's own account; None when none surely is (a literal account may be another's)."""
    text = node.get("Fn::Sub") if isinstance(node, dict) and len(node) == 1 else None
    match = _OWN_POLICY_ARN.fullmatch(text) if isinstance(text, str) else None
    if match is None or "${" in match.group(1):
        return None
    path, _, name = match.group(1).rpartition("/")
    found = None
    for res in b.objects.values():
        if not (isinstance(res, Policy) and res.type == "AWS::IAM::ManagedPolicy"):
            continue
        props = b.props.get(res.id)
        if isinstance(props, dict) and b.intr.scalar(props.get("ManagedPolicyName")) == name:
            written = b.intr.scalar(props.get("Path")) if "Path" in props else "/"
            if written == path + "/":
                found = res
    return found


def _policy(b: _Builder, policy: Policy, props: dict) -> None:
    policy.roles = b.members(props, "Roles", policy.location)
    policy.actions = b.actions(props.get("PolicyDocument"), policy, b.loc(props, "PolicyDocument", policy.location))
    roles = b.intr.struct(props.get("Roles"))
    if isinstance(roles, list) and isinstance(policy.roles, list) and len(roles) == len(policy.roles):
        policy.roles = [m for m, node in zip(policy.roles, roles, strict=True) if not _generated_role(b, policy, node)]


def _role_policy(b: _Builder, policy: Policy, props: dict) -> None:
    """AWS::IAM::RolePolicy: one role's inline policy, named by `RoleName` (a role's Ref is its name)."""
    role = b.ref(props.get("RoleName"))
    policy.roles = [Member(role, b.loc(props, "RoleName", policy.location))] if role is not None else []
    policy.actions = b.actions(props.get("PolicyDocument"), policy, b.loc(props, "PolicyDocument", policy.location))
    if _generated_role(b, policy, props.get("RoleName")):
        policy.roles = []


def _generated_role(b: _Builder, policy: Policy, node: Any) -> bool:
    """`!Ref OrdersFunctionRole`: the role SAM makes for function OrdersFunction when it names none (a
    template may refer to it so): the policy is the function's (True), not one of an unknown role."""
    name = node.get("Ref") if isinstance(node, dict) and len(node) == 1 else None
    if not isinstance(name, str) or not name.endswith("Role") or name in b.intr.resources:
        return False
    fn = b.objects.get(name[: -len("Role")])
    props = b.props.get(fn.id) if isinstance(fn, Function) else None
    if not (isinstance(fn, Function) and fn.type == SAM_FUNCTION and isinstance(props, dict)):
        return False
    if "Role" in props:
        return False  # (SAM makes no role for a function that names one, in Globals too)
    fn.attached.append(policy)
    return True


def _alias(b: _Builder, alias: Alias, props: dict) -> None:
    alias.function = b.ref(props.get("FunctionName"))
    literal = b.intr.scalar(props.get("FunctionName"))
    named = _function_named(b, literal) if alias.function is UNKNOWN and is_known_text(literal) else UNKNOWN
    if named is None:
        alias.function = None  # a function outside this template: no doubt on this template's own
    elif isinstance(named, str):
        alias.function = b.objects.get(named, UNKNOWN)  # this template's function, by its written name
    if alias.function is UNKNOWN:
        b.unknown(alias, "function", props.get("FunctionName"))
    if alias.type == "AWS::Lambda::Alias":
        node = props.get("FunctionVersion")
        alias.marks["version"] = b.loc(props, "FunctionVersion", alias.location)
        version = b.intr.scalar(node)
        if isinstance(version, int) and not isinstance(version, bool) and 0 < version < 10**12:
            alias.pinned = str(version)
        elif isinstance(version, str) and version.isascii() and version.isdecimal() and len(version) < 13:
            alias.pinned = version  # (a version number: Lambda's are 1 up)
        if version == "$LATEST":
            alias.published = False
        elif version is UNKNOWN and (not b.intr.attributes_read(node) or "$LATEST" in _strings(node)):
            alias.published = None  # a parameter, or `!If [IsDev, $LATEST, !GetAtt Version.Version]`: maybe $LATEST
            b.unknown(alias, "version", node)


def _strings(node: Any) -> set[str]:
    """Every literal string inside `node`, in any branch."""
    found: set[str] = set()
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            found.add(item)
        elif isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return found


def _function_named(b: _Builder, reference: str) -> Any:
    """The function of this template a literal name or ARN names: its logical id; None when none may
    (a generated name cannot be written in advance); UNKNOWN when one whose name cannot be known may."""
    found, unsure = [], False
    for logical_id, body in b.intr.resources.items():
        if isinstance(body, dict) and body.get("Type") in ("AWS::Lambda::Function", SAM_FUNCTION):
            props = body.get("Properties")
            name = b.intr.scalar(props.get("FunctionName")) if isinstance(props, dict) else None
            if name is not None and not is_known_text(name):
                unsure = True
            elif name is not None and aws.names_function(reference, name):
                found.append(logical_id)
    if len(found) == 1 and not unsure:
        return found[0]
    return UNKNOWN if found or unsure else None


def _data_store(b: _Builder, store: DataStore, props: dict) -> None:
    store.service = aws.DATA_STORES[store.type]


def _api(b: _Builder, api: Api, props: dict) -> None:
    from lambda6lint.loaders.cloudformation import apis  # (vocabulary.API_TYPES)

    apis.FILLERS[api.type](b, api, props)


def _api_mapping(b: _Builder, mapping: ApiMapping, props: dict) -> None:
    from lambda6lint.loaders.cloudformation import apis  # (vocabulary.API_MAPPING_TYPES)

    apis.mapping(b, mapping, props)


Filler: TypeAlias = "Callable[[_Builder, Any, dict], None]"

#: Every resource type the rules need: its class in the graph and how its properties are read.
TYPES: dict[str, tuple[type[Resource], Filler | None]] = {
    "AWS::Lambda::Function": (Function, _function),
    SAM_FUNCTION: (Function, _function),
    SAM_CONNECTOR: (Resource, _connector),
    "AWS::EC2::VPC": (Vpc, _vpc),
    "AWS::EC2::VPCCidrBlock": (VpcIpv6Block, _vpc_ipv6_block),
    "AWS::EC2::Subnet": (Subnet, _subnet),
    "AWS::EC2::SubnetCidrBlock": (SubnetIpv6Block, _subnet_ipv6_block),
    "AWS::EC2::RouteTable": (RouteTable, _route_table),
    "AWS::EC2::Route": (Route, _route),
    "AWS::EC2::VPNGatewayRoutePropagation": (Route, _propagation),
    "AWS::EC2::SubnetRouteTableAssociation": (RouteTableAssociation, _association),
    "AWS::EC2::NatGateway": (NatGateway, _nat),
    "AWS::EC2::EIPAssociation": (Resource, _eip_association),
    "AWS::EC2::EgressOnlyInternetGateway": (EgressOnlyInternetGateway, _egress_only_gateway),
    "AWS::EC2::InternetGateway": (InternetGateway, None),
    "AWS::EC2::VPCEndpoint": (VpcEndpoint, _endpoint),
    "AWS::EC2::SecurityGroup": (SecurityGroup, _security_group),
    "AWS::EC2::SecurityGroupEgress": (SecurityGroupEgress, _sg_egress),
    "AWS::SSM::Parameter": (Resource, _published),
    "AWS::IAM::Role": (Role, _role),
    "AWS::IAM::Policy": (Policy, _policy),
    "AWS::IAM::ManagedPolicy": (Policy, _policy),
    "AWS::IAM::RolePolicy": (Policy, _role_policy),
    "AWS::Lambda::Alias": (Alias, _alias),
    "AWS::Lambda::Version": (Alias, _alias),
    **{kind: (DataStore, _data_store) for kind in aws.DATA_STORES if kind.startswith("AWS::")},
    **{kind: (Api, _api) for kind in sorted(API_TYPES)},
    **{kind: (ApiMapping, _api_mapping) for kind in API_MAPPING_TYPES},
    "AWS::EC2::NetworkAcl": (NetworkAcl, _network_acl),
    "AWS::EC2::NetworkAclEntry": (NetworkAclEntry, _acl_entry),
    "AWS::EC2::SubnetNetworkAclAssociation": (NetworkAclAssociation, _acl_association),
}


#: The kinds `_Builder._callers` reads.
_CALLER_KINDS = frozenset({*aws.POLLERS, SAM_FUNCTION, *aws.ROLE_USING_DATABASES, *aws.VPC_ROUTED_CLUSTERS})

#: Stacks a template nests: what it passes them, they may extend.
_NESTED = frozenset({"AWS::CloudFormation::Stack", "AWS::Serverless::Application"})


def standalone(document: Document) -> bool:
    """A template that can neither export to nor import from another (so it can be built on its own)."""
    if document.parent is not None:
        return False
    return document.alone or (document.text is not None and unlinked(document.text))


def unlinked(text: str) -> bool:
    """Template text that can neither export, import nor nest a stack."""
    return "ImportValue" not in text and "Export" not in text and "AWS::CloudFormation::Stack" not in text


def _may_be_named(parts: tuple[str, ...], name: str) -> bool:
    """Whether `name` is the known `parts` with at least one character in place of each unknown part between
    them (a wildcard match, in linear time: a regular expression backtracks on `.+a.+a.+a`)."""
    first, last = parts[0], parts[-1]
    if not name.startswith(first):
        return False
    at, end = len(first), len(name) - len(last)
    for part in parts[1:-1]:
        found = name.find(part, at + 1, end - 1 if end - 1 > at + 1 else at + 1)
        if found < 0:
            return False
        at = found + len(part)
    return end - at >= 1 and name.endswith(last)


#: How many exports of unknown name `--explain` compares an unresolved import with, and how many such
#: comparisons a run makes in all (1,000 imports of 1,000 exports of 120 parts each: 30 s).
MAX_VAGUE_EXPORTS = 1_000
MAX_VAGUE_MATCHES = 100_000
#: CloudFormation's limit on an export's name: a longer one is no export (and would make matching costly).
MAX_EXPORT_NAME = 255
#: How many of a resource's DependsOn entries a fix repeats when it adds one.
_SHOWN_DEPENDS = 10


def build(documents: list[Document]) -> list[tuple[Template, list[Resource]]]:
    """Every document's resources, linked within and across templates (exports, nested stacks).

    A document built already (`piece`: a CDK stack that links with nothing) keeps its place.
    """
    if len(documents) > 1:
        documents = _without_copies(documents)
    if any(d.piece is not None for d in documents):
        ready = iter(build([d for d in documents if d.piece is None]))
        return [d.piece if d.piece is not None else next(ready) for d in documents]
    for document in documents:
        if document.doc is None and document.text is not None:  # sent back by a worker (workers.py)
            document.doc = load_text(document.text)
    roots = _shared_roots(documents)
    in_run = {id(d): d for d in documents}
    remade = _Remade()
    by_document: dict[int, _Builder] = {}

    def builder_of(document: Document) -> _Builder:
        """A document's builder, its parents' made first (what a parent passes is read in the child's)."""
        chain: dict[int, Document] = {}  # (no recursion: a cloud assembly's nesting has no depth limit)
        at: Document | None = document
        while at is not None and id(at) not in by_document and id(at) not in chain:
            chain[id(at)] = at
            at = in_run.get(id(at.parent)) if at.parent_resource else None
        for link in reversed(chain.values()):
            parent = in_run.get(id(link.parent)) if link.parent_resource else None
            parent_builder = by_document.get(id(parent)) if parent is not None else None
            by_document[id(link)] = _Builder(link, roots.get(id(link), ""), parent_builder, remade)
        return by_document[id(document)]

    builders = [builder_of(d) for d in documents]
    for builder in builders:
        if builder.parent is not None and builder.document.parent_resource:
            if builder.document.maybe:
                builder.parent.maybe_children.add(builder.document.parent_resource)
            else:
                builder.parent.children[builder.document.parent_resource] = builder
    for builder in builders:
        with _Blame(builder):
            builder.create()
        if builder.document.maybe:
            builder.open_outputs()
    builders = _created(builders)
    exports: dict[str, tuple[_Builder, Any] | None] = {}
    twice: set[str] = set()
    for builder in builders:
        for name, value in builder.own_exports():
            if name in exports:
                twice.add(name)  # a duplicate name is ambiguous
            exports[name] = None if name in exports else (builder, value)
    stacks: dict[tuple[str | None, str], _Builder | None] = {}
    for builder in builders:
        if builder.document.stack_name:
            key = (builder.document.assembly, builder.document.stack_name)
            stacks[key] = None if key in stacks else builder  # two stacks of one name: ambiguous
    vague = [found for builder in builders for found in builder.own_vague_exports()][:MAX_VAGUE_EXPORTS]
    budget = [MAX_VAGUE_MATCHES]
    for builder in builders:
        builder.exports, builder.exported_twice, builder.stacks = exports, twice, stacks
        builder.vague_exports = vague
        builder.vague_budget = budget
    for builder in builders:
        if builder.opened and builder.linked:
            with _Blame(builder):
                builder.open_foreign()
    built = []
    for builder in builders:
        with _Blame(builder):
            built.append((builder.template, builder.fill()))
    _maybe_additions(builders, built)
    _maybe_on_main(builders, [res for _, made in built for res in made])
    for builder in builders:  # builders and their Intrinsics point at each other: let the parse trees go
        builder.release()
    _shared_vpcs([res for _, made in built for res in made], builders)
    return built


def _maybe_on_main(builders: list[_Builder], resources: list[Resource]) -> None:
    """A VPC's main route table keeps its local routes only (no template can name it to add any), unless a route of
    the run may be on it (`_may_be_main`): then what it holds cannot be known. Only the main table of the VPC the
    route's target is in (AWS accepts a route to an egress-only or NAT gateway only there), else of the VPCs the
    custom resource that may look it up is given (its properties name them, or what is in them), else of any VPC
    of the run. A gateway endpoint whose RouteTableIds may name it may be on it (`VpcEndpoint.may_be_on`: W9630
    asks that alone), the main table of the endpoint's VPC."""
    found = [(builder, entry) for builder in builders for entry in builder.maybe_main]
    endpoints = [(builder, entry) for builder in builders for entry in builder.maybe_main_endpoints]
    if not found and not endpoints:
        return
    mains = [res for res in resources if isinstance(res, RouteTable) and res.main]
    aws.on_mains_maybe(
        mains,
        [
            (route, where, _vpcs_of(builder, aws.vpc_of_target(route.target), looker))
            for builder, (route, where, looker) in found
        ],
        [(ep, where, _vpcs_of(builder, ep.vpc, looker)) for builder, (ep, where, looker) in endpoints],
    )


def _vpcs_of(builder: _Builder, vpc: Any, looker: Any) -> list[Vpc]:
    """The VPCs whose main table a route or endpoint may be on: the one AWS accepts it in (`vpc`), else those the
    custom resource that may look it up is given, else any (empty)."""
    if isinstance(vpc, Vpc):
        return [vpc]
    return builder.given_vpcs(looker) if looker is not None else []


def _shared_vpcs(resources: list[Resource], builders: list[_Builder]) -> None:
    """E9602's fix names a free /64 only where no other stack may hold subnets of the VPC: not one that is
    open (exported, passed on), nor one with subnets or IPv6 blocks in another template of the run, whose
    /64s its own template cannot count; found once every template is built."""
    if not any(builder.any_cidrs for builder in builders):
        return
    shared: set[int] = set()
    for res in resources:
        subnet = res.subnet if isinstance(res, SubnetIpv6Block) else res
        vpc = subnet.vpc if isinstance(subnet, Subnet) else None
        if isinstance(vpc, Vpc) and (res.template is not vpc.template or vpc.id in vpc.template.open):
            shared.add(id(vpc))
    for builder in builders:
        for subnet, own in builder.any_cidrs:
            vpc = subnet.vpc
            if isinstance(vpc, Vpc) and id(vpc) in shared:
                subnet.hints["ipv6_cidr"] = builder._subnet_cidr(subnet, vpc, None, own)
                if not own:
                    subnet.hints["ipv6_cidr_new"] = builder._subnet_cidr(subnet, vpc, None, own, new=True)
        builder.any_cidrs = []


class _Blame:
    """An InputError while building a template of a linked build names that template's file (a class: contextlib is
    0.5 ms of a small run's start-up)."""

    __slots__ = ("builder",)

    def __init__(self, builder: _Builder) -> None:
        self.builder = builder

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: object, exc: BaseException | None, trace: object) -> None:
        if isinstance(exc, InputError):  # (then raised on, as any other)
            exc.path = exc.path or self.builder.path


def _created(builders: list[_Builder]) -> list[_Builder]:
    """The builders whose stack CloudFormation creates: not a nested stack whose Stack resource (or an
    ancestor's) has a false Condition. One whose condition cannot be decided may not exist: its
    resources are conditional, with the cause."""
    if all(b.parent is None for b in builders):
        return builders
    depth = {id(b): _depth(b) for b in builders}
    absent: set[int] = set()
    for builder in sorted(builders, key=lambda b: depth[id(b)]):  # parents first
        parent, resource = builder.parent, builder.document.parent_resource
        if parent is None or not resource:
            continue
        stack = parent.objects.get(resource)
        if id(parent) in absent or stack is None:
            absent.add(id(builder))
            parent.children.pop(resource, None)
        elif stack.conditional:
            because = f"is in nested stack `{resource}`, which " + stack.unknown.get("condition", "may not exist")
            for res in builder.objects.values():
                if not res.conditional:
                    res.conditional = True
                    res.unknown["condition"] = because
    return [b for b in builders if id(b) not in absent] if absent else builders


#: What a resource adds to another, by its class: the attributes naming that other (a route's table, a rule's
#: group, an entry's ACL, an association's or an IPv6 block's subnet, a block's VPC).
_ADDS_TO: dict[type[Resource], str] = {
    Route: "table",
    SecurityGroupEgress: "group",
    NetworkAclEntry: "acl",
    RouteTableAssociation: "subnet",
    NetworkAclAssociation: "subnet",
    SubnetIpv6Block: "subnet",
    VpcIpv6Block: "vpc",
}


def _maybe_additions(builders: list[_Builder], built: list[tuple[Template, list[Resource]]]) -> None:
    """What a template one of two a stack may be (`Document.maybe`) adds to a resource outside it (a route to the
    parent's table, an egress rule to a group it passes) exists only if that template is the one deployed: it may
    not exist, as under a condition the run cannot decide (RULES.md: an `Fn::If` is known only when both branches
    agree), so neither its presence nor its absence decides the parent's facts. What it adds to its own resources
    (and its nested stacks' to theirs or its) stays as it is: there, it exists wherever they do."""
    if not any(builder.document.maybe for builder in builders):
        return
    inside: dict[int, set[int]] = {}  # by a maybe template's builder, the templates it and its nested stacks make
    tops: list[_Builder | None] = []  # by builder, the nearest maybe template it is, or is nested in
    for builder in builders:
        top: _Builder | None = None
        at: _Builder | None = builder
        depth = 0
        while at is not None and depth <= 64:
            if at.document.maybe:
                top = top or at
                inside.setdefault(id(at), set()).add(id(builder.template))
            at, depth = at.parent, depth + 1
        tops.append(top)
    for top, (_, resources) in zip(tops, built, strict=True):
        if top is None:
            continue
        own = inside[id(top)]
        because = f"is in nested stack `{top.document.parent_resource}` {top.document.maybe}"
        for res in resources:
            attr = _ADDS_TO.get(type(res))
            target = getattr(res, attr) if attr is not None else None
            if isinstance(target, Resource) and id(target.template) not in own and not res.conditional:
                res.conditional = True
                res.unknown["condition"] = because


def _depth(builder: _Builder) -> int:
    depth, parent = 0, builder.parent
    while parent is not None and depth <= 64:
        depth, parent = depth + 1, parent.parent
    return depth


def _shared_roots(documents: list[Document]) -> dict[int, str]:
    """For a nested template whose file more than one root template of the build nests (a shared
    `platform.yaml`), its root's path from the template's folder, which its names then start with."""
    roots: dict[int, Document] = {}
    by_file: dict[str, set[int]] = {}
    for document in documents:
        if document.parent is None or document.assembly is not None:
            continue
        root = document.parent
        while root.parent is not None:
            root = root.parent
        roots[id(document)] = root
        by_file.setdefault(os.path.realpath(document.path), set()).add(id(root))
    shared = {file for file, found in by_file.items() if len(found) > 1}
    return {
        key: os.path.relpath(root.path, os.path.dirname(document.path) or ".")
        for document in documents
        if (key := id(document)) in roots and os.path.realpath(document.path) in shared
        for root in [roots[key]]
    }


def _without_copies(documents: list[Document]) -> list[Document]:
    """Without the templates a parent of the run reads as its nested stacks (nested.py) that the
    folder walk also met as templates of their own: one stack, built once, as its parent's child.

    A root template is a copy when another root's family (itself and the nested stacks it read)
    holds its file, unless its own family holds that root's file too (templates that nest each
    other, which CloudFormation could never create: both stay). A copy's nested stacks go with it.
    """
    families: dict[int, tuple[str, set[str]]] = {}  # root document → (its file, the files of its family)
    root_of: dict[int, int] = {}
    for document in documents:  # a loader lists a parent before its nested stacks
        if document.assembly is not None:
            continue
        if document.parent is None:
            root_of[id(document)] = id(document)
            families[id(document)] = (os.path.realpath(document.path), set())
        elif id(document.parent) in root_of:
            root = root_of[id(document)] = root_of[id(document.parent)]
            families[root][1].add(os.path.realpath(document.path))
    if not any(files for _, files in families.values()):
        return documents
    claimed: dict[str, list[str]] = {}  # a file → the roots whose families hold it
    for path, files in families.values():
        for file in files:
            claimed.setdefault(file, []).append(path)
    copies = {
        root
        for root, (path, files) in families.items()
        if any(other != path and other not in files for other in claimed.get(path, ()))
    }
    return [d for d in documents if root_of.get(id(d)) not in copies]


def load(path: str, doc: dict) -> tuple[Template, list[Resource]]:
    """One template's resources, linked, with locations in `path`."""
    return build([Document(path, doc)])[0]


def _first_piece(function: str, argument: Any) -> Any:
    """The text a computed `TemplateURL` starts with, where it is written out: a `Fn::Sub` string's, or the
    first piece of a `Fn::Join` with an empty delimiter (`https://…`); None otherwise."""
    if function == "Fn::Sub":
        return argument[0] if isinstance(argument, list) and argument else argument
    if function == "Fn::Join" and isinstance(argument, list) and len(argument) == 2 and argument[0] == "":
        pieces = argument[1]
        return pieces[0] if isinstance(pieces, list) and pieces else None
    return None
