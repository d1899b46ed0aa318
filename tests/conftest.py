import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
FIXTURES = ROOT / "fixtures"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    """The command line in-process: (exit status, stdout, stderr)."""
    from lambda6lint.cli import main

    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="session")
def sarif_validator():
    import json

    import jsonschema

    schema_path = SHARED / "schemas" / "sarif-schema-2.1.0.json"
    if not schema_path.exists():
        pytest.skip("../shared/schemas is not beside the repository")
    schema = json.loads(schema_path.read_text())
    return jsonschema.Draft4Validator(schema)
