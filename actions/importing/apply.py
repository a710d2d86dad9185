"""Write an import: all or nothing."""

from dataclasses import dataclass

from django.db import transaction
from django.utils.text import slugify

from lscb.fiscal.due import period_end
from lscb.models import lines
from lscb.spreadsheets.progress import reporter
from plans.models import BusinessPlan, Theme
from subgroups.models import Subgroup

from ..models import Action, ProgressUpdate
from .leads import GROUP, UNKNOWN, lead_key
from .preview import fields_for, plan_years, re_years

KEEP_AS_ROLE = "role"  # keep the name as lead text
CREATE_GROUP = "create"


@dataclass
class Result:
    plan: object
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    updates_added: int = 0
    groups_created: int = 0

    def __str__(self):
        return (f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged, "
                f"{self.updates_added} progress update{'s' if self.updates_added != 1 else ''}")

    def __iter__(self):  # plan, created, updated, updates = apply_import(...)
        return iter((self.plan, self.created, self.updated, self.updates_added))


def credit(name, user=None, who=""):
    """Who an imported update is from: "Imported from plan.xlsx by Morgan Smith"."""
    person = who or (user.get_full_name() or user.get_username() if user else "")
    return (f"Imported from {name}" + (f" by {person}" if person else ""))[:150]


def _unique_group_slug(board, name):
    base = slugify(name)[:70] or "group"
    slug, n = base, 2
    while Subgroup.objects.filter(board=board, slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _resolve(preview, board, owner_choices):
    """{key of an unknown name: Subgroup or None (kept as lead text)} from the manager's
    choices (one choice serves every way the file writes the name)."""
    resolved = {}
    for name in preview.unknown_owners:
        choice = owner_choices.get(name, KEEP_AS_ROLE)
        if choice == CREATE_GROUP:
            group = Subgroup.objects.filter(board=board, name__iexact=name[:200]).first()
            resolved[lead_key(name)] = group or Subgroup.objects.create(
                board=board, name=name[:200], slug=_unique_group_slug(board, name))
        elif isinstance(choice, Subgroup):
            resolved[lead_key(name)] = choice
            _teach(choice, name)
    return resolved


def _teach(group, name):
    """Remember the name as one of the group's aliases, so the next import matches it."""
    if name.strip().lower() not in {a.lower() for a in lines(group.aliases)}:
        group.aliases = "\n".join([*lines(group.aliases), name.strip()])
        group.save(update_fields=["aliases"])


def _themes(preview, plan, board):
    """{number: Theme}, creating the file's new themes and sub-sections (parents first)."""
    themes = {t.number: t for t in plan.themes.all()}
    for item in sorted(preview.themes, key=lambda t: t.number.count(".") + (t.parent is not None)):
        theme = themes.get(item.number)
        parent = themes.get(item.parent) if item.parent else None
        if theme is None:
            themes[item.number] = Theme.objects.create(
                board=board, plan=plan, number=item.number, title=item.title[:200],
                description=item.description, parent=parent)
        elif parent is not None and theme.parent_id is None:
            theme.parent = parent
            theme.save(update_fields=["parent"])
    return themes


@transaction.atomic
def apply_import(preview, board, plan=None, title="", owner_choices=None, user=None,
                 progress=None, as_at=None, credited=""):
    """Create or update the plan's themes and actions from a checked preview.

    ``owner_choices`` maps each unknown Who name to a Subgroup, CREATE_GROUP or
    KEEP_AS_ROLE (the default). Progress without a date of its own is dated ``as_at``
    (default: the preview's). Returns a Result (which unpacks as
    plan, created, updated, updates added).
    """
    if not preview.ok:
        raise ValueError("An import with problems cannot be applied.")
    if plan is None:
        named = plan_years(title) if re_years(title) else None
        start, end = named or (preview.years if preview.years[0] else plan_years(title))
        plan = BusinessPlan.objects.create(board=board, title=title,
                                           slug=BusinessPlan.unique_slug(board, title),
                                           start_year=start, end_year=end)
    resolved = _resolve(preview, board, owner_choices or {})
    themes = _themes(preview, plan, board)
    as_at = as_at or preview.default_as_at
    author = credit(preview.name or "a spreadsheet", user, credited)
    result = Result(plan)
    tick = reporter(progress, len(preview.rows), "Saved")
    for done, row in enumerate(preview.rows, start=1):
        tick(done)
        groups = list(row.owners)
        roles = []
        for lead in row.leads:
            group = resolved.get(lead.key) if lead.kind == UNKNOWN else None
            if group is not None and group not in groups:
                groups.append(group)
            elif lead.kind != GROUP and group is None:
                roles.append(lead.text)
        fields = {"theme": themes[row.theme], **fields_for(row, roles)}
        action = row.existing
        if action is None:
            action = Action.objects.create(board=board, plan=plan, reference=row.reference,
                                           **fields)
            result.created += 1
        elif _differs(action, fields, groups):
            for key, value in fields.items():
                setattr(action, key, value)
            action.version += 1
            action.save()
            result.updated += 1
        else:
            result.unchanged += 1
        action.owners.set(groups)
        if (row.progress or row.rag) and not action.updates.filter(
                narrative=row.progress, rag=row.rag).exists():
            ProgressUpdate.objects.create(action=action, date=row.as_at or as_at, rag=row.rag,
                                          narrative=row.progress, author=user, author_name=author)
            result.updates_added += 1
    return result


def _differs(action, fields, groups):
    """Whether the file changes anything about ``action`` (an unchanged row is not saved,
    so re-importing a file adds no version and no history)."""
    for key, value in fields.items():
        if key == "due_date":
            value = period_end(value, fields["due_precision"])
        if getattr(action, key) != value:
            return True
    return {g.pk for g in action.owners.all()} != {g.pk for g in groups}
