"""A large import on a real Celery worker: the request returns at once, progress shows, the result stays.

Runs on PostgreSQL and Redis only (CI): the worker is a separate process, which must see the
test's committed rows, its uploaded file and the progress it writes to the cache.
"""

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.urls import reverse

from base_portal.celery import app
from jobs.models import Job
from students.models import Student
from tests.conftest import Cast
from tests.students.test_import import row, xlsx

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
ROWS = 3000
TIMEOUT_SECONDS = 180
WORKER_OPTIONS = ["-Q", "jobs", "--pool=solo", "--without-gossip", "--without-mingle", "--without-heartbeat"]


@pytest.fixture
def worker() -> Iterator[subprocess.Popen[bytes]]:
    """A worker on the jobs queue only, against the test database, the test's uploads and Redis."""
    db = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "PRIVATE_MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "CELERY_TASK_ALWAYS_EAGER": "false",
    }
    with app.connection_for_write() as conn:
        conn.default_channel.queue_purge("jobs")  # nothing left over from an earlier run
    process = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
        [sys.executable, "-m", "celery", "-A", "base_portal", "worker", *WORKER_OPTIONS, "-l", "warning"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    yield process
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()


def test_thousands_of_students_import_in_the_background_with_progress(
    cast: Cast, worker: subprocess.Popen[bytes]
) -> None:
    from tests import factories

    factories.SupervisorFactory(staff_no="T1001", college=cast.college_mee)
    client = Client()
    client.force_login(cast.users["office"])
    upload = SimpleUploadedFile("名单.xlsx", xlsx([row(f"W{n:05d}") for n in range(ROWS)]).getvalue())

    response = client.post(reverse("students:student_import"), {"file": upload})

    job = Job.objects.get()
    assert response["Location"] == job.get_absolute_url()
    assert not job.finished  # the request did not wait for the work
    percents: list[int] = []
    deadline = time.monotonic() + TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        page = client.get(job.get_absolute_url(), HTTP_HX_REQUEST="true")
        if page.context["percent"] is not None:
            percents.append(page.context["percent"])
        job.refresh_from_db()
        if job.finished or worker.poll() is not None:
            break
        time.sleep(0.3)
    output = b"" if worker.poll() is None else worker.stdout.read()  # type: ignore[union-attr]
    assert job.status == Job.Status.SUCCEEDED, (job.summary, job.errors[:3], output.decode()[-2000:])
    assert any(0 < p < 100 for p in percents), percents  # progress was seen on its way
    assert percents == sorted(percents)
    assert (job.done, job.total) == (2 * ROWS, 2 * ROWS)
    assert Student.objects.filter(student_no__startswith="W").count() == ROWS
    assert "hx-trigger" not in client.get(job.get_absolute_url()).content.decode()
