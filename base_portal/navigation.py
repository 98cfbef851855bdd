"""The main navigation: each entry names the permission that makes it appear."""

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accounts.roles import roles_of


@dataclass(frozen=True)
class NavItem:
    """One link in the main navigation."""

    label: str | Promise
    url_name: str
    permission: str | None = None
    staff_only: bool = False
    superuser: bool = True  # False: hidden from superusers, who hold every permission but have no own record

    def visible_to(self, user: Any) -> bool:
        if self.staff_only and not user.is_staff:
            return False
        if not self.superuser and user.is_superuser:
            return False
        return self.permission is None or user.has_perm(self.permission)


NAV_ITEMS = (
    NavItem(_("Home"), "home"),
    NavItem(_("Dashboard"), "oversight:office_dashboard", "accounts.view_all_records"),
    NavItem(_("My record"), "students:my_record", "accounts.view_own_records", superuser=False),
    NavItem(_("Bases"), "agreements:base_list", "agreements.view_trainingbase"),
    NavItem(_("Students"), "students:student_list", "students.view_student"),
    NavItem(_("Position demands"), "students:demand_list", "students.view_positiondemand"),
    NavItem(_("My month"), "assessments:month_page", "assessments.write_monthly_assessment"),
    NavItem(_("Monthly assessments"), "assessments:assessment_list", "assessments.view_monthlyassessment"),
    NavItem(_("Allowance ledger"), "assessments:ledger", "assessments.change_allowancepayment"),
    NavItem(_("Mentors"), "mentors:mentor_list", "mentors.view_mentor"),
    NavItem(_("Recommendations"), "mentors:recommendation_list", "mentors.view_mentorrecommendation"),
    NavItem(_("Mentor remuneration"), "mentors:remuneration_list", "mentors.view_remunerationrecord"),
    NavItem(_("Evaluations"), "agreements:evaluation_list", "agreements.view_evaluationcycle"),
    NavItem(_("Agreement templates"), "agreements:template_list", "agreements.view_agreementtemplate"),
    NavItem(_("Background jobs"), "jobs:job_list", "jobs.view_job"),
    NavItem(_("API tokens"), "integration:token_list", "integration.view_apitoken"),
    NavItem(_("Administration"), "admin:index", staff_only=True),
)


def navigation(request: HttpRequest) -> dict[str, Any]:
    """Template context: the links this user may follow and the roles they hold."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        # The login page offers single sign-on when the university's CAS server is configured.
        return {"nav_items": [], "user_roles": [], "unread_notifications": 0, "cas_enabled": settings.CAS_ENABLED}
    current = request.resolver_match.view_name if request.resolver_match else ""
    items = [
        {"label": item.label, "url": reverse(item.url_name), "active": current == item.url_name}
        for item in NAV_ITEMS
        if item.visible_to(user)
    ]
    from notifications.services import unread_count

    return {
        "nav_items": items,
        "user_roles": [role.label for role in roles_of(user)],
        "unread_notifications": unread_count(user),
    }
