"""IAM policy conditions, so role policies can restrict s3:ListBucket by s3:prefix.

Targets moto 5.2.5 (`moto/iam/access_control.py`, `IAMPolicyStatement`). Stock moto
only knows `StringEquals` and only for trust policies: for an ordinary request it
has no condition values, so every condition passes and a policy that allows
ListBucket for `public/*` lets anyone list `private/`. Also, a statement whose
condition fails is treated as an explicit Deny, which is not how IAM works.

This patch:
- takes the request's condition keys from a context variable the auth patch
  fills in (`s3:prefix`, `s3:delimiter`, `s3:max-keys`, `aws:SecureTransport`,
  `aws:username`...);
- evaluates String{Equals,NotEquals,EqualsIgnoreCase,Like,NotLike}, Bool and their
  `...IfExists` forms; any other operator never matches (fail closed);
- makes a statement whose conditions do not hold "not applicable" (neither
  allow nor deny), as IAM does.
"""

from __future__ import annotations

import contextvars
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from moto.iam.access_control import IAMPolicyStatement, PermissionResult

#: Condition keys of the request being authorised (lower-case key -> values).
_CONTEXT: contextvars.ContextVar[dict[str, list[str]]] = contextvars.ContextVar(
    "stack_condition_context", default={}
)


@contextmanager
def condition_context(values: dict[str, str | list[str]]) -> Iterator[None]:
    """Make `values` the condition keys of the policies evaluated inside the block (added to
    those of an enclosing block, e.g. a service's own keys around the auth check)."""
    normalized = dict(_CONTEXT.get())
    normalized.update({k.lower(): (v if isinstance(v, list) else [v]) for k, v in values.items()})
    token = _CONTEXT.set(normalized)
    try:
        yield
    finally:
        _CONTEXT.reset(token)


def _like(pattern: str, value: str) -> bool:
    # IAM wildcards: '*' any run of characters, '?' one character; nothing else is special.
    regex = "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern)
    return re.fullmatch(regex, value, flags=re.DOTALL) is not None


_OPERATORS = {
    "StringEquals": (lambda p, v: p == v, False),
    "StringNotEquals": (lambda p, v: p == v, True),
    "StringEqualsIgnoreCase": (lambda p, v: p.lower() == v.lower(), False),
    "StringNotEqualsIgnoreCase": (lambda p, v: p.lower() == v.lower(), True),
    "StringLike": (_like, False),
    "StringNotLike": (_like, True),
    "Bool": (lambda p, v: p.lower() == v.lower(), False),
}


def _condition_holds(operator: str, key: str, expected: Any, context: dict) -> bool:
    if_exists = operator.endswith("IfExists")
    base = operator[: -len("IfExists")] if if_exists else operator
    if base not in _OPERATORS:
        return False  # unknown operator: never matches (fail closed)
    match, negated = _OPERATORS[base]
    patterns = [str(p) for p in (expected if isinstance(expected, list) else [expected])]
    values = context.get(key.lower())
    if values is None:
        # A missing key matches nothing; negated operators and ...IfExists then hold.
        return if_exists or negated
    matched = any(match(p, v) for v in values for p in patterns)
    return not matched if negated else matched


def _check_conditions(self: IAMPolicyStatement, incoming: dict[str, str] | None) -> bool:
    conditions = self._statement.get("Condition")
    if not conditions:
        return True
    context = dict(_CONTEXT.get())
    for k, v in (incoming or {}).items():
        context.setdefault(k.lower(), v if isinstance(v, list) else [v])
    return all(
        _condition_holds(operator, key, expected, context)
        for operator, keys in conditions.items()
        for key, expected in keys.items()
    )


_original_is_action_permitted = IAMPolicyStatement.is_action_permitted


def _is_action_permitted(self, action, resource="*", principal=None, incoming=None):
    if self._statement.get("Condition") and not self._check_conditions(incoming):
        return PermissionResult.NEUTRAL  # the statement does not apply to this request
    result = _original_is_action_permitted(self, action, resource, principal, incoming)
    if result == PermissionResult.DENIED and self._statement.get("Effect") != "Deny":
        # moto answers DENIED for an Allow statement whose principal differs: not applicable.
        return PermissionResult.NEUTRAL
    return result


def apply() -> None:
    """Install the condition evaluation into moto's IAMPolicyStatement."""
    IAMPolicyStatement._check_conditions = _check_conditions
    IAMPolicyStatement.is_action_permitted = _is_action_permitted


__all__ = ["apply", "condition_context"]
