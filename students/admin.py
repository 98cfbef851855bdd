"""Admin for the office's corrections. Stage steps change through ``students.services``."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from base_portal.pagination import PAGE_SIZE

from .models import (
    Award,
    ConfidentialityConfirmation,
    DisclosureRequest,
    InsurancePolicy,
    Placement,
    PositionDemand,
    PracticeAppraisal,
    PracticeNotice,
    SafetyAgreement,
    Selection,
    Student,
)


@admin.register(Student)
class StudentAdmin(SimpleHistoryAdmin):
    list_per_page = PAGE_SIZE  # the student list page's page size
    list_display = ["student_no", "full_name", "college", "degree_level", "degree_type", "enrolment_year"]
    list_filter = ["degree_level", "degree_type", "study_mode", "employment_type", "college"]
    list_select_related = ["college"]
    search_fields = ["student_no", "full_name"]
    raw_id_fields = ["user", "supervisor"]


@admin.register(Placement)
class PlacementAdmin(SimpleHistoryAdmin):
    list_display = ["student", "base", "stage", "practice_start", "practice_end"]
    list_filter = ["stage"]
    list_select_related = ["student", "base"]
    search_fields = ["student__student_no", "student__full_name", "base__name"]
    raw_id_fields = ["student", "cooperative_mentor", "demand"]
    # The stage and its dates move only through the services, which check each rule.
    readonly_fields = [
        "stage",
        "practice_start",
        "practice_end",
        "coursework_completed_on",
        "proposal_on",
        "defence_on",
    ]


@admin.register(PositionDemand)
class PositionDemandAdmin(SimpleHistoryAdmin):
    list_display = ["base", "year", "title", "count"]
    list_filter = ["year"]
    list_select_related = ["base"]
    search_fields = ["title", "base__name"]


@admin.register(Selection)
class SelectionAdmin(SimpleHistoryAdmin):
    list_display = ["student", "demand", "status", "eligible_by_default"]
    list_filter = ["status", "eligible_by_default"]
    list_select_related = ["student", "demand"]
    readonly_fields = ["status", "answered_by", "answered_on", "eligible_by_default"]

    def has_add_permission(self, request: object) -> bool:
        return False  # the office selects from the demand page, through the services


@admin.register(PracticeNotice)
class PracticeNoticeAdmin(SimpleHistoryAdmin):
    list_display = ["placement", "kind", "filed_by", "notice_date", "new_end", "acknowledged_on", "applied_on"]
    list_filter = ["kind", "filed_by"]
    list_select_related = ["placement__student", "placement__base"]
    readonly_fields = ["applied_on", "previous_end"]

    def has_add_permission(self, request: object) -> bool:
        return False  # notices are filed from the student page, where the one-month rule is checked


for model in (SafetyAgreement, InsurancePolicy, ConfidentialityConfirmation, PracticeAppraisal, DisclosureRequest):
    admin.site.register(model, SimpleHistoryAdmin)
admin.site.register(Award)
