"""A version number the database raises on every write the budget reports depend on, so the
dashboards can be cached by it (a change by a service, the admin or plain SQL all count)."""

from django.db import migrations, models

# Everything the province and national dashboards read.
TABLES = (
    "procurement_program",
    "procurement_programdocument",
    "procurement_allocation",
    "procurement_categoryplan",
    "procurement_category",
    "procurement_programtype",
    "procurement_requireddocument",
    "procurement_fund",
    "procurement_fiscalyear",
    "users_region",
)
BUMP = (
    "INSERT INTO procurement_reportversion (id, version) VALUES (1, 1) "
    "ON CONFLICT (id) DO UPDATE SET version = procurement_reportversion.version + 1"
)


def create_triggers(apps, schema_editor):
    run = schema_editor.execute
    if schema_editor.connection.vendor == "postgresql":
        # Once per statement, not per row: a bulk change costs one bump.
        run(
            "CREATE OR REPLACE FUNCTION procurement_report_changed() RETURNS trigger AS $$ "
            f"BEGIN {BUMP}; RETURN NULL; END $$ LANGUAGE plpgsql"
        )
        for table in TABLES:
            run(
                f"CREATE TRIGGER procurement_report_changed AFTER INSERT OR UPDATE OR DELETE ON {table} "
                "FOR EACH STATEMENT EXECUTE FUNCTION procurement_report_changed()"
            )
    elif schema_editor.connection.vendor == "sqlite":
        for table in TABLES:
            for event in ("INSERT", "UPDATE", "DELETE"):
                run(
                    f"CREATE TRIGGER procurement_report_changed_{table}_{event.lower()} AFTER {event} ON {table} "
                    "BEGIN INSERT OR REPLACE INTO procurement_reportversion (id, version) VALUES "
                    "(1, COALESCE((SELECT version FROM procurement_reportversion WHERE id = 1), 0) + 1); END"
                )


def drop_triggers(apps, schema_editor):
    run = schema_editor.execute
    if schema_editor.connection.vendor == "postgresql":
        for table in TABLES:
            run(f"DROP TRIGGER IF EXISTS procurement_report_changed ON {table}")
        run("DROP FUNCTION IF EXISTS procurement_report_changed()")
    elif schema_editor.connection.vendor == "sqlite":
        for table in TABLES:
            for event in ("insert", "update", "delete"):
                run(f"DROP TRIGGER IF EXISTS procurement_report_changed_{table}_{event}")


class Migration(migrations.Migration):
    dependencies = [
        ("procurement", "0002_reference_data"),
        ("users", "0001_initial"),
    ]

    operations = [
        migrations.CreateModel(
            name="ReportVersion",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("version", models.BigIntegerField(default=0)),
            ],
            options={
                "verbose_name": "report version",
                "verbose_name_plural": "report versions",
            },
        ),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
