"""Theme and sub-section headings as boards write them, read into number and title.

"Priority 2a: To be assured…", "Strategic Priority 1. We will improve…", "Theme 3 – Early
Help", "3. Neglect", "Objective 1.2 Develop…", "Outcome 4: …", "Strategic priority two",
"Priority 1 Objective 2" all give a number and a title, and the number is never repeated in
the title.

Letter sub-priorities ("2a", "2b") and dotted numbers ("1.2") are sub-sections of their
priority (Theme.parent = theme 2, or 1): the plan page and the papers show them inside it,
and natural ordering puts 2, 2a, 2b, 3 and 1, 1.2, 1.10 in the order people read them.
A priority named only through its sub-sections is created as "Priority 2" unless the plan
(or a heading row of the file) gives its title.
"""

import re
from dataclasses import dataclass, field

LABEL = (r"(?:(?:strategic|business|local|key|board|lscb|our|overarching)\s+)?"
         r"(?:priority|priorities|theme|outcome|objective|aim|area|section|workstream|"
         r"work\s+stream|sub-?\s?priority|sub-?\s?section|goal)(?:\s+area)?")
WORDS = {w: str(n) for n, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty".split())}
NUMBER = r"(\d+(?:\.\d+)*[a-z]?|" + "|".join(sorted(WORDS, key=len, reverse=True)) + r")"
_SEP = r"[\s.:)\]\-–—]*"
TITLE_LIMIT = 200


def _number(text):
    return WORDS.get(text.lower(), text.lower())


def read_heading(text):
    """(number or None, title) for a Theme or Section cell."""
    text = re.sub(r"\s+", " ", str(text or "")).strip().strip("*").strip()
    # "Priority 1 Objective 2 – Develop strong leadership": sub-section 1.2
    m = re.match(rf"^{LABEL}\s*{NUMBER}\s*[,:–-]?\s*{LABEL}\s*{NUMBER}\b{_SEP}(.*)$", text, re.I)
    if m:
        return f"{_number(m.group(1))}.{_number(m.group(2))}", m.group(3).strip()
    m = re.match(rf"^{LABEL}\s*(?:no\.?\s*|number\s*)?{NUMBER}(?!\w)(?!\.\d){_SEP}(.*)$", text, re.I)
    if m:
        return _number(m.group(1)), m.group(2).strip()
    m = re.match(r"^(\d+(?:\.\d+)*[a-z]?)(?:[.):\]]\s*|\s*[-–—]\s*|\s+)(.*)$", text, re.I)
    if m and not re.match(r"^\d{4}\b", text):  # "2009-10: So that work…" is not theme 2009
        return m.group(1).lower(), m.group(2).strip()
    if re.fullmatch(r"\d+(?:\.\d+)*[a-z]?", text, re.I):
        return text.lower(), ""
    m = re.match(rf"^{LABEL}\s*[:\-–—]\s*(.+)$", text, re.I)
    if m:
        return None, m.group(1).strip()
    return None, text


def shorten(text, limit=TITLE_LIMIT):
    """``text`` cut at a word before ``limit`` characters, with an ellipsis."""
    if len(text) <= limit:
        return text
    return text[:limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:") + "…"


def parent_number(number):
    """The priority a sub-section belongs to: "2" for "2a", "2.1" and "2.1.3" (a plan has one
    level of sub-sections); None for a priority's own number."""
    m = re.match(r"\d+", number or "")
    if m and m.group() != number:
        return m.group()
    return None


@dataclass
class PlanTheme:
    number: str
    title: str
    parent: str | None = None
    description: str = ""
    is_new: bool = True
    named: bool = True  # False for "Priority 2", made up for a sub-section's priority


@dataclass
class ThemeBook:
    """The themes and sub-sections a file names, in the order it names them, numbered
    where it does not number them, matched to the plan's own themes by number or title."""

    existing: dict = field(default_factory=dict)  # number -> title of the plan's themes
    themes: dict = field(default_factory=dict)  # number -> PlanTheme
    warnings: list = field(default_factory=list)  # (row, column, message)

    def theme(self, text, row, column="Theme"):
        """The number of the theme a Theme cell names (created on first sight)."""
        number, title = read_heading(text)
        if number is None:
            number = self._by_title(title, parent=None) or self._next_number(None)
        return self._add(number, title, row, column)

    def section(self, text, parent, row, column="Section"):
        """The number of the sub-section a Section cell names, inside theme ``parent``."""
        number, title = read_heading(text)
        if number is None:
            number = self._by_title(title, parent) or self._next_number(parent)
        elif parent and "." not in number and not re.fullmatch(r"\d+[a-z]", number):
            number = f"{parent}.{number}"  # "Objective 2" under priority 1 is 1.2
        elif parent and parent_number(number) != parent:
            self.warnings.append((row, column, f"sub-section {number} is listed under theme "
                                  f"{parent}: it is kept as {number}, under theme "
                                  f"{parent_number(number)}"))
        return self._add(number, title, row, column)

    def continue_title(self, number, text):
        """"from Home" on the row after "7. Child Sexual Exploitation and Missing": a
        heading split across a page break of the original document."""
        theme = self.themes[number]
        if theme.is_new:
            theme.title = shorten(f"{theme.title} {text}".strip())

    def describe(self, number, text):
        theme = self.themes[number]
        theme.description = f"{theme.description}\n{text}".strip()

    def _add(self, number, title, row, column):
        number = number[:20]
        parent = parent_number(number)
        if parent and parent not in self.themes:
            self._add_parent(parent)
        if number in self.themes:
            theme = self.themes[number]
            if title and not theme.named:
                theme.title, theme.named = title[:TITLE_LIMIT], True
            return number
        description = ""
        if len(title) > TITLE_LIMIT:
            self.warnings.append((row, column, f"the heading is longer than {TITLE_LIMIT} "
                                  "characters: the title is shortened and the whole heading "
                                  "kept as the theme's description"))
            title, description = shorten(title), title
        known = self.existing.get(number)
        self.themes[number] = PlanTheme(
            number=number, title=known or title or f"Priority {number}", parent=parent,
            description=description, is_new=known is None, named=bool(known or title))
        return number

    def _add_parent(self, number):
        known = self.existing.get(number)
        self.themes[number] = PlanTheme(number=number, title=known or f"Priority {number}",
                                        is_new=known is None, named=bool(known))

    def _by_title(self, title, parent):
        keys = {title.strip().lower(), shorten(title.strip()).lower()}
        for theme in self.themes.values():
            if theme.parent == parent and theme.title.lower() in keys:
                return theme.number
        for number, known in self.existing.items():
            if parent_number(number) == parent and known.lower() in keys:
                return number
        return None

    def _next_number(self, parent):
        taken = set(self.themes) | set(self.existing)
        n = 1
        while (f"{parent}.{n}" if parent else str(n)) in taken:
            n += 1
        return f"{parent}.{n}" if parent else str(n)
