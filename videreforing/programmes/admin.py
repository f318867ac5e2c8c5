from django.contrib import admin

from .models import (
    Continuation,
    GateDecision,
    Phase,
    Programme,
    Stakeholder,
    Task,
    TaskTemplate,
    TemplateTask,
)


class TemplateTaskInline(admin.TabularInline):
    model = TemplateTask
    extra = 1
    fields = ["order", "stage", "title", "description", "responsible_role", "rule_id"]


@admin.register(TaskTemplate)
class TaskTemplateAdmin(admin.ModelAdmin):
    list_display = ["name", "version", "is_active", "created_at"]
    inlines = [TemplateTaskInline]


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["name", "period_start", "period_end", "is_demo"]
    list_filter = ["is_demo"]
    search_fields = ["name", "municipalities__name"]
    filter_horizontal = ["municipalities"]


class PhaseInline(admin.TabularInline):
    model = Phase
    extra = 0
    fields = ["kind", "status", "planned_start", "planned_end", "actual_start", "actual_end"]
    readonly_fields = ["kind", "status", "planned_start", "planned_end", "actual_start",
                       "actual_end"]
    can_delete = False


@admin.register(Continuation)
class ContinuationAdmin(admin.ModelAdmin):
    list_display = ["programme", "template_version"]
    inlines = [PhaseInline]


@admin.register(GateDecision)
class GateDecisionAdmin(admin.ModelAdmin):
    list_display = ["phase", "outcome", "deciding_body", "decided_on", "case_number"]
    list_filter = ["outcome", "deciding_body"]


@admin.register(Task)
class TaskAdmin(admin.ModelAdmin):
    list_display = ["title", "phase", "continuation", "due_date", "done", "removed_at"]
    list_filter = ["phase", "done"]
    search_fields = ["title"]


@admin.register(Stakeholder)
class StakeholderAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "programme", "org_number", "removed_at"]
    list_filter = ["kind"]
    search_fields = ["name", "org_number"]
