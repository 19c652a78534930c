"""S3 signature checking, with botocore's SigV4 signer as the reference client and the
identity pool's temporary credentials. Stock moto accepts any signature (auth off), so
the refusal tests fail against it (see test_patches_matter.py)."""

import datetime
import hashlib
import re
from urllib.parse import quote

import pytest
from botocore.exceptions import ClientError

LIST_PUBLIC = "/demo-bucket?list-type=2&prefix=public%2F&delimiter=%2F"


def _error_code(body: bytes) -> str:
    match = re.search(rb"<Code>([^<]+)</Code>", body)
    return match.group(1).decode() if match else body[:200].decode(errors="replace")


def _keys(body: bytes) -> list[str]:
    return [k.decode() for k in re.findall(rb"<Key>([^<]+)</Key>", body)]


def test_signed_list_objects_v2_passes(stack, user_credentials):
    s3 = stack.client("s3", credentials=user_credentials)
    reply = s3.list_objects_v2(Bucket="demo-bucket", Prefix="public/", Delimiter="/")
    assert "public/readme.txt" in [o["Key"] for o in reply["Contents"]]
    assert {"public/docs/", "public/a b/", "public/many/"} <= {
        p["Prefix"] for p in reply["CommonPrefixes"]
    }


def test_raw_signed_request_passes(stack, user_credentials):
    status, _, body = stack.send_signed(stack.signed("GET", LIST_PUBLIC, user_credentials))
    assert status == 200, body
    assert "public/readme.txt" in _keys(body)


def test_tampered_signature_is_refused(stack, user_credentials):
    request = stack.signed("GET", LIST_PUBLIC, user_credentials)
    auth = request.headers["Authorization"]
    last = auth[-1]
    request.headers.replace_header("Authorization", auth[:-1] + ("0" if last != "0" else "1"))
    status, _, body = stack.send_signed(request)
    assert (status, _error_code(body)) == (403, "SignatureDoesNotMatch")


def test_wrong_secret_is_refused(stack, user_credentials):
    wrong = dict(user_credentials, SecretKey=user_credentials["SecretKey"][:-1] + "x")
    status, _, body = stack.send_signed(stack.signed("GET", LIST_PUBLIC, wrong))
    assert (status, _error_code(body)) == (403, "SignatureDoesNotMatch")
    assert b"<CanonicalRequest>" in body  # like S3, the error shows what the server signed


def test_wrong_secret_via_boto3_is_refused(stack, user_credentials):
    wrong = dict(user_credentials, SecretKey="x" * 40)
    with pytest.raises(ClientError) as excinfo:
        stack.client("s3", credentials=wrong).list_objects_v2(
            Bucket="demo-bucket", Prefix="public/"
        )
    assert excinfo.value.response["Error"]["Code"] == "SignatureDoesNotMatch"


def test_wrong_session_token_is_refused(stack, user_credentials):
    wrong = dict(user_credentials, SessionToken="not-the-token")
    status, _, body = stack.send_signed(stack.signed("GET", LIST_PUBLIC, wrong))
    assert (status, _error_code(body)) == (400, "InvalidToken")


def test_unknown_access_key_is_refused(stack, user_credentials):
    wrong = dict(user_credentials, AccessKeyId="ASIAUNKNOWNKEY123456")
    status, _, body = stack.send_signed(stack.signed("GET", LIST_PUBLIC, wrong))
    assert (status, _error_code(body)) == (403, "InvalidAccessKeyId")


@pytest.mark.parametrize("path", [LIST_PUBLIC, "/demo-bucket/public/readme.txt", "/"])
def test_unsigned_request_is_refused(stack, path):
    status, _, body = stack.send("GET", path)
    assert (status, _error_code(body)) == (403, "AccessDenied")


def test_encoded_query_verifies(stack, user_credentials):
    path = "/demo-bucket?list-type=2&prefix=public%2Fa%20b%2F"
    status, _, body = stack.send_signed(stack.signed("GET", path, user_credentials))
    assert status == 200, body
    assert sorted(_keys(body)) == ["public/a b/c d/e f.txt", "public/a b/with space.txt"]


def test_query_changed_after_signing_is_refused(stack, user_credentials):
    request = stack.signed("GET", LIST_PUBLIC, user_credentials)
    status, _, body = stack.send_signed(
        request, "/demo-bucket?list-type=2&prefix=public%2Fdocs%2F&delimiter=%2F"
    )
    assert (status, _error_code(body)) == (403, "SignatureDoesNotMatch")


def test_path_changed_after_signing_is_refused(stack, user_credentials):
    request = stack.signed("GET", "/demo-bucket/public/readme.txt", user_credentials)
    status, _, body = stack.send_signed(request, "/demo-bucket/public/docs/guide.txt")
    assert (status, _error_code(body)) == (403, "SignatureDoesNotMatch")


def test_signature_over_non_canonical_escapes_is_refused(stack, user_credentials):
    """AWS canonicalises to upper-case hex: a client signing '%2f' as sent is wrong."""
    path = "/demo-bucket?list-type=2&prefix=public%2fdocs%2f"
    status, _, body = stack.send_signed(stack.signed("GET", path, user_credentials))
    assert (status, _error_code(body)) == (403, "SignatureDoesNotMatch")


@pytest.mark.parametrize(
    "key",
    [
        "public/a b/with space.txt",
        "public/unicode/h\u00e9llo w\u00f6rld \u2713.txt",
        "public/unicode/\u65e5\u672c\u8a9e/\u30d5\u30a1\u30a4\u30eb.txt",
        "public/symbols/a+b=c.txt",
        "public/symbols/x=1&y=2 (copy).txt",
        "public/symbols/100% done~.txt",
    ],
)
def test_keys_with_special_characters_verify(stack, user_credentials, key):
    path = "/demo-bucket/" + quote(key, safe="/~")
    status, _, body = stack.send_signed(stack.signed("GET", path, user_credentials))
    assert status == 200, body
    s3 = stack.client("s3", credentials=user_credentials)
    assert s3.get_object(Bucket="demo-bucket", Key=key)["Body"].read() == body


def test_listing_pages_past_1000_keys(stack, user_credentials):
    s3 = stack.client("s3", credentials=user_credentials)
    first = s3.list_objects_v2(Bucket="demo-bucket", Prefix="public/many/")
    assert first["IsTruncated"] is True and first["KeyCount"] == 1000
    second = s3.list_objects_v2(
        Bucket="demo-bucket",
        Prefix="public/many/",
        ContinuationToken=first["NextContinuationToken"],
    )
    assert second["IsTruncated"] is False and second["KeyCount"] == 100
    keys = [o["Key"] for o in first["Contents"] + second["Contents"]]
    assert len(set(keys)) == 1100


def test_url_encoded_listing(stack, user_credentials):
    s3 = stack.client("s3", credentials=user_credentials)
    reply = s3.list_objects_v2(Bucket="demo-bucket", Prefix="public/symbols/", EncodingType="url")
    # Asked for explicitly, boto3 leaves the keys encoded as the server sent them.
    assert "public/symbols/a%2Bb%3Dc.txt" in [o["Key"] for o in reply["Contents"]]


def test_stale_request_time_is_refused(stack, user_credentials):
    request = stack.signed("GET", LIST_PUBLIC, user_credentials)
    old = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(minutes=20)
    # Re-sign with the old time so only the skew is wrong.
    from botocore.auth import S3SigV4Auth
    from botocore.credentials import Credentials

    del request.headers["Authorization"]
    request.headers.replace_header("X-Amz-Date", old.strftime("%Y%m%dT%H%M%SZ"))
    request.context["timestamp"] = old.strftime("%Y%m%dT%H%M%SZ")
    creds = Credentials(
        user_credentials["AccessKeyId"],
        user_credentials["SecretKey"],
        user_credentials["SessionToken"],
    )
    auth = S3SigV4Auth(creds, "s3", stack.region)
    canonical = auth.canonical_request(request)
    signature = auth.signature(auth.string_to_sign(request, canonical), request)
    scope = f"{user_credentials['AccessKeyId']}/{old:%Y%m%d}/{stack.region}/s3/aws4_request"
    request.headers["Authorization"] = (
        f"AWS4-HMAC-SHA256 Credential={scope}, SignedHeaders={auth.signed_headers(auth.headers_to_sign(request))}, "
        f"Signature={signature}"
    )
    status, _, body = stack.send_signed(request)
    assert (status, _error_code(body)) == (403, "RequestTimeTooSkewed")


def test_wrong_region_in_scope_is_refused(stack, user_credentials):
    request = stack.signed("GET", LIST_PUBLIC, user_credentials, region="us-west-2")
    status, _, body = stack.send_signed(request)
    assert (status, _error_code(body)) == (400, "AuthorizationHeaderMalformed")


def test_missing_content_sha256_is_refused(stack, user_credentials):
    request = stack.signed("GET", LIST_PUBLIC, user_credentials)
    del request.headers["x-amz-content-sha256"]
    status, _, body = stack.send_signed(request)
    assert (status, _error_code(body)) == (400, "InvalidRequest")


def test_unsigned_security_token_header_is_refused(stack, user_credentials):
    without_token = {k: v for k, v in user_credentials.items() if k != "SessionToken"}
    request = stack.signed("GET", LIST_PUBLIC, without_token)
    request.headers["X-Amz-Security-Token"] = user_credentials["SessionToken"]
    status, _, body = stack.send_signed(request)
    assert (status, _error_code(body)) == (403, "AccessDenied")
    assert b"x-amz-security-token" in body


def test_body_not_matching_content_sha256_is_refused(stack):
    admin = {
        "AccessKeyId": stack["admin"]["accessKeyId"],
        "SecretKey": stack["admin"]["secretAccessKey"],
    }
    request = stack.signed("PUT", "/demo-bucket/scratch/a.txt", admin, body=b"hello")
    status, _, body = stack.send_signed(request)
    assert status == 200, body
    request = stack.signed("PUT", "/demo-bucket/scratch/b.txt", admin, body=b"hello")
    request.headers.replace_header("x-amz-content-sha256", hashlib.sha256(b"other").hexdigest())
    status, _, body = stack.send_signed(request)
    assert (status, _error_code(body)) == (400, "XAmzContentSHA256Mismatch")
