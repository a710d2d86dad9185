"""Section 11 audit: standards, rounds, each agency's return, the summary grid, and the
cycle an agency's representative runs: a round opens → the agency's draft starts from its
previous answers and evidence → it submits → the business manager rates each standard (QA)
→ amber and red standards carry an action plan into the next round, where the agency says
how it went."""

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from actions.models import Action
from lscb.models import Agency, BoardUser, Challenge, Role
from reporting.models import (
    Section11Evidence,
    Section11Rating,
    Section11Return,
    Section11Round,
    Section11Standard,
)

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
    returns = list(Section11Return.objects.filter(
        round=round_, status=Section11Return.Status.SUBMITTED).select_related("agency"))
    ratings = {}
    for rating in Section11Rating.objects.filter(section11_return__round=round_):
        ratings[(rating.section11_return_id, rating.standard_id)] = rating
    rows = [(r.agency, r, [ratings.get((r.pk, s.pk)) for s in standards]) for r in returns]
    counts = {"green": 0, "amber": 0, "red": 0}
    for _, _, cells in rows:
        for cell in cells:
            if cell and cell.settled_rating in counts:
                counts[cell.settled_rating] += 1
    return standards, rows, counts


class Status:
    NOT_STARTED = "not started"
    DRAFT = "draft"
    SUBMITTED = "submitted"


def previous_return(round_, agency):
    """The agency's latest return in an earlier round of the same board."""
    return (Section11Return.objects.filter(agency=agency, round__board=round_.board)
            .exclude(round=round_).filter(round__year__lte=round_.year)
            .select_related("round").order_by("-round__year", "-round__pk").first())


@transaction.atomic
def start_return(round_, agency):
    """The agency's return in this round; a new one is a draft that starts from the agency's
    previous answers, evidence text and files (stored once, named by both rounds), with the
    previous round's action plans shown for the agency to say how they went."""
    existing = Section11Return.objects.filter(round=round_, agency=agency).first()
    if existing is not None:
        return existing
    previous = previous_return(round_, agency)
    ret = Section11Return.objects.create(round=round_, agency=agency,
                                         status=Section11Return.Status.DRAFT,
                                         carried_from=previous)
    if previous is not None:
        ret.completed_by = previous.completed_by
        ret.save(update_fields=["completed_by"])
        Section11Rating.objects.bulk_create([
            Section11Rating(section11_return=ret, standard_id=old.standard_id,
                            evidence=old.evidence, rating=old.rating)
            for old in previous.ratings.all()])
        for old in previous.evidence_files.all():
            Section11Evidence.objects.create(
                section11_return=ret, standard_id=old.standard_id, file=old.file.name,
                original_name=old.original_name, uploaded_on=old.uploaded_on,
                uploaded_by=old.uploaded_by)
    return ret


def carried_plans(ret):
    """{standard id: the previous round's rating with an action plan}, for the new round."""
    if ret is None or ret.carried_from_id is None:
        return {}
    return {r.standard_id: r for r in ret.carried_from.ratings.all() if r.has_plan}


def submission_problems(ret, standards):
    """What stops a return being submitted: a standard not rated, an amber or red standard
    without an action plan."""
    ratings = {r.standard_id: r for r in ret.ratings.all()}
    problems = []
    for s in standards:
        rating = ratings.get(s.pk)
        if rating is None or not rating.rating:
            problems.append(f"Standard {s.number} ({s.title}) is not rated.")
        elif rating.needs_plan and not rating.has_plan:
            problems.append(f"Standard {s.number} ({s.title}) is rated "
                            f"{rating.get_rating_display().split(' ')[0].lower()}: "
                            "say what the agency will do about it.")
    return problems


def managers_of(board):
    return [m.user for m in BoardUser.objects.filter(board=board, role=Role.MANAGER)
            .select_related("user") if m.user.email]


def tell_managers(board, subject, body):
    """E-mail the board's business managers (those with an address)."""
    addresses = [u.email for u in managers_of(board)]
    if addresses:
        send_mail(f"{board.short_name}: {subject}", body, settings.DEFAULT_FROM_EMAIL,
                  addresses, fail_silently=True)


def submit(ret, today=None):
    ret.status = Section11Return.Status.SUBMITTED
    ret.submitted_on = today or timezone.localdate()
    ret.save(update_fields=["status", "submitted_on", "updated_at"])
    late = " (late)" if ret.is_late else ""
    tell_managers(ret.round.board, f"Section 11 return from {ret.agency}{late}",
                  f"{ret.agency} has submitted its return for {ret.round}{late}, completed by "
                  f"{ret.completed_by or 'someone not named'}. It is ready for your quality "
                  "assurance.")


def round_status(round_, today=None):
    """Every agency of the board with its return's state in this round: not started, draft
    or submitted, late or not, and its representatives."""
    today = today or timezone.localdate()
    returns = {r.agency_id: r for r in Section11Return.objects.filter(round=round_)}
    for ret in returns.values():  # is_late reads the round: this one, not a query each
        ret.round = round_
    reps = {}
    for bu in BoardUser.objects.filter(board=round_.board, role=Role.AGENCY_REP).select_related(
            "user"):
        reps.setdefault(bu.agency_id, []).append(bu.user)
    rows = []
    for agency in Agency.objects.for_board(round_.board):
        ret = returns.get(agency.pk)
        if ret is None:
            state = Status.NOT_STARTED
        else:
            state = Status.SUBMITTED if ret.is_submitted else Status.DRAFT
        late = (ret.is_late if ret is not None else
                round_.closes_on is not None and today > round_.closes_on)
        rows.append({"agency": agency, "return": ret, "state": state, "late": late,
                     "reps": reps.get(agency.pk, [])})
    return rows


def remind_laggards(round_, today=None):
    """E-mail the representatives of every agency that has not submitted; returns how many
    e-mails went."""
    sent = 0
    for row in round_status(round_, today):
        if row["state"] == Status.SUBMITTED:
            continue
        closes = (f"by {round_.closes_on:%d %B %Y}" if round_.closes_on else "soon")
        if row["late"]:
            closes = f"it was due on {round_.closes_on:%d %B %Y}"
        for user in row["reps"]:
            if user.email:
                send_mail(f"{round_.board.short_name}: your Section 11 return for {round_}",
                          f"Dear {user.get_full_name() or user.get_username()},\n\n"
                          f"{row['agency']}'s return for {round_} is {row['state']}: please "
                          f"complete and submit it, {closes}. Sign in to the planner and open "
                          "Section 11.\n", settings.DEFAULT_FROM_EMAIL, [user.email],
                          fail_silently=True)
                sent += 1
    return sent


def agency_work(board, agency, today=None):
    """What an agency's representative has to do: its return in each round opened and not
    yet submitted, the challenges to it still open, and the actions it leads."""
    today = today or timezone.localdate()
    returns = {r.round_id: r for r in Section11Return.objects.filter(agency=agency)}
    rounds = []
    for round_ in Section11Round.objects.for_board(board):
        ret = returns.get(round_.pk)
        opened = round_.opened_on is None or round_.opened_on <= today
        if opened and (ret is None or not ret.is_submitted):
            rounds.append((round_, ret))
    return {
        "agency": agency, "rounds": rounds,
        "challenges": list(Challenge.objects.for_board(board).filter(
            agency=agency, status=Challenge.Status.OPEN)),
        "actions": list(Action.objects.for_board(board).active().visible_to(False)
                        .filter(lead_agency=agency).select_related("plan")),
    }

