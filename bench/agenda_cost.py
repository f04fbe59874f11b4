#!/usr/bin/env python3
"""The agenda pages' cost per request, in figures a loaded machine does
not blur, and their HTML for a before/after comparison.

Starts one suite on loopback (tests/integration/harness.py, binaries of
$B), makes a clinic of fixed ids (three practitioners, four treatments,
the demo clinic's hours, six appointments a day per practitioner over
five weeks, a closure, an absence, Christmas), then:
  - writes the HTML of the day and week pages of a few dates and
    practitioners under OUT/ (ids and tokens that differ between runs
    replaced by fixed words), to compare two builds with `diff -r`;
  - asks each page N times (bounded in count and in time) and prints
    the CPU time (utime + stime, /proc/PID/stat) of the admin pool and
    of the PostgreSQL backends, and the transactions committed
    (pg_stat_database: one per statement outside a transaction; the
    worker's polling adds a little), per request.
With PERF_OUT=FILE, a perf profile (cpu-clock) of the admin pool while
each page is asked.

Usage: B=build python3 bench/agenda_cost.py OUT [N]"""
import datetime
import os
import re
import signal
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(TOP, "tests", "integration"))

import harness  # noqa: E402
import test_admin as ta  # noqa: E402

PRACS = ["c1000000-0000-4000-8000-00000000000%d" % i for i in (1, 2, 3)]
TREATS = ["c2000000-0000-4000-8000-00000000000%d" % i for i in (1, 2, 3, 4)]
HOURS = ("INSERT INTO clinic_opening_hours (clinic_id, weekday, "
         "start_min, end_min) SELECT (:'p1')::uuid, d, r.s, r.e FROM "
         "generate_series(0, 4) d, (VALUES (510, 750), (840, 1110)) "
         "r(s, e) UNION ALL SELECT (:'p1')::uuid, 5, 540, 720")
PRAC_SQL = ("INSERT INTO practitioners (id, clinic_id, first_name, "
            "last_name, title, specialty, display_order) VALUES "
            "('%s', :'p1', 'Marie', 'Leal', 'Dr', 'Dentiste', 1), "
            "('%s', :'p1', 'Paul', 'Martin', 'Dr', 'Orthodontiste', 2), "
            "('%s', :'p1', 'Sophie', 'Bernard', 'Dr', 'Dentiste', 3)"
            % tuple(PRACS))
TREAT_SQL = ("INSERT INTO treatment_types (id, clinic_id, name, "
             "duration_minutes, buffer_minutes, price_cents) VALUES "
             "('%s', :'p1', 'Consultation', 30, 0, 2500), "
             "('%s', :'p1', 'Détartrage', 45, 10, 4500), "
             "('%s', :'p1', 'Orthodontie', 60, 0, 6000), "
             "('%s', :'p1', 'Contrôle', 20, 0, 2300)" % tuple(TREATS))
LINKS = ("INSERT INTO practitioner_treatments (clinic_id, "
         "practitioner_id, treatment_type_id) SELECT p.clinic_id, p.id, "
         "t.id FROM practitioners p JOIN treatment_types t ON "
         "t.clinic_id = p.clinic_id WHERE p.clinic_id = :'p1' AND "
         "CASE WHEN p.last_name = 'Martin' THEN t.name IN "
         "('Consultation', 'Contrôle', 'Orthodontie') ELSE t.name <> "
         "'Orthodontie' END")
PATIENTS = ("INSERT INTO patients (id, clinic_id, phone, first_name, "
            "last_name) SELECT ('c3000000-0000-4000-8000-' || "
            "lpad(i::text, 12, '0'))::uuid, :'p1', '+3361200' || "
            "lpad(i::text, 4, '0'), 'Pat' || i, 'Ient' || i FROM "
            "generate_series(1, 300) i")
# Six appointments a day per practitioner, Monday to Friday, from the
# Monday of this week for five weeks; a few no-shows and completed.
APPTS = ("INSERT INTO appointments (id, clinic_id, practitioner_id, "
         "patient_id, treatment_name, starts_at, ends_at, status, source) "
         "SELECT ('c4000000-0000-4000-8000-' || lpad((d * 100 + p * 10 + "
         "h)::text, 12, '0'))::uuid, :'p1', (ARRAY['%s', '%s', '%s'])"
         "[p]::uuid, ('c3000000-0000-4000-8000-' || lpad((1 + (d * 17 + "
         "p * 7 + h) %% 300)::text, 12, '0'))::uuid, (ARRAY["
         "'Consultation', 'Détartrage', 'Contrôle', 'Ancien soin'])"
         "[1 + (d + h) %% 4], ((:'p2')::date + d + make_interval(hours "
         "=> (ARRAY[9, 10, 11, 14, 15, 16])[h]))::timestamp AT TIME ZONE "
         "'Europe/Paris', ((:'p2')::date + d + make_interval(hours => "
         "(ARRAY[9, 10, 11, 14, 15, 16])[h], mins => 30))::timestamp AT "
         "TIME ZONE 'Europe/Paris', CASE WHEN (d + p + h) %% 11 = 0 THEN "
         "'no_show' WHEN (d + p + h) %% 13 = 0 THEN 'cancelled' ELSE "
         "'booked' END, 'admin' FROM generate_series(0, 34) d, "
         "generate_series(1, 3) p, generate_series(1, 6) h WHERE "
         "extract(isodow FROM (:'p2')::date + d) < 6" % tuple(PRACS))


def monday(d):
    return d - datetime.timedelta(days=d.weekday())


def setup(s):
    """The measured clinic: (clinic_id, cookie, dates)."""
    cid, email = _clinic(s)
    today = datetime.date.today()
    mon = monday(today)
    for q in (HOURS, PRAC_SQL, TREAT_SQL, LINKS, PATIENTS):
        s.sql(q, cid)
    s.sql(APPTS, cid, mon.isoformat())
    s.sql("UPDATE clinics SET timezone = 'Europe/Paris' WHERE id = :'p1'",
          cid)
    wed = mon + datetime.timedelta(days=9)
    s.sql("INSERT INTO clinic_closures (clinic_id, day, start_min, "
          "end_min, reason) VALUES (:'p1', :'p2', 600, 660, "
          "'Inventaire du stock')", cid, wed.isoformat())
    thu = mon + datetime.timedelta(days=10)
    s.sql("INSERT INTO practitioner_absences (clinic_id, practitioner_id, "
          "starts_at, ends_at, reason) VALUES (:'p1', :'p2', (:'p3' || "
          "' 14:00')::timestamp AT TIME ZONE 'Europe/Paris', (:'p3' || "
          "' 18:30')::timestamp AT TIME ZONE 'Europe/Paris', 'Congrès')",
          cid, PRACS[0], thu.isoformat())
    xmas = datetime.date(today.year, 12, 25)
    if xmas < today:
        xmas = datetime.date(today.year + 1, 12, 25)
    dates = [today, mon + datetime.timedelta(days=7), wed, thu, xmas,
             mon + datetime.timedelta(days=12)]
    cookie, _ = ta.minted_browser(email, cid)
    return cid, cookie, [d.isoformat() for d in dates]


def _clinic(s):
    import json
    import uuid
    cid = json.loads(s.ctl("clinic", "add", "--name", "Cabinet Mesure",
                           "--json").stdout)["clinic_id"]
    email = "cost-%s@example.org" % uuid.uuid4().hex[:10]
    s.ctl("user", "add", "--clinic", cid, "--email", email, "--password",
          "cost-password-123", "--json")
    return cid, email


def pages(cid, dates):
    """(name, path) of the pages compared and measured."""
    b = "/clinic/%s/admin/agenda" % cid
    out = []
    for d in dates:
        out.append(("day-%s" % d, "%s?date=%s&view=day" % (b, d)))
        for i, p in enumerate(PRACS):
            out.append(("week-%s-p%d" % (d, i + 1),
                        "%s?date=%s&view=week&practitioner_id=%s" %
                        (b, d, p)))
    return out


def normalise(html, cid):
    html = html.replace(cid, "CLINIC")
    html = re.sub(r'[0-9a-f]{64}', "TOKEN", html)
    html = re.sub(r'nonce-[A-Za-z0-9+/=_-]+', "nonce-X", html)
    html = re.sub(r'nonce="[^"]*"', 'nonce="X"', html)
    return html


def cpu_ticks(pids):
    t = 0
    for p in pids:
        try:
            with open("/proc/%d/stat" % p) as f:
                f = f.read().rsplit(")", 1)[1].split()
            t += int(f[11]) + int(f[12])
        except OSError:
            pass
    return t


def pg_pids(s):
    """The PostgreSQL backends serving the suite's responders."""
    rows = s.sql("SELECT pid FROM pg_stat_activity WHERE datname = "
                 "'sophie' AND pid <> pg_backend_pid()")
    return [int(r[0]) for r in rows]


def xacts(s):
    return int(s.sql_value("SELECT xact_commit + xact_rollback FROM "
                           "pg_stat_database WHERE datname = 'sophie'"))


def measure(s, cookie, path, n, limit):
    admin = s.pids("admin")
    s.get(path, headers={"Cookie": cookie})      # warm the pool
    for _ in admin:
        s.get(path, headers={"Cookie": cookie})
    pg = pg_pids(s)
    perf = None
    if os.environ.get("PERF_OUT"):
        # a sampling profile of the admin pool (software clock)
        perf = subprocess.Popen(
            ["perf", "record", "-q", "-e", "cpu-clock", "-F", "4000",
             "--call-graph", "dwarf,16384", "-o", os.environ["PERF_OUT"] + "." + str(len(
                 path) % 97), "-p", ",".join(str(p) for p in admin)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(1)
    a0, p0, x0 = cpu_ticks(admin), cpu_ticks(pg), xacts(s)
    t0 = time.time()
    done = 0
    while done < n and time.time() - t0 < limit:
        r = s.get(path, headers={"Cookie": cookie})
        assert r.status == 200, (r.status, r.body[:300])
        done += 1
    a1, p1, x1 = cpu_ticks(admin), cpu_ticks(pg), xacts(s)
    if perf is not None:
        perf.send_signal(signal.SIGINT)
        perf.wait(timeout=60)
    hz = os.sysconf("SC_CLK_TCK")
    return (done, 1000.0 * (a1 - a0) / hz / max(done, 1),
            1000.0 * (p1 - p0) / hz / max(done, 1),
            (x1 - x0 - 2) / float(max(done, 1)))


def main():
    out = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 300
    os.makedirs(out, exist_ok=True)
    s = harness.shared_stack()
    try:
        cid, cookie, dates = setup(s)
        for name, path in pages(cid, dates):
            r = s.get(path, headers={"Cookie": cookie})
            assert r.status == 200, (name, r.status, r.body[:300])
            with open(os.path.join(out, name + ".html"), "w") as f:
                f.write(normalise(r.text, cid))
        print("B=%s load %s" % (harness.BUILD, os.getloadavg()))
        b = "/clinic/%s/admin" % cid
        for label, path in (
                ("agenda day", "%s/agenda?date=%s&view=day" %
                 (b, dates[1])),
                ("agenda week", "%s/agenda?date=%s&view=week&"
                 "practitioner_id=%s" % (b, dates[1], PRACS[0])),
                ("conversations", "%s/conversations" % b)):
            done, acpu, pcpu, x = measure(s, cookie, path, n, 120)
            print("  %-14s n=%-4d admin CPU %.3f ms/req  postgres CPU "
                  "%.3f ms/req  transactions %.2f/req" % (
                      label, done, acpu, pcpu, x))
    finally:
        harness._teardown()


if __name__ == "__main__":
    main()
