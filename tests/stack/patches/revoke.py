"""RevokeToken, which moto 5.2.5 does not implement.

Targets moto 5.2.5: `CognitoIdpResponse` has no `revoke_token`, so `BaseResponse.call_action`
raises NotImplementedError ("The revoke_token action has not been implemented", HTTP 500
through the stack's middleware). Here `AWSCognitoIdentityProviderService.RevokeToken`
(unsigned, like Cognito; `auth.py` lets it through) takes `{Token, ClientId, ClientSecret?}`
and answers `{}`, as Cognito documents it:

- the refresh token is revoked: a later REFRESH_TOKEN_AUTH with it gets moto's own
  NotAuthorizedException "Refresh Token has been revoked"; the access tokens issued from it
  (same `origin_jti` claim) stop working with Cognito's user APIs (GetUser, GlobalSignOut…:
  NotAuthorizedException), as do its ID tokens in moto's token table;
- a token already revoked (RevokeToken, GlobalSignOut) or one the pool never issued: `{}`,
  as Cognito's /oauth2/revoke endpoint and RFC 7009 §2.2 answer an invalid token;
- an access or ID token (a JWT) instead of a refresh token: UnsupportedTokenTypeException;
- the client cannot be authenticated (unknown ClientId; ClientSecret missing or wrong for a
  client with a secret) or the token was issued to another client: UnauthorizedException;
- a client created with `EnableTokenRevocation: false`: UnsupportedOperationException;
- Token or ClientId missing or not matching the API's patterns: InvalidParameterException.

The error types are those the RevokeToken API declares; which one Cognito picks for an
unknown client or another client's token, and the messages, are this stack's choice (no
AWS source states them). Errors never echo the token or the secret.
"""

from __future__ import annotations

import base64
import binascii
import hmac
import json
import re
from typing import Any

from moto.cognitoidp.exceptions import InvalidParameterException
from moto.cognitoidp.models import CognitoIdpBackend
from moto.cognitoidp.responses import CognitoIdpResponse
from moto.core.exceptions import JsonRESTError
from moto.core.responses import EmptyResult

_TOKEN_PATTERN = "[A-Za-z0-9-_=.]+"
_CLIENT_ID_PATTERN = r"[\w+]+"


def _error(error_type: str, message: str) -> JsonRESTError:
    error = JsonRESTError(error_type, message)
    error.code = 400
    return error


def _validate(name: str, value: Any, pattern: str, max_length: int | None = None) -> None:
    if value is None:
        raise InvalidParameterException(
            f"1 validation error detected: Value null at '{name}' failed to satisfy "
            "constraint: Member must not be null"
        )
    if not isinstance(value, str) or not re.fullmatch(pattern, value):
        raise InvalidParameterException(
            f"1 validation error detected: Value at '{name}' failed to satisfy constraint: "
            f"Member must satisfy regular expression pattern: {pattern}"
        )
    if max_length is not None and len(value) > max_length:
        raise InvalidParameterException(
            f"1 validation error detected: Value at '{name}' failed to satisfy constraint: "
            f"Member must have length less than or equal to {max_length}"
        )


def _jwt_claims(token: str) -> dict[str, Any] | None:
    """The payload of a JWT (header with `alg`, three parts), or None if it is not one."""
    parts = token.split(".")
    if len(parts) != 3:
        return None
    try:
        decoded = [
            json.loads(base64.urlsafe_b64decode(p + "=" * (-len(p) % 4))) for p in parts[:2]
        ]
    except (ValueError, binascii.Error):
        return None
    header, payload = decoded
    if not isinstance(header, dict) or "alg" not in header or not isinstance(payload, dict):
        return None
    return payload


def revoke_token(
    self: CognitoIdpBackend, token: Any, client_id: Any, client_secret: Any = None
) -> None:
    """Revoke a refresh token and the access/ID tokens issued from it (see module doc)."""
    _validate("token", token, _TOKEN_PATTERN)
    _validate("clientId", client_id, _CLIENT_ID_PATTERN, max_length=128)
    pool = next((p for p in self.user_pools.values() if client_id in p.clients), None)
    if pool is None:
        raise _error("UnauthorizedException", "Client authentication failed: unknown client.")
    client = pool.clients[client_id]
    if client.generate_secret:
        if not client_secret:
            raise _error(
                "UnauthorizedException",
                f"Client {client_id} is configured with secret but ClientSecret was not received",
            )
        if not isinstance(client_secret, str) or not hmac.compare_digest(
            client_secret.encode(), client.secret.encode()
        ):
            raise _error("UnauthorizedException", "Client authentication failed: wrong secret.")
    if client.extended_config.get("EnableTokenRevocation") is False:
        raise _error(
            "UnsupportedOperationException", "Token revocation is not enabled for this client."
        )
    if _jwt_claims(token) is not None:
        raise _error("UnsupportedTokenTypeException", "Only refresh tokens can be revoked.")

    owner = next((p for p in self.user_pools.values() if token in p.refresh_tokens), None)
    issued = owner.refresh_tokens[token] if owner is not None else None
    if owner is None or issued is None:
        return  # never issued, or already revoked: nothing to do, as for an invalid token
    if issued[0] != client_id:
        raise _error("UnauthorizedException", "The token was not issued to this client.")
    origin_jti = issued[2]
    owner.refresh_tokens[token] = None
    for table in (owner.access_tokens, owner.id_tokens):
        for issued_token in list(table):
            claims = _jwt_claims(issued_token) or {}
            if claims.get("origin_jti") == origin_jti:
                table.pop(issued_token, None)


def _revoke_token_action(self: CognitoIdpResponse) -> EmptyResult:
    """The RevokeToken action of moto's cognito-idp responses."""
    self.backend.revoke_token(
        self._get_param("Token"), self._get_param("ClientId"), self._get_param("ClientSecret")
    )
    return EmptyResult()


def apply() -> None:
    """Add RevokeToken to moto's cognito-idp backend and its JSON dispatcher."""
    CognitoIdpBackend.revoke_token = revoke_token
    CognitoIdpResponse.revoke_token = _revoke_token_action
