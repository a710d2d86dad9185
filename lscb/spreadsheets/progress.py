"""Progress of a long import: "Checked 1,000 of 5,000 rows…" every thousand rows."""

STEP = 1000


def reporter(report, total, doing, step=STEP):
    """A function to call with the number of rows done so far. It passes a line to
    ``report`` every ``step`` rows of a long file and at the end; nothing for a short
    file or without ``report``."""
    if report is None or total <= step:
        return lambda done: None

    def tick(done):
        if done % step == 0 or done == total:
            report(f"{doing} {done:,} of {total:,} rows…")

    return tick
