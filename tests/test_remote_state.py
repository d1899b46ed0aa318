"""`data "terraform_remote_state"` read from another root module of the same run (loaders/terraform/remote.py).

fixtures/E9602/*remote-state* hold the two-root cases the fixture table checks; these tests vary them.
"""

from __future__ import annotations

import shutil

import pytest
from conftest import FIXTURES

from lambda6lint import engine
from lambda6lint.loaders.terraform import remote

BAD = FIXTURES / "E9602" / "bad-remote-state-ipv4-subnet"
STATE = '    bucket = "state-bad-ipv4-subnet"\n    key    = "net/terraform.tfstate"\n'


def _copy(tmp_path, source=BAD):
    shutil.copytree(source, tmp_path / "infra")
    return tmp_path / "infra"


def _rules(result):
    return sorted(f.rule.id for f in result.findings)


def _causes(result):
    return [u.cause for u in result.undecided]


def test_the_reading_root_alone_knows_nothing_of_the_state(tmp_path):
    infra = _copy(tmp_path)
    result = engine.lint([str(infra / "app")])
    assert "E9602" not in _rules(result)
    assert any("no root module of this run writes the s3 state at" in c for c in _causes(result))


def test_the_subnet_is_named_in_its_own_root(tmp_path):
    infra = _copy(tmp_path)
    finding = next(f for f in engine.lint([str(infra)]).findings if f.rule.id == "E9602")
    assert finding.location.path.endswith("app/main.tf")
    [(where, _)] = finding.related
    assert where.path.endswith("net/main.tf") and where.line == 15


def test_findings_of_the_writing_root_are_found_once(tmp_path):
    """The network root is linted alone too (before the run knows another reads it): its own findings once."""
    infra = _copy(tmp_path)
    own = (BAD / "app" / "main.tf").read_text().split('resource "aws_lambda_function"', 1)[1]
    own = own.replace("data.terraform_remote_state.net.outputs.private_subnet_id", "aws_subnet.private.id")
    (infra / "net" / "own.tf").write_text(
        'resource "aws_lambda_function"' + own.replace("aws_security_group.fn.id", "")
    )
    alone = engine.lint([str(infra / "net")])
    together = engine.lint([str(infra)])
    net_findings = [f for f in together.findings if "/net/" in f.location.path]
    assert sorted((f.rule.id, f.location.line) for f in net_findings) == sorted(
        (f.rule.id, f.location.line) for f in alone.findings
    )
    assert _rules(alone).count("E9602") == 1
    assert _rules(together).count("E9602") == 2


def test_workers_link_the_roots_too(tmp_path):
    infra = _copy(tmp_path)
    for n in range(16):  # (enough roots for the run to start workers)
        (infra / f"other{n}").mkdir()
        (infra / f"other{n}" / "main.tf").write_text('resource "aws_vpc" "v" {\n  cidr_block = "10.0.0.0/16"\n}\n')
    one = engine.lint([str(infra)], engine.Options(jobs=1))
    two = engine.lint([str(infra)], engine.Options(jobs=3))
    assert [f.message for f in one.findings] == [f.message for f in two.findings]
    assert "E9602" in _rules(two)


def test_the_plan_links_them_too(tmp_path):
    infra = _copy(tmp_path)
    assert "E9602" in _rules(engine.lint([str(infra)], engine.Options(plan=True)))


def _set(path, old, new):
    path.write_text(path.read_text().replace(old, new))


@pytest.mark.parametrize(
    ("where", "old", "new", "said"),
    [
        (
            "app",
            '    region = "us-east-1"\n  }\n}',
            '    region = "us-east-1"\n  }\n  workspace = "prod"\n}',
            "workspace `prod`",
        ),
        (
            "net",
            '    region = "us-east-1"\n',
            '    region = "us-east-1"\n    workspace_key_prefix = "envs"\n',
            "no root module of this run writes",
        ),
        ("net", STATE, "", "no root module of this run writes"),  # (its key is given at `terraform init`)
        ("app", 'backend = "s3"', 'backend = "gcs"', "no root module of this run writes the gcs state"),
        ("net", 'output "private_subnet_id" {\n', 'output "private_subnet_id" {\n  sensitive = true\n', "sensitive"),
        ("app", '"net/terraform.tfstate"', "var.key", "`config.key` cannot be known"),
    ],
    ids=["other-workspace", "other-prefix", "partial-backend", "other-backend", "sensitive-output", "unknown-key"],
)
def test_what_does_not_locate_one_state_stays_unknown(tmp_path, where, old, new, said):
    infra = _copy(tmp_path)
    path = infra / where / "main.tf"
    _set(path, old, new)
    if new == "var.key":
        path.write_text(path.read_text() + 'variable "key" {\n  type = string\n}\n')
    result = engine.lint([str(infra)])
    assert "E9602" not in _rules(result)
    assert any(said in c for c in _causes(result)), _causes(result)


def test_a_partial_backend_of_the_same_type_may_write_it_too(tmp_path):
    infra = _copy(tmp_path)
    shutil.copytree(infra / "net", infra / "other")
    _set(infra / "other" / "main.tf", STATE, "")
    result = engine.lint([str(infra)])
    assert "E9602" not in _rules(result)
    assert any("root module `" in c and "may write the s3 state" in c for c in _causes(result)), _causes(result)


def test_two_roots_writing_one_state_are_ambiguous(tmp_path):
    infra = _copy(tmp_path)
    shutil.copytree(infra / "net", infra / "net-copy")
    result = engine.lint([str(infra)])
    assert "E9602" not in _rules(result)
    assert any("several root modules of this run write" in c for c in _causes(result))


def test_an_unknown_output_says_why_in_its_own_root(tmp_path):
    infra = _copy(tmp_path)
    _set(infra / "net" / "main.tf", "value = aws_subnet.private.id", "value = var.subnet")
    (infra / "net" / "vars.tf").write_text('variable "subnet" {\n  type = string\n}\n')
    result = engine.lint([str(infra)])
    assert "E9602" not in _rules(result)
    assert any("output `private_subnet_id` of root module" in c and "`subnet`" in c for c in _causes(result))


# ----- which settings locate a state -----------------------------------------------------------


def test_s3_matches_bucket_key_and_prefix_with_defaults(tmp_path):
    written, _ = remote.locate("s3", {"bucket": "b", "key": "k", "region": "us-east-1"}, str(tmp_path))
    read, _ = remote.read({"backend": "s3", "config": {"bucket": "b", "key": "k", "region": "eu-west-1"}}, "/x")
    assert written == read
    other, _ = remote.read({"backend": "s3", "config": {"bucket": "b", "key": "k", "workspace_key_prefix": "p"}}, "/")
    assert other != written


def test_local_paths_are_resolved_from_each_root(tmp_path):
    written, _ = remote.locate("local", {}, str(tmp_path / "net"))
    read, _ = remote.read({"backend": "local", "config": {"path": "../net/terraform.tfstate"}}, str(tmp_path / "app"))
    assert written is not None and written == read


def test_cloud_blocks_are_read_with_the_remote_backend():
    config = {"organization": "acme", "workspaces": {"name": "net"}}
    read, _ = remote.read({"backend": "remote", "config": config}, "/")
    written, _ = remote.locate("cloud", {"organization": "acme", "workspace": "net"}, "/net")
    assert read == written
    assert remote.read({"backend": "remote", "config": {"organization": "acme"}}, "/")[0] is None


@pytest.mark.parametrize(
    ("backend", "given"),
    [("gcs", {"prefix": "net"}), ("azurerm", {"container_name": "c", "key": "k"}), ("s3", {"key": "k"})],
)
def test_a_backend_missing_a_locating_setting_is_configured_at_init(backend, given):
    state, why = remote.locate(backend, given, "/")
    assert state is None and "terraform init" in why


def test_defaults_stand_for_outputs_the_state_lacks(tmp_path):
    infra = _copy(tmp_path)
    app = infra / "app" / "main.tf"
    _set(app, "outputs.private_subnet_id", "outputs.legacy_subnet_id")
    _set(
        app,
        '    region = "us-east-1"\n  }\n}',
        '    region = "us-east-1"\n  }\n  defaults = { legacy_subnet_id = null }\n}',
    )
    result = engine.lint([str(infra)])  # (a null subnet: Terraform refuses it; not this rule's to say)
    assert "E9602" not in _rules(result)
    _set(app, "outputs.legacy_subnet_id", "outputs.private_subnet_id")
    assert "E9602" in _rules(engine.lint([str(infra)]))


def test_a_root_another_calls_as_a_module_is_linted_there(tmp_path):
    infra = _copy(tmp_path)
    (infra / "top").mkdir()
    (infra / "top" / "main.tf").write_text('module "app" {\n  source = "../app"\n}\n')
    result = engine.lint([str(infra)])
    assert [f.location.path.rsplit("/", 2)[-2] for f in result.findings if f.rule.id == "E9602"] == ["app"]


def test_what_names_the_other_roots_resources_refers_to_them(tmp_path):
    """An instance `app/` places in `net/`'s subnet egresses there (RULES.md "Egress hosts"), as a function."""
    infra = _copy(tmp_path)
    (infra / "app" / "host.tf").write_text(
        'resource "aws_instance" "host" {\n  ami           = "ami-12345678"\n  instance_type = "t3.micro"\n'
        "  subnet_id     = data.terraform_remote_state.net.outputs.private_subnet_id\n}\n"
    )
    network = engine.lint([str(infra)], engine.Options(plan=True)).network
    subnet = next(r for r in network.resources if r.id == "aws_subnet.private")
    assert {"aws_instance.host", "aws_lambda_function.fn"} <= {r.id for r in network.referrers(subnet)}
    assert network.hosts_only_lambda(subnet) is False


def test_the_reading_roots_own_backend_given_at_init_is_not_a_writer(tmp_path):
    infra = _copy(tmp_path)
    app = infra / "app" / "main.tf"
    app.write_text('terraform {\n  backend "s3" {}\n}\n\n' + app.read_text())
    assert "E9602" in _rules(engine.lint([str(infra)]))


def test_a_key_read_by_workspace_says_so(monkeypatch):
    result = engine.lint([str(FIXTURES / "E9602" / "good-remote-state-workspace-key")])
    assert any("depends on `terraform.workspace`" in c for c in _causes(result)), _causes(result)


def test_roots_reading_each_others_state_link_one_way(tmp_path):
    """A cycle of reads (Terraform needs two applies): the root found first links to the other, whose read of it
    stays unknown (a cycle), and nothing fails."""
    infra = _copy(tmp_path)
    app = infra / "app" / "main.tf"
    app.write_text('terraform {\n  backend "s3" {\n' + STATE.replace("net/", "app/") + "  }\n}\n\n" + app.read_text())
    net = infra / "net" / "main.tf"
    net.write_text(
        net.read_text()
        + '\ndata "terraform_remote_state" "app" {\n  backend = "s3"\n  config = {\n'
        + STATE.replace("net/", "app/")
        + "  }\n}\n"
        + 'output "app_group" {\n  value = data.terraform_remote_state.app.outputs.group\n}\n'
    )
    result = engine.lint([str(infra)])
    assert not result.errors
    assert _rules(result).count("E9602") == 1


def test_a_backend_in_json_syntax_writes_the_state(tmp_path):
    """`terraform { backend … }` in a `.tf.json` file (CDK for Terraform writes them) locates the state too."""
    infra = _copy(tmp_path)
    (infra / "net" / "main.tf").write_text((infra / "net" / "main.tf").read_text().split("\n}\n", 1)[1])
    (infra / "net" / "backend.tf.json").write_text(
        '{"terraform": [{"required_version": ">= 1.5", "backend": {"s3": {"bucket": "state-bad-ipv4-subnet", '
        '"key": "net/terraform.tfstate", "region": "us-east-1"}}}]}\n'
    )
    assert "E9602" in _rules(engine.lint([str(infra)]))
    (infra / "net" / "backend.tf.json").write_text('{"terraform": "not a block"}\n')  # (not read: no state)
    assert "E9602" not in _rules(engine.lint([str(infra)]))


def test_a_cloud_block_in_json_syntax_names_its_workspace(tmp_path):
    infra = _copy(tmp_path)
    (infra / "net" / "main.tf").write_text((infra / "net" / "main.tf").read_text().split("\n}\n", 1)[1])
    (infra / "net" / "cloud.tf.json").write_text(
        '{"terraform": {"cloud": {"organization": "acme", "workspaces": {"name": "net"}}}}\n'
    )
    app = infra / "app" / "main.tf"
    _set(app, 'backend = "s3"', 'backend = "remote"')
    _set(app, STATE + '    region = "us-east-1"\n', '    organization = "acme"\n    workspaces = { name = "net" }\n')
    assert "E9602" in _rules(engine.lint([str(infra)]))


def test_subnets_made_for_each_zone_are_read_by_their_representative(tmp_path):
    """`count = length(data.aws_availability_zones…names)`: at least one subnet, each like the others; an output
    of their ids (`aws_subnet.private[*].id`) stands for every one in the reading root."""
    infra = _copy(tmp_path)
    net = infra / "net" / "main.tf"
    zones = 'data "aws_availability_zones" "available" {\n  state = "available"\n}\n\n'
    _set(net, 'resource "aws_vpc"', zones + 'resource "aws_vpc"')
    _set(
        net,
        '  vpc_id     = aws_vpc.main.id\n  cidr_block = "10.0.1.0/24"',
        "  count             = length(data.aws_availability_zones.available.names)\n"
        "  vpc_id            = aws_vpc.main.id\n"
        "  cidr_block        = cidrsubnet(aws_vpc.main.cidr_block, 8, count.index)\n"
        "  availability_zone = data.aws_availability_zones.available.names[count.index]",
    )
    _set(
        net,
        "  subnet_id      = aws_subnet.private.id",
        "  count          = length(data.aws_availability_zones.available.names)\n"
        "  subnet_id      = aws_subnet.private[count.index].id",
    )
    _set(net, "value = aws_subnet.private.id", "value = aws_subnet.private[*].id")
    _set(
        infra / "app" / "main.tf",
        "[data.terraform_remote_state.net.outputs.private_subnet_id]",
        "data.terraform_remote_state.net.outputs.private_subnet_id",
    )
    alone = engine.lint([str(infra / "net")])
    assert not alone.errors
    result = engine.lint([str(infra)])
    assert [f.rule.id for f in result.findings if f.rule.id == "E9602"] == ["E9602"], [
        u.cause for u in result.undecided
    ]


LOCAL = FIXTURES / "E9602" / "bad-remote-state-local-default-of-a-root-without-backend"


def test_a_root_without_a_backend_writes_the_default_local_state(tmp_path):
    """Terraform keeps the state of a root with no `backend` or `cloud` block in the local backend's
    `terraform.tfstate` in its folder: a root reading that path by `backend = "local"` reads it (it said "no root
    module of this run writes the local state at path …", an audit: philiptran/aws-poc-lambda-nlb's
    02-vpc2-lambda reading ../01-base-vpcs/terraform.tfstate)."""
    infra = _copy(tmp_path, LOCAL)
    assert "E9602" in _rules(engine.lint([str(infra)]))
    backend = 'terraform {\n  backend "local" {\n    path = "other.tfstate"\n  }\n}\n'
    (infra / "network" / "backend.tf").write_text(backend)
    result = engine.lint([str(infra)])
    assert "E9602" not in _rules(result)
    assert any("no root module of this run writes the local state at path" in c for c in _causes(result))


def test_a_root_without_a_backend_block_whose_file_cannot_be_parsed_writes_no_known_state(tmp_path):
    """The file Terraform cannot parse either may hold the backend block: which state the root writes is unknown."""
    infra = _copy(tmp_path, LOCAL)
    (infra / "network" / "backend.tf").write_text('terraform {\n  backend "s3" {\n')
    result = engine.lint([str(infra)])
    assert "E9602" not in _rules(result)


def test_a_root_terragrunt_runs_writes_no_known_state(tmp_path):
    """Terragrunt runs the root in a copy of its own and may generate its backend (`generate "backend"`,
    `remote_state`): the state it writes is not told by the folder's files."""
    infra = _copy(tmp_path, LOCAL)
    (infra / "network" / "terragrunt.hcl").write_text('remote_state {\n  backend = "s3"\n}\n')
    assert "E9602" not in _rules(engine.lint([str(infra)]))


def test_a_local_state_path_is_said_as_reports_show_paths(monkeypatch):
    """The state path a cause names is relative to the project, as every path of a report is: it said the absolute
    path it was resolved to, this machine's folders (`/home/runner/...`) in a shared report."""
    monkeypatch.chdir(FIXTURES.parent)
    good = FIXTURES / "E9602" / "good-remote-state-local-path-of-a-root-with-an-s3-backend"
    causes = [c for c in _causes(engine.lint([str(good)])) if "writes the local state at path" in c]
    assert causes and all(str(FIXTURES.parent.resolve()) not in c for c in causes), causes
    assert (
        "path `fixtures/E9602/good-remote-state-local-path-of-a-root-with-an-s3-backend/network/terraform.tfstate`"
        in (causes[0])
    )
