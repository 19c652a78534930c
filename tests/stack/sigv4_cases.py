"""The cases of the SigV4 differential test against botocore, and botocore's verdict.

Shared by the Rust signer's half (`test_sigv4_botocore.py`, through
`cargo run --example sigv4_sign`) and the JavaScript API's half
(`tests/e2e/sigv4-botocore.test.mjs`: `signRequest` and `AwsSigner` in
Chromium), which runs this file as a program:

    python sigv4_cases.py generate CASES.json    # the generated cases
    python sigv4_cases.py check CASES.json RESULTS.json
        # RESULTS.json: {"<variant>": [reply or null per case], ...}; prints
        # {"counts": ..., "failures": [...], "report": [lines]} as JSON

The requests are generated with a fixed seed across s3, execute-api, dynamodb,
lambda and sts, in header and presigned form, with tricky paths (spaces, UTF-8,
`+ = ~ %`, `%2F`, `//`, `.`/`..` segments, trailing slashes), queries (repeated
keys, keys without values, empty values, case and sort traps), headers (mixed
case, runs of spaces, repeated names, names the browser controls) and with and
without a session token. Each signer's reply is checked against botocore given
the request a browser sends from it:

- the URL the signer returns, except that for services other than S3 the path
  is the caller's path with `.`/`..` segments resolved as fetch resolves them
  (the signer sends the caller's path; fetch resolves them before sending);
- the method as fetch sends it (the six methods fetch normalises upper-cased,
  any other as given);
- the caller's headers merged as a browser's `Headers` merges a repeated name
  (values trimmed, joined by `, `), without those the browser controls, which
  the signer never signs (botocore signs most of them);
- botocore's timestamp fixed to the signing time.

A reply matches when it gives botocore's Authorization, X-Amz-Date,
X-Amz-Security-Token (and S3's X-Amz-Content-SHA256) headers (header form) or
presigned URL parameters (query form), keeps the caller's path (S3: the same
key once decoded) and query (the same decoded pairs), and returns the caller's
signable headers as the browser will send them. Otherwise the case must be
refused with `InvalidParameterException` for a documented reason: an S3 path
with a `.`/`..` segment (fetch would remove it before sending).

Not generated, with the reason: lower-case methods other than fetch's six
(botocore upper-cases every method, fetch sends them as given:
crate/tests/sigv4_rules.rs covers them); repeated query keys and bodies in the
presigned form (botocore's query signer keeps only the first value of a key
and moves a body into the query); an `x-amz-content-sha256` header of the
caller's (botocore's S3 signer replaces it).
"""

import datetime
import json
import random
import sys
from collections import Counter
from unittest import mock
from urllib.parse import parse_qsl, quote, unquote, urlsplit

import botocore.auth
from botocore.auth import S3SigV4Auth, S3SigV4QueryAuth, SigV4Auth, SigV4QueryAuth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

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
    """Case `index` of the sequence `rng` draws."""
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


def _signable(name: str) -> bool:
    n = name.lower()
    return not (n in UNSIGNABLE or n in ADDED or n == "host"
                or n.startswith("proxy-") or n.startswith("sec-"))


def fetch_method(method: str) -> str:
    """The method fetch sends: its six normalised names upper-cased, others as given."""
    upper = method.upper()
    return upper if upper in {"DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT"} else method


def _browser_headers(pairs) -> dict[str, str]:
    """Header pairs as a browser's `Headers` holds them: names lower-cased, values
    trimmed, a repeated name's values joined by `, `."""
    headers: dict[str, str] = {}
    for name, value in pairs:
        value = value.strip(" \t\r\n")
        name = name.lower()
        headers[name] = f"{headers[name]}, {value}" if name in headers else value
    return headers


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
    headers = _browser_headers((n, v) for n, v in case["headers"] if _signable(n))
    return AWSRequest(method=fetch_method(case["method"]), url=url, headers=headers,
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


def _refusal_reason(case: dict) -> str | None:
    """The documented reason the signer refuses `case`, if it should."""
    path = urlsplit(case["url"]).path
    if case["service"] in S3_FAMILY and any(_dot(s) for s in path[1:].split("/")):
        return "S3 path with a '.' or '..' segment"
    return None




def cases() -> list[dict]:
    """The generated cases: `CASES` requests from `SEED`."""
    rng = random.Random(SEED)
    return [_generate(rng, i) for i in range(CASES)]


def _decoded_query(query: str) -> list[tuple[str, str]]:
    """The query's pairs, percent-decoded (`+` kept), sorted."""
    pairs = []
    for part in query.split("&"):
        if part:
            key, _, value = part.partition("=")
            pairs.append((unquote(key), unquote(value)))
    return sorted(pairs)


def _canonical_value(value: str | None) -> str | None:
    """A header value as SigV4 signs it: trimmed, runs of whitespace as one space."""
    return None if value is None else " ".join(value.split())


def _differences(case: dict, reply: dict, request: AWSRequest) -> list[str]:
    """What in a signer's `reply` differs from botocore's signed `request`."""
    ours = _browser_headers(reply["headers"])
    theirs = {n.lower(): v for n, v in request.headers.items()}
    s3 = case["service"] in S3_FAMILY
    differences = []
    if reply.get("method", fetch_method(case["method"])) != fetch_method(case["method"]):
        differences.append("method")
    if case["presign"] is None:
        names = ["authorization", "x-amz-date"]
        names += ["x-amz-security-token"] if case["session_token"] is not None else []
        names += ["x-amz-content-sha256"] if s3 else []
        differences += [n for n in names if ours.get(n) != theirs.get(n)]
        if case["session_token"] is None and "x-amz-security-token" in ours:
            differences.append("x-amz-security-token")
    else:
        ours_q = dict(parse_qsl(urlsplit(reply["url"]).query, keep_blank_values=True))
        theirs_q = dict(parse_qsl(urlsplit(request.url).query, keep_blank_values=True))
        if ours_q != theirs_q:
            differences.append("presigned query")
    sent, given = urlsplit(reply["url"]), urlsplit(case["url"])
    if s3:
        # The key S3 reads is the caller's.
        if unquote(sent.path) != unquote(given.path):
            differences.append("path")
    elif sent.path != given.path:
        differences.append("path")
    if case["presign"] is None and _decoded_query(sent.query) != _decoded_query(given.query):
        differences.append("query")
    # What the caller is told to send is what was signed (values compared in
    # their canonical form: trimmed, runs of whitespace as one space).
    differences += [f"header {n}" for n, v in theirs.items()
                    if _signable(n) and _canonical_value(ours.get(n)) != _canonical_value(v)]
    return differences


def check(case: dict, reply: dict) -> tuple[str, str]:
    """Botocore's verdict on a signer's `reply` to `case`: `("matched", "")`,
    `("refused", reason)` or `("failed", what differs)`.

    `reply` is `{"ok": true, "url", "headers": [[name, value], …], "method"?}`
    or `{"ok": false, "name", "message", "retryable"?, "is_cognito_error"?}`.
    """
    reason = _refusal_reason(case)
    if reason is not None:
        refused = (not reply["ok"] and reply["name"] == "InvalidParameterException"
                   and "'..'" in reply["message"] and reply.get("retryable", False) is False
                   and reply.get("is_cognito_error", True) is True)
        return ("refused", reason) if refused else ("failed", f"expected a refusal: {reason}")
    if not reply["ok"]:
        return "failed", f"refused without a documented reason: {reply['name']}: {reply['message']}"
    request = _botocore_sign(case, _botocore_request(case, reply))
    differences = _differences(case, reply, request)
    if differences:
        return "failed", "differs from botocore: " + ", ".join(differences)
    return "matched", ""


def form(case: dict) -> str:
    """`header` or `presigned`."""
    return "header" if case["presign"] is None else "presigned"


def report(counts: Counter, failed: int, title: str) -> list[str]:
    """Lines of counts by service and form; `counts` is keyed by (service, form, verdict)."""
    lines = [title]
    for service in HOSTS:
        row = ", ".join(f"{f} {what} {counts[(service, f, what)]}"
                        for f in ("header", "presigned") for what in ("matched", "refused"))
        lines.append(f"  {service:12} {row}")
    matched = sum(v for k, v in counts.items() if k[2] == "matched")
    refused = sum(v for k, v in counts.items() if k[2] == "refused")
    lines.append(f"  total: matched {matched}, refused {refused}, failed {failed}")
    return lines


def _check_results(cases_path: str, results_path: str) -> dict:
    """The verdicts on the replies of each variant in `results_path` (a reply
    of `null`: the variant does not apply to that case)."""
    with open(cases_path, encoding="utf-8") as f:
        generated = json.load(f)["cases"]
    with open(results_path, encoding="utf-8") as f:
        results = json.load(f)
    out: dict = {"variants": {}, "failures": [], "report": []}
    for variant, replies in results.items():
        if len(replies) != len(generated):
            raise SystemExit(f"{variant}: {len(replies)} replies for {len(generated)} cases")
        counts: Counter = Counter()
        failed = 0
        for index, (case, reply) in enumerate(zip(generated, replies)):
            if reply is None:
                continue
            verdict, detail = check(case, reply)
            if verdict == "failed":
                failed += 1
                if len(out["failures"]) < 5:
                    out["failures"].append({"variant": variant, "index": index, "why": detail,
                                            "case": case, "reply": reply})
            else:
                counts[(case["service"], form(case), verdict)] += 1
        out["variants"][variant] = {
            "matched": sum(v for k, v in counts.items() if k[2] == "matched"),
            "refused": sum(v for k, v in counts.items() if k[2] == "refused"),
            "failed": failed,
            "by": {"/".join(k): v for k, v in sorted(counts.items())},
        }
        out["report"] += report(counts, failed, f"{variant}:")
    return out


def main(argv: list[str]) -> int:
    """`generate CASES.json` or `check CASES.json RESULTS.json` (see the module's comment)."""
    if len(argv) == 2 and argv[0] == "generate":
        with open(argv[1], "w", encoding="utf-8") as f:
            json.dump({"seed": SEED, "cases": cases()}, f)
        return 0
    if len(argv) == 3 and argv[0] == "check":
        json.dump(_check_results(argv[1], argv[2]), sys.stdout)
        return 0
    print(main.__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
