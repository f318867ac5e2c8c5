from django.contrib import admin

from .models import Attachment


@admin.register(Attachment)
class AttachmentAdmin(admin.ModelAdmin):
    """Read-only: uploads and removals go through the pages and the API (audited)."""

    list_display = ["name", "programme", "size", "content_type", "uploaded_by", "uploaded_at",
                    "removed_at"]
    list_filter = ["content_type"]
    search_fields = ["name", "programme__name"]
    readonly_fields = [f.name for f in Attachment._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
