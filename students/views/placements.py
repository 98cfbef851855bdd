"""Every step of a placement's stages, as one page per step, with the files and the appraisal PDF."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation
from agreements.models import Party
from base_portal.files import serve_private_file
from base_portal.forms import handle_form
from students import forms, services
from students.documents import appraisal_filename, appraisal_render
from students.models import Placement, SafetyAgreement
from students.selectors import (
    appraisals_visible_to,
    disclosures_visible_to,
    may_act_on_placement,
    notices_visible_to,
    placements_visible_to,
)


def party_of(user: Any) -> Party:
    """The party a user acts for: enterprise staff for Party B, everyone else for Party A."""
    organisation = getattr(user, "organisation", None)
    return Party.B if organisation is not None and organisation.kind == Organisation.Kind.ENTERPRISE else Party.A


@dataclass(frozen=True)
class Step:
    """One step of a placement: its form, its service, the right it needs, and the words around it."""

    form: type[django_forms.Form]
    service: Callable[..., Any]
    permission: str
    title: str | Promise
    done: str | Promise
    from_request: Callable[[HttpRequest], dict[str, Any]] = lambda _request: {}
    intro: str | Promise = ""


STEPS: dict[str, Step] = {
    "coursework": Step(
        forms.CourseworkForm,
        services.coursework_record,
        "students.record_coursework",
        _("Record coursework"),
        _("Coursework recorded."),
    ),
    "plan": Step(
        forms.PracticePlanForm,
        services.practice_plan,
        "students.plan_practice",
        _("Plan the practice"),
        _("Practice planned."),
        intro=_("Practice lasts 6 to 12 months unless a reason is recorded."),
    ),
    "safety": Step(
        forms.SafetyAgreementForm,
        services.safety_agreement_record,
        "students.record_safety_agreement",
        _("Record the safety agreement"),
        _("Safety agreement recorded."),
    ),
    "insurance": Step(
        forms.InsuranceForm,
        services.insurance_record,
        "students.record_insurance",
        _("Record accident insurance"),
        _("Insurance recorded."),
        intro=_("The policy must be bought by the party the agreement names and cover the whole practice."),
    ),
    "start": Step(
        forms.PracticeStartForm,
        services.practice_start,
        "students.manage_practice",
        _("Start practice"),
        _("Practice has started."),
        intro=_("Needs completed coursework, the signed safety agreement and insurance for the whole period."),
    ),
    "finish": Step(
        forms.PracticeFinishForm,
        services.practice_finish,
        "students.manage_practice",
        _("End practice"),
        _("Practice has ended; the student returns to Party A for the thesis."),
    ),
    "notice": Step(
        forms.NoticeForm,
        services.notice_file,
        "students.file_notice",
        _("File a notice ending practice early or late"),
        _("The notice has been filed."),
        from_request=lambda request: {"filed_by": party_of(request.user), "filed_by_user": request.user},
        intro=_("Either party gives one calendar month's notice; illness ends practice at once."),
    ),
    "topic": Step(
        forms.ThesisTopicForm,
        services.thesis_set_topic,
        "students.record_thesis",
        _("Record the thesis topic"),
        _("Thesis topic recorded."),
    ),
    "confidentiality": Step(
        forms.ConfidentialityForm,
        services.confidentiality_confirm,
        "students.confirm_confidentiality",
        _("Confirm whether the thesis is confidential"),
        _("Confidentiality confirmed."),
        from_request=lambda request: {"confirmed_by": request.user},
    ),
    "proposal": Step(
        forms.ProposalForm,
        services.thesis_record_proposal,
        "students.record_thesis",
        _("Record the thesis proposal"),
        _("Thesis proposal recorded."),
    ),
    "defence": Step(
        forms.DefenceForm,
        services.thesis_record_defence,
        "students.record_thesis",
        _("Record the defence"),
        _("Defence recorded."),
    ),
    "appraisal": Step(
        forms.AppraisalForm,
        services.appraisal_issue,
        "students.issue_appraisal",
        _("Issue the practice appraisal"),
        _("The appraisal has been issued."),
        from_request=lambda request: {"issued_by": request.user},
    ),
    "award": Step(
        forms.AwardForm,
        services.award_record,
        "students.issue_appraisal",
        _("Record an award or achievement"),
        _("Recorded."),
    ),
    "disclosure": Step(
        forms.DisclosureRequestForm,
        services.disclosure_request,
        "students.request_disclosure",
        _("Ask to publish or present project content"),
        _("The request has been sent to the project owner."),
        from_request=lambda request: {"requested_by": request.user},
    ),
}


def student_url(placement: Placement) -> str:
    return reverse("students:student_detail", args=[placement.student_id])


@login_required
def placement_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    spec = STEPS.get(step)
    if spec is None:
        raise Http404
    placement = get_object_or_404(placements_visible_to(request.user).select_related("student", "base"), pk=pk)
    if not may_act_on_placement(request.user, placement, spec.permission):
        raise PermissionDenied
    form = spec.form(request.POST or None, request.FILES or None)
    return handle_form(
        request,
        form,
        lambda data: spec.service(placement=placement, **data, **spec.from_request(request)),
        context={
            "title": spec.title,
            "intro": spec.intro,
            "crumbs": [(student_url(placement), f"{placement.student} · {placement.base}")],
            "cancel_url": student_url(placement),
        },
        success_url=student_url(placement),
        success_message=spec.done,
    )


@login_required
def notice_acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    notice = get_object_or_404(notices_visible_to(request.user).select_related("placement"), pk=pk)
    if not may_act_on_placement(request.user, notice.placement, "students.acknowledge_notice"):
        raise PermissionDenied
    if notice.filed_by == party_of(request.user):
        raise PermissionDenied  # the other party acknowledges
    if request.method == "POST":
        try:
            services.notice_acknowledge(notice=notice, acknowledged_by=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("The notice has been acknowledged."))
        return redirect(student_url(notice.placement))
    return render(
        request,
        "confirm_page.html",
        {
            "title": _("Acknowledge the notice"),
            "warning": _("%(kind)s: practice ends on %(day)s. Reason: %(reason)s")
            % {"kind": notice.get_kind_display(), "day": notice.new_end, "reason": notice.reason},
            "submit_label": _("Acknowledge"),
            "cancel_url": student_url(notice.placement),
        },
    )


@login_required
def disclosure_decide(request: HttpRequest, pk: int) -> HttpResponse:
    disclosure = get_object_or_404(disclosures_visible_to(request.user).select_related("placement"), pk=pk)
    if not may_act_on_placement(request.user, disclosure.placement, "students.decide_disclosure"):
        raise PermissionDenied
    form = forms.DisclosureDecisionForm(request.POST or None, initial={"decided_on": timezone.localdate()})
    return handle_form(
        request,
        form,
        lambda data: services.disclosure_decide(request=disclosure, decided_by=request.user, **data),
        context={
            "title": _("Decide on “%(title)s”") % {"title": disclosure.title},
            "intro": disclosure.summary,
            "cancel_url": student_url(disclosure.placement),
        },
        success_url=student_url(disclosure.placement),
        success_message=_("The decision has been recorded."),
    )


@login_required
def safety_scan(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.has_perm("students.view_safetyagreement"):
        raise Http404
    agreement = get_object_or_404(
        SafetyAgreement.objects.filter(placement__in=placements_visible_to(request.user).values("pk")), placement_id=pk
    )
    return serve_private_file(agreement.scan)


@login_required
def appraisal_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    appraisal = get_object_or_404(appraisals_visible_to(request.user), placement_id=pk)
    response = HttpResponse(appraisal_render(appraisal), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{appraisal_filename(appraisal)}"'
    return response
