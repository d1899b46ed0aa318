"""Batches checked apart keep light results: stand-ins for the resources findings point at."""

from __future__ import annotations

import gc
import pickle
import weakref

from conftest import FIXTURES

from lambda6lint import checking, engine, model
from lambda6lint.checking import stand_in
from lambda6lint.discover import Source
from lambda6lint.loaders import cloudformation


def test_a_stand_in_keeps_what_reports_read_and_one_per_resource():
    template = model.Template(path="t.yaml", format="cloudformation", suppress={"W9601": ""})
    fn = model.Function(
        id="Fn", type="AWS::Lambda::Function", template=template, location=model.Location("t.yaml", 3, 5)
    )
    fn.suppress = {"I9660": "rolled out by hand"}
    memo: dict = {}
    light = stand_in(fn, memo)
    assert type(light) is model.Function and light is not fn
    assert (light.id, light.type, light.location, light.suppress) == (fn.id, fn.type, fn.location, fn.suppress)
    assert (light.template.path, light.template.format, light.template.suppress) == (
        "t.yaml",
        "cloudformation",
        {"W9601": ""},
    )
    assert stand_in(fn, memo) is light  # identity holds across the findings of a batch
    assert not hasattr(light, "subnets")  # the graph it came from can go
    assert repr(light).startswith("Function(id='Fn'")  # shown without the fields it does not keep


def test_a_place_found_later_is_the_location_it_stands_for():
    class Marks:
        asked = 0

        def _mark(self, key):
            self.asked += 1
            return {("a", 0): (3, 7)}[key]

    marks = Marks()
    later = model.Later("p.json", marks, ("a", 0))
    same = model.Location("p.json", 3, 7)
    assert later == same and same == later and hash(later) == hash(same)
    assert later != model.Location("p.json", 3, 8) and model.Location("p.json", 3, 8) != later
    assert {later, same} == {same}
    copy = pickle.loads(pickle.dumps(later))
    assert type(copy) is model.Location and copy == same
    assert (later.line, later.column) == (3, 7) and marks.asked == 1  # found once, when first read
    settled = model.settled(later)
    assert type(settled) is model.Placed and settled == same and marks not in settled  # what found it can go


def test_a_json_templates_text_and_tree_go_with_its_batch(monkeypatch):
    """A JSON template's places are found when a finding or an explanation reads them (`model.Later`):
    the light results of its batch have found theirs, so nothing keeps its text or its parse tree."""
    trees = []

    def read(text):
        doc = load_text(text)
        trees.extend((weakref.ref(doc["Resources"]), weakref.ref(doc.lines)))
        return doc

    def lighten(found):
        kinds.update(type(f.location) for f in found.findings)
        return light(found)

    load_text, light, kinds = cloudformation.load_text, checking.lighten, set()
    monkeypatch.setattr(cloudformation, "load_text", read)
    monkeypatch.setattr(checking, "lighten", lighten)
    result = engine.lint([str(FIXTURES / "W9601" / "bad-two-functions.json")])
    assert result.findings and model.Later in kinds  # found when the batch's results were made light
    places = [f.location for f in result.findings] + [u.location for u in result.undecided]
    places += [f.resource_obj.location for f in result.findings if f.resource_obj is not None]
    assert all(type(place) in (model.Location, model.Placed) for place in places)
    gc.collect()
    assert trees and all(tree() is None for tree in trees)


def test_in_source_suppressions_are_applied_where_the_rules_ran(tmp_path):
    """`check` marks a finding its resource or template ignores (so a worker does it, not the end's serial stage)."""
    path = tmp_path / "t.yaml"
    text = (FIXTURES / "W9601" / "bad-flag-absent.yaml").read_text(encoding="utf-8")
    path.write_text(text.replace("Resources:", "Metadata:\n  lambda6lint:\n    ignore: [W9601]\nResources:", 1))
    options = engine.Options()
    pieces = cloudformation.load_template(Source(str(path)), options).built
    found = checking.check(pieces, options).findings
    assert [f.suppressed for f in found if f.rule.id == "W9601"] == ["ignored in source for the whole template"]
    assert all(f.suppressed is None for f in found if f.rule.id != "W9601")


def test_a_batch_is_closed_past_its_resources(tmp_path, monkeypatch):
    """Roots of thousands of resources each (2,000 module instances within their budget) held 64 at a
    time in one graph took 1 GB for 50 of them: a batch is also closed past BATCH_RESOURCES resources
    (here 25), and what is found is what one batch of them all finds."""
    counted = "".join(f'resource "aws_subnet" "s{i}" {{\n  vpc_id = "v"\n}}\n' for i in range(20))
    function = (FIXTURES / "W9601" / "bad-flag-false-subnets-one-per-zone" / "main.tf").read_text()
    for root in range(3):
        (tmp_path / f"r{root}").mkdir()
        (tmp_path / f"r{root}" / "main.tf").write_text(function + counted)
    check, sizes = checking.check, []

    def counting(pieces, *args, **kwargs):
        sizes.append(sum(len(resources) for _, resources in pieces))
        return check(pieces, *args, **kwargs)

    monkeypatch.setattr(checking, "check", counting)
    together = engine.lint([str(tmp_path)])
    assert len(sizes) == 1 and sizes[0] > 60, sizes
    sizes.clear()
    monkeypatch.setattr(checking, "BATCH_RESOURCES", 25, raising=False)
    apart = engine.lint([str(tmp_path)])
    assert len(sizes) == 3 and all(20 < size < 50 for size in sizes), sizes
    assert [(f.rule.id, f.location.path, f.location.line, f.message) for f in apart.findings] == [
        (f.rule.id, f.location.path, f.location.line, f.message) for f in together.findings
    ]
    assert [f.rule.id for f in together.findings].count("W9601") == 3
