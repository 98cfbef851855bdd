"""Pages of bases: list, detail, and the forms for each action on a base."""

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from accounts.models import User
from agreements import forms, services
from agreements.filters import BaseFilter
from agreements.models import BaseUserObjectPermission, CommitteeMember, TrainingBase
from agreements.selectors import (
    agreements_visible_to,
    base_permissions,
    bases_visible_to,
    bases_with_status,
    evaluations_visible_to,
    funds_with_projects,
    may_act_on_base,
    with_acted_for,
)
from base_portal.exports import EXPORT_CHUNK_SIZE, list_export, wants_export
from base_portal.forms import handle_form
from base_portal.pagination import paginate
from mentors.selectors import mentors_visible_to
from students.selectors import placements_visible_to

VIEW_BASE = "agreements.view_trainingbase"
# The list flags an agreement ending within this many days: renewal needs a new agreement.
EXPIRY_WARNING_DAYS = 90


def visible_base(request: HttpRequest, pk: int) -> TrainingBase:
    """The base, if the user may see it; otherwise a 404."""
    return get_object_or_404(bases_visible_to(request.user).select_related("enterprise", "university"), pk=pk)


def base_for_action(request: HttpRequest, pk: int, permission: str) -> TrainingBase:
    """The base, if the user may see it (else 404) and act on it with ``permission`` (else 403)."""
    base = visible_base(request, pk)
    if not may_act_on_base(request.user, base, permission):
        raise PermissionDenied
    return base


@login_required
@permission_required(VIEW_BASE, raise_exception=True)
def base_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    bases = (
        bases_with_status(request.user, today)
        .select_related("enterprise")
        .annotate(placement_count=Count("placements", distinct=True))
    )
    filterset = BaseFilter(request.GET, queryset=bases, request=request)
    if wants_export(request):
        return _base_list_export(filterset.qs.order_by("name"))
    page = paginate(request, filterset.qs.order_by("name"))
    return render(
        request,
        "agreements/base_list.html",
        {
            "filter": filterset,
            "page": page,
            "today": today,
            "soon": today + dt.timedelta(days=EXPIRY_WARNING_DAYS),
            "can_create": request.user.has_perm("agreements.add_trainingbase"),
        },
    )


def _base_list_export(bases: QuerySet[TrainingBase]) -> HttpResponse:
    headers = [
        _("Base ID"),
        _("Base"),
        _("Enterprise"),
        _("Status"),
        _("Agreement in force until"),
        _("Next evaluation due"),
        _("Students placed"),
    ]
    rows = (
        [
            base.pk,
            base.name,
            base.enterprise.name,
            base.get_status_display(),
            base.agreement_ends_on,  # type: ignore[attr-defined]
            base.next_evaluation_due,  # type: ignore[attr-defined]
            base.placement_count,  # type: ignore[attr-defined]
        ]
        for base in bases.iterator(chunk_size=EXPORT_CHUNK_SIZE)
    )
    return list_export(_("Bases"), headers, rows)


# Students and mentors listed on a base's page; the rest are one click away in their lists.
DETAIL_ROWS = 25


@login_required
@permission_required(VIEW_BASE, raise_exception=True)
def base_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    base = get_object_or_404(
        with_acted_for(bases_visible_to(user), user).select_related("enterprise", "university"), pk=pk
    )
    today = timezone.localdate()
    user_can = base_permissions(
        user,
        base,
        {
            "edit": "agreements.change_trainingbase",
            "add_agreement": "agreements.add_agreement",
            "committee": "agreements.add_committeemember",
            "briefing": "agreements.add_briefing",
            "exchange": "agreements.add_exchangeactivity",
            "fund": "agreements.add_innovationfund",
            "project": "agreements.add_fundedproject",
            "innovation": "agreements.add_innovationactivity",
        },
    )
    context: dict[str, Any] = {
        "base": base,
        "today": today,
        "can": user_can,
        "committee": base.committee_members.order_by("term_end", "-is_chair", "party", "full_name"),
        "exchanges": base.exchanges.order_by("-held_on")[:20],
        "innovations": base.innovation_activities.order_by("-held_on")[:20],
        # The first rows only, with a link to the full, filtered list: a base may have thousands.
        # One row more than shown tells the page whether there are more, without a count query.
        "placements": list(
            placements_visible_to(user)
            .filter(base=base)
            .select_related("student", "cooperative_mentor")
            .order_by("student__student_no")[: DETAIL_ROWS + 1]
        ),
        "mentors": list(mentors_visible_to(user).filter(base=base).order_by("full_name")[: DETAIL_ROWS + 1]),
        "detail_rows": DETAIL_ROWS,
    }
    if user.has_perm("agreements.view_agreement"):
        context["agreements"] = (
            agreements_visible_to(user).filter(base=base).select_related("template").order_by("-created_at")
        )
    if user.has_perm("agreements.view_briefing"):
        context["briefings"] = base.briefings.order_by("-held_on")[:10]
    if user.has_perm("agreements.view_innovationfund"):
        context["funds"] = funds_with_projects(base)
    if user.has_perm("agreements.view_evaluationcycle"):
        evaluations = list(
            evaluations_visible_to(user).filter(base=base).select_related("agreement").order_by("due_on")
        )
        for cycle in evaluations:
            cycle.overdue = cycle.is_overdue_on(today)  # type: ignore[attr-defined]
        context["evaluations"] = evaluations
    if user_can["edit"]:
        context["admins"] = User.objects.filter(
            pk__in=BaseUserObjectPermission.objects.filter(content_object=base).values("user_id")
        ).order_by("full_name")
    return render(request, "agreements/base_detail.html", context)


@login_required
@permission_required("agreements.add_trainingbase", raise_exception=True)
def base_create(request: HttpRequest) -> HttpResponse:
    form = forms.BaseCreateForm(request.POST or None)
    return handle_form(
        request,
        form,
        lambda data: services.base_create(**data),
        context={"title": _("New base"), "cancel_url": reverse("agreements:base_list")},
        success_url=lambda base: reverse("agreements:base_detail", args=[base.pk]),
        success_message=_("The base has been created."),
    )


@login_required
def base_update(request: HttpRequest, pk: int) -> HttpResponse:
    base = base_for_action(request, pk, "agreements.change_trainingbase")
    initial = {f: getattr(base, f) for f in ("name", "office_department", "office_contact", "office_phone", "status")}
    form = forms.BaseForm(request.POST or None, initial=initial)
    return handle_form(
        request,
        form,
        lambda data: services.base_update(base=base, **data),
        context={"title": _("Edit %(base)s") % {"base": base}, "cancel_url": base_url(base)},
        success_url=base_url(base),
        success_message=_("The base has been updated."),
    )


def base_url(base: TrainingBase) -> str:
    return reverse("agreements:base_detail", args=[base.pk])


@login_required
def base_admin_grant(request: HttpRequest, pk: int) -> HttpResponse:
    base = base_for_action(request, pk, "agreements.change_trainingbase")
    form = forms.GrantAdminForm(request.POST or None, base=base)
    return handle_form(
        request,
        form,
        lambda data: services.base_grant_admin(base=base, user=data["user"]),
        context={
            "title": _("Add a base administrator"),
            "intro": _("The administrator will see and manage everything of %(base)s.") % {"base": base},
            "cancel_url": base_url(base),
        },
        success_url=base_url(base),
        success_message=_("The base administrator has been added."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def base_admin_revoke(request: HttpRequest, pk: int, user_id: int) -> HttpResponse:
    base = base_for_action(request, pk, "agreements.change_trainingbase")
    admin = get_object_or_404(
        User.objects.filter(pk__in=BaseUserObjectPermission.objects.filter(content_object=base).values("user_id")),
        pk=user_id,
    )
    if request.method == "POST":
        services.base_revoke_admin(base=base, user=admin)
        messages.success(request, _("%(user)s no longer administers this base.") % {"user": admin})
        return redirect(base_url(base))
    return render(
        request,
        "confirm_page.html",
        {
            "title": _("Remove a base administrator"),
            "warning": _("%(user)s will lose access to %(base)s at once.") % {"user": admin, "base": base},
            "submit_label": _("Remove"),
            "cancel_url": base_url(base),
        },
    )


# One page per kind of governance record: the form, the service, and the permission it needs.
# Lazy: the table is built at import, the titles are read in each request's language.
RECORD_KINDS: dict[str, dict[str, Any]] = {
    "committee": {
        "form": forms.CommitteeMemberForm,
        "service": services.committee_member_add,
        "permission": "agreements.add_committeemember",
        "title": gettext_lazy("Add a committee member"),
        "done": gettext_lazy("The committee member has been added."),
    },
    "briefing": {
        "form": forms.BriefingForm,
        "service": services.briefing_record,
        "permission": "agreements.add_briefing",
        "title": gettext_lazy("Record the yearly briefing"),
        "done": gettext_lazy("The briefing has been recorded."),
        "with_user": "recorded_by",
    },
    "exchange": {
        "form": forms.ExchangeForm,
        "service": services.exchange_record,
        "permission": "agreements.add_exchangeactivity",
        "title": gettext_lazy("Record an academic exchange activity"),
        "done": gettext_lazy("The activity has been recorded."),
    },
    "fund": {
        "form": forms.FundForm,
        "service": services.fund_record,
        "permission": "agreements.add_innovationfund",
        "title": gettext_lazy("Record the research innovation fund"),
        "done": gettext_lazy("The fund has been recorded."),
    },
    "project": {
        "form": forms.FundedProjectForm,
        "service": services.funded_project_add,
        "permission": "agreements.add_fundedproject",
        "title": gettext_lazy("Add a funded project"),
        "done": gettext_lazy("The project has been added."),
        "form_needs_base": True,
        "without_base": True,
    },
    "innovation": {
        "form": forms.InnovationActivityForm,
        "service": services.innovation_activity_record,
        "permission": "agreements.add_innovationactivity",
        "title": gettext_lazy("Record a competition or innovation activity"),
        "done": gettext_lazy("The activity has been recorded."),
    },
}


@login_required
def record_create(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    spec = RECORD_KINDS.get(kind)
    if spec is None:
        raise Http404
    base = base_for_action(request, pk, spec["permission"])
    form_kwargs = {"base": base} if spec.get("form_needs_base") else {}
    form = spec["form"](request.POST or None, **form_kwargs)

    def run(data: dict[str, Any]) -> object:
        extra: dict[str, Any] = {} if spec.get("without_base") else {"base": base}
        if "with_user" in spec:
            extra[spec["with_user"]] = request.user
        return spec["service"](**data, **extra)

    return handle_form(
        request,
        form,
        run,
        context={"title": spec["title"], "crumbs": [(base_url(base), base.name)], "cancel_url": base_url(base)},
        success_url=base_url(base),
        success_message=spec["done"],
    )


@login_required
def committee_end_term(request: HttpRequest, pk: int) -> HttpResponse:
    member = get_object_or_404(
        CommitteeMember.objects.filter(base__in=bases_visible_to(request.user).values("pk")).select_related("base"),
        pk=pk,
    )
    if not may_act_on_base(request.user, member.base, "agreements.change_committeemember"):
        raise PermissionDenied
    form = forms.EndTermForm(request.POST or None, initial={"term_end": timezone.localdate()})
    return handle_form(
        request,
        form,
        lambda data: services.committee_member_end_term(member=member, **data),
        context={
            "title": _("End the term of %(member)s") % {"member": member.full_name},
            "crumbs": [(base_url(member.base), member.base.name)],
            "cancel_url": base_url(member.base),
        },
        success_url=base_url(member.base),
        success_message=_("The term has been ended; the member stays in the committee's history."),
    )
