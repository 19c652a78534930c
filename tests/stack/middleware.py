"""WSGI middleware in front of moto: CORS, the request counter, the /_stack endpoints,
a buffered raw body for signature checks, and a last-resort AWS-style error.

- CORS: every response to an allowed Origin (Cognito JSON, S3, errors included) carries
  Access-Control-Allow-Origin and the exposed headers; preflights (OPTIONS with
  Access-Control-Request-Method) are answered here, never by moto: 200 with the allowed
  methods and headers, or 403 without CORS headers for another origin, method or header.
- `GET /_stack/requests` -> {"counts": {"<X-Amz-Target or 'S3 <METHOD>'>": n}, "total": n};
  `POST /_stack/requests/reset` zeroes it. Preflights, /_stack and /moto-api are not counted.
- `GET /_stack/outbox?username=U[&userPoolId=P]` -> the codes "delivered" to U (or to
  everyone without `username`), oldest first (patches/outbox.py).
- `GET /_stack/info` -> the JSON line `serve` printed; `GET /_stack/ping` -> {"status": "ok"}.
- `POST /_stack/faults` {operation, count, fault, ...} arms a fault for the next `count`
  calls of `operation`; `GET` lists the armed faults, `DELETE` disarms them all
  (patches/faults.py). Preflights to /_stack are answered like any other.
- `POST /_stack/clock {"offsetSeconds": n}` moves the stack's clock (patches/clock.py): every
  reply's `Date` and the SigV4 time checks; `GET /_stack/clock` reads it.
- `/_stack/delay/<ms>/<path>` is answered as `/<path>` after <ms> milliseconds (at most 60 s;
  preflights at once): an endpoint that is slow to answer, for timeouts and aborts.
- Any Python exception below (moto or a patch) becomes a JSON error
  {"__type": "InternalFailure", "message": ...} with status 500, never a hang or HTML.
- A JSON error without an x-amzn-ErrorType header gets one (the bare `__type`); moto's
  bare 403 for an anonymous object read becomes S3's AccessDenied XML.
"""

from __future__ import annotations

import email.utils
import io
import json
import sys
import re
import threading
import time
import traceback
import urllib.parse
from collections import Counter
from typing import Any, Callable, Iterable

import stack_config
from patches import clock, faults

_STATUS_TEXT = {
    200: "200 OK",
    400: "400 Bad Request",
    403: "403 Forbidden",
    404: "404 Not Found",
    500: "500 Internal Server Error",
}


class RequestCounter:
    """Thread-safe counts of requests by X-Amz-Target or 'S3 <METHOD>'."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._counts: Counter[str] = Counter()

    def add(self, key: str) -> None:
        """Count one request."""
        with self._lock:
            self._counts[key] += 1

    def snapshot(self) -> dict[str, Any]:
        """{"counts": {...}, "total": n}."""
        with self._lock:
            return {"counts": dict(self._counts), "total": sum(self._counts.values())}

    def reset(self) -> None:
        """Zero every count."""
        with self._lock:
            self._counts.clear()


def request_key(environ: dict[str, Any]) -> str:
    """How a request is counted: its X-Amz-Target, else '<service> <METHOD>' (S3 by default)."""
    target = environ.get("HTTP_X_AMZ_TARGET")
    if target:
        return target
    method = environ.get("REQUEST_METHOD", "GET")
    auth = environ.get("HTTP_AUTHORIZATION", "")
    try:
        service = auth.split("Credential=", 1)[1].split(",", 1)[0].split("/")[3]
    except IndexError:
        service = "s3"
    if environ.get("PATH_INFO", "").endswith(
        ("/.well-known/jwks.json", "/.well-known/openid-configuration")
    ):
        service = "cognito-idp"
    return f"S3 {method}" if service == "s3" else f"{service} {method}"


_DELAYED = re.compile(r"^/_stack/delay/(\d{1,6})/(.*)$")
# Longest delay asked for: past any client timeout a test sets.
_MAX_DELAY_MS = 60_000


def _with_stack_date(headers: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The stack clock's `Date` (patches/clock.py) unless the reply has one (moto's is
    dropped in `_call_moto`; an injected one stays). The server (server.py) writes no
    other: one `Date` per reply."""
    if any(k.lower() == "date" for k, _ in headers):
        return headers
    return headers + [("Date", email.utils.format_datetime(clock.now(), usegmt=True))]


def _json_response(status: int, payload: Any) -> tuple[str, list[tuple[str, str]], bytes]:
    body = json.dumps(payload).encode()
    headers = [("Content-Type", "application/json"), ("Content-Length", str(len(body)))]
    return _STATUS_TEXT.get(status, f"{status} Error"), headers, body


def _error(status: int, error_type: str, message: str) -> tuple[str, list[tuple[str, str]], bytes]:
    status_text, headers, body = _json_response(status, {"__type": error_type, "message": message})
    return status_text, headers + [("x-amzn-ErrorType", error_type)], body


class StackApp:
    """The WSGI application `serve` runs: this middleware around moto's dispatcher."""

    def __init__(self, app: Callable, origins: Iterable[str], info: dict[str, Any] | None = None):
        self.app = app
        self.origins = set(origins)
        self.info = info or {}
        self.counter = RequestCounter()
        self.faults = faults.FaultTable()

    def __call__(self, environ: dict[str, Any], start_response: Callable) -> list[bytes]:
        try:
            status, headers, body = self._handle(environ)
        except ConnectionError:
            raise  # an injected reset: werkzeug drops the connection, no reply
        except Exception as error:  # a bug in moto or a patch: answer, never hang
            traceback.print_exc(file=sys.stderr)
            status, headers, body = _error(
                500, "InternalFailure", f"{type(error).__name__}: {error}"
            )
        headers = self._with_cors(environ, headers)
        headers = _with_stack_date(headers) + faults.date_header(environ)
        start_response(status, headers)
        return [body] if isinstance(body, bytes) else body

    # -- routing ------------------------------------------------------------------

    def _handle(self, environ: dict[str, Any]) -> tuple[str, list[tuple[str, str]], bytes]:
        path = environ.get("PATH_INFO", "")
        method = environ.get("REQUEST_METHOD", "GET")
        delayed = _DELAYED.match(path)
        if delayed:
            # /_stack/delay/<ms>/<path>: <path> answered after <ms> (preflights at once).
            path = environ["PATH_INFO"] = "/" + delayed.group(2)
            if not (method == "OPTIONS" and environ.get("HTTP_ACCESS_CONTROL_REQUEST_METHOD")):
                time.sleep(min(int(delayed.group(1)), _MAX_DELAY_MS) / 1000)
        if method == "OPTIONS" and environ.get("HTTP_ACCESS_CONTROL_REQUEST_METHOD"):
            return self._preflight(environ)
        if path.startswith("/_stack/") or path == "/_stack":
            return self._stack_endpoint(method, path, environ.get("QUERY_STRING", ""), environ)
        self._buffer_body(environ)
        if not path.startswith("/moto-api") and path != "/favicon.ico":
            self.counter.add(request_key(environ))
            armed = self.faults.take(environ)
            if armed is not None:
                return faults.serve_fault(environ, armed, self._call_moto)
        return self._call_moto(environ)

    def _faults_endpoint(self, method: str, environ: dict[str, Any]):
        if method == "GET":
            return _json_response(200, {"faults": self.faults.snapshot()})
        if method == "DELETE":
            self.faults.clear()
            return _json_response(200, {"faults": []})
        self._buffer_body(environ)
        try:
            spec = json.loads(environ["stack.raw_body"] or b"null")
            self.faults.arm(spec)
        except (ValueError, faults.FaultError) as error:
            return _error(400, "ValidationException", str(error))
        return _json_response(200, {"faults": self.faults.snapshot()})

    def _stack_endpoint(
        self, method: str, path: str, query: str = "", environ: dict[str, Any] | None = None
    ):
        if path == "/_stack/faults" and method in ("GET", "POST", "DELETE"):
            return self._faults_endpoint(method, environ or {})
        if path == "/_stack/outbox" and method == "GET":
            from patches import outbox

            params = dict(urllib.parse.parse_qsl(query))
            return _json_response(
                200, outbox.read(params.get("username"), params.get("userPoolId"))
            )
        if path == "/_stack/requests" and method == "GET":
            return _json_response(200, self.counter.snapshot())
        if path == "/_stack/requests/reset" and method == "POST":
            self.counter.reset()
            return _json_response(200, self.counter.snapshot())
        if path == "/_stack/info" and method == "GET":
            return _json_response(200, self.info)
        if path == "/_stack/clock" and method == "GET":
            return _json_response(200, {"offsetSeconds": clock.offset_seconds()})
        if path == "/_stack/clock" and method == "POST":
            try:
                self._buffer_body(environ or {})
                body = (environ or {}).get("stack.raw_body") or b"{}"
                clock.set_offset(float(json.loads(body)["offsetSeconds"]))
            except (ValueError, KeyError, TypeError):
                return _error(400, "ValidationException", 'expected {"offsetSeconds": <number>}')
            return _json_response(200, {"offsetSeconds": clock.offset_seconds()})
        if path == "/_stack/ping" and method == "GET":
            return _json_response(200, {"status": "ok"})
        return _error(404, "NotFound", f"No stack endpoint {method} {path}")

    # -- CORS ---------------------------------------------------------------------

    def _preflight(self, environ: dict[str, Any]):
        origin = environ.get("HTTP_ORIGIN", "")
        method = environ.get("HTTP_ACCESS_CONTROL_REQUEST_METHOD", "").upper()
        requested = [
            h.strip().lower()
            for h in environ.get("HTTP_ACCESS_CONTROL_REQUEST_HEADERS", "").split(",")
            if h.strip()
        ]
        refused = [h for h in requested if not stack_config.header_allowed(h)]
        if origin not in self.origins or method not in stack_config.ALLOWED_METHODS or refused:
            reason = (
                f"origin {origin!r} not allowed"
                if origin not in self.origins
                else (
                    f"method {method!r} not allowed"
                    if method not in stack_config.ALLOWED_METHODS
                    else f"headers not allowed: {', '.join(refused)}"
                )
            )
            body = f"CORSResponse: This CORS request is not allowed ({reason}).".encode()
            environ["stack.cors_refused"] = True
            return (
                "403 Forbidden",
                [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))],
                body,
            )
        headers = [
            ("Access-Control-Allow-Methods", ", ".join(stack_config.ALLOWED_METHODS)),
            # The fixed names, and those requested that a wildcard entry allows (x-amz-meta-*).
            (
                "Access-Control-Allow-Headers",
                ", ".join(
                    [h for h in stack_config.ALLOWED_HEADERS if not h.endswith("*")]
                    + [h for h in requested if h not in stack_config.ALLOWED_HEADERS]
                ),
            ),
            ("Access-Control-Max-Age", "600"),
            ("Content-Length", "0"),
        ]
        return "200 OK", headers, b""

    def _with_cors(
        self, environ: dict[str, Any], headers: list[tuple[str, str]]
    ) -> list[tuple[str, str]]:
        origin = environ.get("HTTP_ORIGIN")
        if origin and origin in self.origins and not environ.get("stack.cors_refused"):
            headers.append(("Access-Control-Allow-Origin", origin))
            headers.append(
                ("Access-Control-Expose-Headers", ", ".join(stack_config.EXPOSED_HEADERS))
            )
        if not any(k.lower() == "vary" for k, _ in headers):
            headers.append(("Vary", "Origin"))
        return headers

    # -- moto -----------------------------------------------------------------------

    @staticmethod
    def _buffer_body(environ: dict[str, Any]) -> None:
        """Read the body once, keep the raw bytes for signature checks, replay it to moto."""
        stream = environ.get("wsgi.input")
        if stream is None:
            body = b""
        elif environ.get("wsgi.input_terminated"):
            body = stream.read()
        else:
            try:
                length = int(environ.get("CONTENT_LENGTH") or 0)
            except ValueError:
                length = 0
            body = stream.read(length) if length > 0 else b""
        environ["stack.raw_body"] = body
        environ["wsgi.input"] = io.BytesIO(body)

    def _call_moto(self, environ: dict[str, Any]):
        captured: dict[str, Any] = {}
        chunks: list[bytes] = []

        def start_response(status, headers, exc_info=None):
            captured["status"] = status
            captured["headers"] = list(headers)
            return chunks.append

        result = self.app(environ, start_response)
        try:
            for chunk in result:
                chunks.append(chunk)
        finally:
            close = getattr(result, "close", None)
            if close is not None:
                close()
        status = captured.get("status", "500 Internal Server Error")
        # CORS is decided here, not by moto (nor by the bucket's rules, see README.md);
        # the Date too (the stack clock's, added in __call__).
        headers = [
            (k, v)
            for k, v in captured.get("headers", [])
            if not k.lower().startswith("access-control-") and k.lower() != "date"
        ]
        body = b"".join(chunks)
        if (
            status.startswith("403")
            and not body
            and not environ.get("HTTP_X_AMZ_TARGET")
            and (environ.get("REQUEST_METHOD") != "HEAD")
        ):
            # moto answers an anonymous read of an object with a bare 403; S3 sends XML.
            body = (
                b'<?xml version="1.0" encoding="UTF-8"?>\n'
                b"<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>"
            )
            headers = [
                (k, v) for k, v in headers if k.lower() not in ("content-type", "content-length")
            ]
            headers += [("Content-Type", "application/xml"), ("Content-Length", str(len(body)))]
        return status, self._with_error_type(status, headers, body), body

    @staticmethod
    def _with_error_type(status: str, headers: list[tuple[str, str]], body: bytes):
        if not status[:1] in ("4", "5") or any(k.lower() == "x-amzn-errortype" for k, _ in headers):
            return headers
        try:
            error_type = json.loads(body).get("__type")
        except (ValueError, AttributeError):
            return headers
        if isinstance(error_type, str) and error_type:
            headers = headers + [("x-amzn-ErrorType", error_type.split("#")[-1])]
        return headers
