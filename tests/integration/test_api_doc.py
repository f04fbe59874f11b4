"""docs/api.md against the responders' route tables.

Every `routes[]` table of fcgi-bin/*.c is read from the C source (string
literals, the file's own string macros such as C "/login", comments
skipped) and compared with the route headings of docs/api.md, section by
section: the section of a responder is the `## ` heading that names its
file (fcgi-bin/admin.c), and a route heading is a `### METHOD /path`
line under it.  A route of a table missing from its section, a documented
route that its responder's table does not have, or a responder without a
section fails the suite, naming them.  For the responders whose routes
pass through auth_before, the route's "Who:" line must also say what its
flags say (public, clinic staff, clinic admin, superadmin).

Needs no running stack: it reads files only.
"""
import os
import re

TOP = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
FCGI = os.path.join(TOP, "fcgi-bin")
DOC = os.path.join(TOP, "docs", "api.md")

METHODS = ("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD")

# The C tokens a route table is made of.
_TOKEN = re.compile(r'''
    (?P<comment>/\*.*?\*/|//[^\n]*)
  | (?P<string>"(?:[^"\\\n]|\\.)*")
  | (?P<ident>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<number>0[xX][0-9A-Fa-f]+|[0-9]+)
  | (?P<punct>[{}(),;|=\[\]&+*/.-])
  | (?P<space>\s+)
''', re.X | re.S)


def _tokens(text):
    """The C tokens of text as (kind, value), comments and spaces
    dropped; a character no rule knows is an error (the parser must not
    guess)."""
    out, pos = [], 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if m is None:
            raise ValueError("cannot read C near %r" % text[pos:pos + 40])
        pos = m.end()
        kind = m.lastgroup
        if kind in ("comment", "space"):
            continue
        val = m.group(kind)
        if kind == "string":
            val = bytes(val[1:-1], "utf-8").decode("unicode_escape")
        out.append((kind, val))
    return out


def _macros(src):
    """#define NAME <expression> lines of src, as token lists."""
    macros = {}
    for m in re.finditer(r"^#define[ \t]+([A-Za-z_]\w*)[ \t]+(.*)$", src,
                         re.M):
        macros[m.group(1)] = _tokens(m.group(2))
    return macros


def _expand(toks, macros, depth=0):
    """toks with the file's macros replaced by their tokens."""
    if depth > 8:
        raise ValueError("macro nesting too deep")
    out = []
    for kind, val in toks:
        if kind == "ident" and val in macros:
            out.extend(_expand(macros[val], macros, depth + 1))
        else:
            out.append((kind, val))
    return out


_FLAG_BITS = {"AUTH_F_PUBLIC": 0x01, "AUTH_F_SUPER": 0x02,
              "AUTH_F_ADMIN": 0x04, "AUTH_F_NOCSRF": 0x08}


def _flags(toks):
    """The value of a flags expression (names, numbers, '|', parens)."""
    v = 0
    for kind, val in toks:
        if kind == "ident":
            if val not in _FLAG_BITS:
                raise ValueError("unknown flag %s" % val)
            v |= _FLAG_BITS[val]
        elif kind == "number":
            v |= int(val, 0)
        elif val not in ("|", "(", ")"):
            raise ValueError("cannot read flags %r" % (toks,))
    return v


def _split_top(toks):
    """Split an entry's tokens on the commas outside parentheses."""
    parts, cur, depth = [], [], 0
    for t in toks:
        if t[1] == "(":
            depth += 1
        elif t[1] == ")":
            depth -= 1
        if t == ("punct", ",") and depth == 0:
            parts.append(cur)
            cur = []
        else:
            cur.append(t)
    if cur:
        parts.append(cur)
    return parts


def parse_routes(src):
    """The routes of the `routes[]` table in the C text src, in order:
    a list of (method, pattern, handler, flags)."""
    m = re.search(r"\broutes\s*\[\s*\]\s*=\s*\{", src)
    if m is None:
        return []
    end = src.find("\n};", m.end())
    if end == -1:
        raise ValueError("routes[] table without its closing \"};\"")
    toks = _expand(_tokens(src[m.end():end + 2]), _macros(src))
    routes, i = [], 0
    while True:
        if toks[i] == ("punct", "}"):
            break                       # end of the table
        if toks[i] != ("punct", "{"):
            raise ValueError("expected an entry, got %r" % (toks[i],))
        j = i + 1
        while toks[j] != ("punct", "}"):
            j += 1
        parts = _split_top(toks[i + 1:j])
        if len(parts) != 4 or any(k != "string" for k, _ in parts[1]):
            raise ValueError("cannot read route %r" % (toks[i:j + 1],))
        method = parts[0][0][1]
        pattern = "".join(v for _, v in parts[1])
        routes.append((method, pattern, parts[2][0][1], _flags(parts[3])))
        i = j + 1
        if toks[i] == ("punct", ","):
            i += 1
    return routes


def responders():
    """{name: (routes, uses auth_before)} for every fcgi-bin/*.c."""
    out = {}
    for f in sorted(os.listdir(FCGI)):
        if not f.endswith(".c"):
            continue
        with open(os.path.join(FCGI, f), encoding="utf-8") as fh:
            src = fh.read()
        out[f[:-2]] = (parse_routes(src), "auth_before" in src)
    return out


_SECTION = re.compile(r"^## .*\bfcgi-bin/(\w+)\.c\b")
_ROUTE = re.compile(r"^### (%s) (/\S*)\s*$" % "|".join(METHODS))
_WHO = re.compile(r"^\*\*Who:\*\*\s*(.+)$")


def parse_doc(text):
    """The documented routes, by responder section: {name: [(method,
    path, who or None, line number)]}.  Route headings outside any
    responder section are filed under None."""
    out, sec, last = {}, None, None
    for n, line in enumerate(text.splitlines(), 1):
        m = _SECTION.match(line)
        if m:
            sec = m.group(1)
            out.setdefault(sec, [])
            last = None
            continue
        if line.startswith("## "):
            sec, last = None, None
            continue
        m = _ROUTE.match(line)
        if m:
            out.setdefault(sec, []).append([m.group(1), m.group(2), None, n])
            last = out[sec][-1]
            continue
        m = _WHO.match(line)
        if m and last is not None and last[2] is None:
            last[2] = m.group(1).strip()
    return {k: [tuple(r) for r in v] for k, v in out.items()}


def who_of(flags):
    """The caller a route's flags admit, in the words docs/api.md uses."""
    if flags & _FLAG_BITS["AUTH_F_PUBLIC"]:
        return "public"
    if flags & _FLAG_BITS["AUTH_F_SUPER"]:
        return "superadmin"
    if flags & _FLAG_BITS["AUTH_F_ADMIN"]:
        return "clinic admin"
    return "clinic staff"


def check(tables, doc):
    """Compare tables (as responders()) with doc (as parse_doc()).
    Returns the list of problems, each naming the route or section."""
    problems = []
    for name in sorted(k for k in doc if k is not None and
                       k not in tables):
        problems.append("docs/api.md has a section for fcgi-bin/%s.c, "
                        "which does not exist" % name)
    for method, path, _, n in doc.get(None, []):
        problems.append("docs/api.md line %d: %s %s is outside any "
                        "responder section" % (n, method, path))
    for name, (routes, guarded) in sorted(tables.items()):
        if name not in doc:
            problems.append("docs/api.md has no section for "
                            "fcgi-bin/%s.c" % name)
            continue
        have = {}
        for method, path, who, n in doc[name]:
            if (method, path) in have:
                problems.append("docs/api.md line %d: %s %s documented "
                                "twice in the %s section" %
                                (n, method, path, name))
            have[(method, path)] = (who, n)
        table = {(m, p): f for m, p, _, f in routes}
        for (m, p) in table:
            if (m, p) not in have:
                problems.append("missing from docs/api.md: %s %s "
                                "(fcgi-bin/%s.c)" % (m, p, name))
        for (m, p), (who, n) in sorted(have.items()):
            if (m, p) not in table:
                problems.append("docs/api.md line %d: %s %s is in no "
                                "route table (fcgi-bin/%s.c)" %
                                (n, m, p, name))
            elif who is None:
                problems.append("docs/api.md line %d: %s %s has no "
                                "**Who:** line" % (n, m, p))
            elif guarded and not who.lower().startswith(
                    who_of(table[(m, p)])):
                problems.append("docs/api.md line %d: %s %s says who "
                                "may call it is %r; its flags say %r" %
                                (n, m, p, who, who_of(table[(m, p)])))
    return problems


def _read_doc():
    with open(DOC, encoding="utf-8") as f:
        return f.read()


def test_route_tables_are_read():
    """The parser reads every entry of every table: as many routes as
    lines that open an entry with a method, and the known ones."""
    tables = responders()
    assert set(tables) >= {"webhook", "admin", "superadmin", "oauth"}, \
        sorted(tables)
    for name, (routes, _) in tables.items():
        with open(os.path.join(FCGI, name + ".c"), encoding="utf-8") as f:
            src = f.read()
        body = src[src.index("routes[]"):]
        body = body[:body.index("\n};")]
        opened = len(re.findall(r'\{\s*"(?:%s)"' % "|".join(METHODS), body))
        assert len(routes) == opened, (name, len(routes), opened)
        assert routes, name
    admin = {(m, p): f for m, p, _, f in tables["admin"][0]}
    assert admin[("POST", "/clinic/{clinicId}/admin/login")] == 0x09
    assert admin[("PUT", "/clinic/{clinicId}/admin/settings")] == 0x04
    assert admin[("GET", "/clinic/{clinicId}/admin")] == 0
    sup = {(m, p): f for m, p, _, f in tables["superadmin"][0]}
    assert sup[("GET", "/superadmin/images/{clinicId}/{filename}")] == 0x02


def test_checker_names_missing_and_unknown_routes():
    """The comparison itself: a route left out, a route no table has,
    a wrong Who line and a missing section are each named."""
    tables = {"demo": ([("GET", "/a", "h", 0x01), ("POST", "/b", "h", 0x04),
                        ("PUT", "/c", "h", 0x02)], True),
              "other": ([("GET", "/x", "h", 0)], False)}
    doc = parse_doc("# API\n\n## Demo (fcgi-bin/demo.c)\n\n"
                    "### GET /a\n\n**Who:** public\n\n"
                    "### PUT /c\n\n**Who:** clinic staff\n\n"
                    "### DELETE /gone\n\n**Who:** public\n")
    problems = check(tables, doc)
    text = "\n".join(problems)
    assert "missing from docs/api.md: POST /b (fcgi-bin/demo.c)" in text, \
        text
    assert "DELETE /gone is in no route table" in text, text
    assert "PUT /c says who may call it is 'clinic staff'" in text, text
    assert "no section for fcgi-bin/other.c" in text, text
    assert not any("GET /a" in p for p in problems), text
    doc_ok = parse_doc("## Demo (fcgi-bin/demo.c)\n### GET /a\n"
                       "**Who:** public\n### POST /b\n**Who:** clinic "
                       "admin (ADMIN role)\n### PUT /c\n**Who:** "
                       "superadmin\n## Other (fcgi-bin/other.c)\n"
                       "### GET /x\n**Who:** Twilio\n")
    assert check(tables, doc_ok) == []


def test_every_route_is_documented():
    """Every (method, path) of every route table is in its responder's
    section of docs/api.md, and docs/api.md documents no other."""
    assert os.path.exists(DOC), "docs/api.md is missing"
    problems = check(responders(), parse_doc(_read_doc()))
    assert not problems, "\n" + "\n".join(problems)


def test_every_route_has_a_curl_example():
    """Each documented route carries one curl example."""
    text = _read_doc()
    lacking = []
    heads = [m for m in re.finditer(r"^### (?:%s) \S+.*$" % "|".join(METHODS),
                                    text, re.M)]
    for i, m in enumerate(heads):
        end = heads[i + 1].start() if i + 1 < len(heads) else len(text)
        nxt = text.find("\n## ", m.end())
        if nxt != -1 and nxt < end:
            end = nxt
        if "curl " not in text[m.end():end]:
            lacking.append(m.group(0))
    assert not lacking, "no curl example under:\n" + "\n".join(lacking)
