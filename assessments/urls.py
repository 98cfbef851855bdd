from django.urls import path

from . import views

app_name = "assessments"

urlpatterns = [
    path("", views.assessment_list, name="assessment_list"),
    path("month/", views.month_page, name="month_page"),
    path("overdue/", views.overdue_list, name="overdue_list"),
    path("<int:pk>/", views.assessment_detail, name="assessment_detail"),
    path("<int:pk>/amend/", views.assessment_amend, name="assessment_amend"),
    path("policies/", views.policy_list, name="policy_list"),
    path("policies/new/", views.policy_create, name="policy_create"),
    path("ledger/", views.ledger, name="ledger"),
    path("ledger/export/", views.ledger_export, name="ledger_export"),
    path("payments/<int:pk>/paid/", views.payment_paid, name="payment_paid"),
    path("statements/<int:pk>.pdf", views.statement_pdf, name="statement_pdf"),
    path("summary/", views.work_summary, name="work_summary"),
]
