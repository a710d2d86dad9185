"""The Cumbria demo board, loaded by ``manage.py load_demo``.

Everything about the board comes from ``demo/cumbria.json``, a transcription
of the Cumbria LSCB Business Plan 2015-18 with every person's name invented. On
top of it the command adds an invented progress history (each narrative starts
"[Demo data] ") and the demo sign-ins. Running it again changes nothing that is
already right: records are matched on their natural keys and saved only when a
field differs, and progress updates (append-only) are only added to actions that
have none.
"""

import datetime
import json
import random
from decimal import Decimal
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from actions.models import Action, ProgressUpdate
from actions.services import complete_action
from actions.yearend import COMPLETE, DROP, KEEP, Decision, open_actions, year_end
from lscb.fiscal import month_end
from lscb.fiscal.due import DuePrecision
from lscb.models import Agency, Board, BoardUser, Challenge, Member, Role
from lscb.rag import RAG
from plans.models import BusinessPlan, Indicator, IndicatorValue, Recommendation, Risk, Source, Theme
from reporting.annual.services import little_progress_text, start_report
from reporting.models import (
    ReportingItem,
    Section11Rating,
    Section11Return,
    Section11Round,
)
from reporting.section11.services import ensure_standards
from subgroups.models import Attendance, GroupMembership, Meeting, Subgroup, SubgroupFunction

DATA = Path(__file__).with_name("cumbria.json")
DEFAULT_PASSWORD = "demo-password-2015"
MIN_PASSWORD_LENGTH = 12
DEMO = "[Demo data] "

# The demo's year-end: the 2016-17 plan takes over the actions still open.
SECOND_YEAR_END = datetime.date(2016, 3, 31)

# The four quarterly review points of 2015/16 at which demo updates are posted.
UPDATE_DATES = [
    datetime.date(2015, 6, 20),
    datetime.date(2015, 9, 18),
    datetime.date(2015, 12, 15),
    datetime.date(2016, 3, 18),
]
NARRATIVES = {
    RAG.GREEN: [
        "On track: work is progressing to plan and was reported to {who} this quarter.",
        "Good progress: a draft has been shared with partners for comment; next steps agreed.",
        "On track: the task group has met and the timetable to the due date is agreed.",
    ],
    RAG.AMBER: [
        "Slipping: the lead officer post was vacant for part of the quarter; {who} has "
        "agreed a revised timetable.",
        "Slipping: partner returns came in late, so the work will run into next quarter. "
        "The chair has written to the agencies concerned.",
        "Slipping: work paused during the inspection follow-up; back in hand with a new date.",
    ],
    RAG.RED: [
        "Off track: no lead has been identified yet. {who} asks the Business Group to agree one.",
        "Off track: the funding needed for this work has not been confirmed; escalated to the board.",
    ],
    RAG.COMPLETE: [
        "Complete: signed off by {who} and reported to the board.",
        "Complete: the new arrangements are in place and have been shared with practitioners.",
    ],
}
NEXT_RAG = {  # how a demo rating moves from one quarter to the next, with weights
    RAG.GREEN: ([RAG.GREEN, RAG.AMBER, RAG.COMPLETE], [6, 2, 2]),
    RAG.AMBER: ([RAG.GREEN, RAG.AMBER, RAG.RED], [4, 3, 3]),
    RAG.RED: ([RAG.AMBER, RAG.RED, RAG.GREEN], [5, 3, 2]),
}
USERS = [  # username, first name, last name, role on the board
    ("manager", "Morgan", "Business-Manager", Role.MANAGER),
    ("chair", "Casey", "Subgroup-Chair", Role.CHAIR),
    ("viewer", "Vic", "Board-Member", Role.VIEWER),
]
CHAIR_LEADS = "learning-and-improvement"
INDICATORS = [  # name, unit, polarity, target, previous year end, 2015/16 Q1-Q4 (invented)
    ("Re-referrals to children's social care within 12 months", "%", "lower", 20, 24,
     [23, 22, 21, 19]),
    ("Child protection plans lasting 2 years or more", "%", "lower", 5, 6.5, [6, 5.5, 4.8, 4.2]),
    ("Initial child protection conferences within 15 days", "%", "higher", 85, 71,
     [74, 79, 83, 88]),
    ("Practitioners trained in multi-agency Level 3", "number", "higher", 600, 540,
     [120, 260, 410, 575]),
]
BOARD_MEETINGS = [datetime.date(2015, 6, 25), datetime.date(2015, 9, 24),
                  datetime.date(2015, 12, 10), datetime.date(2016, 3, 17)]
RISKS = [  # theme, ref, description, inherent L, I, residual L, I, current controls (invented)
    ("Governance", "R1", "Partners do not attend or engage with the board and its groups",
     4, 4, 3, 3, "Attendance reported quarterly; chair follows up absences"),
    ("Governance", "R2", "Board funding is not agreed for 2016/17", 3, 5, 2, 4,
     "Funding formula agreed by the Business Group"),
    ("Practice", "R3", "Learning from case reviews does not change practice", 4, 4, 3, 4,
     "SMART action plans monitored by the Business Group"),
    ("Practice", "R4", "Thresholds are applied inconsistently across agencies", 4, 3, 2, 3,
     "Threshold guidance relaunched; multi-agency audits"),
]


def _date(text):
    return datetime.date.fromisoformat(text) if text else None


class Loader:
    def __init__(self, data, password):
        self.data = data
        self.password = password
        self.created = {}

    # -- helpers ---------------------------------------------------------------------------
    def sync(self, model, lookup, values=None, *, on_change=None):
        """Get or create by ``lookup``; save ``values`` only when one of them differs.

        Saving only on a real change keeps a second run from writing history rows.
        """
        values = values or {}
        obj = model.objects.filter(**lookup).first()
        if obj is None:
            obj = model.objects.create(**lookup, **values)
            self.created[model.__name__] = self.created.get(model.__name__, 0) + 1
            return obj
        changed = [name for name, value in values.items() if getattr(obj, name) != value]
        if changed:
            if on_change:
                on_change(obj)
            for name in changed:
                setattr(obj, name, values[name])
            obj.save()
        return obj

    # -- the board ------------------------------------------------------------------------
    def run(self):
        self.board = self.load_board()
        self.members = self.load_people()
        self.groups = self.load_groups()
        self.plan, self.themes = self.load_plan()
        self.recommendations = self.load_sources()
        self.actions = self.load_actions()
        self.items = self.load_planner()
        self.users = self.load_users()
        self.updates_added = self.load_history()
        self.load_registers()
        self.load_meetings()
        self.load_section11()
        self.load_challenges()
        self.load_annual_report()
        self.load_commentary()
        self.second_year = self.load_second_year()

    def load_board(self):
        fields = ["name", "short_name", "kind", "area", "introduction", "vision", "vision_note",
                  "statutory_objectives", "core_functions", "review_months", "protective_marking"]
        item = self.data["board"]
        return self.sync(Board, {"slug": item["slug"]}, {f: item[f] for f in fields})

    def load_people(self):
        agencies = {}
        for item in self.data["agencies"]:
            agencies[item["name"]] = self.sync(
                Agency, {"board": self.board, "name": item["name"]},
                {"short_name": item["short_name"], "sector": item["sector"],
                 "is_statutory_partner": item["is_statutory_partner"]})
        members = {}
        for order, item in enumerate(self.data["members"], start=1):
            agency = agencies[item["agency"]]
            members[item["key"]] = self.sync(
                Member, {"board": self.board, "agency": agency, "job_title": item["job_title"],
                         "name": item["name"]},
                {"board_role": item["board_role"], "note": item["note"], "order": order})
        chair = next(members[m["key"]] for m in self.data["members"] if m["board_role"] == "chair")
        self.sync(Board, {"pk": self.board.pk}, {"independent_chair": chair})
        return members

    def load_groups(self):
        groups = {}
        for order, item in enumerate(self.data["subgroups"], start=1):
            group = self.sync(Subgroup, {"board": self.board, "slug": item["slug"]}, {
                "name": item["name"], "short_name": item["short_name"], "kind": item["kind"],
                "aliases": "\n".join(item["aliases"]), "description": item["description"],
                "chair": self.members.get(item["chair"]),
                "vice_chair": self.members.get(item["vice_chair"]), "order": order,
            })
            for number, text in enumerate(item["functions"], start=1):
                self.sync(SubgroupFunction, {"subgroup": group, "number": number}, {"text": text})
            group.functions.filter(number__gt=len(item["functions"])).delete()
            groups[item["slug"]] = group
        for item in self.data["subgroups"]:  # parents once every group exists
            parent = groups[item["accountable_to"]] if item["accountable_to"] else None
            self.sync(Subgroup, {"pk": groups[item["slug"]].pk}, {"accountable_to": parent})
            groups[item["slug"]].refresh_from_db()
        for item in self.data["memberships"]:
            self.sync(GroupMembership, {"subgroup": groups[item["subgroup"]],
                                        "member": self.members[item["member"]],
                                        "start_date": None}, {"role": item["role"]})
        return groups

    def load_plan(self):
        item = self.data["plan"]
        fields = ["title", "start_year", "end_year", "status", "review_note",
                  "introduction", "planning_process"]
        values = {f: item[f] for f in fields}
        values["approved_on"] = _date(item["approved_on"])
        first = BusinessPlan.objects.filter(board=self.board, slug=item["slug"]).first()
        if first is not None and first.next_plans.exists():
            del values["status"]  # archived by the demo's year-end: the second year is live
        elif values["status"] == BusinessPlan.Status.LIVE:  # one live plan: the demo's own
            BusinessPlan.objects.for_board(self.board).live().exclude(slug=item["slug"]).update(
                status=BusinessPlan.Status.ARCHIVED)
        plan = self.sync(BusinessPlan, {"board": self.board, "slug": item["slug"]}, values)
        themes = {}
        for theme in self.data["themes"]:
            themes[theme["number"]] = self.sync(
                Theme, {"board": self.board, "plan": plan, "number": theme["number"]},
                {"title": theme["title"], "description": theme.get("description", "")})
        return plan, themes

    def load_sources(self):
        recommendations = {}
        for item in self.data["sources"]:
            source = self.sync(Source, {"board": self.board, "title": item["title"]}, {
                "kind": item["kind"], "date": _date(item["date"]), "summary": item["summary"]})
            for rec in item["recommendations"]:
                recommendation = self.sync(Recommendation,
                                           {"source": source, "number": rec["number"]},
                                           {"text": rec["text"]})
                recommendations[f"{item['key']}:{rec['number']}"] = recommendation
            if len(item["recommendations"]) == 1:  # "child-j-scr" names its only one
                recommendations[item["key"]] = recommendation
        return recommendations

    def load_actions(self):
        actions = []
        for item in self.data["actions"]:
            due = _date(item["due_date"])
            if due and item["due_precision"] == DuePrecision.MONTH:
                due = month_end(due.year, due.month)  # what Action.save stores
            action = self.sync(
                Action, {"board": self.board, "plan": self.plan, "reference": item["reference"]},
                {"theme": self.themes[item["theme"]], "description": item["description"],
                 "outcome": item["outcome"], "source": item["source"],
                 "lead_role": item["lead_role"], "due_date": due,
                 "due_precision": item["due_precision"], "due_text": item["due_text"]},
                on_change=self.bump_version)
            action.owners.set([self.groups[slug] for slug in item["owners"]])
            action.recommendations.set([self.recommendations[key]
                                        for key in item["recommendations"]])
            actions.append(action)
        return actions

    @staticmethod
    def bump_version(action):
        """An edit by the loader counts as an edit (so open edit forms see the conflict)."""
        Action.objects.filter(pk=action.pk).update(version=F("version") + 1)
        action.version = Action.objects.get(pk=action.pk).version

    def load_planner(self):
        items = []
        for order, item in enumerate(self.data["reporting_items"], start=1):
            items.append(self.sync(ReportingItem, {"board": self.board, "title": item["title"]}, {
                "responsible_group": self.groups.get(item["responsible_group"]),
                "subgroup_activity": item["subgroup_activity"], "purpose": item["purpose"],
                "recipient": item["recipient"],
                "recipient_group": self.groups.get(item["recipient_group"]),
                "frequency": item["frequency"], "months": item["months"],
                "when_text": item["when_text"], "order": order,
            }))
        return items

    # -- demo users and history -------------------------------------------------------------
    def load_users(self):
        User = get_user_model()
        users = {}
        for username, first, last, role in USERS:
            user = self.sync(User, {"username": username}, {
                "first_name": first, "last_name": last, "email": f"{username}@demo.invalid",
                "is_active": True})
            user.set_password(self.password)
            user.save()
            self.sync(BoardUser, {"board": self.board, "user": user}, {"role": role})
            users[username] = user
        self.groups[CHAIR_LEADS].leads.add(users["chair"])
        admin = self.sync(User, {"username": "admin"}, {
            "first_name": "Demo", "last_name": "Administrator", "email": "admin@demo.invalid",
            "is_staff": True, "is_superuser": True, "is_active": True})
        admin.set_password(self.password)
        admin.save()
        users["admin"] = admin
        return users

    def demo_history(self, action, rng):
        """The invented updates of one action: [(date, rag)], possibly empty (not started)."""
        if rng.random() < 0.1:
            return []
        start = rng.choice([0, 0, 0, 1, 1, 2])
        rag, history = RAG.GREEN, []
        for index in range(start, len(UPDATE_DATES)):
            day = UPDATE_DATES[index]
            if history and rng.random() < 0.2:
                continue  # no update this quarter
            if not history:
                rag = rng.choices([RAG.GREEN, RAG.AMBER, RAG.RED], [6, 3, 1])[0]
            elif action.due_date and action.due_date <= day and rng.random() < 0.6:
                rag = RAG.COMPLETE
            else:
                choices, weights = NEXT_RAG[rag]
                rag = rng.choices(choices, weights)[0]
            history.append((day, rag))
            if rag == RAG.COMPLETE:
                break
        return history

    def load_history(self):
        rng = random.Random(2015)
        added = 0
        for action in self.actions:
            # Draw for every action, so each action's demo history is the same on every run.
            history = self.demo_history(action, rng)
            texts = [rng.choice(NARRATIVES[rag]) for _, rag in history]
            if action.updates.exists():
                continue  # updates are append-only: never add a second demo history
            who = action.owner_label or "the Business Group"
            author = (self.users["chair"] if self.groups[CHAIR_LEADS] in action.owners.all()
                      else self.users["manager"])
            for (day, rag), text in zip(history, texts, strict=True):
                ProgressUpdate.objects.create(
                    action=action, date=day, rag=rag, narrative=DEMO + text.format(who=who),
                    author=author, created_at=timezone.make_aware(
                        datetime.datetime.combine(day, datetime.time(10, 0))))
                added += 1
            if history and history[-1][1] == RAG.COMPLETE and action.completed_on is None:
                complete_action(action, history[-1][0], {
                    "impact_statement": DEMO + "Invented impact for the demonstration: "
                                               "practitioners report the change in the latest "
                                               "staff survey.",
                    "impact_evidence": DEMO + "Staff survey and subgroup minutes (invented).",
                })
        return added

    # -- the second plan year ---------------------------------------------------------------
    def load_second_year(self):
        """The 2015/16 year-end, run through the year-end service as a business manager
        would: green actions already due are completed, not-started ones already due are
        dropped, the rest carried into the Business Plan 2016-17 with new due dates. The
        new plan goes live and the first is archived (its papers are still there)."""
        existing = BusinessPlan.objects.filter(board=self.board, previous_plan=self.plan).first()
        if existing is not None or not self.plan.is_live:
            return existing
        year_end_on = SECOND_YEAR_END
        first, last = datetime.date(2016, 4, 1), datetime.date(2017, 3, 31)
        decisions = {}
        for action in open_actions(self.plan):
            due = action.due_date
            if due and due <= year_end_on and action.rag == RAG.GREEN:
                decisions[action.pk] = Decision(COMPLETE, impact_statement=DEMO + (
                    "Invented impact for the demonstration: recorded at the 2015/16 year-end."),
                    narrative=DEMO + "Completed at the 2015/16 year-end.")
            elif due and due <= year_end_on and action.rag == RAG.NOT_STARTED:
                decisions[action.pk] = Decision(DROP, reason=DEMO + (
                    "Overtaken by the 2016/17 priorities agreed at the March 2016 Board."))
            else:
                if due is not None:
                    urgent = action.rag in (RAG.RED, RAG.AMBER)
                    due = (datetime.date(2016, 9, 30) if urgent else datetime.date(2016, 12, 31)
                           ) if due < first else min(due, last)
                decisions[action.pk] = Decision(KEEP, due_date=due)
        return year_end(self.plan, decisions, user=self.users["manager"],
                        title="Business Plan 2016-17", start_year=2016, end_year=2016,
                        on=year_end_on, approved_by="LSCB Board meeting, 17 March 2016").target

    # -- invented registers ---------------------------------------------------------------
    def load_registers(self):
        """A few invented indicators and risks, so those pages and papers have content."""
        for order, (name, unit, polarity, target, eoy, values) in enumerate(INDICATORS, start=1):
            indicator = self.sync(Indicator, {"board": self.board, "name": name}, {
                "unit": unit, "polarity": polarity, "target": Decimal(str(target)),
                "previous_year_end": Decimal(str(eoy)), "order": order,
                "description": DEMO + "invented figures for the demonstration board."})
            for quarter, value in enumerate(values, start=1):
                self.sync(IndicatorValue, {"indicator": indicator, "year": 2015, "quarter": quarter},
                          {"value": Decimal(str(value))})
        for theme, ref, description, il, ii, rl, ri, controls in RISKS:
            self.sync(Risk, {"board": self.board, "reference": ref}, {
                "theme": theme, "description": DEMO + description, "inherent_likelihood": il,
                "inherent_impact": ii, "residual_likelihood": rl, "residual_impact": ri,
                "current_controls": controls, "by_whom": "LSCB Senior Manager",
                "review_date": datetime.date(2016, 6, 30)})

    def load_commentary(self):
        """The business manager's commentary on Q3 2015/16 (demo words)."""
        from reporting.models import QuarterCommentary

        self.sync(QuarterCommentary, {"plan": self.plan, "year": 2015, "quarter": 3}, {
            "board": self.board,
            "summary": (f"{DEMO}Most of the plan is on track: 13 actions are complete and 18 "
                        "green. Four are red, mainly where the lead officer post was vacant; "
                        "ten are past their due date and need new dates agreed."),
            "asks": ("Note the position of the 48 actions at the end of Q3 2015/16\n"
                     "Agree revised dates for the four red actions\n"
                     "Seek assurance from the subgroup chairs on the overdue actions")})

    def load_annual_report(self):
        """A drafted 2015/16 annual report: the sections written from the seed's content and
        the demo data (labelled demo), one left unwritten to show the draft's to-do list."""
        report = start_report(self.board, 2015)
        if report.is_frozen:
            return
        board = self.board
        texts = {
            "foreword": (f"{DEMO}This is the annual report of {board.name} for 2015/16, drafted "
                         "for the demonstration from the board's Business Plan 2015-18.\n\n"
                         f"{board.vision}"),
            "board": f"{DEMO}{board.introduction}\n\n**Our core functions**\n\n{board.core_functions}",
            "planning": (f"{DEMO}The board's Business Plan 2015-18 has {len(self.actions)} actions "
                         f"under {len(self.themes)} themes. The Business Group monitors it each "
                         "quarter from the subgroups' RAG-rated updates."),
            "effectiveness": (f"{DEMO}The board tested the effectiveness of local services through "
                              "its Section 11 audit, multi-agency audits and the challenge log "
                              "(see the appendices)."),
            "little_progress": little_progress_text(board, 2015),
            "priorities": (f"{DEMO}For 2016/17 the board will carry forward the open actions "
                           "of the plan's themes, with most attention on the red and amber "
                           "actions listed above."),
        }
        for section in report.sections.all():
            if section.key in texts and not section.body.strip():
                section.body = texts[section.key]
                section.save(update_fields=["body"])
        if not report.signatories.exists():
            report.signatories.create(name=f"{DEMO}Independent LSCB Chair",
                                      role="Independent Chair, Cumbria LSCB", order=1)
            report.signatories.create(name=f"{DEMO}Director of Children's Services",
                                      role="Cumbria County Council", order=2)
        if not report.budget_lines.exists():
            for order, (kind, label, amount) in enumerate([
                    ("income", "Cumbria County Council", "152757"), ("income", "Police", "25000"),
                    ("income", "Clinical Commissioning Group", "40500"),
                    ("expenditure", "Staffing", "168240.50"),
                    ("expenditure", "Training programme", "31000")]):
                report.budget_lines.create(kind=kind, label=f"{DEMO}{label}",
                                           amount=Decimal(amount), order=order)

    def load_meetings(self):
        """Four board meetings in 2015/16 with an invented, repeatable register."""
        rng = random.Random(1516)
        expected = [m for m in self.members.values()
                    if m.board_role != Member.BoardRole.NONE and m.name != "Vacant (TBC)"]
        for day in BOARD_MEETINGS:
            meeting = self.sync(Meeting, {"board": self.board, "subgroup": None, "date": day},
                                {"title": f"{self.board.short_name} board meeting",
                                 "notes": DEMO + "invented register for the demonstration."})
            for member in sorted(expected, key=lambda m: m.pk):
                status = rng.choices(["present", "deputy", "apologies", "absent"], [14, 2, 3, 1])[0]
                self.sync(Attendance, {"meeting": meeting, "member": member},
                          {"status": status,
                           "deputy_name": "Deputy (invented)" if status == "deputy" else ""})

    def load_section11(self):
        """The nine usual standards and a 2015/16 round with two invented returns."""
        standards = ensure_standards(self.board)
        round_ = self.sync(Section11Round, {"board": self.board, "title": "Section 11 audit 2015/16"},
                           {"year": 2015, "opened_on": datetime.date(2015, 10, 1),
                            "closes_on": datetime.date(2016, 1, 31)})
        rng = random.Random(11)
        agencies = [a for a in Agency.objects.filter(board=self.board).order_by("name")
                    if a.is_statutory_partner][:2]
        for agency in agencies:
            s11 = self.sync(Section11Return, {"round": round_, "agency": agency},
                            {"submitted_on": datetime.date(2016, 1, 15)})
            for standard in standards:
                rating = rng.choices(["green", "amber", "red"], [6, 3, 1])[0]
                self.sync(Section11Rating, {"section11_return": s11, "standard": standard}, {
                    "rating": rating,
                    "evidence": DEMO + f"Invented evidence against “{standard.title}”.",
                    "qa_comment": DEMO + ("Meets the standard." if rating == "green"
                                          else "Action plan requested by the QA subgroup.")})

    def load_challenges(self):
        agencies = list(Agency.objects.filter(board=self.board, is_statutory_partner=True)
                        .order_by("name")[:2])
        items = [
            (datetime.date(2015, 9, 24), "Attendance at the CSE/Missing from Home Subgroup has fallen "
             "below half of its members this year.", datetime.date(2015, 11, 30), "resolved",
             "A named deputy now attends; attendance back above 80%."),
            (datetime.date(2016, 3, 17), "Section 11 return shows supervision records incomplete.",
             datetime.date(2016, 5, 31), "open", ""),
        ]
        for agency, (raised, issue, due, status, outcome) in zip(agencies, items, strict=False):
            self.sync(Challenge, {"board": self.board, "agency": agency, "raised_on": raised},
                      {"raised_by": "Independent Chair", "issue": DEMO + issue, "response_due": due,
                       "status": status, "outcome": outcome})


def load(password):
    """Load (or refresh) the demo board in one transaction; returns the Loader."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValueError(f"The password must be at least {MIN_PASSWORD_LENGTH} characters.")
    loader = Loader(json.loads(DATA.read_text(encoding="utf-8")), password)
    with transaction.atomic():
        loader.run()
    return loader
