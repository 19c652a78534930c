"""Fixtures for the stack's own tests: each test module starts its own stack through
`tests/stack/serve --port 0` and reads the JSON line it prints."""

from __future__ import annotations

import hashlib
import http.client
import json
import os
import select
import signal
import subprocess
import time
from pathlib import Path
from urllib.parse import urlsplit

import boto3
import pytest
from botocore import UNSIGNED
from botocore.auth import S3SigV4Auth, SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.config import Config
from botocore.credentials import Credentials

SERVE = Path(__file__).resolve().parent / "serve"
START_TIMEOUT = 60.0
_PINNED_BUSY: set[str] = set()


class Stack:
    """A running stack: its JSON description, its process, and client helpers."""

    def __init__(self, process: subprocess.Popen, info: dict, stderr_path: Path):
        self.process = process
        self.info = info
        self.stderr_path = stderr_path

    def __getitem__(self, key):
        return self.info[key]

    @property
    def endpoint(self) -> str:
        return self.info["endpoint"]

    @property
    def region(self) -> str:
        return self.info["region"]

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        _PINNED_BUSY.discard(getattr(self, "pinned_port", None))
        return self.process.returncode

    # -- clients ----------------------------------------------------------------------

    def client(
        self, service: str, credentials: dict | None = None, unsigned: bool = False, **config
    ):
        """A boto3 client for the stack; `credentials` as GetCredentialsForIdentity returns them."""
        kwargs = {}
        if credentials is not None:
            kwargs = dict(
                aws_access_key_id=credentials["AccessKeyId"],
                aws_secret_access_key=credentials["SecretKey"],
                aws_session_token=credentials.get("SessionToken"),
            )
        elif not unsigned:
            kwargs = dict(
                aws_access_key_id=self.info["admin"]["accessKeyId"],
                aws_secret_access_key=self.info["admin"]["secretAccessKey"],
            )
        cfg = Config(
            signature_version=UNSIGNED if unsigned else None,
            s3={"addressing_style": "path"},
            retries={"max_attempts": 1},
            **config,
        )
        return boto3.client(
            service, endpoint_url=self.endpoint, region_name=self.region, config=cfg, **kwargs
        )

    def idp(self):
        """cognito-idp client for the unsigned user-pool calls."""
        return self.client("cognito-idp", unsigned=True)

    def identity(self):
        """cognito-identity client for the unsigned identity-pool calls."""
        return self.client("cognito-identity", unsigned=True)

    def password_sign_in(self, username=None, password=None):
        """USER_PASSWORD_AUTH with the public client; returns AuthenticationResult."""
        user = self.info["users"]["demo"]
        reply = self.idp().initiate_auth(
            ClientId=self.info["clientId"],
            AuthFlow="USER_PASSWORD_AUTH",
            AuthParameters={
                "USERNAME": username or user["username"],
                "PASSWORD": password or user["password"],
            },
        )
        return reply["AuthenticationResult"]

    def provider(self) -> str:
        return f"cognito-idp.{self.region}.amazonaws.com/{self.info['userPoolId']}"

    def credentials(self, id_token: str | None = None) -> dict:
        """GetId + GetCredentialsForIdentity: guest without a token, signed in with one."""
        identity = self.identity()
        logins = {self.provider(): id_token} if id_token else {}
        identity_id = identity.get_id(IdentityPoolId=self.info["identityPoolId"], Logins=logins)[
            "IdentityId"
        ]
        reply = identity.get_credentials_for_identity(IdentityId=identity_id, Logins=logins)
        return reply["Credentials"]

    # -- raw signed requests ---------------------------------------------------------------

    def signed(
        self,
        method: str,
        path_and_query: str,
        credentials: dict,
        service: str = "s3",
        headers: dict | None = None,
        body: bytes = b"",
        region: str | None = None,
    ) -> AWSRequest:
        """A request signed by botocore's own SigV4 signer (the reference client)."""
        request = AWSRequest(
            method=method,
            url=self.endpoint + path_and_query,
            headers=dict(headers or {}),
            data=body,
        )
        creds = Credentials(
            credentials["AccessKeyId"], credentials["SecretKey"], credentials.get("SessionToken")
        )
        if service == "s3":
            request.headers["x-amz-content-sha256"] = hashlib.sha256(body).hexdigest()
            S3SigV4Auth(creds, "s3", region or self.region).add_auth(request)
        else:
            SigV4Auth(creds, service, region or self.region).add_auth(request)
        return request

    def send(
        self, method: str, path_and_query: str, headers: dict | None = None, body: bytes = b""
    ):
        """Send a request with the path and query exactly as given; returns (status, headers, body)."""
        parts = urlsplit(self.endpoint)
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        try:
            connection.putrequest(method, path_and_query, skip_host=True, skip_accept_encoding=True)
            headers = dict(headers or {})
            if not any(k.lower() == "host" for k in headers):
                headers["Host"] = parts.netloc
            for name, value in headers.items():
                connection.putheader(name, value)
            if body or method in ("POST", "PUT"):
                connection.putheader("Content-Length", str(len(body)))
            connection.endheaders(body or None)
            reply = connection.getresponse()
            return reply.status, {k.lower(): v for k, v in reply.getheaders()}, reply.read()
        finally:
            connection.close()

    def send_signed(self, request: AWSRequest, path_and_query: str | None = None):
        """Send a botocore-signed request, optionally to a different path (tampering)."""
        target = path_and_query or request.url[len(self.endpoint) :]
        return self.send(request.method, target, dict(request.headers.items()), request.body or b"")

    def json_call(self, target: str, payload: dict, headers: dict | None = None):
        """An unsigned Cognito JSON call; returns (status, headers, parsed body)."""
        all_headers = {
            "Content-Type": "application/x-amz-json-1.1",
            "X-Amz-Target": target,
            **(headers or {}),
        }
        status, reply_headers, body = self.send(
            "POST", "/", all_headers, json.dumps(payload).encode()
        )
        return status, reply_headers, json.loads(body) if body else {}

    def requests(self) -> dict:
        status, _, body = self.send("GET", "/_stack/requests")
        assert status == 200
        return json.loads(body)

    def reset_requests(self) -> None:
        status, _, _ = self.send("POST", "/_stack/requests/reset")
        assert status == 200


def start_stack(*args: str, env: dict | None = None, tmp_dir: Path | None = None) -> Stack:
    """Run `serve --port 0 ARGS`, wait for its JSON line (stderr goes to a file: never blocks)."""
    stderr_path = Path(tmp_dir or "/tmp") / f"stack-{os.getpid()}-{time.monotonic_ns()}.log"
    stderr = open(stderr_path, "wb")
    # STACK_SERVE_ARGS (e.g. "--disable-patch srp") reruns the suite against a weakened stack.
    extra = os.environ.get("STACK_SERVE_ARGS", "").split()
    # STACK_TEST_PORT pins the port of one stack at a time (a second stack running at the
    # same time, as two tests start, gets a free one); default: always a free one.
    pinned = os.environ.get("STACK_TEST_PORT", "0")
    port = "0" if pinned in _PINNED_BUSY else pinned
    process = subprocess.Popen(
        [str(SERVE), "--port", port, *extra, *args],
        stdout=subprocess.PIPE,
        stderr=stderr,
        env={**os.environ, **(env or {})},
    )
    stderr.close()
    deadline = time.monotonic() + START_TIMEOUT
    line = b""
    while not line.endswith(b"\n"):
        remaining = deadline - time.monotonic()
        if remaining <= 0 or process.poll() is not None:
            process.kill()
            raise RuntimeError(f"stack did not start: {stderr_path.read_text()[-3000:]}")
        ready, _, _ = select.select([process.stdout], [], [], remaining)
        if ready:
            chunk = os.read(process.stdout.fileno(), 65536)
            if not chunk:
                continue
            line += chunk
    running = Stack(process, json.loads(line.decode()), stderr_path)
    if port != "0":
        _PINNED_BUSY.add(port)
        running.pinned_port = port
    return running


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    """The stack for one test module."""
    running = start_stack(tmp_dir=tmp_path_factory.mktemp("stack"))
    yield running
    running.stop()


@pytest.fixture(scope="module")
def demo_tokens(stack):
    """The demo user's tokens (USER_PASSWORD_AUTH)."""
    return stack.password_sign_in()


@pytest.fixture(scope="module")
def user_credentials(stack, demo_tokens):
    """Identity pool credentials of the signed-in demo user (authenticated role)."""
    return stack.credentials(demo_tokens["IdToken"])


@pytest.fixture(scope="module")
def guest_credentials(stack):
    """Identity pool credentials of a guest (unauthenticated role)."""
    return stack.credentials()
