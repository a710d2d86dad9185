"""Section 11 audit: standards, rounds, each agency's return, the summary grid."""

from reporting.models import Section11Rating, Section11Return, Section11Standard

DEFAULT_STANDARDS = [
    ("Leadership", "Senior management commitment to the importance of safeguarding and "
                   "promoting children's welfare."),
    ("Commitment", "A clear statement of the agency's responsibilities towards children, "
                   "available to all staff."),
    ("Accountability and governance", "A clear line of accountability for the commissioning "
                                      "and provision of services designed to safeguard children."),
    ("Service development", "Service development takes account of the need to safeguard and "
                            "promote welfare and is informed by the views of children and families."),
    ("Training", "Staff training on safeguarding and promoting the welfare of children for all "
                 "staff working with or in contact with children and families."),
    ("Supervision", "Effective supervision and reflective practice for staff working with children."),
    ("Safe recruitment", "Safer recruitment, vetting procedures and managing allegations."),
    ("Inter-agency working", "Effective inter-agency working to safeguard and promote the "
                             "welfare of children."),
    ("Information sharing", "Information sharing in line with statutory guidance."),
]


def ensure_standards(board):
    """Create the nine usual standards for a board that has none yet (they stay editable)."""
    if not Section11Standard.objects.filter(board=board).exists():
        Section11Standard.objects.bulk_create([
            Section11Standard(board=board, number=n, title=title, minimum_requirements=text)
            for n, (title, text) in enumerate(DEFAULT_STANDARDS, start=1)
        ])
    return list(Section11Standard.objects.filter(board=board))


def summary_grid(round_):
    """(standards, [(agency, return, [rating or None per standard])]) in three queries."""
    standards = list(Section11Standard.objects.filter(board=round_.board))
    returns = list(Section11Return.objects.filter(round=round_).select_related("agency"))
    ratings = {}
    for rating in Section11Rating.objects.filter(section11_return__round=round_):
        ratings[(rating.section11_return_id, rating.standard_id)] = rating
    rows = [(r.agency, r, [ratings.get((r.pk, s.pk)) for s in standards]) for r in returns]
    counts = {"green": 0, "amber": 0, "red": 0}
    for _, _, cells in rows:
        for cell in cells:
            if cell:
                counts[cell.rating] += 1
    return standards, rows, counts
