from .advice import AdviceQuestion, AdviceReply
from .course import (
    Cohort,
    CohortLevelClosure,
    CohortLevelDeadline,
    Course,
    Enrolment,
    KpiKind,
    KpiRequirement,
    Level,
    LevelCode,
    LevelProgress,
    LevelTransition,
)
from .kpi import KpiSubmission
from .pages import StudentPageChange
from .presentations import (
    Invitee,
    Presentation,
    PresentationAttendee,
    PresentationClassmate,
    PresentationResult,
    PresentationSubscription,
    Subscriber,
)
from .theory import Lesson, LessonCompletion, Quiz, QuizAnswer, QuizAttempt, QuizChoice, QuizQuestion, Section

__all__ = [
    "AdviceQuestion",
    "AdviceReply",
    "Cohort",
    "CohortLevelClosure",
    "CohortLevelDeadline",
    "Course",
    "Enrolment",
    "Invitee",
    "KpiKind",
    "KpiRequirement",
    "KpiSubmission",
    "Lesson",
    "LessonCompletion",
    "Level",
    "LevelCode",
    "LevelProgress",
    "LevelTransition",
    "Presentation",
    "PresentationAttendee",
    "PresentationClassmate",
    "PresentationResult",
    "PresentationSubscription",
    "Quiz",
    "QuizAnswer",
    "QuizAttempt",
    "QuizChoice",
    "QuizQuestion",
    "Section",
    "StudentPageChange",
    "Subscriber",
]
