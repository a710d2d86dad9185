import django_tables2 as tables
from django.template.loader import render_to_string
from django.utils.html import format_html

from lscb.glossary import TERMS
from lscb.rag import RAG

from .models import Action


def rag_badge(rag):
    rag = RAG(rag)
    return format_html('<span class="rag rag-{}">{}</span>', rag.value, rag.label)


class RAGColumn(tables.Column):
    def render(self, value, record):
        return format_html(
            '<span id="rag-{}">{}</span> <span id="flags-{}">{}</span>', record.pk,
            rag_badge(value), record.pk,
            render_to_string("actions/_flags.html", {"flags": record.contradictions}),
        )

    def value(self, value):
        return RAG(value).label


class ActionTable(tables.Table):
    reference = tables.Column("Ref", linkify=True, order_by=("sort_key",))
    plan = tables.Column("Plan", accessor="plan__title", order_by=("plan__start_year",))
    theme = tables.Column("Theme", accessor="theme", order_by=("theme__sort_key",))
    description = tables.Column("Action")
    who = tables.Column(TERMS["who"], accessor="owner_sort", order_by=("owner_sort",))
    when = tables.Column("When", accessor="due_date", order_by=("due_date",))
    outcome = tables.Column("What we are trying to achieve", visible=False)
    source = tables.Column("Source", visible=False)
    rag = RAGColumn("RAG", order_by=("rag_rank", "sort_key"))
    last_update_on = tables.Column("Last update", empty_values=())
    update = tables.Column(
        "Update", empty_values=(), orderable=False, exclude_from_export=True
    )

    class Meta:
        model = Action
        fields = []
        sequence = ["reference", "plan", "theme", "description", "who", "when", "outcome",
                    "source", "rag", "last_update_on", "update"]
        # the page's skip link lands on the rows, past the sortable headings
        attrs = {"class": "table table-sm table-hover align-top action-cards",
                 "tbody": {"id": "actions-rows", "tabindex": "-1"}}
        row_attrs = {"id": lambda record: f"action-row-{record.pk}"}
        per_page = 50
        empty_text = "No actions match these filters."

    def __init__(self, *args, can_update=None, **kwargs):
        self.can_update = can_update or (lambda record: False)
        super().__init__(*args, **kwargs)

    def render_update(self, record):
        if not self.can_update(record):
            return ""
        return render_to_string("actions/_inline_update.html", {"action": record})

    def render_plan(self, value, record):
        if record.plan.is_draft:
            return format_html('{} <span class="badge text-bg-warning">DRAFT</span>', value)
        return value

    def value_plan(self, value, record):
        return f"{value} (DRAFT)" if record.plan.is_draft else value

    def render_theme(self, value):
        return value.number

    def value_theme(self, value):
        return str(value)

    def render_description(self, value):
        return render_to_string("actions/_description.html", {"text": value, "limit": 40})

    def value_description(self, value):
        return value

    def render_who(self, record):
        return record.owner_label

    def value_who(self, record):
        return record.owner_label

    def render_when(self, record):
        label = record.due_label
        if record.is_overdue():
            return format_html('{} <span class="overdue-flag">Overdue</span>', label)
        return label

    def value_when(self, record):
        return record.due_label

    def render_last_update_on(self, value, record):
        return format_html(  # always a span: an inline save on a never-updated action fills it
            '<span id="last-update-{}">{}</span>', record.pk,
            value.strftime("%-d %b %Y") if value else "—",
        )

    def value_last_update_on(self, value):
        return value.isoformat() if value else ""

    def value_outcome(self, value):
        return value
