from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .describe import describe
from .models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: the history is never edited."""

    list_display = ["created_at", "description", "actor", "programme", "action"]
    list_filter = ["action"]
    search_fields = ["action", "object_id"]

    @admin.display(description=_("hendelse"))
    def description(self, entry: AuditEntry) -> str:
        return describe(entry)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
