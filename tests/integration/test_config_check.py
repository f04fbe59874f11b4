"""`sophiectl config check`: an operator's settings file is read the way
each program reads it, then the database, its migrations and the
templates are tried; every problem is one line naming the setting, and the
exit status says whether everything would start."""
import os
import subprocess
import tempfile

from harness import TOP, shared_stack

CTL = os.path.join(TOP, os.environ.get("B", "build"), "bin", "sophiectl")


def _check(path, env_extra=None):
    env = {k: v for k, v in os.environ.items()
           if k not in ("SOPHIE_ENV_FILE", "DATABASE_URL", "JWT_SECRET",
                        "SOPHIE_SECRET_KEY", "PUBLIC_BASE_URL", "NODE_ENV")}
    env.update(env_extra or {})
    p = subprocess.run([CTL, "config", "check", "--file", path], cwd=TOP,
                       env=env, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, timeout=60)
    return p.returncode, p.stdout.decode("utf-8", "replace")


def _settings(st):
    with open(st.env_file()) as f:
        return f.read()


def _write(text):
    fd, path = tempfile.mkstemp(suffix=".env")
    with os.fdopen(fd, "w") as f:
        f.write(text)
    return path


def test_the_suites_settings_pass():
    st = shared_stack()
    rc, out = _check(st.env_file())
    assert rc == 0, out
    assert "ok    database: connected" in out, out
    assert "every migration" in out, out
    assert "ok    templates:" in out, out
    assert "FAIL" not in out, out


def test_every_problem_is_named():
    st = shared_stack()
    lines = [l for l in _settings(st).splitlines()
             if not l.startswith(("JWT_SECRET=", "SOPHIE_SECRET_KEY="))]
    path = _write("\n".join(lines) + "\nJWT_SECRET=short\n")
    try:
        rc, out = _check(path)
    finally:
        os.unlink(path)
    assert rc == 1, out
    assert "worker: config: SOPHIE_SECRET_KEY is missing" in out, out
    assert "admin responder: config: JWT_SECRET must be at least 32" in out
    assert "something is wrong" in out, out


def test_database_problems_say_libpq_reason():
    st = shared_stack()
    lines = [l for l in _settings(st).splitlines()
             if not l.startswith("DATABASE_URL=")]
    path = _write("\n".join(lines) +
                  "\nDATABASE_URL=\"host=/nonexistent-dir dbname=sophie\"\n")
    try:
        rc, out = _check(path)
    finally:
        os.unlink(path)
    assert rc == 1, out
    assert "FAIL  database (DATABASE_URL):" in out, out
    assert "/nonexistent-dir" in out, out
    # A URL libpq refuses is refused before any connection is tried.
    path = _write("\n".join(lines) +
                  "\nDATABASE_URL=postgresql://h/db?nosuch=1\n")
    try:
        rc, out = _check(path)
    finally:
        os.unlink(path)
    assert rc == 1 and "DATABASE_URL is not a PostgreSQL connection " \
        "string" in out, out


def test_missing_templates_named():
    st = shared_stack()
    lines = [l for l in _settings(st).splitlines()
             if not l.startswith("SOPHIE_TEMPLATE_DIR=")]
    path = _write("\n".join(lines) + "\nSOPHIE_TEMPLATE_DIR=/nonexistent-tmpl\n")
    try:
        rc, out = _check(path)
    finally:
        os.unlink(path)
    assert rc == 1, out
    assert "FAIL  SOPHIE_TEMPLATE_DIR: /nonexistent-tmpl" in out, out


def test_unreadable_file_named():
    rc, out = _check("/nonexistent/sophie.env")
    assert rc == 1 and "/nonexistent/sophie.env cannot be read" in out, out
