"""Writes the seed corpora of the fuzz targets (scripts/fuzz) from the
repository's own fixtures: the S3 XML fixtures, the SigV4 and SRP vectors,
and the JSON replies and tokens the Rust tests build (raw string literals in
crate/src and crate/tests). Usage: fuzz-seeds.py REPO_ROOT OUT_DIR.
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

for target, items in seeds.items():
    folder = out / target
    folder.mkdir(parents=True, exist_ok=True)
    for data in items:
        (folder / hashlib.sha1(data).hexdigest()).write_bytes(data)
print(" ".join(f"{t}:{len(v)}" for t, v in sorted(seeds.items())))
