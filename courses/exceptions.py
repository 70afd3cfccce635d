"""Domain errors of course delivery; views turn them into form errors or messages."""


class CourseError(Exception):
    """A rule of the course refused the action; the message is for the user."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


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


class ReviewError(CourseError):
    pass


class CohortGateError(CourseError):
    pass
