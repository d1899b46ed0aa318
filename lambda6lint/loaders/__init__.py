"""Loaders: the only format-aware layer. Each turns a source into resources of the graph.

A loader returns `Loaded`: CloudFormation documents (built together afterwards, so that
`Fn::ImportValue` and nested stacks can join templates into one graph), resources it built itself
(Terraform), the files it linted, and input errors that must not stop the rest.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from lambda6lint.model import Location, Resource, Template


@dataclass
class Document:
    """A parsed CloudFormation/SAM template awaiting the shared build."""

    path: str
    doc: Any
    stack_name: str | None = None  # known for CDK stacks: resolves AWS::StackName in export names
    parent: Any = None  # the parent stack's Document, for a nested stack
    parent_resource: str | None = None  # the parent's AWS::CloudFormation::Stack logical id
    parameters: dict[str, Any] | None = None  # values the parent passes to a nested stack
    text: str | None = None  # the source text, for suppression comments
    construct_paths: dict[str, str] | None = None  # logical id → CDK construct path, from assembly metadata


@dataclass
class Loaded:
    documents: list[Document] = field(default_factory=list)
    built: list[tuple[Template, list[Resource]]] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    errors: list[tuple[Location, str]] = field(default_factory=list)
