"""One-time codes (sign-up, password reset, attribute verification, email/SMS MFA).

No moto import. A code is six random digits (`secrets`), delivered into the outbox, valid
once, for a limited time, and counted: each wrong answer is a CodeMismatchException, and
after MAX_FAILURES of them the code is dead (LimitExceededException, even for the right
code) until a new one is issued. An expired code, a code already used, and no code at all
are ExpiredCodeException. A new code for the same (pool, user, purpose) replaces the old.

Lifetimes follow Cognito's: 24 hours for sign-up and attribute verification, 1 hour for a
password reset, 3 minutes for an MFA code. `STACK_CODE_TTL_SECONDS` (environment) shortens
every lifetime to that many seconds, for tests of expiry.
"""

from __future__ import annotations

import hmac
import os
import secrets
import threading
import time
from dataclasses import dataclass

from .errors import json_error
from . import outbox

MAX_FAILURES = 5
LIFETIME_SECONDS = {
    "sign-up": 24 * 3600,
    "forgot-password": 3600,
    "verify-email": 24 * 3600,
    "verify-phone_number": 24 * 3600,
    "mfa": 180,
}
TTL_ENV = "STACK_CODE_TTL_SECONDS"


@dataclass
class _Code:
    value: str
    expires: float
    failures: int = 0


_lock = threading.Lock()
_codes: dict[tuple[str, str, str], _Code] = {}


def _lifetime(purpose: str) -> float:
    override = os.environ.get(TTL_ENV)
    return float(override) if override else float(LIFETIME_SECONDS[purpose])


def issue(pool_id: str, username: str, purpose: str, destination: str, medium: str) -> str:
    """A new code for (pool, user, purpose), delivered to `destination`; returns it."""
    value = f"{secrets.randbelow(1_000_000):06d}"
    with _lock:
        _codes[(pool_id, username, purpose)] = _Code(value, time.time() + _lifetime(purpose))
    outbox.deliver(pool_id, username, destination, medium, value, purpose)
    return value


def check(pool_id: str, username: str, purpose: str, code: object) -> None:
    """Accept the current code once, or raise ExpiredCode/CodeMismatch/LimitExceeded."""
    key = (pool_id, username, purpose)
    with _lock:
        current = _codes.get(key)
        if current is None or current.expires < time.time():
            _codes.pop(key, None)
            raise json_error(
                "ExpiredCodeException", "Invalid code provided, please request a code again."
            )
        if current.failures >= MAX_FAILURES:
            raise json_error(
                "LimitExceededException", "Attempt limit exceeded, please try after some time."
            )
        if not isinstance(code, str) or not hmac.compare_digest(
            code.encode(), current.value.encode()
        ):
            current.failures += 1
            raise json_error(
                "CodeMismatchException", "Invalid verification code provided, please try again."
            )
        del _codes[key]


def forget_user(pool_id: str, username: str) -> None:
    """Drop every pending code of a deleted user."""
    with _lock:
        for key in [k for k in _codes if k[0] == pool_id and k[1] == username]:
            del _codes[key]
