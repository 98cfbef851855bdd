from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Agreement, TrainingBase


@admin.register(TrainingBase)
class TrainingBaseAdmin(SimpleHistoryAdmin):
    list_display = ["name", "enterprise", "status", "updated_at"]
    list_filter = ["status"]
    list_select_related = ["enterprise"]
    search_fields = ["name", "enterprise__name"]


@admin.register(Agreement)
class AgreementAdmin(SimpleHistoryAdmin):
    list_display = ["base", "effective_from", "ends_on", "min_students_per_year", "terminated_on"]
    list_select_related = ["base"]
    search_fields = ["base__name"]
    # Signature and term dates change only through agreements.services.
    readonly_fields = ["party_a_signed_on", "party_b_signed_on", "effective_from", "ends_on", "predecessor"]
