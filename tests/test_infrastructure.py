"""The real parts: PostgreSQL with Django's connection pool, Redis, and a Celery worker on Redis.

These run in CI (``.ci/run`` sets DATABASE_URL and REDIS_URL) and are skipped, with the reason
printed, when the suite runs on the embedded SQLite default.
"""

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection

from base_portal.celery import app
from base_portal.tasks import ping

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.postgres
@pytest.mark.django_db
def test_postgres_with_connection_pool() -> None:
    assert connection.vendor == "postgresql"
    assert settings.DATABASES["default"]["OPTIONS"]["pool"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('server_version_num')::int")
        assert cursor.fetchone()[0] >= 150000


@pytest.mark.redis
def test_redis_cache_round_trip() -> None:
    key = f"test:{uuid.uuid4()}"
    cache.set(key, "联合培养", 30)
    assert cache.get(key) == "联合培养"
    cache.delete(key)


def test_tasks_run_eagerly_without_a_broker(settings: object) -> None:
    if os.environ.get("REDIS_URL"):
        pytest.skip("a broker is configured, so tasks are not eager here")
    assert ping.delay().get().startswith("pong")


@pytest.mark.redis
def test_a_real_worker_consumes_from_redis(tmp_path: Path) -> None:
    """Start a Celery worker process on the Redis broker and have it answer a task."""
    queue = f"ci-{uuid.uuid4().hex[:8]}"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "base_portal.settings", "CELERY_TASK_ALWAYS_EAGER": "false"}
    worker = subprocess.Popen(  # noqa: S603 - our own interpreter with fixed arguments
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "base_portal",
            "worker",
            "-Q",
            queue,
            "-c",
            "1",
            "--pool",
            "solo",
            "-l",
            "WARNING",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ],
        cwd=ROOT,
        env=env,
        stdout=(tmp_path / "worker.log").open("w"),
        stderr=subprocess.STDOUT,
    )
    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=3)
        eager = app.conf.task_always_eager
        app.conf.task_always_eager = False
        try:
            result = ping.apply_async(queue=queue)
            deadline = time.monotonic() + 60
            while not result.ready() and time.monotonic() < deadline:
                time.sleep(0.2)
            assert result.ready(), (tmp_path / "worker.log").read_text()
            assert result.get(timeout=1).startswith("pong")
        finally:
            app.conf.task_always_eager = eager
    finally:
        worker.terminate()
        worker.wait(timeout=20)
