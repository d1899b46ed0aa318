"""Terraform plan JSON: planned values, after_unknown, configuration references, locations."""

from __future__ import annotations

import json
import os
import re
import shutil

import pytest
from conftest import FIXTURES

from lambda6lint import discover, engine
from lambda6lint.loaders.common.marked import load_text, load_yaml
from lambda6lint.loaders.terraform import mapper
from lambda6lint.loaders.terraform import plan as tfplan
from lambda6lint.loaders.terraform.values import PRESENT, Instance, Link
from lambda6lint.model import UNKNOWN, Location

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


def test_a_modelled_modules_resource_the_code_beside_no_longer_makes_is_at_the_call(tmp_path):
    """A plan's NAT gateway placed through the terraform-aws-modules/vpc model (its fix: inputs of module.vpc) stayed
    at its line in the plan JSON when the code beside, edited since the plan, no longer makes it, while the run's
    other findings were at the code: it points at the module call there, the line a fix touches, so its fingerprint
    is the one the code's own run gives it (a baseline of either matches). Alone, the plan keeps its own lines."""
    fixture = FIXTURES / "E9602" / "bad-registry-vpc-without-ipv6"
    for name, edit in (
        ("same", lambda t: t),
        ("edited", lambda t: t.replace("nat_gateway = true", "nat_gateway = false")),
    ):
        shutil.copytree(fixture, tmp_path / name)
        (tmp_path / name / "main.tf").write_text(edit((fixture / "main.tf").read_text()))
        shutil.copy(fixture.with_suffix(".tfplan.json"), tmp_path / name / "plan.tfplan.json")
    found = {
        name: [f for f in engine.lint([str(tmp_path / name / "plan.tfplan.json")]).findings if f.rule.id == "I9651"]
        for name in ("same", "edited")
    }
    (same,), (edited,) = found["same"], found["edited"]
    lines = (tmp_path / "edited" / "main.tf").read_text().splitlines()
    assert edited.location.path.endswith("edited/main.tf"), edited.location
    assert lines[edited.location.line - 1] == 'module "vpc" {', edited.location
    code = (tmp_path / "same" / "main.tf").read_text().splitlines()
    assert code[same.location.line - 1].strip() == "enable_nat_gateway = true", same.location  # (the code's model)
    rel = os.path.relpath
    assert (rel(edited.location.path, tmp_path / "edited"), edited.resource, edited.key) == (
        rel(same.location.path, tmp_path / "same"),
        same.resource,
        same.key,
    )
    alone = tmp_path / "alone.tfplan.json"
    shutil.copy(fixture.with_suffix(".tfplan.json"), alone)
    (finding,) = [f for f in engine.lint([str(alone)]).findings if f.rule.id == "I9651"]
    assert finding.location.path == str(alone), finding.location


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
    assert tfplan.local_address(path) == "aws_subnet.private[1]"


def test_not_a_plan_named_explicitly_is_an_error(tmp_path):
    plan = tmp_path / "plan.json"
    plan.write_text('{"format_version": "1.2", "terraform_version": "1.9.0"}')
    result = engine.lint([str(plan)])
    assert [f.rule.id for f in result.findings] == ["E9600"]


def test_a_plan_found_beside_its_module_is_not_linted_twice(tmp_path):
    shutil.copytree(HCL, tmp_path / "mod")
    shutil.copy(PLAN, tmp_path / "mod" / "plan.json")
    assert len(w9601(engine.lint([str(tmp_path / "mod")]))) == 1


@pytest.mark.parametrize("kept", ["plans/old", "plans/2026/12/06/old"])
def test_a_plan_kept_in_a_folder_under_its_module_is_not_linted_twice(tmp_path, kept):
    """`plans/plan.json` under the module it is the plan of: a folder walk lints the module, and the plan
    would count and price its NAT gateways a second time (a helper's `--gb-per-month` totals doubled). However
    deep: the module was looked for 4 folders up, and one kept 5 below it was linted and priced again."""
    shutil.copytree(HCL, tmp_path / "mod")
    (tmp_path / "mod" / kept).mkdir(parents=True)
    plan = json.loads(PLAN.read_text())
    declared = re.findall(r'^resource "(\w+)" "(\w+)"', (HCL / "main.tf").read_text(), re.M)
    plan["configuration"]["root_module"]["resources"] = [  # (the plan of that module: what it declares)
        {"address": f"{t}.{n}", "mode": "managed", "type": t, "name": n} for t, n in declared
    ]
    (tmp_path / "mod" / kept / "plan.json").write_text(json.dumps(plan, indent=2))
    walked = engine.lint([str(tmp_path / "mod")])
    assert walked.sources == {"terraform-module": 1} and len(w9601(walked)) == 1
    named = engine.lint([str(tmp_path / "mod" / kept / "plan.json")])
    assert named.sources == {"terraform-plan": 1}  # (named, it is linted: the user's choice)


def test_a_plan_under_another_module_is_linted(tmp_path):
    """Only the module whose resources the plan declares is its module."""
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "main.tf").write_text('resource "aws_s3_bucket" "logs" {}\n')
    (tmp_path / "other" / "plans").mkdir()
    shutil.copy(PLAN, tmp_path / "other" / "plans" / "plan.json")
    assert engine.lint([str(tmp_path / "other")]).sources == {"terraform-module": 1, "terraform-plan": 1}


def test_locations_in_a_compact_plan_point_at_the_value(tmp_path):
    """`terraform show -json` writes one line: a resource's values are read without marks and marked
    when a finding asks (the column is the place)."""
    plan = tmp_path / "plan.json"
    text = json.dumps(json.loads(PLAN.read_text()), separators=(",", ":"))
    plan.write_text(text)
    (finding,) = w9601(engine.lint([str(plan)]))
    assert finding.location.line == 1
    assert text[finding.location.column - 1 :].startswith('"ipv6_allowed_for_dual_stack":false')


def test_a_key_written_twice_in_a_resources_values_keeps_its_last_value(tmp_path):
    """As json and Terraform read it; the marked read refuses it, so the finding points at the resource."""
    text = PLAN.read_text()
    assert text.index('"ipv6_allowed_for_dual_stack": false') < text.index('"resource_changes"')
    plan = tmp_path / "plan.json"
    plan.write_text(
        text.replace(
            '"ipv6_allowed_for_dual_stack": false',
            '"ipv6_allowed_for_dual_stack": true, "ipv6_allowed_for_dual_stack": false',
            1,
        )
    )
    (finding,) = w9601(engine.lint([str(plan)]))
    line = plan.read_text().splitlines()[finding.location.line - 1]
    assert '"address": "aws_lambda_function.fn"' in line


def test_a_key_written_twice_in_a_resource_keeps_its_last_value(tmp_path):
    """As json and Terraform read it. Which of the two is meant cannot be told, so the resource's
    place is where it starts; a place in its values is still found."""
    text = PLAN.read_text()
    plan = tmp_path / "plan.json"
    plan.write_text(
        text.replace('"address": "aws_lambda_function.fn"', '"address": "x", "address": "aws_lambda_function.fn"', 1)
    )
    (finding,) = w9601(engine.lint([str(plan)]))
    assert finding.resource == "aws_lambda_function.fn"
    lines = plan.read_text().splitlines()
    assert '"ipv6_allowed_for_dual_stack": false' in lines[finding.location.line - 1]
    start = finding.resource_obj.location
    assert lines[start.line - 1][start.column - 1 :] == "{"
    assert lines[start.line].strip().startswith('"address": "x"')


def test_a_resources_marks_are_looked_up_once_per_place():
    """The mapper asks whether a place is written, then where: one walk of the values, one location."""
    from lambda6lint.model import Location

    values = {"vpc_config": [{"subnet_ids": ["a", "b"]}], "runtime": "python3.12"}
    marks = tfplan._TreeMarks("p.json", values, Location("p.json", 1, 1))
    key = ("vpc_config", 0, "subnet_ids")
    assert key in marks and marks.get(key) is marks[key] is dict.get(marks, key)
    assert ("vpc_config", 0, "nope") not in marks and marks.get(("runtime", 0)) is None
    assert (marks[key].line, marks[key].column) == (1, 1)  # no marked text: the resource's place


def test_what_a_plan_keeps_per_resource_has_no_instance_dictionary():
    """A plan's instance, its marks and where it is in the text are kept to the end of the run, one of each per
    resource (72,610 for the bench's 100 MB plan): in slots, not dictionaries of their own (~1.6 KB for an
    `Instance`'s 33 fields, ~100 bytes for each of the others)."""
    text = PLAN.read_text()
    doc = load_text(text, tfplan.MAX_PLAN_NODES, tfplan._POINTED_AT)
    plan = tfplan._Plan(str(PLAN), doc, text)
    plan.collect(doc["planned_values"]["root_module"])
    inst = next(iter(plan.instances.values()))
    kept = [plan.source, inst, inst.marks, inst.marks.values_at, inst.marks.values_at.where, inst.location[1]]
    assert [type(k).__name__ for k in kept] == ["_Text", "Instance", "_TreeMarks", "_Values", "_Resource", "_Resource"]
    assert [hasattr(k, "__dict__") for k in kept] == [False] * len(kept)


@pytest.mark.parametrize("as_written", [True, False], ids=["json", "yaml-path"])
def test_a_resources_places_are_the_ones_its_marked_values_have(as_written):
    """Found along a path in the plan's text (a plan read as JSON) or walked in values the YAML path
    marked: the same places, and listing them all gives each of them again."""
    text = PLAN.read_text()
    doc = load_text(text, tfplan.MAX_PLAN_NODES, tfplan._POINTED_AT) if as_written else load_yaml(text)
    plan = tfplan._Plan(str(PLAN), doc, text)
    plan.collect(doc["planned_values"]["root_module"])
    reference = load_yaml(text)["planned_values"]["root_module"]["resources"]
    assert len(plan.instances) == len(reference) > 3
    for inst, theirs in zip(plan.instances.values(), reference, strict=True):
        assert (inst.location.line, inst.location.column) == theirs.mark_of("address")
        expected = {}
        tfplan._marks(theirs["values"], str(PLAN), (), expected)
        for key, where in expected.items():
            assert inst.marks[key] == where, key
        assert dict(inst.marks.items()) == expected


def test_what_only_apply_knows_reads_as_set_linked_or_computed():
    """An argument the plan has as unknown: set (PRESENT) unless the provider computes it when the
    configuration leaves it out (inline routes and rules: none of their own; a defaulted argument:
    absent); linked where its expression references an instance; a list argument as a list."""
    plan = tfplan._Plan("p.json", {})
    plan.instances["aws_subnet.a"] = Instance("aws_subnet.a", "aws_subnet", {}, Location("p.json"))
    plan.config_keys["aws_subnet.a"] = ["aws_subnet.a"]
    names = ["route", "egress", "ip_address_type", "subnet_ids", "vpc_id", "kept"]
    values = {name: None for name in names[:-1]} | {"kept": "x"}
    unknown = dict.fromkeys(names[:-1], True)
    assert plan.merge(values, unknown, {}, "") == {
        "route": [],
        "egress": [],
        "ip_address_type": None,
        "subnet_ids": [PRESENT],
        "vpc_id": PRESENT,
        "kept": "x",
    }
    linked = {"references": ["aws_subnet.a.id", "aws_subnet.a"]}
    expressions = {"route": [{}], "egress": {"constant_value": []}, "subnet_ids": linked, "vpc_id": linked}
    merged = plan.merge(values, unknown, expressions, "")
    assert (merged["route"], merged["egress"]) == (UNKNOWN, UNKNOWN)  # configured, known only after apply
    assert merged["subnet_ids"] == [Link("aws_subnet.a")] and merged["vpc_id"] == Link("aws_subnet.a")
    constant = {"kept": {"constant_value": "x"}, "vpc_id": {"constant_value": None}}
    assert plan.merge({"kept": "x", "vpc_id": None}, {}, constant, "") == {"kept": "x", "vpc_id": None}


def test_a_map_written_as_a_constant_is_the_plans_own():
    """`tags = {…}` (a constant: `constant_value`) is kept as the plan has it, not copied, as stepping through it
    kept it; a map with a key named `constant_value` (which finds the constant as its expression) too."""
    plan = tfplan._Plan("p.json", {})
    tags = {"Name": "a", "nested": {"list": [1, None]}}
    odd = {"constant_value": "x", "other": ["y"]}
    values = {"tags": tags, "odd": odd}
    merged = plan.merge(values, {"id": True}, {"tags": {"constant_value": tags}, "odd": {"constant_value": odd}}, "")
    assert merged == {"tags": tags, "odd": odd, "id": PRESENT}
    assert merged["tags"] is tags and merged["odd"] is odd


def test_a_known_document_naming_a_bucket_stays_a_document():
    """A role policy whose known JSON names a bucket's ARN became a reference to the bucket: its actions were
    lost and --explain called the document "the literal id `{"Version"…`". A value that is the bucket's name
    (or a text naming it, an environment variable's) still links it."""
    plan = tfplan._Plan("p.json", {})
    plan.instances["aws_s3_bucket.b"] = Instance("aws_s3_bucket.b", "aws_s3_bucket", {"bucket": "b"}, Location("p"))
    plan.config_keys["aws_s3_bucket.b"] = ["aws_s3_bucket.b"]
    named = {"references": ["aws_s3_bucket.b.arn", "aws_s3_bucket.b"]}
    statement = '{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}'
    document = '{"Version":"2012-10-17","Statement":[' + statement + "]}"
    assert plan.merge(document, None, named, "", "policy") == document
    assert plan.merge("b", None, named, "", "bucket") == Link("aws_s3_bucket.b", "bucket")
    assert plan.merge("s3://b/in", None, named, "", "INPUT") == Link("aws_s3_bucket.b", "id")


def _existing(plan: dict) -> dict:
    """The plan of infrastructure that already exists: every id known, each reference's value the id
    (or ARN) it names, nothing left for apply (as `terraform plan` against a state prints it)."""
    planned = {r["address"]: r["values"] for r in plan["planned_values"]["root_module"]["resources"]}
    ids = {address: f"{address.split('.')[0]}-{n:017x}" for n, address in enumerate(planned)}
    configs = {c["address"]: c.get("expressions", {}) for c in plan["configuration"]["root_module"]["resources"]}

    def value_of(refs: list[str]):
        named = [a for a in ids if a == refs[0].removesuffix(".id").removesuffix(".arn") or a.startswith(refs[0] + "[")]
        values = [ids[a] if not refs[0].endswith(".arn") else f"arn:aws:iam::111111111111:role/{a}" for a in named]
        return values if len(named) > 1 or not refs[0].endswith((".id", ".arn")) else values[0]

    for change in plan["resource_changes"]:
        address = change["address"]
        values = planned[address]
        values.update(id=ids[address], arn=f"arn:aws:iam::111111111111:role/{address}")
        expressions = configs[address.split("[")[0]]
        for key, unknown in change["change"]["after_unknown"].items():
            if unknown is True and isinstance(expressions.get(key), dict) and "references" in expressions[key]:
                values[key] = value_of(expressions[key]["references"])
            elif unknown is True and key not in ("id", "arn"):
                values[key] = [] if key in ("route", "ingress", "inline_policy", "managed_policy_arns") else "known"
        config = expressions.get("vpc_config")
        if isinstance(config, list) and values.get("vpc_config"):
            for key, item in config[0].items():
                if "references" in item:
                    found = value_of(item["references"])
                    values["vpc_config"][0][key] = found if isinstance(found, list) else [found]
        change["change"].update(actions=["no-op"], after=values, after_unknown={})
    return plan


def test_a_plan_of_existing_infrastructure_links_its_known_ids(tmp_path):
    """Against a state every id is known: a subnet's `vpc_id` is the VPC's `id` and links it. It linked
    to an attribute `vpc_id` of the VPC, which nothing models: every VPC fact was unknown, I9605 was
    missed and --explain blamed an unknown count."""
    plan = json.loads((FIXTURES / "I9605" / "bad-vpc-without-ipv6.tfplan.json").read_text())
    path = tmp_path / "existing.tfplan.json"
    path.write_text(json.dumps(_existing(plan), indent=1))
    result = engine.lint([str(path)])
    assert [f.rule.id for f in result.findings] == ["I9605"], [f.message for f in result.findings]
    assert not result.undecided, [u.text for u in result.undecided]


def _with_record(plan: dict, records: list[str]) -> dict:
    """The plan with a Route 53 record of the Elastic IP's address, already known (the address exists)."""
    values = {"zone_id": "Z0123456789", "name": "egress.example.com", "type": "A", "ttl": 300, "records": records}
    head = {"address": "aws_route53_record.egress", "mode": "managed", "type": "aws_route53_record", "name": "egress"}
    plan["planned_values"]["root_module"]["resources"].append({**head, "values": values})
    change = {"actions": ["no-op"], "before": values, "after": values, "after_unknown": {}}
    plan["resource_changes"].append({**head, "change": change})
    expressions = {"records": {"references": ["aws_eip.nat.public_ip", "aws_eip.nat"]}}
    plan["configuration"]["root_module"]["resources"].append({**head, "expressions": expressions})
    return plan


def test_a_plan_of_existing_infrastructure_keeps_what_its_configuration_names(tmp_path):
    """Against a state, a value that named a resource is the resource's known value (a DNS record holds
    the Elastic IP's address, not a reference to it): what the configuration names still counts, so a
    NAT gateway whose address the record publishes stays, as in the HCL and in CloudFormation."""
    plan = _existing(json.loads((FIXTURES / "W9650" / "bad-nat-serving-dualstack-lambdas.tfplan.json").read_text()))
    for change in plan["resource_changes"]:  # (the IPv6 blocks AWS gave them)
        if change["type"] in ("aws_vpc", "aws_subnet") and "ipv6_cidr_block" in change["change"]["after"]:
            block = (
                "2600:1f18:1:100::/56" if change["type"] == "aws_vpc" else f"2600:1f18:1:1{change.get('index', 0)}::/64"
            )
            change["change"]["after"]["ipv6_cidr_block"] = block
    path = tmp_path / "existing.tfplan.json"
    path.write_text(json.dumps(plan, indent=1))
    assert "W9650" in [f.rule.id for f in engine.lint([str(path)]).findings]  # (deployed, without the record)
    path.write_text(json.dumps(_with_record(plan, ["3.3.3.3"]), indent=1))
    result = engine.lint([str(path)])
    assert "W9650" not in [f.rule.id for f in result.findings], [f.message for f in result.findings]


@pytest.mark.parametrize("levels", [3, 12])
def test_what_a_configuration_names_blocks_deep_still_counts(tmp_path, levels):
    """The record's reference to the Elastic IP written `levels` blocks deep in its configuration: references
    were looked for 8 blocks deep (`plan._references`) and past that dropped, so the record seemed to name
    nothing and W9650 said the gateway whose address it publishes can go. Every block is read, however deep."""
    plan = _existing(json.loads((FIXTURES / "W9650" / "bad-nat-serving-dualstack-lambdas.tfplan.json").read_text()))
    for change in plan["resource_changes"]:
        if change["type"] in ("aws_vpc", "aws_subnet") and "ipv6_cidr_block" in change["change"]["after"]:
            block = (
                "2600:1f18:1:100::/56" if change["type"] == "aws_vpc" else f"2600:1f18:1:1{change.get('index', 0)}::/64"
            )
            change["change"]["after"]["ipv6_cidr_block"] = block
    plan = _with_record(plan, ["3.3.3.3"])
    record = plan["configuration"]["root_module"]["resources"][-1]
    for level in reversed(range(levels)):
        record["expressions"] = {"ttl": {"constant_value": 300}, f"block{level}": [record["expressions"]]}
    path = tmp_path / "existing.tfplan.json"
    path.write_text(json.dumps(plan, indent=1))
    result = engine.lint([str(path)])
    assert "W9650" not in [f.rule.id for f in result.findings], [f.message for f in result.findings]


@pytest.mark.parametrize(
    ("refs", "kept"),
    [
        (["aws_nat_gateway.nat.id", "aws_nat_gateway.nat"], []),
        (["aws_nat_gateway.nat[0].id", "aws_nat_gateway.nat[0]", "aws_nat_gateway.nat"], []),
        (
            ["aws_nat_gateway.nat.public_ip", "aws_nat_gateway.nat"],
            ["aws_nat_gateway.nat.public_ip", "aws_nat_gateway.nat"],
        ),
        (["aws_eip.nat.public_ip", "aws_eip.nat"], ["aws_eip.nat.public_ip", "aws_eip.nat"]),
        (
            ["aws_nat_gateway.nat.allocation_id", "aws_nat_gateway.nat"],
            ["aws_nat_gateway.nat.allocation_id", "aws_nat_gateway.nat"],
        ),
        (["aws_subnet.a.id", "aws_subnet.a"], ["aws_subnet.a.id", "aws_subnet.a"]),
    ],
)
def test_an_output_of_a_nat_gateways_id_does_not_expose_its_address(refs, kept):
    """RULES.md W9650: only the Elastic IP (or the gateway's public_ip) is a static address someone may
    rely on; ids are output by habit."""
    assert tfplan._exposing(refs) == kept


def test_each_plan_of_a_run_goes_once_it_is_checked(tmp_path, monkeypatch):
    """A run of many plans held every one (~1 GB for 100 MB each) until it ended: 64 were checked
    together, the engine kept what the last one built, and each resource's marks and the places found
    in them referred to each other (a cycle per resource, which the collector the engine pauses never
    saw). Each plan is now checked on its own and gone by the next one, the collector off."""
    import gc

    from lambda6lint import checking

    for name in ("a", "b", "c"):
        (tmp_path / name).mkdir()
        shutil.copy(PLAN, tmp_path / name / "plan.json")
    alive = []
    flush = checking.Batches.flush

    def counted(self):
        checked = flush(self)
        alive.append(sum(isinstance(o, tfplan._Text) for o in gc.get_objects()))
        return checked

    monkeypatch.setattr(checking.Batches, "flush", counted)
    gc.collect()
    gc.disable()
    try:
        result = engine.lint([str(tmp_path)])
        assert len(w9601(result)) == 3
        assert alive[:3] == [1, 1, 1]  # (the one being checked: the previous ones have gone)
        assert not any(isinstance(o, tfplan._Text) for o in gc.get_objects())
    finally:
        gc.enable()


@pytest.mark.parametrize(
    ("folder", "expected"),
    [
        ("I9651/bad-module-vpc-through-a-local", [("I9605", 20), ("I9651", 55)]),
        ("I9605/bad-module-map-vpc-config", [("I9605", 18)]),  # (`each.value.subnet_ids` in a vpc_config block)
        ("I9605/bad-module-map-vpc-config-string-bool", [("I9605", 18)]),  # ("false" in the HCL, false in the plan)
        ("W9650/bad-nat-route-target-from-a-local", [("W9650", 26)]),  # (an inline `route` of a set, by destination)
        ("W9650/bad-nat-route-target-each-value", [("I9660", 114), ("W9650", 48)]),  # (`nat[each.value].id`)
        ("I9605/bad-subnets-filtered-by-a-variable", [("I9605", 41)]),  # (`[for … : s.id if !var.subnets[k].public]`)
        # (a map with one computed value is unknown whole in a plan: NODE_OPTIONS is read from the code)
        ("E9633/bad-nodejs18-ipv6first-env-with-a-computed-value", [("E9633", 82)]),
    ],
)
def test_links_a_plan_does_not_record_come_from_the_hcl_beside_it(folder, expected):
    """A module that names its VPC through a local (terraform-aws-vpc's `vpc_id = local.vpc_id`), or its
    subnets through a map's `each.value`: the plan has them as unknown and records no locals, so the plan
    alone decided nothing. With the module's `.tf` beside it, the plan takes the resources the HCL names
    there, and finds what the HCL finds."""
    folder = FIXTURES / folder
    rules = lambda result: sorted((f.rule.id, f.location.line) for f in result.findings)  # noqa: E731
    assert rules(engine.lint([str(folder / "plan.json")])) == rules(engine.lint([str(folder)])) == expected


#: W9610's plan of associations on one of the private tables counted otherwise (terraform-aws-vpc's shape).
ONE_OF_TABLES = FIXTURES / "W9610" / "bad-associations-on-one-of-tables-counted-otherwise.tfplan.json"
#: What the plan records of `element(aws_route_table.private[*].id, var.single_nat_gateway ? 0 : count.index)`.
ONE_OF_REFERENCES = ["aws_route_table.private", "var.single_nat_gateway", "count.index"]


@pytest.mark.parametrize(
    ("references", "flag", "decided"),
    [
        (ONE_OF_REFERENCES, False, True),
        (["aws_route_table.private", "each.key"], False, True),
        (ONE_OF_REFERENCES, None, True),
        # (a string variable may hold another table's id: `var.rt != "" ? var.rt : …`; a variable the plan has no
        # value of; a local, `each.value`, whose values a plan does not record; another table; another attribute)
        (ONE_OF_REFERENCES, "rtb-0123456789abcdef0", False),
        (["aws_route_table.private", "var.nowhere", "count.index"], False, False),
        (["aws_route_table.private", "local.pick", "count.index"], False, False),
        (["aws_route_table.private", "each.value", "count.index"], False, False),
        (["aws_route_table.lambda.id", "aws_route_table.lambda", *ONE_OF_REFERENCES], False, False),
        (["aws_route_table.private", "aws_route_table.private[0].owner_id", "count.index"], False, False),
    ],
)
def test_a_plans_association_on_one_of_a_block_of_tables_is_on_one_of_its_instances(
    tmp_path, references, flag, decided
):
    """terraform-aws-vpc's private associations, `route_table_id = element(aws_route_table.private[*].id,
    var.single_nat_gateway ? 0 : count.index)`, the tables counted otherwise: the plan has the table as unknown
    and records only the references, which `positional` does not pair. The table was "known only after apply", so
    the NAT gateway the private tables route to was undecided (no I9651, which the code finds). Where all the
    references name is that block, `count.index` or `each.key` and variables of known values that are no strings,
    what is unknown comes from the block alone: one of its planned instances, as the code reads element()."""
    doc = json.loads(ONE_OF_TABLES.read_text())
    (config,) = [
        r
        for r in doc["configuration"]["root_module"]["resources"]
        if r["address"] == "aws_route_table_association.private"
    ]
    assert config["expressions"]["route_table_id"]["references"] == ONE_OF_REFERENCES
    config["expressions"]["route_table_id"]["references"] = references
    doc["variables"]["single_nat_gateway"]["value"] = flag
    (tmp_path / "plan.json").write_text(json.dumps(doc))
    result = engine.lint([str(tmp_path / "plan.json")])
    found = sorted({f.rule.id for f in result.findings})
    nat = [u.text for u in result.undecided if u.subject.name == "aws_nat_gateway.nat"]
    if decided:
        assert found == ["I9651", "I9660", "W9610"]
        assert not nat, nat
    else:
        assert found == ["I9660", "W9610"]
        assert any("the route table of subnet aws_subnet.private[0]" in text for text in nat), nat


def test_which_of_a_block_of_tables_a_plan_does_not_say_is_explained_and_the_code_tells():
    """terraform-aws-vpc's shape with a NAT gateway per private table: each association is on one of the private
    tables (`element(aws_route_table.private[*].id, var.single_nat_gateway ? 0 : count.index)`), but which one, and so
    which NAT gateway its subnet uses, the plan does not record. The NAT gateways stay undecided, and --explain said
    only that the subnet's table "is known only after apply": it now names the tables it is one of and what tells
    (the code, which finds W9650 when the plan is linted with it)."""
    planned = FIXTURES / "W9650" / "good-nat-per-table-behind-associations-on-one-of-tables.tfplan.json"
    result = engine.lint([str(planned)])
    assert not [f for f in result.findings if f.rule.id == "W9650"]
    said = sorted({u.text for u in result.undecided if u.subject.name.startswith("module.vpc.aws_nat_gateway.this")})
    tables = "module.vpc.aws_route_table.private[0], module.vpc.aws_route_table.private[1]"
    assert said == [
        f"the route table of subnet module.vpc.aws_subnet.private[{i}] is one of {tables}: the plan records the block "
        "its expression names, not which instance (lint the plan beside its code, or with --tf-dir)"
        for i in range(3)
    ], said
    code = FIXTURES / "tfplan" / "sources" / "nat-per-table-behind-associations-on-one-of-tables"
    beside = engine.lint([str(planned)], engine.Options(tf_dir=str(code)))
    assert [f.resource for f in beside.findings if f.rule.id == "W9650"] == ["module.vpc.aws_nat_gateway.this[0]"]


def test_a_nat_route_target_a_plan_hides_leaves_its_nat_gateways_undecided():
    """`nat_gateway_id = local.nat_id` in an inline route: the plan records neither the local nor the target
    (known only after apply, so made by this apply). The NAT gateway was said to serve no function, with no
    --explain entry; any NAT gateway of the plan may be the target (helper, plan against HCL)."""
    result = engine.lint([str(FIXTURES / "W9650" / "good-nat-route-target-from-a-local.tfplan.json")])
    causes = [u.text for u in result.undecided if u.subject.name == "aws_nat_gateway.nat"]
    assert causes == [
        "whether the route {} for 0.0.0.0/0 of aws_route_table.private goes to it is known only after apply (the "
        "plan has it as unknown)"
    ], causes


def test_a_plan_folder_named_before_its_module_does_not_count_the_nat_twice(tmp_path, monkeypatch):
    """`lambda6lint plans .`: the plan is skipped under a module any walk of the run lints, in whatever order the
    folders are named (helper)."""
    shutil.copytree(FIXTURES / "W9650" / "bad-nat-route-target-each-value", tmp_path / "repo")
    (tmp_path / "repo" / "plans").mkdir()
    (tmp_path / "repo" / "plan.json").rename(tmp_path / "repo" / "plans" / "plan.json")
    monkeypatch.chdir(tmp_path / "repo")
    for order in (["plans", "."], [".", "plans"], ["."]):
        assert engine.lint(order).sources == {"terraform-module": 1}, order
    assert engine.lint(["plans"]).sources == {"terraform-plan": 1}


def test_a_plan_named_with_its_module_folder_names_no_root_module_call(tmp_path, monkeypatch):
    """`lambda6lint plan.json .`: the plan and the folder's walk find one function of a local module under one
    address; the finding kept said it was "made through root module ." as if two roots called the module."""
    shutil.copytree(FIXTURES / "I9605" / "bad-module-map-vpc-config", tmp_path / "repo")
    monkeypatch.chdir(tmp_path / "repo")
    [finding] = engine.lint(["plan.json", "."]).findings
    assert finding.rule.id == "I9605" and not any("root module" in said for _, said in finding.related), finding
    assert [f.related for f in engine.lint(["."]).findings] == [finding.related]


def test_only_plan_blocks_with_unknown_parts_are_matched_with_the_hcl(monkeypatch):
    """1,600 ingress blocks of a group (a dynamic block) with nothing unknown were each compared with every
    block of the HCL: seconds on a 1 MB plan (helper). None is compared now, and past 10,000 pairs none."""
    compared = []
    same = tfplan._same_block
    monkeypatch.setattr(tfplan, "_same_block", lambda a, b: compared.append(1) or same(a, b))
    known = [{"from_port": i, "cidr_blocks": ["10.0.0.0/8"]} for i in range(1600)]
    tfplan._links_from_hcl({"ingress": known}, {"ingress": [dict(b) for b in known]}, set(), [tfplan._PLAN_PAIRS])
    assert compared == []
    unknown = [{"from_port": i, "security_groups": [PRESENT]} for i in range(200)]
    tfplan._links_from_hcl({"ingress": unknown}, {"ingress": [dict(b) for b in unknown]}, set(), [tfplan._PLAN_PAIRS])
    assert compared == []
    few = [{"from_port": 443, "security_groups": [PRESENT]}]
    hcl = [{"from_port": "443", "security_groups": [Link("aws_security_group.a")]}]
    attrs = {"ingress": few}
    budget = [tfplan._PLAN_PAIRS]
    tfplan._links_from_hcl(attrs, {"ingress": hcl}, {"aws_security_group.a"}, budget)
    assert attrs["ingress"][0]["security_groups"] == [Link("aws_security_group.a")] and compared == [1]
    assert budget == [tfplan._PLAN_PAIRS - 1]


def test_a_plan_compares_at_most_its_budget_of_blocks_with_the_hcl(monkeypatch):
    """60 counted groups of 100 ingress blocks each, with the HCL beside the plan: 600,000 pairs, up to a minute
    on an 856 KB plan (helper). Past the plan's budget, what the HCL would name stays unknown."""
    compared = []
    same = tfplan._same_block
    monkeypatch.setattr(tfplan, "_same_block", lambda a, b: compared.append(1) or same(a, b))
    blocks = [{"from_port": i, "security_groups": [PRESENT]} for i in range(100)]
    budget = [250]
    for _ in range(5):
        attrs = {"ingress": [dict(b) for b in blocks[:10]]}
        tfplan._links_from_hcl(attrs, {"ingress": [dict(b) for b in blocks[:10]]}, set(), budget)
    assert len(compared) == 200 and budget == [50]  # (two groups of 100 pairs; the third would pass the budget)


def test_routes_a_plan_has_from_state_do_not_choose_how_the_ipv6_route_is_written():
    """An existing route table whose .tf writes no `route` block: the plan's `route` (optional, computed) holds
    the routes it has, a NAT route another configuration made included. Read as inline blocks, they made the
    step say "add a route block", which, followed, has Terraform delete that NAT route (helper, attacking it)."""
    path = FIXTURES / "W9610" / "bad-existing-table-routes-from-state.tfplan.json"
    result = engine.lint([str(path)], engine.Options(plan=True))
    [w9610] = [f for f in result.findings if f.rule.id == "W9610"]
    assert "its routes are inline blocks" not in w9610.message
    assert "(the plan's configuration writes none of the table's routes: a route block would replace those it " in (
        w9610.message
    )  # (only an aws_route: a route block, its alternative, removed another configuration's route too; helper)


@pytest.mark.parametrize(
    ("fixture", "rule", "said"),
    [
        (
            "W9620/bad-egress-rules-made-by-another-configuration.tfplan.json",
            "W9620",
            "e.g. an aws_vpc_security_group_egress_rule with",
        ),
        (
            "W9621/bad-acl-rules-made-by-another-configuration.tfplan.json",
            "W9621",
            "Add aws_network_acl_rule resources",
        ),
        (
            "W9630/bad-endpoint-tables-made-by-another-configuration.tfplan.json",
            "W9630",
            "(an aws_vpc_endpoint_route_table_association (its route_table_ids come from associations this "
            "configuration does not write: writing them would remove those))",
        ),
    ],
)
def test_rules_and_tables_a_deployed_resource_has_do_not_choose_how_the_fix_is_written(fixture, rule, said):
    """A plan of deployed resources holds what they have (a group's egress, an ACL's rules, an endpoint's route
    tables) also where the code does not write it, made by other configurations. Read as written inline, the
    fix said "an egress block", "blocks in the aws_network_acl", "its route_table_ids": followed, Terraform
    replaced those rules and tables (helper, following plans of deployed state). A rule resource is said."""
    [finding] = [f for f in engine.lint([str(FIXTURES / fixture)]).findings if f.rule.id == rule]
    assert said in finding.message, finding.message


def test_a_route_a_deployed_table_has_but_the_code_does_not_write_is_removed_where_it_is_made():
    result = engine.lint(
        [str(FIXTURES / "W9650/bad-nat-route-made-by-another-configuration.tfplan.json")], engine.Options(plan=True)
    )
    assert result.plan is not None
    removal = [
        (c.resource.name, c.what)
        for n in result.plan.nats
        for s in n.steps
        for c in s.changes
        if s.step == "remove-nat"
    ]
    assert (
        "aws_route_table.private.route[1]",
        "remove it where it is made: the table has it as deployed, and this configuration writes none of its routes",
    ) in removal, removal


def test_a_dynamic_block_the_plans_configuration_leaves_out_is_read_from_the_hcl_beside_it():
    """A plan's configuration has no `dynamic` blocks: alone, it cannot say how the table's routes are written
    (the step offers both); beside the .tf, the HCL tells, and the step is a route block, as the HCL's own."""
    folder = FIXTURES / "W9610" / "bad-dynamic-route-blocks"
    inline = "Add a route block with ipv6_cidr_block"
    for paths in ([folder], [folder / "plan.json"]):
        [w9610] = [f for f in engine.lint([str(p) for p in paths]).findings if f.rule.id == "W9610"]
        assert inline in w9610.message, w9610.message


def test_ingress_the_code_writes_does_not_make_egress_it_does_not_write_inline(tmp_path):
    """A group whose configuration writes an ingress block but no egress: its egress as deployed is another's,
    which an egress block would replace (an IPv4 outage); the fix stays a rule resource (helper, attacking it)."""
    doc = json.loads((FIXTURES / "W9620/bad-egress-rules-made-by-another-configuration.tfplan.json").read_text())
    config = next(r for r in doc["configuration"]["root_module"]["resources"] if r["type"] == "aws_security_group")
    config["expressions"]["ingress"] = [{"from_port": {"constant_value": 443}, "protocol": {"constant_value": "tcp"}}]
    ingress = {"from_port": 443, "to_port": 443, "protocol": "tcp", "cidr_blocks": ["10.0.0.0/8"]}
    for res in doc["planned_values"]["root_module"]["resources"]:
        if res["type"] == "aws_security_group":
            res["values"]["ingress"] = [
                {**ingress, "ipv6_cidr_blocks": [], "prefix_list_ids": [], "security_groups": []}
            ]
    (tmp_path / "plan.json").write_text(json.dumps(doc))
    [w9620] = [f for f in engine.lint([str(tmp_path / "plan.json")]).findings if f.rule.id == "W9620"]
    assert "e.g. an aws_vpc_security_group_egress_rule with" in w9620.message, w9620.message


@pytest.mark.parametrize(
    ("data_type", "values", "w9620"),
    [
        ("aws_prefix_list", {"name": "com.amazonaws.us-east-1.s3"}, True),
        ("aws_ec2_managed_prefix_list", {"name": "com.amazonaws.us-east-1.dynamodb", "address_family": "IPv4"}, True),
        ("aws_ec2_managed_prefix_list", {"name": "partners", "address_family": "IPv4"}, True),
        ("aws_ec2_managed_prefix_list", {"name": "partners-v6", "address_family": "IPv6"}, False),
        ("aws_prefix_list", {"name": "partners"}, False),  # (a list of unknown family counts as IPv6 egress)
    ],
)
def test_a_prefix_list_a_data_source_read_decides_by_its_id_whether_it_is_ipv6_egress(
    tmp_path, data_type, values, w9620
):
    """A plan of deployed infrastructure has the group's prefix list by its id, read by a data source whose
    values say which list it is: S3's AWS-managed list is IPv4 (it gave a false W9650 and no W9620)."""
    doc = json.loads((FIXTURES / "W9620/bad-ipv4-prefix-list-egress.tfplan.json").read_text())
    resources = doc["planned_values"]["root_module"]["resources"]
    resources.append(
        {
            "address": f"data.{data_type}.pl",
            "mode": "data",
            "type": data_type,
            "name": "pl",
            "values": {"id": "pl-63a5400a", "cidr_blocks": [], **values},
        }
    )
    for res in [*resources, *(r["change"] | {"type": r["type"]} for r in doc["resource_changes"])]:
        if res["type"] == "aws_security_group":
            (res.get("values") or res["after"])["egress"][0]["prefix_list_ids"] = ["pl-63a5400a"]
            if "after_unknown" in res:
                res["after_unknown"]["egress"][0]["prefix_list_ids"] = [False]
    (tmp_path / "plan.json").write_text(json.dumps(doc))
    found = {f.rule.id for f in engine.lint([str(tmp_path / "plan.json")]).findings}
    assert ("W9620" in found) == w9620, found
    assert "W9650" not in found or not w9620, found


@pytest.mark.parametrize(
    ("edit", "said"),
    [
        (None, None),
        ('resource "aws_eip" "spare" {\n  domain = "vpc"\n}\n', "only in the code: aws_eip.spare"),
        ("drop-first", "only in the plan: "),
        ("target", None),  # (a `-target` plan plans some resources of the configuration it records whole)
    ],
)
def test_a_plan_made_from_other_code_than_the_tf_beside_it_is_warned_of(tmp_path, capsys, edit, said):
    """The findings judge the plan but point at the code beside it: a plan older than the code (or another
    branch's) pointed at lines that say something else, silently (helper, living with it)."""
    from lambda6lint.cli import main

    shutil.copytree(FIXTURES / "W9610" / "bad-dynamic-route-blocks", tmp_path / "m")
    code = (tmp_path / "m" / "main.tf").read_text()
    if edit == "drop-first":
        start = code.index('resource "')
        end = code.index('resource "', start + 1)
        code = code[:start] + code[end:]
    elif edit == "target":
        doc = json.loads((tmp_path / "m" / "plan.json").read_text())
        del doc["planned_values"]["root_module"]["resources"][0]
        (tmp_path / "m" / "plan.json").write_text(json.dumps(doc))
    elif edit:
        code += edit
    (tmp_path / "m" / "main.tf").write_text(code)
    main([str(tmp_path / "m" / "plan.json"), "--format", "json"])
    warnings = json.loads(capsys.readouterr().out)["warnings"]
    if said is None:
        assert warnings == []
    else:
        [warning] = warnings
        assert warning["path"].endswith("plan.json") and said in warning["message"], warning
        assert "make the plan again" in warning["message"]


def test_what_a_plans_known_value_says_is_why_it_decides_nothing(tmp_path):
    """A VPC's IPAM pool written as a literal id is in the plan: --explain says it is that id, of a pool not in
    the run (it said the plan had it as unknown, only known after apply)."""
    plan = json.loads((FIXTURES / "W9601" / "good-flag-true.tfplan.json").read_text())
    pool = {"assign_generated_ipv6_cidr_block": False, "ipv6_ipam_pool_id": "ipam-pool-0123456789abcdef0"}
    for values in [r["values"] for r in plan["planned_values"]["root_module"]["resources"] if r["type"] == "aws_vpc"]:
        values.update(pool)
    for change in [c["change"] for c in plan["resource_changes"] if c["type"] == "aws_vpc"]:
        change["after"].update(pool)
    (tmp_path / "plan.json").write_text(json.dumps(plan, indent=1))
    said = [u.cause for u in engine.lint([str(tmp_path / "plan.json")]).undecided if "IPv6 addresses" in u.fact]
    assert said == [
        "cannot be known: their IPAM pool is the literal id `ipam-pool-0123456789abcdef0`, a resource that is not "
        "in this run (a private scope's addresses never reach it)"
    ], said
    assert tfplan._why({"vpc_config": [{"subnet_ids": PRESENT}]})(("vpc_config", 0, "subnet_ids")) == (
        "is known only after apply (the plan has it as unknown)"
    )


@pytest.mark.parametrize(
    "plan",
    [
        "W9650/good-eip-in-a-dns-record-through-a-local/plan.json",  # new resources, the code beside it
        "W9650/good-eip-in-a-dns-record-through-a-local.tfplan.json".replace("good-", "good-deployed-"),
        "W9650/good-deployed-instance-placed-through-a-local.tfplan.json",
    ],
)
def test_what_a_plan_names_through_a_local_keeps_the_nat_gateway(plan):
    """A plan's configuration does not record locals: a record publishing the Elastic IP through one, or an
    instance placed in the function's subnet through one, kept no NAT gateway. Once they exist, the plan holds
    the known address and id (matched to what has them); before, the code beside the plan names them."""
    result = engine.lint([str(FIXTURES / plan)])
    assert "W9650" not in [f.rule.id for f in result.findings], [f.message for f in result.findings]


def _instances_of(*addresses: str) -> dict:
    """A `planned_values` root module holding these instances (each in its child module)."""
    modules: dict[str, list] = {}
    for address in addresses:
        local = tfplan.local_address(address)
        rtype, name = tfplan._config_address(local).split(".")
        modules.setdefault(address[: len(address) - len(local)].rstrip("."), []).append(
            {"address": address, "mode": "managed", "type": rtype, "name": name, "values": {}}
        )
    root = modules.pop("", [])
    return {"resources": root, "child_modules": [{"address": a, "resources": r} for a, r in modules.items()]}


def test_a_reference_in_a_module_of_count_or_for_each_names_its_own_instance_of_the_module():
    """In `module "vpc" { count = 2 }`, `aws_vpc.this.id` and `aws_route_table.private[count.index].id` name
    that instance's resources: looked up without the module's key, they named none (the subnet's VPC, the route's
    table and NAT gateway stayed unknown), and `module.vpc[0].private_subnets` named both instances' subnets."""
    doc = {
        "configuration": {
            "root_module": {
                "module_calls": {
                    "vpc": {"module": {"outputs": {"private": {"expression": {"references": ["aws_subnet.private"]}}}}}
                }
            }
        }
    }
    plan = tfplan._Plan("p.json", doc)
    made = ("aws_vpc.this", "aws_route_table.private[0]", "aws_route_table.private[1]", 'aws_subnet.private["a"]')
    plan.collect(_instances_of(*(f"module.vpc[{i}].{a}" for i in (0, 1) for a in made)))
    assert plan.resolve(["aws_vpc.this.id", "aws_vpc.this"], "module.vpc[1].") == ["module.vpc[1].aws_vpc.this"]
    assert plan.resolve(["aws_route_table.private", "count.index"], "module.vpc[1].") == [
        "module.vpc[1].aws_route_table.private[0]",
        "module.vpc[1].aws_route_table.private[1]",
    ]
    assert plan.resolve(["aws_route_table.private[0].id", "aws_route_table.private[0]"], "module.vpc[0].") == [
        "module.vpc[0].aws_route_table.private[0]"
    ]
    assert plan.resolve(["module.vpc[1].private", "module.vpc[1]"], "") == ['module.vpc[1].aws_subnet.private["a"]']


def test_a_function_in_one_instance_of_a_for_each_module_is_judged_by_its_subnets_only():
    """`subnet_ids = module.vpc["a"].private_subnets` where `module.vpc["b"]` is IPv4-only: E9602 said the
    function's subnets included b's; and a counted module's route tables without ::/0 went unjudged."""
    result = engine.lint([str(FIXTURES / "E9602" / "good-subnets-of-one-for-each-module-instance.tfplan.json")])
    assert "E9602" not in [f.rule.id for f in result.findings]
    result = engine.lint([str(FIXTURES / "W9610" / "bad-network-in-a-counted-module.tfplan.json")])
    assert sorted(f.resource for f in result.findings if f.rule.id == "W9610") == [
        "module.vpc[0].aws_route_table.private[0]",
        "module.vpc[0].aws_route_table.private[1]",
    ]


def test_an_association_whose_subnet_a_plan_hides_may_associate_any_subnet_the_plan_makes():
    """`for_each = local.private_subnets` with `subnet_id = each.value.id`: the plan records neither the local nor
    the subnet (known only after apply, so made by this apply). The subnets were said to have no association and
    to use the main route table (W9610, a finding from what cannot be known); any subnet the plan makes may be it."""
    result = engine.lint([str(FIXTURES / "W9610" / "good-associations-for-each-over-a-local.tfplan.json")])
    assert "W9610" not in [f.rule.id for f in result.findings]
    causes = [u.text for u in result.undecided if u.subject.name == "aws_lambda_function.fn"]
    assert (
        'the route table of 4 subnets (aws_subnet.public["us-east-1a"], aws_subnet.public["us-east-1b"] and 2 more) '
        'cannot be known: aws_route_table_association.private["us-east-1a"] may associate any one of them, as its '
        "subnet is known only after apply (the plan has it as unknown)"
    ) in causes, causes


@pytest.mark.parametrize(
    ("over", "written", "linked"),
    [
        (["aws_subnet.private"], ["each.value.id", "each.value"], True),
        (["aws_subnet.private"], ["each.value"], True),  # (`for_each = { for k, s in aws_subnet.private : k => s.id }`)
        (["aws_subnet.private"], ["each.value.vpc_id", "each.value"], False),  # (the subnet's VPC, not the subnet)
        (["aws_subnet.private", "var.tier"], ["each.value.id", "each.value"], False),  # (a filter or a new key)
        (["local.private_subnets"], ["each.value.id", "each.value"], False),
    ],
)
def test_each_value_of_a_for_each_over_a_resource_is_its_instance_of_the_same_key(over, written, linked):
    """`for_each = aws_subnet.private` with `subnet_id = each.value.id`: the association of key "a" is subnet "a"'s,
    as `aws_subnet.private[each.key].id` would say. Its subnet was known only after apply, and taken as none."""
    made = ('aws_subnet.private["a"]', 'aws_subnet.private["b"]')
    assocs = ('aws_route_table_association.private["a"]', 'aws_route_table_association.private["b"]')
    config = [
        {"address": "aws_subnet.private", "mode": "managed", "type": "aws_subnet", "name": "private"},
        {
            "address": "aws_route_table_association.private",
            "mode": "managed",
            "type": "aws_route_table_association",
            "name": "private",
            "expressions": {"subnet_id": {"references": written}},
            "for_each_expression": {"references": over},
        },
    ]
    doc = {
        "configuration": {"root_module": {"resources": config}},
        "resource_changes": [{"address": a, "change": {"after_unknown": {"subnet_id": True}}} for a in assocs],
    }
    plan = tfplan._Plan("p.json", doc)
    plan.collect(_instances_of(*made, *assocs))
    subnets = {i.address: i.attrs.get("subnet_id") for i in plan.build() if i.address in assocs}
    if linked:
        assert subnets == {assoc: Link(subnet) for assoc, subnet in zip(assocs, made, strict=True)}
    else:
        assert subnets == dict.fromkeys(assocs, PRESENT)


def test_a_plan_associating_each_subnet_of_a_for_each_is_judged_by_their_route_tables():
    """With `for_each = aws_subnet.private` and `subnet_id = each.value.id`, W9610 names the route tables without
    ::/0 (it said nothing, the subnets' tables undecided) and is silent when they have it."""
    folder = FIXTURES / "W9610"
    result = engine.lint([str(folder / "bad-associations-for-each-over-the-subnets.tfplan.json")])
    assert sorted(f.resource for f in result.findings if f.rule.id == "W9610") == [
        'aws_route_table.private["us-east-1a"]',
        'aws_route_table.private["us-east-1b"]',
    ]
    result = engine.lint([str(folder / "good-associations-for-each-over-the-subnets.tfplan.json")])
    assert "W9610" not in [f.rule.id for f in result.findings]
    assert not [u.text for u in result.undecided if u.subject.name == "aws_lambda_function.fn"]


def test_a_resource_written_by_its_key_and_by_an_index_only_apply_knows_may_be_any_of_its_instances():
    """`nat_gateway_id = var.single_nat_gateway ? aws_nat_gateway.this[0].id : aws_nat_gateway.this[count.index].id`:
    Terraform writes `aws_nat_gateway.this` once for `[0]` and again for `[count.index]`. Taken as `[0]`'s alone,
    every route went to NAT gateway 0 (W9650 said it served a function NAT gateway 1 serves); it is either."""
    plan = tfplan._Plan("p.json", {})
    nats, routes = ("aws_nat_gateway.this[0]", "aws_nat_gateway.this[1]"), ("aws_route.nat[0]", "aws_route.nat[1]")
    plan.collect(_instances_of(*nats, *routes))
    plan.current = plan.instances[routes[1]]
    chosen = ["var.single_nat_gateway", "aws_nat_gateway.this[0].id", "aws_nat_gateway.this[0]", "aws_nat_gateway.this"]
    chosen += ["aws_nat_gateway.this", "count.index"]
    assert plan.resolve(chosen, "") == list(nats)
    assert plan.merge(None, True, {"references": chosen}, "", "nat_gateway_id") is UNKNOWN
    first = ["aws_nat_gateway.this[0].id", "aws_nat_gateway.this[0]", "aws_nat_gateway.this"]
    assert plan.merge(None, True, {"references": first}, "", "nat_gateway_id") == Link(nats[0])
    by_index = {"references": ["aws_nat_gateway.this", "count.index"]}
    assert plan.merge(None, True, by_index, "", "nat_gateway_id") == Link(nats[1])
    result = engine.lint([str(FIXTURES / "W9650" / "good-nat-route-by-key-or-by-count-index.tfplan.json")])
    assert "W9650" not in [f.rule.id for f in result.findings]


def test_route_targets_a_provider_computes_beside_the_one_written_are_absent():
    """Older AWS providers computed every target of an `aws_route`: a new route to `aws_nat_gateway.this.id` had a
    `gateway_id` known only after apply too, read first, so its target was unknown (and its NAT gateway's consumers);
    today's compute `network_interface_id` and `instance_id`, read before a `core_network_arn`."""
    doc = {
        "configuration": {
            "root_module": {
                "resources": [
                    {
                        "address": "aws_route.nat",
                        "mode": "managed",
                        "type": "aws_route",
                        "name": "nat",
                        "expressions": {
                            "nat_gateway_id": {"references": ["aws_nat_gateway.this.id", "aws_nat_gateway.this"]}
                        },
                    },
                    {
                        "address": "aws_route.wan",
                        "mode": "managed",
                        "type": "aws_route",
                        "name": "wan",
                        "expressions": {
                            "core_network_arn": {"constant_value": "arn:aws:networkmanager::1:core-network/c"}
                        },
                    },
                ]
            }
        },
        "resource_changes": [
            {"address": "aws_route.nat", "change": {"after_unknown": dict.fromkeys(tfplan.ROUTE_TARGETS[:8], True)}},
            {"address": "aws_route.wan", "change": {"after_unknown": dict.fromkeys(tfplan.ROUTE_TARGETS[6:8], True)}},
        ],
    }
    plan = tfplan._Plan("p.json", doc)
    plan.collect(_instances_of("aws_nat_gateway.this", "aws_route.nat", "aws_route.wan"))
    plan.instances["aws_route.wan"].attrs = {"core_network_arn": "arn:aws:networkmanager::1:core-network/c"}
    routes = {i.address: i.attrs for i in plan.build() if i.type == "aws_route"}
    targets = {name: routes["aws_route.nat"].get(name) for name in tfplan.ROUTE_TARGETS[:8]}
    assert targets == dict.fromkeys(tfplan.ROUTE_TARGETS[:8]) | {"nat_gateway_id": Link("aws_nat_gateway.this")}
    assert (routes["aws_route.wan"]["network_interface_id"], routes["aws_route.wan"]["instance_id"]) == (None, None)
    result = engine.lint([str(FIXTURES / "W9650" / "bad-route-targets-an-older-provider-computes.tfplan.json")])
    assert [f.resource for f in result.findings if f.rule.id == "W9650"] == ["aws_nat_gateway.this"]


def test_one_element_of_a_modules_output_is_not_every_subnet_it_names():
    """`subnet_ids = [module.vpc.private_subnets[0]]`: Terraform records the output (`module.vpc.private_subnets[0]`,
    `module.vpc.private_subnets`, `module.vpc`), not which element; every subnet the output names was taken, and
    E9602 said an IPv4-only one among them was the function's. Which one it is cannot be known from the plan."""
    plan = tfplan._Plan("p.json", {})
    picked = ["module.vpc.private_subnets[0]", "module.vpc.private_subnets", "module.vpc"]
    assert plan.narrowed({"references": picked}, "")
    assert plan.narrowed({"references": ["var.subnet_ids[1]", "var.subnet_ids"]}, "module.app.")
    assert not plan.narrowed({"references": ["module.vpc[0].private_subnets", "module.vpc[0]"]}, "")
    result = engine.lint([str(FIXTURES / "E9602" / "good-one-element-of-a-module-output.tfplan.json")])
    assert "E9602" not in [f.rule.id for f in result.findings]


@pytest.mark.parametrize(
    ("routes", "written", "paired"),
    [
        (2, ["aws_route_table.private", "count.index"], True),  # (`[count.index]`, of as many tables)
        (1, ["aws_route_table.private", "count.index"], False),  # (`[count.index + 1]`: written alike, fewer routes)
        (3, ["aws_route_table.private", "count.index"], False),  # (`element(…, count.index)`, `[floor(… / 2)]`)
        (2, ["aws_route_table.private", "var.single", "count.index"], False),  # (`element(…, var.single ? 0 : …)`)
        (2, ["aws_route_table.private", "aws_route_table.private", "count.index"], False),  # (`[length(…) - 1]`…)
    ],
)
def test_only_a_plain_count_index_pairs_instances_by_position(routes, written, paired):
    """A plan records `aws_route_table.private` and `count.index` alike for `[count.index]` and `[count.index + 1]`
    (and `element(…[*].id, var.f ? 0 : count.index)` adds only the variable): each route was on the table of its own
    index whatever was written. Only the resource and `count.index` alone, in as many instances as it names, pair
    them (`[count.index + 1]` is past the end there); otherwise the table is one of those it names."""
    tables = ("aws_route_table.private[0]", "aws_route_table.private[1]")
    made = tuple(f"aws_route.v6[{i}]" for i in range(routes))
    doc = {
        "configuration": {
            "root_module": {
                "resources": [
                    {"address": "aws_route_table.private", "mode": "managed", "type": "aws_route_table"},
                    {
                        "address": "aws_route.v6",
                        "mode": "managed",
                        "type": "aws_route",
                        "expressions": {"route_table_id": {"references": written}},
                    },
                ]
            }
        },
        "resource_changes": [{"address": a, "change": {"after_unknown": {"route_table_id": True}}} for a in made],
    }
    plan = tfplan._Plan("p.json", doc)
    plan.collect(_instances_of(*tables, *made))
    built = {i.address: i for i in plan.build()}
    if paired:
        assert [built[a].attrs["route_table_id"] for a in made] == [Link(t) for t in tables]
    else:
        assert all(built[a].attrs["route_table_id"] is UNKNOWN for a in made)
        assert all(list(built[a].referenced("route_table_id")) == [Link(t) for t in tables] for a in made)


def test_associations_by_count_index_plus_one_leave_the_subnets_they_may_associate_undecided():
    """`subnet_id = aws_subnet.private[count.index + 1].id` in two associations of three subnets: paired by position,
    association 0 took subnet 0 and subnet 2 none, so W9610 said the function's subnet 2 has no route table
    association (it has association 1). Which subnet each associates cannot be told from the plan: undecided."""
    fixture = FIXTURES / "W9610" / "good-associations-by-count-index-plus-one.tfplan.json"
    result = engine.lint([str(fixture)])
    assert "W9610" not in [f.rule.id for f in result.findings]
    causes = [u.text for u in result.undecided if u.subject.name == "aws_lambda_function.fn"]
    assert causes == [
        "the route table of 3 subnets (aws_subnet.private[0], aws_subnet.private[1] and 1 more) cannot be known: "
        f"aws_route_table_association.private[{i}] may associate any one of them, as its subnet is known only after "
        "apply (the plan has it as unknown)"
        for i in (0, 1)
    ], causes


@pytest.mark.parametrize(
    ("keys", "written", "paired"),
    [
        (("a", "b"), ["aws_route_table.private", "each.key"], True),
        (("a", "b"), ["aws_route_table.private", "each.value"], False),  # (`[each.value]` of a map of its own)
        (("a", "c"), ["aws_route_table.private", "each.key"], False),  # (a key the tables lack: not `[each.key]`)
    ],
)
def test_only_each_key_pairs_instances_of_a_for_each_by_key(keys, written, paired):
    """`route_table_id = aws_route_table.private[each.value].id` over `for_each = var.routes` (a map not keyed as the
    tables are) took the table of the route's own key; only `[each.key]` is that, and only where every key of the
    route is one of the tables'."""
    tables = ('aws_route_table.private["a"]', 'aws_route_table.private["b"]')
    made = tuple(f'aws_route.v6["{k}"]' for k in keys)
    doc = {
        "configuration": {
            "root_module": {
                "resources": [
                    {"address": "aws_route.v6", "mode": "managed", "type": "aws_route"}
                    | {"expressions": {"route_table_id": {"references": written}}}
                ]
            }
        },
        "resource_changes": [{"address": a, "change": {"after_unknown": {"route_table_id": True}}} for a in made],
    }
    plan = tfplan._Plan("p.json", doc)
    plan.collect(_instances_of(*tables, *made))
    built = {i.address: i.attrs["route_table_id"] for i in plan.build() if i.address in made}
    assert built == ({made[0]: Link(tables[0]), made[1]: Link(tables[1])} if paired else dict.fromkeys(made, UNKNOWN))


def test_an_inline_route_whose_block_reads_a_variable_takes_no_target_by_position():
    """A table's `route` blocks have one `references` list: `nat_gateway_id = aws_nat_gateway.nat[var.i].id` beside
    `count.index` elsewhere in them is no position."""
    refs = ["aws_nat_gateway.nat", "var.i", "count.index"]
    assert tfplan._targets({"nat_gateway_id": True}, refs) == {"nat_gateway_id": {"references": refs[:1]}}
    refs = ["aws_nat_gateway.nat", "count.index"]
    assert tfplan._targets({"nat_gateway_id": True}, refs) == {"nat_gateway_id": {"references": refs}}


def test_a_route_on_one_of_the_tables_a_plan_names_leaves_each_of_them_undecided():
    """`route_table_id = one(slice(aws_route_table.private[*].id, 0, 1))`: the plan records `aws_route_table.private`,
    not which. The route was on no table at all, so W9610 said table 0, which has it, had no ::/0 route."""
    result = engine.lint([str(FIXTURES / "W9610" / "good-route-on-a-slice-of-the-tables.tfplan.json")])
    assert "W9610" not in [f.rule.id for f in result.findings]
    causes = [u.text for u in result.undecided if u.subject.name == "aws_lambda_function.fn"]
    assert any(t.startswith("the ::/0 route of route table aws_route_table.private[0] cannot be known") for t in causes)


def test_a_list_reading_a_resource_twice_holds_only_some_of_it():
    """`subnet_ids = [aws_subnet.private[length(aws_subnet.private) - 1].id]` is recorded `aws_subnet.private` twice
    (the collection, then its length): every subnet was linked, and E9602 said the function was in IPv4-only subnet 0
    (it is in the last one). Written whole and then what holds it, or once, it is all of them."""
    plan = tfplan._Plan("p.json", {})
    assert plan.narrowed({"references": ["aws_subnet.private", "aws_subnet.private"]}, "")
    each = ["aws_subnet.private[0].id", "aws_subnet.private[0]", "aws_subnet.private"]
    assert not plan.narrowed({"references": [*each, *(r.replace("[0]", "[1]") for r in each)]}, "")
    # (`slice(aws_subnet.private[*].id, 0, 1)` is recorded as `aws_subnet.private[*].id` is: the plan cannot tell)
    assert not plan.narrowed({"references": ["aws_subnet.private"]}, "")
    assert not plan.narrowed({"references": ["aws_subnet.private", "aws_subnet.public"]}, "")  # (`concat()`)
    result = engine.lint([str(FIXTURES / "E9602" / "good-last-subnet-by-length.tfplan.json")])
    assert "E9602" not in [f.rule.id for f in result.findings]


def test_a_module_output_that_filters_what_it_names_holds_only_some_of_it():
    """`subnet_ids = module.vpc.private_subnets`, whose output is `concat(aws_subnet.private[*].id, local.with_legacy ?
    [aws_subnet.legacy.id] : [])`: a local in the output narrows it as one in the function's own list does; it
    named all it references, and E9602 said the function was in the IPv4-only legacy subnet the local may leave out."""
    outputs = {"subnets": {"expression": {"references": ["aws_subnet.private", "local.with_legacy", "aws_subnet.old"]}}}
    outputs["all"] = {"expression": {"references": ["aws_subnet.private"]}}
    doc = {"configuration": {"root_module": {"module_calls": {"vpc": {"module": {"outputs": outputs}}}}}}
    plan = tfplan._Plan("p.json", doc)
    assert plan.narrowed({"references": ["module.vpc.subnets", "module.vpc"]}, "")
    assert not plan.narrowed({"references": ["module.vpc.all", "module.vpc"]}, "")
    result = engine.lint([str(FIXTURES / "E9602" / "good-module-output-filtered-by-a-local.tfplan.json")])
    assert "E9602" not in [f.rule.id for f in result.findings]


def test_an_association_that_may_be_any_subnet_of_a_plan_is_explained_in_one_line():
    """c23cbee's association whose subnet only apply knows may be any of the plan's 4 subnets: --explain said so once
    per subnet and association (8 lines for the function, 16 more for each NAT gateway, growing with both); it says
    it once per association, with how many subnets it may be."""
    result = engine.lint([str(FIXTURES / "W9610" / "good-associations-for-each-over-a-local.tfplan.json")])
    for subject in ("aws_lambda_function.fn", 'aws_nat_gateway.this["us-east-1a"]'):
        placed = [u for u in result.undecided if u.subject.name == subject and "may associate" in u.text]
        assert sorted(u.resource.name for u in placed) == [
            f'aws_route_table_association.{tier}["us-east-1{zone}"]' for tier in ("private", "public") for zone in "ab"
        ]
        assert all(u.fact.startswith("the route table of 4 subnets (") for u in placed)


def _template_with_plan_words(tmp_path, **top):
    """W9601's bad template as JSON, its first bytes holding a plan's words (parameters, a Metadata key, a string)."""
    doc = load_yaml((FIXTURES / "W9601" / "bad-flag-false-long-form.yaml").read_text())
    doc = {
        **top,
        "AWSTemplateFormatVersion": "2010-09-09",
        "Description": "format_version terraform_version planned_values",
        "Metadata": {"format_version": "1.2", "terraform_version": "1.9.0", "planned_values": {}},
        "Parameters": {"format_version": {"Type": "String"}, "terraform_version": {"Type": "String"}},
        **{k: v for k, v in doc.items() if k != "AWSTemplateFormatVersion"},
    }
    path = tmp_path / "infra" / "stack.json"
    path.parent.mkdir(exist_ok=True)
    path.write_text(json.dumps(doc, indent=2))
    return path


@pytest.mark.parametrize("named", [True, False], ids=["named", "walked"])
def test_a_template_with_a_plans_words_is_no_plan(tmp_path, named):
    """A template whose first 4 KB hold `format_version` and `terraform_version` (a parameter, a Metadata key)
    was sniffed as a plan: named, an E9600 "not a Terraform plan"; walked, passed over unsaid."""
    path = _template_with_plan_words(tmp_path)
    assert discover.file_kind(str(path)) == discover.TEMPLATE
    result = engine.lint([str(path if named else path.parent)])
    assert [f.rule.id for f in result.findings] == ["W9601"] and result.sources == {"template": 1}


@pytest.mark.parametrize("named", [True, False], ids=["named", "walked"])
def test_a_template_sniffed_as_a_plan_is_read_as_a_template(tmp_path, named):
    """Top-level plan keys first, the template's own after the 4 KB sniffed: the plan loader hands it on."""
    path = _template_with_plan_words(tmp_path, format_version="1.2", terraform_version="1.9.0", x="-" * 5000)
    assert discover.file_kind(str(path)) == discover.TERRAFORM_PLAN
    result = engine.lint([str(path if named else path.parent)])
    assert [f.rule.id for f in result.findings] == ["W9601"] and result.sources == {"template": 1}


def _check(number: int) -> dict:
    """A variable's validation result as a plan's `checks` records it."""
    address = {"kind": "var", "name": f"input_{number}", "to_display": f"var.input_{number}"}
    return {"address": address, "instances": [{"address": {"to_display": f"var.input_{number}"}, "status": "pass"}]}


def test_plans_are_sniffed_by_their_top_level_keys(tmp_path):
    plan = json.loads(PLAN.read_text())
    cases = {
        "plan.json": plan,
        "indented.json": plan,
        "changes.json": {"format_version": "1.2", "resource_changes": [], "x": "-" * 5000, **plan},
        "state.json": {"format_version": "1.0", "terraform_version": "1.9.8", "values": {}},
        "nested.json": {"Other": {"format_version": "1.2", "terraform_version": "1.9.0", "planned_values": {}}},
        "both.json": {"format_version": "1.2", "terraform_version": "1.9.0", "Resources": {}},
        "list.json": [{"format_version": "1.2", "terraform_version": "1.9.0"}],
        "cut.json": {"Description": 'a "quoted" \\ {[ string', "format_version": "1", "terraform_version": "1"},
        "sorted.json": plan,  # (jq -S: format_version comes after the whole configuration, past 4 KB)
        "sorted-template.json": {"AWSTemplateFormatVersion": "2010-09-09", "Resources": {}, "configuration": plan},
        "app-config.json": {"configuration": plan["configuration"], "name": "app"},
        "settings.json": {"configuration": {"theme": "-" * 5000}, "complete": True},  # (not a module's configuration)
        # (its check results, before its configuration, past 4 KB: a module whose variables have validations)
        "sorted-checks.json": {**plan, "checks": [_check(n) for n in range(60)]},
        "results.json": {"checks": [{"address": "x" * 5000, "kind": "a"}]},
    }
    for name, doc in cases.items():
        ordered = name.startswith("sorted")
        text = json.dumps(doc, indent=2 if name == "indented.json" or ordered else None, sort_keys=ordered)
        (tmp_path / name).write_text(text)
    assert (tmp_path / "sorted.json").read_text().index('"format_version"') > 4096
    kinds = {name: discover.file_kind(str(tmp_path / name)) for name in cases}
    plans = {
        "plan.json",
        "indented.json",
        "changes.json",
        "state.json",
        "cut.json",
        "sorted.json",
        "sorted-checks.json",
    }
    assert kinds == {name: discover.TERRAFORM_PLAN if name in plans else discover.TEMPLATE for name in cases}
    assert discover.top_keys(b'{"a": {"b": 1}, "c": "d", "e') == {b"a", b"c"}


def test_a_nat_gateways_secondary_allocations_the_configuration_does_not_write_are_none(tmp_path):
    """The AWS provider computes `secondary_allocation_ids`: a plan has it unknown for every new NAT gateway the
    configuration does not give any (real plans do; bad-registry-vpc-without-ipv6.tfplan.json's). A NAT gateway
    gets secondary Elastic IPs only where they are asked for, as the HCL reads it: it was taken as one allocation
    that cannot be known, and the NAT gateway was not fully checked (no W9650)."""
    doc = json.loads((FIXTURES / "W9650" / "bad-nat-gateway-count-switch.tfplan.json").read_text())
    [change] = [r for r in doc["resource_changes"] if r["type"] == "aws_nat_gateway"]
    change["change"]["after_unknown"]["secondary_allocation_ids"] = True
    path = tmp_path / "plan.tfplan.json"
    path.write_text(json.dumps(doc))
    result = engine.lint([str(path)])
    assert [f.rule.id for f in result.findings if f.rule.id == "W9650"] == ["W9650"]
    assert not [u for u in result.undecided if u.fact == "its Elastic IP allocation"]


@pytest.mark.parametrize("reuse", [False, True])
def test_a_registry_vpcs_nat_gateway_in_a_plan_holds_the_modules_own_elastic_ip(tmp_path, reuse):
    """terraform-aws-modules/vpc writes `allocation_id = element(local.nat_gateway_ips, …)`, a local a plan does not
    record: its own `aws_eip.nat[*].id` unless reuse_nat_ips gives the caller's. The plan's NAT gateway was not
    fully checked ("its Elastic IP allocation"), which the HCL it was made from is; the module's model says which
    (as it says `vpc_id = local.vpc_id`). Where reuse_nat_ips passes the caller's, which the plan cannot tell, none
    of the module's is taken for it: its addresses are the caller's, kept on purpose."""
    doc = json.loads((FIXTURES / "E9602" / "bad-registry-vpc-without-ipv6.tfplan.json").read_text())
    if reuse:
        inputs = doc["configuration"]["root_module"]["module_calls"]["vpc"]["expressions"]
        inputs["reuse_nat_ips"] = {"constant_value": True}
        inputs["external_nat_ip_ids"] = {"references": ["var.nat_ip_ids"]}
    path = tmp_path / "plan.tfplan.json"
    path.write_text(json.dumps(doc))
    result = engine.lint([str(path)], engine.Options(plan=True))
    assert not [u for u in result.undecided if u.fact == "its Elastic IP allocation"]
    [nat] = [n for vpc in result.plan.vpcs for n in vpc.nats]
    assert [b.kind for b in nat.blockers] == (["static-ip"] if reuse else [])
    if not reuse:  # (the plan says what the HCL says)
        hcl = engine.lint([str(FIXTURES / "E9602" / "bad-registry-vpc-without-ipv6")])
        assert (
            sorted(f.rule.id for f in result.findings)
            == sorted(f.rule.id for f in hcl.findings)
            == [
                "E9602",
                "I9605",
                "I9651",
                "I9660",
            ]
        )


def _keyed_vpc_plan(doc: dict, key: str, reads: str = "cidr") -> dict:
    """bad-registry-vpc-without-ipv6.tfplan.json as the plan of the call's `for_each` instance `key`, its input
    `reads` read from each.value."""
    text = json.dumps(doc).replace('"module.vpc.', f'"module.vpc[\\"{key}\\"].')
    text = text.replace('"module.vpc"', f'"module.vpc[\\"{key}\\"]"')
    keyed = json.loads(text)
    call = keyed["configuration"]["root_module"]["module_calls"]["vpc"]
    call["for_each_expression"] = {"constant_value": {key: "10.20.0.0/16"}}
    call["expressions"][reads] = {"references": ["each.value"]}
    for resource in keyed["configuration"]["root_module"]["resources"]:
        for expression in resource.get("expressions", {}).values():
            for nested in expression if isinstance(expression, list) else [expression]:
                for value in nested.values() if isinstance(nested, dict) else ():
                    if isinstance(value, dict) and "references" in value:
                        value["references"] = [
                            r.replace("module.vpc.", f'module.vpc["{key}"].') for r in value["references"]
                        ]
    return keyed


@pytest.mark.parametrize(
    ("reads", "noted"),
    [("private_subnet_enable_resource_name_dns_aaaa_record_on_launch", True), ("cidr", False), ("name", False)],
)
def test_fixes_of_a_registry_vpc_of_for_each_in_a_plan_name_its_call(tmp_path, reads, noted):
    """A plan's terraform-aws-modules/vpc call with `for_each`: a fix names the call, `module.vpc`, whose block
    sets its inputs for every instance (a plan records no line), and says its instances differ where an input
    its values are worked out from reads each.value, as the HCL's fix does; not where only another input does (the
    VPC's cidr, a name: every instance is told the same)."""
    doc = json.loads((FIXTURES / "E9602" / "bad-registry-vpc-without-ipv6.tfplan.json").read_text())
    plan = tmp_path / "plan.json"
    plan.write_text(json.dumps(_keyed_vpc_plan(doc, "a", reads), indent=1))
    messages = [f.message for f in engine.lint([str(plan)]).findings if f.rule.id in ("E9602", "I9605")]
    assert messages and all("enable_ipv6 = true on module.vpc," in m for m in messages)
    assert all('on module.vpc["a"]' not in m for m in messages)
    note = f"the call sets them for all its instances, which differ ({reads} reads each.value): the values here are "
    assert all((note + 'module.vpc["a"]\'s' in m) is noted for m in messages), messages
    assert all(("which differ" in m) is noted for m in messages), messages


def _within_outer(doc: dict, key: str, aaaa: dict) -> dict:
    """A plan whose configuration is `doc`'s, inside the instance `key` of a module call `outer` of for_each: the
    vpc call's name reads var.label (the outer call's each.key), its private AAAA switch var.aaaa (given `aaaa`)."""
    out = f'module.outer["{key}"]'
    doc = json.loads(json.dumps(doc))

    def moved(node: object) -> None:
        if isinstance(node, dict):
            for name in ("address", "module_address"):
                if isinstance(node.get(name), str):
                    node[name] = f"{out}.{node[name]}"
            for value in node.values():
                moved(value)
        elif isinstance(node, list):
            for value in node:
                moved(value)

    root = doc["planned_values"]["root_module"]
    moved(root)
    doc["planned_values"]["root_module"] = {"child_modules": [{**root, "address": out}]}
    for change in doc["resource_changes"]:
        change["address"] = f"{out}.{change['address']}"
        change["module_address"] = f"{out}.{change['module_address']}" if "module_address" in change else out
    inner = doc["configuration"]["root_module"]
    expressions = inner["module_calls"]["vpc"]["expressions"]
    expressions["name"] = {"references": ["var.label"]}
    expressions["private_subnet_enable_resource_name_dns_aaaa_record_on_launch"] = {"references": ["var.aaaa"]}
    inner["variables"] = {"label": {}, "aaaa": {}}
    outer = {
        "source": "./outer",
        "for_each_expression": {"constant_value": {key: True}},
        "expressions": {"label": {"references": ["each.key"]}, "aaaa": aaaa},
        "module": inner,
    }
    doc["configuration"]["root_module"] = {"module_calls": {"outer": outer}}
    return doc


@pytest.mark.parametrize(("aaaa", "noted"), [({"references": ["each.value"]}, True), ({"constant_value": True}, False)])
def test_fixes_of_a_registry_vpc_within_a_module_of_for_each_in_a_plan_name_its_call(tmp_path, aaaa, noted):
    """A plan's terraform-aws-modules/vpc call inside a module called with for_each: a fix names the call,
    module.outer.module.vpc, not module.outer["a"].module.vpc, and says the instances differ where an input its values
    bear on reads the outer call's each.value through a variable; a name read through one (each.key) does not."""
    doc = json.loads((FIXTURES / "E9602" / "bad-registry-vpc-without-ipv6.tfplan.json").read_text())
    plan = tmp_path / "plan.json"
    plan.write_text(json.dumps(_within_outer(doc, "a", aaaa), indent=1))
    messages = [f.message for f in engine.lint([str(plan)]).findings if f.rule.id in ("E9602", "I9605")]
    assert len(messages) == 2 and all("enable_ipv6 = true on module.outer.module.vpc," in m for m in messages)
    assert all('on module.outer["a"].module.vpc' not in m for m in messages)
    note = (
        "which differ (private_subnet_enable_resource_name_dns_aaaa_record_on_launch reads each.value passed in as "
        'var.aaaa): the values here are module.outer["a"].module.vpc\'s'
    )
    assert all((note in m) is noted and ("which differ" in m) is noted for m in messages), messages


OWN_ACL = FIXTURES / "W9621" / "bad-acl-ipv6-only-to-the-vpcs-own-block.tfplan.json"
OWN_ACL_GOOD = FIXTURES / "W9621" / "good-acl-ipv6-to-the-vpcs-own-block-then-the-internet.tfplan.json"
OWN_GROUP = FIXTURES / "W9620" / "bad-group-ipv6-egress-to-the-vpcs-own-block"


def _rules(result) -> list[str]:
    return sorted(f.rule.id for f in result.findings if f.rule.id in ("W9620", "W9621", "W9650", "I9651"))


@pytest.mark.parametrize(
    ("refs", "own"),
    [
        (["aws_vpc.main.ipv6_cidr_block", "aws_vpc.main"], "aws_vpc.main"),
        (
            ["aws_vpc.main.ipv6_cidr_block", "aws_vpc.main", "count.index"],
            "aws_vpc.main",
        ),  # (cidrsubnet(…, count.index))
        (
            ["aws_subnet.private[0].ipv6_cidr_block", "aws_subnet.private[0]", "aws_subnet.private"],
            "aws_subnet.private",
        ),
        (
            ["aws_subnet.a[0].ipv6_cidr_block", "aws_subnet.a[0]", "aws_subnet.a", "aws_subnet.a[1].ipv6_cidr_block"],
            "aws_subnet.a",
        ),
        (
            ["aws_vpc_ipv6_cidr_block_association.x.ipv6_cidr_block", "aws_vpc_ipv6_cidr_block_association.x"],
            "aws_vpc_ipv6_cidr_block_association.x",
        ),
        (["aws_vpc.main.ipv6_cidr_block", "aws_vpc.main", "var.peer"], None),  # (a variable: anything)
        (["aws_vpc.main.ipv6_cidr_block", "aws_vpc.main", "local.x"], None),
        (["aws_vpc.main.ipv6_cidr_block", "aws_vpc.main", "each.value"], None),
        (["aws_vpc.main.ipv6_cidr_block", "aws_vpc.main", "aws_vpc.peer.ipv6_cidr_block", "aws_vpc.peer"], None),
        (["aws_vpc.main.ipv6_cidr_block", "aws_vpc.main", "aws_vpc.main.cidr_block"], None),  # (another attribute)
        (["aws_vpc.main.ipv6_cidr_block", "aws_vpc.main", "count.index", "aws_vpc.main"], None),  # (the VPC whole)
        (["aws_subnet.private", "count.index"], None),  # (`aws_subnet.private[count.index].x`: which attribute?)
        (["module.vpc.ipv6_cidr_block"], None),
        (["aws_vpc_ipam_pool_cidr.x.cidr", "aws_vpc_ipam_pool_cidr.x"], None),
        ([], None),
        (None, None),
    ],
)
def test_own_block_from_a_plans_references(refs, own):
    assert tfplan._own_in_references(refs) == own


def test_an_acl_of_a_plan_on_the_vpcs_own_block_only_lets_no_ipv6_out_as_its_code_does(tmp_path):
    """The plan Terraform makes of W9621's .tf fixture (the VPC's block known only after apply): its inline rules on
    `aws_vpc.main.ipv6_cidr_block` and its rule on `aws_subnet.private[0].ipv6_cidr_block` decide no internet traffic,
    as the code's do, alone or beside the code; its good twin (then ::/0) is fully decided, no finding."""
    alone = tmp_path / "plan.json"
    shutil.copy(OWN_ACL, alone)
    hcl = engine.Options(tf_dir=str(FIXTURES / "W9621" / "bad-acl-ipv6-only-to-the-vpcs-own-block"))
    for result in (engine.lint([str(alone)]), engine.lint([str(alone)], hcl)):
        [w9621] = [f for f in result.findings if f.rule.id == "W9621"]
        assert "lets no IPv6 TCP traffic out to internet addresses and none back in" in w9621.message, w9621.message
        assert not result.undecided, [u.text for u in result.undecided]
    good = engine.lint([str(OWN_ACL_GOOD)])
    assert _rules(good) == [], [f.message for f in good.findings]
    assert not good.undecided, [u.text for u in good.undecided]


def _own_acl_plan(tmp_path, refs: list[str]):
    """W9621's plan of an ACL on the VPC's own block, its inline rules' references replaced by `refs`."""
    doc = json.loads(OWN_ACL.read_text())
    config = next(r for r in doc["configuration"]["root_module"]["resources"] if r["type"] == "aws_network_acl")
    config["expressions"]["egress"] = config["expressions"]["ingress"] = {"references": refs}
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(doc))
    return engine.lint([str(path)])


def test_an_acl_rule_a_plan_has_on_an_unknown_ipv6_block_is_an_ipv6_rule_not_an_ipv4_one(tmp_path):
    """An inline ACL rule whose `ipv6_cidr_block` a plan has as unknown sets it (the provider never computes it: a rule
    without one has it as ""): read as absent, an IPv4 rule, the plan said the ACL lets no IPv6 out (W9621) where
    the rule may allow the internet (written of a local, whose value the plan does not record, or of another VPC's
    block, which the code reads as unknown). Undecided, --explain says why."""
    for refs in (
        ["aws_vpc.main.ipv6_cidr_block", "aws_vpc.main", "local.extra"],
        ["aws_vpc.peer.ipv6_cidr_block", "aws_vpc.peer"],
    ):
        result = _own_acl_plan(tmp_path, refs)
        assert _rules(result) == [], [f.message for f in result.findings]
        said = [u.cause for u in result.undecided if u.subject.id == "aws_lambda_function.fn"]
        assert any("ipv6_cidr_block is known only after apply" in cause for cause in said), said


def test_a_group_of_a_plan_egressing_to_the_vpcs_own_block_is_decided_by_the_code_beside_it(tmp_path):
    """The plan of W9620's .tf fixture: the group's `ipv6_cidr_blocks = [aws_vpc.main.ipv6_cidr_block]` is unknown
    whole in it, with the references `[aws_vpc.main.ipv6_cidr_block, "::/0"]` also has (Terraform plans both alike):
    alone, the plan cannot tell whether the group reaches the internet, and says so; beside its code, W9620 as the
    code gives it, and with "::/0" added to the code, the group's IPv6 egress decided (W9650, as the code)."""
    plan = OWN_GROUP / "plan.json"
    beside = engine.lint([str(plan)])
    assert _rules(beside) == ["I9651", "W9620"], [f.message for f in beside.findings]
    assert _rules(beside) == _rules(engine.lint([str(OWN_GROUP)]))
    alone = tmp_path / "alone" / "plan.json"
    alone.parent.mkdir()
    shutil.copy(plan, alone)
    result = engine.lint([str(alone)])
    assert _rules(result) == [], [f.message for f in result.findings]
    said = [u.cause for u in result.undecided if u.subject.id == "aws_lambda_function.fn"]
    assert any("ipv6_cidr_blocks is known only after apply" in cause for cause in said), said
    both = tmp_path / "both"
    both.mkdir()
    code = (OWN_GROUP / "main.tf").read_text()
    written = "ipv6_cidr_blocks = [aws_vpc.main.ipv6_cidr_block]"
    assert written in code
    (both / "main.tf").write_text(code.replace(written, 'ipv6_cidr_blocks = [aws_vpc.main.ipv6_cidr_block, "::/0"]'))
    shutil.copy(plan, both / "plan.json")
    result = engine.lint([str(both / "plan.json")])
    assert _rules(result) == ["W9650"], [f.message for f in result.findings]
    assert not [u for u in result.undecided if u.subject.id == "aws_lambda_function.fn"], result.undecided


def _in_module(doc: dict, name: str) -> dict:
    """A plan's root module moved into a call of a module `name` (`module.net.aws_vpc.main`): as Terraform records a
    child module's resources, their references written in it, relative to it."""
    root = doc["planned_values"]["root_module"]
    for res in root["resources"]:
        res["address"] = f"module.{name}.{res['address']}"
    doc["planned_values"]["root_module"] = {"child_modules": [{"address": f"module.{name}", **root}]}
    for change in doc["resource_changes"]:
        change["address"] = f"module.{name}.{change['address']}"
        change["module_address"] = f"module.{name}"
    configuration = doc["configuration"]
    module = configuration["root_module"]
    configuration["root_module"] = {"module_calls": {name: {"source": "./net", "module": module}}}
    return doc


def test_an_acl_of_a_plan_on_the_vpcs_own_block_in_a_module_is_its_modules_vpc(tmp_path):
    """In a module, the references name its own resources: the VPC whose block the rules are on is the module's
    (`module.net.aws_vpc.main`), of whatever instance of it; another VPC's block (a VPC the module does not make)
    decides nothing."""
    doc = _in_module(json.loads(OWN_ACL.read_text()), "net")
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(doc))
    result = engine.lint([str(path)])
    assert _rules(result) == ["W9621"], [f.message for f in result.findings]
    assert not result.undecided, [u.text for u in result.undecided]
    acl = next(
        r
        for r in doc["configuration"]["root_module"]["module_calls"]["net"]["module"]["resources"]
        if r["type"] == "aws_network_acl"
    )
    for direction in ("egress", "ingress"):
        acl["expressions"][direction]["references"] = ["aws_vpc.elsewhere.ipv6_cidr_block", "aws_vpc.elsewhere"]
    path.write_text(json.dumps(doc))
    result = engine.lint([str(path)])
    assert _rules(result) == [], [f.message for f in result.findings]
    assert result.undecided


def test_an_egress_rule_resource_of_a_plan_to_the_vpcs_own_block_is_no_internet_egress(tmp_path):
    """The plan of W9620's .tf fixture whose only IPv6 egress is `cidr_ipv6 = cidrsubnet(aws_vpc.main.ipv6_cidr_block,
    8, 3)`: the plan has the CIDR as a link to the VPC (its one reference), which was asked nothing of the VPC's own
    block ("the IPv6 egress … cannot be known from the files of this run"). Alone, as the code: W9620 and I9651."""
    name = "bad-egress-rule-resource-to-the-vpcs-own-block"
    alone = tmp_path / "plan.json"
    shutil.copy(FIXTURES / "W9620" / f"{name}.tfplan.json", alone)
    result = engine.lint([str(alone)])
    assert _rules(result) == ["I9651", "W9620"] == _rules(engine.lint([str(FIXTURES / "W9620" / name)]))
    assert not result.undecided, [u.text for u in result.undecided]


def test_a_rule_resources_cidr_a_plan_cannot_tell_is_said_to_be_known_only_after_apply(tmp_path):
    """An aws_network_acl_rule whose ipv6_cidr_block reads the first subnet's block and a variable (which may be
    anything): undecided, and --explain says it is known only after apply. The plan made it a link to the subnet,
    and said the rule 'refers to `aws_subnet.private[0]`, whose instances cannot be known (an unknown count or
    for_each)': a CIDR is no resource's id, and the subnet's instances are known."""
    doc = json.loads(OWN_ACL_GOOD.read_text())
    rule = next(
        r
        for r in doc["configuration"]["root_module"]["resources"]
        if r["address"] == "aws_network_acl_rule.from_first_subnet"
    )
    rule["expressions"]["ipv6_cidr_block"]["references"].append("var.extra")
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(doc))
    result = engine.lint([str(path)])
    assert _rules(result) == [], [f.message for f in result.findings]
    said = [u.cause for u in result.undecided if u.subject.id == "aws_lambda_function.fn"]
    assert said == ["has a rule whose ipv6_cidr_block is known only after apply (the plan has it as unknown)"], said


UNKNOWN_ROUTE = FIXTURES / "W9610" / "good-inline-ipv6-route-destination-unknown"


def test_an_inline_route_a_plan_has_to_an_unknown_ipv6_destination_may_be_the_default_route(tmp_path):
    """The plan of W9610's .tf fixture whose table's only IPv6 route (to the egress-only gateway) is on another VPC's
    block: the route's `ipv6_cidr_block` is unknown in the plan (after_unknown `{"route": [{"ipv6_cidr_block": true}]}`)
    and the provider never computes it (a route without one has it as ""). Read as absent, a route with no destination,
    the plan said the table has no ::/0 route (W9610, and I9651 of the NAT gateway) where the code says it cannot be
    told; now the plan decides what its code decides, and --explain says the destination is known only after apply."""
    plan = tmp_path / "plan.json"
    shutil.copy(UNKNOWN_ROUTE.parent / (UNKNOWN_ROUTE.name + ".tfplan.json"), plan)
    code = engine.lint([str(UNKNOWN_ROUTE)])
    result = engine.lint([str(plan)])
    ids = sorted(f.rule.id for f in result.findings)
    assert ids == sorted(f.rule.id for f in code.findings) == ["I9660"], [f.message for f in result.findings]
    said = [(u.fact, u.cause) for u in result.undecided if u.subject.id == "aws_lambda_function.fn"]
    assert (
        "the destination of the route {} of aws_route_table.private",
        "is known only after apply (the plan has it as unknown)",
    ) in said, said


def _made_unknown(fixture: str, address: str, name: str, refs: list[str], tmp_path) -> engine.Result:
    """A fixture plan whose resource `address` has its argument `name` known only after apply, worked out from
    `refs`, linted alone."""
    doc = json.loads((FIXTURES / fixture).read_text())
    [values] = [r["values"] for r in doc["planned_values"]["root_module"]["resources"] if r["address"] == address]
    [change] = [r["change"] for r in doc["resource_changes"] if r["address"] == address]
    block = address.partition("[")[0]
    [config] = [r for r in doc["configuration"]["root_module"]["resources"] if r["address"] == block]
    values.pop(name)
    change["after"].pop(name)
    change["after_unknown"][name] = True
    config["expressions"][name] = {"references": refs}
    plan = tmp_path / "plan.json"
    plan.write_text(json.dumps(doc))
    return engine.lint([str(plan)])


def test_a_flag_a_plan_has_as_unknown_with_one_reference_is_neither_true_nor_false(tmp_path):
    """`assign_generated_ipv6_cidr_block = aws_vpc.peer.ipv6_cidr_block != ""`: unknown in the plan, with references
    to one resource, which the plan makes a link to it (as it does an id's); the VPC read that link as false, no IPv6
    block, and the plan alone said so (I9605; with a ::/0 route, the NAT gateway's I9651 too) where the code says the
    block cannot be known. It is unknown (an `aws_vpc_ipv6_cidr_block_association` reads the flag alike), and
    --explain says why."""
    refs = ["aws_vpc.peer.ipv6_cidr_block", "aws_vpc.peer"]
    fixture = "W9610/good-inline-ipv6-route-destination-unknown.tfplan.json"
    result = _made_unknown(fixture, "aws_vpc.main", "assign_generated_ipv6_cidr_block", refs, tmp_path)
    assert sorted(f.rule.id for f in result.findings) == ["I9660"], [f.message for f in result.findings]
    said = [(u.fact, u.cause) for u in result.undecided if u.subject.id == "aws_lambda_function.fn"]
    assert ("the IPv6 block of VPC aws_vpc.main", "is known only after apply (the plan has it as unknown)") in said
    assert mapper._flag(Link("aws_vpc.peer")) is UNKNOWN
    assert [mapper._flag(v) for v in (True, "false", None, PRESENT)] == [True, False, None, UNKNOWN]


def test_a_flag_a_plan_has_as_unknown_through_a_local_is_neither_true_nor_false(tmp_path):
    """`assign_generated_ipv6_cidr_block = local.v6` (`v6 = aws_vpc.peer.ipv6_cidr_block != ""`): the plan records
    the reference to the local alone, whose value it does not hold, so the flag is set but unknown (PRESENT), which the
    VPC read as true: its IPv6 block decided, and W9650 of the NAT gateway its functions use, where the code says the
    block cannot be known. Unknown, and --explain says why."""
    fixture = "W9650/bad-nat-serving-dualstack-lambdas.tfplan.json"
    result = _made_unknown(fixture, "aws_vpc.main", "assign_generated_ipv6_cidr_block", ["local.v6"], tmp_path)
    assert "W9650" not in [f.rule.id for f in result.findings], [f.message for f in result.findings]
    said = {(u.subject.id, u.fact): u.cause for u in result.undecided}
    assert said.get(("aws_lambda_function.fn", "the IPv6 block of VPC aws_vpc.main")) == (
        "is known only after apply (the plan has it as unknown)"
    ), said


def test_a_route_destination_a_plan_has_as_unknown_from_one_resource_is_known_only_after_apply(tmp_path):
    """A route's destination or a rule's CIDRs that a plan has as unknown, worked out from one resource's block
    (`cidrsubnet(aws_vpc.main.ipv6_cidr_block, 0, 0)`), were a link to that resource, as an id is: --explain said they
    refer to `aws_vpc.main`, "whose instances cannot be known (an unknown count or for_each)", which the VPC's can, and
    which is not why they are undecided. They are addresses known only after apply, as an ACL rule's are (237e049)."""
    refs = ["aws_vpc.main.ipv6_cidr_block", "aws_vpc.main"]
    result = _made_unknown(
        "W9610/good-ipv6-route.tfplan.json", "aws_route.private_ipv6", "destination_ipv6_cidr_block", refs, tmp_path
    )
    assert [f.rule.id for f in result.findings] == ["I9660"], [f.message for f in result.findings]
    said = {u.fact: u.cause for u in result.undecided}
    assert said == {
        "the destination of route aws_route.private_ipv6": "is known only after apply (the plan has it as unknown)"
    }, said


def test_an_id_list_a_plan_has_as_unknown_takes_the_literal_ids_its_code_beside_writes(tmp_path):
    """`security_group_ids = [aws_security_group.fn.id, "sg-0123…"]`: a plan has the list as unknown whole, with the
    references of `[aws_security_group.fn.id]` (it records no constant beside them), and read it as that group alone:
    beside that code, W9620 (and I9651) where the code says one of the groups is not in the run. The code beside tells:
    its list, the literal id a group that cannot be known, as the code reads it. (Alone, the plan cannot tell.)"""
    folder = tmp_path / "net"
    shutil.copytree(OWN_GROUP, folder)
    code = (folder / "main.tf").read_text()
    written = "security_group_ids          = [aws_security_group.fn.id]"
    assert written in code
    code = code.replace(written, 'security_group_ids = [aws_security_group.fn.id, "sg-0123456789abcdef0"]')
    (folder / "main.tf").write_text(code)
    plan, hcl = engine.lint([str(folder / "plan.json")]), engine.lint([str(folder)])
    assert _rules(plan) == _rules(hcl) == [], [f.message for f in plan.findings]
    said = [u.cause for u in plan.undecided if u.subject.id == "aws_lambda_function.fn"]
    assert "is the literal id `sg-0123456789abcdef0`, a resource that is not in this run" in said, said


def test_a_functions_vpc_config_a_plan_has_as_unknown_whole_may_place_it_in_the_nats_subnets(tmp_path):
    """`dynamic "vpc_config" { for_each = toset(compact([aws_vpc.peer.ipv6_cidr_block])) … }`: a plan (terraform 1.11.4)
    has the block as unknown whole, `"vpc_config": true` in after_unknown, and its configuration leaves out the dynamic
    block; read as set but unknown (PRESENT), the function had no VPC configuration at all: not in a VPC, with nothing
    undecided, and W9650 judged the NAT gateway beside it without it. The code says the VPC configuration cannot be
    known; so does the plan now, and the NAT gateway is undecided (the function may be in its subnets)."""
    doc = json.loads((FIXTURES / "W9650" / "bad-nat-serving-dualstack-lambdas.tfplan.json").read_text())
    resources = doc["planned_values"]["root_module"]["resources"]
    [fn] = [r for r in resources if r["address"] == "aws_lambda_function.fn"]
    [change] = [r for r in doc["resource_changes"] if r["address"] == "aws_lambda_function.fn"]
    configured = doc["configuration"]["root_module"]["resources"]
    [config] = [r for r in configured if r["address"] == "aws_lambda_function.fn"]
    fn2, change2, config2 = json.loads(json.dumps([fn, change, config]))
    for made in (fn2, change2, config2):
        made.update(address="aws_lambda_function.fn2", name="fn2")
    fn2["values"]["function_name"] = change2["change"]["after"]["function_name"] = "orders-fn2"
    del fn2["values"]["vpc_config"], change2["change"]["after"]["vpc_config"], config2["expressions"]["vpc_config"]
    change2["change"]["after_unknown"]["vpc_config"] = True
    resources.append(fn2)
    doc["resource_changes"].append(change2)
    configured.append(config2)
    plan = tmp_path / "plan.json"
    plan.write_text(json.dumps(doc))
    result = engine.lint([str(plan)])
    assert "W9650" not in [f.rule.id for f in result.findings], [f.message for f in result.findings]
    said = {(u.subject.id, u.fact): u.cause for u in result.undecided}
    assert said.get(("aws_lambda_function.fn2", "the VPC configuration")) == (
        "is known only after apply (the plan has it as unknown)"
    ), said
    assert ("aws_nat_gateway.main", "whether function aws_lambda_function.fn2 uses it") in said, said


NAT64_LOCAL = FIXTURES / "W9650" / "good-nat64-route-through-a-local-beside-another-nat"


def test_a_nat64_route_through_a_local_beside_a_route_to_another_nat_may_target_any_nat(tmp_path):
    """A table's `route { ipv6_cidr_block = "64:ff9b::/96"  nat_gateway_id = local.nat64 }` beside `route { cidr_block =
    "0.0.0.0/0"  nat_gateway_id = aws_nat_gateway.other.id }`: the plan has both targets unknown and one `references`
    list for the table's routes, naming the other NAT gateway alone (a local's value is not recorded). Both routes were
    read as routes to it, so the NAT gateway the local names was no NAT64 target and W9650 said to remove it, where its
    code says no. Which NAT gateway either route targets is now undecided; a target only one route has unknown stays
    that route's (the fixtures' `::/0 → aws_egress_only_internet_gateway.eigw` beside a NAT route through a local)."""
    plan = tmp_path / "plan.json"
    shutil.copy(NAT64_LOCAL.parent / (NAT64_LOCAL.name + ".tfplan.json"), plan)
    result = engine.lint([str(plan)])
    assert [f.rule.id for f in result.findings] == [f.rule.id for f in engine.lint([str(NAT64_LOCAL)]).findings]
    assert "W9650" not in [f.rule.id for f in result.findings], [f.message for f in result.findings]
    said = {(u.subject.id, u.fact) for u in result.undecided}
    assert ("aws_nat_gateway.main", "whether the route {} for 64:ff9b::/96 of aws_route_table.batch goes to it") in said
    assert tfplan._shared([{"nat_gateway_id": True}, {"nat_gateway_id": True, "gateway_id": True}, True]) == {
        "nat_gateway_id"
    }


DYNAMIC_ENDPOINT = FIXTURES / "I9640" / "good-rest-api-endpoint-configuration-in-a-dynamic-block"


def test_a_block_a_plan_has_as_unknown_that_the_code_beside_writes_is_not_awss_default(tmp_path):
    """A REST API's `dynamic "endpoint_configuration"` of an unknown for_each: the plan has the block as unknown and its
    configuration records nothing of it, as for an API that writes none (AWS computes it: read as its default, EDGE,
    IPv4). Beside the code, which writes it, the plan said I9640 where the code cannot tell the API's IP address type;
    now the plan beside its code is undecided, as the code is. (Alone, it cannot tell the two apart.)"""
    beside = engine.lint([str(DYNAMIC_ENDPOINT / "plan.json")])
    assert (
        [f.rule.id for f in beside.findings] == [f.rule.id for f in engine.lint([str(DYNAMIC_ENDPOINT)]).findings] == []
    )
    said = {u.fact: u.cause for u in beside.undecided if u.subject.id == "aws_api_gateway_rest_api.api"}
    assert said.get("its IP address type") == "is known only after apply (the plan has it as unknown)", said


# ----- where a variable chooses a value: a plan's fix names it, as the code's does -----------------------------------

_DEFAULT_FLAG = (
    "(it comes from variable `dual_stack`, at its default value or given the same by a tfvars file, -var or "
    "TF_VAR_dual_stack: set it to true there)"
)


@pytest.mark.parametrize(
    ("fixture", "rule", "said"),
    [
        (  # W9601's fix; a root variable left at its default
            "I9651/bad-flag-from-variable-default",
            "W9601",
            f"Set ipv6_allowed_for_dual_stack to true {_DEFAULT_FLAG} to allow IPv6 egress.",
        ),
        (  # I9651's function-flag step (dualstack_how)
            "I9651/bad-flag-from-variable-default",
            "I9651",
            f"1) set ipv6_allowed_for_dual_stack on the functions (aws_lambda_function.fn: set "
            f"ipv6_allowed_for_dual_stack to true {_DEFAULT_FLAG});",
        ),
        (  # a value terraform.tfvars passed: the plan holds it, not where it came from
            "W9601/bad-flag-false-from-tfvars",
            "W9601",
            "(it comes from variable `allow_ipv6`, passed to the plan by a tfvars file, -var or TF_VAR_allow_ipv6: set "
            "it to true there)",
        ),
        (  # a local module's input, on its call
            "W9601/bad-local-module-flag-false-on-its-call",
            "W9601",
            "(it comes from input `dual_stack` of module `fn` in the root module: set it to true there)",
        ),
        (  # I9640's fix (ip_how): a REST API's and an HTTP API's from a root default, a module's left at its default
            "I9640/bad-ip-address-type-from-variable-default",
            "I9640",
            "(it comes from the default of input `ip_address_type`, which module `api` in the root module does not "
            "set: pass a value that gives dualstack, or change the default)",
        ),
        (  # the SDK step (from:AWS_USE_DUALSTACK_ENDPOINT), one setting of a map written in place
            "I9651/bad-sdk-from-variable-default",
            "I9651",
            "(aws_lambda_function.fn: set AWS_USE_DUALSTACK_ENDPOINT to true (from variable `sdk_dual_stack`, at its "
            "default value or given the same by a tfvars file, -var or TF_VAR_sdk_dual_stack: set it to true there))",
        ),
        (  # W9631's (from:AWS_USE_DUALSTACK_ENDPOINT)
            "W9631/bad-sdk-setting-from-variable-default",
            "W9631",
            'AWS_USE_DUALSTACK_ENDPOINT is "false" (from variable `sdk_dual_stack`, at its default value or given the '
            "same by a tfvars file, -var or TF_VAR_sdk_dual_stack: set it to true there)",
        ),
        (  # the whole map a variable gives (env_how)
            "W9650/bad-environment-from-variable-default",
            "W9650",
            'on aws_lambda_function.fn (add AWS_USE_DUALSTACK_ENDPOINT = "true" to variable `environment`, at its '
            "default value or given the same by a tfvars file, -var or TF_VAR_environment, which environment "
            "{ variables } takes)",
        ),
        (  # I9632 (from:NODE_OPTIONS)
            "I9632/bad-node-options-from-variable-default",
            "I9632",
            "NODE_OPTIONS sets --dns-result-order=ipv4first (from variable `node_options`, at its default value or "
            "given the same by a tfvars file, -var or TF_VAR_node_options: change it there)",
        ),
        (  # E9633
            "E9633/bad-nodejs18-ipv6first-from-variable-default",
            "E9633",
            "sets --dns-result-order=ipv6first in NODE_OPTIONS (from variable `node_options`, at its default value or "
            "given the same by a tfvars file, -var or TF_VAR_node_options: change it there)",
        ),
    ],
)
def test_a_plans_fix_names_the_variable_that_chooses_the_value(fixture, rule, said):
    """A plan's configuration records what each argument references (`references: ["var.dual_stack"]`) and its
    root variables' values and defaults: where an argument reads one variable alone, the fix changes that variable
    where its value is set, as the code's does, not the argument (writing true over `var.dual_stack` drops the
    choice). Where the plan's value is the default's, it says so without calling it the default: a tfvars file, -var
    or TF_VAR_ giving the same value plans the same."""
    messages = [
        f.message for f in engine.lint([str(FIXTURES / f"{fixture}.tfplan.json")]).findings if f.rule.id == rule
    ]
    assert any(said in m for m in messages), messages
    if "default of variable" in said:
        code = [f.message for f in engine.lint([str(FIXTURES / fixture)]).findings if f.rule.id == rule]
        assert any(said in m for m in code), code


def test_the_plans_steps_name_the_variable_that_chooses_the_value():
    """The migration plan's function-flag and SDK steps say what I9651 says (`chosen_change`)."""
    result = engine.lint(
        [str(FIXTURES / "I9651" / "bad-flag-from-variable-default.tfplan.json")], engine.Options(plan=True)
    )
    assert result.plan is not None
    [entry] = result.plan.nats
    [step] = [s for s in entry.steps if s.step == "function-flag"]
    [change] = step.changes
    assert change.resource.id == "aws_lambda_function.fn"
    assert change.what.startswith(f"set ipv6_allowed_for_dual_stack to true {_DEFAULT_FLAG}, after publishing"), change


def _flag_plan(tmp_path, change) -> list[str]:
    """W9601's messages on I9651's plan of a flag from `var.dual_stack` (default false), its document changed."""
    doc = json.loads((FIXTURES / "I9651" / "bad-flag-from-variable-default.tfplan.json").read_text())
    change(doc)
    plan = tmp_path / "plan.json"
    plan.write_text(json.dumps(doc))
    return [f.message for f in w9601(engine.lint([str(plan)]))]


def _function(doc) -> dict:
    (fn,) = [r for r in doc["configuration"]["root_module"]["resources"] if r["type"] == "aws_lambda_function"]
    return fn["expressions"]


def _references(*refs):
    def change(doc):
        _function(doc)["vpc_config"][0]["ipv6_allowed_for_dual_stack"] = {"references": list(refs)}

    return change


def _value(value, default):
    def change(doc):
        doc["variables"]["dual_stack"]["value"] = value
        doc["configuration"]["root_module"]["variables"]["dual_stack"]["default"] = default

    return change


@pytest.mark.parametrize(
    ("change", "said"),
    [
        (_value(False, False), _DEFAULT_FLAG),
        (_value(False, True), "(it comes from variable `dual_stack`, passed to the plan by a tfvars file, -var or"),
        (_value("false", False), _DEFAULT_FLAG),  # (a string Terraform converts)
        (_value(True, True), None),  # `!var.dual_stack` references it too: its value is not the flag's
        (_references("var.dual_stack", "var.other"), None),  # worked out of two
        (_references("local.dual_stack"), None),
        (_references("var.dual_stack.enabled", "var.dual_stack"), None),  # an attribute of it
        (_references("var.undeclared"), None),  # (no value in the plan)
    ],
)
def test_a_plans_flag_names_a_variable_only_where_it_is_the_flags_value(tmp_path, change, said):
    """A plan records the variables an expression references, not the expression: `!var.x` and `var.x == "a"`
    reference one variable as `var.x` does. Only one variable alone whose value is the argument's is named (where
    the plan's value is the default, as the default); anything else keeps the argument's own words."""
    [message] = _flag_plan(tmp_path, change)
    if said is None:
        assert "Set ipv6_allowed_for_dual_stack to true to allow IPv6 egress." in message, message
    else:
        assert f"Set ipv6_allowed_for_dual_stack to true {said}" in message, message


def test_a_plans_module_call_is_named_at_its_line_where_its_code_is_beside_the_plan(tmp_path):
    """The plan's configuration holds no line: where the `.tf` files are beside the plan, the call is named as the
    code names it (`module `fn` at main.tf:41`, the file from the root module's folder); where they are not, as
    nearly as the plan tells (the root module, or the folder its callers' local sources give)."""
    source = FIXTURES / "W9601" / "bad-local-module-flag-false-on-its-call"
    shutil.copytree(source, tmp_path / "code")
    shutil.copy(
        FIXTURES / "W9601" / "bad-local-module-flag-false-on-its-call.tfplan.json", tmp_path / "code" / "p.json"
    )
    line = (source / "main.tf").read_text().splitlines().index('module "fn" {') + 1
    [message] = [f.message for f in w9601(engine.lint([str(tmp_path / "code" / "p.json")]))]
    assert f"(it comes from input `dual_stack` of module `fn` at main.tf:{line}: set it to true there)" in message
    # the code's own words, to the letter
    [code] = [f.message for f in w9601(engine.lint([str(tmp_path / "code")]))]
    assert message == code
    # the whole configuration a module called from ./app: the call's folder, where no code is beside the plan
    doc = json.loads((FIXTURES / "W9601" / "bad-local-module-flag-false-on-its-call.tfplan.json").read_text())
    config = doc["configuration"]
    config["root_module"] = {"module_calls": {"app": {"source": "./app", "module": config["root_module"]}}}

    def down(node):
        node["address"] = "module.app" + (f".{node['address']}" if node.get("address") else "")
        for resource in node.get("resources", []):
            resource["address"] = "module.app." + resource["address"]
        for child in node.get("child_modules", []):
            down(child)
        return node

    doc["planned_values"]["root_module"] = {
        "resources": [],
        "child_modules": [down(doc["planned_values"]["root_module"])],
    }
    for change in doc["resource_changes"]:
        change["module_address"] = "module.app" + (
            f".{change['module_address']}" if change.get("module_address") else ""
        )
        change["address"] = "module.app." + change["address"]
    (tmp_path / "plan.json").write_text(json.dumps(doc))
    [message] = [f.message for f in w9601(engine.lint([str(tmp_path / "plan.json")]))]
    assert "(it comes from input `dual_stack` of module `fn` in app: set it to true there)" in message, message


def test_a_plans_module_input_is_named_only_for_a_local_modules_call(tmp_path):
    """A module's input is named on its call where the call is the user's code (a local path, as
    `_Plan._local` tells); through a registry module the plan names nothing (its resources are not the user's to
    change: the code's `installed`)."""
    doc = json.loads((FIXTURES / "W9601" / "bad-local-module-flag-false-on-its-call.tfplan.json").read_text())
    plan = tmp_path / "plan.json"
    plan.write_text(json.dumps(doc))
    [message] = [f.message for f in w9601(engine.lint([str(plan)]))]
    assert "(it comes from input `dual_stack` of module `fn` in the root module: set it to true there)" in message, (
        message
    )
    doc["configuration"]["root_module"]["module_calls"]["fn"]["source"] = "app.terraform.io/acme/fn/aws"
    plan.write_text(json.dumps(doc))
    [message] = [f.message for f in w9601(engine.lint([str(plan)]))]
    assert "Set ipv6_allowed_for_dual_stack to true to allow IPv6 egress." in message, message


@pytest.mark.parametrize(
    ("variables", "named"),
    [
        ({"AWS_USE_DUALSTACK_ENDPOINT": "false", "STAGE": "prod"}, True),
        ({"AWS_USE_DUALSTACK_ENDPOINT": "false", "CACHE": "false"}, False),  # which of the two reads it is not told
        ({"AWS_USE_DUALSTACK_ENDPOINT": "no", "STAGE": "false"}, False),  # another setting reads it
    ],
)
def test_a_plans_environment_setting_names_the_variable_only_where_it_alone_has_its_value(tmp_path, variables, named):
    """A plan records one expression for the whole map (`{ AWS_USE_DUALSTACK_ENDPOINT = var.sdk_dual_stack }`:
    references ["var.sdk_dual_stack"]): the setting a rule reads is taken to be the variable's only where it is the
    one setting of the map with the variable's value."""
    doc = json.loads((FIXTURES / "I9651" / "bad-sdk-from-variable-default.tfplan.json").read_text())
    (fn,) = [r for r in doc["planned_values"]["root_module"]["resources"] if r["type"] == "aws_lambda_function"]
    fn["values"]["environment"][0]["variables"] = variables
    plan = tmp_path / "plan.json"
    plan.write_text(json.dumps(doc))
    messages = [f.message for f in engine.lint([str(plan)]).findings]
    said = "(from variable `sdk_dual_stack`, at its default value or given the same by a tfvars file, -var or "
    said += "TF_VAR_sdk_dual_stack: set it to true there)"
    assert any(said in m for m in messages) is named, messages


def _looked_up_acls(acl_tags_all, lookup_tags, rule_refs=None):
    """W9621's plan of ACL rules on `join("", data.aws_network_acls.private.ids)`, a lookup read at apply (it
    depends on the ACL): the ACL's planned tags_all (None: known only after apply), the lookup's tags as its
    configuration writes them, and what the rules' network_acl_id reads."""
    plan = json.loads((FIXTURES / "W9621" / "good-acl-rules-on-a-looked-up-acl.tfplan.json").read_text())
    for res in plan["planned_values"]["root_module"]["resources"]:
        if res["address"] == "aws_network_acl.private" and acl_tags_all is not None:
            res["values"]["tags_all"] = acl_tags_all
    for change in plan["resource_changes"]:
        if change["address"] == "aws_network_acl.private" and acl_tags_all is None:
            change["change"]["after_unknown"]["tags_all"] = True
    for res in plan["configuration"]["root_module"]["resources"]:
        if res["address"] == "data.aws_network_acls.private":
            res["expressions"]["tags"] = lookup_tags
        if res["address"].startswith("aws_network_acl_rule.") and rule_refs is not None:
            res["expressions"]["network_acl_id"] = {"references": rule_refs}
    return plan


@pytest.mark.parametrize(
    ("plan", "expected", "cause"),
    [
        (  # the lookup asks for Name = "public", and the ACL will carry Name = "private" only
            _looked_up_acls({"Name": "private"}, {"constant_value": {"Name": "public"}}),
            ["W9621"],
            None,
        ),
        (  # it asks for the tag the ACL carries
            _looked_up_acls({"Name": "private"}, {"constant_value": {"Name": "private"}}),
            [],
            "is looked up by data source `data.aws_network_acls.private`, which may find this one",
        ),
        (  # the ACL's tags are known only after apply
            _looked_up_acls(None, {"constant_value": {"Name": "public"}}),
            [],
            "is looked up by data source `data.aws_network_acls.private`, which may find this one",
        ),
        (  # the lookup's tags are a variable's (the plan's configuration records only the reference)
            _looked_up_acls({"Name": "private"}, {"references": ["var.tags"]}),
            [],
            "is looked up by data source `data.aws_network_acls.private`, which may find this one",
        ),
        (  # the rules' ACL reads the lookup and a variable: what it names is known only after apply
            _looked_up_acls(
                {"Name": "private"},
                {"constant_value": {"Name": "public"}},
                ["var.acl_id", "data.aws_network_acls.private.ids", "data.aws_network_acls.private"],
            ),
            [],
            "whose network ACL is known only after apply",
        ),
    ],
)
def test_a_plans_lookup_read_at_apply_finds_only_what_its_configuration_allows(tmp_path, plan, expected, cause):
    """7a13291 ruled out what a lookup cannot find in the code; a plan's rule on a lookup read at apply opened every
    ACL (route table, group) of the run. Its configuration's constant arguments and the resources it names decide as
    the code's do, against the plans' tags_all (the provider's default_tags among them): W9621 fires where the lookup
    asks for a tag the function's ACL will not carry. Anything known only after apply stays open."""
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(plan))
    result = engine.lint([str(path)])
    assert sorted({f.rule.id for f in result.findings if f.rule.id.startswith("W96")}) == expected
    said = [u.cause or "" for u in result.undecided]
    assert cause is None or any(cause in c for c in said), said


def _lookup_planned(after, after_unknown=None, written=None):
    """W9621's plan of ACL rules on a lookup read at apply (the ACL will carry Name = "private"), whose arguments
    its configuration records only as references to variables (`written`: its expressions; by default `tags =
    var.tags`), and what Terraform planned of them: the data source's change's `after` and `after_unknown`."""
    plan = _looked_up_acls({"Name": "private"}, {"references": ["var.tags"]})
    for res in plan["configuration"]["root_module"]["resources"]:
        if res["address"] == "data.aws_network_acls.private" and written is not None:
            res["expressions"] = {"vpc_id": res["expressions"]["vpc_id"], **written}
    for change in plan["resource_changes"]:
        if change["address"] == "data.aws_network_acls.private":
            change["change"]["after"] = {"filter": None, "tags": None, "timeouts": None, **after}
            change["change"]["after_unknown"] = {"id": True, "ids": True, "vpc_id": True, **(after_unknown or {})}
    return plan


_BY_VARIABLE_FILTER = {"filter": [{"name": {"constant_value": "tag:Name"}, "values": {"references": ["var.names"]}}]}


@pytest.mark.parametrize(
    ("plan", "expected"),
    [
        (_lookup_planned({"tags": {"Name": "public"}}), ["W9621"]),  # the variable's tags: another ACL's
        (_lookup_planned({"tags": {"Name": "priv*"}}), []),  # a pattern that fits the function's ACL
        (_lookup_planned({}, {"tags": True}), []),  # the variable is known only after apply
        (_lookup_planned({"tags": {"Name": "public", "Tier": None}}, {"tags": {"Tier": True}}), []),  # a part of it
        (  # a filter's values from a variable, planned
            _lookup_planned({"filter": [{"name": "tag:Name", "values": ["public"]}]}, written=_BY_VARIABLE_FILTER),
            ["W9621"],
        ),
        (  # one of the filter's values known only after apply (`after` writes it null)
            _lookup_planned(
                {"filter": [{"name": "tag:Name", "values": ["public", None]}]},
                {"filter": [{"values": [False, True]}]},
                written=_BY_VARIABLE_FILTER,
            ),
            [],
        ),
        (  # a `dynamic "filter"` block: the configuration records no expression for it, the plan its blocks
            _lookup_planned({"filter": [{"name": "tag:Name", "values": ["public"]}]}, written={}),
            ["W9621"],
        ),
    ],
)
def test_a_plans_lookup_read_at_apply_is_narrowed_by_what_terraform_planned_of_its_arguments(plan, expected, tmp_path):
    """A lookup's arguments set from variables are references in the plan's configuration, their values in its
    change's `after`: those Terraform planned (not in `after_unknown`) decide what it may find, as constants written
    would (9ea9e4f's left-over: such a lookup opened every ACL the run's tags_all let it, its tags undecided)."""
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(plan))
    result = engine.lint([str(path)])
    assert sorted({f.rule.id for f in result.findings if f.rule.id.startswith("W96")}) == expected
    if not expected:
        said = [u.cause or "" for u in result.undecided]
        assert any("is looked up by data source `data.aws_network_acls.private`, which may find" in c for c in said)


@pytest.mark.parametrize(
    ("lookup_tags", "code", "named"),
    [
        ({"Team": "net"}, None, "the default_tags of provider `aws`"),  # only the provider's default_tags fit
        ({"Team": "net"}, "", "the default_tags of provider `aws` (PLACE)"),  # the code beside names its block
        ({"Name": "private", "Team": "net"}, "", "the default_tags of provider `aws` (PLACE)"),
        ({"Name": "private"}, "", None),  # the ACL's own tags fit: the default_tags are not why
    ],
)
def test_a_plans_lookup_names_the_provider_whose_default_tags_it_may_find_by(tmp_path, lookup_tags, code, named):
    """A plan's tags_all holds the provider's default_tags: where a lookup read at apply may find the function's ACL
    only through them, --explain names the provider (its block in the code beside the plan, else its address), as
    it names an aws_ec2_tag; not where the ACL's own tags fit."""
    plan = _looked_up_acls({"Name": "private", "Team": "net"}, {"constant_value": lookup_tags})
    plan["configuration"]["provider_config"]["aws"]["expressions"]["default_tags"] = [
        {"tags": {"constant_value": {"Team": "net"}}}
    ]
    for res in plan["planned_values"]["root_module"]["resources"]:
        if res["address"] == "aws_network_acl.private":
            res["values"]["tags"] = {"Name": "private"}
    if code is not None:
        code = '\n\nprovider "aws" {\n  region = "us-east-1"\n  default_tags {\n    tags = { Team = "net" }\n  }\n}\n'
        (tmp_path / "main.tf").write_text(code)
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(plan))
    result = engine.lint([str(path)])
    assert [f.rule.id for f in result.findings if f.rule.id.startswith("W96")] == []
    said = [u.cause or "" for u in result.undecided if "which may find this one" in (u.cause or "")]
    assert said
    for cause in said:
        if named is None:
            assert cause.endswith("which may find this one"), cause
        else:
            words = named.replace("PLACE", f"{tmp_path / 'main.tf'}:3")
            assert cause.endswith(f"which may find this one by the tags that {words} may give it"), cause


@pytest.mark.parametrize(
    ("key", "providers", "expected"),
    [
        ("module.net:aws", {"aws": {}}, ("aws", "", "")),  # (Terraform 1.x: a module's inherited provider)
        ("aws", {"aws": {}}, ("aws", "", "")),
        ("module.net:aws.west", {"module.net:aws.west": {"alias": "west", "module_address": "module.net"}}, None),
        ("module.net:aws", {"module.net:aws": {"module_address": "module.net"}, "aws": {}}, ("aws", "", "module.net")),
    ],
)
def test_a_plans_table_in_a_module_is_tagged_by_the_provider_it_uses(key, providers, expected):
    """Which provider block's default_tags a module's table carries: the one its provider_config_key names, else
    the caller's of that name a module inherits (the root's `aws`); a provider without default_tags gives none."""
    config = {k: {"name": "aws", "full_name": "registry.terraform.io/hashicorp/aws", **v} for k, v in providers.items()}
    for name, entry in config.items():
        if name != "module.net:aws.west":
            entry["expressions"] = {"default_tags": [{"tags": {"constant_value": {"Team": "net"}}}]}
    table = {"address": "aws_route_table.private", "mode": "managed", "type": "aws_route_table"}
    doc = {
        "configuration": {
            "provider_config": config,
            "root_module": {
                "module_calls": {"net": {"module": {"resources": [{**table, "provider_config_key": key}]}}}
            },
        }
    }
    inst = Instance("module.net.aws_route_table.private", "aws_route_table", {}, Location("plan.json"))
    found = tfplan._Plan("plan.json", doc).tagging_providers([inst])
    assert found.get(inst.address) == expected, found


def _looked_up_table(lookup_tags):
    """W9610's plan of a ::/0 route on `data.aws_route_table.private.id`, a lookup read at apply (it depends on the
    table, which will carry Name = "private"), the lookup's tags as given."""
    plan = json.loads((FIXTURES / "W9610" / "good-ipv6-route.tfplan.json").read_text())
    for res in plan["planned_values"]["root_module"]["resources"]:
        if res["address"] == "aws_route_table.private":
            res["values"]["tags"] = res["values"]["tags_all"] = {"Name": "private"}
    for res in plan["configuration"]["root_module"]["resources"]:
        if res["address"] == "aws_route.private_ipv6":
            res["expressions"]["route_table_id"] = {
                "references": ["data.aws_route_table.private.id", "data.aws_route_table.private"]
            }
    plan["configuration"]["root_module"]["resources"].append(
        {
            "address": "data.aws_route_table.private",
            "mode": "data",
            "type": "aws_route_table",
            "name": "private",
            "provider_config_key": "aws",
            "expressions": {
                "vpc_id": {"references": ["aws_vpc.main.id", "aws_vpc.main"]},
                "tags": {"constant_value": lookup_tags},
            },
            "schema_version": 0,
            "depends_on": ["aws_route_table.private"],
        }
    )
    plan["resource_changes"].append(
        {
            "address": "data.aws_route_table.private",
            "mode": "data",
            "type": "aws_route_table",
            "name": "private",
            "provider_name": "registry.terraform.io/hashicorp/aws",
            "change": {
                "actions": ["read"],
                "before": None,
                "after": {"tags": lookup_tags},
                "after_unknown": {"id": True, "route_table_id": True, "vpc_id": True, "routes": True},
            },
            "action_reason": "read_because_dependency_pending",
        }
    )
    return plan


@pytest.mark.parametrize(
    ("lookup_tags", "expected"),
    [({"Name": "public"}, ["W9610"]), ({"Name": "private"}, []), ({"Name": "pri?ate*"}, [])],
)
def test_a_plans_route_on_a_lookup_read_at_apply_is_on_what_it_may_find(tmp_path, lookup_tags, expected):
    """A plan's ::/0 route on a route table a lookup finds at apply: a lookup by a tag the function's table will not
    carry cannot find it, so that table has no ::/0 route (W9610); one by its tag, or a pattern that fits it, may."""
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(_looked_up_table(lookup_tags)))
    result = engine.lint([str(path)])
    assert sorted({f.rule.id for f in result.findings if f.rule.id.startswith("W96")}) == expected


@pytest.mark.parametrize(
    ("source", "version", "named"),
    [
        ("terraform-aws-modules/lambda/aws", "~> 7.20", True),
        ("registry.terraform.io/terraform-aws-modules/lambda/aws", None, True),
        ("git::https://github.com/terraform-aws-modules/terraform-aws-lambda.git?ref=v7.14.0", None, True),
        ("terraform-aws-modules/lambda/aws", "~> 7.13.0", False),  # (before 7.14.0: no such input, raise it)
    ],
)
def test_a_plans_lambda_module_function_names_the_call_and_its_inputs(tmp_path, source, version, named):
    """A plan's function made by terraform-aws-modules/lambda is changed on its call, as the code's is: W9601 and
    E9604 name the call's inputs (the plan ran the vpc model only, so its words named the function's own argument,
    which the user never wrote); where the release the constraint allows predates the input, the fix says to raise
    it first, as for the code."""
    said = {}
    for fixture in ("W9601/bad-registry-lambda-module-flag-false", "E9604/bad-registry-lambda-module-without-subnets"):
        doc = json.loads((FIXTURES / f"{fixture}.tfplan.json").read_text())
        call = doc["configuration"]["root_module"]["module_calls"]["orders"]
        call["source"] = source
        call.pop("version_constraint")
        if version is not None:
            call["version_constraint"] = version
        plan = tmp_path / f"{fixture.partition('/')[0]}.tfplan.json"
        plan.write_text(json.dumps(doc))
        said.update({f.rule.id: f.message for f in engine.lint([str(plan)]).findings})
    if named:
        assert "but ipv6_allowed_for_dual_stack on module.orders is not true" in said["W9601"], said
        assert "Before setting ipv6_allowed_for_dual_stack = true on module.orders: allow IPv6" in said["W9601"], said
        assert "sets ipv6_allowed_for_dual_stack = true on module.orders without subnets" in said["E9604"], said
        assert "Set ipv6_allowed_for_dual_stack = false on module.orders (" in said["E9604"], said
        assert "(vpc_subnet_ids on module.orders and vpc_security_group_ids on module.orders)." in said["E9604"], said
    else:
        assert "but ipv6_allowed_for_dual_stack is not true" in said["W9601"], said
        assert (
            "Before setting ipv6_allowed_for_dual_stack to true on module.orders (an input since "
            "terraform-aws-modules/lambda/aws 7.14.0, newer than its version constraint allows: raise it): "
        ) in said["W9601"], said
        assert "sets ipv6_allowed_for_dual_stack to true without subnets" in said["E9604"], said


def test_a_plans_lambda_module_function_out_of_its_vpc_is_said_in_the_modules_terms(tmp_path):
    """E9604 on a plan's terraform-aws-modules/lambda function with security groups but no subnets: out of the VPC
    is both lists left null on the call (its `dynamic "vpc_config"` is written for an empty list), not "its security
    groups removed", which a user would do by writing [] and keep the block."""
    doc = json.loads((FIXTURES / "E9604" / "bad-registry-lambda-module-without-subnets.tfplan.json").read_text())
    sg = ["sg-0123456789abcdef0"]
    doc["configuration"]["root_module"]["module_calls"]["orders"]["expressions"]["vpc_security_group_ids"] = {
        "constant_value": sg
    }
    for values in [r["values"] for r in doc["planned_values"]["root_module"]["child_modules"][0]["resources"]] + [
        c["change"]["after"] for c in doc["resource_changes"]
    ]:
        if (values or {}).get("vpc_config"):
            values["vpc_config"][0]["security_group_ids"] = sg
    plan = tmp_path / "plan.tfplan.json"
    plan.write_text(json.dumps(doc))
    (said,) = [f.message for f in engine.lint([str(plan)]).findings if f.rule.id == "E9604"]
    assert "without subnets:" in said, said
    assert (
        "take it out of the VPC: vpc_subnet_ids and vpc_security_group_ids on module.orders left null (unset, not []: "
        "that drops the module's vpc_config) and ipv6_allowed_for_dual_stack = false on module.orders" in said
    ), said
    assert "removed" not in said, said


def test_a_plans_local_module_function_keeps_its_arguments_words(tmp_path):
    """A module of the user's own (`./modules/orders`) is no built-in model's: its function's words are the plan's
    own (the control of the test above)."""
    doc = json.loads((FIXTURES / "W9601" / "bad-registry-lambda-module-flag-false.tfplan.json").read_text())
    call = doc["configuration"]["root_module"]["module_calls"]["orders"]
    call["source"] = "./modules/orders"
    del call["version_constraint"]
    plan = tmp_path / "plan.tfplan.json"
    plan.write_text(json.dumps(doc))
    (finding,) = w9601(engine.lint([str(plan)]))
    assert "but ipv6_allowed_for_dual_stack is not true" in finding.message, finding.message
    assert " on module.orders" not in finding.message, finding.message


@pytest.mark.parametrize(
    ("refs", "fires"),
    [
        (["local.egress_ip"], False),  # the local may be `aws_eip.nat.public_ip`: a plan does not say
        (["local.settings.ip", "local.settings"], False),
        (["var.contact"], True),  # a root variable names no Elastic IP of the run
        (["aws_subnet.private"], True),
    ],
)
def test_a_root_output_that_reads_a_local_may_give_the_nat_gateways_address(tmp_path, refs, fires):
    """RULES.md W9650 counts root outputs, and "Unknowns never produce findings": a plan records the references of
    an output's expression, not the value of a local it reads, so an output reading one may give the Elastic IP
    (the code itself decides it: `locals { egress_ip = aws_eip.nat.public_ip }`); --explain says which output."""
    doc = json.loads((FIXTURES / "W9650" / "bad-environment-from-variable-default.tfplan.json").read_text())
    doc["configuration"]["root_module"]["outputs"] = {"egress": {"expression": {"references": refs}}}
    (tmp_path / "plan.json").write_text(json.dumps(doc))
    result = engine.lint([str(tmp_path / "plan.json")])
    assert any(f.rule.id == "W9650" for f in result.findings) is fires
    doubts = [u.text for u in result.undecided if u.fact.startswith("whether the outputs give its address")]
    assert bool(doubts) is not fires
    assert all(f"output `egress` reads `{refs[0]}`" in text for text in doubts), doubts


def test_a_plans_fix_beside_its_code_names_the_root_variable_a_local_modules_input_passes(tmp_path):
    """A local module call passing `enable_ipv6 = var.enable_ipv6`: the plan's fix names the root variable where its
    value came from, beside its code too. The code read with the plan's values took them for the call's own, and
    said "enable_ipv6 = true on module `network` at main.tf:19", which a tfvars file or -var overrides again; with
    prod.auto.tfvars beside it the plan's maker may have passed another file or -var, so the plan's words stand."""
    fixture = FIXTURES / "I9605" / "bad-local-module-vpc-without-ipv6"
    doc = json.loads(fixture.with_suffix(".tfplan.json").read_text())
    doc["variables"] = {"enable_ipv6": {"value": False}}  # (as prod.auto.tfvars gives it)
    call = doc["configuration"]["root_module"]["module_calls"]["network"]
    call["expressions"]["enable_ipv6"] = {"references": ["var.enable_ipv6"]}  # (as main.tf writes it)
    shutil.copytree(fixture, tmp_path / "code")
    (tmp_path / "code" / "plan.tfplan.json").write_text(json.dumps(doc, indent=1))
    (tmp_path / "alone").mkdir()
    (tmp_path / "alone" / "plan.tfplan.json").write_text(json.dumps(doc, indent=1))
    words = (
        "Start the IPv6 migration with variable `enable_ipv6` = true where this plan's value of it comes from (a "
        "tfvars file, -var or TF_VAR_enable_ipv6; the VPC's assign_generated_ipv6_cidr_block reads it)."
    )
    for where in ("code", "alone"):
        (finding,) = [
            f for f in engine.lint([str(tmp_path / where / "plan.tfplan.json")]).findings if f.rule.id == "I9605"
        ]
        assert words in finding.message, (where, finding.message)
        assert "on module `network`" not in finding.message


def test_a_switch_the_plan_beside_its_code_gives_a_value_is_turned_off_where_that_value_came_from(tmp_path):
    """The NAT gateway's count `var.enable_nat ? 1 : 0` beside its code: the plan gave the root variable its value (here
    the default's), so the switch is turned off where that came from, not "where its value is set" (the code read
    with the plan's values knew no place), nor as a var file's (none the plan's maker named is known)."""
    fixture = FIXTURES / "W9650" / "bad-nat-gateway-count-switch"
    shutil.copytree(fixture, tmp_path / "code")
    shutil.copy(fixture.with_suffix(".tfplan.json"), tmp_path / "code" / "plan.tfplan.json")
    (finding,) = [
        f for f in engine.lint([str(tmp_path / "code" / "plan.tfplan.json")]).findings if f.rule.id == "W9650"
    ]
    assert (
        "removing it (set variable `enable_nat` to false where this plan's value of it comes from (its default, or a "
        "tfvars file, -var or TF_VAR_enable_nat giving the same), which turns off its count `var.enable_nat ? 1 : 0`)"
    ) in finding.message, finding.message


def _module_instances_plan(count: int) -> dict:
    """A function at the root and `count` instances of a module, each calling one that makes a subnet."""

    def subnet(address: str, index: int) -> dict:
        values = {"vpc_id": "vpc-1", "cidr_block": "10.0.0.0/24", "id": f"subnet-{index}"}
        return {"address": address, "mode": "managed", "type": "aws_subnet", "name": "s", "values": values}

    kids = [
        {
            "address": f"module.m[{i}]",
            "child_modules": [
                {"address": f"module.m[{i}].module.n", "resources": [subnet(f"module.m[{i}].module.n.aws_subnet.s", i)]}
            ],
        }
        for i in range(count)
    ]
    values = {"function_name": "f", "vpc_config": [{"subnet_ids": ["subnet-1"], "security_group_ids": []}]}
    function = {"address": "aws_lambda_function.f", "mode": "managed", "type": "aws_lambda_function", "name": "f"}
    root = {"resources": [{**function, "values": values}], "child_modules": kids}
    return {"format_version": "1.2", "terraform_version": "1.9.8", "planned_values": {"root_module": root}}


def test_child_modules_are_read_in_one_call_whose_keys_they_share():
    """A plan's child modules are read plain, all in one call of json's scanner, so 100,000 instances of a module
    share one string per key (an outline read each module alone: 590 MB for a plan of 24 MB, 230 MB of it read)."""
    doc = load_text(json.dumps(_module_instances_plan(3)), outline=tfplan._POINTED_AT)
    subnets = [kid["child_modules"][0]["resources"][0] for kid in doc["planned_values"]["root_module"]["child_modules"]]
    keys = [next(k for k in subnet if k == "address") for subnet in subnets]
    assert keys[0] is keys[1] is keys[2]
    values = [next(k for k in subnet["values"] if k == "vpc_id") for subnet in subnets]
    assert values[0] is values[1] is values[2]


def test_a_resource_of_a_module_in_a_module_instance_is_placed_where_the_plan_writes_it(tmp_path):
    """Read plain, a child module's resources are found in the text by their path (the module's place in its
    parent's `child_modules`, down from the root's), when a finding asks. (Placed as before: a guard.)"""
    plan = tmp_path / "plan.json"
    plan.write_text(json.dumps(_module_instances_plan(3), indent=2))
    (undecided,) = engine.lint([str(plan)]).undecided
    assert undecided.resource.id == "module.m[1].module.n.aws_subnet.s"
    line = plan.read_text().splitlines()[undecided.location.line - 1]
    assert line.strip() == '"address": "module.m[1].module.n.aws_subnet.s",'
    assert undecided.location.column == line.index('"address"') + 1


def test_a_resource_of_a_module_8_deep_is_placed_without_placing_the_whole_plan(tmp_path, monkeypatch):
    """Its place is found by stepping down its modules: placing every container of the text instead (what a deeper
    path than `_STEPPED` gets) took 0.9 s and 230 MB more for a 32 MB plan with one module 8 deep."""
    from lambda6lint.loaders.common import jsonmarks

    subnet = _module_instances_plan(1)["planned_values"]["root_module"]["child_modules"][0]["child_modules"][0]
    doc = _module_instances_plan(0)
    node = {**subnet, "address": "module.m" + ".module.m" * 7}
    node["resources"] = [{**node["resources"][0], "address": node["address"] + ".aws_subnet.s"}]
    node["resources"][0]["values"]["id"] = "subnet-1"
    for depth in range(7, 0, -1):
        node = {"address": "module.m" + ".module.m" * (depth - 1), "child_modules": [node]}
    doc["planned_values"]["root_module"]["child_modules"] = [node]
    plan = tmp_path / "plan.json"
    plan.write_text(json.dumps(doc, indent=1))
    monkeypatch.setattr(jsonmarks.Lines, "_place_all", lambda self: pytest.fail("the whole plan placed"))
    (undecided,) = engine.lint([str(plan)]).undecided
    line = plan.read_text().splitlines()[undecided.location.line - 1]
    assert line.strip() == f'"address": "{node["address"]}{".module.m" * 7}.aws_subnet.s",'
