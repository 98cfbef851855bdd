"""Pages of one agreement: create, fill, sign (in the portal or on paper), terminate, renew, PDF."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from agreements import forms, services
from agreements.documents import PLACEHOLDERS, agreement_pdf
from agreements.models import Agreement, Party
from agreements.selectors import agreements_visible_to, may_act_on_base
from base_portal.files import serve_private_file
from base_portal.forms import handle_form

from .bases import base_for_action, base_url

CHANGE = "agreements.change_agreement"


def visible_agreement(request: HttpRequest, pk: int) -> Agreement:
    """The agreement, if the user may read it; otherwise a 404."""
    return get_object_or_404(
        agreements_visible_to(request.user).select_related("base__enterprise", "base__university", "template"), pk=pk
    )


def agreement_for_action(request: HttpRequest, pk: int) -> Agreement:
    """The agreement, if the user may read it (else 404) and change it (else 403)."""
    agreement = visible_agreement(request, pk)
    if not may_act_on_base(request.user, agreement.base, CHANGE):
        raise PermissionDenied
    return agreement


def agreement_url(agreement: Agreement) -> str:
    return reverse("agreements:agreement_detail", args=[agreement.pk])


def _context(agreement: Agreement, title: str, **extra: Any) -> dict[str, Any]:
    return {
        "title": title,
        "crumbs": [(base_url(agreement.base), agreement.base.name), (agreement_url(agreement), _("Agreement"))],
        "cancel_url": agreement_url(agreement),
        **extra,
    }


def placeholder_help() -> str:
    return "\n".join(f"{{{{ {name} }}}} — {p.label}" for name, p in PLACEHOLDERS.items())


@login_required
def agreement_create(request: HttpRequest, pk: int) -> HttpResponse:
    base = base_for_action(request, pk, "agreements.add_agreement")
    default = services.template_ensure_default()
    form = forms.AgreementDraftForm(
        request.POST or None, initial={"template": default.pk, "insurance_party": Party.B, "min_students_per_year": 2}
    )
    return handle_form(
        request,
        form,
        lambda data: services.agreement_create_draft(base=base, **data),
        context={
            "title": _("New agreement for %(base)s") % {"base": base},
            "intro": _("Fill in the blanks of the standard text. Signatures are recorded next."),
            "crumbs": [(base_url(base), base.name)],
            "cancel_url": base_url(base),
        },
        success_url=agreement_url,
        success_message=_("The draft agreement has been created."),
    )


@login_required
def agreement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = visible_agreement(request, pk)
    today = timezone.localdate()
    can_change = may_act_on_base(request.user, agreement.base, CHANGE)
    status = agreement.status_on(today)
    return render(
        request,
        "agreements/agreement_detail.html",
        {
            "agreement": agreement,
            "status": status,
            "can_change": can_change,
            "evaluations": agreement.evaluations.order_by("sequence")
            if request.user.has_perm("agreements.view_evaluationcycle")
            else None,
            "renewal": Agreement.objects.filter(predecessor=agreement).first(),
            "history": agreement.history.select_related("history_user").order_by("-history_date")[:20]
            if can_change
            else [],
        },
    )


@login_required
def agreement_update(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = agreement_for_action(request, pk)
    fields = [
        "template",
        "min_students_per_year",
        "insurance_party",
        "party_a_representative",
        "party_b_representative",
        "copies",
        "remuneration_terms",
        "supplementary_clauses",
    ]
    initial = {f: getattr(agreement, f) for f in fields}
    initial["template"] = agreement.template_id
    form = forms.AgreementDraftForm(request.POST or None, initial=initial)
    return handle_form(
        request,
        form,
        lambda data: services.agreement_update_draft(agreement=agreement, **data),
        context=_context(agreement, _("Edit the draft")),
        success_url=agreement_url(agreement),
        success_message=_("The draft has been saved."),
    )


@login_required
def agreement_sign(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = agreement_for_action(request, pk)
    form = forms.SignatureForm(request.POST or None, initial={"signed_on": timezone.localdate()})
    return handle_form(
        request,
        form,
        lambda data: services.agreement_record_signature(agreement=agreement, **data),
        context=_context(
            agreement,
            _("Record a signature"),
            intro=_("Once both parties have signed, the agreement is in force from the later date for three years."),
        ),
        success_url=agreement_url(agreement),
        success_message=_("The signature has been recorded."),
    )


@login_required
def agreement_paper(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = agreement_for_action(request, pk)
    form = forms.PaperSigningForm(request.POST or None, request.FILES or None)
    return handle_form(
        request,
        form,
        lambda data: services.agreement_record_paper_signing(agreement=agreement, **data),
        context=_context(
            agreement,
            _("Enter an agreement signed on paper"),
            intro=_(
                "Enter both signature dates from the signed copy and attach its scan. If the copy states its "
                "own last day, enter it; otherwise the portal counts three years."
            ),
        ),
        success_url=agreement_url(agreement),
        success_message=_("The signed agreement has been recorded."),
    )


@login_required
def agreement_scan_upload(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = agreement_for_action(request, pk)
    form = forms.ScanForm(request.POST or None, request.FILES or None)
    return handle_form(
        request,
        form,
        lambda data: services.agreement_attach_scan(agreement=agreement, **data),
        context=_context(agreement, _("Attach the signed copy")),
        success_url=agreement_url(agreement),
        success_message=_("The scan has been attached."),
    )


@login_required
def agreement_scan(request: HttpRequest, pk: int) -> HttpResponse:
    return serve_private_file(visible_agreement(request, pk).signed_scan)


@login_required
def agreement_document(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = visible_agreement(request, pk)
    response = HttpResponse(agreement_pdf(agreement), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="agreement-{agreement.pk}.pdf"'
    return response


@login_required
def agreement_terminate(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = agreement_for_action(request, pk)
    form = forms.TerminateForm(request.POST or None)

    def run(data: dict[str, Any]) -> Agreement:
        data.pop("confirm")
        return services.agreement_terminate(agreement=agreement, **data)

    return handle_form(
        request,
        form,
        run,
        context=_context(
            agreement,
            _("Terminate the agreement early"),
            warning=_("Termination cannot be undone. Evaluations due on or after that day are cancelled."),
            submit_label=_("Terminate"),
            danger=True,
        ),
        success_url=agreement_url(agreement),
        success_message=_("The agreement has been terminated."),
    )


@login_required
def agreement_renew(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = agreement_for_action(request, pk)
    if request.method == "POST":
        try:
            renewal = services.agreement_renew(agreement=agreement, template=services.template_latest_for(agreement))
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect(agreement_url(agreement))
        messages.success(request, _("A renewal has been drafted: check its blanks, then record the signatures."))
        return redirect(reverse("agreements:agreement_update", args=[renewal.pk]))
    return render(
        request,
        "confirm_page.html",
        {
            "title": _("Renew this agreement"),
            "warning": _("A renewal is a new agreement linked to this one; this agreement itself does not change."),
            "submit_label": _("Draft the renewal"),
            "cancel_url": agreement_url(agreement),
        },
    )
