"""Pages of the biennial evaluation: materials from the base, the grade from the graduate office."""

from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from agreements import forms, services
from agreements.filters import EvaluationFilter
from agreements.models import EvaluationCycle
from agreements.selectors import evaluation_materials_visible_to, evaluations_visible_to, may_act_on_base
from base_portal.exports import EXPORT_CHUNK_SIZE, list_export, wants_export
from base_portal.files import serve_private_file
from base_portal.forms import handle_form
from base_portal.pagination import paginate

from .bases import base_url

VIEW = "agreements.view_evaluationcycle"
EVALUATE = "agreements.evaluate_base"
SUBMIT = "agreements.submit_evaluation_materials"


def evaluation_url(cycle: EvaluationCycle) -> str:
    return reverse("agreements:evaluation_detail", args=[cycle.pk])


def cycle_for(request: HttpRequest, pk: int, permission: str | None = None) -> EvaluationCycle:
    """The evaluation if visible (else 404) and, with ``permission``, actionable (else 403)."""
    cycle = get_object_or_404(evaluations_visible_to(request.user).select_related("base", "agreement"), pk=pk)
    if permission and not may_act_on_base(request.user, cycle.base, permission):
        raise PermissionDenied
    return cycle


def _context(cycle: EvaluationCycle, title: str, **extra: object) -> dict[str, object]:
    return {
        "title": title,
        "crumbs": [(base_url(cycle.base), cycle.base.name), (evaluation_url(cycle), _("Evaluation"))],
        "cancel_url": evaluation_url(cycle),
        **extra,
    }


@login_required
@permission_required(VIEW, raise_exception=True)
def evaluation_list(request: HttpRequest) -> HttpResponse:
    cycles = evaluations_visible_to(request.user).select_related("base")
    filterset = EvaluationFilter(request.GET, queryset=cycles, request=request)
    cycles = filterset.qs.order_by("due_on", "base__name")
    if wants_export(request):
        return _evaluation_list_export(cycles)
    page = paginate(request, cycles)
    return render(
        request, "agreements/evaluation_list.html", {"filter": filterset, "page": page, "today": timezone.localdate()}
    )


def _evaluation_list_export(cycles: QuerySet[EvaluationCycle]) -> HttpResponse:
    today = timezone.localdate()
    headers = [
        _("Evaluation ID"),
        _("Base ID"),
        _("Base"),
        _("Cycle"),
        _("Due on"),
        _("State"),
        _("Overdue"),
        _("Submitted on"),
        _("Evaluated on"),
        _("Grade"),
    ]
    rows = (
        [
            cycle.pk,
            cycle.base_id,
            cycle.base.name,
            cycle.sequence,
            cycle.due_on,
            cycle.get_state_display(),
            _("Yes") if cycle.is_overdue_on(today) else _("No"),
            cycle.submitted_on,
            cycle.evaluated_on,
            cycle.get_grade_display(),
        ]
        for cycle in cycles.iterator(chunk_size=EXPORT_CHUNK_SIZE)
    )
    return list_export(_("Biennial evaluations"), headers, rows)


@login_required
@permission_required(VIEW, raise_exception=True)
def evaluation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = cycle_for(request, pk)
    user = request.user
    return render(
        request,
        "agreements/evaluation_detail.html",
        {
            "cycle": cycle,
            "today": timezone.localdate(),
            "materials": cycle.materials.select_related("uploaded_by"),
            "can_evaluate": may_act_on_base(user, cycle.base, EVALUATE),
            "can_submit": may_act_on_base(user, cycle.base, SUBMIT),
        },
    )


@login_required
def evaluation_request(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = cycle_for(request, pk, EVALUATE)
    form = forms.RequestMaterialsForm(request.POST or None)
    return handle_form(
        request,
        form,
        lambda data: services.evaluation_request_materials(cycle=cycle, **data),
        context=_context(cycle, _("Request the evaluation materials")),
        success_url=evaluation_url(cycle),
        success_message=_("The base has been asked for its materials."),
    )


@login_required
def evaluation_material_add(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = cycle_for(request, pk, SUBMIT)
    form = forms.MaterialForm(request.POST or None, request.FILES or None)
    return handle_form(
        request,
        form,
        lambda data: services.evaluation_add_material(cycle=cycle, uploaded_by=request.user, **data),
        context=_context(cycle, _("Upload an evaluation material")),
        success_url=evaluation_url(cycle),
        success_message=_("The file has been uploaded."),
    )


@login_required
def evaluation_material_download(request: HttpRequest, pk: int) -> HttpResponse:
    material = get_object_or_404(evaluation_materials_visible_to(request.user), pk=pk)
    return serve_private_file(material.file)


@login_required
def evaluation_submit(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = cycle_for(request, pk, SUBMIT)
    form = forms.SubmitMaterialsForm(request.POST or None)
    return handle_form(
        request,
        form,
        lambda _data: services.evaluation_submit(cycle=cycle),
        context=_context(
            cycle,
            _("Submit the materials"),
            warning=_("After submitting, the materials can no longer be changed."),
            submit_label=_("Submit"),
        ),
        success_url=evaluation_url(cycle),
        success_message=_("The materials have been submitted to the graduate office."),
    )


@login_required
def evaluation_result(request: HttpRequest, pk: int) -> HttpResponse:
    cycle = cycle_for(request, pk, EVALUATE)
    form = forms.EvaluationResultForm(request.POST or None, initial={"evaluated_on": timezone.localdate()})
    return handle_form(
        request,
        form,
        lambda data: services.evaluation_record_result(cycle=cycle, evaluated_by=request.user, **data),
        context=_context(cycle, _("Record the evaluation result")),
        success_url=evaluation_url(cycle),
        success_message=_("The evaluation result has been recorded."),
    )
