"""Domain errors of grant budgeting; views turn them into form errors or messages."""


class BudgetError(Exception):
    """A rule refused the change; the message says which and why."""


class NotAllowed(BudgetError):
    """The user may not do this to this record."""


class InvalidState(BudgetError):
    """The program is not in a state where this can happen."""


class MissingDocuments(BudgetError):
    pass


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


class PlanNotAccepted(BudgetError):
    """The allocation's category plan is outside the tolerance and HQ has not accepted it."""
