"""The response every download uses: papers, Word files, archives, spreadsheets."""

from django.http import HttpResponse


def attachment(content, content_type, filename):
    """A download: ``content`` saved by the browser as ``filename``."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
