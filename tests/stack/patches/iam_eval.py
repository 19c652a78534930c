"""IAM identity-policy evaluation: statements, wildcards, policy variables, conditions.

Targets moto 5.2.5 (`moto/iam/access_control.py`, `IAMPolicy.is_action_permitted`, which
the auth patch calls once per policy of the caller). Stock moto turns each Action/Resource
pattern into a regular expression without escaping (`.`, `?`, `$`, `{` keep their regex
meaning, so `private/${cognito-identity.amazonaws.com:sub}/*` can never match), compares
actions case-sensitively, knows no policy variables and no `ForAllValues:`/`ForAnyValue:`
condition qualifiers.

Here, for identity policies (the call without a principal), a statement applies when:
- its `Action` (or `NotAction`) matches the action, case-insensitively, `*` and `?` being
  the only wildcards;
- its `Resource` (or `NotResource`) matches the resource ARN, case-sensitively, after
  policy variables are replaced: `${key}` takes the request's value of condition key
  `key` (`${cognito-identity.amazonaws.com:sub}` = the caller's identity id,
  `${cognito-identity.amazonaws.com:aud}` = its identity pool id, `${aws:username}`...),
  `${key, 'default'}` falls back to the default, `${*}` `${?}` `${$}` are the literal
  characters; a variable without a value makes the pattern match nothing;
- every condition holds (operators AND, keys AND, values OR), with variables replaced in
  the condition values: `String*`, `Bool` (policy.py's operators), `Null`,
  `Numeric*`, each with `...IfExists`; `ForAllValues:` holds when every request value
  matches one of the policy's (also when the key is absent, as in IAM);
  `ForAnyValue:` when at least one does (never when absent). Unknown operators never hold.
Then an applicable Deny wins over any Allow; without an applicable Allow the request is
implicitly denied. Trust and bucket policies (with a `Principal`) keep moto's path.
"""

from __future__ import annotations

import re
from typing import Any, Iterable

from .policy import _CONTEXT, _OPERATORS, _like

ALLOW, DENY, NOT_APPLICABLE = "Allow", "Deny", "NotApplicable"

_VARIABLE = re.compile(r"\$\{([^}]*)\}")
_DEFAULT = re.compile(r"^\s*([^,\s]+)\s*,\s*'([^']*)'\s*$")
_LITERALS = {"*": "*", "?": "?", "$": "$"}


class _Unresolved(Exception):
    """A policy variable with no value in the request (and no default)."""


def _as_list(value: Any) -> list:
    if value is None:
        return []
    return list(value) if isinstance(value, (list, tuple)) else [value]


def _substitute(text: str, context: dict[str, list[str]]) -> tuple[str, bool]:
    """`text` with its policy variables replaced; the flag says some were literal wildcards
    (`${*}`, `${?}`), which must then match themselves only."""
    literal = False

    def replace(match: re.Match) -> str:
        nonlocal literal
        inner = match.group(1)
        if inner in _LITERALS:
            literal = literal or inner in ("*", "?")
            return "\0" + inner if inner in ("*", "?") else inner
        default = None
        found = _DEFAULT.match(inner)
        if found:
            inner, default = found.group(1), found.group(2)
        values = context.get(inner.strip().lower())
        if values and len(values) == 1:
            return values[0].replace("*", "\0*").replace("?", "\0?")
        if default is not None:
            return default
        raise _Unresolved(inner)

    return _VARIABLE.sub(replace, text), literal


def wildcard_match(pattern: str, value: str, ignore_case: bool = False) -> bool:
    """IAM wildcard matching: `*` any run, `?` one character; `\\0` before either makes it
    literal (a substituted value's own characters never act as wildcards)."""
    parts, i = [], 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\0" and i + 1 < len(pattern):
            parts.append(re.escape(pattern[i + 1]))
            i += 2
            continue
        parts.append(".*" if c == "*" else "." if c == "?" else re.escape(c))
        i += 1
    flags = re.DOTALL | (re.IGNORECASE if ignore_case else 0)
    return re.fullmatch("".join(parts), value, flags) is not None


def _element_matches(
    patterns: Iterable[str], value: str, context: dict, ignore_case: bool = False
) -> bool:
    for pattern in patterns:
        try:
            resolved, _ = _substitute(str(pattern), context)
        except _Unresolved:
            continue
        if wildcard_match(resolved, value, ignore_case):
            return True
    return False


def _plain(values: list[str], context: dict) -> list[str]:
    """Condition values with variables replaced (unresolved ones dropped), wildcards kept."""
    out = []
    for value in values:
        try:
            resolved, _ = _substitute(str(value), context)
        except _Unresolved:
            continue
        out.append(resolved)
    return out


def _numeric(expected: str, actual: str, compare) -> bool:
    try:
        return compare(float(actual), float(expected))
    except ValueError:
        return False


_NUMERIC = {
    "NumericEquals": (lambda a, e: a == e, False),
    "NumericNotEquals": (lambda a, e: a == e, True),
    "NumericLessThan": (lambda a, e: a < e, False),
    "NumericLessThanEquals": (lambda a, e: a <= e, False),
    "NumericGreaterThan": (lambda a, e: a > e, False),
    "NumericGreaterThanEquals": (lambda a, e: a >= e, False),
}


def _value_matcher(base: str):
    """(match(expected, actual) -> bool, negated) for one operator, or None if unknown."""
    if base in _OPERATORS:
        match, negated = _OPERATORS[base]
        if base in ("StringLike", "StringNotLike"):
            # Variables' own characters were escaped with \0: honour that here too.
            return (lambda p, v: wildcard_match(p, v) if "\0" in p else _like(p, v)), negated
        plain = match
        return (lambda p, v: plain(p.replace("\0", ""), v)), negated
    if base in _NUMERIC:
        compare, negated = _NUMERIC[base]
        return (lambda p, v: _numeric(p, v, compare)), negated
    return None


def condition_holds(operator: str, key: str, expected: Any, context: dict) -> bool:
    """One condition operator applied to one key, as IAM evaluates it."""
    qualifier, _, base = operator.rpartition(":")
    if_exists = base.endswith("IfExists")
    if if_exists:
        base = base[: -len("IfExists")]
    values = context.get(key.lower())
    patterns = _plain([str(p) for p in _as_list(expected)], context)
    if base == "Null":
        if qualifier or if_exists:
            return False
        wanted = {p.lower() for p in patterns}
        is_null = not values
        return ("true" in wanted and is_null) or ("false" in wanted and not is_null)
    matcher = _value_matcher(base)
    if matcher is None or qualifier not in ("", "ForAllValues", "ForAnyValue"):
        return False  # unknown operator: never holds (fail closed)
    match, negated = matcher

    def one(value: str) -> bool:
        hit = any(match(p, value) for p in patterns)
        return not hit if negated else hit

    if qualifier == "ForAllValues":
        return all(one(v) for v in values or [])
    if qualifier == "ForAnyValue":
        return any(one(v) for v in values or [])
    if not values:
        # A missing key matches nothing; negated operators and ...IfExists then hold.
        return if_exists or negated
    if negated:
        return all(one(v) for v in values)
    return any(one(v) for v in values)


def _conditions_hold(conditions: dict, context: dict) -> bool:
    if not isinstance(conditions, dict):
        return False
    for operator, keys in conditions.items():
        if not isinstance(keys, dict):
            return False
        for key, expected in keys.items():
            if not condition_holds(operator, key, expected, context):
                return False
    return True


def statement_applies(statement: dict, action: str, resource: str, context: dict) -> bool:
    """Whether one statement is about this request (action, resource and conditions)."""
    if "NotAction" in statement:
        if _element_matches(_as_list(statement["NotAction"]), action, context, True):
            return False
    elif not _element_matches(_as_list(statement.get("Action")), action, context, True):
        return False
    if "NotResource" in statement:
        if _element_matches(_as_list(statement["NotResource"]), resource, context):
            return False
    elif not _element_matches(_as_list(statement.get("Resource")), resource, context):
        return False
    if "Condition" in statement:
        return _conditions_hold(statement["Condition"], context)
    return True


def evaluate(documents: Iterable[dict], action: str, resource: str, context: dict) -> str:
    """ALLOW, DENY (an applicable Deny) or NOT_APPLICABLE over a caller's policy documents.
    `context` maps lower-case condition keys to lists of values."""
    allowed = False
    for document in documents:
        for statement in _as_list(document.get("Statement")):
            if not isinstance(statement, dict):
                continue
            if statement_applies(statement, action, resource, context):
                if statement.get("Effect") == "Deny":
                    return DENY
                if statement.get("Effect") == "Allow":
                    allowed = True
    return ALLOW if allowed else NOT_APPLICABLE


def apply() -> None:
    """Evaluate identity policies here (IAMPolicy.is_action_permitted called without a
    principal, on a document without `Principal`: trust and bucket policies keep moto's path)."""
    from moto.iam.access_control import IAMPolicy, PermissionResult

    original = IAMPolicy.is_action_permitted
    results = {
        ALLOW: PermissionResult.PERMITTED,
        DENY: PermissionResult.DENIED,
        NOT_APPLICABLE: PermissionResult.NEUTRAL,
    }

    def is_action_permitted(
        self, action, resource="*", principal=None, incoming_condition_values=None
    ):
        statements = _as_list(self._policy_json.get("Statement"))
        resource_policy = any(isinstance(s, dict) and "Principal" in s for s in statements)
        if principal is not None or incoming_condition_values is not None or resource_policy:
            return original(self, action, resource, principal, incoming_condition_values)
        return results[evaluate([self._policy_json], action, resource, dict(_CONTEXT.get()))]

    IAMPolicy.is_action_permitted = is_action_permitted


__all__ = ["ALLOW", "DENY", "NOT_APPLICABLE", "apply", "condition_holds", "evaluate"]
