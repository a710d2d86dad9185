from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from lscb.security import log_event

from .models import Action, ProgressUpdate


class ProgressUpdateInline(admin.TabularInline):
    """Read-only history: updates are added in the app and never changed."""

    model = ProgressUpdate
    extra = 0
    fields = ["date", "rag", "narrative", "author_name", "created_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Action)
class ActionAdmin(SimpleHistoryAdmin):
    list_display = ["reference", "short_description", "theme", "due_label", "archived", "plan"]
    list_filter = ["board", "plan", "archived", "owners"]
    search_fields = ["reference", "description", "outcome", "source"]
    list_select_related = ["theme", "plan"]
    filter_horizontal = ["owners", "recommendations"]
    raw_id_fields = ["carried_over_from"]
    inlines = [ProgressUpdateInline]

    @admin.display(description="action")
    def short_description(self, obj):
        return obj.description[:80]

    def get_queryset(self, request):
        return super().get_queryset(request).order_by("plan", "sort_key")

    def has_delete_permission(self, request, obj=None):
        return False  # archive instead: actions are never hard-deleted


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(admin.ModelAdmin):
    """An update added here is credited to the administrator who adds it, never to
    someone else, and the security log says so."""

    list_display = ["action", "date", "year", "quarter", "rag", "author_name"]
    list_filter = ["rag", "year", "quarter", "action__board"]
    search_fields = ["narrative", "action__reference", "action__description"]
    list_select_related = ["action"]
    raw_id_fields = ["action"]
    fields = ["action", "date", "rag", "narrative", "author_name"]
    readonly_fields = ["author_name"]

    def save_model(self, request, obj, form, change):
        obj.author = request.user
        obj.author_name = request.user.get_full_name() or request.user.get_username()
        super().save_model(request, obj, form, change)
        log_event(request, "admin added a progress update", action=obj.action_id, update=obj.pk)

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request)

    def has_delete_permission(self, request, obj=None):
        return False
