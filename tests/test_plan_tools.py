"""The plan's pictures checked by the real tools that show them: every Mermaid diagram parsed by Mermaid
itself (installed from the npm registry into a temporary folder), and the HTML page opened in headless
Chromium (Debian's package), with a screenshot left in the test output folder for a person to look at."""

from __future__ import annotations

import json
import os
import shutil
import struct
import subprocess
import zlib

import pytest
from test_network import nat_stack
from test_plan_reports import HOSTILE, SNAPSHOT, SNAPSHOT_PATHS, mermaid_blocks, rendered

from lambda6lint import diagram, engine, plan
from lambda6lint.pricing import Prices
from lambda6lint.report import render_plan

pytestmark = pytest.mark.slow  # runs real tools in subprocesses: `pytest -m 'not slow'` skips it

MERMAID = "mermaid@11"
#: Mermaid's parser in Node: DOMPurify needs a browser window that Node has not, and sanitising is not
#: parsing, so its two entry points are stubbed before mermaid is imported (the same module instance).
PARSE = """
import DOMPurify from 'dompurify';
DOMPurify.addHook = () => {};
DOMPurify.sanitize = (text) => text;
const { default: mermaid } = await import('mermaid');
const diagrams = JSON.parse(await (await import('node:fs/promises')).readFile(process.argv[2], 'utf8'));
const results = [];
for (const text of diagrams) {
  try { results.push({ ok: true, type: (await mermaid.parse(text)).diagramType }); }
  catch (error) { results.push({ ok: false, error: String(error.message || error).slice(0, 300) }); }
}
console.log(JSON.stringify(results));
"""


def _hostile_markdown() -> str:
    graph = nat_stack(flag=False)
    for i, res in enumerate(graph.net.resources):
        res.path = f"{HOSTILE}{i}"
    result = engine.Result(network=graph.net)
    result.plan = diagram.draw(graph.net, plan.build(graph.net, Prices()))
    return render_plan(result, "markdown")


def test_mermaid_parses_every_diagram(tmp_path):
    npm, node = shutil.which("npm"), shutil.which("node")
    if not npm or not node:
        pytest.skip("npm and node are needed to install and run Mermaid's parser (apt-get install npm)")
    env = {
        **os.environ,
        "npm_config_cache": str(tmp_path / "npm-cache"),  # nothing cached outside this test's folder
        "npm_config_update_notifier": "false",
        "npm_config_fund": "false",
        "npm_config_audit": "false",
    }
    install = subprocess.run(
        [npm, "install", "--ignore-scripts", "--no-save", "--prefix", str(tmp_path), MERMAID],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    if install.returncode != 0:
        pytest.skip(f"could not install {MERMAID} from the npm registry (offline?): {install.stderr[-400:]}")
    diagrams = mermaid_blocks(SNAPSHOT.read_text(encoding="utf-8"))
    diagrams += mermaid_blocks(_hostile_markdown())
    diagrams += mermaid_blocks(rendered(["fixtures/cdk", "fixtures/I9651"], "markdown"))
    broken = 'flowchart LR\n  n1["a"b"] --> n2\n'  # guards the test: the parser does reject bad input
    (tmp_path / "diagrams.json").write_text(json.dumps([*diagrams, broken]))
    (tmp_path / "parse.mjs").write_text(PARSE)
    run = subprocess.run(
        [node, str(tmp_path / "parse.mjs"), str(tmp_path / "diagrams.json")],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    results = json.loads(run.stdout.strip().splitlines()[-1])
    assert len(results) == len(diagrams) + 1 and len(diagrams) >= 10
    for text, found in zip(diagrams, results[:-1], strict=True):
        assert found == {"ok": True, "type": "flowchart-v2"}, (found, text)
    assert results[-1]["ok"] is False and "Parse error" in results[-1]["error"]


# ----- the HTML page in a browser ---------------------------------------------------------------


def _pixels(png: bytes) -> tuple[int, int, list[bytes]]:
    """Width, height and the RGB(A) rows of a non-interlaced 8-bit PNG (what Chromium writes)."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    at, idat, header = 8, b"", None
    while at < len(png):
        (length,) = struct.unpack(">I", png[at : at + 4])
        kind, data = png[at + 4 : at + 8], png[at + 8 : at + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", data)
        elif kind == b"IDAT":
            idat += data
        at += 12 + length
    assert header is not None
    width, height, depth, color, _, _, interlace = header
    assert depth == 8 and color in (2, 6) and interlace == 0, header
    size = 3 if color == 2 else 4
    raw, stride, rows, previous = zlib.decompress(idat), width * size, [], bytearray(width * size)
    for y in range(height):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)])
        for x in range(stride):
            left = line[x - size] if x >= size else 0
            up, corner = previous[x], previous[x - size] if x >= size else 0
            if kind == 1:
                line[x] = (line[x] + left) & 255
            elif kind == 2:
                line[x] = (line[x] + up) & 255
            elif kind == 3:
                line[x] = (line[x] + (left + up) // 2) & 255
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                line[x] = (line[x] + (left if pa <= pb and pa <= pc else up if pb <= pc else corner)) & 255
        rows.append(bytes(line))
        previous = line
    return width, size, rows


def _count(rows: list[bytes], size: int, rgb: tuple[int, int, int], slack: int = 12) -> int:
    found = 0
    for row in rows:
        for x in range(0, len(row), size):
            if all(abs(row[x + i] - rgb[i]) <= slack for i in range(3)):
                found += 1
    return found


def test_the_html_page_in_headless_chromium(tmp_path_factory):
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if not browser:
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    out = tmp_path_factory.getbasetemp() / "plan-screenshots"
    out.mkdir(exist_ok=True)
    page = out / "plan.html"
    page.write_text(rendered(SNAPSHOT_PATHS, "html"), encoding="utf-8")
    shot = out / "plan.png"
    proc = subprocess.run(
        [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            "--no-first-run",
            f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}",
            "--window-size=1280,5200",
            f"--screenshot={shot}",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert shot.is_file(), proc.stderr[-2000:]
    print(f"screenshot of the plan: {shot}")
    width, size, rows = _pixels(shot.read_bytes())
    assert width == 1280
    # drawn, not blank: the missing ::/0 route and endpoint (dashed red, #c62828), the route tables' fill
    # (#ede7f6) and the headline's green box (#e8f5e9)
    assert _count(rows, size, (0xC6, 0x28, 0x28)) > 200
    assert _count(rows, size, (0xED, 0xE7, 0xF6), slack=2) > 2000
    assert _count(rows, size, (0xE8, 0xF5, 0xE9), slack=2) > 5000


def test_the_screenshot_reader_reads_what_it_is_given():
    """Guards the PNG reader the browser test relies on: a 2×1 image whose row uses the Sub filter."""
    row = bytes([1, 200, 40, 40, 1, 175, 175])  # Sub: the second pixel is a difference from the first
    raw = zlib.compress(row)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 2, 1, 8, 2, 0, 0, 0))
    png += chunk(b"IDAT", raw) + chunk(b"IEND", b"")
    width, size, rows = _pixels(png)
    assert (width, size) == (2, 3) and rows[0] == bytes([200, 40, 40, 201, 215, 215])
    assert _count(rows, size, (200, 40, 40), slack=0) == 1
