"""Parameter values a user hands to the linter are used as CloudFormation would use them."""

from __future__ import annotations

import json

import pytest
from conftest import FIXTURES

from lambda6lint import engine
from lambda6lint.loaders.cloudformation.parameters import ParameterError, ParameterSet, read_file, samconfig
from lambda6lint.model import UNKNOWN, VpcEndpoint

TEMPLATE = """\
AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Ipv6:
    Type: String
    Default: "no"
  Subnets:
    Type: List<AWS::EC2::Subnet::Id>
Conditions:
  WithIpv6: !Equals [!Ref Ipv6, "yes"]
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties:
      CidrBlock: 10.0.0.0/16
  Block:
    Type: AWS::EC2::VPCCidrBlock
    Properties:
      VpcId: !Ref Vpc
      AmazonProvidedIpv6CidrBlock: true
  Subnet:
    Type: AWS::EC2::Subnet
    Properties:
      VpcId: !Ref Vpc
      CidrBlock: 10.0.1.0/24
      Ipv6CidrBlock: !If
        - WithIpv6
        - !Select [0, !Cidr [!Select [0, !GetAtt Vpc.Ipv6CidrBlocks], 4, 64]]
        - !Ref AWS::NoValue
  Sg:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: fn
      VpcId: !Ref Vpc
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: python3.12
      Handler: index.handler
      Role: arn:aws:iam::111111111111:role/fn
      Code:
        ZipFile: "def handler(e, c): pass"
      VpcConfig:
        SubnetIds: [!Ref Subnet]
        SecurityGroupIds: [!Ref Sg]
"""


NETWORK = """\
AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties:
      CidrBlock: 10.0.0.0/16
  Subnet:
    Type: AWS::EC2::Subnet
    Properties:
      VpcId: !Ref Vpc
      CidrBlock: 10.0.1.0/24
Outputs:
  Subnet:
    Value: !Ref Subnet
    Export:
      Name: !Sub ${AWS::StackName}-subnet
"""


def findings(tmp_path, *sets: ParameterSet, name: str = "template.yaml", text: str = TEMPLATE) -> list[str]:
    path = tmp_path / name
    path.write_text(text)
    result = engine.lint([str(path)], engine.Options(parameters=list(sets)))
    return sorted(f.rule.id for f in result.findings)


def test_a_default_never_decides_a_condition(tmp_path):
    assert "W9601" not in findings(tmp_path)  # the subnet's IPv6 block hangs on an undecided condition


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("cli.json", json.dumps([{"ParameterKey": "Ipv6", "ParameterValue": "yes"}])),
        ("pairs.txt", "Ipv6=yes\n"),
        ("shorthand.txt", "ParameterKey=Ipv6,ParameterValue=yes\n"),
        ("codepipeline.json", json.dumps({"Parameters": {"Ipv6": "yes"}, "Tags": {"team": "a"}})),
        ("deployment.yaml", "template-file-path: ./template.yaml\nparameters:\n  Ipv6: 'yes'\n"),
    ],
)
def test_each_file_format_decides_the_condition(tmp_path, name, content):
    (tmp_path / name).write_text(content)
    given = read_file(str(tmp_path / name))
    assert given.values == {"Ipv6": "yes"}
    assert "W9601" in findings(tmp_path, given)  # now known dual-stack, flag absent


def test_a_deployment_file_applies_to_its_template_only(tmp_path):
    (tmp_path / "deployment.yaml").write_text("template-file-path: other.yaml\nparameters:\n  Ipv6: 'yes'\n")
    assert "W9601" not in findings(tmp_path, read_file(str(tmp_path / "deployment.yaml")))


def test_later_values_win(tmp_path):
    assert "W9601" not in findings(tmp_path, ParameterSet({"Ipv6": "yes"}), ParameterSet({"Ipv6": "no"}))


def test_a_list_parameter_of_literal_ids_stays_unknown(tmp_path):
    text = TEMPLATE.replace("SubnetIds: [!Ref Subnet]", "SubnetIds: !Ref Subnets")
    path = tmp_path / "template.yaml"
    path.write_text(text)
    result = engine.lint([str(path)], engine.Options(parameters=[ParameterSet({"Subnets": "subnet-1,subnet-2"})]))
    causes = [u.text for u in result.undecided]
    assert causes == [
        "a subnet is the literal id `subnet-1`, a resource that is not in this run",
        "a subnet is the literal id `subnet-2`, a resource that is not in this run",
    ]


def test_a_value_makes_an_export_name_known(tmp_path):
    network = NETWORK.replace("!Sub ${AWS::StackName}-subnet", "prod-net-subnet")
    app = TEMPLATE.replace("SubnetIds: [!Ref Subnet]", 'SubnetIds: [!ImportValue {"Fn::Sub": "${Env}-net-subnet"}]')
    app = app.replace("Parameters:\n", "Parameters:\n  Env:\n    Type: String\n    Default: prod\n")
    (tmp_path / "network.yaml").write_text(network)
    (tmp_path / "app.yaml").write_text(app)
    paths = [str(tmp_path / "network.yaml"), str(tmp_path / "app.yaml")]
    assert "I9605" not in [f.rule.id for f in engine.lint(paths).findings]  # a Default names no export
    given = engine.Options(parameters=[ParameterSet({"Env": "prod"})])
    assert "I9605" in [f.rule.id for f in engine.lint(paths, given).findings]


@pytest.mark.parametrize(
    ("config", "env", "value"),
    [
        ('[default.deploy.parameters]\nparameter_overrides = "Ipv6=yes Other=1"\n', "default", "yes"),
        ('[prod.deploy.parameters]\nparameter_overrides = ["Ipv6=yes"]\n', "prod", "yes"),
        ('[prod.deploy.parameters]\nparameter_overrides = ["Ipv6=yes"]\n', "default", None),
        ('[default.global.parameters]\nparameter_overrides = "Ipv6=yes"\n', "default", "yes"),
    ],
)
def test_samconfig_environments(tmp_path, config, env, value):
    (tmp_path / "samconfig.toml").write_text(config)
    assert samconfig(str(tmp_path / "template.yaml"), env).get("Ipv6") == value


def test_samconfig_beside_a_sam_template_is_used(tmp_path):
    (tmp_path / "samconfig.toml").write_text('[default.deploy.parameters]\nparameter_overrides = "Ipv6=yes"\n')
    sam = TEMPLATE.replace('AWSTemplateFormatVersion: "2010-09-09"\n', "Transform: AWS::Serverless-2016-10-31\n")
    assert "W9601" in findings(tmp_path, text=sam)
    assert "W9601" not in findings(tmp_path, name="stack.yaml")  # plain CloudFormation sam deploy does not deploy


def test_a_samconfig_beside_many_templates_is_parsed_once(tmp_path, monkeypatch):
    """A 5 MB samconfig beside 100 SAM templates took a minute: it was parsed for each."""
    from lambda6lint.loaders.cloudformation import parameters

    (tmp_path / "samconfig.toml").write_text('[default.deploy.parameters]\nparameter_overrides = "Ipv6=yes"\n')
    sam = TEMPLATE.replace('AWSTemplateFormatVersion: "2010-09-09"\n', "Transform: AWS::Serverless-2016-10-31\n")
    for name in ("a.yaml", "b.yaml", "c.yaml"):
        (tmp_path / name).write_text(sam)
    parsed = []
    toml = parameters._toml
    monkeypatch.setattr(parameters, "_toml", lambda text: parsed.append(text) or toml(text))
    result = engine.lint([str(tmp_path)])
    assert [f.rule.id for f in result.findings].count("W9601") == 3 and len(parsed) == 1


def test_an_ssm_typed_parameter_is_given_a_name_not_a_value(tmp_path):
    """What a deploy (`--parameter`, samconfig) passes an `AWS::SSM::Parameter::Value<…>` parameter is
    the name of a Systems Manager parameter, read when CloudFormation deploys: it decides nothing (it
    was read as the value, "not true", and W9601 fired); a plain String given the same text does."""
    from conftest import FIXTURES

    text = (FIXTURES / "W9601" / "good-flag-from-ssm-parameter-samconfig" / "template.yaml").read_text()
    text = text.replace("Transform: AWS::Serverless-2016-10-31\n", "").replace("CodeUri: src/", "Role: r")
    text = text.replace("AWS::Serverless::Function", "AWS::Lambda::Function")
    given = ParameterSet({"EnableIpv6": "/network/enable-ipv6"})
    assert "W9601" not in findings(tmp_path, given, text=text)
    plain = text.replace("Type: AWS::SSM::Parameter::Value<String>", "Type: String")
    assert "W9601" in findings(tmp_path, given, text=plain)


@pytest.mark.parametrize(("given", "fires"), [({}, False), ({"EgressGatewayId": "igw-0abc"}, True)])
def test_a_route_target_id_given_as_a_parameter_value_is_read_as_written(given, fires):
    """A literal id names its kind by its prefix (`igw-`); given with --parameter, one read nothing."""
    from conftest import FIXTURES

    path = FIXTURES / "W9611" / "good-default-route-to-gateway-parameter.yaml"
    result = engine.lint([str(path)], engine.Options(parameters=[ParameterSet(given)]))
    assert ("W9611" in [f.rule.id for f in result.findings]) is fires


@pytest.mark.parametrize("content", ["[1, 2]", '{"Tags": {}}', "not a pair"])
def test_a_file_of_no_known_shape_is_an_error(tmp_path, content):
    (tmp_path / "p.json").write_text(content)
    with pytest.raises(ParameterError):
        read_file(str(tmp_path / "p.json"))


CONDITIONAL_IPV6 = """\
AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  EnableIpv6: {Type: String, AllowedValues: ['true', 'false'], Default: 'false'}
Conditions:
  HasIpv6: !Equals [!Ref EnableIpv6, 'true']
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties: {CidrBlock: 10.230.0.0/16}
  VpcIpv6:
    Type: AWS::EC2::VPCCidrBlock
    Condition: HasIpv6
    Properties: {VpcId: !Ref Vpc, AmazonProvidedIpv6CidrBlock: true}
%s  Subnet:
    Type: AWS::EC2::Subnet
%s    Properties:
      VpcId: !Ref Vpc
      CidrBlock: 10.230.10.0/24
      Ipv6CidrBlock: !If
        - HasIpv6
        - !Select [0, !Cidr [!Select [0, !GetAtt Vpc.Ipv6CidrBlocks], 2, 64]]
        - !Ref AWS::NoValue
"""
WAIT_HANDLE = """\
  Ipv6Wait:
    Type: AWS::CloudFormation::WaitConditionHandle
    Metadata:
      Ipv6Block: !If [HasIpv6, !Ref VpcIpv6, ""]
"""


def test_e9613_on_a_conditional_ipv6_block_says_how_to_depend_on_it_and_the_way_it_says_works(tmp_path):
    """A DependsOn naming a resource that exists only under a condition breaks the stacks where it is
    false (cfn-lint E3005): the fix goes through a wait condition handle whose Metadata refers to it,
    which orders creation as a reference does."""
    path = tmp_path / "template.yaml"
    options = engine.Options(parameters=[ParameterSet({"EnableIpv6": "true"})])
    path.write_text(CONDITIONAL_IPV6 % ("", ""))
    [finding] = [f for f in engine.lint([str(path)], options).findings if f.rule.id == "E9613"]
    assert finding.message.endswith(
        "VpcIpv6 exists only under condition `HasIpv6`, which DependsOn cannot follow (stacks where it is false "
        "fail): make it depend on an AWS::CloudFormation::WaitConditionHandle whose Metadata holds !If [HasIpv6, "
        '!Ref VpcIpv6, ""]. Its Ipv6CidrBlock must be !If [HasIpv6, …, !Ref AWS::NoValue] too, or where the '
        "condition is false it selects from an empty list."
    )
    path.write_text(CONDITIONAL_IPV6 % (WAIT_HANDLE, "    DependsOn: Ipv6Wait\n"))
    assert not [f for f in engine.lint([str(path)], options).findings if f.rule.id == "E9613"]


def test_e9613_on_a_conditional_ipv6_block_needs_no_parameter(tmp_path):
    """Wherever the condition holds the subnet races the block, and where it does not neither has IPv6:
    the missing dependency is known without a parameter value (it needed --parameter)."""
    path = tmp_path / "template.yaml"
    path.write_text(CONDITIONAL_IPV6 % ("", ""))
    [finding] = [f for f in engine.lint([str(path)]).findings if f.rule.id == "E9613"]
    assert "CloudFormation may create it first (in stacks where condition `HasIpv6` is true)" in finding.message
    assert "WaitConditionHandle" in finding.message
    path.write_text(CONDITIONAL_IPV6 % (WAIT_HANDLE, "    DependsOn: Ipv6Wait\n"))
    assert not [f for f in engine.lint([str(path)]).findings if f.rule.id == "E9613"]


def test_a_flag_from_a_parameter_default_says_so():
    """W9601 on a Default: the deployed value may differ, and the fix may be to pass a value."""
    from conftest import FIXTURES

    path = str(FIXTURES / "W9601" / "bad-flag-from-parameter-default.yaml")
    [finding] = engine.lint([path]).findings
    assert "(it comes from parameter `EnableIpv6`, whose Default says false: pass true" in finding.message
    given = engine.lint([path], engine.Options(parameters=[ParameterSet({"EnableIpv6": "false"})]))
    [finding] = given.findings
    assert "Default" not in finding.message


def test_the_sdk_setting_from_a_parameter_default_says_so(tmp_path):
    """W9631 on a Default: the deployed value may differ, so the message names the parameter."""
    from conftest import FIXTURES

    text = (FIXTURES / "W9631" / "bad-nodejs-sdk-setting-uppercase.yaml").read_text()
    text = text.replace("Resources:\n", "Parameters:\n  UseDs: {Type: String, Default: 'false'}\nResources:\n", 1)
    path = tmp_path / "template.yaml"
    path.write_text(text.replace("AWS_USE_DUALSTACK_ENDPOINT: 'TRUE'", "AWS_USE_DUALSTACK_ENDPOINT: !Ref UseDs"))
    [finding] = [f for f in engine.lint([str(path)]).findings if f.rule.id == "W9631"]
    assert 'is "false" (from the Default of parameter `UseDs`: set it to true there)' in finding.message
    given = engine.lint([str(path)], engine.Options(parameters=[ParameterSet({"UseDs": "false"})]))
    [finding] = [f for f in given.findings if f.rule.id == "W9631"]
    assert "Default" not in finding.message


def test_the_node_options_from_a_parameter_default_says_so(tmp_path):
    """I9632 on a Default, in W9631's words (`migration.set_there`): NODE_OPTIONS written over `!Ref NodeOptions`
    drops the template's choice, so the message names the parameter; a value passed with --parameter does not."""
    from conftest import FIXTURES

    text = (FIXTURES / "I9632" / "bad-node-without-ipv6first.yaml").read_text()
    text = text.replace(
        "Resources:\n", "Parameters:\n  Opts: {Type: String, Default: --enable-source-maps}\nResources:\n", 1
    )
    path = tmp_path / "template.yaml"
    path.write_text(
        text.replace("          AWS_USE_DUALSTACK_ENDPOINT: 'true'\n", "          NODE_OPTIONS: !Ref Opts\n", 1)
    )
    [finding] = [f for f in engine.lint([str(path)]).findings if f.rule.id == "I9632"]
    said = "NODE_OPTIONS does not set --dns-result-order (from the Default of parameter `Opts`: change it there):"
    assert said in finding.message, finding.message
    given = engine.lint([str(path)], engine.Options(parameters=[ParameterSet({"Opts": "--enable-source-maps"})]))
    [finding] = [f for f in given.findings if f.rule.id == "I9632"]
    assert "parameter `Opts`" not in finding.message


def test_an_unsupported_node_options_from_a_parameter_default_says_so():
    """E9633 on a Default names the parameter too (`migration.set_there`): the value to change or remove is there."""
    from conftest import FIXTURES

    path = str(FIXTURES / "E9633" / "bad-nodejs18-ipv6first-from-parameter-default.yaml")
    [finding] = [f for f in engine.lint([path]).findings if f.rule.id == "E9633"]
    said = "NODE_OPTIONS (from the Default of parameter `NodeOptions`: change it there), but its runtime nodejs18.x"
    assert said in finding.message, finding.message
    options = engine.Options(parameters=[ParameterSet({"NodeOptions": "--dns-result-order=ipv6first"})])
    [finding] = [f for f in engine.lint([path], options).findings if f.rule.id == "E9633"]
    assert "parameter `NodeOptions`" not in finding.message


def test_a_value_no_stack_or_module_declares_is_warned_of(tmp_path, capsys, monkeypatch):
    """A `--parameter` or `--var` whose name no root template or module of the run declares decides
    nothing (a typo leaves it all undecided): warned of on stderr, as Terraform does; the names that are
    declared, and a nested stack's own (which its parent passes), are not; pre-commit lints a few files
    of a commit and is not warned."""
    from conftest import run

    monkeypatch.chdir(tmp_path)
    (tmp_path / "template.yaml").write_text(TEMPLATE)
    (tmp_path / "net").mkdir()
    (tmp_path / "net" / "main.tf").write_text('variable "region" {\n  type = string\n}\n')
    argv = ["--isolated", "-q", "--parameter", "Ipv6=yes", "--var", "region=x"]
    code, _, err = run(capsys, *argv, "--parameter", "Ipv66=yes", "--var", "regoin=x", ".")
    assert code in (0, 1), err
    warned = [line for line in err.splitlines() if line.startswith("lambda6lint: warning:")]
    assert warned == [
        "lambda6lint: warning: --parameter Ipv66: no template of this run declares parameter `Ipv66`: its value "
        "decides nothing (a nested stack's parameters take their values from its parent)",
        "lambda6lint: warning: --var regoin: no root module of this run declares variable `regoin`: its "
        "value decides nothing (a called module's variables take theirs from its module block)",
    ], err
    assert "warning" not in run(capsys, *argv, ".")[2]
    assert "warning" not in run(capsys, *argv, "--var", "regoin=x", "--only-templates", "template.yaml")[2]
    (tmp_path / ".lambda6lint.toml").write_text('[cloudformation.parameters]\nIpv6 = "yes"\nStage = "x"\n')
    err = run(capsys, "-q", "template.yaml")[2]
    assert f"warning: {tmp_path / '.lambda6lint.toml'}: cloudformation.parameters.Stage: no template" in err, err
    assert "Ipv6" not in err, err


@pytest.mark.parametrize(
    ("name", "config", "linked"),
    [
        ("template.yaml", 'stack_name = "prod-net"\n', True),  # sam deploy's default template
        ("net.yaml", 'stack_name = "prod-net"\ntemplate_file = "net.yaml"\n', True),
        ("net.yaml", 'stack_name = "prod-net"\n', False),  # not the template sam deploy deploys
        ("template.yaml", "", False),  # no stack name
    ],
)
def test_samconfig_names_the_stack_sam_deploy_deploys(tmp_path, name, config, linked):
    """`stack_name` in samconfig is the `AWS::StackName` of the template `sam deploy` deploys with it (its
    `template_file`, else template.yaml), SAM or plain CloudFormation: an export named after it is known
    and links with the stack that imports it (the function's subnet, without IPv6, is then known)."""
    (tmp_path / "net").mkdir()
    (tmp_path / "net" / name).write_text(NETWORK)
    (tmp_path / "net" / "samconfig.toml").write_text("[default.deploy.parameters]\n" + config)
    app = TEMPLATE.replace("SubnetIds: [!Ref Subnet]", "SubnetIds: [!ImportValue prod-net-subnet]")
    (tmp_path / "app.yaml").write_text(app)
    result = engine.lint([str(tmp_path)])
    assert ("I9605" in [f.rule.id for f in result.findings]) is linked, [f.message for f in result.findings]


def test_samconfig_parameter_overrides_reach_the_plain_template_sam_deploy_deploys(tmp_path):
    (tmp_path / "samconfig.toml").write_text('[default.deploy.parameters]\nparameter_overrides = "Ipv6=yes"\n')
    assert "W9601" in findings(tmp_path, name="template.yaml")
    assert "W9601" not in findings(tmp_path, name="other.yaml")  # (plain, and not what sam deploy deploys)


def test_a_config_env_no_samconfig_has_is_warned_of(tmp_path, capsys, monkeypatch):
    """`--config-env prod` where no samconfig beside a template has `prod` decides nothing: warned of."""
    from conftest import run

    monkeypatch.chdir(tmp_path)
    (tmp_path / "template.yaml").write_text(TEMPLATE)
    warned = "lambda6lint: warning: --config-env prod: no samconfig file beside a template of this run has"
    assert warned in run(capsys, "--isolated", "-q", "--config-env", "prod", ".")[2]
    (tmp_path / "samconfig.toml").write_text('[prod.deploy.parameters]\nparameter_overrides = "Ipv6=yes"\n')
    assert "warning" not in run(capsys, "--isolated", "-q", "--config-env", "prod", ".")[2]
    assert "warning" not in run(capsys, "--isolated", "-q", ".")[2]  # (the default environment: none asked for)
    assert "--config-env dev: no samconfig" in run(capsys, "--isolated", "-q", "--config-env", "dev", ".")[2]


def test_a_value_only_a_called_module_or_nested_template_declares_is_warned_of_in_a_walk(tmp_path, capsys):
    """In a folder walk (CI), a called module or a nested template is also met as a source of its own; what
    only it declares still decides nothing (its values come from its caller): warned of, as when the root
    alone is named. A settings file's values are not warned of in a run with no source of their kind (a CI
    job per kind), while the command line's are."""
    from conftest import run

    (tmp_path / "envs").mkdir()
    (tmp_path / "envs" / "main.tf").write_text('module "net" {\n  source = "../modules/net"\n}\n')
    (tmp_path / "modules" / "net").mkdir(parents=True)
    (tmp_path / "modules" / "net" / "main.tf").write_text('variable "enable_ipv6" {\n  default = false\n}\n')
    (tmp_path / "stacks").mkdir()
    (tmp_path / "stacks" / "child.yaml").write_text(TEMPLATE)
    (tmp_path / "stacks" / "parent.yaml").write_text(
        "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Child:\n    Type: AWS::CloudFormation::Stack\n"
        "    Properties:\n      TemplateURL: child.yaml\n"
    )
    (tmp_path / ".git").mkdir()
    argv = ["--isolated", "-q", "--var", "enable_ipv6=true", "--parameter", "Ipv6=yes", str(tmp_path)]
    err = run(capsys, *argv)[2]
    assert "--var enable_ipv6: no root module of this run declares variable `enable_ipv6`" in err, err
    assert "--parameter Ipv6: no template of this run declares parameter `Ipv6`" in err, err
    settings = tmp_path / "lambda6lint.toml"
    settings.write_text('[terraform.vars]\nregion = "x"\n[cloudformation.parameters]\nStage = "x"\n')
    config = ["--config", str(settings), "-q"]
    err = run(capsys, *config, str(tmp_path / "stacks"))[2]
    assert "terraform.vars.region" not in err and "cloudformation.parameters.Stage: no template" in err, err
    err = run(capsys, *config, str(tmp_path / "envs"))[2]
    assert "cloudformation.parameters.Stage" not in err and "terraform.vars.region: no root module" in err, err
    assert "--parameter Ipv6: no template" in run(capsys, *config, "--parameter", "Ipv6=yes", str(tmp_path / "envs"))[2]


def test_a_settings_value_is_named_by_its_file_and_a_run_with_an_unreadable_file_warns_of_none(tmp_path, capsys):
    """With `--parameter` given too, a settings file's value is still named by the file it is in; a run where
    a template cannot be read (E9600) warns of no undeclared value: that template may declare it."""
    from conftest import run

    (tmp_path / "t.yaml").write_text(TEMPLATE)
    settings = tmp_path / "lambda6lint.toml"
    settings.write_text('[cloudformation.parameters]\nStage = "x"\n')
    err = run(capsys, "--config", str(settings), "-q", "--parameter", "Ipv6=yes", str(tmp_path / "t.yaml"))[2]
    assert f"warning: {settings}: cloudformation.parameters.Stage: no template" in err, err
    (tmp_path / "broken.yaml").write_text("AWSTemplateFormatVersion: '2010-09-09'\nResources: [\n")
    err = run(
        capsys, "--config", str(settings), "-q", "--parameter", "Nope=1", "--tf-dir", str(tmp_path), str(tmp_path)
    )[2]
    assert "warning" not in err, err


def test_a_samconfig_written_between_runs_is_read(tmp_path):
    """The samconfig files of a folder are found once per run (parameters.forget): the next run looks again."""
    sam = TEMPLATE.replace('AWSTemplateFormatVersion: "2010-09-09"\n', "Transform: AWS::Serverless-2016-10-31\n")
    assert "W9601" not in findings(tmp_path, text=sam)
    (tmp_path / "samconfig.toml").write_text('[default.deploy.parameters]\nparameter_overrides = "Ipv6=yes"\n')
    assert "W9601" in findings(tmp_path, text=sam)


@pytest.mark.parametrize("given", ["subnet-1,,subnet-2", " subnet-1 , , subnet-2 ", "", "subnet-1,"])
def test_a_list_parameters_value_keeps_its_empty_items_as_cloudformation_does(tmp_path, given):
    """CloudFormation splits a list parameter's value at every comma and trims each item: one more item than
    commas, so `a,,b` is three and a blank value one empty item (cfn-lint reads it so). `Ref`, a loop's
    collection and the paths `package` uploads read it alike (parameters.list_items); an empty subnet id
    decides nothing and says so."""
    from cfnlint.context.context import Parameter

    from lambda6lint.loaders.cloudformation import foreach, includes
    from lambda6lint.loaders.cloudformation.intrinsics import Intrinsics
    from lambda6lint.loaders.cloudformation.parameters import list_items

    theirs = Parameter({"Type": "CommaDelimitedList", "Default": given}).default
    assert list_items(given) == theirs
    intr = Intrinsics({"Parameters": {"P": {"Type": "CommaDelimitedList"}}}, values={"P": given})
    assert intr.struct({"Ref": "P"}) == theirs
    function = {"Type": "AWS::Lambda::Function", "Properties": {"Code": {"Fn::Sub": "src/${I}/x"}}}
    doc = {
        "Transform": "AWS::LanguageExtensions",
        "Resources": {"Fn::ForEach::L": ["I", {"Ref": "P"}, {"F${I}": function}]},
    }
    expanded, left = foreach.expand(doc, {"P": given})
    if given:  # (a blank value: some loops over it make a copy, some none, cfn-language-discussion#154)
        assert list(expanded["Resources"]) == [f"F{item}" for item in theirs] and left == {}
        assert includes.packaged(doc, {"P": given}) == [f"src/{item}/x" for item in theirs]
    else:
        assert left == {"Fn::ForEach::L": foreach.EMPTY.format("P")} and includes.packaged(doc, {"P": given}) == []
    path = tmp_path / "template.yaml"
    path.write_text(TEMPLATE.replace("SubnetIds: [!Ref Subnet]", "SubnetIds: !Ref Subnets"))
    result = engine.lint([str(path)], engine.Options(parameters=[ParameterSet({"Subnets": given})]))
    causes = [u.text.removeprefix("a subnet ") for u in result.undecided]
    assert causes == [
        "is an empty id, which names no resource"
        if not item
        else f"is the literal id `{item}`, a resource that is not in this run"
        for item in theirs
    ]


PARENT_CHOOSING_SUBNETS = """\
AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  VpcId:
    Type: String
    Default: ""
  SubnetIds:
    Type: List<AWS::EC2::Subnet::Id>
    Default: ""
Conditions:
  CreateVpc: !Equals [!Ref VpcId, ""]
Resources:
  Net:
    Type: AWS::CloudFormation::Stack
    Condition: CreateVpc
    Properties:
      TemplateURL: net.yaml
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: python3.12
      Handler: index.handler
      Role: arn:aws:iam::111111111111:role/fn
      Code:
        ZipFile: "def handler(e, c): pass"
      VpcConfig:
        SubnetIds: !If [CreateVpc, !Split [",", !GetAtt Net.Outputs.SubnetIds], !Ref SubnetIds]
        SecurityGroupIds: [!GetAtt Net.Outputs.GroupId]
"""

CHILD_PUBLIC_SUBNET = """\
AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties:
      CidrBlock: 10.0.0.0/16
  Igw:
    Type: AWS::EC2::InternetGateway
  Attach:
    Type: AWS::EC2::VPCGatewayAttachment
    Properties:
      VpcId: !Ref Vpc
      InternetGatewayId: !Ref Igw
  Public:
    Type: AWS::EC2::Subnet
    Properties:
      VpcId: !Ref Vpc
      CidrBlock: 10.0.1.0/24
  Table:
    Type: AWS::EC2::RouteTable
    Properties:
      VpcId: !Ref Vpc
  Default:
    Type: AWS::EC2::Route
    Properties:
      RouteTableId: !Ref Table
      DestinationCidrBlock: 0.0.0.0/0
      GatewayId: !Ref Igw
  Association:
    Type: AWS::EC2::SubnetRouteTableAssociation
    Properties:
      SubnetId: !Ref Public
      RouteTableId: !Ref Table
  Sg:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: fn
      VpcId: !Ref Vpc
Outputs:
  SubnetIds:
    Value: !Join [",", [!Ref Public]]
  GroupId:
    Value: !Ref Sg
"""


@pytest.mark.parametrize(("given", "fires"), [({"VpcId": ""}, True), ({"VpcId": "vpc-0abc"}, False), ({}, False)])
def test_a_decided_condition_picks_the_split_of_a_nested_output(tmp_path, given, fires):
    """`!If [CreateVpc, !Split [",", !GetAtt Net.Outputs.SubnetIds], !Ref SubnetIds]` (awslabs' TAMS): once a
    value decides the condition, the chosen Split names the child's subnets as it does written alone."""
    (tmp_path / "root.yaml").write_text(PARENT_CHOOSING_SUBNETS)
    (tmp_path / "net.yaml").write_text(CHILD_PUBLIC_SUBNET)
    options = engine.Options(parameters=[ParameterSet(given)] if given else [])
    result = engine.lint([str(tmp_path / "root.yaml")], options)
    assert ("W9611" in [f.rule.id for f in result.findings]) is fires


#: The cross-stack scenario's function, its subnets chosen between the network stack's export and a parameter.
CHOOSING_IMPORTED = (
    'Parameters:\n  VpcId:\n    Type: String\n    Default: ""\n  SubnetIds:\n'
    '    Type: List<AWS::EC2::Subnet::Id>\n    Default: ""\nConditions:\n  Shared: !Equals [!Ref VpcId, ""]\n'
    "Resources:"
)


@pytest.mark.parametrize(
    ("given", "cause"),
    [
        ({"VpcId": ""}, None),
        ({"VpcId": "vpc-0abc"}, "comes from parameter `SubnetIds` of type `List<AWS::EC2::Subnet::Id>`"),
        ({}, "depends on condition `Shared`, which depends on parameter `VpcId` (pass its value to decide it"),
    ],
)
def test_a_decided_condition_picks_the_split_of_an_import(tmp_path, given, cause):
    """`!If [Shared, !Split [",", !ImportValue shop-network-Subnets], !Ref SubnetIds]`: the chosen Split names the
    exporting stack's public subnets as it does written alone (W9611); undecided, or the parameter chosen, nothing."""
    scenario = FIXTURES / "cross-stack" / "exports-split-list"
    written = 'SubnetIds: !Split [",", !ImportValue shop-network-Subnets]'
    app = (scenario / "app.yaml").read_text()
    assert written in app
    chosen = 'SubnetIds: !If [Shared, !Split [",", !ImportValue shop-network-Subnets], !Ref SubnetIds]'
    (tmp_path / "app.yaml").write_text(app.replace(written, chosen).replace("Resources:", CHOOSING_IMPORTED, 1))
    (tmp_path / "network.yaml").write_text((scenario / "network.yaml").read_text())
    options = engine.Options(parameters=[ParameterSet(given)] if given else [])
    result = engine.lint([str(tmp_path / "app.yaml"), str(tmp_path / "network.yaml")], options)
    assert ("W9611" in [f.rule.id for f in result.findings]) is (cause is None)
    causes = [u.cause for u in result.undecided if u.fact == "the subnet list"]
    assert [c[: len(cause)] for c in causes] == [cause] if cause else causes == [], causes


PARENT_CHOOSING_ROUTE_TABLES = """\
AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  VpcId:
    Type: String
    Default: ""
  RouteTableIds:
    Type: CommaDelimitedList
    Default: ""
Conditions:
  CreateVpc: !Equals [!Ref VpcId, ""]
Resources:
  Net:
    Type: AWS::CloudFormation::Stack
    Condition: CreateVpc
    Properties:
      TemplateURL: net.yaml
  S3Endpoint:
    Type: AWS::EC2::VPCEndpoint
    Properties:
      VpcId: !If [CreateVpc, !GetAtt Net.Outputs.VpcId, !Ref VpcId]
      ServiceName: !Sub com.amazonaws.${AWS::Region}.s3
      RouteTableIds: !If [CreateVpc, !Split [",", !GetAtt Net.Outputs.RouteTableIds], !Ref RouteTableIds]
"""

CHILD_ROUTE_TABLES = """\
AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties:
      CidrBlock: 10.0.0.0/16
  TableA:
    Type: AWS::EC2::RouteTable
    Properties:
      VpcId: !Ref Vpc
  TableB:
    Type: AWS::EC2::RouteTable
    Properties:
      VpcId: !Ref Vpc
Outputs:
  VpcId:
    Value: !Ref Vpc
  RouteTableIds:
    Value: !Join [",", [!Ref TableA, !Ref TableB]]
"""


@pytest.mark.parametrize(
    ("given", "tables", "cause"),
    [
        ({"VpcId": ""}, ["Net/TableA", "Net/TableB"], None),
        ({"VpcId": "vpc-0abc"}, None, "comes from parameter `RouteTableIds` (pass its value to decide it)"),
        ({}, None, "depends on condition `CreateVpc`, which depends on parameter `VpcId` (pass its value"),
    ],
)
def test_a_decided_condition_picks_the_split_route_tables_of_a_nested_output(tmp_path, given, tables, cause):
    """Not subnets alone: a gateway endpoint's `RouteTableIds` goes through the same Split of a decided If, and
    names the child's route tables (where its answer decides whether a route table has an S3 endpoint)."""
    (tmp_path / "root.yaml").write_text(PARENT_CHOOSING_ROUTE_TABLES)
    (tmp_path / "net.yaml").write_text(CHILD_ROUTE_TABLES)
    options = engine.Options(plan=True, parameters=[ParameterSet(given)] if given else [])
    network = engine.lint([str(tmp_path / "root.yaml")], options).network
    assert network is not None
    [endpoint] = network.of(VpcEndpoint)
    if tables is None:
        assert endpoint.route_tables is UNKNOWN and endpoint.unknown["route_tables"].startswith(cause)
    else:
        assert [m.target.name for m in endpoint.route_tables] == tables, endpoint.unknown
        assert "route_tables" not in endpoint.unknown


EXPORTING_CONDITIONALLY = """\
AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  ProjectName:
    Type: String
    Default: shop
  UseExistingVpc:
    Type: String
    Default: "false"
  ExistingSubnetId:
    Type: String
    Default: ""
Conditions:
  CreateNewVpc: !Equals [!Ref UseExistingVpc, "false"]
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Condition: CreateNewVpc
    Properties:
      CidrBlock: 10.0.0.0/16
  Subnet:
    Type: AWS::EC2::Subnet
    Condition: CreateNewVpc
    Properties:
      VpcId: !Ref Vpc
      CidrBlock: 10.0.1.0/24
Outputs:
  SubnetId:
    Value: !If [CreateNewVpc, !Ref Subnet, !Ref ExistingSubnetId]
    Export:
      Name: !Sub ${ProjectName}-SubnetId
"""

IMPORTING_BY_DEFAULT_NAME = """\
AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  ProjectName:
    Type: String
    Default: shop
Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: python3.12
      Handler: index.handler
      Role: arn:aws:iam::111111111111:role/fn
      Code:
        ZipFile: "def handler(e, c): pass"
      VpcConfig:
        SubnetIds:
          - Fn::ImportValue: !Sub ${ProjectName}-SubnetId
        SecurityGroupIds: [sg-0123456789abcdef0]
"""


def test_an_import_named_by_a_default_says_which_parameter_to_pass(tmp_path):
    """An import whose name is an export's only with a parameter's Default (`!Sub ${ProjectName}-SubnetId`) stays
    unknown whatever the export's value (a Default never names anything); once the exporter's condition was decided
    (--parameter UseExistingVpc=false, on a public template) --explain blamed the value ("refers to `Subnet`, which
    exists only under a condition"), never naming ProjectName. Passing what it names decides the import."""
    (tmp_path / "network.yaml").write_text(EXPORTING_CONDITIONALLY)
    (tmp_path / "app.yaml").write_text(IMPORTING_BY_DEFAULT_NAME)
    paths = [str(tmp_path)]
    given = {"UseExistingVpc": "false"}
    result = engine.lint(paths, engine.Options(parameters=[ParameterSet(given)]))
    causes = [u.cause for u in result.undecided if "shop-SubnetId" in u.cause]
    assert causes == [
        "is imported from export `shop-SubnetId` of network.yaml only if parameter `ProjectName` keeps the Default "
        "the name is made with, which lambda6lint never takes for a name (pass its value to decide it)"
    ], causes
    decided = engine.lint(paths, engine.Options(parameters=[ParameterSet({**given, "ProjectName": "shop"})]))
    assert "I9605" in [f.rule.id for f in decided.findings]
    # with no value at all, the export's own cause follows (its value is unknown too)
    alone = [u.cause for u in engine.lint(paths).undecided if "shop-SubnetId" in u.cause]
    assert alone == [
        causes[0] + "; and that export's value depends on condition `CreateNewVpc`, which depends on parameter "
        "`UseExistingVpc` (pass its value to decide it; lambda6lint assumes no Default in a condition)"
    ], alone
