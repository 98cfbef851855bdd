"""Admin for reading and occasional corrections; confirmation and amendments go through the services."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import AllowancePayment, AllowancePolicy, MonthlyAssessment, WorkSummary


@admin.register(AllowancePolicy)
class AllowancePolicyAdmin(SimpleHistoryAdmin):
    list_display = ["base", "degree_level", "effective_from", "base_amount", "failed_amount"]
    list_filter = ["degree_level"]
    list_select_related = ["base"]


@admin.register(MonthlyAssessment)
class MonthlyAssessmentAdmin(SimpleHistoryAdmin):
    list_display = ["placement", "month", "score", "grade", "state"]
    list_filter = ["state", "grade"]
    list_select_related = ["placement__student"]
    search_fields = ["placement__student__student_no", "placement__student__full_name"]
    # A confirmed assessment is locked: corrections are amendments with a reason, made on the portal.
    readonly_fields = ["placement", "base", "month", "state", "grade", "confirmed_by", "confirmed_on", "written_by"]

    def has_add_permission(self, request: object) -> bool:
        return False

    def get_readonly_fields(self, request: object, obj: MonthlyAssessment | None = None) -> list[str]:
        if obj is not None and obj.state == MonthlyAssessment.State.CONFIRMED:
            return [field.name for field in MonthlyAssessment._meta.fields]
        return list(self.readonly_fields)


@admin.register(AllowancePayment)
class AllowancePaymentAdmin(SimpleHistoryAdmin):
    list_display = ["placement", "month", "amount", "paid_on", "reference"]
    list_select_related = ["placement__student"]
    readonly_fields = [
        "assessment",
        "placement",
        "base",
        "month",
        "policy",
        "days_in_practice",
        "amount",
        "reduction_reason",
    ]

    def has_add_permission(self, request: object) -> bool:
        return False  # payments follow from confirmed assessments


admin.site.register(WorkSummary)
