"""patterns.on_use: a pattern compiled when first used acts as the compiled one."""

from __future__ import annotations

import copy
import pickle

from lambda6lint.patterns import on_use


def test_a_pattern_compiled_on_use_matches_as_the_compiled_one():
    pattern = on_use(r"a(\d+)")
    assert pattern.fullmatch("a12")[1] == "12"
    assert pattern.sub("b", "a1 a2") == "b b"
    assert pattern.groups == 1 and pattern.pattern == r"a(\d+)"


def test_a_pattern_compiled_on_use_can_be_copied_and_pickled_before_and_after_its_first_use():
    """A dunder lookup (`__setstate__`, which copy and pickle make on an instance without `_pattern`)
    must not compile, nor recurse."""
    for used in (False, True):
        pattern = on_use(r"a(\d+)")
        if used:
            pattern.match("a1")
        for again in (copy.copy(pattern), copy.deepcopy(pattern), pickle.loads(pickle.dumps(pattern))):
            assert again.match("a1") is not None
