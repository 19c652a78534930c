"""USER_SRP_AUTH against the stack, with pycognito's AWSSRP as the reference client.

Stock moto accepts any PASSWORD_CLAIM_SIGNATURE, so the refusal tests here fail
against it (test_patches_matter.py shows that with the SRP patch left out)."""

import base64
import datetime
import json
from pathlib import Path

import pytest
from botocore.exceptions import ClientError
from pycognito.aws_srp import AWSSRP

from patches import srp

VECTORS = Path(__file__).resolve().parents[1] / "vectors" / "srp" / "cognito-srp.json"


def _srp(stack, password, client_id=None, secret=None, username="demo"):
    return AWSSRP(
        username=username,
        password=password,
        pool_id=stack["userPoolId"],
        client_id=client_id or stack["clientId"],
        client_secret=secret,
        client=stack.idp(),
    )


def _challenge(stack, client: AWSSRP):
    """InitiateAuth(USER_SRP_AUTH) and the client's correct answer to it."""
    reply = stack.idp().initiate_auth(
        ClientId=client.client_id, AuthFlow="USER_SRP_AUTH", AuthParameters=client.get_auth_params()
    )
    assert reply["ChallengeName"] == "PASSWORD_VERIFIER"
    return reply["ChallengeParameters"], client.process_challenge(
        reply["ChallengeParameters"], client.get_auth_params()
    )


def _respond(stack, responses, client_id=None):
    return stack.idp().respond_to_auth_challenge(
        ClientId=client_id or stack["clientId"],
        ChallengeName="PASSWORD_VERIFIER",
        ChallengeResponses=responses,
    )


def _error(excinfo) -> str:
    return excinfo.value.response["Error"]["Code"]


def test_correct_proof_signs_in(stack):
    tokens = _srp(stack, stack["users"]["demo"]["password"]).authenticate_user()
    result = tokens["AuthenticationResult"]
    assert {"IdToken", "AccessToken", "RefreshToken"} <= set(result)


def test_challenge_carries_real_srp_values(stack):
    params, _ = _challenge(stack, _srp(stack, "irrelevant"))
    salt, big_b = int(params["SALT"], 16), int(params["SRP_B"], 16)
    assert salt > 0 and 0 < big_b < srp.N
    assert len(base64.b64decode(params["SECRET_BLOCK"], validate=True)) >= 32
    assert params["USER_ID_FOR_SRP"] == "demo" and params["USERNAME"] == "demo"


def test_wrong_password_is_refused(stack):
    with pytest.raises(ClientError) as excinfo:
        _srp(stack, "Wrong-passw0rd!").authenticate_user()
    assert _error(excinfo) == "NotAuthorizedException"


def test_tampered_signature_is_refused(stack):
    _, answer = _challenge(stack, _srp(stack, stack["users"]["demo"]["password"]))
    signature = bytearray(base64.b64decode(answer["PASSWORD_CLAIM_SIGNATURE"]))
    signature[0] ^= 1
    answer["PASSWORD_CLAIM_SIGNATURE"] = base64.b64encode(bytes(signature)).decode()
    with pytest.raises(ClientError) as excinfo:
        _respond(stack, answer)
    assert _error(excinfo) == "NotAuthorizedException"


def test_signature_over_another_secret_block_is_refused(stack):
    client = _srp(stack, stack["users"]["demo"]["password"])
    params, _ = _challenge(stack, client)
    forged = dict(params, SECRET_BLOCK=base64.b64encode(b"x" * 64).decode())
    answer = client.process_challenge(forged, client.get_auth_params())
    answer["PASSWORD_CLAIM_SECRET_BLOCK"] = params["SECRET_BLOCK"]
    with pytest.raises(ClientError) as excinfo:
        _respond(stack, answer)
    assert _error(excinfo) == "NotAuthorizedException"


def _malformed_timestamps(now):
    day_names = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
    wrong_weekday = day_names[(now.weekday() + 1) % 7]
    return {
        "iso-8601": now.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "full-weekday-name": f"{now:%A} {now:%b} {now.day} {now:%H:%M:%S} UTC {now:%Y}",
        "weekday-not-the-dates": f"{wrong_weekday} {now:%b} {now.day} {now:%H:%M:%S} UTC {now:%Y}",
        "not-utc": f"{now:%a} {now:%b} {now.day} {now:%H:%M:%S} GMT {now:%Y}",
        "unpadded-hour": (
            f"{now:%a} {now:%b} {now.day} {now.hour}:{now:%M:%S} UTC {now:%Y}"
            if now.hour < 10
            else f"{now:%a} {now:%b} {now.day} {now:%H:%M:%S}  UTC {now:%Y}"
        ),
    }


@pytest.mark.parametrize(
    "kind", ["iso-8601", "full-weekday-name", "weekday-not-the-dates", "not-utc", "unpadded-hour"]
)
def test_malformed_timestamp_is_refused(stack, kind):
    # (A zero-padded day only differs on days 1-9: test_timestamp_parser_* covers it.)
    text = _malformed_timestamps(datetime.datetime.now(datetime.timezone.utc))[kind]
    client = _srp(stack, stack["users"]["demo"]["password"])
    params, _ = _challenge(stack, client)
    # Sign over the malformed timestamp itself: only its format can be what is refused.
    client.get_cognito_formatted_timestamp = lambda _now: text
    answer = client.process_challenge(params, client.get_auth_params())
    assert answer["TIMESTAMP"] == text
    with pytest.raises(ClientError) as excinfo:
        _respond(stack, answer)
    assert _error(excinfo) == "InvalidParameterException"


def test_timestamp_far_from_server_time_is_refused(stack):
    client = _srp(stack, stack["users"]["demo"]["password"])
    params, _ = _challenge(stack, client)
    past = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(minutes=30)
    client.get_cognito_formatted_timestamp = lambda _now: AWSSRP.get_cognito_formatted_timestamp(
        past
    )
    with pytest.raises(ClientError) as excinfo:
        _respond(stack, client.process_challenge(params, client.get_auth_params()))
    assert _error(excinfo) == "NotAuthorizedException"


def test_secret_block_is_single_use(stack):
    _, answer = _challenge(stack, _srp(stack, stack["users"]["demo"]["password"]))
    assert "AuthenticationResult" in _respond(stack, answer)
    with pytest.raises(ClientError) as excinfo:
        _respond(stack, answer)
    assert _error(excinfo) == "NotAuthorizedException"


def test_answer_for_another_username_is_refused(stack):
    _, answer = _challenge(stack, _srp(stack, stack["users"]["demo"]["password"]))
    answer["USERNAME"] = "newbie"
    with pytest.raises(ClientError) as excinfo:
        _respond(stack, answer)
    assert _error(excinfo) == "NotAuthorizedException"


def test_client_with_secret_needs_secret_hash(stack):
    password = stack["users"]["demo"]["password"]
    good = _srp(stack, password, stack["clientIdWithSecret"], stack["clientSecret"])
    assert "AuthenticationResult" in good.authenticate_user()

    client = _srp(stack, password, stack["clientIdWithSecret"], stack["clientSecret"])
    _, answer = _challenge(stack, client)
    answer.pop("SECRET_HASH")
    with pytest.raises(ClientError) as excinfo:
        _respond(stack, answer, stack["clientIdWithSecret"])
    assert _error(excinfo) == "NotAuthorizedException"


def test_force_change_password_user_gets_new_password_challenge(stack):
    newbie = stack["users"]["newPassword"]
    client = _srp(stack, newbie["password"], username=newbie["username"])
    _, answer = _challenge(stack, client)
    reply = _respond(stack, answer)
    assert reply["ChallengeName"] == "NEW_PASSWORD_REQUIRED"
    assert (
        json.loads(reply["ChallengeParameters"]["userAttributes"])["email"] == "newbie@example.com"
    )

    with pytest.raises(ClientError) as excinfo:  # the policy requires a symbol
        stack.idp().respond_to_auth_challenge(
            ClientId=stack["clientId"],
            ChallengeName="NEW_PASSWORD_REQUIRED",
            Session=reply["Session"],
            ChallengeResponses={"USERNAME": newbie["username"], "NEW_PASSWORD": "Nosymbol1x"},
        )
    assert _error(excinfo) == "InvalidPasswordException"

    _, answer = _challenge(stack, _srp(stack, newbie["password"], username=newbie["username"]))
    reply = _respond(stack, answer)
    done = stack.idp().respond_to_auth_challenge(
        ClientId=stack["clientId"],
        ChallengeName="NEW_PASSWORD_REQUIRED",
        Session=reply["Session"],
        ChallengeResponses={"USERNAME": newbie["username"], "NEW_PASSWORD": "Brand-new-passw0rd!"},
    )
    assert "IdToken" in done["AuthenticationResult"]
    tokens = _srp(stack, "Brand-new-passw0rd!", username=newbie["username"]).authenticate_user()
    assert "AuthenticationResult" in tokens
    with pytest.raises(ClientError):
        _srp(stack, newbie["password"], username=newbie["username"]).authenticate_user()


def test_srp_flow_must_be_enabled_on_the_client(stack):
    with pytest.raises(ClientError) as excinfo:
        stack.idp().initiate_auth(
            ClientId=stack["clientId"],
            AuthFlow="CUSTOM_AUTH",
            AuthParameters={"USERNAME": "demo"},
        )
    assert _error(excinfo) == "InvalidParameterException"


def test_server_math_agrees_with_reference_vectors():
    """The helpers the server verifies with reproduce amazon-cognito-identity-js' numbers."""
    vectors = json.loads(VECTORS.read_text())
    assert int(vectors["N"], 16) == srp.N
    for case in vectors["padHex"]:
        if not case["value"].startswith("-"):
            assert srp.pad_hex(int(case["value"], 16)) == case["padHex"]
    for case in vectors["cases"]:
        a_small, a_public = int(case["smallA"], 16), int(case["srpA"], 16)
        b_public, salt = int(case["srpB"], 16), int(case["salt"], 16)
        assert srp.K == int(case["k"], 16)
        u_value = srp.compute_u(a_public, b_public)
        assert u_value == int(case["u"], 16)
        x_value = srp.compute_x(salt, case["poolName"], case["userIdForSrp"], case["password"])
        base = (b_public - srp.K * pow(srp.G, x_value, srp.N)) % srp.N
        s_value = pow(base, a_small + u_value * x_value, srp.N)
        key = srp.derive_key(s_value, u_value)
        assert key.hex() == case["hkdfKey"]
        signature = srp.claim_signature(
            key,
            case["poolName"],
            case["userIdForSrp"],
            base64.b64decode(case["secretBlock"]),
            case["timestamp"],
        )
        assert base64.b64encode(signature).decode() == case["passwordClaimSignature"]
        assert srp.parse_timestamp(case["timestamp"]) is not None


def test_timestamp_parser_accepts_only_the_cognito_format():
    assert srp.parse_timestamp("Tue Feb 1 03:04:05 UTC 2000") == datetime.datetime(
        2000, 2, 1, 3, 4, 5, tzinfo=datetime.timezone.utc
    )
    for bad in (
        "Tue Feb 01 03:04:05 UTC 2000",
        "Wed Feb 1 03:04:05 UTC 2000",
        "Tue Feb 1 3:04:05 UTC 2000",
        "Tue Feb 30 03:04:05 UTC 2000",
        "2000-02-01T03:04:05Z",
        "",
    ):
        assert srp.parse_timestamp(bad) is None, bad
