"""Loaders: the only format-aware layer. Each turns one source into pieces of the graph.

The protocol, the same for every format: a loader reads a source into `Loaded` — pieces it could
build alone (`built`), and parsed sources that must first be linked with other sources of the run
(`pending`, with the `link` function that joins them: CloudFormation exports and nested stacks).
The engine only orchestrates: it calls each source's loader, then each `link` once with everything
pending for it, and hands all pieces to the graph.

`loaders/registry.py` names the loader of each source kind.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from lambda6lint.model import Location, Resource, Template
from lambda6lint.records import dataclass, field

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from lambda6lint.discover import Source
    from lambda6lint.options import Options

#: A template, Terraform root module or plan with its resources.
Piece = tuple[Template, list[Resource]]


@dataclass
class Document:
    """A parsed CloudFormation/SAM template awaiting the shared build."""

    path: str
    doc: Any
    stack_name: str | None = None  # known for CDK stacks: resolves AWS::StackName in export names
    region: str | None = None  # where it deploys, when its input says for certain (`Template.region`)
    assembly: str | None = None  # a CDK stack's cloud assembly: where `Fn::GetStackOutput` finds the stack it names
    parent: Any = None  # the parent stack's Document, for a nested stack
    parent_resource: str | None = None  # the parent's AWS::CloudFormation::Stack logical id
    parameters: dict[str, Any] | None = None  # values the parent passes to a nested stack
    #: One of the templates of a stack whose TemplateURL an undecided `Fn::If` picks (nested.py): linted with what
    #: the parent passes, but what the parent reads from the stack is not read from it, and what it adds to a
    #: resource outside it may not exist. Why, said of a resource in it ("only if its template is x.yaml: its
    #: TemplateURL is chosen by condition …"); "" for any other template.
    maybe: str = ""
    text: str | None = None  # the source text, for suppression comments
    construct_paths: dict[str, str] | None = None  # logical id → CDK construct path, from assembly metadata
    values: dict[str, str] | None = None  # parameter values the user gave (cloudformation/parameters.py)
    vocabulary: Mapping[str, str] | None = None  # how messages name concepts, if not in CloudFormation's words
    alone: bool = False  # its text, not kept, showed it links with nothing (a CDK stack: mapper.standalone)
    piece: Any = None  # built already (its parse tree gone); `link` puts it in its place among the others
    #: Why a local nested template it names was not read, by the Stack's logical id (nested.py).
    unread: dict[str, str] | None = None
    #: The text of the local snippets it includes (`AWS::Include`), by `Location` (includes.py).
    includes: dict[str, str] | None = None
    #: A CDK stack's context lookups left unresolved at synth (its manifest's `missing` providers): their
    #: placeholder ids stand where the values go (`vocabulary.CDK_PLACEHOLDERS`).
    lookups: tuple[str, ...] = ()
    #: The file a tool generated it from, where its changes are made (a Serverless Framework service's
    #: `serverless.yml` for `.serverless/cloudformation-template-update-stack.json`).
    generated_from: str = ""


@dataclass
class Loaded:
    built: list[Piece] = field(default_factory=list)
    pending: list[Any] = field(default_factory=list)  # parsed sources `link` must join with others
    link: Callable[[list[Any]], list[Piece]] | None = None
    files: list[str] = field(default_factory=list)
    errors: list[tuple[Location, str]] = field(default_factory=list)
    #: What the user should know of the source that is no finding (a plan older than the code beside it).
    warnings: list[tuple[Location, str]] = field(default_factory=list)
    #: Folders read as modules this source calls (real paths): a folder walk does not lint them as
    #: roots too, or their resources would be found, and their NAT gateways priced, twice.
    callees: list[str] = field(default_factory=list)
    #: The names of values given on their own (`--parameter`, `--var`, settings) that this source's root
    #: template or module declares: the command warns of the others, which decide nothing (a typo).
    declares: list[str] = field(default_factory=list)
    #: The files its templates include, not linted on their own: snippets (`AWS::Include`) and the OpenAPI
    #: documents their SAM APIs name (`DefinitionUri`), and the local paths they name for `package` to upload
    #: (a state machine's definition: not read). A file named on the command line that no loader linted is
    #: said to be passed over (engine.py), unless a source included it.
    included: list[str] = field(default_factory=list)
    #: The kind of source it turned out to be, when not the one discovery gave it (a `json-file`'s, a template
    #: taken for a plan).
    kind: str = ""


Loader = Callable[["Source", "Options"], Loaded]

#: In a loader's error about a part of its file only (`not_linted`): said as it is, where the engine says the
#: others as "cannot lint this file: …", which would hide that the rest of the file is linted.
NOT_LINTED = " is not linted: "


def not_linted(part: str, why: str) -> str:
    """An error that leaves the rest of its file linted: `part` (a CDK stack) is not, for `why`."""
    return f"{part}{NOT_LINTED}{why}"


def of_a_part(message: str) -> bool:
    """Whether a loader's error is about a part of its file only (`not_linted`)."""
    return (message.partition(": ")[0] + ": ").endswith(NOT_LINTED)
