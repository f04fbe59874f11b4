/*
 * admin_settings — the clinic's own settings: name, address, phone,
 * email, time zone, language, country (its public holidays, see
 * holiday.h), opening hours, closures, emergency numbers, how to reach
 * the clinic (parking, transport, lift), reminder delay and reminder
 * template.  Changing them needs
 * the ADMIN role (route flag AUTH_F_ADMIN).
 */
#include <stdio.h>
#include <string.h>

#include "admin.h"
#include "app.h"
#include "auth.h"
#include "buf.h"
#include "db.h"
#include "holiday.h"
#include "http.h"
#include "page.h"

static const struct db_stmt st_get = { "admin_settings_get",
	"SELECT json_build_object('id', c.id, 'name', c.name, 'address', "
	"c.address, 'phone', c.phone, 'email', c.email, 'timezone', "
	"c.timezone, 'language', c.language, 'languageEn', c.language = 'en', "
	"'country', c.country, "
	"'emergencyNumbers', "
	"c.emergency_numbers, 'accessInfo', c.access_info, 'reminderDelayMinutes', "
	"c.reminder_delay_minutes, 'reminderContentSid', "
	"c.reminder_content_sid, 'minNoticeMinutes', c.min_notice_minutes, "
	"'bookingHorizonDays', c.booking_horizon_days, "
	"'alertEmail', c.alert_email, 'staffWhatsapp', c.staff_whatsapp, "
	"'whatsappNumber', (SELECT w.phone_number FROM clinic_whatsapp_configs "
	"w WHERE w.clinic_id = c.id AND w.is_active), "
	"'hours', (SELECT json_agg(json_build_object('weekday', d, 'name', "
	"(ARRAY['lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', "
	"'samedi', 'dimanche'])[d + 1], 'text', "
	"coalesce((SELECT string_agg(lpad((h.start_min / 60)::text, 2, '0') "
	"|| ':' || lpad((h.start_min % 60)::text, 2, '0') || '-' || "
	"lpad((h.end_min / 60)::text, 2, '0') || ':' || "
	"lpad((h.end_min % 60)::text, 2, '0'), ' ' ORDER BY h.start_min) "
	"FROM clinic_opening_hours h WHERE h.clinic_id = c.id AND "
	"h.weekday = d), '')) ORDER BY d) FROM generate_series(0, 6) d), "
	"'closures', (SELECT coalesce(json_agg(json_build_object('id', k.id, "
	"'day', k.day, 'startMin', k.start_min, 'endMin', k.end_min, "
	"'reason', k.reason) ORDER BY k.day), '[]') FROM clinic_closures k "
	"WHERE k.clinic_id = c.id AND k.day >= current_date - 30)) "
	"FROM clinics c WHERE c.id = $1::uuid", 1 };

/* Absent fields keep their value; "" clears an optional one. */
static const struct db_stmt st_update = { "admin_settings_update",
	"UPDATE clinics SET name = coalesce($2, name), address = CASE WHEN "
	"$3::text IS NULL THEN address ELSE nullif($3, '') END, phone = CASE "
	"WHEN $4::text IS NULL THEN phone ELSE nullif($4, '') END, email = "
	"CASE WHEN $5::text IS NULL THEN email ELSE nullif($5, '') END, "
	"timezone = coalesce($6, timezone), language = coalesce($7, "
	"language), emergency_numbers = CASE WHEN $8::text IS NULL THEN "
	"emergency_numbers ELSE nullif($8, '') END, reminder_delay_minutes = "
	"coalesce($9::int, reminder_delay_minutes), reminder_content_sid = "
	"CASE WHEN $10::text IS NULL THEN reminder_content_sid ELSE "
	"nullif($10, '') END, country = coalesce($11, country), "
	"alert_email = CASE WHEN $12::text IS NULL THEN alert_email ELSE "
	"nullif($12, '') END, staff_whatsapp = CASE WHEN $13::text IS NULL "
	"THEN staff_whatsapp ELSE nullif($13, '') END, access_info = CASE "
	"WHEN $14::text IS NULL THEN access_info ELSE nullif($14, '') END "
	"WHERE id = $1::uuid RETURNING json_build_object('id', id)", 14 };

/* One day's hours go before that day is written again. */
static const struct db_stmt st_hours_clear = { "admin_settings_hours_clear",
	"DELETE FROM clinic_opening_hours WHERE clinic_id = $1::uuid "
	"AND weekday = $2::int", 2 };

static const struct db_stmt st_hours_add = { "admin_settings_hours_add",
	"INSERT INTO clinic_opening_hours (clinic_id, weekday, start_min, "
	"end_min) VALUES ($1::uuid, $2::int, $3::int, $4::int)", 4 };

static const struct db_stmt st_closure_add = { "admin_settings_closure_add",
	"INSERT INTO clinic_closures (clinic_id, day, start_min, end_min, "
	"reason) VALUES ($1::uuid, $2::date, $3::int, $4::int, nullif($5, "
	"'')) RETURNING json_build_object('id', id)", 5 };

static const struct db_stmt st_closure_delete = {
	"admin_settings_closure_delete",
	"DELETE FROM clinic_closures WHERE clinic_id = $1::uuid AND "
	"id = $2::uuid RETURNING json_build_object('id', id)", 2 };

/* Back to the settings page, or the object for API clients. */
static void
settings_done(struct req *r, int status, json_object *o)
{
	struct buf	 loc;

	buf_init(&loc, 200);
	buf_printf(&loc, "/clinic/%s/admin/settings",
	    req_param(r, "clinicId"));
	page_done(r, status, buf_str(&loc), o);
	buf_free(&loc);
}

/*
 * The supported countries for the form's list, {code, name (English
 * when en, else French), selected}, added to o as "countries"; current
 * is the clinic's.
 */
static void
settings_countries(json_object *o, const char *current, int en)
{
	json_object	*a, *c;
	const char	*cc;
	size_t		 i;

	if ((a = json_object_new_array()) == NULL)
		return;
	for (i = 0; (cc = holiday_country(i)) != NULL; i++) {
		if ((c = json_object_new_object()) == NULL)
			break;
		json_object_object_add(c, "code", json_object_new_string(cc));
		json_object_object_add(c, "name", json_object_new_string(
		    holiday_country_name(cc, en ? HOLIDAY_EN : HOLIDAY_FR)));
		json_object_object_add(c, "selected", json_object_new_boolean(
		    current != NULL && strcmp(cc, current) == 0));
		json_object_array_add(a, c);
	}
	json_object_object_add(o, "countries", a);
}

void
admin_settings(struct req *r)
{
	struct app_ctx	*ctx = req_ctx(r);
	const char	*p[1] = { req_param(r, "clinicId") };
	json_object	*o, *cc;
	int		 code;

	if ((o = page_query(ctx, &st_get, p, &code)) == NULL) {
		page_fail(r, code);
		return;
	}
	settings_countries(o, json_object_object_get_ex(o, "country", &cc) ?
	    json_object_get_string(cc) : NULL,
	    strcmp(page_lang(r), "en") == 0);
	page_send(r, 200, "admin/settings", "title.settings", o, 0);
	json_object_put(o);
}

/*
 * The whole update: fields, then the opening hours of the days given
 * (given[d]); a day not given keeps its hours.
 */
struct settings_change {
	const char	*p[14];
	int		 given[7];
	int		 n[7];
	int		 start[7][PAGE_RANGES_MAX];
	int		 end[7][PAGE_RANGES_MAX];
	int		 found;
};

static int
settings_tx(struct db *db, void *arg)
{
	struct settings_change	*s = arg;
	const char		*p[4];
	char			 wd[16], a[16], b[16];
	PGresult		*res;
	int			 d, i, rc;

	res = db_exec(db, &st_update, s->p);
	if (!db_ok(res)) {
		PQclear(res);
		return DB_ERR_QUERY;
	}
	s->found = PQntuples(res) == 1;
	PQclear(res);
	if (!s->found)
		return 0;
	p[0] = s->p[0];
	p[1] = wd;
	for (d = 0; d < 7; d++) {
		if (!s->given[d])
			continue;
		snprintf(wd, sizeof(wd), "%d", d);
		if ((rc = db_do(db, &st_hours_clear, p)) != DB_OK)
			return rc;
		for (i = 0; i < s->n[d]; i++) {
			snprintf(a, sizeof(a), "%d", s->start[d][i]);
			snprintf(b, sizeof(b), "%d", s->end[d][i]);
			p[1] = wd;
			p[2] = a;
			p[3] = b;
			if ((rc = db_do(db, &st_hours_add, p)) != DB_OK)
				return rc;
		}
	}
	return 0;
}

/* Input by snake_case name or camelCase twin. */
static const char *
settings_in(struct req *r, const char *snake, const char *camel)
{
	const char	*v = page_in(r, snake);

	return v != NULL ? v : page_in(r, camel);
}

/*
 * A day's hours w<d> and whether the request gives it at all: a JSON
 * member (null counts, as "": closed) or a form field.  Returns the
 * text, or NULL when the day is not given.
 */
static const char *
settings_day_in(struct req *r, const char *name)
{
	json_object	*j = req_json(r), *m;

	if (j != NULL && json_object_is_type(j, json_type_object)) {
		if (!json_object_object_get_ex(j, name, &m))
			return NULL;
		return json_object_is_type(m, json_type_null) ? "" :
		    json_object_get_string(m);
	}
	return req_form(r, name);
}

/*
 * Read the hours w0..w6 of the days given ("" closes a day; a day not
 * given is kept as it is).  Returns 0, or -1 on a malformed day.
 */
static int
settings_hours(struct req *r, struct settings_change *s)
{
	char		 k[16];
	const char	*v;
	int		 d;

	for (d = 0; d < 7; d++) {
		snprintf(k, sizeof(k), "w%d", d);
		v = settings_day_in(r, k);
		s->given[d] = v != NULL;
		s->n[d] = 0;
		if (v != NULL && (s->n[d] = page_ranges(v, s->start[d],
		    s->end[d])) < 0)
			return -1;
	}
	return 0;
}

/*
 * Names of the settings fields (French text or catalogue keys), in
 * admin_settings_update's order.
 */
static const char *
settings_field_fr(size_t i)
{
	static const char *const fr[] = { "field.s.name",
	    "field.s.address", "field.s.phone", "field.s.email",
	    "field.s.timezone", "field.s.language", "field.s.emergency",
	    "field.s.reminder", "field.s.template", "field.country.short",
	    "field.alert.email", "field.staff.whatsapp", "field.s.access" };

	return i < sizeof(fr) / sizeof(fr[0]) ? fr[i] : NULL;
}

/* Is s a WhatsApp number in E.164 (+ then 7 to 15 digits, no 0 first)? */
static int
settings_is_e164(const char *s)
{
	size_t	 n = 0;

	if (*s++ != '+' || *s < '1' || *s > '9')
		return 0;
	for (; *s >= '0' && *s <= '9'; s++)
		n++;
	return *s == '\0' && n >= 7 && n <= 15;
}

/*
 * The staff alerts' settings (issue 17, item 7): the alert address (an
 * email, "" clears it) and the staff WhatsApp number (E.164, "" clears
 * it).  Returns 0, or -1 after answering 422.
 */
static int
settings_alert_refused(struct req *r, const char *email, const char *wa)
{
	if (email != NULL && *email != '\0' && !page_is_email(email)) {
		page_invalid(r, 422, "alertEmail: not a valid email address",
		    "field.alert.email");
		return -1;
	}
	if (wa != NULL && *wa != '\0' && !settings_is_e164(wa)) {
		page_invalid(r, 422, "staffWhatsapp: E.164, e.g. +33612345678",
		    "field.staff.whatsapp");
		return -1;
	}
	return 0;
}

void
admin_settings_update(struct req *r)
{
	static const char *const sn[] = { "name", "address", "phone", "email",
	    "timezone", "language", "emergency_numbers",
	    "reminder_delay_minutes", "reminder_content_sid", "country",
	    "alert_email", "staff_whatsapp", "access_info" };
	static const char *const cn[] = { "name", "address", "phone", "email",
	    "timezone", "language", "emergencyNumbers",
	    "reminderDelayMinutes", "reminderContentSid", "country",
	    "alertEmail", "staffWhatsapp", "accessInfo" };
	struct app_ctx		*ctx = req_ctx(r);
	struct settings_change	 s;
	json_object		*o;
	long			 n;
	size_t			 i;
	int			 rc;

	memset(&s, 0, sizeof(s));
	s.p[0] = req_param(r, "clinicId");
	if (page_email_refused(r, settings_in(r, "email", "email")) != 0)
		return;
	for (i = 0; i < sizeof(sn) / sizeof(sn[0]); i++) {
		s.p[i + 1] = settings_in(r, sn[i], cn[i]);
		if (s.p[i + 1] != NULL && !page_is_text(s.p[i + 1], 500)) {
			page_invalid(r, 422, "text too long or invalid",
			    settings_field_fr(i));
			return;
		}
	}
	/* empty name, zone, language, delay, country: keep */
	for (i = 0; i < 10; i++)
		if ((i == 0 || i == 4 || i == 5 || i == 7 || i == 9) &&
		    s.p[i + 1] != NULL && *s.p[i + 1] == '\0')
			s.p[i + 1] = NULL;
	if ((s.p[6] != NULL && strcmp(s.p[6], "fr") != 0 &&
	    strcmp(s.p[6], "en") != 0) ||
	    (s.p[8] != NULL && page_int(s.p[8], 0, 20160, &n) != 0)) {
		page_invalid(r, 422, "language: fr or en; "
		    "reminder_delay_minutes: 0-20160", s.p[8] != NULL &&
		    page_int(s.p[8], 0, 20160, &n) != 0 ?
		    "field.clinic.reminder" :
		    "langue (fr ou en)");
		return;
	}
	if (settings_alert_refused(r, s.p[11], s.p[12]) != 0)
		return;
	if (s.p[10] != NULL && !holiday_supported(s.p[10])) {
		page_invalid(r, 422, "country: one of FR BE CH LU DE GB IE ES "
		    "IT NL PT CA US", "field.country.short");
		return;
	}
	if (settings_hours(r, &s) != 0) {
		page_invalid(r, 422, "hours: \"09:00-12:00 14:00-18:00\"",
		    "field.opening.hours");
		return;
	}
	if ((rc = db_tx(ctx->db, settings_tx, &s)) != 0) {
		page_fail(r, page_tx_status(rc, 422));
		return;
	}
	if (!s.found) {
		page_error(r, 404, "not found", NULL);
		return;
	}
	auth_audit(ctx, r, auth_current(r), s.p[0], "settings.update",
	    "clinic", s.p[0], NULL);
	o = json_object_new_object();
	json_object_object_add(o, "id", json_object_new_string(s.p[0]));
	settings_done(r, 200, o);
	json_object_put(o);
}

void
admin_settings_closure_add(struct req *r)
{
	struct app_ctx	*ctx = req_ctx(r);
	const char	*p[5], *range;
	char		 a[16], b[16];
	int		 st[PAGE_RANGES_MAX], en[PAGE_RANGES_MAX], n, code;
	json_object	*o;

	p[0] = req_param(r, "clinicId");
	p[1] = page_in(r, "day");
	range = page_in(r, "hours");
	p[4] = page_in(r, "reason");
	n = page_ranges(range != NULL ? range : "", st, en);
	if (!page_is_date(p[1]) || n < 0 || n > 1 ||
	    (p[4] != NULL && !page_is_text(p[4], 200))) {
		page_invalid(r, 422, "day: YYYY-MM-DD; hours: empty (all day) "
		    "or one range \"12:00-14:00\"", !page_is_date(p[1]) ?
		    "field.day" : n < 0 || n > 1 ?
		    "field.closure.hours" :
		    "field.absence.reason");
		return;
	}
	p[2] = p[3] = NULL;
	if (n == 1) {
		snprintf(a, sizeof(a), "%d", st[0]);
		snprintf(b, sizeof(b), "%d", en[0]);
		p[2] = a;
		p[3] = b;
	}
	if ((o = page_query(ctx, &st_closure_add, p, &code)) == NULL) {
		page_fail(r, code);
		return;
	}
	settings_done(r, 201, o);
	json_object_put(o);
}

void
admin_settings_closure_delete(struct req *r)
{
	struct app_ctx	*ctx = req_ctx(r);
	const char	*p[2];
	json_object	*o;
	int		 code;

	p[0] = req_param(r, "clinicId");
	p[1] = req_param(r, "closureId");
	if (!page_is_uuid(p[1])) {
		page_error(r, 404, "not found", NULL);
		return;
	}
	if ((o = page_query(ctx, &st_closure_delete, p, &code)) == NULL) {
		page_fail(r, code);
		return;
	}
	settings_done(r, 200, o);
	json_object_put(o);
}
