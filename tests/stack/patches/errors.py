"""AWS-style errors the patches raise: S3 XML errors and JSON-protocol errors.

Both are werkzeug HTTPExceptions, so moto's Flask apps turn them into responses
wherever they are raised (moto's S3 handler only catches its own S3ClientError;
moto's JSON `call_action` renders any HTTPException raised by the auth check).
"""

from __future__ import annotations

import uuid
from xml.sax.saxutils import escape

from moto.core.exceptions import JsonRESTError
from werkzeug.exceptions import HTTPException


class S3Error(HTTPException):
    """An S3 error document: <Error><Code/><Message/>...</Error> with its HTTP status."""

    def __init__(self, code: str, message: str, status: int, **details: str):
        super().__init__()
        self.code = status
        self.error_code = code
        self.message = message
        self.details = details
        self.request_id = uuid.uuid4().hex[:16].upper()

    def get_body(self, environ=None, scope=None) -> str:  # noqa: D102 (werkzeug API)
        extra = "".join(f"<{k}>{escape(str(v))}</{k}>" for k, v in self.details.items())
        return (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f"<Error><Code>{escape(self.error_code)}</Code>"
            f"<Message>{escape(self.message)}</Message>{extra}"
            f"<RequestId>{self.request_id}</RequestId></Error>"
        )

    def get_headers(self, environ=None, scope=None) -> list[tuple[str, str]]:  # noqa: D102
        return [
            ("Content-Type", "application/xml"),
            ("x-amz-request-id", self.request_id),
        ]


def json_error(error_type: str, message: str, status: int = 400) -> JsonRESTError:
    """A JSON-protocol error: body {"__type", "message"} with the given status."""
    error = JsonRESTError(error_type, message)
    error.code = status
    return error
