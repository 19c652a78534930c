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
- `region`: one region for the Cognito services (unsigned calls carry none).
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
    from . import auth, dynamodb, iam_eval, identity, policy, revoke, s3_data, srp
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
    }
    for name, apply in patches.items():
        if name not in disabled:
            apply()
