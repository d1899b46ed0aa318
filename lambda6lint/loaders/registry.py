"""The loader of each source kind (discover.py); a kind without one is not linted.

A format's heavy modules are imported only when a source of that format is met: a CloudFormation
run never pays for python-hcl2 (loaders/terraform/__init__.py imports lazily).
"""

from __future__ import annotations

from lambda6lint import discover
from lambda6lint.loaders import Loader, cloudformation, terraform

LOADERS: dict[str, Loader] = {
    discover.TEMPLATE: cloudformation.load_template,
    discover.CDK_ASSEMBLY: cloudformation.load_assembly,
    discover.TERRAFORM_MODULE: terraform.load_module,
    discover.TERRAFORM_PLAN: terraform.load_plan,
}
