"""Pages of mentors: lists with load, details with appointments, recommendations, remuneration."""

import datetime as dt
from collections.abc import Iterator
from typing import Any

from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.db.models import Case, Q, QuerySet, Sum, When
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from agreements.selectors import bases_managed_by
from base_portal import rules
from base_portal.exports import EXPORT_CHUNK_SIZE, list_export, wants_export, xlsx_response
from base_portal.files import serve_private_file
from base_portal.forms import handle_form
from base_portal.pagination import paginate
from base_portal.pdf import render_pdf
from students.selectors import placements_visible_to

from . import forms, services
from .criteria import criteria_check, meets_all
from .filters import MentorFilter, RecommendationFilter, RemunerationFilter
from .models import Mentor, MentorRecommendation
from .selectors import (
    appointment_criteria,
    appointments_visible_to,
    mentors_visible_to,
    mentors_with_load,
    recommendations_visible_to,
    remuneration_visible_to,
)

DECIDE = "mentors.decide_recommendation"


def mentor_url(mentor: Mentor) -> str:
    return reverse("mentors:mentor_detail", args=[mentor.pk])


@login_required
@permission_required("mentors.view_mentor", raise_exception=True)
def mentor_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    mentors = mentors_with_load(request.user, today).select_related("organisation", "college", "base")
    filterset = MentorFilter(request.GET, queryset=mentors, request=request)
    mentors = filterset.qs.order_by("kind", "full_name")
    if wants_export(request):
        return _mentor_list_export(mentors, today)
    page = paginate(request, mentors)
    return render(request, "mentors/mentor_list.html", {"filter": filterset, "page": page, "today": today})


def _appointment_label(mentor: Mentor, today: dt.date) -> str:
    """The list's appointment column in words (cooperative mentors only)."""
    if mentor.kind != Mentor.Kind.COOPERATIVE:
        return ""
    last_end = mentor.last_appointment_end  # type: ignore[attr-defined]
    if mentor.appointed:  # type: ignore[attr-defined]
        return _("Currently appointed")
    if last_end and last_end < today:
        return _("lapsed")
    if last_end:
        return _("not yet started")
    return _("not appointed")


def _mentor_list_export(mentors: QuerySet[Mentor], today: dt.date) -> HttpResponse:
    headers = [
        _("Mentor ID"),
        _("Name"),
        _("Kind"),
        _("Staff number"),
        _("Professional title"),
        _("College or base"),
        _("Base ID"),
        _("Appointment"),
        _("Last appointment ends"),
        _("Current load"),
    ]
    rows = (
        [
            mentor.pk,
            mentor.full_name,
            mentor.get_kind_display(),
            mentor.staff_no,
            mentor.title,
            mentor.base.name if mentor.base else (mentor.college.name if mentor.college else ""),
            mentor.base_id,
            _appointment_label(mentor, today),
            mentor.last_appointment_end,  # type: ignore[attr-defined]
            # Students in practice for a cooperative mentor, students supervised for a supervisor.
            mentor.mentoring if mentor.kind == Mentor.Kind.COOPERATIVE else mentor.supervising,  # type: ignore[attr-defined]
        ]
        for mentor in mentors.iterator(chunk_size=EXPORT_CHUNK_SIZE)
    )
    return list_export(_("Mentors"), headers, rows)


@login_required
@permission_required("mentors.view_mentor", raise_exception=True)
def mentor_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    today = timezone.localdate()
    mentor = get_object_or_404(mentors_visible_to(user).select_related("organisation", "college", "base"), pk=pk)
    placements = (
        placements_visible_to(user)
        .filter(Q(cooperative_mentor=mentor) | Q(student__supervisor=mentor))
        .select_related("student", "base")
        .order_by("student__student_no")
    )
    appointments = list(appointments_visible_to(user).filter(mentor=mentor).order_by("-starts_on"))
    for appointment in appointments:
        appointment.state = appointment.state_on(today)  # type: ignore[attr-defined]
    context: dict[str, Any] = {
        "mentor": mentor,
        "placements": placements,
        "appointments": appointments,
        "is_cooperative": mentor.kind == Mentor.Kind.COOPERATIVE,
        "currently_appointed": any(a.state == "current" for a in appointments),  # type: ignore[attr-defined]
        "only_upcoming": bool(appointments) and all(a.state == "upcoming" for a in appointments),  # type: ignore[attr-defined]
        "can_manage": user.has_perm("mentors.add_appointment"),
    }
    if user.has_perm("mentors.view_mentortraining"):
        context["trainings"] = mentor.trainings.order_by("-held_on")
        context["training_hours"] = mentor.trainings.aggregate(total=Sum("hours"))["total"]
    if user.has_perm("mentors.view_mentorassessment"):
        context["assessments"] = mentor.assessments.order_by("-period_start")
    if user.has_perm("mentors.view_remunerationrecord"):
        context["remuneration"] = remuneration_visible_to(user).filter(mentor=mentor).order_by("-period_start")[:12]
    return render(request, "mentors/mentor_detail.html", context)


def _mentor_for_office(request: HttpRequest, pk: int, permission: str) -> Mentor:
    mentor = get_object_or_404(mentors_visible_to(request.user), pk=pk)
    if not request.user.has_perm(permission):
        raise PermissionDenied
    return mentor


@login_required
def mentor_reappoint(request: HttpRequest, pk: int) -> HttpResponse:
    mentor = _mentor_for_office(request, pk, "mentors.add_appointment")
    form = forms.ReappointForm(request.POST or None)
    return handle_form(
        request,
        form,
        lambda data: services.appointment_create(mentor=mentor, appointed_by=request.user, **data),
        context={
            "title": _("Appoint %(mentor)s for a new term") % {"mentor": mentor},
            "intro": _("A re-appointment is a new appointment with its own letter; earlier terms stay on record."),
            "crumbs": [(mentor_url(mentor), mentor.full_name)],
            "cancel_url": mentor_url(mentor),
        },
        success_url=mentor_url(mentor),
        success_message=_("The appointment has been recorded."),
    )


@login_required
def appointment_letter(request: HttpRequest, pk: int) -> HttpResponse:
    appointment = get_object_or_404(
        appointments_visible_to(request.user).select_related("mentor", "base__university", "base__enterprise"), pk=pk
    )
    pdf = render_pdf("mentors/pdf/appointment_letter.html", {"appointment": appointment})
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="appointment-letter-{appointment.pk}.pdf"'
    return response


@login_required
def training_add(request: HttpRequest, pk: int) -> HttpResponse:
    mentor = _mentor_for_office(request, pk, "mentors.add_mentortraining")
    form = forms.TrainingForm(request.POST or None)
    return handle_form(
        request,
        form,
        lambda data: services.training_record(mentor=mentor, **data),
        context={
            "title": _("Record training"),
            "crumbs": [(mentor_url(mentor), mentor.full_name)],
            "cancel_url": mentor_url(mentor),
        },
        success_url=mentor_url(mentor),
        success_message=_("The training has been recorded."),
    )


@login_required
def assessment_add(request: HttpRequest, pk: int) -> HttpResponse:
    mentor = _mentor_for_office(request, pk, "mentors.add_mentorassessment")
    form = forms.MentorAssessmentForm(request.POST or None)
    return handle_form(
        request,
        form,
        lambda data: services.mentor_assessment_record(mentor=mentor, assessed_by=request.user, **data),
        context={
            "title": _("Record an assessment"),
            "crumbs": [(mentor_url(mentor), mentor.full_name)],
            "cancel_url": mentor_url(mentor),
        },
        success_url=mentor_url(mentor),
        success_message=_("The assessment has been recorded."),
    )


@login_required
@permission_required("mentors.change_appointmentcriteria", raise_exception=True)
def criteria_edit(request: HttpRequest) -> HttpResponse:
    current = appointment_criteria()
    form = forms.CriteriaForm(
        request.POST or None,
        initial={
            "min_title_level": current.min_title_level,
            "min_degree": current.min_degree,
            "min_years_of_experience": current.min_years_of_experience,
            "notes": current.notes,
        },
    )
    return handle_form(
        request,
        form,
        lambda data: services.criteria_update(**data),
        context={
            "title": _("Requirements for cooperative mentors"),
            "intro": _("Candidates are checked against these when the office reviews a recommendation."),
            "cancel_url": reverse("mentors:recommendation_list"),
        },
        success_url=reverse("mentors:recommendation_list"),
        success_message=_("The requirements have been saved."),
    )


# --- recommendations -----------------------------------------------------------------------------


@login_required
@permission_required("mentors.view_mentorrecommendation", raise_exception=True)
def recommendation_list(request: HttpRequest) -> HttpResponse:
    recommendations = recommendations_visible_to(request.user).select_related("base", "recommended_by")
    filterset = RecommendationFilter(request.GET, queryset=recommendations, request=request)
    # The office's queue first: pending recommendations, newest first, then the decided ones.
    pending_first = Case(When(status=MentorRecommendation.Status.PENDING, then=0), default=1)
    recommendations = filterset.qs.order_by(pending_first, "-created_at")
    if wants_export(request):
        return _recommendation_list_export(recommendations)
    page = paginate(request, recommendations)
    return render(
        request,
        "mentors/recommendation_list.html",
        {
            "filter": filterset,
            "page": page,
            "criteria": appointment_criteria(),
            "can_recommend": request.user.has_perm("mentors.add_mentorrecommendation"),
            "can_edit_criteria": request.user.has_perm("mentors.change_appointmentcriteria"),
        },
    )


def _recommendation_list_export(recommendations: QuerySet[MentorRecommendation]) -> HttpResponse:
    headers = [
        _("Recommendation ID"),
        _("Candidate"),
        _("Base ID"),
        _("Base"),
        _("Professional title"),
        _("Title level"),
        _("Highest degree"),
        _("Years of experience"),
        _("Field"),
        _("Recommended by"),
        _("Recommended on"),
        _("Status"),
        _("Decided on"),
    ]
    rows = (
        [
            r.pk,
            r.full_name,
            r.base_id,
            r.base.name,
            r.title,
            r.get_title_level_display(),
            r.get_degree_display(),
            r.years_of_experience,
            r.field,
            r.recommended_by.full_name if r.recommended_by else None,
            timezone.localdate(r.created_at),
            r.get_status_display(),
            r.decided_on,
        ]
        for r in recommendations.iterator(chunk_size=EXPORT_CHUNK_SIZE)
    )
    return list_export(_("Mentor recommendations"), headers, rows)


@login_required
@permission_required("mentors.add_mentorrecommendation", raise_exception=True)
def recommendation_create(request: HttpRequest) -> HttpResponse:
    bases = bases_managed_by(request.user).order_by("name")
    form = forms.RecommendationForm(request.POST or None, request.FILES or None, bases=bases)
    criteria = appointment_criteria()
    return handle_form(
        request,
        form,
        lambda data: services.recommendation_create(recommended_by=request.user, **data),
        context={
            "title": _("Recommend a cooperative mentor"),
            "aside": _(
                "Party A's requirements: title level %(title)s or above, %(degree)s degree or above, "
                "at least %(years)s years of experience. %(notes)s"
            )
            % {
                "title": criteria.get_min_title_level_display(),
                "degree": criteria.get_min_degree_display(),
                "years": criteria.min_years_of_experience,
                "notes": criteria.notes,
            },
            "cancel_url": reverse("mentors:recommendation_list"),
        },
        success_url=lambda r: reverse("mentors:recommendation_detail", args=[r.pk]),
        success_message=_("The recommendation has been sent to the graduate office."),
    )


def _recommendation(request: HttpRequest, pk: int) -> MentorRecommendation:
    return get_object_or_404(
        recommendations_visible_to(request.user).select_related("base", "recommended_by", "decided_by", "mentor"),
        pk=pk,
    )


def recommendation_url(recommendation: MentorRecommendation) -> str:
    return reverse("mentors:recommendation_detail", args=[recommendation.pk])


@login_required
def recommendation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    recommendation = _recommendation(request, pk)
    results = criteria_check(
        appointment_criteria(),
        title_level=recommendation.title_level,
        degree=recommendation.degree,
        years_of_experience=recommendation.years_of_experience,
    )
    return render(
        request,
        "mentors/recommendation_detail.html",
        {
            "recommendation": recommendation,
            "results": results,
            "meets_all": meets_all(results),
            "can_decide": request.user.has_perm(DECIDE)
            and recommendation.status == MentorRecommendation.Status.PENDING,
        },
    )


@login_required
def recommendation_cv(request: HttpRequest, pk: int) -> HttpResponse:
    return serve_private_file(_recommendation(request, pk).cv)


@login_required
def recommendation_appoint(request: HttpRequest, pk: int) -> HttpResponse:
    recommendation = _recommendation(request, pk)
    if not request.user.has_perm(DECIDE):
        raise PermissionDenied
    form = forms.AppointForm(request.POST or None)
    return handle_form(
        request,
        form,
        lambda data: services.recommendation_appoint(recommendation=recommendation, decided_by=request.user, **data),
        context={
            "title": _("Appoint %(name)s") % {"name": recommendation.full_name},
            "crumbs": [(recommendation_url(recommendation), recommendation.full_name)],
            "cancel_url": recommendation_url(recommendation),
            "submit_label": _("Appoint"),
        },
        success_url=lambda appointment: mentor_url(appointment.mentor),
        success_message=_("The mentor has been appointed; download the appointment letter from their page."),
    )


@login_required
def recommendation_reject(request: HttpRequest, pk: int) -> HttpResponse:
    recommendation = _recommendation(request, pk)
    if not request.user.has_perm(DECIDE):
        raise PermissionDenied
    form = forms.RejectForm(request.POST or None)
    return handle_form(
        request,
        form,
        lambda data: services.recommendation_reject(recommendation=recommendation, decided_by=request.user, **data),
        context={
            "title": _("Reject the recommendation of %(name)s") % {"name": recommendation.full_name},
            "crumbs": [(recommendation_url(recommendation), recommendation.full_name)],
            "cancel_url": recommendation_url(recommendation),
            "submit_label": _("Reject"),
            "danger": True,
        },
        success_url=recommendation_url(recommendation),
        success_message=_("The recommendation has been rejected; the base sees the reason."),
    )


# --- remuneration --------------------------------------------------------------------------------


def _remuneration(request: HttpRequest) -> RemunerationFilter:
    records = remuneration_visible_to(request.user).select_related("mentor", "base")
    return RemunerationFilter(request.GET, queryset=records, request=request)


@login_required
@permission_required("mentors.view_remunerationrecord", raise_exception=True)
def remuneration_list(request: HttpRequest) -> HttpResponse:
    if wants_export(request):
        # The same workbook as the export page, for the same filters.
        headers, rows = _remuneration_rows(request)
        return list_export(_("Mentor remuneration"), headers, rows)
    filterset = _remuneration(request)
    records = filterset.qs.order_by("-period_start", "base__name", "mentor__full_name")
    total = records.aggregate(total=Sum("amount"))["total"]
    return render(
        request,
        "mentors/remuneration_list.html",
        {
            "filter": filterset,
            "page": paginate(request, records),
            # SQLite sums Decimals without their scale; money is always shown to the fen.
            "total": total.quantize(rules.FEN) if total is not None else None,
            "can_add": request.user.has_perm("mentors.add_remunerationrecord"),
        },
    )


@login_required
@permission_required("mentors.view_remunerationrecord", raise_exception=True)
def remuneration_export(request: HttpRequest) -> HttpResponse:
    headers, rows = _remuneration_rows(request)
    return xlsx_response("remuneration.xlsx", str(_("Remuneration")), headers, rows)


def _remuneration_rows(request: HttpRequest) -> tuple[list[str], Iterator[list[Any]]]:
    """The columns and every filtered record, for the exports."""
    records = _remuneration(request).qs.order_by("base__name", "period_start", "mentor__full_name")
    headers = [
        _("Base"),
        _("Mentor"),
        _("Period starts"),
        _("Period ends"),
        _("Basis"),
        _("Quantity"),
        _("Amount (CNY)"),
        _("Paid on"),
        _("Payment reference"),
    ]
    rows = (
        [
            r.base.name,
            r.mentor.full_name,
            r.period_start,
            r.period_end,
            r.get_basis_display(),
            r.quantity,
            r.amount,
            r.paid_on,
            r.reference,
        ]
        for r in records.iterator(chunk_size=EXPORT_CHUNK_SIZE)
    )
    return headers, rows


@login_required
@permission_required("mentors.add_remunerationrecord", raise_exception=True)
def remuneration_add(request: HttpRequest) -> HttpResponse:
    form = forms.RemunerationForm(request.POST or None)
    return handle_form(
        request,
        form,
        lambda data: services.remuneration_record(**data),
        context={"title": _("Record remuneration"), "cancel_url": reverse("mentors:remuneration_list")},
        success_url=reverse("mentors:remuneration_list"),
        success_message=_("The remuneration has been recorded."),
    )
