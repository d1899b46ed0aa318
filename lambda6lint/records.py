"""`dataclass`, `field` and `replace` for lambda6lint's own classes, at a fraction of the start-up cost.

The standard `dataclasses` module imports `inspect` (with `ast`, `dis`, `tokenize`) and compiles
three or four functions per class; with the ~50 classes a run defines that was a third of the
start-up of a one-template run (issue #14: 72 Mi instructions for the module, ~110 Mi for the
model's classes). Here `__init__`, `__eq__` and `__hash__` are compiled — as fast as the standard
module's — the first time a class uses them (a run instantiates a third of the classes it
defines, and compares or hashes few); `__repr__` and frozenness are generic methods.

The package's own classes take their `__init__` precompiled from _record_inits.py, whose bytecode
is cached like any module's (compiling them was ~2 ms of a one-template run).
`python -m lambda6lint.records` writes it, and a test fails when it is stale. An entry is used only
while the class still has the shape it was made for (its fields in order, which have a default or a
default factory, frozenness, `__post_init__`: all its source is made from); otherwise the source is
compiled, as for a class defined anywhere else.

It covers what lambda6lint uses and nothing more: fields with defaults or `field(default_factory=…,
default=…, repr=False)`, `ClassVar` fields skipped, inheritance, `eq`, `frozen`, `__post_init__`.
Type checkers see the standard module (same semantics), so annotations and signatures are checked
as before.
"""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from dataclasses import dataclass, field, replace
    from typing import Any, TypeVar

    _T = TypeVar("_T")

    def bare(cls: type[_T], /, **values: Any) -> _T: ...
else:
    from collections.abc import Callable

    from lambda6lint import _record_inits

    _MISSING = object()

    class _Field:
        __slots__ = ("default", "default_factory", "repr")

        def __init__(self, default: Any = _MISSING, default_factory: Any = _MISSING, repr: bool = True) -> None:
            self.default = default
            self.default_factory = default_factory
            self.repr = repr

    def field(*, default: Any = _MISSING, default_factory: Any = _MISSING, repr: bool = True) -> Any:
        return _Field(default, default_factory, repr)

    class FrozenInstanceError(AttributeError):
        pass

    #: The field of a plain default among these, or of none: one for all, as nothing changes a `_Field` (making one
    #: for each of a run's ~200 such fields was a sixth of its classes' making, issue #14).
    _SHARED = {id(value): _Field(default=value) for value in (_MISSING, None, False, True)}

    def _fields(cls: type) -> dict[str, _Field]:
        found: dict[str, _Field] = {}
        for base in reversed(cls.__mro__[1:]):
            found.update(getattr(base, "__record_fields__", {}))
        own = cls.__dict__
        for name, annotation in own.get("__annotations__", {}).items():
            if "ClassVar" in str(annotation):
                continue
            value = own.get(name, _MISSING)
            if isinstance(value, _Field):
                spec = value
                if spec.default is not _MISSING:
                    setattr(cls, name, spec.default)  # as dataclasses: the default is a class attribute too
                else:
                    delattr(cls, name)
            else:  # a plain default (the class attribute already) or none
                spec = _SHARED.get(id(value)) or _Field(default=value)
            found[name] = spec
        return found

    def _make_init(cls: type, fields: dict[str, _Field], frozen: bool) -> None:
        """An `__init__` that makes the real one the first time the class is instantiated (a run
        instantiates a third of the classes it defines)."""

        def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
            _compile_init(cls, fields, frozen)(self, *args, **kwargs)

        __init__.__qualname__ = f"{cls.__qualname__}.__init__"
        cls.__init__ = __init__

    def _shape(cls: type, fields: dict[str, _Field], frozen: bool) -> str:
        """What the source of a class's `__init__` is made from (`_init_source`): its fields in order, each with `()`
        for a default factory or `=` for a default, whether it is frozen and whether it has `__post_init__`.
        _record_inits.py's entries are checked against it, at a third of the cost of making the source (issue #14)."""
        return _shape_and_values(cls, fields, frozen)[0]

    def _shape_and_values(cls: type, fields: dict[str, _Field], frozen: bool) -> tuple[str, list[Any]]:
        """`_shape`, and what `_make` takes, in its order: the fields' default factories and defaults (one walk of
        the fields, and no names to make: a run makes ~40 classes' `__init__`, issue #14)."""
        kinds, values = [], [_MISSING, object.__setattr__]  # (`_NONE`, `_set`)
        for name, spec in fields.items():
            if spec.default_factory is not _MISSING:
                kinds.append(name + "()")
                values.append(spec.default_factory)
            elif spec.default is not _MISSING:
                kinds.append(name + "=")
                values.append(spec.default)
            else:
                kinds.append(name)
        post_init = "post_init" if hasattr(cls, "__post_init__") else ""
        return f"{','.join(kinds)}|{'frozen' if frozen else ''}|{post_init}", values

    def _init_source(shape: str) -> str:
        """The source of `_make(*values)` (`_shape_and_values`), which returns the `__init__` of a class of that
        `_shape`."""
        kinds, frozen, post_init = shape.split("|")
        params, body, names = [], [], ["_NONE", "_set"]
        for index, kind in enumerate(kinds.split(",") if kinds else []):
            if kind.endswith("()"):
                name = kind[:-2]
                names.append(f"_f{index}")
                params.append(f"{name}=_NONE")
                value = f"_f{index}() if {name} is _NONE else {name}"
            elif kind.endswith("="):
                name = value = kind[:-1]
                names.append(f"_d{index}")
                params.append(f"{name}=_d{index}")
            else:
                name = value = kind
                params.append(name)
            body.append(f"_set(self, {name!r}, {value})" if frozen else f"self.{name} = {value}")
        if post_init:
            body.append("self.__post_init__()")
        return (
            f"def _make({', '.join(names)}):\n"
            f"    def __init__(self, {', '.join(params)}):\n        " + ("\n        ".join(body) or "pass") + "\n"
            "    return __init__\n"
        )

    def _compile_init(cls: type, fields: dict[str, _Field], frozen: bool) -> Any:
        shape, values = _shape_and_values(cls, fields, frozen)
        key = f"{cls.__module__}.{cls.__qualname__}"
        if key.startswith(_TERRAFORM):
            from lambda6lint import _record_inits_terraform as inits
        else:
            inits = _record_inits
        known = inits.INITS.get(key)
        if known is not None and known[0] == shape:
            make = known[1]
        else:
            scope: dict[str, Any] = {}
            exec(_init_source(shape), scope)  # our own field names: identifiers the class statement accepted
            make = scope["_make"]
        init = make(*values)
        init.__qualname__ = f"{cls.__qualname__}.__init__"
        cls.__init__ = init
        return init

    def _lazy(cls: type, name: str, source: Callable[[list[str]], str]) -> Any:
        """A method compiled from `source(field names)` the first time it is called (as `__init__`)."""

        def first(self: Any, *args: Any) -> Any:
            scope: dict[str, Any] = {}
            exec(source(list(cls.__record_fields__)), scope)  # our own field names
            method = scope[name]
            method.__qualname__ = f"{cls.__qualname__}.{name}"
            setattr(cls, name, method)
            return method(self, *args)

        first.__qualname__ = f"{cls.__qualname__}.{name}"
        return first

    def _fields_of(prefix: str, names: list[str]) -> str:
        return "(" + "".join(f"{prefix}.{n}, " for n in names) + ")"

    def _eq_source(names: list[str]) -> str:
        return (
            "def __eq__(self, other):\n"
            "    if other.__class__ is self.__class__:\n"
            f"        return {_fields_of('self', names)} == {_fields_of('other', names)}\n"
            "    return NotImplemented\n"
        )

    def _hash_source(names: list[str]) -> str:
        return f"def __hash__(self):\n    return hash({_fields_of('self', names)})\n"

    def _repr(self: Any) -> str:
        fields = self.__record_fields__.items()  # (a stand-in of checking.py has only some of them)
        shown = ", ".join(f"{n}={getattr(self, n)!r}" for n, f in fields if f.repr and hasattr(self, n))
        return f"{self.__class__.__qualname__}({shown})"

    def _frozen_setattr(self: Any, name: str, value: Any) -> None:
        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def _frozen_delattr(self: Any, name: str) -> None:
        raise FrozenInstanceError(f"cannot delete field {name!r}")

    def _slotted(cls: type, fields: dict[str, _Field]) -> type:
        """`cls` made again with a slot for each field its bases have none for, and no `__dict__` (as the standard
        module's `slots=True`): the class attributes the defaults were go, as the `__init__` sets every field."""
        inherited = {name for base in cls.__mro__[1:] for name in base.__dict__.get("__slots__", ())}
        body = {k: v for k, v in cls.__dict__.items() if k not in fields and k not in ("__dict__", "__weakref__")}
        body["__slots__"] = tuple(name for name in fields if name not in inherited)
        # (what `bare` gives an instance made without `__init__`: without slots, the class attributes it read)
        body["__record_defaults__"] = {n: spec.default for n, spec in fields.items() if spec.default is not _MISSING}
        made = type(cls)(cls.__name__, cls.__bases__, body)
        made.__qualname__ = cls.__qualname__
        return made

    def dataclass(cls: Any = None, /, *, eq: bool = True, frozen: bool = False, slots: bool = False) -> Any:
        """`slots`: for a class of many instances (a plan's resources) or of more than 29 fields, whose instances'
        attributes CPython keeps in a dictionary of their own (~1.6 KB, against ~0.3 KB in slots)."""

        def wrap(cls: type) -> type:
            fields = _fields(cls)
            if slots:
                cls = _slotted(cls, fields)
            cls.__record_fields__ = fields
            _make_init(cls, fields, frozen)
            if "__repr__" not in cls.__dict__:
                cls.__repr__ = _repr
            if eq:
                if "__eq__" not in cls.__dict__:
                    cls.__eq__ = _lazy(cls, "__eq__", _eq_source)
                if "__hash__" not in cls.__dict__ or cls.__dict__["__hash__"] is None:
                    # as dataclasses: eq without frozen is unhashable
                    cls.__hash__ = _lazy(cls, "__hash__", _hash_source) if frozen else None
            if frozen:
                cls.__setattr__ = _frozen_setattr
                cls.__delattr__ = _frozen_delattr
            return cls

        return wrap if cls is None else wrap(cls)

    def bare(cls: Any, /, **values: Any) -> Any:
        """An instance of `cls` made without `__init__` (which would allocate every empty field), holding `values`.
        Another field with a plain default reads it, in slots as without (there the class attribute answers)."""
        made = object.__new__(cls)
        defaults = getattr(cls, "__record_defaults__", None)
        if defaults is None:  # (no slots: one update, as a stand-in is made per resource)
            made.__dict__.update(values)
            return made
        put = setattr if cls.__setattr__ is object.__setattr__ else object.__setattr__  # (a frozen class's too)
        for name, value in defaults.items():
            put(made, name, value)
        for name, value in values.items():
            put(made, name, value)
        return made

    def replace(obj: Any, **changes: Any) -> Any:
        values = {name: getattr(obj, name) for name in obj.__record_fields__}
        values.update(changes)
        return obj.__class__(**values)

    #: The classes whose entries are _record_inits_terraform.py's: a run without Terraform imports none of them
    #: (their ~20 entries were a quarter of _record_inits.py, ~0.3 Mi instructions of a template run's start-up).
    _TERRAFORM = "lambda6lint.loaders.terraform."

    def inits_module(terraform: bool = False) -> str:
        """The text of _record_inits.py, or with `terraform` of _record_inits_terraform.py: the `_make` of every
        record class the package defines, Terraform's (`_TERRAFORM`) in the second."""
        import importlib
        import pkgutil

        import lambda6lint

        classes = {}
        for info in pkgutil.walk_packages(lambda6lint.__path__, "lambda6lint."):
            if info.name in ("lambda6lint.__main__", "lambda6lint.cfnlint"):  # a run; cfn-lint's (neither has records)
                continue
            module = importlib.import_module(info.name)
            for value in vars(module).values():
                if isinstance(value, type) and "__record_fields__" in value.__dict__ and value.__module__ == info.name:
                    classes[f"{info.name}.{value.__qualname__}"] = value
        whose = "Terraform's record classes" if terraform else "the package's other record classes"
        parts = [
            f'"""Generated by `python -m lambda6lint.records` from {whose}: do not edit.\n\n'
            "INITS: each class's `_make` (records.py), compiled with the package, beside the shape of the class\n"
            'it was made for; records.py uses an entry only while the class still has that shape."""\n\n'
            "INITS = {}\n"
        ]
        for key, cls in sorted(classes.items()):
            if key.startswith(_TERRAFORM) != terraform:
                continue
            frozen = cls.__dict__.get("__setattr__") is _frozen_setattr  # as `dataclass(frozen=True)` left it
            shape = _shape(cls, cls.__record_fields__, frozen)
            parts.append(f"\n\n{_init_source(shape)}\n\nINITS[{key!r}] = ({shape!r}, _make)\n")
        return "".join(parts)

    if __name__ == "__main__":
        import os

        from lambda6lint import records  # the module the classes use (this one runs as __main__)

        for name, terraform in (("_record_inits.py", False), ("_record_inits_terraform.py", True)):
            path = os.path.join(os.path.dirname(_record_inits.__file__), name)
            text = records.inits_module(terraform)
            with open(path, "w", encoding="utf-8", newline="\n") as out:
                out.write(text)
            print(f"wrote {path}")


__all__ = ["bare", "dataclass", "field", "replace"]
