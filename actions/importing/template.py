"""The plan import's downloadable template: the columns it reads and what each takes."""

from lscb.spreadsheets.samples import sample_workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADINGS = ["Theme", "Section", "Ref", "Action", "Who", "When", "What we are trying to achieve",
            "To evidence this we will measure", "Source", "Risk", "RAG", "Progress", "As at"]
NOTES = [
    ("Theme", "The priority, written as the plan writes it: '1. Leadership', 'Priority 2a: …', "
     "'Strategic Priority 1. We will…', 'Theme 3 – …', 'Outcome 4: …'. A blank cell takes the "
     "theme of the row above; a row with only a theme is a heading. Letter sub-priorities "
     "(2a, 2b) and numbers such as 1.2 become sub-sections of priority 2 (or 1)."),
    ("Section", "Optional: a sub-section of the theme ('1.1 Strategic and Board Priorities', "
     "'Objective 2 – …'). Also read: Objective, Sub-priority, Workstream."),
    ("Ref", "Optional: '4.5', '1.1.1'. Without it actions are numbered within their theme. An "
     "action already in the plan with this reference is updated, never added twice."),
    ("Action (required)", "What will be done. A row with other cells filled but no action is "
     "a problem (so nothing is skipped silently)."),
    ("Who", "Groups and roles, on separate lines or joined by 'and', '&', ';' or '/'; "
     "'Early Help Services (inc. SLF and CLR)' stays one name. Each is matched to your groups "
     "by name, short name or initials (PMQAG), or to a role (Chair, Business Manager, Board); "
     "the preview lets you map the others to a group, create one, or keep them as written."),
    ("When", "'December 2015', '31/12/2015', 'Q3 2015/16', 'End of Q3' (the plan's year), "
     "'By March 2016', '2015/16', 'April 2015 - March 2016', or 'Quarterly', 'Annually', "
     "'Ongoing'. Other wording is kept as written and listed in the preview."),
    ("What we are trying to achieve", "The outcome. Also read: Outcome."),
    ("To evidence this we will measure", "The measures. Also read: Measures, Success criteria, "
     "'The LSCB will know it is making a difference if'."),
    ("Source, Risk", "Where the action came from; the risk to delivering it."),
    ("RAG", "Red, Amber, Green, Blue/Complete or Not started (or R, A, G, B)."),
    ("Progress", "The latest progress. A word at the start ('Completed', 'On track', "
     "'Ongoing', 'Red –', 'Amber:') sets the RAG when the RAG cell is empty; with neither, the "
     "update is 'Not rated'. The text is kept as written."),
    ("As at", "The date the progress was written. Without it, the preview asks for one "
     "(the end of the plan's last quarter so far)."),
    ("Any other column", "Kept with each action as written (shown on the action page)."),
]


def plan_template():
    return sample_workbook("Plan", HEADINGS, NOTES, widths={
        "Action": 50, "Who": 25, "What we are trying to achieve": 35,
        "To evidence this we will measure": 35, "Progress": 40, "Theme": 25})
