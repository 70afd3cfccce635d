from .certificates import Certificate, NumberCounter
from .credentials import Credential, StatusList
from .documents import Document
from .exams import CommitteeMember, ExamCandidate, ExamProtocol, ExamSession, ProtocolSignature
from .specialty import AttemptTask, SituationalTask, Specialty, SpecialtyAttempt, TaskScore

__all__ = [
    "AttemptTask",
    "Certificate",
    "CommitteeMember",
    "Credential",
    "Document",
    "ExamCandidate",
    "ExamProtocol",
    "ExamSession",
    "NumberCounter",
    "ProtocolSignature",
    "SituationalTask",
    "Specialty",
    "SpecialtyAttempt",
    "StatusList",
    "TaskScore",
]
