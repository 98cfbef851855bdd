"""The biennial evaluation report as a PDF, for the graduate office and the base's own admins.

A base with many students makes a long report (a table row per student, dozens of pages), which
takes WeasyPrint many seconds to lay out; above REPORT_DIRECT_PLACEMENTS it is prepared as a
background job instead, after the user confirms.
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from agreements.selectors import evaluations_visible_to
from jobs.models import Job
from jobs.services import job_start
from students.models import Placement

from .report import REPORT_DIRECT_PLACEMENTS, evaluation_report_render, may_see_report, report_filename


@login_required
def evaluation_report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The report of a visible evaluation (else 404), for those who evaluate or supply materials (else 403)."""
    cycle = get_object_or_404(evaluations_visible_to(request.user).select_related("base"), pk=pk)
    if not may_see_report(request.user, cycle):
        raise PermissionDenied
    if request.method == "POST":
        job = job_start(kind=Job.Kind.EVALUATION_REPORT, owner=request.user, params={"cycle": cycle.pk})
        return redirect(job)
    students = Placement.objects.filter(base=cycle.base).count()
    if students > REPORT_DIRECT_PLACEMENTS:
        return render(
            request,
            "confirm_page.html",
            {
                "title": _("Evaluation report of %(base)s") % {"base": cycle.base.name},
                "warning": _(
                    "This base has %(count)d students, so its report runs to many pages and is prepared in the "
                    "background. You can follow it on its page and download it there when it is ready."
                )
                % {"count": students},
                "submit_label": _("Prepare the report"),
                "cancel_url": reverse("agreements:evaluation_detail", args=[cycle.pk]),
                "danger": False,
            },
        )
    response = HttpResponse(evaluation_report_render(cycle, timezone.localdate()), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{report_filename(cycle)}"'
    return response
