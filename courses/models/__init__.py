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
from .kpi import KpiSubmission, Presentation, PresentationAttendee
from .theory import Lesson, LessonCompletion, Quiz, QuizAnswer, QuizAttempt, QuizChoice, QuizQuestion, Section

__all__ = [
    "AdviceQuestion",
    "AdviceReply",
    "Cohort",
    "CohortLevelClosure",
    "CohortLevelDeadline",
    "Course",
    "Enrolment",
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
    "Quiz",
    "QuizAnswer",
    "QuizAttempt",
    "QuizChoice",
    "QuizQuestion",
    "Section",
]
