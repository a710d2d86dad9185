from django.contrib import admin

from .models import Agency, Board, BoardUser, Challenge, Member


class BoardUserInline(admin.TabularInline):
    model = BoardUser
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Board)
class BoardAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "slug", "area"]
    search_fields = ["name", "short_name", "area"]
    prepopulated_fields = {"slug": ["short_name"]}
    inlines = [BoardUserInline]

    def get_form(self, request, obj=None, **kwargs):
        """The independent chair is chosen among this board's members (none yet for a new
        board); ``Board.clean`` refuses any other."""
        form = super().get_form(request, obj, **kwargs)
        if "independent_chair" in form.base_fields:
            form.base_fields["independent_chair"].queryset = (
                Member.objects.filter(board=obj) if obj else Member.objects.none())
        return form


@admin.register(BoardUser)
class BoardUserAdmin(admin.ModelAdmin):
    list_display = ["user", "board", "role"]
    list_filter = ["board", "role"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    autocomplete_fields = ["user"]


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "sector", "is_statutory_partner", "board"]
    list_filter = ["board", "sector", "is_statutory_partner"]
    search_fields = ["name", "short_name"]


@admin.register(Member)
class MemberAdmin(admin.ModelAdmin):
    list_display = ["name", "job_title", "agency", "board_role", "start_date", "end_date", "board"]
    list_filter = ["board", "board_role", "agency"]
    search_fields = ["name", "job_title", "agency__name"]
    list_select_related = ["agency", "board"]


@admin.register(Challenge)
class ChallengeAdmin(admin.ModelAdmin):
    list_display = ["raised_on", "agency", "raised_by", "response_due", "status", "board"]
    list_filter = ["board", "status", "agency"]
    search_fields = ["issue", "response", "outcome", "raised_by"]
    date_hierarchy = "raised_on"
