"""Parameter values a user hands to the linter, in the files teams already keep for deployments.

CloudFormation uses a value in place of the parameter's Default; list types split on commas. With
a value, a condition over the parameter is decided and an export name built from it is known
(RULES.md: a Default never decides a condition; a value the user gave does).

Accepted files (`--parameters FILE`), told apart by their shape:
- the `aws cloudformation` CLI JSON: `[{"ParameterKey": "A", "ParameterValue": "x"}, …]`;
- `Key=Value` pairs, one per line or separated by spaces (as `sam deploy --parameter-overrides`
  and `aws cloudformation deploy --parameter-overrides` take them), also the CLI shorthand
  `ParameterKey=A,ParameterValue=x`;
- a CodePipeline template configuration file: `{"Parameters": {"A": "x"}, …}`;
- a CloudFormation git-sync deployment file: `template-file-path: …` with `parameters: {A: x}`,
  whose values apply to that template only.
SAM's `samconfig.toml` (or `.yaml`/`.yml`) beside a template gives `parameter_overrides` of the
chosen environment (`--config-env`, default `default`), from its `deploy` (else `global`) section,
to a SAM template and to the plain one `sam deploy` deploys (its `template_file`, else
`template.yaml`), whose `stack_name` is then `AWS::StackName`.
"""

from __future__ import annotations

import os
import re

from lambda6lint.discover import SAMCONFIG_NAMES
from lambda6lint.loaders.common import aws
from lambda6lint.loaders.common.errors import InputError
from lambda6lint.loaders.common.marked import load_text, read_source
from lambda6lint.patterns import on_use
from lambda6lint.records import dataclass, field

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from lambda6lint.loaders.common.recent import Recent
    from lambda6lint.options import Options

#: Parameter types whose value is a list (Ref gives a list); SSM types hold a parameter name instead.
_LIST_TYPE = on_use(r"^(CommaDelimitedList|List<.*>)$")
#: A pattern `re` compiles (and keeps) when a parameter file is read: other runs never pay for it.
_PAIR = r"^(?:ParameterKey=(?P<key>[^,]+),ParameterValue=(?P<value>.*)|(?P<k>[A-Za-z0-9]+)=(?P<v>.*))$"


class ParameterError(InputError):
    """A parameter file that cannot be read; a usage error, not a finding."""


@dataclass
class ParameterSet:
    """Values by parameter name; `template` limits them to one template (a git-sync deployment file)."""

    values: dict[str, str] = field(default_factory=dict)
    template: str | None = None

    def applies_to(self, path: str) -> bool:
        return self.template is None or os.path.normpath(os.path.abspath(path)) == self.template


def is_list_type(declared: Any) -> bool:
    kind = declared.get("Type") if isinstance(declared, dict) else None
    return isinstance(kind, str) and bool(_LIST_TYPE.match(kind.strip()))


def list_items(value: str) -> list[str]:
    """A list parameter's given value as `Ref` gives it: CloudFormation splits it at every comma and trims each
    item's spaces ("one more string than commas"), so `a,,b` is three items and an empty value one empty item
    (cfn-lint reads it so too; cfn-language-discussion#102: Fn::Length of a blank value is 1)."""
    return [part.strip() for part in value.split(",")]


class Listed:
    """The given values of a template's list parameters, each split (`list_items`) once, when first asked for:
    every loop (and every copy of an outer loop) over one split it again (4 MB of commas for 60 loops: 14 s)."""

    def __init__(self, values: dict[str, str]) -> None:
        self.values = values
        self._split: dict[str, list[str]] = {}

    def __call__(self, name: str, most: int | None = None) -> list[str] | None:
        """The items of the value given to `name` (shared: not to be changed); None when none is given, or when it
        has more than `most` items (counted before it is split, and once)."""
        found = self._split.get(name)
        if found is None:
            value = self.values.get(name)
            if value is None or (most is not None and value.count(",") >= most):
                return None
            found = self._split[name] = list_items(value)
        return found if most is None or len(found) <= most else None


def is_ssm_type(declared: Any) -> bool:
    """A parameter whose value CloudFormation reads from Systems Manager when it deploys: what a deploy
    passes (`--parameter`, samconfig, a Default) is the name of that parameter, never the value."""
    kind = declared.get("Type") if isinstance(declared, dict) else None
    return isinstance(kind, str) and kind.strip().startswith("AWS::SSM::Parameter::Value<")


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ",".join(_text(v) for v in value)
    return "" if value is None else str(value)


def pairs(text: str) -> dict[str, str]:
    """`A=x B="y z"` or one pair per line; the CLI's `ParameterKey=A,ParameterValue=x` too."""
    found: dict[str, str] = {}
    try:
        import shlex  # Key=Value files only

        tokens = shlex.split(text, comments=True)
    except ValueError as exc:
        raise ParameterError(f"not Key=Value pairs: {exc}") from None
    for token in tokens:
        match = re.match(_PAIR, token)
        if match is None:
            raise ParameterError(f"not a Key=Value pair: {token[:100]!r}")
        key = match.group("key") or match.group("k")
        found[key] = match.group("value") if match.group("key") else match.group("v")
    return found


def read_file(path: str) -> ParameterSet:
    """A parameter file in any of the accepted shapes; ParameterError when it is none of them."""
    text = read_source(path)
    stripped = text.lstrip()
    if not stripped.startswith(("[", "{")) and "=" in text and ":" not in text.split("=", 1)[0]:
        return ParameterSet(pairs(text))
    try:
        doc = load_text(text)
    except InputError as exc:
        raise ParameterError(f"not a parameter file: {exc.message}", exc.line, exc.column, path=path) from None
    if isinstance(doc, list):
        values = {}
        for entry in doc:
            if not (isinstance(entry, dict) and isinstance(entry.get("ParameterKey"), str)):
                raise ParameterError("a CLI parameter list holds {ParameterKey, ParameterValue} entries", path=path)
            if not entry.get("UsePreviousValue"):
                values[entry["ParameterKey"]] = _text(entry.get("ParameterValue"))
        return ParameterSet(values)
    if isinstance(doc, dict) and isinstance(doc.get("Parameters"), dict):
        return ParameterSet({str(k): _text(v) for k, v in doc["Parameters"].items()})
    if isinstance(doc, dict) and "template-file-path" in doc:
        params = doc.get("parameters") or {}
        if not isinstance(params, dict):
            raise ParameterError("a deployment file's `parameters` is a mapping", path=path)
        template = os.path.join(os.path.dirname(os.path.abspath(path)), str(doc["template-file-path"]))
        return ParameterSet({str(k): _text(v) for k, v in params.items()}, os.path.normpath(template))
    raise ParameterError(
        "not a parameter file (a CLI JSON list, Key=Value pairs, a CodePipeline template configuration "
        "or a git-sync deployment file)",
        path=path,
    )


#: The template `sam deploy` deploys when its samconfig names none (`template_file`).
SAM_DEFAULT_TEMPLATES = ("template.yaml", "template.yml", "template.json")


def samconfig(template_path: str, env: str = "default") -> dict[str, str]:
    """`parameter_overrides` for `env` from the samconfig file beside a template (empty if none)."""
    return _overrides(sam_deploy(template_path, env))


def _overrides(settings: dict[str, Any]) -> dict[str, str]:
    overrides = settings.get("parameter_overrides")
    if isinstance(overrides, list):
        overrides = " ".join(str(o) for o in overrides)
    if not isinstance(overrides, str):
        return {}
    try:
        return pairs(overrides)
    except ParameterError:
        return {}


def sam_deploys(template_path: str, settings: dict[str, Any]) -> bool:
    """Whether `sam deploy` with the samconfig beside it (its `settings`, `sam_deploy`) deploys this very
    template: the one its `template_file` names, else `template.yaml` (or .yml, .json)."""
    if not settings:
        return False
    named = settings.get("template_file")
    if isinstance(named, str) and named.strip():
        here = os.path.abspath(template_path)
        return os.path.normpath(os.path.join(os.path.dirname(here), named.strip())) == os.path.normpath(here)
    return os.path.basename(template_path) in SAM_DEFAULT_TEMPLATES


def _samconfig_applies(template_path: str, doc: Any, settings: dict[str, Any]) -> bool:
    """Whether the samconfig beside a template (its `settings`) is what it deploys with: a SAM template, which only
    `sam deploy` deploys, or the template `sam deploy` deploys there whatever its kind (`sam_deploys`)."""
    return "AWS::Serverless" in str(doc.get("Transform", "")) or sam_deploys(template_path, settings)


def sam_region(template_path: str, doc: Any, settings: dict[str, Any]) -> str | None:
    """The region `sam deploy` deploys this template to, where the samconfig the run reads for it (as
    `values_for` does) writes one."""
    if not settings or not _samconfig_applies(template_path, doc, settings):
        return None
    return aws.region(settings.get("region"))


def sam_stack_name(template_path: str, settings: dict[str, Any]) -> str | None:
    """The stack `sam deploy` deploys this template as (`AWS::StackName`), when its samconfig says."""
    name = settings.get("stack_name")
    if isinstance(name, str) and name.strip() and sam_deploys(template_path, settings):
        return name.strip()
    return None


def samconfig_has(template_path: str, env: str) -> bool:
    """Whether a samconfig file beside the template has environment `env` (`--config-env`)."""
    return _samconfig_section(template_path, env) is not None


#: The samconfig files in each folder (as a template's path names it), found once per run (`forget`): every
#: template asked for its folder's absolute path and a stat of each name (1.5% of 1,000 templates in a folder).
_IN_FOLDER: dict[str, list[str]] = {}
_MAX_FOLDERS = 100_000


def forget() -> None:
    """A new run (engine.lint): its paths may be relative to another folder, its files changed."""
    _IN_FOLDER.clear()


def _samconfigs_in(template_path: str) -> list[str]:
    """The paths of the samconfig files beside a template, in SAM's order of preference."""
    given = os.path.dirname(template_path)
    found = _IN_FOLDER.get(given)
    if found is None:
        folder = os.path.dirname(os.path.abspath(template_path))
        found = [path for path in (os.path.join(folder, name) for name in SAMCONFIG_NAMES) if os.path.isfile(path)]
        if len(_IN_FOLDER) < _MAX_FOLDERS:
            _IN_FOLDER[given] = found
    return found


def _samconfig_section(template_path: str, env: str) -> Any:
    for path in _samconfigs_in(template_path):
        from lambda6lint import confine

        if confine.inside(path, confine.tree_of(template_path)) is None:
            continue  # (a symlink out of the linted tree is never read)
        data = _samconfig_data(path)
        return data.get(env) if isinstance(data, dict) else None
    return None


def sam_deploy(template_path: str, env: str) -> dict[str, Any]:
    """The `deploy` parameters of `env` in the samconfig file beside a template, over its `global` ones
    (empty if none)."""
    section = _samconfig_section(template_path, env)
    merged: dict[str, Any] = {}
    for command in ("global", "deploy"):
        table = section.get(command) if isinstance(section, dict) else None
        params = table.get("parameters") if isinstance(table, dict) else None
        merged.update(params if isinstance(params, dict) else {})
    return merged


#: samconfig files parsed last: one beside many templates is parsed once (5 MB beside 100 took minutes). Made
#: when the first is read: a run with none imports no `recent` (issue #14).
_SAMCONFIGS: Recent | None = None


def _samconfig_data(path: str) -> Any:
    """The samconfig file's document; None when it cannot be read."""
    global _SAMCONFIGS
    if _SAMCONFIGS is None:
        from lambda6lint.loaders.common.recent import Recent

        _SAMCONFIGS = Recent(8 * 1024 * 1024)
    return _SAMCONFIGS.once(path, _read_samconfig)


def _read_samconfig(path: str) -> tuple[str, Any]:
    text = ""
    try:
        text = read_source(path)
        return text, _toml(text) if path.endswith(".toml") else load_text(text)
    except (InputError, ValueError):
        return text, None


def _toml(text: str) -> Any:
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib  # type: ignore[no-redef]
    return tomllib.loads(text)


#: What `Loaded.declares` holds for a template beside a samconfig with the run's `--config-env`.
CONFIG_ENV = "samconfig environment"


def declared(doc: Any, options: Options, path: str = "") -> list[str]:
    """The names of the values given for every template (`--parameter`, settings, parameter files) that
    `doc`, a root stack, declares; and CONFIG_ENV when a samconfig beside it has the run's environment."""
    chosen = options.config_env != "default" and path and samconfig_has(path, options.config_env)
    env = [CONFIG_ENV] if chosen else []
    section = doc.get("Parameters") if isinstance(doc, dict) else None
    if not isinstance(section, dict) or not options.parameters:
        return env
    given = [name for given in options.parameters if given.template is None for name in given.values]
    return env + [name for name in given if name in section]


def values_for(
    path: str, doc: dict, options: Options, child: bool = False, sam: dict[str, Any] | None = None
) -> dict[str, str] | None:
    """The parameter values that apply to a template: samconfig beside a SAM template or the one `sam
    deploy` deploys (`sam`: its settings, when read already), then the user's files and --parameter
    (later wins). A `child` (nested) stack gets its values from its parent: only what the user gave for
    its very file applies (deploy-time values, samconfig's included, go to the root stack; the others
    keep their Defaults)."""
    values: dict[str, str] = {}
    if not child:
        sam = sam_deploy(path, options.config_env) if sam is None else sam
        if _samconfig_applies(path, doc, sam):
            values.update(_overrides(sam))
    for given in options.parameters:
        if given.applies_to(path) and not (child and given.template is None):
            values.update(given.values)
    return values or None
