"""Paths into sources: which files are infrastructure code, read without executing anything.

Folders are walked; files found that way are sniffed first, and what does not look like a
template is skipped silently (a pre-commit hook sees every YAML file of a repository). A file
named explicitly is read as a template, so problems with it are reported.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

SKIP_DIRS = frozenset({".git", "node_modules", ".terraform", ".venv", "venv", "__pycache__", ".tox", ".mypy_cache"})
TEMPLATE_SUFFIXES = (".yaml", ".yml", ".json", ".template")
_SNIFF_BYTES = 256 * 1024


@dataclass(frozen=True)
class Source:
    path: str
    explicit: bool  # named on the command line (report problems) rather than found by walking


def discover(paths: Iterable[str]) -> Iterator[Source]:
    seen: set[str] = set()
    for path in paths:
        if os.path.isdir(path):
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS)
                for name in sorted(files):
                    if name.lower().endswith(TEMPLATE_SUFFIXES):
                        full = os.path.join(root, name)
                        if full not in seen:
                            seen.add(full)
                            yield Source(os.path.normpath(full), explicit=False)
        elif path not in seen:
            seen.add(path)
            yield Source(os.path.normpath(path), explicit=True)


def looks_like_template(path: str) -> bool:
    """A cheap byte sniff: is this file worth parsing as CloudFormation/SAM?"""
    try:
        with open(path, "rb") as handle:
            head = handle.read(_SNIFF_BYTES)
    except OSError:
        return False
    return b"AWSTemplateFormatVersion" in head or (b"Resources" in head and b"AWS::" in head)
