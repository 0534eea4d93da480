"""The app served on loopback for browser tests, in a thread, stopped afterwards."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import uvicorn


@contextmanager
def serve(app: Any) -> Iterator[str]:
    """Its base URL: localhost, which browsers treat as a secure context (Secure cookies work).

    The port stays bound from its choice to uvicorn's listening on it (uvicorn is handed the
    socket): a port found free and then released could be taken meanwhile by the other xdist
    worker's server or by any outgoing connection, and uvicorn would then not start.
    """
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert srv.started
    try:
        yield f"http://localhost:{port}"
    finally:
        srv.should_exit = True
        thread.join(timeout=10)
        sock.close()
