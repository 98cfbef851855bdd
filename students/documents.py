"""The appraisal form as a PDF: one renderer for the download and the cohort's zip."""

from base_portal.pdf import render_pdf

from .models import PracticeAppraisal


def appraisal_render(appraisal: PracticeAppraisal) -> bytes:
    """The appraisal form; ``appraisal`` comes from ``appraisals_visible_to`` with its relations."""
    placement = appraisal.placement
    awards = placement.awards.order_by("awarded_on")
    return render_pdf("students/pdf/appraisal.html", {"appraisal": appraisal, "placement": placement, "awards": awards})


def appraisal_filename(appraisal: PracticeAppraisal) -> str:
    return f"appraisal-{appraisal.placement.student.student_no}.pdf"
