"""Domain errors of accreditation; views turn them into messages or form errors."""


class AccreditationError(Exception):
    """A rule of accreditation refused the action; the message is shown to the user."""


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
