"""Pages of the agreement's standard text and its versions (graduate office only)."""

from django.contrib.auth.decorators import login_required, permission_required
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from agreements import forms, services
from agreements.models import AgreementTemplate
from base_portal.exports import EXPORT_CHUNK_SIZE, list_export, wants_export
from base_portal.forms import handle_form

from .agreements import placeholder_help

VIEW = "agreements.view_agreementtemplate"


@login_required
@permission_required(VIEW, raise_exception=True)
def template_list(request: HttpRequest) -> HttpResponse:
    services.template_ensure_default()
    versions = AgreementTemplate.objects.annotate(used_by=Count("agreements")).order_by("name", "-version")
    if wants_export(request):
        headers = [_("Template ID"), _("Name"), _("Version"), _("What changed"), _("Published"), _("Agreements")]
        rows = (
            [v.pk, v.name, v.version, v.change_note, timezone.localdate(v.created_at), v.used_by]
            for v in versions.iterator(chunk_size=EXPORT_CHUNK_SIZE)
        )
        return list_export(_("Agreement templates"), headers, rows)
    return render(request, "agreements/template_list.html", {"versions": versions})


@login_required
@permission_required(VIEW, raise_exception=True)
def template_detail(request: HttpRequest, pk: int) -> HttpResponse:
    template = get_object_or_404(AgreementTemplate.objects.select_related("created_by"), pk=pk)
    return render(request, "agreements/template_detail.html", {"template": template})


@login_required
@permission_required("agreements.add_agreementtemplate", raise_exception=True)
def template_new_version(request: HttpRequest, pk: int) -> HttpResponse:
    source = get_object_or_404(AgreementTemplate, pk=pk)
    form = forms.TemplateVersionForm(request.POST or None, initial={"name": source.name, "body": source.body})
    return handle_form(
        request,
        form,
        lambda data: services.template_publish_version(**data, created_by=request.user),
        context={
            "title": _("New version of %(name)s") % {"name": source.name},
            "intro": _("Agreements keep the version they were made from; the new version is used from now on."),
            "aside": _("Blanks you can use:") + "\n" + placeholder_help(),
            "crumbs": [(reverse("agreements:template_list"), _("Agreement templates"))],
            "cancel_url": reverse("agreements:template_detail", args=[source.pk]),
            "submit_label": _("Publish the new version"),
        },
        success_url=lambda t: reverse("agreements:template_detail", args=[t.pk]),
        success_message=_("The new version has been published."),
    )
