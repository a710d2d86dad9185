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
