"""Settings: `[tool.lambda6lint]` in pyproject.toml or `.lambda6lint.toml`, plus the command line.

Discovery starts in the current folder and walks up; in each folder `.lambda6lint.toml` is tried
before `pyproject.toml`, and the first file that holds lambda6lint settings wins (a pyproject.toml
without `[tool.lambda6lint]` is passed over). Only that one file is read: settings are not merged
across folders. Command-line flags replace the file's value of the same key.

Globs (`exclude`, `per-path-ignores`) and Terraform var files in a file are relative to that file's
folder; on the command line, to the current folder. A settings file may come from the pull request
being linted, so its var files must lie inside its own tree (confine.py), and its globs are matched
by an automaton that cannot backtrack (`_Glob`).

Keys (kebab-case, as ruff's):

    select, ignore          rule ids, names or prefixes
    severity                {rule = "error" | "warning" | "note"}
    fail-on                 "error" | "warning" | "note" | "never"
    exclude                 globs of files and folders not linted
    per-path-ignores        {glob = [rules]}
    [terraform] var-files, vars
    [cloudformation] parameters, parameter-files, config-env
    [prices] nat-hourly, nat-per-gb, ipv4-hourly   (USD)
             gb-per-month                          (GB each NAT gateway processes: the plan's estimate)

Every error is a `ConfigError` naming the file and the key; the CLI turns it into exit status 2.
"""

from __future__ import annotations

import os
import posixpath
import re
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import lru_cache

from lambda6lint import confine
from lambda6lint.loaders.common.errors import InputError, clipped
from lambda6lint.patterns import on_use
from lambda6lint.pricing import DEFAULT_PRICES, Prices
from lambda6lint.records import dataclass, field, replace

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from lambda6lint.loaders.cloudformation.parameters import ParameterSet
    from lambda6lint.options import Options

DEDICATED = ".lambda6lint.toml"
PYPROJECT = "pyproject.toml"
LEVELS = ("error", "warning", "note")
FAIL_ON = (*LEVELS, "never")
DEFAULT = "default"

#: TOML key → Prices field, in the order --show-config prints them.
PRICE_KEYS = {"nat-hourly": "nat_hourly", "nat-per-gb": "nat_per_gb", "ipv4-hourly": "ipv4_hourly"}
#: Not a price but the traffic the prices apply to: GB each NAT gateway processes a month.
GB_KEY = "gb-per-month"
TOP_KEYS = (
    "select",
    "ignore",
    "severity",
    "fail-on",
    "exclude",
    "per-path-ignores",
    "terraform",
    "cloudformation",
    "prices",
)
TERRAFORM_KEYS = ("var-files", "vars")
CLOUDFORMATION_KEYS = ("parameters", "parameter-files", "config-env")
MAX_SETTINGS_BYTES = 4 * 1024 * 1024


class ConfigError(Exception):
    """A settings problem: which file, which key, what is wrong."""

    def __init__(self, path: str, key: str | None, message: str) -> None:
        self.path, self.key, self.message = path, key, message
        where = f"{path}: {key}" if key else path
        super().__init__(f"{where}: {message}")


@dataclass
class Settings:
    """The effective settings and, for each key, where its value came from."""

    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    severity: dict[str, str] = field(default_factory=dict)
    fail_on: str = "warning"
    exclude: list[str] = field(default_factory=list)
    per_path_ignores: dict[str, list[str]] = field(default_factory=dict)
    var_files: list[str] = field(default_factory=list)
    tf_vars: dict[str, str] = field(default_factory=dict)
    parameters: dict[str, str] = field(default_factory=dict)  # CloudFormation parameter values
    parameter_files: list[str] = field(default_factory=list)  # files of them (cloudformation/parameters.py)
    config_env: str = "default"  # the samconfig environment
    prices: Prices = DEFAULT_PRICES
    gb_per_month: float | None = None  # GB each NAT gateway processes a month (the plan's data estimate)
    path: str | None = None  # the settings file, if one was found
    table: str = ""  # "[tool.lambda6lint]" for a pyproject.toml
    root: str = ""  # the folder globs are relative to
    origin: dict[str, str] = field(default_factory=dict)  # key → "default" | file path | "--flag"

    def source(self, key: str) -> str:
        return self.origin.get(key, DEFAULT)

    def parameter_sets(self) -> list[ParameterSet]:
        """The parameter files in order, then the single values (which win); ConfigError for a bad file."""
        from lambda6lint.loaders.cloudformation.parameters import ParameterError, ParameterSet, read_file

        sets = []
        for path in self.parameter_files:
            try:
                sets.append(read_file(path))
            except (ParameterError, InputError) as exc:
                where = f" (line {exc.line})" if exc.line > 1 else ""
                raise ConfigError(path, None, f"{exc.message}{where}") from None
        if self.parameters:
            sets.append(ParameterSet(dict(self.parameters)))
        return sets

    def options(self, **extra: Any) -> Options:
        """The engine options these settings stand for, plus what only a caller knows (`extra`).

        Reads the parameter files: ConfigError when one cannot be read.
        """
        from lambda6lint.options import Options

        return Options(
            parameters=self.parameter_sets(),
            parameter_files=self.parameter_files,
            config_env=self.config_env,
            select=self.select,
            ignore=self.ignore,
            prices=self.prices,
            gb_per_month=self.gb_per_month,
            tf_var_files=self.var_files,
            tf_vars=self.tf_vars,
            severity=self.severity,
            exclude=self.exclude,
            per_path_ignores=self.per_path_ignores,
            root=self.root,
            exclude_root=os.getcwd() if self.source("exclude") == "--exclude" else self.root,
            **extra,
        )


# ---------------------------------------------------------------- discovery and reading


def load_toml(path: str) -> dict[str, Any]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib
    try:
        data = confine.read_regular(path, MAX_SETTINGS_BYTES)
    except OSError as exc:
        raise ConfigError(path, None, f"cannot read: {exc.strerror or exc}") from None
    if len(data) > MAX_SETTINGS_BYTES:
        raise ConfigError(path, None, f"larger than {MAX_SETTINGS_BYTES // (1024 * 1024)} MB")
    try:
        return tomllib.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise ConfigError(path, None, "not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(path, None, f"not valid TOML: {exc}") from None
    except RecursionError:
        raise ConfigError(path, None, "not valid TOML: nested too deeply") from None


def find(start: str = "") -> tuple[str, dict[str, Any], str] | None:
    """(path, lambda6lint table, table name) of the settings file for `start` (default: cwd), or None."""
    folder = os.path.abspath(start or os.getcwd())
    while True:
        dedicated = os.path.join(folder, DEDICATED)
        if os.path.isfile(dedicated) and _own(dedicated):
            return dedicated, load_toml(dedicated), ""
        pyproject = os.path.join(folder, PYPROJECT)
        if os.path.isfile(pyproject) and _own(pyproject):
            tool = load_toml(pyproject).get("tool")
            if isinstance(tool, dict) and "lambda6lint" in tool:
                table = tool["lambda6lint"]
                if not isinstance(table, dict):
                    raise ConfigError(pyproject, "tool.lambda6lint", "must be a table")
                return pyproject, table, "[tool.lambda6lint]"
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent


def _own(path: str) -> bool:
    """A settings file found by walking up is the repository's: one that links out of its tree is
    refused, or a pull request could have a file outside quoted in an error."""
    if os.path.islink(path) and not confine.within(path, confine.tree_of(os.path.dirname(path))):
        raise ConfigError(path, None, "a symbolic link to a file outside its tree: not read")
    return True


def load(config: str | None = None, start: str = "", isolated: bool = False) -> Settings:
    """Settings from `config` (a file named with --config), else the discovered file, else defaults."""
    if isolated:
        return Settings(root=os.path.abspath(start or os.getcwd()), table="--isolated")
    if config is not None:
        path = os.path.abspath(config)
        if not os.path.exists(path):
            raise ConfigError(config, None, "no such file")
        data = load_toml(path)
        table = ""
        if os.path.basename(path) == PYPROJECT:
            tool = data.get("tool")
            data = tool.get("lambda6lint", {}) if isinstance(tool, dict) else {}
            if not isinstance(data, dict):
                raise ConfigError(path, "tool.lambda6lint", "must be a table")
            table = "[tool.lambda6lint]"
        found: tuple[str, dict[str, Any], str] | None = (path, data, table)
    else:
        found = find(start)
    if found is None:
        return Settings(root=os.path.abspath(start or os.getcwd()))
    path, data, table = found
    return parse(data, path, table)


# ---------------------------------------------------------------- validation


def _key(table: str, key: str) -> str:
    prefix = table.strip("[]")
    return f"{prefix}.{key}" if prefix else key


def _unknown(path: str, table: str, key: str, known: Sequence[str]) -> ConfigError:
    import difflib  # only a mistyped key needs it

    hint = difflib.get_close_matches(key, known, n=1) or difflib.get_close_matches(key.replace("_", "-"), known, n=1)
    suggestion = f" (did you mean {hint[0]!r}?)" if hint else ""
    return ConfigError(path, _key(table, clipped(key)), f"unknown key{suggestion}; known keys: {', '.join(known)}")


def _strings(value: Any, path: str, key: str) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ConfigError(path, key, f"expected a list of non-empty strings, got {_show(value)}")
    return [v.strip() for v in value]


def _level(value: Any, path: str, key: str, choices: Sequence[str] = LEVELS) -> str:
    if not isinstance(value, str) or value not in choices:
        raise ConfigError(path, key, f"expected one of {', '.join(map(repr, choices))}, got {_show(value)}")
    return value


def _table(value: Any, path: str, key: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ConfigError(path, key, f"expected a table, got {_show(value)}")
    return value


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def check_rules(patterns: Iterable[str], path: str, key: str) -> None:
    """Every pattern names at least one rule of the catalog."""
    from lambda6lint.registry import registry

    known = registry()
    for pattern in patterns:
        if not any(rule.matches([pattern]) for rule in known):
            raise ConfigError(path, key, f"no rule matches {_show(pattern)} (see `lambda6lint rules`)")


def parse(data: Mapping[str, Any], path: str, table: str = "") -> Settings:
    """Validate one file's lambda6lint table into Settings (origins: `path`)."""
    root = os.path.dirname(os.path.abspath(path))
    settings = Settings(path=path, table=table, root=root)
    for key in data:
        if key == "tool" and not table:
            raise ConfigError(path, key, f"in {DEDICATED} the settings go at the top level, without [tool.lambda6lint]")
        if key not in TOP_KEYS:
            raise _unknown(path, table, key, TOP_KEYS)

    def k(name: str) -> str:
        return _key(table, name)

    def mark(name: str) -> None:
        settings.origin[name] = path

    if "select" in data:
        settings.select = _strings(data["select"], path, k("select"))
        check_rules(settings.select, path, k("select"))
        mark("select")
    if "ignore" in data:
        settings.ignore = _strings(data["ignore"], path, k("ignore"))
        check_rules(settings.ignore, path, k("ignore"))
        mark("ignore")
    if "severity" in data:
        for rule, level in _table(data["severity"], path, k("severity")).items():
            check_rules([rule], path, k(f"severity.{rule}"))
            settings.severity[rule] = _level(level, path, k(f"severity.{rule}"))
        mark("severity")
    if "fail-on" in data:
        settings.fail_on = _level(data["fail-on"], path, k("fail-on"), FAIL_ON)
        mark("fail-on")
    if "exclude" in data:
        settings.exclude = _strings(data["exclude"], path, k("exclude"))
        mark("exclude")
    if "per-path-ignores" in data:
        for glob, rules in _table(data["per-path-ignores"], path, k("per-path-ignores")).items():
            where = k(f"per-path-ignores.{_toml_key(glob)}")
            settings.per_path_ignores[glob] = _strings(rules, path, where)
            check_rules(settings.per_path_ignores[glob], path, where)
        mark("per-path-ignores")
    if "terraform" in data:
        terraform = _table(data["terraform"], path, k("terraform"))
        tf_table = f"[{k('terraform')}]"
        for key in terraform:
            if key not in TERRAFORM_KEYS:
                raise _unknown(path, tf_table, key, TERRAFORM_KEYS)
        if "var-files" in terraform:
            settings.var_files = _tree_files(terraform["var-files"], path, root, k("terraform.var-files"))
            mark("terraform.var-files")
        if "vars" in terraform:
            for name, value in _table(terraform["vars"], path, k("terraform.vars")).items():
                if isinstance(value, bool) or not isinstance(value, (str, int, float)):
                    raise ConfigError(path, k(f"terraform.vars.{name}"), f"expected a string, got {_show(value)}")
                settings.tf_vars[name] = value if isinstance(value, str) else str(value)
            mark("terraform.vars")
    if "cloudformation" in data:
        cfn = _table(data["cloudformation"], path, k("cloudformation"))
        for key in cfn:
            if key not in CLOUDFORMATION_KEYS:
                raise _unknown(path, f"[{k('cloudformation')}]", key, CLOUDFORMATION_KEYS)
        if "parameters" in cfn:
            for name, value in _table(cfn["parameters"], path, k("cloudformation.parameters")).items():
                if isinstance(value, bool) or not isinstance(value, (str, int, float)):
                    where = k(f"cloudformation.parameters.{name}")
                    raise ConfigError(path, where, f"expected a string, got {_show(value)}")
                settings.parameters[name] = value if isinstance(value, str) else str(value)
            mark("cloudformation.parameters")
        if "parameter-files" in cfn:
            where = k("cloudformation.parameter-files")
            settings.parameter_files = _tree_files(cfn["parameter-files"], path, root, where)
            mark("cloudformation.parameter-files")
        if "config-env" in cfn:
            env = cfn["config-env"]
            if not isinstance(env, str) or not env:
                raise ConfigError(path, k("cloudformation.config-env"), f"expected a name, got {_show(env)}")
            settings.config_env = env
            mark("cloudformation.config-env")
    if "prices" in data:
        prices = _table(data["prices"], path, k("prices"))
        price_table = f"[{k('prices')}]"
        changes: dict[str, float] = {}
        for key, value in prices.items():
            if key not in PRICE_KEYS and key != GB_KEY:
                raise _unknown(path, price_table, key, (*PRICE_KEYS, GB_KEY))
            if key == GB_KEY:
                settings.gb_per_month = gb_per_month(value, path, k(f"prices.{key}"))
            elif isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value < 1e6:
                raise ConfigError(path, k(f"prices.{key}"), f"expected a number of US dollars ≥ 0, got {_show(value)}")
            else:
                changes[PRICE_KEYS[key]] = float(value)
            mark(f"prices.{key}")
        settings.prices = replace(DEFAULT_PRICES, **changes)
    return settings


def gb_per_month(value: Any, path: str, key: str) -> float:
    """A number of GB a month (≥ 0), or a ConfigError naming where it came from."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value < 1e12:
        raise ConfigError(path, key, f"expected a number of GB ≥ 0, got {_show(value)}")
    return float(value)


def _from_root(root: str, path: str) -> str:
    """A path written in a settings file, made usable from the current folder."""
    full = os.path.normpath(os.path.join(root, os.path.expanduser(path)))
    try:
        rel = os.path.relpath(full)
    except ValueError:  # another drive (Windows)
        return full
    return full if rel.startswith("..") else rel


def _tree_files(value: object, path: str, root: str, key: str) -> list[str]:
    """Files a settings file names (var files, parameter files): it comes with the repository being
    linted, so each must lie in that repository's tree, or a pull request could have a secret read
    and quoted in an error."""
    files = _strings(value, path, key)
    tree = confine.tree_of(root)
    found = [_from_root(root, f) for f in files]
    for name, full in zip(files, found, strict=True):
        if not confine.within(full, tree):
            problem = f"{_show(name)} is not in {tree} (a settings file may name only files of its tree, not .git)"
            raise ConfigError(path, key, problem)
    return found


# ---------------------------------------------------------------- the command line on top


def override(settings: Settings, flag: str, key: str, value: Any, setter: Callable[[Any], None]) -> None:
    """Apply a command-line value that was given (not None, not empty) over the file's."""
    if value is None or (isinstance(value, (list, dict)) and not value):
        return
    setter(value)
    settings.origin[key] = flag


# ---------------------------------------------------------------- globs


class _Glob:
    """A gitignore-like glob as a small automaton: `*` and `?` stay in one path segment, `**` crosses
    segments, `**/` is any number of whole folders, `[...]` one character of a set.

    A settings file may come from the pull request being linted, and a glob compiled to a regex
    (`**/**/**/…`, `**a**a**…b`) backtracks exponentially; the automaton follows every possibility
    at once, so matching takes time linear in the path whatever the pattern.
    """

    def __init__(self, pattern: str) -> None:
        kinds: list[str] = []
        args: list[Any] = []
        i, n = 0, len(pattern)
        while i < n:
            c = pattern[i]
            if pattern.startswith("**/", i):
                kinds += ["dirs", "dirs-body"]
                args += [None, None]
                i += 3
            elif pattern.startswith("**", i):
                kinds.append("any")
                args.append(None)
                i += 2
            elif c in "*?":
                kinds.append("star" if c == "*" else "one")
                args.append(None)
                i += 1
            else:
                end = pattern.find("]", i + 2) if c == "[" else -1
                chars = _char_set(pattern[i + 1 : end]) if end != -1 else None
                if chars is None:
                    kinds.append("char")
                    args.append(c)
                    i += 1
                else:
                    kinds.append("set")
                    args.append(chars)
                    i = end + 1
        self.kinds, self.args, self.final = kinds, args, len(kinds)
        self.closures: list[frozenset[int]] = [frozenset()] * (len(kinds) + 1)
        for state in range(len(kinds), -1, -1):  # ε-moves only skip forward: close from the end
            reach = {state}
            if state < len(kinds) and kinds[state] in ("star", "any"):
                reach |= self.closures[state + 1]
            elif state < len(kinds) and kinds[state] == "dirs":
                reach |= self.closures[state + 2]
            self.closures[state] = frozenset(reach)

    def _step(self, states: frozenset[int], c: str) -> frozenset[int]:
        found: set[int] = set()
        for state in states:
            if state == self.final:
                continue
            kind, arg = self.kinds[state], self.args[state]
            if kind == "char":
                moved: tuple[int, ...] = (state + 1,) if c == arg else ()
            elif kind == "one":
                moved = (state + 1,) if c != "/" else ()
            elif kind == "set":
                moved = (state + 1,) if arg.fullmatch(c) else ()
            elif kind == "star":
                moved = (state,) if c != "/" else ()
            elif kind == "any":
                moved = (state,)
            else:  # "dirs" or "dirs-body": anything, then a "/" ends the folders
                body = state if kind == "dirs-body" else state + 1
                moved = (body, body + 1) if c == "/" else (body,)
            for target in moved:
                found |= self.closures[target]
        return frozenset(found)

    def covers(self, path: str) -> bool:
        """Does the glob match `path`, or the path of a folder holding it (a prefix ending at `/`)?"""
        states = self.closures[0]
        for index, c in enumerate(path):
            if c == "/" and index and self.final in states:
                return True
            states = self._step(states, c)
            if not states:
                return False
        return self.final in states


def _char_set(body: str) -> re.Pattern[str] | None:
    """`[...]`'s body as a one-character regex; None when it is not a valid set (then `[` is literal)."""
    if not body:
        return None
    if body.startswith("!"):
        body = "^" + body[1:]
    try:
        return re.compile(f"[{body}]")
    except re.error:
        return None


@lru_cache(maxsize=1024)
def _glob(pattern: str) -> _Glob:
    return _Glob(pattern)


def _normal(pattern: str) -> str:
    pattern = pattern.replace("\\", "/").strip()
    while pattern.startswith("./"):
        pattern = pattern[2:]
    return pattern.rstrip("/") or "."


def _within(pattern: str, root: str) -> str:
    """An absolute path inside `root` as the anchored glob of it (`/repo/legacy` → `/legacy`)."""
    if not os.path.isabs(pattern):
        return pattern
    top = os.path.abspath(root or ".").replace(os.sep, "/").rstrip("/")
    if pattern == top or pattern.startswith(top + "/"):
        return "/" + pattern[len(top) :].lstrip("/")
    return pattern


def path_matches(pattern: str, path: str, root: str) -> bool:
    """Does a glob (relative to `root`) match `path` or a folder holding it?

    A glob without `/` matches any single name in the path (`cdk.out`, `*.json`); one with `/`
    matches the path relative to `root` from its start (`infra/legacy/**`, `stacks/*/dev.yaml`), as one
    that starts with `/` does (`/infra`: .gitignore's way to anchor a name at the root), unless it is
    an absolute path inside `root` (`/home/me/repo/legacy`, as a shell's completion writes it), which is
    that path. Either way, matching a folder matches everything inside it.
    """
    pattern = _within(_normal(pattern), root)
    anchored = pattern.startswith("/")
    pattern = pattern.lstrip("/") or "."
    full = os.path.abspath(path)
    try:
        rel = os.path.relpath(full, root).replace(os.sep, "/")
    except ValueError:
        rel = full.replace(os.sep, "/")
    inside = not (rel == ".." or rel.startswith("../"))
    if "/" not in pattern and not anchored:
        import fnmatch  # (a run with such a glob only: 0.1 ms of every other run's start-up, issue #14)

        names = rel.split("/") if inside else [posixpath.basename(full.replace(os.sep, "/"))]
        return any(fnmatch.fnmatchcase(name, pattern) for name in names if name not in (".", ""))
    if not inside:
        return False
    return _glob(pattern).covers(rel)


# ---------------------------------------------------------------- --show-config


#: What a TOML basic string may not hold raw (a newline would let a settings value print a line of its
#: own, `::error::…` a workflow command in a CI log), and `##[`, the runner's legacy command prefix.
_TOML_ESCAPES = on_use(r'[\x00-\x1f\x7f-\x9f\u2028\u2029"\\]|(?<=#)#(?=\[)')
_TOML_NAMED = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r"}


def _toml(value: Any) -> str:
    if isinstance(value, str):
        from lambda6lint.report.escape import log_commands  # (`##vso[` anywhere in a line: Azure Pipelines)

        escaped = _TOML_ESCAPES.sub(lambda m: _TOML_NAMED.get(m[0], f"\\u{ord(m[0]):04x}"), value)
        return '"' + log_commands(escaped, "#\\\\u0023", _toml_unicode) + '"'
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_toml_key(k)} = {_toml(v)}" for k, v in value.items()) + "}"
    return _toml(str(value))


def _toml_unicode(char: str) -> str:
    """TOML's escape of `char` (`\\U` past the first plane: TOML refuses surrogates)."""
    code = ord(char)
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def _toml_key(key: str) -> str:
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else _toml(key)


def show(settings: Settings) -> str:
    """The effective settings as TOML, each key commented with where its value came from."""
    from lambda6lint.report.escape import printable  # the path and origins are comments: one line each

    if settings.path:
        header = f"# settings file: {printable(settings.path)}" + (f" {settings.table}" if settings.table else "")
    elif settings.table == "--isolated":
        header = "# settings file: none read (--isolated)"
    else:
        header = f"# settings file: none found (looked for {DEDICATED} and {PYPROJECT} [tool.lambda6lint] upwards)"
    lines = [header, f"# globs are relative to: {printable(settings.root)}", ""]
    if settings.source("exclude") == "--exclude" and os.getcwd() != settings.root:
        lines.insert(2, f"# --exclude globs are relative to: {printable(os.getcwd())}")

    def row(key: str, value: Any, origin_key: str | None = None) -> None:
        lines.append(f"{key} = {_toml(value)}  # {printable(settings.source(origin_key or key))}")

    row("select", settings.select)
    row("ignore", settings.ignore)
    row("severity", settings.severity)
    row("fail-on", settings.fail_on)
    row("exclude", settings.exclude)
    row("per-path-ignores", settings.per_path_ignores)
    lines += ["", "[terraform]"]
    row("var-files", settings.var_files, "terraform.var-files")
    row("vars", settings.tf_vars, "terraform.vars")
    lines += ["", "[cloudformation]"]
    row("parameters", settings.parameters, "cloudformation.parameters")
    row("parameter-files", settings.parameter_files, "cloudformation.parameter-files")
    row("config-env", settings.config_env, "cloudformation.config-env")
    lines += ["", "[prices]"]
    for key, attr in PRICE_KEYS.items():
        row(key, getattr(settings.prices, attr), f"prices.{key}")
    if settings.gb_per_month is None:
        lines.append(f"# {GB_KEY}: not set (no data processing estimate)")
    else:
        row(GB_KEY, settings.gb_per_month, f"prices.{GB_KEY}")
    return "\n".join(lines) + "\n"
