"""Reads of mentors, scoped to the user.

Beyond their own scope, a supervisor and a cooperative mentor see each other where they share
a student, so each can reach the other.
"""

from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from accounts.scopes import NOTHING, is_active_user, scoped, sees_everything
from agreements.selectors import administered_base_ids

from .models import Mentor


def mentors_visible_to(user: Any) -> QuerySet[Mentor]:
    """Mentors the user may see."""
    from students.models import Placement

    mentors = Mentor.objects.all()
    if not is_active_user(user):
        return mentors.none()
    if sees_everything(user):
        return mentors
    # Placements in which this mentor is either the cooperative mentor or the student's supervisor.
    shared = Placement.objects.filter(Q(cooperative_mentor=OuterRef("pk")) | Q(student__supervisor=OuterRef("pk")))
    q = scoped(
        user,
        administered=Q(base__in=administered_base_ids(user))
        | Exists(shared.filter(base__in=administered_base_ids(user))),
        college=(Q(college_id=user.college_id) | Exists(shared.filter(student__college_id=user.college_id)))
        if user.college_id
        else NOTHING,
        supervised=Q(user=user) | Exists(shared.filter(student__supervisor__user=user)),
        mentored=Q(user=user) | Exists(shared.filter(cooperative_mentor__user=user)),
        own=Exists(shared.filter(student__user=user)),
    )
    return mentors.filter(q)
