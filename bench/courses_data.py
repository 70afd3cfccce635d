"""Bulk-load the course-delivery part of the benchmark data set: 10,000 students in 400 cohorts with
their lessons done, passed quizzes, level progress and level-1 documents (pending or approved)."""

import datetime

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.utils import timezone

from coopportal.users.demo import demo_user
from coopportal.users.models import Region, User
from coopportal.users.roles import Role

STUDENTS = 10_000
COHORTS = 400
COHORTS_PER_TEACHER = 10
DOMAIN = "bench.local"


def load(*, students: int = STUDENTS, cohorts: int = COHORTS) -> None:
    from courses import selectors
    from courses.models import (
        Cohort,
        Enrolment,
        KpiKind,
        KpiSubmission,
        Lesson,
        LessonCompletion,
        Level,
        LevelProgress,
        Quiz,
        QuizAttempt,
    )

    course = selectors.default_course()
    levels = list(Level.objects.filter(course=course).order_by("order"))
    documents = list(levels[0].requirements.filter(kind=KpiKind.DOCUMENT))
    lessons = list(Lesson.objects.filter(section__course=course).values_list("pk", flat=True))
    quizzes = list(Quiz.objects.filter(section__course=course).prefetch_related("questions"))
    regions = list(Region.objects.filter(country=Region.Country.KAZAKHSTAN))
    now = timezone.now()
    password = make_password("bench-password-1")
    per_cohort = students // cohorts

    # The demo teacher teaches the first cohorts, so its review queue has real volume.
    teachers = [demo_user("teacher")] + User.objects.bulk_create(
        User(email=f"bench-teacher-{t}@{DOMAIN}", full_name=f"Bench Teacher {t}", password=password, is_staff=True)
        for t in range(1, cohorts // COHORTS_PER_TEACHER)
    )
    cohort_rows = Cohort.objects.bulk_create(
        Cohort(
            course=course,
            name=f"Bench cohort {c}",
            region=regions[c % len(regions)],
            start_date=now.date() - datetime.timedelta(days=30 + c % 60),
        )
        for c in range(cohorts)
    )
    Cohort.teachers.through.objects.bulk_create(
        Cohort.teachers.through(cohort_id=cohort.pk, user_id=teachers[c // COHORTS_PER_TEACHER].pk)
        for c, cohort in enumerate(cohort_rows)
    )
    people = User.objects.bulk_create(
        (
            User(
                email=f"bench-student-{n}@{DOMAIN}",
                full_name=f"Bench Student {n}",
                password=password,
                region=cohort_rows[n // per_cohort].region,
            )
            for n in range(students)
        ),
        batch_size=5000,
    )
    roles = {role: Group.objects.get(name=role) for role in (Role.STUDENT, Role.TEACHER)}
    User.groups.through.objects.bulk_create(
        [User.groups.through(user_id=p.pk, group_id=roles[Role.STUDENT].pk) for p in people]
        + [User.groups.through(user_id=t.pk, group_id=roles[Role.TEACHER].pk) for t in teachers[1:]],
        batch_size=10_000,
    )
    # A third of the students at each of levels 1 to 3.
    enrolments = Enrolment.objects.bulk_create(
        (
            Enrolment(
                cohort=cohort_rows[n // per_cohort],
                course=course,
                student=person,
                current_level=levels[n % 3],
                theory_passed_at=now,
            )
            for n, person in enumerate(people)
        ),
        batch_size=5000,
    )
    LevelProgress.objects.bulk_create(
        (
            LevelProgress(
                enrolment=enrolment,
                level=level,
                status=LevelProgress.Status.PASSED if level.order < enrolment.current_level.order else "open",
                opened_at=now,
                passed_at=now if level.order < enrolment.current_level.order else None,
            )
            for enrolment in enrolments
            for level in levels[: enrolment.current_level.order]
        ),
        batch_size=10_000,
    )
    LessonCompletion.objects.bulk_create(
        (
            LessonCompletion(lesson_id=lesson, student=person, completed_at=now)
            for person in people
            for lesson in lessons
        ),
        batch_size=20_000,
    )
    QuizAttempt.objects.bulk_create(
        (
            QuizAttempt(
                quiz=quiz,
                student=person,
                score=len(quiz.questions.all()),
                max_score=len(quiz.questions.all()),
                passed=True,
                submitted_at=now,
            )
            for person in people
            for quiz in quizzes
        ),
        batch_size=20_000,
    )
    # Level 1: every other student has handed in the three documents; above it they are approved.
    KpiSubmission.objects.bulk_create(
        (
            KpiSubmission(
                enrolment=enrolment,
                requirement=requirement,
                text=f"{requirement.label} of bench student {n}.",
                status=KpiSubmission.Status.PENDING if n % 3 == 0 else KpiSubmission.Status.APPROVED,
                submitted_at=now - datetime.timedelta(minutes=n),
                reviewed_by=None if n % 3 == 0 else teachers[n // per_cohort // COHORTS_PER_TEACHER],
                reviewed_at=None if n % 3 == 0 else now,
            )
            for n, enrolment in enumerate(enrolments)
            if n % 3 or n % 2 == 0
            for requirement in documents
        ),
        batch_size=10_000,
    )


def load_certificates() -> None:
    """Certificates of completion for the bench students at level 3 (one in forty revoked), so the
    public verification page looks up real codes among thousands."""
    from django.conf import settings

    from accreditation.models import Certificate
    from courses.models import Course

    course = Course.objects.get(slug="cooperative-entrepreneurship")
    now = timezone.now()
    holders = User.objects.filter(email__startswith="bench-student-", enrolments__current_level__order=3).order_by("pk")
    Certificate.objects.bulk_create(
        (
            Certificate(
                kind=Certificate.Kind.COMPLETION,
                number=f"BC-{now.year}-{n:05d}",
                holder=holder,
                holder_name=holder.full_name,
                title_en=course.title_en,
                title_ru=course.title_ru,
                title_kk=course.title_kk,
                course=course,
                region_id=holder.region_id,
                issued_on=now.date(),
                issuer=settings.ACCREDITATION_ISSUER,
                listed_in_registry=n % 2 == 0,
                revoked_at=now if n % 40 == 0 else None,
                revoked_reason="Bench: revoked for the benchmark." if n % 40 == 0 else "",
            )
            for n, holder in enumerate(holders, 1)
        ),
        batch_size=5000,
    )


SUBSCRIBERS = 100_000


def load_subscribers(count: int = SUBSCRIBERS) -> None:
    """The association's subscriber database: `count` people, each with an email, a few with a phone."""
    from courses.models import Subscriber
    from courses.services.subscribers import CONSENT_TEXT

    now = timezone.now()
    regions = list(Region.objects.filter(country=Region.Country.KAZAKHSTAN))
    consent = str(CONSENT_TEXT)
    Subscriber.objects.bulk_create(
        (
            Subscriber(
                name=f"Bench Subscriber {n}",
                email=f"bench-subscriber-{n}@{DOMAIN}",
                phone=f"+7701{n:07d}" if n % 10 == 0 else None,
                region=regions[n % len(regions)],
                consent_text=consent,
                consented_at=now,
            )
            for n in range(count)
        ),
        batch_size=10_000,
    )
