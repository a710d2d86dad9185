"""Who signs the annual report off: one signatory per safeguarding partner (lead first) for a
partnership, the independent chair for an LSCB or an adults board. The manager may add,
rename or remove signatories; "add the partners" adds only the partners not there yet.

A partnership's yearly report is agreed by its safeguarding partners, so it cannot be
approved until every partner's signatory has signed off (:func:`partners_not_signed`)."""

from django.db import transaction

from lscb.vocabulary import is_partnership, partners_of, words_for


class PartnersNotSigned(Exception):
    """Approval refused: some safeguarding partners have not signed the report off."""


def partner_signatory(partner):
    """(name, role) for a partner: its named lead and its agency, e.g. "Chief Constable",
    "Westmarch Police"."""
    agency = partner.agency.name
    role = f"{agency} (lead safeguarding partner)" if partner.is_lead else agency
    return (partner.lead_name or agency), (role if partner.lead_name else (
        "Lead safeguarding partner" if partner.is_lead else "Safeguarding partner"))


@transaction.atomic
def add_partner_signatories(report):
    """Add a signatory for every partner of the report's board that has none yet (matched by
    agency), after the report's own, lead first. Returns the signatories added."""
    have = set(report.signatories.exclude(agency=None).values_list("agency_id", flat=True))
    last = report.signatories.order_by("-order").values_list("order", flat=True).first()
    order = -1 if last is None else last
    added = []
    for partner in partners_of(report.board):
        if partner.agency_id in have:
            continue
        order += 1
        name, role = partner_signatory(partner)
        added.append(report.signatories.create(name=name, role=role, agency=partner.agency,
                                               order=order))
    return added


def first_signatories(report):
    """The signatories a new report starts with: the partners for a partnership, otherwise
    the board's independent chair if it records one."""
    board = report.board
    if is_partnership(board):
        return add_partner_signatories(report)
    chair = board.independent_chair
    if chair is None or report.signatories.exists():
        return []
    return [report.signatories.create(
        name=chair.name, role=chair.job_title or words_for(board).chair,
        agency=chair.agency, order=0)]


def partners_not_signed(report):
    """The partners (agency names) whose signatory has not signed off, or who have no
    signatory on the report. Empty for a board that is not a partnership."""
    if not is_partnership(report.board):
        return []
    signed = {s.agency_id for s in report.signatories.all() if s.agency_id and s.signed_on}
    return [p.agency.name for p in partners_of(report.board) if p.agency_id not in signed]


def check_partners_signed(report):
    missing = partners_not_signed(report)
    if missing:
        raise PartnersNotSigned(
            f"A {words_for(report.board).body}'s {words_for(report.board).report.lower()} is "
            f"agreed by its safeguarding partners: {', '.join(missing)} "
            f"{'has' if len(missing) == 1 else 'have'} not signed it off yet. Record each "
            "partner's sign-off date, then approve.")
