"""State changes of students, placements and their stages. Pages, the API and imports all call these."""

from .notices import notice_acknowledge, notice_file, notices_apply_due
from .outcomes import appraisal_issue, award_record, disclosure_decide, disclosure_request
from .records import (
    UpsertOutcome,
    placement_assign_mentor,
    placement_create,
    student_create,
    student_update,
    student_upsert,
)
from .selection import (
    demand_post,
    selection_accept,
    selection_decline,
    selection_propose,
    student_is_eligible_by_default,
)
from .stages import (
    confidentiality_confirm,
    coursework_record,
    insurance_record,
    practice_finish,
    practice_plan,
    practice_start,
    safety_agreement_record,
    thesis_record_defence,
    thesis_record_proposal,
    thesis_set_topic,
)

__all__ = [
    "UpsertOutcome",
    "appraisal_issue",
    "award_record",
    "confidentiality_confirm",
    "coursework_record",
    "demand_post",
    "disclosure_decide",
    "disclosure_request",
    "insurance_record",
    "notice_acknowledge",
    "notice_file",
    "notices_apply_due",
    "placement_assign_mentor",
    "placement_create",
    "practice_finish",
    "practice_plan",
    "practice_start",
    "safety_agreement_record",
    "selection_accept",
    "selection_decline",
    "selection_propose",
    "student_create",
    "student_is_eligible_by_default",
    "student_update",
    "student_upsert",
    "thesis_record_defence",
    "thesis_record_proposal",
    "thesis_set_topic",
]
