"""AWS SAM, natively: Globals merged with SAM's own semantics, policy templates read as IAM actions.

aws-sam-translator is not used at run time: it needs a region, may call IAM, and drops line
numbers (research/libs.md §6). Merge rules follow samtranslator's `GlobalProperties._do_merge`:
maps merge key by key, lists concatenate global-first, scalars from the function win, and on a
type mismatch the function's value wins.

Globals are copied into every function, so a large `Globals.Function` times many functions is
quadratic in the template's size: each template may copy at most MAX_GLOBALS properties in all
(real ones copy a few thousand); past that the template is an input error (E9600). A template nested
by many parents is built once for each, from one parse tree: what its Globals merge into is kept with
the tree, so it is merged, and counted, once.
"""

from __future__ import annotations

from lambda6lint.loaders.cloudformation.vocabulary import SAM_GLOBALS
from lambda6lint.loaders.common.errors import InputError
from lambda6lint.loaders.common.marked import LDict, LList

TYPE_CHECKING = False
if TYPE_CHECKING:
    import weakref
    from typing import Any

MAX_GLOBALS = 2_000_000  # Globals.Function properties copied into functions, per template


class _Copies:
    """What one parse tree's Globals were merged into (by resource and section), and how much that copied."""

    __slots__ = ("template", "copied", "merged")

    def __init__(self, template: weakref.ref):
        self.template = template
        self.copied = 0
        self.merged: dict[tuple[int, str], Any] = {}


_copies: dict[int, _Copies] = {}  # by id(template)

#: SAM policy templates that grant data access to S3 or DynamoDB, as a representative IAM action
#: (evidence that the function's code calls the service).
_TEMPLATE_ACTIONS = {
    "S3ReadPolicy": "s3:GetObject",
    "S3WritePolicy": "s3:PutObject",
    "S3CrudPolicy": "s3:PutObject",
    "S3FullAccessPolicy": "s3:PutObject",
    "DynamoDBCrudPolicy": "dynamodb:PutItem",
    "DynamoDBReadPolicy": "dynamodb:GetItem",
    "DynamoDBWritePolicy": "dynamodb:PutItem",
    "DynamoDBBackupFullAccessPolicy": "dynamodb:CreateBackup",
    "DynamoDBRestoreFromBackupPolicy": "dynamodb:RestoreTableFromBackup",
    "DynamoDBReconfigurePolicy": "dynamodb:UpdateTable",
}


def policy_template_action(name: str) -> str | None:
    return _TEMPLATE_ACTIONS.get(name)


#: What a connector's `Permissions` let its source do to a bucket or table, as a representative action.
_CONNECTOR_ACTIONS = {
    ("s3", "Read"): "s3:GetObject",
    ("s3", "Write"): "s3:PutObject",
    ("dynamodb", "Read"): "dynamodb:GetItem",
    ("dynamodb", "Write"): "dynamodb:PutItem",
}


def connector_action(service: str, permission: object) -> str | None:
    return _CONNECTOR_ACTIONS.get((service, permission)) if isinstance(permission, str) else None


def _intrinsic(value: Any) -> bool:
    """SAM merges `{"Ref": …}`/`{"Fn::If": …}` as plain values, not as maps."""
    if not isinstance(value, dict) or len(value) != 1:
        return False
    key = next(iter(value))
    return isinstance(key, str) and (key in ("Ref", "Condition") or key.startswith("Fn::"))


def merge(global_value: Any, local_value: Any) -> Any:
    if _intrinsic(global_value) or _intrinsic(local_value):
        return local_value
    if isinstance(global_value, dict) and isinstance(local_value, dict):
        merged = LDict(getattr(local_value, "line", 0), getattr(local_value, "column", 0))
        for source in (global_value, local_value):
            for key, value in source.items():
                merged[key] = merge(merged[key], value) if key in merged else value
                if isinstance(source, LDict):
                    merged.key_marks[key] = source.mark_of(key)
        return merged
    if isinstance(global_value, list) and isinstance(local_value, list):
        joined = LList(getattr(local_value, "line", 0), getattr(local_value, "column", 0))
        for items in (global_value, local_value):
            for index, value in enumerate(items):
                joined.append(value)
                joined.item_marks.append(items.mark_of(index) if isinstance(items, LList) else (0, 0))
        return joined
    return local_value


def globals_section(template: dict, type_name: str) -> Any:
    """`Globals.<section>` for a resource type: a mapping (empty when absent)."""
    globals_ = template.get("Globals")
    section = globals_.get(SAM_GLOBALS[type_name]) if isinstance(globals_, dict) else None
    return section if isinstance(section, dict) else LDict()


def function_properties(template: dict, resource: dict) -> Any:
    """A Serverless function's properties with `Globals.Function` merged in (minus `IgnoreGlobals`)."""
    return with_globals(template, resource, "Function")


def with_globals(template: dict, resource: dict, section: str | None = None) -> Any:
    """A Serverless resource's properties with its `Globals` section merged in (minus `IgnoreGlobals`)."""
    properties = resource.get("Properties")
    globals_ = template.get("Globals")
    section = section or SAM_GLOBALS.get(str(resource.get("Type")), "Function")
    defaults = globals_.get(section) if isinstance(globals_, dict) else None
    ignored = resource.get("IgnoreGlobals")
    if not isinstance(defaults, dict) or ignored == "*":
        return properties
    copies = _copies_of(template)
    if copies is not None and (id(resource), section) in copies.merged:
        return copies.merged[id(resource), section]
    if copies is not None:
        copies.copied += _size(defaults)
        if copies.copied > MAX_GLOBALS:
            line, column = (defaults.line, defaults.column) if isinstance(defaults, LDict) else (1, 1)
            raise InputError(
                f"Globals.Function is copied into too many functions (over {MAX_GLOBALS:,} properties in all)",
                line,
                column,
            )
    if isinstance(ignored, list):
        kept = LDict(getattr(defaults, "line", 0), getattr(defaults, "column", 0))
        for key, value in defaults.items():
            if key not in ignored:
                kept[key] = value
                kept.key_marks[key] = defaults.mark_of(key) if isinstance(defaults, LDict) else (0, 0)
        defaults = kept
    if not isinstance(properties, dict):
        properties = LDict()
    merged = merge(defaults, properties)
    if isinstance(merged, LDict) and isinstance(properties, LDict):
        merged.line, merged.column = properties.line, properties.column
    if copies is not None:
        copies.merged[id(resource), section] = merged  # (the resource is the tree's: its id lives as long)
    return merged


def _copies_of(template: dict) -> _Copies | None:
    """The record of `template`'s merges (None for a plain dict, which tests build: not budgeted)."""
    copies = _copies.get(id(template))
    if copies is None:
        import weakref  # (a template with Globals only: 0.5 ms of start-up)

        try:  # (forgotten with the tree: what the merges hold is the tree's)
            ref = weakref.ref(template, _forget(id(template)))
        except TypeError:
            return None
        copies = _copies[id(template)] = _Copies(ref)
    return copies


def _forget(key: int) -> Any:
    return lambda _: _copies.pop(key, None)


def _size(node: Any) -> int:
    """Nodes in a parsed subtree (iteratively; aliases counted each time)."""
    count, stack = 0, [node]
    while stack:
        item = stack.pop()
        count += 1
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return count
