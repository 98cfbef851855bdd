"""Position demands and the selection of students for them."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from agreements.models import TrainingBase
from base_portal import rules
from mentors.models import Mentor
from students.models import Placement, PositionDemand, Selection, Student

from .records import placement_create


def student_is_eligible_by_default(student: Student) -> bool:
    """Full-time, non-directed, professional-degree students are eligible without special consent."""
    return rules.eligible_by_default(
        full_time=student.study_mode == Student.StudyMode.FULL_TIME,
        non_directed=student.employment_type == Student.EmploymentType.NON_DIRECTED,
        professional_degree=student.degree_type == Student.DegreeType.PROFESSIONAL,
    )


@transaction.atomic
def demand_post(
    *,
    base: TrainingBase,
    year: int,
    title: str,
    count: int,
    requirements: str = "",
    description: str = "",
    posted_by: User | None = None,
) -> PositionDemand:
    """Party B posts positions for a year."""
    demand = PositionDemand(
        base=base,
        year=year,
        title=title.strip(),
        count=count,
        requirements=requirements,
        description=description,
        posted_by=posted_by,
    )
    demand.full_clean()
    demand.save()
    return demand


@transaction.atomic
def selection_propose(
    *, demand: PositionDemand, student: Student, selected_by: User, party_a_consent: str = ""
) -> Selection:
    """Party A selects a student for a demand; outside the default group, its consent is recorded."""
    eligible = student_is_eligible_by_default(student)
    if not eligible and not party_a_consent.strip():
        raise ValidationError(
            {
                "party_a_consent": _(
                    "%(student)s is not a full-time, non-directed, professional-degree student: record Party A's "
                    "consent to select them."
                )
                % {"student": student}
            }
        )
    if Selection.objects.filter(demand=demand, student=student).exists():
        raise ValidationError({"student": _("This student has already been selected for this position.")})
    selection = Selection(
        demand=demand,
        student=student,
        eligible_by_default=eligible,
        party_a_consent=party_a_consent.strip(),
        selected_by=selected_by,
    )
    selection.full_clean()
    selection.save()
    return selection


def _proposed(selection: Selection) -> Selection:
    locked = Selection.objects.select_for_update().select_related("demand__base", "student").get(pk=selection.pk)
    if locked.status != Selection.Status.PROPOSED:
        raise ValidationError(_("The base has already answered this selection."))
    return locked


@transaction.atomic
def selection_accept(
    *,
    selection: Selection,
    answered_by: User,
    cooperative_mentor: Mentor | None = None,
    party_b_consent: str = "",
    today: dt.date | None = None,
) -> Placement:
    """Party B accepts a selected student: a placement is created at the base, in the coursework stage."""
    today = today or timezone.localdate()
    selection = _proposed(selection)
    demand = PositionDemand.objects.select_for_update().get(pk=selection.demand_id)
    if not selection.eligible_by_default and not party_b_consent.strip():
        raise ValidationError(
            {"party_b_consent": _("This student is outside the default group: record Party B's consent.")}
        )
    taken = demand.selections.filter(status=Selection.Status.ACCEPTED).count()
    if taken >= demand.count:
        raise ValidationError(_("All %(count)s positions of this demand are already filled.") % {"count": demand.count})
    placement = placement_create(
        student=selection.student,
        base=demand.base,
        demand=demand,
        cooperative_mentor=cooperative_mentor,
        stage=Placement.Stage.COURSEWORK,
        today=today,
    )
    selection.status = Selection.Status.ACCEPTED
    selection.party_b_consent = party_b_consent.strip()
    selection.answered_by = answered_by
    selection.answered_on = today
    selection.full_clean()
    selection.save()
    return placement


@transaction.atomic
def selection_decline(
    *, selection: Selection, answered_by: User, reason: str, today: dt.date | None = None
) -> Selection:
    """Party B declines a selected student, with a reason."""
    selection = _proposed(selection)
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for declining.")})
    selection.status = Selection.Status.DECLINED
    selection.decline_reason = reason.strip()
    selection.answered_by = answered_by
    selection.answered_on = today or timezone.localdate()
    selection.save()
    return selection
