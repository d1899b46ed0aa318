"""records.py's `__init__`s: the package's classes take theirs precompiled from _record_inits.py, which
must be current; a class without a current entry compiles its own, the same."""

from __future__ import annotations

import importlib
import subprocess
import sys
from typing import ClassVar

import pytest
from conftest import FIXTURES, ROOT

from lambda6lint import _record_inits, _record_inits_terraform, engine, records
from lambda6lint.model import Location


def test_record_inits_are_current():
    for name, terraform in (("_record_inits.py", False), ("_record_inits_terraform.py", True)):
        current = (ROOT / "lambda6lint" / name).read_text(encoding="utf-8")
        assert records.inits_module(terraform) == current, f"{name} is stale: run `python -m lambda6lint.records`"


def test_a_template_run_imports_no_terraform_inits():
    """Terraform's classes take their `__init__` from _record_inits_terraform.py, which a run without Terraform does
    not import (a quarter of the entries, ~0.3 Mi instructions of a small template's start-up, issue #14); a
    Terraform run takes its entries from there (the check can fail)."""
    code = (
        "import sys; from lambda6lint import cli\n"
        "try: cli.main(sys.argv[1].split())\n"
        "except SystemExit: pass\n"
        "from lambda6lint.model import Location\n"
        "inits = sys.modules.get('lambda6lint._record_inits_terraform')\n"
        "from lambda6lint.loaders.terraform import evaluator\n"
        "used = [c.__init__.__code__.co_filename == getattr(inits, '__file__', '') for c in vars(evaluator).values()\n"
        "        if isinstance(c, type) and '__record_fields__' in c.__dict__ and c.__module__ == evaluator.__name__]\n"
        "print(inits is not None, any(used))"
    )
    runs = {
        "--isolated --jobs 1 fixtures/W9601/bad-flag-absent.yaml": "False False",
        "--isolated --jobs 1 fixtures/W9601/bad-two-functions.json": "False False",
        "--isolated --jobs 1 fixtures/W9601/bad-flag-false-from-tfvars": "True True",
    }
    for argv, expected in runs.items():
        proc = subprocess.run([sys.executable, "-c", code, argv], cwd=ROOT, capture_output=True, text=True, timeout=120)
        assert proc.stdout.splitlines()[-1:] == [expected], (argv, proc.stdout[-500:], proc.stderr[-2000:])


def test_the_package_classes_use_their_precompiled_init():
    Location("t.yaml", 3)
    engine.lint([str(FIXTURES / "W9601" / "bad-flag-absent.yaml"), str(FIXTURES / "W9610")])
    engine.lint([str(FIXTURES / "W9601" / "bad-flag-false-from-tfvars")])  # (Terraform: the other file)
    assert Location.__init__.__code__.co_filename == _record_inits.__file__
    compiled = []
    for key in [*_record_inits.INITS, *_record_inits_terraform.INITS]:
        module, _, name = key.rpartition(".")
        cls = getattr(importlib.import_module(module), name)
        if cls.__init__.__code__.co_filename == "<string>":  # compiled at run time: no entry matched
            compiled.append(key)
    assert not compiled, "these classes compiled their __init__ beside an entry for them"


@pytest.mark.parametrize("entry", [None, "stale"])
def test_a_class_without_a_current_entry_compiles_its_init(monkeypatch, entry):
    @records.dataclass(frozen=True)
    class Point:
        x: int
        y: int = 0
        tags: list[str] = records.field(default_factory=list)

    if entry:

        def stale(**values):
            raise AssertionError("a stale entry was used")

        monkeypatch.setitem(_record_inits.INITS, f"{__name__}.{Point.__qualname__}", ("def _make(): pass\n", stale))
    point = Point(1)
    assert (point.x, point.y, point.tags) == (1, 0, [])
    assert Point(2, y=3, tags=["a"]) == Point(2, 3, ["a"])
    assert Point.__init__.__code__.co_filename == "<string>"
    assert Point.__init__.__qualname__.endswith("Point.__init__")
    with pytest.raises(TypeError):
        Point()


@pytest.mark.parametrize(
    "change",
    ["a field more", "a default", "a default factory", "another order", "frozen", "a __post_init__", "same"],
)
def test_an_entry_made_for_another_shape_is_not_used(monkeypatch, change):
    """The shape an entry is checked against holds all the source of an `__init__` is made from: a class that
    differs from the entry's in any of it compiles its own (and one of the same shape takes the entry)."""
    made = {}

    def entry(*values):
        made["used"] = True
        return lambda self, *args, **kwargs: None

    def point(change: str) -> type:
        namespace: dict = {"__annotations__": {"x": "int", "y": "int"}}
        if change == "a field more":
            namespace["__annotations__"]["z"] = "int"
        if change == "a default":
            namespace["y"] = 0
        if change == "a default factory":
            namespace["y"] = records.field(default_factory=list)
        if change == "another order":
            namespace["__annotations__"] = {"y": "int", "x": "int"}
        if change == "a __post_init__":
            namespace["__post_init__"] = lambda self: None
        return records.dataclass(frozen=change == "frozen")(type("Point", (), namespace))

    reference = point("same")
    shape = records._shape(reference, reference.__record_fields__, False)
    assert shape == "x,y||"
    cls = point(change)
    monkeypatch.setitem(_record_inits.INITS, f"{cls.__module__}.{cls.__qualname__}", (shape, entry))
    cls(1, 2) if change != "a field more" else cls(1, 2, 3)
    assert made.get("used", False) == (change == "same"), change


def _points(dataclass, field):
    @dataclass
    class Base:
        a: int
        b: object = None
        c: bool = False

    @dataclass(frozen=False)
    class Point(Base):
        d: bool = True
        e: str = "e"
        f: int = field(default=5)
        g: list = field(default_factory=list)
        h: int = field(default=6, repr=False)
        k: ClassVar[int] = 9  # (a class variable: no field)

    return Base, Point


def test_fields_as_the_standard_module_leaves_them_and_plain_defaults_share_a_field():
    """A class's attributes and instances as `dataclasses` leaves them (`field(default=…)` made the class attribute,
    a default factory's field none), with the fields of no default or of a plain `None`, `False` or `True` sharing
    one `_Field` (making one for each of a run's ~200 was a sixth of its classes' making, issue #14)."""
    import dataclasses

    ours, theirs = _points(records.dataclass, records.field), _points(dataclasses.dataclass, dataclasses.field)
    for cls, standard in zip(ours, theirs, strict=True):
        for name in "abcdefghk":
            assert hasattr(cls, name) == hasattr(standard, name), (cls, name)
            assert getattr(cls, name, None) == getattr(standard, name, None), (cls, name)
    point, standard = ours[1](1), theirs[1](1)
    assert [getattr(point, n) for n in "abcdefgh"] == [getattr(standard, n) for n in "abcdefgh"]
    assert list(ours[1].__record_fields__) == [f.name for f in dataclasses.fields(theirs[1])]
    again = _points(records.dataclass, records.field)[1].__record_fields__
    fields = ours[1].__record_fields__
    assert [again[n] is fields[n] for n in "abcdefgh"] == [True] * 4 + [False] * 4


def test_slots_as_the_standard_module_makes_them_and_a_plan_instance_has_no_dictionary():
    """`slots=True`: the instances' fields in slots and no `__dict__` (CPython gives an instance of 30 attributes or
    more a dictionary of its own, ~1.6 KB: a 100 MB plan's 72,610 `Instance`s held 115 MB), the same slots,
    values, equality and copies as the standard module's; a subclass adds slots for its own fields only."""
    import copy
    import dataclasses
    import pickle

    from lambda6lint.loaders.terraform.values import Instance

    def points(dataclass, field):
        @dataclass(slots=True)
        class Point:
            a: int
            b: object = None
            c: list = field(default_factory=list)

        @dataclass(slots=True)
        class Point3(Point):
            d: int = 4

        return Point, Point3

    ours, theirs = points(records.dataclass, records.field), points(dataclasses.dataclass, dataclasses.field)
    for cls, standard in zip(ours, theirs, strict=True):
        assert cls.__slots__ == standard.__slots__
        assert cls.__qualname__.rsplit(".", 1)[-1] == standard.__qualname__.rsplit(".", 1)[-1]
        made, reference = cls(1), standard(1)
        assert not hasattr(made, "__dict__")
        assert [getattr(made, n) for n in cls.__record_fields__] == [
            getattr(reference, f.name) for f in dataclasses.fields(standard)
        ]
        assert made == cls(1) and made != cls(2)
        assert copy.copy(made) == made
        with pytest.raises(AttributeError):
            made.undeclared = 1
    assert list(ours[1].__record_fields__) == ["a", "b", "c", "d"]
    instance = Instance(address="aws_vpc.a", type="aws_vpc", attrs={}, location=Location("plan.json", 1))
    assert not hasattr(instance, "__dict__")
    assert pickle.loads(pickle.dumps(instance)) == instance


def test_a_function_keeps_its_fields_in_slots_and_its_stand_in_reads_their_defaults():
    """`model.Function` has more than 29 fields, so without slots each instance had a dictionary of its own (~1.6
    KB: a 100 MB plan's 14,522 functions held ~19 MB). Its stand-in (checking.py), made without `__init__`, reads a
    field of a plain default as before (the class attribute answered), one of a default factory not at all, and
    pickles (--jobs) and copies; another resource's and a template's stand-ins keep only what they are given."""
    import copy
    import pickle

    from lambda6lint.checking import stand_in
    from lambda6lint.model import ROOT_CALL, Function, NatGateway, Template

    assert len(Function.__record_fields__) >= 30
    assert set(Function.__record_fields__) <= set(Function.__slots__)
    template = Template("app.yaml", "cloudformation", suppress={"W9610": ""})
    where = Location("app.yaml", 3)
    function = Function(id="Fn", type="AWS::Lambda::Function", template=template, location=where, key="a")
    function.marks[ROOT_CALL] = Location("main.tf", 9)
    assert vars(function) == {} and function.key == "a"
    memo: dict = {}
    light = stand_in(function, memo)
    assert type(light) is Function and stand_in(function, memo) is light
    assert (light.id, light.type, light.location, light.suppress, light.marks) == (
        "Fn",
        "AWS::Lambda::Function",
        where,
        {},
        {ROOT_CALL: Location("main.tf", 9)},
    )
    assert (light.key, light.each, light.conditional, light.egress_host, light.runtime, light.publishes) == (
        None,
        None,
        False,
        True,
        None,
        False,
    )
    assert (light.block, light.name, light.ident) == ("Fn", "Fn", "Fn")
    assert not hasattr(light, "subnets") and not hasattr(light, "refs")
    for again in (pickle.loads(pickle.dumps(light, pickle.HIGHEST_PROTOCOL)), copy.copy(light)):
        assert (again.id, again.key, again.template.path, again.marks) == ("Fn", None, "app.yaml", light.marks)
    assert vars(light.template) == {
        "path": "app.yaml",
        "format": "cloudformation",
        "suppress": {"W9610": ""},
        "vocabulary": {},
        "nesting": "",
        "region": None,
        "regions": {},
    }
    nat = stand_in(NatGateway(id="Nat", type="AWS::EC2::NatGateway", template=template, location=where), memo)
    assert set(vars(nat)) == {"id", "type", "template", "location", "path", "suppress", "marks", "regional"}
    assert nat.template is light.template and nat.key is None


def test_no_record_keeps_thirty_fields_in_a_dictionary():
    """CPython shares one key table among a class's instance dictionaries only up to 29 keys: from the 30th attribute on
    each instance has a table of its own (measured on 3.11: 328 → 1,648 bytes per instance). `Api` has 29 fields and
    `NatGateway` 28 kept in a dictionary: a field more and a plan's thousands of them cost five times as much. Such a
    class takes `slots=True`, as `Function` and the Terraform `Instance` did (issue #14)."""
    import inspect

    from lambda6lint import model
    from lambda6lint.loaders.terraform import plan, values

    checked = 0
    for module in (model, values, plan):
        for cls in vars(module).values():
            fields = getattr(cls, "__record_fields__", None)
            if not inspect.isclass(cls) or fields is None or cls.__module__ != module.__name__:
                continue
            slotted = {name for part in cls.__mro__ for name in getattr(part, "__slots__", ())}
            kept = [name for name in fields if name not in slotted]
            assert len(kept) < 30, f"{cls.__name__} keeps {len(kept)} fields in a dictionary: give it slots=True"
            checked += 1
    assert checked > 20
