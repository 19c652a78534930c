"""Settings shared by the stack's modules: region, CORS origins and header lists."""

import os

#: The stack is one regional endpoint; every Cognito id it issues carries this region.
DEFAULT_REGION = "eu-west-1"

#: Origins allowed by CORS: the demo app (8080), its end-to-end tests (8081), the
#: www/ app's tests (8082), the library's wasm-bindgen browser tests in Chromium
#: (8083), the plain-page test of the npm package (8084) and the library's browser
#: tests in Firefox (8085) and WebKitGTK (8086).
DEFAULT_ORIGINS = tuple(
    f"http://{host}:{port}"
    for host in ("127.0.0.1", "localhost")
    for port in (8080, 8081, 8082, 8083, 8084, 8085, 8086)
)

#: Environment variable with extra allowed origins, comma separated.
ORIGINS_ENV = "STACK_ALLOWED_ORIGINS"

#: Request headers a browser may send (preflight Access-Control-Allow-Headers).
ALLOWED_HEADERS = (
    "content-type",
    "x-amz-target",
    "x-amz-user-agent",
    "authorization",
    "x-amz-date",
    "x-amz-content-sha256",
    "x-amz-security-token",
    "amz-sdk-invocation-id",
    "amz-sdk-request",
    # S3 object calls (PutObject, CopyObject, UploadPart, GetObject with conditions),
    # including the checksum headers current AWS SDKs send by default.
    "content-md5",
    "content-disposition",
    "content-encoding",
    "content-language",
    "cache-control",
    "expires",
    "range",
    "if-match",
    "if-none-match",
    "if-modified-since",
    "if-unmodified-since",
    "x-amz-copy-source",
    "x-amz-copy-source-range",
    "x-amz-metadata-directive",
    "x-amz-tagging",
    "x-amz-storage-class",
    "x-amz-server-side-encryption",
    "x-amz-checksum-algorithm",
    "x-amz-sdk-checksum-algorithm",
    "x-amz-checksum-crc32",
    "x-amz-checksum-crc32c",
    "x-amz-checksum-crc64nvme",
    "x-amz-checksum-sha1",
    "x-amz-checksum-sha256",
    "x-amz-checksum-mode",
    "x-amz-trailer",
    "x-amz-decoded-content-length",
    "x-amz-expected-bucket-owner",
    "x-amz-meta-*",
)

#: Methods allowed cross-origin.
ALLOWED_METHODS = ("GET", "PUT", "POST", "HEAD", "DELETE")

#: Response headers a page may read (Access-Control-Expose-Headers).
EXPOSED_HEADERS = (
    "x-amzn-errortype",
    "x-amzn-requestid",
    "date",
    "etag",
    "x-amz-request-id",
    # S3 objects and multipart uploads; DynamoDB's checksum of the reply.
    "x-amz-id-2",
    "x-amz-version-id",
    "x-amz-delete-marker",
    "x-amz-expiration",
    "x-amz-mp-parts-count",
    "x-amz-server-side-encryption",
    "x-amz-checksum-crc32",
    "x-amz-checksum-crc32c",
    "x-amz-checksum-crc64nvme",
    "x-amz-checksum-sha1",
    "x-amz-checksum-sha256",
    "x-amz-checksum-type",
    "content-length",
    "content-range",
    "content-type",
    "content-disposition",
    "content-encoding",
    "last-modified",
    "accept-ranges",
    "x-amz-crc32",
    # The user metadata the tests read back (getObject, headObject): like S3, the
    # stack exposes an x-amz-meta-* header only when the rule names it.
    "x-amz-meta-owner",
)


def header_allowed(name: str) -> bool:
    """Whether a browser may send request header `name` (lower-case): one of
    ALLOWED_HEADERS, where an entry ending in `*` allows every name it starts (as in an
    S3 CORS rule's AllowedHeader)."""
    return any(
        name.startswith(allowed[:-1]) if allowed.endswith("*") else name == allowed
        for allowed in ALLOWED_HEADERS
    )


def allowed_origins(extra: list[str] | None = None) -> list[str]:
    """The default origins plus those from STACK_ALLOWED_ORIGINS and `extra`."""
    origins = list(DEFAULT_ORIGINS)
    from_env = os.environ.get(ORIGINS_ENV, "")
    for origin in [o.strip() for o in from_env.split(",")] + list(extra or []):
        origin = origin.rstrip("/")
        if origin and origin not in origins:
            origins.append(origin)
    return origins
