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


def shared_nat_module(tmp_path: pathlib.Path) -> str:
    """A work tree whose modules/net makes NAT gateways per zone (W9650's fixture) for roots to call: the
    call a root writes (`module "net"`), from a folder beside `modules`."""
    import re

    module = (FIXTURES / "W9650" / "bad-nat-gateway-per-zone-count" / "main.tf").read_text()
    module = re.sub(r'(?ms)^terraform \{.*?^\}\n|^provider "aws" \{.*?^\}\n', "", module)
    (tmp_path / "modules" / "net").mkdir(parents=True)
    (tmp_path / "modules" / "net" / "main.tf").write_text(module)
    (tmp_path / ".git").mkdir()
    return 'module "net" {\n  source = "../modules/net"\n}\n'


@pytest.fixture(scope="session")
def sarif_validator():
    """The official SARIF 2.1.0 schema (oasis-tcs/sarif-spec, sarif-2.1/schema), kept in the repository."""
    import json

    import jsonschema

    schema = json.loads((SCHEMAS / "sarif-schema-2.1.0.json").read_text())
    jsonschema.Draft4Validator.check_schema(schema)
    return jsonschema.Draft4Validator(schema)
