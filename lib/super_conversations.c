/*
 * super_conversations — WhatsApp conversations of every clinic: list
 * (keyset, filters: clinic, status, waiting for staff, phone), transcript,
 * and the analysis of one conversation: per inbound message the intent
 * and what the extractor found (messages.nlu, with which fields the rules
 * and which the LLM decided, nlu.source), the replies' templates, the
 * outcome (appointments booked from it, hand-off to staff) and the log
 * lines that name it.  Viewing is audited under the conversation's clinic.
 */
#include <string.h>

#include "app.h"
#include "auth.h"
#include "db.h"
#include "http.h"
#include "page.h"
#include "super.h"
#include "super_int.h"

/*
 * $1/$2 cursor (last_message_at, id), $3 clinic, $4 status, $5 "1" for
 * conversations waiting for staff, $6 phone digits.  Walks each clinic's
 * conversations_clinic_recent index (LATERAL), then merges.
 */
static const struct db_stmt st_list = { "super_conversations_list",
	DB_PLAN_EACH_RUN
	"SELECT coalesce(json_agg(r ORDER BY r.\"lastMessageAt\" DESC, "
	"r.id DESC), '[]') FROM (SELECT c.id, c.clinic_id AS \"clinicId\", "
	"cl.name AS clinic, cl.timezone, c.phone, c.status, c.state, "
	"c.needs_staff AS "
	"\"needsStaff\", c.last_message_at AS \"lastMessageAt\", "
	"to_char(c.last_message_at AT TIME ZONE cl.timezone, "
	"'YYYY-MM-DD HH24:MI') AS \"lastMessageLocal\", "
	"c.patient_name AS patient, c.last_body AS \"lastBody\" "
	"FROM (SELECT c1.* FROM clinics k CROSS JOIN LATERAL (SELECT * FROM "
	"conversations c0 WHERE c0.clinic_id = k.id AND ($1::timestamptz IS "
	"NULL OR (c0.last_message_at, c0.id) < ($1::timestamptz, $2::uuid)) "
	"AND ($4::text IS NULL OR c0.status = $4) AND ($5::text IS NULL OR "
	"(c0.status <> 'closed' AND (c0.needs_staff OR c0.status = "
	"'handoff'))) AND ($6::text IS NULL OR strpos(c0.phone, $6) > 0) "
	"ORDER BY c0.last_message_at DESC, c0.id DESC LIMIT 51) c1 "
	"WHERE $3::uuid IS NULL OR k.id = $3::uuid "
	"ORDER BY c1.last_message_at DESC, c1.id DESC LIMIT 51) c "
	"JOIN clinics cl ON cl.id = c.clinic_id) r", 6 };

/* One conversation with its transcript (last 500 messages) and media. */
static const struct db_stmt st_detail = { "super_conversation_detail",
	"SELECT json_build_object('id', c.id, 'clinicId', c.clinic_id, "
	"'clinic', cl.name, 'timezone', cl.timezone, 'phone', c.phone, "
	"'status', c.status, 'state', "
	"c.state, 'language', c.language, 'needsStaff', c.needs_staff, "
	"'needsStaffReason', c.needs_staff_reason, 'createdAt', "
	"c.created_at, 'lastMessageAt', c.last_message_at, "
	"'patient', (SELECT json_build_object('id', p.id, 'firstName', "
	"p.first_name, 'lastName', p.last_name, 'phone', p.phone, "
	"'birthDate', p.birth_date) FROM patients p WHERE p.id = c.patient_id "
	"AND p.clinic_id = c.clinic_id), "
	"'messages', (SELECT coalesce(json_agg(x ORDER BY x.\"createdAt\", "
	"x.id), '[]') FROM (SELECT m.id, m.direction, m.body, m.status, "
	"m.intent, m.created_at AS \"createdAt\", to_char(m.created_at AT "
	"TIME ZONE cl.timezone, 'YYYY-MM-DD HH24:MI') AS \"createdLocal\", "
	"m.template_key AS \"templateKey\", m.error_message AS \"error\", "
	"(SELECT coalesce(json_agg(json_build_object('id', mm.id, 'kind', "
	"mm.kind, 'status', mm.status, 'contentType', "
	"mm.detected_content_type, 'url', CASE WHEN mm.status = 'stored' "
	"THEN '" SUPER_BASE "/images/' || mm.clinic_id || '/' || "
	"substring(mm.path FROM '[^/]+$') END) ORDER BY mm.n), '[]') "
	"FROM message_media mm WHERE mm.message_id = m.id AND mm.clinic_id = "
	"m.clinic_id) AS media FROM messages m WHERE m.clinic_id = "
	"c.clinic_id AND m.conversation_id = c.id ORDER BY m.created_at "
	"DESC, m.id DESC LIMIT 500) x)) "
	"FROM conversations c JOIN clinics cl ON cl.id = c.clinic_id "
	"WHERE c.id = $1::uuid", 1 };

/*
 * The analysis.  For each message (last 500, in order): its intent and
 * NLU, and "decisions": every field of nlu.source with a source (rules
 * or llm) and the value found.  A summary counts intents and decisions
 * by source; the outcome lists the appointments booked from the
 * conversation and its hand-off state; logs are the last 50 lines naming
 * it.  messages.nlu may be NULL or not shaped as expected: nothing here
 * fails on it.
 */
static const struct db_stmt st_analysis = { "super_conversation_analysis",
	"WITH c AS (SELECT c.*, cl.name AS clinic, cl.timezone FROM "
	"conversations c JOIN clinics cl ON cl.id = c.clinic_id WHERE "
	"c.id = $1::uuid), "
	"m AS (SELECT * FROM (SELECT m.* FROM messages m, c WHERE "
	"m.clinic_id = c.clinic_id AND m.conversation_id = c.id ORDER BY "
	"m.created_at DESC, m.id DESC LIMIT 500) m0), "
	"d AS (SELECT m.id, s.key AS field, s.value AS source, "
	"coalesce(m.nlu->'entities'->>s.key, m.nlu->>s.key) AS value "
	"FROM m CROSS JOIN LATERAL jsonb_each_text(CASE WHEN "
	"jsonb_typeof(m.nlu->'source') = 'object' THEN m.nlu->'source' "
	"ELSE '{}'::jsonb END) s WHERE s.value IN ('rules', 'llm')) "
	"SELECT json_build_object("
	"'conversation', json_build_object('id', c.id, 'clinicId', "
	"c.clinic_id, 'clinic', c.clinic, 'timezone', c.timezone, "
	"'phone', c.phone, 'status', "
	"c.status, 'state', c.state, 'language', c.language, 'context', "
	"c.context, 'contextText', c.context::text, 'createdAt', "
	"c.created_at, 'patient', (SELECT json_build_object('id', p.id, "
	"'firstName', p.first_name, 'lastName', p.last_name) FROM patients p "
	"WHERE p.id = c.patient_id AND p.clinic_id = c.clinic_id)), "
	"'turns', (SELECT coalesce(json_agg(json_build_object('id', m.id, "
	"'direction', m.direction, 'body', m.body, 'createdLocal', "
	"to_char(m.created_at AT TIME ZONE c.timezone, "
	"'YYYY-MM-DD HH24:MI:SS'), 'intent', m.intent, 'templateKey', "
	"m.template_key, 'status', m.status, 'nlu', m.nlu, 'nluText', "
	"m.nlu::text, 'confidence', m.nlu->'confidence', 'rulesSure', "
	"m.nlu->'rules_sure', 'intentSource', m.nlu->'source'->>'intent', "
	"'usedLlm', EXISTS (SELECT 1 FROM d WHERE d.id = m.id AND d.source "
	"= 'llm'), 'decisions', (SELECT coalesce(json_agg(json_build_object("
	"'field', d.field, 'source', d.source, 'value', d.value) ORDER BY "
	"d.field), '[]') FROM d WHERE d.id = m.id)) ORDER BY m.created_at, "
	"m.id), '[]') FROM m), "
	"'summary', json_build_object("
	"'inbound', (SELECT count(*) FROM m WHERE direction = 'inbound'), "
	"'outbound', (SELECT count(*) FROM m WHERE direction = 'outbound'), "
	"'understood', (SELECT count(*) FROM m WHERE nlu IS NOT NULL), "
	"'llmTurns', (SELECT count(DISTINCT id) FROM d WHERE source = "
	"'llm'), 'byRules', (SELECT count(*) FROM d WHERE source = 'rules'), "
	"'byLlm', (SELECT count(*) FROM d WHERE source = 'llm'), "
	"'intents', (SELECT coalesce(json_agg(json_build_object('intent', "
	"i.intent, 'count', i.n) ORDER BY i.n DESC, i.intent), '[]') FROM "
	"(SELECT intent, count(*) AS n FROM m WHERE direction = 'inbound' "
	"AND intent IS NOT NULL GROUP BY intent) i), "
	"'templates', (SELECT coalesce(json_agg(json_build_object('key', "
	"t.template_key, 'count', t.n) ORDER BY t.n DESC, t.template_key), "
	"'[]') FROM (SELECT template_key, count(*) AS n FROM m WHERE "
	"direction = 'outbound' AND template_key IS NOT NULL GROUP BY "
	"template_key) t)), "
	"'outcome', json_build_object('handoff', c.status = 'handoff', "
	"'needsStaff', c.needs_staff, 'needsStaffReason', "
	"c.needs_staff_reason, 'closed', c.status = 'closed', "
	"'appointments', (SELECT coalesce(json_agg(json_build_object('id', "
	"a.id, 'startsLocal', to_char(a.starts_at AT TIME ZONE c.timezone, "
	"'YYYY-MM-DD HH24:MI'), 'status', a.status, 'treatment', "
	"a.treatment_name, 'practitioner', pr.title || ' ' || pr.first_name "
	"|| ' ' || pr.last_name, 'createdAt', a.created_at) ORDER BY "
	"a.created_at), '[]') FROM appointments a JOIN practitioners pr ON "
	"pr.id = a.practitioner_id AND pr.clinic_id = a.clinic_id WHERE "
	"a.clinic_id = c.clinic_id AND a.conversation_id = c.id), "
	"'booked', (SELECT count(*) FROM appointments a WHERE a.clinic_id = "
	"c.clinic_id AND a.conversation_id = c.id AND a.status = 'booked')), "
	"'logs', (SELECT coalesce(json_agg(l ORDER BY l.id DESC), '[]') FROM "
	"(SELECT l.id, l.level, l.category, l.event, l.message, "
	"to_char(l.created_at AT TIME ZONE c.timezone, "
	"'YYYY-MM-DD HH24:MI:SS') AS \"createdLocal\" FROM system_logs l "
	"WHERE l.clinic_id = c.clinic_id AND l.created_at >= c.created_at - "
	"interval '1 minute' AND l.conversation_id = c.id ORDER BY "
	"l.created_at DESC, l.id DESC LIMIT 50) l)) FROM c", 1 };

void
super_conversations(struct req *r)
{
	struct app_ctx	*ctx = req_ctx(r);
	const char	*p[6];
	json_object	*o, *f;
	int		 code;

	if (super_list_params(r, p) != 0)
		return;
	p[3] = super_q(r, "status");
	p[4] = super_q(r, "needs_staff");
	p[4] = p[4] != NULL && strcmp(p[4], "1") == 0 ? "1" : NULL;
	p[5] = super_q(r, "phone");
	if ((p[3] != NULL && strcmp(p[3], "active") != 0 &&
	    strcmp(p[3], "handoff") != 0 && strcmp(p[3], "closed") != 0) ||
	    (p[5] != NULL && (strlen(p[5]) > 16 ||
	    strspn(p[5], "+0123456789") != strlen(p[5])))) {
		page_invalid(r, 400, "status: active, handoff or closed; "
		    "phone: digits", "field.status.phone");
		return;
	}
	if ((o = page_list(ctx, &st_list, p, "lastMessageAt", &code)) ==
	    NULL) {
		page_fail(r, code);
		return;
	}
	f = json_object_new_object();
	super_add_str(f, "clinic", p[2]);
	super_add_str(f, "status", p[3]);
	json_object_object_add(f, "needs_staff",
	    json_object_new_boolean(p[4] != NULL));
	super_add_str(f, "phone", p[5]);
	json_object_object_add(o, "filters", f);
	page_send(r, 200, "superadmin/conversations",
	    "title.super.conversations", o, 1);
	json_object_put(o);
}

/* A string member at path a.b (b may be NULL) of o, or NULL. */
static const char *
member(json_object *o, const char *a, const char *b)
{
	json_object	*v;

	if (!json_object_object_get_ex(o, a, &v))
		return NULL;
	if (b != NULL && (!json_object_is_type(v, json_type_object) ||
	    !json_object_object_get_ex(v, b, &v)))
		return NULL;
	return json_object_is_type(v, json_type_string) ?
	    json_object_get_string(v) : NULL;
}

/*
 * Run st for {conversationId}, audit the view under its clinic (clinicId
 * and patient.id read in the member cobj of the result, or at its top
 * when cobj is NULL), render tmpl.
 */
static void
conv_show(struct req *r, const struct db_stmt *st, const char *cobj,
    const char *tmpl, const char *title)
{
	struct app_ctx	*ctx = req_ctx(r);
	const char	*p[1] = { req_param(r, "conversationId") };
	json_object	*o, *c;
	int		 code;

	if (!page_is_uuid(p[0])) {
		page_error(r, 404, "not found", NULL);
		return;
	}
	if ((o = page_query(ctx, st, p, &code)) == NULL) {
		page_fail(r, code);
		return;
	}
	c = o;
	if (cobj != NULL && !json_object_object_get_ex(o, cobj, &c))
		c = o;
	if (auth_audit(ctx, r, auth_current(r), member(c, "clinicId", NULL),
	    "conversation.view", "conversation", p[0],
	    member(c, "patient", "id")) != 0) {
		json_object_put(o);
		page_error(r, 503, "audit unavailable", "error.audit");
		return;
	}
	page_send(r, 200, tmpl, title, o, 1);
	json_object_put(o);
}

void
super_conversation(struct req *r)
{
	conv_show(r, &st_detail, NULL, "superadmin/conversation",
	    "title.super.conversation");
}

void
super_conversation_analysis(struct req *r)
{
	conv_show(r, &st_analysis, "conversation", "superadmin/analysis",
	    "title.super.analysis");
}
