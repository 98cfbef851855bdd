"""The home page: what the user may reach, at a glance, and where to go next.

The graduate office gets a link to its dashboard; base administrators, cooperative mentors and
students get their own dashboard; every other role keeps the counts of what it can open.
"""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from accounts.roles import SCOPE_ALL, Role, has_role
from agreements.selectors import bases_visible_to
from mentors.selectors import mentors_visible_to
from oversight import selectors as dashboards
from students.models import Placement
from students.selectors import placements_visible_to, students_visible_to


def _counts(user: Any) -> tuple[dict[str, int], list[tuple[Any, int]]]:
    """How many bases, students and mentors the user can open, and placements by stage."""
    counts: dict[str, int] = {}
    stages: list[tuple[Any, int]] = []
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
    return counts, stages


@login_required
def home(request: HttpRequest) -> HttpResponse:
    from students.views.placements import party_of

    user = request.user
    today = timezone.localdate()
    context: dict[str, Any] = {"today": today, "counts": {}, "stages": []}
    context["office"] = user.has_perm(SCOPE_ALL)
    if has_role(user, Role.BASE_ADMIN):
        context["base_admin"] = dashboards.base_admin_dashboard(user, today, party_of(user))
    if has_role(user, Role.MENTOR):
        context["mentor"] = dashboards.mentor_dashboard(user, today)
    if has_role(user, Role.STUDENT):
        context["student"] = dashboards.student_dashboard(user, today)
    if context["office"] or not any(key in context for key in ("base_admin", "mentor", "student")):
        context["counts"], context["stages"] = _counts(user)
    return render(request, "home.html", context)
