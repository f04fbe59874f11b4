/*
 * noshow_admin — the clinic's no-show settings (issue 21, item 3):
 * GET .../settings/noshow (the form), POST .../settings/noshow (ADMIN
 * role; journaled settings.noshow).  Fields, form names or camelCase in
 * JSON: message_fr / messageFr and message_en / messageEn (at most 1000
 * characters; "" the kind default), threshold (1-50; "" off), action
 * (confirm or staff), confirm_hours / confirmHours (1-48); and the
 * waitlist's: waitlist_batch / waitlistBatch (patients offered a freed
 * slot at a time, 1-20), waitlist_offer_minutes / waitlistOfferMinutes
 * (how long an offer stands, 5-2880); the approved WhatsApp templates
 * sent outside the patient's 24-hour window: noshow_content_sid /
 * noshowContentSid, waitlist_content_sid / waitlistContentSid (the
 * offer), waitlist_closed_content_sid / waitlistClosedContentSid (the
 * offer taken or expired), each "HX" + 32 hex or "" (none).  An absent
 * field keeps its value.
 */
#include <stdio.h>
#include <string.h>

#include <json-c/json.h>

#include "admin.h"
#include "app.h"
#include "auth.h"
#include "buf.h"
#include "db.h"
#include "http.h"
#include "page.h"

static const struct db_stmt st_get = { "noshow_settings_get",
	"SELECT json_build_object('messageFr', noshow_message_fr, "
	"'messageEn', noshow_message_en, 'threshold', noshow_threshold, "
	"'action', noshow_action, 'staff', noshow_action = 'staff', "
	"'confirmHours', noshow_confirm_hours, 'waitlistBatch', "
	"waitlist_batch, 'waitlistOfferMinutes', waitlist_offer_minutes, "
	"'noshowContentSid', noshow_content_sid, 'waitlistContentSid', "
	"waitlist_content_sid, 'waitlistClosedContentSid', "
	"waitlist_closed_content_sid) FROM clinics "
	"WHERE id = $1::uuid", 1 };

/* $2..$11: NULL keeps; "" clears the messages, the threshold and the
 * template SIDs. */
static const struct db_stmt st_set = { "noshow_settings_set",
	"UPDATE clinics SET noshow_message_fr = CASE WHEN $2::text IS NULL "
	"THEN noshow_message_fr ELSE nullif($2, '') END, noshow_message_en = "
	"CASE WHEN $3::text IS NULL THEN noshow_message_en ELSE nullif($3, "
	"'') END, noshow_threshold = CASE WHEN $4::text IS NULL THEN "
	"noshow_threshold ELSE nullif($4, '')::int END, noshow_action = "
	"coalesce($5, noshow_action), noshow_confirm_hours = coalesce("
	"$6::int, noshow_confirm_hours), waitlist_batch = coalesce($7::int, "
	"waitlist_batch), waitlist_offer_minutes = coalesce($8::int, "
	"waitlist_offer_minutes), noshow_content_sid = CASE WHEN $9::text "
	"IS NULL THEN noshow_content_sid ELSE nullif($9, '') END, "
	"waitlist_content_sid = CASE WHEN $10::text IS NULL THEN "
	"waitlist_content_sid ELSE nullif($10, '') END, "
	"waitlist_closed_content_sid = CASE WHEN $11::text IS NULL THEN "
	"waitlist_closed_content_sid ELSE nullif($11, '') END "
	"WHERE id = $1::uuid RETURNING json_build_object('id', id)", 11 };

void
admin_noshow_settings(struct req *r)
{
	struct app_ctx	*ctx = req_ctx(r);
	const char	*p[1] = { req_param(r, "clinicId") };
	json_object	*o;
	int		 code;

	if ((o = page_query(ctx, &st_get, p, &code)) == NULL) {
		page_fail(r, code);
		return;
	}
	page_send(r, 200, "admin/noshow_settings", "title.noshow", o, 1);
	json_object_put(o);
}

/* Input name (form) or its camelCase twin (JSON). */
static const char *
in2(struct req *r, const char *form, const char *json)
{
	const char	*v = page_in(r, form);

	return v != NULL ? v : page_in(r, json);
}

/* Is s "" (none) or a Content SID, "HX" and 32 hex digits? */
static int
ns_sid_ok(const char *s)
{
	size_t	 i;

	if (*s == '\0')
		return 1;
	if (strncmp(s, "HX", 2) != 0 || strlen(s) != 34)
		return 0;
	for (i = 2; i < 34; i++)
		if (strchr("0123456789abcdefABCDEF", s[i]) == NULL)
			return 0;
	return 1;
}

/* The update and its journal, at once. */
struct ns {
	struct req	*r;
	const char	*p[11];
	int		 found;
};

static int
ns_tx(struct db *db, void *arg)
{
	struct ns	*s = arg;
	PGresult	*res;

	res = db_exec(db, &st_set, s->p);
	if (!db_ok(res)) {
		PQclear(res);
		return -1;
	}
	s->found = PQntuples(res) == 1;
	PQclear(res);
	if (s->found && auth_audit(req_ctx(s->r), s->r, auth_current(s->r),
	    s->p[0], "settings.noshow", "clinic", s->p[0], NULL) != 0)
		return -1;
	return 0;
}

void
admin_noshow_settings_update(struct req *r)
{
	struct app_ctx	*ctx = req_ctx(r);
	struct ns	 s;
	struct buf	 loc;
	long		 n;
	int		 i, rc;

	memset(&s, 0, sizeof(s));
	s.r = r;
	s.p[0] = req_param(r, "clinicId");
	s.p[1] = in2(r, "message_fr", "messageFr");
	s.p[2] = in2(r, "message_en", "messageEn");
	s.p[3] = in2(r, "threshold", "threshold");
	s.p[4] = in2(r, "action", "action");
	s.p[5] = in2(r, "confirm_hours", "confirmHours");
	s.p[6] = in2(r, "waitlist_batch", "waitlistBatch");
	s.p[7] = in2(r, "waitlist_offer_minutes", "waitlistOfferMinutes");
	s.p[8] = in2(r, "noshow_content_sid", "noshowContentSid");
	s.p[9] = in2(r, "waitlist_content_sid", "waitlistContentSid");
	s.p[10] = in2(r, "waitlist_closed_content_sid",
	    "waitlistClosedContentSid");
	for (i = 8; i < 11; i++)
		if (s.p[i] != NULL && !ns_sid_ok(s.p[i])) {
			page_invalid(r, 422, "noshow_content_sid, "
			    "waitlist_content_sid, "
			    "waitlist_closed_content_sid: HX and 32 "
			    "hexadecimal digits, or empty",
			    "field.noshow.sid");
			return;
		}
	for (i = 5; i < 8; i++)
		if (s.p[i] != NULL && *s.p[i] == '\0')
			s.p[i] = NULL;
	if ((s.p[1] != NULL && !page_is_text(s.p[1], 1000)) ||
	    (s.p[2] != NULL && !page_is_text(s.p[2], 1000)) ||
	    (s.p[3] != NULL && *s.p[3] != '\0' &&
	    page_int(s.p[3], 1, 50, &n) != 0) ||
	    (s.p[4] != NULL && strcmp(s.p[4], "confirm") != 0 &&
	    strcmp(s.p[4], "staff") != 0) ||
	    (s.p[5] != NULL && page_int(s.p[5], 1, 48, &n) != 0) ||
	    (s.p[6] != NULL && page_int(s.p[6], 1, 20, &n) != 0) ||
	    (s.p[7] != NULL && page_int(s.p[7], 5, 2880, &n) != 0)) {
		page_invalid(r, 422, "message_fr, message_en: at most 1000 "
		    "characters; threshold: 1-50 or empty; action: confirm or "
		    "staff; confirm_hours: 1-48; waitlist_batch: 1-20; "
		    "waitlist_offer_minutes: 5-2880", "field.noshow");
		return;
	}
	if ((rc = db_tx(ctx->db, ns_tx, &s)) != 0) {
		page_fail(r, page_tx_status(rc, 503));
		return;
	}
	if (!s.found) {
		page_error(r, 404, "not found", NULL);
		return;
	}
	buf_init(&loc, 200);
	buf_printf(&loc, "/clinic/%s/admin/settings/noshow", s.p[0]);
	page_done(r, 200, buf_str(&loc), NULL);
	buf_free(&loc);
}
