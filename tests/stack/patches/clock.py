"""The stack's clock, settable to stand for a server whose time differs from the page's.

`POST /_stack/clock {"offsetSeconds": n}` (middleware.py) moves it `n` seconds from the
machine's clock (`{"offsetSeconds": 0}` puts it back); `GET /_stack/clock` reads it. It moves
what a client can see of the server's time: the `Date` header of every reply, and the time
SigV4 checks compare a request with (the 15-minute skew of a signed header, the validity of a
presigned URL; auth.py). Token and credential lifetimes, the SRP timestamp check and
everything moto does keep the machine's clock.
"""

from __future__ import annotations

import datetime
import threading

_lock = threading.Lock()
_offset = datetime.timedelta(0)


def set_offset(seconds: float) -> None:
    """Moves the stack's clock `seconds` from the machine's."""
    global _offset
    with _lock:
        _offset = datetime.timedelta(seconds=seconds)


def offset_seconds() -> float:
    """How far the stack's clock is from the machine's, in seconds."""
    return _offset.total_seconds()


def now() -> datetime.datetime:
    """The stack's time (UTC)."""
    return datetime.datetime.now(datetime.timezone.utc) + _offset
