"""A plan theme's actions table, written in Python: the plan page (and the theme rows it
loads on demand) shows thousands of rows, and templates/plans/_theme_actions.html costs a
variable lookup, a localize and an escape per value, a |date per row. That template stays
as the reference: tests/test_plan_table.py renders it and proves this writes the same HTML.

The rows are those of ``actions.plan_rows.plan_rows`` (each row's values worked out once);
what every row shares (each rating's badge, each date's label, the table's head) is worked
out once per table here."""

from django.template.defaultfilters import date as date_filter
from django.utils.formats import localize
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from .tables import FLAG, escape_text, rag_badge, update_link

HEAD = ('<th scope="col">Ref</th><th scope="col">Action</th><th scope="col">Who</th>'
        '<th scope="col">When</th><th scope="col">What we are trying to achieve</th>')
MEASURES_HEAD = '<th scope="col">To evidence this we will measure</th>'
TAIL = '<th scope="col">RAG</th><th scope="col">Last update</th>'
TABLE = ('\n  <div class="table-responsive mt-2">\n'
         '  <table class="table table-sm align-top action-cards">\n'
         '    <caption class="visually-hidden">Actions of theme {}</caption>\n'
         '    <thead><tr>{}</tr></thead>\n    <tbody>\n    {}\n    </tbody>\n  </table>\n'
         '  </div>\n  \n')
NO_ACTIONS = "<p>No actions in this theme.</p>\n"
DATE_FORMAT = "j M Y"  # the template's |date:"j M Y"
OVERDUE = ' <span class="overdue-flag">Overdue</span>'
ARCHIVED = '<span class="badge text-bg-secondary">Archived</span>'


def text(value):
    """What ``{{ value }}`` shows: a string escaped; anything else (an imported column's
    number) localized first, as the template does."""
    return escape_text(value) if isinstance(value, str) else conditional_escape(localize(value))


def lines_html(text):
    """What ``{{ text|linebreaksbr }}`` shows of a plain string: escaped, each line break
    (CR LF, CR or LF, as django.utils.text.normalize_newlines reads them) a <br>."""
    return escape_text(text.replace("\r\n", "\n").replace("\r", "\n")).replace("\n", "<br>")


def notes_html(action):
    """Source, risk and an imported plan's other columns, under the description."""
    if not (action.source or action.risk_note or action.other_columns):
        return ""
    notes = []
    if action.source:
        notes.append(f'<dt class="d-inline">Source:</dt> <dd class="d-inline">'
                     f"{escape_text(action.source)}</dd><br>")
    if action.risk_note:
        notes.append(f'<dt class="d-inline">Risk:</dt> <dd class="d-inline">'
                     f"{escape_text(action.risk_note)}</dd><br>")
    for heading, value in action.other_columns:
        notes.append(f'<dt class="d-inline">{text(heading)}:</dt> <dd class="d-inline">'
                     f"{text(value)}</dd><br>")
    return f'<dl class="small text-body-secondary mb-0 mt-1">{"".join(notes)}</dl>'


def link_html(row):
    """An action of another plan (``url``, ``reference``, ``plan``), as the rows link it."""
    return (f'<a href="{escape_text(row.url)}">{escape_text(row.reference)} in '
            f"{escape_text(row.plan)}</a>")


def closed_html(action):
    if not action.is_closed:
        return ""
    if action.carried_copy:
        said = f"Carried forward to {link_html(action.carried_copy)}"
    else:
        said = escape_text(action.closure)
        if action.closed_reason:
            said += f": {escape_text(action.closed_reason)}"
    return f'<p class="mb-0"><strong>{said}</strong></p>'


def carried_from_html(action):
    if not action.carried_from:
        return ""
    return f'<p class="mb-0 small">Carried forward from {link_html(action.carried_from)}</p>'


def theme_table_html(theme, actions, has_measures):
    """templates/plans/_theme_actions.html for ``theme``'s rows ``actions``."""
    if not actions:
        return mark_safe(NO_ACTIONS)
    row = row_writer(has_measures)
    head = HEAD + (MEASURES_HEAD if has_measures else "") + TAIL
    return mark_safe(TABLE.format(escape_text(theme), head, "".join(map(row, actions))))


def row_writer(has_measures):
    """``row(action)``: one row's HTML, with what rows share worked out once per table: the
    HTML of each rating, update date, due date, owners and flags (a plan has far fewer of
    each than actions)."""
    badges, days, dues, whos, flags = {}, {}, {}, {}, {}

    def row(action):
        pk, rag, day, who, said = (action.pk, action.rag, action.last_update_on, action.who,
                                   tuple(action.flags))
        due = (action.due_date, action.due_precision, action.due_text)
        if rag not in badges:
            badges[rag] = rag_badge(rag)
        if day not in days:
            days[day] = escape_text(date_filter(day, DATE_FORMAT) or "—")
        if due not in dues:
            dues[due] = escape_text(action.due_label)
        if who not in whos:
            whos[who] = escape_text(who)
        if said not in flags:
            flags[said] = "".join(FLAG.format(escape_text(flag)) for flag in said)
        measures = (f'<td class="text-prewrap card-hide">{escape_text(action.measures)}</td>'
                    if has_measures else "")
        return (
            f'\n      <tr id="action-row-{pk}" data-action-row="{pk}">\n'
            f'        <th scope="row"><a href="{escape_text(action.url)}">'
            f"{escape_text(action.reference)}</a></th>\n"
            f'        <td><div class="action-description">'
            f"{lines_html(action.description)}</div>\n"
            f"          {notes_html(action)}\n"
            f"          {ARCHIVED if action.archived else ''}\n"
            f"          {closed_html(action)}\n"
            f"          {carried_from_html(action)}\n"
            f"          {update_link(action) if action.can_update else ''}</td>\n"
            f"        <td>{whos[who]}</td>\n"
            f"        <td>{dues[due]}{OVERDUE if action.overdue else ''}</td>\n"
            f'        <td class="text-prewrap card-hide">{escape_text(action.outcome)}</td>\n'
            f"        {measures}\n"
            f'        <td><span id="rag-{pk}">{badges[rag]}</span> <span id="flags-{pk}">'
            f"{flags[said]}</span></td>\n"
            f'        <td><span id="last-update-{pk}">{days[day]}</span></td>\n'
            "      </tr>\n    ")

    return row
