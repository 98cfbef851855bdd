"""Pages of bases. Every read goes through ``selectors``; a base out of scope is a 404."""

from django.contrib.auth.decorators import login_required, permission_required
from django.db.models import Count, Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from base_portal.pagination import paginate
from mentors.selectors import mentors_visible_to
from students.selectors import placements_visible_to

from .filters import BaseFilter
from .models import Agreement
from .selectors import bases_visible_to


@login_required
@permission_required("agreements.view_trainingbase", raise_exception=True)
def base_list(request: HttpRequest) -> HttpResponse:
    bases = (
        bases_visible_to(request.user)
        .select_related("enterprise")
        .annotate(placement_count=Count("placements", distinct=True))
    )
    filterset = BaseFilter(request.GET, queryset=bases)
    page = paginate(request, filterset.qs.order_by("name"))
    return render(request, "agreements/base_list.html", {"filter": filterset, "page": page})


@login_required
@permission_required("agreements.view_trainingbase", raise_exception=True)
def base_detail(request: HttpRequest, pk: int) -> HttpResponse:
    base = get_object_or_404(
        bases_visible_to(request.user)
        .select_related("enterprise", "university")
        .prefetch_related(Prefetch("agreements", queryset=Agreement.objects.order_by("-created_at"))),
        pk=pk,
    )
    placements = (
        placements_visible_to(request.user)
        .filter(base=base)
        .select_related("student", "cooperative_mentor")
        .order_by("student__student_no")
    )
    mentors = mentors_visible_to(request.user).filter(base=base).order_by("full_name")
    return render(
        request,
        "agreements/base_detail.html",
        {"base": base, "placements": placements, "mentors": mentors},
    )
