"""Pages of students. Every read goes through ``selectors``; a student out of scope is a 404."""

from django.contrib.auth.decorators import login_required, permission_required
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from base_portal.pagination import paginate

from .filters import StudentFilter
from .models import Placement
from .selectors import placements_visible_to, students_visible_to


@login_required
@permission_required("students.view_student", raise_exception=True)
def student_list(request: HttpRequest) -> HttpResponse:
    students = students_visible_to(request.user).select_related("college", "supervisor")
    filterset = StudentFilter(request.GET, queryset=students)
    page = paginate(request, filterset.qs.order_by("student_no"))
    # One query for the stages of the students on this page, scoped like everything else.
    placements = (
        placements_visible_to(request.user)
        .filter(student__in=[s.pk for s in page.object_list])
        .select_related("base")
        .order_by("created_at")
    )
    by_student: dict[int, list[Placement]] = {}
    for placement in placements:
        by_student.setdefault(placement.student_id, []).append(placement)
    rows = [(student, by_student.get(student.pk, [])) for student in page.object_list]
    return render(request, "students/student_list.html", {"filter": filterset, "page": page, "rows": rows})


@login_required
@permission_required("students.view_student", raise_exception=True)
def student_detail(request: HttpRequest, pk: int) -> HttpResponse:
    student = get_object_or_404(
        students_visible_to(request.user)
        .select_related("college", "supervisor")
        .prefetch_related(
            Prefetch(
                "placements",
                queryset=placements_visible_to(request.user).select_related("base", "cooperative_mentor"),
            )
        ),
        pk=pk,
    )
    return render(request, "students/student_detail.html", {"student": student})
