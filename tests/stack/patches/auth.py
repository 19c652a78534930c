"""Signature checking and IAM authorisation for every signed request (S3, Cognito, IAM, STS).

Targets moto 5.2.5: replaces `ActionAuthenticatorMixin._authenticate_and_authorize_action`
(`moto/core/authorization.py`), the single hook both moto's JSON services
(`BaseResponse.call_action`) and S3 (`S3Response._authenticate_and_authorize_s3_action`)
call before running an action. Stock moto, with auth switched on:
- checks signatures against the path/query werkzeug already decoded, through botocore's
  client-side signer (which drops some headers and never re-encodes);
- fails with a KeyError (HTTP 500) on any request without an Authorization header,
  including Cognito's unsigned calls (RespondToAuthChallenge, GetCredentialsForIdentity)
  and CORS preflights;
- never looks at the request time, the credential scope, x-amz-content-sha256, or the
  expiry of STS credentials.

Here, instead:
- unsigned Cognito operations that AWS serves without a signature pass; OPTIONS passes
  (CORS is answered by the stack's middleware); any other unsigned request is refused
  like AWS refuses it (S3 AccessDenied, JSON MissingAuthenticationTokenException);
- an S3 request may instead be presigned (SigV4 query authentication: X-Amz-Algorithm,
  X-Amz-Credential, X-Amz-Date, X-Amz-Expires (0..604800), X-Amz-SignedHeaders,
  X-Amz-Security-Token, X-Amz-Signature in the query; the canonical query leaves out
  X-Amz-Signature, the payload is UNSIGNED-PAYLOAD): valid from X-Amz-Date (15 minutes of
  clock skew allowed) until X-Amz-Date + X-Amz-Expires, after which S3's AccessDenied
  "Request has expired"; malformed parameters give AuthorizationQueryParametersError, and
  both an Authorization header and query authentication InvalidArgument;
- a signed request is verified from the raw request (see `sigv4.py`) with the credentials
  moto knows: IAM user keys and STS assumed-role keys (which Cognito identity credentials
  are, see `identity.py`), including the session token and its expiry;
- AWS's other checks: algorithm, credential scope (date = X-Amz-Date, region = the
  stack's region, aws4_request), clock skew (15 minutes), host signed, for S3
  x-amz-content-sha256 present, matching the body and every x-amz-* header signed;
- then the caller's IAM policies decide, with the request's condition keys
  (`s3:prefix` for ListBucket) available to `policy.py`.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
from typing import Any
from urllib.parse import parse_qs

from moto.core.authorization import ActionAuthenticatorMixin
from moto.iam.access_control import (
    CreateAccessKeyFailure,
    IAMPolicy,
    PermissionResult,
    S3IAMRequest,
    create_access_key,
)
from moto.sts.models import sts_backends

from . import clock, sigv4
from .errors import S3Error, json_error
from .policy import condition_context

#: Operations AWS serves without a signature (besides signed calls to them).
UNSIGNED_OPERATIONS = {
    "cognito-idp": {
        "AssociateSoftwareToken",
        "ChangePassword",
        "ConfirmDevice",
        "ConfirmForgotPassword",
        "ConfirmSignUp",
        "DeleteUser",
        "DeleteUserAttributes",
        "ForgetDevice",
        "ForgotPassword",
        "GetDevice",
        "GetTokensFromRefreshToken",
        "GetUser",
        "GetUserAttributeVerificationCode",
        "GetUserAuthFactors",
        "GlobalSignOut",
        "InitiateAuth",
        "ListDevices",
        "ResendConfirmationCode",
        "RespondToAuthChallenge",
        "RevokeToken",
        "SetUserMFAPreference",
        "SetUserSettings",
        "SignUp",
        "UpdateDeviceStatus",
        "UpdateUserAttributes",
        "VerifySoftwareToken",
        "VerifyUserAttribute",
    },
    "cognito-identity": {
        "GetCredentialsForIdentity",
        "GetId",
        "GetOpenIdToken",
        "UnlinkIdentity",
    },
    "sts": {"AssumeRoleWithWebIdentity", "AssumeRoleWithSAML"},
}

MAX_SKEW = datetime.timedelta(minutes=15)
_UNSIGNED_PAYLOADS = {
    "UNSIGNED-PAYLOAD",
    "STREAMING-UNSIGNED-PAYLOAD-TRAILER",
    "STREAMING-AWS4-HMAC-SHA256-PAYLOAD",
    "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER",
    "STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD",
    "STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD-TRAILER",
}
_MISMATCH = (
    "The request signature we calculated does not match the signature you provided. "
    "Check your key and signing method."
)

_region = "us-east-1"


class _S3Errors:
    """Errors as S3 reports them (XML, S3 codes and statuses)."""

    BAD_DATE = "AWS authentication requires a valid Date or x-amz-date header"

    @staticmethod
    def missing_auth():
        return S3Error("AccessDenied", "Access Denied", 403)

    @staticmethod
    def malformed(message):
        return S3Error("AuthorizationHeaderMalformed", message, 400)

    @staticmethod
    def bad_date(message):
        return S3Error("AccessDenied", message, 403)

    @staticmethod
    def wrong_region(region):
        return S3Error(
            "AuthorizationHeaderMalformed",
            f"The authorization header is malformed; the region '{region}' is wrong; "
            f"expecting '{_region}'",
            400,
            Region=_region,
        )

    @staticmethod
    def skewed(amz_date, now):
        return S3Error(
            "RequestTimeTooSkewed",
            "The difference between the request time and the current time is too large.",
            403,
            RequestTime=amz_date,
            ServerTime=now.strftime("%Y-%m-%dT%H:%M:%SZ"),
            MaxAllowedSkewMilliseconds="900000",
        )

    @staticmethod
    def invalid_key(key_id):
        return S3Error(
            "InvalidAccessKeyId",
            "The AWS Access Key Id you provided does not exist in our records.",
            403,
            AWSAccessKeyId=key_id,
        )

    @staticmethod
    def invalid_token():
        return S3Error("InvalidToken", "The provided token is malformed or otherwise invalid.", 400)

    @staticmethod
    def expired_token():
        return S3Error("ExpiredToken", "The provided token has expired.", 400)

    @staticmethod
    def mismatch(key_id, to_sign, canonical, provided):
        return S3Error(
            "SignatureDoesNotMatch",
            _MISMATCH,
            403,
            AWSAccessKeyId=key_id,
            StringToSign=to_sign,
            SignatureProvided=provided,
            CanonicalRequest=canonical,
        )

    @staticmethod
    def access_denied(arn, action, resource):
        return S3Error("AccessDenied", "Access Denied", 403)


class _QueryErrors(_S3Errors):
    """Errors of S3 query authentication (presigned URLs)."""

    BAD_DATE = "X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\""

    @staticmethod
    def malformed(message):
        return S3Error("AuthorizationQueryParametersError", message, 400)

    @staticmethod
    def bad_date(message):
        return S3Error("AuthorizationQueryParametersError", message, 400)

    @staticmethod
    def wrong_region(region):
        return S3Error(
            "AuthorizationQueryParametersError",
            f"Error parsing the X-Amz-Credential parameter; the region '{region}' is wrong; "
            f"expecting '{_region}'",
            400,
            Region=_region,
        )

    @staticmethod
    def expired(amz_date, expires, now):
        return S3Error(
            "AccessDenied",
            "Request has expired",
            403,
            **{
                "X-Amz-Expires": str(expires),
                "Expires": (amz_date + datetime.timedelta(seconds=expires)).strftime(
                    "%Y-%m-%dT%H:%M:%SZ"
                ),
                "ServerTime": now.strftime("%Y-%m-%dT%H:%M:%SZ"),
            },
        )

    @staticmethod
    def not_yet_valid(amz_date_text, now):
        return S3Error(
            "AccessDenied",
            "Request is not valid yet",
            403,
            **{"X-Amz-Date": amz_date_text, "ServerTime": now.strftime("%Y-%m-%dT%H:%M:%SZ")},
        )


class _JsonErrors:
    """Errors as the JSON-protocol services (Cognito, STS/IAM via JSON) report them."""

    BAD_DATE = "AWS authentication requires a valid Date or x-amz-date header"

    @staticmethod
    def missing_auth():
        return json_error("MissingAuthenticationTokenException", "Missing Authentication Token")

    @staticmethod
    def malformed(message):
        return json_error("IncompleteSignatureException", message)

    @staticmethod
    def bad_date(message):
        return json_error("IncompleteSignatureException", message)

    @staticmethod
    def wrong_region(region):
        return json_error(
            "InvalidSignatureException",
            f"Credential should be scoped to a valid region, not '{region}'.",
        )

    @staticmethod
    def skewed(amz_date, now):
        return json_error(
            "InvalidSignatureException",
            f"Signature expired: {amz_date} is now earlier than "
            f"{(now - MAX_SKEW).strftime('%Y%m%dT%H%M%SZ')} or later than "
            f"{(now + MAX_SKEW).strftime('%Y%m%dT%H%M%SZ')}.",
        )

    @staticmethod
    def invalid_key(key_id):
        return json_error(
            "UnrecognizedClientException", "The security token included in the request is invalid."
        )

    @staticmethod
    def invalid_token():
        return json_error(
            "UnrecognizedClientException", "The security token included in the request is invalid."
        )

    @staticmethod
    def expired_token():
        return json_error(
            "ExpiredTokenException", "The security token included in the request is expired"
        )

    @staticmethod
    def mismatch(key_id, to_sign, canonical, provided):
        return json_error(
            "InvalidSignatureException",
            "The request signature we calculated does not match the signature you provided. "
            "Check your AWS Secret Access Key and signing method. Consult the service "
            "documentation for details.\n\nThe Canonical String for this request should have "
            f"been\n'{canonical}'\n\nThe String-to-Sign should have been\n'{to_sign}'\n",
        )

    @staticmethod
    def access_denied(arn, action, resource):
        return json_error(
            "AccessDeniedException",
            f"User: {arn} is not authorized to perform: {action} on resource: {resource}",
        )


def _raw_target(environ: dict[str, Any]) -> tuple[bytes, bytes]:
    """The request path and query exactly as sent (WSGI strings are latin-1 carried bytes)."""
    raw = environ.get("RAW_URI") or environ.get("REQUEST_URI")
    if raw:
        if "://" in raw.split("?", 1)[0]:  # absolute-form target
            raw = "/" + raw.split("://", 1)[1].partition("/")[2]
        path, _, query = raw.partition("?")
    else:
        path, query = environ.get("PATH_INFO", "/"), environ.get("QUERY_STRING", "")
    return path.encode("latin-1"), query.encode("latin-1")


def _header_values(environ: dict[str, Any], name: str) -> list[str]:
    if name in ("content-type", "content-length"):
        key = name.upper().replace("-", "_")
    else:
        key = "HTTP_" + name.upper().replace("-", "_")
    value = environ.get(key)
    if value is None:
        return []
    # WSGI carries header bytes as latin-1; signatures are over the bytes' UTF-8 reading.
    try:
        value = value.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        pass
    return [value]


def _raw_body(environ: dict[str, Any], fallback: Any) -> bytes:
    body = environ.get("stack.raw_body")
    if body is not None:
        return body
    if isinstance(fallback, str):
        return fallback.encode("utf-8")
    return fallback or b""


def _parse_amz_date(value: str) -> datetime.datetime | None:
    try:
        return datetime.datetime.strptime(value, "%Y%m%dT%H%M%SZ").replace(
            tzinfo=datetime.timezone.utc
        )
    except ValueError:
        return None


def _assumed_role(account_id: str, access_key_id: str):
    for backend in sts_backends[account_id].values():
        for role in backend.assumed_roles:
            if role.access_key_id == access_key_id:
                return role
    return None


def _condition_keys(
    response: Any, s3: bool, action: str, principal_arn: str, role: Any = None
) -> dict:
    keys: dict[str, Any] = {"aws:SecureTransport": "false", "aws:PrincipalArn": principal_arn}
    # Web identity keys of Cognito identity credentials (identity.py): policy variables.
    keys.update(getattr(role, "stack_condition_keys", {}))
    if s3 and action in ("ListBucket", "ListBucketMultipartUploads", "ListBucketVersions"):
        query = parse_qs(
            response.normalized_request.query_string.decode("latin-1"), keep_blank_values=True
        )
        for name in ("prefix", "delimiter", "max-keys"):
            if name in query:
                keys[f"s3:{name}"] = query[name][0]
    return keys


def _check_scope(auth: sigv4.Authorization, amz_date_text: str, service: str, errors: type):
    """The credential scope checks shared by header and query authentication; returns
    the request time."""
    amz_date = _parse_amz_date(amz_date_text)
    if amz_date is None:
        raise errors.bad_date(errors.BAD_DATE)
    if auth.date != amz_date_text[:8]:
        raise errors.malformed("Invalid credential date. Date is not the same as X-Amz-Date.")
    if auth.terminator != "aws4_request":
        raise errors.malformed(
            "Credential should be scoped with a valid terminator: 'aws4_request'"
        )
    # IAM is global: AWS signs it for us-east-1 whatever the stack's region.
    if auth.region != _region and not (service == "iam" and auth.region == "us-east-1"):
        raise errors.wrong_region(auth.region)
    if auth.service != service:
        raise errors.malformed(
            f"Credential should be scoped to correct service: '{service}', not '{auth.service}'"
        )
    if "host" not in auth.signed_headers:
        raise errors.malformed("'Host' must be a 'SignedHeader' in the AWS Authorization.")
    return amz_date


def _header_authorization(request: Any, authorization: str, service: str, errors: type):
    """An Authorization header's fields and X-Amz-Date, checked; returns (auth, date text)."""
    try:
        auth = sigv4.parse_authorization(authorization)
    except sigv4.MalformedAuthorization as e:
        raise errors.malformed(str(e))
    amz_date_text = request.headers.get("X-Amz-Date", "")
    amz_date = _check_scope(auth, amz_date_text, service, errors)
    now = clock.now()
    if abs(now - amz_date) > MAX_SKEW:
        raise errors.skewed(amz_date_text, now)
    return auth, amz_date_text


def _query_authorization(raw_query: bytes):
    """A presigned URL's X-Amz-* parameters, checked, valid now; returns (auth, date text)."""
    try:
        auth = sigv4.parse_query_authorization(raw_query)
    except sigv4.MalformedAuthorization as e:
        raise _QueryErrors.malformed(str(e))
    amz_date = _check_scope(auth, auth.amz_date, "s3", _QueryErrors)
    now = clock.now()
    if now > amz_date + datetime.timedelta(seconds=auth.expires):
        raise _QueryErrors.expired(amz_date, auth.expires, now)
    if amz_date - now > MAX_SKEW:
        raise _QueryErrors.not_yet_valid(auth.amz_date, now)
    return auth, auth.amz_date


def _check_s3_payload_and_headers(
    request: Any, signed_headers: list[str], body: bytes, presigned: bool
) -> str:
    """S3's x-amz-content-sha256 and unsigned x-amz-* header checks; returns the payload
    hash of the canonical request (UNSIGNED-PAYLOAD for a presigned URL without one)."""
    payload_hash = request.headers.get("x-amz-content-sha256")
    if payload_hash is None:
        if presigned:
            payload_hash = "UNSIGNED-PAYLOAD"
        else:
            raise S3Error(
                "InvalidRequest",
                "Missing required header for this request: x-amz-content-sha256",
                400,
            )
    elif (
        payload_hash not in _UNSIGNED_PAYLOADS
        and payload_hash != hashlib.sha256(body).hexdigest()
    ):
        raise S3Error(
            "XAmzContentSHA256Mismatch",
            "The provided 'x-amz-content-sha256' header does not match what was computed.",
            400,
            ClientComputedContentSHA256=payload_hash,
            S3ComputedContentSHA256=hashlib.sha256(body).hexdigest(),
        )
    unsigned = sorted(
        name.lower()
        for name, _ in request.headers.items()
        if name.lower().startswith("x-amz-") and name.lower() not in signed_headers
    )
    if unsigned:
        raise S3Error(
            "AccessDenied",
            "There were headers present in the request which were not signed",
            403,
            HeadersNotSigned=", ".join(unsigned),
        )
    return payload_hash


def authenticate_and_authorize(self: Any, iam_request_cls: type, resource: str = "*") -> None:
    """Replacement for ActionAuthenticatorMixin._authenticate_and_authorize_action."""
    s3 = issubclass(iam_request_cls, S3IAMRequest)
    errors = _S3Errors if s3 else _JsonErrors
    request = self.normalized_request
    environ = request.environ
    service = "s3" if s3 else (self.service_name or "")
    action = self._get_action() or ""
    raw_path, raw_query = _raw_target(environ)

    authorization = request.headers.get("Authorization")
    presigned = s3 and sigv4.has_query_authorization(raw_query)
    if authorization is None and not presigned:
        if request.method == "OPTIONS":
            return
        if action in UNSIGNED_OPERATIONS.get(service, ()):
            return
        raise errors.missing_auth()
    if authorization is not None and presigned:
        raise S3Error(
            "InvalidArgument",
            "Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, "
            "Signature query string parameter or the Authorization header should be specified",
            400,
            ArgumentName="Authorization",
        )

    if presigned:
        errors = _QueryErrors
        auth, amz_date_text = _query_authorization(raw_query)
        token = auth.security_token
        key_headers: Any = {} if token is None else {"X-Amz-Security-Token": token}
    else:
        auth, amz_date_text = _header_authorization(request, authorization, service, errors)
        key_headers = request.headers

    body = _raw_body(environ, getattr(self, "raw_body", b""))
    if s3:
        payload_hash = _check_s3_payload_and_headers(request, auth.signed_headers, body, presigned)
    else:
        payload_hash = (
            request.headers.get("x-amz-content-sha256") or hashlib.sha256(body).hexdigest()
        )

    account_id = self.current_account
    try:
        key = create_access_key(
            account_id=account_id,
            partition="aws",
            access_key_id=auth.access_key_id,
            headers=key_headers,
        )
    except CreateAccessKeyFailure as failure:
        if failure.reason == "InvalidToken":
            raise errors.invalid_token()
        raise errors.invalid_key(auth.access_key_id)
    role = _assumed_role(account_id, auth.access_key_id)
    if role is not None and role.expiration < datetime.datetime.now(datetime.timezone.utc).replace(
        tzinfo=None
    ):
        raise errors.expired_token()

    headers = {name: _header_values(environ, name) for name in auth.signed_headers}
    canonical = sigv4.canonical_request(
        request.method,
        raw_path,
        raw_query,
        headers,
        auth.signed_headers,
        payload_hash,
        s3,
        exclude_query=frozenset({"X-Amz-Signature"}) if presigned else frozenset(),
    )
    to_sign = sigv4.string_to_sign(amz_date_text, auth.scope, canonical)
    secret = key.create_credentials().secret_key
    expected = sigv4.signature(secret, auth.date, auth.region, auth.service, to_sign)
    if not hmac.compare_digest(expected.encode(), auth.signature.encode("utf-8", "replace")):
        raise errors.mismatch(auth.access_key_id, to_sign, canonical, auth.signature)

    # Authorisation: the caller's identity policies, with condition keys.
    full_action = f"{service}:{action}"
    if full_action == "sts:GetCallerIdentity":
        return
    permitted = False
    with condition_context(_condition_keys(self, s3, action, key.arn, role)):
        for policy in key.collect_policies():
            result = IAMPolicy(policy).is_action_permitted(full_action, resource)
            if result == PermissionResult.DENIED:
                raise errors.access_denied(key.arn, full_action, resource)
            if result == PermissionResult.PERMITTED:
                permitted = True
    if not permitted:
        raise errors.access_denied(key.arn, full_action, resource)


def apply(region: str) -> None:
    """Install the check for every moto service; `region` is the only valid scope region."""
    global _region
    _region = region
    ActionAuthenticatorMixin._authenticate_and_authorize_action = authenticate_and_authorize
