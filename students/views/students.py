"""Pages of students. Every read goes through ``selectors``; a student out of scope is a 404."""

from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from base_portal.exports import wants_export
from base_portal.pagination import paginate
from students.filters import StudentFilter
from students.models import Placement
from students.selectors import placements_visible_to, students_visible_to
from students.views_import import student_export_response


@login_required
@permission_required("students.view_student", raise_exception=True)
def student_list(request: HttpRequest) -> HttpResponse:
    if wants_export(request):
        # The same filters and scope as below; the columns are the import's, so the file reads back in.
        return student_export_response(request)
    students = students_visible_to(request.user).select_related("college", "supervisor")
    filterset = StudentFilter(request.GET, queryset=students, request=request)
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


# The steps offered on each stage, in the order a placement goes through them.
STEPS_BY_STAGE = {
    Placement.Stage.COURSEWORK: ["coursework", "plan", "safety", "insurance", "start"],
    Placement.Stage.PRACTICE: ["insurance", "notice", "finish", "appraisal", "award", "disclosure"],
    Placement.Stage.THESIS: ["topic", "confidentiality", "proposal", "defence", "appraisal", "award", "disclosure"],
}


@login_required
@permission_required("students.view_student", raise_exception=True)
def student_detail(request: HttpRequest, pk: int) -> HttpResponse:
    from .placements import STEPS, party_of

    user = request.user
    student = get_object_or_404(
        students_visible_to(user).select_related("college", "supervisor", "user"),
        pk=pk,
    )
    placements = list(
        placements_visible_to(user)
        .filter(student=student)
        .select_related("base", "cooperative_mentor", "demand", "safety_agreement", "confidentiality", "appraisal")
        .prefetch_related("insurance_policies", "notices", "awards", "disclosures")
        .order_by("-created_at")
    )
    for placement in placements:
        placement.steps = [  # type: ignore[attr-defined]
            (name, STEPS[name].title)
            for name in STEPS_BY_STAGE[Placement.Stage(placement.stage)]
            if user.has_perm(STEPS[name].permission)
        ]
    return render(
        request,
        "students/student_detail.html",
        {
            "student": student,
            "placements": placements,
            "today": timezone.localdate(),
            "my_party": party_of(user),
            "can_acknowledge": user.has_perm("students.acknowledge_notice"),
            "can_decide_disclosure": user.has_perm("students.decide_disclosure"),
        },
    )


@login_required
def my_record(request: HttpRequest) -> HttpResponse:
    """A student's own record: their stages, deadlines and documents."""
    student = get_object_or_404(students_visible_to(request.user), user=request.user)
    return redirect("students:student_detail", pk=student.pk)
