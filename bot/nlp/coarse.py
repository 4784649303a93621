"""Coarse parts of speech from the attribute ruler's own patterns, without spaCy's matcher.

In ``en_core_web_sm`` the attribute ruler turns the tagger's Penn tags into universal parts of
speech (plus a few word and dependency exceptions: "that" as a relative pronoun, "there is" as
a verb, auxiliaries). Run as a pipeline component it is about a tenth of the detector's time,
nearly all of it in the general token matcher. The detector reads only the POS, TAG and DEP the
ruler sets (never its lemmas or morphology), and those depend on a handful of token attributes
whose combinations repeat: :class:`CoarseRules` applies the same patterns, in the same order, to
those attributes, and remembers each combination's answer.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

# the token attributes a supported pattern may test, and what the detector reads of the ruler's output
_TESTED = frozenset({"TAG", "LOWER", "DEP", "IS_SPACE"})
_READ = ("POS", "TAG", "DEP")

Check = tuple[str, str, Any]  # (attribute, operator, operand): ("TAG", "==", "NN"), ("LOWER", "in", {...})
Features = tuple[str, str, str, bool]  # a token's TAG, LOWER, DEP and IS_SPACE
MEMO_SIZE = 50_000  # remembered attribute combinations (about 15 MB at most)


class UnsupportedPattern(ValueError):
    """A ruler pattern tests something :class:`CoarseRules` does not evaluate."""


@dataclass(frozen=True, slots=True)
class _Rule:
    checks: tuple[Check, ...]  # on the token the rule sets
    around: tuple[tuple[int, tuple[Check, ...]], ...]  # (offset, checks) on its neighbours
    sets: tuple[tuple[int, str], ...]  # (index into (POS, TAG, DEP), value)


def _check(attr: str, spec: Any) -> Check:
    if attr not in _TESTED:
        raise UnsupportedPattern(f"a ruler pattern tests {attr}")
    if not isinstance(spec, dict):
        return (attr, "==", spec)
    if len(spec) != 1:
        raise UnsupportedPattern(f"a ruler pattern tests {attr} with {sorted(spec)}")
    ((op, value),) = spec.items()
    if op == "IN":
        return (attr, "in", frozenset(value))
    if op == "NOT_IN":
        return (attr, "not in", frozenset(value))
    if op == "REGEX":
        return (attr, "re", re.compile(value))
    raise UnsupportedPattern(f"a ruler pattern tests {attr} with {op}")


_FIELD = {"TAG": 0, "LOWER": 1, "DEP": 2, "IS_SPACE": 3}


def _holds(checks: tuple[Check, ...], token: Features) -> bool:
    for attr, op, operand in checks:
        value = token[_FIELD[attr]]
        if op == "==":
            ok = value == operand
        elif op == "in":
            ok = value in operand
        elif op == "not in":
            ok = value not in operand
        else:
            ok = isinstance(value, str) and operand.search(value) is not None
        if not ok:
            return False
    return True


def _compile(patterns: Sequence[Mapping[str, Any]]) -> list[_Rule]:
    rules: list[_Rule] = []
    for p in patterns:
        sets = tuple((_READ.index(k), str(v)) for k, v in p["attrs"].items() if k in _READ)
        if not sets:
            continue  # lemmas and morphology only: nothing the detector reads
        for alternative in p["patterns"]:
            at = int(p.get("index", 0)) % len(alternative)
            steps = [tuple(_check(a, s) for a, s in step.items()) for step in alternative]
            around = tuple((n - at, steps[n]) for n in range(len(steps)) if n != at)
            rules.append(_Rule(steps[at], around, sets))
    return rules


def _tag_allows(checks: tuple[Check, ...], tag: str) -> bool:
    """Whether the TAG tests among ``checks`` hold for a token of tag ``tag`` (the others are
    left to :func:`_holds`)."""
    return all(
        _holds(((attr, op, operand),), (tag, "", "", False)) for attr, op, operand in checks if attr == "TAG"
    )


class CoarseRules:
    """The attribute ruler's POS, TAG and DEP decisions for the tokens of one parsed text."""

    def __init__(self, patterns: Sequence[Mapping[str, Any]]) -> None:
        self._rules = _compile(patterns)
        self._context = [r for r in self._rules if r.around]
        self._no_context = (False,) * len(self._context)
        # nearly every pattern tests the tag: the rules that may hold on each tag, in pattern
        # order, each with its index among the context rules (-1: none)
        self._by_tag: dict[str, tuple[tuple[_Rule, int], ...]] = {}
        # the context rules whose own checks hold on a token (mostly none: no neighbour to test)
        self._plans: dict[Features, tuple[int, ...]] = {}
        self._memo: dict[tuple[Features, tuple[bool, ...]], tuple[str, str, str]] = {}

    def _for_tag(self, tag: str) -> tuple[tuple[_Rule, int], ...]:
        got = self._by_tag.get(tag)
        if got is None:
            out: list[tuple[_Rule, int]] = []
            n = 0
            for rule in self._rules:
                at = -1
                if rule.around:
                    at, n = n, n + 1
                if _tag_allows(rule.checks, tag):
                    out.append((rule, at))
            got = self._by_tag[tag] = tuple(out)
        return got

    def _decide(self, token: Features, context: tuple[bool, ...]) -> tuple[str, str, str]:
        # every match is found on the tagger's and parser's output, then applied in pattern
        # order: a later pattern overrides an earlier one (the ruler's own precedence)
        out = ["", token[0], token[2]]
        for rule, at in self._for_tag(token[0]):
            if at >= 0 and not context[at]:
                continue
            if _holds(rule.checks, token):
                for field, value in rule.sets:
                    out[field] = value
        return out[0], out[1], out[2]

    def apply(self, tokens: Sequence[Features]) -> list[tuple[str, str, str]]:
        """(POS, TAG, DEP) of each token of a text, in order."""
        out = []
        last = len(tokens) - 1
        memo, plans = self._memo, self._plans
        for i, token in enumerate(tokens):
            plan = plans.get(token)
            if plan is None:
                plan = plans[token] = tuple(n for n, r in enumerate(self._context) if _holds(r.checks, token))
            # a context rule whose own checks fail never applies: its neighbours need no test
            context = (
                tuple(
                    n in plan
                    and all(
                        0 <= i + off <= last and _holds(checks, tokens[i + off]) for off, checks in r.around
                    )
                    for n, r in enumerate(self._context)
                )
                if plan
                else self._no_context
            )
            key = (token, context)
            got = memo.get(key)
            if got is None:
                if len(memo) >= MEMO_SIZE or len(plans) >= MEMO_SIZE:
                    # a long-running worker meets ever new words: stay bounded
                    memo.clear()
                    plans.clear()
                got = memo[key] = self._decide(token, context)
            out.append(got)
        return out


def from_pipeline(nlp: Any) -> CoarseRules | None:
    """The rules of the pipeline's attribute ruler; None when it has none or they test more than
    :class:`CoarseRules` evaluates (the ruler itself then runs)."""
    if "attribute_ruler" not in nlp.pipe_names:
        return None
    try:
        return CoarseRules(nlp.get_pipe("attribute_ruler").patterns)
    except (UnsupportedPattern, KeyError, TypeError, re.error):
        return None
