"""The quarterly report and the annual report as Word documents, written with the
paper engine's ``Paper`` (``lscb.papers.docx``) from the same context as the HTML
preview and the PDF."""


from django.template.defaultfilters import floatformat
from django.utils.text import Truncator

from lscb.glossary import movement_word
from lscb.papers.docx import RAG_FILL, Paper, Rag, add_text, dash, day, shade_cell
from lscb.papers.figures import figure


def paper_marking(board, plan=None):
    return board.paper_marking(draft=bool(plan and plan.is_draft))


def action_line(paper, action, extra=(), more=True):
    """Reference, RAG (word on its colour), overdue flag, who and when: as the PDF."""
    p = paper.para(style="Action Line")
    p.add_run(action.reference).bold = True
    p.add_run(" ")
    paper.rag_run(p, action.rag)
    if getattr(action, "overdue_at_end", False):
        p.add_run(" ")
        paper.rag_run(p, "red", "Overdue")
    for item in extra:
        p.add_run(f" · {item}")
    p.add_run(f" · Who: {action.owner_label or '—'} · When: {action.due_label or '—'}")
    description = paper.para(action.description)
    description.paragraph_format.keep_with_next = more or None
    if action.measures:
        measures = paper.para(f"To evidence this we will measure: {action.measures}")
        measures.paragraph_format.keep_with_next = more or None


def action_update(paper, action, show):
    p = paper.para(style="Update")
    if show == "quarter":
        update = action.quarter_update
        if update:
            who = f", {update.author_name}" if update.author_name else ""
            p.add_run(f"Update {day(update.date)}{who}: ").bold = True
            add_text(p, update.narrative or "(no narrative)")
        else:
            p.add_run("No update this quarter.").italic = True
            if action.last_narrative:
                add_text(p, f" Last update {day(action.last_update_on)}: {action.last_narrative}")
    elif action.last_narrative:
        p.add_run(f"Latest update {day(action.last_update_on)}: ").bold = True
        add_text(p, action.last_narrative)
    else:
        p.add_run("No update recorded.").italic = True


def quarterly_document(context, snapshot=None):
    """The quarterly Business Plan monitoring report as .docx bytes."""
    board, plan, quarter = context["board"], context["plan"], context["quarter"]
    previous, following = context["previous"], context["following"]
    summary = context["summary"]
    paper = Paper(board.name, context["title"], f"{plan.title}, {quarter}",
                  marking=paper_marking(board, plan))
    note = None
    if snapshot is not None:
        note = (f"{quarter} was closed on {day(snapshot.closed_at, 'j F Y')}; the report as it "
                f"was frozen then is the PDF. This Word copy is worked out from the records as "
                f"they stand today, as at {day(quarter.end, 'j F Y')}.")
    paper.title_block([
        ("Plan", plan.title),
        ("Quarter", f"{quarter} ({quarter.months_label})"),
        ("For", "The Business Group"),
        ("Produced", day(context["produced_on"], "j F Y")),
    ], note=note)
    paper.contents()

    paper.heading("1. RAG summary by theme", new_page=True)
    paper.para(f"Position of the {summary['total']} actions of {plan.title} at the end of "
               f"{quarter} ({day(quarter.end, 'j F Y')}). Each action's rating is its latest "
               f"update on or before that date.")
    rags = [rag for rag, _ in summary["counts"]]
    headers = ["Theme", *[Rag(rag) for rag in rags], "Overdue", "Total"]
    numeric = range(1, len(headers))
    paper.table(
        [h.text if isinstance(h, Rag) else h for h in headers],
        [[str(s["theme"]), *[n for _, n in s["summary"]["counts"]], s["summary"]["overdue"],
          s["summary"]["total"]] for s in context["sections"]],
        totals=[["All themes", *[n for _, n in summary["counts"]], summary["overdue"],
                 summary["total"]]],
        widths=[5] + [1.6] * (len(headers) - 1), numeric=numeric,
        caption=f"Actions by RAG rating, {quarter}")
    # the RAG columns' headers carry their colour as well as their word
    table = paper.doc.tables[-1]
    for i, rag in enumerate(rags, start=1):
        shade_cell(table.rows[0].cells[i], RAG_FILL[str(rag)])

    paper.heading("2. Exceptions: red, amber and overdue", new_page=True)
    for action in context["exceptions"]:
        action_line(paper, action)
        action_update(paper, action, "latest")
    if not context["exceptions"]:
        paper.para(f"No action is red, amber or overdue at the end of {quarter}.")

    paper.heading(f"3. RAG movement since {previous}", new_page=True)
    if context["moves"]:
        paper.table(
            ["Ref", "Action", str(previous), str(quarter), "Movement"],
            [[a.reference, Truncator(a.description).words(18, truncate=" …"), Rag(a.prev_rag),
              Rag(a.rag), movement_word(a.movement)] for a in context["moves"]],
            widths=[1.2, 6, 1.8, 1.8, 1.8],
            caption=f"Actions whose rating changed between {day(previous.end)} and "
                    f"{day(quarter.end)}")
    else:
        paper.para(f"No rating changed since {previous}.")

    paper.heading("4. Progress by theme", new_page=True)
    for section in context["sections"]:
        paper.heading(str(section["theme"]), level=2)
        counts = " · ".join(f"{rag.label} {n}" for rag, n in section["summary"]["counts"])
        paper.para(f"{counts} · Overdue {section['summary']['overdue']}", italic=True)
        for action in section["actions"]:
            action_line(paper, action)
            action_update(paper, action, "quarter")
        if not section["actions"]:
            paper.para("No actions in this theme.")

    paper.heading(f"5. Actions due in {following} ({following.months_label})", new_page=True)
    if context["due_next"]:
        paper.table(
            ["Ref", "Action", "Who", "When", "RAG"],
            [[a.reference, Truncator(a.description).words(25, truncate=" …"), a.owner_label,
              a.due_label, Rag(a.rag)] for a in context["due_next"]],
            widths=[1.2, 6, 3, 2, 1.6])
    else:
        paper.para(f"No open actions are due in {following}.")

    paper.heading("6. Reports due under the reporting planner", new_page=True)
    for q, rows in context["reports_due"]:
        paper.heading(f"{q} ({q.months_label})", level=2)
        if rows:
            paper.table(
                ["Due", "Report", "From", "To"],
                [[day(date, "F Y"), item.title,
                  item.responsible_group.name if item.responsible_group else "—",
                  item.get_recipient_display()] for date, item in rows],
                widths=[2, 5, 3.5, 3])
        else:
            paper.para("No planner reports are due.")
    return paper.save()


GROUP_PARTS = [
    ("key_functions", "Key functions"),
    ("key_priorities", "Key priorities this year"),
    ("achieved", "Were they achieved?"),
    ("contribution", "How the work contributed to the board's priorities"),
    ("successes", "Key successes"),
]


def money(value):
    return floatformat(value, 2)


def annual_document(context):
    """The annual report as .docx bytes: every section the PDF prints, in its order."""
    board, report, year_label = context["board"], context["report"], context["year_label"]
    year = context["year"]
    paper = Paper(board.name, context["title"], f"Annual report {year_label}",
                  marking=paper_marking(board))
    status = report.get_status_display()
    if report.approved_on:
        status += f", approved by {report.approved_by} on {day(report.approved_on, 'j F Y')}"
    paper.title_block([
        ("Financial year", f"{year_label} (1 April {year} to 31 March {year + 1})"),
        ("Status", status),
        ("Produced", day(context["produced_on"], "j F Y")),
    ])
    paper.contents()

    for number, section in enumerate(context["sections"]):
        paper.heading(section.title, new_page=number == 0)  # the narrative runs on
        if str(section.html).strip():
            paper.narrative(section.html, heading_level=2)
        else:
            paper.para("Not written yet.", italic=True)
        if section.key == "planning":
            paper.heading("Reports from the board's groups", new_page=True)
            for g in context["group_reports"]:
                paper.heading(g.subgroup.name, level=2)
                if g.chair:
                    p = paper.para()
                    p.add_run("Chair: ").bold = True
                    p.add_run(g.chair)
                for name, label in GROUP_PARTS:
                    if getattr(g, name):
                        paper.heading(label, level=3)
                        paper.narrative(getattr(g, f"{name}_html"), heading_level=4)

    totals = context["totals"]
    paper.heading(f"Budget {year_label}", new_page=True)
    paper.table(["Source", "£"],
                [[f"{b.label} ({b.agency})" if b.agency else b.label, money(b.amount)]
                 for b in context["income"]],
                totals=[["Total income", money(totals["income"])]],
                widths=[5, 1.5], numeric=[1], caption="Income", empty="None recorded.")
    paper.table(["Item", "£"], [[b.label, money(b.amount)] for b in context["spend"]],
                totals=[["Total expenditure", money(totals["expenditure"])],
                        ["Balance", money(totals["balance"])]],
                widths=[5, 1.5], numeric=[1], caption="Expenditure", empty="None recorded.")

    paper.heading(f"Appendix A: Membership {year_label}", new_page=True)
    paper.table(["Agency", "Role", "Name", "Board role"],
                [[dash(m.agency), m.job_title, m.name, m.get_board_role_display()]
                 for m in context["members"]],
                widths=[3, 3, 2.5, 2.5], empty="No members recorded.")

    paper.heading("Appendix B: Attendance by agency", new_page=True)
    for name, rows, overall in context["attendance"]:
        paper.heading(f"{name}: attendance by agency", level=2)
        paper.table(["Agency", "% attended", "Attended", "Invited"],
                    [[r.agency, "—" if r.percent is None else f"{r.percent}%", dash(r.attended),
                      dash(r.invited)] for r in rows],
                    totals=[["Overall", f"{overall.percent}%", overall.attended, overall.invited]]
                    if overall.invited else (),
                    widths=[5, 1.5, 1.5, 1.5], numeric=[1, 2, 3], empty="No meetings recorded.")

    paper.heading("Appendix C: Performance indicators", new_page=True)
    rows = []
    for row in context["indicators"]:
        ind = row.indicator
        name = f"{ind.name} ({ind.unit})" if ind.unit else ind.name
        travel = row.direction or "Not enough data"
        if row.printed:
            travel += f"\n(printed: {row.printed})"
        rows.append([f"{name}\n{ind.get_polarity_display()}",
                     figure(row.previous_year_end, ind.unit),
                     *[figure(v, ind.unit) for v in row.quarters], figure(row.target, ind.unit),
                     travel, Rag(row.rag) if row.rag else "—"])
    paper.table(["Indicator", "EoY previous", "Q1", "Q2", "Q3", "Q4", "Target",
                 "Direction of travel", "Against target"], rows,
                widths=[4, 1.3, 1, 1, 1, 1, 1.2, 1.8, 1.6], numeric=range(1, 7),
                caption=f"Performance indicators {context['indicator_year_label']}",
                empty="No indicators yet.")

    paper.heading("Appendix D: Risk register", new_page=True)
    paper.table(["Ref", "Theme", "Risk", "Inherent", "Residual", "Status"],
                [[r.reference, r.theme, r.description, r.inherent_rating, r.residual_rating,
                  r.get_status_display()]
                 for r in context["risks"]],
                widths=[1, 2, 5, 1.8, 1.8, 1.5], empty="No open risks.")

    paper.heading("Appendix E: Section 11 audit", new_page=True)
    if context["s11"]:
        standards, s11_rows = context["s11"][0], context["s11"][1]
        letters = {"green": "G", "amber": "A", "red": "R"}
        paper.table(
            ["Agency", *[str(s.number) for s in standards]],
            [[str(agency), *[Rag(c.rating, letters.get(c.rating, c.rating)) if c else "–"
                             for c in cells]] for agency, _ret, cells in s11_rows],
            widths=[4] + [1] * len(standards),
            caption=f"Compliance by agency and standard, {context['s11_round'].title} "
                    f"(G = fully compliant, A = partially, R = not compliant, – = not rated)",
            empty="No returns yet.")
        for s in standards:
            paper.para(f"{s.number}. {s.title}", style="List Continue")
    else:
        paper.para(f"No Section 11 audit round was recorded for {year_label}.")

    paper.heading("Appendix F: Challenge log", new_page=True)
    paper.table(["Raised", "To", "Issue", "Status", "Outcome"],
                [[day(c.raised_on), str(c.agency), c.issue, c.get_status_display(),
                  c.outcome or "—"] for c in context["challenges"]],
                widths=[1.6, 2.2, 4.5, 1.6, 3.5],
                empty=f"No challenges were raised in {year_label}.")

    paper.heading(f"Appendix G: Business plan actions at {day(context['year_end'], 'j F Y')}", new_page=True)
    for a in context["actions"]:
        action_line(paper, a, extra=[a.plan.title],
                    more=bool(a.last_narrative or a.impact_statement))
        if a.last_narrative:
            p = paper.para(style="Update")
            p.add_run(f"Latest update {day(a.last_update_on)}: ").bold = True
            add_text(p, a.last_narrative)
        if a.impact_statement:
            p = paper.para(style="Update")
            p.add_run("Impact: ").bold = True
            add_text(p, a.impact_statement)
            if a.impact_evidence:
                p.add_run(" Evidence: ").italic = True
                add_text(p, a.impact_evidence)
    if not context["actions"]:
        paper.para("No business plan covered this year.")
    return paper.save()
