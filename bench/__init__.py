"""Plenum's benchmarks: `make bench` (or `python -m bench`) runs every scenario.

Each scenario is a module with an async ``run(context)`` registered in ``bench.__main__``;
the shared pieces (a fresh installation, the Plenum server process, the facilitator's
HTTP session, a fleet of websocket phones, percentiles, CPU and memory sampling) live in
``bench.common``. Everything talks to 127.0.0.1 only, and every process a scenario
starts is stopped by the scenario itself.
"""
