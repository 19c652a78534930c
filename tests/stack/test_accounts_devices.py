"""Remembered devices on the MFA pool: NewDeviceMetadata, ConfirmDevice with a verifier made
by pycognito (`generate_hash_device`), DEVICE_SRP_AUTH / DEVICE_PASSWORD_VERIFIER answered by
pycognito's device SRP, MFA skipped for a remembered device, DEVICE_KEY on refresh, and the
device operations' errors. Stock moto has no device API (test_patches_matter.py)."""

import base64

import pytest
from pycognito.aws_srp import AWSSRP, generate_hash_device, long_to_hex

from accounts_helpers import (
    PASSWORD,
    confirmed_user,
    password_auth,
    raises,
    respond,
    totp_now,
)
from test_accounts_mfa import _setup_totp


class Device:
    """A confirmed device of a TOTP user: what a client keeps."""

    def __init__(self, username, secret, key, group_key, password, access):
        self.username, self.secret = username, secret
        self.key, self.group_key, self.password = key, group_key, password
        self.access = access


def _mfa(stack):
    return stack["mfaPool"]


def _confirm(stack, tokens, name="laptop"):
    metadata = tokens["NewDeviceMetadata"]
    device_password, config = generate_hash_device(
        metadata["DeviceGroupKey"], metadata["DeviceKey"]
    )
    reply = stack.idp().confirm_device(
        AccessToken=tokens["AccessToken"],
        DeviceKey=metadata["DeviceKey"],
        DeviceSecretVerifierConfig=config,
        DeviceName=name,
    )
    return reply, device_password


@pytest.fixture
def device(stack):
    username, _ = confirmed_user(stack, _mfa(stack)["clientId"])
    secret, tokens = _setup_totp(stack, username)
    reply, device_password = _confirm(stack, tokens)
    assert reply["UserConfirmationNecessary"] is True  # remembered on the user's opt-in
    metadata = tokens["NewDeviceMetadata"]
    return Device(
        username,
        secret,
        metadata["DeviceKey"],
        metadata["DeviceGroupKey"],
        device_password,
        tokens["AccessToken"],
    )


def _srp(stack, device: Device, device_password=None):
    mfa = _mfa(stack)
    return AWSSRP(
        username=device.username,
        password=PASSWORD,
        pool_id=mfa["userPoolId"],
        client_id=mfa["clientId"],
        client=stack.idp(),
        device_key=device.key,
        device_group_key=device.group_key,
        device_password=device_password or device.password,
    )


def _sign_in_with_device(stack, device: Device, device_password=None):
    """USER_SRP_AUTH with DEVICE_KEY; returns the reply after PASSWORD_VERIFIER and the
    client (to go on with the device challenges)."""
    client = _srp(stack, device, device_password)
    params = client.get_auth_params()
    reply = stack.idp().initiate_auth(
        ClientId=client.client_id, AuthFlow="USER_SRP_AUTH", AuthParameters=params
    )
    answer = client.process_challenge(reply["ChallengeParameters"], params)
    reply = stack.idp().respond_to_auth_challenge(
        ClientId=client.client_id, ChallengeName="PASSWORD_VERIFIER", ChallengeResponses=answer
    )
    return reply, client


def _device_challenges(stack, client: AWSSRP, reply):
    assert reply["ChallengeName"] == "DEVICE_SRP_AUTH"
    srp_reply = respond(
        stack,
        client.client_id,
        "DEVICE_SRP_AUTH",
        reply["Session"],
        USERNAME=client.username,
        DEVICE_KEY=client.device_key,
        SRP_A=long_to_hex(client.large_a_value),
    )
    assert srp_reply["ChallengeName"] == "DEVICE_PASSWORD_VERIFIER"
    params = srp_reply["ChallengeParameters"]
    assert params["DEVICE_KEY"] == client.device_key and int(params["SALT"], 16) > 0
    answer = client.process_device_challenge(params)
    return stack.idp().respond_to_auth_challenge(
        ClientId=client.client_id,
        ChallengeName="DEVICE_PASSWORD_VERIFIER",
        Session=srp_reply["Session"],
        ChallengeResponses=answer,
    )


def _remember(stack, device: Device, status="remembered"):
    stack.idp().update_device_status(
        AccessToken=device.access, DeviceKey=device.key, DeviceRememberedStatus=status
    )


def test_get_and_list_devices(stack, device):
    idp = stack.idp()
    got = idp.get_device(AccessToken=device.access, DeviceKey=device.key)["Device"]
    attributes = {a["Name"]: a["Value"] for a in got["DeviceAttributes"]}
    assert got["DeviceKey"] == device.key
    assert attributes["device_name"] == "laptop"
    assert attributes["dev:device_remembered_status"] == "not_remembered"
    listed = idp.list_devices(AccessToken=device.access)["Devices"]
    assert [d["DeviceKey"] for d in listed] == [device.key]
    _remember(stack, device)
    got = idp.get_device(AccessToken=device.access, DeviceKey=device.key)["Device"]
    assert {"Name": "dev:device_remembered_status", "Value": "remembered"} in got[
        "DeviceAttributes"
    ]


def test_a_device_not_remembered_still_needs_mfa(stack, device):
    reply, _ = _sign_in_with_device(stack, device)
    assert reply["ChallengeName"] == "SOFTWARE_TOKEN_MFA"
    tokens = respond(
        stack,
        _mfa(stack)["clientId"],
        "SOFTWARE_TOKEN_MFA",
        reply["Session"],
        USERNAME=device.username,
        SOFTWARE_TOKEN_MFA_CODE=totp_now(device.secret),
    )["AuthenticationResult"]
    assert "NewDeviceMetadata" not in tokens  # the device is known


def test_a_remembered_device_skips_mfa(stack, device):
    _remember(stack, device)
    reply, client = _sign_in_with_device(stack, device)
    tokens = _device_challenges(stack, client, reply)["AuthenticationResult"]
    assert {"AccessToken", "RefreshToken"} <= set(tokens)
    assert "NewDeviceMetadata" not in tokens


def test_the_always_remember_pool_remembers_a_confirmed_device(stack):
    """DeviceOnlyRememberedOnUserPrompt false: ConfirmDevice answers
    UserConfirmationNecessary false and the device is remembered at once, so the next
    sign-in with it answers DEVICE_SRP_AUTH (MFA skipped) without UpdateDeviceStatus."""
    pool = stack["mfaAlwaysPool"]
    username, _ = confirmed_user(stack, pool["clientId"])
    _, tokens = _setup_totp(stack, username, pool["clientId"])
    reply, device_password = _confirm(stack, tokens)
    assert reply["UserConfirmationNecessary"] is False
    metadata = tokens["NewDeviceMetadata"]
    got = stack.idp().get_device(AccessToken=tokens["AccessToken"], DeviceKey=metadata["DeviceKey"])
    attributes = {a["Name"]: a["Value"] for a in got["Device"]["DeviceAttributes"]}
    assert attributes["dev:device_remembered_status"] == "remembered"
    client = AWSSRP(
        username=username,
        password=PASSWORD,
        pool_id=pool["userPoolId"],
        client_id=pool["clientId"],
        client=stack.idp(),
        device_key=metadata["DeviceKey"],
        device_group_key=metadata["DeviceGroupKey"],
        device_password=device_password,
    )
    params = client.get_auth_params()
    reply = stack.idp().initiate_auth(
        ClientId=pool["clientId"], AuthFlow="USER_SRP_AUTH", AuthParameters=params
    )
    answer = client.process_challenge(reply["ChallengeParameters"], params)
    reply = stack.idp().respond_to_auth_challenge(
        ClientId=pool["clientId"], ChallengeName="PASSWORD_VERIFIER", ChallengeResponses=answer
    )
    tokens = _device_challenges(stack, client, reply)["AuthenticationResult"]
    assert "AccessToken" in tokens and "NewDeviceMetadata" not in tokens


def test_password_auth_with_a_remembered_device(stack, device):
    _remember(stack, device)
    reply = password_auth(
        stack, device.username, client_id=_mfa(stack)["clientId"], DEVICE_KEY=device.key
    )
    assert reply["ChallengeName"] == "DEVICE_SRP_AUTH"


def test_a_wrong_device_secret_is_refused(stack, device):
    _remember(stack, device)
    reply, client = _sign_in_with_device(stack, device, device_password="d3JvbmcgcGFzc3dvcmQ=")
    raises("NotAuthorizedException", _device_challenges, stack, client, reply)


def test_a_tampered_device_proof_is_refused(stack, device):
    _remember(stack, device)
    reply, client = _sign_in_with_device(stack, device)
    srp_reply = respond(
        stack,
        client.client_id,
        "DEVICE_SRP_AUTH",
        reply["Session"],
        USERNAME=client.username,
        DEVICE_KEY=device.key,
        SRP_A=long_to_hex(client.large_a_value),
    )
    answer = client.process_device_challenge(srp_reply["ChallengeParameters"])
    signature = bytearray(base64.b64decode(answer["PASSWORD_CLAIM_SIGNATURE"]))
    signature[0] ^= 1
    answer["PASSWORD_CLAIM_SIGNATURE"] = base64.b64encode(bytes(signature)).decode()
    raises(
        "NotAuthorizedException",
        stack.idp().respond_to_auth_challenge,
        ClientId=client.client_id,
        ChallengeName="DEVICE_PASSWORD_VERIFIER",
        Session=srp_reply["Session"],
        ChallengeResponses=answer,
    )


def test_refresh_needs_the_device_key(stack, device):
    _remember(stack, device)
    reply, client = _sign_in_with_device(stack, device)
    refresh = _device_challenges(stack, client, reply)["AuthenticationResult"]["RefreshToken"]
    idp = stack.idp()
    raises(
        "NotAuthorizedException",
        idp.initiate_auth,
        ClientId=client.client_id,
        AuthFlow="REFRESH_TOKEN_AUTH",
        AuthParameters={"REFRESH_TOKEN": refresh},
    )
    tokens = idp.initiate_auth(
        ClientId=client.client_id,
        AuthFlow="REFRESH_TOKEN_AUTH",
        AuthParameters={"REFRESH_TOKEN": refresh, "DEVICE_KEY": device.key},
    )["AuthenticationResult"]
    assert "AccessToken" in tokens


def test_forget_device(stack, device):
    _remember(stack, device)
    idp = stack.idp()
    idp.forget_device(AccessToken=device.access, DeviceKey=device.key)
    raises(
        "ResourceNotFoundException", idp.get_device, AccessToken=device.access, DeviceKey=device.key
    )
    assert idp.list_devices(AccessToken=device.access)["Devices"] == []
    reply, _ = _sign_in_with_device(stack, device)
    assert reply["ChallengeName"] == "SOFTWARE_TOKEN_MFA"
    raises(
        "ResourceNotFoundException",
        idp.forget_device,
        AccessToken=device.access,
        DeviceKey=device.key,
    )


def test_device_operation_errors(stack, device):
    idp = stack.idp()
    unknown = f"{stack.region}_00000000-0000-0000-0000-000000000000"
    raises(
        "ResourceNotFoundException", idp.get_device, AccessToken=device.access, DeviceKey=unknown
    )
    raises(
        "NotAuthorizedException", idp.get_device, AccessToken="not-a-token", DeviceKey=device.key
    )
    raises("NotAuthorizedException", idp.list_devices, AccessToken="not-a-token")
    raises(
        "InvalidParameterException",
        idp.update_device_status,
        AccessToken=device.access,
        DeviceKey=device.key,
        DeviceRememberedStatus="forever",
    )
    raises(
        "InvalidParameterException",
        idp.confirm_device,
        AccessToken=device.access,
        DeviceKey=device.key,
        DeviceSecretVerifierConfig={"PasswordVerifier": "AQID", "Salt": "AQID"},
    )  # already confirmed
    # Another user's device is not found.
    other, _ = confirmed_user(stack, _mfa(stack)["clientId"])
    _, tokens = _setup_totp(stack, other)
    raises(
        "ResourceNotFoundException",
        idp.get_device,
        AccessToken=tokens["AccessToken"],
        DeviceKey=device.key,
    )
    raises(
        "InvalidParameterException",
        idp.confirm_device,
        AccessToken=tokens["AccessToken"],
        DeviceKey=tokens["NewDeviceMetadata"]["DeviceKey"],
        DeviceSecretVerifierConfig={"PasswordVerifier": "not base64!", "Salt": "AQID"},
    )
    raises(
        "InvalidParameterException",
        idp.update_device_status,
        AccessToken=tokens["AccessToken"],
        DeviceKey=tokens["NewDeviceMetadata"]["DeviceKey"],
        DeviceRememberedStatus="remembered",
    )  # not confirmed yet


def test_list_devices_pages(stack):
    username, _ = confirmed_user(stack, _mfa(stack)["clientId"])
    secret, tokens = _setup_totp(stack, username)
    _confirm(stack, tokens, "first")
    keys = [tokens["NewDeviceMetadata"]["DeviceKey"]]
    for name in ("second", "third"):
        reply = password_auth(stack, username, client_id=_mfa(stack)["clientId"])
        more = respond(
            stack,
            _mfa(stack)["clientId"],
            "SOFTWARE_TOKEN_MFA",
            reply["Session"],
            USERNAME=username,
            SOFTWARE_TOKEN_MFA_CODE=totp_now(secret),
        )["AuthenticationResult"]
        _confirm(stack, more, name)
        keys.append(more["NewDeviceMetadata"]["DeviceKey"])
    idp = stack.idp()
    page = idp.list_devices(AccessToken=tokens["AccessToken"], Limit=2)
    assert [d["DeviceKey"] for d in page["Devices"]] == keys[:2]
    rest = idp.list_devices(
        AccessToken=tokens["AccessToken"], Limit=2, PaginationToken=page["PaginationToken"]
    )
    assert [d["DeviceKey"] for d in rest["Devices"]] == keys[2:]
    assert "PaginationToken" not in rest
