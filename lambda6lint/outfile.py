"""Files the run writes (reports, baselines), written so that the repository being linted cannot redirect them.

A pull request controls the linted tree, so it can plant `lambda6lint.sarif -> ~/.bashrc`. A
report is therefore written to a fresh file in the target's folder (created with O_EXCL, which
never follows a link) and renamed over the target: a symlink there is replaced, never written
through. A folder inside the project that is a symlink is refused, and every failure is an
`OutputError` with a message, never a traceback. A character device or a FIFO the user names
(`/dev/null`, `/dev/stdout`, a pipe) is written through, as a shell redirection would: renaming over
it would replace the machine's device with a file. Git holds neither, so none is planted.
"""

from __future__ import annotations

import os

from lambda6lint import paths


class OutputError(Exception):
    """A report or baseline that cannot be written, with the reason in words."""


def _in_project(full: str) -> str | None:
    """The project root when `full` lies below it, else None."""
    root = paths.project_root(os.getcwd())
    return root if os.path.commonpath([root, full]) == root else None


def planted_link(folder: str) -> str | None:
    """The first symlink among the components of `folder` below the project root, else None.

    Components above the root (a symlinked home or /tmp) are the machine's, not the repository's.
    """
    full = os.path.abspath(folder)
    root = _in_project(full)
    if root is None:
        return None
    probe = root
    for part in os.path.relpath(full, root).split(os.sep):
        if part in ("", "."):
            continue
        probe = os.path.join(probe, part)
        if os.path.islink(probe):
            return probe
    return None


def _stream(full: str) -> bool:
    """Whether `full` is a character device or FIFO to write through; a symlink to one in the project
    is the repository's, replaced like any other."""
    import stat

    try:
        if os.path.islink(full) and _in_project(full) is not None:
            return False
        mode = os.stat(full).st_mode
    except (OSError, ValueError):
        return False
    return stat.S_ISCHR(mode) or stat.S_ISFIFO(mode)


def write_text(path: str, text: str) -> None:
    """Write `text` to `path` (UTF-8, a lone surrogate as "?") through a new file renamed into place."""
    if _stream(os.path.abspath(path)):
        try:
            with open(path, "w", encoding="utf-8", errors="replace", newline="") as stream:
                stream.write(text)
        except OSError as exc:
            raise OutputError(f"{path}: cannot write: {exc.strerror or exc}") from None
        return
    folder = os.path.dirname(os.path.abspath(path))
    link = planted_link(folder)
    if link is not None:
        raise OutputError(f"{path}: {os.path.relpath(link)} is a symbolic link; refusing to write through it")
    if not os.path.isdir(folder):
        what = "is not a folder" if os.path.lexists(folder) else "does not exist"
        raise OutputError(f"{path}: the folder {os.path.dirname(path) or '.'} {what}")  # (as given, not relative)
    if os.path.isdir(path) and not os.path.islink(path):
        raise OutputError(f"{path}: is a folder")
    temp, handle = _create(folder, os.path.basename(path))
    try:
        with os.fdopen(handle, "w", encoding="utf-8", errors="replace", newline="") as stream:
            stream.write(text)
        os.replace(temp, path)
    except OSError as exc:
        try:  # noqa: SIM105 - contextlib is 0.5 ms of a small run's start-up
            os.unlink(temp)
        except OSError:
            pass
        raise OutputError(f"{path}: cannot write: {exc.strerror or exc}") from None


def _create(folder: str, name: str) -> tuple[str, int]:
    """A new file beside the target (mode 0666 less the umask, like `open(..., "w")`)."""
    import secrets  # only a run that writes a file

    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    for _ in range(16):
        temp = os.path.join(folder, f".{name}.{secrets.token_hex(6)}.tmp")
        try:
            return temp, os.open(temp, flags, 0o666)
        except FileExistsError:
            continue
        except OSError as exc:
            raise OutputError(f"{os.path.join(folder, name)}: cannot write: {exc.strerror or exc}") from None
    raise OutputError(f"{os.path.join(folder, name)}: cannot create a temporary file beside it")
