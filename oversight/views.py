"""The office's dashboard and each base's compliance page."""

from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.roles import SCOPE_ALL
from agreements.selectors import bases_visible_to
from oversight import selectors
from oversight.compliance import Level, duties_of_base, worst


@login_required
@permission_required(SCOPE_ALL, raise_exception=True)
def office_dashboard(request: HttpRequest) -> HttpResponse:
    """University-wide figures, each a link to the list behind it."""
    today = timezone.localdate()
    context = selectors.office_dashboard(request.user, today)
    context["today"] = today
    context["stage_chart"] = selectors.chart_data(context["students_by_stage"], _("Students"))
    context["allowance_chart"] = selectors.allowance_chart_data(context["allowance"], _("Allowance paid (CNY)"))
    return render(request, "oversight/office_dashboard.html", context)


@login_required
@permission_required("agreements.view_agreement", raise_exception=True)
def base_compliance(request: HttpRequest, pk: int) -> HttpResponse:
    """Each duty of the agreement at one base: red, amber or green, with what to put right."""
    base = get_object_or_404(bases_visible_to(request.user).select_related("enterprise"), pk=pk)
    today = timezone.localdate()
    duties = duties_of_base(base, today)
    level = worst(result.level for result in duties)
    return render(
        request,
        "oversight/base_compliance.html",
        {"base": base, "today": today, "duties": duties, "level": level, "level_label": Level.LABELS[level]},
    )
