"""State changes of mentors: recommendation, appointment, training, assessment, remuneration."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import College, Organisation, User
from agreements.models import TrainingBase
from base_portal.choices import FourLevelGrade

from .criteria import criteria_check, meets_all
from .models import (
    Appointment,
    AppointmentCriteria,
    Mentor,
    MentorAssessment,
    MentorRecommendation,
    MentorTraining,
    RemunerationRecord,
)
from .selectors import appointment_criteria, current_appointments


@transaction.atomic
def mentor_create(
    *,
    kind: Mentor.Kind,
    full_name: str,
    organisation: Organisation,
    staff_no: str | None = None,
    college: College | None = None,
    base: TrainingBase | None = None,
    user: User | None = None,
    title: str = "",
    title_level: str = "",
    degree: str = "",
    years_of_experience: int | None = None,
    field: str = "",
    phone: str = "",
    email: str = "",
) -> Mentor:
    """Record a supervisor (with a college) or a cooperative mentor (with a base)."""
    mentor = Mentor(
        kind=kind,
        full_name=full_name,
        organisation=organisation,
        staff_no=staff_no or None,
        college=college,
        base=base,
        user=user,
        title=title,
        title_level=title_level,
        degree=degree,
        years_of_experience=years_of_experience,
        field=field,
        phone=phone,
        email=email,
    )
    mentor.full_clean()
    mentor.save()
    return mentor


@transaction.atomic
def criteria_update(
    *, min_title_level: str, min_degree: str, min_years_of_experience: int, notes: str = ""
) -> AppointmentCriteria:
    """Set Party A's requirements for cooperative mentors (there is one current set)."""
    criteria = AppointmentCriteria.objects.select_for_update().order_by("pk").first() or AppointmentCriteria()
    criteria.min_title_level = min_title_level
    criteria.min_degree = min_degree
    criteria.min_years_of_experience = min_years_of_experience
    criteria.notes = notes
    criteria.full_clean()
    criteria.save()
    return criteria


@transaction.atomic
def recommendation_create(
    *,
    base: TrainingBase,
    recommended_by: User,
    full_name: str,
    title: str,
    title_level: str,
    degree: str,
    years_of_experience: int,
    field: str,
    cv: UploadedFile,
    phone: str = "",
    email: str = "",
    reason: str = "",
) -> MentorRecommendation:
    """A base recommends a candidate cooperative mentor, with a CV."""
    recommendation = MentorRecommendation(
        base=base,
        recommended_by=recommended_by,
        full_name=full_name.strip(),
        title=title.strip(),
        title_level=title_level,
        degree=degree,
        years_of_experience=years_of_experience,
        field=field.strip(),
        phone=phone,
        email=email,
        reason=reason,
        cv=cv,
    )
    recommendation.full_clean()
    recommendation.save()
    return recommendation


def _pending(recommendation: MentorRecommendation) -> MentorRecommendation:
    locked = MentorRecommendation.objects.select_for_update().select_related("base").get(pk=recommendation.pk)
    if locked.status != MentorRecommendation.Status.PENDING:
        raise ValidationError(_("This recommendation has already been decided."))
    return locked


@transaction.atomic
def recommendation_appoint(
    *,
    recommendation: MentorRecommendation,
    starts_on: dt.date,
    ends_on: dt.date,
    letter_number: str,
    decided_by: User,
    exception_reason: str = "",
    today: dt.date | None = None,
) -> Appointment:
    """Appoint a recommended candidate: a mentor record and their first appointment.

    A candidate who does not meet every criterion can be appointed only with the reason on record.
    """
    recommendation = _pending(recommendation)
    results = criteria_check(
        appointment_criteria(),
        title_level=recommendation.title_level,
        degree=recommendation.degree,
        years_of_experience=recommendation.years_of_experience,
    )
    if not meets_all(results) and not exception_reason.strip():
        raise ValidationError(
            {
                "exception_reason": _(
                    "The candidate does not meet every criterion: give the reason for appointing anyway."
                )
            }
        )
    base = recommendation.base
    mentor = mentor_create(
        kind=Mentor.Kind.COOPERATIVE,
        full_name=recommendation.full_name,
        organisation=base.enterprise,
        base=base,
        title=recommendation.title,
        title_level=recommendation.title_level,
        degree=recommendation.degree,
        years_of_experience=recommendation.years_of_experience,
        field=recommendation.field,
        phone=recommendation.phone,
        email=recommendation.email,
    )
    appointment = appointment_create(
        mentor=mentor,
        starts_on=starts_on,
        ends_on=ends_on,
        letter_number=letter_number,
        appointed_by=decided_by,
        recommendation=recommendation,
    )
    recommendation.status = MentorRecommendation.Status.APPOINTED
    recommendation.mentor = mentor
    recommendation.decided_by = decided_by
    recommendation.decided_on = today or timezone.localdate()
    recommendation.decision_reason = exception_reason.strip()
    recommendation.save()
    return appointment


@transaction.atomic
def recommendation_reject(
    *, recommendation: MentorRecommendation, reason: str, decided_by: User, today: dt.date | None = None
) -> MentorRecommendation:
    """Reject a recommended candidate, with the reason the base will read."""
    recommendation = _pending(recommendation)
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the rejection.")})
    recommendation.status = MentorRecommendation.Status.REJECTED
    recommendation.decision_reason = reason.strip()
    recommendation.decided_by = decided_by
    recommendation.decided_on = today or timezone.localdate()
    recommendation.full_clean()
    recommendation.save()
    return recommendation


@transaction.atomic
def appointment_create(
    *,
    mentor: Mentor,
    starts_on: dt.date,
    ends_on: dt.date,
    letter_number: str,
    appointed_by: User | None = None,
    recommendation: MentorRecommendation | None = None,
) -> Appointment:
    """Appoint a cooperative mentor for a term; a re-appointment is another call, never an extension."""
    mentor = Mentor.objects.select_for_update().get(pk=mentor.pk)
    if mentor.kind != Mentor.Kind.COOPERATIVE or mentor.base_id is None:
        raise ValidationError(_("Only cooperative mentors of a base are appointed."))
    if ends_on < starts_on:
        raise ValidationError({"ends_on": _("The term cannot end before it starts.")})
    overlapping = mentor.appointments.filter(starts_on__lte=ends_on, ends_on__gte=starts_on).first()
    if overlapping is not None:
        raise ValidationError(
            {"starts_on": _("This term overlaps the appointment %(other)s.") % {"other": overlapping}}
        )
    appointment = Appointment(
        mentor=mentor,
        base_id=mentor.base_id,
        starts_on=starts_on,
        ends_on=ends_on,
        letter_number=letter_number.strip(),
        appointed_by=appointed_by,
        recommendation=recommendation,
    )
    appointment.full_clean()
    appointment.save()
    return appointment


def mentor_require_current_appointment(*, mentor: Mentor, base: TrainingBase, day: dt.date) -> None:
    """Refuse, with a clear message, to give a cooperative mentor new students without a current appointment."""
    if mentor.kind != Mentor.Kind.COOPERATIVE:
        raise ValidationError(_("%(mentor)s is not a cooperative mentor.") % {"mentor": mentor})
    if mentor.base_id != base.pk:
        raise ValidationError(
            _("%(mentor)s is not a cooperative mentor of %(base)s.") % {"mentor": mentor, "base": base}
        )
    if current_appointments(day).filter(mentor=mentor, base=base).exists():
        return
    last = mentor.appointments.filter(starts_on__lte=day).order_by("-ends_on").first()
    if last is None:
        raise ValidationError(
            _("%(mentor)s has not been appointed yet, so cannot be given students.") % {"mentor": mentor}
        )
    raise ValidationError(
        _("The appointment of %(mentor)s lapsed on %(day)s; re-appoint them before giving them new students.")
        % {"mentor": mentor, "day": last.ends_on}
    )


def _require_cooperative(mentor: Mentor) -> None:
    if mentor.kind != Mentor.Kind.COOPERATIVE:
        raise ValidationError(_("%(mentor)s is not a cooperative mentor.") % {"mentor": mentor})


@transaction.atomic
def training_record(*, mentor: Mentor, held_on: dt.date, topic: str, hours: Decimal) -> MentorTraining:
    """Record training Party A gave a cooperative mentor."""
    _require_cooperative(mentor)
    training = MentorTraining(mentor=mentor, held_on=held_on, topic=topic.strip(), hours=hours)
    training.full_clean()
    training.save()
    return training


@transaction.atomic
def mentor_assessment_record(
    *,
    mentor: Mentor,
    period_start: dt.date,
    period_end: dt.date,
    result: FourLevelGrade,
    comments: str = "",
    assessed_by: User | None = None,
) -> MentorAssessment:
    """Record Party A's assessment of a cooperative mentor for a period."""
    _require_cooperative(mentor)
    assessment = MentorAssessment(
        mentor=mentor,
        period_start=period_start,
        period_end=period_end,
        result=result,
        comments=comments,
        assessed_by=assessed_by,
    )
    assessment.full_clean()
    assessment.save()
    return assessment


@transaction.atomic
def remuneration_record(
    *,
    mentor: Mentor,
    period_start: dt.date,
    period_end: dt.date,
    basis: RemunerationRecord.Basis,
    quantity: Decimal,
    amount: Decimal,
    paid_on: dt.date | None = None,
    reference: str = "",
) -> RemunerationRecord:
    """Record remuneration for a period in which the mentor held an appointment."""
    appointment = (
        Appointment.objects.filter(mentor=mentor)
        .filter(Q(starts_on__lte=period_end) & Q(ends_on__gte=period_start))
        .order_by("-starts_on")
        .first()
    )
    if appointment is None:
        raise ValidationError(
            _("%(mentor)s held no appointment in this period; only appointed staff are paid.") % {"mentor": mentor}
        )
    record = RemunerationRecord(
        mentor=mentor,
        base_id=appointment.base_id,
        period_start=period_start,
        period_end=period_end,
        basis=basis,
        quantity=quantity,
        amount=amount,
        paid_on=paid_on,
        reference=reference.strip(),
    )
    record.full_clean()
    record.save()
    return record
