"""Write an import: all or nothing."""

import re

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from lscb.fiscal import financial_year_of
from lscb.fiscal.due import DuePrecision
from lscb.rag import RAG
from lscb.spreadsheets.progress import reporter
from plans.models import BusinessPlan, Theme
from subgroups.models import Subgroup

from ..models import Action, ProgressUpdate

KEEP_AS_ROLE = "role"
CREATE_GROUP = "create"


def plan_years(title, rows):
    """Financial years of a new plan from its title ("2015-18") or its due dates."""
    m = re.search(r"(20\d{2})\s*[-/–]\s*(\d{2,4})", title or "")
    if m:
        start, end = int(m.group(1)), int(m.group(2))
        end = end + 2000 if end < 100 else end
        if end > start:
            return start, end - 1
        return start, start
    years = [financial_year_of(r.due_date) for r in rows if r.due_date]
    if years:
        return min(years), max(years)
    year = financial_year_of(timezone.localdate())
    return year, year


def _unique_group_slug(board, name):
    base = slugify(name)[:70] or "group"
    slug, n = base, 2
    while Subgroup.objects.filter(board=board, slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def apply_import(preview, board, plan=None, title="", owner_choices=None, user=None,
                 progress=None):
    """Create or update the plan's themes and actions from a checked preview.

    ``owner_choices`` maps each unknown Who name to a Subgroup, CREATE_GROUP or
    KEEP_AS_ROLE (the default). Returns (plan, created, updated, updates_added).
    """
    if not preview.ok:
        raise ValueError("An import with problems cannot be applied.")
    owner_choices = owner_choices or {}
    if plan is None:
        start, end = plan_years(title, preview.rows)
        plan = BusinessPlan.objects.create(board=board, title=title,
                                           slug=BusinessPlan.unique_slug(board, title),
                                           start_year=start, end_year=end)
    resolved = {}
    for name in preview.unknown_owners:
        choice = owner_choices.get(name, KEEP_AS_ROLE)
        if choice == CREATE_GROUP:
            resolved[name] = Subgroup.objects.create(
                board=board, name=name[:200], slug=_unique_group_slug(board, name))
        elif isinstance(choice, Subgroup):
            resolved[name] = choice
        else:
            resolved[name] = None
    themes = {t.number: t for t in plan.themes.all()}
    for number, title_, _new in preview.themes:
        if number not in themes:
            themes[number] = Theme.objects.create(board=board, plan=plan, number=number,
                                                  title=title_[:200])
    created = updated = updates_added = 0
    today = timezone.localdate()
    tick = reporter(progress, len(preview.rows), "Saved")
    for done, row in enumerate(preview.rows, start=1):
        tick(done)
        groups = list(row.owners)
        roles = []
        for name in row.unknown_owners:
            group = resolved.get(name)
            if group is not None and group not in groups:
                groups.append(group)
            elif group is None:
                roles.append(name)
        fields = {
            "theme": themes[row.theme], "description": row.description,
            "outcome": row.outcome, "measures": row.measures, "source": row.source,
            "risk_note": row.risk, "lead_role": " and ".join(roles)[:200],
            "due_date": row.due_date,
            "due_precision": row.due_precision if row.due_date else DuePrecision.TEXT,
            "due_text": row.due_text,  # wording kept when a date was found inside it
        }
        if fields["due_precision"] == DuePrecision.TEXT and not fields["due_text"]:
            fields["due_text"] = "Not given"
        action = row.existing
        if action is None:
            action = Action.objects.create(board=board, plan=plan, reference=row.reference,
                                           **fields)
            created += 1
        else:
            for key, value in fields.items():
                setattr(action, key, value)
            action.version += 1
            action.save()
            updated += 1
        action.owners.set(groups)
        if row.progress or row.rag:
            latest = action.updates.order_by("-date", "-created_at", "-pk").first()
            same = latest and latest.narrative == row.progress and latest.rag == (row.rag or latest.rag)
            if not same:
                ProgressUpdate.objects.create(
                    action=action, date=today, rag=row.rag or RAG.NOT_STARTED,
                    narrative=row.progress, author=user,
                    author_name="" if user else "Imported from spreadsheet",
                )
                updates_added += 1
    return plan, created, updated, updates_added
