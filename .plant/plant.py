"""Plant one bug at a time, run the named tests, restore. Prints caught / MISSED."""
import subprocess, sys, json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUGS = json.loads(Path(sys.argv[1]).read_text())
only = sys.argv[2:]
for bug in BUGS:
    if only and bug["id"] not in only:
        continue
    path = ROOT / bug["file"]
    original = path.read_text()
    assert original.count(bug["old"]) == 1, (bug["id"], "old text not found once")
    path.write_text(original.replace(bug["old"], bug["new"]))
    try:
        result = subprocess.run([str(ROOT / ".venv/bin/python"), "-m", "pytest", "-q", "-x",
                                 "-p", "no:cacheprovider", "-n", "0", *bug["tests"]],
                                cwd=ROOT, capture_output=True, text=True)
    finally:
        path.write_text(original)
    last = result.stdout.strip().splitlines()[-1] if result.stdout.strip() else result.stderr[-300:]
    print(f"{bug['id']:6} {'caught' if result.returncode else 'MISSED'}  {last}", flush=True)
