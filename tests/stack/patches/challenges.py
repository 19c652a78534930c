"""Sign-in after the password: MFA (TOTP, email, SMS, selection, MFA_SETUP), remembered
devices (DEVICE_SRP_AUTH / DEVICE_PASSWORD_VERIFIER), the ConfirmSignUp session, and the
device key on refresh.

Targets moto 5.2.5 (`CognitoIdpBackend.initiate_auth`/`respond_to_auth_challenge` as srp.py
leaves them, `CognitoIdpResponse.initiate_auth`, `associate_software_token`,
`verify_software_token`). Stock moto hands every user the same TOTP secret and accepts any
code, never sends an email or SMS code, returns MFA_SETUP and then tokens for any answer,
and has no device challenges. Here, once the password is proven (USER_PASSWORD_AUTH, a
verified PASSWORD_VERIFIER, an answered NEW_PASSWORD_REQUIRED, or the session ConfirmSignUp
returned), the next step is decided as Cognito does:

1. a DEVICE_KEY of the user's confirmed, remembered device -> DEVICE_SRP_AUTH, then
   DEVICE_PASSWORD_VERIFIER with the device's proof checked (devices.py); MFA is skipped;
2. the pool's MfaConfiguration is ON or OPTIONAL and the user has MFA factors (TOTP after
   VerifySoftwareToken + SetUserMFAPreference, email, SMS) -> the preferred one, the only
   one, or SELECT_MFA_TYPE; EMAIL_OTP and SMS_MFA codes go to the outbox (codes.py);
3. MfaConfiguration ON and no factor -> MFA_SETUP: AssociateSoftwareToken(Session) gives a
   fresh secret, VerifySoftwareToken(Session, UserCode) checks a real RFC 6238 code
   (totp.py) and enables TOTP, then RespondToAuthChallenge(MFA_SETUP) gives the tokens;
4. else the tokens, with NewDeviceMetadata when the pool tracks devices and no known
   device was used. A refresh token issued to a device must be refreshed with its
   DEVICE_KEY (NotAuthorizedException "Invalid Refresh Token" otherwise).

Challenge sessions are opaque, last the client's AuthSessionValidity (3 minutes), belong to
one client and user; a wrong TOTP code is CodeMismatchException (the session stays, for
MAX_FAILURES tries), a wrong device proof ends the session.

The pool's ChallengeRequiredOnNewDevice is not acted on (only MfaConfiguration decides).

InitiateAuth with AuthFlow USER_AUTH and the Session from ConfirmSignUp (client flow
ALLOW_USER_AUTH) signs the new user in without the password; USER_AUTH without that
session (choice-based sign-in) is not served by the stack.
"""

from __future__ import annotations

import base64
import binascii
import datetime
import hmac
import json
import secrets
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from moto.cognitoidp.exceptions import InvalidParameterException, NotAuthorizedError
from moto.cognitoidp.models import CognitoIdpBackend
from moto.cognitoidp.responses import CognitoIdpResponse
from moto.core.responses import ActionResult

from . import codes, devices, srp, totp
from .errors import json_error
from .users import attribute, delivery_details, pool_and_client, signed_in, user_of

MAX_FAILURES = 5
_EXPIRED = "Invalid session for the user, session is expired."
_OWN_CHALLENGES = {
    "SOFTWARE_TOKEN_MFA",
    "SMS_MFA",
    "EMAIL_OTP",
    "SELECT_MFA_TYPE",
    "MFA_SETUP",
    "DEVICE_SRP_AUTH",
    "DEVICE_PASSWORD_VERIFIER",
}


@dataclass
class Pending:
    """A challenge (or ConfirmSignUp) session."""

    kind: str
    pool_id: str
    client_id: str
    username: str
    expires: float
    device_key: str | None = None
    failures: int = 0
    data: dict[str, Any] = field(default_factory=dict)


_lock = threading.Lock()
_sessions: dict[str, Pending] = {}
#: DEVICE_KEY sent with InitiateAuth(USER_SRP_AUTH), by SECRET_BLOCK, until the proof.
_srp_device: dict[str, str] = {}
#: refresh token -> the device key it was issued to.
_refresh_device: dict[str, str] = {}


def _validity(client) -> float:
    return 60.0 * int(client.extended_config.get("AuthSessionValidity") or 3)


def new_session(kind: str, pool, client, username: str, **extra) -> str:
    """Store a pending step; returns its opaque Session."""
    session = base64.b64encode(secrets.token_bytes(96)).decode()
    pending = Pending(kind, pool.id, client.id, username, time.time() + _validity(client), **extra)
    with _lock:
        for key in [k for k, p in _sessions.items() if p.expires < time.time()]:
            del _sessions[key]
        _sessions[session] = pending
    return session


def _take(session: object, kinds: set[str], client_id: str, keep: bool = False) -> Pending:
    with _lock:
        pending = _sessions.get(session) if isinstance(session, str) else None
        if pending is None or pending.expires < time.time() or pending.kind not in kinds:
            _sessions.pop(session, None) if isinstance(session, str) else None
            raise NotAuthorizedError(_EXPIRED)
        if pending.client_id != client_id:
            raise NotAuthorizedError("Invalid session for the user.")
        if not keep:
            del _sessions[session]
        return pending


def _drop(session: str) -> None:
    with _lock:
        _sessions.pop(session, None)


# --- deciding the next step ------------------------------------------------------------


def _factors(pool, user) -> list[str]:
    found = []
    if user.software_token_mfa_enabled and getattr(user, "stack_totp_secret", None):
        found.append("SOFTWARE_TOKEN_MFA")
    if user.sms_mfa_enabled and attribute(user, "phone_number"):
        found.append("SMS_MFA")
    if getattr(user, "stack_email_mfa_enabled", False) and attribute(user, "email"):
        found.append("EMAIL_OTP")
    return found


def _setup_choices(pool) -> list[str]:
    return ["SOFTWARE_TOKEN_MFA"] if (pool.token_mfa_config or {}).get("Enabled") else []


def _mfa_challenge(kind: str, pool, client, user, device_key) -> dict:
    session = new_session(kind, pool, client, user.username, device_key=device_key)
    params = {"USERNAME": user.username}
    if kind in ("EMAIL_OTP", "SMS_MFA"):
        name = "email" if kind == "EMAIL_OTP" else "phone_number"
        details = delivery_details(user, name)
        codes.issue(pool.id, user.username, "mfa", attribute(user, name), details["DeliveryMedium"])
        params["CODE_DELIVERY_DELIVERY_MEDIUM"] = details["DeliveryMedium"]
        params["CODE_DELIVERY_DESTINATION"] = details["Destination"]
    return {"ChallengeName": kind, "Session": session, "ChallengeParameters": params}


def next_step(backend, pool, client, user, device_key: str | None) -> dict:
    """What follows a proven password (see the module doc)."""
    if devices.usable(pool, user.username, device_key) is not None:
        session = new_session("DEVICE_SRP_AUTH", pool, client, user.username, device_key=device_key)
        return {
            "ChallengeName": "DEVICE_SRP_AUTH",
            "Session": session,
            "ChallengeParameters": {"USERNAME": user.username},
        }
    if pool.mfa_config in ("ON", "OPTIONAL"):
        factors = _factors(pool, user)
        preferred = user.preferred_mfa_setting
        if preferred in factors:
            return _mfa_challenge(preferred, pool, client, user, device_key)
        if len(factors) == 1:
            return _mfa_challenge(factors[0], pool, client, user, device_key)
        if factors:
            session = new_session(
                "SELECT_MFA_TYPE", pool, client, user.username, device_key=device_key
            )
            return {
                "ChallengeName": "SELECT_MFA_TYPE",
                "Session": session,
                "ChallengeParameters": {
                    "USERNAME": user.username,
                    "MFAS_CAN_CHOOSE": json.dumps(factors),
                },
            }
        if pool.mfa_config == "ON":
            session = new_session("MFA_SETUP", pool, client, user.username, device_key=device_key)
            return {
                "ChallengeName": "MFA_SETUP",
                "Session": session,
                "ChallengeParameters": {
                    "USERNAME": user.username,
                    "MFAS_CAN_SETUP": json.dumps(_setup_choices(pool)),
                },
            }
    return issue_tokens(backend, pool, client, user, device_key)


def issue_tokens(backend, pool, client, user, device_key: str | None) -> dict:
    """Tokens; NewDeviceMetadata when the pool tracks devices and no known device was used."""
    result = backend._log_user_in(pool, client, user.username)
    auth = result["AuthenticationResult"]
    device = devices.get(pool.id, user.username, device_key)
    if device is None and devices.tracks_devices(pool):
        device = devices.new_device(pool, user.username)
        auth["NewDeviceMetadata"] = {"DeviceKey": device.key, "DeviceGroupKey": device.group_key}
    if device is not None:
        device.authenticated = datetime.datetime.now(datetime.timezone.utc)
        with _lock:
            _refresh_device[auth["RefreshToken"]] = device.key
    return result


def _discard(backend, pool, result: dict) -> None:
    """Undo what a lower layer issued for a step this patch decides instead."""
    backend.sessions.pop(result.get("Session") or "", None)
    auth = result.get("AuthenticationResult") or {}
    for table, name in ((pool.access_tokens, "AccessToken"), (pool.id_tokens, "IdToken")):
        table.pop(auth.get(name) or "", None)
    pool.refresh_tokens.pop(auth.get("RefreshToken") or "", None)


def _after_password(backend, pool, client, username: str, device_key, result: dict) -> dict:
    if "AuthenticationResult" not in result and result.get("ChallengeName") not in (
        "SOFTWARE_TOKEN_MFA",
        "SMS_MFA",
        "MFA_SETUP",
    ):
        return result  # NEW_PASSWORD_REQUIRED and the like: the lower layer's answer
    _discard(backend, pool, result)
    return next_step(backend, pool, client, user_of(pool, username), device_key)


# --- hooks ------------------------------------------------------------------------------


def wrap_initiate_auth(lower):
    """InitiateAuth with the next step decided here, and DEVICE_KEY checks on refresh."""

    def initiate_auth(self: CognitoIdpBackend, client_id, auth_flow, auth_parameters):
        params = auth_parameters or {}
        pool, client = pool_and_client(self, client_id)
        if auth_flow in ("REFRESH_TOKEN_AUTH", "REFRESH_TOKEN"):
            bound = _refresh_device.get(params.get("REFRESH_TOKEN") or "")
            if bound is not None and params.get("DEVICE_KEY") != bound:
                raise NotAuthorizedError("Invalid Refresh Token")
            return lower(self, client_id, auth_flow, params)
        result = lower(self, client_id, auth_flow, params)
        if auth_flow == "USER_SRP_AUTH":
            block = (result.get("ChallengeParameters") or {}).get("SECRET_BLOCK")
            if block and params.get("DEVICE_KEY"):
                with _lock:
                    _srp_device[block] = params["DEVICE_KEY"]
            return result
        if auth_flow == "USER_PASSWORD_AUTH":
            user = user_of(pool, params.get("USERNAME"))
            return _after_password(
                self, pool, client, user.username, params.get("DEVICE_KEY"), result
            )
        return result

    return initiate_auth


def wrap_respond(lower):
    """RespondToAuthChallenge: this patch's challenges here, the rest below, then next step."""

    def respond_to_auth_challenge(
        self: CognitoIdpBackend, session, client_id, challenge_name, responses
    ):
        responses = responses or {}
        if challenge_name in _OWN_CHALLENGES:
            return _answer(self, session, client_id, challenge_name, responses)
        pool, client = pool_and_client(self, client_id)
        device_key = responses.get("DEVICE_KEY")
        if challenge_name == "PASSWORD_VERIFIER":
            with _lock:
                device_key = device_key or _srp_device.pop(
                    responses.get("PASSWORD_CLAIM_SECRET_BLOCK") or "", None
                )
        result = lower(self, session, client_id, challenge_name, responses)
        if challenge_name in ("PASSWORD_VERIFIER", "NEW_PASSWORD_REQUIRED"):
            username = responses.get("USERNAME") or ""
            return _after_password(self, pool, client, username, device_key, result)
        return result

    return respond_to_auth_challenge


def _check_answer_user(pool, client, pending: Pending, responses: dict):
    user = pool._get_user(responses.get("USERNAME") or "")
    if user is None or user.username != pending.username:
        raise NotAuthorizedError("Invalid session for the user.")
    srp._check_secret_hash(client, responses.get("USERNAME") or "", responses)
    return user


def _answer(backend, session, client_id, challenge_name, responses) -> dict:
    pool, client = pool_and_client(backend, client_id)
    keep = challenge_name in ("SOFTWARE_TOKEN_MFA", "SMS_MFA", "EMAIL_OTP", "MFA_SETUP")
    pending = _take(session, {challenge_name}, client_id, keep=keep)
    try:
        user = _check_answer_user(pool, client, pending, responses)
    except Exception:
        _drop(session) if keep else None
        raise
    if challenge_name == "SOFTWARE_TOKEN_MFA":
        if not totp.verify(
            getattr(user, "stack_totp_secret", ""), responses.get("SOFTWARE_TOKEN_MFA_CODE")
        ):
            pending.failures += 1
            if pending.failures >= MAX_FAILURES:
                _drop(session)
            raise json_error("CodeMismatchException", "Invalid code received for user")
        _drop(session)
        return issue_tokens(backend, pool, client, user, pending.device_key)
    if challenge_name in ("SMS_MFA", "EMAIL_OTP"):
        # A dead code (expired, too many failures) leaves the session to expire on its own.
        codes.check(pool.id, user.username, "mfa", responses.get(f"{challenge_name}_CODE"))
        _drop(session)
        return issue_tokens(backend, pool, client, user, pending.device_key)
    if challenge_name == "SELECT_MFA_TYPE":
        answer = responses.get("ANSWER")
        if answer not in _factors(pool, user):
            raise InvalidParameterException("ANSWER must be one of MFAS_CAN_CHOOSE")
        return _mfa_challenge(answer, pool, client, user, pending.device_key)
    if challenge_name == "MFA_SETUP":
        if not pending.data.get("verified"):
            raise InvalidParameterException(
                "Software token MFA has not been verified (VerifySoftwareToken with this session)"
            )
        _drop(session)
        return issue_tokens(backend, pool, client, user, pending.device_key)
    if challenge_name == "DEVICE_SRP_AUTH":
        device = devices.usable(pool, user.username, responses.get("DEVICE_KEY"))
        if device is None or device.key != pending.device_key:
            raise NotAuthorizedError("Device does not exist.")
        try:
            a_public = int(responses.get("SRP_A") or "", 16)
        except ValueError:
            raise InvalidParameterException("SRP_A must be a hexadecimal number")
        if a_public % srp.N == 0:
            raise InvalidParameterException("SRP_A mod N cannot be 0")
        b_public, state = devices.start_srp(device, a_public % srp.N)
        block = base64.b64encode(secrets.token_bytes(96)).decode()
        next_session = new_session(
            "DEVICE_PASSWORD_VERIFIER",
            pool,
            client,
            user.username,
            device_key=device.key,
            data={"srp": state, "block": block},
        )
        return {
            "ChallengeName": "DEVICE_PASSWORD_VERIFIER",
            "Session": next_session,
            "ChallengeParameters": {
                "SALT": format(device.salt, "x"),
                "SRP_B": format(b_public, "x"),
                "SECRET_BLOCK": block,
                "USERNAME": user.username,
                "DEVICE_KEY": device.key,
            },
        }
    # DEVICE_PASSWORD_VERIFIER
    state: srp.PendingSrp = pending.data["srp"]
    block = responses.get("PASSWORD_CLAIM_SECRET_BLOCK") or ""
    if block != pending.data["block"] or responses.get("DEVICE_KEY") != pending.device_key:
        raise NotAuthorizedError(srp._INCORRECT)
    timestamp = responses.get("TIMESTAMP") or ""
    when = srp.parse_timestamp(timestamp)
    if when is None:
        raise InvalidParameterException(
            "TIMESTAMP must be 'EEE MMM d HH:mm:ss UTC yyyy' (day not zero-padded)"
        )
    if abs(datetime.datetime.now(datetime.timezone.utc) - when) > srp.MAX_TIMESTAMP_SKEW:
        raise NotAuthorizedError("TIMESTAMP is too far from the server's time")
    try:
        provided = base64.b64decode(responses.get("PASSWORD_CLAIM_SIGNATURE") or "", validate=True)
        block_bytes = base64.b64decode(block, validate=True)
    except (binascii.Error, ValueError):
        raise NotAuthorizedError(srp._INCORRECT)
    if not hmac.compare_digest(provided, srp.expected_signature(state, block_bytes, timestamp)):
        raise NotAuthorizedError(srp._INCORRECT)
    return issue_tokens(backend, pool, client, user, pending.device_key)


# --- response-level operations ------------------------------------------------------------


def initiate_auth_action(self: CognitoIdpResponse) -> ActionResult:
    """InitiateAuth, plus USER_AUTH with the ConfirmSignUp session."""
    client_id = self._get_param("ClientId")
    auth_flow = self._get_param("AuthFlow")
    params = self._get_param("AuthParameters") or {}
    if auth_flow != "USER_AUTH":
        return ActionResult(self.backend.initiate_auth(client_id, auth_flow, params))
    pool, client = pool_and_client(self.backend, client_id)
    if "ALLOW_USER_AUTH" not in (client.extended_config.get("ExplicitAuthFlows") or []):
        raise InvalidParameterException("USER_AUTH flow not enabled for this client")
    session = self._get_param("Session")
    if not session:
        raise InvalidParameterException(
            "The stack serves USER_AUTH only with the Session that ConfirmSignUp returned"
        )
    pending = _take(session, {"CONFIRM_SIGN_UP"}, client_id)
    user = pool._get_user(params.get("USERNAME") or "")
    if user is None or user.username != pending.username:
        raise NotAuthorizedError("Invalid session for the user.")
    srp._check_secret_hash(client, params.get("USERNAME") or "", params)
    return ActionResult(next_step(self.backend, pool, client, user, params.get("DEVICE_KEY")))


def associate_software_token(self: CognitoIdpResponse) -> ActionResult:
    """AssociateSoftwareToken: a fresh secret per user (signed in) or per MFA_SETUP session."""
    session = self._get_param("Session")
    secret = totp.new_secret()
    if session:
        pending = _take(session, {"MFA_SETUP"}, _client_of(session))
        pending.data["secret"] = secret
        next_session = _reinsert(pending)
        return ActionResult({"SecretCode": secret, "Session": next_session})
    _, user = signed_in(self.backend, self._get_param("AccessToken"))
    user.stack_pending_totp = secret
    return ActionResult({"SecretCode": secret})


def verify_software_token(self: CognitoIdpResponse) -> ActionResult:
    """VerifySoftwareToken: a real RFC 6238 code for the associated secret."""
    session = self._get_param("Session")
    code = self._get_param("UserCode")
    if session:
        pending = _take(session, {"MFA_SETUP"}, _client_of(session), keep=True)
        secret = pending.data.get("secret")
        if not secret:
            raise InvalidParameterException(
                "AssociateSoftwareToken was not called for this session"
            )
        if not totp.verify(secret, code):
            pending.failures += 1
            if pending.failures >= MAX_FAILURES:
                _drop(session)
            raise json_error("EnableSoftwareTokenMFAException", "Code mismatch")
        _drop(session)
        pool = self.backend.user_pools[pending.pool_id]
        user = user_of(pool, pending.username)
        _enable_totp(user, secret)
        pending.data["verified"] = True
        return ActionResult({"Status": "SUCCESS", "Session": _reinsert(pending)})
    _, user = signed_in(self.backend, self._get_param("AccessToken"))
    secret = getattr(user, "stack_pending_totp", None)
    if not secret:
        raise InvalidParameterException("AssociateSoftwareToken was not called for this user")
    if not totp.verify(secret, code):
        raise json_error("EnableSoftwareTokenMFAException", "Code mismatch")
    user.stack_pending_totp = None
    user.stack_totp_secret = secret
    user.token_verified = True
    return ActionResult({"Status": "SUCCESS"})


def _enable_totp(user, secret: str) -> None:
    user.stack_totp_secret = secret
    user.token_verified = True
    user.software_token_mfa_enabled = True
    if not user.preferred_mfa_setting:
        user.preferred_mfa_setting = "SOFTWARE_TOKEN_MFA"


def _reinsert(pending: Pending) -> str:
    session = base64.b64encode(secrets.token_bytes(96)).decode()
    with _lock:
        _sessions[session] = pending
    return session


def _client_of(session: str) -> str:
    """The client a pending session belongs to (NotAuthorizedException if none)."""
    with _lock:
        pending = _sessions.get(session)
    if pending is None:
        raise NotAuthorizedError(_EXPIRED)
    return pending.client_id


def confirm_sign_up_session(pool, client, username: str) -> str:
    """The Session ConfirmSignUp returns (for InitiateAuth USER_AUTH)."""
    return new_session("CONFIRM_SIGN_UP", pool, client, username)


def forget_user(pool_id: str, username: str) -> None:
    """Drop a deleted user's pending sessions."""
    with _lock:
        for key in [
            k for k, p in _sessions.items() if p.pool_id == pool_id and p.username == username
        ]:
            del _sessions[key]


def apply() -> None:
    """Install the sign-in steps on top of whatever initiate/respond are installed."""
    CognitoIdpBackend.initiate_auth = wrap_initiate_auth(CognitoIdpBackend.initiate_auth)
    CognitoIdpBackend.respond_to_auth_challenge = wrap_respond(
        CognitoIdpBackend.respond_to_auth_challenge
    )
    CognitoIdpResponse.initiate_auth = initiate_auth_action
    CognitoIdpResponse.associate_software_token = associate_software_token
    CognitoIdpResponse.verify_software_token = verify_software_token
    devices.apply()
