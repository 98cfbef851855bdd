"""Admin for the office's corrections; decisions and appointments change only through the services."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Appointment,
    AppointmentCriteria,
    Mentor,
    MentorAssessment,
    MentorRecommendation,
    MentorTraining,
    RemunerationRecord,
)


@admin.register(Mentor)
class MentorAdmin(SimpleHistoryAdmin):
    list_display = ["full_name", "kind", "organisation", "title", "title_level", "base", "college"]
    list_filter = ["kind", "title_level", "degree"]
    list_select_related = ["organisation", "base", "college"]
    search_fields = ["full_name", "title", "field"]
    raw_id_fields = ["user"]


@admin.register(AppointmentCriteria)
class AppointmentCriteriaAdmin(SimpleHistoryAdmin):
    list_display = ["min_title_level", "min_degree", "min_years_of_experience", "updated_at"]

    def has_add_permission(self, request: object) -> bool:
        return not AppointmentCriteria.objects.exists()  # there is one current set of criteria


@admin.register(MentorRecommendation)
class MentorRecommendationAdmin(SimpleHistoryAdmin):
    list_display = ["full_name", "base", "status", "created_at", "decided_on"]
    list_filter = ["status"]
    list_select_related = ["base"]
    search_fields = ["full_name", "base__name"]
    readonly_fields = ["status", "decided_by", "decided_on", "decision_reason", "mentor", "recommended_by"]

    def has_add_permission(self, request: object) -> bool:
        return False  # bases recommend from the portal


@admin.register(Appointment)
class AppointmentAdmin(SimpleHistoryAdmin):
    list_display = ["mentor", "base", "starts_on", "ends_on", "letter_number"]
    list_select_related = ["mentor", "base"]
    search_fields = ["mentor__full_name", "letter_number", "base__name"]
    readonly_fields = ["mentor", "base", "starts_on", "ends_on", "letter_number", "recommendation", "appointed_by"]

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False  # the history of appointments is kept

    def has_add_permission(self, request: object) -> bool:
        return False  # appointments go through mentors.services, which checks overlapping terms


@admin.register(MentorTraining)
class MentorTrainingAdmin(admin.ModelAdmin):
    list_display = ["mentor", "held_on", "topic", "hours"]
    list_select_related = ["mentor"]
    search_fields = ["mentor__full_name", "topic"]


@admin.register(MentorAssessment)
class MentorAssessmentAdmin(SimpleHistoryAdmin):
    list_display = ["mentor", "period_start", "period_end", "result"]
    list_filter = ["result"]
    list_select_related = ["mentor"]


@admin.register(RemunerationRecord)
class RemunerationRecordAdmin(SimpleHistoryAdmin):
    list_display = ["mentor", "base", "period_start", "period_end", "basis", "amount", "paid_on"]
    readonly_fields = ["mentor", "base", "period_start", "period_end"]
    list_filter = ["basis"]
    list_select_related = ["mentor", "base"]
    search_fields = ["mentor__full_name", "base__name", "reference"]
