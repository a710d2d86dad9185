"""The Business Plan document in the board's own columns: which action fields it prints,
in which order, under which headings, portrait or landscape. Presets follow the plans
boards publish (see /shared/seeds): Cumbria 2015-18, North Lincolnshire 2017/18,
Cambridgeshire 2009-12, and an eight-column layout."""

from dataclasses import dataclass

from django.utils.html import format_html, linebreaks
from django.utils.safestring import mark_safe

from lscb.rag import RAG


@dataclass(frozen=True)
class Field:
    key: str
    label: str  # the heading printed when the preset gives none
    width: str = ""  # a CSS class: narrow, medium, wide


FIELDS = {f.key: f for f in [
    Field("reference", "Ref", "narrow"),
    Field("theme", "Theme / sub-section", "medium"),
    Field("description", "Action", "wide"),
    Field("outcome", "What we are trying to achieve", "wide"),
    Field("measures", "To evidence this we will measure", "wide"),
    Field("lead", "Lead", "medium"),
    Field("due", "When", "medium"),
    Field("source", "Source", "medium"),
    Field("risk", "Risk", "medium"),
    Field("rag", "RAG", "narrow"),
    Field("progress", "Latest progress", "wide"),
]}


@dataclass(frozen=True)
class Preset:
    key: str
    name: str
    columns: tuple  # (field key, heading)
    landscape: bool = False


PRESETS = {p.key: p for p in [
    Preset("cumbria", "Cumbria Business Plan 2015-18 (ref, action, who, when, achieve, measure)", (
        ("reference", "Ref"), ("description", "Action"), ("lead", "Who"), ("due", "When"),
        ("outcome", "What we are trying to achieve"),
        ("measures", "To evidence this we will measure"))),
    Preset("north_lincolnshire", "North Lincolnshire 2017/18 (actions, how we will know, lead)", (
        ("theme", "Priority"), ("description", "The actions underpinning this priority"),
        ("measures", "We will know we are making a difference if"), ("lead", "Lead"))),
    Preset("cambridgeshire", "Cambridgeshire 2009-12 (work ongoing, timescale, lead)", (
        ("description", "Work ongoing"), ("due", "Timescale"),
        ("lead", "Lead officer / sub-group"))),
    Preset("eight", "Eight columns (achieve, we will, measure, lead, timescale, risk, progress)", (
        ("reference", "Ref"), ("outcome", "What we want to achieve"),
        ("description", "We will"), ("measures", "Measure"), ("lead", "Lead"),
        ("due", "Timescale"), ("risk", "Risk"), ("progress", "Progress")), landscape=True),
]}
DEFAULT_PRESET = "cumbria"


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    width: str


def layout_for(plan):
    """(columns, landscape) the plan's document prints."""
    stored = getattr(plan, "paper_layout", None) if _has_layout(plan) else None
    if stored and stored.columns:
        headings = dict(PRESETS[DEFAULT_PRESET].columns)
        columns = [Column(key, label or headings.get(key) or FIELDS[key].label, FIELDS[key].width)
                   for key, label in _pairs(stored.columns) if key in FIELDS]
        return columns, stored.landscape
    preset = PRESETS[DEFAULT_PRESET]
    return preset_columns(preset), preset.landscape


def _has_layout(plan):
    from django.core.exceptions import ObjectDoesNotExist

    try:
        plan.paper_layout  # noqa: B018
    except ObjectDoesNotExist:
        return False
    return True


def _pairs(stored):
    """Stored columns are [key, heading] pairs (or bare keys)."""
    for item in stored:
        if isinstance(item, str):
            yield item, ""
        else:
            yield item[0], item[1] if len(item) > 1 else ""


def preset_columns(preset):
    return [Column(key, label, FIELDS[key].width) for key, label in preset.columns]


def cell(action, key):
    """One printed cell of an action (HTML, escaped)."""
    if key == "reference":
        return action.reference
    if key == "theme":
        return str(action.theme)
    if key == "description":
        return mark_safe(linebreaks(action.description, autoescape=True))
    if key in ("outcome", "measures"):
        return mark_safe(linebreaks(getattr(action, key), autoescape=True))
    if key == "lead":
        return action.owner_label
    if key == "due":
        return action.due_label
    if key == "source":
        return action.source
    if key == "risk":
        return action.risk_note
    if key == "rag":
        rag = RAG(action.rag)
        return format_html('<span class="rag rag-{}">{}</span>', rag.value, rag.label)
    if key == "progress":
        rag = RAG(action.rag)
        if not action.last_narrative:
            return format_html('<span class="rag rag-{}">{}</span>', rag.value, rag.label)
        return format_html('<span class="rag rag-{}">{}</span> {}: {}', rag.value, rag.label,
                           action.last_update_on.strftime("%-d %b %Y"), action.last_narrative)
    raise KeyError(key)


def rows(actions, columns):
    """Each action's cells; columns that no action fills are left out."""
    filled = [c for c in columns if c.key in ("reference", "rag", "progress", "theme")
              or any(str(cell(a, c.key)).strip() for a in actions)]
    for action in actions:
        action.cells = [(c, cell(action, c.key)) for c in filled]
    return filled
