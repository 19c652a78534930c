"""CORS for the pages' S3 writes, multipart uploads and DynamoDB calls."""

from urllib.parse import quote

import pytest

from data_helpers import BUCKET, alice  # noqa: F401

ORIGIN = "http://127.0.0.1:8081"


def _preflight(stack, path, method, headers):
    return stack.send(
        "OPTIONS",
        path,
        {
            "Origin": ORIGIN,
            "Access-Control-Request-Method": method,
            "Access-Control-Request-Headers": headers,
        },
    )


@pytest.mark.parametrize(
    "path,method,headers",
    [
        # PutObject with metadata and the checksum headers of current SDKs.
        (
            "/demo-bucket/private/x/file.txt",
            "PUT",
            "authorization,content-type,content-md5,x-amz-content-sha256,x-amz-date,"
            "x-amz-security-token,x-amz-meta-owner,x-amz-checksum-crc32,"
            "x-amz-sdk-checksum-algorithm,amz-sdk-invocation-id",
        ),
        ("/demo-bucket/private/x/copy.txt", "PUT", "authorization,x-amz-copy-source,x-amz-date"),
        ("/demo-bucket/private/x/big.bin?uploads", "POST", "authorization,x-amz-date"),
        ("/demo-bucket/private/x/big.bin?partNumber=1&uploadId=u", "PUT", "authorization"),
        ("/demo-bucket/private/x/file.txt", "DELETE", "authorization,x-amz-date"),
        ("/demo-bucket/private/x/file.txt", "HEAD", "authorization,range,if-none-match"),
        ("/demo-bucket?delete", "POST", "authorization,content-md5,content-type"),
        ("/", "POST", "authorization,content-type,x-amz-target,x-amz-date,x-amz-security-token"),
    ],
)
def test_preflights_for_writes_are_allowed(stack, path, method, headers):
    status, reply, _ = _preflight(stack, path, method, headers)
    assert status == 200 and reply["access-control-allow-origin"] == ORIGIN
    allowed = {h.strip() for h in reply["access-control-allow-headers"].split(",")}
    assert set(headers.split(",")) <= allowed
    assert method in {m.strip() for m in reply["access-control-allow-methods"].split(",")}


def test_an_unknown_header_is_still_refused(stack):
    status, reply, _ = _preflight(stack, "/demo-bucket/x", "PUT", "authorization,x-amz-bogus")
    assert status == 403 and "access-control-allow-origin" not in reply


def test_upload_replies_expose_etag(stack, alice):
    key = quote(f"/{BUCKET}/{alice.folder}cors.txt")
    request = stack.signed("PUT", key, alice.credentials, body=b"hello", headers={"Origin": ORIGIN})
    status, reply, _ = stack.send_signed(request)
    assert status == 200 and reply["etag"]
    assert reply["access-control-allow-origin"] == ORIGIN
    exposed = {h.strip() for h in reply["access-control-expose-headers"].split(",")}
    assert {"etag", "x-amz-version-id", "content-range", "x-amz-crc32"} <= exposed
    create = stack.signed("POST", key + "?uploads", alice.credentials, headers={"Origin": ORIGIN})
    status, reply, body = stack.send_signed(create)
    assert status == 200 and b"<UploadId>" in body
    assert reply["access-control-allow-origin"] == ORIGIN
