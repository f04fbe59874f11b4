"""A kept-open PostgreSQL connection for the test harness, through libpq
(ctypes), that answers like `psql -X -qAt -F '\t' -v ON_ERROR_STOP=1`
with -v p1=... variables: same rows, same errors, same autocommit.

Starting psql costs about a tenth of a second per query here (a process
and a new authenticated connection); the scenario suites run tens of
queries per scenario.  Query() returns None for what it does not read the
way psql would (psql meta-commands, COPY, session settings, variables it
does not know): the caller then runs psql itself."""
import ctypes
import ctypes.util
import re

_lib = None
# psql -q's notices went to a stderr nobody read: these are dropped.
_NOTICE = ctypes.CFUNCTYPE(None, ctypes.c_void_p, ctypes.c_char_p)
_drop_notice = _NOTICE(lambda arg, msg: None)


def _libpq():
    global _lib
    if _lib is None:
        name = ctypes.util.find_library("pq") or "libpq.so.5"
        lib = ctypes.CDLL(name)
        vp, cp, i = ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int
        for fn, res, args in (
                ("PQconnectdb", vp, [cp]),
                ("PQstatus", i, [vp]),
                ("PQerrorMessage", cp, [vp]),
                ("PQfinish", None, [vp]),
                ("PQtransactionStatus", i, [vp]),
                ("PQexec", vp, [vp, cp]),
                ("PQescapeLiteral", vp, [vp, cp, ctypes.c_size_t]),
                ("PQfreemem", None, [vp]),
                ("PQresultStatus", i, [vp]),
                ("PQresultErrorMessage", cp, [vp]),
                ("PQresultErrorField", cp, [vp, i]),
                ("PQntuples", i, [vp]),
                ("PQnfields", i, [vp]),
                ("PQgetvalue", cp, [vp, i, i]),
                ("PQclear", None, [vp]),
                ("PQsetNoticeProcessor", vp, [vp, _NOTICE, vp])):
            f = getattr(lib, fn)
            f.restype, f.argtypes = res, args
        _lib = lib
    return _lib


CONNECTION_OK = 0
PGRES_EMPTY_QUERY, PGRES_COMMAND_OK, PGRES_TUPLES_OK = 0, 1, 2
PQTRANS_IDLE = 0
PG_DIAG_SQLSTATE = ord("C")

# First words of statements whose effect outlives psql's own connection
# (a setting, a prepared statement, a temporary table...) or that psql
# runs its own way (COPY): these go to psql.
_SESSION = re.compile(r"^\s*(set|reset|copy|listen|unlisten|prepare|"
                      r"deallocate|discard|declare|load|\\)", re.I)


def split(query, nparams, literal=lambda k: "$%d" % k):
    """The statements of a psql script, each with its :'pN' variables
    replaced by literal(N) (psql's own quoting, PQescapeLiteral), and for
    each the list of N it uses; None when the script needs psql itself."""
    out, cur, used = [], [], []
    i, n = 0, len(query)
    at_line_start = True

    def flush():
        text = "".join(cur).strip()
        if text and not re.fullmatch(r"(\s|--[^\n]*\n?)*", text):
            out.append((text, list(used)))
        cur.clear()
        used.clear()

    while i < n:
        c = query[i]
        if at_line_start and c == "\\":
            return None
        at_line_start = c == "\n" or (at_line_start and c in " \t")
        if c == "'" or (c in "eE" and query[i + 1:i + 2] == "'" and
                        (i == 0 or not (query[i - 1].isalnum() or
                                        query[i - 1] == "_"))):
            esc = c != "'"
            j = i + (2 if esc else 1)
            while j < n:
                if esc and query[j] == "\\":
                    j += 2
                    continue
                if query[j] == "'":
                    if query[j + 1:j + 2] == "'":
                        j += 2
                        continue
                    break
                j += 1
            cur.append(query[i:j + 1])
            i = j + 1
            continue
        if c == '"':
            j = query.find('"', i + 1)
            j = n if j < 0 else j
            cur.append(query[i:j + 1])
            i = j + 1
            continue
        if c == "$":
            m = re.match(r"\$([A-Za-z_][A-Za-z0-9_]*)?\$", query[i:])
            if m and (i == 0 or not (query[i - 1].isalnum() or
                                     query[i - 1] == "_")):
                tag = m.group(0)
                j = query.find(tag, i + len(tag))
                j = n if j < 0 else j + len(tag)
                cur.append(query[i:j])
                i = j
                continue
        if c == "-" and query[i + 1:i + 2] == "-":
            j = query.find("\n", i)
            j = n if j < 0 else j
            cur.append(query[i:j])
            i = j
            continue
        if c == "/" and query[i + 1:i + 2] == "*":
            depth, j = 1, i + 2
            while j < n and depth:
                if query[j:j + 2] == "/*":
                    depth, j = depth + 1, j + 2
                elif query[j:j + 2] == "*/":
                    depth, j = depth - 1, j + 2
                else:
                    j += 1
            cur.append(query[i:j])
            i = j
            continue
        if c == ":":
            if query[i + 1:i + 2] == ":":
                cur.append("::")
                i += 2
                continue
            m = re.match(r":'p(\d+)'", query[i:])
            if m:
                k = int(m.group(1))
                if not 1 <= k <= nparams:
                    return None
                if k not in used:
                    used.append(k)
                cur.append(literal(k))
                i += len(m.group(0))
                continue
            if re.match(r":(\"?[A-Za-z_]|\{\?)", query[i:]):
                return None
        if c == ";":
            flush()
            i += 1
            continue
        cur.append(c)
        i += 1
    flush()
    for text, _ in out:
        if _SESSION.match(text) or re.search(r"\btemp(orary)?\b|"
                                             r"set_config", text, re.I):
            return None
    return out


class Conn:
    """One connection, opened on first use, closed by close()."""

    def __init__(self, conninfo):
        self.conninfo = conninfo + " client_encoding=UTF8"
        self.conn = None

    def close(self):
        if self.conn:
            _libpq().PQfinish(self.conn)
            self.conn = None

    def _open(self):
        lib = _libpq()
        if self.conn and lib.PQstatus(self.conn) != CONNECTION_OK:
            self.close()
        if not self.conn:
            c = lib.PQconnectdb(self.conninfo.encode())
            if not c or lib.PQstatus(c) != CONNECTION_OK:
                if c:
                    lib.PQfinish(c)
                return False
            lib.PQsetNoticeProcessor(c, _drop_notice, None)
            self.conn = c
        return True

    def query(self, query, params):
        """Rows as psql -At would print them, split the way the harness
        splits them; raises RuntimeError('psql: ...') on an error; None
        when psql must run the script instead."""
        if not self._open():
            return None
        lib = _libpq()
        lits = {}

        def literal(k):
            if k not in lits:
                v = str(params[k - 1]).encode()
                p = lib.PQescapeLiteral(self.conn, v, len(v))
                if not p:
                    raise ValueError("parameter %d cannot be quoted" % k)
                lits[k] = ctypes.string_at(p).decode()
                lib.PQfreemem(p)
            return lits[k]

        try:
            stmts = split(query, len(params), literal)
        except ValueError:
            return None
        if stmts is None:
            return None
        lines = []
        done = 0
        try:
            for text, _ in stmts:
                # One statement at a time, as psql sends them.
                res = lib.PQexec(self.conn, text.encode())
                if not res:
                    self.close()
                    return None if not done else self._lost()
                try:
                    st = lib.PQresultStatus(res)
                    if st not in (PGRES_EMPTY_QUERY, PGRES_COMMAND_OK,
                                  PGRES_TUPLES_OK):
                        msg = (lib.PQresultErrorMessage(res) or b"").decode(
                            "utf-8", "replace")
                        code = lib.PQresultErrorField(res, PG_DIAG_SQLSTATE)
                        code = (code or b"").decode()
                        if lib.PQstatus(self.conn) != CONNECTION_OK or \
                                not code or code[:2] == "08" or \
                                code[:3] == "57P":
                            # The server went away (a restart): psql
                            # answers for this one, as it always did.
                            self.close()
                            return None if not done else self._lost()
                        raise RuntimeError("psql: " + msg)
                    done += 1
                    for r in range(lib.PQntuples(res)):
                        lines.append("\t".join(
                            (lib.PQgetvalue(res, r, f) or b"").decode(
                                "utf-8", "replace")
                            for f in range(lib.PQnfields(res))))
                finally:
                    lib.PQclear(res)
        finally:
            # psql's connection ends with the script: a transaction it
            # left open is rolled back.
            if self.conn and lib.PQtransactionStatus(self.conn) != \
                    PQTRANS_IDLE:
                lib.PQclear(lib.PQexec(self.conn, b"ROLLBACK"))
        out = "\n".join(lines).splitlines()
        return [x.split("\t") for x in out if x != ""]

    def _lost(self):
        raise RuntimeError("psql: the connection was lost in the middle "
                           "of a script")
