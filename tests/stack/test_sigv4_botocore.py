"""SigV4 differential test: the library's Rust signer against botocore.

The cases, how the request a browser sends is derived from the signer's reply,
what must match and which refusals are documented: `sigv4_cases.py`. Here each
case is signed by the Rust signer (`cargo run --example sigv4_sign`, no server
needed); `tests/e2e/sigv4-botocore.test.mjs` signs the same cases through the
npm package's JavaScript API.
"""

import json
import os
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import sigv4_cases
from sigv4_cases import CASES, HOSTS, SEED

ROOT = Path(__file__).resolve().parents[2]


def _cargo() -> str:
    cargo = shutil.which("cargo") or str(Path.home() / ".cargo" / "bin" / "cargo")
    assert Path(cargo).exists(), "cargo is needed to build the signer example"
    return cargo


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


def test_rust_signer_matches_botocore(capsys):
    cases = sigv4_cases.cases()
    replies = _rust_sign(cases)
    counts: Counter = Counter()
    failures = []
    for index, (case, reply) in enumerate(zip(cases, replies)):
        verdict, detail = sigv4_cases.check(case, reply)
        if verdict == "failed":
            failures.append((index, detail, case, reply))
        else:
            counts[(case["service"], sigv4_cases.form(case), verdict)] += 1
    with capsys.disabled():
        title = f"\nSigV4 differential against botocore, seed {SEED}, {CASES} requests:"
        print("\n".join(sigv4_cases.report(counts, len(failures), title)))
    assert not failures, json.dumps(failures[:3], indent=1, default=str)[:6000]
    assert sum(counts.values()) == CASES
    for service in HOSTS:
        for form in ("header", "presigned"):
            assert counts[(service, form, "matched")] > 50, (service, form)
