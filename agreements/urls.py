from django.urls import path

from oversight.views_report import evaluation_report_pdf

from .views import agreements, bases, evaluations, templates

app_name = "agreements"

urlpatterns = [
    path("", bases.base_list, name="base_list"),
    path("new/", bases.base_create, name="base_create"),
    path("<int:pk>/", bases.base_detail, name="base_detail"),
    path("<int:pk>/edit/", bases.base_update, name="base_update"),
    path("<int:pk>/admins/add/", bases.base_admin_grant, name="base_admin_grant"),
    path("<int:pk>/admins/<int:user_id>/remove/", bases.base_admin_revoke, name="base_admin_revoke"),
    path("<int:pk>/records/<slug:kind>/new/", bases.record_create, name="record_create"),
    path("committee/<int:pk>/end/", bases.committee_end_term, name="committee_end_term"),
    path("<int:pk>/agreements/new/", agreements.agreement_create, name="agreement_create"),
    path("agreements/<int:pk>/", agreements.agreement_detail, name="agreement_detail"),
    path("agreements/<int:pk>/edit/", agreements.agreement_update, name="agreement_update"),
    path("agreements/<int:pk>/sign/", agreements.agreement_sign, name="agreement_sign"),
    path("agreements/<int:pk>/paper/", agreements.agreement_paper, name="agreement_paper"),
    path("agreements/<int:pk>/scan/", agreements.agreement_scan_upload, name="agreement_scan_upload"),
    path("agreements/<int:pk>/scan/download/", agreements.agreement_scan, name="agreement_scan"),
    path("agreements/<int:pk>/pdf/", agreements.agreement_document, name="agreement_pdf"),
    path("agreements/<int:pk>/terminate/", agreements.agreement_terminate, name="agreement_terminate"),
    path("agreements/<int:pk>/renew/", agreements.agreement_renew, name="agreement_renew"),
    path("templates/", templates.template_list, name="template_list"),
    path("templates/<int:pk>/", templates.template_detail, name="template_detail"),
    path("templates/<int:pk>/new-version/", templates.template_new_version, name="template_new_version"),
    path("evaluations/", evaluations.evaluation_list, name="evaluation_list"),
    path("evaluations/<int:pk>/", evaluations.evaluation_detail, name="evaluation_detail"),
    path("evaluations/<int:pk>/request/", evaluations.evaluation_request, name="evaluation_request"),
    path("evaluations/<int:pk>/materials/new/", evaluations.evaluation_material_add, name="evaluation_material_add"),
    path(
        "evaluations/materials/<int:pk>/download/",
        evaluations.evaluation_material_download,
        name="evaluation_material_download",
    ),
    path("evaluations/<int:pk>/submit/", evaluations.evaluation_submit, name="evaluation_submit"),
    path("evaluations/<int:pk>/result/", evaluations.evaluation_result, name="evaluation_result"),
    path("evaluations/<int:pk>/report.pdf", evaluation_report_pdf, name="evaluation_report"),
]
