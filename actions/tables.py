import html

import django_tables2 as tables
from django.db.models import Case, IntegerField, OuterRef, Subquery, Value, When
from django.db.models.functions import Coalesce, NullIf
from django.template.defaultfilters import linebreaksbr, truncatewords
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django_tables2.data import TableQuerysetData
from django_tables2.utils import OrderBy

from lscb.glossary import TERMS
from lscb.links import id_url
from lscb.rag import ALL_RAGS, RAG
from subgroups.models import Subgroup

from .models import Action
from .table_rows import table_rows


def escape_text(text):
    """django.utils.html.escape, without its check for lazy strings (a row's cells
    call it a dozen times): the same characters escaped the same way."""
    return html.escape(str(text))


def rag_badge(rag):
    rag = RAG(rag)
    return format_html('<span class="rag rag-{}">{}</span>', rag.value, rag.label)


FLAG = '<span class="contradiction-flag"><span aria-hidden="true">⚠ </span>{}</span>'


def flags_html(flags):
    """actions/_flags.html, without a template per row."""
    return mark_safe("".join(FLAG.format(escape_text(flag)) for flag in flags) + "\n")


def description_html(text, limit=40):
    """actions/_description.html with a limit: the first words, line breaks kept."""
    return mark_safe(f"{linebreaksbr(truncatewords(text, limit), autoescape=True)}\n")


def when_html(action, today):
    """When it is due, flagged when overdue (—, django-tables2's empty value, if never)."""
    if action.due_date is None:
        return ActionTable.EMPTY
    label = escape_text(action.due_label)
    if action.is_overdue(today):
        return mark_safe(f'{label} <span class="overdue-flag">Overdue</span>')
    return label


def update_link(action):
    """actions/_inline_update.html."""
    url = escape_text(id_url("actions:post_update", action.pk))
    return mark_safe(
        f'<a id="update-link-{action.pk}" class="btn btn-outline-primary btn-sm inline-update" '
        f'href="{url}" hx-get="{url}" hx-target="#update-panel-body" hx-swap="innerHTML" '
        'data-update-panel aria-haspopup="dialog">Update<span class="visually-hidden"> action '
        f'{escape_text(action.reference)}</span></a>\n')


class RAGColumn(tables.Column):
    def render(self, value, record):
        return format_html(
            '<span id="rag-{}">{}</span> <span id="flags-{}">{}</span>', record.pk,
            rag_badge(value), record.pk,
            render_to_string("actions/_flags.html", {"flags": record.contradictions}),
        )

    def value(self, value):
        return RAG(value).label


class SortKeyed(TableQuerysetData):
    """The table's actions, given the sort keys of Who (a subquery per action) and RAG
    only when the table is sorted by that column, so that other pages of the
    table do not work them out for every action of the board."""

    def order_by(self, aliases):
        sorted_by = {OrderBy(alias).bare for alias in aliases}
        if "who" in sorted_by:
            first_owner = Subgroup.objects.filter(actions=OuterRef("pk")).order_by("name")
            self.data = self.data.annotate(owner_sort=Coalesce(
                NullIf("lead_role", Value("")), Subquery(first_owner.values("name")[:1])))
        if "rag" in sorted_by:  # worst first: the stored latest rating's rank
            self.data = self.data.annotate(rag_rank=Case(
                *(When(latest_rag=rag, then=Value(n)) for n, rag in enumerate(ALL_RAGS)),
                output_field=IntegerField()))
        super().order_by(aliases)

    # A filtered list (by RAG, overdue, contradictions…) tests each action against the
    # latest update once: one query for the ids of its rows in order (the count is
    # their number), then the page's actions by id, rather than a COUNT and a page
    # query that each test all of the board's actions.
    read_once = False

    @cached_property
    def ids(self):
        return list(self.data.values_list("pk", flat=True))

    def __len__(self):
        return len(self.ids) if self.read_once else super().__len__()

    def __getitem__(self, key):
        """A page (a slice) is read as ``table_rows``; exports iterate the queryset."""
        if not isinstance(key, slice):
            return super().__getitem__(key)
        if not self.read_once:
            return table_rows(self.data[key])
        ids = self.ids[key]
        found = {row.pk: row for row in table_rows(self.data.order_by().filter(pk__in=ids))}
        # a row that stopped matching the filter between the two reads (an update posted
        # meanwhile) is left out, as the next read of the list would leave it out
        return [found[pk] for pk in ids if pk in found]


class ActionTable(tables.Table):
    reference = tables.Column("Ref", linkify=True, order_by=("sort_key",))
    plan = tables.Column("Plan", accessor="plan__title", order_by=("plan__start_year",))
    theme = tables.Column("Theme", accessor="theme", order_by=("theme__sort_key",))
    description = tables.Column("Action")
    who = tables.Column(TERMS["who"], accessor="owner_label", order_by=("owner_sort",))
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

    def __init__(self, data, *args, can_update=None, filtered=False, **kwargs):
        self.can_update = can_update or (lambda record: False)
        data = SortKeyed(data)
        data.read_once = filtered
        super().__init__(data, *args, **kwargs)

    # The page's rows, cheaply: each visible cell's HTML worked out once per record by
    # the functions below (the same output as the render_* methods and the columns'
    # defaults), without django-tables2 building a BoundRow and inspecting the signature
    # of a render method for every cell, and each row's markup joined here rather than
    # by a template loop over 9 cells × 50 rows. Sorting, paging and exports stay
    # django-tables2's.
    EMPTY = "—"  # django-tables2's default for an empty value

    # the whitespace of django_tables2/bootstrap5.html's row loop, so the page is unchanged
    ROW = ('\n                    <tr id="action-row-{}" class="{}">\n                        '
           '{}\n                    </tr>\n                ')
    CELL = '\n                            <td {}>{}</td>\n                        '

    def page_rows(self):
        """[(record, [(td attributes, cell HTML)])] for the rows of this page."""
        columns = [(c.name, c.attrs["td"].as_html()) for c in self.columns]
        cell = self.cell_maker()
        return [(record, [(attrs, cell(name, record)) for name, attrs in columns])
                for record in (row.record for row in self.paginated_rows)]

    @cached_property
    def page_html(self):
        """The <tr>s of this page, as actions/_action_table.html puts them in <tbody>
        ("" when there are none, for its empty text)."""
        return mark_safe("".join(
            self.ROW.format(record.pk, ("even", "odd")[n % 2],
                            "".join(self.CELL.format(attrs, cell) for attrs, cell in cells))
            for n, (record, cells) in enumerate(self.page_rows())))

    def cell_maker(self):
        """``cell(name, record)``: one cell's HTML, with what every row shares (today, each
        plan's and theme's cell, each rating's badge) worked out once."""
        today = timezone.localdate()
        shared = {}

        def once(key, make):
            if key not in shared:
                shared[key] = make()
            return shared[key]

        def cell(name, record):
            if name == "reference":
                return (f'<a href="{escape_text(id_url("actions:detail", record.pk))}">'
                        f"{escape_text(record.reference)}</a>")
            if name == "plan":
                return once(("plan", record.plan_id),
                            lambda: conditional_escape(self.render_plan(record.plan.title, record)))
            if name == "theme":
                return once(("theme", record.theme_id), lambda: escape_text(record.theme.number))
            if name == "description":
                return description_html(record.description) if record.description else self.EMPTY
            if name == "who":
                return escape_text(record.owner_label) or self.EMPTY
            if name == "when":
                return when_html(record, today)
            if name == "rag":
                return (f'<span id="rag-{record.pk}">{once(record.rag, lambda: rag_badge(record.rag))}'
                        f'</span> <span id="flags-{record.pk}">{flags_html(record.contradictions)}'
                        '</span>')
            if name == "last_update_on":
                return self.render_last_update_on(record.last_update_on, record)
            if name == "update":
                return update_link(record) if self.can_update(record) else ""
            value = getattr(record, name)  # a column shown that has no function here
            return conditional_escape(value) if value not in (None, "") else self.EMPTY

        return cell

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
