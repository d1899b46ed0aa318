"""Each file read once (issue #14): a CDK cloud assembly's `manifest.json` is read by discovery, which must know
whether a folder is an assembly before it walks it or lints a named file as one, and its loader takes what
discovery read (`Source.files_read`) rather than opening the file again; what a run says is the same."""

from __future__ import annotations

import collections
import json
import os
import shutil

import pytest
from conftest import FIXTURES

from lambda6lint import confine, discover, engine
from lambda6lint.loaders.common import marked

STAGES = FIXTURES / "cdk" / "stage-nested"  # an assembly with a stage (a nested assembly) and a nested stack
STAGE = os.path.join("cdk.out", "assembly-Prod")
STACK = os.path.join(STAGE, "ProdServiceC810982D.template.json")
MANIFESTS = (os.path.join("cdk.out", "manifest.json"), os.path.join(STAGE, "manifest.json"))


@pytest.fixture
def opens(monkeypatch):
    """How many times each file was opened (every read of an input goes through `confine.open_regular`)."""
    counted: collections.Counter[str] = collections.Counter()
    real = confine.open_regular

    def open_regular(path):
        counted[os.path.realpath(path)] += 1
        return real(path)

    monkeypatch.setattr(confine, "open_regular", open_regular)
    return counted


@pytest.fixture
def app(tmp_path, monkeypatch):
    """A CDK app's repository holding its `cdk.out`, as the working folder (paths named relative, as pre-commit does):
    the tree a named file may read in is the repository, so a stage's file stands for the outermost assembly."""
    shutil.copytree(STAGES / "cdk.out", tmp_path / "app" / "cdk.out")
    (tmp_path / "app" / ".git").mkdir()
    monkeypatch.chdir(tmp_path / "app")
    return tmp_path / "app"


def _said(result):
    return result.sources, [(f.rule.id, f.location.path, f.location.line, f.message) for f in result.findings]


def _manifest_opens(opens):
    return [opens[os.path.realpath(path)] for path in MANIFESTS]


@pytest.fixture
def sniffed(monkeypatch):
    """How many times discovery sniffed each file's first bytes (`_head`): pre-commit reads a staged `.json` file's
    to tell a plan beside `.tf` files (`_plan_beside_tf`), before it knows the file is an assembly's."""
    counted: collections.Counter[str] = collections.Counter()
    real = discover._head

    def head(path, *size):
        counted[os.path.realpath(path)] += 1
        return real(path, *size)

    monkeypatch.setattr(discover, "_head", head)
    return counted


@pytest.mark.parametrize(
    ("named", "only_templates"),
    [
        (".", False),  # a walk over a folder holding a cdk.out
        ("cdk.out", False),  # the assembly folder named
        (os.path.join("cdk.out", "manifest.json"), False),  # its manifest named
        (STACK, False),  # a stage's stack template named: the outermost assembly stands for it
        (os.path.join(STAGE, "manifest.json"), True),  # pre-commit: a stage's manifest staged
        (STACK, True),  # pre-commit: a stage's stack template staged
        (os.path.join(STAGE, "ProdServiceC810982D.assets.json"), True),  # pre-commit: any file of the assembly
    ],
)
def test_each_manifest_is_opened_once(app, opens, sniffed, named, only_templates):
    result = engine.lint([named], engine.Options(jobs=1, only_templates=only_templates))
    opens.subtract(sniffed)
    assert _manifest_opens(opens) == [1, 1]
    assert max(opens.values()) == 1  # (its templates, its asset manifest: once each too)
    assert set(sniffed) <= ({os.path.realpath(named)} if only_templates else set())
    sources, findings = _said(result)
    assert sources == {"cdk-assembly": 1} and findings
    opens.clear()
    assert _said(engine.lint(["cdk.out"], engine.Options(jobs=1))) == (sources, findings)


def test_discovery_hands_the_loader_what_it_read_of_the_manifests(app, opens):
    """The walk reads the top manifest (a stage's is the loader's to read); a named file's assembly, every
    manifest from its folder up to the outermost assembly."""
    [walked] = discover.discover(["."])
    assert (walked.path, walked.kind) == ("cdk.out", discover.CDK_ASSEMBLY)
    assert walked.files_read == ((os.path.abspath(MANIFESTS[0]), (app / MANIFESTS[0]).read_bytes()),)
    assert _manifest_opens(opens) == [1, 0]
    [named] = discover.discover([STACK])
    assert (named.path, named.kind) == ("cdk.out", discover.CDK_ASSEMBLY)
    assert dict(named.files_read) == {os.path.abspath(path): (app / path).read_bytes() for path in MANIFESTS}
    assert "files_read" not in repr(named)  # (bytes: no source's repr holds them)


def test_with_workers_the_manifest_is_read_once_and_the_run_says_the_same(app, opens):
    """With `--jobs 2` the assembly is still loaded in the parent (its stacks link there), which discovery ran in."""
    template = FIXTURES / "W9601" / "bad-two-functions.json"
    for number in range(20):  # (enough templates that workers start)
        shutil.copy(template, app / f"t{number:02d}.json")
    two = engine.lint(["."], engine.Options(jobs=2))
    assert _manifest_opens(opens) == [1, 1]
    one = engine.lint(["."], engine.Options(jobs=1))
    assert _said(two) == _said(one) and two.sources == {"cdk-assembly": 1, "template": 20}


def test_an_unreadable_manifest_beside_cdk_out_is_said_as_before(app, monkeypatch):
    """Discovery could not read it: the `cdk.out` file still makes it an assembly, and its loader tries and says
    why (E9600), as when discovery handed nothing."""
    real = confine.open_regular
    tried = []

    def open_regular(path):
        if os.path.basename(path) == "manifest.json" and os.path.dirname(os.path.abspath(path)) == str(app / "cdk.out"):
            tried.append(path)
            raise PermissionError(13, "Permission denied")
        return real(path)

    monkeypatch.setattr(confine, "open_regular", open_regular)
    [source] = discover.discover(["."])
    assert source.kind == discover.CDK_ASSEMBLY and source.files_read == ()
    tried.clear()
    result = engine.lint(["."], engine.Options(jobs=1))
    assert [(f.rule.id, f.location.path, f.message) for f in result.findings] == [
        ("E9600", MANIFESTS[0], "cannot lint this file: cannot read file: Permission denied")
    ]
    assert len(tried) == 2  # (discovery's try, and the loader's, which says why)


@pytest.mark.parametrize(
    ("padding", "said"),
    [
        (4_300_000, None),  # past discovery's 4 MB sniff, within the loader's limit: read whole, linted
        (marked.MAX_BYTES, "cannot lint this file: file is larger than 5 MB, the limit for assembly manifests"),
    ],
)
def test_a_large_manifest_is_opened_once_and_read_within_the_loaders_limit(app, opens, padding, said):
    manifest = app / MANIFESTS[0]
    document = json.loads(manifest.read_text())
    document["padding"] = " " * padding
    manifest.write_text(json.dumps(document, indent=1))
    result = engine.lint(["."], engine.Options(jobs=1))
    assert opens[os.path.realpath(manifest)] == 1
    errors = [(f.location.path, f.message) for f in result.findings if f.rule.id == "E9600"]
    if said is None:
        assert not errors and result.sources == {"cdk-assembly": 1}
    else:
        assert errors == [(MANIFESTS[0], said)] and result.sources == {}


def test_the_manifest_lines_errors_point_at_come_from_what_discovery_read(tmp_path, opens):
    """A stack whose template is missing is said at the manifest line naming it, found in the bytes discovery read."""
    shutil.copytree(FIXTURES / "cdk" / "nat-ready" / "cdk.out", tmp_path / "cdk.out")
    (tmp_path / "cdk.out" / "NatReady.template.json").unlink()
    manifest = tmp_path / "cdk.out" / "manifest.json"
    result = engine.lint([str(tmp_path)], engine.Options(jobs=1))
    text = manifest.read_text()
    line = text[: text.index('"NatReady.template.json"')].count("\n") + 1
    assert [(f.rule.id, f.location.path, f.location.line, f.message) for f in result.findings] == [
        (
            "E9600",
            str(manifest),
            line,
            "stack NatReady is not linted: its template NatReady.template.json is missing (`cdk synth` writes it)",
        )
    ]
    assert opens[os.path.realpath(manifest)] == 1


def test_a_stage_manifest_the_walk_did_not_read_is_read_once_for_an_errors_line(app, opens):
    """The walk reads the top manifest only; the loader reads a stage's, and a missing stack template is said at the
    line of the stage's manifest that names it, found in the bytes it read, not in a second read of the file."""
    (app / STACK).unlink()
    result = engine.lint(["."], engine.Options(jobs=1))
    text = (app / MANIFESTS[1]).read_text()
    line = text[: text.index('"ProdServiceC810982D.template.json"')].count("\n") + 1
    errors = [(f.location.path, f.location.line, f.message) for f in result.findings if f.rule.id == "E9600"]
    assert errors == [
        (
            MANIFESTS[1],
            line,
            "stack Prod/Service is not linted: its template ProdServiceC810982D.template.json is missing "
            "(`cdk synth` writes it)",
        )
    ]
    assert _manifest_opens(opens) == [1, 1]


@pytest.mark.parametrize("only_templates", [False, True])
def test_a_link_into_an_assembly_reads_its_manifests_once_in_discovery(app, opens, only_templates):
    """A symlink to an assembly's stack template is no loose template (`_in_linted_assembly`, pre-commit's
    `_walked_as`): whether it is an assembly's is asked of manifests discovery read already in the run, and of a stage's
    manifest, which its assembly's loader, yielded after, reads from what the question read. Pre-commit's caller scan,
    which follows `_walked_as`' question, reads the manifests from what the question read (was [2, 2])."""
    os.symlink(STACK, "link.template.json")
    named = "link.template.json" if only_templates else "."
    result = engine.lint([named], engine.Options(jobs=1, only_templates=only_templates))
    assert _manifest_opens(opens) == [1, 1]
    assert result.sources == ({"template": 1} if only_templates else {"cdk-assembly": 1})


def test_a_staged_link_into_an_assembly_says_what_it_said_and_leaves_no_manifest_lent(app, opens, monkeypatch):
    """What the scan was lent of the manifests gives what its own read gives, and is dropped once the scan has read it.
    Staged after a template, the link is asked before the scan all the same (`asked`): one read of each (was [2, 2])."""
    os.symlink(STACK, "link.template.json")
    shutil.copy(FIXTURES / "W9601" / "bad-flag-absent.yaml", "alone.yaml")
    lent = engine.lint(["link.template.json", "alone.yaml"], engine.Options(jobs=1, only_templates=True))
    assert _manifest_opens(opens) == [1, 1]
    opens.clear()
    scanned_first = engine.lint(["alone.yaml", "link.template.json"], engine.Options(jobs=1, only_templates=True))
    assert _manifest_opens(opens) == [1, 1]
    assert lent.sources == scanned_first.sources == {"template": 2}
    assert sorted(_said(lent)[1]) == sorted(_said(scanned_first)[1]) != []
    kept: list[dict] = []
    calls = discover._calls

    def scan(tree, nesting=None, keep=frozenset(), scanned=None, *more):
        found = calls(tree, nesting, keep, scanned, *more)
        kept.append(scanned)
        return found

    monkeypatch.setattr(discover, "_calls", scan)
    list(discover.discover(["link.template.json", "alone.yaml"], callers=True, nesting=engine._nested_files))
    list(discover.discover(["alone.yaml", "link.template.json"], callers=True, nesting=engine._nested_files))
    assert [sorted(os.path.basename(path) for path in scanned) for scanned in kept] == [
        ["ProdServiceC810982D.template.json", "alone.yaml"]  # (the staged files: no manifest held on)
    ] * 2


@pytest.mark.parametrize("target", [STACK, MANIFESTS[1]])  # (a stage's stack template, a stage's manifest)
@pytest.mark.parametrize("templates", [0, 20])  # (`--jobs 2`: discovery ends before loading; with workers too)
@pytest.mark.parametrize("jobs", [1, 2])  # (1: the assembly is loaded before discovery asks about the link)
def test_a_walked_link_into_a_stage_reads_the_stage_manifest_once(app, opens, target, templates, jobs):
    """The link's question (`_in_linted_assembly`) reads the stage's manifest, and the assembly's loader, which comes
    after it whatever --jobs (discovery yields assemblies last), takes what it read with its source (`files_read`);
    what the run says is what it says without the link."""
    for number in range(templates):
        shutil.copy(FIXTURES / "W9601" / "bad-two-functions.json", app / f"t{number:02d}.json")
    without = _said(engine.lint(["."], engine.Options(jobs=jobs)))
    os.symlink(target, "link.json")
    opens.clear()
    result = engine.lint(["."], engine.Options(jobs=jobs))
    assert _manifest_opens(opens) == [1, 1]
    assert _said(result) == without


def test_a_link_into_a_stage_its_loader_finds_no_assembly_is_still_asked_of_the_file(app):
    """A stage manifest that names no stack (no artifact of a CDK kind) is no assembly's to `assembly_head`: a link to
    a template beside it is linted as a loose template, whether the loader read the manifest before the question."""
    manifest = app / MANIFESTS[1]
    document = json.loads(manifest.read_text())
    document["artifacts"] = {}
    manifest.write_text(json.dumps(document))
    os.symlink(STACK, "link.json")
    for jobs in (1, 2):
        result = engine.lint(["."], engine.Options(jobs=jobs))
        assert result.sources == {"template": 1} and result.files == ["link.json"]  # (the stage has no stack)


def test_each_stack_resolves_its_folder_once_not_every_part_of_its_path(tmp_path, monkeypatch):
    """Whether a stack's template was read already is asked by its real path, from its folder's found once a run
    (confine.real_path): os.path.realpath read (lstat) every part of every stack's path again, 40 levels here."""
    out = tmp_path.joinpath(*["d"] * 40) / "cdk.out"
    out.mkdir(parents=True)
    template = json.loads((FIXTURES / "W9601" / "bad-two-functions.json").read_text())
    artifacts = {}
    for i in range(30):
        (out / f"S{i}.template.json").write_text(json.dumps(template, indent=1))
        artifacts[f"S{i}"] = {"type": "aws:cloudformation:stack", "properties": {"templateFile": f"S{i}.template.json"}}
    (out / "manifest.json").write_text(json.dumps({"version": "36.0.0", "artifacts": artifacts}))
    counted = collections.Counter()
    real = os.lstat

    def lstat(path, *args, **kwargs):
        if str(path).startswith(str(tmp_path)):
            counted["lstat"] += 1
        return real(path, *args, **kwargs)

    monkeypatch.setattr(os, "lstat", lstat)
    result = engine.lint([str(out)])
    assert [f.rule.id for f in result.findings].count("W9601") == 60
    assert counted["lstat"] <= 30 * 4 + 40 * 4, counted  # a few per stack, and the folders' once (not 30 × 40)


def test_a_template_naming_every_construct_path_leaves_its_metadata_file_unread(tmp_path, opens):
    """A stack's metadata file gives construct paths to resources without `aws:cdk:path` (and nested stacks' template
    files): where the template names every path, as `cdk synth` writes it, the file (as large as the template) is not
    read; where one resource lacks its path, the file is read once and names it."""
    target = tmp_path / "nat-ready"
    shutil.copytree(FIXTURES / "cdk" / "nat-ready", target)
    metadata = os.path.realpath(target / "cdk.out" / "NatReady.metadata.json")
    nat = "NatReady/Vpc/PublicSubnet1/NATGateway"
    result = engine.lint([str(target)])
    assert opens[metadata] == 0
    assert nat in {f.resource_path for f in result.findings if f.rule.id == "W9650"}
    template = target / "cdk.out" / "NatReady.template.json"
    doc = json.loads(template.read_text())
    del doc["Resources"]["VpcPublicSubnet1NATGateway4D7517AA"]["Metadata"]["aws:cdk:path"]
    template.write_text(json.dumps(doc, indent=1))
    result = engine.lint([str(target)])
    assert opens[metadata] == 1
    assert nat in {f.resource_path for f in result.findings if f.rule.id == "W9650"}


def test_a_stack_whose_template_is_missing_is_said_not_linted_and_the_others_linted():
    """The manifest names two stacks and one's template is gone: that stack is not linted, the other is, and E9600
    says so (it said "cannot lint this file", as though the manifest's other stack were not linted either)."""
    folder = FIXTURES / "cdk" / "broken-missing-template"
    result = engine.lint([str(folder)], engine.Options(jobs=1))
    [error] = [f.message for f in result.findings if f.rule.id == "E9600"]
    assert error == (
        "stack Ipv4VpcFlag is not linted: its template Ipv4VpcFlag.template.json is missing (`cdk synth` writes "
        "it); the manifest's other stacks are linted"
    )
    assert any(f.location.path.endswith("Ipv4VpcFlag.template.json.gone") for f in result.findings)
