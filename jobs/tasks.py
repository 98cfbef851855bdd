"""Thin tasks over the job services. Jobs go to their own queue, so long work never delays notices."""

from celery import shared_task

# A cohort's appraisal forms or a 50,000-row import may take many minutes; nothing else does.
JOB_TIME_LIMIT_SECONDS = 30 * 60


@shared_task(
    name="jobs.run",
    time_limit=JOB_TIME_LIMIT_SECONDS,
    soft_time_limit=JOB_TIME_LIMIT_SECONDS - 60,
)
def run_job(job_id: int) -> str | None:
    from .services import job_run

    job = job_run(job_id=job_id)
    return job.status if job else None


@shared_task(name="jobs.purge")
def purge() -> int:
    """Daily (beat): clear away old jobs and their files."""
    from .services import jobs_purge

    return jobs_purge()
