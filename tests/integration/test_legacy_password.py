"""Users brought over from the seed system keep their bcrypt hash: the
first login with the right password succeeds and replaces it with an
Argon2id hash; a wrong password is refused either way; a malformed hash
cannot be stored."""
import test_admin as ta
from harness import shared_stack

# bcrypt of "seed-password-2024" (cost 10), as the seed's bcrypt library
# writes them ($2b$) and as older ones did ($2a$).
HASH_2B = "$2b$10$q9dgXWN89o57g/tFi.WU4us7FvGU1AJIQFSbnDtYOn98sbIlTE1R6"
HASH_2A = "$2a$10$q9dgXWN89o57g/tFi.WU4us7FvGU1AJIQFSbnDtYOn98sbIlTE1R6"
PASSWORD = "seed-password-2024"


def _user(email, h):
    st = shared_stack()
    cid = st.demo_info["clinic_id"]
    st.sql("DELETE FROM clinic_users WHERE email = :'p1'", email)
    st.sql("INSERT INTO clinic_users (clinic_id, email, password_hash, "
           "role) VALUES (:'p1', :'p2', :'p3', 'ADMIN')", cid, email, h)
    return st


def _hash(st, email):
    return st.sql_value("SELECT password_hash FROM clinic_users WHERE "
                        "email = :'p1'", email)


def test_bcrypt_user_logs_in_once_and_is_rehashed():
    email = "legacy-2b@demo.sophie.local"
    st = _user(email, HASH_2B)
    r = ta.login_raw(email, "not-the-password")
    assert r.status == 401, (r.status, r.body)
    assert _hash(st, email) == HASH_2B
    r = ta.login_raw(email, PASSWORD)
    assert r.status == 200, (r.status, r.body)
    assert r.json()["token"]
    h = _hash(st, email)
    assert h.startswith("$argon2id$"), h
    # The new hash works; the old password still is the password.
    r = ta.login_raw(email, PASSWORD)
    assert r.status == 200, (r.status, r.body)
    assert _hash(st, email) == h
    r = ta.login_raw(email, "not-the-password")
    assert r.status == 401


def test_older_bcrypt_form_accepted_too():
    email = "legacy-2a@demo.sophie.local"
    st = _user(email, HASH_2A)
    r = ta.login_raw(email, PASSWORD, form=True)
    assert r.status == 303, (r.status, r.body[:200])
    assert _hash(st, email).startswith("$argon2id$")


def test_malformed_hash_refused_by_the_schema():
    st = shared_stack()
    try:
        _user("legacy-bad@demo.sophie.local", "$2b$10$tooshort")
    except RuntimeError as e:
        assert "password_hash_check" in str(e), e
    else:
        raise AssertionError("a malformed bcrypt hash was stored")
    st.sql("DELETE FROM clinic_users WHERE email = "
           "'legacy-bad@demo.sophie.local'")
