"""Closing a quarter, and comparing any two quarters side by side.

Closing freezes what the Business Group was told: each action's RAG and latest
update at the quarter end (``SnapshotRow``), the report page's body as HTML, its
PDF and its Word copy. A closed quarter's report is then served from the snapshot, so later
edits to actions, updates or themes never change it.
"""

import hashlib
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string

from actions.models import Action
from lscb.fiscal import Quarter
from lscb.rag import RAG
from lscb.stored import kept_only_if_saved
from reporting.models import QuarterSnapshot, SnapshotRow
from reporting.papers.quarterly import movement
from reporting.papers.registry import QUARTERLY


class AlreadyClosed(Exception):
    pass


class FrozenCopyMissing(Exception):
    """The closed quarter's stored file is not in the file store (e.g. media not restored)."""


def frozen_copy(snapshot, field="pdf"):
    """The bytes of the PDF (or ``docx``) stored when the quarter was closed."""
    stored = getattr(snapshot, field)
    try:
        with stored.open("rb") as handle:
            return handle.read()
    except FileNotFoundError as error:
        raise FrozenCopyMissing(
            f"The frozen {'Word copy' if field == 'docx' else 'PDF'} of {snapshot.quarter_value} "
            "is missing from the file store: restore MEDIA_ROOT from the backup. "
            "Today's figures for the quarter are still available.") from error


def snapshot_for(plan, quarter: Quarter):
    return QuarterSnapshot.objects.filter(plan=plan, year=quarter.year,
                                          quarter=quarter.number).first()


def close_quarter(board, plan, quarter: Quarter, user, note=""):
    """Freeze ``quarter`` of ``plan``; raises AlreadyClosed if it already is."""
    if snapshot_for(plan, quarter):
        raise AlreadyClosed(f"{quarter} is already closed.")
    context = QUARTERLY.context(board, plan, quarter)
    html = render_to_string(QUARTERLY.body, context)
    pdf, _cached = QUARTERLY.pdf(context)  # outside the transaction
    word = QUARTERLY.word(context)
    narratives = latest_narratives(plan, quarter)
    digest = hashlib.sha256(pdf).hexdigest()
    try:
        # two managers closing at once: the loser's transaction rolls back, and so do its files
        with kept_only_if_saved() as saved, transaction.atomic():
            snapshot = QuarterSnapshot(board=board, plan=plan, year=quarter.year,
                                       quarter=quarter.number, closed_by=user, note=note,
                                       html=html, content_hash=digest)
            name = f"{board.slug}-{plan.slug}-{quarter.year}-q{quarter.number}"
            snapshot.pdf.save(f"{name}.pdf", ContentFile(pdf), save=False)
            saved.append(snapshot.pdf.name)
            snapshot.docx.save(f"{name}.docx", ContentFile(word), save=False)
            saved.append(snapshot.docx.name)
            snapshot.save()
            SnapshotRow.objects.bulk_create(
                _row(snapshot, order, action, narratives)
                for order, action in enumerate(
                    (a for section in context["sections"] for a in section["actions"]), start=1)
            )
    except IntegrityError as error:  # closed by someone else a moment ago
        raise AlreadyClosed(f"{quarter} is already closed.") from error
    return snapshot


def latest_narratives(plan, quarter: Quarter):
    """{action id: the words of its latest update by the quarter end} (the paper prints
    only the quarter's own update, a frozen row keeps the latest words either way)."""
    return dict(Action.objects.filter(plan=plan, archived=False).with_progress(as_at=quarter.end)
                .values_list("pk", "last_narrative"))


def _row(snapshot, order, action, narratives):
    """``action`` as the paper printed it (``reporting.papers.quarterly.quarter_actions``)."""
    update = action.quarter_update
    return SnapshotRow(
        snapshot=snapshot, action_id=action.pk, order=order, theme=str(action.theme),
        reference=action.reference, description=action.description,
        owners=action.lead, due=action.due, rag=action.rag,
        overdue=action.overdue_at_end,
        update_date=update.date if update else action.last_update_on,
        update_narrative=update.narrative if update else (narratives.get(action.pk) or ""),
    )


@dataclass
class Position:
    """An action's position at the end of a quarter, frozen or live."""

    key: object  # the action's id (or its reference when the action has gone)
    theme: str
    reference: str
    description: str
    rag: str
    update_date: object
    update_narrative: str


def positions(plan, quarter: Quarter):
    """({key: Position}, snapshot or None): frozen rows when closed, else as at the quarter end."""
    snapshot = snapshot_for(plan, quarter)
    if snapshot:
        rows = snapshot.rows.all()
        return {
            (r.action_id or r.reference): Position(r.action_id or r.reference, r.theme, r.reference,
                                                   r.description, r.rag, r.update_date,
                                                   r.update_narrative)
            for r in rows
        }, snapshot
    actions = (Action.objects.filter(plan=plan, archived=False).with_progress(as_at=quarter.end)
               .select_related("theme").in_plan_order())
    return {
        a.pk: Position(a.pk, str(a.theme), a.reference, a.description, a.rag, a.last_update_on,
                       a.last_narrative or "")
        for a in actions
    }, None


@dataclass
class Change:
    before: Position | None
    after: Position | None

    @property
    def current(self):
        return self.after or self.before

    @property
    def movement(self):
        if self.before is None:
            return "added"
        if self.after is None:
            return "removed"
        return movement(RAG(self.before.rag), RAG(self.after.rag))

    @property
    def new_update(self):
        return bool(self.after and self.after.update_date and (
            self.before is None or self.after.update_date != self.before.update_date))


def compare(plan, first: Quarter, second: Quarter):
    """Every action in either quarter with its position in both, in plan order."""
    before, first_snapshot = positions(plan, first)
    after, second_snapshot = positions(plan, second)
    keys = list(after) + [k for k in before if k not in after]
    changes = [Change(before.get(k), after.get(k)) for k in keys]
    counts = {}
    for change in changes:
        if change.movement:
            counts[change.movement] = counts.get(change.movement, 0) + 1
    return {"changes": changes, "counts": counts, "first_snapshot": first_snapshot,
            "second_snapshot": second_snapshot}
