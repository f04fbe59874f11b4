/*
 * admin_treatments — the clinic's treatment types (name, duration,
 * buffer after, price, and per language the name patients read and the
 * other words they use): list, create, update, delete.  Deleting keeps
 * the name on past appointments.
 */
#include <string.h>

#include "admin.h"
#include "app.h"
#include "buf.h"
#include "db.h"
#include "http.h"
#include "page.h"

/*
 * The treatments with, per language, their name for patients writing in
 * it (nameFr, nameEn) and the other words patients use (aliasesFr,
 * aliasesEn: comma-separated, as the form edits them).
 */
static const struct db_stmt st_list = { "admin_treatments_list",
	"SELECT json_build_object('items', coalesce(json_agg(json_build_object("
	"'id', t.id, 'name', t.name, 'description', t.description, "
	"'durationMinutes', t.duration_minutes, 'bufferMinutes', "
	"t.buffer_minutes, 'priceCents', t.price_cents, 'isActive', "
	"t.is_active, 'practitioners', (SELECT count(*) FROM "
	"practitioner_treatments pt WHERE pt.clinic_id = t.clinic_id AND "
	"pt.treatment_type_id = t.id), "
	"'nameFr', (SELECT alias FROM treatment_aliases a WHERE a.clinic_id = "
	"t.clinic_id AND a.treatment_type_id = t.id AND a.lang = 'fr' AND "
	"a.is_name), "
	"'nameEn', (SELECT alias FROM treatment_aliases a WHERE a.clinic_id = "
	"t.clinic_id AND a.treatment_type_id = t.id AND a.lang = 'en' AND "
	"a.is_name), "
	"'aliasesFr', (SELECT coalesce(string_agg(alias, ', ' ORDER BY "
	"position, created_at), '') FROM treatment_aliases a WHERE "
	"a.clinic_id = t.clinic_id AND a.treatment_type_id = t.id AND "
	"a.lang = 'fr' AND NOT a.is_name), "
	"'aliasesEn', (SELECT coalesce(string_agg(alias, ', ' ORDER BY "
	"position, created_at), '') FROM treatment_aliases a WHERE "
	"a.clinic_id = t.clinic_id AND a.treatment_type_id = t.id AND "
	"a.lang = 'en' AND NOT a.is_name)) ORDER BY lower(t.name)), '[]')) "
	"FROM (SELECT * FROM treatment_types WHERE clinic_id = $1::uuid "
	"ORDER BY lower(name) LIMIT 500) t", 1 };

/*
 * Remove a treatment's aliases in language $3: its name there when $4
 * is true, else the other words; and any word equal to $5 (the new
 * name, so that it does not stay twice).
 */
static const struct db_stmt st_alias_clear = { "admin_treatment_alias_clear",
	"DELETE FROM treatment_aliases WHERE clinic_id = $1::uuid AND "
	"treatment_type_id = $2::uuid AND lang = $3 AND (is_name = "
	"$4::boolean OR lower(alias) = lower($5))", 5 };

/*
 * Add the comma- or line-separated words of $4 to the treatment in
 * language $3 ($5: as its name there). Duplicates are skipped.
 */
static const struct db_stmt st_alias_add = { "admin_treatment_alias_add",
	"INSERT INTO treatment_aliases (clinic_id, treatment_type_id, lang, "
	"alias, is_name, position) SELECT t.clinic_id, t.id, $3, w.a, "
	"$5::boolean, w.n FROM treatment_types t, (SELECT DISTINCT ON "
	"(lower(btrim(x, E' \\t\\r'))) btrim(x, E' \\t\\r') AS a, n FROM "
	"regexp_split_to_table($4, '[,\\n]') WITH ORDINALITY AS s (x, n) "
	"WHERE btrim(x, E' \\t\\r') <> '' ORDER BY "
	"lower(btrim(x, E' \\t\\r')), n) w "
	"WHERE t.clinic_id = $1::uuid AND t.id = $2::uuid "
	"ON CONFLICT DO NOTHING", 5 };

static const struct db_stmt st_create = { "admin_treatment_create",
	"INSERT INTO treatment_types (clinic_id, name, description, "
	"duration_minutes, buffer_minutes, price_cents, is_active) VALUES "
	"($1::uuid, $2, nullif($3, ''), $4::int, coalesce($5::int, 0), "
	"$6::int, coalesce($7::boolean, true)) "
	"RETURNING json_build_object('id', id)", 7 };

static const struct db_stmt st_update = { "admin_treatment_update",
	"UPDATE treatment_types SET name = coalesce($3, name), description = "
	"CASE WHEN $4::text IS NULL THEN description ELSE nullif($4, '') END, "
	"duration_minutes = coalesce($5::int, duration_minutes), "
	"buffer_minutes = coalesce($6::int, buffer_minutes), price_cents = "
	"coalesce($7::int, price_cents), is_active = coalesce($8::boolean, "
	"is_active) WHERE clinic_id = $1::uuid AND id = $2::uuid "
	"RETURNING json_build_object('id', id)", 8 };

/* Past appointments keep the treatment's name. */
static const struct db_stmt st_keep_name = { "admin_treatment_keep_name",
	"UPDATE appointments a SET treatment_name = coalesce(a.treatment_name, "
	"t.name) FROM treatment_types t WHERE t.clinic_id = $1::uuid AND "
	"t.id = $2::uuid AND a.clinic_id = t.clinic_id AND "
	"a.treatment_type_id = t.id", 2 };

static const struct db_stmt st_delete = { "admin_treatment_delete",
	"DELETE FROM treatment_types WHERE clinic_id = $1::uuid AND "
	"id = $2::uuid", 2 };

static const struct db_stmt st_exists = { "admin_treatment_exists",
	"SELECT json_build_object('id', id) FROM treatment_types WHERE "
	"clinic_id = $1::uuid AND id = $2::uuid", 2 };

/* Back to the list (browsers) or the object (API). */
static void
treat_done(struct req *r, int status, json_object *o)
{
	struct buf	 loc;

	buf_init(&loc, 200);
	buf_printf(&loc, "/clinic/%s/admin/treatments",
	    req_param(r, "clinicId"));
	page_done(r, status, buf_str(&loc), o);
	buf_free(&loc);
}

void
admin_treatments(struct req *r)
{
	struct app_ctx	*ctx = req_ctx(r);
	const char	*p[1] = { req_param(r, "clinicId") };
	json_object	*o;
	int		 code;

	if ((o = page_query(ctx, &st_list, p, &code)) == NULL) {
		page_fail(r, code);
		return;
	}
	page_send(r, 200, "admin/treatments", "title.treatments", o, 0);
	json_object_put(o);
}

/* Input by snake_case name, or its camelCase twin. */
static const char *
treat_in(struct req *r, const char *snake, const char *camel)
{
	const char	*v = page_in(r, snake);

	if (v == NULL)
		v = page_in(r, camel);
	return v != NULL && *v == '\0' && strcmp(snake, "description") != 0 ?
	    NULL : v;
}

/*
 * Fields into p[0..5]: name, description, duration, buffer, price,
 * active.  Returns 0, or -1 after answering 422.
 */
/*
 * The catalogue key of the first refused treatment field (p as
 * treat_fields reads it), for the error page.
 */
static const char *
treat_bad_field(const char **p, int create)
{
	long	 n;

	if ((create && p[0] == NULL) ||
	    (p[0] != NULL && !page_is_text(p[0], 200)))
		return "field.treat.name";
	if (p[1] != NULL && !page_is_text(p[1], 2000))
		return "field.treat.description";
	if ((create && p[2] == NULL) ||
	    (p[2] != NULL && page_int(p[2], 5, 720, &n) != 0))
		return "field.treat.duration";
	if (p[3] != NULL && page_int(p[3], 0, 240, &n) != 0)
		return "field.treat.buffer";
	return "field.treat.price";
}

static int
treat_fields(struct req *r, const char **p, int create)
{
	long		 n;
	const char	*a;

	p[0] = treat_in(r, "name", "name");
	p[1] = treat_in(r, "description", "description");
	p[2] = treat_in(r, "duration_minutes", "durationMinutes");
	p[3] = treat_in(r, "buffer_minutes", "bufferMinutes");
	p[4] = treat_in(r, "price_cents", "priceCents");
	a = treat_in(r, "is_active", "isActive");
	if ((create && (p[0] == NULL || p[2] == NULL)) ||
	    (p[0] != NULL && !page_is_text(p[0], 200)) ||
	    (p[1] != NULL && !page_is_text(p[1], 2000)) ||
	    (p[2] != NULL && page_int(p[2], 5, 720, &n) != 0) ||
	    (p[3] != NULL && page_int(p[3], 0, 240, &n) != 0) ||
	    (p[4] != NULL && page_int(p[4], 0, 100000000, &n) != 0)) {
		page_invalid(r, 422, "name, duration_minutes (5-720), "
		    "buffer_minutes (0-240), price_cents",
		    treat_bad_field(p, create));
		return -1;
	}
	if (a == NULL)
		p[5] = NULL;
	else if (strcmp(a, "true") == 0 || strcmp(a, "1") == 0 ||
	    strcmp(a, "on") == 0)
		p[5] = "true";
	else if (strcmp(a, "false") == 0 || strcmp(a, "0") == 0)
		p[5] = "false";
	else {
		page_invalid(r, 422, "is_active: true or false",
		    "field.treat.active");
		return -1;
	}
	return 0;
}

#define ALIAS_MAX	100	/* bytes of one alias (sql/014) */
#define ALIASES_MAX	30	/* aliases per treatment and language */

/* The alias inputs: per language, the name and the other words. */
struct alias_in {
	const char	*name[2];	/* [0] fr, [1] en; NULL: unchanged */
	const char	*words[2];
};

static const char *const alias_lang[2] = { "fr", "en" };

/*
 * Is s a list of at most ALIASES_MAX words separated by commas or line
 * breaks, each at most ALIAS_MAX bytes once trimmed (empty items are
 * ignored)? With single, s must be one item (a name). 1 or 0.
 */
static int
alias_list_ok(const char *s, int single)
{
	const char	*p, *e;
	size_t		 n = 0, a, b;

	if (!page_is_text(s, (ALIAS_MAX + 2) * ALIASES_MAX))
		return 0;
	for (p = s; *p != '\0'; p = *e != '\0' ? e + 1 : e) {
		for (e = p; *e != '\0' && *e != ',' && *e != '\n'; e++)
			;
		if (single && *e != '\0')
			return 0;
		for (a = 0; p + a < e && (p[a] == ' ' || p[a] == '\t' ||
		    p[a] == '\r'); a++)
			;
		for (b = (size_t)(e - p); b > a && (p[b - 1] == ' ' ||
		    p[b - 1] == '\t' || p[b - 1] == '\r'); b--)
			;
		if (b == a)
			continue;
		if (b - a > ALIAS_MAX || ++n > ALIASES_MAX)
			return 0;
	}
	return 1;
}

/*
 * Read and check the alias inputs (name_fr, name_en, aliases_fr,
 * aliases_en, or their camelCase twins). Returns 0, or -1 after
 * answering 422.
 */
static int
alias_fields(struct req *r, struct alias_in *in)
{
	static const char *const names[4][2] = {
		{ "name_fr", "nameFr" }, { "name_en", "nameEn" },
		{ "aliases_fr", "aliasesFr" }, { "aliases_en", "aliasesEn" },
	};
	const char	*v[4];
	int		 k;

	for (k = 0; k < 4; k++) {
		if ((v[k] = page_in(r, names[k][0])) == NULL)
			v[k] = page_in(r, names[k][1]);
		if (v[k] != NULL && !alias_list_ok(v[k], k < 2)) {
			page_invalid(r, 422, "name_fr, name_en: one name of "
			    "at most 100 bytes, without commas; aliases_fr, "
			    "aliases_en: at most 30 comma-separated words "
			    "of at most 100 bytes",
			    k < 2 ? "field.treat.patient.name" :
			    "field.treat.aliases");
			return -1;
		}
	}
	in->name[0] = v[0];
	in->name[1] = v[1];
	in->words[0] = v[2];
	in->words[1] = v[3];
	return 0;
}

/* What alias_tx changes: the clinic, the treatment and the inputs. */
struct alias_job {
	const char		*clinic;
	const char		*treat;
	const struct alias_in	*in;
};

/* Replace the aliases that were given, language by language (db_tx). */
static int
alias_tx(struct db *db, void *arg)
{
	const struct alias_job	*j = arg;
	const char		*p[5];
	int			 k, rc;

	p[0] = j->clinic;
	p[1] = j->treat;
	for (k = 0; k < 2; k++) {
		p[2] = alias_lang[k];
		if (j->in->name[k] != NULL) {
			p[3] = "true";
			p[4] = j->in->name[k];
			if ((rc = db_do(db, &st_alias_clear, p)) != DB_OK)
				return rc;
		}
		if (j->in->words[k] != NULL) {
			p[3] = "false";
			p[4] = "";
			if ((rc = db_do(db, &st_alias_clear, p)) != DB_OK)
				return rc;
		}
		if (j->in->name[k] != NULL) {
			p[3] = j->in->name[k];
			p[4] = "true";
			if ((rc = db_do(db, &st_alias_add, p)) != DB_OK)
				return rc;
		}
		if (j->in->words[k] != NULL) {
			p[3] = j->in->words[k];
			p[4] = "false";
			if ((rc = db_do(db, &st_alias_add, p)) != DB_OK)
				return rc;
		}
	}
	return DB_OK;
}

/*
 * Store the alias inputs of treatment treat (uuid text), when any was
 * given. Returns 0, or -1 after answering the error.
 */
static int
alias_store(struct req *r, const char *treat, const struct alias_in *in)
{
	struct app_ctx		*ctx = req_ctx(r);
	struct alias_job	 j;
	int			 rc, k, any = 0;

	for (k = 0; k < 2; k++)
		any |= in->name[k] != NULL || in->words[k] != NULL;
	if (!any)
		return 0;
	j.clinic = req_param(r, "clinicId");
	j.treat = treat;
	j.in = in;
	if ((rc = db_tx(ctx->db, alias_tx, &j)) != 0) {
		page_fail(r, page_tx_status(rc, 500));
		return -1;
	}
	return 0;
}

/* The "id" of the object o, or NULL. */
static const char *
obj_id(json_object *o)
{
	json_object	*v;

	if (o == NULL || !json_object_object_get_ex(o, "id", &v))
		return NULL;
	return json_object_get_string(v);
}

void
admin_treatment_create(struct req *r)
{
	struct app_ctx	*ctx = req_ctx(r);
	struct alias_in	 al;
	const char	*p[7];
	json_object	*o;
	int		 code;

	p[0] = req_param(r, "clinicId");
	if (treat_fields(r, p + 1, 1) != 0 || alias_fields(r, &al) != 0)
		return;
	if ((o = page_query(ctx, &st_create, p, &code)) == NULL) {
		page_fail(r, code);
		return;
	}
	if (alias_store(r, obj_id(o), &al) == 0)
		treat_done(r, 201, o);
	json_object_put(o);
}

void
admin_treatment_update(struct req *r)
{
	struct app_ctx	*ctx = req_ctx(r);
	struct alias_in	 al;
	const char	*p[8];
	json_object	*o;
	int		 code;

	p[0] = req_param(r, "clinicId");
	p[1] = req_param(r, "treatmentId");
	if (!page_is_uuid(p[1])) {
		page_error(r, 404, "not found", NULL);
		return;
	}
	if (treat_fields(r, p + 2, 0) != 0 || alias_fields(r, &al) != 0)
		return;
	if ((o = page_query(ctx, &st_update, p, &code)) == NULL) {
		page_fail(r, code);
		return;
	}
	if (alias_store(r, p[1], &al) == 0)
		treat_done(r, 200, o);
	json_object_put(o);
}

/* Keep names on appointments, then delete (one transaction). */
static int
treat_delete_tx(struct db *db, void *arg)
{
	const char *const	*p = arg;
	int			 rc;

	if ((rc = db_do(db, &st_keep_name, p)) != DB_OK)
		return rc;
	return db_do(db, &st_delete, p);
}

void
admin_treatment_delete(struct req *r)
{
	struct app_ctx	*ctx = req_ctx(r);
	const char	*p[2];
	json_object	*o;
	int		 code, rc;

	p[0] = req_param(r, "clinicId");
	p[1] = req_param(r, "treatmentId");
	if (!page_is_uuid(p[1])) {
		page_error(r, 404, "not found", NULL);
		return;
	}
	if ((o = page_query(ctx, &st_exists, p, &code)) == NULL) {
		page_fail(r, code);
		return;
	}
	if ((rc = db_tx(ctx->db, treat_delete_tx, p)) != 0) {
		json_object_put(o);
		page_fail(r, page_tx_status(rc, 500));
		return;
	}
	treat_done(r, 200, o);
	json_object_put(o);
}
