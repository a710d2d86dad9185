"""What the board receives and publishes, one module per concern (as NetBox splits its
models); Django finds them all through this package."""

from .annual import (  # noqa: F401
    AnnualReport,
    AnnualReportApproval,
    AnnualReportSection,
    AnnualReportSignatory,
    BudgetLine,
    SubgroupReport,
)
from .jobs import PaperJob  # noqa: F401
from .papers import PlanPaperLayout  # noqa: F401
from .planner import ReportingItem, ReportReceipt  # noqa: F401
from .quarters import QuarterCommentary, QuarterSnapshot, SnapshotRow  # noqa: F401
from .reminders import CalendarFeed, ReminderLog  # noqa: F401
from .section11 import Section11Rating, Section11Return, Section11Round, Section11Standard  # noqa: F401
