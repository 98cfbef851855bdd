"""URL map. Every pattern here appears in tests/test_permission_matrix.py."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from accounts.views import home

admin.site.site_header = _("Joint Training Base Portal — administration")
admin.site.site_title = _("Joint Training Base Portal")
admin.site.index_title = _("Administration")
# Django 5.2's admin index heads its tables with these screen-reader labels, which Django's own
# Chinese catalogue lacks; marked here, they are translated in ours (LOCALE_PATHS wins).
ADMIN_STRINGS_MISSING_FROM_DJANGO = (
    gettext_noop("Model name"),
    gettext_noop("Add link"),
    gettext_noop("Change or view list link"),
)

urlpatterns = [
    path("", home, name="home"),
    path("accounts/", include("accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("bases/", include("agreements.urls")),
    path("students/", include("students.urls")),
    path("mentors/", include("mentors.urls")),
    path("assessments/", include("assessments.urls")),
    path("notifications/", include("notifications.urls")),
    path("api-tokens/", include("integration.urls")),
    path("oversight/", include("oversight.urls")),
    path("jobs/", include("jobs.urls")),
    path("api/v1/", include("base_portal.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("admin/", admin.site.urls),
]

if settings.BENCH_VIEWS:  # baselines for `make bench` (scripts/bench.py); off unless BENCH_VIEWS is set
    from base_portal import bench_views

    urlpatterns += [
        path("bench/bare/", bench_views.bare),
        path("bench/student-values/", bench_views.student_values),
    ]

handler404 = "integration.api.errors.not_found"
handler500 = "integration.api.errors.server_error"
