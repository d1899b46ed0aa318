"""The loader of each source kind (discover.py); a kind without one is not linted.

A format's heavy modules are imported only when a source of that format is met: a CloudFormation
run never pays for python-hcl2, nor for the Terraform package (`terraform_module`, `terraform_plan`).
"""

from __future__ import annotations

import io
import os

from lambda6lint import confine, discover
from lambda6lint.loaders import Loaded, Loader, cloudformation
from lambda6lint.loaders.common.errors import InputError, NotAPlan
from lambda6lint.loaders.common.marked import continued, started_again

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import BinaryIO

    from lambda6lint.discover import Source
    from lambda6lint.loaders.common.marked import Started
    from lambda6lint.options import Options


def unlistable(source: Source, options: Options) -> Loaded:
    """A folder the walk could not list: whatever it holds is not linted, which the run must say."""
    try:
        with os.scandir(source.path):
            return Loaded()  # (listable now)
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
    raise InputError(f"it is a folder that cannot be listed ({reason}): nothing in it is linted")


def unreadable(source: Source, options: Options) -> Loaded:
    """A `.tf` file named that is no regular file (or a symlink to nothing): its module was linted without it,
    which the run must say."""
    try:
        confine.read_regular(source.path, 0)
    except OSError as exc:
        why = confine.why_unreadable(source.path, exc)
        raise InputError(f"cannot read file: {why}: its module is linted without it") from None
    return Loaded()  # (a regular file now)


def terraform_module(source: Source, options: Options) -> Loaded:
    """A Terraform module, read by the evaluator (imported with python-hcl2 on the first one)."""
    from lambda6lint.loaders.terraform import modules
    from lambda6lint.loaders.terraform.cycles import free_cycles

    try:
        return modules.load_module(source, options)
    finally:
        free_cycles(1)  # its evaluation: modules point at their parent and loader, the evaluator at them


def terraform_plan(source: Source, options: Options, started: Started | None = None) -> Loaded:
    """A `terraform show -json` plan (its loader imported on the first one)."""
    from lambda6lint.loaders.terraform import plan

    return plan.load_plan(source, options, started)


def plan(source: Source, options: Options, started: Started | None = None) -> Loaded:
    """A file sniffed as a Terraform plan; a template when its whole text shows it is one (its first bytes held
    a plan's words, `format_version`, `terraform_version`), which the template loader reads as it reads any
    other, within a template's limits: from the text in hand when the file's first bytes are (`started`)."""
    try:
        return terraform_plan(source, options, started)
    except NotAPlan as exc:
        again = None if started is None else started_again(exc.text, started[1])
    # (out of the handler: the plan's parse tree, held by its traceback, is freed before the template's is made)
    loaded = cloudformation.load_template(source, options, again)
    loaded.kind = discover.TEMPLATE
    return loaded


def _handed(source: Source) -> BinaryIO | None:
    """The file's bytes as discovery read them whole (`Source.files_read`: a `manifest.json` found no assembly's,
    pre-commit's caller scan of a staged file), to be read as the file is, or the file read on from the first bytes
    discovery read (`Source.head`: a staged plan); None: the loader opens it. OSError as `confine.open_regular`."""
    if source.files_read and (read := dict(source.files_read).get(os.path.abspath(source.path))) is not None:
        return io.BytesIO(read)
    if source.head is not None:
        return continued(source.path, *source.head)
    return None


def template(source: Source, options: Options) -> Loaded:
    """A CloudFormation/SAM file, from what discovery read of it if it did (`_handed`)."""
    try:
        handle = _handed(source)
    except OSError as exc:  # (as the template loader says it)
        raise InputError(f"cannot read file: {confine.why_unreadable(source.path, exc)}") from None
    return cloudformation.load_template(source, options, None if handle is None else (handle, b""))


def json_file(source: Source, options: Options) -> Loaded:
    """A `.json` file: opened once, told a Terraform plan or a template by its first bytes (`discover.head_kind`,
    the tests a walk's sniff made in a second open of each file, serially before `--jobs`' workers), and read
    on by that kind's loader within its limits; `kind` says which it was (the run counts it so). An internal
    error carries what it was read as (`read_as`), which `workers.load`'s E9600 names. A `json-template`'s plan is
    passed over unsaid, not read on (`discover.JSON_TEMPLATE`). What discovery read of it whole is read (`_handed`)."""
    try:
        handle = _handed(source) or confine.open_regular(source.path)
    except OSError as exc:  # (as the template loader says it: an unreadable file is never skipped silently)
        raise InputError(f"cannot read file: {confine.why_unreadable(source.path, exc)}") from None
    with handle:  # (the loader's read closes it as soon as it has read: this, when it reads nothing)
        try:
            head = handle.read(discover.PLAN_SNIFF)
        except OSError as exc:
            raise InputError(f"cannot read file: {confine.why_unreadable(source.path, exc)}") from None
        kind = discover.head_kind(head)
        if kind == discover.TERRAFORM_PLAN and source.kind == discover.JSON_TEMPLATE:
            return Loaded(kind=kind)
        try:
            if kind == discover.TERRAFORM_PLAN:
                loaded = plan(source, options, (handle, head))
            else:
                loaded = cloudformation.load_template(source, options, (handle, head))
        except Exception as exc:
            exc.read_as = kind  # type: ignore[attr-defined]
            raise
    loaded.kind = loaded.kind or kind
    return loaded


#: How an E9600 for an internal error names the source it happened in (workers.load): its kind, or what a
#: `json-file` was read as (the `read_as` of the exception).
KIND_NAMES = {
    discover.TEMPLATE: "this template",
    discover.CDK_ASSEMBLY: "this CDK cloud assembly",
    discover.TERRAFORM_MODULE: "this Terraform module",
    discover.TERRAFORM_PLAN: "this Terraform plan",
}
LOADERS: dict[str, Loader] = {
    discover.TEMPLATE: template,
    discover.CDK_ASSEMBLY: cloudformation.load_assembly,
    discover.TERRAFORM_MODULE: terraform_module,
    discover.TERRAFORM_PLAN: plan,
    discover.JSON_FILE: json_file,
    discover.JSON_TEMPLATE: json_file,
    discover.UNLISTABLE: unlistable,
    discover.UNREADABLE: unreadable,
}
