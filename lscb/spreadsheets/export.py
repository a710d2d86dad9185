"""Spreadsheet exports that cannot run as formulas when opened in Excel."""

from django_tables2.export import TableExport

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """Prefix a cell that a spreadsheet would read as a formula with an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


class SafeTableExport(TableExport):
    def table_to_dataset(self, table, exclude_columns, dataset_kwargs=None):
        dataset = super().table_to_dataset(table, exclude_columns, dataset_kwargs)
        for index in range(len(dataset)):
            dataset[index] = tuple(neutralise(cell) for cell in dataset[index])
        return dataset
