"""Position demands posted by bases, and the selection of students for them."""

from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from agreements.models import Agreement
from agreements.selectors import bases_managed_by, may_act_on_base
from base_portal.exports import EXPORT_CHUNK_SIZE, list_export, wants_export
from base_portal.forms import handle_form
from base_portal.pagination import paginate
from mentors.models import Mentor
from mentors.selectors import current_appointments
from students import forms, services
from students.filters import DemandFilter
from students.models import PositionDemand, Selection
from students.selectors import demands_visible_to, selections_visible_to, students_visible_to


def demand_url(demand: PositionDemand) -> str:
    return reverse("students:demand_detail", args=[demand.pk])


@login_required
@permission_required("students.view_positiondemand", raise_exception=True)
def demand_list(request: HttpRequest) -> HttpResponse:
    # The base's total for the year and the minimum of the agreement in force that year, beside each demand.
    year_total = (
        PositionDemand.objects.filter(base=OuterRef("base"), year=OuterRef("year"))
        .order_by()
        .values("base")
        .annotate(n=Sum("count"))
        .values("n")[:1]
    )
    minimum = Agreement.objects.filter(
        base=OuterRef("base"), effective_from__year__lte=OuterRef("year"), in_force_until__year__gte=OuterRef("year")
    ).order_by("-effective_from")
    demands = (
        demands_visible_to(request.user)
        .select_related("base")
        .annotate(
            year_total=Subquery(year_total),
            year_minimum=Subquery(minimum.values("min_students_per_year")[:1]),
            accepted=Count("selections", filter=Q(selections__status=Selection.Status.ACCEPTED)),
        )
    )
    filterset = DemandFilter(request.GET, queryset=demands, request=request)
    demands = filterset.qs.order_by("-year", "base__name", "title")
    if wants_export(request):
        return _demand_list_export(demands)
    page = paginate(request, demands)
    return render(
        request,
        "students/demand_list.html",
        {"filter": filterset, "page": page, "can_post": request.user.has_perm("students.add_positiondemand")},
    )


def _demand_list_export(demands: QuerySet[PositionDemand]) -> HttpResponse:
    headers = [
        _("Demand ID"),
        _("Year"),
        _("Base ID"),
        _("Base"),
        _("Job position"),
        _("Positions"),
        _("Accepted"),
        _("Year's total"),
        _("Agreement's minimum per year"),
    ]
    rows = (
        [
            demand.pk,
            demand.year,
            demand.base_id,
            demand.base.name,
            demand.title,
            demand.count,
            demand.accepted,  # type: ignore[attr-defined]
            demand.year_total,  # type: ignore[attr-defined]
            demand.year_minimum,  # type: ignore[attr-defined]
        ]
        for demand in demands.iterator(chunk_size=EXPORT_CHUNK_SIZE)
    )
    return list_export(_("Position demands"), headers, rows)


@login_required
@permission_required("students.add_positiondemand", raise_exception=True)
def demand_create(request: HttpRequest) -> HttpResponse:
    bases = bases_managed_by(request.user).order_by("name")
    form = forms.DemandForm(request.POST or None, bases=bases, initial={"year": timezone.localdate().year})
    return handle_form(
        request,
        form,
        lambda data: services.demand_post(posted_by=request.user, **data),
        context={"title": _("Post a position demand"), "cancel_url": reverse("students:demand_list")},
        success_url=demand_url,
        success_message=_("The position demand has been posted."),
    )


@login_required
@permission_required("students.view_positiondemand", raise_exception=True)
def demand_detail(request: HttpRequest, pk: int) -> HttpResponse:
    demand = get_object_or_404(demands_visible_to(request.user).select_related("base", "posted_by"), pk=pk)
    selections = selections_visible_to(request.user).filter(demand=demand).select_related("student", "selected_by")
    return render(
        request,
        "students/demand_detail.html",
        {
            "demand": demand,
            "selections": selections.order_by("status", "student__student_no"),
            "can_select": request.user.has_perm("students.add_selection"),
            "can_answer": may_act_on_base(request.user, demand.base, "students.answer_selection"),
        },
    )


@login_required
def selection_create(request: HttpRequest, pk: int) -> HttpResponse:
    demand = get_object_or_404(demands_visible_to(request.user).select_related("base"), pk=pk)
    if not request.user.has_perm("students.add_selection"):
        raise PermissionDenied
    students = students_visible_to(request.user).exclude(selections__demand=demand).order_by("student_no")
    form = forms.SelectionForm(request.POST or None, students=students)
    return handle_form(
        request,
        form,
        lambda data: services.selection_propose(demand=demand, selected_by=request.user, **data),
        context={
            "title": _("Select a student for %(demand)s") % {"demand": demand.title},
            "crumbs": [(demand_url(demand), demand.title)],
            "cancel_url": demand_url(demand),
        },
        success_url=demand_url(demand),
        success_message=_("The student has been selected; the base is asked to accept."),
    )


def _selection_for_answer(request: HttpRequest, pk: int) -> Selection:
    selection = get_object_or_404(selections_visible_to(request.user).select_related("demand__base", "student"), pk=pk)
    if not may_act_on_base(request.user, selection.demand.base, "students.answer_selection"):
        raise PermissionDenied
    return selection


@login_required
def selection_accept(request: HttpRequest, pk: int) -> HttpResponse:
    selection = _selection_for_answer(request, pk)
    base = selection.demand.base
    appointed = current_appointments(timezone.localdate()).filter(base=base).values("mentor")
    mentors = Mentor.objects.filter(pk__in=appointed).order_by("full_name")
    form = forms.AcceptForm(request.POST or None, mentors=mentors)
    return handle_form(
        request,
        form,
        lambda data: services.selection_accept(selection=selection, answered_by=request.user, **data),
        context={
            "title": _("Accept %(student)s") % {"student": selection.student},
            "intro": ""
            if selection.eligible_by_default
            else _("This student is outside the default group (full-time, non-directed, professional degree)."),
            "crumbs": [(demand_url(selection.demand), selection.demand.title)],
            "cancel_url": demand_url(selection.demand),
        },
        success_url=lambda placement: reverse("students:student_detail", args=[placement.student_id]),
        success_message=_("The student has been accepted and placed at the base."),
    )


@login_required
def selection_decline(request: HttpRequest, pk: int) -> HttpResponse:
    selection = _selection_for_answer(request, pk)
    form = forms.DeclineForm(request.POST or None)
    return handle_form(
        request,
        form,
        lambda data: services.selection_decline(selection=selection, answered_by=request.user, **data),
        context={
            "title": _("Decline %(student)s") % {"student": selection.student},
            "crumbs": [(demand_url(selection.demand), selection.demand.title)],
            "cancel_url": demand_url(selection.demand),
            "submit_label": _("Decline"),
            "danger": True,
        },
        success_url=demand_url(selection.demand),
        success_message=_("The selection has been declined."),
    )
