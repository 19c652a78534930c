"""The stack's server-side SigV4 canonicalisation against the AWS signing test suite
(tests/vectors/sigv4): if the verifier built canonical requests differently from
AWS, the end-to-end signature tests would prove nothing."""

import hashlib
import json
from pathlib import Path

import pytest

from patches import sigv4

# The AWS signing test suite, copied into the repository (tests/vectors/README.md).
VECTORS = Path(__file__).resolve().parents[1] / "vectors" / "sigv4"


def _cases():
    if not VECTORS.is_dir():
        return []
    return sorted(p.name for p in VECTORS.iterdir() if (p / "request.txt").is_file())


def _parse_request(raw: bytes):
    head, _, body = raw.partition(b"\n\n")
    lines = head.split(b"\n")
    # "GET /example space/ HTTP/1.1": the target may itself hold spaces.
    method, _, rest = lines[0].partition(b" ")
    target = rest.rsplit(b" ", 1)[0]
    headers: list[list] = []
    for line in lines[1:]:
        if line[:1] in (b" ", b"\t") and headers:
            headers[-1][1] += " " + line.decode().strip()
            continue
        name, _, value = line.partition(b":")
        headers.append([name.decode().lower(), value.decode()])
    return method.decode(), target, headers, body


@pytest.mark.parametrize("case", _cases())
def test_canonical_request_and_signature_match_aws_suite(case):
    directory = VECTORS / case
    context = json.loads((directory / "context.json").read_text())
    expected_canonical = (directory / "header-canonical-request.txt").read_text()
    expected_signature = (directory / "header-signature.txt").read_text().strip()

    method, target, headers, body = _parse_request((directory / "request.txt").read_bytes())
    raw_path, _, raw_query = target.partition(b"?")
    # The expected canonical request names the signed headers on its second-last line.
    signed_headers = expected_canonical.split("\n")[-2].split(";")
    timestamp = context["timestamp"].replace("-", "").replace(":", "")
    amz_date = timestamp  # 20150830T123600Z
    header_map: dict[str, list[str]] = {}
    for name, value in headers:
        header_map.setdefault(name, []).append(value)
    header_map.setdefault("x-amz-date", [amz_date])
    creds = context["credentials"]
    if "token" in creds and not context.get("omit_session_token"):
        header_map.setdefault("x-amz-security-token", [creds["token"]])
    payload_hash = hashlib.sha256(body).hexdigest()
    if context.get("sign_body"):
        header_map.setdefault("x-amz-content-sha256", [payload_hash])

    canonical = sigv4.canonical_request(
        method,
        raw_path,
        raw_query,
        header_map,
        signed_headers,
        payload_hash,
        s3=not context["normalize"],
    )
    assert canonical == expected_canonical

    scope = f"{amz_date[:8]}/{context['region']}/{context['service']}/aws4_request"
    to_sign = sigv4.string_to_sign(amz_date, scope, canonical)
    assert to_sign == (directory / "header-string-to-sign.txt").read_text()
    assert (
        sigv4.signature(
            creds["secret_access_key"], amz_date[:8], context["region"], context["service"], to_sign
        )
        == expected_signature
    )


def test_vectors_are_present():
    assert len(_cases()) >= 30, f"SigV4 vectors not found under {VECTORS}"


def test_s3_path_is_decoded_and_reencoded_once():
    assert sigv4.canonical_uri(b"/demo-bucket/a%20b/c%2bd", s3=True) == "/demo-bucket/a%20b/c%2Bd"
    assert sigv4.canonical_uri(b"/demo-bucket/a%2Fb", s3=True) == "/demo-bucket/a%2Fb"
    assert sigv4.canonical_uri(b"/b/%7E~", s3=True) == "/b/~~"


def test_query_is_sorted_and_reencoded():
    assert (
        sigv4.canonical_query(b"prefix=a%20b%2F&list-type=2&delimiter=%2f")
        == "delimiter=%2F&list-type=2&prefix=a%20b%2F"
    )
    assert sigv4.canonical_query(b"uploads") == "uploads="


def test_parse_authorization_rejects_malformed_headers():
    ok = sigv4.parse_authorization(
        "AWS4-HMAC-SHA256 Credential=AKID/20200101/eu-west-1/s3/aws4_request, "
        "SignedHeaders=host;x-amz-date, Signature=" + "a" * 64
    )
    assert ok.region == "eu-west-1" and ok.signed_headers == ["host", "x-amz-date"]
    for bad in (
        "AWS AKID:sig",
        "AWS4-HMAC-SHA256 Credential=AKID/20200101/eu-west-1/s3, SignedHeaders=host, Signature="
        + "a" * 64,
        "AWS4-HMAC-SHA256 Credential=AKID/20200101/eu-west-1/s3/aws4_request, Signature="
        + "a" * 64,
        "AWS4-HMAC-SHA256 Credential=AKID/20200101/eu-west-1/s3/aws4_request, SignedHeaders=Host, "
        "Signature=" + "a" * 64,
        "AWS4-HMAC-SHA256 Credential=AKID/20200101/eu-west-1/s3/aws4_request, SignedHeaders=host, "
        "Signature=xyz",
    ):
        with pytest.raises(sigv4.MalformedAuthorization):
            sigv4.parse_authorization(bad)
