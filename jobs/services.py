"""Starting, running and clearing away background jobs; each state change is one function here."""

import datetime as dt
import logging
from typing import Any

from django.core.files import File
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .models import Job
from .progress import Reporter
from .runners import RUNNERS, JobRefused

logger = logging.getLogger(__name__)

# A finished job, its upload and its result are kept this long, then cleared by the daily purge.
JOB_KEEP_DAYS = 7
# The problems a refused job keeps to show; the count says how many there were in all.
ERRORS_KEPT = 500


def job_start(*, kind: str, owner: Any, params: dict[str, Any] | None = None, input_file: Any = None) -> Job:
    """Record the job and queue it once the record is committed; the user follows it on its page."""
    from .tasks import run_job

    job = Job(kind=kind, owner=owner, params=params or {}, language=translation.get_language() or "")
    with transaction.atomic():
        if input_file is not None:
            job.input_file.save(input_file.name, input_file, save=False)
        job.save()
        transaction.on_commit(lambda: run_job.delay(job.pk))
    return job


def job_run(*, job_id: int) -> Job | None:
    """Do the job's work once: claimed from "waiting" to "running", so a redelivered task does nothing."""
    now = timezone.now()
    if not Job.objects.filter(pk=job_id, status=Job.Status.QUEUED).update(status=Job.Status.RUNNING, started_at=now):
        return None
    job = Job.objects.select_related("owner").get(pk=job_id)
    reporter = Reporter(job.pk)
    with translation.override(job.language or None):
        try:
            outcome = RUNNERS[job.kind](job, reporter)
        except JobRefused as refused:
            job.status = Job.Status.FAILED
            job.summary = refused.summary
            job.errors = refused.errors[:ERRORS_KEPT]
            job.error_count = len(refused.errors)
        except Exception:
            logger.exception("background job %s (%s) failed", job.pk, job.kind)
            job.status = Job.Status.FAILED
            job.summary = _(
                "The work stopped because of an unexpected error, and nothing was changed. "
                "Please try again; if it fails again, tell the graduate office."
            )
        else:
            job.status = Job.Status.SUCCEEDED
            job.summary = outcome.summary
            reporter(reporter.total, reporter.total)
            if outcome.result is not None:
                name, handle = outcome.result
                with handle:
                    job.result_file.save(name, File(handle, name=name), save=False)
    job.done, job.total = reporter.done, reporter.total
    job.finished_at = timezone.now()
    job.save()
    return job


def jobs_purge(*, now: dt.datetime | None = None) -> int:
    """Delete jobs started more than JOB_KEEP_DAYS ago, with their files; returns how many."""
    cutoff = (now or timezone.now()) - dt.timedelta(days=JOB_KEEP_DAYS)
    old = list(Job.objects.filter(created_at__lt=cutoff))
    for job in old:
        for field in (job.input_file, job.result_file):
            if field:
                field.delete(save=False)
    Job.objects.filter(pk__in=[job.pk for job in old]).delete()
    return len(old)
