"""The biennial evaluation report as a PDF, for the graduate office and the base's own admins."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone

from agreements.selectors import evaluations_visible_to, may_act_on_base
from base_portal.pdf import render_pdf

from .report import evaluation_report

EVALUATE = "agreements.evaluate_base"
SUBMIT = "agreements.submit_evaluation_materials"


@login_required
def evaluation_report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The report of a visible evaluation (else 404), for those who evaluate or supply materials (else 403)."""
    cycle = get_object_or_404(evaluations_visible_to(request.user).select_related("base"), pk=pk)
    user = request.user
    if not (may_act_on_base(user, cycle.base, EVALUATE) or may_act_on_base(user, cycle.base, SUBMIT)):
        raise PermissionDenied
    report = evaluation_report(cycle, timezone.localdate())
    pdf = render_pdf("oversight/evaluation_report_pdf.html", {"report": report})
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="evaluation-report-{cycle.base_id}-{cycle.sequence}-{cycle.due_on:%Y%m%d}.pdf"'
    )
    return response
