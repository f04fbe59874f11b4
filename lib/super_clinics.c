/*
 * super_clinics — every clinic: list (keyset on creation, search by name,
 * active filter), detail (settings, WhatsApp number, accounts,
 * practitioners, a few figures), edit, activate and deactivate.  A
 * deactivated clinic's webhook answers 404 from the next request on and
 * its users cannot sign in (auth.c and intake.c check clinics.is_active
 * on every request).  A deactivation also bumps the token version of
 * every user of the clinic in the same statement, so that the sessions
 * opened before it stay closed when the clinic is activated again.
 * Every change is audited.
 */
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "auth.h"
#include "config.h"
#include "db.h"
#include "holiday.h"
#include "http.h"
#include "page.h"
#include "super.h"
#include "super_int.h"

/* $1/$2 cursor (created_at, id), $3 name search, $4 active. */
static const struct db_stmt st_list = { "super_clinics_list",
	DB_PLAN_EACH_RUN
	"SELECT coalesce(json_agg(r ORDER BY r.\"createdAt\" DESC, r.id DESC), "
	"'[]') FROM (SELECT c.id, c.name, c.timezone, c.language, "
	"c.is_active AS \"isActive\", c.phone, c.email, "
	"c.created_at AS \"createdAt\", to_char(c.created_at AT TIME ZONE "
	"c.timezone, 'YYYY-MM-DD') AS \"createdLocal\", "
	"(SELECT w.phone_number FROM clinic_whatsapp_configs w WHERE "
	"w.clinic_id = c.id AND w.is_active) AS \"whatsappNumber\", "
	"(SELECT count(*) FROM practitioners p WHERE p.clinic_id = c.id AND "
	"p.is_active) AS practitioners FROM clinics c WHERE "
	"($1::timestamptz IS NULL OR (c.created_at, c.id) < "
	"($1::timestamptz, $2::uuid)) AND ($3::text IS NULL OR "
	"strpos(lower(c.name), lower($3)) > 0) AND ($4::boolean IS NULL OR "
	"c.is_active = $4::boolean) "
	"ORDER BY c.created_at DESC, c.id DESC LIMIT 51) r", 4 };

/* $1 clinic, $2 now (UTC seconds). */
static const struct db_stmt st_detail = { "super_clinic_detail",
	"SELECT json_build_object('id', c.id, 'name', c.name, 'address', "
	"c.address, 'phone', c.phone, 'email', c.email, 'timezone', "
	"c.timezone, 'language', c.language, 'isActive', c.is_active, "
	"'country', c.country, "
	"'emergencyNumbers', c.emergency_numbers, "
	"'reminderDelayMinutes', c.reminder_delay_minutes, "
	"'minNoticeMinutes', c.min_notice_minutes, "
	"'bookingHorizonDays', c.booking_horizon_days, "
	"'slotGranularityMinutes', c.slot_granularity_minutes, "
	"'contextTimeoutMinutes', c.context_timeout_minutes, "
	"'createdAt', c.created_at, 'updatedAt', c.updated_at, "
	"'whatsapp', (SELECT json_build_object('phoneNumber', "
	"w.phone_number, 'accountSid', w.account_sid, 'ownToken', "
	"w.auth_token_enc IS NOT NULL) FROM clinic_whatsapp_configs w "
	"WHERE w.clinic_id = c.id AND w.is_active), "
	"'users', (SELECT coalesce(json_agg(json_build_object('id', u.id, "
	"'email', u.email, 'name', u.name, 'role', u.role, 'isActive', "
	"u.is_active, 'lastLoginAt', u.last_login_at, 'lastLoginLocal', "
	"to_char(u.last_login_at AT TIME ZONE c.timezone, "
	"'YYYY-MM-DD HH24:MI')) ORDER BY u.role, "
	"u.email), '[]') FROM clinic_users u WHERE u.clinic_id = c.id), "
	"'practitioners', (SELECT coalesce(json_agg(json_build_object('id', "
	"p.id, 'name', p.title || ' ' || p.first_name || ' ' || p.last_name, "
	"'isActive', p.is_active) ORDER BY p.display_order, p.last_name), "
	"'[]') FROM practitioners p WHERE p.clinic_id = c.id), "
	"'figures', json_build_object("
	"'messages7d', (SELECT count(*) FROM messages m WHERE m.clinic_id = "
	"c.id AND m.created_at >= to_timestamp($2::float8) - interval "
	"'7 days'), "
	"'appointmentsNext7d', (SELECT count(*) FROM appointments a WHERE "
	"a.clinic_id = c.id AND a.status = 'booked' AND a.starts_at >= "
	"to_timestamp($2::float8) AND a.starts_at < to_timestamp($2::float8) "
	"+ interval '7 days'), "
	"'waitingForStaff', (SELECT count(*) FROM conversations v WHERE "
	"v.clinic_id = c.id AND v.status <> 'closed' AND (v.needs_staff OR "
	"v.status = 'handoff')))) FROM clinics c WHERE c.id = $1::uuid", 2 };

/*
 * Absent fields keep their value; "" clears an optional one.  isActive
 * false ($9) ends the sessions of the clinic's users (see st_active).
 */
static const struct db_stmt st_update = { "super_clinic_update",
	"WITH c AS (UPDATE clinics SET name = coalesce($2, name), "
	"address = CASE WHEN $3::text IS NULL THEN address ELSE "
	"nullif($3, '') END, phone = CASE WHEN $4::text IS NULL THEN phone "
	"ELSE nullif($4, '') END, email = "
	"CASE WHEN $5::text IS NULL THEN email ELSE nullif($5, '') END, "
	"timezone = coalesce($6, timezone), language = coalesce($7, "
	"language), emergency_numbers = CASE WHEN $8::text IS NULL THEN "
	"emergency_numbers ELSE nullif($8, '') END, is_active = "
	"coalesce($9::boolean, is_active), reminder_delay_minutes = "
	"coalesce($10::int, reminder_delay_minutes), min_notice_minutes = "
	"coalesce($11::int, min_notice_minutes), booking_horizon_days = "
	"coalesce($12::int, booking_horizon_days), slot_granularity_minutes = "
	"coalesce($13::int, slot_granularity_minutes), "
	"context_timeout_minutes = coalesce($14::int, "
	"context_timeout_minutes), country = coalesce($15, country) "
	"WHERE id = $1::uuid "
	"RETURNING id, name, is_active), "
	"ended AS (UPDATE clinic_users u SET token_version = "
	"u.token_version + 1 FROM c WHERE u.clinic_id = c.id AND "
	"$9::boolean IS FALSE) "
	"SELECT json_build_object('id', id, 'name', name, 'isActive', "
	"is_active) FROM c", 15 };

/*
 * Activate ($2 true) or deactivate ($2 false).  A deactivation bumps
 * the token version of the clinic's users: every token issued before it
 * is refused, also after a later activation.
 */
static const struct db_stmt st_active = { "super_clinic_active",
	"WITH c AS (UPDATE clinics SET is_active = $2::boolean WHERE id = "
	"$1::uuid RETURNING id, name, is_active), "
	"ended AS (UPDATE clinic_users u SET token_version = "
	"u.token_version + 1 FROM c WHERE u.clinic_id = c.id AND "
	"NOT c.is_active) "
	"SELECT json_build_object('id', id, 'name', name, 'isActive', "
	"is_active) FROM c", 2 };

/* An integer input: fields and their ranges (the schema's CHECKs). */
struct super_int_field {
	const char	*name;	/* input name */
	long		 min;
	long		 max;
	const char	*fr;	/* catalogue key of its name, for errors */
};

static const struct super_int_field int_fields[] = {
	{ "reminderDelayMinutes", 0, 20160,	/* $10 */
	    "field.clinic.reminder" },
	{ "minNoticeMinutes", 0, 20160,		/* $11 */
	    "field.clinic.notice" },
	{ "bookingHorizonDays", 1, 365,		/* $12 */
	    "field.clinic.horizon" },
	{ "slotGranularityMinutes", 5, 60,	/* $13 (schema: 5..60 set) */
	    "field.clinic.granularity" },
	{ "contextTimeoutMinutes", 5, 10080,	/* $14 */
	    "field.clinic.context" },
};

/*
 * The catalogue key of the first refused text field of the clinic form
 * (p[1..7] as clinic_fields reads them), for the error page.
 */
static const char *
clinic_bad_field(struct req *r, const char **p, const char *lang)
{
	const char	*act;

	if (!super_text_ok(p[1], 200, 0))
		return "field.clinic.name";
	if (!super_text_ok(p[2], 300, 1))
		return "field.clinic.address";
	if (!super_text_ok(p[3], 40, 1))
		return "field.clinic.phone";
	if (!super_text_ok(p[4], 320, 1))
		return "field.email";
	if (!super_text_ok(p[5], 64, 0))
		return "field.timezone";
	if (!super_text_ok(p[7], 500, 1))
		return "field.clinic.emergency";
	if (lang != NULL && strcmp(lang, "fr") != 0 && strcmp(lang, "en") != 0)
		return "field.lang";
	return super_bool_in(page_in(r, "isActive"), &act) != 0 ?
	    "field.clinic.active" : NULL;
}

void
super_clinics(struct req *r)
{
	struct app_ctx	*ctx = req_ctx(r);
	const char	*p[4], *active = NULL;
	json_object	*o, *f;
	int		 code;

	if (page_cursor(r, &p[0], &p[1]) != 0 ||
	    super_bool_in(super_q(r, "active"), &active) != 0) {
		page_invalid(r, 400, "bad cursor or active filter",
		    "field.clinics.filter");
		return;
	}
	p[2] = super_q(r, "q");
	if (p[2] != NULL && !page_is_text(p[2], 100)) {
		page_invalid(r, 400, "q: at most 100 characters",
		    "field.search");
		return;
	}
	p[3] = active;
	if ((o = page_list(ctx, &st_list, p, "createdAt", &code)) == NULL) {
		page_fail(r, code);
		return;
	}
	f = json_object_new_object();
	super_add_str(f, "q", p[2]);
	super_add_str(f, "active", active);
	json_object_object_add(o, "filters", f);
	page_send(r, 200, "superadmin/clinics", "title.super.clinics", o, 1);
	json_object_put(o);
}

/*
 * The supported countries for the form, {code, name (English when en,
 * else French), selected}, added to the clinic's object o as
 * "countries".
 */
static void
clinic_countries(json_object *o, int en)
{
	json_object	*a, *c, *cur;
	const char	*cc, *now = NULL;
	size_t		 i;

	if (json_object_object_get_ex(o, "country", &cur))
		now = json_object_get_string(cur);
	if ((a = json_object_new_array()) == NULL)
		return;
	for (i = 0; (cc = holiday_country(i)) != NULL; i++) {
		if ((c = json_object_new_object()) == NULL)
			break;
		json_object_object_add(c, "code", json_object_new_string(cc));
		json_object_object_add(c, "name", json_object_new_string(
		    holiday_country_name(cc, en ? HOLIDAY_EN : HOLIDAY_FR)));
		json_object_object_add(c, "selected", json_object_new_boolean(
		    now != NULL && strcmp(cc, now) == 0));
		json_object_array_add(a, c);
	}
	json_object_object_add(o, "countries", a);
}

void
super_clinic(struct req *r)
{
	struct app_ctx	*ctx = req_ctx(r);
	const char	*p[2];
	char		 now[24];
	json_object	*o;
	int		 code;

	p[0] = req_param(r, "clinicId");
	snprintf(now, sizeof(now), "%lld", (long long)config_now());
	p[1] = now;
	if ((o = page_query(ctx, &st_detail, p, &code)) == NULL) {
		page_fail(r, code);
		return;
	}
	clinic_countries(o, strcmp(page_lang(r), "en") == 0);
	page_send(r, 200, "superadmin/clinic", "title.super.clinic", o, 1);
	json_object_put(o);
}

/* Read and check the edit fields into p[1..14]; 0, or -1 (answered). */
static int
clinic_fields(struct req *r, const char **p)
{
	const char	*lang;
	long		 n;
	size_t		 i;

	p[1] = page_in(r, "name");
	p[2] = page_in(r, "address");
	p[3] = page_in(r, "phone");
	p[4] = page_in(r, "email");
	p[5] = page_in(r, "timezone");
	p[6] = lang = page_in(r, "language");
	p[7] = page_in(r, "emergencyNumbers");
	if (page_email_refused(r, p[4]) != 0)
		return -1;
	if (!super_text_ok(p[1], 200, 0) || !super_text_ok(p[2], 300, 1) ||
	    !super_text_ok(p[3], 40, 1) || !super_text_ok(p[4], 320, 1) ||
	    !super_text_ok(p[5], 64, 0) || !super_text_ok(p[7], 500, 1) ||
	    (lang != NULL && strcmp(lang, "fr") != 0 &&
	    strcmp(lang, "en") != 0) ||
	    super_bool_in(page_in(r, "isActive"), &p[8]) != 0) {
		page_invalid(r, 422, "invalid value", clinic_bad_field(r, p,
		    lang));
		return -1;
	}
	for (i = 0; i < sizeof(int_fields) / sizeof(int_fields[0]); i++) {
		p[9 + i] = page_in(r, int_fields[i].name);
		if (p[9 + i] != NULL && *p[9 + i] == '\0')
			p[9 + i] = NULL;
		if (p[9 + i] != NULL && page_int(p[9 + i], int_fields[i].min,
		    int_fields[i].max, &n) != 0) {
			page_invalid(r, 422, "invalid value",
			    int_fields[i].fr);
			return -1;
		}
	}
	/* The country: "" keeps it; otherwise a supported ISO code. */
	if ((p[14] = page_in(r, "country")) != NULL && *p[14] == '\0')
		p[14] = NULL;
	if (p[14] != NULL && !holiday_supported(p[14])) {
		page_invalid(r, 422, "invalid value", "field.country");
		return -1;
	}
	return 0;
}

/* Run a change st(p), audit it as action, answer. */
static void
clinic_change(struct req *r, const struct db_stmt *st, const char **p,
    const char *action)
{
	struct app_ctx	*ctx = req_ctx(r);
	json_object	*o;
	int		 code;

	if ((o = page_query(ctx, st, p, &code)) == NULL) {
		page_fail(r, code);
		return;
	}
	auth_audit(ctx, r, auth_current(r), p[0], action, "clinic", p[0],
	    NULL);
	super_done(r, 200, "/clinics", p[0], o);
	json_object_put(o);
}

void
super_clinic_update(struct req *r)
{
	const char	*p[15];

	p[0] = req_param(r, "clinicId");
	if (clinic_fields(r, p) != 0)
		return;
	clinic_change(r, &st_update, p, "clinic.update");
}

void
super_clinic_activate(struct req *r)
{
	const char	*p[2] = { req_param(r, "clinicId"), "true" };

	clinic_change(r, &st_active, p, "clinic.activate");
}

void
super_clinic_deactivate(struct req *r)
{
	const char	*p[2] = { req_param(r, "clinicId"), "false" };

	clinic_change(r, &st_active, p, "clinic.deactivate");
}
