"""Files saved to storage alongside a database write are kept only if the write is.

Storage is not transactional: a file saved inside ``transaction.atomic()`` stays on disk
(or in the object store) when the transaction rolls back, named by no record. Code that
saves files for a record notes their names in :func:`kept_only_if_saved`; if the block
raises, they are deleted again.
"""

import logging
from contextlib import contextmanager

from django.core.files.storage import default_storage

logger = logging.getLogger("lscb.stored")


@contextmanager
def kept_only_if_saved(storage=None):
    """``with kept_only_if_saved() as saved: ... saved.append(name)``: the names noted are
    deleted if the block raises (wrap the ``transaction.atomic()`` block in it)."""
    storage = storage or default_storage
    saved = []
    try:
        yield saved
    except BaseException:
        for name in saved:
            try:
                storage.delete(name)
            except OSError:  # leave the original error to be seen, note this one
                logger.exception("could not remove %s after a failed write", name)
        raise
