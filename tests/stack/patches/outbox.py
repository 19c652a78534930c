"""Where the stack "delivers" the codes Cognito would send by email or SMS.

No moto import: a thread-safe list of deliveries that tests and the demo read through
`GET /_stack/outbox?username=…` (see middleware.py). Each delivery is
`{"destination", "medium", "code", "purpose", "time", "username", "userPoolId"}`:
`destination` is the full email address or phone number (the outbox is the recipient's
mailbox, not the masked `CodeDeliveryDetails` a client sees), `medium` is EMAIL or SMS,
`purpose` one of PURPOSES, `time` ISO 8601 UTC.
"""

from __future__ import annotations

import datetime
import threading
from typing import Any

#: Why a code was sent: sign-up confirmation (SignUp, ResendConfirmationCode), password
#: reset (ForgotPassword), attribute verification (`verify-email`, `verify-phone_number`:
#: GetUserAttributeVerificationCode, UpdateUserAttributes), and an MFA code at sign-in
#: (EMAIL_OTP, SMS_MFA).
PURPOSES = ("sign-up", "forgot-password", "verify-email", "verify-phone_number", "mfa")

_lock = threading.Lock()
_deliveries: list[dict[str, Any]] = []


def deliver(
    pool_id: str, username: str, destination: str, medium: str, code: str, purpose: str
) -> None:
    """Record one delivered message."""
    if purpose not in PURPOSES:
        raise ValueError(f"unknown purpose {purpose!r}")
    when = datetime.datetime.now(datetime.timezone.utc)
    entry = {
        "destination": destination,
        "medium": medium,
        "code": code,
        "purpose": purpose,
        "time": when.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
        "username": username,
        "userPoolId": pool_id,
    }
    with _lock:
        _deliveries.append(entry)


def read(username: str | None = None, pool_id: str | None = None) -> list[dict[str, Any]]:
    """Deliveries, oldest first, for one username and/or pool (all when both are None)."""
    with _lock:
        return [
            dict(entry)
            for entry in _deliveries
            if (username is None or entry["username"] == username)
            and (pool_id is None or entry["userPoolId"] == pool_id)
        ]


def clear() -> None:
    """Forget every delivery."""
    with _lock:
        _deliveries.clear()
