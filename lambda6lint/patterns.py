"""Regular expressions compiled when first used.

Most of a module's patterns serve inputs a run may not have (a CDK path, a TOML string, a Terraform
module source): compiled at import, ~20 of them cost every run ~2 ms of its start-up, a small
template's run ~60 ms in all (issue #14).
"""

from __future__ import annotations

import re

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import AnyStr

#: What is copied from the compiled pattern, so that later uses find it directly (no `__getattr__`).
_COPIED = ("match", "fullmatch", "search", "sub", "subn", "split", "findall", "finditer", "pattern", "flags")


class _OnUse:
    """Stands for the compiled pattern: the first attribute read compiles it."""

    def __init__(self, pattern: str | bytes, flags: int) -> None:
        self._pattern, self._flags = pattern, flags

    def __getattr__(self, name: str) -> object:
        if name.startswith("__"):  # (copy and pickle ask for `__setstate__` before `_pattern` is set: no recursion)
            raise AttributeError(name)
        compiled = re.compile(self._pattern, self._flags)
        for copied in _COPIED:
            setattr(self, copied, getattr(compiled, copied))
        return getattr(compiled, name)


def on_use(pattern: AnyStr, flags: int = 0) -> re.Pattern[AnyStr]:
    """`re.compile(pattern, flags)`, done when the pattern is first used."""
    return _OnUse(pattern, flags)  # type: ignore[return-value]  # (it acts as one)
