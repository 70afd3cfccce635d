"""A version number the database raises when a transaction that changed anything the teachers' review
queue shows commits, so the queue page can be cached by it (a change by a service, the admin or plain
SQL all count).

The triggers are deferred to commit and bump once per transaction: the version row is then locked only
while the transaction commits, so a review (which locks the cohort after changing the submission) and a
student's progress (which locks the cohort first) never wait on each other through it.
"""

from django.db import migrations, models

# Everything the queue page reads: the submissions and who they belong to, the levels and their
# deadlines, level progress (overdue), the cohorts and their teachers (scope), the students' and the
# viewer's names, and the roles and permissions that decide the admin's menus and actions.
TABLES = (
    "courses_kpisubmission",
    "courses_enrolment",
    "courses_cohort",
    "courses_cohort_teachers",
    "courses_course",
    "courses_level",
    "courses_kpirequirement",
    "courses_cohortleveldeadline",
    "courses_levelprogress",
    "users_user_groups",
    "users_user_user_permissions",
    "auth_group",
    "auth_group_permissions",
)
# Of a user the page shows the name and e-mail and depends on the account flags; a login (last_login)
# is not a change.
USER_COLUMNS = ("full_name", "email", "password", "is_active", "is_staff", "is_superuser")
BUMP = (
    "INSERT INTO courses_reviewqueueversion (id, version) VALUES (1, 1) "
    "ON CONFLICT (id) DO UPDATE SET version = courses_reviewqueueversion.version + 1"
)


def create_triggers(apps, schema_editor):
    run = schema_editor.execute
    if schema_editor.connection.vendor == "postgresql":
        run(
            "CREATE OR REPLACE FUNCTION courses_review_queue_changed() RETURNS trigger AS $$ BEGIN "
            "IF current_setting('courses.review_queue_bumped', true) IS DISTINCT FROM 'on' THEN "
            f"{BUMP}; PERFORM set_config('courses.review_queue_bumped', 'on', true); "
            "END IF; RETURN NULL; END $$ LANGUAGE plpgsql"
        )
        deferred = "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW"
        for table in TABLES:
            run(
                "CREATE CONSTRAINT TRIGGER courses_review_queue_changed AFTER INSERT OR UPDATE OR DELETE "
                f"ON {table} {deferred} EXECUTE FUNCTION courses_review_queue_changed()"
            )
        changed = " OR ".join(f"OLD.{c} IS DISTINCT FROM NEW.{c}" for c in USER_COLUMNS)
        run(
            f"CREATE CONSTRAINT TRIGGER courses_review_queue_changed AFTER UPDATE OF {', '.join(USER_COLUMNS)} "
            f"ON users_user {deferred} WHEN ({changed}) EXECUTE FUNCTION courses_review_queue_changed()"
        )
    elif schema_editor.connection.vendor == "sqlite":
        bump = (
            "INSERT OR REPLACE INTO courses_reviewqueueversion (id, version) VALUES "
            "(1, COALESCE((SELECT version FROM courses_reviewqueueversion WHERE id = 1), 0) + 1)"
        )
        for table in TABLES:
            for event in ("INSERT", "UPDATE", "DELETE"):
                run(
                    f"CREATE TRIGGER courses_review_queue_changed_{table}_{event.lower()} AFTER {event} ON {table} "
                    f"BEGIN {bump}; END"
                )
        run(
            f"CREATE TRIGGER courses_review_queue_changed_users_user_update AFTER UPDATE OF "
            f"{', '.join(USER_COLUMNS)} ON users_user BEGIN {bump}; END"
        )


def drop_triggers(apps, schema_editor):
    run = schema_editor.execute
    if schema_editor.connection.vendor == "postgresql":
        for table in (*TABLES, "users_user"):
            run(f"DROP TRIGGER IF EXISTS courses_review_queue_changed ON {table}")
        run("DROP FUNCTION IF EXISTS courses_review_queue_changed()")
    elif schema_editor.connection.vendor == "sqlite":
        for table in TABLES:
            for event in ("insert", "update", "delete"):
                run(f"DROP TRIGGER IF EXISTS courses_review_queue_changed_{table}_{event}")
        run("DROP TRIGGER IF EXISTS courses_review_queue_changed_users_user_update")


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0005_presentations_and_subscribers"),
        ("users", "0002_roles_and_regions"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.CreateModel(
            name="ReviewQueueVersion",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("version", models.BigIntegerField(default=0)),
            ],
            options={
                "verbose_name": "review queue version",
                "verbose_name_plural": "review queue versions",
            },
        ),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
