"""The bench's CDK assembly (bench/bench.py generate_cdk) is laid out as `cdk synth` writes one
(fixtures/cdk/l1-constructs, synthesized by fixtures/cdk/synth.sh), so its CDK row measures what
users run: templates whose resources carry their construct paths, a metadata file and an asset
manifest per stack, tree.json. Layout and findings only; its speed is the bench's to show."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections import Counter

import pytest
from conftest import FIXTURES, ROOT

from lambda6lint import engine

sys.path.insert(0, str(ROOT / "bench"))
import bench  # noqa: E402

SYNTHESIZED = FIXTURES / "cdk" / "l1-constructs" / "cdk.out"


def kinds(folder):
    """The assembly's files by kind: a stack's files named for the stack, the others by name."""
    stacks = [
        a
        for a, v in json.loads((folder / "manifest.json").read_text())["artifacts"].items()
        if v["type"] == "aws:cloudformation:stack"
    ]
    return {
        next((p.name.replace(s, "<Stack>") for s in stacks if p.name.startswith(s + ".")), p.name)
        for p in folder.iterdir()
    }


@pytest.fixture(scope="module")
def assembly(tmp_path_factory):
    folder = tmp_path_factory.mktemp("bench")
    _, files = bench.generate(folder / "templates", 3)
    return files, bench.generate_cdk(files, folder / "cdk", 3)


def test_the_assembly_holds_the_files_cdk_synth_writes(assembly):
    _, out = assembly
    assert kinds(out) == kinds(SYNTHESIZED)
    ours = json.loads((out / "manifest.json").read_text())["artifacts"]
    theirs = json.loads((SYNTHESIZED / "manifest.json").read_text())["artifacts"]
    assert Counter(a["type"] for a in theirs.values()) == Counter(
        a["type"] for name, a in ours.items() if name.startswith(("Orders0000Stack", "Tree", "aws-cdk-lib"))
    )
    stack = ours["Orders0002Stack"]
    assert sorted(stack) == sorted(theirs["L1Constructs"])
    assert sorted(stack["properties"]) == sorted(theirs["L1Constructs"]["properties"])
    assets = json.loads((out / stack["dependencies"][0].replace(".assets", ".assets.json")).read_text())
    assert [f["source"]["path"] for f in assets["files"].values()] == ["Orders0002Stack.template.json"]
    assert set(json.loads((out / "tree.json").read_text())["tree"]["children"]) == {
        f"Orders000{i}Stack" for i in range(3)
    }


def test_every_resource_names_its_construct_path_in_its_template_and_metadata_file(assembly):
    _, out = assembly
    template = json.loads((out / "Orders0001Stack.template.json").read_text())
    metadata = json.loads((out / "Orders0001Stack.metadata.json").read_text())
    for logical, resource in template["Resources"].items():
        path = resource["Metadata"]["aws:cdk:path"]
        assert path.startswith("Orders0001Stack/")
        if logical != "CDKMetadata":
            assert metadata["/" + path][0] == {"type": "aws:cdk:logicalId", "data": logical}
    assert {"BootstrapVersion"} <= set(template["Parameters"]) and "CheckBootstrapVersion" in template["Rules"]


def test_its_findings_are_the_templates_own_named_by_construct_path(assembly):
    files, out = assembly
    got = engine.lint([str(out)]).findings
    assert got and all(f.resource_path.startswith(f.location.path.rsplit("/", 1)[1].split(".")[0] + "/") for f in got)
    plain = engine.lint([str(f) for f in files]).findings
    assert Counter(f.rule.id for f in got) == Counter(f.rule.id for f in plain)


def test_its_reading_alone_reads_the_templates_as_the_engine_does_and_the_manifest_as_json(assembly, tmp_path):
    """The step 'marked-assembly' (the CDK row's reading alone) reads the files of its json.loads floor,
    'assembly': each stack's template through load_text (which refuses a key written twice, as the engine
    does), the manifest with json.loads (as cloudformation/cdk.py's `_json`: a key written twice passes)."""
    _, out = assembly
    copy = tmp_path / "cdk.out"
    shutil.copytree(out, copy)

    def runs(step):
        return subprocess.run(bench.floor(step, copy), cwd=tmp_path, capture_output=True, text=True)

    assert runs("marked-assembly").returncode == 0 and runs("assembly").returncode == 0
    manifest = copy / "manifest.json"
    manifest.write_text('{"version": "1", ' + manifest.read_text()[1:])  # "version" written twice
    assert runs("marked-assembly").returncode == 0
    template = copy / "Orders0001Stack.template.json"
    template.write_text('{"Resources": {}, ' + template.read_text()[1:])  # "Resources" written twice
    assert "InputError: duplicate key" in runs("marked-assembly").stderr
    assert runs("assembly").returncode == 0
