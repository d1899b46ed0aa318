"""The rule catalog: every module of the `lambda6lint.rules` package that defines a `rule`.

Adding a rule means adding a module there; nothing else is edited.
"""

from __future__ import annotations

import os
import sys
from functools import cache

from lambda6lint.findings import Rule


@cache
def registry() -> tuple[Rule, ...]:
    """Every rule of the catalog, ordered by id."""
    import lambda6lint.rules as package

    found = []
    for name in _module_names(package.__path__):
        if name.startswith("_"):
            continue
        __import__(f"{package.__name__}.{name}")  # (importlib.import_module: importlib imports warnings, 0.3 ms)
        module = sys.modules[f"{package.__name__}.{name}"]
        rule = getattr(module, "rule", None)
        if isinstance(rule, Rule):
            found.append(rule)
    ids = [r.id[1:] for r in found]
    if len(set(ids)) != len(ids):
        raise RuntimeError(f"duplicate rule numbers in the catalog: {sorted(ids)}")
    return tuple(sorted(found, key=lambda r: r.id[1:]))


def _module_names(path: list[str]) -> list[str]:
    """The modules in the package's folders. pkgutil.iter_modules would do, but imports `inspect`
    (with ast, dis, tokenize: 5 ms of every run's start-up) for one `getmodulename`."""
    names: set[str] = set()
    for folder in path:
        if not os.path.isdir(folder):  # a zipped install: let pkgutil read it
            import pkgutil

            names.update(info.name for info in pkgutil.iter_modules([folder]))
            continue
        for entry in os.listdir(folder):
            stem, dot, suffix = entry.partition(".")
            if dot and suffix in ("py", "pyc") and stem.isidentifier():
                names.add(stem)
    return sorted(names)


def rule_by_id(rule_id: str) -> Rule:
    return next(r for r in registry() if r.id == rule_id)
