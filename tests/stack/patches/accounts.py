"""Account operations with real codes: sign-up and its confirmation, password reset and
change, attribute verification, deleting attributes and the user, MFA preferences.

Targets moto 5.2.5 (`CognitoIdpResponse` actions and `CognitoIdpBackend`). Stock moto
confirms a sign-up without looking at the code, sends no code anywhere, accepts any reset
code that does not start with `moto-confirmation-code:` (and returns the real one in an
`x-moto-forgot-password-confirmation-code` header), skips the password policy on reset,
ignores `AllowAdminCreateUserOnly` and SECRET_HASH on sign-up, and has no
ResendConfirmationCode, GetUserAttributeVerificationCode, VerifyUserAttribute, DeleteUser or
DeleteUserAttributes. Here:

- SignUp: refused when the pool allows admins only (NotAuthorizedException), SecretHash
  checked for a client with a secret, the password policy (InvalidPasswordException), then
  a code to the email (or phone) the pool auto-verifies, `CodeDeliveryDetails` masked;
- ConfirmSignUp: the code (codes.py: CodeMismatch, Expired, LimitExceeded), the user becomes
  CONFIRMED with the attribute verified, and the answer carries a `Session` for
  InitiateAuth(USER_AUTH) (challenges.py); an already confirmed user: NotAuthorizedException;
- ResendConfirmationCode: a new code replaces the old (an already confirmed user:
  InvalidParameterException);
- ForgotPassword: a code to the verified email or phone (none: InvalidParameterException);
  ConfirmForgotPassword: the policy, then the code, then the new password;
- ChangePassword: the policy (with Cognito's message) before moto's checks;
- UpdateUserAttributes: a changed email/phone the pool auto-verifies becomes unverified and
  gets a code (`CodeDeliveryDetailsList`); GetUserAttributeVerificationCode /
  VerifyUserAttribute send and check that code and set `<attribute>_verified`;
- DeleteUserAttributes (not `sub`), DeleteUser (tokens, codes, devices and sessions gone);
- SetUserMFAPreference also takes `EmailMfaSettings` (pool with email MFA, verified email),
  and GetUser lists EMAIL_OTP in UserMFASettingList.
"""

from __future__ import annotations

from moto.cognitoidp.exceptions import (
    InvalidParameterException,
    NotAuthorizedError,
    UsernameExistsException,
)
from moto.cognitoidp.models import CognitoIdpUser, UserStatus
from moto.cognitoidp.responses import CognitoIdpResponse
from moto.cognitoidp.utils import check_secret_hash
from moto.core.responses import ActionResult, EmptyResult

from . import challenges, codes, devices
from .users import (
    attribute,
    check_password,
    delivery_details,
    drop_tokens,
    pool_and_client,
    signed_in,
    user_of,
)

VERIFIABLE = ("email", "phone_number")
_original_user_to_json = CognitoIdpUser.to_json


def _check_client_secret(client, username, secret_hash) -> None:
    if client.generate_secret and not check_secret_hash(
        client.secret, client.id, username or "", secret_hash
    ):
        raise NotAuthorizedError(
            f"Client {client.id} is configured with secret but SECRET_HASH was not received"
            if not secret_hash
            else "Unable to verify secret hash for client " + client.id
        )


def _send(pool, user, purpose: str, attribute_name: str) -> dict | None:
    details = delivery_details(user, attribute_name)
    if details is None:
        return None
    codes.issue(
        pool.id, user.username, purpose, attribute(user, attribute_name), details["DeliveryMedium"]
    )
    return details


def _sign_up_channel(pool, user) -> str | None:
    for name in pool.extended_config.get("AutoVerifiedAttributes") or []:
        if name in VERIFIABLE and attribute(user, name):
            return name
    return None


def _client_user(self):
    pool, client = pool_and_client(self.backend, self._get_param("ClientId"))
    username = self._get_param("Username")
    _check_client_secret(client, username, self._get_param("SecretHash"))
    return pool, client, user_of(pool, username)


def sign_up(self: CognitoIdpResponse) -> ActionResult:
    """SignUp with Cognito's checks and a confirmation code in the outbox."""
    pool, client = pool_and_client(self.backend, self._get_param("ClientId"))
    username = self._get_param("Username")
    if (pool.extended_config.get("AdminCreateUserConfig") or {}).get("AllowAdminCreateUserOnly"):
        raise NotAuthorizedError("SignUp is not permitted for this user pool")
    if not isinstance(username, str) or not username:
        raise InvalidParameterException("Username is required")
    _check_client_secret(client, username, self._get_param("SecretHash"))
    if pool._get_user(username) is not None:
        raise UsernameExistsException("User already exists")
    check_password(pool, self._get_param("Password"))
    user, _ = self.backend.sign_up(
        client.id, username, self._get_param("Password"), self._get_param("UserAttributes", [])
    )
    result = {"UserConfirmed": user.status == UserStatus.CONFIRMED, "UserSub": user.id}
    channel = _sign_up_channel(pool, user)
    if channel:
        result["CodeDeliveryDetails"] = _send(pool, user, "sign-up", channel)
    return ActionResult(result)


def confirm_sign_up(self: CognitoIdpResponse) -> ActionResult:
    """ConfirmSignUp: the code, then CONFIRMED and a Session for USER_AUTH."""
    pool, client, user = _client_user(self)
    if user.status != UserStatus.UNCONFIRMED:
        raise NotAuthorizedError(f"User cannot be confirmed. Current status is {user.status.value}")
    codes.check(pool.id, user.username, "sign-up", self._get_param("ConfirmationCode"))
    user.status = UserStatus.CONFIRMED
    channel = _sign_up_channel(pool, user)
    if channel:
        user.update_attributes([{"Name": f"{channel}_verified", "Value": "true"}])
    return ActionResult(
        {"Session": challenges.confirm_sign_up_session(pool, client, user.username)}
    )


def resend_confirmation_code(self: CognitoIdpResponse) -> ActionResult:
    """ResendConfirmationCode: a new sign-up code replaces the old one."""
    pool, _, user = _client_user(self)
    if user.status != UserStatus.UNCONFIRMED:
        raise InvalidParameterException("User is already confirmed.")
    channel = _sign_up_channel(pool, user)
    if channel is None:
        raise InvalidParameterException("No email or phone number to send the code to.")
    return ActionResult({"CodeDeliveryDetails": _send(pool, user, "sign-up", channel)})


def forgot_password(self: CognitoIdpResponse) -> ActionResult:
    """ForgotPassword: a reset code to the verified email or phone (no moto header)."""
    pool, _, user = _client_user(self)
    for name in VERIFIABLE:
        if attribute(user, name) and attribute(user, f"{name}_verified") == "true":
            return ActionResult({"CodeDeliveryDetails": _send(pool, user, "forgot-password", name)})
    raise InvalidParameterException(
        "Cannot reset password for the user as there is no registered/verified email or phone_number"
    )


def confirm_forgot_password(self: CognitoIdpResponse) -> EmptyResult:
    """ConfirmForgotPassword: policy, code, then the new password."""
    pool, _, user = _client_user(self)
    password = self._get_param("Password")
    check_password(pool, password)
    codes.check(pool.id, user.username, "forgot-password", self._get_param("ConfirmationCode"))
    user.password = password
    if user.status in (UserStatus.RESET_REQUIRED, UserStatus.FORCE_CHANGE_PASSWORD):
        user.status = UserStatus.CONFIRMED
    return EmptyResult()


def change_password(self: CognitoIdpResponse) -> EmptyResult:
    """ChangePassword: the policy with Cognito's message, then moto's checks."""
    pool, user = signed_in(self.backend, self._get_param("AccessToken"))
    check_password(pool, self._get_param("ProposedPassword"))
    if user.password != self._get_param("PreviousPassword"):
        raise NotAuthorizedError("Incorrect username or password.")
    user.password = self._get_param("ProposedPassword")
    return EmptyResult()


def update_user_attributes(self: CognitoIdpResponse) -> ActionResult:
    """UpdateUserAttributes: changed auto-verified attributes wait for a code."""
    pool, user = signed_in(self.backend, self._get_param("AccessToken"))
    attributes = self._get_param("UserAttributes") or []
    before = {name: attribute(user, name) for name in VERIFIABLE}
    self.backend.update_user_attributes(self._get_param("AccessToken"), attributes)
    sent = []
    for name in pool.extended_config.get("AutoVerifiedAttributes") or []:
        if name in VERIFIABLE and attribute(user, name) and attribute(user, name) != before[name]:
            user.update_attributes([{"Name": f"{name}_verified", "Value": "false"}])
            sent.append(_send(pool, user, f"verify-{name}", name))
    return ActionResult({"CodeDeliveryDetailsList": sent} if sent else {})


def _verifiable(user, name) -> str:
    if name not in VERIFIABLE:
        raise InvalidParameterException(f"Invalid attribute name: {name}")
    if not attribute(user, name):
        raise InvalidParameterException(f"The user has no {name} attribute")
    return name


def get_user_attribute_verification_code(self: CognitoIdpResponse) -> ActionResult:
    """GetUserAttributeVerificationCode: a code to the email or phone."""
    pool, user = signed_in(self.backend, self._get_param("AccessToken"))
    name = _verifiable(user, self._get_param("AttributeName"))
    return ActionResult({"CodeDeliveryDetails": _send(pool, user, f"verify-{name}", name)})


def verify_user_attribute(self: CognitoIdpResponse) -> ActionResult:
    """VerifyUserAttribute: the code, then `<attribute>_verified` = true."""
    pool, user = signed_in(self.backend, self._get_param("AccessToken"))
    name = _verifiable(user, self._get_param("AttributeName"))
    codes.check(pool.id, user.username, f"verify-{name}", self._get_param("Code"))
    user.update_attributes([{"Name": f"{name}_verified", "Value": "true"}])
    return ActionResult({})


def delete_user_attributes(self: CognitoIdpResponse) -> ActionResult:
    """DeleteUserAttributes (never `sub`)."""
    _, user = signed_in(self.backend, self._get_param("AccessToken"))
    names = self._get_param("UserAttributeNames")
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise InvalidParameterException("UserAttributeNames must be a list of names")
    if "sub" in names:
        raise InvalidParameterException("Cannot delete attribute sub")
    user.delete_attributes(names)
    return ActionResult({})


def delete_user(self: CognitoIdpResponse) -> EmptyResult:
    """DeleteUser: the user, their tokens, codes, sessions and devices."""
    pool, user = signed_in(self.backend, self._get_param("AccessToken"))
    for group in list(user.groups):
        group.users.discard(user)
    del pool.users[user.username]
    drop_tokens(pool, user.username)
    codes.forget_user(pool.id, user.username)
    devices.forget_user(pool.id, user.username)
    challenges.forget_user(pool.id, user.username)
    return EmptyResult()


def set_user_mfa_preference(self: CognitoIdpResponse) -> EmptyResult:
    """SetUserMFAPreference with EmailMfaSettings besides moto's TOTP and SMS settings."""
    pool, user = signed_in(self.backend, self._get_param("AccessToken"))
    email = self._get_param("EmailMfaSettings")
    totp_settings = self._get_param("SoftwareTokenMfaSettings")
    if (
        totp_settings
        and totp_settings.get("Enabled")
        and not getattr(user, "stack_totp_secret", None)
    ):
        raise InvalidParameterException("User has not verified software token mfa")
    if email:
        if email.get("Enabled") and not getattr(pool, "stack_email_mfa", False):
            raise InvalidParameterException("Email MFA is not enabled for this user pool")
        if email.get("Enabled") and attribute(user, "email_verified") != "true":
            raise InvalidParameterException("User does not have a verified email address")
    self.backend.set_user_mfa_preference(
        self._get_param("AccessToken"), totp_settings, self._get_param("SMSMfaSettings")
    )
    if email:
        user.stack_email_mfa_enabled = bool(email.get("Enabled"))
        if email.get("PreferredMfa") and email.get("Enabled"):
            user.preferred_mfa_setting = "EMAIL_OTP"
        elif user.preferred_mfa_setting == "EMAIL_OTP":
            user.preferred_mfa_setting = ""
    return EmptyResult()


def _user_to_json(self, *args, **kwargs):
    data = _original_user_to_json(self, *args, **kwargs)
    if "UserMFASettingList" in data and getattr(self, "stack_email_mfa_enabled", False):
        data["UserMFASettingList"] = data["UserMFASettingList"] + ["EMAIL_OTP"]
    return data


def apply() -> None:
    """Install the account operations into moto's cognito-idp JSON dispatcher."""
    for name, action in {
        "sign_up": sign_up,
        "confirm_sign_up": confirm_sign_up,
        "resend_confirmation_code": resend_confirmation_code,
        "forgot_password": forgot_password,
        "confirm_forgot_password": confirm_forgot_password,
        "change_password": change_password,
        "update_user_attributes": update_user_attributes,
        "get_user_attribute_verification_code": get_user_attribute_verification_code,
        "verify_user_attribute": verify_user_attribute,
        "delete_user_attributes": delete_user_attributes,
        "delete_user": delete_user,
        "set_user_mfa_preference": set_user_mfa_preference,
    }.items():
        setattr(CognitoIdpResponse, name, action)
    CognitoIdpUser.to_json = _user_to_json
