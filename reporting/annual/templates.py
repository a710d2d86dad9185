"""Annual report templates: the sections a report starts with, in order. Each is
(key, heading, generated-from). The manager then adds, removes, renames and reorders.

``lscb``: the ~20 sections published LSCB annual reports carry (Working Together 2015,
chapter 3: effectiveness, lessons from reviews, training, priority groups, the voice
of children, learning from last year's report, equality).
``partnership``: the yearly report of safeguarding partners (Working Together 2018/2023):
the arrangements, independent scrutiny, child safeguarding practice reviews, evidence
of impact, funding."""

from dataclasses import dataclass

from lscb.models import Board
from lscb.vocabulary import board_kind

G = "attendance budget indicators plan_progress case_reviews section11 challenges training"
(ATTENDANCE, BUDGET, INDICATORS, PLAN_PROGRESS, CASE_REVIEWS, SECTION_11, CHALLENGES,
 TRAINING) = G.split()


@dataclass(frozen=True)
class Template:
    key: str
    name: str
    sections: tuple


LSCB = Template("lscb", "LSCB annual report (23 sections)", (
    ("foreword", "Foreword", ""),
    ("board", "The board and its structure", ""),
    ("governance", "Governance and accountability", ""),
    ("local_context", "Local context: the children of the area", ""),
    ("learning_previous", "Learning from last year's report", ""),
    ("planning", "The business planning cycle", ""),
    ("plan_progress", "Progress against our priorities", PLAN_PROGRESS),
    ("effectiveness", "Effectiveness of local services and challenge", ""),
    ("case_reviews", "Serious case reviews and learning reviews", CASE_REVIEWS),
    ("child_deaths", "Child death reviews", ""),
    ("priority_groups", "Children in priority groups", ""),
    ("engagement", "Engagement with children and young people", ""),
    ("training", "Multi-agency training", TRAINING),
    ("section11", "Section 11 audits", SECTION_11),
    ("challenges", "Challenge and escalation", CHALLENGES),
    ("indicators", "Performance information", INDICATORS),
    ("attendance", "Attendance and partner engagement", ATTENDANCE),
    ("equality", "Equality and diversity", ""),
    ("budget", "Budget and partner contributions", BUDGET),
    ("little_progress", "Areas of little progress", ""),
    ("conclusions", "Conclusions", ""),
    ("priorities", "Priorities for next year", ""),
    ("next_steps", "How to get involved", ""),
))

PARTNERSHIP = Template("partnership", "Safeguarding partnership yearly report (14 sections)", (
    ("foreword", "Foreword from the safeguarding partners", ""),
    ("arrangements", "Our multi-agency safeguarding arrangements", ""),
    ("partners", "The safeguarding partners and relevant agencies", ""),
    ("independent_scrutiny", "Independent scrutiny", ""),
    ("plan_progress", "Progress against our priorities", PLAN_PROGRESS),
    ("impact", "Evidence of impact on children and families", ""),
    ("case_reviews", "Child safeguarding practice reviews", CASE_REVIEWS),
    ("training", "Learning and training", TRAINING),
    ("indicators", "Data and performance", INDICATORS),
    ("voice", "The voice of children and families", ""),
    ("education", "The role of education settings", ""),
    ("funding", "Funding", BUDGET),
    ("challenges", "Challenge", CHALLENGES),
    ("priorities", "Priorities for the year ahead", ""),
))

# An adults board (Care Act 2014) publishes the LSCB's annual report with its own words:
# the same sections (so the Care Act checklist finds them), headed for adults.
ADULT_HEADINGS = {
    "board": "The board and its structure (Care Act 2014, section 43)",
    "local_context": "Local context: the adults of the area",
    "case_reviews": "Safeguarding Adults Reviews",
    "child_deaths": "Learning from the deaths of adults with care and support needs",
    "priority_groups": "Adults in priority groups",
    "engagement": "Making Safeguarding Personal: the voice of adults and carers",
    "section11": "Partner self-assessment and assurance",
}
ADULTS = Template("adults", "Safeguarding adults board annual report (23 sections)", tuple(
    (key, ADULT_HEADINGS.get(key, title), generated) for key, title, generated in LSCB.sections))

# The eight sections every report had before templates: kept for reports started then.
CLASSIC = Template("classic", "The eight standard sections", (
    ("foreword", "", ""), ("board", "", ""), ("planning", "", ""), ("engagement", "", ""),
    ("effectiveness", "", ""), ("little_progress", "", ""), ("conclusions", "", ""),
    ("priorities", "", ""),
))

TEMPLATES = {t.key: t for t in (LSCB, PARTNERSHIP, ADULTS, CLASSIC)}


def default_template(board):
    """A partnership writes a yearly report; an adults board the LSCB's annual report in
    adults' words; an LSCB (or any other board) the LSCB's annual report."""
    kind = board_kind(board)
    if kind == Board.Kind.SCP:
        return PARTNERSHIP
    return ADULTS if kind == Board.Kind.SAB else LSCB
