"""The production server (gunicorn, 2 workers) on the suite's database, for tests that need real processes; and
two of them sharing one Redis."""

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
import redis

ROOT = Path(__file__).resolve().parents[2]
SETTINGS, APP = "python:crm_rollout.core.server", "app:create_app()"  # as in production (README)


@contextmanager
def _gunicorn(database_url: str, **env):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = dict(os.environ, DATABASE_URL=database_url, SECRET_KEY="load-test-secret", **env)
    process = subprocess.Popen(  # noqa: S603  (our own server, fixed arguments)
        [sys.executable, "-m", "gunicorn", "-c", SETTINGS, "-w", "2", "-t", "60", "-b", f"127.0.0.1:{port}", APP],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                break
        except OSError:
            time.sleep(0.2)
    else:
        process.kill()
        pytest.fail("gunicorn did not start: " + process.stderr.read().decode()[-2000:])
    try:
        yield port
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)


@pytest.fixture
def server(database_url):
    with _gunicorn(database_url) as port:
        yield port


@pytest.fixture
def two_servers(database_url, redis_url):
    """Two app servers (gunicorn, 2 workers each) on one database and one Redis, as behind a load balancer."""
    redis.Redis.from_url(redis_url).flushdb()  # nothing left from another test's counts or pages
    with _gunicorn(database_url, REDIS_URL=redis_url) as first, _gunicorn(database_url, REDIS_URL=redis_url) as second:
        yield first, second
