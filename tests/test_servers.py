"""The test servers themselves: a port taken by another process between our probe and
uvicorn's bind (CI, 2026-12-02: "[Errno 98] address already in use") costs a retry on
another port, never a failed test, and a server that failed to start is not left running."""

from __future__ import annotations

import socket
import urllib.request
from collections.abc import Iterator

import pytest

from tests import servers

pytestmark = pytest.mark.slow


@pytest.fixture
def taken_port() -> Iterator[int]:
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        yield int(holder.getsockname()[1])


def test_a_port_taken_before_the_bind_means_another_port(tmp_path, monkeypatch, taken_port):
    env = servers.base_env(tmp_path / "var")
    servers.set_up(env)
    servers.manage(env, "migrate", "--verbosity", "0")
    offered = iter([taken_port])
    real_free_port = servers.free_port
    monkeypatch.setattr(servers, "free_port", lambda: next(offered, None) or real_free_port())

    with (
        servers.running_server(env) as served,
        urllib.request.urlopen(served.base_url + "/clock/") as response,
    ):
        answered = response.status

    assert served.base_url != f"http://127.0.0.1:{taken_port}"
    assert answered == 200
    assert served.process.poll() is not None  # stopped on leaving


def test_a_server_that_cannot_start_is_stopped_and_says_why(tmp_path, taken_port):
    env = servers.base_env(tmp_path / "var")  # no secret key: `serve` exits at once

    with pytest.raises(RuntimeError, match="the server did not start") as failure:
        servers._start(env, taken_port)

    assert "secret_key is missing" in str(failure.value)
