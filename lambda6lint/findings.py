"""Findings: what a rule reports, and the rule metadata every output format needs."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable

from lambda6lint import __version__
from lambda6lint.model import Location, Resource
from lambda6lint.paths import portable
from lambda6lint.pricing import DEFAULT_PRICES, Prices
from lambda6lint.records import dataclass, field

TYPE_CHECKING = False
if TYPE_CHECKING:
    from lambda6lint.network import Network

SEVERITIES = {"E": "error", "W": "warning", "I": "note"}
INPUT_ERROR = "E9600"  # the rule the engine raises itself, for files it cannot read
RANK = {"error": 3, "warning": 2, "note": 1}
REPOSITORY = "https://github.com/lambda6lint/lambda6lint"
#: The documentation of this release (a tag, not a branch: the page matches the rules that ran).
DOCS = f"{REPOSITORY}/blob/v{__version__}/docs"
#: GitHub code scanning's security-severity score per level, for rules tagged `security`
#: (7.0-8.9 shows as high, 4.0-6.9 medium, 0.1-3.9 low).
SECURITY_SEVERITY = {"error": "7.5", "warning": "5.5", "note": "2.0"}
#: SARIF `problem.severity` (code scanning's word for the level of a non-security rule).
PROBLEM_SEVERITY = {"error": "error", "warning": "warning", "note": "recommendation"}


@dataclass(frozen=True)
class Context:
    """What a rule may know besides the graph: the run's settings that shape its messages."""

    prices: Prices = DEFAULT_PRICES


Check = Callable[["Network", Context], Iterable["Finding"]]


#: Input formats a rule's examples are written in, with the language of their code blocks.
EXAMPLE_FORMATS = {"cloudformation": "yaml", "terraform": "hcl"}
#: How documentation titles each.
FORMAT_TITLES = {"cloudformation": "CloudFormation", "terraform": "Terraform"}


@dataclass(frozen=True)
class Example:
    """A bad and a good example in one input format.

    Each is cut from a fixture of the rule (tests/test_docs.py checks it: the bad one from a `bad-*`
    fixture, the good one from a `good-*` fixture of that format, at any indentation, `# expect:`
    markers left out), so documentation shows code the rule is proven to flag and to accept. A line
    `...` stands for lines left out.
    """

    format: str  # a key of EXAMPLE_FORMATS
    bad: str
    good: str


@dataclass(frozen=True)
class Doc:
    """A rule's documentation, in ruff's fixed shape, with one example per input format in the order
    of EXAMPLE_FORMATS (`bad` and `good` are the first one's, CloudFormation)."""

    what: str
    why: str
    fix: str
    examples: tuple[Example, ...] = ()

    @property
    def bad(self) -> str:
        return self.examples[0].bad if self.examples else ""

    @property
    def good(self) -> str:
        return self.examples[0].good if self.examples else ""


@dataclass(eq=False)
class Rule:
    """One catalog entry: identity, documentation, and the check from the graph to findings."""

    id: str
    name: str
    summary: str
    doc: Doc
    tags: tuple[str, ...] = ()
    source_url: str = ""
    check: Check | None = None

    @property
    def severity(self) -> str:
        return SEVERITIES[self.id[0]]

    @property
    def anchor(self) -> str:
        """The rule's heading anchor in docs/rules.md."""
        return f"{self.id.lower()}-{self.name}"

    @property
    def help_uri(self) -> str:
        return f"{DOCS}/rules.md#{self.anchor}"

    @property
    def security_severity(self) -> str | None:
        """A score for code scanning when the rule is tagged `security` (its findings break traffic), else None."""
        return SECURITY_SEVERITY[self.severity] if "security" in self.tags else None

    def checker(self, func: Check) -> Check:
        """Decorator that registers the rule's check function."""
        self.check = func
        return func

    def finding(
        self,
        resource: Resource | None,
        message: str,
        location: Location | None = None,
        related: Iterable[tuple[Location, str]] = (),
        key: str = "",
    ) -> Finding:
        if location is None:
            assert resource is not None
            location = resource.location
        if resource is not None and "installed" in resource.hints:  # (a module `terraform init` installed)
            message = f"{message} {resource.hints['installed']}"
        source = resource.template.generated_from if resource is not None else ""
        if source:  # (`serverless package` wrote the template: the change is made in the service's file)
            name = os.path.basename(source)
            related = [*related, (Location(source, 1, 1), f"{name} generates this template: make the change there")]
        return Finding(
            rule=self,
            message=message,
            location=location,
            resource=resource.ident if resource else None,
            resource_path=resource.name if resource else None,
            resource_obj=resource,
            related=[r for r in related if r[0].line >= 1],
            key=key,
        )

    def matches(self, patterns: Iterable[str]) -> bool:
        """True if any pattern names this rule: its id, a prefix of it (`W96`), or its name."""
        return any(p == self.name or self.id.startswith(p.upper()) for p in patterns if p)


@dataclass(eq=False)
class Finding:
    rule: Rule
    message: str
    location: Location
    resource: str | None = None  # the id within its template (logical id, Terraform address; `Resource.ident`)
    resource_path: str | None = None  # the longest identity known: the CDK construct path, else the id
    resource_obj: Resource | None = field(default=None, repr=False)
    related: list[tuple[Location, str]] = field(default_factory=list)
    key: str = ""  # tells apart findings of one rule on one resource (the subnet, the service)
    suppressed: str | None = None  # justification when suppressed in source
    severity: str = ""

    def __post_init__(self) -> None:
        self.severity = self.severity or self.rule.severity

    @property
    def fingerprint(self) -> str:
        """Stable across line moves, unrelated edits and machines: rule + repo-relative file + resource + key."""
        return fingerprint(self.rule.id, self.location.path, self.resource or "", self.key)

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.location.path, self.location.line, self.location.column, self.rule.id, self.key)


def fingerprint(rule_id: str, path: str, resource: str, key: str = "") -> str:
    """A finding's fingerprint (`Finding.fingerprint`), for one a baseline may record that is not made."""
    import hashlib  # only reports and baselines that fingerprint pay for it

    raw = "|".join((rule_id, portable(path), resource, key))
    return hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()[:32]  # (a JSON "\ud800")
