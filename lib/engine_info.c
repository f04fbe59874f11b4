/*
 * engine_info — answers that need no flow: greeting, practitioners,
 * clinic information (and whether the clinic is open on a given day),
 * emergencies; and the answer to a reminder.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "app.h"
#include "booking.h"
#include "engine_parse.h"
#include "engine_int.h"
#include "holiday.h"
#include "slots.h"
#include "tz.h"

/* Days looked at after a closed day for the next open one. */
#define INFO_NEXT_DAYS	62

/*
 * The answer about one day, French then English: {date} as a patient
 * reads it, {ranges} the day's hours, {reason} why it is closed, {name}
 * a holiday's name, {weekday} a weekday's name.
 */
static const struct {
	const char	*key;
	const char	*fr;
	const char	*en;
} day_tmpl[] = {
	/* The day asked for is open. */
	{ "day_open", "Oui, le cabinet est ouvert le {date} : {ranges}.",
	  "Yes, the clinic is open on {date}: {ranges}." },
	/* The day asked for is closed, and why. */
	{ "day_closed", "Non, le cabinet est fermé le {date} ({reason}).",
	  "No, the clinic is closed on {date} ({reason})." },
	/* The next open day after it. */
	{ "day_next", "Prochain jour d'ouverture : le {date}, {ranges}.",
	  "The next open day is {date}: {ranges}." },
	/* No open day in the INFO_NEXT_DAYS after it. */
	{ "day_none", "Aucune ouverture n'est prévue dans les deux mois "
	  "qui suivent.", "No opening is planned in the two months after "
	  "it." },
	/* Reasons. */
	{ "why_holiday", "jour férié : {name}", "public holiday: {name}" },
	{ "why_closure", "fermeture exceptionnelle", "exceptional closure" },
	{ "why_weekly", "nous ne sommes pas ouverts le {weekday}",
	  "we are not open on {weekday}s" },
	/* Before the nearest slots: why the day or time asked is not. */
	{ "asked_closed", "Le cabinet est fermé le {date} ({reason}).",
	  "The clinic is closed on {date} ({reason})." },
	/* The same when that day is today or tomorrow: said so, the
	 * date without its weekday ("demain, 25 décembre"), so that it
	 * cannot be read as a time offered. */
	{ "asked_closed_today",
	  "Le cabinet est fermé aujourd'hui, {date} ({reason}).",
	  "The clinic is closed today, {date} ({reason})." },
	{ "asked_closed_tomorrow",
	  "Le cabinet est fermé demain, {date} ({reason}).",
	  "The clinic is closed tomorrow, {date} ({reason})." },
	{ "asked_own", "Vous avez déjà un rendez-vous à ce moment-là : "
	  "{treatment} le {date} à {time} avec {practitioner}.",
	  "You already have an appointment at that time: {treatment} on "
	  "{date} at {time} with {practitioner}." },
	{ "asked_hours", "Le cabinet n'est pas ouvert à {time} ce jour-là "
	  "(horaires : {ranges}).",
	  "The clinic is not open at {time} that day (hours: {ranges})." },
	/* What the clinic does (eng_info_offer): children, a treatment
	 * it lists or not, a practitioner's treatments. */
	{ "does_kids", "Les soins du cabinet : {list}. Je peux réserver "
	  "l'un d'eux au nom de votre enfant ; pour une question sur ses "
	  "soins, l'équipe vous répondra. Souhaitez-vous un rendez-vous ?",
	  "The clinic's treatments: {list}. I can book any of them in "
	  "your child's name; for a question about their care, the team "
	  "will answer. Would you like an appointment?" },
	{ "does_yes", "Oui, le cabinet propose : {treatment} "
	  "({practitioners}). Souhaitez-vous un rendez-vous ?",
	  "Yes, the clinic offers {treatment} ({practitioners}). Would "
	  "you like an appointment?" },
	{ "does_prac_yes", "Oui, {practitioner} fait : {treatment}. "
	  "Souhaitez-vous un rendez-vous ?",
	  "Yes, {practitioner} does {treatment}. Would you like an "
	  "appointment?" },
	{ "does_prac_no", "Non, {practitioner} ne fait pas : {treatment} "
	  "(ses soins : {list}). {treatment} : {practitioners}. "
	  "Souhaitez-vous un rendez-vous ?",
	  "No, {practitioner} does not do {treatment} ({practitioner}'s "
	  "treatments: {list}). {treatment}: {practitioners}. Would you "
	  "like an appointment?" },
	{ "does_unknown", "« {thing} » ne fait pas partie des soins du "
	  "cabinet ({list}). Voulez-vous que je transmette votre question "
	  "à l'équipe ?",
	  "\"{thing}\" is not among the clinic's treatments ({list}). "
	  "Would you like me to pass your question to the team?" },
	{ "staff_passed", "C'est transmis : l'équipe vous répondra ici.",
	  "Done: the team will answer you here." },
	{ "prac_about", "{practitioner} : {list}. Je ne peux pas vous en "
	  "dire plus sur nos praticiens ; pour toute autre question, le "
	  "cabinet vous répond au {phone}. Souhaitez-vous un rendez-vous "
	  "avec {practitioner} ?",
	  "{practitioner}: {list}. I can't tell you more about our "
	  "practitioners myself; for anything else, the clinic answers on "
	  "{phone}. Would you like an appointment with {practitioner}?" },
	{ "pay_question", "Pour le paiement et le remboursement (carte "
	  "Vitale, tiers payant, mutuelle, moyens de paiement), je n'ai pas "
	  "l'information. Voulez-vous que je transmette votre question à "
	  "l'équipe ?",
	  "I don't have the clinic's details on payment and cover (cards, "
	  "insurance, reimbursement). Would you like me to pass your "
	  "question to the team?" },
};

/* Payment and cover: how to pay, insurance, reimbursement. */
static const char *const pay_words[] = { "carte vitale", "vitale",
	"tiers payant", "mutuelle", "mutuelles", "rembourse", "remboursee",
	"remboursement", "remboursable", "secu", "securite sociale", "cpam",
	"ameli", "cheque", "cheques", "carte bancaire", "carte bleue", "cb",
	"especes", "payer", "paiement", "reglement", "regler", "conventionne",
	"conventionnee", "secteur 1", "secteur 2", "depassement",
	"depassements", "pay", "paying", "payment", "card", "cards", "cash",
	"contactless", "insurance", "insurer", "insured", "medicare",
	"covered", "reimburse", "reimbursed", "reimbursement",
	"direct billing", "invoice", "receipt", "facture", NULL };

/*
 * Holidays a patient may name instead of a date (folded text, whole
 * words), longest phrase first, with the lib/holiday key they mean.  A
 * key the clinic's country does not have is skipped.
 */
static const struct {
	const char	*words;
	const char	*key;
} named_days[] = {
	{ "lendemain de noel", "st_stephen" },	/* where it is a holiday */
	{ "lendemain de noel", "boxing_day" },
	{ "lundi de paques", "easter_monday" },
	{ "easter monday", "easter_monday" },
	{ "lundi de pentecote", "whit_monday" },
	{ "whit monday", "whit_monday" },
	{ "jour de l an", "new_year" },
	{ "nouvel an", "new_year" },
	{ "new year", "new_year" },
	{ "new years day", "new_year" },
	{ "boxing day", "boxing_day" },
	{ "saint etienne", "st_stephen" },
	{ "st stephen", "st_stephen" },
	{ "noel", "christmas" },
	{ "christmas", "christmas" },
	{ "xmas", "christmas" },
	{ "paques", "easter_monday" },
	{ "easter", "easter_monday" },
	{ "pentecote", "whit_monday" },
	{ "ascension", "ascension" },
	{ "toussaint", "all_saints" },
	{ "all saints", "all_saints" },
	{ "armistice", "armistice" },
	{ "thanksgiving", "thanksgiving" },
	{ "fete du travail", "labour_day" },
	{ "labour day", "labour_day" },
	{ "labor day", "labor_day" },
};

void
eng_greet(struct eng *e)
{
	struct replies_var	 v[2];
	char			 hello[ENG_NAME + 4] = "";

	if (e->npats == 1)
		snprintf(hello, sizeof(hello), " %s", e->pats[0].first);
	v[0] = (struct replies_var){ "hello", hello };
	v[1] = (struct replies_var){ "clinic", e->clinic_name };
	eng_say(e, "greet", v, 2);
}

void
eng_welcome(struct eng *e)
{
	eng_say(e, "welcome", NULL, 0);
}

/*
 * A practitioner's specialty in the reply's language: the clinic writes
 * it once ("Chirurgien-dentiste"); the common ones are said in English
 * to an English-speaking patient, and in French to a French-speaking one.
 */
static const char *
specialty_in(const struct eng *e, const char *s)
{
	static const struct { const char *fr, *en; } sp[] = {
		{ "Chirurgien-dentiste", "Dental surgeon" },
		{ "Dentiste", "Dentist" },
		{ "Orthodontiste", "Orthodontist" },
		{ "Parodontiste", "Periodontist" },
		{ "Endodontiste", "Endodontist" },
		{ "Implantologue", "Implantologist" },
		{ "Stomatologue", "Stomatologist" },
		{ "Hygiéniste dentaire", "Dental hygienist" },
		{ "Hygiéniste", "Hygienist" },
		{ "Assistante dentaire", "Dental assistant" },
		{ "Médecin généraliste", "General practitioner" },
		{ "Généraliste", "GP" },
		{ "Pédiatre", "Paediatrician" },
		{ "Infirmier", "Nurse" },
		{ "Infirmière", "Nurse" },
		{ "Sage-femme", "Midwife" },
		{ "Kinésithérapeute", "Physiotherapist" },
		{ "Masseur-kinésithérapeute", "Physiotherapist" },
		{ "Kiné", "Physio" },
		{ "Ostéopathe", "Osteopath" },
		{ "Podologue", "Podiatrist" },
		{ "Psychologue", "Psychologist" },
		{ "Diététicienne", "Dietitian" },
		{ "Diététicien", "Dietitian" },
	};
	char	 a[128], b[128];
	size_t	 k;

	if (s == NULL || *s == '\0' ||
	    engine_norm(s, strlen(s), a, sizeof(a)) == 0)
		return s;
	for (k = 0; k < sizeof(sp) / sizeof(sp[0]); k++) {
		(void)engine_norm(sp[k].fr, strlen(sp[k].fr), b, sizeof(b));
		if (strcmp(a, b) != 0) {
			(void)engine_norm(sp[k].en, strlen(sp[k].en), b,
			    sizeof(b));
			if (strcmp(a, b) != 0)
				continue;
		}
		return e->lang == REPLIES_EN ? sp[k].en : sp[k].fr;
	}
	return s;
}

void
eng_practitioners(struct eng *e)
{
	struct buf		 l, tl;
	struct replies_var	 v[3];
	struct nlu_lists	 nl;
	size_t			 i, t;

	/* treatments named in the patient's language (the clinic's
	 * aliases), as in every other reply */
	memset(&nl, 0, sizeof(nl));
	nl.treatments = booking_treat_names(e->b);
	nl.ntreatments = booking_ntreats(e->b);
	nl.aliases = booking_treat_aliases(e->b, &nl.naliases);
	buf_init(&l, REPLIES_MAX);
	buf_init(&tl, 1024);
	for (i = 0; i < booking_npracs(e->b); i++) {
		buf_reset(&tl);
		for (t = 0; t < booking_ntreats(e->b); t++) {
			if (!booking_prac_offers(e->b, i, t))
				continue;
			if (tl.len > 0)
				(void)buf_adds(&tl, ", ");
			(void)buf_adds(&tl, replies_treatment(&nl,
			    booking_treat_name(e->b, t), e->lang));
		}
		v[0] = (struct replies_var){ "practitioner",
		    booking_prac_name(e->b, i) };
		v[1] = (struct replies_var){ "specialty",
		    specialty_in(e, booking_prac_specialty(e->b, i)) };
		v[2] = (struct replies_var){ "treatments", buf_str(&tl) };
		if (i > 0)
			(void)buf_addc(&l, '\n');
		(void)replies_say(&l, "prac_line", e->lang, v, 3);
	}
	v[0] = (struct replies_var){ "list", buf_str(&l) };
	eng_say(e, "practitioners", v, 1);
	buf_free(&tl);
	buf_free(&l);
}

/* n ranges as "08:30–12:30, 14:00–18:30" into r (sz >= 32). */
static void
ranges_text(const struct slots_range *rg, size_t n, char *r, size_t sz)
{
	size_t	 k, o = 0;

	r[0] = '\0';
	for (k = 0; k < n && o < sz - 16; k++)
		o += (size_t)snprintf(r + o, sz - o,
		    "%s%02d:%02d–%02d:%02d", k > 0 ? ", " : "",
		    rg[k].start / 60, rg[k].start % 60,
		    rg[k].end / 60, rg[k].end % 60);
}

/* The opening hours, one line a weekday, into out. */
static void
hours(struct eng *e, struct buf *out)
{
	const struct slots_week	*w = booking_open(e->b);
	struct replies_var	 v[2];
	char			 r[160];
	size_t			 d;

	for (d = 0; d < 7; d++) {
		ranges_text(w->r[d], w->n[d], r, sizeof(r));
		v[0] = (struct replies_var){ "day",
		    replies_weekday(e->lang, (int)d) };
		v[1] = (struct replies_var){ "ranges", w->n[d] > 0 ? r :
		    replies_get("closed", e->lang) };
		if (d > 0)
			(void)buf_addc(out, '\n');
		(void)replies_say(out, "hours_line", e->lang, v, 2);
	}
}

/* Say day_tmpl[key] in the patient's language, filled with v. */
static void
day_say(struct eng *e, const char *key, const struct replies_var *v,
    size_t n)
{
	size_t	 i;

	for (i = 0; i < sizeof(day_tmpl) / sizeof(day_tmpl[0]); i++) {
		if (strcmp(day_tmpl[i].key, key) != 0)
			continue;
		if (e->tkey == NULL)
			e->tkey = key;
		if (e->reply.len > 0 &&
		    e->reply.p[e->reply.len - 1] != '\n')
			(void)buf_addc(&e->reply, ' ');
		(void)replies_fill(&e->reply, e->lang == REPLIES_EN ?
		    day_tmpl[i].en : day_tmpl[i].fr, v, n);
		return;
	}
}

/* day_tmpl[key] filled with v into out (sz bytes). */
static void
day_text(const struct eng *e, const char *key, const struct replies_var *v,
    size_t n, char *out, size_t sz)
{
	struct buf	 b;
	size_t		 i;

	out[0] = '\0';
	buf_init(&b, sz);
	for (i = 0; i < sizeof(day_tmpl) / sizeof(day_tmpl[0]); i++)
		if (strcmp(day_tmpl[i].key, key) == 0 &&
		    replies_fill(&b, e->lang == REPLIES_EN ? day_tmpl[i].en :
		    day_tmpl[i].fr, v, n) == 0)
			snprintf(out, sz, "%s", buf_str(&b));
	buf_free(&b);
}

/* 1 when the folded text s holds the phrase w as whole words. */
static int
has_phrase(const char *s, const char *w)
{
	size_t		 n = strlen(w);
	const char	*p = s;

	while ((p = strstr(p, w)) != NULL) {
		if ((p == s || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
			return 1;
		p++;
	}
	return 0;
}

/*
 * The next date of a holiday the message names ("à Noël"), from today,
 * into *out.  Returns 1, or 0 when it names none of the country's.
 */
static int
named_day(const struct eng *e, const struct tz_local *today,
    struct slots_date *out)
{
	const char	*cc = booking_country(e->b);
	char		 s[1024];
	size_t		 i;

	if (*cc == '\0')
		return 0;
	(void)engine_norm(e->text, e->len, s, sizeof(s));
	for (i = 0; i < sizeof(named_days) / sizeof(named_days[0]); i++)
		if (has_phrase(s, named_days[i].words) &&
		    holiday_next(cc, named_days[i].key, today->year,
		    today->month, today->day, &out->y, &out->m, &out->d) == 0)
			return 1;
	return 0;
}

/*
 * "Are you open on Saturday / mercredi ?": one weekday named, not as a
 * habit ("le samedi", "on Saturdays" ask about every week, which the
 * opening hours answer; a plural is not the word, so it is not found):
 * the next such day, today included.  The NLU
 * gives no date for it (a question about opening days is not a
 * booking); the answer does.  Returns 1 and fills *out, or 0.
 */
static int
weekday_day(const struct eng *e, const struct tz_local *today,
    struct slots_date *out)
{
	static const char *const fr[] = { "lundi", "mardi", "mercredi",
	    "jeudi", "vendredi", "samedi", "dimanche" };
	static const char *const en[] = { "monday", "tuesday", "wednesday",
	    "thursday", "friday", "saturday", "sunday" };
	char		 s[1024], hab[32];
	int64_t		 days;
	int		 w, found = -1, k, now_w;

	(void)engine_norm(e->text, e->len, s, sizeof(s));
	for (w = 0; w < 7; w++) {
		if (!has_phrase(s, fr[w]) && !has_phrase(s, en[w]))
			continue;
		snprintf(hab, sizeof(hab), "le %s", fr[w]);
		if (has_phrase(s, hab))
			continue;
		snprintf(hab, sizeof(hab), "les %ss", fr[w]);
		if (has_phrase(s, hab))
			continue;
		if (found >= 0)
			return 0;	/* two days named: no one answer */
		found = w;
	}
	if (found < 0)
		return 0;
	days = tz_days_from_civil(today->year, today->month, today->day);
	now_w = tz_weekday(days);
	k = (found - now_w + 7) % 7;
	tz_civil_from_days(days + k, &out->y, &out->m, &out->d);
	return 1;
}

/*
 * The day the message asks about: the date the NLU read ("tomorrow",
 * "on 1 May"), else a holiday named, else one weekday named.  Returns 1
 * and fills *out, or 0 when no day is asked about.
 */
static int
asked_day(const struct eng *e, struct slots_date *out)
{
	struct tz_local	 today;

	if (eng_has(e, NLU_F_DATE) && nlu_parse_ymd(e->nlu.val[NLU_F_DATE],
	    &out->y, &out->m, &out->d) == 0)
		return 1;
	tz_to_local(booking_tz(e->b), e->now, &today);
	return named_day(e, &today, out) || weekday_day(e, &today, out);
}

/* Date d as a patient reads it ("vendredi 25 décembre"). */
static void
day_date(const struct eng *e, const struct slots_date *d, char *out,
    size_t sz)
{
	int64_t	 t;

	out[0] = '\0';
	(void)tz_from_local(booking_tz(e->b), d->y, d->m, d->d, 12, 0, &t);
	(void)replies_date(out, sz, e->lang, booking_tz(e->b), t, e->now);
}

/* Why day d (closed, as sd says) is closed, into out. */
static void
closed_reason(const struct eng *e, const struct slots_date *d,
    const struct slots_day *sd, char *out, size_t sz)
{
	struct replies_var	 v[2];
	const char		*name;
	int			 w;

	w = tz_weekday(tz_days_from_civil(d->y, d->m, d->d));
	name = holiday_find(booking_country(e->b), d->y, d->m, d->d,
	    e->lang == REPLIES_EN ? HOLIDAY_EN : HOLIDAY_FR);
	v[0] = (struct replies_var){ "name", name };
	v[1] = (struct replies_var){ "weekday", replies_weekday(e->lang, w) };
	day_text(e, sd->kind == SLOTS_DAY_HOLIDAY ? "why_holiday" :
	    sd->kind == SLOTS_DAY_WEEKLY ? "why_weekly" : "why_closure", v, 2,
	    out, sz);
}

/* The next open day after d: "day_next", or "day_none". */
static void
say_next_open(struct eng *e, const struct slots_date *d)
{
	struct replies_var	 v[2];
	struct slots_day	 sd;
	struct slots_date	 n;
	char			 date[64], r[160];
	int64_t			 day;
	int			 i;

	day = tz_days_from_civil(d->y, d->m, d->d);
	for (i = 1; i <= INFO_NEXT_DAYS; i++) {
		tz_civil_from_days(day + i, &n.y, &n.m, &n.d);
		if (booking_day(e->b, &n, &sd) != BOOKING_OK ||
		    sd.kind != SLOTS_DAY_OPEN)
			continue;
		day_date(e, &n, date, sizeof(date));
		ranges_text(sd.r, sd.n, r, sizeof(r));
		v[0] = (struct replies_var){ "date", date };
		v[1] = (struct replies_var){ "ranges", r };
		day_say(e, "day_next", v, 2);
		return;
	}
	day_say(e, "day_none", NULL, 0);
}

/*
 * Whether the clinic is open on day d: that day's hours, or why it is
 * closed and the next open day with its hours.  Returns 0, or -1 when
 * the day cannot be told (bad date): the caller answers otherwise.
 */
static int
say_day(struct eng *e, const struct slots_date *d)
{
	struct replies_var	 v[2];
	struct slots_day	 sd;
	char			 date[64], r[160];

	if (booking_day(e->b, d, &sd) != BOOKING_OK)
		return -1;
	day_date(e, d, date, sizeof(date));
	v[0] = (struct replies_var){ "date", date };
	if (sd.kind == SLOTS_DAY_OPEN) {
		ranges_text(sd.r, sd.n, r, sizeof(r));
		v[1] = (struct replies_var){ "ranges", r };
		day_say(e, "day_open", v, 2);
		return 0;
	}
	closed_reason(e, d, &sd, r, sizeof(r));
	v[1] = (struct replies_var){ "reason", r };
	day_say(e, "day_closed", v, 2);
	say_next_open(e, d);
	return 0;
}

/*
 * The patient the flow books for: the flow's patient, else for a move
 * the moved appointment's; NULL when not known yet.
 */
static const char *
flow_patient(const struct eng *e)
{
	int	 i;

	if (e->c.pid[0] != '\0')
		return e->c.pid;
	if (strcmp(e->c.flow, "move") == 0)
		for (i = 0; i < e->nappts; i++)
			if (strcmp(e->appts[i].id, e->c.appt) == 0)
				return e->appts[i].patient;
	return NULL;
}

/*
 * The patient's own appointment (not the one being moved) that the
 * span [start, end) overlaps, buffers included; -1 when none.
 */
static int
own_overlap(const struct eng *e, int64_t start, int64_t end)
{
	const char	*pid = flow_patient(e);
	int		 i;

	if (pid == NULL)
		return -1;
	for (i = 0; i < e->nappts; i++) {
		const struct eng_appt *a = &e->appts[i];

		if (strcmp(a->patient, pid) == 0 &&
		    strcmp(a->id, e->c.appt) != 0 &&
		    a->start < end && start < a->until)
			return i;
	}
	return -1;
}

/* 1 when the local minute of day m falls inside one of sd's ranges. */
static int
in_hours(const struct slots_day *sd, int m)
{
	size_t	 k;

	for (k = 0; k < sd->n; k++)
		if (m >= sd->r[k].start && m < sd->r[k].end)
			return 1;
	return 0;
}

/*
 * The template for closed day d: today's or tomorrow's with d's day and
 * month ("25 December") in date, else asked_closed with the full date.
 */
static const char *
near_day(const struct eng *e, const struct slots_date *d, char *date,
    size_t sz)
{
	struct tz_local	 today;
	long		 k;

	tz_to_local(booking_tz(e->b), e->now, &today);
	k = (long)(tz_days_from_civil(d->y, d->m, d->d) -
	    tz_days_from_civil(today.year, today.month, today.day));
	if (k != 0 && k != 1) {
		day_date(e, d, date, sz);
		return "asked_closed";
	}
	snprintf(date, sz, "%d%s %s", d->d, e->lang == REPLIES_FR &&
	    d->d == 1 ? "er" : "", replies_month(e->lang, d->m));
	return k == 0 ? "asked_closed_today" : "asked_closed_tomorrow";
}

int
eng_info_closed(struct eng *e)
{
	struct replies_var	 v[2];
	struct slots_date	 d;
	struct slots_day	 sd;
	char			 date[64], r[160];
	const char		*key;

	if (e->c.date[0] == '\0' || e->c.until[0] != '\0' ||
	    nlu_parse_ymd(e->c.date, &d.y, &d.m, &d.d) != 0 ||
	    booking_day(e->b, &d, &sd) != BOOKING_OK ||
	    sd.kind == SLOTS_DAY_OPEN)
		return 0;
	key = near_day(e, &d, date, sizeof(date));
	v[0] = (struct replies_var){ "date", date };
	closed_reason(e, &d, &sd, r, sizeof(r));
	v[1] = (struct replies_var){ "reason", r };
	day_say(e, key, v, 2);
	return 1;
}

int
eng_info_closed_next(struct eng *e)
{
	struct slots_date	 d;

	if (e->b == NULL || e->c.date[0] == '\0' || e->c.until[0] != '\0' ||
	    nlu_parse_ymd(e->c.date, &d.y, &d.m, &d.d) != 0)
		return 0;
	if (!eng_have_busy(e, NULL))	/* closures: fetched first */
		return -1;
	if (!eng_info_closed(e))
		return 0;
	say_next_open(e, &d);
	return 1;
}

int
eng_info_why_not(struct eng *e)
{
	struct replies_var	 v[4];
	struct slots_date	 d;
	struct slots_day	 sd;
	char			 date[64], r[160], adate[64], atime[16];
	int64_t			 t;
	int			 hh, mm, t_i, pi, k, len = 30;

	if (eng_info_closed(e))
		return 1;
	if (e->c.date[0] == '\0' || e->c.until[0] != '\0' ||
	    nlu_parse_ymd(e->c.date, &d.y, &d.m, &d.d) != 0 ||
	    booking_day(e->b, &d, &sd) != BOOKING_OK)
		return 0;
	day_date(e, &d, date, sizeof(date));
	v[0] = (struct replies_var){ "date", date };
	if (strlen(e->c.time) != 5 || e->c.around)
		return 0;
	hh = (e->c.time[0] - '0') * 10 + e->c.time[1] - '0';
	mm = (e->c.time[3] - '0') * 10 + e->c.time[4] - '0';
	if (tz_from_local(booking_tz(e->b), d.y, d.m, d.d, hh, mm, &t) >=
	    TZ_LOCAL_GAP)
		return 0;
	if ((t_i = booking_find_treat(e->b, e->c.tr)) >= 0 &&
	    booking_treat_minutes(e->b, (size_t)t_i) > 0)
		len = booking_treat_minutes(e->b, (size_t)t_i);
	if ((k = own_overlap(e, t, t + (int64_t)len * 60)) >= 0) {
		pi = booking_find_prac(e->b, e->appts[k].prac);
		eng_when(e, e->appts[k].start, adate, sizeof(adate), atime,
		    sizeof(atime));
		v[0] = (struct replies_var){ "treatment", e->appts[k].tname };
		v[1] = (struct replies_var){ "date", adate };
		v[2] = (struct replies_var){ "time", atime };
		v[3] = (struct replies_var){ "practitioner", pi >= 0 ?
		    booking_prac_name(e->b, pi) : "" };
		day_say(e, "asked_own", v, 4);
		return 1;
	}
	if (!in_hours(&sd, hh * 60 + mm)) {
		ranges_text(sd.r, sd.n, r, sizeof(r));
		v[0] = (struct replies_var){ "time", e->c.time };
		v[1] = (struct replies_var){ "ranges", r };
		day_say(e, "asked_hours", v, 2);
		return 1;
	}
	return 0;
}

/* Words that make a question about a day a request for a time. */
static const char *const day_book_words[] = { "rdv", "rendez vous",
	"rendezvous", "appointment", "appt", "book", "booking", "reserver",
	"reservation", "creneau", "creneaux", "slot", "slots", "dispo",
	"dispos", "disponible", "disponibles", "disponibilite", "available",
	"availability", "place", "venir", "come in", "passer", NULL };

/* Day d as a count of days since 1970, kept in the context (> 1). */
static int
day_number(const struct slots_date *d)
{
	int64_t	 n = tz_days_from_civil(d->y, d->m, d->d);

	return n > 1 && n < INT32_MAX ? (int)n : 1;
}

/*
 * "et le lendemain ?", "and the day after?", "la veille ?": a day said
 * from the one the previous reply said open or closed (follow, days
 * since 1970; 0 or 1 when none) into *out. s is the normalised message.
 */
static int
day_after_said(const char *s, int follow, struct slots_date *out)
{
	static const struct {
		const char	*w;
		int		 add;
	} rel[] = {
		{ "surlendemain", 2 }, { "day after that", 1 },
		{ "lendemain", 1 }, { "day after", 1 }, { "next day", 1 },
		{ "following day", 1 }, { "jour suivant", 1 },
		{ "jour d apres", 1 }, { "veille", -1 }, { "day before", -1 },
	};
	size_t	 i;

	if (follow <= 1)
		return 0;
	for (i = 0; i < sizeof(rel) / sizeof(rel[0]); i++)
		if (has_phrase(s, rel[i].w)) {
			tz_civil_from_days((int64_t)follow + rel[i].add,
			    &out->y, &out->m, &out->d);
			return 1;
		}
	return 0;
}

/*
 * 1 when the folded text s begins as a question following another
 * ("et le 26 ?", "and Saturday?", "what about Sunday?"): in a flow that
 * waits on a choice, a day said otherwise ("the first one") is for the
 * flow.
 */
static int
follow_word(const char *s)
{
	static const char *const w[] = { "et ", "and ", "what about ",
	    "how about ", "ou ", "or ", "puis ", "also ", "aussi ",
	    "sinon ", "otherwise ", NULL };
	size_t	 i;

	for (i = 0; w[i] != NULL; i++)
		if (strncmp(s, w[i], strlen(w[i])) == 0)
			return 1;
	return 0;
}

/* Most words a day alone asked after a day's answer has ("et le 26
 * alors, c'est ouvert ?"). */
#define INFO_FOLLOW_WORDS	8

int
eng_info_day(struct eng *e, int follow)
{
	struct slots_date	 day, two, first;
	char			 s[1024];
	const char		*p;
	int64_t			 other;
	int			 info, words = 1;
	size_t			 i;

	if (e->b == NULL || e->text == NULL ||
	    eng_has(e, NLU_F_APPOINTMENT_TYPE) ||
	    eng_has(e, NLU_F_PRACTITIONER) || eng_has(e, NLU_F_TIME) ||
	    eng_has(e, NLU_F_TIME_PREFERENCE) ||
	    (e->nlu.intent_src == NLU_SRC_RULES &&
	    (e->nlu.intent == NLU_INTENT_CANCEL_APPOINTMENT ||
	    e->nlu.intent == NLU_INTENT_MODIFY_APPOINTMENT)))
		return 0;
	info = engine_parse_info(e->text, e->len);
	if (!(info & ENGINE_INFO_HOURS) && !follow)
		return 0;
	(void)engine_norm(e->text, e->len, s, sizeof(s));
	for (i = 0; day_book_words[i] != NULL; i++)
		if (has_phrase(s, day_book_words[i]))
			return 0;
	for (p = s; *p != '\0'; p++)
		words += *p == ' ';
	if (!(info & ENGINE_INFO_HOURS) && (words > INFO_FOLLOW_WORDS ||
	    (strcmp(e->c.state, "idle") != 0 && !follow_word(s))))
		return 0;
	if (!day_after_said(s, follow, &day) && !asked_day(e, &day))
		return 0;
	if (!eng_have_busy(e, NULL))	/* closures: fetched first */
		return 1;
	/* "are you open on the 24th and 31st?": each day, in order */
	if ((other = eng_other_day(e, tz_days_from_civil(day.y, day.m,
	    day.d))) >= 0) {
		tz_civil_from_days(other, &two.y, &two.m, &two.d);
		if (other < tz_days_from_civil(day.y, day.m, day.d)) {
			first = two;
			two = day;
			day = first;
		}
	} else
		two.y = 0;
	if (say_day(e, &day) != 0)
		return 0;
	if (two.y != 0 && say_day(e, &two) == 0)
		day = two;
	e->c.dayq = day_number(&day);
	eng_info_keep(e);
	return 1;
}

void
eng_info_keep(struct eng *e)
{
	if (strcmp(e->c.state, "idle") != 0)
		return;
	snprintf(e->c.tr, sizeof(e->c.tr), "%s",
	    eng_has(e, NLU_F_APPOINTMENT_TYPE) ?
	    e->nlu.val[NLU_F_APPOINTMENT_TYPE] : e->day_tr);
	snprintf(e->c.pr, sizeof(e->c.pr), "%s",
	    eng_has(e, NLU_F_PRACTITIONER) ?
	    e->nlu.val[NLU_F_PRACTITIONER] : e->day_pr);
}

void
eng_price_text(const struct eng *e, long cents, char *out, size_t sz)
{
	const char	*cc = booking_country(e->b), *cur = "€";
	char		 n[32];
	int		 pre = 0;

	if (strcmp(cc, "CH") == 0)
		cur = "CHF";
	else if (strcmp(cc, "GB") == 0) {
		cur = "£";
		pre = 1;
	} else if (strcmp(cc, "CA") == 0 || strcmp(cc, "US") == 0) {
		cur = "$";
		pre = e->lang == REPLIES_EN;
	}
	if (cents % 100 == 0)
		snprintf(n, sizeof(n), "%ld", cents / 100);
	else
		snprintf(n, sizeof(n), "%ld%c%02ld", cents / 100,
		    e->lang == REPLIES_FR ? ',' : '.', cents % 100);
	if (pre)
		snprintf(out, sz, "%s%s", cur, n);
	else
		snprintf(out, sz, "%s %s", n, cur);
}

void
eng_say_price(struct eng *e, int t)
{
	struct replies_var	 v[2];
	char			 price[48];
	long			 c;

	v[0] = (struct replies_var){ "treatment",
	    eng_fix_treat_name(e, (size_t)t) };
	if ((c = booking_treat_price(e->b, (size_t)t)) >= 0) {
		eng_price_text(e, c, price, sizeof(price));
		v[1] = (struct replies_var){ "price", price };
		eng_say(e, "recap_price", v, 2);
	} else
		eng_say(e, "recap_price_unknown", v, 1);
}

/* The clinic's prices, "Détartrage : 60 €, Contrôle : 40 €"; 0 if none. */
static int
price_list(const struct eng *e, struct buf *out)
{
	char	 p[48];
	size_t	 t, n = booking_ntreats(e->b);
	long	 c;
	int	 k = 0;

	for (t = 0; t < n; t++) {
		if ((c = booking_treat_price(e->b, t)) < 0)
			continue;
		eng_price_text(e, c, p, sizeof(p));
		buf_printf(out, "%s%s%s %s", k++ > 0 ? "\n" : "",
		    eng_fix_treat_name(e, t),
		    e->lang == REPLIES_FR ? " :" : ":", p);
	}
	return k;
}

int
eng_info_treat(struct eng *e)
{
	struct replies_var	 v[2];
	struct buf		 b;
	char			 n[16];
	int			 what, t = -1, m, said = 0;

	what = engine_parse_recap_question(e->text, e->len);
	if (what == 0)
		return 0;
	if (eng_has(e, NLU_F_APPOINTMENT_TYPE))
		t = booking_find_treat(e->b,
		    e->nlu.val[NLU_F_APPOINTMENT_TYPE]);
	if (t < 0 && e->c.tr[0] != '\0')	/* "c'est combien ?" mid-booking */
		t = booking_find_treat(e->b, e->c.tr);
	if (t < 0) {
		if (!(what & ENGINE_ASK_PRICE))
			return 0;
		buf_init(&b, 512);
		if (price_list(e, &b) > 0) {
			v[0] = (struct replies_var){ "prices", buf_str(&b) };
			eng_say(e, "info_prices", v, 1);
		} else {
			v[0] = (struct replies_var){ "phone",
			    *e->cphone != '\0' ? e->cphone :
			    replies_get("unknown", e->lang) };
			eng_say(e, "info_prices_unknown", v, 1);
		}
		buf_free(&b);
		return 1;
	}
	v[0] = (struct replies_var){ "treatment",
	    eng_fix_treat_name(e, (size_t)t) };
	/* "how much is a whitening?" then "I'll take one" (eng_info_after) */
	if (strcmp(e->c.state, "idle") == 0) {
		snprintf(e->c.tr, sizeof(e->c.tr), "%s",
		    booking_treat_name(e->b, (size_t)t));
		e->c.trq = 1;
	}
	if (what & ENGINE_ASK_PRICE) {
		eng_say_price(e, t);
		said = 1;
	}
	if ((what & ENGINE_ASK_DURATION) &&
	    (m = booking_treat_minutes(e->b, (size_t)t)) > 0) {
		snprintf(n, sizeof(n), "%d", m);
		v[1] = (struct replies_var){ "n", n };
		eng_say(e, "info_duration", v, 2);
		said = 1;
	}
	return said;
}

void
eng_info_clinic(struct eng *e, int what)
{
	struct buf		 h;
	struct replies_var	 v[4];
	struct slots_date	 day;
	const char		*unknown = replies_get("unknown", e->lang);

	/* "Are you open tomorrow / on 1 May / at Christmas?" */
	if ((what == 0 || (what & ENGINE_INFO_HOURS)) &&
	    asked_day(e, &day)) {
		if (!eng_have_busy(e, NULL))	/* closures: fetched first */
			return;
		if (say_day(e, &day) == 0) {
			e->c.dayq = day_number(&day);
			eng_info_keep(e);
			if ((what &= ~ENGINE_INFO_HOURS) == 0)
				return;
		}
	}
	buf_init(&h, 2048);
	hours(e, &h);
	v[0] = (struct replies_var){ "hours", buf_str(&h) };
	v[1] = (struct replies_var){ "address", *e->address != '\0' ?
	    e->address : unknown };
	v[2] = (struct replies_var){ "phone", *e->cphone != '\0' ?
	    e->cphone : unknown };
	v[3] = (struct replies_var){ "clinic", e->clinic_name };
	if (what == 0)
		eng_say(e, "info_all", v, 4);
	if (what & ENGINE_INFO_HOURS)
		eng_say(e, "info_hours", v, 4);
	if (what & ENGINE_INFO_ADDRESS)
		eng_say(e, "info_address", v, 4);
	if ((what & ENGINE_INFO_ACCESS) && *e->access != '\0') {
		v[3] = (struct replies_var){ "access", e->access };
		eng_say(e, "info_access", v, 4);
	} else if (what & ENGINE_INFO_ACCESS)
		eng_say(e, "info_access_none", v, 4);
	if (what & ENGINE_INFO_PHONE)
		eng_say(e, "info_phone", v, 4);
	buf_free(&h);
}

void
eng_info(struct eng *e, int what)
{
	eng_info_clinic(e, what);
	/* "... and how much is a cleaning?" (at a recap, recap_answer) */
	if (!eng_needs(e) && strcmp(e->c.state, "confirm") != 0)
		(void)eng_info_treat(e);
}

void
eng_emergency(struct eng *e)
{
	struct buf		 n;
	struct replies_var	 v[1];

	buf_init(&n, 512);
	if (*e->emergency != '\0') {
		v[0] = (struct replies_var){ "numbers", e->emergency };
		(void)replies_say(&n, "emergency_numbers", e->lang, v, 1);
	}
	v[0] = (struct replies_var){ "numbers", buf_str(&n) };
	eng_say(e, "emergency", v, 1);
	buf_free(&n);
	e->staff_reason = "emergency";
	eng_reset(e);
}

/* "do you take kids?", "vous prenez les enfants ?" */
static const char *const kids_words[] = { "take kids", "take children",
	"see kids", "see children", "treat kids", "treat children",
	"accept kids", "accept children", "kids too", "children too",
	"prenez les enfants", "soignez les enfants", "recevez les enfants",
	"acceptez les enfants", "prenez aussi les enfants",
	"les enfants aussi", "soignez aussi les enfants", NULL };

/* "do you do X?", "vous faites X ?": what follows names a treatment. */
static const char *const does_words[] = { "do you also do",
	"do you do", "do you offer", "do you provide", "do you perform",
	"can you do", "est ce que vous faites", "vous faites aussi",
	"vous faites", "faites vous", "vous pratiquez", "pratiquez vous",
	"vous proposez", "proposez vous", NULL };

/* Verbs of "does Dr Martin do cleanings?", "le Dr Leal fait-il ...". */
static const char *const prac_does_words[] = { "do", "does", "fait",
	"font", "pratique", "faire", "s occupe", NULL };

/* Small words around the thing asked about, left out of it. */
static const char *const thing_skip[] = { "les", "des", "du", "de",
	"la", "le", "l", "d", "un", "une", "the", "a", "an", "any", "aussi",
	"also", "too", "ici", "here", "svp", "please", "chez", "vous",
	"pls", NULL };

/* Longest thing echoed back ("Invisalign"), bytes. */
#define INFO_THING_MAX	40

/* The index of the phrase of list in s that comes first, or -1. */
static int
first_phrase(const char *s, const char *const *list)
{
	int	 i;

	for (i = 0; list[i] != NULL; i++)
		if (has_phrase(s, list[i]))
			return i;
	return -1;
}

/* 1 when the folded message s is a question: a '?', or it begins as
 * one ("do you", "does", "est ce que", "can"). */
static int
is_question(const struct eng *e, const char *s)
{
	return memchr(e->text, '?', e->len) != NULL ||
	    strncmp(s, "do ", 3) == 0 || strncmp(s, "does ", 5) == 0 ||
	    strncmp(s, "est ce que ", 11) == 0 || strncmp(s, "can ", 4) == 0;
}

/* 1 when word w (len bytes) is one of thing_skip. */
static int
thing_small(const char *w, size_t len)
{
	size_t	 i;

	for (i = 0; thing_skip[i] != NULL; i++)
		if (strlen(thing_skip[i]) == len &&
		    strncmp(thing_skip[i], w, len) == 0)
			return 1;
	return 0;
}

/*
 * The thing asked about after "do you do" in the folded message s
 * (from p): its words but the small ones, at most four, into out (as
 * the patient wrote it when it is one word found in the message).
 * Returns 1, or 0 when there is none or too much to be a name.
 */
static int
thing_asked(const struct eng *e, const char *p, char *out, size_t sz)
{
	const char	*w, *q;
	size_t		 n, o = 0, k;
	int		 words = 0;

	for (w = p; *w != '\0'; w += n) {
		while (*w == ' ')
			w++;
		for (n = 0; w[n] != '\0' && w[n] != ' '; n++)
			;
		if (n == 0 || thing_small(w, n))
			continue;
		if (++words > 4 || o + n + 2 > sz || o + n > INFO_THING_MAX)
			return 0;
		if (o > 0)
			out[o++] = ' ';
		memcpy(out + o, w, n);
		o += n;
	}
	out[o] = '\0';
	if (o == 0)
		return 0;
	/* one word: as written ("Invisalign"), when the message has it */
	for (q = e->text; words == 1 && q + o <= e->text + e->len; q++) {
		for (k = 0; k < o && (q[k] | 0x20) == out[k]; k++)
			;
		if (k == o) {
			memcpy(out, q, o);
			break;
		}
	}
	return 1;
}

/* The clinic's treatments (of practitioner p, or all when p < 0), in
 * the patient's language, "A, B, C", into out. */
static void
treat_names(const struct eng *e, int p, struct buf *out)
{
	size_t	 t, n = booking_ntreats(e->b);
	int	 k = 0;

	for (t = 0; t < n; t++)
		if (p < 0 || booking_prac_offers(e->b, (size_t)p, t))
			(void)buf_printf(out, "%s%s", k++ > 0 ? ", " : "",
			    eng_fix_treat_name(e, t));
}

/* The practitioners offering treatment t, "Dr A, Dr B", into out. */
static void
prac_names(const struct eng *e, int t, struct buf *out)
{
	size_t	 i, n = booking_npracs(e->b);
	int	 k = 0;

	for (i = 0; i < n; i++)
		if (booking_prac_offers(e->b, i, (size_t)t))
			(void)buf_printf(out, "%s%s", k++ > 0 ? ", " : "",
			    booking_prac_name(e->b, i));
}

/* "does Dr Martin do cleanings?": yes or no from the practitioner's
 * treatments; the treatment is kept for "yes, book it". */
static void
say_prac_does(struct eng *e, int p, int t)
{
	struct replies_var	 v[4];
	struct buf		 l, o;

	buf_init(&l, 1024);
	buf_init(&o, 1024);
	treat_names(e, p, &l);
	prac_names(e, t, &o);
	v[0] = (struct replies_var){ "practitioner",
	    booking_prac_name(e->b, (size_t)p) };
	v[1] = (struct replies_var){ "treatment", eng_fix_treat_name(e,
	    (size_t)t) };
	v[2] = (struct replies_var){ "list", buf_str(&l) };
	v[3] = (struct replies_var){ "practitioners", buf_str(&o) };
	if (booking_prac_offers(e->b, (size_t)p, (size_t)t)) {
		day_say(e, "does_prac_yes", v, 4);
		snprintf(e->c.pr, sizeof(e->c.pr), "%s",
		    e->nlu.val[NLU_F_PRACTITIONER]);
	} else
		day_say(e, "does_prac_no", v, 4);
	buf_free(&l);
	buf_free(&o);
}

/* The words of normalised p up to "and"/"et"/"or"/"ou" (four at most),
 * into out: what "do you do" asks when a second question follows. */
static int
asked_before_and(const char *p, char *out, size_t sz)
{
	static const char *const cut[] = { "and", "et", "or", "ou", "also",
	    "aussi", NULL };
	const char	*w;
	size_t		 n, o = 0, i;
	int		 words = 0;

	for (w = p; *w != '\0' && words < 4; w += n) {
		while (*w == ' ')
			w++;
		for (n = 0; w[n] != '\0' && w[n] != ' '; n++)
			;
		for (i = 0; n > 0 && cut[i] != NULL; i++)
			if (strlen(cut[i]) == n && strncmp(w, cut[i], n) == 0)
				break;
		if (n == 0 || cut[i] != NULL)
			break;
		if (o + n + 2 > sz)
			return 0;
		if (o > 0)
			out[o++] = ' ';
		memcpy(out + o, w, n);
		o += n;
		words++;
	}
	out[o] = '\0';
	/* the whole question: nothing else was asked */
	return o > 0 && *w != '\0';
}

/* "do you do X?": yes with who does it, or X is not among the clinic's
 * treatments and the question may go to the team. */
static void
say_does(struct eng *e, int t, const char *s, int k)
{
	struct replies_var	 v[3];
	struct buf		 l;
	char			 thing[INFO_THING_MAX + 8];
	const char		*p = strstr(s, does_words[k]);

	buf_init(&l, 1024);
	/* "do you do invisalign? and how much is a whitening?": the
	 * treatment found elsewhere in the message is not the one asked */
	if (t >= 0 && p != NULL && asked_before_and(p +
	    strlen(does_words[k]), thing, sizeof(thing))) {
		struct nlu_result	 r;

		eng_plan_read(e, thing, strlen(thing), &r);
		if (r.val[NLU_F_APPOINTMENT_TYPE][0] == '\0')
			t = -2;
	}
	if (t == -2) {
		treat_names(e, -1, &l);
		v[0] = (struct replies_var){ "thing", thing };
		v[1] = (struct replies_var){ "list", buf_str(&l) };
		day_say(e, "does_unknown", v, 2);
		e->c.askstaff = 1;
	} else if (t >= 0) {
		prac_names(e, t, &l);
		v[0] = (struct replies_var){ "treatment",
		    eng_fix_treat_name(e, (size_t)t) };
		v[1] = (struct replies_var){ "practitioners", buf_str(&l) };
		day_say(e, "does_yes", v, 2);
	} else if (p != NULL && thing_asked(e, p + strlen(does_words[k]),
	    thing, sizeof(thing))) {
		treat_names(e, -1, &l);
		v[0] = (struct replies_var){ "thing", thing };
		v[1] = (struct replies_var){ "list", buf_str(&l) };
		day_say(e, "does_unknown", v, 2);
		e->c.askstaff = 1;
	} else {
		treat_names(e, -1, &l);
		v[0] = (struct replies_var){ "list", buf_str(&l) };
		day_say(e, "does_kids", v, 1);
	}
	buf_free(&l);
}

int
eng_info_offer(struct eng *e)
{
	char		 s[1024];
	int		 t = -1, p = -1, k;
	size_t		 i;

	if (strcmp(e->c.state, "idle") != 0 || eng_has(e, NLU_F_DATE) ||
	    eng_has(e, NLU_F_DATE_RANGE) || eng_has(e, NLU_F_TIME) ||
	    eng_has(e, NLU_F_TIME_PREFERENCE) ||
	    engine_parse_info(e->text, e->len) != 0)
		return 0;
	(void)engine_norm(e->text, e->len, s, sizeof(s));
	if (!is_question(e, s))
		return 0;
	for (i = 0; day_book_words[i] != NULL; i++)
		if (has_phrase(s, day_book_words[i]))
			return 0;
	if (eng_has(e, NLU_F_APPOINTMENT_TYPE))
		t = booking_find_treat(e->b,
		    e->nlu.val[NLU_F_APPOINTMENT_TYPE]);
	/* "vous prenez la carte Vitale ?", "is it covered by insurance?":
	 * the price when asked, the rest may go to the team */
	if (first_phrase(s, pay_words) >= 0) {
		eng_reset(e);
		if (t >= 0 && (engine_parse_recap_question(e->text, e->len) &
		    ENGINE_ASK_PRICE))
			eng_say_price(e, t);
		day_say(e, "pay_question", NULL, 0);
		e->c.askstaff = 1;
		return 1;
	}
	if (eng_has(e, NLU_F_PRACTITIONER))
		p = booking_find_prac(e->b, e->nlu.val[NLU_F_PRACTITIONER]);
	k = first_phrase(s, does_words);
	if (t >= 0 && p >= 0 && first_phrase(s, prac_does_words) >= 0) {
		eng_reset(e);
		say_prac_does(e, p, t);
	} else if (first_phrase(s, kids_words) >= 0 && t < 0 && p < 0) {
		eng_reset(e);
		say_does(e, -1, s, 0);
	} else if (k >= 0 && p < 0) {
		eng_reset(e);
		say_does(e, t, s, k);
	} else
		return 0;
	if (t >= 0) {
		snprintf(e->c.tr, sizeof(e->c.tr), "%s",
		    booking_treat_name(e->b, (size_t)t));
		e->c.trq = 1;
		/* "does Dr Leal do whitening? and how much is it?" */
		if (engine_parse_recap_question(e->text, e->len) &
		    ENGINE_ASK_PRICE)
			eng_say_price(e, t);
	}
	return 1;
}

/*
 * Treatments common to clinics, as a patient asks for one ("j'ai
 * besoin d'un plombage", "I need a filling"): the folded word, after an
 * article, and its name in French and English.
 */
static const struct {
	const char	*word;
	const char	*fr;
	const char	*en;
} common_treats[] = {
	{ "plombage", "Plombage", "Filling" },
	{ "filling", "Plombage", "Filling" },
	{ "soin de carie", "Soin de carie", "Filling" },
	{ "couronne", "Couronne", "Crown" },
	{ "crown", "Couronne", "Crown" },
	{ "implant", "Implant", "Implant" },
	{ "bridge", "Bridge", "Bridge" },
	{ "facette", "Facettes", "Veneers" },
	{ "facettes", "Facettes", "Veneers" },
	{ "veneer", "Facettes", "Veneers" },
	{ "veneers", "Facettes", "Veneers" },
	{ "devitalisation", "Dévitalisation", "Root canal" },
	{ "root canal", "Dévitalisation", "Root canal" },
	{ "appareil dentaire", "Orthodontie", "Braces" },
	{ "braces", "Orthodontie", "Braces" },
	{ "dentier", "Prothèse dentaire", "Dentures" },
	{ "prothese dentaire", "Prothèse dentaire", "Dentures" },
};

/* Articles a treatment asked for follows. */
static const char *const common_before[] = { "un", "une", "des", "a",
	"an", "some", "new", "nouveau", "nouvelle", "pour", "for", NULL };

/* Words before the article that make the treatment one the patient
 * has ("j'ai un implant qui bouge"), not one asked for. */
static const char *const common_owned[] = { "ai", "avais", "have",
	"got", "had", NULL };

/*
 * The index in common_treats of the treatment folded s asks for, or -1.
 */
static int
common_asked(const char *s)
{
	char	 p[64], q[96];
	size_t	 i, k, j;

	for (i = 0; i < sizeof(common_treats) / sizeof(common_treats[0]);
	    i++)
		for (k = 0; common_before[k] != NULL; k++) {
			snprintf(p, sizeof(p), "%s %s", common_before[k],
			    common_treats[i].word);
			if (!has_phrase(s, p))
				continue;
			for (j = 0; common_owned[j] != NULL; j++) {
				snprintf(q, sizeof(q), "%s %s",
				    common_owned[j], p);
				if (has_phrase(s, q))
					return -1;
			}
			return (int)i;
		}
	return -1;
}

int
eng_info_missing(struct eng *e)
{
	struct replies_var	 v[2];
	struct buf		 l;
	const char		*name;
	char			 s[1024];
	int			 k;

	if ((strcmp(e->c.state, "idle") != 0 &&
	    strcmp(e->c.state, "ask_treatment") != 0) ||
	    eng_has(e, NLU_F_APPOINTMENT_TYPE) || e->c.tr[0] != '\0' ||
	    e->nlu.urgent || nlu_symptom_present(e->text, e->len) ||
	    (e->nlu.intent != NLU_INTENT_BOOK_APPOINTMENT &&
	    e->nlu.intent != NLU_INTENT_INFORMATION &&
	    e->nlu.intent != NLU_INTENT_UNKNOWN))
		return 0;
	(void)engine_norm(e->text, e->len, s, sizeof(s));
	if ((k = common_asked(s)) < 0)
		return 0;
	name = e->lang == REPLIES_EN ? common_treats[k].en :
	    common_treats[k].fr;
	/* a clinic's own name for it that the extractor missed */
	if (nlu_match_list(booking_treat_names(e->b), booking_ntreats(e->b),
	    name, 0) != NULL)
		return 0;
	eng_reset(e);
	buf_init(&l, 1024);
	treat_names(e, -1, &l);
	v[0] = (struct replies_var){ "thing", name };
	v[1] = (struct replies_var){ "list", buf_str(&l) };
	day_say(e, "does_unknown", v, 2);
	buf_free(&l);
	e->c.askstaff = 1;
	return 1;
}

/* "je voudrais en prendre un", "I'll take one": the treatment just
 * talked about is wanted. */
static const char *const take_words[] = { "en prendre un",
	"en prendre une", "en reserver un", "en reserver une", "je le prends",
	"je la prends", "je prends", "take one", "i ll take", "ill take",
	"book one", "book it", "book me in", "i ll have one",
	"i d like one", "j en veux un", "j en voudrais un", "go ahead",
	"let s do it", "on y va", NULL };

int
eng_info_after(struct eng *e)
{
	char	 s[1024];
	int	 trq = e->c.trq, ask = e->c.askstaff, yn;

	e->c.trq = e->c.askstaff = 0;
	if (strcmp(e->c.state, "idle") != 0 || (!trq && !ask))
		return 0;
	(void)engine_norm(e->text, e->len, s, sizeof(s));
	yn = memchr(e->text, '?', e->len) != NULL ? -1 :
	    engine_parse_yesno(e->text, e->len);
	if (ask) {
		if (yn != 1)
			return 0;
		day_say(e, "staff_passed", NULL, 0);
		e->staff_reason = "question";
		eng_reset(e);
		return 1;
	}
	/* the treatment stays for whatever request comes next, not for
	 * another question ("and what are your prices?" lists them all) */
	memcpy(e->day_tr, e->c.tr, sizeof(e->day_tr));
	memcpy(e->day_pr, e->c.pr, sizeof(e->day_pr));
	e->c.tr[0] = e->c.pr[0] = '\0';
	if (yn != 1 && first_phrase(s, take_words) < 0)
		return 0;
	eng_book_start(e);
	return 1;
}

void
eng_info_prac(struct eng *e, int p)
{
	struct replies_var	 v[3];
	struct buf		 l;

	eng_reset(e);
	buf_init(&l, 1024);
	treat_names(e, p, &l);
	v[0] = (struct replies_var){ "practitioner",
	    booking_prac_name(e->b, (size_t)p) };
	v[1] = (struct replies_var){ "list", buf_str(&l) };
	v[2] = (struct replies_var){ "phone", *e->cphone != '\0' ?
	    e->cphone : replies_get("unknown", e->lang) };
	day_say(e, "prac_about", v, 3);
	buf_free(&l);
	/* "yes" books with that practitioner (eng_info_after) */
	snprintf(e->c.pr, sizeof(e->c.pr), "%s",
	    booking_prac_name(e->b, (size_t)p));
	e->c.trq = 1;
}
