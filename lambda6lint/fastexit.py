"""A process that exits right after its report need not free what it built, one object at a time.

Freeing a 100 MB Terraform plan's parse tree takes about half a second of a five-second run (millions
of small objects), and the interpreter's own exit frees what is left once more. So the command line
(`run`) keeps such trees until the end (`keep`) and, its output flushed, ends with `os._exit`, as
mypy's `--fast-exit` does. Whoever else calls the engine (tests, the cfn-lint plug-in, a library
user) gets the default: nothing is kept, and the process exits as it always does.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, NoReturn

_kept: list[Any] | None = None
_slots: dict[str, Any] = {}


def keep(value: Any, slot: str = "") -> None:
    """Hold `value` until the process ends when the command line runs; otherwise let it go now.
    In a `slot`, only the value last given is held (None: none; the one held goes now): of a run's
    Terraform plans, ~1 GB each for 100 MB, one is held, not all."""
    if _kept is None:
        return
    if slot:
        _slots[slot] = value
    elif value is not None:
        _kept.append(value)


def run(main: Callable[[], int]) -> NoReturn:
    """`main()`'s exit status as the process's, without freeing what the run built."""
    global _kept
    _kept = []
    status = main()  # an exception (argparse's SystemExit too) leaves the normal way
    for stream in (sys.stdout, sys.stderr):
        try:  # noqa: SIM105 - contextlib is 0.5 ms of a small run's start-up
            stream.flush()
        except (OSError, ValueError):  # a closed pipe (`| head`): nothing more to say
            pass
    os._exit(status)
