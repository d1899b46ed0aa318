"""What lambda6lint may read: regular files inside the tree it was asked to lint, opened without blocking.

A pull request controls every byte of the tree, symlinks included, so a path written inside an
input is never trusted. The rule, in one place: a path that an input names — Terraform `file()`,
`templatefile()` and `fileexists()`, a local module `source`, a `modules.json` `Dir`,
`terraform.tfvars` and `*.auto.tfvars`, a settings file's `var-files`, a CDK manifest's
`templateFile`, asset paths and nested-stack templates, a plain template's local `TemplateURL`
and `Location` (nested stacks, applications, `AWS::Include`) — and every file a folder walk meets,
is read only when its real path (every symlink resolved) lies inside the real path of the *tree*
and is a regular file (a folder, for a module source), and no part of it below the tree is `.git`
(a checkout may keep credentials in `.git/config`) under any name a file system takes for it:
`.GIT` on macOS and Windows, `.git.` and `GIT~1` on Windows, `.g\u200cit` on HFS+ (`is_git`, as git's
own `is_ntfs_dotgit`/`is_hfs_dotgit`). The tree of a source is the git work tree
around the path named on the command line, else that path itself (its folder, for a file), or
the tree of a folder named beside it that holds it as written (discover.py; a symlink named never
widens what the others may read); a CDK assembly's paths are held to the assembly folder, as the
CDK writes them. Anything else — absolute
paths elsewhere, `..` escapes, symlinks out, `/proc`, devices, FIFOs, sockets — is refused, and
what it would have given stays unknown (never an error: unknown facts never produce findings).

Paths named on the command line or in `--config`/`--var-file`/`--baseline` are the user's choice
and are read as given, but, like every read, only when they are regular files: the type is checked
before opening and the file is opened with O_NONBLOCK, so a FIFO or a device can never hang a run.
"""

from __future__ import annotations

import errno
import os
import stat
from functools import cache

from lambda6lint.paths import work_tree

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import BinaryIO

_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)
_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)


#: Code points HFS+ ignores in names (git's `is_hfs_dotgit` list): `.g\u200cit` opens `.git` there.
_HFS_IGNORED = dict.fromkeys([*range(0x200C, 0x2010), *range(0x202A, 0x202F), *range(0x206A, 0x2070), 0xFEFF])


def is_git(name: str) -> bool:
    """Whether a file system may take the path part `name` for `.git` (case-insensitive ones, NTFS's
    trailing dots and spaces and short name, HFS+'s ignored code points)."""
    head = name.translate(_HFS_IGNORED).lower().split(":", 1)[0].rstrip(". ")
    return head in (".git", "git~1")


def tree_of(named: str) -> str:
    """The real path of the tree a path named on the command line stands in (see the module docstring)."""
    return _tree_of(os.path.abspath(named or "."))


@cache
def _tree_of(named: str) -> str:
    real = os.path.realpath(named)
    folder = real if os.path.isdir(real) else os.path.dirname(real)
    return work_tree(folder) or folder


#: Real paths of folders found this run (`real_path`), by absolute path; `forget` empties it at each run's start.
_REAL: dict[str, str] = {}
_MAX_REAL = 200_000


def forget() -> None:
    _REAL.clear()


def real_path(path: str) -> str:
    """`os.path.realpath(path)`, from the real path of its folder found once per run: realpath reads
    (lstat) every part of a path, each time, and in a tree 900 folders deep the walk's 10,000 files
    took minutes. A path with `..` parts goes to realpath itself (`..` follows a symlink, not the text)."""
    if "\0" in path:
        raise ValueError("embedded null byte")
    if ".." in path.replace("\\", "/").split("/") or len(_REAL) > _MAX_REAL:
        return os.path.realpath(path)
    absolute = os.path.abspath(path)
    folder, name = os.path.split(absolute)
    if folder == absolute or os.path.islink(absolute):
        return os.path.realpath(absolute)
    current, pending = folder, []  # (folders only are kept: as many as the tree has)
    while current not in _REAL:
        parent, part = os.path.split(current)
        if parent == current or os.path.islink(current):
            _REAL[current] = os.path.realpath(current)
            break
        pending.append((current, parent, part))
        current = parent
    for current, parent, part in reversed(pending):
        _REAL[current] = os.path.join(_REAL[parent], part)
    return os.path.join(_REAL[folder], name)


def within(path: str, tree: str) -> bool:
    """Whether the real path of `path` (which need not exist) lies inside the tree's, outside any `.git`."""
    try:
        real = real_path(path)
        root = real_path(tree)
    except (OSError, ValueError):  # a NUL in the path
        return False
    top = os.path.normcase(root).rstrip(os.sep) + os.sep  # (by text: relpath and commonpath split every part)
    if not os.path.normcase(real + os.sep).startswith(top):  # (another drive, on Windows, too)
        return False
    inner = real[len(top) :]
    if "git" not in inner.translate(_HFS_IGNORED).lower():  # (no part can be `.git`: 900 parts looked at each)
        return True
    return not any(map(is_git, inner.split(os.sep)))


def inside(path: str, tree: str, folder: bool = False) -> str | None:
    """`path` (normalised) when it may be read on behalf of `tree`: within it, and a regular file
    (with `folder`, a folder), symlinks resolved; else None."""
    if not within(path, tree):
        return None
    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):
        return None
    wanted = stat.S_ISDIR(mode) if folder else stat.S_ISREG(mode)
    return os.path.normpath(path) if wanted else None


def _refuse(mode: int) -> None:
    for test, kind in _KINDS:
        if test(mode):
            raise OSError(errno.EINVAL, f"not a regular file ({kind})")
    if not stat.S_ISREG(mode):
        raise OSError(errno.EINVAL, "not a regular file")


def open_regular(path: str) -> BinaryIO:
    """A regular file opened for reading (never blocking on a FIFO, never a device).

    Raises OSError for anything else, before opening it when the type is known from the path, and
    again from the open descriptor, so nothing swapped in between is read either.
    """
    _refuse(os.stat(path).st_mode)
    descriptor = os.open(path, _OPEN_FLAGS)
    handle = open(descriptor, "rb")  # noqa: SIM115 - the caller closes it (a `with` block)
    try:
        _refuse(os.fstat(descriptor).st_mode)
    except OSError:
        handle.close()
        raise
    return handle


def why_unreadable(path: str, exc: OSError) -> str:
    """Why `path` could not be read, as a message says it: a symlink that leads nowhere (or round in a loop)
    is named as one, not by its target (which may lie anywhere)."""
    if exc.errno in (errno.ENOENT, errno.ELOOP) and os.path.islink(path):
        return "it is a symlink that leads nowhere" + (" (a loop of symlinks)" if exc.errno == errno.ELOOP else "")
    return exc.strerror or str(exc)


def read_regular(path: str, limit: int) -> bytes:
    """At most `limit + 1` bytes of a regular file (the caller tells "too large" by the extra byte)."""
    with open_regular(path) as handle:
        return handle.read(limit + 1)


#: What tells that a file opened again is the one read before, unchanged: (device, inode, size, modification time).
Identity = tuple[int, int, int, int]


def identity(handle: BinaryIO) -> Identity:
    """The `Identity` of an open file."""
    found = os.fstat(handle.fileno())
    return found.st_dev, found.st_ino, found.st_size, found.st_mtime_ns


def read_identified(path: str, limit: int) -> tuple[bytes, Identity]:
    """`read_regular`, and the `identity` of what it read: a loader may read on from those bytes (marked.continued)."""
    with open_regular(path) as handle:
        return handle.read(limit + 1), identity(handle)
