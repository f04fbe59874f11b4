/*
 * admin_practitioners — practitioners of a clinic: list, detail (working
 * hours, absences, treatments, calendar status), create, update, working
 * hours, absences, treatments offered, calendar integration settings.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "admin.h"
#include "app.h"
#include "auth.h"
#include "buf.h"
#include "db.h"
#include "http.h"
#include "page.h"

#define PRACT_LIST_MAX	"200"	/* practitioners shown (a clinic has few) */

static const struct db_stmt st_list = { "admin_practitioners_list",
	"SELECT coalesce(json_agg(json_build_object('id', p.id, 'title', "
	"p.title, 'firstName', p.first_name, 'lastName', p.last_name, "
	"'specialty', p.specialty, 'email', p.email, 'phone', p.phone, "
	"'isActive', p.is_active, 'displayOrder', p.display_order, "
	"'calendarStatus', coalesce(ci.status, 'disconnected'), "
	"'treatments', (SELECT count(*) FROM practitioner_treatments pt "
	"WHERE pt.clinic_id = p.clinic_id AND pt.practitioner_id = p.id)) "
	"ORDER BY p.display_order, p.last_name, p.first_name, p.id), '[]') "
	"FROM (SELECT * FROM practitioners WHERE clinic_id = $1::uuid "
	"ORDER BY display_order, last_name, first_name, id LIMIT "
	PRACT_LIST_MAX ") p LEFT JOIN practitioner_calendar_integrations ci "
	"ON ci.practitioner_id = p.id AND ci.clinic_id = p.clinic_id", 1 };

static const struct db_stmt st_detail = { "admin_practitioner_detail",
	"SELECT json_build_object('id', p.id, 'title', p.title, "
	"'firstName', p.first_name, 'lastName', p.last_name, 'specialty', "
	"p.specialty, 'email', p.email, 'phone', p.phone, 'isActive', "
	"p.is_active, 'displayOrder', p.display_order, "
	"'hours', (SELECT json_agg(json_build_object('weekday', d, 'name', "
	"(ARRAY['lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', "
	"'samedi', 'dimanche'])[d + 1], 'text', "
	"coalesce((SELECT string_agg(lpad((h.start_min / 60)::text, 2, '0') "
	"|| ':' || lpad((h.start_min % 60)::text, 2, '0') || '-' || "
	"lpad((h.end_min / 60)::text, 2, '0') || ':' || "
	"lpad((h.end_min % 60)::text, 2, '0'), ' ' ORDER BY h.start_min) "
	"FROM practitioner_working_hours h WHERE h.clinic_id = p.clinic_id "
	"AND h.practitioner_id = p.id AND h.weekday = d), ''), "
	"'open', x.s IS NOT NULL, 'many', coalesce(cardinality(x.s), 0) > 2, "
	"'start1', x.s[1], 'end1', x.e[1], 'start2', x.s[2], 'end2', x.e[2]) "
	"ORDER BY d) FROM generate_series(0, 6) d LEFT JOIN LATERAL (SELECT "
	"array_agg(lpad((h.start_min / 60)::text, 2, '0') || ':' || "
	"lpad((h.start_min % 60)::text, 2, '0') ORDER BY h.start_min) AS s, "
	"array_agg(lpad((h.end_min / 60)::text, 2, '0') || ':' || "
	"lpad((h.end_min % 60)::text, 2, '0') ORDER BY h.start_min) AS e "
	"FROM practitioner_working_hours h WHERE h.clinic_id = p.clinic_id "
	"AND h.practitioner_id = p.id AND h.weekday = d) x ON true), "
	"'absences', (SELECT coalesce(json_agg(json_build_object('id', a.id, "
	"'startsAt', a.starts_at, 'endsAt', a.ends_at, 'startsLocal', "
	"to_char(a.starts_at AT TIME ZONE cl.timezone, 'YYYY-MM-DD HH24:MI'), "
	"'endsLocal', to_char(a.ends_at AT TIME ZONE cl.timezone, "
	"'YYYY-MM-DD HH24:MI'), 'reason', a.reason) ORDER BY a.starts_at), "
	"'[]') FROM practitioner_absences a WHERE a.clinic_id = p.clinic_id "
	"AND a.practitioner_id = p.id AND a.ends_at > now() - interval "
	"'30 days'), "
	"'treatments', (SELECT coalesce(json_agg(json_build_object('id', t.id, "
	"'name', t.name, 'durationMinutes', t.duration_minutes, 'linked', "
	"pt.treatment_type_id IS NOT NULL) ORDER BY t.name), '[]') FROM "
	"treatment_types t LEFT JOIN practitioner_treatments pt ON "
	"pt.treatment_type_id = t.id AND pt.practitioner_id = p.id AND "
	"pt.clinic_id = t.clinic_id WHERE t.clinic_id = p.clinic_id), "
	"'calendar', (SELECT json_build_object('provider', ci.provider, "
	"'calendarId', ci.calendar_id, 'status', ci.status, 'lastSyncAt', "
	"ci.last_sync_at, 'lastError', ci.last_error, 'connectedAt', "
	"ci.connected_at) FROM practitioner_calendar_integrations ci WHERE "
	"ci.practitioner_id = p.id AND ci.clinic_id = p.clinic_id)) "
	"FROM practitioners p JOIN clinics cl ON cl.id = p.clinic_id "
	"WHERE p.clinic_id = $1::uuid AND p.id = $2::uuid", 2 };

static const struct db_stmt st_create = { "admin_practitioner_create",
	"INSERT INTO practitioners (clinic_id, first_name, last_name, title, "
	"specialty, email, phone, display_order) VALUES ($1::uuid, $2, $3, "
	"coalesce($4, 'Dr'), nullif($5, ''), nullif($6, ''), nullif($7, ''), "
	"coalesce($8::int, 0)) RETURNING json_build_object('id', id)", 8 };

/* Absent fields keep their value; "" clears an optional one. */
static const struct db_stmt st_update = { "admin_practitioner_update",
	"UPDATE practitioners SET first_name = coalesce($3, first_name), "
	"last_name = coalesce($4, last_name), title = CASE WHEN $5::text IS "
	"NULL THEN title ELSE nullif($5, '') END, specialty = CASE WHEN "
	"$6::text IS NULL THEN specialty ELSE nullif($6, '') END, email = "
	"CASE WHEN $7::text IS NULL THEN email ELSE nullif($7, '') END, "
	"phone = CASE WHEN $8::text IS NULL THEN phone ELSE nullif($8, '') "
	"END, is_active = coalesce($9::boolean, is_active), display_order = "
	"coalesce($10::int, display_order) WHERE clinic_id = $1::uuid AND "
	"id = $2::uuid RETURNING json_build_object('id', id)", 10 };

static const struct db_stmt st_exists = { "admin_practitioner_exists",
	"SELECT json_build_object('id', id) FROM practitioners WHERE "
	"clinic_id = $1::uuid AND id = $2::uuid", 2 };

/* One day's hours go before that day is written again. */
static const struct db_stmt st_hours_clear = { "admin_practitioner_hours_clear",
	"DELETE FROM practitioner_working_hours WHERE clinic_id = $1::uuid "
	"AND practitioner_id = $2::uuid AND weekday = $3::int", 3 };

static const struct db_stmt st_hours_add = { "admin_practitioner_hours_add",
	"INSERT INTO practitioner_working_hours (clinic_id, practitioner_id, "
	"weekday, start_min, end_min) VALUES ($1::uuid, $2::uuid, $3::int, "
	"$4::int, $5::int)", 5 };

/* Local date-times in the clinic's zone. */
static const struct db_stmt st_absence_add = { "admin_practitioner_absence_add",
	"INSERT INTO practitioner_absences (clinic_id, practitioner_id, "
	"starts_at, ends_at, reason) SELECT p.clinic_id, p.id, "
	"$3::timestamp AT TIME ZONE cl.timezone, $4::timestamp AT TIME ZONE "
	"cl.timezone, nullif($5, '') FROM practitioners p JOIN clinics cl ON "
	"cl.id = p.clinic_id WHERE p.clinic_id = $1::uuid AND p.id = $2::uuid "
	"RETURNING json_build_object('id', id)", 5 };

static const struct db_stmt st_absence_delete = {
	"admin_practitioner_absence_delete",
	"DELETE FROM practitioner_absences WHERE clinic_id = $1::uuid AND "
	"practitioner_id = $2::uuid AND id = $3::uuid "
	"RETURNING json_build_object('id', id)", 3 };

/* Replace the treatments offered with the clinic's treatments in $3. */
static const struct db_stmt st_treat_clear = { "admin_practitioner_treat_clear",
	"DELETE FROM practitioner_treatments WHERE clinic_id = $1::uuid AND "
	"practitioner_id = $2::uuid AND NOT (treatment_type_id = "
	"ANY($3::uuid[]))", 3 };

static const struct db_stmt st_treat_add = { "admin_practitioner_treat_add",
	"INSERT INTO practitioner_treatments (clinic_id, practitioner_id, "
	"treatment_type_id) SELECT $1::uuid, $2::uuid, t.id FROM "
	"treatment_types t WHERE t.clinic_id = $1::uuid AND t.id = "
	"ANY($3::uuid[]) ON CONFLICT DO NOTHING", 3 };

static const struct db_stmt st_treat_list = { "admin_practitioner_treat_list",
	"SELECT json_build_object('practitionerId', p.id, 'treatments', "
	"(SELECT coalesce(json_agg(json_build_object('id', t.id, 'name', "
	"t.name, 'durationMinutes', t.duration_minutes, 'bufferMinutes', "
	"t.buffer_minutes, 'linked', pt.treatment_type_id IS NOT NULL) "
	"ORDER BY t.name), '[]') FROM treatment_types t LEFT JOIN "
	"practitioner_treatments pt ON pt.treatment_type_id = t.id AND "
	"pt.practitioner_id = p.id AND pt.clinic_id = t.clinic_id WHERE "
	"t.clinic_id = p.clinic_id)) FROM practitioners p WHERE "
	"p.clinic_id = $1::uuid AND p.id = $2::uuid", 2 };

/*
 * Calendar settings: the calendar id, or disconnect ($4 true: tokens
 * dropped).  Connecting is done by the OAuth flow (/oauth/authorize).
 */
static const struct db_stmt st_calendar = { "admin_practitioner_calendar",
	"INSERT INTO practitioner_calendar_integrations AS ci (clinic_id, "
	"practitioner_id, calendar_id) SELECT p.clinic_id, p.id, "
	"coalesce($3, 'primary') FROM practitioners p WHERE p.clinic_id = "
	"$1::uuid AND p.id = $2::uuid ON CONFLICT (practitioner_id) DO UPDATE "
	"SET calendar_id = coalesce($3, ci.calendar_id), status = CASE WHEN "
	"$4::boolean THEN 'disconnected' ELSE ci.status END, "
	"access_token_enc = CASE WHEN $4::boolean THEN NULL ELSE "
	"ci.access_token_enc END, access_token_nonce = CASE WHEN $4::boolean "
	"THEN NULL ELSE ci.access_token_nonce END, refresh_token_enc = CASE "
	"WHEN $4::boolean THEN NULL ELSE ci.refresh_token_enc END, "
	"refresh_token_nonce = CASE WHEN $4::boolean THEN NULL ELSE "
	"ci.refresh_token_nonce END, sync_token = CASE WHEN $4::boolean THEN "
	"NULL ELSE ci.sync_token END "
	"RETURNING json_build_object('practitionerId', ci.practitioner_id, "
	"'calendarId', ci.calendar_id, 'status', ci.status)", 4 };

/* Location of a practitioner's page. */
static void
pract_done(struct req *r, int status, const char *id, json_object *o)
{
	struct buf	 loc;

	buf_init(&loc, 200);
	if (id != NULL)
		buf_printf(&loc, "/clinic/%s/admin/practitioners/%s",
		    req_param(r, "clinicId"), id);
	else
		buf_printf(&loc, "/clinic/%s/admin/practitioners",
		    req_param(r, "clinicId"));
	page_done(r, status, buf_str(&loc), o);
	buf_free(&loc);
}

/* {clinicId} and {practitionerId}; answers 404 and returns -1 if bad. */
static int
pract_ids(struct req *r, const char **p)
{
	p[0] = req_param(r, "clinicId");
	p[1] = req_param(r, "practitionerId");
	if (!page_is_uuid(p[1])) {
		page_error(r, 404, "not found", NULL);
		return -1;
	}
	return 0;
}

void
admin_practitioners(struct req *r)
{
	struct app_ctx	*ctx = req_ctx(r);
	const char	*p[1] = { req_param(r, "clinicId") };
	json_object	*a, *o;
	int		 code;

	if ((a = page_query(ctx, &st_list, p, &code)) == NULL) {
		page_fail(r, code);
		return;
	}
	o = json_object_new_object();
	json_object_object_add(o, "items", a);
	page_send(r, 200, "admin/practitioners", "title.practitioners", o, 0);
	json_object_put(o);
}

void
admin_practitioner(struct req *r)
{
	struct app_ctx	*ctx = req_ctx(r);
	const char	*p[2];
	json_object	*o;
	int		 code;

	if (pract_ids(r, p) != 0)
		return;
	if ((o = page_query(ctx, &st_detail, p, &code)) == NULL) {
		page_fail(r, code);
		return;
	}
	page_send(r, 200, "admin/practitioner", "title.practitioner", o, 0);
	json_object_put(o);
}

/*
 * Read and check the practitioner fields into p[first..first+6]:
 * first_name, last_name, title, specialty, email, phone, display_order.
 * Returns 0, or -1 after answering 422.
 */
/* Catalogue keys of the text fields pract_fields reads, in its order. */
static const char *const pract_field_fr[] = {
	"field.p.first", "field.p.last", "field.p.title", "field.p.specialty",
	"field.p.email", "field.p.phone"
};

static int
pract_fields(struct req *r, const char **p, int create)
{
	static const char *const names[] = { "first_name", "last_name",
	    "title", "specialty", "email", "phone" };
	static const char *const camel[] = { "firstName", "lastName",
	    "title", "specialty", "email", "phone" };
	const char	*v;
	long		 order;
	size_t		 i;

	for (i = 0; i < 6; i++) {
		if ((v = page_in(r, names[i])) == NULL)
			v = page_in(r, camel[i]);
		if (i == 4 && page_email_refused(r, v) != 0)
			return -1;
		if (v != NULL && !page_is_text(v, 200)) {
			page_invalid(r, 422, "text too long or invalid",
			    pract_field_fr[i]);
			return -1;
		}
		if (create && i < 2 && (v == NULL || *v == '\0')) {
			page_invalid(r, 422,
			    "first_name and last_name required",
			    pract_field_fr[i]);
			return -1;
		}
		p[i] = v;
	}
	if ((v = page_in(r, "display_order")) == NULL)
		v = page_in(r, "displayOrder");
	if (v != NULL && *v == '\0')
		v = NULL;
	if (v != NULL && page_int(v, -1000, 1000, &order) != 0) {
		page_invalid(r, 422, "display_order: an integer",
		    "field.display.order");
		return -1;
	}
	p[6] = v;
	return 0;
}

void
admin_practitioner_create(struct req *r)
{
	struct app_ctx	*ctx = req_ctx(r);
	const char	*p[8];
	json_object	*o, *id;
	int		 code;

	p[0] = req_param(r, "clinicId");
	if (pract_fields(r, p + 1, 1) != 0)
		return;
	if ((o = page_query(ctx, &st_create, p, &code)) == NULL) {
		page_fail(r, code);
		return;
	}
	json_object_object_get_ex(o, "id", &id);
	pract_done(r, 201, json_object_get_string(id), o);
	json_object_put(o);
}

/* A boolean input ("true"/"false"/"1"/"0"/"on"), or NULL when absent. */
static int
pract_bool(const char *v, const char **out)
{
	*out = NULL;
	if (v == NULL || *v == '\0')
		return 0;
	if (strcmp(v, "true") == 0 || strcmp(v, "1") == 0 ||
	    strcmp(v, "on") == 0)
		*out = "true";
	else if (strcmp(v, "false") == 0 || strcmp(v, "0") == 0)
		*out = "false";
	else
		return -1;
	return 0;
}

void
admin_practitioner_update(struct req *r)
{
	struct app_ctx	*ctx = req_ctx(r);
	const char	*p[10], *act;
	json_object	*o;
	int		 code;

	if (pract_ids(r, p) != 0)
		return;
	if (pract_fields(r, p + 2, 0) != 0)
		return;
	/* p[2..8] = fields; move display_order to p[9], active to p[8] */
	p[9] = p[8];
	if ((act = page_in(r, "is_active")) == NULL)
		act = page_in(r, "isActive");
	if (pract_bool(act, &p[8]) != 0) {
		page_invalid(r, 422, "is_active: true or false",
		    "field.treat.active");
		return;
	}
	if ((o = page_query(ctx, &st_update, p, &code)) == NULL) {
		page_fail(r, code);
		return;
	}
	pract_done(r, 200, p[1], o);
	json_object_put(o);
}

/*
 * The week of hours to store: the days the request gives (given[d]),
 * each with its ranges in minutes; a day not given is left as it is.
 */
struct pract_hours {
	const char	*ids[2];
	int		 given[7];
	int		 n[7];
	int		 start[7][PAGE_RANGES_MAX];
	int		 end[7][PAGE_RANGES_MAX];
};

/*
 * Why a week was refused: the API's reason and the page's message in
 * French and in English.
 */
struct pract_why {
	char	 api[160];
	char	 fr[320];
	char	 en[320];
};

/* French and English day names, 0 = Monday. */
static const char *const pract_day[] = { "lundi", "mardi", "mercredi",
	"jeudi", "vendredi", "samedi", "dimanche" };
static const char *const pract_day_en[] = { "Monday", "Tuesday",
	"Wednesday", "Thursday", "Friday", "Saturday", "Sunday" };

/* Replace the days given, all in one transaction. */
static int
pract_hours_tx(struct db *db, void *arg)
{
	struct pract_hours	*h = arg;
	const char		*p[5];
	char			 wd[16], a[16], b[16];
	int			 d, i, rc;

	p[0] = h->ids[0];
	p[1] = h->ids[1];
	for (d = 0; d < 7; d++) {
		if (!h->given[d])
			continue;
		snprintf(wd, sizeof(wd), "%d", d);
		p[2] = wd;
		if ((rc = db_do(db, &st_hours_clear, p)) != DB_OK)
			return rc;
		for (i = 0; i < h->n[d]; i++) {
			snprintf(a, sizeof(a), "%d", h->start[d][i]);
			snprintf(b, sizeof(b), "%d", h->end[d][i]);
			p[3] = a;
			p[4] = b;
			if ((rc = db_do(db, &st_hours_add, p)) != DB_OK)
				return rc;
		}
	}
	return 0;
}

/*
 * An input of the request and whether it is there at all: a JSON member
 * (null counts, as "") or a form field.  *v is NULL when absent.
 */
static int
pract_day_in(struct req *r, const char *name, const char **v)
{
	json_object	*j = req_json(r), *m;

	*v = NULL;
	if (j != NULL && json_object_is_type(j, json_type_object)) {
		if (!json_object_object_get_ex(j, name, &m))
			return 0;
		*v = json_object_is_type(m, json_type_null) ? "" :
		    json_object_get_string(m);
		return *v != NULL;
	}
	return (*v = req_form(r, name)) != NULL;
}

/*
 * "HH:MM" (or "HH:MM:SS" with :00, as some browsers send a time input)
 * from *s into minutes, "24:00" allowed; advances *s.  -1 when bad.
 */
static int
pract_hhmm(const char **s)
{
	const char	*c = *s;
	int		 h, m;

	if (c[0] < '0' || c[0] > '2' || c[1] < '0' || c[1] > '9' ||
	    c[2] != ':' || c[3] < '0' || c[3] > '5' || c[4] < '0' ||
	    c[4] > '9')
		return -1;
	h = (c[0] - '0') * 10 + (c[1] - '0');
	m = (c[3] - '0') * 10 + (c[4] - '0');
	c += 5;
	if (c[0] == ':' && c[1] == '0' && c[2] == '0')
		c += 3;
	if (h > 24 || (h == 24 && m != 0))
		return -1;
	*s = c;
	return h * 60 + m;
}

/* Minutes (0..1440) as "HH:MM" into out (6 bytes). */
static void
pract_fmt(int min, char out[6])
{
	unsigned	 u = min < 0 ? 0 : min > 1440 ? 1440 : (unsigned)min;

	out[0] = (char)('0' + u / 600);
	out[1] = (char)('0' + u / 60 % 10);
	out[2] = ':';
	out[3] = (char)('0' + u % 60 / 10);
	out[4] = (char)('0' + u % 10);
	out[5] = '\0';
}

/*
 * Check and store one range of day d: a start before its end, before
 * midnight.  Returns 0, or -1 with the reason in w.
 */
static int
pract_range_add(struct pract_hours *h, int d, int a, int b, const char *in,
    struct pract_why *w)
{
	char	 sa[6], sb[6];

	pract_fmt(a, sa);
	pract_fmt(b, sb);
	if (a >= 1440 || b <= a) {
		snprintf(w->api, sizeof(w->api), "%s: end not after start "
		    "(%s-%s)", in, sa, sb);
		snprintf(w->fr, sizeof(w->fr), "%s : la fin (%s) n'est pas "
		    "après le début (%s).", pract_day[d], sb, sa);
		snprintf(w->en, sizeof(w->en), "%s: the end (%s) is not "
		    "after the start (%s).", pract_day_en[d], sb, sa);
		return -1;
	}
	if (h->n[d] == PAGE_RANGES_MAX) {
		snprintf(w->api, sizeof(w->api), "%s: at most %d ranges", in,
		    PAGE_RANGES_MAX);
		snprintf(w->fr, sizeof(w->fr), "%s : %d plages au plus.",
		    pract_day[d], PAGE_RANGES_MAX);
		snprintf(w->en, sizeof(w->en), "%s: %d ranges at most.",
		    pract_day_en[d], PAGE_RANGES_MAX);
		return -1;
	}
	h->start[d][h->n[d]] = a;
	h->end[d][h->n[d]] = b;
	h->n[d]++;
	return 0;
}

/*
 * Sort day d's ranges by start and refuse two that overlap.  Returns 0,
 * or -1 with the reason in w.
 */
static int
pract_day_check(struct pract_hours *h, int d, const char *in,
    struct pract_why *w)
{
	char	 s1[6], e1[6], s2[6], e2[6];
	int	 i, k, t;

	for (i = 1; i < h->n[d]; i++)
		for (k = i; k > 0 && h->start[d][k] < h->start[d][k - 1];
		    k--) {
			t = h->start[d][k];
			h->start[d][k] = h->start[d][k - 1];
			h->start[d][k - 1] = t;
			t = h->end[d][k];
			h->end[d][k] = h->end[d][k - 1];
			h->end[d][k - 1] = t;
		}
	for (i = 1; i < h->n[d]; i++)
		if (h->start[d][i] < h->end[d][i - 1]) {
			pract_fmt(h->start[d][i - 1], s1);
			pract_fmt(h->end[d][i - 1], e1);
			pract_fmt(h->start[d][i], s2);
			pract_fmt(h->end[d][i], e2);
			snprintf(w->api, sizeof(w->api), "%s: ranges overlap "
			    "(%s-%s, %s-%s)", in, s1, e1, s2, e2);
			snprintf(w->fr, sizeof(w->fr), "%s : les plages "
			    "%s-%s et %s-%s se chevauchent.", pract_day[d],
			    s1, e1, s2, e2);
			snprintf(w->en, sizeof(w->en), "%s: the ranges "
			    "%s-%s and %s-%s overlap.", pract_day_en[d], s1,
			    e1, s2, e2);
			return -1;
		}
	return 0;
}

/*
 * Day d as text "09:00-12:00 14:00-18:00" (input w<d>; "" closes it).
 * Returns 0, or -1 with the reason in w.
 */
static int
pract_day_text(struct pract_hours *h, int d, const char *v,
    struct pract_why *w)
{
	char	 in[16];
	int	 a, b;

	snprintf(in, sizeof(in), "w%d", d);
	if (strlen(v) > 100)
		goto bad;
	for (;;) {
		while (*v == ' ' || *v == ',')
			v++;
		if (*v == '\0')
			break;
		if ((a = pract_hhmm(&v)) < 0 || *v++ != '-' ||
		    (b = pract_hhmm(&v)) < 0 ||
		    (*v != '\0' && *v != ' ' && *v != ','))
			goto bad;
		if (pract_range_add(h, d, a, b, in, w) != 0)
			return -1;
	}
	return pract_day_check(h, d, in, w);
bad:
	snprintf(w->api, sizeof(w->api), "%s: hours as \"09:00-12:00 "
	    "14:00-18:00\"", in);
	snprintf(w->fr, sizeof(w->fr), "%s : horaires à écrire « 09:00-12:00 "
	    "14:00-18:00 ».", pract_day[d]);
	snprintf(w->en, sizeof(w->en), "%s: write hours as \"09:00-12:00 "
	    "14:00-18:00\".", pract_day_en[d]);
	return -1;
}

/*
 * Day d from the week editor: d<d>_open, then d<d>_start1/end1 and
 * d<d>_start2/end2.  Unticked: closed (its times are not kept).  Ticked:
 * at least one complete range.  Returns 0, or -1 with the reason in w.
 */
static int
pract_day_form(struct req *r, struct pract_hours *h, int d,
    struct pract_why *w)
{
	const char	*s, *e, *o;
	char		 k[32], in[16];
	int		 i, a, b;

	snprintf(in, sizeof(in), "d%d", d);
	snprintf(k, sizeof(k), "d%d_open", d);
	if (!pract_day_in(r, k, &o) || (strcmp(o, "on") != 0 &&
	    strcmp(o, "true") != 0 && strcmp(o, "1") != 0))
		return 0;
	for (i = 1; i <= 2; i++) {
		snprintf(k, sizeof(k), "d%d_start%d", d, i);
		(void)pract_day_in(r, k, &s);
		snprintf(k, sizeof(k), "d%d_end%d", d, i);
		(void)pract_day_in(r, k, &e);
		s = s != NULL ? s : "";
		e = e != NULL ? e : "";
		if (*s == '\0' && *e == '\0')
			continue;
		if ((a = pract_hhmm(&s)) < 0 || *s != '\0' ||
		    (b = pract_hhmm(&e)) < 0 || *e != '\0') {
			snprintf(w->api, sizeof(w->api), "%s: range %d needs "
			    "a start and an end (HH:MM)", in, i);
			snprintf(w->fr, sizeof(w->fr), "%s : la plage %d "
			    "demande un début et une fin (HH:MM).",
			    pract_day[d], i);
			snprintf(w->en, sizeof(w->en), "%s: range %d needs "
			    "a start and an end (HH:MM).", pract_day_en[d], i);
			return -1;
		}
		if (pract_range_add(h, d, a, b, in, w) != 0)
			return -1;
	}
	if (h->n[d] == 0) {
		snprintf(w->api, sizeof(w->api), "%s: open without hours", in);
		snprintf(w->fr, sizeof(w->fr), "%s : ouvert sans horaire ; "
		    "indiquez une plage ou décochez « ouvert ».", pract_day[d]);
		snprintf(w->en, sizeof(w->en), "%s: open without hours; give "
		    "a range or untick \"open\".", pract_day_en[d]);
		return -1;
	}
	return pract_day_check(h, d, in, w);
}

/* Is any of the week editor's inputs of day d in the request? */
static int
pract_day_edited(struct req *r, int d)
{
	static const char *const f[] = { "open", "start1", "end1",
	    "start2", "end2" };
	const char	*v;
	char		 k[32];
	size_t		 i;

	for (i = 0; i < sizeof(f) / sizeof(f[0]); i++) {
		snprintf(k, sizeof(k), "d%d_%s", d, f[i]);
		if (pract_day_in(r, k, &v))
			return 1;
	}
	return 0;
}

/*
 * Read the days of the request into h: the week editor's inputs of a
 * day, else its text w<d>; a day with neither is not given.  Returns
 * 0, or -1 with the reason in w (nothing given at all is refused too).
 */
static int
pract_week(struct req *r, struct pract_hours *h, struct pract_why *w)
{
	const char	*v;
	char		 k[16];
	int		 d, any = 0;

	for (d = 0; d < 7; d++) {
		h->n[d] = 0;
		snprintf(k, sizeof(k), "w%d", d);
		if (pract_day_edited(r, d)) {
			h->given[d] = 1;
			if (pract_day_form(r, h, d, w) != 0)
				return -1;
		} else if (pract_day_in(r, k, &v)) {
			h->given[d] = 1;
			if (pract_day_text(h, d, v, w) != 0)
				return -1;
		} else
			h->given[d] = 0;
		any |= h->given[d];
	}
	if (!any) {
		snprintf(w->api, sizeof(w->api), "no day given: w0..w6 "
		    "(0 = Monday) or the week editor's d0_open...");
		snprintf(w->fr, sizeof(w->fr), "aucun jour reçu.");
		snprintf(w->en, sizeof(w->en), "no day received.");
		return -1;
	}
	return 0;
}

/*
 * Save the days given (all of the week from the editor, the days named
 * by an API client), in one transaction; the other days stay as they
 * are.  An invalid day refuses the whole request with its reason, and
 * nothing is saved.
 */
void
admin_practitioner_hours_set(struct req *r)
{
	struct app_ctx		*ctx = req_ctx(r);
	struct pract_hours	 h;
	struct pract_why	 w;
	struct buf		 m;
	json_object		*o;
	int			 code, rc;

	memset(&h, 0, sizeof(h));
	if (pract_ids(r, h.ids) != 0)
		return;
	if (pract_week(r, &h, &w) != 0) {
		buf_init(&m, 512);
		if (strcmp(page_lang(r), "en") == 0)
			buf_printf(&m, "Hours not saved — %s", w.en);
		else
			buf_printf(&m, "Horaires non enregistrés — %s", w.fr);
		page_error(r, 422, w.api, buf_str(&m));
		buf_free(&m);
		return;
	}
	if ((o = page_query(ctx, &st_exists, h.ids, &code)) == NULL) {
		page_fail(r, code);
		return;
	}
	rc = db_tx(ctx->db, pract_hours_tx, &h);
	if (rc != 0) {
		json_object_put(o);
		page_fail(r, page_tx_status(rc, 422));
		return;
	}
	pract_done(r, 200, h.ids[1], o);
	json_object_put(o);
}

void
admin_practitioner_absence_add(struct req *r)
{
	struct app_ctx	*ctx = req_ctx(r);
	const char	*p[5];
	json_object	*o;
	int		 code;

	if (pract_ids(r, p) != 0)
		return;
	p[2] = page_in(r, "starts_at");
	p[3] = page_in(r, "ends_at");
	p[4] = page_in(r, "reason");
	if (!page_is_timestamp(p[2]) || !page_is_timestamp(p[3]) ||
	    (p[4] != NULL && !page_is_text(p[4], 200))) {
		page_invalid(r, 422, "starts_at, ends_at: YYYY-MM-DDTHH:MM",
		    !page_is_timestamp(p[2]) ? "field.absence.start" :
		    !page_is_timestamp(p[3]) ? "field.absence.end" :
		    "field.absence.reason");
		return;
	}
	if ((o = page_query(ctx, &st_absence_add, p, &code)) == NULL) {
		page_fail(r, code);
		return;
	}
	pract_done(r, 201, p[1], o);
	json_object_put(o);
}

void
admin_practitioner_absence_delete(struct req *r)
{
	struct app_ctx	*ctx = req_ctx(r);
	const char	*p[3];
	json_object	*o;
	int		 code;

	if (pract_ids(r, p) != 0)
		return;
	p[2] = req_param(r, "absenceId");
	if (!page_is_uuid(p[2])) {
		page_error(r, 404, "not found", NULL);
		return;
	}
	if ((o = page_query(ctx, &st_absence_delete, p, &code)) == NULL) {
		page_fail(r, code);
		return;
	}
	pract_done(r, 200, p[1], o);
	json_object_put(o);
}

void
admin_practitioner_treatments(struct req *r)
{
	struct app_ctx	*ctx = req_ctx(r);
	const char	*p[2];
	json_object	*o;
	int		 code;

	if (pract_ids(r, p) != 0)
		return;
	if ((o = page_query(ctx, &st_treat_list, p, &code)) == NULL) {
		page_fail(r, code);
		return;
	}
	page_send(r, 200, "admin/practitioner_treatments",
	    "title.practitioner.treatments", o, 0);
	json_object_put(o);
}

/* Add one uuid to the array literal in b; 0 or -1 (not a uuid). */
static int
pract_uuid_add(struct buf *b, const char *v)
{
	if (!page_is_uuid(v))
		return -1;
	if (b->len > 1 && buf_addc(b, ',') != 0)
		return -1;
	return buf_adds(b, v);
}

/*
 * The treatment ids of the request as a PostgreSQL array literal:
 * JSON {"treatmentIds": [...]} or repeated form fields treatment_id.
 */
static int
pract_treatment_ids(struct req *r, struct buf *b)
{
	json_object			*j = req_json(r), *a;
	const struct http_pairs		*f;
	size_t				 i;

	if (buf_addc(b, '{') != 0)
		return -1;
	if (j != NULL) {
		if (!json_object_object_get_ex(j, "treatmentIds", &a) ||
		    !json_object_is_type(a, json_type_array))
			return -1;
		for (i = 0; i < json_object_array_length(a); i++)
			if (pract_uuid_add(b, json_object_get_string(
			    json_object_array_get_idx(a, i))) != 0)
				return -1;
	} else if ((f = req_form_pairs(r)) != NULL) {
		for (i = 0; i < f->n; i++)
			if (strcmp(f->v[i].name, "treatment_id") == 0 &&
			    pract_uuid_add(b, f->v[i].value) != 0)
				return -1;
	}
	return buf_addc(b, '}');
}

struct pract_treat {
	const char	*p[3];
};

static int
pract_treat_tx(struct db *db, void *arg)
{
	struct pract_treat	*t = arg;
	int			 rc;

	if ((rc = db_do(db, &st_treat_clear, t->p)) != DB_OK)
		return rc;
	return db_do(db, &st_treat_add, t->p);
}

void
admin_practitioner_treatments_set(struct req *r)
{
	struct app_ctx		*ctx = req_ctx(r);
	struct pract_treat	 t;
	struct buf		 ids;
	json_object		*o;
	int			 code, rc;

	if (pract_ids(r, t.p) != 0)
		return;
	buf_init(&ids, 64 * 1024);
	if (pract_treatment_ids(r, &ids) != 0) {
		buf_free(&ids);
		page_invalid(r, 422, "treatmentIds: an array of ids",
		    "field.treatments");
		return;
	}
	t.p[2] = buf_str(&ids);
	if ((o = page_query(ctx, &st_exists, t.p, &code)) == NULL) {
		buf_free(&ids);
		page_fail(r, code);
		return;
	}
	json_object_put(o);
	rc = db_tx(ctx->db, pract_treat_tx, &t);
	buf_free(&ids);
	if (rc != 0) {
		page_fail(r, page_tx_status(rc, 422));
		return;
	}
	if ((o = page_query(ctx, &st_treat_list, t.p, &code)) == NULL) {
		page_fail(r, code);
		return;
	}
	pract_done(r, 200, t.p[1], o);
	json_object_put(o);
}

void
admin_practitioner_calendar(struct req *r)
{
	struct app_ctx	*ctx = req_ctx(r);
	const char	*p[4], *act;
	json_object	*o;
	int		 code;

	if (pract_ids(r, p) != 0)
		return;
	if ((p[2] = page_in(r, "calendarId")) == NULL)
		p[2] = page_in(r, "calendar_id");
	if (p[2] != NULL && (*p[2] == '\0' || !page_is_text(p[2], 200))) {
		page_invalid(r, 422, "calendarId: text",
		    "field.calendar.id");
		return;
	}
	act = page_in(r, "action");
	if (act != NULL && strcmp(act, "disconnect") != 0 &&
	    strcmp(act, "save") != 0) {
		page_invalid(r, 422, "action: disconnect or save", "action");
		return;
	}
	p[3] = act != NULL && strcmp(act, "disconnect") == 0 ? "true" :
	    "false";
	if ((o = page_query(ctx, &st_calendar, p, &code)) == NULL) {
		page_fail(r, code);
		return;
	}
	auth_audit(ctx, r, auth_current(r), p[0], "calendar.update",
	    "practitioner", p[1], NULL);
	pract_done(r, 200, p[1], o);
	json_object_put(o);
}
