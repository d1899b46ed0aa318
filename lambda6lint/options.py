"""What a run is asked to do, independent of where it was asked (command line, settings file, cfn-lint)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from lambda6lint.pricing import DEFAULT_PRICES, Prices
from lambda6lint.records import dataclass, field

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from lambda6lint.baseline import Baseline
    from lambda6lint.loaders.cloudformation.parameters import ParameterSet


@dataclass
class Options:
    select: Sequence[str] = ()
    ignore: Sequence[str] = ()
    only_templates: bool = False  # treat named files like files found in a folder walk
    allow_empty: bool = False  # finding nothing to lint is no error: a build tool's file met is said all the same
    prices: Prices = DEFAULT_PRICES
    gb_per_month: float | None = None  # GB each NAT gateway processes a month, for the plan's estimates
    plan: bool = False  # build the migration plan even without a NAT gateway (`lambda6lint plan`, plan reports)
    tf_var_files: Sequence[str] = ()  # Terraform: extra .tfvars files (after terraform.tfvars, *.auto.tfvars)
    tf_vars: dict[str, str] = field(default_factory=dict)  # Terraform: --var name=value, highest precedence
    tf_dir: str | None = None  # Terraform plan: the folder of the .tf files it was made from
    severity: Mapping[str, str] = field(default_factory=dict)  # rule id/name/prefix → error|warning|note
    exclude: Sequence[str] = ()  # globs of files and folders not linted (config.path_matches)
    per_path_ignores: Mapping[str, Sequence[str]] = field(default_factory=dict)  # glob → rules ignored there
    root: str = ""  # the folder `exclude` and `per_path_ignores` globs are relative to (default: cwd)
    exclude_root: str = ""  # `exclude`'s, when it differs (--exclude's: cwd, whatever the settings file's)
    baseline: Baseline | None = None  # findings recorded there are not reported
    #: CloudFormation parameter values (--parameters files, then --parameter), later sets win.
    parameters: Sequence[ParameterSet] = ()
    parameter_files: Sequence[str] = ()  # the files `parameters` were read from (pre-commit: a staged one)
    config_env: str = "default"  # the samconfig environment whose parameter_overrides apply
    #: Only which functions, NAT gateways and APIs could not be fully checked is reported (the text report without
    #: --explain, no other report): explain.py stops at each one's first unknown instead of listing them all.
    subjects_only: bool = False
    jobs: int = 1  # processes that load and check standalone sources (workers.py); the CLI's default: every core
    #: What this process's loaders have used of the limits that hold for a whole run (nested.py).
    spent: dict[str, Any] = field(default_factory=dict)
