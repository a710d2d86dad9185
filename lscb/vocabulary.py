"""The words a board's kind makes the pages and papers use.

A Local Safeguarding Children Board (2004 Act, Working Together 2015), a Safeguarding
Children Partnership (2017 Act, Working Together 2018 and 2023) and a Safeguarding Adults
Board (Care Act 2014) run the same cycle under different names. Pages read these words
through the ``words`` context variable (see :func:`lscb.context_processors.board`) and
papers through :func:`words_for`; other code asks :func:`board_kind`, :func:`words_for`
and :func:`partners_of` (the partnership's safeguarding partners).

UI terms that do not depend on the board's kind (RAG movement and the like) live in
``lscb/glossary.py``, not here.
"""

from dataclasses import asdict, dataclass

from .models import Board, SafeguardingPartner

Kind = Board.Kind


@dataclass(frozen=True)
class Words:
    body: str  # "board" / "partnership", in a sentence
    Body: str  # at the start of a sentence or in a heading
    review: str  # the local case review
    review_short: str
    reviews: str
    report: str  # the report the board publishes each year
    chair: str  # the chair's title
    guidance: str  # the statutory guidance the board works to
    checklist: str  # key of the checklist in CHECKLISTS
    adults: bool = False  # whether the board safeguards adults (words "adult" for "child")

    @property
    def person(self):
        return "adult" if self.adults else "child"

    def as_dict(self):
        return {**asdict(self), "person": self.person}


WORDS = {
    Kind.LSCB: Words(
        body="board", Body="Board", review="Serious Case Review", review_short="SCR",
        reviews="Serious Case Reviews", report="Annual Report", chair="LSCB Chair",
        guidance="Working Together to Safeguard Children 2015", checklist="wt2015"),
    Kind.SCP: Words(
        body="partnership", Body="Partnership", review="Child Safeguarding Practice Review",
        review_short="CSPR", reviews="Child Safeguarding Practice Reviews",
        report="Yearly Report", chair="Partnership Chair",
        guidance="Working Together to Safeguard Children 2023", checklist="wt2023"),
    Kind.SAB: Words(
        body="board", Body="Board", review="Safeguarding Adults Review", review_short="SAR",
        reviews="Safeguarding Adults Reviews", report="Annual Report", chair="Independent Chair",
        guidance="Care Act 2014 and its statutory guidance", checklist="care_act", adults=True),
    Kind.OTHER: Words(
        body="board", Body="Board", review="Case Review", review_short="review",
        reviews="Case Reviews", report="Annual Report", chair="Independent Chair",
        guidance="Working Together to Safeguard Children 2018", checklist="wt2018"),
}

# What the statutory guidance asks the board's yearly publication to cover, and which
# annual report sections answer it (keys of ``AnnualReportSection.Key``, "budget", "impact").
CHECKLISTS = {
    "wt2015": ("Working Together 2015", [
        ("Assessment of the effectiveness of local services", ["effectiveness"]),
        ("Weaknesses and the actions taken", ["effectiveness", "little_progress"]),
        ("Lessons from reviews", ["effectiveness", "planning"]),
        ("Partner contributions and spend", ["budget"]),
        ("Evidence of impact", ["impact"]),
        ("Areas of little progress", ["little_progress"]),
        ("Voice of children and families", ["engagement"]),
    ]),
    "wt2018": ("Working Together 2018", [
        ("What the partners have done as a result of the arrangements", ["effectiveness"]),
        ("How effective the arrangements have been in practice", ["effectiveness", "impact"]),
        ("Reviews: local and national learning and what changed", ["effectiveness", "planning"]),
        ("Ways the partners will monitor the effectiveness of the arrangements", ["planning"]),
        ("Independent scrutiny", ["effectiveness"]),
        ("Partner contributions and spend", ["budget"]),
        ("Voice of children and families", ["engagement"]),
    ]),
    "wt2023": ("Working Together 2023", [
        ("Evidence of the impact of the work of the partners and relevant agencies",
         ["impact", "effectiveness"]),
        ("Analysis of areas where there has been little or no evidence of progress",
         ["little_progress"]),
        ("Learning from practice reviews and what has changed", ["effectiveness", "planning"]),
        ("Independent scrutiny: findings and the response", ["effectiveness"]),
        ("Record of decisions and actions taken by the partners", ["planning"]),
        ("Funding: the contribution of each partner", ["budget"]),
        ("How children, families and practitioners have shaped the work", ["engagement"]),
    ]),
    "care_act": ("Care Act 2014 (Schedule 2)", [
        ("What the board has done during the year to achieve its objective",
         ["effectiveness", "impact"]),
        ("What each member has done to implement the strategic plan", ["effectiveness"]),
        ("Findings of Safeguarding Adults Reviews concluded in the year", ["effectiveness"]),
        ("Reviews in progress and what has been done about findings", ["planning"]),
        ("Decisions not to implement a review's findings, with reasons", ["little_progress"]),
        ("Partner contributions and spend", ["budget"]),
        ("Making Safeguarding Personal: the voice of adults", ["engagement"]),
    ]),
}


def board_kind(board):
    """The board's kind (a ``Board.Kind``); a board not yet saved counts as an LSCB."""
    return Kind(board.kind) if board is not None and board.kind in Kind.values else Kind.LSCB


def words_for(board_or_kind):
    """The :class:`Words` for a board (or a kind). ``None`` gives the LSCB's."""
    kind = board_or_kind if isinstance(board_or_kind, str) else board_kind(board_or_kind)
    return WORDS.get(kind, WORDS[Kind.LSCB])


def checklist_for(board):
    """(title, [(what the guidance asks, [section keys])]) for the board's kind."""
    return CHECKLISTS[words_for(board).checklist]


def is_partnership(board):
    return board_kind(board) == Kind.SCP


def partners_of(board):
    """The partnership's safeguarding partners, lead first (``SafeguardingPartner`` rows
    with their agency): one signatory each on the yearly report. Empty for a board that has
    none (an LSCB signs with its chair)."""
    return list(SafeguardingPartner.objects.filter(board=board).select_related("agency")
                .order_by("-is_lead", "agency__name"))
