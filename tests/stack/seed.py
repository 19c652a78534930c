"""Seed the stack in-process (moto's backends directly: no HTTP, well under a second).

What is created (documented in README.md):
- user pool `<region>_<9 alnum>` with a password policy; a public client (no secret) and a
  client with a secret, both allowing SRP, password and refresh flows;
- confirmed user `demo` (DEMO_PASSWORD) and `newbie` in FORCE_CHANGE_PASSWORD (NEWBIE_PASSWORD
  is the temporary password);
- identity pool `<region>:<uuid>` bound to both clients, guests allowed, with an authenticated
  and a guest (unauthenticated) IAM role;
- bucket `demo-bucket` with a CORS rule for the allowed origins and objects under `public/`
  and `private/` (nested folders, spaces, unicode, `+`, `=`; `public/many/` holds 1,100 keys);
- IAM user `stack-admin` with full access, for tests that need admin calls;
- the users' own data (seed_data.py): user `other`, identities for `demo` and `other`, a file
  in each one's `private/<identity id>/` folder, the `profiles` DynamoDB table with a row each,
  and the roles' policies that confine each identity to its own folder and rows.
"""

from __future__ import annotations

import json
import secrets
import string

from moto.cognitoidentity.models import cognitoidentity_backends
from moto.cognitoidp.models import cognitoidp_backends
from moto.core import DEFAULT_ACCOUNT_ID
from moto.iam.models import iam_backends
from moto.s3.models import s3_backends

import seed_data
import stack_config

BUCKET = "demo-bucket"
DEMO_USER = "demo"
DEMO_PASSWORD = "Demo-passw0rd!"
NEWBIE_USER = "newbie"
NEWBIE_PASSWORD = "Temp-passw0rd1!"
MANY_PREFIX = "public/many/"
MANY_COUNT = 1100

PASSWORD_POLICY = {
    "MinimumLength": 8,
    "RequireUppercase": True,
    "RequireLowercase": True,
    "RequireNumbers": True,
    "RequireSymbols": True,
    "TemporaryPasswordValidityDays": 7,
}
AUTH_FLOWS = ["ALLOW_USER_SRP_AUTH", "ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]

#: Objects besides the 1,100 under public/many/ (key -> body).
OBJECTS = {
    "public/readme.txt": b"Hello from the public prefix.\n",
    "public/docs/guide.txt": b"A guide.\n",
    "public/docs/nested/deep/file.txt": b"Deep inside.\n",
    "public/a b/with space.txt": b"Spaces in folder and file.\n",
    "public/a b/c d/e f.txt": b"More spaces.\n",
    "public/unicode/h\u00e9llo w\u00f6rld \u2713.txt": "Unicode: h\u00e9llo w\u00f6rld \u2713\n".encode(),
    "public/unicode/\u65e5\u672c\u8a9e/\u30d5\u30a1\u30a4\u30eb.txt": "\u65e5\u672c\u8a9e\n".encode(),
    "public/symbols/a+b=c.txt": b"Plus and equals.\n",
    "public/symbols/x=1&y=2 (copy).txt": b"Ampersand, parentheses.\n",
    "public/symbols/100% done~.txt": b"Percent and tilde.\n",
    "private/secret.txt": b"Only signed-in users can read this.\n",
    "private/notes/2024/january.txt": b"Private notes.\n",
    "private/a b+c=d.txt": b"Private with symbols.\n",
    "top-level.txt": b"Outside public/ and private/: nobody's role can read it.\n",
}


def _trust_policy(identity_pool_id: str, amr: str) -> str:
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Principal": {"Federated": "cognito-identity.amazonaws.com"},
                    "Action": "sts:AssumeRoleWithWebIdentity",
                    "Condition": {
                        "StringEquals": {"cognito-identity.amazonaws.com:aud": identity_pool_id},
                        "ForAnyValue:StringLike": {"cognito-identity.amazonaws.com:amr": amr},
                    },
                }
            ],
        }
    )


#: The authenticated role's rights to the demo's pool map (Cognito admin reads).
POOL_MAP_STATEMENT = {
    "Sid": "PoolMap",
    "Effect": "Allow",
    "Action": [
        "cognito-idp:ListUserPools",
        "cognito-idp:DescribeUserPool",
        "cognito-identity:ListIdentityPools",
        "cognito-identity:DescribeIdentityPool",
    ],
    "Resource": "*",
}


def _pool_suffix() -> str:
    alphabet = string.ascii_letters + string.digits
    return "".join(secrets.choice(alphabet) for _ in range(9))


def _seed_user_pool(region: str, account: str) -> dict:
    idp = cognitoidp_backends[account][region]
    pool = idp.create_user_pool(
        "cognito-wasm-demo",
        {
            "Policies": {"PasswordPolicy": PASSWORD_POLICY},
            "AutoVerifiedAttributes": ["email"],
            "AdminCreateUserConfig": {"AllowAdminCreateUserOnly": True},
        },
    )
    # moto ids are "<region>_<32 hex>"; Cognito's are "<region>_<9 alphanumerics>".
    del idp.user_pools[pool.id]
    pool.id = f"{region}_{_pool_suffix()}"
    pool.arn = f"arn:aws:cognito-idp:{region}:{account}:userpool/{pool.id}"
    idp.user_pools[pool.id] = pool

    public = idp.create_user_pool_client(
        pool.id, False, {"ClientName": "demo-public", "ExplicitAuthFlows": AUTH_FLOWS}
    )
    confidential = idp.create_user_pool_client(
        pool.id, True, {"ClientName": "demo-with-secret", "ExplicitAuthFlows": AUTH_FLOWS}
    )
    for username, password in ((DEMO_USER, DEMO_PASSWORD), (NEWBIE_USER, NEWBIE_PASSWORD)):
        idp.admin_create_user(
            pool.id,
            username,
            None,
            password,
            [
                {"Name": "email", "Value": f"{username}@example.com"},
                {"Name": "email_verified", "Value": "true"},
            ],
        )
    idp.admin_set_user_password(pool.id, DEMO_USER, DEMO_PASSWORD, True)
    return {"pool": pool, "public": public, "confidential": confidential}


def _seed_iam(account: str, identity_pool_id: str, region: str) -> dict:
    iam = iam_backends[account]["aws"]
    roles = {}
    policies = {
        "authenticated": seed_data.authenticated_policy(BUCKET, region, account),
        "unauthenticated": seed_data.guest_policy(BUCKET),
    }
    for kind, name, amr, pool_map in (
        ("authenticated", "CognitoDemoAuthenticatedRole", "authenticated", True),
        ("unauthenticated", "CognitoDemoGuestRole", "unauthenticated", False),
    ):
        role = iam.create_role(
            name, _trust_policy(identity_pool_id, amr), "/", None, f"demo {kind} role", [], None
        )
        if pool_map:
            policies[kind]["Statement"].append(POOL_MAP_STATEMENT)
        iam.put_role_policy(name, "demo-access", json.dumps(policies[kind]))
        roles[kind] = role.arn
    iam.create_user("us-east-1", "stack-admin")
    iam.put_user_policy(
        "stack-admin",
        "admin",
        json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}],
            }
        ),
    )
    key = iam.create_access_key("stack-admin")
    return {
        "roles": roles,
        "policies": policies,
        "admin": {"accessKeyId": key.access_key_id, "secretAccessKey": key.secret_access_key},
    }


def _seed_s3(region: str, account: str, origins: list[str]) -> None:
    s3 = s3_backends[account]["aws"]
    s3.create_bucket(BUCKET, region)
    s3.put_bucket_cors(
        BUCKET,
        [
            {
                "AllowedOrigin": list(origins),
                "AllowedMethod": ["GET", "HEAD", "PUT", "POST", "DELETE"],
                "AllowedHeader": list(stack_config.ALLOWED_HEADERS),
                "ExposeHeader": list(stack_config.EXPOSED_HEADERS),
                "MaxAgeSeconds": "3000",
            }
        ],
    )
    for key, body in OBJECTS.items():
        s3.put_object(BUCKET, key, body, disable_notification=True)
    for i in range(MANY_COUNT):
        s3.put_object(
            BUCKET, f"{MANY_PREFIX}item-{i:04d}.txt", b"%d\n" % i, disable_notification=True
        )


def seed(region: str, origins: list[str], account: str = DEFAULT_ACCOUNT_ID) -> dict:
    """Create everything; return the stack description (without the endpoint)."""
    user_pool = _seed_user_pool(region, account)
    pool = user_pool["pool"]
    provider = f"cognito-idp.{region}.amazonaws.com/{pool.id}"
    identity_backend = cognitoidentity_backends[account][region]
    identity_pool = json.loads(
        identity_backend.create_identity_pool(
            identity_pool_name="cognito_wasm_demo",
            allow_unauthenticated_identities=True,
            supported_login_providers={},
            developer_provider_name="",
            open_id_connect_provider_arns=[],
            cognito_identity_providers=[
                {
                    "ProviderName": provider,
                    "ClientId": user_pool["public"].id,
                    "ServerSideTokenCheck": False,
                },
                {
                    "ProviderName": provider,
                    "ClientId": user_pool["confidential"].id,
                    "ServerSideTokenCheck": False,
                },
            ],
            saml_provider_arns=[],
            tags={},
        )
    )
    identity_pool_id = identity_pool["IdentityPoolId"]
    iam = _seed_iam(account, identity_pool_id, region)
    identity_backend.identity_pools[identity_pool_id].stack_roles = dict(iam["roles"])
    _seed_s3(region, account, origins)
    seed_data.create_other_user(region, account, pool.id)
    identity_ids = seed_data.seed_user_data(region, account, pool.id, identity_pool_id, BUCKET)
    import seed_accounts  # the account features' pools (self sign-up, MFA, tenants)

    accounts = seed_accounts.seed_accounts(region, account, pool.id)
    return {
        "region": region,
        "userPoolId": pool.id,
        "clientId": user_pool["public"].id,
        "clientIdWithSecret": user_pool["confidential"].id,
        "clientSecret": user_pool["confidential"].secret,
        "identityPoolId": identity_pool_id,
        "bucket": BUCKET,
        "users": {
            "demo": {"username": DEMO_USER, "password": DEMO_PASSWORD},
            "newPassword": {"username": NEWBIE_USER, "password": NEWBIE_PASSWORD},
            "other": {"username": seed_data.OTHER_USER, "password": seed_data.OTHER_PASSWORD},
        },
        "identityIds": identity_ids,
        "table": seed_data.TABLE,
        "tablePartitionKey": seed_data.PARTITION_KEY,
        "policies": iam["policies"],
        "roles": iam["roles"],
        "admin": iam["admin"],
        **accounts,
    }
