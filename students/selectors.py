"""Reads of students, placements, demands and practice records, scoped to the user."""

from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from accounts.scopes import NOTHING, is_active_user, scoped, sees_everything
from agreements.selectors import administered_base_ids, bases_visible_to

from .models import (
    DisclosureRequest,
    Placement,
    PositionDemand,
    PracticeAppraisal,
    PracticeNotice,
    Selection,
    Student,
)


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


def appraisals_visible_to(user: Any) -> QuerySet[PracticeAppraisal]:
    """Issued appraisals of the placements the user sees, with what their PDF prints; none without the right."""
    if not is_active_user(user) or not user.has_perm("students.view_practiceappraisal"):
        return PracticeAppraisal.objects.none()
    return PracticeAppraisal.objects.filter(placement__in=placements_visible_to(user).values("pk")).select_related(
        "placement__student__college",
        "placement__base__enterprise",
        "placement__cooperative_mentor",
        "placement__student__supervisor",
        "issued_by",
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


def may_act_on_placement(user: Any, placement: Placement, permission: str) -> bool:
    """The role allows the step and the placement is within the user's reach."""
    return user.has_perm(permission) and placements_visible_to(user).filter(pk=placement.pk).exists()


def demands_visible_to(user: Any) -> QuerySet[PositionDemand]:
    """Demands of the bases the user sees, for roles that read demands."""
    if not is_active_user(user) or not user.has_perm("students.view_positiondemand"):
        return PositionDemand.objects.none()
    return PositionDemand.objects.filter(base__in=bases_visible_to(user).values("pk"))


def selections_visible_to(user: Any) -> QuerySet[Selection]:
    """Selections for the demands the user sees."""
    if not user.has_perm("students.view_selection"):
        return Selection.objects.none()
    return Selection.objects.filter(demand__in=demands_visible_to(user).values("pk"))


def notices_visible_to(user: Any) -> QuerySet[PracticeNotice]:
    """Notices of visible placements."""
    if not is_active_user(user) or not user.has_perm("students.view_practicenotice"):
        return PracticeNotice.objects.none()
    return PracticeNotice.objects.filter(placement__in=placements_visible_to(user).values("pk"))


def disclosures_visible_to(user: Any) -> QuerySet[DisclosureRequest]:
    """Disclosure requests of visible placements."""
    if not is_active_user(user) or not user.has_perm("students.view_disclosurerequest"):
        return DisclosureRequest.objects.none()
    return DisclosureRequest.objects.filter(placement__in=placements_visible_to(user).values("pk"))
