import django_tables2 as tables
from django.template.defaultfilters import linebreaksbr, truncatewords
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from lscb.glossary import TERMS
from lscb.rag import RAG

from .models import Action


def rag_badge(rag):
    rag = RAG(rag)
    return format_html('<span class="rag rag-{}">{}</span>', rag.value, rag.label)


def flags_html(flags):
    """actions/_flags.html, without a template per row."""
    return format_html("{}\n", format_html_join(
        "", '<span class="contradiction-flag"><span aria-hidden="true">⚠ </span>{}</span>',
        ((flag,) for flag in flags)))


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
        # the page's rows come from ``cells`` below, not from a BoundRow per row
        template_name = "actions/_action_table.html"

    def __init__(self, *args, can_update=None, **kwargs):
        self.can_update = can_update or (lambda record: False)
        super().__init__(*args, **kwargs)

    # The page's rows, cheaply: each visible cell's HTML worked out once per record by
    # the functions below (the same output as the render_* methods and the columns'
    # defaults), without django-tables2 building a BoundRow and inspecting the signature
    # of a render method for every cell. Sorting, paging and exports stay django-tables2's.
    EMPTY = "—"  # django-tables2's default for an empty value

    def page_rows(self):
        """[(record, [(td attributes, cell HTML)])] for the rows of this page."""
        columns = [(c.name, c.attrs["td"].as_html()) for c in self.columns]
        today = timezone.localdate()
        detail = reverse("actions:detail", args=[0]).rsplit("0/", 1)[0]
        rows = []
        for row in self.paginated_rows:
            record = row.record
            record.url, record.update_url = f"{detail}{record.pk}/", f"{detail}{record.pk}/updates/"
            rows.append((record, [(attrs, self.cell(name, record, today))
                                  for name, attrs in columns]))
        return rows

    def cell(self, name, record, today):
        if name == "reference":
            return format_html('<a href="{}">{}</a>', record.url, record.reference)
        if name == "plan":
            return self.render_plan(record.plan.title, record)
        if name == "theme":
            return record.theme.number
        if name == "description":
            if not record.description:
                return self.EMPTY
            text = linebreaksbr(truncatewords(record.description, 40), autoescape=True)
            return mark_safe(f"{text}\n")  # escaped by linebreaksbr
        if name == "who":
            return record.owner_label if record.owner_sort not in (None, "") else self.EMPTY
        if name == "when":
            if record.due_date is None:
                return self.EMPTY
            if record.is_overdue(today):
                return format_html('{} <span class="overdue-flag">Overdue</span>',
                                   record.due_label)
            return record.due_label
        if name == "rag":
            return format_html('<span id="rag-{}">{}</span> <span id="flags-{}">{}</span>',
                               record.pk, rag_badge(record.rag), record.pk,
                               flags_html(record.contradictions))
        if name == "last_update_on":
            return self.render_last_update_on(record.last_update_on, record)
        if name == "update":
            if not self.can_update(record):
                return ""
            return format_html(  # actions/_inline_update.html
                '<a id="update-link-{pk}" class="btn btn-outline-primary btn-sm inline-update" '
                'href="{url}" hx-get="{url}" hx-target="#update-panel-body" '
                'hx-swap="innerHTML" data-update-panel aria-haspopup="dialog">Update'
                '<span class="visually-hidden"> action {ref}</span></a>\n',
                pk=record.pk, url=record.update_url, ref=record.reference)
        value = getattr(record, name)  # a column shown that has no function here
        return value if value not in (None, "") else self.EMPTY

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
