"""Domain errors of accreditation; views turn them into messages or form errors."""


class AccreditationError(Exception):
    """A rule of accreditation refused the action; the message is shown to the user, beside `field`
    when the refusal is about one input (the form field of that name)."""

    def __init__(self, message, *, field: str | None = None):
        super().__init__(message)
        self.field = field


class DecisionInvalid(AccreditationError):
    pass


class ProtocolFinal(AccreditationError):
    pass


class SignatureRefused(AccreditationError):
    pass


class SessionInvalid(AccreditationError):
    pass


class CertificateRefused(AccreditationError):
    pass


class SpecialtyAttemptRefused(AccreditationError):
    pass


class ScoringRefused(AccreditationError):
    pass


class AnswerRefused(AccreditationError):
    pass
