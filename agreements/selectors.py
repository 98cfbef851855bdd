"""Reads of bases, agreements, governance records and evaluations, scoped to the user."""

import datetime as dt
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery

from accounts.scopes import is_active_user, scoped, sees_everything

from .models import (
    Agreement,
    BaseGroupObjectPermission,
    BaseUserObjectPermission,
    EvaluationCycle,
    EvaluationMaterial,
    TrainingBase,
)

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


def bases_managed_by(user: Any) -> QuerySet[TrainingBase]:
    """The bases the user acts for: every base for the office, their own for a base admin."""
    if not is_active_user(user):
        return TrainingBase.objects.none()
    if sees_everything(user):
        return TrainingBase.objects.all()
    return TrainingBase.objects.filter(pk__in=administered_base_ids(user))


def may_act_on_base(user: Any, base: TrainingBase, permission: str) -> bool:
    """The role allows ``permission`` and the user acts for ``base``."""
    return user.has_perm(permission) and bases_managed_by(user).filter(pk=base.pk).exists()


def base_permissions(user: Any, base: TrainingBase, permissions: dict[str, str]) -> dict[str, bool]:
    """For each named permission, whether the user may act on ``base`` with it (one query in all)."""
    acts_for_base = bases_managed_by(user).filter(pk=base.pk).exists()
    return {name: acts_for_base and user.has_perm(permission) for name, permission in permissions.items()}


def bases_with_status(user: Any, today: dt.date) -> QuerySet[TrainingBase]:
    """Visible bases with the last day of the agreement in force today and the next open evaluation."""
    in_force = Agreement.objects.filter(base=OuterRef("pk")).in_force_on(today)
    next_evaluation = EvaluationCycle.objects.filter(
        base=OuterRef("pk"), state__in=EvaluationCycle.OPEN_STATES
    ).order_by("due_on")
    return bases_visible_to(user).annotate(
        # The last day actually in force: an early termination shortens it.
        agreement_ends_on=Subquery(in_force.values("in_force_until")[:1]),
        next_evaluation_due=Subquery(next_evaluation.values("due_on")[:1]),
    )


def agreements_visible_to(user: Any) -> QuerySet[Agreement]:
    """Agreements of the bases the user may see, for roles that read agreements."""
    if not is_active_user(user) or not user.has_perm("agreements.view_agreement"):
        return Agreement.objects.none()
    return Agreement.objects.filter(base__in=bases_visible_to(user).values("pk"))


def evaluations_visible_to(user: Any) -> QuerySet[EvaluationCycle]:
    """Evaluations of the bases the user may see, for roles that read evaluations."""
    if not is_active_user(user) or not user.has_perm("agreements.view_evaluationcycle"):
        return EvaluationCycle.objects.none()
    return EvaluationCycle.objects.filter(base__in=bases_visible_to(user).values("pk"))


def evaluation_materials_visible_to(user: Any) -> QuerySet[EvaluationMaterial]:
    """Materials of the evaluations the user may see."""
    return EvaluationMaterial.objects.filter(cycle__in=evaluations_visible_to(user).values("pk"))
