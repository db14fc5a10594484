"""Real Plenum servers for tests that need whole processes: uvicorn, as at a venue."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
MANAGE = [sys.executable, "manage.py"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def manage(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [*MANAGE, *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )
    return done.stdout


def set_up(env: dict[str, str]) -> None:
    """The installation's own files (var/, its secret key), as `make run` makes them."""
    subprocess.run(
        [sys.executable, "-m", "config.setup"], cwd=ROOT, env=env, check=True, capture_output=True
    )


def prepare(env: dict[str, str]) -> dict[str, Any]:
    """Set up, migrate, collect static files and build the demo; returns seed_demo's JSON."""
    set_up(env)
    manage(env, "migrate", "--verbosity", "0")
    manage(env, "collectstatic", "--noinput", "--verbosity", "0")
    demo: dict[str, Any] = json.loads(manage(env, "seed_demo", "--json"))
    return demo


class PortTaken(Exception):
    """Another process bound the free port between our probe and uvicorn's bind."""


@dataclass
class Served:
    process: subprocess.Popen[str]
    base_url: str


def _start(env: dict[str, str], port: int) -> subprocess.Popen[str]:
    """A `manage.py serve` process, returned once uvicorn says it serves."""
    server = subprocess.Popen(
        [*MANAGE, "serve", "--host", "127.0.0.1", "--port", str(port), "--log-level", "info"],
        cwd=ROOT,
        env={**env, "PYTHONUNBUFFERED": "1"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert server.stderr is not None
    started = []
    for line in server.stderr:  # blocks until uvicorn reports that it serves
        started.append(line)
        if "Uvicorn running on" in line:  # bound: startup completes before the bind
            return server
    server.stderr.close()
    server.kill()
    server.wait(timeout=10)
    log = "".join(started)
    if "address already in use" in log:
        raise PortTaken(log)
    raise RuntimeError("the server did not start:\n" + log)


@contextmanager
def running_server(env: dict[str, str], *, public_url: bool = True) -> Iterator[Served]:
    """A server on a free port (PLENUM_PUBLIC_URL set to it unless public_url is False);
    always stopped. A port can be taken between the probe and the bind by anything else
    on the machine, so a taken port means another free one, not a failed test."""
    for attempt in range(5):
        port = free_port()
        base_url = f"http://127.0.0.1:{port}"
        try:
            server = _start(env | {"PLENUM_PUBLIC_URL": base_url} if public_url else env, port)
            break
        except PortTaken:
            if attempt == 4:
                raise
    assert server.stderr is not None
    # Keep draining the server's log so it can never block on a full pipe.
    drain = subprocess.Popen(["cat"], stdin=server.stderr, stdout=subprocess.DEVNULL)
    server.stderr.close()
    try:
        yield Served(process=server, base_url=base_url)
    finally:
        server.terminate()
        server.wait(timeout=10)
        drain.wait(timeout=10)


def base_env(var_dir: Path) -> dict[str, str]:
    env = {**os.environ, "PLENUM_VAR_DIR": str(var_dir)}
    env.pop("DATABASE_URL", None)
    env.pop("REDIS_URL", None)
    return env
