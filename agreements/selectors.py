"""Reads of bases, agreements, governance records and evaluations, scoped to the user."""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery

from accounts.scopes import is_active_user, scoped, sees_everything

from .models import (
    Agreement,
    BaseGroupObjectPermission,
    BaseUserObjectPermission,
    EvaluationCycle,
    EvaluationMaterial,
    InnovationFund,
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


def with_acted_for(bases: QuerySet[TrainingBase], user: Any) -> QuerySet[TrainingBase]:
    """The bases, each annotated ``acted_for``: whether the user acts for it (in the same query)."""
    return bases.annotate(acted_for=Exists(bases_managed_by(user).filter(pk=OuterRef("pk"))))


def base_permissions(user: Any, base: TrainingBase, permissions: dict[str, str]) -> dict[str, bool]:
    """For each named permission, whether the user may act on ``base`` with it.

    No query for a base read ``with_acted_for``; otherwise one in all.
    """
    acted_for = getattr(base, "acted_for", None)
    if acted_for is None:
        acted_for = bases_managed_by(user).filter(pk=base.pk).exists()
    return {name: bool(acted_for) and user.has_perm(permission) for name, permission in permissions.items()}


@dataclass
class FundYear:
    """A year's innovation fund and the projects it finances."""

    year: int
    amount: Decimal
    projects: list[dict[str, Any]] = field(default_factory=list)


def funds_with_projects(base: TrainingBase) -> list[FundYear]:
    """The base's funds, the latest year first, each with its projects (one query: funds joined to projects)."""
    funds: dict[int, FundYear] = {}
    rows = (
        InnovationFund.objects.filter(base=base)
        .order_by("-year", "projects__title", "projects__pk")
        .values_list("pk", "year", "amount", "projects__title", "projects__leader", "projects__amount")
    )
    for pk, year, amount, title, leader, project_amount in rows:
        fund = funds.setdefault(pk, FundYear(year, amount))
        if title is not None:
            fund.projects.append({"title": title, "leader": leader, "amount": project_amount})
    return list(funds.values())


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
