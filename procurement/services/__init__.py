"""Every write of grant budgeting; views, the admin, the demo and the tests call these."""

from .allocations import accept_share_deviation, committed_total, confirm_allocations, save_category_plan
from .filing import (
    add_contractor_document,
    add_expense_line,
    add_host,
    add_participant,
    create_contractor,
    create_program,
    remove_document,
    remove_expense_line,
    remove_host,
    remove_participant,
    update_program,
    upload_document,
)
from .workflow import (
    grant_hq_permission,
    record_execution,
    refuse_hq_permission,
    review_program,
    sign_program,
    submit_program,
    submit_report,
)

__all__ = [
    "accept_share_deviation",
    "add_contractor_document",
    "add_expense_line",
    "add_host",
    "add_participant",
    "committed_total",
    "confirm_allocations",
    "create_contractor",
    "create_program",
    "grant_hq_permission",
    "record_execution",
    "refuse_hq_permission",
    "remove_document",
    "remove_expense_line",
    "remove_host",
    "remove_participant",
    "review_program",
    "save_category_plan",
    "sign_program",
    "submit_program",
    "submit_report",
    "update_program",
    "upload_document",
]
