"""Paths into sources: which files and folders are infrastructure code, read without executing anything.

A source has a kind: a CloudFormation/SAM `template` file, a CDK `cdk-assembly` folder (its
templates belong to it and are never linted again as loose files), a `terraform-module` folder
(every `*.tf` in it), or a `terraform-plan` (`terraform show -json` output).

Folders are walked; files found that way are sniffed first, and what does not look like a
template is skipped silently (a pre-commit hook sees every YAML file of a repository). A file
named explicitly is read as a template, so problems with it are reported. A `.tf` file named
explicitly stands for its whole module folder: a rule needs the route table in another file; so
does a var file Terraform loads by itself (`terraform.tfvars`, `*.auto.tfvars`, and their `.json`
forms), whose values change what the module's files mean.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator

from lambda6lint.records import dataclass

SKIP_DIRS = frozenset({".git", "node_modules", ".terraform", ".venv", "venv", "__pycache__", ".tox", ".mypy_cache"})
TEMPLATE_SUFFIXES = (".yaml", ".yml", ".json", ".template")
AUTO_VAR_FILES = ("terraform.tfvars", "terraform.tfvars.json")
AUTO_VAR_SUFFIXES = (".auto.tfvars", ".auto.tfvars.json")
_SNIFF_BYTES = 256 * 1024

TEMPLATE, CDK_ASSEMBLY, TERRAFORM_MODULE, TERRAFORM_PLAN = (
    "template",
    "cdk-assembly",
    "terraform-module",
    "terraform-plan",
)


@dataclass(frozen=True)
class Source:
    path: str
    kind: str = TEMPLATE
    explicit: bool = False  # named on the command line (report problems) rather than found by walking


def discover(paths: Iterable[str]) -> Iterator[Source]:
    seen: set[tuple[str, str]] = set()

    def once(source: Source) -> Iterator[Source]:
        key = (os.path.abspath(source.path), source.kind)
        if key not in seen:
            seen.add(key)
            yield source

    for path in paths:
        if os.path.isdir(path):
            yield from _walk(path, once)
        elif path.endswith(".tf") or is_auto_var_file(path):
            yield from once(Source(os.path.normpath(os.path.dirname(path) or "."), TERRAFORM_MODULE, explicit=True))
        else:
            yield from once(Source(os.path.normpath(path), file_kind(path), explicit=True))


def _walk(top: str, once) -> Iterator[Source]:
    for root, dirs, files in os.walk(top):
        dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS)
        if "manifest.json" in files and is_cloud_assembly(os.path.join(root, "manifest.json")):
            yield from once(Source(os.path.normpath(root), CDK_ASSEMBLY))
            dirs[:] = []  # its templates (and nested stage assemblies) belong to the assembly
            continue
        if any(name.endswith(".tf") for name in files):
            yield from once(Source(os.path.normpath(root), TERRAFORM_MODULE))
        for name in sorted(files):
            if name.lower().endswith(TEMPLATE_SUFFIXES):
                full = os.path.normpath(os.path.join(root, name))
                yield from once(Source(full, file_kind(full)))


def is_auto_var_file(path: str) -> bool:
    """A var file Terraform reads without being told (so it belongs to its folder's module)."""
    name = os.path.basename(path)
    return name in AUTO_VAR_FILES or name.endswith(AUTO_VAR_SUFFIXES)


def file_kind(path: str) -> str:
    """`terraform-plan` for `terraform show -json` output, else `template`."""
    if path.lower().endswith(".json"):
        head = _head(path, 4096)
        if b'"format_version"' in head and (b'"planned_values"' in head or b'"terraform_version"' in head):
            return TERRAFORM_PLAN
    return TEMPLATE


def _head(path: str, size: int = _SNIFF_BYTES) -> bytes:
    try:
        with open(path, "rb") as handle:
            return handle.read(size)
    except OSError:
        return b""


def looks_like_template(path: str) -> bool:
    """A cheap byte sniff: is this file worth parsing as CloudFormation/SAM?"""
    return template_head(_head(path))


def template_head(head: bytes) -> bool:
    """`looks_like_template` on a file's first bytes already read."""
    return b"AWSTemplateFormatVersion" in head or (b"Resources" in head and b"AWS::" in head)


def is_cloud_assembly(manifest: str) -> bool:
    """A CDK cloud assembly: a manifest whose artifacts include CloudFormation stacks or nested assemblies."""
    head = _head(manifest, 4 * 1024 * 1024)
    if b"aws:cloudformation:stack" not in head and b"cdk:cloud-assembly" not in head:
        return False
    import json

    try:
        manifest_doc = json.loads(head)
    except ValueError:
        return False
    artifacts = manifest_doc.get("artifacts") if isinstance(manifest_doc, dict) else None
    return isinstance(artifacts, dict)
