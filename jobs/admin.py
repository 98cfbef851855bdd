from django.contrib import admin

from .models import Job


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ["id", "kind", "owner", "status", "done", "total", "created_at", "finished_at"]
    list_filter = ["kind", "status"]
    search_fields = ["owner__username", "owner__full_name", "summary"]
    list_select_related = ["owner"]
    readonly_fields = [f.name for f in Job._meta.fields]
    date_hierarchy = "created_at"

    def has_add_permission(self, request: object) -> bool:
        return False
