"""Long work done in the background (Celery): who asked for it, how far it has got, and its result.

A job's live progress is kept in the cache while it runs (the work itself may run inside one
database transaction, whose writes nobody else can see yet); the row holds the outcome.
"""

from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from base_portal.files import PrivateUploadTo


class Job(models.Model):
    class Kind(models.TextChoices):
        STUDENT_IMPORT = "student_import", _("Student import")
        APPRAISAL_ZIP = "appraisal_zip", _("Appraisal forms of a cohort")
        LEDGER_EXPORT = "ledger_export", _("Allowance ledger export")
        EVALUATION_REPORT = "evaluation_report", _("Evaluation report")

    class Status(models.TextChoices):
        QUEUED = "queued", pgettext_lazy("job status", "Waiting to start")
        RUNNING = "running", pgettext_lazy("job status", "Running")
        SUCCEEDED = "succeeded", pgettext_lazy("job status", "Finished")
        FAILED = "failed", pgettext_lazy("job status", "Failed")

    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="jobs", verbose_name=_("started by")
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.QUEUED)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    # The language the user worked in: messages and file headings come out in it.
    language = models.CharField(_("language"), max_length=16, blank=True)
    input_file = models.FileField(_("uploaded file"), upload_to=PrivateUploadTo("jobs/input"), blank=True)
    result_file = models.FileField(_("result file"), upload_to=PrivateUploadTo("jobs/results"), blank=True)
    done = models.PositiveIntegerField(_("steps done"), default=0)
    total = models.PositiveIntegerField(_("steps in all"), default=0)
    summary = models.TextField(_("summary"), blank=True)
    errors = models.JSONField(_("problems found"), default=list, blank=True)
    error_count = models.PositiveIntegerField(_("number of problems"), default=0)
    created_at = models.DateTimeField(_("started at"), auto_now_add=True)
    started_at = models.DateTimeField(_("running since"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["owner", "-created_at"], name="job_owner_recent")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("jobs:job_detail", args=[self.pk])

    @property
    def input_name(self) -> str:
        """The uploaded file's name as the user chose it (sanitised), without its storage folder."""
        return PurePosixPath(self.input_file.name).name if self.input_file else ""

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.SUCCEEDED, self.Status.FAILED)
