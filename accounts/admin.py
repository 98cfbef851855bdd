from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import College, Organisation, User


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "credit_code", "updated_at"]
    list_filter = ["kind"]
    search_fields = ["name", "short_name", "credit_code"]


@admin.register(College)
class CollegeAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "university"]
    list_select_related = ["university"]
    search_fields = ["code", "name"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "full_name", "email", "organisation", "college", "is_active", "is_staff"]
    list_select_related = ["organisation", "college"]
    list_filter = ["is_active", "is_staff", "groups"]
    search_fields = ["username", "full_name", "email", "phone"]
    ordering = ["username"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Personal info"), {"fields": ("full_name", "email", "phone", "organisation", "college")}),
        (_("Roles and permissions"), {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("username", "full_name", "password1", "password2")}),)
