from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    BusinessPlan,
    Indicator,
    IndicatorValue,
    IndicatorYear,
    Recommendation,
    Risk,
    RiskSettings,
    Source,
    Theme,
)


class ThemeInline(admin.TabularInline):
    model = Theme
    extra = 0
    fields = ["number", "title", "parent", "sponsor"]


@admin.register(BusinessPlan)
class BusinessPlanAdmin(admin.ModelAdmin):
    list_display = ["title", "start_year", "end_year", "status", "approved_on", "board"]
    list_filter = ["board", "status"]
    search_fields = ["title", "introduction"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [ThemeInline]


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["number", "title", "plan", "parent", "board"]
    list_filter = ["board", "plan"]
    search_fields = ["title", "description"]


class RecommendationInline(admin.TabularInline):
    model = Recommendation
    extra = 0


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "date", "board"]
    list_filter = ["board", "kind"]
    search_fields = ["title", "summary", "recommendations__text"]
    inlines = [RecommendationInline]


class IndicatorValueInline(admin.TabularInline):
    model = IndicatorValue
    extra = 0


class IndicatorYearInline(admin.TabularInline):
    model = IndicatorYear
    extra = 0


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["name", "unit", "polarity", "target", "previous_year_end", "board"]
    list_filter = ["board", "polarity"]
    search_fields = ["name", "description"]
    inlines = [IndicatorYearInline, IndicatorValueInline]


@admin.register(Risk)
class RiskAdmin(SimpleHistoryAdmin):
    list_display = ["reference", "theme", "residual_score", "status", "review_date", "board"]
    list_filter = ["board", "status", "theme"]
    search_fields = ["reference", "description", "theme", "by_whom"]


@admin.register(RiskSettings)
class RiskSettingsAdmin(admin.ModelAdmin):
    list_display = ["board", "scoring"]
