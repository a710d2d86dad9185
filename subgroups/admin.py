from django.contrib import admin

from .models import (
    Attendance,
    AttendanceSummary,
    GroupMembership,
    Meeting,
    Subgroup,
    SubgroupFunction,
)


class FunctionInline(admin.TabularInline):
    model = SubgroupFunction
    extra = 0


class MembershipInline(admin.TabularInline):
    model = GroupMembership
    extra = 0
    autocomplete_fields = ["member"]


@admin.register(Subgroup)
class SubgroupAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "kind", "accountable_to", "chair", "board"]
    list_filter = ["board", "kind"]
    search_fields = ["name", "short_name", "aliases"]
    list_select_related = ["accountable_to", "chair", "board"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["leads"]
    inlines = [FunctionInline, MembershipInline]


class AttendanceInline(admin.TabularInline):
    model = Attendance
    extra = 0
    autocomplete_fields = ["member"]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["date", "subgroup", "kind", "title", "board"]
    list_filter = ["board", "kind", "subgroup"]
    search_fields = ["title", "notes", "subgroup__name"]
    date_hierarchy = "date"
    inlines = [AttendanceInline]


@admin.register(AttendanceSummary)
class AttendanceSummaryAdmin(admin.ModelAdmin):
    list_display = ["seat", "occurrence", "year", "subgroup", "attended", "invited", "percent",
                    "board"]
    list_filter = ["board", "year", "subgroup"]
    search_fields = ["seat", "source"]
