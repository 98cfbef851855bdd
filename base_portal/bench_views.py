"""Baselines for `make bench`, served only when BENCH_VIEWS is set (never in production).

They are what the portal's pages are measured against in the same run: the framework's floor
(a view that returns a few bytes) and the floor for the student API's data (the same 100 rows
through ``.values()``, serialised by hand). Both require a login, like the pages they stand for.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse

from students.models import Student

VALUES_ROWS = 100


@login_required
def bare(request: HttpRequest) -> HttpResponse:
    return HttpResponse(b"ok", content_type="text/plain")


@login_required
def student_values(request: HttpRequest) -> JsonResponse:
    rows = list(
        Student.objects.order_by("updated_at", "id").values(
            "id",
            "student_no",
            "full_name",
            "college__code",
            "major",
            "degree_level",
            "degree_type",
            "study_mode",
            "employment_type",
            "enrolment_year",
            "supervisor__staff_no",
            "updated_at",
        )[:VALUES_ROWS]
    )
    return JsonResponse({"results": rows})
