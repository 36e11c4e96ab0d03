"""Fixtures for the fetch tests: a test policy, and servers that misbehave."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import pytest

from tidings.fetch import FetchPolicy, parse_private_networks


@pytest.fixture
def policy() -> FetchPolicy:
    """May fetch from loopback, where the test servers are; short timeouts keep tests quick."""
    return FetchPolicy(
        user_agent="tidings-test",
        private_networks=parse_private_networks("1"),
        connect_timeout=1.0,
        read_timeout=1.0,
    )


@pytest.fixture
def closed_port() -> int:
    """A loopback port that nothing listens on, so connecting is refused at once."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def drip_server() -> Iterator[str]:
    """A server that sends its headers, then one body byte every 50 ms, for at most 5 s:
    never slow enough for a read timeout, yet never done."""
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(5)

    def drip() -> None:
        try:
            connection, _ = listener.accept()
        except OSError:
            return
        with connection:
            connection.recv(65536)
            connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n")
            stop_at = time.monotonic() + 5
            while time.monotonic() < stop_at:
                try:
                    connection.sendall(b"x")
                except OSError:
                    return
                time.sleep(0.05)

    thread = threading.Thread(target=drip, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}/drip"
    listener.close()
