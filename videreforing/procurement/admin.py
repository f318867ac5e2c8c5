from django.contrib import admin

from .models import (
    AwardCriterion,
    Bid,
    BidScore,
    ProcurementThreshold,
    QualificationRequirement,
    StandstillPeriod,
    Supplier,
    SupplierSuggestion,
    Tender,
)


@admin.register(ProcurementThreshold)
class ProcurementThresholdAdmin(admin.ModelAdmin):
    list_display = ["kind", "amount", "valid_from", "source"]
    list_filter = ["kind"]


@admin.register(StandstillPeriod)
class StandstillPeriodAdmin(admin.ModelAdmin):
    list_display = ("regime", "days", "valid_from", "to_be_checked", "source")


@admin.register(Supplier)
class SupplierAdmin(admin.ModelAdmin):
    list_display = ["name", "org_number", "contact_name", "contact_email", "created_by"]
    search_fields = ["name", "org_number"]


@admin.register(SupplierSuggestion)
class SupplierSuggestionAdmin(admin.ModelAdmin):
    list_display = ["supplier", "programme", "suggested_by", "created_at"]


class RequirementInline(admin.TabularInline):
    model = QualificationRequirement
    extra = 0


class CriterionInline(admin.TabularInline):
    model = AwardCriterion
    extra = 0


@admin.register(Tender)
class TenderAdmin(admin.ModelAdmin):
    list_display = ["title", "programme", "estimated_value", "regime", "status"]
    list_filter = ["regime", "status"]
    inlines = [RequirementInline, CriterionInline]


class ScoreInline(admin.TabularInline):
    model = BidScore
    extra = 0


@admin.register(Bid)
class BidAdmin(admin.ModelAdmin):
    list_display = ["supplier", "tender", "price", "qualified", "rejected"]
    inlines = [ScoreInline]
