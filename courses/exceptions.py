"""Domain errors of course delivery; views turn them into form errors or messages."""


class CourseError(Exception):
    """A rule of the course refused the action; the message is for the user, beside `field` when the
    refusal is about one input (the form field of that name)."""

    def __init__(self, message, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class NotAllowed(CourseError):
    """The user may not do this to this object (a 403 in views)."""


class EnrolmentConflict(CourseError):
    pass


class LevelLocked(CourseError):
    pass


class InvalidSubmission(CourseError):
    pass


class QuizAnswerRejected(CourseError):
    pass


class QuizIncomplete(QuizAnswerRejected):
    """Some questions were left unanswered; `unanswered` lists their ids."""

    def __init__(self, message, *, unanswered):
        super().__init__(message)
        self.unanswered = list(unanswered)


class QuizLocked(CourseError):
    pass


class ReviewError(CourseError):
    pass


class CohortGateError(CourseError):
    pass


class PresentationError(CourseError):
    pass


class SubscribeRefused(CourseError):
    """The public subscribe form was refused; the message is for the attendee."""


class AlreadySubscribed(SubscribeRefused):
    pass


class RateLimited(SubscribeRefused):
    pass


class InvitationImportError(CourseError):
    """A CSV import with errors; `row_errors` lists every bad row, nothing was stored."""

    def __init__(self, message, row_errors: list[str]):
        super().__init__(message)
        self.row_errors = row_errors


class SignUpNotConfirmed(SubscribeRefused):
    """A wrong, used-up or expired code or link."""
