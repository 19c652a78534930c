"""Helpers for the account tests: the outbox, fresh users, reference-client sign-ins."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets

import pyotp
from botocore.exceptions import ClientError
from pycognito.aws_srp import AWSSRP

PASSWORD = "Fresh-passw0rd!"


def code_of(excinfo) -> str:
    """The AWS error name of a botocore ClientError."""
    return excinfo.value.response["Error"]["Code"]


def outbox(stack, username: str, pool_id: str | None = None) -> list[dict]:
    """GET /_stack/outbox?username=…"""
    query = f"/_stack/outbox?username={username}"
    if pool_id:
        query += f"&userPoolId={pool_id}"
    status, _, body = stack.send("GET", query)
    assert status == 200
    return json.loads(body)


def last_code(stack, username: str, purpose: str) -> str:
    """The newest code delivered to `username` for `purpose`."""
    codes = [m["code"] for m in outbox(stack, username) if m["purpose"] == purpose]
    assert codes, f"no {purpose} code for {username}"
    return codes[-1]


def wrong(code: str) -> str:
    """A six-digit code different from `code`."""
    return f"{(int(code) + 1) % 1_000_000:06d}"


def new_name(prefix: str = "user") -> str:
    return f"{prefix}-{secrets.token_hex(4)}"


def secret_hash(username: str, client_id: str, secret: str) -> str:
    digest = hmac.new(secret.encode(), (username + client_id).encode(), hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def sign_up(stack, client_id=None, username=None, password=PASSWORD, email=None):
    """SignUp on the demo pool (or the pool of `client_id`); returns (username, reply)."""
    username = username or new_name()
    reply = stack.idp().sign_up(
        ClientId=client_id or stack["clientId"],
        Username=username,
        Password=password,
        UserAttributes=[{"Name": "email", "Value": email or f"{username}@example.com"}],
    )
    return username, reply


def confirmed_user(stack, client_id=None):
    """A signed-up and confirmed user: (username, ConfirmSignUp reply)."""
    username, _ = sign_up(stack, client_id)
    reply = stack.idp().confirm_sign_up(
        ClientId=client_id or stack["clientId"],
        Username=username,
        ConfirmationCode=last_code(stack, username, "sign-up"),
    )
    return username, reply


def password_auth(stack, username, password=PASSWORD, client_id=None, **extra):
    """InitiateAuth(USER_PASSWORD_AUTH); returns the whole reply."""
    return stack.idp().initiate_auth(
        ClientId=client_id or stack["clientId"],
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": username, "PASSWORD": password, **extra},
    )


def srp_client(stack, username, password=PASSWORD, pool_id=None, client_id=None, **device):
    return AWSSRP(
        username=username,
        password=password,
        pool_id=pool_id or stack["userPoolId"],
        client_id=client_id or stack["clientId"],
        client=stack.idp(),
        **device,
    )


def srp_auth(stack, client: AWSSRP):
    """USER_SRP_AUTH + PASSWORD_VERIFIER with pycognito's math; returns the second reply."""
    params = client.get_auth_params()
    reply = stack.idp().initiate_auth(
        ClientId=client.client_id, AuthFlow="USER_SRP_AUTH", AuthParameters=params
    )
    answer = client.process_challenge(reply["ChallengeParameters"], params)
    return stack.idp().respond_to_auth_challenge(
        ClientId=client.client_id, ChallengeName="PASSWORD_VERIFIER", ChallengeResponses=answer
    )


def respond(stack, client_id, challenge, session, **answers):
    return stack.idp().respond_to_auth_challenge(
        ClientId=client_id, ChallengeName=challenge, Session=session, ChallengeResponses=answers
    )


def totp_now(secret: str) -> str:
    return pyotp.TOTP(secret).now()


def totp_wrong(secret: str) -> str:
    """A code no window of `secret` accepts around now."""
    totp = pyotp.TOTP(secret)
    while True:
        candidate = f"{secrets.randbelow(1_000_000):06d}"
        if not totp.verify(candidate, valid_window=2):
            return candidate


def raises(code: str, call, *args, **kwargs):
    """Run `call`, assert it fails with the AWS error `code`; return the ClientError."""
    try:
        call(*args, **kwargs)
    except ClientError as error:
        assert error.response["Error"]["Code"] == code, error.response["Error"]
        return error
    raise AssertionError(f"expected {code}")
