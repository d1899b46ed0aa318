"""The rule catalog: every module of the `lambda6lint.rules` package that defines a `rule`.

Adding a rule means adding a module there; nothing else is edited.
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache

from lambda6lint.findings import Rule


@cache
def registry() -> tuple[Rule, ...]:
    """Every rule of the catalog, ordered by id."""
    import lambda6lint.rules as package

    found = []
    for info in pkgutil.iter_modules(package.__path__):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        rule = getattr(module, "rule", None)
        if isinstance(rule, Rule):
            found.append(rule)
    ids = [r.id[1:] for r in found]
    if len(set(ids)) != len(ids):
        raise RuntimeError(f"duplicate rule numbers in the catalog: {sorted(ids)}")
    return tuple(sorted(found, key=lambda r: r.id[1:]))


def rule_by_id(rule_id: str) -> Rule:
    return next(r for r in registry() if r.id == rule_id)
