"""Triggers that note every transaction writing what a student's pages read, so the dashboard can be
cached by it (a service, the admin or plain SQL all count). PostgreSQL only; elsewhere pages are not cached.

Writers only insert a row per scope and transaction (a later write in the same transaction counts on its
own row), never update a shared one: two transactions that lock rows in opposite orders never wait on
each other here. The course scope starts at the clock time in
microseconds, so a rebuilt database never repeats a version that a living cache still holds.
"""

from django.db import migrations, models

BUMP_FUNCTION = """
CREATE OR REPLACE FUNCTION courses_bump_student_pages(scopes text[]) RETURNS void AS $$
    INSERT INTO courses_studentpagechange (scope, transaction, changes)
    SELECT DISTINCT scope, pg_current_xact_id()::text::bigint, 1
    FROM unnest(scopes) AS scope
    WHERE scope IS NOT NULL
    ON CONFLICT (scope, transaction) DO UPDATE SET changes = courses_studentpagechange.changes + 1
$$ LANGUAGE sql
"""
SEED = (
    "INSERT INTO courses_studentpagechange (scope, transaction, changes) "
    "VALUES ('course', pg_current_xact_id()::text::bigint, (extract(epoch FROM clock_timestamp()) * 1000000)::bigint)"
)

# The course's content and the names on the page: every student's page.
COURSE_TABLES = (
    "courses_course",
    "courses_section",
    "courses_lesson",
    "courses_quiz",
    "courses_quizquestion",
    "courses_level",
    "courses_kpirequirement",
    "users_region",
)


def cohort_students(cohort_ids: str) -> str:
    return f"SELECT e.student_id FROM courses_enrolment e WHERE e.cohort_id IN ({cohort_ids})"


ENROLMENT_STUDENT = "SELECT e.student_id FROM {rows} r JOIN courses_enrolment e ON e.id = r.enrolment_id"
PRESENTER = (
    "SELECT e.student_id FROM {rows} r JOIN courses_presentation p ON p.id = r.presentation_id "
    "JOIN courses_enrolment e ON e.id = p.enrolment_id"
)
# Classmates see a presentation they attend or are named at (votes waiting, confirmations).
CLASSMATES_OF_PRESENTATIONS = (
    "SELECT a.classmate_id FROM courses_presentationattendee a WHERE a.presentation_id IN ({ids}) "
    "UNION SELECT c.classmate_id FROM courses_presentationclassmate c WHERE c.presentation_id IN ({ids})"
)

# Per table: the students whose pages a changed row (`r` in the transition table {rows}) shows.
STUDENT_TABLES = {
    "courses_lessoncompletion": "SELECT r.student_id FROM {rows} r",
    "courses_quizattempt": "SELECT r.student_id FROM {rows} r",
    "courses_kpisubmission": ENROLMENT_STUDENT,
    "courses_invitee": ENROLMENT_STUDENT,
    "courses_advicequestion": ENROLMENT_STUDENT,
    "courses_advicereply": (
        "SELECT e.student_id FROM {rows} r JOIN courses_advicequestion q ON q.id = r.question_id "
        "JOIN courses_enrolment e ON e.id = q.enrolment_id"
    ),
    "courses_presentation": ENROLMENT_STUDENT
    + " UNION "
    + CLASSMATES_OF_PRESENTATIONS.format(ids="SELECT r.id FROM {rows} r"),
    "courses_presentationattendee": "SELECT r.classmate_id FROM {rows} r UNION " + PRESENTER,
    "courses_presentationclassmate": "SELECT r.classmate_id FROM {rows} r UNION " + PRESENTER,
    "courses_presentationsubscription": PRESENTER,
    "courses_presentationresult": PRESENTER,
    # Cohort figures (active students, progress counts, closures), deadlines, teachers: the whole cohort.
    "courses_cohort": cohort_students("SELECT r.id FROM {rows} r"),
    "courses_cohort_teachers": cohort_students("SELECT r.cohort_id FROM {rows} r"),
    "courses_cohortlevelclosure": cohort_students("SELECT r.cohort_id FROM {rows} r"),
    "courses_cohortleveldeadline": cohort_students("SELECT r.cohort_id FROM {rows} r"),
    "courses_levelprogress": cohort_students(
        "SELECT e.cohort_id FROM {rows} r JOIN courses_enrolment e ON e.id = r.enrolment_id"
    ),
    "courses_enrolment": cohort_students("SELECT r.cohort_id FROM {rows} r")
    + " UNION SELECT r.student_id FROM {rows} r UNION "
    + CLASSMATES_OF_PRESENTATIONS.format(
        ids="SELECT p.id FROM courses_presentation p WHERE p.enrolment_id IN (SELECT r.id FROM {rows} r)"
    ),
}

EVENTS = (
    ("insert", "INSERT", "REFERENCING NEW TABLE AS new_rows"),
    ("update", "UPDATE", "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows"),
    ("delete", "DELETE", "REFERENCING OLD TABLE AS old_rows"),
)


def student_function(table: str, students: str) -> str:
    def bump(rows: str) -> str:
        return f"PERFORM courses_bump_student_pages(ARRAY(SELECT 'student:' || s FROM ({students.format(rows=rows)}) AS affected(s)));"

    return (
        f"CREATE OR REPLACE FUNCTION courses_pages_{table}() RETURNS trigger AS $$ BEGIN "
        f"IF TG_OP IN ('INSERT', 'UPDATE') THEN {bump('new_rows')} END IF; "
        f"IF TG_OP IN ('UPDATE', 'DELETE') THEN {bump('old_rows')} END IF; "
        "RETURN NULL; END $$ LANGUAGE plpgsql"
    )


def create_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    run = schema_editor.execute
    run(BUMP_FUNCTION)
    run(
        "CREATE OR REPLACE FUNCTION courses_pages_course_changed() RETURNS trigger AS $$ BEGIN "
        "PERFORM courses_bump_student_pages(ARRAY['course']); RETURN NULL; END $$ LANGUAGE plpgsql"
    )
    for table in COURSE_TABLES:
        run(
            f"CREATE TRIGGER courses_pages_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION courses_pages_course_changed()"
        )
    # Names show on the pages (teachers, presenters, reply authors); logins and other columns do not count.
    run(
        "CREATE TRIGGER courses_pages_name_changed AFTER UPDATE ON users_user FOR EACH ROW "
        "WHEN (OLD.full_name IS DISTINCT FROM NEW.full_name OR OLD.email IS DISTINCT FROM NEW.email) "
        "EXECUTE FUNCTION courses_pages_course_changed()"
    )
    for table, students in STUDENT_TABLES.items():
        run(student_function(table, students))
        for suffix, event, referencing in EVENTS:
            run(
                f"CREATE TRIGGER courses_pages_changed_{suffix} AFTER {event} ON {table} {referencing} "
                f"FOR EACH STATEMENT EXECUTE FUNCTION courses_pages_{table}()"
            )
        run(  # no rows to tell whose pages: every page
            f"CREATE TRIGGER courses_pages_truncated AFTER TRUNCATE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION courses_pages_course_changed()"
        )
    run(SEED)


def drop_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    run = schema_editor.execute
    for table in COURSE_TABLES:
        run(f"DROP TRIGGER IF EXISTS courses_pages_changed ON {table}")
    run("DROP TRIGGER IF EXISTS courses_pages_name_changed ON users_user")
    for table in STUDENT_TABLES:
        for suffix, _event, _referencing in EVENTS:
            run(f"DROP TRIGGER IF EXISTS courses_pages_changed_{suffix} ON {table}")
        run(f"DROP TRIGGER IF EXISTS courses_pages_truncated ON {table}")
        run(f"DROP FUNCTION IF EXISTS courses_pages_{table}()")
    run("DROP FUNCTION IF EXISTS courses_pages_course_changed()")
    run("DROP FUNCTION IF EXISTS courses_bump_student_pages(text[])")


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0006_review_queue_version"),
        ("users", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="StudentPageChange",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("scope", models.CharField(max_length=40, verbose_name="scope")),
                ("transaction", models.BigIntegerField(verbose_name="transaction")),
                ("changes", models.BigIntegerField(default=1, verbose_name="changes")),
            ],
            options={
                "verbose_name": "student page change",
                "verbose_name_plural": "student page changes",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("scope", "transaction"), include=("changes",), name="one_page_change_per_transaction"
                    )
                ],
            },
        ),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
