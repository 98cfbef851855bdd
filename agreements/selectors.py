"""Reads of bases and agreements, scoped to the user."""

from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from accounts.scopes import is_active_user, scoped, sees_everything

from .models import Agreement, BaseGroupObjectPermission, BaseUserObjectPermission, TrainingBase

MANAGE_BASE = "manage_base"


def administered_base_ids(user: Any) -> QuerySet[TrainingBase, Any]:
    """Ids of the bases the user administers through guardian grants (as a lazy subquery)."""
    direct = BaseUserObjectPermission.objects.filter(user=user, permission__codename=MANAGE_BASE).values(
        "content_object_id"
    )
    via_group = BaseGroupObjectPermission.objects.filter(group__user=user, permission__codename=MANAGE_BASE).values(
        "content_object_id"
    )
    return TrainingBase.objects.filter(Q(pk__in=direct) | Q(pk__in=via_group)).values("pk")


def bases_visible_to(user: Any) -> QuerySet[TrainingBase]:
    """The bases the user may see: all for the office, their own for everyone else."""
    from students.models import Placement

    bases = TrainingBase.objects.all()
    if not is_active_user(user):
        return bases.none()
    if sees_everything(user):
        return bases
    placed = Placement.objects.filter(base=OuterRef("pk"))
    q = scoped(
        user,
        administered=Q(pk__in=administered_base_ids(user)),
        college=Exists(placed.filter(student__college_id=user.college_id)) if user.college_id else Q(pk__in=[]),
        supervised=Exists(placed.filter(student__supervisor__user=user)),
        mentored=Q(mentors__user=user) | Exists(placed.filter(cooperative_mentor__user=user)),
        own=Exists(placed.filter(student__user=user)),
    )
    return bases.filter(pk__in=TrainingBase.objects.filter(q).values("pk"))


def agreements_visible_to(user: Any) -> QuerySet[Agreement]:
    """Agreements of the bases the user may see."""
    return Agreement.objects.filter(base__in=bases_visible_to(user).values("pk"))
