#!/usr/bin/env python3
"""Scenario runner: conversations written as data files, played through
the real stack (signed webhooks through nginx, the worker, the fake
Twilio) with a fixed clock.

    python3 tests/scenarios/run.py [FILE_OR_DIR ...]

--self-test checks the invariants' detectors without a stack.
Without arguments: tests/scenarios/*.txt and the dev/ scenarios named in
dev/PASSING.  SCENARIOS_VERBOSE=1 prints the transcripts of passing ones
too.  dev/ holds scenarios being worked on; heldout/ is a frozen set that
is never tuned to (make scenarios-dev, make scenarios-heldout).
A run ends with its counts and two figures, both read from the database
and the fake Twilio: the handoff rate (conversations left with status
'handoff', per scenario) and the replies per booking (messages the fake
Twilio received for the scenarios' patients, divided by the
appointments Sophie booked).

Each scenario runs against its own copy of the demo clinic (same hours,
practitioners, treatments), so scenarios do not see each other's
appointments.  File format, one directive per line ('#' comments):

  title: free text
  phone: +33611000001              the patient's number (default: unique)
  patient: First Last YYYY-MM-DD   a patient already known on that phone
  appointment: First Last | Leal | Consultation | 2026-11-25 10:00
                                   an existing booked appointment (local)
  taken: Leal | Consultation | 2026-11-24 14:00
                                   another patient books that slot now
  sql: UPDATE ... {clinic} {phone} any SQL, with those placeholders
  > message                        the patient writes
  < regex                          the reply must match (case-insensitive,
                                   search); several lines: all must match
  < -                              no reply at all (Sophie stays silent)
  remind                           run the reminders scan; the '<' lines
                                   that follow match the reminder
  expect: booked Leal | Consultation | 2026-11-24 14:00
  expect: cancelled Leal | Consultation | 2026-11-24 14:00
  expect: count 1                  booked appointments of the clinic
  expect: within Leal | Détartrage | 2026-11-27 08:30 | 2026-11-27 12:30
                                   exactly one booked appointment starting
                                   in [from, to) local ('*': any
                                   practitioner or treatment)
  expect: response confirmed       appointments.patient_response (latest)
  expect: reminder skipped         appointments.reminder_status (latest)
  expect: conversation needs_staff | handoff | state=<state>
  expect: media N                  stored attachments of this phone's
                                   messages (waits for the download)
                                   An 'expect:' line goes after the '<'
                                   lines of the turn it checks: a '<'
                                   line must follow a '>' or another '<'
                                   ('<' after 'expect:' has no reply to
                                   match and fails the scenario).
  clock: 2026-12-31T10:00          the stack's clock for this scenario,
                                   local time of the clinic (Europe/Paris);
                                   default 2026-11-23T10:15.  The stack is
                                   restarted when the clock changes, so
                                   runs group scenarios by clock.
  clock: 2026-11-26T10:00 America/Toronto
                                   the same, for a clinic in that IANA
                                   zone: the clinic's timezone is set to
                                   it, and the time is read in it
  country: FR                      the clinic's country, if the schema has
                                   a clinics.country column (else ignored);
                                   its public holidays are the ones
                                   invariant (c) refuses
  > [photo] optional caption       the patient sends a JPEG (NumMedia=1)
  > [document]                     the patient sends a PDF
  allow: NAME[, NAME]              opt out of one invariant (below)

Invariants, checked after every message from the database and the fake
Twilio (not from the replies' wording); a violation fails the scenario
and is printed as "[INV x] ...":
  (a) confirm   no appointment booked or moved unless the patient's
                message of that very turn is a plain yes (no hesitation,
                condition, question or negation) and Sophie's previous
                reply recapped that date and time (and the treatment).
  (a') cancel   the same for a cancellation (the recap names the
                cancelled appointment's date and time).
  (b) overlap   no two booked appointments of one practitioner, or of
                one patient, overlap; both use [starts_at, blocked_until),
                i.e. buffers included.
  (c) offer     every "<weekday> <day> <month> [year] à|at HH:MM" a reply
                names is a free time: the weekday is right, not in the
                past nor within the minimum notice, within the horizon,
                inside the opening hours (and the practitioner's, if
                any), not a closure, not a public holiday of the
                clinic's country (clinics.country, as `sophiectl
                holidays` computes them with the booking code), and
                some practitioner (the one named in the sentence, if one
                is) is neither absent nor booked.
                Sentences saying a time is not available, and times of
                existing appointments, are not offers.
  (d) names     no reply names a "Dr X" the clinic does not have, or a
                treatment outside the clinic's list that the patient never
                wrote (a fixed list of common ones).
  (e) replies   exactly one reply per patient message (none when the
                scenario says '< -'), every one delivered to the fake
                Twilio;
      language  and written in the patient's language (French or
                English, a word-list detector; other languages and
                messages without clear words keep the last one known).

SCENARIO_CHECK=invariants checks the invariants only: the replies'
wording ('<' lines) and the 'expect:' lines are not asserted (the hostile
pass of make test: a lying LLM may derail the understanding, never the
safety).

SCENARIO_LLM=hostile plays every scenario with the LLM switched on and
answered by the fake Ollama's hostile mode (wrong intents, invented
values, wrong languages; seeded by SCENARIO_LLM_SEED, default 1).
"""
import datetime
import json
import os
import re
import sys
import time
import unicodedata
import urllib.request
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(TOP, "tests", "integration"))

from harness import Fake, Stack, free_port, wait_until  # noqa: E402

FAKE_NOW = "2026-11-23T09:15:00Z"
DEFAULT_CLOCK = "2026-11-23T10:15"      # FAKE_NOW in the clinic's zone
ZONE = "Europe/Paris"
DEV = os.path.join(HERE, "dev")
HELDOUT = os.path.join(HERE, "heldout")
INVARIANTS = ("confirm", "cancel", "overlap", "offer", "names", "replies",
              "language")
TOKEN = "test-token"
ACCOUNT = "AC" + "0" * 31 + "1"
DEMO = "5e0f1e00-0000-4000-8000-00000000de40"

CLONE = """
INSERT INTO clinics (id, name, address, phone, email, timezone, language,
    emergency_numbers, access_info) SELECT :'p1', name, address, phone,
    email, timezone, language, emergency_numbers, access_info FROM clinics
    WHERE id = :'p2';
INSERT INTO clinic_opening_hours (clinic_id, weekday, start_min, end_min)
    SELECT :'p1', weekday, start_min, end_min FROM clinic_opening_hours
    WHERE clinic_id = :'p2';
INSERT INTO practitioners (clinic_id, first_name, last_name, title,
    specialty, display_order) SELECT :'p1', first_name, last_name, title,
    specialty, display_order FROM practitioners WHERE clinic_id = :'p2';
INSERT INTO treatment_types (clinic_id, name, duration_minutes,
    buffer_minutes, price_cents, created_at) SELECT :'p1', name,
    duration_minutes, buffer_minutes, price_cents, created_at
    FROM treatment_types WHERE clinic_id = :'p2';
INSERT INTO practitioner_treatments (clinic_id, practitioner_id,
    treatment_type_id) SELECT :'p1', np.id, nt.id
    FROM practitioner_treatments pt
    JOIN practitioners op ON op.id = pt.practitioner_id
    JOIN practitioners np ON np.clinic_id = :'p1'
        AND np.last_name = op.last_name
    JOIN treatment_types ot ON ot.id = pt.treatment_type_id
    JOIN treatment_types nt ON nt.clinic_id = :'p1' AND nt.name = ot.name
    WHERE pt.clinic_id = :'p2';
INSERT INTO clinic_whatsapp_configs (clinic_id, phone_number, verify_salt,
    verify_hash) SELECT :'p1', :'p3', s, sha256(s || 'verify'::bytea)
    FROM (SELECT uuid_send(gen_random_uuid()) AS s) x;
"""

APPT = """
INSERT INTO appointments (clinic_id, practitioner_id, patient_id,
    treatment_type_id, treatment_name, starts_at, ends_at, buffer_minutes,
    source)
SELECT :'p1', pr.id, pa.id, t.id, t.name,
    (:'p5')::timestamp AT TIME ZONE c.timezone,
    ((:'p5')::timestamp AT TIME ZONE c.timezone) +
        make_interval(mins => t.duration_minutes), t.buffer_minutes,
    'admin'
FROM clinics c, practitioners pr, patients pa, treatment_types t
WHERE c.id = :'p1' AND pr.clinic_id = :'p1' AND pr.last_name = :'p3'
  AND pa.clinic_id = :'p1' AND pa.id = :'p2'
  AND t.clinic_id = :'p1' AND t.name = :'p4';
"""

FIND = """
SELECT count(*) FROM appointments a
JOIN practitioners pr ON pr.id = a.practitioner_id
JOIN clinics c ON c.id = a.clinic_id
WHERE a.clinic_id = :'p1' AND a.status = :'p2' AND pr.last_name = :'p3'
  AND a.treatment_name = :'p4'
  AND a.starts_at = (:'p5')::timestamp AT TIME ZONE c.timezone
"""


JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 200 + b"\xff\xd9"
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class ScenarioError(AssertionError):
    """A failed scenario; 'violations' lists the invariants it broke."""

    def __init__(self, msg, violations=()):
        super().__init__(msg)
        self.violations = list(violations)


def hostile_llm():
    """With SCENARIO_LLM=hostile: the fake Ollama in its hostile mode,
    kept for the run; returns its base URL, else "off"."""
    if os.environ.get("SCENARIO_LLM") != "hostile":
        return "off"
    ol = Fake("fake_ollama.py")
    seed = int(os.environ.get("SCENARIO_LLM_SEED", "1"))
    if ol.post("/_hostile", {"seed": seed})[0] != 200:
        raise RuntimeError("the fake Ollama refused the hostile mode")
    return ol.base


def start_stack(workers=2):
    """A stack with the fixed clock and the fake Twilio."""
    tw = Fake("fake_twilio.py", "--cdn-port", free_port(), "--account-sid",
              ACCOUNT, "--auth-token", TOKEN)
    st = Stack({"SOPHIE_FAKE_NOW": FAKE_NOW, "LLM_API_URL": hostile_llm(),
                "TWILIO_API_BASE": tw.base, "TWILIO_ACCOUNT_SID": ACCOUNT,
                "TWILIO_AUTH_TOKEN": TOKEN,
                "TWILIO_PHONE_NUMBER": "+14155238886",
                "SOPHIE_WORKERS": str(workers)})
    st.fast_sql = True
    st.start()
    st.scen_clock = FAKE_NOW
    st.scen_twilio = tw
    return st, tw


_counter = [0]


def new_clinic(st):
    """A copy of the demo clinic; returns (clinic id, WhatsApp number)."""
    # Numbers are drawn from a random start and then counted, so that the
    # clinics of one run never share a WhatsApp number (a random number
    # each time met an earlier one about once in a dozen runs); another
    # process on the same database may still hold one: then the next.
    if _counter[0] == 0:
        _counter.append(int(uuid.uuid4().int % 9000000))
    for _ in range(50):
        _counter[0] += 1
        cid = str(uuid.uuid4())
        number = "+1555%07d" % ((_counter[1] + _counter[0]) % 10000000)
        if not st.sql("SELECT 1 FROM clinic_whatsapp_configs WHERE "
                      "phone_number = :'p1'", number):
            break
    st.sql(CLONE, cid, DEMO, number)
    # The worker's own reminders scan (every minute) would remind at a
    # moment of its choosing; a scenario reminds where it says 'remind'
    # (reminder delay 0: nothing is ever due in between).
    st.sql("UPDATE clinics SET reminder_delay_minutes = 0 WHERE id = "
           ":'p1'", cid)
    return cid, number


class Conversation:
    """One patient talking to one clinic through the real webhook."""

    def __init__(self, st, clinic, number, phone):
        self.st, self.clinic, self.number, self.phone = \
            st, clinic, number, phone
        self.seen = set()

    def send(self, body):
        f = {"MessageSid": "SM" + uuid.uuid4().hex, "AccountSid": ACCOUNT,
             "From": "whatsapp:" + self.phone,
             "To": "whatsapp:" + self.number, "Body": body,
             "NumMedia": "0", "ProfileName": "Patient"}
        m = re.match(r"\[(photo|document)\]\s*(.*)$", body)
        tw = getattr(self.st, "scen_twilio", None)
        if m and tw:
            name = "m" + uuid.uuid4().hex
            kind = m.group(1)
            ctype = "image/jpeg" if kind == "photo" else "application/pdf"
            tw.post("/_media/" + name, raw=JPEG if kind == "photo" else PDF,
                    ctype=ctype)
            f.update({"Body": m.group(2), "NumMedia": "1",
                      "MediaUrl0": tw.base + "/media/" + name,
                      "MediaContentType0": ctype})
        r = self.st.webhook(f, clinic=self.clinic, token=TOKEN)
        if r.status != 200:
            raise ScenarioError("webhook answered %d" % r.status)
        return f["MessageSid"]

    def wait_turn(self, sid, timeout=20):
        q = ("SELECT count(*) FROM jobs j JOIN messages m ON "
             "m.id::text = j.payload->>'message_id' WHERE m.twilio_sid = "
             ":'p1' AND j.status IN ('done', 'failed')")
        if not wait_until(lambda: int(self.st.sql_value(q, sid)) > 0,
                          timeout=timeout, interval=0.05):
            raise ScenarioError("the turn was not processed in time")

    def new_replies(self):
        rows = self.st.sql(
            "SELECT m.id, replace(m.body, E'\\n', ' ') FROM messages m "
            "JOIN conversations c ON c.id = m.conversation_id "
            "WHERE m.clinic_id = :'p1' AND c.phone = :'p2' AND "
            "m.direction = 'outbound' ORDER BY m.created_at, m.id",
            self.clinic, self.phone)
        out = []
        for mid, body in rows:
            if mid not in self.seen:
                self.seen.add(mid)
                out.append(body)
        return out

    def say(self, body):
        sid = self.send(body)
        self.wait_turn(sid)
        return self.new_replies()


# --- the clock ------------------------------------------------------------

def split_clock(clock):
    """A 'clock:' value, '2026-12-31T10:00' or '2026-12-31T10:00
    America/Toronto', as (local time, IANA zone; Europe/Paris when not
    said)."""
    local, _, zone = clock.strip().partition(" ")
    return local, zone.strip() or ZONE


def clock_utc(local, zone=ZONE):
    """'2026-12-31T10:00' (local time in zone, the clinic's) as
    SOPHIE_FAKE_NOW (UTC)."""
    from zoneinfo import ZoneInfo
    d = datetime.datetime.fromisoformat(local).replace(
        tzinfo=ZoneInfo(zone))
    return d.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def ensure_clock(st, clock):
    """Restart the stack's pools and worker with SOPHIE_FAKE_NOW at
    'clock' (a 'clock:' value) when it differs (PostgreSQL and nginx do
    not read it).  The clock reaches the stack only that way: every
    program reads SOPHIE_FAKE_NOW (UTC) at start."""
    want = clock_utc(*split_clock(clock))
    if getattr(st, "scen_clock", FAKE_NOW) == want:
        return
    path = st.env_file()
    with open(path, encoding="utf-8") as f:
        lines = [x for x in f.read().splitlines()
                 if not x.startswith("SOPHIE_FAKE_NOW=")]
    lines.append("SOPHIE_FAKE_NOW=" + want)
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    st.settings["SOPHIE_FAKE_NOW"] = want
    st.restart_app()
    st.scen_clock = want


def scenario_clock(path):
    """The 'clock:' of a scenario file, or the default."""
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("clock:"):
                return line.partition(":")[2].strip()
    return DEFAULT_CLOCK


# --- words ----------------------------------------------------------------

def _fold(text):
    t = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in t if not unicodedata.combining(c))


def _words(text):
    t = _fold(text).replace("\u2019", "'")
    return re.findall(r"[a-z0-9]+(?:'[a-z]+)?", t)


YES_WORDS = {"oui", "yes", "ok", "okay", "oki", "daccord", "d'accord",
             "parfait", "confirme", "confirm", "confirmed", "yep", "yeah",
             "yup", "sure", "volontiers", "absolument", "absolutely",
             "correct", "exactement", "exactly", "super", "nickel", "ouais",
             "certainly", "certainement", "great", "perfect", "fine",
             "entendu", "reservez", "book", "valide", "go"}
YES_PHRASES = ("ca me va", "ca marche", "c'est bon", "that works",
               "sounds good", "go ahead", "vas-y", "allez-y", "tres bien")
# Any of these makes a yes hesitant, conditional or negative.
DOUBT_WORDS = {"non", "no", "not", "pas", "ne", "n'est", "mais", "but",
               "si", "if", "unless", "sauf", "except", "peut", "maybe",
               "perhaps", "probably", "probablement", "hmm", "hum", "euh",
               "uh", "um", "wait", "attends", "attendez", "think", "guess",
               "crois", "pense", "plutot", "rather", "instead", "actually",
               "finalement", "ou", "or", "pourvu", "provided", "long",
               "tant", "hesite", "unsure", "dunno", "don't", "can't",
               "won't", "n'ai", "nope", "nan", "enfin", "though",
               "cependant", "quoique", "est-ce", "sais"}


def plain_yes(text):
    """True when a message is an explicit yes with no doubt in it."""
    if "?" in text or "…" in text or "..." in text:
        return False
    w = _words(text)
    f = " ".join(w)
    if any(x in DOUBT_WORDS for x in w):
        return False
    if "peut-etre" in _fold(text):
        return False
    return any(x in YES_WORDS for x in w) or "👍" in text or \
        any(p in f for p in YES_PHRASES)


FR_WORDS = set("""je vous le la les un une des du de est et pour avec votre
vos mon ma mes bonjour merci oui non quel quelle quels souhaitez voulez pas
au aux lundi mardi mercredi jeudi vendredi samedi dimanche janvier fevrier
mars avril mai juin juillet aout septembre octobre novembre decembre demain
matin apres-midi apres midi soir c'est il elle nous ne sur dans plutot svp
voudrais dispo disponible disponibles creneau creneaux heure heures rendez
rendez-vous rdv annuler deplacer reserve prendre faut besoin pouvez peux
suis avez ai fils fille enfant semaine prochain prochaine jour cabinet
bonsoir salut beaucoup tres bien bonne journee aussi encore alors
d'accord aujourd'hui quand qui ou est-ce n'est j'ai l'heure
pouvoir confirmer soin detartrage blanchiment controle urgence annule
deplace recapitule""".split())
EN_WORDS = set("""i you the an is are and for with your my appointment
appointments hello hi thanks thank yes which would like not to at monday
tuesday wednesday thursday friday saturday sunday january february march
april may june july august september october november december tomorrow
morning afternoon evening please can could what when book booked cancel
cancelled available slot slots time have do want need it me of this that
there here next week day today son daughter child we our from sorry sure
will move moved reply instead scaling whitening check-up checkup
emergency dentist about how""".split())
OTHER_WORDS = set("""ich mochte einen termin bitte guten tag und nicht der
die das fur morgen hola quiero cita por favor gracias para manana buenos
dias buongiorno vorrei appuntamento grazie domani ciao ik wil graag een
afspraak dank goedendag ola quero marcar obrigado obrigada amanha uma bom
dia sprechen sie habla usted parla voglio""".split())


def language(text):
    """('fr'|'en'|'other'|None, score) by counting list words."""
    w = _words(text)
    sc = {"fr": sum(x in FR_WORDS for x in w),
          "en": sum(x in EN_WORDS for x in w),
          "other": sum(x in OTHER_WORDS for x in w)}
    best = max(sc, key=sc.get)
    if sc[best] == 0 or list(sc.values()).count(sc[best]) > 1:
        return None, 0
    return best, sc[best]


# --- dates in replies -----------------------------------------------------

FR_DAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi",
           "dimanche"]
EN_DAYS = ["monday", "tuesday", "wednesday", "thursday", "friday",
           "saturday", "sunday"]
FR_MONTHS = ["janvier", "fevrier", "mars", "avril", "mai", "juin",
             "juillet", "aout", "septembre", "octobre", "novembre",
             "decembre"]
EN_MONTHS = ["january", "february", "march", "april", "may", "june", "july",
             "august", "september", "october", "november", "december"]
_DT = re.compile(
    r"\b(%s)\s+(\d{1,2})(?:er)?\s+(%s)(?:\s+(\d{4}))?,?\s+(?:a|at)\s+"
    r"(\d{1,2})\s*[:h]\s*(\d{2})?" % (
        "|".join(FR_DAYS + EN_DAYS), "|".join(FR_MONTHS + EN_MONTHS)))
NOT_OFFER = re.compile(
    r"pas disponible|plus disponible|n'est pas|not available|no longer|"
    r"taken|deja pris|complet|ferme|closed|annule|cancel|deplace|moved|"
    r"rappel|reminder|votre rendez-vous|your appointment|vos rendez-vous|"
    r"your appointments|a la place|instead of|au lieu|actuel|current|"
    r"pas libre|not free|deja un|already")
HOLIDAYS_FIXED = ((1, 1), (5, 1), (5, 8), (7, 14), (8, 15), (11, 1),
                  (11, 11), (12, 25))


def _easter(y):
    a, b, c = y % 19, y // 100, y % 100
    d, e = b // 4, b % 4
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    l = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l) // 451
    month = (h + l - 7 * m + 114) // 31
    day = (h + l - 7 * m + 114) % 31 + 1
    return datetime.date(y, month, day)


def fr_holiday(d):
    """True on a French public holiday (Easter-based ones included).
    Kept as an independent derivation that the self-test compares with
    the project's own list (holidays())."""
    if (d.month, d.day) in HOLIDAYS_FIXED:
        return True
    e = _easter(d.year)
    return d in (e + datetime.timedelta(days=1),
                 e + datetime.timedelta(days=39),
                 e + datetime.timedelta(days=50))


_HOLIDAYS = {}


def holidays(country, year):
    """The set of dates of country's public holidays in year, observed
    days included, from the project's own holiday code (`sophiectl
    holidays`, no database needed), so that invariant (c) refuses
    exactly what the booking code must never offer."""
    key = (country, year)
    if key not in _HOLIDAYS:
        import subprocess
        from harness import BUILD
        p = subprocess.run(
            [os.path.join(TOP, BUILD, "bin", "sophiectl"), "holidays",
             "--country", country, "--year", str(year), "--json"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=30,
            check=True)
        _HOLIDAYS[key] = {datetime.date.fromisoformat(h["date"])
                          for h in json.loads(p.stdout)}
    return _HOLIDAYS[key]


def reply_datetimes(text, today):
    """[(sentence, datetime or None, weekday ok)] named in a reply."""
    out = []
    for sent in re.split(r"(?<=[.!?:;])\s+|\n|\s-\s", _fold(text)):
        for m in _DT.finditer(sent):
            wd, day, mon, year, hh, mm = m.groups()
            mon = (FR_MONTHS + EN_MONTHS).index(mon) % 12 + 1
            wd = (FR_DAYS + EN_DAYS).index(wd) % 7
            y = int(year) if year else today.year
            try:
                d = datetime.date(y, mon, int(day))
                if not year and d < today - datetime.timedelta(days=60):
                    d = datetime.date(y + 1, mon, int(day))
                when = datetime.datetime(d.year, d.month, d.day, int(hh),
                                         int(mm or 0))
            except ValueError:
                out.append((sent, None, False))
                continue
            out.append((sent, when, d.weekday() == wd))
    return out


def recap_pattern(local):
    """A regex for a recap of 'YYYY-MM-DD HH:MM': day, month, time."""
    d = datetime.datetime.strptime(local, "%Y-%m-%d %H:%M")
    mon = "(?:%s|%s)" % (FR_MONTHS[d.month - 1], EN_MONTHS[d.month - 1])
    t = r"0?%d\s*[:h]\s*%02d" % (d.hour, d.minute)
    if d.minute == 0:
        t = r"0?%d\s*(?:[:h]\s*00|h\b|am|pm)" % d.hour
        if d.hour > 12:
            t = r"(?:%s|%d\s*(?::00)?\s*pm)" % (t, d.hour - 12)
    return r"\b0?%d(?:er)?\s+%s\b.*?\b%s" % (d.day, mon, t)


TREATMENT_EN = {"detartrage": "scaling|cleaning|detartrage",
                "blanchiment": "whitening|blanchiment",
                "controle": "check-?up|control|controle",
                "urgence dentaire": "emergency|urgence"}
# Treatments a dental clinic might be asked for but the demo one lacks.
FOREIGN_TREATMENTS = ("implant", "couronne", "crown", "root canal",
                      "devitalisation", "radiographie", "x-ray", "facette",
                      "veneer", "bridge", "prothese", "denture", "filling",
                      "plombage", "invisalign", "gouttiere", "aligner",
                      "botox", "vaccin", "massage", "osteopath", "kine",
                      "physio", "greffe", "graft", "bilan sanguin",
                      "blood test")


# --- the invariants --------------------------------------------------------

SNAP = """
SELECT a.id, a.status, to_char(a.starts_at AT TIME ZONE c.timezone,
    'YYYY-MM-DD HH24:MI'), pr.last_name, a.treatment_name, a.patient_id
FROM appointments a JOIN practitioners pr ON pr.id = a.practitioner_id
JOIN clinics c ON c.id = a.clinic_id WHERE a.clinic_id = :'p1'
"""

OVERLAP = """
SELECT x.who, to_char(a.starts_at AT TIME ZONE c.timezone, 'MM-DD HH24:MI'),
    to_char(b.starts_at AT TIME ZONE c.timezone, 'MM-DD HH24:MI')
FROM (VALUES ('practitioner'), ('patient')) x(who)
JOIN appointments a ON true
JOIN appointments b ON b.clinic_id = a.clinic_id AND a.id < b.id
    AND b.status = 'booked'
    AND tstzrange(a.starts_at, a.blocked_until, '[)') &&
        tstzrange(b.starts_at, b.blocked_until, '[)')
    AND CASE x.who WHEN 'practitioner' THEN a.practitioner_id =
        b.practitioner_id ELSE a.patient_id = b.patient_id END
JOIN clinics c ON c.id = a.clinic_id
WHERE a.clinic_id = :'p1' AND a.status = 'booked'
"""

CLINIC_FACTS = """
SELECT 'p', first_name, last_name, id::text FROM practitioners
    WHERE clinic_id = :'p1' AND is_active
UNION ALL SELECT 't', name, duration_minutes::text, '' FROM treatment_types
    WHERE clinic_id = :'p1' AND is_active
UNION ALL SELECT 'h', weekday::text, start_min::text, end_min::text
    FROM clinic_opening_hours WHERE clinic_id = :'p1'
UNION ALL SELECT 'w', w.weekday::text || ' ' || w.start_min::text,
    w.end_min::text, w.practitioner_id::text
    FROM practitioner_working_hours w JOIN practitioners p
    ON p.id = w.practitioner_id WHERE p.clinic_id = :'p1'
UNION ALL SELECT 'c', day::text, coalesce(start_min, 0)::text,
    coalesce(end_min, 1440)::text FROM clinic_closures
    WHERE clinic_id = :'p1'
UNION ALL SELECT 'x', to_char(a.starts_at AT TIME ZONE c.timezone,
    'YYYY-MM-DD HH24:MI'), to_char(a.ends_at AT TIME ZONE c.timezone,
    'YYYY-MM-DD HH24:MI'), a.practitioner_id::text
    FROM practitioner_absences a JOIN practitioners p
    ON p.id = a.practitioner_id JOIN clinics c ON c.id = p.clinic_id
    WHERE p.clinic_id = :'p1'
UNION ALL SELECT 'b', to_char(a.starts_at AT TIME ZONE c.timezone,
    'YYYY-MM-DD HH24:MI'), to_char(a.blocked_until AT TIME ZONE c.timezone,
    'YYYY-MM-DD HH24:MI'), a.practitioner_id::text
    FROM appointments a JOIN clinics c ON c.id = a.clinic_id
    WHERE a.clinic_id = :'p1' AND a.status = 'booked'
UNION ALL SELECT 'z', booking_horizon_days::text,
    min_notice_minutes::text, '' FROM clinics
    WHERE id = :'p1'
"""


class Invariants:
    """What one scenario must never do, checked turn by turn."""

    def __init__(self, st, clinic, now_local, allow, country="FR"):
        self.st, self.clinic, self.allow = st, clinic, set(allow)
        self.now = datetime.datetime.fromisoformat(now_local)
        self.country = country or "FR"
        self.violations = []
        self.before = {}
        self.last_replies = []
        self.patient_text = []
        self.lang = None
        self.facts = None

    def violate(self, name, msg):
        if name not in self.allow:
            self.violations.append("[INV %s] %s" % (name, msg))

    def snapshot(self):
        return {r[0]: r[1:] for r in self.st.sql(SNAP, self.clinic)}

    def start_turn(self):
        self.before = self.snapshot()

    def _facts(self):
        rows = self.st.sql(CLINIC_FACTS, self.clinic)
        f = {k: [] for k in "pthwcxbz"}
        for r in rows:
            f[r[0]].append(r[1:])
        return f

    def end_turn(self, message, replies, silent, kind="say"):
        """Check one turn: the patient wrote 'message', Sophie 'replies'."""
        after = self.snapshot()
        prev = _fold(" ".join(self.last_replies))
        if kind == "say":
            self._changes(message, prev, after)
            self._replies(message, replies, silent)
        self.facts = self._facts()
        # what the patient wrote in this very message counts as written
        # (invariant d): "do you do Invisalign?" may be answered by name
        if kind == "say":
            self.patient_text.append(_fold(message))
        for r in replies:
            self._offers(r, after)
            self._names(r)
        self._overlap()
        self.last_replies = replies or self.last_replies
        self.before = after

    def _changes(self, message, prev, after):
        yes = plain_yes(message)
        for aid, (status, when, prac, treat, _) in after.items():
            old = self.before.get(aid)
            if status == "booked" and (old is None or old[0] != "booked"
                                       or old[1] != when):
                what = "booked" if old is None or old[1] == when \
                    else "moved"
                why = []
                if not yes:
                    why.append("the message %r is not a plain yes" % message)
                if not re.search(recap_pattern(when), prev, re.S):
                    why.append("the previous reply did not recap %s" % when)
                tr = _fold(treat)
                if tr not in prev and not re.search(
                        TREATMENT_EN.get(tr, "^$"), prev):
                    why.append("the previous reply did not name %s" % treat)
                if why:
                    self.violate("confirm", "%s %s %s %s: %s" % (
                        what, prac, treat, when, "; ".join(why)))
            elif status == "cancelled" and old and old[0] == "booked":
                why = []
                if not yes:
                    why.append("the message %r is not a plain yes" % message)
                if not re.search(recap_pattern(when), prev, re.S):
                    why.append("the previous reply did not recap %s" % when)
                if why:
                    self.violate("cancel", "cancelled %s %s %s: %s" % (
                        prac, treat, when, "; ".join(why)))

    def _replies(self, message, replies, silent):
        # silent None: the scenario's silence depends on understanding
        # (a handoff the hostile pass may not reach): 0 or 1 reply.
        want = 0 if silent else 1
        if silent is None and len(replies) <= 1:
            pass
        elif len(replies) != want:
            self.violate("replies", "%d replies to %r (want %d)" % (
                len(replies), message, want))
        lang, score = language(message)
        if lang and (self.lang is None or score >= 2 or lang == "other"):
            self.lang = lang
        if self.lang not in ("fr", "en"):
            return
        other = "en" if self.lang == "fr" else "fr"
        for r in replies:
            w = _words(r)
            own = sum(x in (FR_WORDS if self.lang == "fr" else EN_WORDS)
                      for x in w)
            oth = sum(x in (EN_WORDS if self.lang == "fr" else FR_WORDS)
                      for x in w)
            if oth >= 3 and oth > own:
                self.violate("language", "reply in %s to a %s patient: %r"
                             % (other, self.lang, r[:120]))

    def _overlap(self):
        for who, a, b in self.st.sql(OVERLAP, self.clinic):
            self.violate("overlap", "two booked appointments of one %s "
                         "overlap: %s and %s" % (who, a, b))

    def _offers(self, reply, after):
        f = self.facts
        known = {v[1] for v in list(after.values()) +
                 list(self.before.values())}
        mins = [int(t[1]) for t in f["t"]] or [15]
        horizon = int(f["z"][0][0]) if f["z"] else 60
        notice = int(f["z"][0][1]) if f["z"] else 0
        pracs = {_fold(p[1]): p[2] for p in f["p"]}
        for sent, when, wd_ok in reply_datetimes(reply, self.now.date()):
            if when is None or not wd_ok:
                self.violate("offer", "a date that does not exist or a "
                             "wrong weekday: %r" % sent[:100])
                continue
            stamp = when.strftime("%Y-%m-%d %H:%M")
            if stamp in known or NOT_OFFER.search(sent):
                continue
            why = self._not_free(when, min(mins), horizon, sent, pracs)
            if not why and when < self.now + datetime.timedelta(
                    minutes=notice):
                why = "within the minimum notice"
            if why:
                self.violate("offer", "%s offered but %s: %r" % (
                    stamp, why, sent[:100]))

    def _not_free(self, when, dur, horizon, sent, pracs):
        f = self.facts
        if when <= self.now:
            return "in the past"
        if when > self.now + datetime.timedelta(days=horizon + 1):
            return "beyond the horizon"
        if when.date() in holidays(self.country, when.year):
            return "a public holiday (%s)" % self.country
        m = when.hour * 60 + when.minute
        wd = str(when.weekday())
        if not any(h[0] == wd and int(h[1]) <= m and m + dur <= int(h[2])
                   for h in f["h"]):
            return "outside the opening hours"
        day = when.strftime("%Y-%m-%d")
        if any(c[0] == day and int(c[1]) <= m < int(c[2]) for c in f["c"]):
            return "the clinic is closed"
        named = [pid for last, pid in pracs.items()
                 if re.search(r"\b%s\b" % re.escape(last), sent)]
        cands = named if len(named) == 1 else list(pracs.values())
        stamp = when.strftime("%Y-%m-%d %H:%M")
        for pid in cands:
            hours = [w for w in f["w"] if w[2] == pid]
            if hours and not any(
                    w[0].split()[0] == wd and int(w[0].split()[1]) <= m
                    and m + dur <= int(w[1]) for w in hours):
                continue
            if any(x[2] == pid and x[0] <= stamp < x[1] for x in f["x"]):
                continue
            if any(b[2] == pid and b[0] <= stamp < b[1] for b in f["b"]):
                continue
            return None
        return "no practitioner is free"

    def _names(self, reply):
        f = self.facts
        names = {_fold(p[0]) for p in f["p"]} | {_fold(p[1]) for p in f["p"]}
        said = " ".join(self.patient_text)
        text = _fold(reply)
        for m in re.finditer(r"\b(?:dr\.?|docteur|doctor)\s+([a-z][a-z-]+)"
                             r"(?:\s+([a-z][a-z-]+))?", text):
            first = m.group(1)
            if first not in names and first not in said:
                self.violate("names", "unknown practitioner %r" % m.group(0))
        for t in FOREIGN_TREATMENTS:
            if t in text and t not in said:
                self.violate("names", "a treatment the clinic lacks: %r" % t)

    def twilio_delivered(self, tw, phone, outbound, since):
        """Every outbound message of this phone reached the fake Twilio."""
        def count():
            with urllib.request.urlopen(tw.base + "/_messages",
                                        timeout=10) as r:
                msgs = json.loads(r.read())
            return sum(1 for m in msgs if m.get("to") == "whatsapp:" + phone
                       and m.get("received_at", 0) >= since)
        wait_until(lambda: count() >= outbound, timeout=10, interval=0.2)
        n = count()
        if n != outbound:
            self.violate("replies", "%d outbound messages in the database, "
                         "%d reached Twilio" % (outbound, n))


def parse(path):
    steps = []
    meta = {"title": os.path.basename(path), "clock": DEFAULT_CLOCK,
            "allow": [], "country": ""}
    with open(path, encoding="utf-8") as f:
        for n, raw in enumerate(f, 1):
            line = raw.rstrip("\n")
            s = line.strip()
            if not s or s.startswith("#"):
                continue
            if line.startswith("> "):
                steps.append(("say", line[2:], n))
            elif line.startswith("<"):
                steps.append(("match", line[1:].strip(), n))
            elif s == "remind":
                steps.append(("remind", "", n))
            else:
                key, _, val = s.partition(":")
                key, val = key.strip(), val.strip()
                if key in ("title", "phone", "clock", "country"):
                    meta[key] = val
                elif key == "allow":
                    meta["allow"] += [x.strip() for x in val.split(",")]
                    bad = set(meta["allow"]) - set(INVARIANTS)
                    if bad:
                        raise ScenarioError("%s:%d: unknown invariant %s" %
                                            (path, n, sorted(bad)))
                elif key in ("patient", "appointment", "taken", "sql",
                             "expect"):
                    steps.append((key, val, n))
                else:
                    raise ScenarioError("%s:%d: unknown line %r" %
                                        (path, n, line))
    return meta, steps


def _fields(val):
    return [x.strip() for x in val.split("|")]


def set_country(st, clinic, country):
    """clinics.country = country when the schema has that column."""
    if not country:
        return
    has = st.sql_value("SELECT count(*) FROM information_schema.columns "
                       "WHERE table_name = 'clinics' AND "
                       "column_name = 'country'")
    if has and int(has) > 0:
        st.sql("UPDATE clinics SET country = :'p2' WHERE id = :'p1'",
               clinic, country)


def clinic_country(st, clinic):
    """The clinic's country (FR when the schema has no such column)."""
    has = st.sql_value("SELECT count(*) FROM information_schema.columns "
                       "WHERE table_name = 'clinics' AND "
                       "column_name = 'country'")
    if not has or int(has) == 0:
        return "FR"
    return st.sql_value("SELECT country FROM clinics WHERE id = :'p1'",
                        clinic) or "FR"


def outbound_count(st, clinic, phone):
    return int(st.sql_value(
        "SELECT count(*) FROM messages m JOIN conversations c ON "
        "c.id = m.conversation_id WHERE m.clinic_id = :'p1' AND "
        "c.phone = :'p2' AND m.direction = 'outbound' AND "
        "m.status <> 'not_sent'", clinic, phone))


def run_file(st, path, report=None):
    """Play one scenario; raises ScenarioError with a transcript and the
    invariants broken.  'report', a dict, receives the violations."""
    meta, steps = parse(path)
    ensure_clock(st, meta["clock"])
    clinic, number = new_clinic(st)
    set_country(st, clinic, meta["country"])
    local, zone = split_clock(meta["clock"])
    if zone != ZONE:
        st.sql("UPDATE clinics SET timezone = :'p2' WHERE id = :'p1'",
               clinic, zone)
    phone = meta.get("phone") or "+336%08d" % (uuid.uuid4().int % 10 ** 8)
    conv = Conversation(st, clinic, number, phone)
    inv = Invariants(st, clinic, local, meta["allow"],
                     clinic_country(st, clinic))
    since = time.time()
    if report is not None:
        report["violations"] = inv.violations
        report["where"] = (clinic, phone, since)
    transcript = []
    if report is not None:
        report["transcript"] = transcript
    pending = None      # replies of the last turn, not yet matched
    patients = {}
    taken_n = 0
    only_inv = os.environ.get("SCENARIO_CHECK") == "invariants"

    def fail(n, msg):
        raise ScenarioError("%s:%d: %s\n%s--- transcript ---\n%s" % (
            path, n, msg, "".join(v + "\n" for v in inv.violations),
            "\n".join(transcript)), inv.violations)

    for i, (kind, val, n) in enumerate(steps):
        if kind != "match":
            pending = None
        if kind == "say":
            silent = i + 1 < len(steps) and steps[i + 1][:2] == ("match",
                                                                 "-")
            if silent and only_inv:
                silent = None
            inv.start_turn()
            replies = conv.say(val)
            transcript.append("> " + val)
            transcript.extend("< " + r for r in replies)
            pending = replies
            inv.end_turn(val, replies, silent)
        elif kind == "remind":
            inv.start_turn()
            st.sql("UPDATE clinics c SET reminder_delay_minutes = "
                   "d.reminder_delay_minutes FROM clinics d WHERE c.id = "
                   ":'p1' AND d.id = :'p2'", clinic, DEMO)
            st.ctl("reminders", "--scan")
            st.sql("UPDATE clinics SET reminder_delay_minutes = 0 WHERE "
                   "id = :'p1'", clinic)
            replies = wait_until(conv.new_replies, timeout=5) or []
            transcript.append("[reminder]")
            transcript.extend("< " + r for r in replies)
            pending = replies
            inv.end_turn("", replies, False, kind="remind")
        elif kind == "match" and only_inv:
            continue
        elif kind == "match":
            if pending is None:
                fail(n, "'<' without a message before it")
            if val == "-":
                time.sleep(0.3)
                pending = pending + conv.new_replies()
                if pending:
                    fail(n, "expected silence, got %r" % pending)
                continue
            text = " ".join(pending)
            if not re.search(reply_pattern(val), text, re.I | re.S):
                fail(n, "reply %r does not match /%s/" % (text, val))
        elif kind == "patient":
            parts = val.split()
            first, last, birth = parts[0], " ".join(parts[1:-1]), parts[-1]
            pid = st.sql_value(
                "INSERT INTO patients (clinic_id, phone, first_name, "
                "last_name, birth_date) VALUES (:'p1', :'p2', :'p3', "
                ":'p4', :'p5') RETURNING id", clinic, phone, first, last,
                birth)
            patients["%s %s" % (first, last)] = pid
        elif kind == "appointment":
            who, prac, treat, when = _fields(val)
            if who not in patients:
                fail(n, "unknown patient %r" % who)
            st.sql(APPT, clinic, patients[who], prac, treat, when)
        elif kind == "taken":
            prac, treat, when = _fields(val)
            # Each taken time is another patient's: one patient holding
            # several of them at once would break the patient invariant.
            taken_n += 1
            tphone = "+336999%05d" % taken_n
            other = st.sql_value(
                "INSERT INTO patients (clinic_id, phone, first_name, "
                "last_name) VALUES (:'p1', :'p2', 'Autre', "
                "'Patient') ON CONFLICT DO NOTHING RETURNING id", clinic,
                tphone) \
                or st.sql_value("SELECT id FROM patients WHERE clinic_id ="
                                " :'p1' AND phone = :'p2'", clinic, tphone)
            st.sql(APPT, clinic, other, prac, treat, when)
        elif kind == "sql":
            st.sql(val.replace("{clinic}", clinic).replace("{phone}",
                                                           phone))
        elif kind == "expect" and not only_inv:
            check(st, clinic, phone, val, lambda m: fail(n, m))
    tw = getattr(st, "scen_twilio", None)
    if tw:
        inv.twilio_delivered(tw, phone, outbound_count(st, clinic, phone),
                             since - 1)
    if inv.violations:
        fail(len(steps) and steps[-1][2], "invariants broken")
    return meta["title"]


def reply_pattern(val):
    """A '<' line as a regex; one that is not a valid regex ("?", a
    lone bracket) is matched literally, as its writer meant."""
    try:
        re.compile(val)
        return val
    except re.error:
        return re.escape(val)


def check(st, clinic, phone, val, fail):
    what, _, rest = val.partition(" ")
    rest = rest.strip()
    if what in ("booked", "cancelled"):
        prac, treat, when = _fields(rest)
        c = int(st.sql_value(FIND, clinic, what, prac, treat, when))
        if c != 1:
            rows = st.sql("SELECT status, treatment_name, starts_at FROM "
                          "appointments WHERE clinic_id = :'p1'", clinic)
            fail("expected one %s appointment %s, found %d; all: %r" %
                 (what, rest, c, rows))
    elif what == "within":
        prac, treat, lo, hi = _fields(rest)
        c = int(st.sql_value(
            "SELECT count(*) FROM appointments a JOIN practitioners pr ON "
            "pr.id = a.practitioner_id JOIN clinics c ON c.id = a.clinic_id"
            " WHERE a.clinic_id = :'p1' AND a.status = 'booked' AND "
            "(:'p2' = '*' OR pr.last_name = :'p2') AND (:'p3' = '*' OR "
            "a.treatment_name = :'p3') AND a.starts_at >= (:'p4')::timestamp"
            " AT TIME ZONE c.timezone AND a.starts_at < (:'p5')::timestamp "
            "AT TIME ZONE c.timezone", clinic, prac, treat, lo, hi))
        if c != 1:
            rows = st.sql("SELECT status, treatment_name, starts_at FROM "
                          "appointments WHERE clinic_id = :'p1'", clinic)
            fail("expected one booked %s, found %d; all: %r" % (
                rest, c, rows))
    elif what == "count":
        c = int(st.sql_value("SELECT count(*) FROM appointments WHERE "
                             "clinic_id = :'p1' AND status = 'booked'",
                             clinic))
        if c != int(rest):
            fail("expected %s booked appointments, found %d" % (rest, c))
    elif what in ("response", "reminder"):
        col = "patient_response" if what == "response" else \
            "reminder_status"
        v = st.sql_value("SELECT coalesce(%s, '') FROM appointments WHERE "
                         "clinic_id = :'p1' ORDER BY updated_at DESC "
                         "LIMIT 1" % col, clinic) or ""
        if v != rest:
            fail("expected %s %r, found %r" % (col, rest, v))
    elif what == "media":
        q = ("SELECT count(*) FROM message_media mm JOIN messages m ON "
             "m.id = mm.message_id JOIN conversations c ON c.id = "
             "m.conversation_id WHERE m.clinic_id = :'p1' AND c.phone = "
             ":'p2' AND mm.status = 'stored'")
        wait_until(lambda: int(st.sql_value(q, clinic, phone)) >= int(rest),
                   timeout=15, interval=0.2)
        c = int(st.sql_value(q, clinic, phone))
        if c != int(rest):
            fail("expected %s stored attachments, found %d" % (rest, c))
    elif what == "conversation":
        row = st.sql("SELECT needs_staff, status, state, "
                     "coalesce(needs_staff_reason, '') FROM conversations "
                     "WHERE clinic_id = :'p1' AND phone = :'p2'",
                     clinic, phone)
        if not row:
            fail("no conversation")
        needs, status, state, reason = row[0]
        if rest == "needs_staff" and needs != "t":
            fail("conversation not flagged for staff")
        elif rest == "handoff" and status != "handoff":
            fail("conversation status is %s" % status)
        elif rest.startswith("state=") and state != rest[6:]:
            fail("conversation state is %s" % state)
        elif rest.startswith("reason=") and reason != rest[7:]:
            fail("needs_staff_reason is %r" % reason)
    else:
        fail("unknown expectation %r" % val)


def twilio_count(tw, phone, since):
    """Messages the fake Twilio received for this phone since then."""
    with urllib.request.urlopen(tw.base + "/_messages", timeout=10) as r:
        msgs = json.loads(r.read())
    return sum(1 for m in msgs if m.get("to") == "whatsapp:" + phone
               and m.get("received_at", 0) >= since)


def metrics(st, tw, report):
    """What one scenario cost, from the database and the fake Twilio:
    (handed off 0/1, patient-visible replies, appointments Sophie
    booked), or None when it did not get as far as a clinic."""
    if "where" not in report:
        return None
    clinic, phone, since = report["where"]
    handoff = int(st.sql_value(
        "SELECT count(*) FROM conversations WHERE clinic_id = :'p1' AND "
        "phone = :'p2' AND status = 'handoff'", clinic, phone))
    booked = int(st.sql_value(
        "SELECT count(*) FROM appointments WHERE clinic_id = :'p1' AND "
        "source = 'whatsapp'", clinic))
    replies = twilio_count(tw, phone, since - 1) if tw else \
        outbound_count(st, clinic, phone)
    return min(handoff, 1), replies, booked


def print_metrics(runs):
    """The run's handoff rate and replies per booking (issue 16)."""
    n = len(runs)
    handoffs = sum(r[0] for r in runs)
    replies = sum(r[1] for r in runs)
    booked = sum(r[2] for r in runs)
    print("handoff rate: %d handoffs in %d scenarios = %s per scenario" % (
        handoffs, n, "%.2f" % (handoffs / n) if n else "n/a"))
    print("replies per booking: %d replies / %d bookings = %s" % (
        replies, booked, "%.2f" % (replies / booked) if booked else "n/a"))


def passing_dev():
    """The dev/ scenarios listed in dev/PASSING (one file name a line)."""
    path = os.path.join(DEV, "PASSING")
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8") as f:
        names = [x.strip() for x in f if x.strip() and
                 not x.startswith("#")]
    return [os.path.join(DEV, x) for x in names]


def by_clock(paths):
    """Paths in a stable order that groups equal clocks (one restart
    of the stack per clock)."""
    first = {}
    for p in paths:
        first.setdefault(scenario_clock(p), len(first))
    return sorted(paths, key=lambda p: first[scenario_clock(p)])


def files(args):
    """The scenario files of args (files or directories).  No args: the
    top-level tests/scenarios/*.txt, then the dev/ ones in dev/PASSING."""
    out = []
    for a in args or [HERE]:
        if os.path.isdir(a):
            out += sorted(os.path.join(a, f) for f in os.listdir(a)
                          if f.endswith(".txt"))
        else:
            out.append(a)
    if not args:
        out += passing_dev()
    return by_clock(out)


def self_test():
    """The invariants' detectors on fixed inputs (no stack needed)."""
    for m in ("oui", "Oui, je confirme", "yes please", "ok 👍", "d'accord",
              "c'est bon", "that works"):
        assert plain_yes(m), m
    for m in ("oui mais c'est combien ?", "yes if it's Dr Leal", "non",
              "peut-être", "probably yes", "yes, wait", "je crois que oui",
              "oui sauf si c'est le Dr Martin", "ok?", "oui enfin non",
              "hmm yes", "le 1"):
        assert not plain_yes(m), m
    assert language("Bonjour, je voudrais un rendez-vous")[0] == "fr"
    assert language("Hi, I'd like an appointment please")[0] == "en"
    assert language("Guten Tag, ich möchte einen Termin")[0] == "other"
    assert language("Marie Dupont")[0] is None
    today = datetime.date(2026, 11, 23)
    got = reply_datetimes("1. mardi 24 novembre à 14:30 avec Dr Marie "
                          "Leal 2. Friday 1 January 2027 at 9:00", today)
    assert [(w, ok) for _, w, ok in got] == [
        (datetime.datetime(2026, 11, 24, 14, 30), True),
        (datetime.datetime(2027, 1, 1, 9, 0), True)], got
    assert not reply_datetimes("lundi 24 novembre à 10:00", today)[0][2]
    assert re.search(recap_pattern("2026-11-24 14:00"),
                     _fold("le mardi 24 novembre à 14:00, pour X"))
    assert re.search(recap_pattern("2026-11-24 14:00"),
                     _fold("Tuesday 24 November at 2pm"))
    assert not re.search(recap_pattern("2026-11-24 14:00"),
                         _fold("mardi 24 novembre à 14:30"))
    for d in ("2026-12-25", "2027-01-01", "2027-03-29", "2027-05-01",
              "2027-05-06", "2027-05-17"):
        assert fr_holiday(datetime.date.fromisoformat(d)), d
    for d in ("2026-12-24", "2026-12-26", "2027-03-26", "2027-04-30"):
        assert not fr_holiday(datetime.date.fromisoformat(d)), d
    assert clock_utc("2027-03-26T10:00") == "2027-03-26T09:00:00Z"
    assert clock_utc("2027-03-29T10:00") == "2027-03-29T08:00:00Z"
    assert split_clock("2026-11-26T10:00") == ("2026-11-26T10:00", ZONE)
    assert clock_utc(*split_clock("2026-11-26T10:00 America/Toronto")) \
        == "2026-11-26T15:00:00Z"
    # the project's holidays (invariant c) against this file's own
    # derivation for France, and a few of other countries' own days
    from harness import BUILD
    if os.path.exists(os.path.join(TOP, BUILD, "bin", "sophiectl")):
        for y in range(2026, 2031):
            mine = {d for d in (datetime.date(y, 1, 1) +
                                datetime.timedelta(days=k)
                                for k in range(366)) if d.year == y and
                    fr_holiday(d)}
            assert holidays("FR", y) == mine, (y, holidays("FR", y) ^ mine)
        for cc, d in (("GB", "2026-12-28"), ("US", "2026-11-26"),
                      ("CA", "2026-07-01"), ("DE", "2026-10-03"),
                      ("BE", "2026-07-21"), ("IE", "2027-03-17")):
            day = datetime.date.fromisoformat(d)
            assert day in holidays(cc, day.year), (cc, d)
            assert day not in holidays("FR", day.year), (cc, d)
    print("self-test: ok")
    return 0


def main(argv):
    if argv == ["--self-test"]:
        return self_test()
    self_test()
    paths = files(argv)
    st, tw = start_stack()
    passed = failed = 0
    broken = {}         # invariant name -> number of violations
    failing = []
    runs = []           # (handoff, replies, bookings) per scenario
    try:
        for p in paths:
            t0 = time.time()
            report = {}
            try:
                title = run_file(st, p, report)
                passed += 1
                print("[ OK ] %s — %s (%.1fs)" % (
                    os.path.basename(p), title, time.time() - t0))
                if os.environ.get("SCENARIOS_VERBOSE") == "1":
                    print("\n".join(report.get("transcript", [])))
            except Exception as e:  # noqa: BLE001
                failed += 1
                failing.append(os.path.basename(p))
                print("[FAIL] %s\n%s" % (os.path.basename(p), e))
            for v in report.get("violations", []):
                name = v.split("]")[0][5:]
                broken[name] = broken.get(name, 0) + 1
            try:
                m = metrics(st, tw, report)
                if m is not None:
                    runs.append(m)
            except Exception as e:  # noqa: BLE001
                print("metrics of %s: %s" % (os.path.basename(p), e))
            sys.stdout.flush()
    finally:
        st.destroy()
        tw.stop()
    print("scenarios: %d passed, %d failed" % (passed, failed))
    print("invariant violations: %s" % (", ".join(
        "%s %d" % kv for kv in sorted(broken.items())) or "none"))
    print_metrics(runs)
    if failing:
        print("failed: " + " ".join(failing))
    # A sanitizer build's servers may report without failing a turn.
    import harness
    for r in harness.SANITIZER_REPORTS:
        print("sanitizer: %s" % r)
    return 1 if failed or not paths or harness.SANITIZER_REPORTS else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
