"""Admin for the office's occasional corrections. Lifecycle steps (signatures, termination,
evaluation states) are read-only here: they change only through ``agreements.services``."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Agreement,
    AgreementTemplate,
    Briefing,
    CommitteeMember,
    EvaluationCycle,
    EvaluationMaterial,
    ExchangeActivity,
    FundedProject,
    InnovationActivity,
    InnovationFund,
    TrainingBase,
)


@admin.register(TrainingBase)
class TrainingBaseAdmin(SimpleHistoryAdmin):
    list_display = ["name", "enterprise", "status", "updated_at"]
    list_filter = ["status"]
    list_select_related = ["enterprise"]
    search_fields = ["name", "enterprise__name"]


@admin.register(Agreement)
class AgreementAdmin(SimpleHistoryAdmin):
    list_display = ["base", "effective_from", "ends_on", "ends_on_source", "min_students_per_year", "terminated_on"]
    list_select_related = ["base"]
    list_filter = ["ends_on_source", "insurance_party", "signed_outside_portal"]
    search_fields = ["base__name"]
    readonly_fields = [
        "base",
        "predecessor",
        "template",
        "party_a_signed_on",
        "party_b_signed_on",
        "signed_outside_portal",
        "effective_from",
        "ends_on",
        "ends_on_source",
        "in_force_until",
        "terminated_on",
        "terminated_by",
        "termination_cause",
        "termination_reason",
    ]


@admin.register(AgreementTemplate)
class AgreementTemplateAdmin(admin.ModelAdmin):
    """Versions are immutable: publish a new one from the template page instead."""

    list_display = ["name", "version", "change_note", "created_at", "created_by"]
    list_select_related = ["created_by"]
    readonly_fields = ["name", "version", "body", "change_note", "created_by"]

    def has_add_permission(self, request: object) -> bool:
        return False


@admin.register(CommitteeMember)
class CommitteeMemberAdmin(SimpleHistoryAdmin):
    list_display = ["full_name", "base", "party", "category", "is_chair", "term_start", "term_end"]
    list_filter = ["party", "category", "is_chair"]
    list_select_related = ["base"]
    search_fields = ["full_name", "base__name"]


@admin.register(Briefing)
class BriefingAdmin(admin.ModelAdmin):
    list_display = ["base", "held_on"]
    list_select_related = ["base"]
    search_fields = ["base__name", "summary"]


@admin.register(ExchangeActivity)
class ExchangeActivityAdmin(admin.ModelAdmin):
    list_display = ["title", "base", "kind", "held_on", "participant_count"]
    list_filter = ["kind"]
    list_select_related = ["base"]
    search_fields = ["title", "base__name"]


class FundedProjectInline(admin.TabularInline):
    model = FundedProject
    extra = 0


@admin.register(InnovationFund)
class InnovationFundAdmin(SimpleHistoryAdmin):
    list_display = ["base", "year", "amount"]
    list_select_related = ["base"]
    search_fields = ["base__name"]
    inlines = [FundedProjectInline]


@admin.register(InnovationActivity)
class InnovationActivityAdmin(admin.ModelAdmin):
    list_display = ["title", "base", "kind", "held_on", "result"]
    list_filter = ["kind"]
    list_select_related = ["base"]
    search_fields = ["title", "base__name"]


class EvaluationMaterialInline(admin.TabularInline):
    model = EvaluationMaterial
    extra = 0
    readonly_fields = ["title", "file", "uploaded_by", "created_at"]
    can_delete = False


@admin.register(EvaluationCycle)
class EvaluationCycleAdmin(SimpleHistoryAdmin):
    list_display = ["base", "sequence", "due_on", "state", "grade"]
    list_filter = ["state", "grade"]
    list_select_related = ["base"]
    search_fields = ["base__name"]
    readonly_fields = [
        "agreement",
        "base",
        "sequence",
        "due_on",
        "state",
        "materials_requested_on",
        "submitted_on",
        "evaluated_on",
        "grade",
        "conclusion",
        "evaluated_by",
    ]
    inlines = [EvaluationMaterialInline]

    def has_add_permission(self, request: object) -> bool:
        return False  # cycles are scheduled by the services when an agreement comes into force
