"""URL map. Every pattern here appears in tests/test_permission_matrix.py."""

from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from accounts.views import home

admin.site.site_header = _("Joint Training Base Portal — administration")
admin.site.site_title = _("Joint Training Base Portal")
admin.site.index_title = _("Administration")

urlpatterns = [
    path("", home, name="home"),
    path("accounts/", include("accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("bases/", include("agreements.urls")),
    path("students/", include("students.urls")),
    path("mentors/", include("mentors.urls")),
    path("assessments/", include("assessments.urls")),
    path("notifications/", include("notifications.urls")),
    path("api/v1/", include("base_portal.api_urls")),
    path("admin/", admin.site.urls),
]
