from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import OutboundEmail
from .services import retry_failed_email


@admin.register(OutboundEmail)
class OutboundEmailAdmin(admin.ModelAdmin):
    list_display = ("created_at", "subject", "state", "attempts", "next_attempt_at", "sent_at", "last_error")
    list_filter = ("state",)
    search_fields = ("subject",)
    readonly_fields = [f.name for f in OutboundEmail._meta.fields]
    actions = ["retry"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Send the selected failed emails again"), permissions=["change"])
    def retry(self, request, queryset):
        try:
            count = sum(
                retry_failed_email(email=email, actor=request.user)
                for email in queryset.filter(state=OutboundEmail.State.FAILED)
            )
        except PermissionDenied as refusal:
            self.message_user(request, str(refusal), level="error")
            return
        self.message_user(request, ngettext("%d email queued.", "%d emails queued.", count) % count)
