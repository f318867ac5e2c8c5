from django.contrib import admin

from .models import DigestLog, Remark, RemarkReply


class RemarkReplyInline(admin.TabularInline):
    model = RemarkReply
    extra = 0
    readonly_fields = ["author", "created_at"]


@admin.register(Remark)
class RemarkAdmin(admin.ModelAdmin):
    list_display = ["programme", "author", "created_at", "version"]
    list_filter = ["programme"]
    readonly_fields = ["created_at", "updated_at", "version"]
    inlines = [RemarkReplyInline]


@admin.register(DigestLog)
class DigestLogAdmin(admin.ModelAdmin):
    list_display = ["user", "week", "sent_at"]
    search_fields = ["user__email", "week"]
    readonly_fields = ["sent_at"]
