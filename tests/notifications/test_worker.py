"""End to end in CI: a real Celery worker on Redis runs the daily scan against the test database.

The worker is a separate process, so the test data must be committed (a transactional test) and
the worker must be pointed at the *test* database. Its e-mail goes to the file backend in a
temporary folder, which plays the outbox.
"""

import datetime as dt
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection
from django.utils import timezone

from accounts.roles import Role, roles_sync
from accounts.services import user_set_roles
from agreements.models import EvaluationCycle
from base_portal.celery import app
from notifications.models import Kind, Notification
from notifications.tasks import daily_scan
from tests import factories

ROOT = Path(__file__).resolve().parent.parent.parent


def worker_database_url() -> str:
    db = connection.settings_dict
    password = f":{quote(db['PASSWORD'], safe='')}" if db.get("PASSWORD") else ""
    host = f"{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}"
    return f"postgres://{quote(db['USER'], safe='')}{password}@{host}/{db['NAME']}"


@pytest.mark.redis
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_runs_the_daily_scan_and_the_email_lands_in_the_outbox(tmp_path: Path) -> None:
    # The worker computes "today" itself, so the data is placed relative to the real local date:
    # an evaluation due in five days gets its 7-day reminder today.
    today = timezone.localdate()
    roles_sync()
    office = factories.UserFactory(username=f"office-{uuid.uuid4().hex[:6]}", email="office@example.edu.cn")
    user_set_roles(user=office, roles=[Role.OFFICE])
    base = factories.BaseFactory(name="端到端基地")
    agreement = factories.AgreementFactory(base=base, party_a_signed_on=today - dt.timedelta(days=400))
    cycle = EvaluationCycle.objects.create(
        agreement=agreement, base=base, sequence=1, due_on=today + dt.timedelta(days=5)
    )

    outbox = tmp_path / "outbox"
    outbox.mkdir()
    queue = f"ci-scan-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "base_portal.settings",
        "DATABASE_URL": worker_database_url(),
        "CELERY_TASK_ALWAYS_EAGER": "false",
        # Four slashes: django-environ drops the first character of the path, so three would make it relative.
        "EMAIL_URL": f"filemail:///{outbox}",
    }
    log = tmp_path / "worker.log"
    worker = subprocess.Popen(  # noqa: S603 - our own interpreter with fixed arguments
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "base_portal",
            "worker",
            "-Q",
            f"{queue},celery",
            "-c",
            "1",
            "--pool",
            "solo",
            "-l",
            "INFO",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ],
        cwd=ROOT,
        env=env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    eager = app.conf.task_always_eager
    app.conf.task_always_eager = False
    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=3)
        result = daily_scan.apply_async(queue=queue)
        deadline = time.monotonic() + 60
        while not list(outbox.iterdir()) and time.monotonic() < deadline:
            time.sleep(0.3)
        mails = list(outbox.iterdir())
        assert mails, log.read_text()
        assert result.get(timeout=10)["evaluation_notices"] >= 1
        row = Notification.objects.get(kind=Kind.EVALUATION_DUE, subject_id=cycle.pk, recipient=office)
        assert row.due == f"{cycle.due_on}:7"
        text = "".join(path.read_text() for path in mails)
        assert "office@example.edu.cn" in text
        assert "端到端基地" in text  # the notice title names the base
        deadline = time.monotonic() + 10
        while row.emailed_at is None and time.monotonic() < deadline:
            time.sleep(0.2)
            row.refresh_from_db()
        assert row.emailed_at is not None
    finally:
        app.conf.task_always_eager = eager
        worker.terminate()
        worker.wait(timeout=20)
