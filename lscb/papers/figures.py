"""Figures as people write them: 100% (not 100.00), £152,757, 12 days, 1,234.5."""

from decimal import Decimal, InvalidOperation

PREFIX_UNITS = {"£", "$", "€"}
NO_UNIT = {"", "number", "numbers", "no", "no.", "count", "#", "n"}


def plain_number(value):
    """1234.50 -> "1,234.5"; 100.00 -> "100"; None -> ""."""
    if value is None or value == "":
        return ""
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    text = f"{number:,f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def figure(value, unit=""):
    """``value`` with its ``unit``: "23%", "£5,000", "12 days"; "—" for no value."""
    if value is None or value == "":
        return "—"
    number, unit = plain_number(value), (unit or "").strip()
    if unit.lower() in NO_UNIT:
        return number
    if unit in PREFIX_UNITS:
        return f"-{unit}{number[1:]}" if number.startswith("-") else f"{unit}{number}"
    if unit == "%":
        return f"{number}%"
    return f"{number} {unit}"


def count(value):
    """A count: 540 (never 540.00), 1,234."""
    if value is None or value == "":
        return "—"
    try:
        return f"{round(Decimal(str(value))):,}"
    except (InvalidOperation, ValueError):
        return str(value)


def money(value):
    """£152,757; pence only when there are any (£12.50)."""
    if value is None or value == "":
        return "—"
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    text = f"{abs(number):,.2f}"
    if text.endswith(".00"):
        text = text[:-3]
    return f"-£{text}" if number < 0 else f"£{text}"


def percent(value):
    """52%, 12.5%."""
    if value is None or value == "":
        return "—"
    return f"{plain_number(value)}%"


def signed(value):
    """+3, −2, 0: a change."""
    number = int(value or 0)
    if number > 0:
        return f"+{number:,}"
    if number < 0:
        return f"−{abs(number):,}"
    return "0"


def possessive(name):
    """"Barnardo's" stays "Barnardo's"; "Councils" becomes "Councils'"; "Board" "Board's"."""
    name = str(name or "").strip()
    if not name:
        return name
    if name.endswith(("'s", "’s", "'", "’")):
        return name
    if name.endswith("s"):
        return f"{name}’"
    return f"{name}’s"
