from django.core.management.base import BaseCommand, CommandError

from courses.services.content import ContentError, load_course_content, read_content


class Command(BaseCommand):
    help = (
        "Create or update the theory module (sections, lessons, quizzes, questions, options) from the versioned "
        "content files in courses/content/theory/. Idempotent: loading the same files again changes nothing, "
        "and students' lesson completions and quiz attempts are kept."
    )

    def handle(self, *args, **options):
        try:
            report = load_course_content(content=read_content())
        except ContentError as exc:
            raise CommandError(str(exc)) from exc
        if not report.changed:
            self.stdout.write(f"Course content version {report.version}: already up to date.")
        else:
            parts = [f"{n} {kind}(s) created" for kind, n in report.created.items() if n]
            parts += [f"{n} {kind}(s) updated" for kind, n in report.updated.items() if n]
            parts += [f"{n} {kind}(s) removed" for kind, n in report.deleted.items() if n]
            self.stdout.write(f"Course content version {report.version}: " + "; ".join(parts) + ".")
            if report.lessons_changed:
                self.stdout.write("Lessons changed: " + ", ".join(report.lessons_changed))
        for item in report.not_in_content:
            self.stderr.write(f"Kept, but no longer in the content files: {item} (delete it in the admin if intended).")
