"""Baselines: the findings a project has accepted for now, so that a run reports only new ones.

A finding is known by its fingerprint (rule + repo-relative file + resource + key), never by its
line, so inserting lines above a resource or editing another one changes nothing. The file is
JSON, sorted, one entry per finding with the context a reviewer needs:

    {
      "tool": "lambda6lint",
      "version": 1,
      "findings": [
        {"rule": "W9601", "name": "function-dualstack-disabled", "path": "infra/app.yaml",
         "resource": "Worker", "key": "", "message": "...", "fingerprint": "3f2a..."}
      ]
    }

Only `fingerprint` is read back, `rules`: the rules the run that wrote it checked (the migration
plan compares NAT gateway findings only against a baseline that looked for them), and a NAT gateway
finding's `monthly`: what it would save (so that a change removing the gateway is credited with it);
the rest is for people. Input errors (E9600) and findings already suppressed in the template are never
recorded.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

from lambda6lint import confine
from lambda6lint.findings import INPUT_ERROR, Finding
from lambda6lint.loaders.common.errors import shown, shown_error
from lambda6lint.paths import portable, work_tree
from lambda6lint.records import dataclass, field

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

VERSION = 1
MAX_BYTES = 64 * 1024 * 1024
#: Objects and lists a baseline may hold (a finding is one, ~300 bytes): json would build each before
#: a row could be checked (64 MB of `{}`: 21 million dicts, 1.6 GB).
MAX_CONTAINERS = 2_000_000


class BaselineError(Exception):
    """An unreadable or malformed baseline file."""


@dataclass
class Baseline:
    path: str = ""
    fingerprints: Counter[str] = field(default_factory=Counter)
    rules: frozenset[str] | None = None  # ids of the rules its run checked; None: not recorded (all)
    #: A NAT gateway finding's fingerprint → what removing the gateway saves a month (None: not known), and
    #: the resource and file it names.
    costs: dict[str, float | None] = field(default_factory=dict)
    named: dict[str, tuple[str, str]] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)  # how many like NAT gateways a finding stands for
    paths: frozenset[str] = frozenset()  # the files its findings are in (repo-relative: `portable`)
    #: (fingerprint, message) of its findings: of two findings one fingerprint stands for (two Terraform roots
    #: of one module, in their own words), the one recorded in the same words is the one it hides.
    said: Counter[tuple[str, str]] = field(default_factory=Counter)

    def elsewhere(self, read: Iterable[str], root: str) -> bool:
        """Whether, outside a git work tree (where paths are relative to where lambda6lint ran), it names no file
        at its path from `root` while the run read some: written from another folder, nothing in it can match.
        (In a work tree its paths are the tree's: a file not found was deleted.)"""
        linted = {portable(path) for path in read}
        if work_tree(root) is not None:
            return False
        return bool(linted and self.paths) and not any(
            p in linted or os.path.lexists(os.path.join(root, p)) for p in self.paths
        )

    def checked(self, rule_id: str) -> bool:
        """Whether the run that wrote the baseline looked for findings of this rule."""
        return self.rules is None or rule_id in self.rules

    def __len__(self) -> int:
        return sum(self.fingerprints.values())


def eligible(finding: Finding) -> bool:
    """Can this finding be recorded in (and hidden by) a baseline?"""
    return not finding.suppressed and finding.rule.id != INPUT_ERROR


def entry(finding: Finding) -> dict[str, str]:

    return {
        "rule": finding.rule.id,
        "name": finding.rule.name,
        "path": portable(finding.location.path),
        "resource": finding.resource_path or finding.resource or "",
        "key": finding.key,
        "message": finding.message,
        "fingerprint": finding.fingerprint,
    }


def rows(
    findings: Iterable[Finding], costs: Mapping[str, tuple[float | None, int]] | None = None
) -> list[dict[str, Any]]:
    """The baseline entries for the eligible findings, sorted; a NAT gateway finding with what it saves and how
    many like NAT gateways it stands for."""
    found: list[dict[str, Any]] = []
    for finding in findings:
        if eligible(finding):
            row: dict[str, Any] = entry(finding)
            if costs and row["fingerprint"] in costs:
                monthly, count = costs[row["fingerprint"]]
                row["monthly"] = None if monthly is None else round(monthly, 2)
                row["nat_gateways"] = count
            found.append(row)
    return sorted(found, key=lambda r: (r["path"], r["resource"], r["rule"], r["key"], r["fingerprint"]))


def dumps(entries: list[dict[str, Any]], rules: Sequence[str] | None = None) -> str:
    document: dict[str, object] = {"tool": "lambda6lint", "version": VERSION, "findings": entries}
    if rules is not None:
        document["rules"] = sorted(rules)
    import json  # only a run with a baseline pays for it

    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def write(
    path: str,
    findings: Iterable[Finding],
    rules: Sequence[str] | None = None,
    costs: Mapping[str, tuple[float | None, int]] | None = None,
) -> Baseline:
    """Record the findings in `path` (never through a planted symlink: `outfile`), the ids of the rules
    the run checked, and what each NAT gateway finding saves (`costs`, by fingerprint: `plan.costs`); the
    baseline recorded (not read back: `path` may be `/dev/null` or a pipe)."""
    from lambda6lint.outfile import write_text

    entries = rows(findings, costs)
    write_text(path, dumps(entries, rules))
    return _baseline(path, entries, frozenset(rules) if rules is not None else None)


def _baseline(path: str, entries: list[dict[str, Any]], rules: frozenset[str] | None) -> Baseline:
    found = Baseline(path, Counter(e["fingerprint"] for e in entries), rules)
    found.paths = frozenset(str(e["path"]) for e in entries if isinstance(e.get("path"), str) and e["path"])
    found.said = Counter((e["fingerprint"], str(e.get("message", ""))) for e in entries)
    for e in entries:
        if "monthly" in e:
            found.costs[e["fingerprint"]] = e["monthly"]
            found.named[e["fingerprint"]] = (str(e.get("resource", "")), str(e.get("path", "")))
            if type(e.get("nat_gateways")) is int and 0 < e["nat_gateways"] < 10_000:
                found.counts[e["fingerprint"]] = e["nat_gateways"]
    return found


def load(path: str) -> Baseline:
    """The baseline in `path`: a regular file (a FIFO or `/dev/zero` would never end), of bounded size."""
    try:
        data = confine.read_regular(path, MAX_BYTES)
    except OSError as exc:
        raise BaselineError(f"{path}: cannot read the baseline: {exc.strerror or exc}") from None
    if len(data) > MAX_BYTES:
        raise BaselineError(f"{path}: the baseline is larger than {MAX_BYTES // (1024 * 1024)} MB")
    if data.count(b"{") + data.count(b"[") > MAX_CONTAINERS:  # (brackets in strings only raise the count)
        raise BaselineError(f"{path}: not a lambda6lint baseline (over {MAX_CONTAINERS:,} objects and lists)")
    import json

    try:
        document = json.loads(data.decode("utf-8"))
    except (ValueError, RecursionError) as exc:
        reason = "nested too deeply" if isinstance(exc, RecursionError) else shown_error(exc)
        raise BaselineError(f"{path}: not a lambda6lint baseline (invalid JSON: {reason})") from None
    rows = document.get("findings") if isinstance(document, dict) else None
    if not isinstance(rows, list) or document.get("tool") != "lambda6lint":
        raise BaselineError(f"{path}: not a lambda6lint baseline (write one with --write-baseline)")
    if document.get("version") != VERSION or type(document.get("version")) is not int:  # (True, 1.0 == 1)
        raise BaselineError(
            f"{path}: baseline version {shown(document.get('version'))} is not supported (want {VERSION})"
        )
    for i, row in enumerate(rows):
        fingerprint = row.get("fingerprint") if isinstance(row, dict) else None
        if not isinstance(fingerprint, str) or not fingerprint:
            raise BaselineError(f"{path}: findings[{i}] has no fingerprint")
        monthly = row.get("monthly")
        if monthly is not None and (type(monthly) not in (int, float) or not 0 <= monthly < 1e9):
            raise BaselineError(f"{path}: findings[{i}].monthly must be a number of dollars or null")
    rules = document.get("rules")
    if rules is not None and not (isinstance(rules, list) and all(isinstance(r, str) for r in rules)):
        raise BaselineError(f"{path}: rules must be a list of rule ids")
    return _baseline(path, rows, frozenset(rules) if rules is not None else None)
