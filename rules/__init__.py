"""The rule catalog: one module per rule, each exposing `rule` (see lambda6lint.api)."""
