"""The action page's progress updates (its "RAG over time" strip and its history table),
written here rather than by a template loop.

Each update's row took the template a dozen tags, filters and lookups (dates, labels, a
withdraw form with its own URL, CSRF token and submission key): about 0.2 ms a row for
the business manager, on a page whose updates only grow (measured at demo scale, issue
21). The markup is the template's, byte for byte (tests/test_update_rows.py).
"""

import functools

from django.template.defaultfilters import date as date_filter
from django.urls import reverse
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.timezone import template_localtime
from django.utils.translation import get_language

from lscb.links import SENTINEL, id_url
from lscb.once import FIELD, new_key

DAY = "j M Y"
EMPTY = "—"


@functools.lru_cache(maxsize=512)
def _day(value, language):
    return conditional_escape(date_filter(value, DAY))


def day(value):
    """``{{ value|date:"j M Y" }}`` (in the request's language: month names are
    translated), worked out once for each date: an action's updates share a few."""
    return _day(value, get_language())


def strip_html(strip):
    """The <li>s of the RAG strip, oldest first (``strip``: the standing updates)."""
    items = []
    for update in strip:
        name = update.get_rag_display()
        label = conditional_escape(name)
        short = "?" if update.rag == "not_rated" else conditional_escape(name[:1])
        when = f"{day(update.date)}: {label}"
        items.append(f'<li class="rag-{conditional_escape(update.rag)}" title="{when}"><span '
                     f'aria-hidden="true">{short}</span><span class="visually-hidden">{when}'
                     "</span></li>")
    return mark_safe("".join(items))


def history_html(action, updates, withdrawable, csrf_token):
    """The <tr>s of the progress history: each update, struck through when withdrawn, with
    its files and, for those in ``withdrawable`` (ids), the form that withdraws it."""
    withdraw_url = reverse("actions:withdraw_update", args=[action.pk, SENTINEL])
    csrf = format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">',
                       csrf_token)
    return mark_safe("".join(
        f'\n      <tr id="update-{update.pk}"{row_class(update)}>\n        '
        f"{cells(update)}\n        "
        + (withdraw_cell(update, withdrawable, withdraw_url, csrf) if withdrawable else "")
        + "\n      </tr>\n    "
        for update in updates))


def row_class(update):
    return ' class="update-withdrawn"' if update.withdrawn else ""


def cells(update):
    """Its date (and how it was dated), quarter, RAG, narrative, author and files."""
    withdrawal = update.withdrawn
    date = day(update.date)
    dating = update.dating
    when = f"<del>{date}</del>" if withdrawal else date
    if dating:
        when += f'<br><span class="badge text-bg-light border">{conditional_escape(dating)}</span>'
    rag = (f'<span class="rag rag-{conditional_escape(update.rag)}">'
           f"{conditional_escape(update.get_rag_display())}</span>\n")
    narrative = conditional_escape(update.narrative)
    if withdrawal:
        rag = f"<del>{rag}</del>"
        by = conditional_escape(withdrawal.by_name or EMPTY)
        at = conditional_escape(date_filter(template_localtime(withdrawal.at), "j M Y, H:i"))
        text = (f'<del class="text-prewrap">{narrative}</del><p class="mb-0"><strong>Withdrawn'
                f"</strong> by {by} on {at}: {conditional_escape(withdrawal.reason)}</p>")
    else:
        text = f'<span class="text-prewrap">{narrative}</span>'
    if update.backdate_reason:
        text += (f'<p class="mb-0 small">Back-dated because: '
                 f"{conditional_escape(update.backdate_reason)}</p>")
    files = "<br>".join(
        f'<a href="{id_url("actions:update_file", evidence.pk)}">'
        f"{conditional_escape(evidence.original_name)}</a>" for evidence in update.files.all())
    return (f"<td>{when}</td>\n        <td>{conditional_escape(str(update.financial_quarter))}"
            f"</td><td>{rag}</td>\n        <td>{text}</td>\n        "
            f"<td>{conditional_escape(update.author_name or EMPTY)}</td>\n        "
            f"<td>{files or EMPTY}</td>")


def withdraw_cell(update, withdrawable, withdraw_url, csrf):
    """The cell of the withdraw form: empty for an update this user may not withdraw."""
    if update.pk not in withdrawable:
        return "<td></td>"
    url = withdraw_url.replace(str(SENTINEL), str(update.pk))
    key = format_html('<input type="hidden" name="{}" value="{}">', FIELD, new_key())
    return (f'<td><details><summary>Withdraw<span class="visually-hidden"> the '
            f"update of {day(update.date)}</span></summary>\n          "
            f'<form method="post" action="{url}" novalidate>{csrf}{key}\n            '
            f'<label class="form-label" for="withdraw-reason-{update.pk}">Why withdraw this '
            "update</label>\n            "
            f'<input class="form-control form-control-sm" id="withdraw-reason-{update.pk}" '
            'name="reason" required maxlength="1000">\n            '
            '<button type="submit" class="btn btn-outline-danger btn-sm mt-1">Withdraw update'
            "</button></form></details></td>")
