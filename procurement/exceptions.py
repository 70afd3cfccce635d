"""Domain errors of grant budgeting; views turn them into form errors or messages."""


class BudgetError(Exception):
    """A rule refused the change; the message says which and why, and `field` names the form field it
    concerns when there is one (the view shows it there)."""

    def __init__(self, message: str = "", *, field: str | None = None):
        super().__init__(message)
        self.field = field


class NotAllowed(BudgetError):
    """The user may not do this to this record."""


class InvalidState(BudgetError):
    """The program is not in a state where this can happen."""


class MissingDocuments(BudgetError):
    pass


class MissingExpenseLines(BudgetError):
    """A program is submitted with what it will cost, line by line."""


class NormViolation(BudgetError):
    """A claim that cannot be routed to HQ (e.g. the headcount does not match the list)."""


class FundSeparationConflict(BudgetError):
    pass


class DuplicateInvoice(BudgetError):
    pass


class AllocationExceeded(BudgetError):
    pass


class SignOffRefused(BudgetError):
    pass


class StepUpRefused(SignOffRefused):
    """The seat's code for this signature is wrong or already used."""


class PlanNotAccepted(BudgetError):
    """The allocation's category plan is outside the tolerance and HQ has not accepted it."""
