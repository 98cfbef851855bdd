"""The home page: what the user may reach, at a glance, and where to go next."""

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from agreements.selectors import bases_visible_to
from mentors.selectors import mentors_visible_to
from students.models import Placement
from students.selectors import placements_visible_to, students_visible_to


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    counts: dict[str, int] = {}
    stages: list[tuple[str, int]] = []
    if user.has_perm("agreements.view_trainingbase"):
        counts["bases"] = bases_visible_to(user).count()
    if user.has_perm("students.view_student"):
        counts["students"] = students_visible_to(user).count()
        per_stage = dict(
            placements_visible_to(user)
            .order_by()
            .values_list("stage")
            .annotate(n=Count("pk"))
            .values_list("stage", "n")
        )
        stages = [(label, per_stage.get(value, 0)) for value, label in Placement.Stage.choices]
    if user.has_perm("mentors.view_mentor"):
        counts["mentors"] = mentors_visible_to(user).count()
    return render(request, "home.html", {"counts": counts, "stages": stages})
