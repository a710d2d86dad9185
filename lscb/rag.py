"""RAG ratings as boards use them. Colour is never the only signal: each
rating carries its word, and templates always print it."""

from django.db import models


class RAG(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    RED = "red", "Red"
    AMBER = "amber", "Amber"
    GREEN = "green", "Green"
    COMPLETE = "complete", "Complete"
    # An imported update whose file gave no rating (blank RAG, no status word): the
    # narrative is kept, and nobody pretends the work has not started.
    NOT_RATED = "not_rated", "Not rated"


RAG_MEANING = {
    RAG.NOT_STARTED: "Work has not started yet",
    RAG.RED: "Off track: needs the board's attention",
    RAG.AMBER: "Slipping, but in hand",
    RAG.GREEN: "On track",
    RAG.COMPLETE: "Complete (blue)",
    RAG.NOT_RATED: "No rating was given (imported without one)",
}

# Order used for summaries: worst first is how exception reports read.
RAG_ORDER = [RAG.RED, RAG.AMBER, RAG.GREEN, RAG.COMPLETE, RAG.NOT_STARTED]
# Every rating, "Not rated" last: a summary shows that column only when some action is
# not rated (rag_columns), so boards that never import see the five they know.
ALL_RAGS = [*RAG_ORDER, RAG.NOT_RATED]


def rag_columns(ratings):
    """The RAG columns of a summary of actions with these ``ratings``."""
    return ALL_RAGS if RAG.NOT_RATED in set(ratings) else RAG_ORDER

# What a person may choose when posting an update ("Not rated" only comes from imports).
CHOOSABLE = [rag for rag in RAG if rag != RAG.NOT_RATED]

# Progress ratings that need an explanation when posted.
NARRATIVE_REQUIRED = {RAG.RED, RAG.AMBER}


class Compliance(models.TextChoices):
    """Section 11 compliance rating."""

    GREEN = "green", "Green – fully compliant"
    AMBER = "amber", "Amber – partially compliant"
    RED = "red", "Red – not compliant"
