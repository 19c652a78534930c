"""USER_PASSWORD_AUTH and REFRESH_TOKEN_AUTH, and the tokens the user pool issues."""

import base64
import hashlib
import hmac
import json
import time

import pytest
from botocore.exceptions import ClientError


def _claims(token: str) -> dict:
    payload = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


def _secret_hash(username: str, client_id: str, secret: str) -> str:
    digest = hmac.new(secret.encode(), (username + client_id).encode(), hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def _code(excinfo) -> str:
    return excinfo.value.response["Error"]["Code"]


def test_password_flow_signs_in(stack):
    result = stack.password_sign_in()
    assert {"IdToken", "AccessToken", "RefreshToken", "ExpiresIn"} <= set(result)
    claims = _claims(result["IdToken"])
    assert (
        claims["iss"] == f"https://cognito-idp.{stack.region}.amazonaws.com/{stack['userPoolId']}"
    )
    assert claims["aud"] == stack["clientId"]
    assert claims["token_use"] == "id"
    assert claims["cognito:username"] == "demo"
    assert claims["exp"] > time.time()
    assert _claims(result["AccessToken"])["token_use"] == "access"


def test_wrong_password_is_refused(stack):
    with pytest.raises(ClientError) as excinfo:
        stack.password_sign_in(password="Not-the-passw0rd!")
    assert _code(excinfo) == "NotAuthorizedException"


def test_refresh_returns_new_tokens_without_a_new_refresh_token(stack):
    first = stack.password_sign_in()
    reply = stack.idp().initiate_auth(
        ClientId=stack["clientId"],
        AuthFlow="REFRESH_TOKEN_AUTH",
        AuthParameters={"REFRESH_TOKEN": first["RefreshToken"]},
    )
    result = reply["AuthenticationResult"]
    assert {"IdToken", "AccessToken"} <= set(result)
    assert "RefreshToken" not in result
    assert _claims(result["IdToken"])["sub"] == _claims(first["IdToken"])["sub"]


def test_unknown_refresh_token_is_refused(stack):
    with pytest.raises(ClientError) as excinfo:
        stack.idp().initiate_auth(
            ClientId=stack["clientId"],
            AuthFlow="REFRESH_TOKEN_AUTH",
            AuthParameters={"REFRESH_TOKEN": "not-a-refresh-token"},
        )
    assert _code(excinfo) == "NotAuthorizedException"


def test_refresh_token_only_works_with_its_own_client(stack):
    first = stack.password_sign_in()
    with pytest.raises(ClientError) as excinfo:
        stack.idp().initiate_auth(
            ClientId=stack["clientIdWithSecret"],
            AuthFlow="REFRESH_TOKEN_AUTH",
            AuthParameters={
                "REFRESH_TOKEN": first["RefreshToken"],
                "SECRET_HASH": _secret_hash(
                    "demo", stack["clientIdWithSecret"], stack["clientSecret"]
                ),
            },
        )
    assert _code(excinfo) == "NotAuthorizedException"


def test_client_with_secret_requires_secret_hash(stack):
    user = stack["users"]["demo"]
    params = {"USERNAME": user["username"], "PASSWORD": user["password"]}
    with pytest.raises(ClientError) as excinfo:
        stack.idp().initiate_auth(
            ClientId=stack["clientIdWithSecret"],
            AuthFlow="USER_PASSWORD_AUTH",
            AuthParameters=params,
        )
    assert _code(excinfo) == "NotAuthorizedException"
    with pytest.raises(ClientError):
        stack.idp().initiate_auth(
            ClientId=stack["clientIdWithSecret"],
            AuthFlow="USER_PASSWORD_AUTH",
            AuthParameters={
                **params,
                "SECRET_HASH": _secret_hash("demo", stack["clientIdWithSecret"], "wrong"),
            },
        )
    reply = stack.idp().initiate_auth(
        ClientId=stack["clientIdWithSecret"],
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={
            **params,
            "SECRET_HASH": _secret_hash("demo", stack["clientIdWithSecret"], stack["clientSecret"]),
        },
    )
    refreshed = stack.idp().initiate_auth(
        ClientId=stack["clientIdWithSecret"],
        AuthFlow="REFRESH_TOKEN_AUTH",
        AuthParameters={
            "REFRESH_TOKEN": reply["AuthenticationResult"]["RefreshToken"],
            "SECRET_HASH": _secret_hash("demo", stack["clientIdWithSecret"], stack["clientSecret"]),
        },
    )
    assert "IdToken" in refreshed["AuthenticationResult"]


def test_force_change_password_user_gets_challenge_from_password_flow(stack):
    newbie = stack["users"]["newPassword"]
    reply = stack.idp().initiate_auth(
        ClientId=stack["clientId"],
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": newbie["username"], "PASSWORD": newbie["password"]},
    )
    assert reply["ChallengeName"] == "NEW_PASSWORD_REQUIRED"
    assert reply["Session"]
    assert "requiredAttributes" in reply["ChallengeParameters"]
    # The session is newbie's: it cannot set demo's password.
    with pytest.raises(ClientError) as excinfo:
        stack.idp().respond_to_auth_challenge(
            ClientId=stack["clientId"],
            ChallengeName="NEW_PASSWORD_REQUIRED",
            Session=reply["Session"],
            ChallengeResponses={"USERNAME": "demo", "NEW_PASSWORD": "Hijacked-passw0rd!"},
        )
    assert _code(excinfo) == "NotAuthorizedException"
    stack.password_sign_in()  # demo's password is unchanged


def test_unsigned_cognito_calls_are_never_server_errors(stack):
    """Malformed unsigned calls get a 4xx JSON error, not a 500 or a hang."""
    status, headers, body = stack.json_call(
        "AWSCognitoIdentityProviderService.InitiateAuth",
        {"ClientId": "nope", "AuthFlow": "USER_PASSWORD_AUTH", "AuthParameters": {}},
    )
    assert 400 <= status < 500
    assert body["__type"].endswith("ResourceNotFoundException")
    assert headers["x-amzn-errortype"] == "ResourceNotFoundException"
