"""The local stack: moto server (cognito-idp, cognito-identity, S3, DynamoDB, IAM, STS) on
loopback, patched to check what AWS checks, seeded, behind CORS/counter middleware.

Run it through the launcher: `tests/stack/serve --port N` (see README.md). Prints one
line of JSON once the server answers, then serves until SIGTERM/SIGINT.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import signal
import sys
import threading
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent

# moto reads these when it is imported: the middleware is the only CORS source.
os.environ["MOTO_DISABLE_GLOBAL_CORS"] = "true"
os.environ.setdefault("AWS_ACCESS_KEY_ID", "stack")
os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "stack")

if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

import stack_config  # noqa: E402

#: The patches `--disable-patch` can leave out (see patches/__init__.py).
PATCHES = (
    "accounts",
    "auth",
    "challenges",
    "dynamodb",
    "identity",
    "policy",
    "region",
    "revoke",
    "s3",
    "srp",
)

#: Backends created up front so the first request of each kind is not slow.
_WARM_SERVICES = ("s3", "cognito-idp", "cognito-identity", "sts", "iam", "moto_api", "dynamodb")


def _parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (0: a free one)")
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    parser.add_argument("--region", default=stack_config.DEFAULT_REGION, help="the stack's region")
    parser.add_argument(
        "--allow-origin",
        action="append",
        default=[],
        metavar="ORIGIN",
        help=f"extra CORS origin (repeatable; also ${stack_config.ORIGINS_ENV}, comma separated)",
    )
    parser.add_argument("--verbose", action="store_true", help="log every request to stderr")
    parser.add_argument(
        "--disable-patch",
        action="append",
        default=[],
        choices=sorted(PATCHES),
        help="run without one of the patches (to prove a test fails against stock moto)",
    )
    return parser.parse_args(argv)


def _wait_until_answering(endpoint: str, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(f"{endpoint}/_stack/ping", timeout=1) as reply:
                if reply.status == 200:
                    return
        except OSError:
            if time.monotonic() > deadline:
                raise
        time.sleep(0.02)


def _with_stack_clock(handler: type) -> type:
    """`handler` without the `Date` http.server adds to every reply: the middleware sends
    the stack clock's (patches/clock.py), and one `Date` per reply."""

    class StackRequestHandler(handler):
        def send_response(self, code, message=None):
            self.log_request(code)
            self.send_response_only(code, message)
            self.send_header("Server", self.version_string())

    return StackRequestHandler


def main(argv: list[str] | None = None) -> int:
    """Start, seed, announce, serve until signalled."""
    args = _parse_args(argv)
    logging.basicConfig(stream=sys.stderr, level=logging.INFO if args.verbose else logging.WARNING)
    logging.getLogger("werkzeug").setLevel(logging.INFO if args.verbose else logging.ERROR)

    from moto.moto_server.werkzeug_app import (
        DomainDispatcherApplication,
        MotoRequestHandler,
        create_backend_app,
    )
    from werkzeug.serving import make_server

    import seed
    from middleware import StackApp
    from patches import apply_all, faults

    apply_all(args.region, disabled=set(args.disable_patch))
    origins = stack_config.allowed_origins(args.allow_origin)
    info = seed.seed(args.region, origins)

    dispatcher = DomainDispatcherApplication(create_backend_app)
    for service in _WARM_SERVICES:
        dispatcher.app_instances[service] = create_backend_app(service)
    app = StackApp(dispatcher, origins)
    server = make_server(
        args.host, args.port, app, threaded=True, request_handler=_with_stack_clock(MotoRequestHandler)
    )
    faults.install(server)
    host, port = server.server_address[:2]
    description = {"region": info["region"], "endpoint": f"http://{host}:{port}"}
    description.update({k: v for k, v in info.items() if k != "region"})
    description["allowedOrigins"] = origins
    app.info = description

    thread = threading.Thread(target=server.serve_forever, name="stack-server", daemon=True)
    thread.start()
    _wait_until_answering(description["endpoint"])

    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())

    sys.stdout.write(json.dumps(description) + "\n")
    sys.stdout.flush()
    sys.stdout = sys.stderr  # nothing else may reach the consumer's JSON line reader

    while not stop.wait(0.5):
        pass
    server.shutdown()
    thread.join(timeout=5)
    return 0


if __name__ == "__main__":
    sys.exit(main())
