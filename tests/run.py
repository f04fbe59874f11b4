#!/usr/bin/env python3
"""Run the whole test suite: the cmocka unit binaries given on the command
line, then the integration suites in tests/integration (the real stack on
loopback).  Prints each cmocka summary and, last, one line:
    N passed, N failed
Exit status 0 only when nothing failed."""
import os
import re
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(HERE, "integration"))


def run_unit(binaries):
    passed = failed = 0
    for b in binaries:
        try:
            p = subprocess.run([b], cwd=TOP, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, timeout=600)
            out = p.stdout.decode("utf-8", "replace")
        except subprocess.TimeoutExpired:
            print("%s: timed out" % b)
            failed += 1
            continue
        # A program may run several cmocka groups: add them all up.
        nran = sum(int(x) for x in re.findall(r"(\d+) test\(s\) run", out))
        npass = sum(int(x) for x in
                    re.findall(r"\[  PASSED  \] (\d+) test", out))
        nfail = sum(int(x) for x in
                    re.findall(r"\[  FAILED  \] (\d+) test", out))
        if p.returncode != 0 and nfail == 0:
            nfail = max(1, nran - npass)
        if p.returncode != 0 or nfail:
            print(out)
        print("%s: %d passed, %d failed" % (os.path.basename(b), npass, nfail))
        passed += npass
        failed += nfail
    return passed, failed


def run_integration(only=None):
    import harness
    suites = sorted(f[:-3] for f in os.listdir(os.path.join(HERE, "integration"))
                    if f.startswith("test_") and f.endswith(".py"))
    if only:
        suites = [s for s in suites if s in only]
    # The foundation suite checks the demo as loaded: it runs first, before
    # other suites change the shared clinic.
    suites.sort(key=lambda s: (s != "test_foundation", s))
    return harness.run_suites(suites)


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    only = os.environ.get("SUITES", "").split() or None
    t0 = time.time()
    up, uf = run_unit(args) if os.environ.get("SKIP_UNIT") != "1" else (0, 0)
    ip, if_ = (0, 0)
    if os.environ.get("SKIP_INTEGRATION") != "1":
        ip, if_ = run_integration(only)
    print("unit: %d passed, %d failed; integration: %d passed, %d failed "
          "(%.0fs)" % (up, uf, ip, if_, time.time() - t0))
    print("%d passed, %d failed" % (up + ip, uf + if_))
    sys.exit(1 if uf + if_ else 0)


if __name__ == "__main__":
    main()
