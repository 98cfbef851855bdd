"""Shared by the notification tests that run tasks where they are called (not test_worker)."""

from collections.abc import Iterator

import pytest

from base_portal.celery import app


@pytest.fixture
def eager_tasks() -> Iterator[None]:
    """Run tasks in-process even where REDIS_URL is set (CI), so on-commit e-mails land in the outbox."""
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = True
    try:
        yield
    finally:
        app.conf.task_always_eager = eager
