"""The account tests would fail against stock moto: with `accounts` or `challenges` left
out (`serve --disable-patch NAME`), what those tests refuse is accepted, and the
operations they call are missing."""

import pytest

from accounts_helpers import PASSWORD, last_code, new_name, outbox, password_auth, sign_up
from conftest import start_stack

IDP = "AWSCognitoIdentityProviderService."


def _without(name, tmp_path_factory):
    return start_stack("--disable-patch", name, tmp_dir=tmp_path_factory.mktemp(name))


@pytest.fixture(scope="module")
def without_accounts(tmp_path_factory):
    running = _without("accounts", tmp_path_factory)
    yield running
    running.stop()


@pytest.fixture(scope="module")
def without_challenges(tmp_path_factory):
    running = _without("challenges", tmp_path_factory)
    yield running
    running.stop()


def test_without_accounts_patch_any_code_confirms_a_sign_up(without_accounts):
    stack = without_accounts
    username, reply = sign_up(stack)
    assert outbox(stack, username) == []  # nothing was sent
    confirmed = stack.idp().confirm_sign_up(
        ClientId=stack["clientId"], Username=username, ConfirmationCode="000000"
    )
    assert "Session" not in confirmed
    user = stack.client("cognito-idp").admin_get_user(
        UserPoolId=stack["userPoolId"], Username=username
    )
    assert user["UserStatus"] == "CONFIRMED"
    # Nor is the pool's admin-only setting or the client's secret checked.
    status, _, _ = stack.json_call(
        IDP + "SignUp",
        {"ClientId": stack["clientIdWithSecret"], "Username": new_name(), "Password": PASSWORD},
    )
    assert status == 200


def test_without_accounts_patch_a_wrong_reset_code_and_a_weak_password_reset(without_accounts):
    stack = without_accounts
    username, _ = sign_up(stack)
    stack.idp().confirm_sign_up(
        ClientId=stack["clientId"], Username=username, ConfirmationCode="000000"
    )
    status, headers, _ = stack.json_call(
        IDP + "ForgotPassword", {"ClientId": stack["clientId"], "Username": username}
    )
    assert status == 200 and "x-moto-forgot-password-confirmation-code" in headers
    stack.idp().confirm_forgot_password(
        ClientId=stack["clientId"], Username=username, ConfirmationCode="000000", Password="weak"
    )
    assert "AuthenticationResult" in password_auth(stack, username, "weak")


def test_without_accounts_patch_the_operations_are_missing(without_accounts):
    stack = without_accounts
    access = stack.password_sign_in()["AccessToken"]
    for operation, payload in (
        ("ResendConfirmationCode", {"ClientId": stack["clientId"], "Username": "demo"}),
        ("GetUserAttributeVerificationCode", {"AccessToken": access, "AttributeName": "email"}),
        ("VerifyUserAttribute", {"AccessToken": access, "AttributeName": "email", "Code": "1"}),
        ("DeleteUserAttributes", {"AccessToken": access, "UserAttributeNames": ["email"]}),
        ("DeleteUser", {"AccessToken": access}),
    ):
        status, _, body = stack.json_call(IDP + operation, payload)
        assert (status, body["__type"]) == (500, "InternalFailure"), operation


def test_without_challenges_patch_an_mfa_pool_signs_in_without_mfa(without_challenges):
    stack = without_challenges
    mfa = stack["mfaPool"]
    user = mfa["users"]["setup"]
    reply = password_auth(stack, user["username"], user["password"], client_id=mfa["clientId"])
    assert "AccessToken" in reply["AuthenticationResult"]
    assert "NewDeviceMetadata" not in reply["AuthenticationResult"]
    email_user = mfa["users"]["emailMfa"]
    reply = password_auth(
        stack, email_user["username"], email_user["password"], client_id=mfa["clientId"]
    )
    assert "AccessToken" in reply["AuthenticationResult"]  # no EMAIL_OTP either


def test_without_challenges_patch_every_user_shares_one_secret_and_any_code_verifies(
    without_challenges,
):
    stack = without_challenges
    idp = stack.idp()
    secrets_seen = set()
    for username in ("demo", None):
        if username is None:
            username, _ = sign_up(stack)
            idp.confirm_sign_up(
                ClientId=stack["clientId"],
                Username=username,
                ConfirmationCode=last_code(stack, username, "sign-up"),
            )
        access = password_auth(
            stack, username, stack["users"]["demo"]["password"] if username == "demo" else PASSWORD
        )["AuthenticationResult"]["AccessToken"]
        secrets_seen.add(idp.associate_software_token(AccessToken=access)["SecretCode"])
        assert (
            idp.verify_software_token(AccessToken=access, UserCode="000000")["Status"] == "SUCCESS"
        )
    assert len(secrets_seen) == 1


def test_without_challenges_patch_devices_and_user_auth_are_missing(without_challenges):
    stack = without_challenges
    access = stack.password_sign_in()["AccessToken"]
    for operation in (
        "ConfirmDevice",
        "GetDevice",
        "ListDevices",
        "ForgetDevice",
        "UpdateDeviceStatus",
    ):
        status, _, body = stack.json_call(
            IDP + operation, {"AccessToken": access, "DeviceKey": f"{stack.region}_x"}
        )
        assert (status, body["__type"]) == (500, "InternalFailure"), operation
    status, _, body = stack.json_call(
        IDP + "InitiateAuth",
        {
            "ClientId": stack["clientId"],
            "AuthFlow": "USER_AUTH",
            "AuthParameters": {"USERNAME": "demo"},
        },
    )
    assert body["__type"] == "InvalidParameterException" and "authFlow" in body["message"]
