"""State changes of bases, agreements, templates, governance records and evaluations.

Every change goes through one function here, called alike by pages, the API, the admin,
imports and tasks.
"""

from .agreements import (
    agreement_attach_scan,
    agreement_create_draft,
    agreement_record_paper_signing,
    agreement_record_signature,
    agreement_renew,
    agreement_terminate,
    agreement_update_draft,
)
from .bases import MANAGE_BASE_PERM, base_create, base_grant_admin, base_revoke_admin, base_update
from .evaluations import (
    evaluation_add_material,
    evaluation_cancel_from,
    evaluation_record_result,
    evaluation_request_materials,
    evaluation_schedule,
    evaluation_submit,
)
from .governance import (
    briefing_record,
    committee_member_add,
    committee_member_end_term,
    exchange_record,
    fund_record,
    funded_project_add,
    innovation_activity_record,
)
from .templates import DEFAULT_TEMPLATE_NAME, template_ensure_default, template_latest_for, template_publish_version

__all__ = [
    "DEFAULT_TEMPLATE_NAME",
    "MANAGE_BASE_PERM",
    "agreement_attach_scan",
    "agreement_create_draft",
    "agreement_record_paper_signing",
    "agreement_record_signature",
    "agreement_renew",
    "agreement_terminate",
    "agreement_update_draft",
    "base_create",
    "base_grant_admin",
    "base_revoke_admin",
    "base_update",
    "briefing_record",
    "committee_member_add",
    "committee_member_end_term",
    "evaluation_add_material",
    "evaluation_cancel_from",
    "evaluation_record_result",
    "evaluation_request_materials",
    "evaluation_schedule",
    "evaluation_submit",
    "exchange_record",
    "fund_record",
    "funded_project_add",
    "innovation_activity_record",
    "template_ensure_default",
    "template_latest_for",
    "template_publish_version",
]
