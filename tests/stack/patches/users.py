"""Lookups and small rules shared by the account patches (accounts, challenges, devices).

Targets moto 5.2.5 (`CognitoIdpBackend.user_pools`, `CognitoIdpUserPool.access_tokens`,
`CognitoIdpUser.attribute_lookup`). Errors are Cognito's: an access token the pool does
not know (or revoked, or of a deleted user) is NotAuthorizedException "Invalid Access
Token"; an unknown client is ResourceNotFoundException.
"""

from __future__ import annotations

import re

from moto.cognitoidp.exceptions import (
    InvalidParameterException,
    NotAuthorizedError,
    ResourceNotFoundError,
    UserNotFoundError,
)

from .errors import json_error


def pool_and_client(backend, client_id):
    """(pool, client) for a ClientId, or ResourceNotFoundException."""
    if not isinstance(client_id, str) or not client_id:
        raise InvalidParameterException("ClientId is required")
    for pool in backend.user_pools.values():
        if client_id in pool.clients:
            return pool, pool.clients[client_id]
    raise ResourceNotFoundError(f"User pool client {client_id} does not exist.")


def user_of(pool, username):
    """The user (by username or alias), or UserNotFoundException."""
    user = pool._get_user(username) if isinstance(username, str) and username else None
    if user is None:
        raise UserNotFoundError("Username/client id combination not found.")
    return user


def signed_in(backend, access_token):
    """(pool, user) for a live access token of an enabled, existing user."""
    if not isinstance(access_token, str) or not access_token:
        raise InvalidParameterException("AccessToken is required")
    for pool in backend.user_pools.values():
        entry = pool.access_tokens.get(access_token)
        if entry is not None:
            user = pool._get_user(entry[1])
            if user is None or not user.enabled:
                break
            return pool, user
    raise NotAuthorizedError("Invalid Access Token")


def attribute(user, name: str) -> str | None:
    """One attribute's value, or None."""
    return user.attribute_lookup.get(name)


def mask_email(email: str) -> str:
    """Cognito's masked CodeDeliveryDetails destination: d***@e***."""
    local, _, domain = email.partition("@")
    return f"{local[:1]}***@{domain[:1]}***"


def mask_phone(phone: str) -> str:
    """+*******1234."""
    return "+" + "*" * max(len(phone) - 5, 0) + phone[-4:]


def delivery_details(user, attribute_name: str) -> dict | None:
    """CodeDeliveryDetails for sending to the user's email or phone_number, or None."""
    value = attribute(user, attribute_name)
    if not value:
        return None
    if attribute_name == "email":
        return {
            "Destination": mask_email(value),
            "DeliveryMedium": "EMAIL",
            "AttributeName": "email",
        }
    return {
        "Destination": mask_phone(value),
        "DeliveryMedium": "SMS",
        "AttributeName": "phone_number",
    }


def check_password(pool, password) -> None:
    """The pool's password policy (InvalidPasswordException), as Cognito words it."""
    policy = pool.extended_config.get("Policies", {}).get("PasswordPolicy", {})
    if not isinstance(password, str):
        raise InvalidParameterException("Password is required")
    problems = []
    if len(password) < policy.get("MinimumLength", 8):
        problems.append("Password not long enough")
    if policy.get("RequireUppercase", True) and not re.search("[A-Z]", password):
        problems.append("Password must have uppercase characters")
    if policy.get("RequireLowercase", True) and not re.search("[a-z]", password):
        problems.append("Password must have lowercase characters")
    if policy.get("RequireNumbers", True) and not re.search("[0-9]", password):
        problems.append("Password must have numeric characters")
    if policy.get("RequireSymbols", True) and not re.search(
        r"[\^$*.\[\]{}()?\"!@#%&/\\,><':;|_~`=+\- ]", password
    ):
        problems.append("Password must have symbol characters")
    if problems:
        raise json_error(
            "InvalidPasswordException",
            "Password did not conform with policy: " + problems[0],
        )


def drop_tokens(pool, username: str) -> None:
    """Forget every token of a user (DeleteUser)."""
    for table in (pool.access_tokens, pool.id_tokens):
        for token, entry in list(table.items()):
            if entry[1] == username:
                del table[token]
    for token, entry in list(pool.refresh_tokens.items()):
        if entry is not None and entry[1] == username:
            pool.refresh_tokens[token] = None
