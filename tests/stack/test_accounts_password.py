"""Forgotten and changed passwords: reset codes from the outbox, the password policy.

Stock moto accepts any reset code and skips the policy on reset (test_patches_matter.py)."""

from accounts_helpers import (
    PASSWORD,
    confirmed_user,
    last_code,
    new_name,
    outbox,
    password_auth,
    raises,
    sign_up,
    wrong,
)

NEW_PASSWORD = "Another-passw0rd!"


def _forgot(stack, username):
    return stack.idp().forgot_password(ClientId=stack["clientId"], Username=username)


def _confirm(stack, username, code, password=NEW_PASSWORD):
    return stack.idp().confirm_forgot_password(
        ClientId=stack["clientId"], Username=username, ConfirmationCode=code, Password=password
    )


def test_reset_with_the_emailed_code(stack):
    username, _ = confirmed_user(stack)
    status, headers, _ = stack.json_call(
        "AWSCognitoIdentityProviderService.ForgotPassword",
        {"ClientId": stack["clientId"], "Username": username},
    )
    assert status == 200
    assert not any(name.startswith("x-moto") for name in headers)
    [message] = [m for m in outbox(stack, username) if m["purpose"] == "forgot-password"]
    assert message["destination"] == f"{username}@example.com"
    raises("CodeMismatchException", _confirm, stack, username, wrong(message["code"]))
    _confirm(stack, username, message["code"])
    raises("NotAuthorizedException", password_auth, stack, username, PASSWORD)
    assert "AuthenticationResult" in password_auth(stack, username, NEW_PASSWORD)
    raises("ExpiredCodeException", _confirm, stack, username, message["code"], "Third-passw0rd!")


def test_forgot_password_reply_names_the_masked_destination(stack):
    username, _ = confirmed_user(stack)
    details = _forgot(stack, username)["CodeDeliveryDetails"]
    assert details == {
        "Destination": f"{username[0]}***@e***",
        "DeliveryMedium": "EMAIL",
        "AttributeName": "email",
    }


def test_reset_password_policy_is_enforced(stack):
    username, _ = confirmed_user(stack)
    _forgot(stack, username)
    code = last_code(stack, username, "forgot-password")
    raises("InvalidPasswordException", _confirm, stack, username, code, "weakpassword")
    _confirm(stack, username, code)  # the weak attempt did not use the code up


def test_reset_without_a_code_requested(stack):
    username, _ = confirmed_user(stack)
    raises("ExpiredCodeException", _confirm, stack, username, "123456")


def test_reset_attempts_are_limited(stack):
    username, _ = confirmed_user(stack)
    _forgot(stack, username)
    code = last_code(stack, username, "forgot-password")
    for _ in range(5):
        raises("CodeMismatchException", _confirm, stack, username, wrong(code))
    raises("LimitExceededException", _confirm, stack, username, code)


def test_forgot_password_errors(stack):
    raises("UserNotFoundException", _forgot, stack, new_name("nobody"))
    username, _ = sign_up(stack)  # unconfirmed: its email is not verified
    raises("InvalidParameterException", _forgot, stack, username)


def test_change_password(stack):
    username, _ = confirmed_user(stack)
    access = password_auth(stack, username)["AuthenticationResult"]["AccessToken"]
    idp = stack.idp()
    error = raises(
        "InvalidPasswordException",
        idp.change_password,
        AccessToken=access,
        PreviousPassword=PASSWORD,
        ProposedPassword="alllowercase1!",
    )
    assert error.response["Error"]["Message"].startswith("Password did not conform with policy")
    raises(
        "NotAuthorizedException",
        idp.change_password,
        AccessToken=access,
        PreviousPassword="Wrong-passw0rd!",
        ProposedPassword=NEW_PASSWORD,
    )
    raises(
        "NotAuthorizedException",
        idp.change_password,
        AccessToken="not-a-token",
        PreviousPassword=PASSWORD,
        ProposedPassword=NEW_PASSWORD,
    )
    idp.change_password(
        AccessToken=access, PreviousPassword=PASSWORD, ProposedPassword=NEW_PASSWORD
    )
    assert "AuthenticationResult" in password_auth(stack, username, NEW_PASSWORD)
