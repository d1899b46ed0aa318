"""CloudFormation, SAM and CDK cloud assemblies: YAML/JSON templates into pieces of the graph.

Templates that neither export, import nor nest are built at once (their parse trees can go);
the others are linked together by `mapper.build`, so `Fn::ImportValue` and nested stacks join
templates of the whole run into one graph. A template reads its nested stacks' local templates
itself (nested.py).
"""

from __future__ import annotations

import functools
import os

from lambda6lint import confine
from lambda6lint.discover import TEMPLATE_SUFFIXES, template_head
from lambda6lint.loaders import Document, Loaded
from lambda6lint.loaders.cloudformation import includes, mapper, parameters
from lambda6lint.loaders.common.aws import NESTED_STACKS
from lambda6lint.loaders.common.errors import InputError
from lambda6lint.loaders.common.marked import WIDE_BOMS, Handed, load_text, read_sniffed

TYPE_CHECKING = False
if TYPE_CHECKING:
    from lambda6lint.discover import Source
    from lambda6lint.loaders.common.marked import Started
    from lambda6lint.model import Location
    from lambda6lint.options import Options


def load_template(source: Source, options: Options, started: Started | None = None) -> Loaded:
    """A CloudFormation/SAM file; empty when it is not infrastructure code, InputError when it is but is broken.
    `started`: the file, opened and its first bytes read (registry.json_file)."""
    sniff = not source.explicit or options.only_templates
    named_so = source.path.lower().endswith(TEMPLATE_SUFFIXES)  # (a named `.zip`, `.png`: no template unless text)
    text = read_sniffed(source.path, template_head if sniff else None if named_so else _text, started=started)
    if text is None:
        return Loaded()
    try:
        doc = load_text(text)
    except InputError as exc:
        if "{{" in text and "}}" in text or "{%" in text:  # (said once the parse fails: a file with them may be fine)
            exc.message += (
                " (the file holds Jinja markup, `{{ … }}`: an AWS Proton or other template rendered before "
                "CloudFormation reads it; lint what it renders, or exclude it)"
            )
            exc.args = (exc.message,)
        raise
    if not mapper.looks_like_template(doc):
        if doc is None and not sniff:
            raise InputError("empty document")
        return Loaded()
    sam = parameters.sam_deploy(source.path, options.config_env)  # (samconfig beside it: {} when none)
    document = Document(source.path, doc, text=text, values=parameters.values_for(source.path, doc, options, sam=sam))
    document.stack_name = parameters.sam_stack_name(source.path, sam)
    document.region = parameters.sam_region(source.path, doc, sam)
    document.generated_from = _serverless_service(source.path, source.tree or confine.tree_of(source.path))
    # what the template names (snippets, OpenAPI documents: read or not, past the budget too): no file passed
    # over when named too (engine._passed_over)
    named: list[str] = []
    if includes.mentions(text):
        tree = source.tree or confine.tree_of(source.path)
        document.includes = includes.read(source.path, doc, tree, _handed(source)) or None
        folder = os.path.dirname(source.path)
        named += [path for where in includes.locations(doc) if (path := includes.beside(folder, where))]
    children: list[Document] = []
    errors: list[tuple[Location, str]] = []
    if any(kind in text for kind in NESTED_STACKS):  # (nested.nests: its module for such a text only, issue #14)
        from lambda6lint.loaders.cloudformation import nested

        values = functools.partial(parameters.values_for, options=options, child=True)
        tree = source.tree or confine.tree_of(source.path)
        children, errors = nested.children(document, tree, values, options.spent, _handed(source))
    parsed = [document, *children]
    # what `package` uploads, its stacks' and theirs (before their parse trees go: `documents` builds some)
    named += [
        path
        for d in parsed
        for where in includes.packaged(d.doc, d.values)
        if (path := includes.beside(os.path.dirname(d.path), where))
    ]
    loaded = documents(parsed, files=[d.path for d in parsed], errors=errors)
    if children:
        loaded.callees = list(dict.fromkeys(os.path.realpath(c.path) for c in children))
    loaded.included = named + [
        path
        for d in parsed[1:]
        for where in d.includes or ()
        if (path := includes.beside(os.path.dirname(d.path), where))
    ]
    loaded.declares = parameters.declared(doc, options, source.path)
    return loaded


def _handed(source: Source) -> Handed:
    """What discovery read of the files the template names, for their readers: whole, or their first bytes."""
    handed: dict[str, bytes | tuple[bytes, confine.Identity]] = dict(source.files_read)
    handed.update((path, (head, known)) for path, head, known in source.heads)
    return handed


def _text(head: bytes) -> bool:
    """Whether a file named on the command line without a template's suffix may be a template: text, not
    binary (a NUL byte: a `serverless package` zip, an image), which is passed over as any other file that is
    no template; one named as a template (`.yaml`, `.json`) with one is an E9600 (`binary file`)."""
    return b"\0" not in head or head.startswith(WIDE_BOMS)


#: The files a Serverless Framework service is written in (`serverless package` writes `.serverless/`).
_SERVERLESS = ("serverless.yml", "serverless.yaml", "serverless.ts", "serverless.js", "serverless.json")


def _serverless_service(path: str, tree: str) -> str:
    """The service file a `.serverless/*.json` template was generated from, in the linted tree ("" for any
    other template)."""
    folder = os.path.dirname(path)
    if os.path.basename(folder) != ".serverless" or not path.endswith(".json"):
        return ""
    service = os.path.dirname(folder)
    return next((found for n in _SERVERLESS if (found := confine.inside(os.path.join(service, n), tree))), "")


def load_assembly(source: Source, options: Options) -> Loaded:
    """A CDK cloud assembly: its stacks, stages and nested stacks."""
    from lambda6lint.loaders.cloudformation import cdk

    return cdk.load_assembly(source, options)


def documents(parsed: list[Document], files: list[str], errors: list | None = None) -> Loaded:
    """Build standalone templates now; leave the others to be linked with the rest of the run."""
    loaded = Loaded(link=mapper.build, files=files, errors=errors or [])
    parents = {id(document.parent) for document in parsed if document.parent is not None}
    for document in parsed:
        if mapper.standalone(document) and id(document) not in parents:
            loaded.built.extend(mapper.build([document]))
        else:
            loaded.pending.append(document)
    return loaded
