"""Repository-relative paths: what travels between machines (reports, fingerprints, baselines)."""

from __future__ import annotations

import os
from functools import cache


def work_tree(folder: str) -> str | None:
    """The git work tree `folder` is in (the nearest folder up with a `.git`), else None."""
    probe = folder
    while True:
        if os.path.lexists(os.path.join(probe, ".git")):
            return probe
        parent = os.path.dirname(probe)
        if parent == probe:
            return None
        probe = parent


@cache
def project_root(start: str = "") -> str:
    """The enclosing git work tree of the current folder, else the current folder."""
    here = os.path.abspath(start or os.getcwd())
    return work_tree(here) or here


def relative(path: str) -> str | None:
    """`path` relative to the project root with forward slashes, None when it lies outside."""
    root = project_root(os.getcwd())
    full = os.path.abspath(path)
    if os.path.commonpath([root, full]) != root:
        return None
    return os.path.relpath(full, root).replace(os.sep, "/")


def portable(path: str) -> str:
    """`path` as reports show it: relative to the project root when inside it, with forward slashes."""
    return relative(path) or path.replace("\\", "/")


def uri(path: str) -> tuple[str, bool]:
    """(URI, relative?) for a SARIF artifactLocation."""
    from urllib.parse import quote  # SARIF only

    rel = relative(path)
    if rel is not None:
        return quote(os.fsencode(rel), safe="/@"), True  # (a name that is not UTF-8: its own bytes)
    return "file://" + quote(os.fsencode(os.path.abspath(path).replace(os.sep, "/"))), False


def root_uri() -> str:
    from urllib.parse import quote

    return "file://" + quote(project_root(os.getcwd()).replace(os.sep, "/").rstrip("/") + "/")
