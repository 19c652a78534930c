"""MFA at sign-in: MFA_SETUP with a real TOTP secret, SOFTWARE_TOKEN_MFA, EMAIL_OTP, SMS_MFA,
SELECT_MFA_TYPE, and TOTP enrolment of a signed-in user (codes computed with pyotp).

Stock moto gives every user the same secret and accepts any code (test_patches_matter.py)."""

import json
import re

import pytest

from accounts_helpers import (
    confirmed_user,
    last_code,
    outbox,
    password_auth,
    raises,
    respond,
    srp_auth,
    srp_client,
    totp_now,
    totp_wrong,
    wrong,
)


def _mfa(stack):
    return stack["mfaPool"]


def _setup_totp(stack, username, client_id=None):
    """Sign in on the MFA pool (or the pool of `client_id`) through MFA_SETUP; returns
    (secret, tokens)."""
    client_id = client_id or _mfa(stack)["clientId"]
    reply = password_auth(stack, username, client_id=client_id)
    assert reply["ChallengeName"] == "MFA_SETUP"
    idp = stack.idp()
    associated = idp.associate_software_token(Session=reply["Session"])
    secret = associated["SecretCode"]
    verified = idp.verify_software_token(
        Session=associated["Session"], UserCode=totp_now(secret), FriendlyDeviceName="phone"
    )
    assert verified["Status"] == "SUCCESS"
    tokens = respond(stack, client_id, "MFA_SETUP", verified["Session"], USERNAME=username)
    return secret, tokens["AuthenticationResult"]


@pytest.fixture(scope="module")
def totp_user(stack):
    username, _ = confirmed_user(stack, _mfa(stack)["clientId"])
    secret, _ = _setup_totp(stack, username)
    return username, secret


def test_mfa_setup_during_sign_in(stack):
    client_id = _mfa(stack)["clientId"]
    username, _ = confirmed_user(stack, client_id)
    reply = password_auth(stack, username, client_id=client_id)
    assert reply["ChallengeName"] == "MFA_SETUP"
    assert json.loads(reply["ChallengeParameters"]["MFAS_CAN_SETUP"]) == ["SOFTWARE_TOKEN_MFA"]
    idp = stack.idp()
    raises(
        "InvalidParameterException",
        respond,
        stack,
        client_id,
        "MFA_SETUP",
        reply["Session"],
        USERNAME=username,
    )
    associated = idp.associate_software_token(Session=reply["Session"])
    secret = associated["SecretCode"]
    assert re.fullmatch("[A-Z2-7]{32}", secret)
    raises(
        "EnableSoftwareTokenMFAException",
        idp.verify_software_token,
        Session=associated["Session"],
        UserCode=totp_wrong(secret),
    )
    verified = idp.verify_software_token(Session=associated["Session"], UserCode=totp_now(secret))
    assert verified["Status"] == "SUCCESS"
    tokens = respond(stack, client_id, "MFA_SETUP", verified["Session"], USERNAME=username)
    result = tokens["AuthenticationResult"]
    assert {"AccessToken", "RefreshToken", "NewDeviceMetadata"} <= set(result)
    user = idp.get_user(AccessToken=result["AccessToken"])
    assert user["UserMFASettingList"] == ["SOFTWARE_TOKEN_MFA"]
    # The sessions are spent; an unknown one is refused.
    for session in (verified["Session"], "bm90LWEtc2Vzc2lvbg==" * 3):
        raises("NotAuthorizedException", idp.associate_software_token, Session=session)
        raises(
            "NotAuthorizedException",
            idp.verify_software_token,
            Session=session,
            UserCode=totp_now(secret),
        )
    assert user["PreferredMfaSetting"] == "SOFTWARE_TOKEN_MFA"


def test_each_user_gets_their_own_secret(stack):
    client_id = _mfa(stack)["clientId"]
    secrets_seen = set()
    for _ in range(2):
        username, _ = confirmed_user(stack, client_id)
        session = password_auth(stack, username, client_id=client_id)["Session"]
        secrets_seen.add(stack.idp().associate_software_token(Session=session)["SecretCode"])
    assert len(secrets_seen) == 2


def test_seeded_setup_user_is_asked_to_set_up_mfa(stack):
    user = _mfa(stack)["users"]["setup"]
    client = srp_client(
        stack,
        user["username"],
        user["password"],
        _mfa(stack)["userPoolId"],
        _mfa(stack)["clientId"],
    )
    assert srp_auth(stack, client)["ChallengeName"] == "MFA_SETUP"


def test_software_token_mfa(stack, totp_user):
    username, secret = totp_user
    client_id = _mfa(stack)["clientId"]
    reply = password_auth(stack, username, client_id=client_id)
    assert reply["ChallengeName"] == "SOFTWARE_TOKEN_MFA"
    raises(
        "CodeMismatchException",
        respond,
        stack,
        client_id,
        "SOFTWARE_TOKEN_MFA",
        reply["Session"],
        USERNAME=username,
        SOFTWARE_TOKEN_MFA_CODE=totp_wrong(secret),
    )
    # A wrong code leaves the session usable.
    tokens = respond(
        stack,
        client_id,
        "SOFTWARE_TOKEN_MFA",
        reply["Session"],
        USERNAME=username,
        SOFTWARE_TOKEN_MFA_CODE=totp_now(secret),
    )
    assert "AccessToken" in tokens["AuthenticationResult"]
    raises(
        "NotAuthorizedException",
        respond,
        stack,
        client_id,
        "SOFTWARE_TOKEN_MFA",
        reply["Session"],
        USERNAME=username,
        SOFTWARE_TOKEN_MFA_CODE=totp_now(secret),
    )


def test_software_token_mfa_after_srp(stack, totp_user):
    username, secret = totp_user
    mfa = _mfa(stack)
    reply = srp_auth(
        stack, srp_client(stack, username, pool_id=mfa["userPoolId"], client_id=mfa["clientId"])
    )
    assert reply["ChallengeName"] == "SOFTWARE_TOKEN_MFA"
    tokens = respond(
        stack,
        mfa["clientId"],
        "SOFTWARE_TOKEN_MFA",
        reply["Session"],
        USERNAME=username,
        SOFTWARE_TOKEN_MFA_CODE=totp_now(secret),
    )
    assert "IdToken" in tokens["AuthenticationResult"]


def test_mfa_session_errors(stack, totp_user):
    username, secret = totp_user
    client_id = _mfa(stack)["clientId"]
    raises(
        "NotAuthorizedException",
        respond,
        stack,
        client_id,
        "SOFTWARE_TOKEN_MFA",
        "bm90LWEtc2Vzc2lvbg==" * 3,
        USERNAME=username,
        SOFTWARE_TOKEN_MFA_CODE=totp_now(secret),
    )
    session = password_auth(stack, username, client_id=client_id)["Session"]
    raises(
        "NotAuthorizedException",
        respond,
        stack,
        client_id,
        "SOFTWARE_TOKEN_MFA",
        session,
        USERNAME="demo",
        SOFTWARE_TOKEN_MFA_CODE=totp_now(secret),
    )
    session = password_auth(stack, username, client_id=client_id)["Session"]
    for _ in range(5):
        raises(
            "CodeMismatchException",
            respond,
            stack,
            client_id,
            "SOFTWARE_TOKEN_MFA",
            session,
            USERNAME=username,
            SOFTWARE_TOKEN_MFA_CODE=totp_wrong(secret),
        )
    raises(
        "NotAuthorizedException",
        respond,
        stack,
        client_id,
        "SOFTWARE_TOKEN_MFA",
        session,
        USERNAME=username,
        SOFTWARE_TOKEN_MFA_CODE=totp_now(secret),
    )


def test_email_otp(stack):
    mfa = _mfa(stack)
    user = mfa["users"]["emailMfa"]
    reply = password_auth(stack, user["username"], user["password"], client_id=mfa["clientId"])
    assert reply["ChallengeName"] == "EMAIL_OTP"
    params = reply["ChallengeParameters"]
    assert params["CODE_DELIVERY_DELIVERY_MEDIUM"] == "EMAIL"
    assert params["CODE_DELIVERY_DESTINATION"] == "m***@e***"
    message = outbox(stack, user["username"])[-1]
    assert (message["purpose"], message["destination"]) == ("mfa", "mfa-email@example.com")
    raises(
        "CodeMismatchException",
        respond,
        stack,
        mfa["clientId"],
        "EMAIL_OTP",
        reply["Session"],
        USERNAME=user["username"],
        EMAIL_OTP_CODE=wrong(message["code"]),
    )
    tokens = respond(
        stack,
        mfa["clientId"],
        "EMAIL_OTP",
        reply["Session"],
        USERNAME=user["username"],
        EMAIL_OTP_CODE=message["code"],
    )
    assert "AccessToken" in tokens["AuthenticationResult"]


def test_email_otp_attempts_are_limited(stack):
    mfa = _mfa(stack)
    user = mfa["users"]["emailMfa"]
    reply = password_auth(stack, user["username"], user["password"], client_id=mfa["clientId"])
    code = last_code(stack, user["username"], "mfa")
    for _ in range(5):
        raises(
            "CodeMismatchException",
            respond,
            stack,
            mfa["clientId"],
            "EMAIL_OTP",
            reply["Session"],
            USERNAME=user["username"],
            EMAIL_OTP_CODE=wrong(code),
        )
    raises(
        "LimitExceededException",
        respond,
        stack,
        mfa["clientId"],
        "EMAIL_OTP",
        reply["Session"],
        USERNAME=user["username"],
        EMAIL_OTP_CODE=code,
    )


def test_select_mfa_type(stack):
    mfa = _mfa(stack)
    username, _ = confirmed_user(stack, mfa["clientId"])
    secret, tokens = _setup_totp(stack, username)
    idp = stack.idp()
    idp.set_user_mfa_preference(
        AccessToken=tokens["AccessToken"],
        SoftwareTokenMfaSettings={"Enabled": True, "PreferredMfa": False},
        EmailMfaSettings={"Enabled": True, "PreferredMfa": False},
    )
    reply = password_auth(stack, username, client_id=mfa["clientId"])
    assert reply["ChallengeName"] == "SELECT_MFA_TYPE"
    choices = json.loads(reply["ChallengeParameters"]["MFAS_CAN_CHOOSE"])
    assert sorted(choices) == ["EMAIL_OTP", "SOFTWARE_TOKEN_MFA"]
    raises(
        "InvalidParameterException",
        respond,
        stack,
        mfa["clientId"],
        "SELECT_MFA_TYPE",
        reply["Session"],
        USERNAME=username,
        ANSWER="SMS_MFA",
    )
    reply = password_auth(stack, username, client_id=mfa["clientId"])
    chosen = respond(
        stack,
        mfa["clientId"],
        "SELECT_MFA_TYPE",
        reply["Session"],
        USERNAME=username,
        ANSWER="EMAIL_OTP",
    )
    assert chosen["ChallengeName"] == "EMAIL_OTP"
    tokens = respond(
        stack,
        mfa["clientId"],
        "EMAIL_OTP",
        chosen["Session"],
        USERNAME=username,
        EMAIL_OTP_CODE=last_code(stack, username, "mfa"),
    )
    assert "AccessToken" in tokens["AuthenticationResult"]


def test_totp_enrolment_when_signed_in(stack):
    username, _ = confirmed_user(stack)
    access = password_auth(stack, username)["AuthenticationResult"]["AccessToken"]
    idp = stack.idp()
    raises(
        "InvalidParameterException",
        idp.set_user_mfa_preference,
        AccessToken=access,
        SoftwareTokenMfaSettings={"Enabled": True, "PreferredMfa": True},
    )
    raises(
        "InvalidParameterException",
        idp.verify_software_token,
        AccessToken=access,
        UserCode="123456",
    )
    secret = idp.associate_software_token(AccessToken=access)["SecretCode"]
    raises(
        "EnableSoftwareTokenMFAException",
        idp.verify_software_token,
        AccessToken=access,
        UserCode=totp_wrong(secret),
    )
    assert (
        idp.verify_software_token(AccessToken=access, UserCode=totp_now(secret))["Status"]
        == "SUCCESS"
    )
    # Verified but not enabled: the optional-MFA pool signs in without a code.
    assert "AuthenticationResult" in password_auth(stack, username)
    idp.set_user_mfa_preference(
        AccessToken=access, SoftwareTokenMfaSettings={"Enabled": True, "PreferredMfa": True}
    )
    reply = password_auth(stack, username)
    assert reply["ChallengeName"] == "SOFTWARE_TOKEN_MFA"
    tokens = respond(
        stack,
        stack["clientId"],
        "SOFTWARE_TOKEN_MFA",
        reply["Session"],
        USERNAME=username,
        SOFTWARE_TOKEN_MFA_CODE=totp_now(secret),
    )
    assert "AccessToken" in tokens["AuthenticationResult"]
    assert "NewDeviceMetadata" not in tokens["AuthenticationResult"]  # no device tracking here
    raises("NotAuthorizedException", idp.associate_software_token, AccessToken="not-a-token")


def test_email_mfa_preference(stack):
    username, _ = confirmed_user(stack)
    access = password_auth(stack, username)["AuthenticationResult"]["AccessToken"]
    idp = stack.idp()
    idp.set_user_mfa_preference(
        AccessToken=access, EmailMfaSettings={"Enabled": True, "PreferredMfa": True}
    )
    user = idp.get_user(AccessToken=access)
    assert user["UserMFASettingList"] == ["EMAIL_OTP"]
    assert user["PreferredMfaSetting"] == "EMAIL_OTP"
    assert password_auth(stack, username)["ChallengeName"] == "EMAIL_OTP"
    idp.set_user_mfa_preference(
        AccessToken=access, EmailMfaSettings={"Enabled": False, "PreferredMfa": False}
    )
    assert "AuthenticationResult" in password_auth(stack, username)


def test_email_mfa_needs_a_verified_email_and_a_pool_with_it(stack):
    username, _ = confirmed_user(stack)
    access = password_auth(stack, username)["AuthenticationResult"]["AccessToken"]
    idp = stack.idp()
    idp.update_user_attributes(
        AccessToken=access, UserAttributes=[{"Name": "email", "Value": "unverified@example.com"}]
    )
    raises(
        "InvalidParameterException",
        idp.set_user_mfa_preference,
        AccessToken=access,
        EmailMfaSettings={"Enabled": True, "PreferredMfa": True},
    )


def test_sms_mfa(stack):
    username, _ = confirmed_user(stack)
    access = password_auth(stack, username)["AuthenticationResult"]["AccessToken"]
    idp = stack.idp()
    idp.update_user_attributes(
        AccessToken=access, UserAttributes=[{"Name": "phone_number", "Value": "+15555550123"}]
    )
    idp.set_user_mfa_preference(
        AccessToken=access, SMSMfaSettings={"Enabled": True, "PreferredMfa": True}
    )
    reply = password_auth(stack, username)
    assert reply["ChallengeName"] == "SMS_MFA"
    assert reply["ChallengeParameters"]["CODE_DELIVERY_DESTINATION"] == "+*******0123"
    message = outbox(stack, username)[-1]
    assert (message["medium"], message["destination"]) == ("SMS", "+15555550123")
    raises(
        "CodeMismatchException",
        respond,
        stack,
        stack["clientId"],
        "SMS_MFA",
        reply["Session"],
        USERNAME=username,
        SMS_MFA_CODE=wrong(message["code"]),
    )
    tokens = respond(
        stack,
        stack["clientId"],
        "SMS_MFA",
        reply["Session"],
        USERNAME=username,
        SMS_MFA_CODE=message["code"],
    )
    assert "AccessToken" in tokens["AuthenticationResult"]
