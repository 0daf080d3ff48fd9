#!/usr/bin/env python3
"""measure.py OUT CMD...: runs CMD with stdout to OUT; prints
'SECONDS MAXRSS_KIB CPU_SECONDS' (CPU: user + system of CMD and its children)."""
import os
import subprocess
import sys
import time

with open(sys.argv[1], "wb") as out:
    t0 = time.monotonic()
    p = subprocess.Popen(sys.argv[2:], stdout=out)
    _, status, ru = os.wait4(p.pid, 0)
    t = time.monotonic() - t0
if os.waitstatus_to_exitcode(status) != 0:
    print("measure: %s exited with %d" % (sys.argv[2], os.waitstatus_to_exitcode(status)),
          file=sys.stderr)
    sys.exit(1)
print("%.3f %d %.3f" % (t, ru.ru_maxrss, ru.ru_utime + ru.ru_stime))
