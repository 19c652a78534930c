"""The `serve` entry point: its JSON line, ports, origins, start-up time and shutdown."""

import json
import re
import signal
import socket
import subprocess

from conftest import SERVE, start_stack

REQUIRED = {
    "region",
    "endpoint",
    "userPoolId",
    "clientId",
    "clientIdWithSecret",
    "clientSecret",
    "identityPoolId",
    "bucket",
    "users",
}


def test_json_line_describes_the_seeded_stack(stack):
    info = stack.info
    assert REQUIRED <= set(info)
    region = info["region"]
    assert re.fullmatch(r"[a-z]{2}-[a-z]+-\d", region)
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+", info["endpoint"])
    assert re.fullmatch(rf"{region}_[0-9A-Za-z]{{9}}", info["userPoolId"])
    assert re.fullmatch(
        rf"{region}:[0-9a-f]{{8}}-[0-9a-f]{{4}}-[0-9a-f]{{4}}-[0-9a-f]{{4}}-[0-9a-f]{{12}}",
        info["identityPoolId"],
    )
    assert re.fullmatch(r"[0-9a-z]{26}", info["clientId"])
    assert info["clientId"] != info["clientIdWithSecret"] and info["clientSecret"]
    assert info["bucket"] == "demo-bucket"
    assert info["users"]["demo"] == {"username": "demo", "password": "Demo-passw0rd!"}
    assert set(info["users"]["newPassword"]) == {"username", "password"}


def test_fixed_port_and_clean_shutdown(tmp_path):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        [str(SERVE), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=open(tmp_path / "err", "wb"),
    )
    try:
        line = process.stdout.readline()
        info = json.loads(line)
        assert info["endpoint"] == f"http://127.0.0.1:{port}"
        with socket.create_connection(("127.0.0.1", port), timeout=2):
            pass
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=5) == 0
        assert process.stdout.read() == b""  # one line, nothing after it
    finally:
        if process.poll() is None:
            process.kill()


def test_sigint_also_exits_cleanly(tmp_path):
    running = start_stack(tmp_dir=tmp_path)
    running.process.send_signal(signal.SIGINT)
    assert running.process.wait(timeout=5) == 0


def test_origins_can_be_extended_by_flag_and_env(tmp_path):
    running = start_stack(
        "--allow-origin",
        "http://127.0.0.1:9999",
        env={"STACK_ALLOWED_ORIGINS": "http://localhost:7777, http://127.0.0.1:7778"},
        tmp_dir=tmp_path,
    )
    try:
        for origin in (
            "http://127.0.0.1:9999",
            "http://localhost:7777",
            "http://127.0.0.1:7778",
            "http://127.0.0.1:8080",
        ):
            status, headers, _ = running.send(
                "OPTIONS", "/", {"Origin": origin, "Access-Control-Request-Method": "POST"}
            )
            assert status == 200 and headers["access-control-allow-origin"] == origin
        cors = running.client("s3").get_bucket_cors(Bucket="demo-bucket")["CORSRules"][0]
        assert "http://127.0.0.1:9999" in cors["AllowedOrigins"]
    finally:
        running.stop()


def test_region_flag(tmp_path):
    running = start_stack("--region", "us-east-1", tmp_dir=tmp_path)
    try:
        assert running["userPoolId"].startswith("us-east-1_")
        assert running.credentials()["AccessKeyId"]
    finally:
        running.stop()
