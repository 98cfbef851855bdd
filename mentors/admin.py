from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Mentor


@admin.register(Mentor)
class MentorAdmin(SimpleHistoryAdmin):
    list_display = ["full_name", "kind", "organisation", "title", "base", "college"]
    list_filter = ["kind"]
    list_select_related = ["organisation", "base", "college"]
    search_fields = ["full_name", "title", "field"]
