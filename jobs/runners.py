"""What each kind of job does. A runner reads its job's parameters, reports progress as it goes,
and returns a summary and (for exports) a file; it raises JobRefused for problems the user can fix.

Every read goes through the starting user's selectors, so a job sees no more than its owner does.
"""

import datetime as dt
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from django.utils.translation import gettext as _

from .models import Job

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Outcome:
    summary: str
    # (file name, open binary handle at position 0), closed by the caller once stored.
    result: tuple[str, IO[bytes]] | None = None


@dataclass
class JobRefused(Exception):  # noqa: N818 - it is an outcome, not a crash
    """The work was refused and nothing was written; ``errors`` lists every problem found."""

    summary: str
    # Each {"row": Excel's row number or None, "column": header or "", "message": the problem}.
    errors: list[dict[str, Any]] = field(default_factory=list)


def run_student_import(job: Job, progress: Progress) -> Outcome:
    from students.importing import StudentImportError, student_import

    with job.input_file.open("rb") as handle:
        try:
            report = student_import(file=handle, imported_by=job.owner, progress=progress)
        except StudentImportError as error:
            raise JobRefused(
                _("The file was not imported, and no student was changed. Correct these problems and upload it again."),
                [{"row": e.row, "column": e.column, "message": e.message} for e in error.errors],
            ) from error
    return Outcome(
        _("Import finished: %(created)d added, %(updated)d updated, %(unchanged)d unchanged.")
        % {"created": report.created, "updated": report.updated, "unchanged": report.unchanged}
    )


def run_appraisal_zip(job: Job, progress: Progress) -> Outcome:
    from students.documents import appraisal_filename, appraisal_render
    from students.selectors import appraisals_visible_to

    year = int(job.params["enrolment_year"])
    appraisals = appraisals_visible_to(job.owner).filter(placement__student__enrolment_year=year)
    if job.params.get("base"):
        appraisals = appraisals.filter(placement__base_id=int(job.params["base"]))
    total = appraisals.count()
    if not total:
        raise JobRefused(_("No appraisal form has been issued yet to a student of this cohort that you can see."))
    progress(0, total)
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - handed to the caller, who closes it
    names: set[str] = set()
    with zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        rows = appraisals.order_by("placement__student__student_no", "placement_id").iterator(chunk_size=100)
        for done, appraisal in enumerate(rows, 1):
            name = appraisal_filename(appraisal)
            if name in names:  # a second placement of the same student
                name = name.replace(".pdf", f"-{appraisal.placement_id}.pdf")
            names.add(name)
            archive.writestr(name, appraisal_render(appraisal))
            progress(done, total)
    handle.seek(0)
    return Outcome(
        _("%(count)d appraisal forms of the %(year)d cohort, in one zip file.") % {"count": total, "year": year},
        (f"appraisals-{year}.zip", handle),
    )


def run_ledger_export(job: Job, progress: Progress) -> Outcome:
    from assessments.ledger import ledger_headers, ledger_payments, ledger_rows
    from base_portal.exports import xlsx_write

    month = dt.date.fromisoformat(job.params["month"] + "-01")
    base = job.params.get("base")
    payments = ledger_payments(job.owner, month, int(base) if base else None)
    total = payments.count()
    progress(0, total)

    def counted(rows: Iterator[list[Any]]) -> Iterator[list[Any]]:
        for done, row in enumerate(rows, 1):
            yield row
            progress(done, total)

    handle = tempfile.TemporaryFile()  # noqa: SIM115 - handed to the caller, who closes it
    xlsx_write(handle, str(_("Allowance ledger")), ledger_headers(), counted(ledger_rows(payments)))
    handle.seek(0)
    return Outcome(
        _("The allowance ledger for %(month)s: %(count)d payments.") % {"month": f"{month:%Y-%m}", "count": total},
        (f"allowance-ledger-{month:%Y-%m}.xlsx", handle),
    )


def run_evaluation_report(job: Job, progress: Progress) -> Outcome:
    from django.utils import timezone

    from agreements.selectors import evaluations_visible_to
    from oversight.report import evaluation_report_render, may_see_report, report_filename

    cycle = evaluations_visible_to(job.owner).select_related("base").filter(pk=int(job.params["cycle"])).first()
    if cycle is None or not may_see_report(job.owner, cycle):
        raise JobRefused(_("You may not see this evaluation's report."))
    progress(0, 1)
    pdf = evaluation_report_render(cycle, timezone.localdate())
    progress(1, 1)
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - handed to the caller, who closes it
    handle.write(pdf)
    handle.seek(0)
    return Outcome(
        _("The evaluation report of %(base)s, evaluation %(sequence)d.")
        % {"base": cycle.base.name, "sequence": cycle.sequence},
        (report_filename(cycle), handle),
    )


RUNNERS: dict[str, Callable[[Job, Progress], Outcome]] = {
    Job.Kind.STUDENT_IMPORT: run_student_import,
    Job.Kind.APPRAISAL_ZIP: run_appraisal_zip,
    Job.Kind.LEDGER_EXPORT: run_ledger_export,
    Job.Kind.EVALUATION_REPORT: run_evaluation_report,
}
