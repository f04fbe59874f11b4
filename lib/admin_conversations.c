/*
 * admin_conversations — the WhatsApp conversations of a clinic: list
 * (keyset pages, filters), transcript with media links, take over / hand
 * back, and a staff reply through the outbox (sent by the worker).
 */
#include <stdio.h>
#include <string.h>

#include "admin.h"
#include "app.h"
#include "auth.h"
#include "buf.h"
#include "db.h"
#include "http.h"
#include "log.h"
#include "outbox.h"
#include "page.h"

#define REPLY_MAX	1600	/* WhatsApp's body limit, in bytes here */

/*
 * What a conversation row of the list shows (the same rows as
 * admin_conversation_page in sql/010, for the unfiltered list).  The
 * preview of the latest message (sql/005) and the patient's name
 * (sql/010) are kept on the row; the local time is added by
 * page_list_local from the clinic's time zone, the statement's second
 * column.
 */
#define CONV_LIST_SELECT \
	"SELECT (SELECT coalesce(json_agg(r ORDER BY r.\"lastMessageAt\" " \
	"DESC, r.id DESC), '[]') FROM (SELECT c.id, c.phone, c.status, " \
	"c.needs_staff AS \"needsStaff\", c.needs_staff_reason AS " \
	"\"needsStaffReason\", c.state, c.language, " \
	"c.last_message_at AS \"lastMessageAt\", " \
	"c.patient_id AS \"patientId\", c.patient_name AS patient, " \
	"c.last_body AS \"lastBody\" " \
	"FROM conversations c WHERE c.clinic_id = $1::uuid AND "

/* The clinic's time zone, the list statements' second column. */
#define CONV_LIST_ZONE \
	"(SELECT timezone FROM clinics WHERE id = $1::uuid)"

/*
 * $1 clinic, $2/$3 cursor (last_message_at, id), $4 status, $5 "1" for
 * conversations waiting for staff, $6 phone digits.
 */
static const struct db_stmt st_list = { "admin_conversations_list",
	DB_PLAN_EACH_RUN
	CONV_LIST_SELECT
	"($2::timestamptz IS NULL OR (c.last_message_at, c.id) < "
	"($2::timestamptz, $3::uuid)) AND ($4::text IS NULL OR c.status = $4) "
	"AND ($5::text IS NULL OR (c.status <> 'closed' AND (c.needs_staff "
	"OR c.status = 'handoff'))) AND ($6::text IS NULL OR "
	"strpos(c.phone, $6) > 0) "
	"ORDER BY c.last_message_at DESC, c.id DESC LIMIT 51) r), "
	CONV_LIST_ZONE, 6 };

/*
 * The same list without filters, the page most often asked for, through
 * admin_conversation_page (sql/008, 010): a plpgsql function whose cached
 * plan is made generic and without bitmap scans, so that it always walks
 * conversations_clinic_recent and stops after 51 rows, and is not planned
 * again at every request.  $2/$3 the cursor, NULL for the first page.
 */
static const struct db_stmt st_list_all = {
	"admin_conversations_list_all",
	"SELECT admin_conversation_page($1::uuid, $2::timestamptz, $3::uuid), "
	CONV_LIST_ZONE, 3 };

/*
 * WhatsApp takes free-form messages only within 24 hours of the patient's
 * last message; outside it only approved templates (Twilio error 63016).
 */
#define CONV_WINDOW_OPEN \
	"coalesce(last_inbound_at > now() - interval '24 hours', false)"

/*
 * One conversation with its transcript (last 500 messages) and media;
 * author: patient, Sophie, or the staff (their replies).
 */
static const struct db_stmt st_detail = { "admin_conversation_detail",
	"SELECT json_build_object('id', c.id, 'phone', c.phone, "
	"'status', c.status, 'state', c.state, 'language', c.language, "
	"'handoff', c.status = 'handoff', "
	"'needsStaff', c.needs_staff, 'needsStaffReason', "
	"c.needs_staff_reason, 'createdAt', c.created_at, "
	"'lastMessageAt', c.last_message_at, 'windowOpen', "
	"coalesce(c.last_inbound_at > now() - interval '24 hours', false), "
	"'windowClosesLocal', to_char((c.last_inbound_at + interval "
	"'24 hours') AT TIME ZONE cl.timezone, 'YYYY-MM-DD HH24:MI'), "
	"'patient', (SELECT json_build_object('id', p.id, 'firstName', "
	"p.first_name, 'lastName', p.last_name, 'phone', p.phone, "
	"'birthDate', p.birth_date) FROM patients p WHERE p.id = c.patient_id "
	"AND p.clinic_id = c.clinic_id), "
	"'messages', (SELECT coalesce(json_agg(x ORDER BY x.\"createdAt\", "
	"x.id), '[]') FROM (SELECT m.id, m.direction, m.body, m.status, "
	"CASE WHEN m.direction = 'inbound' THEN 'patient' WHEN "
	"m.template_key = 'staff_reply' THEN 'staff' ELSE 'sophie' END AS "
	"author, "
	"m.created_at AS \"createdAt\", to_char(m.created_at AT TIME ZONE "
	"cl.timezone, 'YYYY-MM-DD HH24:MI') AS \"createdLocal\", "
	"m.template_key AS \"templateKey\", m.error_message AS \"error\", "
	"(SELECT coalesce(json_agg(json_build_object('id', mm.id, 'kind', "
	"mm.kind, 'status', mm.status, 'contentType', "
	"mm.detected_content_type, 'url', '/clinic/' || c.clinic_id || "
	"'/admin/media/' || mm.id) ORDER BY mm.n), '[]') FROM message_media mm "
	"WHERE mm.message_id = m.id AND mm.clinic_id = m.clinic_id) AS media "
	"FROM messages m WHERE m.clinic_id = c.clinic_id AND "
	"m.conversation_id = c.id ORDER BY m.created_at DESC, m.id DESC "
	"LIMIT 500) x)) "
	"FROM conversations c JOIN clinics cl ON cl.id = c.clinic_id "
	"WHERE c.clinic_id = $1::uuid AND c.id = $2::uuid", 2 };

/* Staff take the conversation: Sophie stays silent while 'handoff'. */
static const struct db_stmt st_takeover = { "admin_conversation_takeover",
	"UPDATE conversations SET status = 'handoff', version = version + 1 "
	"WHERE clinic_id = "
	"$1::uuid AND id = $2::uuid AND status <> 'closed' "
	"RETURNING json_build_object('id', id, 'status', status, "
	"'patientId', patient_id)", 2 };

/* Sophie answers again; the staff flag is cleared. */
static const struct db_stmt st_handback = { "admin_conversation_handback",
	"UPDATE conversations SET status = 'active', needs_staff = false, "
	"version = version + 1, "
	"needs_staff_reason = NULL WHERE clinic_id = $1::uuid AND "
	"id = $2::uuid AND status <> 'closed' "
	"RETURNING json_build_object('id', id, 'status', status, "
	"'patientId', patient_id)", 2 };

/* The conversation's patient, to audit a reply. */
static const struct db_stmt st_conv_patient = { "admin_conversation_patient",
	"SELECT json_build_object('id', id, 'patientId', patient_id, "
	"'status', status, 'windowOpen', " CONV_WINDOW_OPEN ") FROM "
	"conversations WHERE clinic_id = $1::uuid AND id = $2::uuid", 2 };

/* Is the conversation's windowOpen member true? */
static int
conv_window_open(json_object *o)
{
	json_object	*v;

	return json_object_object_get_ex(o, "windowOpen", &v) &&
	    json_object_get_boolean(v);
}

/* A patient id member of o, or NULL. */
static const char *
conv_patient(json_object *o)
{
	json_object	*v;

	if (json_object_object_get_ex(o, "patientId", &v) &&
	    json_object_is_type(v, json_type_string))
		return json_object_get_string(v);
	if (json_object_object_get_ex(o, "patient", &v) &&
	    json_object_is_type(v, json_type_object) &&
	    json_object_object_get_ex(v, "id", &v))
		return json_object_get_string(v);
	return NULL;
}

void
admin_conversations(struct req *r)
{
	struct app_ctx	*ctx = req_ctx(r);
	const char	*p[6], *status, *staff, *phone;
	json_object	*o, *f;
	int		 code;

	p[0] = req_param(r, "clinicId");
	if (page_cursor(r, &p[1], &p[2]) != 0) {
		page_invalid(r, 400, "bad cursor", "field.cursor");
		return;
	}
	status = req_query(r, "status");
	if (status != NULL && *status == '\0')
		status = NULL;
	if (status != NULL && strcmp(status, "active") != 0 &&
	    strcmp(status, "handoff") != 0 && strcmp(status, "closed") != 0) {
		page_invalid(r, 400, "status: active, handoff or closed",
		    "field.status");
		return;
	}
	staff = req_query(r, "needs_staff");
	staff = staff != NULL && strcmp(staff, "1") == 0 ? "1" : NULL;
	phone = req_query(r, "phone");
	if (phone != NULL && *phone == '\0')
		phone = NULL;
	if (phone != NULL && (strlen(phone) > 16 ||
	    strspn(phone, "+0123456789") != strlen(phone))) {
		page_invalid(r, 400, "phone: digits only", "field.phone");
		return;
	}
	p[3] = status;
	p[4] = staff;
	p[5] = phone;
	if ((o = page_list_local(ctx, status == NULL && staff == NULL &&
	    phone == NULL ? &st_list_all : &st_list, p, "lastMessageAt",
	    "lastMessageLocal", &code)) == NULL) {
		page_fail(r, code);
		return;
	}
	f = json_object_new_object();
	json_object_object_add(f, "status",
	    json_object_new_string(status != NULL ? status : ""));
	json_object_object_add(f, "needs_staff",
	    json_object_new_boolean(staff != NULL));
	json_object_object_add(f, "phone",
	    json_object_new_string(phone != NULL ? phone : ""));
	json_object_object_add(o, "filters", f);
	page_send(r, 200, "admin/conversations", "title.conversations", o, 1);
	json_object_put(o);
}

/* The {clinicId} and {conversationId} params, checked; 0 or -1 (404). */
static int
conv_ids(struct req *r, const char *p[2])
{
	p[0] = req_param(r, "clinicId");
	p[1] = req_param(r, "conversationId");
	if (!page_is_uuid(p[1])) {
		page_error(r, 404, "not found", NULL);
		return -1;
	}
	return 0;
}

void
admin_conversation(struct req *r)
{
	struct app_ctx	*ctx = req_ctx(r);
	const char	*p[2];
	json_object	*o;
	int		 code;

	if (conv_ids(r, p) != 0)
		return;
	if ((o = page_query(ctx, &st_detail, p, &code)) == NULL) {
		page_fail(r, code);
		return;
	}
	if (auth_audit(ctx, r, auth_current(r), p[0], "conversation.view",
	    "conversation", p[1], conv_patient(o)) != 0) {
		json_object_put(o);
		page_error(r, 503, "audit unavailable", NULL);
		return;
	}
	page_send(r, 200, "admin/conversation", "title.conversation", o, 1);
	json_object_put(o);
}

/* Run a status change, audit it, answer. */
static void
conv_status(struct req *r, const struct db_stmt *st, const char *action)
{
	struct app_ctx	*ctx = req_ctx(r);
	const char	*p[2];
	json_object	*o;
	struct buf	 loc;
	int		 code;

	if (conv_ids(r, p) != 0)
		return;
	if ((o = page_query(ctx, st, p, &code)) == NULL) {
		page_fail(r, code);
		return;
	}
	auth_audit(ctx, r, auth_current(r), p[0], action, "conversation",
	    p[1], conv_patient(o));
	buf_init(&loc, 200);
	buf_printf(&loc, "/clinic/%s/admin/conversations/%s", p[0], p[1]);
	page_done(r, 200, buf_str(&loc), o);
	buf_free(&loc);
	json_object_put(o);
}

void
admin_conversation_takeover(struct req *r)
{
	conv_status(r, &st_takeover, "conversation.takeover");
	admin_dashboard_forget(req_param(r, "clinicId"));
}

void
admin_conversation_handback(struct req *r)
{
	conv_status(r, &st_handback, "conversation.handback");
	admin_dashboard_forget(req_param(r, "clinicId"));
}

void
admin_conversation_reply(struct req *r)
{
	struct app_ctx	*ctx = req_ctx(r);
	const char	*p[2], *body = page_in(r, "body");
	char		 id[37];
	json_object	*c, *o;
	struct buf	 loc;
	int		 code, rc;

	if (conv_ids(r, p) != 0)
		return;
	if (body == NULL || *body == '\0' || !page_is_text(body, REPLY_MAX)) {
		page_invalid(r, 422, "body: 1 to 1600 characters",
		    "field.reply");
		return;
	}
	if ((c = page_query(ctx, &st_conv_patient, p, &code)) == NULL) {
		page_fail(r, code);
		return;
	}
	if (!conv_window_open(c)) {
		json_object_put(c);
		page_error(r, 409, "outside WhatsApp's 24-hour window: the "
		    "patient must write first", "error.reply.window");
		return;
	}
	rc = outbox_add(ctx->db, p[0], p[1], body, "staff_reply", id);
	if (rc != DB_OK) {
		json_object_put(c);
		page_error(r, rc == DB_ERR_DOWN ? 503 : 500,
		    "reply not queued", NULL);
		return;
	}
	auth_audit(ctx, r, auth_current(r), p[0], "conversation.reply",
	    "message", id, conv_patient(c));
	json_object_put(c);
	o = json_object_new_object();
	json_object_object_add(o, "messageId", json_object_new_string(id));
	json_object_object_add(o, "status", json_object_new_string("pending"));
	buf_init(&loc, 200);
	buf_printf(&loc, "/clinic/%s/admin/conversations/%s", p[0], p[1]);
	page_done(r, 201, buf_str(&loc), o);
	buf_free(&loc);
	json_object_put(o);
}
