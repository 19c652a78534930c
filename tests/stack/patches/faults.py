"""Injected faults: the next N calls of an operation answer as a failing network or service
would, so the clients' retry, timeout and parsing paths can be tried end to end.

No moto hook: the middleware asks `FaultTable.take(environ)` before each request and lets
`serve_fault` answer it (see README.md, "Faults"). An operation is named as AWS names it:
the X-Amz-Target's operation (`InitiateAuth`, `RespondToAuthChallenge`, `GetId`,
`GetCredentialsForIdentity`, …, or the whole target) or, for S3, `ListObjectsV2`
(`GET /<bucket>?list-type=2`), `GetObject`/`PutObject`/`HeadObject`/`DeleteObject` (a key
in the path) or the counter's key (`S3 GET`).

Faults (`fault`), in the protocol of the call (Cognito/DynamoDB JSON, or S3 XML):
- `500`: InternalFailure (S3: InternalError), HTTP 500;
- `503`: ServiceUnavailable (S3: ServiceUnavailable), HTTP 503;
- `429`: TooManyRequestsException, HTTP 429;
- `throttling`: ThrottlingException, HTTP 400 (S3: `Throttling`, HTTP 503 as S3 sends it);
- `slowdown`: SlowDown, HTTP 503 (S3's throttling error);
- `reset`: the connection is reset (TCP RST) before any byte of a reply;
- `delay`: the real reply, sent after `delayMs` milliseconds;
- `malformed`: HTTP 200 with a body that is not JSON (S3: not XML);
- `html`: HTTP 502 with a proxy's HTML error page (`text/html`);
- `truncated`: the real reply's status and headers, `Content-Length` of the whole body,
  half the body, then the connection closes;
- `content-type`: the real reply with `Content-Type: text/plain`;
- `date-skew`: the real reply with a `Date` `offsetSeconds` (default 3600) ahead of the
  stack's clock (patches/clock.py).
The request is not served (moto never sees it) for the error faults, `reset`, `malformed`
and `html`; the others serve it, then alter the reply.
"""

from __future__ import annotations

import datetime
import email.utils
import json
import socket
import struct
import threading
import time
import urllib.parse
from typing import Any, Callable

from . import clock

#: The faults `arm` accepts.
FAULTS = (
    "500",
    "503",
    "429",
    "throttling",
    "slowdown",
    "reset",
    "delay",
    "malformed",
    "html",
    "truncated",
    "content-type",
    "date-skew",
)

#: Faults that answer without serving the request.
_REPLACING = {"500", "503", "429", "throttling", "slowdown", "reset", "malformed", "html"}

#: (status line, JSON __type, S3 code, S3 status line) of each error fault.
_ERRORS = {
    "500": ("500 Internal Server Error", "InternalFailure", "InternalError", None),
    "503": ("503 Service Unavailable", "ServiceUnavailable", "ServiceUnavailable", None),
    "429": ("429 Too Many Requests", "TooManyRequestsException", "TooManyRequests", None),
    "throttling": ("400 Bad Request", "ThrottlingException", "Throttling", "503 Slow Down"),
    "slowdown": ("503 Slow Down", "SlowDown", "SlowDown", None),
}

_HTML = (
    b"<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head>"
    b"<body><h1>502 Bad Gateway</h1><p>The upstream server did not answer.</p></body></html>\n"
)

Reply = tuple[str, list[tuple[str, str]], Any]


class FaultError(ValueError):
    """An arm request that names no operation, an unknown fault, or a bad count."""


class Fault:
    """One armed fault: what it does and how many more calls it takes."""

    def __init__(self, operation: str, fault: str, count: int, params: dict[str, Any]):
        self.operation = operation
        self.fault = fault
        self.remaining = count
        self.params = params

    def describe(self) -> dict[str, Any]:
        """The fault as GET /_stack/faults lists it."""
        return {
            "operation": self.operation,
            "fault": self.fault,
            "remaining": self.remaining,
            **self.params,
        }


def operation_names(environ: dict[str, Any]) -> tuple[str, ...]:
    """The names a fault may give a request by: its target and the target's operation, or
    S3's operation name and the counter's `S3 <METHOD>` key."""
    target = environ.get("HTTP_X_AMZ_TARGET")
    if target:
        return (target, target.rsplit(".", 1)[-1])
    method = environ.get("REQUEST_METHOD", "GET")
    path = environ.get("PATH_INFO", "")
    query = dict(urllib.parse.parse_qsl(environ.get("QUERY_STRING", ""), keep_blank_values=True))
    has_key = "/" in path.strip("/")
    name = None
    if method == "GET" and not has_key and query.get("list-type") == "2":
        name = "ListObjectsV2"
    elif has_key and not query:
        name = {
            "GET": "GetObject",
            "PUT": "PutObject",
            "HEAD": "HeadObject",
            "DELETE": "DeleteObject",
        }.get(method)
    names = (f"S3 {method}",)
    return (name,) + names if name else names


class FaultTable:
    """The armed faults, thread-safe; the first armed fault of an operation answers first."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._faults: list[Fault] = []

    def arm(self, spec: Any) -> Fault:
        """Arm `{operation, count, fault, delayMs?, offsetSeconds?}` (count default 1)."""
        if not isinstance(spec, dict):
            raise FaultError("expected a JSON object {operation, count, fault}")
        operation, fault = spec.get("operation"), spec.get("fault")
        count = spec.get("count", 1)
        if not isinstance(operation, str) or not operation:
            raise FaultError("operation: expected a non-empty string")
        if fault not in FAULTS:
            raise FaultError(f"fault: expected one of {', '.join(FAULTS)}")
        if not isinstance(count, int) or isinstance(count, bool) or not 1 <= count <= 1000:
            raise FaultError("count: expected an integer from 1 to 1000")
        params: dict[str, Any] = {}
        if fault == "delay":
            delay = spec.get("delayMs")
            if not isinstance(delay, int) or isinstance(delay, bool) or not 0 <= delay <= 120_000:
                raise FaultError("delayMs: expected an integer from 0 to 120000")
            params["delayMs"] = delay
        if fault == "date-skew":
            offset = spec.get("offsetSeconds", 3600)
            if not isinstance(offset, int) or isinstance(offset, bool):
                raise FaultError("offsetSeconds: expected an integer")
            params["offsetSeconds"] = offset
        armed = Fault(operation, fault, count, params)
        with self._lock:
            self._faults.append(armed)
        return armed

    def take(self, environ: dict[str, Any]) -> Fault | None:
        """The fault this request meets, if one is armed for it (its count goes down)."""
        names = operation_names(environ)
        with self._lock:
            for armed in self._faults:
                if armed.operation in names:
                    armed.remaining -= 1
                    if armed.remaining <= 0:
                        self._faults.remove(armed)
                    return armed
        return None

    def clear(self) -> None:
        """Disarm every fault."""
        with self._lock:
            self._faults.clear()

    def snapshot(self) -> list[dict[str, Any]]:
        """The armed faults, in the order they answer."""
        with self._lock:
            return [armed.describe() for armed in self._faults]


def _is_json(environ: dict[str, Any]) -> bool:
    return bool(environ.get("HTTP_X_AMZ_TARGET"))


def _body_reply(status: str, content_type: str, body: bytes, extra=()) -> Reply:
    headers = [("Content-Type", content_type), ("Content-Length", str(len(body)))]
    return status, headers + list(extra), body


def _error_reply(environ: dict[str, Any], fault: str) -> Reply:
    status, json_type, s3_code, s3_status = _ERRORS[fault]
    if _is_json(environ):
        body = json.dumps({"__type": json_type, "message": f"Injected fault: {fault}"}).encode()
        return _body_reply(
            status, "application/x-amz-json-1.1", body, [("x-amzn-ErrorType", json_type)]
        )
    body = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f"<Error><Code>{s3_code}</Code><Message>Injected fault: {fault}</Message>"
        "<RequestId>FAULT</RequestId></Error>"
    ).encode()
    return _body_reply(s3_status or status, "application/xml", body)


def abort_connection(environ: dict[str, Any], reset: bool) -> None:
    """End the request's connection without a (further) reply: no more request is read from
    it, and when `reset` it closes with a TCP RST (SO_LINGER 0, see `install`) instead of a
    FIN. The caller then raises ConnectionError, which werkzeug takes as a dropped
    connection."""
    connection = environ.get("werkzeug.socket")
    if connection is None:
        return
    try:
        if reset:
            connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        # The next read sees end of file: werkzeug ends the keep-alive loop and closes.
        connection.shutdown(socket.SHUT_RD)
    except OSError:
        pass


def _truncated(body: bytes, environ: dict[str, Any]):
    yield body[: len(body) // 2]
    abort_connection(environ, reset=False)
    raise ConnectionAbortedError("injected fault: truncated body")


def serve_fault(
    environ: dict[str, Any], armed: Fault, serve: Callable[[dict[str, Any]], Reply]
) -> Reply:
    """The reply to a request that met `armed`; `serve` gives the real one."""
    fault = armed.fault
    if fault in _ERRORS:
        return _error_reply(environ, fault)
    if fault == "reset":
        abort_connection(environ, reset=True)
        raise ConnectionResetError("injected fault: reset")
    if fault == "html":
        return _body_reply("502 Bad Gateway", "text/html; charset=utf-8", _HTML)
    if fault == "malformed":
        if _is_json(environ):
            body = b'{"AuthenticationResult": {"AccessToken": "eyJ", "ExpiresIn": 36'
            return _body_reply("200 OK", "application/x-amz-json-1.1", body)
        body = b'<?xml version="1.0" encoding="UTF-8"?>\n<ListBucketResult><Name>demo-bucket<'
        return _body_reply("200 OK", "application/xml", body)
    if fault == "delay":
        time.sleep(armed.params["delayMs"] / 1000)
        return serve(environ)
    status, headers, body = serve(environ)
    if fault == "content-type":
        headers = [(k, v) for k, v in headers if k.lower() != "content-type"]
        return status, headers + [("Content-Type", "text/plain")], body
    if fault == "date-skew":
        # The middleware replaces every reply's Date by the stack clock's; this one is
        # put back after (`date_header`).
        when = clock.now() + datetime.timedelta(seconds=armed.params["offsetSeconds"])
        environ["stack.fault_date"] = email.utils.format_datetime(when, usegmt=True)
        return status, headers, body
    # truncated: the whole body's length is announced, half of it is sent.
    headers = [(k, v) for k, v in headers if k.lower() != "content-length"]
    headers.append(("Content-Length", str(len(body))))
    return status, headers, _truncated(body, environ)


def date_header(environ: dict[str, Any]) -> list[tuple[str, str]]:
    """The `Date` a `date-skew` fault gives its reply, if it met one."""
    date = environ.get("stack.fault_date")
    return [("Date", date)] if date else []


def install(server: Any) -> None:
    """Let a connection set to SO_LINGER 0 (`abort_connection(reset=True)`) close with a
    RST: socketserver half-closes every connection (shutdown SHUT_WR, a FIN) before closing
    it, which would end it cleanly first."""
    shutdown_request = server.shutdown_request

    def shutdown_or_reset(request: socket.socket) -> None:
        try:
            onoff, linger = struct.unpack(
                "ii", request.getsockopt(socket.SOL_SOCKET, socket.SO_LINGER, 8)
            )
        except OSError:
            onoff, linger = 0, 0
        if onoff and not linger:
            server.close_request(request)
        else:
            shutdown_request(request)

    server.shutdown_request = shutdown_or_reset
