"""The preview every import shows before anything is written: rows new, to update or
unchanged, and problems (nothing is imported) and warnings (imported as described) by row
and column."""

from dataclasses import dataclass, field

SHOWN_ROWS = 1000  # rows listed on the preview page (all are imported)


@dataclass
class Row:
    number: int
    key: str  # the indicator's name or the risk's reference
    values: dict  # field -> value to store
    cells: list  # what the preview shows, one per column of the preview table
    existing: object = None
    changes: list = field(default_factory=list)  # "Target: 20 → 18" for an existing record


@dataclass
class Preview:
    columns: list = field(default_factory=list)  # headings of the preview table
    rows: list = field(default_factory=list)
    problems: list = field(default_factory=list)  # (row, column, message): nothing is imported
    warnings: list = field(default_factory=list)  # (row, column, message): imported anyway
    ignored_columns: list = field(default_factory=list)

    @property
    def ok(self):
        return not self.problems

    @property
    def new_count(self):
        return sum(1 for row in self.rows if row.existing is None)

    @property
    def update_count(self):
        return sum(1 for row in self.rows if row.existing is not None and row.changes)

    @property
    def unchanged_count(self):
        return sum(1 for row in self.rows if row.existing is not None and not row.changes)

    @property
    def shown_rows(self):
        return self.rows[:SHOWN_ROWS]

    def summary(self, noun):
        return (f"{self.new_count} new {noun}, {self.update_count} to update, "
                f"{self.unchanged_count} unchanged.")
