/*
 * replies — French and English message templates and date formatting.
 * See replies.h.
 */
#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "nlu.h"
#include "replies.h"
#include "tz.h"

struct reply_tmpl {
	const char	*key;
	const char	*fr;
	const char	*en;
};

/*
 * Every message Sophie writes.  Placeholders: {clinic} clinic name,
 * {first}/{last}/{patient} a patient's names, {treatment},
 * {practitioner}, {date}, {time}, {old} (a former date and time),
 * {list} a numbered list built by the engine, {n} a count, {address},
 * {phone}, {hours}, {numbers} (the clinic's emergency numbers line),
 * {treatments} the clinic's treatments, {hello} ", <first name>" or "".
 */
static const struct reply_tmpl tmpls[] = {
	/* Greeting and what Sophie can do. */
	{ "greet",
	  "Bonjour{hello} ! Je suis Sophie, l'assistante de {clinic}. Je "
	  "peux prendre, déplacer ou annuler un rendez-vous, vous donner vos "
	  "prochains rendez-vous, la liste des praticiens ou nos horaires. "
	  "Que puis-je faire pour vous ?",
	  "Hello{hello}! I'm Sophie, the assistant of {clinic}. I can book, "
	  "move or cancel an appointment, tell you your upcoming "
	  "appointments, our practitioners or our opening hours. How can I "
	  "help you?" },
	/* A thank-you or a yes with nothing pending. */
	{ "welcome",
	  "Avec plaisir ! N'hésitez pas si vous avez besoin d'autre chose.",
	  "You're welcome! Let me know if you need anything else." },
	/* Beside the flow (engine_aside.c): said before the pending
	 * question is asked again. */
	{ "media_received",
	  "Merci, j'ai bien reçu votre pièce jointe : je l'ai transmise à "
	  "l'équipe du cabinet, qui pourra la consulter.",
	  "Thank you, I have received your attachment and passed it on to "
	  "the clinic's team, who can look at it." },
	{ "aside_hello", "Bonjour{hello} !", "Hello{hello}!" },
	{ "aside_thanks", "Avec plaisir !", "You're welcome!" },
	{ "aside_smalltalk", "Merci, c'est gentil !",
	  "Thank you, that's kind of you!" },
	/* asked about the team's own plans: kind, and back to the point */
	{ "aside_plans", "C'est gentil de demander ! Revenons à votre "
	  "rendez-vous.", "Kind of you to ask! Back to your appointment." },
	/* Choosing among times or at a recap, "je regarde mon agenda":
	 * the list or the recap stays as it was. */
	{ "aside_wait",
	  "Je vous en prie, prenez votre temps : répondez simplement "
	  "quand vous le souhaitez.",
	  "Of course, take your time: just reply whenever you are "
	  "ready." },
	{ "aside_ask_date", "Quel jour ou quel horaire vous conviendrait ?",
	  "Which day or time would suit you?" },
	/* Identification of a new patient. */
	{ "ask_name",
	  "Pour prendre rendez-vous, j'ai besoin de quelques informations. "
	  "Quels sont le prénom et le nom du patient ?",
	  "To book, I need a few details first. What are the patient's "
	  "first name and last name?" },
	{ "ask_name_again",
	  "Je n'ai pas bien saisi le nom. Pouvez-vous écrire le prénom puis "
	  "le nom du patient (par exemple : Marie Dupont) ?",
	  "I did not catch the name. Could you write the patient's first "
	  "name then last name (for example: Mary Smith)?" },
	{ "ask_birth",
	  "Merci. Quelle est la date de naissance de {first} {last} ? "
	  "(par exemple 15/05/1980)",
	  "Thank you. What is {first} {last}'s date of birth? "
	  "(for example 15/05/1980)" },
	/* The question again after details of the booking were given
	 * instead of the answer (engine_who.c: keep_details). */
	{ "ask_name_still",
	  "Et quels sont le prénom et le nom du patient ?",
	  "And what are the patient's first name and last name?" },
	{ "ask_birth_still",
	  "Et quelle est la date de naissance de {first} {last} ? "
	  "(par exemple 15/05/1980)",
	  "And what is {first} {last}'s date of birth? "
	  "(for example 15/05/1980)" },
	{ "ask_birth_again",
	  "Je n'ai pas compris la date de naissance. Pouvez-vous l'écrire "
	  "sous la forme JJ/MM/AAAA ?",
	  "I did not understand the date of birth. Could you write it as "
	  "DD/MM/YYYY?" },
	{ "ask_who",
	  "Pour qui est ce rendez-vous ?\n{list}\nRépondez par le numéro.",
	  "Who is this appointment for?\n{list}\nReply with the number." },
	/* "pour moi" to that question, the phone's patients sharing it */
	{ "ask_who_me",
	  "Lequel de ces patients êtes-vous ?\n{list}\nRépondez par le "
	  "numéro.",
	  "Which of these patients are you?\n{list}\nReply with the "
	  "number." },
	{ "someone_else", "Une autre personne", "Someone else" },
	/* Lines of the numbered lists. */
	{ "who_line", "{n}. {first} {last}", "{n}. {first} {last}" },
	{ "slot_line", "{n}. {date} à {time} avec {practitioner}",
	  "{n}. {date} at {time} with {practitioner}" },
	{ "appt_line",
	  "{n}. {date} à {time} : {treatment} avec {practitioner} "
	  "({patient})",
	  "{n}. {date} at {time}: {treatment} with {practitioner} "
	  "({patient})" },
	{ "appt_item",
	  "• {date} à {time} : {treatment} avec {practitioner} ({patient})",
	  "• {date} at {time}: {treatment} with {practitioner} "
	  "({patient})" },
	{ "prac_line", "• {practitioner} ({specialty}) : {treatments}",
	  "• {practitioner} ({specialty}): {treatments}" },
	{ "hours_line", "{day} : {ranges}", "{day}: {ranges}" },
	{ "at_time", "{date} à {time}", "{date} at {time}" },
	/* The booking flow. */
	{ "ask_treatment",
	  "Pour quel soin souhaitez-vous un rendez-vous ? {treatments}. "
	  "Vous pouvez aussi préciser un praticien et un jour.",
	  "What is the appointment for? {treatments}. You may also name a "
	  "practitioner and a day." },
	{ "proposals",
	  "Voici les créneaux disponibles pour {treatment} :\n{list}\n"
	  "Répondez par le numéro du créneau qui vous convient, ou "
	  "indiquez un autre jour.",
	  "Here are the available times for {treatment}:\n{list}\n"
	  "Reply with the number of the one you want, or name another "
	  "day." },
	{ "proposals_unavailable",
	  "Ce créneau n'est pas disponible. Voici les plus proches pour "
	  "{treatment} :\n{list}\nRépondez par le numéro du créneau qui "
	  "vous convient, ou indiquez un autre jour.",
	  "That time is not available. Here are the nearest ones for "
	  "{treatment}:\n{list}\nReply with the number of the one you "
	  "want, or name another day." },
	{ "proposals_nearest",
	  "Voici les créneaux les plus proches pour {treatment} :\n{list}\n"
	  "Répondez par le numéro du créneau qui vous convient, ou "
	  "indiquez un autre jour.",
	  "Here are the nearest times for {treatment}:\n{list}\n"
	  "Reply with the number of the one you want, or name another "
	  "day." },
	/* a window kept ("after 4pm") and a day that closes before it */
	{ "closes_before",
	  "Le {date}, le cabinet ferme à {time}, avant {from} : voici les "
	  "créneaux de ce jour-là.",
	  "On {date} the clinic closes at {time}, before {from}: here are "
	  "that day's times." },
	{ "no_slots",
	  "Je n'ai trouvé aucun créneau libre pour {treatment} à cette "
	  "période. Quel autre jour vous conviendrait ?",
	  "I found no free time for {treatment} in that period. Which other "
	  "day would suit you?" },
	{ "not_offered",
	  "{practitioner} ne réalise pas ce soin ({treatment}) ; je cherche "
	  "avec les autres praticiens.\n",
	  "{practitioner} does not do {treatment}; I am looking with the "
	  "other practitioners.\n" },
	/* A pain or a symptom said without a treatment (engine_book.c). */
	{ "pain_visit",
	  "Pour ce que vous décrivez, je vous propose : {treatment} (vous "
	  "pouvez demander un autre soin).",
	  "For what you describe, I suggest: {treatment} (you may ask for "
	  "another treatment)." },
	/* "C'est urgent" without a symptom or a treatment: the clinic's
	 * visit for emergencies, offered at the earliest (engine_book.c);
	 * the conversation is flagged for the team (engine.c). */
	{ "urgent_visit",
	  "C'est noté comme urgent : l'équipe est prévenue. Je vous propose "
	  "{treatment}, au plus tôt (vous pouvez demander un autre soin).",
	  "Noted as urgent: the team has been told. I suggest {treatment}, "
	  "at the earliest (you may ask for another treatment)." },
	/* A clarifying question says back what was understood so far
	 * (engine_book.c): the pieces of {noted}, then the questions. */
	{ "noted_move",
	  "le déplacement de votre rendez-vous {treatment} du {date} à "
	  "{time}",
	  "moving your {treatment} appointment of {date} at {time}" },
	{ "noted_treat", "{treatment}", "{treatment}" },
	{ "noted_appt", "un rendez-vous", "an appointment" },
	{ "noted_prac", "avec {practitioner}", "with {practitioner}" },
	{ "noted_day", "le {date}", "on {date}" },
	{ "noted_span", "du {date} au {until}", "from {date} to {until}" },
	/* never "<day> à HH:MM": a time asked is not a time offered */
	{ "noted_time", "(heure demandée : {time})", "(time asked: {time})" },
	{ "noted_morning", "le matin", "in the morning" },
	{ "noted_afternoon", "l'après-midi", "in the afternoon" },
	{ "noted_evening", "en fin de journée", "at the end of the day" },
	{ "noted_after", "après {from}", "after {from}" },
	{ "noted_before", "avant {to}", "before {to}" },
	{ "noted_between", "entre {from} et {to}", "between {from} and {to}" },
	{ "noted_for", "pour {patient}", "for {patient}" },
	{ "noted_line", "J'ai noté : {noted}.", "So far I have: {noted}." },
	{ "unclear_day",
	  "Pardon, je n'ai pas bien compris. J'ai noté : {noted}. Quel "
	  "jour ou quelle heure vous conviendrait ?",
	  "Sorry, I did not quite understand. So far I have: {noted}. "
	  "Which day or time would suit you?" },
	{ "pick_again_noted",
	  "Je n'ai pas compris votre choix (j'ai noté : {noted}). Répondez "
	  "par le numéro du créneau (1 à {n}), ou indiquez un autre jour.",
	  "I did not understand your choice (so far I have: {noted}). Reply "
	  "with the number of the time (1 to {n}), or name another day." },
	{ "pick_details",
	  "Merci pour ces précisions, l'équipe les verra. Répondez par le "
	  "numéro du créneau qui vous convient (1 à {n}), ou indiquez un "
	  "autre jour.",
	  "Thank you for the details, the team will see them. Reply with "
	  "the number of the time that suits you (1 to {n}), or name "
	  "another day." },
	{ "pick_which",
	  "Avec plaisir : lequel vous convient ? Répondez par le numéro du "
	  "créneau (1 à {n}), ou indiquez un autre jour.",
	  "Gladly: which one suits you? Reply with the number of the time "
	  "(1 to {n}), or name another day." },
	{ "pick_again",
	  "Je n'ai pas compris votre choix. Répondez par le numéro du "
	  "créneau (1 à {n}), ou indiquez un autre jour.",
	  "I did not understand your choice. Reply with the number of the "
	  "time (1 to {n}), or name another day." },
	{ "confirm_book",
	  "Je récapitule : {treatment} avec {practitioner} le {date} à "
	  "{time}, pour {patient}. Je confirme ce rendez-vous ? (oui/non)",
	  "To sum up: {treatment} with {practitioner} on {date} at {time}, "
	  "for {patient}. Shall I book it? (yes/no)" },
	/* Said before a recap: the patient's other appointment that day. */
	{ "same_day",
	  "Vous avez déjà un rendez-vous ce jour-là à {time} ({treatment} "
	  "avec {practitioner}).",
	  "You already have an appointment that day at {time} ({treatment} "
	  "with {practitioner})." },
	/* A question asked at the recap, answered before asking again. */
	{ "recap_price", "{treatment} : {price}.", "{treatment}: {price}." },
	{ "recap_price_unknown",
	  "Le cabinet vous indiquera le tarif de {treatment}.",
	  "The clinic will tell you the price of {treatment}." },
	/* "How much is a cleaning?" asked outside a booking. */
	{ "info_prices", "Nos tarifs :\n{prices}", "Our prices:\n{prices}" },
	{ "info_prices_unknown",
	  "Pour les tarifs, le cabinet vous renseignera : {phone}.",
	  "For prices, please ask the clinic: {phone}." },
	{ "info_duration", "{treatment} : comptez environ {n} minutes.",
	  "{treatment}: it takes about {n} minutes." },
	{ "recap_duration", "Comptez environ {n} minutes.",
	  "It takes about {n} minutes." },
	{ "recap_who", "Ce rendez-vous est avec {practitioner}.",
	  "This appointment is with {practitioner}." },
	{ "recap_later",
	  "Oui : vous pourrez déplacer ou annuler ce rendez-vous à tout "
	  "moment en m'écrivant ici.",
	  "Yes: you can move or cancel this appointment at any time by "
	  "writing to me here." },
	{ "queued_after",
	  "C'est noté : je m'occupe de ce rendez-vous juste après.",
	  "Noted: I will see to that appointment right after." },
	{ "confirm_again",
	  "Répondez oui pour confirmer le rendez-vous {treatment} du {date} "
	  "à {time}, ou non pour choisir un autre créneau.",
	  "Reply yes to confirm the {treatment} appointment on {date} at "
	  "{time}, or no to choose another time." },
	{ "booked",
	  "C'est réservé ✅ {treatment} avec {practitioner} le {date} à "
	  "{time}, pour {patient}. Adresse : {address}. Pour déplacer ou "
	  "annuler, écrivez-moi ici.",
	  "Booked ✅ {treatment} with {practitioner} on {date} at {time}, "
	  "for {patient}. Address: {address}. To move or cancel it, just "
	  "write to me here." },
	{ "slot_taken",
	  "Désolée, ce créneau vient d'être pris. Voici d'autres "
	  "disponibilités :\n{list}\nRépondez par le numéro du créneau qui "
	  "vous convient.",
	  "Sorry, that time was just taken. Here are other available "
	  "times:\n{list}\nReply with the number of the one you want." },
	{ "slot_taken_none",
	  "Désolée, ce créneau vient d'être pris et je n'en trouve pas "
	  "d'autre proche. Quel autre jour vous conviendrait ?",
	  "Sorry, that time was just taken and I found no other one close "
	  "to it. Which other day would suit you?" },
	{ "declined",
	  "Entendu, je ne réserve rien. Quel autre jour ou horaire vous "
	  "conviendrait ?",
	  "All right, nothing is booked. Which other day or time would suit "
	  "you?" },
	{ "declined_move",
	  "Entendu, je ne change rien pour l'instant. Quel autre jour ou "
	  "horaire vous conviendrait ?",
	  "All right, nothing is changed yet. Which other day or time would "
	  "suit you?" },
	/* Upcoming appointments, moves and cancellations. */
	{ "no_appts",
	  "Vous n'avez aucun rendez-vous à venir. Souhaitez-vous en "
	  "prendre un ?",
	  "You have no upcoming appointment. Would you like to book one?" },
	/* A new phone (no patient on it) asking to move or cancel without
	 * a name (engine_book.c). */
	{ "no_appts_new_phone",
	  "Je ne trouve aucun rendez-vous à venir pour ce numéro. S'il a "
	  "été pris depuis un autre numéro, écrivez-moi le nom du patient "
	  "et je transmets à l'équipe du cabinet. Sinon, souhaitez-vous "
	  "prendre un rendez-vous ?",
	  "I find no upcoming appointment for this number. If it was booked "
	  "from another number, write me the patient's name and I will pass "
	  "it to the clinic's team. Otherwise, would you like to book one?" },
	/* A new phone that named someone (engine_book.c). */
	{ "no_appts_named",
	  "Je ne trouve aucun rendez-vous à venir pour ce numéro au nom de "
	  "{first} {last}. J'ai transmis votre demande à l'équipe du "
	  "cabinet, qui pourra vérifier (un rendez-vous pris depuis un "
	  "autre numéro, par exemple). Souhaitez-vous prendre un nouveau "
	  "rendez-vous ?",
	  "I find no upcoming appointment for this number in the name of "
	  "{first} {last}. I have passed your request on to the clinic's "
	  "team, who can check (an appointment booked from another number, "
	  "for example). Would you like to book a new one?" },
	{ "list_appts", "Vos prochains rendez-vous :\n{list}",
	  "Your upcoming appointments:\n{list}" },
	{ "choose_appt_move",
	  "Quel rendez-vous souhaitez-vous déplacer ?\n{list}\nRépondez par "
	  "le numéro.",
	  "Which appointment would you like to move?\n{list}\nReply with "
	  "the number." },
	{ "choose_appt_cancel",
	  "Quel rendez-vous souhaitez-vous annuler ?\n{list}\nRépondez par "
	  "le numéro.",
	  "Which appointment would you like to cancel?\n{list}\nReply with "
	  "the number." },
	{ "ask_move_date",
	  "Votre rendez-vous {treatment} avec {practitioner} est le {date} "
	  "à {time}. Quel jour ou quel horaire vous conviendrait ?",
	  "Your {treatment} appointment with {practitioner} is on {date} at "
	  "{time}. Which day or time would suit you?" },
	{ "confirm_move",
	  "Je récapitule : votre rendez-vous {treatment} du {old} passe au "
	  "{date} à {time} avec {practitioner}. Je confirme ? (oui/non)",
	  "To sum up: your {treatment} appointment of {old} moves to {date} "
	  "at {time} with {practitioner}. Shall I confirm? (yes/no)" },
	{ "confirm_treat_change",
	  "Je récapitule : votre rendez-vous {oldtreat} du {date} à {time} "
	  "avec {practitioner} devient un rendez-vous {treatment}, même jour, "
	  "même heure. Je confirme ? (oui/non)",
	  "To sum up: your {oldtreat} appointment on {date} at {time} with "
	  "{practitioner} becomes a {treatment} appointment, same day and "
	  "time. Shall I confirm? (yes/no)" },
	{ "treat_changed",
	  "C'est fait ✅ Votre rendez-vous du {date} à {time} avec "
	  "{practitioner} est maintenant un rendez-vous {treatment}.",
	  "Done ✅ Your appointment on {date} at {time} with {practitioner} "
	  "is now a {treatment} appointment." },
	{ "moved",
	  "C'est fait ✅ Votre rendez-vous {treatment} est déplacé au {date} "
	  "à {time} avec {practitioner}.",
	  "Done ✅ Your {treatment} appointment is moved to {date} at {time} "
	  "with {practitioner}." },
	{ "confirm_cancel",
	  "Vous souhaitez annuler le rendez-vous {treatment} avec "
	  "{practitioner} le {date} à {time} ? (oui/non)",
	  "Do you want to cancel the {treatment} appointment with "
	  "{practitioner} on {date} at {time}? (yes/no)" },
	{ "cancelled",
	  "Votre rendez-vous {treatment} avec {practitioner} du {date} à "
	  "{time} est annulé. Le créneau est libéré.",
	  "Your {treatment} appointment with {practitioner} on {date} at "
	  "{time} is cancelled. The time is free again." },
	{ "kept",
	  "Entendu, votre rendez-vous du {date} à {time} est maintenu.",
	  "All right, your appointment on {date} at {time} stays as it "
	  "is." },
	{ "appt_gone",
	  "Ce rendez-vous n'est plus à venir ou a déjà été modifié.",
	  "That appointment is no longer upcoming or was already "
	  "changed." },
	/* Practitioners and clinic information. */
	{ "practitioners", "Nos praticiens :\n{list}",
	  "Our practitioners:\n{list}" },
	{ "info_hours", "Nos horaires :\n{hours}",
	  "Our opening hours:\n{hours}" },
	{ "info_address", "Notre adresse : {address}",
	  "Our address: {address}" },
	{ "info_phone", "Notre téléphone : {phone}",
	  "Our phone number: {phone}" },
	{ "info_access", "Pour venir : {access}", "Getting here: {access}" },
	{ "late_noted",
	  "Merci de nous prévenir. Je transmets à l'équipe du cabinet pour "
	  "votre rendez-vous de {time} avec {practitioner}.",
	  "Thank you for letting us know. I'm passing it on to the clinic's "
	  "team for your {time} appointment with {practitioner}." },
	{ "late_no_appt",
	  "Merci de nous prévenir. Je ne vois pas de rendez-vous aujourd'hui "
	  "pour ce numéro ; je transmets votre message à l'équipe du cabinet.",
	  "Thank you for letting us know. I don't see an appointment today "
	  "for this number; I'm passing your message on to the clinic's "
	  "team." },
	{ "info_access_none",
	  "Je n'ai pas d'information sur le stationnement ni l'accès ; le "
	  "cabinet peut vous renseigner au {phone}.",
	  "I don't have details about parking or access; the clinic can "
	  "tell you on {phone}." },
	{ "info_all",
	  "{clinic}\nAdresse : {address}\nTéléphone : {phone}\nHoraires :\n"
	  "{hours}",
	  "{clinic}\nAddress: {address}\nPhone: {phone}\nOpening hours:\n"
	  "{hours}" },
	{ "closed", "fermé", "closed" },
	{ "unknown", "non renseigné", "not given" },
	/* Emergencies, misunderstandings, staff. */
	{ "emergency",
	  "⚠️ En cas d'urgence vitale, appelez immédiatement le 15 (SAMU) "
	  "ou le 112.{numbers} J'ai prévenu l'équipe du cabinet, qui "
	  "reviendra vers vous.",
	  "⚠️ If this is a life-threatening emergency, call 15 (SAMU) or "
	  "112 now.{numbers} I have alerted the clinic's team, who will get "
	  "back to you." },
	{ "emergency_numbers", " Urgences du cabinet : {numbers}.",
	  " The clinic's emergency line: {numbers}." },
	{ "not_understood",
	  "Pardon, je n'ai pas bien compris. Pouvez-vous reformuler ? Je "
	  "peux prendre, déplacer ou annuler un rendez-vous, ou vous donner "
	  "nos horaires.",
	  "Sorry, I did not quite understand. Could you rephrase? I can "
	  "book, move or cancel an appointment, or give you our opening "
	  "hours." },
	/* A second message not understood: not the first question
	 * again, but the concrete choices, the clinic's treatments. */
	{ "not_understood_choices",
	  "Je n'ai toujours pas compris votre demande, excusez-moi. "
	  "Plutôt que de reformuler, dites-moi simplement : souhaitez-vous "
	  "prendre, déplacer ou annuler un rendez-vous, ou poser une "
	  "question (horaires, tarifs, adresse) ? Nos soins : "
	  "{treatments}. Un seul de ces mots me suffit.",
	  "Sorry, I still do not understand your request. Rather than "
	  "rephrase, just tell me: would you like to book, move or cancel "
	  "an appointment, or ask a question (opening hours, prices, "
	  "address)? Our treatments: {treatments}. One of these words is "
	  "enough." },
	/* The treatment question asked a second time, in other words. */
	{ "ask_treatment_again",
	  "Je n'ai pas reconnu le soin. Lequel de ceux-ci vous faut-il : "
	  "{treatments} ? Si vous ne savez pas, décrivez simplement ce qui "
	  "vous amène (une douleur, une dent cassée, un contrôle...).",
	  "I did not recognise the treatment. Which of these do you need: "
	  "{treatments}? If you are not sure, just describe what brings you "
	  "in (a pain, a broken tooth, a check-up...)." },
	{ "handoff",
	  "Je n'arrive pas à vous comprendre : je transmets votre demande à "
	  "l'équipe du cabinet, qui vous répondra ici dès que possible.",
	  "I can't manage to understand you: I am passing your request to "
	  "the clinic's team, who will answer you here as soon as "
	  "possible." },
	/* A message in another language: which ones Sophie speaks, in
	 * both (the patient reads neither well). */
	{ "languages",
	  "Désolée, je ne parle que français et anglais. Sorry, I can only "
	  "help in French or English: could you write in one of them?",
	  "Sorry, I can only help in English or French: could you write in "
	  "one of them? Désolée, je ne parle que français et anglais." },
	{ "handoff_asked",
	  "Bien sûr : je transmets votre demande à l'équipe du cabinet, qui "
	  "vous répondra ici dès que possible.",
	  "Of course: I am passing your request to the clinic's team, who "
	  "will answer you here as soon as possible." },
	/* Reminders. */
	{ "reminder",
	  "Rappel : vous avez rendez-vous ({treatment}) avec {practitioner} "
	  "le {date} à {time} au {clinic}. Répondez OUI pour confirmer, "
	  "ANNULER pour annuler ou DÉPLACER pour changer d'horaire.",
	  "Reminder: you have an appointment ({treatment}) with "
	  "{practitioner} on {date} at {time} at {clinic}. Reply YES to "
	  "confirm, CANCEL to cancel or MOVE to change the time." },
	{ "remind_confirmed",
	  "Merci, votre présence est confirmée. À {date} à {time} !",
	  "Thank you, your visit is confirmed. See you on {date} at "
	  "{time}!" },
	{ "remind_again",
	  "Répondez OUI pour confirmer votre rendez-vous du {date} à {time},"
	  " ANNULER pour l'annuler ou DÉPLACER pour changer d'horaire.",
	  "Reply YES to confirm your appointment on {date} at {time}, "
	  "CANCEL to cancel it or MOVE to change the time." },
	/* privacy: a patient asks to stop or for their data (privacy.h). */
	{ "privacy_procedure",
	  "Bien noté. Vous pouvez obtenir une copie de toutes vos données ou "
	  "les faire effacer : j'ai transmis votre demande à l'équipe du "
	  "cabinet, qui vérifiera qu'elle vient bien de vous puis vous "
	  "répondra ici. L'effacement supprime vos conversations, vos "
	  "documents et vos coordonnées ; vos rendez-vous passés ne restent "
	  "que de façon anonyme, pour les statistiques. Rien n'est effacé "
	  "sans cette vérification.",
	  "Noted. You can get a copy of all your data or have it erased: I "
	  "have passed your request to the clinic's team, who will check it "
	  "comes from you and answer you here. Erasure deletes your "
	  "conversations, documents and contact details; your past "
	  "appointments are only kept anonymously, for statistics. Nothing "
	  "is erased without that check." },
	/* Two people in one message (engine_two.c): the writer's own
	 * name, when the message named only the other person. */
	{ "ask_name_self",
	  "Pour votre propre rendez-vous, j'ai besoin de quelques "
	  "informations. Quels sont votre prénom et votre nom ?",
	  "For your own appointment, I need a few details first. What are "
	  "your first name and last name?" },
	/* A rough time's very time recapped at a correction (engine_book.c):
	 * the other free times around it that day. */
	{ "confirm_near",
	  "Autres horaires libres autour ce jour-là : {list}.",
	  "Other free times around then that day: {list}." },
	/* The day understood, said back when the treatment is asked
	 * (engine_book.c); not a promise that it is free. */
	{ "kept_day",
	  "Jour demandé : {date}.",
	  "Day asked: {date}." },
	{ "kept_day_prac",
	  "Jour demandé : {date}, avec {practitioner}.",
	  "Day asked: {date}, with {practitioner}." },
	{ "kept_prac",
	  "Praticien demandé : {practitioner}.",
	  "Practitioner asked: {practitioner}." },
};

static const char *const wdays_fr[7] = { "lundi", "mardi", "mercredi",
	"jeudi", "vendredi", "samedi", "dimanche" };
static const char *const wdays_en[7] = { "Monday", "Tuesday", "Wednesday",
	"Thursday", "Friday", "Saturday", "Sunday" };
static const char *const months_fr[12] = { "janvier", "février", "mars",
	"avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
	"novembre", "décembre" };
static const char *const months_en[12] = { "January", "February", "March",
	"April", "May", "June", "July", "August", "September", "October",
	"November", "December" };

const char *
replies_get(const char *key, enum replies_lang lang)
{
	size_t	 i;

	if (key == NULL)
		return NULL;
	for (i = 0; i < sizeof(tmpls) / sizeof(tmpls[0]); i++)
		if (strcmp(tmpls[i].key, key) == 0)
			return lang == REPLIES_EN ? tmpls[i].en : tmpls[i].fr;
	return NULL;
}

/* Append a value, dropping control characters other than newline. */
static int
add_value(struct buf *out, const char *v)
{
	for (; v != NULL && *v != '\0'; v++) {
		if ((unsigned char)*v < 0x20 && *v != '\n')
			continue;
		if (buf_addc(out, *v) == -1)
			return -1;
	}
	return 0;
}

/* The var called name (len bytes) or NULL. */
static const struct replies_var *
find_var(const struct replies_var *vars, size_t n, const char *name,
    size_t len)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		if (strlen(vars[i].name) == len &&
		    memcmp(vars[i].name, name, len) == 0)
			return &vars[i];
	return NULL;
}

int
replies_fill(struct buf *out, const char *tmpl,
    const struct replies_var *vars, size_t n)
{
	const char			*p, *close;
	const struct replies_var	*v;

	if (tmpl == NULL)
		return -1;
	for (p = tmpl; *p != '\0'; p++) {
		if (*p == '{' && (close = strchr(p + 1, '}')) != NULL &&
		    close - p <= 32 &&
		    (v = find_var(vars, n, p + 1, close - p - 1)) != NULL) {
			if (add_value(out, v->value) == -1)
				return -1;
			p = close;
			continue;
		}
		if (buf_addc(out, *p) == -1)
			return -1;
	}
	return 0;
}

int
replies_say(struct buf *out, const char *key, enum replies_lang lang,
    const struct replies_var *vars, size_t n)
{
	return replies_fill(out, replies_get(key, lang), vars, n);
}

const char *
replies_weekday(enum replies_lang lang, int wday)
{
	if (wday < 0 || wday > 6)
		return NULL;
	return lang == REPLIES_EN ? wdays_en[wday] : wdays_fr[wday];
}

const char *
replies_month(enum replies_lang lang, int month)
{
	if (month < 1 || month > 12)
		return NULL;
	return lang == REPLIES_EN ? months_en[month - 1] :
	    months_fr[month - 1];
}

int
replies_date(char *out, size_t sz, enum replies_lang lang,
    const struct tz *tz, int64_t t, int64_t now)
{
	struct tz_local	 l, n;
	char		 day[8];
	int		 w;

	if (out == NULL || sz == 0 || tz == NULL)
		return -1;
	tz_to_local(tz, t, &l);
	tz_to_local(tz, now, &n);
	/* French writes the first of a month "1er" ("lundi 1er mars"). */
	snprintf(day, sizeof(day), "%d%s", l.day, lang == REPLIES_FR &&
	    l.day == 1 ? "er" : "");
	if (l.year == n.year)
		w = snprintf(out, sz, "%s %s %s", replies_weekday(lang,
		    l.wday), day, replies_month(lang, l.month));
	else
		w = snprintf(out, sz, "%s %s %s %d", replies_weekday(lang,
		    l.wday), day, replies_month(lang, l.month), l.year);
	return w < 0 || (size_t)w >= sz ? -1 : 0;
}

int
replies_time(char *out, size_t sz, const struct tz *tz, int64_t t)
{
	struct tz_local	 l;
	int		 w;

	if (out == NULL || sz == 0 || tz == NULL)
		return -1;
	tz_to_local(tz, t, &l);
	w = snprintf(out, sz, "%02d:%02d", l.hour, l.min);
	return w < 0 || (size_t)w >= sz ? -1 : 0;
}

const char *
replies_treatment(const struct nlu_lists *lists, const char *canon,
    enum replies_lang lang)
{
	return nlu_treatment_display(lists, canon, lang == REPLIES_EN ?
	    NLU_LANG_EN : NLU_LANG_FR);
}
