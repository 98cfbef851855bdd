from django.urls import path

from . import views_import
from .views import demands, placements, students

app_name = "students"

urlpatterns = [
    path("", students.student_list, name="student_list"),
    path("<int:pk>/", students.student_detail, name="student_detail"),
    path("me/", students.my_record, name="my_record"),
    path("placements/<int:pk>/step/<slug:step>/", placements.placement_step, name="placement_step"),
    path("placements/<int:pk>/safety-agreement/", placements.safety_scan, name="safety_scan"),
    path("placements/<int:pk>/appraisal.pdf", placements.appraisal_pdf, name="appraisal_pdf"),
    path("notices/<int:pk>/acknowledge/", placements.notice_acknowledge, name="notice_acknowledge"),
    path("disclosures/<int:pk>/decide/", placements.disclosure_decide, name="disclosure_decide"),
    path("demands/", demands.demand_list, name="demand_list"),
    path("demands/new/", demands.demand_create, name="demand_create"),
    path("demands/<int:pk>/", demands.demand_detail, name="demand_detail"),
    path("demands/<int:pk>/select/", demands.selection_create, name="selection_create"),
    path("selections/<int:pk>/accept/", demands.selection_accept, name="selection_accept"),
    path("selections/<int:pk>/decline/", demands.selection_decline, name="selection_decline"),
    path("import/", views_import.student_import_page, name="student_import"),
    path("export/", views_import.student_export, name="student_export"),
]
