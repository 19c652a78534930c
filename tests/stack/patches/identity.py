"""A real identity pool: GetId and GetCredentialsForIdentity check logins and hand out
STS credentials for the pool's roles; SetIdentityPoolRoles/GetIdentityPoolRoles exist.

Targets moto 5.2.5 (`moto/cognitoidentity/responses.py`, `CognitoIdentityResponse`).
Stock moto's GetId accepts any pool id and any token and makes a new identity each
time; GetCredentialsForIdentity returns fixed dummy keys (expiring in 90 s) that no
other service accepts; SetIdentityPoolRoles does not exist. Here:

- GetId: unknown pool -> ResourceNotFoundException; with Logins, every key must be a
  provider bound to the pool (`cognito-idp.<region>.amazonaws.com/<userPoolId>`) and its
  token a valid ID token of that user pool: RS256 signature by the pool's key (moto's
  JWKS), `iss` = `https://cognito-idp.<region>.amazonaws.com/<userPoolId>` (what moto
  issues), `token_use` = id, `aud` = the ClientId bound for that provider, not expired;
  otherwise NotAuthorizedException. Without Logins only if the pool allows guests. The
  identity id (`<region>:<uuid>`) is stable per (pool, provider, sub); each guest GetId
  makes a new guest identity, as in AWS.
- GetCredentialsForIdentity: unknown identity -> ResourceNotFoundException; the same
  login checks (the token must belong to the identity); then an in-process STS
  AssumeRole of the pool's authenticated or unauthenticated role for one hour. The keys
  are real emulator credentials: S3 and the Cognito admin APIs verify requests signed
  with them and apply the role's policies.
"""

from __future__ import annotations

import datetime
import json
import re
import time
import uuid
from typing import Any

from joserfc import jwt
from moto.cognitoidentity.responses import CognitoIdentityResponse
from moto.cognitoidp.models import cognitoidp_backends
from moto.sts.models import sts_backends

from .errors import json_error

_POOL_ID = re.compile(r"[\w-]+:[0-9a-f-]+")
_PROVIDER = re.compile(r"cognito-idp\.([a-z0-9-]+)\.amazonaws\.com/([\w-]+_[0-9a-zA-Z]+)")
CREDENTIAL_SECONDS = 3600


def _not_authorized(message: str):
    return json_error("NotAuthorizedException", message)


def _state(backend: Any) -> dict[str, Any]:
    if not hasattr(backend, "stack_identities"):
        backend.stack_identities = (
            {}
        )  # identity id -> {"pool": id, "login": (provider, sub) | None}
        backend.stack_login_index = {}  # (pool id, provider, sub) -> identity id
    return backend.stack_identities


def _pool(response: CognitoIdentityResponse, pool_id: Any):
    if not isinstance(pool_id, str) or not _POOL_ID.fullmatch(pool_id) or len(pool_id) > 55:
        raise json_error(
            "ValidationException",
            f"1 validation error detected: Value '{pool_id}' at 'identityPoolId' failed to "
            "satisfy constraint: Member must satisfy regular expression pattern: [\\w-]+:[0-9a-f-]+",
        )
    pool = response.backend.identity_pools.get(pool_id)
    if pool is None:
        raise json_error("ResourceNotFoundException", f"IdentityPool '{pool_id}' not found.")
    return pool


def _verify_login(response: CognitoIdentityResponse, pool: Any, provider: str, token: Any) -> str:
    """Check one Logins entry against the pool; return the token's sub."""
    # A user pool may be bound several times, once per app client.
    client_ids = [
        p.get("ClientId")
        for p in pool.cognito_identity_providers or []
        if p.get("ProviderName") == provider
    ]
    if not client_ids:
        raise _not_authorized(
            "Invalid login token. Token is not from a supported provider of this identity pool."
        )
    match = _PROVIDER.fullmatch(provider)
    if not match or not isinstance(token, str):
        raise _not_authorized("Invalid login token.")
    region, user_pool_id = match.groups()
    user_pool = cognitoidp_backends[response.current_account][region].user_pools.get(user_pool_id)
    if user_pool is None:
        raise _not_authorized("Invalid login token. Issuer doesn't match providerName")
    try:
        claims = jwt.decode(token, user_pool.json_web_key, algorithms=["RS256"]).claims
    except Exception:  # bad format, bad signature, wrong algorithm: all the same to AWS
        raise _not_authorized("Invalid login token. Couldn't verify signed token.")
    if claims.get("iss") != f"https://{provider}":
        raise _not_authorized("Invalid login token. Issuer doesn't match providerName")
    if claims.get("token_use") != "id":
        raise _not_authorized("Invalid login token. Not a valid OpenId Connect identity token.")
    audience = claims.get("aud")
    any_client = not all(client_ids)  # an entry without ClientId accepts every client of the pool
    if audience not in client_ids and not (any_client and audience in user_pool.clients):
        raise _not_authorized("Invalid login token. Incorrect token audience.")
    expires = claims.get("exp")
    if not isinstance(expires, (int, float)) or expires <= time.time():
        raise _not_authorized(f"Invalid login token. Token expired: {expires}")
    sub = claims.get("sub")
    if not isinstance(sub, str) or not sub:
        raise _not_authorized("Invalid login token. Missing sub.")
    return sub


def _logins(response: CognitoIdentityResponse, pool: Any) -> tuple[str, str] | None:
    logins = response._get_param("Logins")
    if not logins:
        return None
    if not isinstance(logins, dict):
        raise json_error("InvalidParameterException", "Logins must be a map")
    verified = [(p, _verify_login(response, pool, p, t)) for p, t in logins.items()]
    return verified[0]


def get_id(self: CognitoIdentityResponse) -> str:
    """GetId with pool and login checks."""
    pool = _pool(self, self._get_param("IdentityPoolId"))
    login = _logins(self, pool)
    _state(self.backend)  # the login index below
    if login is None:
        if not pool.allow_unauthenticated_identities:
            raise _not_authorized("Unauthenticated access is not supported for this identity pool.")
    else:
        existing = self.backend.stack_login_index.get((pool.identity_pool_id, *login))
        if existing:
            return json.dumps({"IdentityId": existing})
    return json.dumps({"IdentityId": new_identity(self.backend, self.region, pool, login)})


def new_identity(backend: Any, region: str, pool: Any, login: tuple[str, str] | None) -> str:
    """Record a new identity of `pool` (a guest when `login` is None, else for (provider,
    sub)); returns its id. GetId uses it; so does the seed, to publish the users' ids."""
    identity_id = f"{region}:{uuid.uuid4()}"
    _state(backend)[identity_id] = {"pool": pool.identity_pool_id, "login": login}
    if login is not None:
        backend.stack_login_index[(pool.identity_pool_id, *login)] = identity_id
    entry = {"IdentityId": identity_id, "Logins": [login[0]] if login else []}
    backend.pools_identities.setdefault(
        pool.identity_pool_id, {"IdentityPoolId": pool.identity_pool_id, "Identities": []}
    )["Identities"].append(entry)
    return identity_id


def get_credentials_for_identity(self: CognitoIdentityResponse) -> str:
    """GetCredentialsForIdentity: STS credentials of the pool's role for this identity."""
    identity_id = self._get_param("IdentityId")
    identity = _state(self.backend).get(identity_id) if isinstance(identity_id, str) else None
    if identity is None:
        raise json_error("ResourceNotFoundException", f"Identity '{identity_id}' not found.")
    pool = _pool(self, identity["pool"])
    login = _logins(self, pool)
    if login is None:
        if identity["login"] is not None:
            raise _not_authorized(
                "Logins don't match. Please include at least one valid login for this identity or identity pool."
            )
        if not pool.allow_unauthenticated_identities:
            raise _not_authorized("Unauthenticated access is not supported for this identity pool.")
        role_kind = "unauthenticated"
    else:
        if identity["login"] != login:
            raise _not_authorized(
                "Logins don't match. Please include at least one valid login for this identity or identity pool."
            )
        role_kind = "authenticated"
    role_arn = getattr(pool, "stack_roles", {}).get(role_kind)
    if not role_arn:
        raise json_error(
            "InvalidIdentityPoolConfigurationException",
            "Invalid identity pool configuration. Check assigned IAM roles for this pool.",
        )
    role = sts_backends[self.current_account]["aws"].assume_role(
        region_name=self.region,
        role_session_name="CognitoIdentityCredentials",
        role_arn=role_arn,
        policy=None,
        duration=CREDENTIAL_SECONDS,
        external_id=None,
    )
    # What IAM knows of a web identity session: condition keys and policy variables.
    role.stack_condition_keys = {
        "cognito-identity.amazonaws.com:sub": identity_id,
        "cognito-identity.amazonaws.com:aud": pool.identity_pool_id,
        "cognito-identity.amazonaws.com:amr": (
            ["authenticated", login[0], f"{login[0]}:CognitoSignIn:{login[1]}"]
            if login
            else ["unauthenticated"]
        ),
    }
    expiration = role.expiration.replace(tzinfo=datetime.timezone.utc).timestamp()
    return json.dumps(
        {
            "IdentityId": identity_id,
            "Credentials": {
                "AccessKeyId": role.access_key_id,
                "SecretKey": role.secret_access_key,
                "SessionToken": role.session_token,
                "Expiration": expiration,
            },
        }
    )


def set_identity_pool_roles(self: CognitoIdentityResponse) -> str:
    """SetIdentityPoolRoles (missing from moto 5.2)."""
    pool = _pool(self, self._get_param("IdentityPoolId"))
    roles = self._get_param("Roles") or {}
    if not isinstance(roles, dict) or set(roles) - {"authenticated", "unauthenticated"}:
        raise json_error(
            "InvalidParameterException", "Roles keys must be authenticated/unauthenticated"
        )
    pool.stack_roles = dict(roles)
    pool.stack_role_mappings = self._get_param("RoleMappings") or {}
    return ""


def get_identity_pool_roles(self: CognitoIdentityResponse) -> str:
    """GetIdentityPoolRoles (missing from moto 5.2)."""
    pool = _pool(self, self._get_param("IdentityPoolId"))
    return json.dumps(
        {
            "IdentityPoolId": pool.identity_pool_id,
            "Roles": getattr(pool, "stack_roles", {}),
            "RoleMappings": getattr(pool, "stack_role_mappings", {}),
        }
    )


def apply() -> None:
    """Install the identity pool behaviour into moto's CognitoIdentityResponse."""
    CognitoIdentityResponse.get_id = get_id
    CognitoIdentityResponse.get_credentials_for_identity = get_credentials_for_identity
    CognitoIdentityResponse.set_identity_pool_roles = set_identity_pool_roles
    CognitoIdentityResponse.get_identity_pool_roles = get_identity_pool_roles
