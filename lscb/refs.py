"""Natural ordering of action and theme references ("1.2" before "1.10")."""

import re

_DIGITS = re.compile(r"\d+")


def natural_key(reference: str) -> str:
    """A string that sorts references the way people read them.

    Each run of digits is zero-padded, so a plain string comparison (in Python
    or in the database's ORDER BY) puts 1.2 before 1.10 and 2.5 before 2.5.1.
    """
    return _DIGITS.sub(lambda m: m.group().zfill(6), reference.strip().lower())
