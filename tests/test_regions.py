"""Where the code deploys (`Template.region`): the saving estimates are us-east-1 list prices, and where the code
names another region for certain, the money words say so (RULES.md "Saving estimate", research/aws-facts.md §9).
Unknown stays unknown: the words stay as they were."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT, run
from jsonschema import Draft202012Validator

from lambda6lint import engine, model
from lambda6lint.model import NatGateway
from lambda6lint.pricing import DEFAULT_PRICES, Prices, price_basis

ELSEWHERE = "us-east-1 list prices; this code deploys to {}, where they may be higher (set yours under [prices])"
CAVEAT = "us-east-1 list prices (other regions may charge more: set yours under [prices])"
PLAN_SCHEMA = json.loads((ROOT / "docs" / "plan.schema.json").read_text())
REPORT_SCHEMA = json.loads((ROOT / "docs" / "report.schema.json").read_text())


def nat_regions(path: str, **options) -> dict[str, str | None]:
    result = engine.lint([path], engine.Options(plan=True, **options))
    assert result.network is not None
    return {n.id: model.region(n) for n in result.network.of(NatGateway)}


def summary(capsys, *argv: str) -> str:
    _, out, _ = run(capsys, *argv)
    return out.splitlines()[-1]


# ----- the words ---------------------------------------------------------------------------------------------


def test_the_basis_names_another_region_only_where_one_is_known():
    assert price_basis(DEFAULT_PRICES, ["eu-west-1", None]) == ELSEWHERE.format("eu-west-1")
    assert price_basis(DEFAULT_PRICES, ["eu-west-1", "ap-south-1", "us-east-1"]) == ELSEWHERE.format(
        "ap-south-1 and eu-west-1"
    )
    assert price_basis(DEFAULT_PRICES, [None]) == "us-east-1 list prices"
    assert price_basis(DEFAULT_PRICES, [None], caveat=True) == CAVEAT
    assert price_basis(DEFAULT_PRICES, [], caveat=True) == CAVEAT
    assert price_basis(DEFAULT_PRICES, ["us-east-1", None], caveat=True) == CAVEAT
    assert price_basis(DEFAULT_PRICES, ["us-east-1"], caveat=True) == "us-east-1 list prices"
    configured = Prices(nat_hourly=0.059)
    assert price_basis(configured, ["eu-west-1"], caveat=True) == "configured prices"


# ----- CDK: a stack artifact's environment ---------------------------------------------------------------------


def cdk_assembly(tmp_path, environment: str) -> str:
    shutil.copytree(FIXTURES / "cdk" / "nat-ready", tmp_path / "app")
    manifest = tmp_path / "app" / "cdk.out" / "manifest.json"
    text = manifest.read_text()
    assert '"aws://unknown-account/unknown-region"' in text
    manifest.write_text(text.replace('"aws://unknown-account/unknown-region"', json.dumps(environment), 1))
    return str(tmp_path / "app" / "cdk.out")


@pytest.mark.parametrize(
    "environment,region",
    [
        ("aws://123456789012/eu-west-1", "eu-west-1"),
        ("aws://unknown-account/eu-west-1", "eu-west-1"),
        ("aws://123456789012/us-east-1", "us-east-1"),
        ("aws://123456789012/unknown-region", None),
        ("aws://unknown-account/unknown-region", None),
        ("aws://123456789012/${Token[AWS.Region.12]}", None),
    ],
)
def test_a_cdk_stack_deploys_to_its_environments_region(tmp_path, environment, region):
    assert set(nat_regions(cdk_assembly(tmp_path, environment)).values()) == {region}


def test_a_cdk_stack_in_another_region_says_so_in_every_money_word(tmp_path, capsys):
    path = cdk_assembly(tmp_path, "aws://123456789012/eu-west-1")
    words = ELSEWHERE.format("eu-west-1")
    _, out, _ = run(capsys, path)
    w9650 = next(line for line in out.splitlines() if " W9650 " in line)
    assert f"processed ({words}; an estimate)" in w9650
    assert out.splitlines()[-1].endswith(f"NAT gateways that could go: 1, est. $36.50/month + $0.045/GB ({words}).")
    _, out, _ = run(capsys, "--format", "json", path)
    report = json.loads(out)
    Draft202012Validator(REPORT_SCHEMA).validate(report)
    assert report["regions"] == ["eu-west-1"]
    assert report["summary"].endswith(f"({words}).")
    _, out, _ = run(capsys, "plan", path)
    assert f"Prices: {words}: NAT $0.045/hour" in out
    assert out.count("eu-west-1") == 1  # (the headline leaves it to the prices line)
    _, out, _ = run(capsys, "plan", "--format", "markdown", path)
    assert r"Prices: us\-east\-1 list prices; this code deploys to eu\-west\-1, where they may be higher \(set" in out
    _, out, _ = run(capsys, "plan", "--format", "html", path)
    assert f"Prices: {words}: NAT $0.045/hour" in out
    _, out, _ = run(capsys, "plan", "--format", "json", path)
    document = json.loads(out)
    Draft202012Validator(PLAN_SCHEMA).validate(document)
    assert document["prices"]["regions"] == ["eu-west-1"]
    assert document["prices"]["basis"] == words
    assert [n["region"] for v in document["vpcs"] for n in v["nat_gateways"]] == ["eu-west-1"]
    assert document["summary"]["text"].endswith(f"({words})")


def test_known_us_east_1_or_unknown_keeps_the_words(tmp_path, capsys):
    path = cdk_assembly(tmp_path / "east", "aws://123456789012/us-east-1")
    last = summary(capsys, path)
    assert last.endswith("NAT gateways that could go: 1, est. $36.50/month + $0.045/GB.")
    _, out, _ = run(capsys, "plan", path)
    assert "Prices: us-east-1 list prices: NAT $0.045/hour" in out  # (no caveat: the code deploys there)
    agnostic = cdk_assembly(tmp_path / "agnostic", "aws://unknown-account/unknown-region")
    assert summary(capsys, agnostic).endswith("NAT gateways that could go: 1, est. $36.50/month + $0.045/GB.")
    _, out, _ = run(capsys, "plan", agnostic)
    assert f"Prices: {CAVEAT}: NAT $0.045/hour" in out
    _, out, _ = run(capsys, "--format", "json", agnostic)
    assert json.loads(out)["regions"] == []


def test_configured_prices_are_not_said_to_be_us_east_1s(tmp_path, capsys):
    path = cdk_assembly(tmp_path, "aws://123456789012/eu-west-1")
    (tmp_path / "lambda6lint.toml").write_text("[prices]\nnat-hourly = 0.048\n")
    _, out, _ = run(capsys, "--config", str(tmp_path / "lambda6lint.toml"), path)
    assert "eu-west-1" not in out
    assert "(configured prices; an estimate)" in out


# ----- Terraform: the AWS provider's region ----------------------------------------------------------------------

TF_FIXTURE = FIXTURES / "W9650" / "bad-nat-serving-dualstack-lambdas"
NAT = "aws_nat_gateway.main"


def tf_root(tmp_path, region: str | None, extra: str = "") -> str:
    root = tmp_path / "root"
    shutil.copytree(TF_FIXTURE, root)
    main = root / "main.tf"
    text = main.read_text()
    assert 'provider "aws" {\n  region = "us-east-1"\n}\n' in text
    provider = f'provider "aws" {{\n  region = {region}\n}}\n' if region is not None else ""
    main.write_text(text.replace('provider "aws" {\n  region = "us-east-1"\n}\n', provider) + extra)
    return str(root)


def test_a_terraform_root_deploys_to_its_providers_literal_region(tmp_path):
    assert nat_regions(tf_root(tmp_path / "a", '"eu-west-1"')) == {NAT: "eu-west-1"}
    assert nat_regions(tf_root(tmp_path / "b", '"us-east-1"')) == {NAT: "us-east-1"}
    assert nat_regions(tf_root(tmp_path / "c", None)) == {NAT: None}  # (AWS_REGION, a profile: not known)
    assert nat_regions(tf_root(tmp_path / "d", "data.aws_region.x.name")) == {NAT: None}
    assert nat_regions(tf_root(tmp_path / "e", 'lower("EU-WEST-1")')) == {NAT: "eu-west-1"}  # (as evaluated)


def test_a_terraform_region_from_a_variable_as_the_evaluator_decides_it(tmp_path):
    variable = 'variable "region" {\n  default = "eu-west-1"\n}\n'
    assert nat_regions(tf_root(tmp_path / "a", "var.region", variable)) == {NAT: "eu-west-1"}
    root = tf_root(tmp_path / "b", "var.region", variable)
    (tmp_path / "b" / "root" / "terraform.tfvars").write_text('region = "ap-southeast-1"\n')
    assert nat_regions(root) == {NAT: "ap-southeast-1"}
    assert nat_regions(root, tf_vars={"region": "eu-central-1"}) == {NAT: "eu-central-1"}
    assert nat_regions(tf_root(tmp_path / "c", "var.region", 'variable "region" {}\n')) == {NAT: None}


def test_an_aliased_provider_is_the_region_of_the_resources_that_use_it(tmp_path):
    west = 'provider "aws" {\n  alias  = "west"\n  region = "us-west-2"\n}\n'
    root = tf_root(tmp_path / "a", '"us-east-1"', west)
    main = tmp_path / "a" / "root" / "main.tf"
    main.write_text(
        main.read_text().replace(
            'resource "aws_nat_gateway" "main" {', 'resource "aws_nat_gateway" "main" {\n  provider = aws.west', 1
        )
    )
    result = engine.lint([root], engine.Options(plan=True))
    assert result.network is not None
    regions = {r.id: model.region(r) for r in result.network.resources}
    assert regions[NAT] == "us-west-2"
    assert {r for i, r in regions.items() if i != NAT and i.startswith("aws_")} == {"us-east-1"}
    # an alias defined nowhere (or of a region not written) is not known
    root = tf_root(tmp_path / "b", '"us-east-1"')
    main = tmp_path / "b" / "root" / "main.tf"
    main.write_text(
        main.read_text().replace(
            'resource "aws_nat_gateway" "main" {', 'resource "aws_nat_gateway" "main" {\n  provider = aws.west', 1
        )
    )
    assert nat_regions(root) == {NAT: None}


def test_a_module_gets_its_callers_default_provider_or_what_its_providers_map_passes(tmp_path):
    from conftest import shared_nat_module

    call = shared_nat_module(tmp_path)
    root = tmp_path / "env"
    root.mkdir()
    providers = (
        'provider "aws" {\n  region = "eu-west-1"\n}\n'
        'provider "aws" {\n  alias  = "tokyo"\n  region = "ap-northeast-1"\n}\n'
    )
    (root / "main.tf").write_text(providers + call)
    assert set(nat_regions(str(root)).values()) == {"eu-west-1"}
    passed = call.replace("\n}\n", "\n  providers = {\n    aws = aws.tokyo\n  }\n}\n")
    (root / "main.tf").write_text(providers + passed)
    assert set(nat_regions(str(root)).values()) == {"ap-northeast-1"}
    unknown = call.replace("\n}\n", "\n  providers = {\n    aws = aws.nowhere\n  }\n}\n")
    (root / "main.tf").write_text(providers + unknown)
    assert set(nat_regions(str(root)).values()) == {None}


def own_region(tmp_path, value: str, extra: str = "", provider: str = '"us-east-1"') -> str:
    """`tf_root` whose NAT gateway sets AWS provider 6's resource-level `region = <value>`."""
    root = tf_root(tmp_path, provider, extra)
    main = tmp_path / "root" / "main.tf"
    opening = 'resource "aws_nat_gateway" "main" {'
    main.write_text(main.read_text().replace(opening, f"{opening}\n  region = {value}", 1))
    return root


def test_a_resources_own_region_overrides_its_providers(tmp_path):
    assert nat_regions(own_region(tmp_path / "a", '"eu-west-1"')) == {NAT: "eu-west-1"}
    assert nat_regions(own_region(tmp_path / "b", "local.r", 'locals {\n  r = "ap-south-1"\n}\n')) == {
        NAT: "ap-south-1"
    }
    assert nat_regions(own_region(tmp_path / "c", "null", provider='"eu-north-1"')) == {NAT: "eu-north-1"}
    # a variable without value: where it deploys is not known, whatever its provider's region
    assert nat_regions(own_region(tmp_path / "d", "var.r", 'variable "r" {}\n')) == {NAT: None}
    # (another provider's resource may have an argument of that name: not AWS's region)
    root = own_region(tmp_path / "e", '"eu-west-1"', provider='"eu-north-1"')
    result = engine.lint([root], engine.Options(plan=True))
    assert result.network is not None
    regions = {r.id: model.region(r) for r in result.network.resources if r.id.startswith("aws_")}
    assert regions.pop(NAT) == "eu-west-1" and set(regions.values()) == {"eu-north-1"}


def test_a_resource_in_a_region_of_its_own_says_so_or_that_it_is_unknown(tmp_path, capsys):
    # (every resource but IAM's in eu-west-1 by its own region, the provider us-east-1: `in_region`)
    _, out, _ = run(capsys, str(IN_REGION))
    words = ELSEWHERE.format("eu-west-1")
    assert f"processed ({words}; an estimate)" in next(line for line in out.splitlines() if " W9650 " in line)
    # a variable without value: as a provider whose region is not known (us-east-1's words, the plan's caveat)
    unknown = in_region(tmp_path / "b", 'region = "eu-west-1"\n}', 'region = var.r\n}\nvariable "r" {}')
    _, out, _ = run(capsys, unknown)
    assert "processed (us-east-1 list prices; an estimate)" in next(x for x in out.splitlines() if " W9650 " in x)
    assert out.splitlines()[-1].endswith("NAT gateways that could go: 1, est. $36.50/month + $0.045/GB.")
    _, out, _ = run(capsys, "plan", unknown)
    assert f"Prices: {CAVEAT}: NAT $0.045/hour" in out
    # resources in us-east-1 by their own region, whatever their provider's (not known): no caveat
    east = in_region(tmp_path / "c", 'region = "eu-west-1"\n}', 'region = "us-east-1"\n}')
    main = tmp_path / "c" / "root" / "main.tf"
    provider = 'provider "aws" {\n  region = "us-east-1"\n}\n'
    main.write_text(main.read_text().replace(provider, 'provider "aws" {}\n', 1))
    assert nat_regions(east) == {NAT: "us-east-1"}
    _, out, _ = run(capsys, "plan", east)
    assert "Prices: us-east-1 list prices: NAT $0.045/hour" in out


def test_terraform_in_another_region_says_so(tmp_path, capsys):
    root = tf_root(tmp_path, '"eu-west-1"')
    words = ELSEWHERE.format("eu-west-1")
    _, out, _ = run(capsys, root)
    assert f"processed ({words}; an estimate)" in next(line for line in out.splitlines() if " W9650 " in line)
    assert out.splitlines()[-1].endswith(f"+ $0.045/GB ({words}).")


# ----- references across regions ---------------------------------------------------------------------------------

IN_REGION = FIXTURES / "W9650" / "bad-nat-serving-dualstack-lambdas-in-a-resource-region"
ACROSS = "which deploys to eu-west-1 while this resource deploys to {}"


def variant(tmp_path, fixture: Path, *changes: tuple[str, str]) -> str:
    """A copy of the Terraform `fixture` at tmp_path/root whose main.tf has each `old` (which it must hold) made `new`
    once: a case states only what differs from the committed fixture."""
    root = tmp_path / "root"
    shutil.copytree(fixture, root)
    text = (root / "main.tf").read_text()
    for old, new in changes:
        assert old in text
        text = text.replace(old, new, 1)
    (root / "main.tf").write_text(text)
    return str(root)


def in_region(tmp_path, old: str, new: str) -> str:
    """`IN_REGION` (every resource but IAM's region = eu-west-1, the provider us-east-1) with `old` made `new`."""
    return variant(tmp_path, IN_REGION, (old, new))


def network(path: str):
    result = engine.lint([path], engine.Options(plan=True))
    assert result.network is not None
    return {r.id: r for r in result.network.resources}, result.findings


FUNCTION = 'resource "aws_lambda_function" "fn" {\n  region = local.region\n'


def test_a_function_names_no_subnet_of_another_region(tmp_path):
    resources, findings = network(in_region(tmp_path / "a", FUNCTION, 'resource "aws_lambda_function" "fn" {\n'))
    fn = resources["aws_lambda_function.fn"]
    assert [m.target for m in fn.subnets] == [model.UNKNOWN, model.UNKNOWN]
    assert all(ACROSS.format("us-east-1") in (m.cause or "") for m in fn.subnets)
    assert [m.target for m in fn.security_groups] == [model.UNKNOWN]
    assert isinstance(fn.role, model.Role)  # (IAM has no region: a role serves every region)
    assert not [f for f in findings if f.rule.id == "W9650"]
    # the same region: linked (and W9650 says the NAT gateway can go)
    resources, findings = network(str(IN_REGION))
    assert all(isinstance(m.target, model.Subnet) for m in resources["aws_lambda_function.fn"].subnets)
    assert [f.rule.id for f in findings if f.rule.id == "W9650"] == ["W9650"]
    # a region that cannot be known is no other region: linked
    unknown = in_region(tmp_path / "b", FUNCTION, FUNCTION.replace("local.region", "var.r") + '}\nvariable "r" {\n')
    resources, _ = network(unknown)
    assert all(isinstance(m.target, model.Subnet) for m in resources["aws_lambda_function.fn"].subnets)


def test_a_route_table_of_another_region_is_not_a_subnets(tmp_path):
    association = 'resource "aws_route_table_association" "public" {\n  region = local.region\n'
    resources, findings = network(in_region(tmp_path, association, association.replace("local.region", '"ap-south-1"')))
    assoc = resources["aws_route_table_association.public"]
    assert assoc.subnet is model.UNKNOWN and assoc.table is model.UNKNOWN
    assert "which deploys to eu-west-1 while this resource deploys to ap-south-1" in assoc.unknown["table"]
    assert "which deploys to eu-west-1 while this resource deploys to ap-south-1" in assoc.unknown["subnet"]


def test_a_parameter_of_another_region_still_publishes_what_it_names(tmp_path):
    # (its text names the subnet for a configuration of any region: others may add to it, so W9650 says nothing)
    parameter = (
        'resource "aws_ssm_parameter" "subnet" {\n  region = "us-west-2"\n  name = "/net/subnet"\n'
        '  type = "String"\n  value = aws_subnet.private[0].id\n}\n'
    )
    resources, findings = network(in_region(tmp_path, "locals {", parameter + "locals {"))
    subnet = resources["aws_subnet.private[0]"]
    assert "is published in SSM parameter aws_ssm_parameter.subnet" in subnet.template.open_because.get(subnet.id, "")
    assert not [f for f in findings if f.rule.id == "W9650"]


def test_an_aliased_providers_resources_name_no_other_regions(tmp_path):
    west = 'provider "aws" {\n  alias  = "west"\n  region = "us-west-2"\n}\n'
    root = tf_root(tmp_path, '"us-east-1"', west)
    main = tmp_path / "root" / "main.tf"
    opening = 'resource "aws_lambda_function" "fn" {'
    main.write_text(main.read_text().replace(opening, f"{opening}\n  provider = aws.west", 1))
    resources, findings = network(root)
    subnets = resources["aws_lambda_function.fn"].subnets
    assert all(m.target is model.UNKNOWN and "deploys to us-east-1 while" in (m.cause or "") for m in subnets)
    assert not [f for f in findings if f.rule.id == "W9650"]


# ----- a Terraform plan's provider configuration -----------------------------------------------------------------

PLAN_FIXTURE = FIXTURES / "W9650" / "bad-nat-serving-dualstack-lambdas.tfplan.json"


def tf_plan(tmp_path, region: dict, variables: dict | None = None) -> str:
    doc = json.loads(PLAN_FIXTURE.read_text())
    assert doc["configuration"]["provider_config"]["aws"]["expressions"]["region"] == {"constant_value": "us-east-1"}
    doc["configuration"]["provider_config"]["aws"]["expressions"]["region"] = region
    if variables is not None:
        doc["variables"] = variables
    path = tmp_path / "plan.tfplan.json"
    path.write_text(json.dumps(doc, indent=2))
    return str(path)


def test_a_plan_deploys_to_its_provider_configurations_region(tmp_path):
    assert set(nat_regions(tf_plan(tmp_path, {"constant_value": "eu-west-1"})).values()) == {"eu-west-1"}
    given = {"region": {"value": "eu-central-1"}}
    assert set(nat_regions(tf_plan(tmp_path, {"references": ["var.region"]}, given)).values()) == {"eu-central-1"}
    assert set(nat_regions(tf_plan(tmp_path, {"references": ["var.region"]}, {})).values()) == {None}
    assert set(nat_regions(tf_plan(tmp_path, {"references": ["local.region"]}, given)).values()) == {None}
    assert set(nat_regions(str(PLAN_FIXTURE)).values()) == {"us-east-1"}


def nat_planned(tmp_path, region: object = None, unknown: bool = False, provider: str = "") -> str:
    """`PLAN_FIXTURE` whose NAT gateway's planned values hold `region` (AWS provider 6), or mark it known only after
    apply; `provider`: its provider_name instead of hashicorp/aws."""
    doc = json.loads(PLAN_FIXTURE.read_text())
    for res in doc["planned_values"]["root_module"]["resources"]:
        if res["address"] == NAT:
            res["values"]["region"] = region
            res["provider_name"] = provider or res["provider_name"]
    for change in doc["resource_changes"]:
        if change["address"] == NAT:
            change["change"]["after"]["region"] = region
            change["change"]["after_unknown"]["region"] = unknown
            change["provider_name"] = provider or change["provider_name"]
    tmp_path.mkdir()
    path = tmp_path / "plan.tfplan.json"
    path.write_text(json.dumps(doc, indent=2))
    return str(path)


def test_a_plan_resources_planned_region_is_where_it_deploys(tmp_path, capsys):
    assert nat_regions(nat_planned(tmp_path / "a", "eu-west-1")) == {NAT: "eu-west-1"}
    assert nat_regions(nat_planned(tmp_path / "b", None)) == {NAT: "us-east-1"}  # (a provider 5 plan: its provider's)
    assert nat_regions(nat_planned(tmp_path / "c", None, unknown=True)) == {NAT: None}
    other = nat_planned(tmp_path / "d", "eu-west-1", provider="registry.terraform.io/example/aws")
    assert nat_regions(other) == {NAT: "us-east-1"}  # (not hashicorp/aws: another provider's argument)
    _, out, _ = run(capsys, str(IN_REGION) + ".tfplan.json")  # (every resource but IAM's planned in eu-west-1)
    words = ELSEWHERE.format("eu-west-1")
    assert f"processed ({words}; an estimate)" in next(line for line in out.splitlines() if " W9650 " in line)


def test_a_plan_in_another_region_says_so(tmp_path, capsys):
    path = tf_plan(tmp_path, {"constant_value": "eu-west-1"})
    words = ELSEWHERE.format("eu-west-1")
    _, out, _ = run(capsys, path)
    assert f"processed ({words}; an estimate)" in next(line for line in out.splitlines() if " W9650 " in line)
    assert out.splitlines()[-1].endswith(f"+ $0.045/GB ({words}).")


# ----- SAM: samconfig's region -----------------------------------------------------------------------------------

SAM_FIXTURE = FIXTURES / "W9650" / "bad-globals-functions-only-consumers.sam.yaml"


def test_samconfig_region_where_the_run_reads_samconfig(tmp_path, capsys):
    app = tmp_path / "app"
    app.mkdir()
    shutil.copy(SAM_FIXTURE, app / "template.yaml")
    (app / "samconfig.toml").write_text('version = 0.1\n[default.deploy.parameters]\nregion = "eu-west-1"\n')
    assert set(nat_regions(str(app / "template.yaml")).values()) == {"eu-west-1"}
    assert set(nat_regions(str(app / "template.yaml"), config_env="prod").values()) == {None}
    words = ELSEWHERE.format("eu-west-1")
    assert summary(capsys, str(app / "template.yaml")).endswith(f"({words}).")
    (app / "samconfig.toml").write_text('version = 0.1\n[default.deploy.parameters]\nregion = "${AWS_REGION}"\n')
    assert set(nat_regions(str(app / "template.yaml")).values()) == {None}


def test_samconfig_beside_a_template_sam_does_not_deploy_is_not_read(tmp_path):
    app = tmp_path / "app"
    app.mkdir()
    plain = FIXTURES / "W9650" / "bad-single-nat-lambda-only-dualstack.yaml"
    assert "AWS::Serverless" not in plain.read_text()
    shutil.copy(plain, app / "network.yaml")
    (app / "samconfig.toml").write_text('version = 0.1\n[default.deploy.parameters]\nregion = "eu-west-1"\n')
    assert set(nat_regions(str(app / "network.yaml")).values()) == {None}


def test_the_summary_names_every_other_region_with_jobs_too(tmp_path, capsys):
    cdk = cdk_assembly(tmp_path / "cdk", "aws://123456789012/eu-west-1")
    tf = tf_root(tmp_path / "tf", '"us-west-2"')
    words = ELSEWHERE.format("eu-west-1 and us-west-2")
    for jobs in ("1", "2"):
        assert summary(capsys, "--jobs", jobs, cdk, tf).endswith(f"$73.00/month + $0.045/GB ({words}).")


# ----- the built-in terraform-aws-modules models' `region` input --------------------------------------------------

MODELLED = FIXTURES / "W9650" / "bad-registry-vpc-and-lambda-in-the-calls-region"


def modelled(tmp_path, *changes: tuple[str, str]) -> str:
    """`MODELLED` (the vpc and lambda modules' calls and the security group `region = local.region`, eu-west-1; the
    provider us-east-1) with each `old` made `new`."""
    return variant(tmp_path, MODELLED, *changes)


def regions_of(path: str) -> dict[str, str | None]:
    result = engine.lint([path], engine.Options(plan=True))
    assert result.network is not None
    # (of the module's resources: not what the run makes of them, a VPC's main route table or IPv6 block)
    return {r.id: model.region(r) for r in result.network.resources if r.id.startswith("module.") and " " not in r.id}


VPC_REGION = '"terraform-aws-modules/vpc/aws"\n  version = "~> 6.1"\n\n  region = local.region'
LOCAL = 'locals {\n  region = "eu-west-1"'
LAMBDA_REGION = '"terraform-aws-modules/lambda/aws"\n  version = "~> 8.0"\n\n  region = local.region'


def test_a_modelled_calls_region_is_where_what_it_makes_deploys(tmp_path, capsys):
    # (terraform-aws-vpc 6.1+ and terraform-aws-lambda 8+ write `region = var.region` on all but IAM's resources)
    regions = regions_of(str(MODELLED))
    assert regions["module.vpc.aws_nat_gateway.this[0]"] == "eu-west-1"
    assert {r for a, r in regions.items() if "aws_iam_" not in a} == {"eu-west-1"}
    assert regions["module.orders.aws_iam_role.lambda[0]"] == "us-east-1"  # (IAM has no region: the provider's)
    _, out, _ = run(capsys, str(MODELLED))
    words = ELSEWHERE.format("eu-west-1")
    assert f"processed ({words}; an estimate)" in next(line for line in out.splitlines() if " W9650 " in line)
    assert out.splitlines()[-1].endswith(f"+ $0.045/GB ({words}).")
    # null: the provider's region
    regions = regions_of(modelled(tmp_path / "a", (LOCAL, LOCAL.replace('"eu-west-1"', "null"))))
    assert set(regions.values()) == {"us-east-1"}
    # a variable without value: not known (us-east-1's words, with the caveat in the plan)
    unknown = modelled(tmp_path / "b", (LOCAL, LOCAL.replace('"eu-west-1"', 'var.region\n}\nvariable "region" {')))
    assert regions_of(unknown)["module.vpc.aws_nat_gateway.this[0]"] is None
    _, out, _ = run(capsys, "plan", unknown)
    assert f"Prices: {CAVEAT}: NAT $0.045/hour" in out


def test_a_region_the_modules_release_has_not_is_not_known(tmp_path):
    # (terraform-aws-vpc before 6.1.0 and terraform-aws-lambda before 8.0.0 have no `region`: Terraform rejects it)
    old = modelled(
        tmp_path,
        (VPC_REGION, VPC_REGION.replace("~> 6.1", "6.0.1")),
        (LAMBDA_REGION, LAMBDA_REGION.replace("~> 8.0", "~> 7.0")),
    )
    regions = regions_of(old)
    assert {r for a, r in regions.items() if "aws_iam_" not in a} == {None}


def test_a_function_of_the_providers_region_is_in_no_subnet_a_call_puts_elsewhere(tmp_path):
    resources, findings = network(
        str(FIXTURES / "W9650" / "good-registry-vpc-in-the-calls-region-and-a-function-elsewhere-naming-its-subnets")
    )
    fn = resources["module.orders.aws_lambda_function.this[0]"]
    assert [m.target for m in fn.subnets] == [model.UNKNOWN, model.UNKNOWN]
    assert all(
        "which deploys to eu-west-1 while this resource deploys to us-east-1" in (m.cause or "") for m in fn.subnets
    )
    assert not [f for f in findings if f.rule.id == "W9650"]
    # the function's call in the vpc's region: linked
    resources, _ = network(str(MODELLED))
    fn = resources["module.orders.aws_lambda_function.this[0]"]
    assert all(isinstance(m.target, model.Subnet) for m in fn.subnets)


# ----- lookups (data sources) across regions ---------------------------------------------------------------------

LOOKUP = FIXTURES / "W9650" / "bad-nat-beside-a-route-on-a-table-lookup-of-another-region"
LOOKUP_HERE = FIXTURES / "W9650" / "good-nat-beside-a-route-on-a-table-lookup-of-its-region"
SHARED = 'data "aws_route_table" "shared" {\n'


def lookup_variant(tmp_path, *changes: tuple[str, str]) -> str:
    return variant(tmp_path, LOOKUP, *changes)


def opened(resources: dict, address: str) -> str:
    res = resources[address]
    return res.template.open_because.get(res.id, "")


def test_a_lookup_finds_nothing_in_another_region(tmp_path):
    # a lookup and a route of us-east-1 (the provider's): the lookup finds no table of eu-west-1, the route is on none
    resources, findings = network(str(LOOKUP))
    assert "data.aws_route_table.shared" not in opened(resources, "aws_route_table.private")
    assert [f.rule.id for f in findings if f.rule.id == "W9650"] == ["W9650"]
    # both in eu-west-1: the lookup may find the private table, which may get the route (silent)
    resources, findings = network(str(LOOKUP_HERE))
    assert "looked up by data source `data.aws_route_table.shared`" in opened(resources, "aws_route_table.private")
    assert not [f for f in findings if f.rule.id == "W9650"]
    # the lookup of eu-west-1, the route of us-east-1: its id names nothing there; the route is on no table
    resources, findings = network(lookup_variant(tmp_path / "a", (SHARED, SHARED + "  region = local.region\n")))
    assert resources["aws_route.partner"].table is model.UNKNOWN
    assert "data.aws_route_table.shared" not in opened(resources, "aws_route_table.private")
    assert [f.rule.id for f in findings if f.rule.id == "W9650"] == ["W9650"]
    # a lookup whose region cannot be known may look where the table is: opened
    unknown = lookup_variant(
        tmp_path / "b",
        (SHARED, SHARED + "  region = var.r\n"),
        ('resource "aws_route" "partner" {\n', 'variable "r" {}\nresource "aws_route" "partner" {\n  region = var.r\n'),
    )
    resources, findings = network(unknown)
    assert "looked up by data source `data.aws_route_table.shared`" in opened(resources, "aws_route_table.private")
    assert not [f for f in findings if f.rule.id == "W9650"]


def test_a_nat_gateway_a_lookup_gives_is_none_of_another_region(tmp_path):
    route = (
        'data "aws_nat_gateway" "shared" {\n  tags = {\n    Name = "shared"\n  }\n}\n'
        'resource "aws_route" "to_shared" {\n  route_table_id = "rtb-0abc"\n'
        '  destination_cidr_block = "10.9.0.0/16"\n  nat_gateway_id = data.aws_nat_gateway.shared.id\n}\n'
    )
    # the route and its lookup of us-east-1 (the provider's): the NAT gateway of eu-west-1 is not it
    resources, _ = network(in_region(tmp_path / "a", "locals {", route + "locals {"))
    to_shared = resources["aws_route.to_shared"]
    assert to_shared.target is model.UNKNOWN and to_shared.candidates == []
    assert "data source `data.aws_nat_gateway.shared` looks it up" in to_shared.unknown["target"]
    # in eu-west-1, both: it may be
    here = route.replace("{\n  tags", "{\n  region = local.region\n  tags").replace(
        '"to_shared" {\n', '"to_shared" {\n  region = local.region\n'
    )
    resources, _ = network(in_region(tmp_path / "b", "locals {", here + "locals {"))
    assert [c.id for c in resources["aws_route.to_shared"].candidates] == ["aws_nat_gateway.main"]
    # the lookup of eu-west-1, the route of us-east-1: its id names nothing there, said so
    there = route.replace("{\n  tags", "{\n  region = local.region\n  tags")
    resources, _ = network(in_region(tmp_path / "c", "locals {", there + "locals {"))
    to_shared = resources["aws_route.to_shared"]
    assert to_shared.candidates == []
    assert (
        "is looked up by data source `data.aws_nat_gateway.shared` in eu-west-1 while this resource deploys to "
        "us-east-1 (their `region`)" in to_shared.unknown["target"]
    )
    # a lookup of a count, whose instances may look in different regions: where each looks is not known, so none cut
    counted = here.replace('"shared" {\n  region', '"shared" {\n  count = 1\n  region').replace(
        ".shared.id", ".shared[0].id"
    )
    resources, _ = network(in_region(tmp_path / "d", "locals {", counted + "locals {"))
    assert [c.id for c in resources["aws_route.to_shared"].candidates] == ["aws_nat_gateway.main"]


SUBNETS_LOOKUP = (
    'data "aws_subnets" "private" {\n  region = local.region\n  filter {\n    name   = "vpc-id"\n'
    "    values = [aws_vpc.main.id]\n  }\n}\n"
    'data "aws_subnet" "a" {\n  region = local.region\n  filter {\n    name   = "tag:Name"\n    values = ["a"]\n'
    "  }\n}\n"
)
LOOKED_UP = (
    "is looked up by data source `{}` in eu-west-1 while this resource deploys to us-east-1 (their `region`): no id "
    "of eu-west-1 names anything in us-east-1, so Terraform's apply fails, whatever it finds (look it up in "
    "us-east-1 to decide it)"
)


def test_ids_a_lookup_of_another_region_gives_name_the_regions(tmp_path):
    """A function of us-east-1 whose subnet ids an aws_subnets or aws_subnet lookup of eu-west-1 gives (values not
    read: UNKNOWN): --explain names both regions, as for a lookup read as instances (before: 'comes from data
    source …' alone). The lookup of the function's region, or of a region not known, keeps the old words."""
    opening = 'resource "aws_lambda_function" "fn" {\n  region = local.region\n'
    ids = (opening, SUBNETS_LOOKUP + 'resource "aws_lambda_function" "fn" {\n')
    resources, _ = network(lookup_in(tmp_path / "a", ids, "data.aws_subnets.private.ids"))
    fn = resources["aws_lambda_function.fn"]
    assert fn.subnets is model.UNKNOWN
    assert fn.unknown["subnets"] == LOOKED_UP.format("data.aws_subnets.private")
    resources, _ = network(lookup_in(tmp_path / "b", ids, "[data.aws_subnet.a.id]"))
    [member] = resources["aws_lambda_function.fn"].subnets
    assert member.target is model.UNKNOWN and member.cause == LOOKED_UP.format("data.aws_subnet.a")
    # the lookup of the function's region (the provider's), or of a region not known: where it looks decides nothing
    for name, region in (("c", ""), ("d", "var.r")):
        lookup = SUBNETS_LOOKUP.replace("region = local.region\n", f"region = {region}\n" if region else "")
        variant = (opening, 'variable "r" {}\n' + lookup + 'resource "aws_lambda_function" "fn" {\n')
        resources, _ = network(lookup_in(tmp_path / name, variant, "data.aws_subnets.private.ids"))
        said = resources["aws_lambda_function.fn"].unknown["subnets"]
        assert said.startswith("comes from data source `data.aws_subnets.private`")


BEHIND = FIXTURES / "W9650" / "bad-nat-beside-a-function-of-another-region-whose-subnets-a-lookup-gives"


def test_a_function_of_another_region_is_behind_no_nat_gateway_whatever_its_subnets(tmp_path):
    """A function of us-east-1 whose subnets cannot be known is in no subnet of the NAT gateway of eu-west-1, so it
    keeps nothing (before: 'whether function … uses it is not known', W9650 silent). Of the gateway's region, or of
    a region not known, it may be behind it: silent."""
    findings = engine.lint([str(BEHIND)]).findings
    assert [f.resource for f in findings if f.rule.id == "W9650"] == ["aws_nat_gateway.main"]
    opening = 'resource "aws_lambda_function" "reports" {\n'
    result = engine.lint([variant(tmp_path, BEHIND, (opening, opening + "  region = local.region\n"))])
    assert not [f for f in result.findings if f.rule.id == "W9650"]
    assert (
        "whether function aws_lambda_function.reports uses it is not known"
        in [u.text for u in result.undecided if u.subject.id == "aws_nat_gateway.main"][0]
    )
    good = FIXTURES / "W9650" / "good-nat-beside-a-function-of-an-unknown-region-whose-subnets-a-lookup-gives"
    assert not [f for f in engine.lint([str(good)]).findings if f.rule.id == "W9650"]


def test_a_route_naming_a_nat_gateway_of_another_region_sends_it_nothing():
    """A route of us-east-1 whose nat_gateway_id is `aws_nat_gateway.main.id` of eu-west-1 names nothing (apply
    fails): no candidate target, so the table's subnets, not known, keep nothing (before: the gateway was one the
    route may go to, 'not fully checked', W9650 silent). A route of a region not known goes to it: silent."""
    resources, findings = network(str(FIXTURES / "W9650" / "bad-nat-beside-a-route-of-another-region-naming-it"))
    route = resources["aws_route.legacy_nat"]
    assert route.target is model.UNKNOWN and not route.candidates
    assert route.unknown["target"].startswith(
        "refers to `aws_nat_gateway.main`, which deploys to eu-west-1 while this resource deploys to us-east-1"
    )
    assert [f.resource for f in findings if f.rule.id == "W9650"] == ["aws_nat_gateway.main"]
    resources, findings = network(str(FIXTURES / "W9650" / "good-nat-beside-a-route-of-an-unknown-region-naming-it"))
    assert resources["aws_route.legacy_nat"].target is resources["aws_nat_gateway.main"]
    assert not [f for f in findings if f.rule.id == "W9650"]


def test_a_vpcs_main_route_table_is_of_the_vpcs_region():
    """`aws_vpc.main.main_route_table_id` names a table of the VPC's region (eu-west-1): a route of us-east-1 on it
    adds nothing there, opens no table, and W9610 says the function's subnets on it have no IPv6 way out (before:
    linked, silent). The table AWS made deploys to the VPC's region. A route of a region not known: silent."""
    main = FIXTURES / "W9610" / "bad-route-of-another-region-on-the-vpcs-main-table"
    resources, findings = network(str(main))
    route = resources["aws_route.main_ipv6"]
    assert route.table is model.UNKNOWN
    assert route.unknown["table"].startswith(
        "refers to `aws_vpc.main`, which deploys to eu-west-1 while this resource deploys to us-east-1"
    )
    assert model.region(resources["aws_vpc.main main route table"]) == "eu-west-1"
    assert not opened(resources, "aws_vpc.main main route table")
    assert [f.resource for f in findings if f.rule.id == "W9610"] == ["aws_lambda_function.fn"]
    good = FIXTURES / "W9610" / "good-route-of-an-unknown-region-on-the-vpcs-main-table"
    resources, findings = network(str(good))
    assert resources["aws_route.main_ipv6"].table is resources["aws_vpc.main main route table"]
    assert not [f for f in findings if f.rule.id == "W9610"]


def test_an_aws_default_route_table_of_another_region_is_not_the_vpcs_main_one(tmp_path):
    default = (
        'resource "aws_default_route_table" "main" {\n  REGION  default_route_table_id = '
        "aws_vpc.main.default_route_table_id\n}\nlocals {"
    )
    resources, _ = network(in_region(tmp_path / "a", "locals {", default.replace("REGION", "")))
    assert "aws_vpc.main main route table" in resources  # (the one AWS made: it names nothing in eu-west-1)
    resources, _ = network(in_region(tmp_path / "b", "locals {", default.replace("REGION", "region = local.region\n")))
    assert "aws_vpc.main main route table" not in resources and resources["aws_default_route_table.main"].main


HOST = (
    'resource "aws_instance" "legacy" {\n  ami           = "ami-0abc1234def567890"\n  instance_type = "t3.micro"\n'
    "  subnet_id     = SUBNET\n}\nlocals {"
)


@pytest.mark.parametrize("subnet", ["aws_subnet.private[0].id", "var.legacy_subnet"])
def test_a_host_of_another_region_is_in_no_subnet_of_the_nat_gateways(tmp_path, subnet):
    """An EC2 instance of us-east-1 naming a subnet of eu-west-1, or one not known, is in none behind the NAT gateway
    of eu-west-1 (before: the subnet hosted it, or may have, and W9650 was silent). Of a region not known: silent."""
    variable = 'variable "legacy_subnet" {\n  type = string\n}\n'
    _, findings = network(in_region(tmp_path / "a", "locals {", variable + HOST.replace("SUBNET", subnet)))
    assert [f.resource for f in findings if f.rule.id == "W9650"] == ["aws_nat_gateway.main"]
    unknown = (
        variable
        + 'variable "r" {}\n'
        + HOST.replace("SUBNET", subnet).replace("{\n  ami", "{\n  region = var.r\n  ami")
    )
    _, findings = network(in_region(tmp_path / "b", "locals {", unknown))
    assert not [f for f in findings if f.rule.id == "W9650"]
    good = FIXTURES / "W9650" / "good-nat-beside-an-instance-of-an-unknown-region-naming-its-subnet"
    assert not [f for f in engine.lint([str(good)]).findings if f.rule.id == "W9650"]


def lookup_in(tmp_path, function: tuple[str, str], subnet_ids: str) -> str:
    root = in_region(tmp_path, *function)
    main = tmp_path / "root" / "main.tf"
    main.write_text(main.read_text().replace("aws_subnet.private[*].id", subnet_ids, 1))
    return root


OUTSIDE = "this run makes no NAT gateway it could find"


def test_a_nat_gateway_a_lookup_of_the_routes_region_gives_where_the_run_makes_none_there_is_made_outside(tmp_path):
    """The run's one NAT gateway is of eu-west-1; a route and its lookup of us-east-1 name one made outside the run
    (before: 'it may be one this run makes'). An unread module call of that region may make it: not said."""
    route = (
        'data "aws_nat_gateway" "shared" {\n  tags = {\n    Name = "shared"\n  }\n}\n'
        'resource "aws_route" "to_shared" {\n  route_table_id = "rtb-0abc"\n'
        '  destination_cidr_block = "10.9.0.0/16"\n  nat_gateway_id = data.aws_nat_gateway.shared.id\n}\n'
    )
    resources, _ = network(in_region(tmp_path / "a", "locals {", route + "locals {"))
    assert resources["aws_route.to_shared"].unknown["target"] == (
        "cannot be known: data source `data.aws_nat_gateway.shared` looks it up, and this run makes no NAT gateway "
        "it could find (none in us-east-1, the route's region): it names one made outside the run (look it up in "
        "AWS to decide it)"
    )
    unread = 'module "shared" {\n  source = "git::https://example.com/nat.git"\n}\n'
    resources, _ = network(in_region(tmp_path / "b", "locals {", route + unread + "locals {"))
    assert "it may be one this run makes" in resources["aws_route.to_shared"].unknown["target"]


@pytest.mark.parametrize(("nat", "said"), [(False, OUTSIDE), (True, "it may be one this run makes")])
def test_a_route_target_a_nat_gateway_lookup_gives_is_explained_by_whether_the_run_makes_one(tmp_path, nat, said):
    """A function's 0.0.0.0/0 route whose gateway_id a NAT gateway lookup gives: --explain says it names one made
    outside the run where the run makes none (I9651's fixture without its NAT gateway), else that it may be it."""
    fixture = FIXTURES / "I9651" / "good-nat-route-to-a-nat-gateway-data-source" / "main.tf"
    text = fixture.read_text().replace(
        "nat_gateway_id = aws_nat_gateway.nat.id", "gateway_id = data.aws_nat_gateway.second.id"
    )
    made = 'resource "aws_nat_gateway" "nat" { # expect: I9651\n  allocation_id = aws_eip.nat[0].id\n'
    made += "  subnet_id     = aws_subnet.public.id\n}\n"
    assert made in text
    (tmp_path / "main.tf").write_text(text if nat else text.replace(made, ""))
    result = engine.lint([str(tmp_path)])
    texts = [u.text for u in result.undecided if u.subject.id == "aws_lambda_function.worker"]
    assert texts == [
        "the target of the 0.0.0.0/0 route of route table aws_route_table.private cannot be known: data source "
        f"`data.aws_nat_gateway.second` looks it up, and {said}"
        + ("" if nat else ": it names one made outside the run (look it up in AWS to decide it)")
    ], texts


def test_a_modelled_calls_region_and_its_plans_planned_region_agree():
    # (the plan written by hand from E9602/bad-registry-vpc-without-ipv6's: the call's `region`, each regional
    # resource's planned one; its resources are the plan's, the model gives the call's words)
    code = FIXTURES / "I9651" / "bad-registry-vpc-in-the-calls-region"
    plan = code.parent / (code.name + ".tfplan.json")
    assert nat_regions(str(code)) == nat_regions(str(plan)) == {"module.vpc.aws_nat_gateway.this[0]": "eu-west-1"}
    said = []
    for path in (code, plan):
        findings = engine.lint([str(path)]).findings
        [i9651] = [f.message for f in findings if f.rule.id == "I9651"]
        assert "this code deploys to eu-west-1" in i9651 and "enable_nat_gateway = false on module.vpc" in i9651
        said.append((sorted(f.rule.id for f in findings), i9651.partition(" Remaining steps")[0]))
    assert said[0] == said[1]
