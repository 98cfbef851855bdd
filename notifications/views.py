"""The inbox: a user's own notices, and their e-mail preferences. Nobody sees another's inbox."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from base_portal.exports import EXPORT_CHUNK_SIZE, list_export, wants_export
from base_portal.pagination import paginate

from . import services
from .models import Kind, Notification


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    notifications = Notification.objects.filter(recipient=request.user).order_by("-created_at")
    if request.GET.get("unread"):
        notifications = notifications.filter(read_at__isnull=True)
    if wants_export(request):
        return _inbox_export(notifications)
    return render(request, "notifications/inbox.html", {"page": paginate(request, notifications)})


def _inbox_export(notifications: QuerySet[Notification]) -> HttpResponse:
    """The user's own notices (only theirs: the queryset is filtered on the recipient)."""
    headers = [_("Notice ID"), _("Sent at"), _("Kind"), _("Title"), _("Message"), _("Due"), _("Read at"), _("Link")]
    rows = (
        [n.pk, n.created_at, n.get_kind_display(), n.title, n.body, n.due, n.read_at, n.link]
        for n in notifications.iterator(chunk_size=EXPORT_CHUNK_SIZE)
    )
    return list_export(_("Notifications"), headers, rows)


@login_required
@require_POST
def mark_read(request: HttpRequest, pk: int) -> HttpResponse:
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    services.notification_mark_read(notification=notification)
    if notification.link and url_has_allowed_host_and_scheme(notification.link, allowed_hosts=None):
        return redirect(notification.link)
    return redirect("notifications:inbox")


@login_required
@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    count = services.notifications_mark_all_read(user=request.user)
    messages.success(request, _("%(n)s notices marked read.") % {"n": count})
    return redirect("notifications:inbox")


@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    current = dict(request.user.email_preferences.values_list("kind", "enabled"))
    if request.method == "POST":
        services.preferences_set(
            user=request.user, enabled={kind: f"email_{kind}" in request.POST for kind in Kind.values}
        )
        messages.success(request, _("Your e-mail settings have been saved."))
        return redirect("notifications:preferences")
    rows = [(kind, label, current.get(kind, True)) for kind, label in Kind.choices]
    return render(request, "notifications/preferences.html", {"rows": rows, "has_email": bool(request.user.email)})
