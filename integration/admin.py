from django.contrib import admin

from .models import ApiToken, Tombstone


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Read-only here: tokens are issued and revoked on the office's pages, which show the key once."""

    list_display = ["name", "user", "prefix", "scopes", "expires_on", "last_used_at", "revoked_at"]
    list_filter = ["revoked_at"]
    search_fields = ["name", "user__username", "prefix"]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(Tombstone)
class TombstoneAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["resource", "object_id", "natural_key", "base_id", "deleted_at"]
    list_filter = ["resource"]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
