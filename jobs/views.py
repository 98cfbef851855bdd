"""Pages of background jobs: the list of one's own jobs, a job with its progress, its file."""

from django.contrib.auth.decorators import login_required, permission_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

from base_portal.files import serve_private_file
from base_portal.pagination import paginate

from .forms import AppraisalZipForm, JobFilterForm
from .models import Job
from .progress import Snapshot, progress_read
from .selectors import jobs_visible_to
from .services import JOB_KEEP_DAYS, job_start

# How often a job's page asks how far the job has got, while it runs.
POLL_SECONDS = 1


@login_required
def job_list(request: HttpRequest) -> HttpResponse:
    jobs = jobs_visible_to(request.user)
    form = JobFilterForm(request.GET)
    if form.is_valid():
        if kind := form.cleaned_data["kind"]:
            jobs = jobs.filter(kind=kind)
        if status := form.cleaned_data["status"]:
            jobs = jobs.filter(status=status)
    return render(
        request,
        "jobs/job_list.html",
        {"filter_form": form, "page": paginate(request, jobs), "keep_days": JOB_KEEP_DAYS},
    )


@login_required
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_object_or_404(jobs_visible_to(request.user), pk=pk)
    # htmx polls for the status part alone; the same address gives the whole page otherwise.
    template = "jobs/includes/job_status.html" if request.headers.get("HX-Request") else "jobs/job_detail.html"
    response = render(request, template, _status_context(job))
    patch_vary_headers(response, ["HX-Request"])
    return response


def _status_context(job: Job) -> dict[str, object]:
    """While it runs, the progress the work publishes; once finished, what the row recorded."""
    progress = (None if job.finished else progress_read(job.pk)) or Snapshot(done=job.done, total=job.total)
    return {
        "job": job,
        "done": progress.done,
        "total": progress.total,
        "percent": progress.percent,
        "poll_seconds": POLL_SECONDS,
    }


@login_required
def job_download(request: HttpRequest, pk: int) -> FileResponse:
    job = get_object_or_404(jobs_visible_to(request.user), pk=pk)
    return serve_private_file(job.result_file)


@login_required
@permission_required(("jobs.add_job", "students.view_practiceappraisal"), raise_exception=True)
def appraisal_zip(request: HttpRequest) -> HttpResponse:
    form = AppraisalZipForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        base = form.cleaned_data["base"]
        job = job_start(
            kind=Job.Kind.APPRAISAL_ZIP,
            owner=request.user,
            params={"enrolment_year": form.cleaned_data["enrolment_year"], "base": base.pk if base else None},
        )
        return redirect(job)
    return render(
        request,
        "form_page.html",
        {
            "form": form,
            "title": _("Download a cohort's appraisal forms"),
            "crumbs": [(reverse("jobs:job_list"), _("Background jobs"))],
            "intro": _(
                "Every issued appraisal form of the cohort's students that you can see, as PDFs in one zip file. "
                "It is prepared in the background; you can follow it and download it from its page."
            ),
            "submit_label": _("Prepare the zip file"),
            "cancel_url": reverse("jobs:job_list"),
        },
        status=400 if request.method == "POST" else 200,
    )
