"""Real Cognito SRP (USER_SRP_AUTH -> PASSWORD_VERIFIER) and the auth-flow checks moto skips.

Targets moto 5.2.5 (`moto/cognitoidp/models.py`, `CognitoIdpBackend.initiate_auth` and
`respond_to_auth_challenge`). Stock moto answers USER_SRP_AUTH with random UUIDs as SALT
and SRP_B, a non-base64 SECRET_BLOCK, and accepts any PASSWORD_CLAIM_SIGNATURE: a wrong
password signs in. Here the server side of Cognito's SRP-6a variant runs for real:

    v = g^x, x = H(padHex(salt) || H(poolName || userId || ":" || password))
    B = k*v + g^b mod N, k = H(padHex(N) || padHex(g))
    S = (A * v^u)^b mod N, u = H(padHex(A) || padHex(B))
    key = HKDF-SHA256(padHex(S), salt=padHex(u), info="Caldera Derived Key")[:16]
    PASSWORD_CLAIM_SIGNATURE = base64(HMAC-SHA256(key, poolName || userId ||
                                      base64decode(SECRET_BLOCK) || TIMESTAMP))

SECRET_BLOCK is opaque random bytes (base64) that the server maps back to its pending
state (b, B, A, salt, user, client); each one can be used once, within the client's
AuthSessionValidity (3 minutes by default). USER_ID_FOR_SRP is the
username. TIMESTAMP must read `EEE MMM d HH:mm:ss UTC yyyy` (English names, day not
zero-padded, weekday matching the date) and be within 5 minutes of the server's clock.

Also checked here, as Cognito does and moto does not: the client's ExplicitAuthFlows;
SECRET_HASH for USER_PASSWORD_AUTH and in RespondToAuthChallenge when the client has a
secret; that a refresh token is used with the client it was issued to; that a
NEW_PASSWORD_REQUIRED answer is for the session's own user. NEW_PASSWORD_REQUIRED
challenges carry `userAttributes`/`requiredAttributes` like Cognito's.
"""

from __future__ import annotations

import base64
import binascii
import datetime
import hashlib
import hmac
import json
import re
import secrets
import time
from dataclasses import dataclass
from typing import Any

from moto.cognitoidp.exceptions import (
    InvalidParameterException,
    NotAuthorizedError,
    ResourceNotFoundError,
)
from moto.cognitoidp.models import CognitoIdpBackend
from moto.cognitoidp.utils import check_secret_hash

# The 3072-bit MODP group of RFC 3526 / RFC 5054, as used by Cognito (g = 2).
N = int(
    "ffffffffffffffffc90fdaa22168c234c4c6628b80dc1cd129024e088a67cc74"
    "020bbea63b139b22514a08798e3404ddef9519b3cd3a431b302b0a6df25f1437"
    "4fe1356d6d51c245e485b576625e7ec6f44c42e9a637ed6b0bff5cb6f406b7ed"
    "ee386bfb5a899fa5ae9f24117c4b1fe649286651ece45b3dc2007cb8a163bf05"
    "98da48361c55d39a69163fa8fd24cf5f83655d23dca3ad961c62f356208552bb"
    "9ed529077096966d670c354e4abc9804f1746c08ca18217c32905e462e36ce3b"
    "e39e772c180e86039b2783a2ec07a28fb5c55df06f4c52c9de2bcbf695581718"
    "3995497cea956ae515d2261898fa051015728e5a8aaac42dad33170d04507a33"
    "a85521abdf1cba64ecfb850458dbef0a8aea71575d060c7db3970f85a6e1e4c7"
    "abf5ae8cdb0933d71e8c94e04a25619dcee3d2261ad2ee6bf12ffa06d98a0864"
    "d87602733ec86a64521f2b18177b200cbbe117577a615d6c770988c0bad946e2"
    "08e24fa074e5ab3143db5bfce0fd108e4b82d120a93ad2caffffffffffffffff",
    16,
)
G = 2
INFO = b"Caldera Derived Key"
MAX_TIMESTAMP_SKEW = datetime.timedelta(minutes=5)
_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_TIMESTAMP = re.compile(
    r"(Mon|Tue|Wed|Thu|Fri|Sat|Sun) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) "
    r"([1-9]|[12][0-9]|3[01]) ([01][0-9]|2[0-3]):([0-5][0-9]):([0-5][0-9]) UTC ([0-9]{4})"
)


def pad_hex(value: int) -> str:
    """Hex of a non-negative integer the way Java's BigInteger.toByteArray pads it."""
    text = format(value, "x")
    if len(text) % 2:
        text = "0" + text
    if text[0] in "89abcdef":
        text = "00" + text
    return text


def hex_hash(hex_text: str) -> str:
    """SHA-256 of the bytes a hex string encodes, as hex."""
    return hashlib.sha256(bytes.fromhex(hex_text)).hexdigest()


K = int(hex_hash(pad_hex(N) + pad_hex(G)), 16)


def compute_x(salt: int, pool_name: str, user_id: str, password: str) -> int:
    """x = H(padHex(salt) || H(poolName || userId || ':' || password))."""
    inner = hashlib.sha256(f"{pool_name}{user_id}:{password}".encode("utf-8")).hexdigest()
    return int(hex_hash(pad_hex(salt) + inner), 16)


def compute_u(a_public: int, b_public: int) -> int:
    """u = H(padHex(A) || padHex(B))."""
    return int(hex_hash(pad_hex(a_public) + pad_hex(b_public)), 16)


def derive_key(s_value: int, u_value: int) -> bytes:
    """HKDF-SHA256(ikm=padHex(S), salt=padHex(u), info='Caldera Derived Key'), 16 bytes."""
    prk = hmac.new(bytes.fromhex(pad_hex(u_value)), bytes.fromhex(pad_hex(s_value)), hashlib.sha256)
    return hmac.new(prk.digest(), INFO + b"\x01", hashlib.sha256).digest()[:16]


def claim_signature(
    key: bytes, pool_name: str, user_id: str, secret_block: bytes, timestamp: str
) -> bytes:
    """HMAC-SHA256(key, poolName || userId || secretBlock || timestamp)."""
    message = pool_name.encode() + user_id.encode() + secret_block + timestamp.encode()
    return hmac.new(key, message, hashlib.sha256).digest()


def parse_timestamp(text: str) -> datetime.datetime | None:
    """The UTC time of a Cognito TIMESTAMP, or None if it is not in the exact format."""
    match = _TIMESTAMP.fullmatch(text or "")
    if not match:
        return None
    weekday, month, day, hour, minute, second, year = match.groups()
    try:
        when = datetime.datetime(
            int(year),
            _MONTHS.index(month) + 1,
            int(day),
            int(hour),
            int(minute),
            int(second),
            tzinfo=datetime.timezone.utc,
        )
    except ValueError:
        return None
    return when if _DAYS[when.weekday()] == weekday else None


@dataclass
class PendingSrp:
    """Server state between InitiateAuth(USER_SRP_AUTH) and RespondToAuthChallenge."""

    client_id: str
    username: str
    pool_name: str
    a_public: int
    b_private: int
    b_public: int
    verifier: int
    expires: float = 0.0


def start(
    password: str, pool_name: str, user_id: str, a_public: int
) -> tuple[int, int, PendingSrp]:
    """Server's first step: returns (salt, B, state)."""
    salt = int.from_bytes(secrets.token_bytes(16), "big")
    verifier = pow(G, compute_x(salt, pool_name, user_id, password), N)
    while True:
        b_private = int.from_bytes(secrets.token_bytes(128), "big") % N
        b_public = (K * verifier + pow(G, b_private, N)) % N
        if b_public and compute_u(a_public, b_public):
            break
    state = PendingSrp("", user_id, pool_name, a_public, b_private, b_public, verifier)
    return salt, b_public, state


def expected_signature(state: PendingSrp, secret_block: bytes, timestamp: str) -> bytes:
    """The PASSWORD_CLAIM_SIGNATURE a client that knows the password sends."""
    u_value = compute_u(state.a_public, state.b_public)
    s_value = pow(state.a_public * pow(state.verifier, u_value, N), state.b_private, N)
    key = derive_key(s_value, u_value)
    return claim_signature(key, state.pool_name, state.username, secret_block, timestamp)


# --- hooks into moto -------------------------------------------------------------

_FLOW_FLAGS = {
    "USER_SRP_AUTH": {"ALLOW_USER_SRP_AUTH"},
    "USER_PASSWORD_AUTH": {"ALLOW_USER_PASSWORD_AUTH", "USER_PASSWORD_AUTH"},
    "REFRESH_TOKEN_AUTH": {"ALLOW_REFRESH_TOKEN_AUTH"},
    "REFRESH_TOKEN": {"ALLOW_REFRESH_TOKEN_AUTH"},
    "CUSTOM_AUTH": {"ALLOW_CUSTOM_AUTH", "CUSTOM_AUTH_FLOW_ONLY"},
}
_DEFAULT_FLOWS = {"ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_CUSTOM_AUTH"}
_INCORRECT = "Incorrect username or password."

_original_initiate_auth = CognitoIdpBackend.initiate_auth
_original_respond = CognitoIdpBackend.respond_to_auth_challenge


def _pending(backend: CognitoIdpBackend) -> dict[str, PendingSrp]:
    if not hasattr(backend, "stack_pending_srp"):
        backend.stack_pending_srp = {}
    pending = backend.stack_pending_srp
    now = time.time()
    for block in [b for b, state in list(pending.items()) if state.expires < now]:
        if pending.pop(block, None) is not None:
            backend.sessions.pop(block, None)
    return pending


def _find_client(backend: CognitoIdpBackend, client_id: str):
    for pool in backend.user_pools.values():
        if client_id in pool.clients:
            return pool, pool.clients[client_id]
    raise ResourceNotFoundError(client_id)


def _check_secret_hash(client, username: str, params: dict[str, str]) -> None:
    if client.generate_secret and not check_secret_hash(
        client.secret, client.id, username or "", params.get("SECRET_HASH")
    ):
        raise NotAuthorizedError(
            f"Client {client.id} is configured with secret but SECRET_HASH was not received"
            if not params.get("SECRET_HASH")
            else "Unable to verify secret hash for client " + client.id
        )


def _add_new_password_parameters(backend, pool, result: dict[str, Any]) -> dict[str, Any]:
    if result.get("ChallengeName") != "NEW_PASSWORD_REQUIRED":
        return result
    params = result.setdefault("ChallengeParameters", {})
    session = backend.sessions.get(result.get("Session", ""))
    username = session[0] if session else params.get("USERNAME")
    user = pool._get_user(username) if username else None
    if user is not None:
        attributes = {a["Name"]: a["Value"] for a in user.attributes if a["Name"] != "sub"}
        params.setdefault("USER_ID_FOR_SRP", user.username)
        params["userAttributes"] = json.dumps(attributes)
        params["requiredAttributes"] = "[]"
    return result


def initiate_auth(
    self: CognitoIdpBackend, client_id: str, auth_flow: str, auth_parameters: dict[str, str]
):
    """InitiateAuth with Cognito's flow checks and a real PASSWORD_VERIFIER challenge."""
    auth_parameters = auth_parameters or {}
    pool, client = _find_client(self, client_id)
    allowed = set(client.extended_config.get("ExplicitAuthFlows") or _DEFAULT_FLOWS)
    if auth_flow in _FLOW_FLAGS and not (allowed & _FLOW_FLAGS[auth_flow]):
        raise InvalidParameterException(f"{auth_flow} flow not enabled for this client")

    if auth_flow == "USER_PASSWORD_AUTH":
        _check_secret_hash(client, auth_parameters.get("USERNAME", ""), auth_parameters)
    if auth_flow in ("REFRESH_TOKEN_AUTH", "REFRESH_TOKEN"):
        issued = pool.refresh_tokens.get(auth_parameters.get("REFRESH_TOKEN", ""))
        if issued is not None and issued[0] != client_id:
            raise NotAuthorizedError("Invalid Refresh Token")

    if auth_flow != "USER_SRP_AUTH":
        result = _original_initiate_auth(self, client_id, auth_flow, auth_parameters)
        return _add_new_password_parameters(self, pool, result)

    try:
        a_public = int(auth_parameters.get("SRP_A", ""), 16)
    except ValueError:
        raise InvalidParameterException("SRP_A must be a hexadecimal number")
    if a_public % N == 0:
        raise InvalidParameterException("SRP_A mod N cannot be 0")

    # moto checks SECRET_HASH, that the user exists, is enabled and confirmed.
    result = _original_initiate_auth(self, client_id, auth_flow, auth_parameters)
    moto_session = result.get("Session")
    username_entry = self.sessions.pop(moto_session, None)
    user = self.admin_get_user(pool.id, auth_parameters.get("USERNAME", ""))

    pool_name = pool.id.split("_", 1)[1]
    salt, b_public, state = start(user.password or "", pool_name, user.username, a_public % N)
    state.client_id = client_id
    # Cognito sessions last the client's AuthSessionValidity (minutes, default 3).
    state.expires = time.time() + 60 * int(client.extended_config.get("AuthSessionValidity") or 3)
    secret_block = base64.b64encode(secrets.token_bytes(96)).decode()
    _pending(self)[secret_block] = state
    # moto's respond_to_auth_challenge looks the pool up by the secret block.
    self.sessions[secret_block] = username_entry or (user.username, pool)
    return {
        "ChallengeName": "PASSWORD_VERIFIER",
        "ChallengeParameters": {
            "SALT": format(salt, "x"),
            "SRP_B": format(b_public, "x"),
            "SECRET_BLOCK": secret_block,
            "USERNAME": user.username,
            "USER_ID_FOR_SRP": user.username,
        },
    }


def respond_to_auth_challenge(
    self: CognitoIdpBackend,
    session: str,
    client_id: str,
    challenge_name: str,
    responses: dict[str, str],
):
    """RespondToAuthChallenge that verifies PASSWORD_CLAIM_SIGNATURE against the password."""
    responses = responses or {}
    if challenge_name == "PASSWORD_VERIFIER":
        block = responses.get("PASSWORD_CLAIM_SECRET_BLOCK") or ""
        state = _pending(self).pop(block, None)
        entry = self.sessions.get(block)
        if state is None or entry is None:
            raise NotAuthorizedError("Invalid SECRET_BLOCK or session expired")
        pool = entry[1]
        try:
            if state.client_id != client_id:
                raise NotAuthorizedError(_INCORRECT)
            username = responses.get("USERNAME") or ""
            if username != state.username:
                raise NotAuthorizedError(_INCORRECT)
            _check_secret_hash(pool.clients[client_id], username, responses)
            timestamp = responses.get("TIMESTAMP") or ""
            when = parse_timestamp(timestamp)
            if when is None:
                raise InvalidParameterException(
                    "TIMESTAMP must be 'EEE MMM d HH:mm:ss UTC yyyy' (day not zero-padded)"
                )
            now = datetime.datetime.now(datetime.timezone.utc)
            if abs(now - when) > MAX_TIMESTAMP_SKEW:
                raise NotAuthorizedError("TIMESTAMP is too far from the server's time")
            try:
                provided = base64.b64decode(
                    responses.get("PASSWORD_CLAIM_SIGNATURE") or "", validate=True
                )
                block_bytes = base64.b64decode(block, validate=True)
            except (binascii.Error, ValueError):
                raise NotAuthorizedError(_INCORRECT)
            if not hmac.compare_digest(provided, expected_signature(state, block_bytes, timestamp)):
                raise NotAuthorizedError(_INCORRECT)
        except Exception:
            self.sessions.pop(block, None)
            raise
        result = _original_respond(self, session, client_id, challenge_name, responses)
        return _add_new_password_parameters(self, pool, result)

    if challenge_name == "NEW_PASSWORD_REQUIRED":
        entry = self.sessions.get(session or "")
        if entry is None:
            raise NotAuthorizedError("Invalid session for the user, session is expired.")
        username, pool = entry
        if pool._get_user(responses.get("USERNAME") or "") is not pool._get_user(username):
            raise NotAuthorizedError("Invalid session for the user.")
        client = pool.clients.get(client_id)
        if client is None:
            raise ResourceNotFoundError(client_id)
        _check_secret_hash(client, responses.get("USERNAME") or "", responses)
    return _original_respond(self, session, client_id, challenge_name, responses)


def apply() -> None:
    """Install the SRP server and flow checks into moto's cognito-idp backend."""
    CognitoIdpBackend.initiate_auth = initiate_auth
    CognitoIdpBackend.respond_to_auth_challenge = respond_to_auth_challenge
