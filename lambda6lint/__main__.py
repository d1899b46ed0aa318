"""`python -m lambda6lint`: `-m` puts the current folder, often the one being linted, first on
sys.path, so a pull request's `yaml.py` there would be imported in place of PyYAML and run. It
comes off before anything else is imported (as `python -P` would do)."""

import os
import sys

if sys.path and not getattr(sys.flags, "safe_path", False) and os.path.abspath(sys.path[0] or ".") == os.getcwd():
    del sys.path[0]

from lambda6lint.cli import run  # noqa: E402 - after the path is safe

run()
