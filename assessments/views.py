"""Pages of monthly assessments and allowances: the mentor's month, confirmation, ledger, statements."""

import datetime as dt
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet, Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from agreements.selectors import bases_managed_by, bases_visible_to
from base_portal import rules
from base_portal.exports import EXPORT_CHUNK_SIZE, list_export, wants_export, xlsx_response
from base_portal.forms import handle_form
from base_portal.pagination import paginate
from base_portal.pdf import render_pdf
from jobs.models import Job
from jobs.services import job_start
from students.selectors import placements_visible_to

from . import forms, services
from .ledger import DIRECT_EXPORT_ROWS, ledger_headers, ledger_payments, ledger_rows
from .models import MonthlyAssessment, WorkSummary, month_start
from .selectors import (
    assessments_visible_to,
    mentor_month_placements,
    overdue_assessments,
    payments_visible_to,
    policies_visible_to,
)

CONFIRM = "assessments.confirm_monthly_assessment"


def parse_month(value: str | None, default: dt.date) -> dt.date:
    """A YYYY-MM query value as the month's first day; anything else gives the default month."""
    try:
        return dt.datetime.strptime(value or "", "%Y-%m").date()  # noqa: DTZ007 - a calendar month, no time
    except ValueError:
        return month_start(default)


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except ValueError:
        return None


@login_required
@permission_required("assessments.write_monthly_assessment", raise_exception=True)
def month_page(request: HttpRequest) -> HttpResponse:
    """The mentor's month: every student in practice, saved together or not at all."""
    today = timezone.localdate()
    month = parse_month(request.GET.get("month") or request.POST.get("month"), rules.add_months(today, -1))
    placements = list(mentor_month_placements(request.user, month))
    existing = {a.placement_id: a for a in MonthlyAssessment.objects.filter(month=month, placement__in=placements)}
    summaries = {s.placement_id: s for s in WorkSummary.objects.filter(month=month, placement__in=placements)}
    errors: dict[int, list[str]] = {}
    posted: dict[int, dict[str, Any]] = {}
    status = 200
    if request.method == "POST":
        rows = []
        for placement in placements:
            locked = placement.pk in existing and existing[placement.pk].state == MonthlyAssessment.State.CONFIRMED
            if locked:
                continue  # confirmed rows are shown, not sent: the base has locked them
            values = {
                "attendance_days": request.POST.get(f"attendance_{placement.pk}", ""),
                "score": request.POST.get(f"score_{placement.pk}", ""),
                "work_summary": request.POST.get(f"summary_{placement.pk}", ""),
                "mentor_comments": request.POST.get(f"comments_{placement.pk}", ""),
            }
            posted[placement.pk] = values
            attendance, score = _int(values["attendance_days"]), _int(values["score"])
            if attendance is None or score is None:
                errors[placement.pk] = [_("Enter the attendance days and a score from 0 to 100.")]
                continue
            rows.append(
                services.MonthRow(
                    placement=placement,
                    attendance_days=attendance,
                    score=score,
                    work_summary=values["work_summary"],
                    mentor_comments=values["mentor_comments"],
                )
            )
        if not errors:
            try:
                services.month_save(mentor=request.user, month=month, rows=rows, submit="submit" in request.POST)
            except services.MonthSaveError as error:
                errors = error.by_placement
            else:
                messages.success(
                    request,
                    _("The month has been submitted to the base.")
                    if "submit" in request.POST
                    else _("Saved as draft."),
                )
                return redirect(f"{reverse('assessments:month_page')}?month={month:%Y-%m}")
        status = 400
        messages.error(request, _("Nothing was saved: correct the rows marked below."))
    rows_context = []
    for placement in placements:
        assessment = existing.get(placement.pk)
        values = posted.get(placement.pk) or {
            "attendance_days": assessment.attendance_days if assessment else "",
            "score": assessment.score if assessment else "",
            "work_summary": assessment.work_summary if assessment else "",
            "mentor_comments": assessment.mentor_comments if assessment else "",
        }
        rows_context.append(
            {
                "placement": placement,
                "assessment": assessment,
                "values": values,
                "errors": errors.get(placement.pk, []),
                "summary": summaries.get(placement.pk),
                "locked": assessment is not None and assessment.state == MonthlyAssessment.State.CONFIRMED,
                "days": rules.days_in_practice(month, placement.practice_start or month, placement.practice_end),
            }
        )
    return render(
        request,
        "assessments/month_page.html",
        {
            "month": month,
            "rows": rows_context,
            "previous": rules.add_months(month, -1),
            "next": rules.add_months(month, 1),
        },
        status=status,
    )


@login_required
@permission_required("assessments.view_monthlyassessment", raise_exception=True)
def assessment_list(request: HttpRequest) -> HttpResponse:
    assessments = assessments_visible_to(request.user).select_related("placement__student", "base")
    month = request.GET.get("month")
    if month:
        assessments = assessments.filter(month=parse_month(month, timezone.localdate()))
    state = request.GET.get("state")
    if state in MonthlyAssessment.State.values:
        assessments = assessments.filter(state=state)
    assessments = assessments.order_by("-month", "base__name", "placement__student__student_no")
    if wants_export(request):
        return _assessment_list_export(assessments)
    page = paginate(request, assessments)
    can_confirm = request.user.has_perm(CONFIRM)
    if request.method == "POST" and can_confirm:
        return _confirm_selected(request)
    return render(
        request,
        "assessments/assessment_list.html",
        {"page": page, "states": MonthlyAssessment.State.choices, "can_confirm": can_confirm},
    )


def _assessment_list_export(assessments: QuerySet[MonthlyAssessment]) -> HttpResponse:
    headers = [
        _("Assessment ID"),
        _("Month"),
        _("Student number"),
        _("Student"),
        _("Base ID"),
        _("Base"),
        _("Attendance days"),
        _("Score"),
        _("Grade"),
        _("State"),
        _("Confirmed on"),
    ]
    rows = (
        [
            a.pk,
            f"{a.month:%Y-%m}",
            a.placement.student.student_no,
            a.placement.student.full_name,
            a.base_id,
            a.base.name,
            a.attendance_days,
            a.score,
            a.get_grade_display(),
            a.get_state_display(),
            a.confirmed_on,
        ]
        for a in assessments.iterator(chunk_size=EXPORT_CHUNK_SIZE)
    )
    return list_export(_("Monthly assessments"), headers, rows)


def _confirm_selected(request: HttpRequest) -> HttpResponse:
    """Confirm the ticked assessments in one transaction: all of them, or none."""
    ids = [int(i) for i in request.POST.getlist("confirm") if i.isdigit()]
    managed = bases_managed_by(request.user).values("pk")
    chosen = list(assessments_visible_to(request.user).filter(pk__in=ids, base__in=managed))
    if len(chosen) != len(ids):
        raise Http404
    try:
        with transaction.atomic():
            for assessment in chosen:
                services.assessment_confirm(assessment=assessment, confirmed_by=request.user)
    except ValidationError as error:
        messages.error(request, _("Nothing was confirmed: %(error)s") % {"error": " ".join(error.messages)})
    else:
        messages.success(request, _("%(n)s assessments confirmed.") % {"n": len(chosen)})
    return redirect(request.get_full_path())


@login_required
@permission_required("assessments.view_monthlyassessment", raise_exception=True)
def assessment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = get_object_or_404(
        assessments_visible_to(request.user).select_related("placement__student", "base", "written_by", "confirmed_by"),
        pk=pk,
    )
    history = assessment.history.select_related("history_user").order_by("-history_date")
    return render(
        request,
        "assessments/assessment_detail.html",
        {
            "assessment": assessment,
            "history": history,
            "payment": getattr(assessment, "payment", None)
            if request.user.has_perm("assessments.view_allowancepayment")
            else None,
            "can_amend": request.user.has_perm(CONFIRM)
            and bases_managed_by(request.user).filter(pk=assessment.base_id).exists()
            and assessment.state == MonthlyAssessment.State.CONFIRMED,
        },
    )


@login_required
def assessment_amend(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = get_object_or_404(assessments_visible_to(request.user), pk=pk)
    if not request.user.has_perm(CONFIRM) or not bases_managed_by(request.user).filter(pk=assessment.base_id).exists():
        raise PermissionDenied
    form = forms.AmendForm(
        request.POST or None,
        initial={f: getattr(assessment, f) for f in services.AMENDABLE},
    )
    url = reverse("assessments:assessment_detail", args=[assessment.pk])
    return handle_form(
        request,
        form,
        lambda data: services.assessment_amend(assessment=assessment, amended_by=request.user, **data),
        context={"title": _("Amend a confirmed assessment"), "cancel_url": url},
        success_url=url,
        success_message=_("The assessment has been amended; both versions are in its history."),
    )


@login_required
@permission_required("assessments.view_allowancepolicy", raise_exception=True)
def policy_list(request: HttpRequest) -> HttpResponse:
    policies = (
        policies_visible_to(request.user)
        .select_related("base")
        .order_by("base__name", "degree_level", "-effective_from")
    )
    if wants_export(request):
        headers = [
            _("Policy ID"),
            _("Base ID"),
            _("Base"),
            _("Degree level"),
            _("Applies from"),
            _("Monthly amount (CNY)"),
            _("Extra for an excellent month (CNY)"),
            _("Amount for a failed month (CNY)"),
        ]
        rows = (
            [
                p.pk,
                p.base_id,
                p.base.name,
                p.get_degree_level_display(),
                p.effective_from,
                p.base_amount,
                p.excellent_bonus,
                p.failed_amount,
            ]
            for p in policies.iterator(chunk_size=EXPORT_CHUNK_SIZE)
        )
        return list_export(_("Allowance policies"), headers, rows)
    return render(
        request,
        "assessments/policy_list.html",
        {
            "page": paginate(request, policies),
            "can_add": request.user.has_perm("assessments.add_allowancepolicy"),
            "floor_master": rules.ALLOWANCE_FLOOR_MASTER,
            "floor_doctoral": rules.ALLOWANCE_FLOOR_DOCTORAL,
        },
    )


@login_required
@permission_required("assessments.add_allowancepolicy", raise_exception=True)
def policy_create(request: HttpRequest) -> HttpResponse:
    form = forms.PolicyForm(request.POST or None, bases=bases_managed_by(request.user).order_by("name"))
    return handle_form(
        request,
        form,
        lambda data: services.policy_set(**data),
        context={
            "title": _("Set the living allowance"),
            "intro": _("At least 1000 CNY a month for master's and 2000 CNY for doctoral students."),
            "cancel_url": reverse("assessments:policy_list"),
        },
        success_url=reverse("assessments:policy_list"),
        success_message=_("The allowance policy has been saved."),
    )


def _ledger(request: HttpRequest) -> tuple[Any, dt.date, Any]:
    month = parse_month(request.GET.get("month"), rules.add_months(timezone.localdate(), -1))
    base_id = _int(request.GET.get("base"))
    return ledger_payments(request.user, month, base_id), month, base_id


@login_required
@permission_required("assessments.view_allowancepayment", raise_exception=True)
def ledger(request: HttpRequest) -> HttpResponse:
    payments, month, base_id = _ledger(request)
    if wants_export(request):
        # The same workbook as the export page, for the same month and base.
        return _ledger_export(request, payments, month, base_id)
    payments = payments.order_by("base__name", "placement__student__student_no")
    page = paginate(request, payments, per_page=100)
    return render(
        request,
        "assessments/ledger.html",
        {
            "page": page,
            "month": month,
            "base_id": base_id,
            "bases": bases_visible_to(request.user).order_by("name"),
            # SQLite sums Decimals without their scale; money is always shown to the fen.
            "total": (payments.aggregate(total=Sum("amount"))["total"] or Decimal("0")).quantize(rules.FEN),
            "can_pay": request.user.has_perm("assessments.change_allowancepayment"),
            "export_in_background": page.paginator.count > DIRECT_EXPORT_ROWS,
        },
    )


@login_required
@permission_required("assessments.view_allowancepayment", raise_exception=True)
def ledger_export(request: HttpRequest) -> HttpResponse:
    """The month's ledger as a workbook: at once when it is small, otherwise as a background job.

    GET downloads a small month; POST (the page's button for a large month) starts the job and
    opens its page, where the file waits when it is done.
    """
    payments, month, base_id = _ledger(request)
    if request.method == "POST":
        return _ledger_job(request, month, base_id)
    return _ledger_export(request, payments, month, base_id)


def _ledger_export(request: HttpRequest, payments: Any, month: dt.date, base_id: int | None) -> HttpResponse:
    if payments.count() > DIRECT_EXPORT_ROWS:
        messages.info(
            request,
            _("This ledger has more than %(rows)d payments, so it is exported in the background.")
            % {"rows": DIRECT_EXPORT_ROWS},
        )
        query = urlencode({"month": f"{month:%Y-%m}", **({"base": base_id} if base_id else {})})
        return redirect(f"{reverse('assessments:ledger')}?{query}")
    if wants_export(request):
        return list_export(f"{_('Allowance ledger')} {month:%Y-%m}", ledger_headers(), ledger_rows(payments))
    return xlsx_response(
        f"allowance-ledger-{month:%Y-%m}.xlsx", str(_("Allowance ledger")), ledger_headers(), ledger_rows(payments)
    )


def _ledger_job(request: HttpRequest, month: dt.date, base_id: int | None) -> HttpResponse:
    job = job_start(
        kind=Job.Kind.LEDGER_EXPORT, owner=request.user, params={"month": f"{month:%Y-%m}", "base": base_id}
    )
    return redirect(job)


@login_required
def payment_paid(request: HttpRequest, pk: int) -> HttpResponse:
    payment = get_object_or_404(payments_visible_to(request.user), pk=pk)
    if (
        not request.user.has_perm("assessments.change_allowancepayment")
        or not bases_managed_by(request.user).filter(pk=payment.base_id).exists()
    ):
        raise PermissionDenied
    form = forms.PaidForm(request.POST or None, initial={"paid_on": timezone.localdate()})
    url = f"{reverse('assessments:ledger')}?month={payment.month:%Y-%m}"
    return handle_form(
        request,
        form,
        lambda data: services.payment_record_paid(payment=payment, **data),
        context={"title": _("Record the payment of %(payment)s") % {"payment": payment}, "cancel_url": url},
        success_url=url,
        success_message=_("The payment has been recorded."),
    )


@login_required
@permission_required("assessments.view_allowancepayment", raise_exception=True)
def statement_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    placement = get_object_or_404(
        placements_visible_to(request.user).select_related("student__college", "base__enterprise"), pk=pk
    )
    payments = (
        payments_visible_to(request.user).filter(placement=placement).select_related("assessment").order_by("month")
    )
    pdf = render_pdf(
        "assessments/pdf/statement.html",
        {
            "placement": placement,
            "payments": payments,
            "total": (payments.aggregate(t=Sum("amount"))["t"] or Decimal("0")).quantize(rules.FEN),
        },
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="allowance-{placement.student.student_no}.pdf"'
    return response


@login_required
@permission_required("assessments.view_monthlyassessment", raise_exception=True)
def overdue_list(request: HttpRequest) -> HttpResponse:
    overdue = overdue_assessments(request.user, timezone.localdate())
    if wants_export(request):
        headers = [
            _("Month"),
            _("Placement ID"),
            _("Student number"),
            _("Student"),
            _("Base ID"),
            _("Base"),
            _("Cooperative mentor"),
        ]
        rows = (
            [
                f"{month:%Y-%m}",
                placement.pk,
                placement.student.student_no,
                placement.student.full_name,
                placement.base_id,
                placement.base.name,
                placement.cooperative_mentor.full_name if placement.cooperative_mentor else None,
            ]
            for placement, month in overdue
        )
        return list_export(_("Overdue months"), headers, rows)
    return render(request, "assessments/overdue_list.html", {"overdue": overdue})


@login_required
@permission_required("assessments.add_worksummary", raise_exception=True)
def work_summary(request: HttpRequest) -> HttpResponse:
    placement = (
        placements_visible_to(request.user)
        .filter(student__user=request.user, practice_start__isnull=False)
        .order_by("-practice_start")
        .first()
    )
    if placement is None:
        raise Http404
    form = forms.WorkSummaryForm(
        request.POST or None, request.FILES or None, initial={"month": month_start(timezone.localdate())}
    )
    return handle_form(
        request,
        form,
        lambda data: services.work_summary_save(placement=placement, **data),
        context={
            "title": _("My monthly work summary"),
            "intro": _("Your cooperative mentor sees it beside your monthly assessment."),
            "cancel_url": reverse("home"),
        },
        success_url=reverse("home"),
        success_message=_("Your summary has been saved."),
    )
