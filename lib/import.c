/*
 * import — the seed's data into Sophie (see import.h).
 *
 * Each source table is read in one statement that returns every row as
 * a JSON object whose keys are the column names lower-cased without
 * underscores ("clinicId" and "clinic_id" both read "clinicid"), one row
 * at a time (libpq's single-row mode), inside one read-only snapshot.
 * Each row is checked and converted here (phones to E.164 with the
 * clinic's country, statuses and roles to Sophie's, naive times read as
 * UTC as Prisma writes them, secrets sealed or hashed) and inserted with
 * ON CONFLICT DO NOTHING: a row already there (same id) is counted as
 * such; a row that clashes with another (an appointment overlapping a
 * booked one, an e-mail already used) is named on err with its reason
 * and left out.  The patient or treatment that a clash shows to be the
 * same as an existing one (same identity, same name) stands in for it.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <json-c/json.h>
#include <libpq-fe.h>
#include <sodium.h>

#include "buf.h"
#include "crypto.h"
#include "db.h"
#include "desk.h"
#include "import.h"
#include "seal.h"
#include "tz.h"

#define ID_LEN		37	/* a uuid and its NUL */
#define TS_LEN		48
#define SMALL		512

enum kind {
	K_CLINIC, K_PRAC, K_TREAT, K_PT, K_PATIENT, K_USER, K_WA, K_CAL,
	K_APPT, K_CONV, K_MSG, K__MAX
};

/* What became of one table's rows. */
struct count {
	long	 seen, added, present, left;
	int	 missing;	/* the source has no such table */
};

/* An old id that stands for a row already in Sophie. */
struct alias {
	enum kind	 kind;
	char		 old[ID_LEN], now[ID_LEN];
};

struct imp {
	const struct import_opts *o;
	PGconn		*src;
	FILE		*out, *err;
	struct count	 n[K__MAX];
	struct alias	*al;
	size_t		 nal, alcap;
	char		 cc_id[ID_LEN], cc_country[3]; /* last clinic seen */
	struct buf	 convs;		/* "{id,id,...}": conversations added */
	int		 failed;
};

/* The keys of a row, normalised: lower case, no underscores. */
#define KEYS(...)	((const char *const []){ __VA_ARGS__, NULL })

/* One row of a source table as normalised JSON text. */
#define ROWS_OF(t) \
	"SELECT (SELECT jsonb_object_agg(lower(replace(e.key, '_', '')), " \
	"e.value) FROM jsonb_each(to_jsonb(r.*)) AS e)::text FROM " t " AS r"

/* ------------------------------------------------------------------ */
/* Sophie's side: every statement the import runs. */

static const struct db_stmt st_tz_known = {
	"imp_tz_known",
	"SELECT EXISTS (SELECT 1 FROM pg_timezone_names WHERE name = $1)",
	1
};

static const struct db_stmt st_clinic_country = {
	"imp_clinic_country",
	"SELECT country FROM clinics WHERE id = $1::uuid",
	1
};

static const struct db_stmt st_clinic = {
	"imp_clinic",
	"INSERT INTO clinics (id, name, address, phone, email, timezone, "
	"country, is_active, created_at) VALUES ($1::uuid, $2, $3, $4, $5, "
	"$6, $7, $8::boolean, coalesce($9::timestamptz, now())) "
	"ON CONFLICT DO NOTHING",
	9
};

/* The seed offered 09:00-18:00 on every day it was asked about: a clinic
 * brought over opens Monday to Friday at those hours (editable). */
static const struct db_stmt st_clinic_hours = {
	"imp_clinic_hours",
	"INSERT INTO clinic_opening_hours (clinic_id, weekday, start_min, "
	"end_min) SELECT $1::uuid, d, 540, 1080 FROM generate_series(0, 4) d "
	"WHERE NOT EXISTS (SELECT 1 FROM clinic_opening_hours WHERE "
	"clinic_id = $1::uuid)",
	1
};

static const struct db_stmt st_clinic_there = {
	"imp_clinic_there",
	"SELECT 1 FROM clinics WHERE id = $1::uuid",
	1
};

static const struct db_stmt st_prac = {
	"imp_prac",
	"INSERT INTO practitioners (id, clinic_id, first_name, last_name, "
	"title, specialty, email, phone, is_active, created_at) "
	"SELECT $1::uuid, c.id, $3, $4, coalesce($5, 'Dr'), $6, $7, $8, "
	"$9::boolean, coalesce($10::timestamptz, now()) FROM clinics c "
	"WHERE c.id = $2::uuid ON CONFLICT DO NOTHING",
	10
};

static const struct db_stmt st_prac_there = {
	"imp_prac_there",
	"SELECT 1 FROM practitioners WHERE id = $1::uuid",
	1
};

static const struct db_stmt st_treat = {
	"imp_treat",
	"INSERT INTO treatment_types (id, clinic_id, name, description, "
	"duration_minutes, buffer_minutes, price_cents, is_active) "
	"SELECT $1::uuid, c.id, $3, $4, $5::int, $6::int, $7::int, "
	"$8::boolean FROM clinics c WHERE c.id = $2::uuid "
	"ON CONFLICT DO NOTHING",
	8
};

static const struct db_stmt st_treat_there = {
	"imp_treat_there",
	"SELECT 1 FROM treatment_types WHERE id = $1::uuid",
	1
};

static const struct db_stmt st_treat_same = {
	"imp_treat_same",
	"SELECT id FROM treatment_types WHERE clinic_id = $1::uuid AND "
	"lower(name) = lower($2)",
	2
};

static const struct db_stmt st_pt = {
	"imp_pt",
	"INSERT INTO practitioner_treatments (clinic_id, practitioner_id, "
	"treatment_type_id) SELECT p.clinic_id, p.id, t.id FROM "
	"practitioners p JOIN treatment_types t ON t.clinic_id = p.clinic_id "
	"WHERE p.id = $1::uuid AND t.id = $2::uuid ON CONFLICT DO NOTHING",
	2
};

static const struct db_stmt st_pt_there = {
	"imp_pt_there",
	"SELECT 1 FROM practitioner_treatments WHERE practitioner_id = "
	"$1::uuid AND treatment_type_id = $2::uuid",
	2
};

static const struct db_stmt st_patient = {
	"imp_patient",
	"INSERT INTO patients (id, clinic_id, phone, first_name, last_name, "
	"birth_date, email, language, notes, created_at) "
	"SELECT $1::uuid, c.id, $3, $4, $5, $6::date, $7, $8, $9, "
	"coalesce($10::timestamptz, now()) FROM clinics c "
	"WHERE c.id = $2::uuid ON CONFLICT DO NOTHING",
	10
};

static const struct db_stmt st_patient_there = {
	"imp_patient_there",
	"SELECT 1 FROM patients WHERE id = $1::uuid",
	1
};

static const struct db_stmt st_patient_same = {
	"imp_patient_same",
	"SELECT id FROM patients WHERE clinic_id = $1::uuid AND phone = $2 "
	"AND lower(first_name) = lower($3) AND lower(last_name) = lower($4) "
	"AND birth_date IS NOT DISTINCT FROM $5::date",
	5
};

static const struct db_stmt st_user = {
	"imp_user",
	"INSERT INTO clinic_users (id, clinic_id, email, name, password_hash, "
	"role, is_active, created_at) SELECT $1::uuid, c.id, $3, $4, $5, $6, "
	"$7::boolean, coalesce($8::timestamptz, now()) "
	"FROM (SELECT $2::uuid AS want) w LEFT JOIN clinics c ON c.id = "
	"w.want WHERE (w.want IS NULL) = ($6 = 'SUPERADMIN') AND "
	"(w.want IS NULL OR c.id IS NOT NULL) ON CONFLICT DO NOTHING",
	8
};

static const struct db_stmt st_user_there = {
	"imp_user_there",
	"SELECT 1 FROM clinic_users WHERE id = $1::uuid",
	1
};

static const struct db_stmt st_wa = {
	"imp_wa",
	"INSERT INTO clinic_whatsapp_configs (id, clinic_id, phone_number, "
	"verify_salt, verify_hash, account_sid, auth_token_enc, "
	"auth_token_nonce, is_active) SELECT $1::uuid, c.id, $3, "
	"decode($4, 'hex'), decode($5, 'hex'), $6, decode($7, 'hex'), "
	"decode($8, 'hex'), $9::boolean FROM clinics c WHERE c.id = $2::uuid "
	"ON CONFLICT DO NOTHING",
	9
};

static const struct db_stmt st_wa_there = {
	"imp_wa_there",
	"SELECT 1 FROM clinic_whatsapp_configs WHERE id = $1::uuid",
	1
};

static const struct db_stmt st_cal = {
	"imp_cal",
	"INSERT INTO practitioner_calendar_integrations (id, clinic_id, "
	"practitioner_id, calendar_id, status, access_token_enc, "
	"access_token_nonce, refresh_token_enc, refresh_token_nonce, "
	"token_expires_at, connected_at) SELECT $1::uuid, p.clinic_id, p.id, "
	"$3, $4, decode($5, 'hex'), decode($6, 'hex'), decode($7, 'hex'), "
	"decode($8, 'hex'), $9::timestamptz, CASE WHEN $4 = 'connected' "
	"THEN now() END FROM practitioners p WHERE p.id = $2::uuid "
	"ON CONFLICT DO NOTHING",
	9
};

static const struct db_stmt st_cal_there = {
	"imp_cal_there",
	"SELECT 1 FROM practitioner_calendar_integrations WHERE id = $1::uuid",
	1
};

/* The end is given ($7), or the start plus the row's duration ($8), the
 * treatment's, or 30 minutes; a span that is empty or over 12 hours
 * inserts nothing (and is named by st_appt_why). */
static const struct db_stmt st_appt = {
	"imp_appt",
	"INSERT INTO appointments (id, clinic_id, practitioner_id, "
	"patient_id, treatment_type_id, treatment_name, starts_at, ends_at, "
	"status, source, google_event_id, notes, created_at, cancelled_at) "
	"SELECT $1::uuid, p.clinic_id, p.id, pa.id, t.id, t.name, "
	"$6::timestamptz, x.e, $9, $10, $11, $12, "
	"coalesce($13::timestamptz, now()), CASE WHEN $9 = 'cancelled' THEN "
	"coalesce($13::timestamptz, now()) END "
	"FROM practitioners p JOIN patients pa ON pa.clinic_id = p.clinic_id "
	"AND pa.id = $4::uuid LEFT JOIN treatment_types t ON t.clinic_id = "
	"p.clinic_id AND t.id = $5::uuid CROSS JOIN LATERAL (SELECT "
	"coalesce($7::timestamptz, $6::timestamptz + make_interval(mins => "
	"coalesce($8::int, t.duration_minutes, 30))) AS e) x "
	"WHERE p.id = $3::uuid AND p.clinic_id = $2::uuid AND "
	"x.e > $6::timestamptz AND x.e <= $6::timestamptz + "
	"interval '12 hours' ON CONFLICT DO NOTHING",
	13
};

static const struct db_stmt st_appt_there = {
	"imp_appt_there",
	"SELECT 1 FROM appointments WHERE id = $1::uuid",
	1
};

/* Why an appointment did not go in: its practitioner, its patient, its
 * Google event id already used. */
static const struct db_stmt st_appt_why = {
	"imp_appt_why",
	"SELECT EXISTS (SELECT 1 FROM practitioners WHERE id = $1::uuid AND "
	"clinic_id = $2::uuid), EXISTS (SELECT 1 FROM patients WHERE id = "
	"$3::uuid AND clinic_id = $2::uuid), EXISTS (SELECT 1 FROM "
	"appointments WHERE practitioner_id = $1::uuid AND google_event_id = "
	"$4)",
	4
};

static const struct db_stmt st_conv = {
	"imp_conv",
	"INSERT INTO conversations (id, clinic_id, phone, patient_id, state, "
	"context, language, status, last_message_at, closed_at, created_at) "
	"SELECT $1::uuid, c.id, $3, (SELECT pa.id FROM patients pa WHERE "
	"pa.id = $4::uuid AND pa.clinic_id = c.id), 'idle', '{}', $5, "
	"'closed', coalesce($6::timestamptz, now()), "
	"coalesce($6::timestamptz, now()), "
	"coalesce($7::timestamptz, $6::timestamptz, now()) FROM clinics c "
	"WHERE c.id = $2::uuid ON CONFLICT DO NOTHING",
	7
};

static const struct db_stmt st_conv_there = {
	"imp_conv_there",
	"SELECT 1 FROM conversations WHERE id = $1::uuid",
	1
};

static const struct db_stmt st_msg = {
	"imp_msg",
	"INSERT INTO messages (id, clinic_id, conversation_id, direction, "
	"body, twilio_sid, from_number, to_number, status, created_at, "
	"status_updated_at, sent_at) SELECT $1::uuid, v.clinic_id, v.id, $3, "
	"$4, $5, $6, $7, $8, coalesce($9::timestamptz, now()), "
	"coalesce($9::timestamptz, now()), CASE WHEN $3 = 'outbound' THEN "
	"coalesce($9::timestamptz, now()) END FROM conversations v "
	"WHERE v.id = $2::uuid ON CONFLICT DO NOTHING",
	9
};

static const struct db_stmt st_msg_there = {
	"imp_msg_there",
	"SELECT 1 FROM messages WHERE id = $1::uuid",
	1
};

/* The conversation list's preview of the conversations brought over. */
static const struct db_stmt st_previews = {
	"imp_previews",
	"UPDATE conversations v SET last_body = (SELECT m.body FROM messages "
	"m WHERE m.conversation_id = v.id ORDER BY m.created_at DESC, m.id "
	"DESC LIMIT 1) WHERE v.id = ANY ($1::uuid[])",
	1
};

/* ------------------------------------------------------------------ */
/* Small conversions. */

/* Note a failure of the import itself (nothing will be committed). */
static int
fail(struct imp *im, const char *what, const char *old, const char *why)
{
	char	 line[SMALL];
	size_t	 n;

	snprintf(line, sizeof(line), "%s", why != NULL ? why : "");
	n = strcspn(line, "\r\n");
	line[n] = '\0';
	fprintf(im->err, "sophiectl: import: %s%s%s: %s\n", what,
	    old != NULL && *old != '\0' ? " " : "", old != NULL ? old : "",
	    line);
	im->failed = 1;
	return -1;
}

/* A row left out, named with its reason. */
static void
leave(struct imp *im, enum kind k, const char *what, const char *old,
    const char *why)
{
	im->n[k].left++;
	fprintf(im->err, "sophiectl: import: %s %s left out: %s\n", what,
	    old != NULL && *old != '\0' ? old : "(no id)", why);
}

/*
 * The value of the first of keys that row holds and is not null, as
 * text (owned by row; numbers and booleans as JSON writes them), with
 * its blanks trimmed off; NULL when none is there or it is blank.
 */
static const char *
jv(struct json_object *row, const char *const *keys, char *tmp,
    size_t tmpsz)
{
	struct json_object	*v;
	const char		*s, *e;

	for (; *keys != NULL; keys++) {
		if (!json_object_object_get_ex(row, *keys, &v) || v == NULL ||
		    json_object_get_type(v) == json_type_null)
			continue;
		s = json_object_get_string(v);
		while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
			s++;
		e = s + strlen(s);
		while (e > s && (e[-1] == ' ' || e[-1] == '\t' ||
		    e[-1] == '\n' || e[-1] == '\r'))
			e--;
		if (e == s)
			continue;
		if (*e == '\0')
			return s;
		if ((size_t)(e - s) >= tmpsz)
			return s;	/* too long to trim: as it is */
		memcpy(tmp, s, (size_t)(e - s));
		tmp[e - s] = '\0';
		return tmp;
	}
	return NULL;
}

/* Shorthand: jv with a per-call scratch buffer. */
#define J(row, buf, ...)	jv((row), KEYS(__VA_ARGS__), (buf), sizeof(buf))

/* Is s a uuid in its 8-4-4-4-12 hex form? */
static int
is_uuid(const char *s)
{
	size_t	 i;

	if (strlen(s) != 36)
		return 0;
	for (i = 0; i < 36; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (s[i] != '-')
				return 0;
		} else if (!isxdigit((unsigned char)s[i]))
			return 0;
	}
	return 1;
}

/*
 * Sophie's id for the old id old of a kind of row: the old one when it is
 * a uuid, else one derived from it (BLAKE2b of kind and id), so that
 * every run gives the same.  NULL old gives "".
 */
static const char *
uid(enum kind k, const char *old, char out[ID_LEN])
{
	unsigned char	 h[16];
	char		 in[SMALL];
	size_t		 i;
	int		 n;

	out[0] = '\0';
	if (old == NULL || *old == '\0')
		return out;
	if (is_uuid(old)) {
		for (i = 0; i < 36; i++)
			out[i] = (char)tolower((unsigned char)old[i]);
		out[36] = '\0';
		return out;
	}
	n = snprintf(in, sizeof(in), "sophie-import:%d:%s", (int)k, old);
	if (n < 0 || (size_t)n >= sizeof(in))
		n = (int)sizeof(in) - 1;
	crypto_generichash(h, sizeof(h), (const unsigned char *)in,
	    (unsigned long long)n, NULL, 0);
	h[6] = (h[6] & 0x0f) | 0x80;	/* version 8: made here */
	h[8] = (h[8] & 0x3f) | 0x80;
	snprintf(out, ID_LEN, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
	    "%02x%02x%02x%02x%02x%02x", h[0], h[1], h[2], h[3], h[4], h[5],
	    h[6], h[7], h[8], h[9], h[10], h[11], h[12], h[13], h[14], h[15]);
	return out;
}

/* NULL for an empty string (an id the row did not have). */
static const char *
nz(const char *s)
{
	return s != NULL && *s != '\0' ? s : NULL;
}

/* The row in Sophie that the id of kind k stands for (an alias, or id). */
static const char *
alias_of(const struct imp *im, enum kind k, const char *id)
{
	size_t	 i;

	for (i = 0; i < im->nal; i++)
		if (im->al[i].kind == k && strcmp(im->al[i].old, id) == 0)
			return im->al[i].now;
	return id;
}

/* Remember that old (of kind k) is now the row now. 0 or -1. */
static int
alias_add(struct imp *im, enum kind k, const char *old, const char *now)
{
	struct alias	*a;
	size_t		 cap;

	if (im->nal == im->alcap) {
		cap = im->alcap ? im->alcap * 2 : 64;
		if ((a = realloc(im->al, cap * sizeof(*a))) == NULL)
			return -1;
		im->al = a;
		im->alcap = cap;
	}
	a = &im->al[im->nal++];
	a->kind = k;
	snprintf(a->old, sizeof(a->old), "%s", old);
	snprintf(a->now, sizeof(a->now), "%s", now);
	return 0;
}

/* Does s match d{n} at p? */
static int
digits(const char *p, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (!isdigit((unsigned char)p[i]))
			return 0;
	return 1;
}

/*
 * A time as PostgreSQL's to_jsonb writes one ("2027-01-12T09:00:00",
 * fractions, an offset for timestamptz; a date alone) into out for
 * ::timestamptz, a naive one read as UTC (Prisma stores UTC).  NULL when
 * in is NULL or not such a time.
 */
static const char *
ts(const char *in, char out[TS_LEN])
{
	const char	*p;
	size_t		 n;

	if (in == NULL || strlen(in) >= TS_LEN - 12 || !digits(in, 4) ||
	    in[4] != '-' || !digits(in + 5, 2) || in[7] != '-' ||
	    !digits(in + 8, 2))
		return NULL;
	if (in[10] == '\0') {
		snprintf(out, TS_LEN, "%sT00:00:00+00", in);
		return out;
	}
	if ((in[10] != 'T' && in[10] != ' ') || !digits(in + 11, 2) ||
	    in[13] != ':' || !digits(in + 14, 2))
		return NULL;
	p = in + 16;
	if (p[0] == ':' && digits(p + 1, 2))
		p += 3;
	if (p[0] == '.')
		for (p++; isdigit((unsigned char)*p); p++)
			;
	if (*p == '\0') {
		snprintf(out, TS_LEN, "%s+00", in);
		return out;
	}
	n = strlen(p);
	if (!((n == 1 && *p == 'Z') || ((*p == '+' || *p == '-') &&
	    (n == 3 || n == 5 || n == 6) && digits(p + 1, 2))))
		return NULL;
	snprintf(out, TS_LEN, "%s", in);
	return out;
}

/* A yes/no value: "true"/"false" for SQL, def when absent or unclear. */
static const char *
flag(const char *v, int def)
{
	if (v != NULL) {
		if (strcmp(v, "true") == 0 || strcmp(v, "t") == 0 ||
		    strcmp(v, "1") == 0)
			return "true";
		if (strcmp(v, "false") == 0 || strcmp(v, "f") == 0 ||
		    strcmp(v, "0") == 0)
			return "false";
	}
	return def ? "true" : "false";
}

/* v lower-cased without '_', '-' or blanks into out (for enum values). */
static const char *
squash(const char *v, char *out, size_t outsz)
{
	size_t	 o = 0;

	for (; v != NULL && *v != '\0' && o + 1 < outsz; v++)
		if (*v != '_' && *v != '-' && *v != ' ')
			out[o++] = (char)tolower((unsigned char)*v);
	out[o] = '\0';
	return out;
}

/* Is one of the words of list (NULL-ended) equal to w? */
static int
one_of(const char *w, const char *const *list)
{
	for (; *list != NULL; list++)
		if (strcmp(w, *list) == 0)
			return 1;
	return 0;
}

/* An e-mail address lower-cased, or NULL when it does not look like one
 * (one '@' with text on both sides, no blank). */
static const char *
email(const char *v, char *out, size_t outsz)
{
	const char	*at;
	size_t		 i, n;

	if (v == NULL || (n = strlen(v)) >= outsz || (at = strchr(v, '@')) ==
	    NULL || at == v || at[1] == '\0' || strchr(at + 1, '@') != NULL)
		return NULL;
	for (i = 0; i < n; i++) {
		if (isspace((unsigned char)v[i]))
			return NULL;
		out[i] = (char)tolower((unsigned char)v[i]);
	}
	out[n] = '\0';
	return out;
}

/* A WhatsApp address or typed number in E.164 for the clinic's country,
 * "whatsapp:" dropped.  NULL when it is not a phone number. */
static const char *
phone(const char *v, const char *country, char out[DESK_PHONE_MAX])
{
	if (v == NULL)
		return NULL;
	if (strncasecmp(v, "whatsapp:", 9) == 0)
		v += 9;
	return desk_phone_e164(v, country, out, DESK_PHONE_MAX) == 0 ? out :
	    NULL;
}


/* The country of a clinic in Sophie ("" when it is not there). */
static const char *
clinic_country(struct imp *im, const char *cid)
{
	const char	*p[1] = { cid };
	PGresult	*res;

	if (*cid == '\0')
		return "";
	if (strcmp(im->cc_id, cid) == 0)
		return im->cc_country;
	im->cc_country[0] = '\0';
	if ((res = db_exec(im->o->dst, &st_clinic_country, p)) != NULL &&
	    db_ok(res) && PQntuples(res) == 1)
		snprintf(im->cc_country, sizeof(im->cc_country), "%s",
		    PQgetvalue(res, 0, 0));
	PQclear(res);
	snprintf(im->cc_id, sizeof(im->cc_id), "%s", cid);
	return im->cc_country;
}

/* Seal a secret for the row id: hex of the sealed bytes (malloc'd, into
 * *hex) and of its nonce.  0, or -1 (no key, or out of memory). */
static int
seal_hex(struct imp *im, const char *plain, const char *id, char **hex,
    char nonce[49])
{
	struct buf	 sealed;
	int		 rc = -1;

	*hex = NULL;
	if (im->o->key == NULL)
		return -1;
	buf_init(&sealed, 65536);
	if (seal_encrypt(im->o->key, plain, strlen(plain), id, &sealed) ==
	    0 && sealed.len > 24 &&
	    (*hex = malloc(sealed.len * 2 + 1)) != NULL) {
		sodium_bin2hex(*hex, sealed.len * 2 + 1,
		    (unsigned char *)sealed.p, sealed.len);
		sodium_bin2hex(nonce, 49, (unsigned char *)sealed.p, 24);
		rc = 0;
	}
	buf_free(&sealed);
	return rc;
}

/* ------------------------------------------------------------------ */
/* Inserting. */

/* Run an insert: 1 when it added the row, 0 when it added nothing, -1
 * when it failed (the import stops). */
static int
ins(struct imp *im, const struct db_stmt *st, const char *const *p,
    const char *what, const char *old)
{
	PGresult	*res = db_exec(im->o->dst, st, p);
	int		 rc;

	if (res == NULL || !db_ok(res)) {
		fail(im, what, old, res != NULL ? PQresultErrorMessage(res) :
		    db_last_error(im->o->dst));
		PQclear(res);
		return -1;
	}
	rc = strcmp(PQcmdTuples(res), "0") != 0;
	PQclear(res);
	return rc;
}

/* The first cell of a one-row query into out (or "" when no row).
 * Returns 1 with a row, 0 without, -1 on failure. */
static int
one(struct imp *im, const struct db_stmt *st, const char *const *p,
    char *out, size_t outsz)
{
	PGresult	*res = db_exec(im->o->dst, st, p);
	int		 rc;

	if (out != NULL)
		out[0] = '\0';
	if (res == NULL || !db_ok(res)) {
		fail(im, st->name, "", res != NULL ?
		    PQresultErrorMessage(res) : db_last_error(im->o->dst));
		PQclear(res);
		return -1;
	}
	rc = PQntuples(res) > 0;
	if (rc && out != NULL)
		snprintf(out, outsz, "%s", PQgetvalue(res, 0, 0));
	PQclear(res);
	return rc;
}

/*
 * After an insert that added nothing: the row is there already (1,
 * counted), or it is not (0: the caller says why).  -1 on failure.
 */
static int
settle(struct imp *im, enum kind k, int added, const struct db_stmt *there,
    const char *const *p)
{
	int	 rc;

	if (added < 0)
		return -1;
	if (added) {
		im->n[k].added++;
		return 1;
	}
	if ((rc = one(im, there, p, NULL, 0)) == 1)
		im->n[k].present++;
	return rc;
}

/* ------------------------------------------------------------------ */
/* One handler per table: the row, converted and inserted. */

static int
row_clinic(struct imp *im, struct json_object *r)
{
	char		 b[8][SMALL], id[ID_LEN], t[TS_LEN], mail[SMALL];
	const char	*old, *name, *tz, *p[9];
	long		 added;
	int		 rc;

	old = J(r, b[0], "id");
	name = J(r, b[1], "name", "clinicname");
	if (old == NULL || name == NULL || strlen(name) > 200) {
		leave(im, K_CLINIC, "clinic", old, "no id, or no name (or one "
		    "over 200 characters)");
		return 0;
	}
	tz = J(r, b[2], "timezone", "tz");
	p[0] = tz;
	if (tz == NULL || one(im, &st_tz_known, p, b[3], SMALL) != 1 ||
	    strcmp(b[3], "t") != 0) {
		if (tz != NULL)
			fprintf(im->err, "sophiectl: import: clinic %s: time "
			    "zone \"%s\" unknown, Europe/Paris used\n", old,
			    tz);
		tz = "Europe/Paris";
	}
	p[0] = uid(K_CLINIC, old, id);
	p[1] = name;
	p[2] = J(r, b[4], "address", "adresse");
	p[3] = J(r, b[5], "phone", "phonenumber", "telephone");
	p[4] = email(J(r, b[6], "email"), mail, sizeof(mail));
	p[5] = tz;
	p[6] = tz_country(tz) != NULL ? tz_country(tz) : "FR";
	p[7] = flag(J(r, b[7], "isactive", "active"), 1);
	p[8] = ts(J(r, b[3], "createdat"), t);
	added = im->n[K_CLINIC].added;
	rc = settle(im, K_CLINIC, ins(im, &st_clinic, p, "clinic", old),
	    &st_clinic_there, p);
	if (im->n[K_CLINIC].added > added) {
		if (db_do(im->o->dst, &st_clinic_hours, p) != DB_OK)
			return fail(im, "clinic", old, db_last_error(im->o->dst));
		fprintf(im->out, "  clinic \"%s\": %s (opening hours: Monday "
		    "to Friday, 09:00-18:00, as the old system offered)\n",
		    name, id);
	}
	return rc < 0 ? -1 : 0;
}

/* "Dr Jean Dupont" → title "Dr", first "Jean", last "Dupont": split the
 * full name s (modified) at its last blank. */
static void
split_name(char *s, const char **title, const char **first,
    const char **last)
{
	char	*sp;

	if (strncmp(s, "Dr. ", 4) == 0 || strncmp(s, "Dr ", 3) == 0) {
		*title = "Dr";
		s += s[2] == '.' ? 4 : 3;
	}
	if ((sp = strrchr(s, ' ')) != NULL) {
		*sp = '\0';
		*first = s;
		*last = sp + 1;
	} else
		*first = *last = s;
}

static int
row_prac(struct imp *im, struct json_object *r)
{
	char		 b[10][SMALL], id[ID_LEN], cid[ID_LEN], t[TS_LEN];
	char		 mail[SMALL], full[SMALL];
	const char	*old, *first, *last, *title, *whole, *p[10];
	int		 rc;

	old = J(r, b[0], "id");
	first = J(r, b[1], "firstname", "prenom");
	last = J(r, b[2], "lastname", "nom");
	title = J(r, b[3], "title", "titre");
	if ((first == NULL || last == NULL) &&
	    (whole = J(r, b[4], "name", "fullname")) != NULL) {
		snprintf(full, sizeof(full), "%s", whole);
		split_name(full, &title, &first, &last);
	}
	if (old == NULL || first == NULL || last == NULL) {
		leave(im, K_PRAC, "practitioner", old, "no id or no name");
		return 0;
	}
	p[0] = uid(K_PRAC, old, id);
	p[1] = nz(uid(K_CLINIC, J(r, b[5], "clinicid"), cid));
	p[2] = first;
	p[3] = last;
	p[4] = title;
	p[5] = J(r, b[6], "specialty", "speciality", "specialization");
	p[6] = email(J(r, b[7], "email"), mail, sizeof(mail));
	p[7] = J(r, b[8], "phone", "phonenumber");
	p[8] = flag(J(r, b[9], "isactive", "active"), 1);
	p[9] = ts(J(r, b[5], "createdat"), t);
	if ((rc = settle(im, K_PRAC, ins(im, &st_prac, p, "practitioner",
	    old), &st_prac_there, p)) == 0)
		leave(im, K_PRAC, "practitioner", old, "its clinic is not "
		    "there");
	return rc < 0 ? -1 : 0;
}

/* A whole number from v within [lo, hi] (clamped) into out; def when v
 * is absent or not a number. */
static const char *
whole_in(const char *v, long lo, long hi, long def, char out[24])
{
	char	*end;
	double	 d;
	long	 n = def;

	if (v != NULL) {
		d = strtod(v, &end);
		if (end != v && *end == '\0' && d > -1e9 && d < 1e9)
			n = (long)(d + (d < 0 ? -0.5 : 0.5));
	}
	if (n < lo)
		n = lo;
	if (n > hi)
		n = hi;
	snprintf(out, 24, "%ld", n);
	return out;
}

static int
row_treat(struct imp *im, struct json_object *r)
{
	char		 b[10][SMALL], id[ID_LEN], cid[ID_LEN], same[ID_LEN];
	char		 dur[24], buf[24], cents[24];
	const char	*old, *name, *v, *p[8];
	char		*end;
	double		 euros;
	int		 rc;

	old = J(r, b[0], "id");
	name = J(r, b[1], "name", "label", "nom");
	if (old == NULL || name == NULL || strlen(name) > 200) {
		leave(im, K_TREAT, "treatment", old, "no id, or no name (or "
		    "one over 200 characters)");
		return 0;
	}
	p[0] = uid(K_TREAT, old, id);
	p[1] = nz(uid(K_CLINIC, J(r, b[2], "clinicid"), cid));
	p[2] = name;
	p[3] = J(r, b[3], "description");
	p[4] = whole_in(J(r, b[4], "duration", "durationminutes",
	    "durationmin", "length"), 5, 720, 30, dur);
	p[5] = whole_in(J(r, b[5], "bufferminutes", "buffer"), 0, 240, 0,
	    buf);
	p[6] = NULL;
	if ((v = J(r, b[6], "pricecents")) != NULL)
		p[6] = whole_in(v, 0, 100000000, 0, cents);
	else if ((v = J(r, b[6], "price", "tarif", "prix")) != NULL) {
		euros = strtod(v, &end);
		if (end != v && *end == '\0' && euros >= 0 && euros < 1e6) {
			snprintf(cents, sizeof(cents), "%ld",
			    (long)(euros * 100 + 0.5));
			p[6] = cents;
		}
	}
	p[7] = flag(J(r, b[7], "isactive", "active"), 1);
	if ((rc = settle(im, K_TREAT, ins(im, &st_treat, p, "treatment", old),
	    &st_treat_there, p)) != 0)
		return rc < 0 ? -1 : 0;
	/* The clinic has a treatment of that name: this is the one. */
	p[0] = cid;
	p[1] = name;
	if ((rc = one(im, &st_treat_same, p, same, sizeof(same))) < 0)
		return -1;
	if (rc == 1) {
		im->n[K_TREAT].present++;
		return alias_add(im, K_TREAT, id, same);
	}
	leave(im, K_TREAT, "treatment", old, "its clinic is not there");
	return 0;
}

static int
row_pt(struct imp *im, struct json_object *r)
{
	char		 b[3][SMALL], pid[ID_LEN], tid[ID_LEN];
	const char	*p[2];
	int		 rc;

	p[0] = nz(alias_of(im, K_PRAC, uid(K_PRAC, J(r, b[0],
	    "practitionerid"), pid)));
	p[1] = nz(alias_of(im, K_TREAT, uid(K_TREAT, J(r, b[1],
	    "treatmenttypeid", "treatmentid"), tid)));
	if ((rc = settle(im, K_PT, ins(im, &st_pt, p, "practitioner "
	    "treatment", J(r, b[2], "id")), &st_pt_there, p)) == 0)
		leave(im, K_PT, "practitioner treatment", J(r, b[2], "id"),
		    "its practitioner or treatment is not there");
	return rc < 0 ? -1 : 0;
}

/* "fr" or "en" from a language or locale ("fr-FR", "French"), or NULL. */
static const char *
lang(const char *v)
{
	if (v == NULL)
		return NULL;
	if (strncasecmp(v, "fr", 2) == 0)
		return "fr";
	if (strncasecmp(v, "en", 2) == 0)
		return "en";
	return NULL;
}

static int
row_patient(struct imp *im, struct json_object *r)
{
	char		 b[11][SMALL], id[ID_LEN], cid[ID_LEN], same[ID_LEN];
	char		 e164[DESK_PHONE_MAX], mail[SMALL], t[TS_LEN];
	char		 full[SMALL], bd[11];
	const char	*old, *raw, *first, *last, *title, *whole, *v, *p[10];
	int		 rc;

	old = J(r, b[0], "id");
	uid(K_CLINIC, J(r, b[1], "clinicid"), cid);
	raw = J(r, b[2], "phone", "phonenumber", "whatsappnumber", "whatsapp",
	    "mobile", "telephone");
	if (old == NULL) {
		leave(im, K_PATIENT, "patient", old, "no id");
		return 0;
	}
	if (*clinic_country(im, cid) == '\0') {
		leave(im, K_PATIENT, "patient", old, "its clinic is not there");
		return 0;
	}
	if (phone(raw, clinic_country(im, cid), e164) == NULL) {
		snprintf(b[3], SMALL, "its phone \"%.80s\" is not a phone number",
		    raw != NULL ? raw : "");
		leave(im, K_PATIENT, "patient", old, b[3]);
		return 0;
	}
	first = J(r, b[4], "firstname", "prenom", "givenname");
	last = J(r, b[5], "lastname", "nom", "familyname", "surname");
	if (first == NULL && last == NULL &&
	    (whole = J(r, b[6], "name", "fullname")) != NULL) {
		snprintf(full, sizeof(full), "%s", whole);
		split_name(full, &title, &first, &last);
	}
	/* A patient the seed never got the name of stays findable. */
	if (first == NULL)
		first = "Patient";
	if (last == NULL)
		last = e164;
	p[0] = uid(K_PATIENT, old, id);
	p[1] = cid;
	p[2] = e164;
	p[3] = first;
	p[4] = last;
	p[5] = NULL;
	v = J(r, b[7], "birthdate", "dateofbirth", "dob", "birthday");
	if (v != NULL && ts(v, t) != NULL && strncmp(v, "1880", 4) > 0) {
		memcpy(bd, v, 10);
		bd[10] = '\0';
		p[5] = bd;
	}
	p[6] = email(J(r, b[8], "email"), mail, sizeof(mail));
	p[7] = lang(J(r, b[9], "language", "lang", "preferredlanguage",
	    "locale"));
	p[8] = J(r, b[10], "notes", "note");
	p[9] = ts(J(r, b[3], "createdat"), t);
	if ((rc = settle(im, K_PATIENT, ins(im, &st_patient, p, "patient",
	    old), &st_patient_there, p)) != 0)
		return rc < 0 ? -1 : 0;
	/* The same person (phone, name, birth date) is already there. */
	p[0] = cid;
	p[1] = e164;
	p[2] = first;
	p[3] = last;
	p[4] = p[5];
	if ((rc = one(im, &st_patient_same, p, same, sizeof(same))) < 0)
		return -1;
	if (rc == 1) {
		im->n[K_PATIENT].present++;
		return alias_add(im, K_PATIENT, id, same);
	}
	leave(im, K_PATIENT, "patient", old, "it clashes with another "
	    "patient");
	return 0;
}

/* Sophie's role for the seed's, or NULL. */
static const char *
role(const char *v)
{
	char	 s[32];

	squash(v, s, sizeof(s));
	if (strcmp(s, "superadmin") == 0)
		return "SUPERADMIN";
	if (one_of(s, KEYS("admin", "clinicadmin", "owner", "manager")))
		return "ADMIN";
	if (one_of(s, KEYS("staff", "user", "secretary", "receptionist",
	    "assistant", "practitioner", "doctor")))
		return "STAFF";
	return NULL;
}

/* Is h a password hash Sophie accepts (Argon2id, or the seed's bcrypt:
 * $2a$/$2b$/$2y$, two cost digits, 53 characters of its alphabet)? */
static int
known_hash(const char *h)
{
	size_t	 i;

	if (h == NULL)
		return 0;
	if (strncmp(h, "$argon2id$", 10) == 0)
		return 1;
	if (strlen(h) != 60 || h[0] != '$' || h[1] != '2' ||
	    strchr("aby", h[2]) == NULL || h[3] != '$' || !digits(h + 4, 2) ||
	    h[6] != '$')
		return 0;
	for (i = 7; i < 60; i++)
		if (!isalnum((unsigned char)h[i]) && h[i] != '.' &&
		    h[i] != '/')
			return 0;
	return 1;
}

static int
row_user(struct imp *im, struct json_object *r)
{
	char		 b[9][SMALL], id[ID_LEN], cid[ID_LEN], mail[SMALL];
	char		 t[TS_LEN], name[SMALL];
	const char	*old, *rl, *hash, *fn, *ln, *v, *p[8];
	int		 rc;

	old = J(r, b[0], "id");
	rl = role(J(r, b[1], "role"));
	hash = J(r, b[2], "passwordhash", "password", "hashedpassword",
	    "hash");
	if (old == NULL || email(J(r, b[3], "email"), mail,
	    sizeof(mail)) == NULL) {
		leave(im, K_USER, "user", old, "no id or no e-mail address");
		return 0;
	}
	if (rl == NULL) {
		v = J(r, b[5], "role");
		snprintf(b[4], SMALL, "its role \"%.80s\" is unknown",
		    v != NULL ? v : "");
		leave(im, K_USER, "user", old, b[4]);
		return 0;
	}
	if (!known_hash(hash)) {
		leave(im, K_USER, "user", old, "its password hash is of an "
		    "unknown kind: give the user a new password");
		return 0;
	}
	p[0] = uid(K_USER, old, id);
	p[1] = strcmp(rl, "SUPERADMIN") == 0 ? NULL :
	    uid(K_CLINIC, J(r, b[5], "clinicid"), cid);
	if (p[1] != NULL && *p[1] == '\0') {
		leave(im, K_USER, "user", old, "a clinic user without a "
		    "clinic");
		return 0;
	}
	p[2] = mail;
	p[3] = J(r, b[6], "name", "fullname");
	if (p[3] == NULL && (fn = J(r, b[6], "firstname")) != NULL) {
		ln = J(r, b[7], "lastname");
		snprintf(name, sizeof(name), "%s%s%s", fn, ln ? " " : "",
		    ln ? ln : "");
		p[3] = name;
	}
	p[4] = hash;
	p[5] = rl;
	p[6] = flag(J(r, b[8], "isactive", "active"), 1);
	p[7] = ts(J(r, b[4], "createdat"), t);
	if ((rc = settle(im, K_USER, ins(im, &st_user, p, "user", old),
	    &st_user_there, p)) == 0)
		leave(im, K_USER, "user", old, "its e-mail address is already "
		    "used, or its clinic is not there");
	return rc < 0 ? -1 : 0;
}

static int
row_wa(struct imp *im, struct json_object *r)
{
	char		 b[7][SMALL], id[ID_LEN], cid[ID_LEN];
	char		 e164[DESK_PHONE_MAX], made[65], nonce[49];
	char		 vsalt[2 * CRYPTO_TOKEN_SALT_LEN + 1];
	char		 vhash[2 * CRYPTO_TOKEN_HASH_LEN + 1];
	unsigned char	 rnd[32];
	const char	*old, *num, *verify, *token, *p[9];
	char		*hex = NULL;
	int		 rc;

	old = J(r, b[0], "id");
	uid(K_CLINIC, J(r, b[1], "clinicid"), cid);
	num = J(r, b[2], "phonenumber", "number", "whatsappnumber",
	    "twiliophonenumber", "twilionumber", "fromnumber");
	if (old == NULL || *clinic_country(im, cid) == '\0') {
		leave(im, K_WA, "whatsapp configuration", old, "no id, or its "
		    "clinic is not there");
		return 0;
	}
	if (phone(num, clinic_country(im, cid), e164) == NULL) {
		leave(im, K_WA, "whatsapp configuration", old, "its number is "
		    "not a phone number");
		return 0;
	}
	verify = J(r, b[3], "verifytoken", "webhookverifytoken");
	if (verify == NULL) {
		randombytes_buf(rnd, sizeof(rnd));
		crypto_hex_encode(rnd, sizeof(rnd), made, sizeof(made));
		verify = made;
		fprintf(im->out, "  clinic %s: new webhook verify token %s "
		    "(shown once)\n", cid, made);
	}
	crypto_token_hash(verify, vsalt, vhash);
	p[0] = uid(K_WA, old, id);
	p[6] = p[7] = NULL;
	if ((token = J(r, b[4], "twilioauthtoken", "authtoken")) != NULL) {
		if (seal_hex(im, token, id, &hex, nonce) == -1) {
			leave(im, K_WA, "whatsapp configuration", old, "its "
			    "Twilio token cannot be sealed: is "
			    "SOPHIE_SECRET_KEY set?");
			return 0;
		}
		p[6] = hex;
		p[7] = nonce;
	}
	p[1] = cid;
	p[2] = e164;
	p[3] = vsalt;
	p[4] = vhash;
	p[5] = J(r, b[5], "twilioaccountsid", "accountsid");
	p[8] = flag(J(r, b[6], "isactive", "active"), 1);
	if ((rc = settle(im, K_WA, ins(im, &st_wa, p, "whatsapp "
	    "configuration", old), &st_wa_there, p)) == 0)
		leave(im, K_WA, "whatsapp configuration", old, "the clinic "
		    "already has an active WhatsApp number, or another clinic "
		    "uses this one");
	free(hex);
	return rc < 0 ? -1 : 0;
}

static int
row_cal(struct imp *im, struct json_object *r)
{
	char		 b[7][SMALL], id[ID_LEN], pid[ID_LEN], t[TS_LEN];
	char		 an[49], rn[49];
	const char	*old, *acc, *ref, *p[9];
	char		*ahex = NULL, *rhex = NULL;
	int		 rc = 0, on;

	old = J(r, b[0], "id");
	if (old == NULL) {
		leave(im, K_CAL, "calendar connection", old, "no id");
		return 0;
	}
	uid(K_CAL, old, id);
	acc = J(r, b[1], "accesstoken");
	ref = J(r, b[2], "refreshtoken");
	on = ref != NULL && strcmp(flag(J(r, b[3], "isactive", "active"),
	    1), "true") == 0;
	if ((acc != NULL && seal_hex(im, acc, id, &ahex, an) == -1) ||
	    (ref != NULL && seal_hex(im, ref, id, &rhex, rn) == -1)) {
		leave(im, K_CAL, "calendar connection", old, "its tokens "
		    "cannot be sealed: is SOPHIE_SECRET_KEY set?");
		goto out;
	}
	p[0] = id;
	p[1] = nz(alias_of(im, K_PRAC, uid(K_PRAC, J(r, b[4],
	    "practitionerid"), pid)));
	p[2] = J(r, b[5], "calendarid");
	if (p[2] == NULL)
		p[2] = "primary";
	p[3] = on ? "connected" : "disconnected";
	p[4] = ahex;
	p[5] = ahex != NULL ? an : NULL;
	p[6] = rhex;
	p[7] = rhex != NULL ? rn : NULL;
	p[8] = ts(J(r, b[6], "tokenexpiry", "tokenexpiresat", "expiresat",
	    "expirydate", "expiry"), t);
	if ((rc = settle(im, K_CAL, ins(im, &st_cal, p, "calendar "
	    "connection", old), &st_cal_there, p)) == 0)
		leave(im, K_CAL, "calendar connection", old, "its practitioner "
		    "is not there or already has a calendar connected");
out:
	free(ahex);
	free(rhex);
	return rc < 0 ? -1 : 0;
}

/* Sophie's status of an appointment for the seed's, or NULL. */
static const char *
appt_status(const char *v)
{
	char	 s[32];

	if (v == NULL)
		return "booked";
	squash(v, s, sizeof(s));
	if (one_of(s, KEYS("scheduled", "confirmed", "booked", "pending",
	    "rescheduled", "planned", "upcoming", "reserved")))
		return "booked";
	if (one_of(s, KEYS("cancelled", "canceled", "annule",
	    "cancelledbypatient", "cancelledbyclinic", "deleted")))
		return "cancelled";
	if (one_of(s, KEYS("completed", "done", "finished", "attended",
	    "honored", "honoured", "passed")))
		return "completed";
	if (one_of(s, KEYS("noshow", "missed", "absent", "notshown")))
		return "no_show";
	return NULL;
}

/* Say why the appointment (ids in p: practitioner, clinic, patient,
 * event) did not go in.  0, or -1 on failure. */
static int
appt_why(struct imp *im, const char *old, const char *prac,
    const char *cid, const char *pat, const char *gev, const char *st)
{
	const char	*p[4] = { prac, cid, pat, gev };
	PGresult	*res;
	const char	*why = "its times are not a span of at most 12 hours";

	if ((res = db_exec(im->o->dst, &st_appt_why, p)) == NULL ||
	    !db_ok(res) || PQntuples(res) != 1) {
		fail(im, "appointment", old, res != NULL ?
		    PQresultErrorMessage(res) : db_last_error(im->o->dst));
		PQclear(res);
		return -1;
	}
	if (strcmp(PQgetvalue(res, 0, 0), "t") != 0)
		why = "its practitioner is not there";
	else if (strcmp(PQgetvalue(res, 0, 1), "t") != 0)
		why = "its patient is not there";
	else if (gev != NULL && strcmp(PQgetvalue(res, 0, 2), "t") == 0)
		why = "its Google event belongs to another appointment";
	else if (strcmp(st, "booked") == 0)
		why = "it overlaps another booked appointment of the "
		    "practitioner: book it again by hand";
	PQclear(res);
	leave(im, K_APPT, "appointment", old, why);
	return 0;
}

static int
row_appt(struct imp *im, struct json_object *r)
{
	char		 b[12][SMALL], id[ID_LEN], cid[ID_LEN], pid[ID_LEN];
	char		 paid[ID_LEN], tid[ID_LEN], t0[TS_LEN], t1[TS_LEN];
	char		 tc[TS_LEN], dur[24], src[32];
	const char	*old, *st, *v, *p[13];
	int		 rc;

	old = J(r, b[0], "id");
	v = J(r, b[1], "status");
	if ((st = appt_status(v)) == NULL) {
		snprintf(b[2], SMALL, "its status \"%.80s\" is unknown", v);
		leave(im, K_APPT, "appointment", old, b[2]);
		return 0;
	}
	p[5] = ts(J(r, b[3], "starttime", "startsat", "start", "startdate",
	    "datetime", "date", "appointmentdate", "scheduledat"), t0);
	if (old == NULL || p[5] == NULL) {
		leave(im, K_APPT, "appointment", old, "no id or no start time");
		return 0;
	}
	p[0] = uid(K_APPT, old, id);
	p[1] = nz(uid(K_CLINIC, J(r, b[4], "clinicid"), cid));
	p[2] = nz(alias_of(im, K_PRAC, uid(K_PRAC, J(r, b[5],
	    "practitionerid"), pid)));
	p[3] = nz(alias_of(im, K_PATIENT, uid(K_PATIENT, J(r, b[6],
	    "patientid"), paid)));
	p[4] = nz(alias_of(im, K_TREAT, uid(K_TREAT, J(r, b[7],
	    "treatmenttypeid", "treatmentid"), tid)));
	p[6] = ts(J(r, b[8], "endtime", "endsat", "end", "enddate"), t1);
	p[7] = NULL;
	if ((v = J(r, b[9], "duration", "durationminutes")) != NULL)
		p[7] = whole_in(v, 5, 720, 30, dur);
	p[8] = st;
	squash(J(r, b[10], "source", "channel", "createdby"), src,
	    sizeof(src));
	p[9] = strstr(src, "admin") != NULL || strstr(src, "staff") != NULL ||
	    strstr(src, "manual") != NULL ? "admin" : "whatsapp";
	p[10] = J(r, b[11], "googleeventid", "eventid", "calendareventid",
	    "googlecalendareventid");
	p[11] = J(r, b[1], "notes", "note", "comment");
	p[12] = ts(J(r, b[2], "createdat"), tc);
	if ((rc = settle(im, K_APPT, ins(im, &st_appt, p, "appointment",
	    old), &st_appt_there, p)) != 0)
		return rc < 0 ? -1 : 0;
	return appt_why(im, old, p[2], p[1], p[3], p[10], st);
}

static int
row_conv(struct imp *im, struct json_object *r)
{
	char		 b[7][SMALL], id[ID_LEN], cid[ID_LEN], paid[ID_LEN];
	char		 e164[DESK_PHONE_MAX], t0[TS_LEN], t1[TS_LEN];
	const char	*old, *p[7];
	long		 added;
	int		 rc;

	old = J(r, b[0], "id");
	uid(K_CLINIC, J(r, b[1], "clinicid"), cid);
	if (old == NULL || *clinic_country(im, cid) == '\0') {
		leave(im, K_CONV, "conversation", old, "no id, or its clinic "
		    "is not there");
		return 0;
	}
	if (phone(J(r, b[2], "patientphone", "phone", "phonenumber",
	    "patientnumber", "whatsappnumber", "from"),
	    clinic_country(im, cid), e164) == NULL) {
		leave(im, K_CONV, "conversation", old, "no phone number");
		return 0;
	}
	p[0] = uid(K_CONV, old, id);
	p[1] = cid;
	p[2] = e164;
	p[3] = nz(alias_of(im, K_PATIENT, uid(K_PATIENT, J(r, b[3],
	    "patientid"), paid)));
	p[4] = lang(J(r, b[4], "language", "lang", "locale"));
	p[5] = ts(J(r, b[5], "lastmessageat", "updatedat", "createdat"), t0);
	p[6] = ts(J(r, b[6], "createdat"), t1);
	added = im->n[K_CONV].added;
	if ((rc = settle(im, K_CONV, ins(im, &st_conv, p, "conversation",
	    old), &st_conv_there, p)) < 0)
		return -1;
	if (im->n[K_CONV].added > added) {
		buf_adds(&im->convs, im->convs.len > 0 ? "," : "{");
		buf_adds(&im->convs, id);
	} else if (rc == 0)
		leave(im, K_CONV, "conversation", old, "it clashes with "
		    "another");
	return 0;
}

/* "inbound" or "outbound" from the seed's direction, role or sender. */
static const char *
direction(const char *v)
{
	char	 s[32];

	squash(v, s, sizeof(s));
	if (one_of(s, KEYS("inbound", "in", "incoming", "received", "user",
	    "patient", "client", "fromuser", "frompatient")))
		return "inbound";
	if (one_of(s, KEYS("outbound", "out", "outgoing", "sent",
	    "assistant", "bot", "system", "staff", "ai", "sophie",
	    "outboundapi", "reply")))
		return "outbound";
	return NULL;
}

static int
row_msg(struct imp *im, struct json_object *r)
{
	static const char *const sent[] = { "accepted", "queued", "sending",
	    "sent", "failed", "undelivered", "delivered", "read", NULL };
	char		 b[8][SMALL], id[ID_LEN], vid[ID_LEN], t[TS_LEN];
	char		 s[32];
	const char	*old, *dir, *p[9];
	int		 rc;

	old = J(r, b[0], "id");
	dir = direction(J(r, b[1], "direction", "type", "role", "sender",
	    "author"));
	if (old == NULL || dir == NULL) {
		leave(im, K_MSG, "message", old, "no id, or no direction");
		return 0;
	}
	p[0] = uid(K_MSG, old, id);
	p[1] = nz(uid(K_CONV, J(r, b[2], "conversationid"), vid));
	p[2] = dir;
	/* The body may be long: it is not copied (no trimming). */
	p[3] = jv(r, KEYS("content", "body", "text", "message"), NULL, 0);
	if (p[3] == NULL)
		p[3] = "";
	p[4] = J(r, b[3], "twiliosid", "messagesid", "sid",
	    "twiliomessagesid", "externalid");
	p[5] = J(r, b[4], "fromnumber", "from");
	p[6] = J(r, b[5], "tonumber", "to");
	p[7] = "received";
	if (strcmp(dir, "outbound") == 0) {
		squash(J(r, b[6], "status"), s, sizeof(s));
		p[7] = one_of(s, sent) ? s : "sent";
	}
	p[8] = ts(J(r, b[7], "createdat", "timestamp", "sentat"), t);
	if ((rc = settle(im, K_MSG, ins(im, &st_msg, p, "message", old),
	    &st_msg_there, p)) == 0)
		leave(im, K_MSG, "message", old, "its conversation is not "
		    "there, or its Twilio SID is another message's");
	return rc < 0 ? -1 : 0;
}

/* ------------------------------------------------------------------ */
/* The source. */

struct src_table {
	enum kind	 kind;
	const char	*label;		/* Sophie's table, printed */
	const char	*mapped;	/* the seed's table name */
	const char	*model;		/* the Prisma model's own name */
	const char	*sql_mapped, *sql_model;
	int		(*row)(struct imp *, struct json_object *);
};

#define TABLE(k, label, m, q, fn) \
	{ k, label, m, q, ROWS_OF(m), ROWS_OF(q), fn }

/* In the order the references need. */
static const struct src_table tables[] = {
	TABLE(K_CLINIC, "clinics", "clinics", "\"Clinic\"", row_clinic),
	TABLE(K_PRAC, "practitioners", "practitioners", "\"Practitioner\"",
	    row_prac),
	TABLE(K_TREAT, "treatment_types", "treatment_types",
	    "\"TreatmentType\"", row_treat),
	TABLE(K_PT, "practitioner_treatments", "practitioner_treatments",
	    "\"PractitionerTreatment\"", row_pt),
	TABLE(K_PATIENT, "patients", "patients", "\"Patient\"", row_patient),
	TABLE(K_USER, "clinic_users", "clinic_users", "\"ClinicUser\"",
	    row_user),
	TABLE(K_WA, "clinic_whatsapp_configs", "clinic_whatsapp_configs",
	    "\"ClinicWhatsAppConfig\"", row_wa),
	TABLE(K_CAL, "practitioner_calendar_integrations",
	    "practitioner_calendar_integrations",
	    "\"PractitionerCalendarIntegration\"", row_cal),
	TABLE(K_APPT, "appointments", "appointments", "\"Appointment\"",
	    row_appt),
	TABLE(K_CONV, "conversations", "conversations", "\"Conversation\"",
	    row_conv),
	TABLE(K_MSG, "messages", "messages", "\"Message\"", row_msg),
};

/* Does the source have a table of that name (as the search path finds
 * it)?  1, 0, or -1 when the source fails. */
static int
src_has(struct imp *im, const char *name)
{
	const char	*p[1] = { name };
	PGresult	*res;
	int		 rc = -1;

	res = PQexecParams(im->src, "SELECT to_regclass($1) IS NOT NULL", 1,
	    NULL, p, NULL, NULL, 0);
	if (PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1)
		rc = strcmp(PQgetvalue(res, 0, 0), "t") == 0;
	else
		fail(im, "source", name, PQerrorMessage(im->src));
	PQclear(res);
	return rc;
}

/* Read one table of the source, a row at a time, into its handler. */
static int
src_table(struct imp *im, const struct src_table *t)
{
	struct json_object	*row;
	const char		*sql;
	PGresult		*res;
	int			 rc = 0, has;

	if ((has = src_has(im, t->mapped)) < 0)
		return -1;
	if (has)
		sql = t->sql_mapped;
	else if ((has = src_has(im, t->model)) < 0)
		return -1;
	else if (has)
		sql = t->sql_model;
	else {
		im->n[t->kind].missing = 1;
		return 0;
	}
	if (!PQsendQueryParams(im->src, sql, 0, NULL, NULL, NULL, NULL, 0) ||
	    !PQsetSingleRowMode(im->src))
		return fail(im, "source", t->label, PQerrorMessage(im->src));
	while ((res = PQgetResult(im->src)) != NULL) {
		if (rc == 0 && PQresultStatus(res) == PGRES_SINGLE_TUPLE) {
			im->n[t->kind].seen++;
			row = json_tokener_parse(PQgetvalue(res, 0, 0));
			if (row == NULL || !json_object_is_type(row,
			    json_type_object))
				rc = fail(im, "source", t->label, "a row that "
				    "is not a JSON object");
			else if (t->row(im, row) != 0)
				rc = -1;
			json_object_put(row);
		} else if (rc == 0 && PQresultStatus(res) != PGRES_TUPLES_OK)
			rc = fail(im, "source", t->label,
			    PQresultErrorMessage(res));
		PQclear(res);
	}
	return rc;
}

/* One line per table: what the source had and what became of it. */
static void
report(struct imp *im)
{
	const struct count	*c;
	size_t			 i;

	for (i = 0; i < sizeof(tables) / sizeof(tables[0]); i++) {
		c = &im->n[tables[i].kind];
		if (c->missing)
			fprintf(im->out, "  %-35s not in the source\n",
			    tables[i].label);
		else
			fprintf(im->out, "  %-35s %ld in the source: %ld added, "
			    "%ld already there, %ld left out\n",
			    tables[i].label, c->seen, c->added, c->present,
			    c->left);
	}
}

enum import_rc
import_run(const struct import_opts *o, FILE *out, FILE *err)
{
	struct imp	 im;
	const char	*p[1];
	PGresult	*res;
	size_t		 i;
	long		 left = 0;
	enum import_rc	 rc = IMPORT_FAILED;

	memset(&im, 0, sizeof(im));
	im.o = o;
	im.out = out;
	im.err = err;
	buf_init(&im.convs, (size_t)64 << 20);
	im.src = PQconnectdb(o->src);
	if (PQstatus(im.src) != CONNECTION_OK) {
		fail(&im, "--from", "", PQerrorMessage(im.src));
		rc = IMPORT_NO_SOURCE;
		goto out;
	}
	res = PQexecParams(im.src, "BEGIN ISOLATION LEVEL REPEATABLE READ "
	    "READ ONLY", 0, NULL, NULL, NULL, NULL, 0);
	if (PQresultStatus(res) != PGRES_COMMAND_OK) {
		fail(&im, "--from", "", PQerrorMessage(im.src));
		PQclear(res);
		rc = IMPORT_NO_SOURCE;
		goto out;
	}
	PQclear(res);
	if (db_command(o->dst, "BEGIN") != DB_OK) {
		fail(&im, "database", "", db_last_error(o->dst));
		goto out;
	}
	for (i = 0; i < sizeof(tables) / sizeof(tables[0]) && !im.failed;
	    i++)
		src_table(&im, &tables[i]);
	if (!im.failed && im.convs.len > 0) {
		buf_addc(&im.convs, '}');
		p[0] = buf_str(&im.convs);
		if (db_do(o->dst, &st_previews, p) != DB_OK)
			fail(&im, "conversations", "", db_last_error(o->dst));
	}
	if (im.failed || o->dry_run) {
		db_command(o->dst, "ROLLBACK");
		if (im.failed) {
			fprintf(err, "sophiectl: import: nothing was written\n");
			goto out;
		}
	} else if (db_command(o->dst, "COMMIT") != DB_OK) {
		fail(&im, "database", "commit", db_last_error(o->dst));
		goto out;
	}
	report(&im);
	for (i = 0; i < K__MAX; i++)
		left += im.n[i].left;
	fprintf(out, "%s: %ld row%s left out\n", o->dry_run ? "dry run, "
	    "nothing was written" : "import done", left, left == 1 ? "" : "s");
	rc = left > 0 ? IMPORT_PARTIAL : IMPORT_OK;
out:
	PQfinish(im.src);
	buf_free(&im.convs);
	free(im.al);
	return rc;
}
