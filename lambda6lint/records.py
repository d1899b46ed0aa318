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
while its source is still the one this module generates for the class; otherwise the source is
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
    from typing import Any
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

    def _fields(cls: type) -> dict[str, _Field]:
        found: dict[str, _Field] = {}
        for base in reversed(cls.__mro__[1:]):
            found.update(getattr(base, "__record_fields__", {}))
        for name, annotation in cls.__dict__.get("__annotations__", {}).items():
            if "ClassVar" in str(annotation):
                continue
            value = cls.__dict__.get(name, _MISSING)
            spec = value if isinstance(value, _Field) else _Field(default=value)
            if spec.default is not _MISSING:
                setattr(cls, name, spec.default)  # as dataclasses: the default is a class attribute too
            elif name in cls.__dict__:
                delattr(cls, name)
            found[name] = spec
        return found

    def _make_init(cls: type, fields: dict[str, _Field], frozen: bool) -> None:
        """An `__init__` that makes the real one the first time the class is instantiated (a run
        instantiates a third of the classes it defines)."""

        def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
            _compile_init(cls, fields, frozen)(self, *args, **kwargs)

        __init__.__qualname__ = f"{cls.__qualname__}.__init__"
        cls.__init__ = __init__

    def _init_source(cls: type, fields: dict[str, _Field], frozen: bool) -> tuple[str, dict[str, Any]]:
        """The source of `_make(**values)`, which returns the class's `__init__`, and those values (the
        fields' defaults and default factories)."""
        params, body, values = [], [], {"_NONE": _MISSING, "_set": object.__setattr__}
        for index, (name, spec) in enumerate(fields.items()):
            if spec.default_factory is not _MISSING:
                values[f"_f{index}"] = spec.default_factory
                params.append(f"{name}=_NONE")
                value = f"_f{index}() if {name} is _NONE else {name}"
            elif spec.default is not _MISSING:
                values[f"_d{index}"] = spec.default
                params.append(f"{name}=_d{index}")
                value = name
            else:
                params.append(name)
                value = name
            body.append(f"_set(self, {name!r}, {value})" if frozen else f"self.{name} = {value}")
        if "__post_init__" in dir(cls):
            body.append("self.__post_init__()")
        return (
            f"def _make({', '.join(values)}):\n"
            f"    def __init__(self, {', '.join(params)}):\n        " + ("\n        ".join(body) or "pass") + "\n"
            "    return __init__\n"
        ), values

    def _compile_init(cls: type, fields: dict[str, _Field], frozen: bool) -> Any:
        source, values = _init_source(cls, fields, frozen)
        known = _record_inits.INITS.get(f"{cls.__module__}.{cls.__qualname__}")
        if known is not None and known[0] == source:
            make = known[1]
        else:
            scope: dict[str, Any] = {}
            exec(source, scope)  # our own field names: identifiers the class statement accepted
            make = scope["_make"]
        init = make(**values)
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

    def dataclass(cls: Any = None, /, *, eq: bool = True, frozen: bool = False) -> Any:
        def wrap(cls: type) -> type:
            fields = _fields(cls)
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

    def replace(obj: Any, **changes: Any) -> Any:
        values = {name: getattr(obj, name) for name in obj.__record_fields__}
        values.update(changes)
        return obj.__class__(**values)

    def inits_module() -> str:
        """The text of _record_inits.py: the `_make` of every record class the package defines."""
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
        parts = [
            '"""Generated by `python -m lambda6lint.records` from the package\'s record classes: do not edit.\n\n'
            "INITS: each class's `_make` (records.py), compiled with the package, beside the source it was compiled\n"
            'from; records.py uses an entry only while that is still the source it generates for the class."""\n\n'
            "INITS = {}\n"
        ]
        for key, cls in sorted(classes.items()):
            frozen = cls.__dict__.get("__setattr__") is _frozen_setattr  # as `dataclass(frozen=True)` left it
            source, _ = _init_source(cls, cls.__record_fields__, frozen)
            parts.append(f"\n\n{source}\n\nINITS[{key!r}] = ({source!r}, _make)\n")
        return "".join(parts)

    if __name__ == "__main__":
        from lambda6lint import records  # the module the classes use (this one runs as __main__)

        text = records.inits_module()
        with open(_record_inits.__file__, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
        print(f"wrote {_record_inits.__file__}")


__all__ = ["dataclass", "field", "replace"]
