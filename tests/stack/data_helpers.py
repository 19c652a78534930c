"""Fixtures and helpers shared by the test_data_* modules: two signed-in users (`demo` is
A, `other` is B) with their identity-pool credentials, and a guest."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError

BUCKET = "demo-bucket"


def error_code(excinfo) -> str:
    """The AWS error code of a botocore ClientError."""
    return excinfo.value.response["Error"]["Code"]


def status_of(excinfo) -> int:
    """The HTTP status of a botocore ClientError."""
    return excinfo.value.response["ResponseMetadata"]["HTTPStatusCode"]


def denied(call, *args, **kwargs):
    """Run a boto3 call that must be refused; returns the ClientError's pytest excinfo."""
    with pytest.raises(ClientError) as excinfo:
        call(*args, **kwargs)
    return excinfo


class User:
    """A signed-in user: identity id, credentials, and boto3 clients with them."""

    def __init__(self, stack, name: str):
        user = stack["users"][name]
        tokens = stack.password_sign_in(user["username"], user["password"])
        self.identity_id = stack["identityIds"][name]
        self.credentials = stack.credentials(tokens["IdToken"])
        self.s3 = stack.client("s3", credentials=self.credentials)
        self.dynamodb = stack.client("dynamodb", credentials=self.credentials)

    @property
    def folder(self) -> str:
        """`private/<identity id>/`: the folder the role's policy gives this user."""
        return f"private/{self.identity_id}/"


@pytest.fixture(scope="module")
def alice(stack):
    """User A: the seeded `demo` user."""
    return User(stack, "demo")


@pytest.fixture(scope="module")
def bob(stack):
    """User B: the seeded `other` user."""
    return User(stack, "other")


@pytest.fixture(scope="module")
def guest(stack):
    """A guest identity's clients."""
    credentials = stack.credentials()
    return {
        "s3": stack.client("s3", credentials=credentials),
        "dynamodb": stack.client("dynamodb", credentials=credentials),
        "credentials": credentials,
    }
