"""Batches checked apart keep light results: stand-ins for the resources findings point at."""

from __future__ import annotations

from lambda6lint import model
from lambda6lint.checking import stand_in


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
