"""SigV4 differential test: the library's Rust signer against botocore.

Generates requests with a fixed seed across s3, execute-api, dynamodb, lambda
and sts, in header and presigned form, with tricky paths (spaces, UTF-8,
`+ = ~ %`, `%2F`, `//`, `.`/`..` segments, trailing slashes), queries (repeated
keys, keys without values, empty values, case and sort traps), headers (mixed
case, runs of spaces, repeated names, names the browser controls) and with and
without a session token. Each request is signed by the Rust signer
(`cargo run --example sigv4_sign`, no server needed) and by botocore given the
request a browser sends from the signer's result:

- the URL the signer returns, except that for services other than S3 the path
  is the caller's path with `.`/`..` segments resolved as fetch resolves them
  (the signer sends the caller's path; fetch resolves them before sending);
- the caller's headers merged as a browser's `Headers` merges a repeated name
  (values trimmed, joined by `, `), without those the browser controls, which
  the signer never signs (botocore signs most of them);
- botocore's timestamp fixed to the signing time.

Every case must give botocore's Authorization header (header form) or
presigned URL parameters (query form), or be refused for a documented reason:
an S3 path with a `.`/`..` segment (fetch would remove it before sending).

Not generated, with the reason: lower-case methods other than fetch's six
(botocore upper-cases every method, fetch sends them as given:
crate/tests/sigv4_rules.rs covers them); repeated query keys and bodies in the
presigned form (botocore's query signer keeps only the first value of a key
and moves a body into the query); an `x-amz-content-sha256` header of the
caller's (botocore's S3 signer replaces it).
"""

import datetime
import json
import os
import random
import shutil
import subprocess
from collections import Counter
from pathlib import Path
from unittest import mock
from urllib.parse import parse_qsl, quote, unquote, urlsplit

import botocore.auth
from botocore.auth import S3SigV4Auth, S3SigV4QueryAuth, SigV4Auth, SigV4QueryAuth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

ROOT = Path(__file__).resolve().parents[2]
SEED = 20150830
CASES = 2400

# The signer's list of headers it never signs (crate/src/sigv4/canonical.rs);
# names starting with proxy- or sec- count too.
UNSIGNABLE = {
    "accept-charset", "accept-encoding", "access-control-request-headers",
    "access-control-request-method", "cache-control", "connection", "content-length",
    "cookie", "cookie2", "date", "dnt", "expect", "from", "keep-alive", "max-forwards",
    "origin", "pragma", "referer", "set-cookie", "te", "trailer", "transfer-encoding",
    "upgrade", "user-agent", "via", "x-amzn-trace-id",
}
ADDED = {"x-amz-date", "authorization", "x-amz-security-token", "x-amz-content-sha256"}
S3_FAMILY = {"s3", "s3-object-lambda", "s3-outposts", "s3express"}

HOSTS = {
    "s3": [
        ("bucket.s3.us-east-1.amazonaws.com", "us-east-1"),
        ("s3.eu-west-1.amazonaws.com", "eu-west-1"),
        ("My-Bucket.S3.us-west-2.amazonaws.com:8443", "us-west-2"),
    ],
    "execute-api": [("abc123.execute-api.us-east-1.amazonaws.com", "us-east-1")],
    "dynamodb": [("dynamodb.eu-central-1.amazonaws.com:443", "eu-central-1")],
    "lambda": [("lambda.ap-south-1.amazonaws.com", "ap-south-1")],
    "sts": [("sts.amazonaws.com", "us-east-1")],
}
SEGMENTS = [
    "a", "Folder", "x-y_z.~", "with%20space", "%E2%82%AC", "caf%C3%A9", "a+b", "k=v",
    "~tilde", "%25", "%2F", "%2f", "a%2Fb", "", "", ".", "..", "%2e", "%2E%2e",
    "!$&'()*,;:@", "%41", "%7E", "%20lead", "..x", ".hidden",
]
QUERY_KEYS = ["a", "A", "b", "B", "Z", "list-type", "prefix", "x-id", "%41", "a%20b",
              "k+", "%E2%82%AC", "k~", "%7e", "a.b"]
QUERY_VALUES = ["", "1", "2", "10", "a%2Fb", "a/b", "a%20b", "+", "%2B", "~", "%7e", "=",
                "x=y", "%E2%82%AC", "%2a", "%c3%a9"]
HEADER_NAMES = ["Content-Type", "content-type", "X-Amz-Meta-Note", "x-amz-meta-note",
                "X-Custom", "x-CUSTOM", "x-amz-target", "User-Agent", "Content-Length",
                "Date", "Accept-Encoding", "Expect", "X-Amzn-Trace-Id", "Cache-Control",
                "Connection", "Sec-Fetch-Mode", "X-Empty"]
HEADER_VALUES = ["text/plain", " padded ", "a   b\tc", "v1", '"quoted   value"', "",
                 "application/x-amz-json-1.0", "0", "gzip, br", "x" * 70,
                 "Root=1-5759e988-bd862e3fe1be46a994272793"]
BODIES = ["", "", "{}", '{"TableName":"t"}', "caf\u00e9 \u20ac", "Action=GetCallerIdentity"]


def _cargo() -> str:
    cargo = shutil.which("cargo") or str(Path.home() / ".cargo" / "bin" / "cargo")
    assert Path(cargo).exists(), "cargo is needed to build the signer example"
    return cargo


def _dot(segment: str) -> int:
    """1 for a segment the URL standard reads as `.`, 2 for `..`, else 0."""
    s = segment.lower().replace("%2e", ".")
    return {".": 1, "..": 2}.get(s, 0)


def _fetch_path(path: str) -> str:
    """The path fetch sends: dot segments resolved (URL standard)."""
    segments = path[1:].split("/")
    out: list[str] = []
    for i, segment in enumerate(segments):
        kind = _dot(segment)
        if kind == 0:
            out.append(segment)
            continue
        if kind == 2 and out:
            out.pop()
        if i == len(segments) - 1:
            out.append("")
    return "/" + "/".join(out)


def _canonical_query(query: str) -> str:
    pairs = []
    for part in query.split("&"):
        if not part:
            continue
        key, _, value = part.partition("=")
        pairs.append((quote(unquote(key), safe="-_.~"), quote(unquote(value), safe="-_.~")))
    return "&".join(f"{k}={v}" for k, v in sorted(pairs))


def _generate(rng: random.Random, index: int) -> dict:
    service = ["s3", "execute-api", "dynamodb", "lambda", "sts"][index % 5]
    presign = index % 3 == 2
    host, region = rng.choice(HOSTS[service])
    segments = [rng.choice(SEGMENTS) for _ in range(rng.randint(1, 5))]
    path = "/" + "/".join(segments) + ("/" if rng.random() < 0.3 else "")
    keys = rng.sample(QUERY_KEYS, rng.randint(0, 4))
    if presign:
        # One value per decoded key (`%41` is `A`): see the module's comment.
        unique: dict[str, str] = {}
        for key in keys:
            unique.setdefault(unquote(key), key)
        keys = list(unique.values())
    elif keys and rng.random() < 0.4:
        keys.append(rng.choice(keys))  # a repeated key
    parts = []
    for key in keys:
        shape = rng.random()
        if shape < 0.15:
            parts.append(key)
        else:
            parts.append(f"{key}={rng.choice(QUERY_VALUES)}")
    url = f"https://{host}{path}" + (("?" + "&".join(parts)) if parts else "")
    headers = [[rng.choice(HEADER_NAMES), rng.choice(HEADER_VALUES)]
               for _ in range(rng.randint(0, 5))]
    if presign:
        method = rng.choice(["GET", "get", "PUT", "HEAD", "DELETE"])
        body = ""
    else:
        method = rng.choice(["GET", "get", "POST", "post", "PUT", "DELETE", "HEAD", "PATCH",
                             "OPTIONS"])
        body = rng.choice(BODIES)
    token = None
    if rng.random() < 0.5:
        token = "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=")
                        for _ in range(rng.randint(20, 700)))
    secret = "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
                     for _ in range(40))
    seconds = rng.randint(1_420_070_400, 2_051_222_400)  # 2015 … 2035
    return {
        "method": method, "url": url, "headers": headers, "body": body,
        "service": service, "region": region,
        "access_key_id": "AKIA" + "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
                                          for _ in range(16)),
        "secret_access_key": secret, "session_token": token,
        "time_ms": seconds * 1000,
        "presign": rng.randint(1, 604_800) if presign else None,
    }


def _rust_sign(cases: list[dict]) -> list[dict]:
    env = dict(os.environ)
    run = subprocess.run(
        [_cargo(), "run", "-q", "--locked", "-p", "cognito-wasm", "--example", "sigv4_sign"],
        input="\n".join(json.dumps(c) for c in cases) + "\n",
        capture_output=True, text=True, cwd=ROOT, env=env, check=False,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    replies = [json.loads(line) for line in run.stdout.splitlines() if line.strip()]
    assert len(replies) == len(cases)
    return replies


def _signable(name: str) -> bool:
    n = name.lower()
    return not (n in UNSIGNABLE or n in ADDED or n == "host"
                or n.startswith("proxy-") or n.startswith("sec-"))


def _botocore_request(case: dict, reply: dict) -> AWSRequest:
    """The request a browser sends from the signer's result, unsigned."""
    sent = urlsplit(reply["url"])
    given = urlsplit(case["url"])
    if case["service"] in S3_FAMILY:
        path = sent.path
    else:
        path = _fetch_path(given.path or "/")
    if case["presign"] is None:
        query = sent.query
    else:
        query = _canonical_query(given.query)
    url = f"{sent.scheme}://{sent.netloc}{path}" + (f"?{query}" if query else "")
    headers: dict[str, str] = {}
    for name, value in case["headers"]:
        if not _signable(name):
            continue
        value = value.strip(" \t\r\n")
        name = name.lower()
        headers[name] = f"{headers[name]}, {value}" if name in headers else value
    return AWSRequest(method=reply["method"], url=url, headers=headers,
                      data=case["body"].encode())


def _botocore_sign(case: dict, request: AWSRequest) -> AWSRequest:
    credentials = Credentials(case["access_key_id"], case["secret_access_key"],
                              case["session_token"])
    s3 = case["service"] in S3_FAMILY
    if case["presign"] is None:
        auth_class = S3SigV4Auth if s3 else SigV4Auth
        auth = auth_class(credentials, case["service"], case["region"])
    else:
        auth_class = S3SigV4QueryAuth if s3 else SigV4QueryAuth
        auth = auth_class(credentials, case["service"], case["region"], expires=case["presign"])
    when = datetime.datetime.fromtimestamp(case["time_ms"] / 1000, datetime.timezone.utc)
    with mock.patch.object(botocore.auth, "get_current_datetime", lambda: when.replace(tzinfo=None)):
        auth.add_auth(request)
    return request


def _refusal_reason(case: dict, reply: dict) -> str | None:
    """The documented reason the signer refuses `case`, if it should."""
    path = urlsplit(case["url"]).path
    if case["service"] in S3_FAMILY and any(_dot(s) for s in path[1:].split("/")):
        return "S3 path with a '.' or '..' segment"
    return None


def test_rust_signer_matches_botocore(capsys):
    rng = random.Random(SEED)
    cases = [_generate(rng, i) for i in range(CASES)]
    replies = _rust_sign(cases)
    counts: Counter = Counter()
    failures = []
    for index, (case, reply) in enumerate(zip(cases, replies)):
        form = "header" if case["presign"] is None else "presigned"
        reason = _refusal_reason(case, reply)
        if reason is not None:
            if reply["ok"] or reply["name"] != "InvalidParameterException" or "'..'" not in reply["message"]:
                failures.append((index, "expected a refusal", case, reply))
            counts[(case["service"], form, "refused")] += 1
            continue
        if not reply["ok"]:
            failures.append((index, "refused without a documented reason", case, reply))
            continue
        request = _botocore_sign(case, _botocore_request(case, reply))
        if case["presign"] is None:
            ours = dict((n.lower(), v) for n, v in reply["headers"])
            theirs = {n.lower(): v for n, v in request.headers.items()}
            same = ours["authorization"] == theirs["authorization"]
            if case["service"] in S3_FAMILY:
                same = same and ours["x-amz-content-sha256"] == theirs["x-amz-content-sha256"]
        else:
            ours_q = dict(parse_qsl(urlsplit(reply["url"]).query, keep_blank_values=True))
            theirs_q = dict(parse_qsl(urlsplit(request.url).query, keep_blank_values=True))
            same = ours_q == theirs_q
        if case["service"] in S3_FAMILY:
            # The key S3 reads is the caller's.
            same = same and unquote(urlsplit(reply["url"]).path) == unquote(urlsplit(case["url"]).path)
        else:
            same = same and urlsplit(reply["url"]).path == urlsplit(case["url"]).path
        if same:
            counts[(case["service"], form, "matched")] += 1
        else:
            failures.append((index, "differs from botocore", case,
                             {"ours": reply, "botocore_url": request.url,
                              "botocore_headers": dict(request.headers)}))
    with capsys.disabled():
        print(f"\nSigV4 differential against botocore, seed {SEED}, {CASES} requests:")
        for service in HOSTS:
            row = ", ".join(f"{form} {what} {counts[(service, form, what)]}"
                            for form in ("header", "presigned") for what in ("matched", "refused"))
            print(f"  {service:12} {row}")
        matched = sum(v for k, v in counts.items() if k[2] == "matched")
        refused = sum(v for k, v in counts.items() if k[2] == "refused")
        print(f"  total: matched {matched}, refused {refused}, failed {len(failures)}")
    assert not failures, json.dumps(failures[:3], indent=1, default=str)[:6000]
    assert sum(counts.values()) == CASES
    for service in HOSTS:
        for form in ("header", "presigned"):
            assert counts[(service, form, "matched")] > 50, (service, form)
