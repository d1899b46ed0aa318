"""Real templates nobody here wrote (../shared/corpus): no traceback, valid SARIF, locations inside files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from urllib.parse import unquote

import pytest
from conftest import SHARED

CORPUS = SHARED / "corpus"
pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not beside the repository")


def repositories():
    return sorted(p for p in CORPUS.iterdir() if p.is_dir()) if CORPUS.is_dir() else []


@pytest.mark.parametrize("repo", repositories(), ids=lambda p: p.name)
def test_corpus_repository(repo, sarif_validator):
    proc = subprocess.run(
        [sys.executable, "-m", "lambda6lint", ".", "--format", "sarif"],
        cwd=repo,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert "Traceback" not in proc.stderr, proc.stderr
    assert proc.returncode in (0, 1, 2), proc.stderr
    log = json.loads(proc.stdout)
    errors = list(sarif_validator.iter_errors(log))
    assert not errors, errors[0].message
    line_counts: dict[str, int] = {}
    for result in log["runs"][0]["results"]:
        locations = [result["locations"][0], *result.get("relatedLocations", [])]
        for location in locations:
            physical = location["physicalLocation"]
            uri = physical["artifactLocation"]["uri"]
            assert not uri.startswith("/") and physical["artifactLocation"].get("uriBaseId") == "SRCROOT"
            path = os.path.join(repo, unquote(uri))
            if path not in line_counts:
                with open(path, "rb") as handle:
                    line_counts[path] = handle.read().count(b"\n") + 1
            assert 1 <= physical["region"]["startLine"] <= line_counts[path], (uri, result["ruleId"])
