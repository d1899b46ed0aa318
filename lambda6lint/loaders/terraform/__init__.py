"""Entry points of the Terraform loaders for the engine's registry, importing them only when used.

A CloudFormation run must not pay for the Terraform evaluator (nor python-hcl2): the engine
registers these two functions, which import the real loaders on the first Terraform source.
"""

from __future__ import annotations

from lambda6lint.loaders import Loaded

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


def load_module(source: Any, options: Any) -> Loaded:
    from lambda6lint.loaders.terraform import modules
    from lambda6lint.loaders.terraform.cycles import free_cycles

    try:
        return modules.load_module(source, options)
    finally:
        free_cycles(1)  # its evaluation: modules point at their parent and loader, the evaluator at them


def load_plan(source: Any, options: Any) -> Loaded:
    from lambda6lint.loaders.terraform import plan

    return plan.load_plan(source, options)
