"""Profile: attribute verification codes, deleting attributes and the user.

Stock moto has none of GetUserAttributeVerificationCode, VerifyUserAttribute,
DeleteUserAttributes, DeleteUser (test_patches_matter.py)."""

import pytest

from accounts_helpers import confirmed_user, last_code, outbox, password_auth, raises, wrong


@pytest.fixture
def signed_in(stack):
    username, _ = confirmed_user(stack)
    tokens = password_auth(stack, username)["AuthenticationResult"]
    return username, tokens["AccessToken"], tokens


def _attributes(stack, access):
    reply = stack.idp().get_user(AccessToken=access)
    return {a["Name"]: a["Value"] for a in reply["UserAttributes"]}


def test_changed_email_waits_for_its_code(stack, signed_in):
    username, access, _ = signed_in
    idp = stack.idp()
    reply = idp.update_user_attributes(
        AccessToken=access, UserAttributes=[{"Name": "email", "Value": "new.address@example.net"}]
    )
    assert reply["CodeDeliveryDetailsList"] == [
        {"Destination": "n***@e***", "DeliveryMedium": "EMAIL", "AttributeName": "email"}
    ]
    assert _attributes(stack, access)["email_verified"] == "false"
    message = outbox(stack, username)[-1]
    assert (message["purpose"], message["destination"]) == (
        "verify-email",
        "new.address@example.net",
    )
    raises(
        "CodeMismatchException",
        idp.verify_user_attribute,
        AccessToken=access,
        AttributeName="email",
        Code=wrong(message["code"]),
    )
    idp.verify_user_attribute(AccessToken=access, AttributeName="email", Code=message["code"])
    assert _attributes(stack, access)["email_verified"] == "true"
    raises(
        "ExpiredCodeException",
        idp.verify_user_attribute,
        AccessToken=access,
        AttributeName="email",
        Code=message["code"],
    )


def test_other_attributes_need_no_code(stack, signed_in):
    _, access, _ = signed_in
    reply = stack.idp().update_user_attributes(
        AccessToken=access, UserAttributes=[{"Name": "given_name", "Value": "Ada"}]
    )
    assert "CodeDeliveryDetailsList" not in reply
    assert _attributes(stack, access)["given_name"] == "Ada"


def test_get_user_attribute_verification_code(stack, signed_in):
    username, access, _ = signed_in
    idp = stack.idp()
    reply = idp.get_user_attribute_verification_code(AccessToken=access, AttributeName="email")
    assert reply["CodeDeliveryDetails"]["AttributeName"] == "email"
    code = last_code(stack, username, "verify-email")
    for _ in range(5):
        raises(
            "CodeMismatchException",
            idp.verify_user_attribute,
            AccessToken=access,
            AttributeName="email",
            Code=wrong(code),
        )
    raises(
        "LimitExceededException",
        idp.verify_user_attribute,
        AccessToken=access,
        AttributeName="email",
        Code=code,
    )
    raises(
        "InvalidParameterException",
        idp.get_user_attribute_verification_code,
        AccessToken=access,
        AttributeName="given_name",
    )
    raises(
        "InvalidParameterException",
        idp.get_user_attribute_verification_code,
        AccessToken=access,
        AttributeName="phone_number",
    )
    raises(
        "NotAuthorizedException",
        idp.get_user_attribute_verification_code,
        AccessToken="not-a-token",
        AttributeName="email",
    )
    raises(
        "NotAuthorizedException",
        idp.verify_user_attribute,
        AccessToken="not-a-token",
        AttributeName="email",
        Code=code,
    )


def test_delete_user_attributes(stack, signed_in):
    _, access, _ = signed_in
    idp = stack.idp()
    idp.update_user_attributes(
        AccessToken=access, UserAttributes=[{"Name": "given_name", "Value": "Ada"}]
    )
    idp.delete_user_attributes(AccessToken=access, UserAttributeNames=["given_name"])
    assert "given_name" not in _attributes(stack, access)
    raises(
        "InvalidParameterException",
        idp.delete_user_attributes,
        AccessToken=access,
        UserAttributeNames=["sub"],
    )
    raises(
        "InvalidParameterException",
        idp.delete_user_attributes,
        AccessToken=access,
        UserAttributeNames=["nickname"],
    )
    raises(
        "NotAuthorizedException",
        idp.delete_user_attributes,
        AccessToken="not-a-token",
        UserAttributeNames=["given_name"],
    )


def test_delete_user(stack, signed_in):
    username, access, tokens = signed_in
    idp = stack.idp()
    idp.delete_user(AccessToken=access)
    raises("NotAuthorizedException", idp.get_user, AccessToken=access)
    raises("NotAuthorizedException", idp.delete_user, AccessToken=access)
    raises(
        "NotAuthorizedException",
        idp.initiate_auth,
        ClientId=stack["clientId"],
        AuthFlow="REFRESH_TOKEN_AUTH",
        AuthParameters={"REFRESH_TOKEN": tokens["RefreshToken"]},
    )
    raises("UserNotFoundException", password_auth, stack, username)
