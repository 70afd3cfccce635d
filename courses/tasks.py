from celery import shared_task

from .services.pages import compact_student_page_changes


@shared_task(name="courses.compact_student_page_changes")
def compact_student_page_changes_task() -> int:
    return compact_student_page_changes()
