"""In-process patches that make moto 5.2.5 check what AWS checks (see tests/stack/README.md).

Each module patches one concern and names the moto version it targets:
- `auth`: SigV4 verification from the raw request + IAM authorisation for every service;
- `policy`: IAM condition keys (s3:prefix) and IAM's "not applicable" semantics, and
  (`iam_eval`) identity-policy evaluation with wildcards, policy variables, set operators;
- `dynamodb`: DynamoDB authorised per table with dynamodb:LeadingKeys/Attributes;
- `s3`: CopyObject's source and DeleteObjects' keys authorised per object (`s3_data`);
- `srp`: the server side of Cognito SRP and the auth-flow checks moto skips;
- `identity`: identity pool logins, real STS credentials, SetIdentityPoolRoles;
- `revoke`: RevokeToken (moto has none);
- `region`: one region for the Cognito services (unsigned calls carry none);
- `accounts`: sign-up, confirmation, password reset, attribute verification, DeleteUser…
  with real codes delivered to the outbox (codes.py, outbox.py);
- `challenges`: MFA (real TOTP, email/SMS codes, MFA_SETUP), remembered devices and device
  SRP, the ConfirmSignUp session (devices.py, totp.py).
"""

import moto

MOTO_VERSION = "5.2.5"


def apply_all(region: str, disabled: set[str] = frozenset()) -> None:
    """Apply every patch but those named in `disabled` (only to prove tests can fail);
    refuse to run on a moto version they were not written for."""
    if moto.__version__ != MOTO_VERSION:
        raise RuntimeError(
            f"tests/stack/patches target moto {MOTO_VERSION}, found {moto.__version__}: "
            "re-check each hook point before changing the pin"
        )
    from . import accounts, auth, challenges, dynamodb, iam_eval, identity, policy, revoke, s3_data, srp
    from . import region as region_patch

    patches = {
        "policy": lambda: (policy.apply(), iam_eval.apply()),
        "dynamodb": dynamodb.apply,
        "s3": s3_data.apply,
        "auth": lambda: auth.apply(region),
        "region": lambda: region_patch.apply(region),
        "srp": srp.apply,
        "identity": identity.apply,
        "revoke": revoke.apply,
        "accounts": accounts.apply,
        "challenges": challenges.apply,  # after srp: it wraps srp's sign-in
    }
    for name, apply in patches.items():
        if name not in disabled:
            apply()
