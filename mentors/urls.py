from django.urls import path

from . import views

app_name = "mentors"

urlpatterns = [
    path("", views.mentor_list, name="mentor_list"),
    path("<int:pk>/", views.mentor_detail, name="mentor_detail"),
    path("<int:pk>/reappoint/", views.mentor_reappoint, name="mentor_reappoint"),
    path("<int:pk>/trainings/new/", views.training_add, name="training_add"),
    path("<int:pk>/assessments/new/", views.assessment_add, name="assessment_add"),
    path("appointments/<int:pk>/letter/", views.appointment_letter, name="appointment_letter"),
    path("criteria/", views.criteria_edit, name="criteria_edit"),
    path("recommendations/", views.recommendation_list, name="recommendation_list"),
    path("recommendations/new/", views.recommendation_create, name="recommendation_create"),
    path("recommendations/<int:pk>/", views.recommendation_detail, name="recommendation_detail"),
    path("recommendations/<int:pk>/cv/", views.recommendation_cv, name="recommendation_cv"),
    path("recommendations/<int:pk>/appoint/", views.recommendation_appoint, name="recommendation_appoint"),
    path("recommendations/<int:pk>/reject/", views.recommendation_reject, name="recommendation_reject"),
    path("remuneration/", views.remuneration_list, name="remuneration_list"),
    path("remuneration/export/", views.remuneration_export, name="remuneration_export"),
    path("remuneration/new/", views.remuneration_add, name="remuneration_add"),
]
