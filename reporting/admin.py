from django.contrib import admin

from .models import (
    AnnualReport,
    AnnualReportSection,
    BudgetLine,
    ReportingItem,
    ReportingRecipient,
    ReportReceipt,
    Section11Rating,
    Section11Return,
    Section11Round,
    Section11Standard,
    SubgroupReport,
)


class ReceiptInline(admin.TabularInline):
    model = ReportReceipt
    extra = 0
    exclude = ["recorded_by"]


class RecipientInline(admin.TabularInline):
    model = ReportingRecipient
    extra = 0


@admin.register(ReportingItem)
class ReportingItemAdmin(admin.ModelAdmin):
    list_display = ["title", "responsible_group", "recipients_label", "board"]
    list_filter = ["board", "recipients__body", "recipients__frequency"]
    search_fields = ["title", "purpose", "subgroup_activity", "when_text"]
    inlines = [RecipientInline, ReceiptInline]


@admin.register(Section11Standard)
class Section11StandardAdmin(admin.ModelAdmin):
    list_display = ["number", "title", "board"]
    list_filter = ["board"]
    search_fields = ["title", "minimum_requirements"]


@admin.register(Section11Round)
class Section11RoundAdmin(admin.ModelAdmin):
    list_display = ["title", "year", "opened_on", "closes_on", "board"]
    list_filter = ["board", "year"]
    search_fields = ["title"]


class RatingInline(admin.StackedInline):
    model = Section11Rating
    extra = 0
    filter_horizontal = ["follow_up_actions"]


@admin.register(Section11Return)
class Section11ReturnAdmin(admin.ModelAdmin):
    list_display = ["agency", "round", "submitted_on"]
    list_filter = ["round__board", "round"]
    search_fields = ["agency__name"]
    inlines = [RatingInline]


class SectionInline(admin.StackedInline):
    model = AnnualReportSection
    extra = 0


class GroupReportInline(admin.StackedInline):
    model = SubgroupReport
    extra = 0


class BudgetInline(admin.TabularInline):
    model = BudgetLine
    extra = 0


@admin.register(AnnualReport)
class AnnualReportAdmin(admin.ModelAdmin):
    list_display = ["__str__", "year", "status", "approved_on", "board"]
    list_filter = ["board", "status"]
    search_fields = ["title", "sections__body"]
    inlines = [SectionInline, GroupReportInline, BudgetInline]
