"""Files parsed last, by path: what several sources of a run share (a Terraform module many roots
call, a nested template many parents name) is read and parsed once, while the files each read once
(a monorepo's roots) are not all kept to the end of the run. A file changed since it was parsed
(its modification time or size) is read again."""

from __future__ import annotations

import os

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any


class Recent:
    """At most about `max_chars` characters of texts, with what each parses into, the most recent last."""

    def __init__(self, max_chars: int):
        self.entries: dict[str, tuple[tuple[int, int], str, Any]] = {}  # the most recent last
        self.chars = 0  # of their texts; what they parse into is ~10 times that
        self.max_chars = max_chars

    def get(self, key: str, version: tuple[int, int]) -> tuple[str, Any] | None:
        found = self.entries.pop(key, None)
        if found is None:
            return None
        if found[0] != version:  # changed since: read it again
            self.chars -= len(found[1])
            return None
        self.entries[key] = found  # the most recent again
        return found[1], found[2]

    def holds(self, key: str, version: tuple[int, int]) -> bool:
        """Whether `get` would find it (without making it the most recent)."""
        found = self.entries.get(key)
        return found is not None and found[0] == version

    def once(self, path: str, make: Callable[[str], tuple[str, Any]]) -> Any:
        """What `make(path)` parses the file into (it gives the text too, which the size counts), made
        once while the file is among those read last and unchanged (an error it records, too)."""
        key, found = os.path.abspath(path), version(path)
        cached = self.get(key, found)
        if cached is not None:
            return cached[1]
        text, parsed = make(path)
        self.put(key, found, text, parsed)
        return parsed

    def put(self, key: str, version: tuple[int, int], text: str, parsed: Any) -> None:
        self.entries[key] = (version, text, parsed)
        self.chars += len(text)
        while self.chars > self.max_chars and len(self.entries) > 1:
            self.chars -= len(self.entries.pop(next(iter(self.entries)))[1])

    def clear(self) -> None:
        self.entries.clear()
        self.chars = 0


def version(path: str) -> tuple[int, int]:
    """(modification time, size) of `path`: a cached parse of an older version is not used."""
    try:
        stat = os.stat(path)
    except OSError:
        return (0, 0)
    return (stat.st_mtime_ns, stat.st_size)
