"""Pages of mentors. Every read goes through ``selectors``; a mentor out of scope is a 404."""

from django.contrib.auth.decorators import login_required, permission_required
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from base_portal.pagination import paginate
from students.selectors import placements_visible_to

from .filters import MentorFilter
from .selectors import mentors_visible_to


@login_required
@permission_required("mentors.view_mentor", raise_exception=True)
def mentor_list(request: HttpRequest) -> HttpResponse:
    mentors = mentors_visible_to(request.user).select_related("organisation", "college", "base")
    filterset = MentorFilter(request.GET, queryset=mentors)
    page = paginate(request, filterset.qs.order_by("kind", "full_name"))
    return render(request, "mentors/mentor_list.html", {"filter": filterset, "page": page})


@login_required
@permission_required("mentors.view_mentor", raise_exception=True)
def mentor_detail(request: HttpRequest, pk: int) -> HttpResponse:
    mentor = get_object_or_404(
        mentors_visible_to(request.user).select_related("organisation", "college", "base"), pk=pk
    )
    placements = (
        placements_visible_to(request.user)
        .filter(Q(cooperative_mentor=mentor) | Q(student__supervisor=mentor))
        .select_related("student", "base")
        .order_by("student__student_no")
    )
    return render(request, "mentors/mentor_detail.html", {"mentor": mentor, "placements": placements})
