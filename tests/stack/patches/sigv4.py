"""AWS Signature Version 4, server side: rebuild the canonical request from the
request exactly as it arrived on the wire and compute the expected signature.

Pure functions, no moto import: `tests/stack/test_sigv4_vectors.py` checks them
against the AWS signing test suite in tests/vectors/sigv4.

What AWS does, and this does:
- the path and query are taken from the raw request target (not the decoded
  path werkzeug hands to moto); each S3 path segment and each query
  name/value is percent-decoded and re-encoded the RFC 3986 way (upper-case
  hex, unreserved characters kept), so a client that signs one form but sends
  another, or signs a non-canonical escape, fails;
- S3 paths are encoded once and never normalised; other services normalise
  the path and encode the path as sent once more (an escape is escaped
  again: the SigV4 "double encoding" rule for non-S3 services);
- header values are trimmed and inner runs of spaces collapsed; repeated
  headers are joined with commas;
- a presigned URL (query authentication) carries the same fields as query
  parameters: the canonical query is the query without X-Amz-Signature.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from dataclasses import dataclass

ALGORITHM = "AWS4-HMAC-SHA256"
EMPTY_SHA256 = hashlib.sha256(b"").hexdigest()
_UNRESERVED = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
_HEX = re.compile(rb"%([0-9A-Fa-f]{2})")


def uri_encode(data: bytes, keep_slash: bool = False) -> str:
    """RFC 3986 percent-encoding with upper-case hex; '/' kept when asked."""
    out = []
    for byte in data:
        if byte in _UNRESERVED or (keep_slash and byte == 0x2F):
            out.append(chr(byte))
        else:
            out.append(f"%{byte:02X}")
    return "".join(out)


def percent_decode(data: bytes, plus_is_space: bool = False) -> bytes:
    """Decode %XX escapes; a '%' not followed by two hex digits stays as is."""
    if plus_is_space:
        data = data.replace(b"+", b" ")
    return _HEX.sub(lambda m: bytes([int(m.group(1), 16)]), data)


def _normalize_path(path: bytes) -> bytes:
    """Remove '.' and '..' segments and empty segments (non-S3 services only)."""
    segments: list[bytes] = []
    for segment in path.split(b"/"):
        if segment in (b"", b"."):
            continue
        if segment == b"..":
            if segments:
                segments.pop()
            continue
        segments.append(segment)
    normalized = b"/" + b"/".join(segments)
    if path.endswith(b"/") and normalized != b"/":
        normalized += b"/"
    return normalized


def canonical_uri(raw_path: bytes, s3: bool) -> str:
    """The CanonicalURI line for a raw (as sent) request path."""
    if not raw_path:
        raw_path = b"/"
    if s3:
        # S3: encoded once, never normalised ('//' and '.' segments are part of keys).
        return "/".join(uri_encode(percent_decode(seg)) for seg in raw_path.split(b"/"))
    # Other services: normalise, then encode the path as sent once more: an
    # escaped character is escaped again ("double encoding").
    return uri_encode(_normalize_path(raw_path), keep_slash=True)


def _query_pairs(raw_query: bytes) -> list[tuple[bytes, bytes]]:
    """The query's name/value pairs, percent-decoded ('+' is a space), in order."""
    pairs = []
    for part in raw_query.split(b"&"):
        if not part:
            continue
        name, _, value = part.partition(b"=")
        pairs.append(
            (percent_decode(name, plus_is_space=True), percent_decode(value, plus_is_space=True))
        )
    return pairs


def canonical_query(raw_query: bytes, exclude: frozenset[str] = frozenset()) -> str:
    """The CanonicalQueryString line for a raw (as sent) query string, leaving out the
    parameters named in `exclude` (X-Amz-Signature, for a presigned URL)."""
    pairs = sorted(
        (uri_encode(name), uri_encode(value))
        for name, value in _query_pairs(raw_query)
        if name.decode("utf-8", "replace") not in exclude
    )
    return "&".join(f"{name}={value}" for name, value in pairs)


def canonical_header_value(value: str) -> str:
    """Trim and collapse runs of whitespace to one space."""
    return " ".join(value.split())


def canonical_request(
    method: str,
    raw_path: bytes,
    raw_query: bytes,
    headers: dict[str, list[str]],
    signed_headers: list[str],
    payload_hash: str,
    s3: bool,
    exclude_query: frozenset[str] = frozenset(),
) -> str:
    """Build the canonical request. `headers` maps lower-case names to their values;
    query parameters named in `exclude_query` are left out (a presigned URL's signature)."""
    lines = [
        method.upper(),
        canonical_uri(raw_path, s3),
        canonical_query(raw_query, exclude_query),
    ]
    for name in signed_headers:
        values = headers.get(name, [])
        lines.append(f"{name}:{','.join(canonical_header_value(v) for v in values)}")
    lines.append("")
    lines.append(";".join(signed_headers))
    lines.append(payload_hash)
    return "\n".join(lines)


def string_to_sign(amz_date: str, scope: str, canonical: str) -> str:
    """The string to sign for a canonical request."""
    digest = hashlib.sha256(canonical.encode("utf-8")).hexdigest()
    return f"{ALGORITHM}\n{amz_date}\n{scope}\n{digest}"


def signing_key(secret: str, date: str, region: str, service: str) -> bytes:
    """HMAC chain AWS4+secret -> date -> region -> service -> aws4_request."""
    key = ("AWS4" + secret).encode("utf-8")
    for part in (date, region, service, "aws4_request"):
        key = hmac.new(key, part.encode("utf-8"), hashlib.sha256).digest()
    return key


def signature(secret: str, date: str, region: str, service: str, to_sign: str) -> str:
    """Hex signature of a string to sign."""
    key = signing_key(secret, date, region, service)
    return hmac.new(key, to_sign.encode("utf-8"), hashlib.sha256).hexdigest()


@dataclass
class Authorization:
    """The parts of an `Authorization: AWS4-HMAC-SHA256 ...` header."""

    access_key_id: str
    date: str
    region: str
    service: str
    terminator: str
    signed_headers: list[str]
    signature: str

    @property
    def scope(self) -> str:
        """The credential scope date/region/service/aws4_request."""
        return f"{self.date}/{self.region}/{self.service}/{self.terminator}"


class MalformedAuthorization(ValueError):
    """The Authorization header cannot be parsed."""


def parse_authorization(value: str) -> Authorization:
    """Parse a SigV4 Authorization header; raise MalformedAuthorization if it is not one."""
    algorithm, _, rest = value.strip().partition(" ")
    if algorithm != ALGORITHM:
        raise MalformedAuthorization(f"Unsupported authorization type: {algorithm[:40]}")
    fields: dict[str, str] = {}
    for part in rest.split(","):
        key, sep, field_value = part.strip().partition("=")
        if not sep:
            raise MalformedAuthorization(f"Authorization header field without '=': {key[:40]}")
        fields[key] = field_value
    missing = [k for k in ("Credential", "SignedHeaders", "Signature") if k not in fields]
    if missing:
        raise MalformedAuthorization(f"Authorization header requires '{missing[0]}' parameter.")
    credential = fields["Credential"].split("/")
    if len(credential) != 5 or not all(credential):
        raise MalformedAuthorization(
            "Credential should be of the form <key>/<date>/<region>/<service>/aws4_request"
        )
    signed = fields["SignedHeaders"].split(";")
    if not all(signed) or any(h != h.lower() for h in signed):
        raise MalformedAuthorization("SignedHeaders must be lower-case names separated by ';'")
    if not re.fullmatch(r"[0-9a-f]{64}", fields["Signature"]):
        raise MalformedAuthorization("Signature must be 64 lower-case hex digits")
    return Authorization(*credential, signed_headers=signed, signature=fields["Signature"])


#: Query parameters of a presigned URL (SigV4 query authentication), all required
#: (X-Amz-Security-Token too, with temporary credentials, but it is checked as a key's).
QUERY_AUTH_PARAMS = (
    "X-Amz-Algorithm",
    "X-Amz-Credential",
    "X-Amz-Date",
    "X-Amz-Expires",
    "X-Amz-SignedHeaders",
    "X-Amz-Signature",
)
#: The longest validity of a presigned URL: 7 days.
MAX_EXPIRES = 604800
_MISSING_QUERY_AUTH = (
    "Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, "
    "X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters."
)


@dataclass
class QueryAuthorization(Authorization):
    """The SigV4 parameters of a presigned URL."""

    amz_date: str = ""
    expires: int = 0
    security_token: str | None = None


def has_query_authorization(raw_query: bytes) -> bool:
    """Whether the query carries SigV4 query authentication (a presigned URL)."""
    names = {name for name, _ in _query_pairs(raw_query)}
    return bool(names & {b"X-Amz-Algorithm", b"X-Amz-Credential", b"X-Amz-Signature"})


def parse_query_authorization(raw_query: bytes) -> QueryAuthorization:
    """Parse a presigned URL's X-Amz-* parameters; raise MalformedAuthorization (with S3's
    AuthorizationQueryParametersError messages) if they are incomplete or malformed.
    The date itself (ISO 8601 basic format) is left to the caller."""
    params: dict[str, str] = {}
    for raw_name, raw_value in _query_pairs(raw_query):
        name = raw_name.decode("utf-8", "replace")
        if name in QUERY_AUTH_PARAMS or name == "X-Amz-Security-Token":
            if name in params:
                raise MalformedAuthorization(f"{name} must appear only once in the query.")
            params[name] = raw_value.decode("utf-8", "replace")
    if any(not params.get(name) for name in QUERY_AUTH_PARAMS):
        raise MalformedAuthorization(_MISSING_QUERY_AUTH)
    if params["X-Amz-Algorithm"] != ALGORITHM:
        raise MalformedAuthorization(f'X-Amz-Algorithm only supports "{ALGORITHM}"')
    if not re.fullmatch(r"-?[0-9]{1,12}", params["X-Amz-Expires"]):
        raise MalformedAuthorization("X-Amz-Expires should be a number")
    expires = int(params["X-Amz-Expires"])
    if expires < 0:
        raise MalformedAuthorization("X-Amz-Expires must be non-negative")
    if expires > MAX_EXPIRES:
        raise MalformedAuthorization(
            f"X-Amz-Expires must be less than a week (in seconds) that is {MAX_EXPIRES}"
        )
    credential = params["X-Amz-Credential"].split("/")
    if len(credential) != 5 or not all(credential):
        raise MalformedAuthorization(
            "Error parsing the X-Amz-Credential parameter; the Credential is mal-formed; "
            'expecting "<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request".'
        )
    signed = params["X-Amz-SignedHeaders"].split(";")
    if not all(signed) or any(h != h.lower() for h in signed):
        raise MalformedAuthorization("SignedHeaders must be lower-case names separated by ';'")
    return QueryAuthorization(
        *credential,
        signed_headers=signed,
        signature=params["X-Amz-Signature"],
        amz_date=params["X-Amz-Date"],
        expires=expires,
        security_token=params.get("X-Amz-Security-Token"),
    )
