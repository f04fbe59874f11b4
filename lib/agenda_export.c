/*
 * agenda_export — CSV exports of the clinic's appointments over a date
 * range (GET .../export/appointments.csv?from=&to=, clinic time,
 * inclusive; default: today and the next 30 days) and of its patients
 * (GET .../export/patients.csv: all of them, or with from/to those who
 * had an appointment in that range).  UTF-8, RFC 4180 (every cell quoted,
 * CRLF), cells safe against spreadsheet formulas (agenda_csv_cell),
 * Cache-Control: no-store.
 */
#include <stdio.h>
#include <string.h>

#include "admin.h"
#include "agenda.h"
#include "agenda_int.h"
#include "app.h"
#include "booking.h"
#include "buf.h"
#include "config.h"
#include "db.h"
#include "http.h"
#include "page.h"
#include "tz.h"

/* Largest export (bytes) and longest date range (days). */
#define EXPORT_MAX	(64u * 1024 * 1024)
#define EXPORT_DAYS	366

/* $1 clinic, $2 from, $3 to (local dates, inclusive). */
static const struct db_stmt st_appts = { "agenda_export_appointments",
	"SELECT to_char(a.starts_at AT TIME ZONE cl.timezone, 'YYYY-MM-DD'), "
	"to_char(a.starts_at AT TIME ZONE cl.timezone, 'HH24:MI'), "
	"to_char(a.ends_at AT TIME ZONE cl.timezone, 'HH24:MI'), "
	"concat_ws(' ', nullif(btrim(pr.title), ''), pr.first_name, "
	"pr.last_name), pa.first_name, pa.last_name, pa.phone, "
	"coalesce(a.treatment_name, t.name, ''), a.status, a.source, "
	"coalesce(a.notes, '') FROM appointments a JOIN clinics cl ON "
	"cl.id = a.clinic_id JOIN practitioners pr ON pr.id = "
	"a.practitioner_id AND pr.clinic_id = a.clinic_id JOIN patients pa "
	"ON pa.id = a.patient_id AND pa.clinic_id = a.clinic_id LEFT JOIN "
	"treatment_types t ON t.id = a.treatment_type_id AND t.clinic_id = "
	"a.clinic_id WHERE a.clinic_id = $1::uuid AND a.starts_at >= "
	"$2::date::timestamp AT TIME ZONE cl.timezone AND a.starts_at < "
	"($3::date + 1)::timestamp AT TIME ZONE cl.timezone "
	"ORDER BY a.starts_at, pr.display_order, a.id LIMIT 100000", 3 };

static const struct db_stmt st_patients = { "agenda_export_patients",
	"SELECT p.first_name, p.last_name, p.phone, coalesce(to_char("
	"p.birth_date, 'YYYY-MM-DD'), ''), coalesce(p.email, ''), "
	"coalesce(p.language, ''), to_char(p.created_at AT TIME ZONE "
	"cl.timezone, 'YYYY-MM-DD HH24:MI') FROM patients p JOIN clinics cl "
	"ON cl.id = p.clinic_id WHERE p.clinic_id = $1::uuid AND ($2::date "
	"IS NULL OR EXISTS (SELECT 1 FROM appointments a WHERE a.clinic_id = "
	"p.clinic_id AND a.patient_id = p.id AND a.starts_at >= "
	"$2::date::timestamp AT TIME ZONE cl.timezone AND a.starts_at < "
	"($3::date + 1)::timestamp AT TIME ZONE cl.timezone)) "
	"ORDER BY p.last_name, p.first_name, p.id LIMIT 200000", 3 };

/* The header lines (catalogue keys, in the page's language). */
static const char *const appt_head[] = { "csv.date", "csv.start",
	"csv.end", "csv.practitioner", "csv.first", "csv.last", "csv.phone",
	"csv.treatment", "csv.status", "csv.source", "csv.notes" };
static const char *const patient_head[] = { "csv.first", "csv.last",
	"csv.phone", "csv.birth", "csv.email", "csv.lang", "csv.created" };

/* One CSV line of n cells into b.  Returns 0 or -1 (b full). */
static int
csv_line(struct buf *b, const char *const *cells, int n)
{
	int	 i;

	for (i = 0; i < n; i++)
		if ((i > 0 && buf_addc(b, ',') != 0) ||
		    agenda_csv_cell(b, cells[i]) != 0)
			return -1;
	return buf_adds(b, "\r\n");
}

/*
 * Answer the rows of st (run with p) as a CSV file named name, under
 * the header line head (n columns).
 */
static void
csv_send(struct req *r, const struct db_stmt *st, const char *const *p,
    const char *const *head, int n, const char *name)
{
	struct app_ctx	*ctx = req_ctx(r);
	const char	*cells[16];
	char		 disp[96];
	struct buf	 b;
	PGresult	*res;
	int		 i, k, bad = 0;

	res = db_exec(ctx->db, st, p);
	if (!db_ok(res)) {
		page_fail(r, page_db_status(res));
		PQclear(res);
		return;
	}
	buf_init(&b, EXPORT_MAX);
	for (k = 0; k < n; k++)
		cells[k] = page_text(r, head[k]);
	bad = csv_line(&b, cells, n) != 0;
	for (i = 0; !bad && i < PQntuples(res); i++) {
		for (k = 0; k < n; k++)
			cells[k] = PQgetisnull(res, i, k) ? "" :
			    PQgetvalue(res, i, k);
		bad = csv_line(&b, cells, n) != 0;
	}
	PQclear(res);
	if (bad) {
		buf_free(&b);
		page_error(r, 413, "export too large",
		    "error.export.large");
		return;
	}
	snprintf(disp, sizeof(disp), "attachment; filename=\"%s\"", name);
	resp_nostore(r);
	resp_header(r, "Content-Disposition", disp);
	resp_body(r, 200, "text/csv; charset=utf-8", b.p != NULL ? b.p : "",
	    b.len);
	buf_free(&b);
}

/*
 * The export's range from the query's from and to (YYYY-MM-DD, clinic
 * time, inclusive; default today and the next 30 days) into s0 and s1.
 * Returns 0, or -1 when the answer (404, 400) was sent.
 */
static int
export_range(struct req *r, char *s0, char *s1, size_t sz)
{
	const char		*f = req_query(r, "from");
	const char		*t = req_query(r, "to");
	struct slots_date	 d0, d1;
	struct tz_local		 now;
	struct booking		*b = NULL;
	int			 code = 0;
	int64_t			 n;

	/* Today in the clinic's zone: its catalogue only, no busy time. */
	if (booking_load(req_ctx(r), req_param(r, "clinicId"), config_now(),
	    &b) != BOOKING_OK) {
		page_error(r, 404, "not found", NULL);
		return -1;
	}
	tz_to_local(booking_tz(b), config_now(), &now);
	booking_free(b);
	d0.y = now.year;
	d0.m = now.month;
	d0.d = now.day;
	if (f != NULL && *f != '\0' && agenda_parse_date(f, &d0) != 0)
		code = 400;
	d1 = agenda_date_add(&d0, 30);
	if (t != NULL && *t != '\0' && agenda_parse_date(t, &d1) != 0)
		code = 400;
	n = tz_days_from_civil(d1.y, d1.m, d1.d) -
	    tz_days_from_civil(d0.y, d0.m, d0.d);
	if (code != 0 || n < 0 || n > EXPORT_DAYS) {
		page_invalid(r, 400, "from, to: YYYY-MM-DD, at most 366 days",
		    "field.export.dates");
		return -1;
	}
	agenda_date_str(&d0, s0, sz);
	agenda_date_str(&d1, s1, sz);
	return 0;
}

void
admin_export_appointments(struct req *r)
{
	const char	*p[3];
	char		 s0[11], s1[11], name[64];

	if (export_range(r, s0, s1, sizeof(s0)) != 0)
		return;
	p[0] = req_param(r, "clinicId");
	p[1] = s0;
	p[2] = s1;
	snprintf(name, sizeof(name), "rendez-vous_%s_%s.csv", s0, s1);
	csv_send(r, &st_appts, p, appt_head, 11, name);
}

void
admin_export_patients(struct req *r)
{
	const char	*p[3], *f = req_query(r, "from");
	const char	*t = req_query(r, "to");
	char		 s0[11], s1[11], name[64];

	p[0] = req_param(r, "clinicId");
	p[1] = p[2] = NULL;
	snprintf(name, sizeof(name), "patients.csv");
	if ((f != NULL && *f != '\0') || (t != NULL && *t != '\0')) {
		if (export_range(r, s0, s1, sizeof(s0)) != 0)
			return;
		p[1] = s0;
		p[2] = s1;
		snprintf(name, sizeof(name), "patients_%s_%s.csv", s0, s1);
	}
	csv_send(r, &st_patients, p, patient_head, 7, name);
}
