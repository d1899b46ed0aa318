"""Terraform plan JSON: planned values, after_unknown, configuration references, locations."""

from __future__ import annotations

import json
import shutil

from conftest import FIXTURES

from lambda6lint import engine
from lambda6lint.loaders.terraform import plan as tfplan

PLAN = FIXTURES / "W9601" / "bad-flag-false.tfplan.json"
HCL = FIXTURES / "W9601" / "bad-flag-false-from-tfvars"


def w9601(result):
    return [f for f in result.findings if f.rule.id == "W9601"]


def test_locations_in_the_plan_without_hcl(tmp_path):
    plan = tmp_path / "plan.json"
    shutil.copy(PLAN, plan)
    (finding,) = w9601(engine.lint([str(plan)]))
    line = plan.read_text().splitlines()[finding.location.line - 1]
    assert '"ipv6_allowed_for_dual_stack": false' in line
    assert finding.resource == "aws_lambda_function.fn"


def test_locations_in_hcl_with_tf_dir(tmp_path):
    plan = tmp_path / "plan.json"
    shutil.copy(PLAN, plan)
    (finding,) = w9601(engine.lint([str(plan)], engine.Options(tf_dir=str(HCL))))
    assert finding.location.path.endswith("main.tf")
    text = (HCL / "main.tf").read_text().splitlines()[finding.location.line - 1]
    assert "ipv6_allowed_for_dual_stack" in text


def test_locations_in_hcl_next_to_the_plan(tmp_path):
    shutil.copytree(HCL, tmp_path / "mod")
    shutil.copy(PLAN, tmp_path / "mod" / "plan.json")
    (finding,) = w9601(engine.lint([str(tmp_path / "mod" / "plan.json")]))
    assert finding.location.path.endswith("main.tf")


def test_references_link_unknown_ids_and_unknown_counts_as_present(tmp_path):
    doc = json.loads(PLAN.read_text())
    doc["configuration"]["root_module"]["resources"] = [
        r for r in doc["configuration"]["root_module"]["resources"] if r["type"] != "aws_lambda_function"
    ]
    plan = tmp_path / "plan.json"
    plan.write_text(json.dumps(doc, indent=2))
    assert w9601(engine.lint([str(plan)])) == []  # without references the subnets are unknown


def test_child_module_addresses():
    path = "module.net.module.vpc[0].aws_subnet.private[1]"
    assert tfplan._config_address(path) == "module.net.module.vpc.aws_subnet.private"
    assert tfplan._local_address(path) == "aws_subnet.private[1]"


def test_not_a_plan_named_explicitly_is_an_error(tmp_path):
    plan = tmp_path / "plan.json"
    plan.write_text('{"format_version": "1.2", "terraform_version": "1.9.0"}')
    result = engine.lint([str(plan)])
    assert [f.rule.id for f in result.findings] == ["E9600"]


def test_a_plan_found_beside_its_module_is_not_linted_twice(tmp_path):
    shutil.copytree(HCL, tmp_path / "mod")
    shutil.copy(PLAN, tmp_path / "mod" / "plan.json")
    assert len(w9601(engine.lint([str(tmp_path / "mod")]))) == 1
