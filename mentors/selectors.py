"""Reads of mentors, appointments, recommendations and remuneration, scoped to the user.

Beyond their own scope, a supervisor and a cooperative mentor see each other where they share
a student, so each can reach the other.
"""

import datetime as dt
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from accounts.scopes import NOTHING, is_active_user, scoped, sees_everything
from agreements.selectors import administered_base_ids

from .models import Appointment, AppointmentCriteria, Mentor, MentorRecommendation, RemunerationRecord


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


def current_appointments(day: dt.date) -> QuerySet[Appointment]:
    """Appointments whose term covers ``day``."""
    return Appointment.objects.filter(starts_on__lte=day, ends_on__gte=day)


def mentors_with_load(user: Any, day: dt.date) -> QuerySet[Mentor]:
    """Visible mentors with their current load and whether they hold an appointment today."""
    from students.models import Placement, Student

    practising = Placement.objects.filter(cooperative_mentor=OuterRef("pk"), stage=Placement.Stage.PRACTICE)
    supervised = Student.objects.filter(supervisor=OuterRef("pk"))
    latest_end = Appointment.objects.filter(mentor=OuterRef("pk")).order_by("-ends_on").values("ends_on")[:1]
    return mentors_visible_to(user).annotate(
        mentoring=_count(practising, "cooperative_mentor"),
        supervising=_count(supervised, "supervisor"),
        appointed=Exists(current_appointments(day).filter(mentor=OuterRef("pk"))),
        last_appointment_end=Subquery(latest_end),
    )


def _count(related: QuerySet[Any], key: str) -> Coalesce:
    """A correlated COUNT subquery grouped on the key: no joins on the outer query, so no multiplied rows."""
    counted = related.order_by().values(key).annotate(n=Count("pk")).values("n")[:1]
    return Coalesce(Subquery(counted), 0)


def appointment_criteria() -> AppointmentCriteria:
    """The current criteria; the defaults apply until the office sets its own."""
    criteria = AppointmentCriteria.objects.order_by("pk").first()
    return criteria if criteria is not None else AppointmentCriteria()


def recommendations_visible_to(user: Any) -> QuerySet[MentorRecommendation]:
    """The office sees every recommendation; a base admin those of the bases they administer."""
    recommendations = MentorRecommendation.objects.all()
    if not is_active_user(user) or not user.has_perm("mentors.view_mentorrecommendation"):
        return recommendations.none()
    if sees_everything(user):
        return recommendations
    return recommendations.filter(base__in=administered_base_ids(user))


def appointments_visible_to(user: Any) -> QuerySet[Appointment]:
    """Appointments of visible mentors, for roles that read appointments."""
    if not is_active_user(user) or not user.has_perm("mentors.view_appointment"):
        return Appointment.objects.none()
    return Appointment.objects.filter(mentor__in=mentors_visible_to(user).values("pk"))


def remuneration_visible_to(user: Any) -> QuerySet[RemunerationRecord]:
    """The office sees all remuneration; a base admin that of their bases; a mentor their own."""
    records = RemunerationRecord.objects.all()
    if not is_active_user(user) or not user.has_perm("mentors.view_remunerationrecord"):
        return records.none()
    if sees_everything(user):
        return records
    return records.filter(Q(base__in=administered_base_ids(user)) | Q(mentor__user=user))
