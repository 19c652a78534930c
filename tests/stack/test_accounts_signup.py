"""Sign-up, its code and the sign-in that follows (reference client: boto3; SRP: pycognito).

Stock moto confirms any code and sends none (see test_patches_matter.py)."""

import json

import pytest

from accounts_helpers import (
    PASSWORD,
    confirmed_user,
    new_name,
    outbox,
    last_code,
    password_auth,
    raises,
    secret_hash,
    sign_up,
    srp_auth,
    srp_client,
    wrong,
)


def test_sign_up_delivers_a_code_to_the_email(stack):
    username, reply = sign_up(stack, email="someone.else@example.org")
    assert reply["UserConfirmed"] is False and reply["UserSub"]
    assert reply["CodeDeliveryDetails"] == {
        "Destination": "s***@e***",
        "DeliveryMedium": "EMAIL",
        "AttributeName": "email",
    }
    [message] = outbox(stack, username)
    assert message["destination"] == "someone.else@example.org"
    assert message["purpose"] == "sign-up" and message["medium"] == "EMAIL"
    assert len(message["code"]) == 6 and message["code"].isdigit()
    assert message["time"].endswith("Z") and message["userPoolId"] == stack["userPoolId"]


def test_codes_are_random(stack):
    codes = {last_code(stack, sign_up(stack)[0], "sign-up") for _ in range(6)}
    assert len(codes) > 1


def test_confirm_sign_up_with_the_code_then_sign_in_without_password(stack):
    username, _ = sign_up(stack)
    idp = stack.idp()
    raises(
        "CodeMismatchException",
        idp.confirm_sign_up,
        ClientId=stack["clientId"],
        Username=username,
        ConfirmationCode=wrong(last_code(stack, username, "sign-up")),
    )
    reply = idp.confirm_sign_up(
        ClientId=stack["clientId"],
        Username=username,
        ConfirmationCode=last_code(stack, username, "sign-up"),
    )
    assert reply["Session"]
    user = stack.client("cognito-idp").admin_get_user(
        UserPoolId=stack["userPoolId"], Username=username
    )
    assert user["UserStatus"] == "CONFIRMED"
    assert {"Name": "email_verified", "Value": "true"} in user["UserAttributes"]
    tokens = idp.initiate_auth(
        ClientId=stack["clientId"],
        AuthFlow="USER_AUTH",
        AuthParameters={"USERNAME": username},
        Session=reply["Session"],
    )["AuthenticationResult"]
    assert {"IdToken", "AccessToken", "RefreshToken"} <= set(tokens)
    # The session is single use.
    raises(
        "NotAuthorizedException",
        idp.initiate_auth,
        ClientId=stack["clientId"],
        AuthFlow="USER_AUTH",
        AuthParameters={"USERNAME": username},
        Session=reply["Session"],
    )


def test_confirm_sign_up_session_is_for_its_own_user(stack):
    _, reply = confirmed_user(stack)
    raises(
        "NotAuthorizedException",
        stack.idp().initiate_auth,
        ClientId=stack["clientId"],
        AuthFlow="USER_AUTH",
        AuthParameters={"USERNAME": "demo"},
        Session=reply["Session"],
    )


def test_user_auth_needs_a_session_and_the_client_flow(stack):
    raises(
        "InvalidParameterException",
        stack.idp().initiate_auth,
        ClientId=stack["clientId"],
        AuthFlow="USER_AUTH",
        AuthParameters={"USERNAME": "demo"},
    )
    tenant = stack["tenants"][0]
    raises(
        "InvalidParameterException",
        stack.idp().initiate_auth,
        ClientId=tenant["clientId"],
        AuthFlow="USER_AUTH",
        AuthParameters={"USERNAME": "demo"},
        Session="x" * 40,
    )


def test_a_code_is_single_use(stack):
    username, _ = sign_up(stack)
    code = last_code(stack, username, "sign-up")
    stack.idp().confirm_sign_up(
        ClientId=stack["clientId"], Username=username, ConfirmationCode=code
    )
    raises(
        "NotAuthorizedException",
        stack.idp().confirm_sign_up,
        ClientId=stack["clientId"],
        Username=username,
        ConfirmationCode=code,
    )


def test_repeated_failures_exceed_the_limit(stack):
    username, _ = sign_up(stack)
    code = last_code(stack, username, "sign-up")
    confirm = stack.idp().confirm_sign_up
    for _ in range(5):
        raises(
            "CodeMismatchException",
            confirm,
            ClientId=stack["clientId"],
            Username=username,
            ConfirmationCode=wrong(code),
        )
    raises(
        "LimitExceededException",
        confirm,
        ClientId=stack["clientId"],
        Username=username,
        ConfirmationCode=code,
    )
    # A new code starts afresh.
    stack.idp().resend_confirmation_code(ClientId=stack["clientId"], Username=username)
    confirm(
        ClientId=stack["clientId"],
        Username=username,
        ConfirmationCode=last_code(stack, username, "sign-up"),
    )


def test_resend_replaces_the_code(stack):
    username, _ = sign_up(stack)
    first = last_code(stack, username, "sign-up")
    reply = stack.idp().resend_confirmation_code(ClientId=stack["clientId"], Username=username)
    assert reply["CodeDeliveryDetails"]["DeliveryMedium"] == "EMAIL"
    assert [m["purpose"] for m in outbox(stack, username)] == ["sign-up", "sign-up"]
    second = last_code(stack, username, "sign-up")
    if first != second:
        raises(
            "CodeMismatchException",
            stack.idp().confirm_sign_up,
            ClientId=stack["clientId"],
            Username=username,
            ConfirmationCode=first,
        )
    stack.idp().confirm_sign_up(
        ClientId=stack["clientId"], Username=username, ConfirmationCode=second
    )


def test_resend_errors(stack):
    raises(
        "InvalidParameterException",
        stack.idp().resend_confirmation_code,
        ClientId=stack["clientId"],
        Username="demo",
    )
    raises(
        "UserNotFoundException",
        stack.idp().resend_confirmation_code,
        ClientId=stack["clientId"],
        Username=new_name("nobody"),
    )


def test_sign_up_errors(stack):
    idp = stack.idp()
    raises("UsernameExistsException", sign_up, stack, username="demo")
    error = raises("InvalidPasswordException", sign_up, stack, password="short1!")
    assert "Password did not conform with policy" in error.response["Error"]["Message"]
    for weak in ("nouppercase1!", "NOLOWERCASE1!", "No-digits-here!", "NoSymbols1234"):
        raises("InvalidPasswordException", sign_up, stack, password=weak)
    raises(
        "ResourceNotFoundException",
        idp.sign_up,
        ClientId="0" * 26,
        Username=new_name(),
        Password=PASSWORD,
    )


def test_sign_up_needs_the_secret_hash_of_a_client_with_secret(stack):
    client_id = stack["clientIdWithSecret"]
    raises("NotAuthorizedException", sign_up, stack, client_id=client_id)
    username = new_name()
    stack.idp().sign_up(
        ClientId=client_id,
        Username=username,
        Password=PASSWORD,
        SecretHash=secret_hash(username, client_id, stack["clientSecret"]),
        UserAttributes=[{"Name": "email", "Value": f"{username}@example.com"}],
    )
    raises(
        "NotAuthorizedException",
        stack.idp().confirm_sign_up,
        ClientId=client_id,
        Username=username,
        ConfirmationCode=last_code(stack, username, "sign-up"),
    )


def test_admin_only_pool_refuses_sign_up(stack):
    admin = stack.client("cognito-idp")
    pool = admin.create_user_pool(
        PoolName="admin-only", AdminCreateUserConfig={"AllowAdminCreateUserOnly": True}
    )["UserPool"]
    client_id = admin.create_user_pool_client(UserPoolId=pool["Id"], ClientName="c")[
        "UserPoolClient"
    ]["ClientId"]
    error = raises("NotAuthorizedException", sign_up, stack, client_id=client_id)
    assert error.response["Error"]["Message"] == "SignUp is not permitted for this user pool"


def test_unconfirmed_user_cannot_sign_in(stack):
    username, _ = sign_up(stack)
    raises("UserNotConfirmedException", password_auth, stack, username)
    raises("UserNotConfirmedException", srp_auth, stack, srp_client(stack, username))


def test_outbox_is_readable_cross_origin(stack):
    username, _ = sign_up(stack)
    status, headers, body = stack.send(
        "GET", f"/_stack/outbox?username={username}", {"Origin": "http://127.0.0.1:8081"}
    )
    assert status == 200 and headers["access-control-allow-origin"] == "http://127.0.0.1:8081"
    assert len(json.loads(body)) == 1
    _, headers, _ = stack.send(
        "GET", f"/_stack/outbox?username={username}", {"Origin": "http://evil.example"}
    )
    assert "access-control-allow-origin" not in headers


def test_outbox_filters_by_pool(stack):
    username, _ = sign_up(stack)
    assert outbox(stack, username, stack["userPoolId"])
    assert outbox(stack, username, stack["mfaPool"]["userPoolId"]) == []


@pytest.fixture(scope="module")
def short_lived(tmp_path_factory):
    from conftest import start_stack

    running = start_stack(
        env={"STACK_CODE_TTL_SECONDS": "1"}, tmp_dir=tmp_path_factory.mktemp("short")
    )
    yield running
    running.stop()


def test_an_expired_code_is_refused(short_lived):
    import time

    username, _ = sign_up(short_lived)
    code = last_code(short_lived, username, "sign-up")
    time.sleep(1.2)
    raises(
        "ExpiredCodeException",
        short_lived.idp().confirm_sign_up,
        ClientId=short_lived["clientId"],
        Username=username,
        ConfirmationCode=code,
    )
