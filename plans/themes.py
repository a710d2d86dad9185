"""Numbering and order of a plan's themes. A plan reads in number order (1.2 before
1.10), so moving a theme up or down swaps its number with its neighbour's; a
sub-section numbered under its theme ("2.2" in "2") follows its theme's number.
Action references are not touched here: they follow only when the manager asks."""

import re

from django.db import transaction

from lscb.refs import natural_key

from .models import Theme

NUMBER = re.compile(r"^[0-9A-Za-z]+(\.[0-9A-Za-z]+)*$")


def siblings(theme):
    """The themes at the same level of the same plan, in reading order."""
    return list(Theme.objects.filter(plan_id=theme.plan_id, parent_id=theme.parent_id)
                .order_by("sort_key"))


def next_number(plan, parent=None):
    """A free number after the last at that level: "4" after 3 themes, "2.3" after 2.2."""
    taken = set(Theme.objects.filter(plan=plan).values_list("number", flat=True))
    numbers = Theme.objects.filter(plan=plan, parent=parent).values_list("number", flat=True)
    last = [int(n.rsplit(".", 1)[-1]) for n in numbers if n.rsplit(".", 1)[-1].isdigit()]
    n = max(last, default=0) + 1
    prefix = f"{parent.number}." if parent else ""
    while f"{prefix}{n}" in taken:
        n += 1
    return f"{prefix}{n}"


def _follow(theme, new_number):
    """{theme: number} for ``theme`` and its sub-sections numbered under it."""
    changes = {theme: new_number}
    old_prefix = f"{theme.number}."
    for section in theme.sections.all():
        if section.number.startswith(old_prefix):
            changes[section] = f"{new_number}.{section.number[len(old_prefix):]}"
    return changes


@transaction.atomic
def set_numbers(changes):
    """Give several themes new numbers at once. The numbers move through temporary values
    first, so swapping 2 and 3 never meets the one-number-per-plan constraint."""
    changes = {theme: number for theme, number in changes.items() if theme.number != number}
    for theme in changes:
        Theme.objects.filter(pk=theme.pk).update(number=f"~{theme.pk}")
    for theme, number in changes.items():
        theme.number = number
        theme.save()  # its sort key, and a line in the history of edits
    return changes


def renumber(theme, new_number):
    """Give a theme a new number; its sub-sections follow."""
    return set_numbers(_follow(Theme.objects.get(pk=theme.pk), new_number))


@transaction.atomic
def move(theme, step):
    """Move a theme one place up (step -1) or down (+1) among its siblings by swapping
    numbers with its neighbour. Returns the neighbour, or None at either end."""
    row = siblings(theme)
    index = next(i for i, t in enumerate(row) if t.pk == theme.pk)
    other = index + step
    if not 0 <= other < len(row):
        return None
    mine, theirs = row[index], row[other]
    changes = _follow(mine, theirs.number)
    changes.update(_follow(theirs, mine.number))
    set_numbers(changes)
    return theirs


def reading_order(themes):
    """Themes with each theme's sub-sections straight after it."""
    themes = sorted(themes, key=lambda t: natural_key(t.number))
    by_parent = {}
    for theme in themes:
        by_parent.setdefault(theme.parent_id, []).append(theme)
    ordered = []
    for theme in by_parent.get(None, []):
        ordered.append(theme)
        ordered.extend(by_parent.get(theme.pk, []))
    known = {t.pk for t in ordered}
    return ordered + [t for t in themes if t.pk not in known]  # deeper levels, if imported


@transaction.atomic
def save_theme(form, old_number=None):
    """Save a theme form; when its number changed, its sub-sections follow the new number."""
    new_number = form.cleaned_data["number"]
    if old_number is None or old_number == new_number:
        return form.save()
    form.instance.number = old_number  # the other fields first, under the number it has
    theme = form.save()
    renumber(theme, new_number)
    theme.refresh_from_db()
    return theme
