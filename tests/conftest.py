import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
FIXTURES = ROOT / "fixtures"


SCHEMAS = ROOT / "tests" / "schemas"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    """The command line in-process: (exit status, stdout, stderr)."""
    from lambda6lint.cli import main

    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="session")
def sarif_validator():
    """The official SARIF 2.1.0 schema (oasis-tcs/sarif-spec, sarif-2.1/schema), kept in the repository."""
    import json

    import jsonschema

    schema = json.loads((SCHEMAS / "sarif-schema-2.1.0.json").read_text())
    jsonschema.Draft4Validator.check_schema(schema)
    return jsonschema.Draft4Validator(schema)
