"""Identity pool: GetId / GetCredentialsForIdentity check the pool, the logins and the
ID token, and hand out real credentials for the authenticated or the guest role."""

import base64
import json
import time

import pytest
from botocore.exceptions import ClientError
from joserfc import jwk, jwt
from moto.utilities.utils import load_resource


def _code(excinfo) -> str:
    return excinfo.value.response["Error"]["Code"]


def _b64(data: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def _claims(token: str) -> dict:
    payload = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


def _moto_signed(claims: dict) -> str:
    """A token signed with the user pool's own key (moto's), so only the claims can be wrong."""
    key = jwk.RSAKey.import_key(load_resource("cognitoidp/resources/jwks-private.json"))
    return jwt.encode({"alg": "RS256", "kid": "dummy"}, claims, key)


def _get_id(stack, logins=None, pool_id=None):
    return stack.identity().get_id(
        IdentityPoolId=pool_id or stack["identityPoolId"], Logins=logins or {}
    )["IdentityId"]


def test_unknown_identity_pool_is_resource_not_found(stack):
    region = stack.region
    with pytest.raises(ClientError) as excinfo:
        _get_id(stack, pool_id=f"{region}:00000000-0000-0000-0000-000000000000")
    assert _code(excinfo) == "ResourceNotFoundException"


def test_malformed_identity_pool_id_is_a_validation_error(stack):
    status, _, body = stack.json_call(
        "AWSCognitoIdentityService.GetId", {"IdentityPoolId": "no-colon"}
    )
    assert status == 400 and body["__type"] == "ValidationException"


def test_guest_gets_one_hour_credentials(stack):
    identity_id = _get_id(stack)
    assert identity_id.startswith(stack.region + ":")
    reply = stack.identity().get_credentials_for_identity(IdentityId=identity_id)
    credentials = reply["Credentials"]
    assert reply["IdentityId"] == identity_id
    assert credentials["AccessKeyId"].startswith("ASIA")
    assert credentials["SecretKey"] and credentials["SessionToken"]
    remaining = credentials["Expiration"].timestamp() - time.time()
    assert 3500 < remaining <= 3600


def test_expiration_is_epoch_seconds_on_the_wire(stack):
    identity_id = _get_id(stack)
    status, _, body = stack.json_call(
        "AWSCognitoIdentityService.GetCredentialsForIdentity", {"IdentityId": identity_id}
    )
    assert status == 200
    assert isinstance(body["Credentials"]["Expiration"], (int, float))
    assert abs(body["Credentials"]["Expiration"] - (time.time() + 3600)) < 60


def test_signed_in_user_gets_a_stable_identity_and_other_credentials(stack, demo_tokens):
    logins = {stack.provider(): demo_tokens["IdToken"]}
    first, second = _get_id(stack, logins), _get_id(stack, logins)
    assert first == second
    assert first != _get_id(stack)  # guests get identities of their own
    user = stack.identity().get_credentials_for_identity(IdentityId=first, Logins=logins)
    guest = stack.identity().get_credentials_for_identity(IdentityId=_get_id(stack))
    assert user["Credentials"]["AccessKeyId"] != guest["Credentials"]["AccessKeyId"]


def test_token_from_the_client_with_secret_is_accepted(stack):
    import hashlib
    import hmac

    digest = hmac.new(
        stack["clientSecret"].encode(),
        ("demo" + stack["clientIdWithSecret"]).encode(),
        hashlib.sha256,
    ).digest()
    reply = stack.idp().initiate_auth(
        ClientId=stack["clientIdWithSecret"],
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={
            "USERNAME": "demo",
            "PASSWORD": stack["users"]["demo"]["password"],
            "SECRET_HASH": base64.b64encode(digest).decode(),
        },
    )
    assert _get_id(stack, {stack.provider(): reply["AuthenticationResult"]["IdToken"]})


def _forgeries(stack, id_token, access_token):
    header, payload, signature = id_token.split(".")
    claims = _claims(id_token)
    now = int(time.time())
    other_issuer = f"https://cognito-idp.{stack.region}.amazonaws.com/{stack.region}_Other1234"
    return {
        "tampered-payload": lambda: f"{header}.{_b64({**claims, 'sub': 'someone-else'})}.{signature}",
        "other-key": lambda: jwt.encode(
            {"alg": "RS256", "kid": "dummy"}, claims, jwk.RSAKey.generate_key(2048)
        ),
        "alg-none": lambda: f"{_b64({'alg': 'none'})}.{payload}.",
        "access-token": lambda: access_token,
        "wrong-issuer": lambda: _moto_signed({**claims, "iss": other_issuer}),
        "wrong-audience": lambda: _moto_signed({**claims, "aud": "not-a-bound-client"}),
        "expired": lambda: _moto_signed({**claims, "iat": now - 7200, "exp": now - 3600}),
        "not-a-jwt": lambda: "garbage",
    }


@pytest.mark.parametrize(
    "kind",
    [
        "tampered-payload",
        "other-key",
        "alg-none",
        "access-token",
        "wrong-issuer",
        "wrong-audience",
        "expired",
        "not-a-jwt",
    ],
)
def test_forged_id_token_is_refused(stack, demo_tokens, kind):
    token = _forgeries(stack, demo_tokens["IdToken"], demo_tokens["AccessToken"])[kind]()
    with pytest.raises(ClientError) as excinfo:
        _get_id(stack, {stack.provider(): token})
    assert _code(excinfo) == "NotAuthorizedException"


def test_genuine_claims_resigned_with_the_pool_key_are_accepted(stack, demo_tokens):
    """Control for the forgery tests: the re-signing itself is not what gets refused."""
    assert _get_id(stack, {stack.provider(): _moto_signed(_claims(demo_tokens["IdToken"]))})


def test_provider_not_bound_to_the_pool_is_refused(stack, demo_tokens):
    other = f"cognito-idp.{stack.region}.amazonaws.com/{stack.region}_Unbound12"
    with pytest.raises(ClientError) as excinfo:
        _get_id(stack, {other: demo_tokens["IdToken"]})
    assert _code(excinfo) == "NotAuthorizedException"


def test_credentials_need_the_identitys_own_login(stack, demo_tokens):
    logins = {stack.provider(): demo_tokens["IdToken"]}
    identity_id = _get_id(stack, logins)
    with pytest.raises(ClientError) as excinfo:  # an authenticated identity without its login
        stack.identity().get_credentials_for_identity(IdentityId=identity_id)
    assert _code(excinfo) == "NotAuthorizedException"
    with pytest.raises(ClientError) as excinfo:  # a guest identity presenting a login
        stack.identity().get_credentials_for_identity(IdentityId=_get_id(stack), Logins=logins)
    assert _code(excinfo) == "NotAuthorizedException"


def test_unknown_identity_is_resource_not_found(stack):
    with pytest.raises(ClientError) as excinfo:
        stack.identity().get_credentials_for_identity(
            IdentityId=f"{stack.region}:11111111-2222-3333-4444-555555555555"
        )
    assert _code(excinfo) == "ResourceNotFoundException"


def test_identity_pool_roles_are_readable_and_bound_providers_described(stack):
    admin = stack.client("cognito-identity")
    roles = admin.get_identity_pool_roles(IdentityPoolId=stack["identityPoolId"])["Roles"]
    assert set(roles) == {"authenticated", "unauthenticated"}
    pool = admin.describe_identity_pool(IdentityPoolId=stack["identityPoolId"])
    assert pool["AllowUnauthenticatedIdentities"] is True
    assert {p["ProviderName"] for p in pool["CognitoIdentityProviders"]} == {stack.provider()}
    assert {p["ClientId"] for p in pool["CognitoIdentityProviders"]} == {
        stack["clientId"],
        stack["clientIdWithSecret"],
    }
