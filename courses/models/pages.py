from django.db import models
from django.utils.translation import gettext_lazy as _


class StudentPageChange(models.Model):
    """Database triggers add a row for every transaction that writes what a student's pages read
    (migration 0007), per scope: `course` for the course's content and the names shown, `student:<id>`
    for one student's data, their cohort's included. A scope's version is the sum of its `changes`, so a
    cached page is keyed by the data it was built from, whether a service, the admin or plain SQL wrote.

    Writers only insert (one row per scope and transaction), so they never wait on each other's locks;
    `services.pages.compact_student_page_changes` folds a scope's rows into one, keeping the sum."""

    scope = models.CharField(_("scope"), max_length=40)
    transaction = models.BigIntegerField(_("transaction"))
    changes = models.BigIntegerField(_("changes"), default=1)

    class Meta:
        verbose_name = _("student page change")
        verbose_name_plural = _("student page changes")
        constraints = [
            models.UniqueConstraint(
                fields=["scope", "transaction"], include=["changes"], name="one_page_change_per_transaction"
            )
        ]

    def __str__(self):
        return f"{self.scope}: {self.changes}"
