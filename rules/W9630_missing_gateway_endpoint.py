"""W9630: a VPC function uses S3 or DynamoDB without a (free) gateway endpoint on its route tables."""

from collections.abc import Iterator

from lambda6lint.api import (
    IPV4_DEFAULT,
    UNKNOWN,
    Context,
    Doc,
    Example,
    Finding,
    Function,
    Network,
    RouteTable,
    Rule,
    Subnet,
    names,
    term,
)

SERVICES = {"s3": "S3", "dynamodb": "DynamoDB"}

rule = Rule(
    id="W9630",
    name="missing-gateway-endpoint",
    summary="Function uses S3/DynamoDB without a gateway endpoint",
    tags=("lambda", "cost", "endpoint"),
    source_url="https://docs.aws.amazon.com/vpc/latest/privatelink/gateway-endpoints.html",
    doc=Doc(
        what=(
            "Finds functions in a VPC that use S3 or DynamoDB (IAM actions on their role, SAM policy templates "
            "and connectors, "
            "environment values referencing a bucket or table; not DynamoDB Streams' own actions, which the "
            "Lambda service uses to poll a stream) when some route table of their subnets has no "
            "gateway endpoint for that service; a subnet associated with a route table that cannot be known but "
            "is one of some tables (`RouteTableId: !If [C, !Ref A, !Ref B]`, `aws_route_table.private[var.i].id`) "
            "when none of them has one (where their IPv4 routes differ, what its traffic pays is said of each: NAT "
            "processing only if it is on one that sends it to a NAT gateway). Where the function's subnets' IPv4 "
            "routes differ, what their traffic pays is said of each subnet: NAT processing only from those whose "
            "route table sends it to a NAT gateway. A function that egresses over IPv6 "
            "only with "
            "`AWS_USE_DUALSTACK_ENDPOINT=true` is left alone: its SDK calls the services' dual-stack endpoints over "
            "IPv6, which costs nothing and which an IPv4 gateway endpoint would not carry."
        ),
        why=(
            "Without a gateway endpoint, S3 and DynamoDB traffic goes through the NAT gateway and pays "
            "$0.045/GB processing, or fails where there is no NAT (e.g. IPv6-only egress). Gateway endpoints "
            "are free."
        ),
        fix=(
            "Add a Gateway `AWS::EC2::VPCEndpoint` for the service with every route table of the function's "
            "subnets in `RouteTableIds`. It costs nothing. A subnet with no route table association uses the "
            "VPC's main route table, which CloudFormation cannot name: associate the subnet with a route table of "
            "the template first."
        ),
        examples=(
            Example(
                "cloudformation",
                bad=(
                    "ResizerFunction:\n"
                    "  Type: AWS::Lambda::Function\n"
                    "  Properties:\n"
                    "    ...\n"
                    "    Environment:\n"
                    "      Variables:\n"
                    "        UPLOAD_BUCKET: !Ref UploadsBucket\n"
                    "    ...\n"
                    "    VpcConfig:\n"
                    "      ...\n"
                    "      SubnetIds:\n"
                    "        - !Ref PrivateSubnetA\n"
                    "        - !Ref PrivateSubnetB\n"
                ),
                good=(
                    "S3GatewayEndpoint:\n"
                    "  Type: AWS::EC2::VPCEndpoint\n"
                    "  Properties:\n"
                    "    VpcId: !Ref Vpc\n"
                    "    ServiceName: !Sub com.amazonaws.${AWS::Region}.s3\n"
                    "    RouteTableIds:\n"
                    "      - !Ref PrivateRouteTableA\n"
                    "      - !Ref PrivateRouteTableB\n"
                ),
            ),
            Example(
                "terraform",
                bad=(
                    'resource "aws_lambda_function" "fn" {\n'
                    "  ...\n"
                    "  vpc_config {\n"
                    "    subnet_ids                  = aws_subnet.private[*].id\n"
                    "    ...\n"
                    "  }\n"
                    "}\n"
                    "\n"
                    'data "aws_iam_policy_document" "data" {\n'
                    "  statement {\n"
                    '    actions   = ["s3:GetObject", "s3:PutObject"]\n'
                    '    resources = ["arn:aws:s3:::orders-archive/*"]\n'
                    "  }\n"
                    "}\n"
                ),
                good=(
                    'resource "aws_vpc_endpoint" "s3" {\n'
                    "  vpc_id       = aws_vpc.main.id\n"
                    '  service_name = "com.amazonaws.us-east-1.s3"\n'
                    "}\n"
                    "\n"
                    'resource "aws_vpc_endpoint_route_table_association" "s3_private" {\n'
                    "  vpc_endpoint_id = aws_vpc_endpoint.s3.id\n"
                    "  route_table_id  = aws_route_table.private.id\n"
                    "}\n"
                ),
            ),
        ),
    ),
)


def _fix(net: Network, fn: Function, service: str, tables: list[RouteTable]) -> str:
    """Add a gateway endpoint on the tables; where the VPC has one for the service on other tables,
    add the tables to it (one endpoint, not two). A main route table a format cannot name (CloudFormation's)
    takes none: its subnets move to a table that can."""
    label = SERVICES[service]
    unnamed = [t for t in tables if t.main and term(t, "main_table")]
    named = [t for t in tables if t not in unnamed]
    existing = net.vpc_endpoints(net.function_vpc(fn), service, gateway=True)
    where = f"{label} gateway endpoint {existing[0].name} ({term(existing[0], 'endpoint_tables')})" if existing else ""

    def add(them: str) -> str:
        if len(existing) == 1:
            return f"add {them} to {where}"
        return f"add a Gateway {term(fn, 'endpoint')} for {label} on {them}"

    said = [add("them" if len(named) > 1 else "it")] if named else []
    if unnamed:
        members = fn.subnets if isinstance(fn.subnets, list) else []
        subnets = [m.target for m in members if isinstance(m.target, Subnet)]
        moving = [s for s in dict.fromkeys(subnets) if net.effective_route_table(s) in unnamed]
        which = ("subnet " if len(moving) == 1 else "subnets ") + names(moving)
        said.append(f"{term(unnamed[0], 'main_table').replace('{subnets}', which)}, then {add('that table')}")
    text = "; ".join(said)
    return f"{text[0].upper()}{text[1:]}; gateway endpoints are free."


def _consequence(
    net: Network, ctx: Context, lacking: list[tuple[Subnet, list[RouteTable]]], fn: Function, service: str
) -> str:
    """Where the service's IPv4 traffic goes from the subnets that lack the endpoint, and what it pays: where the
    subnets' routes differ, subnet by subnet ("from subnet S, … NAT …; from subnet T, … fail"). A subnet on
    one of some route tables whose IPv4 routes differ (one to a NAT gateway, one not) is said table by table ("if
    subnet S is on A, … NAT …"): the union of their routes would charge NAT processing to a subnet that may not
    use it."""
    # (subnets whose tables agree, grouped by what their traffic pays: a subnet on a table to a NAT gateway and
    # another on a table with no IPv4 route out were told both go through NAT)
    agreeing: dict[str, list[Subnet]] = {}
    texts: dict[tuple[frozenset[str], bool], str] = {}  # (each told once: a function may have 1,000 subnets)
    # (subnets on one of the same tables, said together: a function's 16 subnets each said the same clauses again)
    differing: dict[tuple[tuple[RouteTable, frozenset[str] | None], ...], list[Subnet]] = {}
    for subnet, tables in lacking:
        each = {t: net.default_targets(t, IPV4_DEFAULT) for t in tables}
        if len({frozenset(found) if found is not None else None for found in each.values()}) > 1:
            key = tuple((t, frozenset(found) if found is not None else None) for t, found in each.items())
            differing.setdefault(key, []).append(subnet)
            continue
        targets = frozenset().union(*(found or set() for found in each.values()))
        unseen = any(found is None for found in each.values())  # (no route seen is not no route)
        if (targets, unseen) not in texts:
            texts[targets, unseen] = _said(net, ctx, set(targets), fn, service, unseen)
        agreeing.setdefault(texts[targets, unseen], []).append(subnet)
    if len(agreeing) == 1 and not differing:
        return next(iter(agreeing))
    said = [f"from {_subnets(subnets)}, {text}" for text, subnets in agreeing.items()]
    for key, subnets in differing.items():
        grouped: dict[frozenset[str], list[RouteTable]] = {}
        for table, routed in key:
            if routed is not None:  # (a table whose routes cannot be known is not spoken for)
                grouped.setdefault(routed, []).append(table)
        which = f"subnet {subnets[0].name} is" if len(subnets) == 1 else f"subnets {names(subnets)} are"
        for routed, tables in grouped.items():
            said.append(f"if {which} on {names(tables)}, {_said(net, ctx, set(routed), fn, service)}")
    return "; ".join(said)


def _subnets(subnets: list[Subnet]) -> str:
    return f"subnet {subnets[0].name}" if len(subnets) == 1 else f"subnets {names(subnets)}"


def _said(net: Network, ctx: Context, targets: set[str], fn: Function, service: str, unseen: bool = False) -> str:
    """Where IPv4 traffic to the service goes by routes to `targets`, and what it pays; `unseen`: some table's
    routes cannot be known, so no route seen is not no route."""
    # (an interface endpoint takes the calls to the service's default name, which SDKs use, only where its private
    # DNS is on: off, that name resolves to the service's public addresses as before)
    interfaces = net.vpc_endpoints(net.function_vpc(fn), service, gateway=False)
    on = names([ep for ep in interfaces if ep.private_dns is True])
    undecided = [ep for ep in interfaces if ep.private_dns is None]
    maybe = names(undecided)
    why = undecided[0].unknown.get("private_dns", "cannot be known") if undecided else ""
    off = [ep for ep in interfaces if ep.private_dns is False]
    billed = "billed per GB and per hour in each zone"
    if "nat" in targets and on:
        return (
            f"that traffic goes through interface endpoint {on}, whose private DNS takes the service's default name "
            f"({billed}), or through NAT (${ctx.prices.nat_per_gb:.3f}/GB processing) for names it does not answer"
        )
    if "nat" in targets and maybe:
        return (
            f"that traffic goes through NAT (${ctx.prices.nat_per_gb:.3f}/GB processing), or may go through interface "
            f"endpoint {maybe} ({billed}): its private DNS {why}"
        )
    unused = (
        f" (interface endpoint {names(off)} {'has' if len(off) == 1 else 'have'} private DNS off: the service's "
        "default name, which SDKs call, does not resolve to "
        f"{'it' if len(off) == 1 else 'them'})"
        if off and not on and not maybe
        else ""
    )
    if "nat" in targets and net.sdk_dualstack(fn) and net.ipv6_egress_gaps(fn) == {}:
        # (between the steps: dual-stack endpoints over IPv6 leave by the egress-only gateway, IPv4 by NAT)
        return (
            f"what of that traffic uses IPv4 goes through NAT and pays ${ctx.prices.nat_per_gb:.3f}/GB processing "
            "(its dual-stack endpoints reached over IPv6 leave through the egress-only gateway, free)"
        )
    if "nat" in targets:
        return f"that traffic goes through NAT and pays ${ctx.prices.nat_per_gb:.3f}/GB processing{unused}"
    if not targets and net.nat64_path(fn):  # DNS64's answers lead through the NAT gateway's NAT64
        return f"that traffic goes through NAT64 on the NAT gateway and pays ${ctx.prices.nat_per_gb:.3f}/GB processing"
    if targets - {"igw"}:
        return "that traffic takes a paid or indirect path"
    if not targets and unseen:
        return (
            "where its IPv4 route leads cannot be known (--explain says why), so that traffic pays NAT processing "
            f"(${ctx.prices.nat_per_gb:.3f}/GB) or another path's charges, or fails"
        )
    if targets:
        return "a function gets no public IPv4 address, so IPv4 calls through the internet gateway fail"
    if on:
        return (
            "there is no IPv4 route to it, so IPv4 calls fail, except those to the service's default name, which the "
            f"private DNS of interface endpoint {on} takes ({billed})"
        )
    if maybe:
        return (
            "there is no IPv4 route to it, so IPv4 calls fail, but those to the service's default name may go through "
            f"interface endpoint {maybe} ({billed}): its private DNS {why}"
        )
    return f"there is no IPv4 route to it, so IPv4 calls fail{unused}"


@rule.checker
def check(net: Network, ctx: Context) -> Iterator[Finding]:
    for fn in net.functions_in_vpc():
        used = net.services_used(fn)
        if not used or fn.subnets is UNKNOWN:
            continue
        if net.ipv6_only_egress(fn) is True and net.sdk_dualstack(fn) is not False:
            continue  # its SDK calls go to dual-stack endpoints over IPv6 (free), which an endpoint would not carry
        # each subnet's route table, or the tables it may be on (one of them is it)
        placed: list[tuple[Subnet, list[RouteTable]]] = []
        for m in fn.subnets:
            of = net.route_tables_of(m.target) if isinstance(m.target, Subnet) else []
            if not isinstance(m.target, Subnet) or not of:
                placed = []
                break
            if not any(subnet is m.target for subnet, _ in placed):
                placed.append((m.target, of))
        tables = list(dict.fromkeys(t for _, of in placed for t in of))
        if not tables:
            continue
        for service, evidence in sorted(used.items()):
            verdicts = {t: net.gateway_endpoint_on(t, service) for t in tables}
            if None in verdicts.values():
                continue
            # a subnet lacks it when its table does, or each table it may be on does (where they disagree, it
            # may have it)
            lacking = [(subnet, of) for subnet, of in placed if not any(verdicts[t] for t in of)]
            if not lacking:
                continue
            missing = list(dict.fromkeys(t for _, of in lacking for t in of))
            label = SERVICES[service]
            yield rule.finding(
                fn,
                f"Function {fn.name} uses {label} ({evidence}), but route table"
                f"{'s' if len(missing) > 1 else ''} {names(missing)} "
                f"{'have' if len(missing) > 1 else 'has'} no {label} gateway endpoint{_whichever(net, lacking)}: "
                f"{_consequence(net, ctx, lacking, fn, service)}. {_fix(net, fn, service, missing)}",
                fn.at("vpc_config"),
                related=[(t.location, f"route table {t.name} without {label} gateway endpoint") for t in missing],
                key=service,
            )


def _whichever(net: Network, lacking: list[tuple[Subnet, list[RouteTable]]]) -> str:
    """Of the subnets on one of some route tables, each without the endpoint: which tables each may be on."""
    grouped: dict[tuple[RouteTable, ...], list[Subnet]] = {}
    for subnet, of in lacking:
        if net.route_table_choices(subnet):
            grouped.setdefault(tuple(of), []).append(subnet)
    said = [
        f"whichever of {names(list(of))} "
        + (f"subnet {subnets[0].name} is on" if len(subnets) == 1 else f"subnets {names(subnets)} are on")
        for of, subnets in grouped.items()
    ]
    return f" ({'; '.join(said)})" if said else ""
