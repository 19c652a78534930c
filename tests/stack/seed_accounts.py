"""Seed for the account features (called by seed.py): self sign-up and optional MFA on the
demo pool, a pool that requires MFA with remembered devices, and tenant pool pairs.

- the demo pool: self sign-up allowed (codes go to the outbox), MFA OPTIONAL with TOTP and
  email, and its clients also allow USER_AUTH (sign-in with the ConfirmSignUp session);
- `cognito-wasm-mfa`: MFA required (TOTP or email), devices tracked and remembered on the
  user's opt-in (DeviceOnlyRememberedOnUserPrompt), self sign-up; a public client; users
  `mfa-setup` (no factor yet: sign-in answers MFA_SETUP) and `mfa-email` (email MFA:
  EMAIL_OTP), both with a verified email;
- `cognito-wasm-mfa-always`: the same, but every confirmed device is remembered at once
  (DeviceOnlyRememberedOnUserPrompt false); a public client, no seeded users;
- `cognito-wasm-mfa-email`: like `cognito-wasm-mfa`, but users sign up and in by their email
  (UsernameAttributes email: Cognito names each user by a generated id, and a sign-in by
  the email learns that name only from the reply); a public client, no seeded users;
- tenants laid out like the multi-tenant SaaS reference architecture: per tenant a user
  pool and an identity pool of the same name (`SYSADMIN-operations`, `TENANT-pooled`,
  `TENANT-acme`, `TENANT-globex`), the identity pool bound to its user pool's client by its
  Cognito identity providers; identity pools are created in a shuffled order, so pairing
  them takes DescribeIdentityPool calls, not list order.
"""

from __future__ import annotations

import json
import random

import moto.cognitoidp.models as models
from moto.cognitoidentity.models import cognitoidentity_backends
from moto.cognitoidp.models import cognitoidp_backends

MFA_PASSWORD = "Mfa-passw0rd!"
MFA_USERS = {"setup": "mfa-setup", "emailMfa": "mfa-email"}
TENANTS = ("SYSADMIN-operations", "TENANT-pooled", "TENANT-acme", "TENANT-globex")
DEVICE_CONFIGURATION = {
    "ChallengeRequiredOnNewDevice": True,
    "DeviceOnlyRememberedOnUserPrompt": True,
}
ALWAYS_REMEMBER = {
    "ChallengeRequiredOnNewDevice": True,
    "DeviceOnlyRememberedOnUserPrompt": False,
}


class _SharedKey:
    """Stands in for `joserfc.jwk` while pools are created: moto imports the same private
    key file for every pool, and that import (recovering the RSA primes) is most of the cost
    of creating a pool; the key is identical, so the first pool's is reused."""

    def __init__(self, key):
        self.RSAKey = self
        self._key = key

    def import_key(self, _data):
        return self._key


def _create_pool(idp, region: str, account: str, name: str, config: dict):
    from seed import _pool_suffix

    shared = next(iter(idp.user_pools.values())).json_web_key
    saved, models.jwk = models.jwk, _SharedKey(shared)
    try:
        pool = idp.create_user_pool(name, config)
    finally:
        models.jwk = saved
    del idp.user_pools[pool.id]
    pool.id = f"{region}_{_pool_suffix()}"
    pool.arn = f"arn:aws:cognito-idp:{region}:{account}:userpool/{pool.id}"
    idp.user_pools[pool.id] = pool
    return pool


def _open_demo_pool(idp, pool_id: str) -> None:
    pool = idp.user_pools[pool_id]
    pool.extended_config["AdminCreateUserConfig"] = {"AllowAdminCreateUserOnly": False}
    idp.set_user_pool_mfa_config(pool_id, None, {"Enabled": True}, "OPTIONAL")
    pool.stack_email_mfa = True
    for client in pool.clients.values():
        flows = client.extended_config.setdefault("ExplicitAuthFlows", [])
        if "ALLOW_USER_AUTH" not in flows:
            flows.append("ALLOW_USER_AUTH")


def _mfa_pool(
    idp,
    region: str,
    account: str,
    name="cognito-wasm-mfa",
    devices=DEVICE_CONFIGURATION,
    seed_users=True,
    username_attributes=None,
) -> dict:
    from seed import AUTH_FLOWS, PASSWORD_POLICY

    config = {
        "Policies": {"PasswordPolicy": PASSWORD_POLICY},
        "AutoVerifiedAttributes": ["email"],
        "AdminCreateUserConfig": {"AllowAdminCreateUserOnly": False},
        "MfaConfiguration": "ON",
        "DeviceConfiguration": dict(devices),
    }
    if username_attributes:
        config["UsernameAttributes"] = list(username_attributes)
    pool = _create_pool(idp, region, account, name, config)
    idp.set_user_pool_mfa_config(pool.id, None, {"Enabled": True}, "ON")
    pool.stack_email_mfa = True
    client = idp.create_user_pool_client(
        pool.id,
        False,
        {"ClientName": "mfa-public", "ExplicitAuthFlows": AUTH_FLOWS + ["ALLOW_USER_AUTH"]},
    )
    if not seed_users:
        return {"userPoolId": pool.id, "clientId": client.id}
    users = {}
    for role, username in MFA_USERS.items():
        idp.admin_create_user(
            pool.id,
            username,
            None,
            MFA_PASSWORD,
            [
                {"Name": "email", "Value": f"{username}@example.com"},
                {"Name": "email_verified", "Value": "true"},
            ],
        )
        idp.admin_set_user_password(pool.id, username, MFA_PASSWORD, True)
        users[role] = {"username": username, "password": MFA_PASSWORD}
    pool._get_user(MFA_USERS["emailMfa"]).stack_email_mfa_enabled = True
    return {"userPoolId": pool.id, "clientId": client.id, "users": users}


def _tenants(idp, region: str, account: str) -> list[dict]:
    identity = cognitoidentity_backends[account][region]
    tenants = []
    for name in TENANTS:
        pool = _create_pool(idp, region, account, name, {"AutoVerifiedAttributes": ["email"]})
        client = idp.create_user_pool_client(
            pool.id,
            False,
            {
                "ClientName": f"{name}-app",
                "ExplicitAuthFlows": ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
            },
        )
        tenants.append({"name": name, "userPoolId": pool.id, "clientId": client.id})
    for tenant in random.sample(tenants, len(tenants)):
        created = identity.create_identity_pool(
            identity_pool_name=tenant["name"],
            allow_unauthenticated_identities=False,
            supported_login_providers={},
            developer_provider_name="",
            open_id_connect_provider_arns=[],
            cognito_identity_providers=[
                {
                    "ProviderName": f"cognito-idp.{region}.amazonaws.com/{tenant['userPoolId']}",
                    "ClientId": tenant["clientId"],
                    "ServerSideTokenCheck": False,
                }
            ],
            saml_provider_arns=[],
            tags={},
        )

        tenant["identityPoolId"] = json.loads(created)["IdentityPoolId"]
    return tenants


def seed_accounts(region: str, account: str, demo_pool_id: str) -> dict:
    """Create the above; returns the JSON line's `mfaPool`, `mfaAlwaysPool`, `mfaEmailPool`
    and `tenants` fields."""
    idp = cognitoidp_backends[account][region]
    _open_demo_pool(idp, demo_pool_id)
    return {
        "mfaPool": _mfa_pool(idp, region, account),
        "mfaAlwaysPool": _mfa_pool(
            idp, region, account, "cognito-wasm-mfa-always", ALWAYS_REMEMBER, seed_users=False
        ),
        "mfaEmailPool": _mfa_pool(
            idp,
            region,
            account,
            "cognito-wasm-mfa-email",
            seed_users=False,
            username_attributes=["email"],
        ),
        "tenants": _tenants(idp, region, account),
    }
