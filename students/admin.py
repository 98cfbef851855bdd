from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Placement, Student


@admin.register(Student)
class StudentAdmin(SimpleHistoryAdmin):
    list_display = ["student_no", "full_name", "college", "degree_level", "degree_type", "enrolment_year"]
    list_filter = ["degree_level", "degree_type", "study_mode", "employment_type", "college"]
    list_select_related = ["college"]
    search_fields = ["student_no", "full_name"]
    raw_id_fields = ["user", "supervisor"]


@admin.register(Placement)
class PlacementAdmin(SimpleHistoryAdmin):
    list_display = ["student", "base", "stage", "practice_start", "practice_end"]
    list_filter = ["stage"]
    list_select_related = ["student", "base"]
    search_fields = ["student__student_no", "student__full_name", "base__name"]
    raw_id_fields = ["student", "cooperative_mentor"]
