"""Writes the seed corpora of the fuzz targets (scripts/fuzz) from the
repository's own fixtures: the S3 XML fixtures, the SigV4 and SRP vectors,
the JSON replies and tokens the Rust tests build (raw string literals in
crate/src and crate/tests), and the replies and inputs of the S3 object and
DynamoDB tests. Usage: fuzz-seeds.py REPO_ROOT OUT_DIR.
"""

import base64
import hashlib
import json
import re
import struct
import sys
from datetime import datetime, timezone
from pathlib import Path

root, out = Path(sys.argv[1]), Path(sys.argv[2])
seeds: dict[str, set[bytes]] = {}


def add(target: str, data: bytes | str) -> None:
    seeds.setdefault(target, set()).add(data.encode() if isinstance(data, str) else data)


def reply(status: int, body: str, headers: tuple[str, ...] = ()) -> str:
    """The reply format of crate/fuzz/src/lib.rs (`response`)."""
    return "\n".join([str(status), *headers]) + "\n\n" + body


def b64url(data: str) -> str:
    return base64.urlsafe_b64encode(data.encode()).decode().rstrip("=")


# S3 XML fixtures: listings and error bodies.
for path in sorted((root / "crate/tests/fixtures/s3").glob("*.xml")):
    text = path.read_text(encoding="utf-8")
    add("xml", text)
    add("s3_list", text)
    is_error = "<Error>" in text or "<ErrorResponse" in text
    for status in ((403, 404, 503, 400) if is_error else (200,)):
        add("s3_error", reply(status, text, ("x-amz-request-id:4442587FB7D0A2F9",)))
    for stamp in re.findall(r"\d{4}-\d\d-\d\dT[0-9:.]+Z", text):
        add("dates", stamp)

# JSON written in the Rust tests (r#"…"# literals), and the vectors' JSON.
literals: list[str] = []
for path in sorted((root / "crate").rglob("*.rs")):
    if path.relative_to(root).parts[:2] == ("crate", "fuzz") or "target" in path.relative_to(root).parts:
        continue
    literals += re.findall(r'r#"(.*?)"#', path.read_text(encoding="utf-8"), re.S)
for path in sorted((root / "tests/vectors").rglob("*.json")):
    literals.append(path.read_text(encoding="utf-8"))
objects = []
JWT_HEADER = b64url('{"alg":"RS256","kid":"k"}')
for text in literals:
    try:
        value = json.loads(text)
    except ValueError:
        if text.lstrip().startswith("<"):
            add("xml", text)
        continue
    add("json", text)
    if isinstance(value, dict):
        objects.append(text)
for text in objects:
    value = json.loads(text)
    error_type = value.get("__type") or value.get("code")
    if isinstance(error_type, str):
        for target in ("aws_json", "idp_reply", "identity_reply"):
            add(target, reply(400, text, (f"x-amzn-ErrorType:{error_type}",)))
        continue
    keys = set(value)
    if keys & {"AuthenticationResult", "ChallengeName", "ChallengeParameters"}:
        add("idp_reply", reply(200, text))
    if keys & {"IdentityId", "Credentials"}:
        add("identity_reply", reply(200, text))
    if keys & {"sub", "exp", "iss", "token_use", "cognito:username", "aud"}:
        add("jwt", f"{JWT_HEADER}.{b64url(text)}.c2ln")
    add("aws_json", reply(200, text))
add("aws_json", reply(500, "<html><body>Bad Gateway</body></html>", ("content-type:text/html",)))
add("identity_reply", reply(200, "", ()))
add("jwt", "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1LTEiLCJleHAiOjE3MDAwMDAwMDB9.c2ln")

# SigV4 vectors: context.json + request.txt in the signer's input format.
for case in sorted(p for p in (root / "tests/vectors/sigv4").iterdir() if p.is_dir()):
    context = json.loads((case / "context.json").read_text(encoding="utf-8"))
    raw = (case / "request.txt").read_text(encoding="utf-8")
    head, _, body = raw.partition("\n\n")
    request_line, *header_lines = head.split("\n")
    method, target = request_line.split(" ")[0], " ".join(request_line.split(" ")[1:-1])
    host = next((h.split(":", 1)[1] for h in header_lines if h.lower().startswith("host:")), "")
    when = datetime.strptime(context["timestamp"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)
    add("dates", when.strftime("%Y%m%dT%H%M%SZ"))
    add("dates", when.strftime("%a, %d %b %Y %H:%M:%S GMT"))
    add("dates", struct.pack("<d", when.timestamp() * 1000))
    flags = (
        (1 if context.get("normalize") else 0)
        | (2 if context.get("sign_body") else 0)
        | (8 if context.get("omit_session_token") else 0)
        | (16 if context["credentials"].get("session_token") else 0)
    )
    for service in (context["service"], "s3", "execute-api"):
        line = f"{service} {context['region']} {flags} {context['expiration_in_seconds']} {int(when.timestamp() * 1000)}"
        text = "\n".join([line, f"{method} https://{host}{target}", *header_lines]) + "\n\n" + body
        add("sigv4_sign", text)
        add("sigv4_presign", text)

# Configurations like the tests' (one setting a line; `~`: absent).
pool_ids = set()
client_ids = set()
for text in literals + [p.read_text(encoding="utf-8") for p in sorted((root / "crate/tests").glob("*.rs"))]:
    pool_ids.update(re.findall(r"\b[a-z]{2}(?:-[a-z]+)+-\d_[A-Za-z0-9]+\b", text))
    client_ids.update(re.findall(r"\b[a-z]{2}(?:-[a-z]+)+-\d:[0-9a-f-]{36}\b", text))
identity_pool = sorted(client_ids)[0] if client_ids else "us-east-1:00000000-0000-0000-0000-000000000000"
for pool in sorted(pool_ids)[:20] or ["us-east-1_abc"]:
    region = pool.split("_")[0]
    add("config", "\n".join([pool, "client1", "~", "~", "~", "USER_SRP_AUTH", "~", "~", "memory", "~", "alice", "Passw0rd!"]))
    add("config", "\n".join([pool, "client1", identity_pool, region, "s3cr3t", "USER_PASSWORD_AUTH",
                             "http://127.0.0.1:4599/", "http://127.0.0.1:4599/", "local", "60", "bob", "pw"]))

# The data features' replies and inputs, from their native tests.
RUST_STRING = r'"((?:[^"\\]|\\.)*)"'


def unescape(body: str) -> str:
    """The value of a Rust (non-raw) string literal's body."""
    simple = {"n": "\n", "r": "\r", "t": "\t", "0": "\0", "\\": "\\", '"': '"', "'": "'"}

    def one(m: re.Match) -> str:
        e = m.group(1)
        if e[0] == "\n":
            return ""  # a line continuation eats the next line's indent
        if e.startswith("u{"):
            return chr(int(e[2:-1], 16))
        return simple.get(e, e)

    return re.sub(r"\\(\n\s*|u\{[0-9a-fA-F]+\}|.)", one, body)


def test_source(name: str) -> str:
    return (root / "crate/tests" / name).read_text(encoding="utf-8")


s3_tests = test_source("s3_objects.rs") + test_source("s3_multipart.rs")

# S3 object replies: every reply(status, [headers,] body) the tests build,
# and the S3 error fixtures as object errors.
for status, head, body in re.findall(r"reply\(\s*(\d{3}),\s*(?:&\[(.*?)\],\s*)?" + RUST_STRING, s3_tests, re.S):
    headers = tuple(f"{unescape(n)}:{unescape(v)}"
                    for n, v in re.findall(r"\(\s*" + RUST_STRING + r",\s*" + RUST_STRING + r"\s*\)", head or ""))
    add("s3_objects", reply(int(status), unescape(body), headers))
for path in sorted((root / "crate/tests/fixtures/s3").glob("*.xml")):
    text = path.read_text(encoding="utf-8")
    if "<Error>" in text:
        add("s3_objects", reply(404, text, ("x-amz-request-id:4442587FB7D0A2F9",)))
        add("s3_objects", reply(200, text))

# S3 object requests (format in crate/fuzz/fuzz_targets/s3_object_requests.rs):
# the buckets, keys, ranges, content types, metadata, upload ids and ETags
# of the tests, and the keys of the S3 fixtures.
keys = sorted({unescape(k) for k in re.findall(r"local\(" + RUST_STRING + r"\)", s3_tests)})
for path in sorted((root / "crate/tests/fixtures/s3").glob("*.xml")):
    keys += sorted(set(re.findall(r"<Key>([^<]*)</Key>", path.read_text(encoding="utf-8"))) - set(keys))
keys = [k for k in keys if k and "\n" not in k]  # one a line, none blank (the head ends at a blank line)
buckets = sorted(set(re.findall(r"bucket: " + RUST_STRING, s3_tests))) or ["demo-bucket"]
regions = sorted(set(re.findall(r"region: " + RUST_STRING, s3_tests))) or ["us-east-1"]
endpoints = sorted(set(re.findall(r"endpoint: Some\(" + RUST_STRING, s3_tests)))
ranges = sorted({unescape(r) for r in re.findall(r'Some\("(bytes=[^"]*)"\)', s3_tests)})
content_types = sorted({unescape(c) for c in re.findall(r"content_type: Some\(" + RUST_STRING, s3_tests)})
metadata = [f"{unescape(n)}:{unescape(v)}"
            for n, v in re.findall(r"\(" + RUST_STRING + r"\.into\(\),\s*" + RUST_STRING + r"\.into\(\)\)", s3_tests)]
upload_ids = sorted({unescape(u) for _, u in re.findall(
    r"(?:upload_part|abort_multipart_upload|complete_multipart_upload)_request\(&local\(" + RUST_STRING + r"\),\s*" + RUST_STRING,
    s3_tests)} - {""}) or ["u1"]
etags = [unescape(e) for e in re.findall(r"\(\d+,\s*" + RUST_STRING + r"\.to_string\(\)\)", s3_tests)]
for i, key in enumerate(keys):
    pick = lambda items, default="~": items[i % len(items)] if items else default  # noqa: E731
    head = [pick(buckets), pick(regions), key, pick(endpoints) if i % 2 else "~",
            pick(ranges) if i % 3 else "~", pick(content_types), pick(buckets), keys[i - 1],
            pick(upload_ids), f"{i % 8} {60 * (i + 1)}", *metadata[i % 3:i % 3 + 2]]
    head = [h.replace("\n", "") for h in head]  # one setting a line
    batch = keys[i:i + 4] if i % 2 else [f"{n + 1} {e}" for n, e in enumerate(etags[i % 2:] or ['"e"'])]
    add("s3_object_requests", "\n".join(head) + "\n\n" + "\n".join(batch))

# Multipart plans: the (total, part size) pairs and part numbers of the tests,
# little-endian u64, u64, u32.
consts: dict[str, int] = {}
for source in ("crate/src/s3/multipart.rs", "crate/tests/s3_multipart.rs"):
    for name, expr in re.findall(r"const (\w+): u64 = ([^;]+);", (root / source).read_text(encoding="utf-8")):
        consts[name] = eval(expr, {}, dict(consts))  # noqa: S307 (integer constants of the repository)


def u64(expr: str) -> int | None:
    try:
        value = eval(expr, {}, dict(consts))  # noqa: S307
    except Exception:  # noqa: BLE001 (a variable, not a constant)
        return None
    return value if isinstance(value, int) and 0 <= value < 2**64 else None


plans = [(u64(a), u64(b)) for a, b in re.findall(r"plan_parts\(([^,()]+),\s*([^()]+)\)", s3_tests)]
for listed in re.findall(r"for total in \[([^\]]*)\]", s3_tests):
    plans += [(u64(t), consts.get("PART_SIZE", 8 << 20)) for t in listed.split(",")]
part_numbers = [int(n.replace("_", "")) for n in re.findall(r"upload_part_request\([^;]*?,\s*([\d_]+)\)", s3_tests)] or [1]
for i, (total, preferred) in enumerate(p for p in plans if None not in p):
    add("multipart_plan", struct.pack("<QQI", total, preferred, part_numbers[i % len(part_numbers)] % 2**32))

# DynamoDB: the JSON the DynamoDB tests write, as replies (errors by their
# __type) and as a user's options (top-level names camelCase, as a page
# gives them).
dynamo_texts: list[str] = []
for path in [*sorted((root / "crate/tests").glob("dynamodb_*.rs")), *sorted((root / "crate/src/dynamodb").glob("*.rs"))]:
    dynamo_texts += re.findall(r'r#"(.*?)"#', path.read_text(encoding="utf-8"), re.S)
for text in dynamo_texts:
    try:
        value = json.loads(text)
    except ValueError:
        continue
    error_type = value.get("__type") if isinstance(value, dict) else None
    if isinstance(error_type, str):
        add("dynamodb_reply", reply(400, text, (f"x-amzn-ErrorType:{error_type.split('#')[-1]}",)))
        continue
    add("dynamodb_reply", reply(200, text))
    add("dynamodb_request", text)
    if isinstance(value, dict):
        add("dynamodb_request", json.dumps({k[:1].lower() + k[1:]: v for k, v in value.items()}))
add("dynamodb_reply", reply(429, '{"__type":"ThrottlingException"}'))

# DynamoDB calls over scripted replies (crate/fuzz/fuzz_targets/dynamodb_pages.rs):
# the reply sequences of crate/tests/dynamodb_calls.rs, one test each.
calls = test_source("dynamodb_calls.rs")
named = dict(re.findall(r'let (\w+) = r#"(.*?)"#;', calls, re.S))
for test in calls.split("#[test]")[1:]:
    script = []
    for status, raw, name in re.findall(r'reply\(\s*(\d{3}),\s*(?:r#"(.*?)"#|(\w+))\s*,?\s*\)', test, re.S):
        body = raw or named.get(name, "")
        script.append(reply(int(status), body, ("Content-Type:application/x-amz-json-1.0",
                                                "Date:Thu, 01 Jan 2026 12:00:00 GMT")))
    if script:
        add("dynamodb_pages", "\n---\n".join(script))

for target, items in seeds.items():
    folder = out / target
    folder.mkdir(parents=True, exist_ok=True)
    for data in items:
        (folder / hashlib.sha1(data).hexdigest()).write_bytes(data)
print(" ".join(f"{t}:{len(v)}" for t, v in sorted(seeds.items())))
