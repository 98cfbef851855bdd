"""The office's pages for API tokens: issue one (its key shown once), list them, revoke one."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from base_portal.forms import handle_form
from base_portal.pagination import paginate

from . import services
from .forms import TokenFilterForm, TokenIssueForm
from .models import ApiToken
from .selectors import tokens_visible_to

NEW_KEY_SESSION = "integration:new_key"


def token_url(token: ApiToken) -> str:
    return reverse("integration:token_detail", args=[token.pk])


@login_required
@permission_required("integration.view_apitoken", raise_exception=True)
def token_list(request: HttpRequest) -> HttpResponse:
    tokens = tokens_visible_to(request.user).select_related("user")
    form = TokenFilterForm(request.GET)
    if form.is_valid():
        if query := form.cleaned_data["q"]:
            tokens = tokens.filter(
                Q(name__icontains=query) | Q(user__username__icontains=query) | Q(user__full_name__icontains=query)
            )
        today = timezone.localdate()
        not_expired = Q(expires_on__isnull=True) | Q(expires_on__gte=today)
        if form.cleaned_data["state"] == "active":
            tokens = tokens.filter(not_expired, revoked_at__isnull=True)
        elif form.cleaned_data["state"] == "expired":
            tokens = tokens.filter(revoked_at__isnull=True, expires_on__lt=today)
        elif form.cleaned_data["state"] == "revoked":
            tokens = tokens.filter(revoked_at__isnull=False)
    return render(
        request,
        "integration/token_list.html",
        {"filter_form": form, "page": paginate(request, tokens), "today": timezone.localdate()},
    )


@login_required
@permission_required("integration.add_apitoken", raise_exception=True)
def token_issue(request: HttpRequest) -> HttpResponse:
    form = TokenIssueForm(request.POST or None)

    def issue(data: dict[str, object]) -> ApiToken:
        token, key = services.token_issue(issued_by=request.user, **data)  # type: ignore[arg-type]
        # Shown once, on the next page, then gone: only its digest is stored.
        request.session[NEW_KEY_SESSION] = {"pk": token.pk, "key": key}
        return token

    return handle_form(
        request,
        form,
        issue,
        context={
            "title": _("Issue an API token"),
            "crumbs": [(reverse("integration:token_list"), _("API tokens"))],
            "intro": _("The key is shown once, right after it is issued. Hand it to the system's administrator."),
            "submit_label": _("Issue token"),
            "cancel_url": reverse("integration:token_list"),
        },
        success_url=token_url,
        success_message=_("The token has been issued."),
    )


@login_required
@permission_required("integration.view_apitoken", raise_exception=True)
def token_detail(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(tokens_visible_to(request.user).select_related("user", "issued_by", "revoked_by"), pk=pk)
    new_key = None
    pending = request.session.get(NEW_KEY_SESSION)
    if pending and pending.get("pk") == token.pk:
        new_key = pending["key"]
        del request.session[NEW_KEY_SESSION]
    response = render(
        request, "integration/token_detail.html", {"token": token, "new_key": new_key, "today": timezone.localdate()}
    )
    if new_key:
        response["Cache-Control"] = "no-store"
    return response


@login_required
@permission_required("integration.revoke_apitoken", raise_exception=True)
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(tokens_visible_to(request.user), pk=pk)
    if request.method == "POST":
        if token.revoked_at is None:
            services.token_revoke(token=token, revoked_by=request.user)
            messages.success(request, _("The token has been revoked; requests with it are refused from now on."))
        return redirect(token_url(token))
    return render(
        request,
        "confirm_page.html",
        {
            "title": _("Revoke the token “%(name)s”") % {"name": token.name},
            "warning": _("Every request with this token will be refused at once. This cannot be undone."),
            "submit_label": _("Revoke"),
            "cancel_url": token_url(token),
        },
    )
