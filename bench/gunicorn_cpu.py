"""gunicorn config for bench.load: each worker notes the CPU time each request cost it.

``time.process_time()`` is read in the worker before and after every request (gunicorn's
``pre_request`` and ``post_request`` hooks), so the figure is the server's own CPU for that
request, whatever else the machine was doing, and can be told apart by request type. One
line per request, "METHOD PATH STATUS CPU_SECONDS", is appended to $BENCH_CPU_LOG.
"""

import os
import time

_started = {}


def pre_request(worker, req):
    _started[id(req)] = time.process_time()


def post_request(worker, req, environ, resp):
    started = _started.pop(id(req), None)
    path = os.environ.get("BENCH_CPU_LOG")
    if started is None or not path:
        return
    status = str(getattr(resp, "status", "") or "").split(" ", 1)[0]
    with open(path, "a", encoding="utf-8") as log:  # one short line: O_APPEND keeps it whole
        log.write(f"{req.method} {req.path} {status} {time.process_time() - started:.6f}\n")
