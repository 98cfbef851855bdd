"""Background jobs: started by a page, run by Celery, followed on their own page, result kept for the owner."""

import datetime as dt
import io
import zipfile
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from assessments import ledger
from jobs import progress, runners
from jobs.models import Job
from jobs.progress import Reporter, progress_read
from jobs.services import JOB_KEEP_DAYS, job_run, jobs_purge
from tests.conftest import Cast


def client_for(cast: Cast, persona: str) -> Client:
    client = Client()
    client.force_login(cast.users[persona])
    return client


def body(response: Any) -> bytes:
    return b"".join(response.streaming_content)


# --- the ledger: small months at once, large ones in the background ----------------------------


def test_a_small_ledger_is_exported_at_once(cast: Cast) -> None:
    response = client_for(cast, "baseadmin").get(reverse("assessments:ledger_export"), {"month": "2026-04"})
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(body(response))).active.iter_rows(values_only=True))
    assert [row[1] for row in rows[1:]] == [cast.student_a.student_no]
    assert not Job.objects.exists()


def test_a_large_ledger_offers_and_runs_a_background_export(
    cast: Cast, jobs_inline: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("assessments.views.DIRECT_EXPORT_ROWS", 0)
    client = client_for(cast, "office")
    page = client.get(reverse("assessments:ledger"), {"month": "2026-04"}).content.decode()
    assert 'action="/assessments/ledger/export/?month=2026-04"' in page
    # Asked for at once all the same: sent back to the page, with a word on why.
    response = client.get(reverse("assessments:ledger_export"), {"month": "2026-04"})
    assert response.status_code == 302
    assert response["Location"] == "/assessments/ledger/?month=2026-04"
    with jobs_inline():
        response = client.post(f"{reverse('assessments:ledger_export')}?month=2026-04")
    job = Job.objects.get()
    assert response["Location"] == job.get_absolute_url()
    assert (job.kind, job.status, job.params) == (
        Job.Kind.LEDGER_EXPORT,
        Job.Status.SUCCEEDED,
        {"month": "2026-04", "base": None},
    )
    assert (job.done, job.total) == (2, 2)
    download = client.get(reverse("jobs:job_download", args=[job.pk]))
    assert download["Content-Disposition"].startswith('attachment; filename="allowance-ledger-2026-04')
    rows = list(load_workbook(io.BytesIO(body(download))).active.iter_rows(values_only=True))
    assert sorted(row[1] for row in rows[1:]) == sorted([cast.student_a.student_no, cast.student_b.student_no])


def test_a_background_ledger_holds_only_what_its_owner_sees(cast: Cast, jobs_inline: Any) -> None:
    with jobs_inline():
        client_for(cast, "baseadmin").post(
            f"{reverse('assessments:ledger_export')}?month=2026-04&base={cast.base_b.pk}"
        )
    job = Job.objects.get()
    assert job.status == Job.Status.SUCCEEDED
    rows = list(load_workbook(job.result_file.open("rb")).active.iter_rows(values_only=True))
    assert rows[1:] == []  # base B's payment is not the base admin of A's to see


def test_the_ledger_file_is_in_the_starting_users_language(cast: Cast, jobs_inline: Any) -> None:
    client = client_for(cast, "office")
    client.cookies["django_language"] = "en"
    with jobs_inline():
        client.post(f"{reverse('assessments:ledger_export')}?month=2026-04", HTTP_ACCEPT_LANGUAGE="en")
    job = Job.objects.get()
    assert job.language == "en"
    header = next(load_workbook(job.result_file.open("rb")).active.iter_rows(values_only=True))
    assert header[0] == "Base"
    assert "allowance ledger for 2026-04" in job.summary


# --- a cohort's appraisal forms in one zip ---------------------------------------------------------


def test_a_cohorts_appraisals_come_as_one_zip(cast: Cast, jobs_inline: Any) -> None:
    client = client_for(cast, "office")
    year = cast.student_a.enrolment_year
    with jobs_inline():
        response = client.post(reverse("jobs:appraisal_zip"), {"enrolment_year": year})
    job = Job.objects.get()
    assert response["Location"] == job.get_absolute_url()
    assert job.status == Job.Status.SUCCEEDED, job.summary
    archive = zipfile.ZipFile(io.BytesIO(body(client.get(reverse("jobs:job_download", args=[job.pk])))))
    expected = {f"appraisal-{s.student_no}.pdf" for s in (cast.student_a, cast.student_b) if s.enrolment_year == year}
    assert set(archive.namelist()) == expected
    assert all(archive.read(name).startswith(b"%PDF") for name in archive.namelist())


def test_a_base_admins_zip_holds_their_base_only(cast: Cast, jobs_inline: Any) -> None:
    with jobs_inline():
        client_for(cast, "baseadmin").post(
            reverse("jobs:appraisal_zip"), {"enrolment_year": cast.student_a.enrolment_year}
        )
    job = Job.objects.get()
    assert zipfile.ZipFile(job.result_file.open("rb")).namelist() == [f"appraisal-{cast.student_a.student_no}.pdf"]


def test_a_cohort_without_appraisals_fails_with_a_reason(cast: Cast, jobs_inline: Any) -> None:
    with jobs_inline():
        client_for(cast, "office").post(reverse("jobs:appraisal_zip"), {"enrolment_year": 1999})
    job = Job.objects.get()
    assert job.status == Job.Status.FAILED
    assert not job.result_file
    with translation.override(job.language):
        reason = _("No appraisal form has been issued yet to a student of this cohort that you can see.")
    assert job.summary == reason
    assert reason in client_for(cast, "office").get(job.get_absolute_url()).content.decode()


def test_the_zip_form_refuses_a_year_out_of_range_and_a_base_out_of_sight(cast: Cast) -> None:
    client = client_for(cast, "baseadmin")
    response = client.post(reverse("jobs:appraisal_zip"), {"enrolment_year": 1900})
    assert response.status_code == 400
    assert "enrolment_year" in response.context["form"].errors
    response = client.post(
        reverse("jobs:appraisal_zip"), {"enrolment_year": cast.student_a.enrolment_year, "base": cast.base_b.pk}
    )
    assert response.status_code == 400
    assert "base" in response.context["form"].errors
    assert not Job.objects.exists()


# --- running, progress and the job's page ------------------------------------------------------------


def a_job(cast: Cast, persona: str = "office", **fields: Any) -> Job:
    fields.setdefault("kind", Job.Kind.LEDGER_EXPORT)
    fields.setdefault("params", {"month": "2026-04", "base": None})
    return Job.objects.create(owner=cast.users[persona], **fields)


def test_a_job_runs_once_even_if_its_task_is_delivered_twice(cast: Cast) -> None:
    job = a_job(cast)
    assert job_run(job_id=job.pk).status == Job.Status.SUCCEEDED
    first = Job.objects.get(pk=job.pk)
    assert job_run(job_id=job.pk) is None
    assert Job.objects.get(pk=job.pk).finished_at == first.finished_at


def test_an_unexpected_error_fails_the_job_with_a_plain_message(
    cast: Cast, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def boom(job: Job, progress: Any) -> runners.Outcome:
        raise RuntimeError("disk on fire")

    monkeypatch.setitem(runners.RUNNERS, Job.Kind.LEDGER_EXPORT, boom)
    job = job_run(job_id=a_job(cast).pk)
    assert job.status == Job.Status.FAILED
    assert "disk on fire" not in job.summary  # the details go to the log, not to the user
    assert "disk on fire" in caplog.text
    assert job.finished_at is not None


def test_progress_is_published_now_and_then_and_always_at_the_end(cast: Cast, monkeypatch: pytest.MonkeyPatch) -> None:
    clock = iter([0.0, 0.1, 0.2, 0.7, 0.8, 0.9])
    monkeypatch.setattr(progress, "time", SimpleNamespace(monotonic=lambda: next(clock)))
    reporter = Reporter(job_id=424242)
    seen = []
    for done in (1, 2, 3, 4, 5, 6):
        reporter(done, 6)
        snapshot = progress_read(424242)
        seen.append((snapshot.done, snapshot.percent))
    # Written at the first call, after half a second (4), and at the end (6).
    assert seen == [(1, 16), (1, 16), (1, 16), (4, 66), (4, 66), (6, 100)]


def test_a_running_jobs_page_polls_for_its_progress_and_a_finished_one_stops(cast: Cast) -> None:
    job = a_job(cast, status=Job.Status.RUNNING, started_at=timezone.now())
    Reporter(job.pk)(30, 120)
    client = client_for(cast, "office")
    page = client.get(job.get_absolute_url()).content.decode()
    assert 'hx-trigger="every 1s"' in page
    assert '<progress value="25" max="100"' in page
    fragment = client.get(job.get_absolute_url(), HTTP_HX_REQUEST="true").content.decode()
    assert fragment.startswith('<div id="job-status"')
    assert "<html" not in fragment
    Job.objects.filter(pk=job.pk).update(status=Job.Status.SUCCEEDED, done=120, total=120)
    fragment = client.get(job.get_absolute_url(), HTTP_HX_REQUEST="true").content.decode()
    assert "hx-trigger" not in fragment
    assert "<progress" not in fragment


@pytest.mark.parametrize("persona", ["baseadmin", "college", "student", "outsider"])
def test_a_job_is_its_owners_alone(cast: Cast, persona: str) -> None:
    job = a_job(cast, status=Job.Status.SUCCEEDED)
    job.result_file.save("ledger.xlsx", ContentFile(b"PK secret"), save=True)
    client = client_for(cast, persona)
    assert client.get(job.get_absolute_url()).status_code == 404
    assert client.get(reverse("jobs:job_download", args=[job.pk])).status_code == 404
    assert job.get_absolute_url() not in client.get(reverse("jobs:job_list")).content.decode()


def test_the_job_list_filters_and_pages(cast: Cast) -> None:
    for _i in range(30):
        a_job(cast, status=Job.Status.SUCCEEDED)
    a_job(cast, kind=Job.Kind.STUDENT_IMPORT, status=Job.Status.FAILED, params={})
    client = client_for(cast, "office")
    response = client.get(reverse("jobs:job_list"))
    assert response.context["page"].paginator.count == 31
    assert len(response.context["page"]) == 25
    response = client.get(reverse("jobs:job_list"), {"status": "failed"})
    assert [job.kind for job in response.context["page"]] == [Job.Kind.STUDENT_IMPORT]
    response = client.get(reverse("jobs:job_list"), {"kind": "no-such-kind"})
    assert response.status_code == 200
    assert response.context["filter_form"].errors


def test_old_jobs_and_their_files_are_purged(cast: Cast) -> None:
    old, recent = a_job(cast), a_job(cast)
    old.result_file.save("old.xlsx", ContentFile(b"old"), save=True)
    path = old.result_file.path
    Job.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=JOB_KEEP_DAYS, seconds=1))
    assert jobs_purge() == 1
    assert list(Job.objects.all()) == [recent]
    assert not Path(path).exists()


def test_the_direct_export_limit_is_named_once() -> None:
    assert ledger.DIRECT_EXPORT_ROWS == 5000


# --- a large base's evaluation report ------------------------------------------------------------


def test_a_large_bases_report_is_prepared_in_the_background(
    cast: Cast, jobs_inline: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("oversight.views_report.REPORT_DIRECT_PLACEMENTS", 0)
    url = reverse("agreements:evaluation_report", args=[cast.cycle_a.pk])
    client = client_for(cast, "baseadmin")
    page = client.get(url)
    assert page.status_code == 200
    assert page["Content-Type"].startswith("text/html")  # a confirmation, not a 0-byte wait
    assert 'action=""' in page.content.decode() or '<form method="post"' in page.content.decode()
    assert not Job.objects.exists()
    with jobs_inline():
        response = client.post(url)
    job = Job.objects.get()
    assert response["Location"] == job.get_absolute_url()
    assert (job.kind, job.status) == (Job.Kind.EVALUATION_REPORT, Job.Status.SUCCEEDED), job.summary
    assert job.result_file.name.endswith(
        f"evaluation-report-{cast.base_a.pk}-{cast.cycle_a.sequence}-{cast.cycle_a.due_on:%Y%m%d}.pdf"
    )
    assert job.result_file.open("rb").read(5) == b"%PDF-"


def test_a_small_bases_report_comes_at_once(cast: Cast) -> None:
    response = client_for(cast, "office").get(reverse("agreements:evaluation_report", args=[cast.cycle_a.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert not Job.objects.exists()


def test_who_may_not_see_the_report_starts_no_job(cast: Cast) -> None:
    url = reverse("agreements:evaluation_report", args=[cast.cycle_a.pk])
    for persona in ("college", "supervisor", "mentor", "student", "baseadmin2"):
        assert client_for(cast, persona).post(url).status_code in (403, 404), persona
    assert not Job.objects.exists()
