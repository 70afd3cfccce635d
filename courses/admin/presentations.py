"""Presentations for teachers (confirm attendance) and the association's subscriber database (admins only)."""

import csv

from django.contrib import admin, messages
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from coopportal.admin_mixins import IdListFilter, ReadOnlyAdminMixin
from coopportal.spreadsheets import safe_cell

from .. import selectors, services
from ..access import is_course_admin, presentations_visible_to, subscribers_visible_to
from ..exceptions import CourseError
from ..models import Presentation, PresentationAttendee, PresentationClassmate, PresentationSubscription, Subscriber
from .base import ScopedAdmin, ScopedCohortFilter


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class AttendeeInline(ReadOnlyInline):
    model = PresentationAttendee
    fields = readonly_fields = ("classmate", "vote", "comment", "voted_at")


class NamedClassmateInline(ReadOnlyInline):
    model = PresentationClassmate
    fields = readonly_fields = ("classmate", "role", "status", "responded_at")


class AwaitingConfirmationFilter(admin.SimpleListFilter):
    title = _("attendance")
    parameter_name = "attendance"

    def lookups(self, request, model_admin):
        return [("awaiting", _("Reported, waiting for confirmation")), ("confirmed", _("Confirmed"))]

    def queryset(self, request, queryset):
        if self.value() == "awaiting":
            return queryset.filter(attendance_reported__isnull=False, attendance_confirmed__isnull=True)
        if self.value() == "confirmed":
            return queryset.filter(attendance_confirmed__isnull=False)
        return queryset


@admin.register(Presentation)
class PresentationAdmin(ReadOnlyAdminMixin, ScopedAdmin):
    list_display = (
        "presenter",
        "cohort",
        "level",
        "held_at",
        "attendance_reported",
        "attendance_confirmed",
        "subscribers",
        "likes_confirmed",
        "page_link",
    )
    list_filter = (ScopedCohortFilter, AwaitingConfirmationFilter, "level", "audience")
    search_fields = ("presenter__email", "presenter__full_name", "topic")
    inlines = (AttendeeInline, NamedClassmateInline)
    fields = readonly_fields = (
        "enrolment",
        "presenter",
        "level",
        "held_at",
        "audience",
        "topic",
        "place",
        "broadcast_url",
        "notes",
        "attendance_reported",
        "attendance_confirmed",
        "attendance_confirmed_by",
        "likes_reported",
        "likes_url",
        "likes_confirmed",
        "page_link",
    )
    actions = ("confirm_reported_attendance",)

    def scope(self, request):
        return selectors.presentations_for_review(presentations_visible_to(request.user))

    @admin.display(description=_("cohort"))
    def cohort(self, obj):
        return obj.enrolment.cohort

    @admin.display(description=_("subscribers"), ordering="subscriber_count")
    def subscribers(self, obj):
        return obj.subscriber_count

    @admin.display(description=_("page"))
    def page_link(self, obj):
        return format_html('<a href="{}">{}</a>', reverse("courses:presentation", args=[obj.pk]), gettext("open"))

    @admin.action(description=_("Confirm the reported attendance (after checking the evidence)"))
    def confirm_reported_attendance(self, request, queryset):
        done = 0
        for presentation in queryset.filter(attendance_reported__isnull=False):
            try:
                services.confirm_attendance(
                    presentation=presentation, actor=request.user, attendance=presentation.attendance_reported
                )
            except CourseError as exc:
                self.message_user(request, f"{presentation}: {exc.message}", messages.ERROR)
            else:
                done += 1
        if done:
            self.message_user(request, gettext("%(n)s attendance figures confirmed.") % {"n": done})


class SubscriptionInline(ReadOnlyInline):
    model = PresentationSubscription
    fields = readonly_fields = ("presentation", "created_at", "consent_text")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("presentation__presenter", "presentation__level")


class PresentationFilter(IdListFilter, admin.SimpleListFilter):
    title = _("presentation")
    parameter_name = "presentation"

    def lookups(self, request, model_admin):
        # The latest presentations that have subscribers; older ones through ?presentation=<id>.
        rows = (
            Presentation.objects.filter(subscriptions__isnull=False)
            .distinct()
            .select_related("presenter", "level")
            .order_by("-held_at")[:100]
        )
        return [(p.pk, str(p)) for p in rows]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(subscriptions__presentation_id=self.value())
        return queryset


class ConsentFilter(admin.SimpleListFilter):
    title = _("subscribed")
    parameter_name = "active"

    def lookups(self, request, model_admin):
        return [("yes", _("Subscribed")), ("no", _("Unsubscribed"))]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(unsubscribed_at__isnull=self.value() == "yes")
        return queryset


@admin.register(Subscriber)
class SubscriberAdmin(ReadOnlyAdminMixin, ScopedAdmin):
    list_display = ("name", "phone", "email", "region", "consented_at", "unsubscribed_at")
    list_filter = (("region", admin.RelatedOnlyFieldListFilter), PresentationFilter, ConsentFilter)
    list_select_related = ("region",)
    search_fields = ("name", "phone", "email")
    fields = readonly_fields = (
        "name",
        "phone",
        "email",
        "region",
        "consent_text",
        "consented_at",
        "created_at",
        "unsubscribed_at",
    )
    inlines = (SubscriptionInline,)
    actions = ("export_csv",)

    def scope(self, request):
        return subscribers_visible_to(request.user)

    def has_module_permission(self, request):
        return is_course_admin(request.user)

    def has_view_permission(self, request, obj=None):
        return is_course_admin(request.user)

    @admin.action(description=_("Export the selected subscribers as CSV"))
    def export_csv(self, request, queryset):
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        response["Content-Disposition"] = f'attachment; filename="subscribers-{stamp}.csv"'
        response.write("\ufeff")  # Excel opens UTF-8 with a byte order mark
        writer = csv.writer(response)
        writer.writerow(
            [
                safe_cell(header)
                for header in (
                    gettext("name"),
                    gettext("phone"),
                    gettext("email"),
                    gettext("region"),
                    gettext("consent given at"),
                    gettext("consent text"),
                    gettext("unsubscribed at"),
                    gettext("unsubscribe link"),
                )
            ]
        )
        for s in queryset.select_related("region").order_by("id").iterator(chunk_size=2000):
            writer.writerow(
                [
                    safe_cell(value)
                    for value in (
                        s.name,
                        s.phone,
                        s.email,
                        s.region.name if s.region else "",
                        s.consented_at.isoformat(),
                        s.consent_text,
                        s.unsubscribed_at.isoformat() if s.unsubscribed_at else "",
                        request.build_absolute_uri(reverse("courses:unsubscribe", args=[s.unsubscribe_token])),
                    )
                ]
            )
        return response
