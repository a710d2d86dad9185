"""Long tables in pages: the order and page asked for in the query string, with the page
size held between 1 and ``MAX_PER_PAGE`` (``?per_page=-1`` or ``=10000000`` is neither an
error nor a way to make one page hold every row)."""

from django.core.paginator import EmptyPage

PER_PAGE = 50
MAX_PER_PAGE = 500
MAX_PAGE = 1_000_000


def bounded(text, default, lowest, highest):
    """``text`` as a whole number held between ``lowest`` and ``highest``; ``default``
    when it is not a number."""
    try:
        number = int(str(text).strip())
    except (TypeError, ValueError):
        return default
    return min(max(number, lowest), highest)


def configure(request, table, paginate=True, per_page=PER_PAGE):
    """Order ``table`` as the query string asks and, unless ``paginate`` is False (an
    export takes every row), show the page asked for (the last one if it is beyond)."""
    table.request = request
    order_by = request.GET.getlist(table.prefixed_order_by_field)
    if order_by:
        table.order_by = order_by
    if not paginate:
        return table
    size = bounded(request.GET.get(table.prefixed_per_page_field), per_page, 1, MAX_PER_PAGE)
    page = bounded(request.GET.get(table.prefixed_page_field), 1, 1, MAX_PAGE)
    try:
        table.paginate(page=page, per_page=size)
    except EmptyPage:
        table.page = table.paginator.page(table.paginator.num_pages)
    return table
