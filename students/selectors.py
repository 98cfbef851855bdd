"""Reads of students and placements, scoped to the user."""

from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from accounts.scopes import NOTHING, is_active_user, scoped, sees_everything
from agreements.selectors import administered_base_ids

from .models import Placement, Student


def placements_visible_to(user: Any) -> QuerySet[Placement]:
    """Placements the user may see: by college, supervisor, mentor, own record or administered base."""
    placements = Placement.objects.all()
    if not is_active_user(user):
        return placements.none()
    if sees_everything(user):
        return placements
    return placements.filter(
        scoped(
            user,
            administered=Q(base__in=administered_base_ids(user)),
            college=Q(student__college_id=user.college_id) if user.college_id else NOTHING,
            supervised=Q(student__supervisor__user=user),
            mentored=Q(cooperative_mentor__user=user),
            own=Q(student__user=user),
        )
    )


def students_visible_to(user: Any) -> QuerySet[Student]:
    """Students the user may see; a student reached through a placement counts once."""
    students = Student.objects.all()
    if not is_active_user(user):
        return students.none()
    if sees_everything(user):
        return students
    placed = Placement.objects.filter(student=OuterRef("pk"))
    return students.filter(
        scoped(
            user,
            administered=Exists(placed.filter(base__in=administered_base_ids(user))),
            college=Q(college_id=user.college_id) if user.college_id else NOTHING,
            supervised=Q(supervisor__user=user),
            mentored=Exists(placed.filter(cooperative_mentor__user=user)),
            own=Q(user=user),
        )
    )
