"""RevokeToken (unsigned, as Cognito serves it): the refresh token and the access tokens
issued from it stop working; another client's token, a missing or wrong client secret and
a token that is not a refresh token are refused. Stock moto 5.2.5 has no RevokeToken
(see test_patches_matter.py)."""

import base64
import hashlib
import hmac

import pytest
from botocore.exceptions import ClientError

REVOKE = "AWSCognitoIdentityProviderService.RevokeToken"


def _code(excinfo) -> str:
    return excinfo.value.response["Error"]["Code"]


def _secret_hash(username: str, client_id: str, secret: str) -> str:
    digest = hmac.new(secret.encode(), (username + client_id).encode(), hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def _refresh(stack, refresh_token, client_id=None, secret=None):
    params = {"REFRESH_TOKEN": refresh_token}
    if secret is not None:
        params["SECRET_HASH"] = _secret_hash("demo", client_id, secret)
    return stack.idp().initiate_auth(
        ClientId=client_id or stack["clientId"],
        AuthFlow="REFRESH_TOKEN_AUTH",
        AuthParameters=params,
    )["AuthenticationResult"]


def _confidential_sign_in(stack):
    user = stack["users"]["demo"]
    client_id = stack["clientIdWithSecret"]
    return stack.idp().initiate_auth(
        ClientId=client_id,
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={
            "USERNAME": user["username"],
            "PASSWORD": user["password"],
            "SECRET_HASH": _secret_hash("demo", client_id, stack["clientSecret"]),
        },
    )["AuthenticationResult"]


def test_revoked_refresh_token_no_longer_refreshes(stack):
    tokens = stack.password_sign_in()
    assert "IdToken" in _refresh(stack, tokens["RefreshToken"])
    reply = stack.idp().revoke_token(Token=tokens["RefreshToken"], ClientId=stack["clientId"])
    assert reply["ResponseMetadata"]["HTTPStatusCode"] == 200
    with pytest.raises(ClientError) as excinfo:
        _refresh(stack, tokens["RefreshToken"])
    assert _code(excinfo) == "NotAuthorizedException"
    assert excinfo.value.response["Error"]["Message"] == "Refresh Token has been revoked"


def test_revoke_answers_an_empty_object_unsigned(stack):
    tokens = stack.password_sign_in()
    status, headers, body = stack.json_call(
        REVOKE, {"Token": tokens["RefreshToken"], "ClientId": stack["clientId"]}
    )
    assert (status, body) == (200, {})


def test_revoking_ends_only_that_session(stack):
    revoked = stack.password_sign_in()
    kept = stack.password_sign_in()
    refreshed = _refresh(stack, revoked["RefreshToken"])
    idp = stack.idp()
    assert idp.get_user(AccessToken=revoked["AccessToken"])["Username"] == "demo"
    idp.revoke_token(Token=revoked["RefreshToken"], ClientId=stack["clientId"])
    # The access tokens issued with and from the revoked refresh token are revoked too.
    for access_token in (revoked["AccessToken"], refreshed["AccessToken"]):
        with pytest.raises(ClientError) as excinfo:
            idp.get_user(AccessToken=access_token)
        assert _code(excinfo) == "NotAuthorizedException"
    assert idp.get_user(AccessToken=kept["AccessToken"])["Username"] == "demo"
    assert "IdToken" in _refresh(stack, kept["RefreshToken"])


def test_revoke_with_another_client_is_refused(stack):
    tokens = stack.password_sign_in()
    with pytest.raises(ClientError) as excinfo:
        stack.idp().revoke_token(
            Token=tokens["RefreshToken"],
            ClientId=stack["clientIdWithSecret"],
            ClientSecret=stack["clientSecret"],
        )
    assert _code(excinfo) == "UnauthorizedException"
    assert "IdToken" in _refresh(stack, tokens["RefreshToken"]), "the token still works"


def test_client_with_secret_needs_its_secret(stack):
    tokens = _confidential_sign_in(stack)
    client_id, secret = stack["clientIdWithSecret"], stack["clientSecret"]
    for wrong in ({}, {"ClientSecret": "x" + secret[1:]}):
        with pytest.raises(ClientError) as excinfo:
            stack.idp().revoke_token(Token=tokens["RefreshToken"], ClientId=client_id, **wrong)
        assert _code(excinfo) == "UnauthorizedException"
        assert secret not in str(excinfo.value)
    assert "IdToken" in _refresh(stack, tokens["RefreshToken"], client_id, secret)
    stack.idp().revoke_token(Token=tokens["RefreshToken"], ClientId=client_id, ClientSecret=secret)
    with pytest.raises(ClientError) as excinfo:
        _refresh(stack, tokens["RefreshToken"], client_id, secret)
    assert _code(excinfo) == "NotAuthorizedException"


@pytest.mark.parametrize("kind", ["AccessToken", "IdToken"])
def test_a_jwt_is_not_a_refresh_token(stack, kind):
    tokens = stack.password_sign_in()
    with pytest.raises(ClientError) as excinfo:
        stack.idp().revoke_token(Token=tokens[kind], ClientId=stack["clientId"])
    assert _code(excinfo) == "UnsupportedTokenTypeException"
    assert tokens[kind] not in str(excinfo.value)


def test_revoking_again_or_an_unknown_token_succeeds(stack):
    tokens = stack.password_sign_in()
    for token in (tokens["RefreshToken"], tokens["RefreshToken"], "never-issued-token"):
        stack.idp().revoke_token(Token=token, ClientId=stack["clientId"])
    with pytest.raises(ClientError):
        _refresh(stack, tokens["RefreshToken"])


def test_global_sign_out_then_revoke_succeeds(stack):
    tokens = stack.password_sign_in()
    stack.idp().global_sign_out(AccessToken=tokens["AccessToken"])
    stack.idp().revoke_token(Token=tokens["RefreshToken"], ClientId=stack["clientId"])


@pytest.mark.parametrize(
    "payload",
    [
        {"ClientId": "CLIENT"},
        {"Token": "has/slash", "ClientId": "CLIENT"},
        {"Token": "abc"},
        {"Token": "abc", "ClientId": "not-a-client-id"},
        {"Token": 12, "ClientId": "CLIENT"},
    ],
)
def test_invalid_parameters_are_refused(stack, payload):
    payload = {k: (stack["clientId"] if v == "CLIENT" else v) for k, v in payload.items()}
    status, headers, body = stack.json_call(REVOKE, payload)
    assert (status, body["__type"]) == (400, "InvalidParameterException")
    assert headers["x-amzn-errortype"] == "InvalidParameterException"


def test_unknown_client_is_refused(stack):
    tokens = stack.password_sign_in()
    status, _, body = stack.json_call(
        REVOKE, {"Token": tokens["RefreshToken"], "ClientId": "a" * 26}
    )
    assert (status, body["__type"]) == (400, "UnauthorizedException")
    assert "IdToken" in _refresh(stack, tokens["RefreshToken"])
