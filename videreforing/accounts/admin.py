from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import AdviserAssignment, ApiToken, Membership, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_active", "national_access",
                    "is_staff"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Personalia"), {"fields": ("first_name", "last_name")}),
        (_("Tilganger"), {"fields": ("is_active", "national_access", "is_staff",
                                      "is_superuser", "groups")}),
        (_("Varsler"), {"fields": ("email_reminders", "email_digest")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["programme", "user", "role"]
    list_filter = ["role"]


@admin.register(AdviserAssignment)
class AdviserAssignmentAdmin(admin.ModelAdmin):
    list_display = ["user", "county"]
    list_filter = ["county"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["prefix", "user", "name", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["prefix", "created_at", "last_used_at"]
    exclude = ["key_hash"]
