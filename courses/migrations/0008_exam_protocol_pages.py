"""The exam committee's final protocol is the exam level's last KPI: a change to a protocol notes the
candidate's student pages, as migration 0007's triggers do for the courses tables. PostgreSQL only."""

from django.db import migrations

STUDENTS = (
    "SELECT e.student_id FROM {rows} r JOIN accreditation_examcandidate c ON c.id = r.candidate_id "
    "JOIN courses_enrolment e ON e.id = c.enrolment_id"
)
EVENTS = (
    ("insert", "INSERT", "REFERENCING NEW TABLE AS new_rows"),
    ("update", "UPDATE", "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows"),
    ("delete", "DELETE", "REFERENCING OLD TABLE AS old_rows"),
)


def bump(rows: str) -> str:
    students = STUDENTS.format(rows=rows)
    return f"PERFORM courses_bump_student_pages(ARRAY(SELECT 'student:' || s FROM ({students}) AS affected(s)));"


def create_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    run = schema_editor.execute
    run(
        "CREATE OR REPLACE FUNCTION courses_pages_accreditation_examprotocol() RETURNS trigger AS $$ BEGIN "
        f"IF TG_OP IN ('INSERT', 'UPDATE') THEN {bump('new_rows')} END IF; "
        f"IF TG_OP IN ('UPDATE', 'DELETE') THEN {bump('old_rows')} END IF; "
        "RETURN NULL; END $$ LANGUAGE plpgsql"
    )
    for suffix, event, referencing in EVENTS:
        run(
            f"CREATE TRIGGER courses_pages_changed_{suffix} AFTER {event} ON accreditation_examprotocol "
            f"{referencing} FOR EACH STATEMENT EXECUTE FUNCTION courses_pages_accreditation_examprotocol()"
        )


def drop_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for suffix, _event, _referencing in EVENTS:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS courses_pages_changed_{suffix} ON accreditation_examprotocol")
    schema_editor.execute("DROP FUNCTION IF EXISTS courses_pages_accreditation_examprotocol()")


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0007_student_page_changes"),
        ("accreditation", "0002_specialties_and_tasks"),
    ]

    operations = [migrations.RunPython(create_triggers, drop_triggers)]
