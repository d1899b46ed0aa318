"""AWS SAM, natively: Globals merged with SAM's own semantics, policy templates read as IAM actions.

aws-sam-translator is not used at run time: it needs a region, may call IAM, and drops line
numbers (research/libs.md §6). Merge rules follow samtranslator's `GlobalProperties._do_merge`:
maps merge key by key, lists concatenate global-first, scalars from the function win, and on a
type mismatch the function's value wins.

Globals are copied into every function, so a large `Globals.Function` times many functions is
quadratic in the template's size: each template may copy at most MAX_GLOBALS properties in all
(real ones copy a few thousand); past that the template is an input error (E9600).
"""

from __future__ import annotations

import weakref

from lambda6lint.loaders.common.errors import InputError
from lambda6lint.loaders.common.marked import LDict, LList

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

MAX_GLOBALS = 2_000_000  # Globals.Function properties copied into functions, per template
_copied: dict[int, tuple[weakref.ref, int, int]] = {}  # id(template) → (template, its Globals size, copied)

SERVERLESS_FUNCTION = "AWS::Serverless::Function"
#: How a SAM function gets a published version and an alias (what fixes suggest instead of Lambda resources).
PUBLISH = "AutoPublishAlias: live, with a DeploymentPreference"

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


CONNECTOR = "AWS::Serverless::Connector"
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


#: The Globals section of each resource type it applies to.
GLOBALS = {
    SERVERLESS_FUNCTION: "Function",
    "AWS::Serverless::Api": "Api",
    "AWS::Serverless::HttpApi": "HttpApi",
    "AWS::Serverless::WebSocketApi": "WebSocketApi",
}


def globals_section(template: dict, type_name: str) -> Any:
    """`Globals.<section>` for a resource type: a mapping (empty when absent)."""
    globals_ = template.get("Globals")
    section = globals_.get(GLOBALS[type_name]) if isinstance(globals_, dict) else None
    return section if isinstance(section, dict) else LDict()


def function_properties(template: dict, resource: dict) -> Any:
    """A Serverless function's properties with `Globals.Function` merged in (minus `IgnoreGlobals`)."""
    return with_globals(template, resource, "Function")


def with_globals(template: dict, resource: dict, section: str | None = None) -> Any:
    """A Serverless resource's properties with its `Globals` section merged in (minus `IgnoreGlobals`)."""
    properties = resource.get("Properties")
    globals_ = template.get("Globals")
    section = section or GLOBALS.get(str(resource.get("Type")), "Function")
    defaults = globals_.get(section) if isinstance(globals_, dict) else None
    ignored = resource.get("IgnoreGlobals")
    if not isinstance(defaults, dict) or ignored == "*":
        return properties
    _charge(template, defaults)
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
    return merged


def _charge(template: dict, defaults: dict) -> None:
    """Count one more copy of `defaults` for `template`; InputError past MAX_GLOBALS."""
    try:
        ref = weakref.ref(template)
    except TypeError:  # a plain dict (tests): not read from a file, not budgeted
        return
    entry = _copied.get(id(template))
    if entry is None or entry[0]() is not template:
        if len(_copied) > 10_000:  # forget templates gone
            for key in [k for k, (r, _, _) in _copied.items() if r() is None]:
                del _copied[key]
        entry = (ref, _size(defaults), 0)
    copied = entry[2] + entry[1]
    _copied[id(template)] = (entry[0], entry[1], copied)
    if copied > MAX_GLOBALS:
        line, column = (defaults.line, defaults.column) if isinstance(defaults, LDict) else (1, 1)
        raise InputError(
            f"Globals.Function is copied into too many functions (over {MAX_GLOBALS:,} properties in all)",
            line,
            column,
        )


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
