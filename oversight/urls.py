from django.urls import path

from . import views

app_name = "oversight"

urlpatterns = [
    path("", views.office_dashboard, name="office_dashboard"),
    path("bases/<int:pk>/compliance/", views.base_compliance, name="base_compliance"),
]
