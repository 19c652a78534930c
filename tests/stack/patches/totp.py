"""RFC 6238 time-based one-time passwords, as Cognito's software-token MFA uses them.

No moto import. Secrets are 32 base32 characters (160 bits, like Cognito's `SecretCode`);
codes are 6 digits, SHA-1, 30-second steps, and one step of clock drift either way is
accepted (RFC 6238 section 5.2). pyotp computes them.
"""

from __future__ import annotations

import pyotp

#: Steps of drift accepted either side of the server's current step.
VALID_WINDOW = 1


def new_secret() -> str:
    """A fresh base32 secret for AssociateSoftwareToken."""
    return pyotp.random_base32(32)


def verify(secret: str, code: object) -> bool:
    """True if `code` is the TOTP of `secret` now (or one step either side)."""
    if not isinstance(code, str) or len(code) != 6 or not code.isdigit():
        return False
    return pyotp.TOTP(secret).verify(code, valid_window=VALID_WINDOW)
