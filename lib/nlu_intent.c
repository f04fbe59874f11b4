/*
 * nlu_intent — the intent of a message and its language, from folded
 * keyword phrases. Phrases are matched as whole words in the folded text;
 * a trailing '*' allows any ending ("annul*": annuler, annulation).
 */
#include <string.h>

#include "nlu_int.h"

/* "déplacé", "déplacez"..., never "en déplacement" (a trip), folded. */
#define DEPLACE	"deplace", "deplacee", "deplacees", "deplaces", "deplacez", \
	"deplacent", "deplacons", "deplaciez", "deplacant", "deplacera*"

/* Move an appointment. */
static const char *const modify[] = {
	"modifier*", "modif", "modifie*", "changer*", "change*", "decaler*",
	"decale*", "reporter*", "reporte*", "deplacer*", DEPLACE,
	"reprogramm*", "repousser*", "repousse*", "avancer mon*",
	"avancer le*", "reschedul*", "re schedule", "move my*",
	"move the appointment", "move it", "move our", "postpone*",
	"push back", "push my", "bring forward", "autre date",
	"autre jour pour mon", "change my", "changement*",
	/* "can my appointment be pushed to the morning?" */
	"pushed back", "pushed forward", "be pushed", "pushed to",
	"be moved",
	/* "j'aimerais le faire passer à l'après-midi", "could it go to
	 * late afternoon instead?" */
	"le faire passer", "la faire passer", "faire passer mon*",
	"could it go to", "can it go to", "could it go later",
	"could it go earlier", "can it go later", "can it go earlier",
};

/* Cancel. */
static const char *const cancel[] = {
	"empechement", "empeche", "can t make", "cant make",
	"serai pas la", "serai absent*", "won t be there", "wont be there",
	"won t be around", "will not be there",
	"cannot make", "something came up", "un imprevu",
	"annul*", "anul*", "cancel*", "ne pourrai pas venir",
	"pourrai pas venir", "pourrais pas venir", "pourrai pas etre",
	"pourrai pas y aller", "peux pas venir", "peux plus venir",
	"ne viendrai pas", "viendrai pas", "pourrai pas me rendre",
	"pourrai pas honorer", "can t make it", "cant make it",
	"can t come", "cant come", "cannot come", "cannot make it",
	"won t be able to come", "wont be able to come", "won t make it",
	"not be able to come", "not be able to make it", "call off",
	"supprimer mon*", "supprimer le rdv", "supprime mon*",
	"drop my appointment", "desist*", "be able to make",
	"won t be able to", "wont be able to", "unable to make",
	"can t make my", "cannot make my", "cant make my", "can t attend",
	"cannot attend", "won t be coming", "not coming",
	/* no longer coming at all: "je ne viendrai plus à mes séances" */
	"ne viendrai plus", "viendrai plus", "ne reviendrai pas",
	"ne reviendrai plus", "won t be coming back", "wont be coming back",
};

/* Book a new appointment again, after a cancel: a move. */
static const char *const rebook[] = {
	"autre horaire", "autre creneau", "autre moment", "autre heure",
	"autre jour", "autre date", "another time", "another slot",
	"another day", "another date", "other time", "other times",
	"other slot", "other slots", "other day", "different time",
	"different day", "later time", "plus tard dans", "what else",
	"anything else", "autre chose", "quoi d autre", "other options",
	"autres creneaux", "autres dispo*", "un autre rdv",
	"could we do", "on peut voir pour",
	"semaine d apres", "the week after",
	"et prendre", "et reprendre", "et en prendre", "et reserver",
	"un autre rdv", "un autre rendez vous", "un nouveau rdv",
	"un nouveau rendez vous", "and book", "and rebook", "rebook*",
	"another appointment", "a new appointment", "et me redonner",
	"en reprendre", "reprendre un", "repren*", "reprends*",
	"and make a new", "and schedule", "autre plage*", "autres plages",
	"can we do", "a later date", "a later day",
	/* "donnez-m'en un autre", "give me another one" */
	"en un autre", "en une autre", "en trouver un", "another one",
	"a new one",
	/* "je pourrai pas être là, on peut le remettre en avril ?" */
	"le remettre", "la remettre", "les remettre",
	/* someone who can't come put on another day: "vous pouvez le
	 * mettre la semaine prochaine ?", "could you put her on Friday" */
	"le mettre", "la mettre", "les mettre", "me mettre", "nous mettre",
	"le passer a", "la passer a", "les passer a", "me passer a",
	"put her on", "put him on", "put me on", "put them on", "put us on",
	"put it on", "put her in", "put him in", "put me in",
};

/* Another day or time said with these words: a move ("demain plutôt"). */
static const char *const rebook_when[] = {
	"instead", "a la place", "plutot",
};

/* Refusing another appointment: the cancel stands. */
static const char *const no_rebook[] = {
	"don t want another", "do not want another", "dont want another",
	"not another", "no other", "pas d autre", "pas un autre",
	"pas besoin d un autre", "no need for another", "don t need another",
	"do not need another", "dont need another", "won t need another",
	"n en veux pas d autre", "n en ai pas besoin",
	/* "cancel pls, don't rebook" */
	"don t rebook", "dont rebook", "do not rebook", "no need to rebook",
	"not to rebook", "won t rebook", "pas besoin de reprendre",
	"pas la peine de reprendre", "ne pas reprendre",
};

/* List my appointments. */
static const char *const list_appts[] = {
	"mes rdv", "mes rendez vous", "mes rendezvous", "mes prochains rdv",
	"mes prochains rendez vous", "mon prochain rdv",
	"mon prochain rendez vous", "mes rdvs", "mes rendez",
	"quand est mon rdv", "quand est mon rendez vous",
	"c est quand mon", "ai je un rdv", "ai je rdv",
	"ai je un rendez vous", "est ce que j ai un rdv",
	"est ce que j ai un rendez vous", "est ce que j ai rdv",
	"j ai rdv quand", "j ai un rdv quand", "my appointments",
	"my next appointment", "my upcoming appointment*",
	"when is my appointment", "when is my next", "when s my",
	"do i have an appointment", "do i have any appointment*",
	"do i have a appointment", "list my", "show my", "see my appointment*",
	"mes prochaines consultations", "mes consultations",
	"is my appointment still", "is my session still", "still on for",
	"mon rdv est toujours", "ma seance est toujours",
	"ai je des rdv", "j ai des rdv", "mon rdv est a quelle heure",
	"a quelle heure est mon", "what time is my", "rappeler mon rdv",
	"rappel de mon rdv", "rappeler la date", "rappeler l heure",
	"me rappeler la date", "me rappeler l heure", "me rappeler quand",
	"me rappeler mon", "remind me", "j ai bien un rdv", "j ai bien rdv",
	"j ai bien un rendez vous", "when am i", "forgot when",
	"forgot my appointment", "what appointments", "appointments do i have",
	"am i booked", "oublie l heure", "oublie la date", "oublie quand",
	"quelle heure mon rdv", "c est a quelle heure mon",
	"remember when my", "remember what time my", "remember the time of my",
	"remember the date of my", "souviens plus de l heure",
	"souviens plus de la date", "souviens plus quand",
	"souviens pas de l heure", "souviens pas quand",
	"souviens plus du jour", "souviens plus c est quand",
	"je vois le dr", "je vois la dr", "a quelle heure je vois",
	"when am i seeing", "whens my", "my next appt", "wen is my",
	/* "quels rendez-vous j'ai chez vous", "which appointments I have" */
	"quels rendez vous j ai", "quels rdv j ai", "quels rdv ai je",
	"quels rendez vous ai je", "quelles seances j ai",
	"which appointments i have", "what appointments i have",
	/* "la liste des rendez-vous de ma fille", "the list of my
	 * appointments" */
	"liste des rdv", "liste des rendez vous", "liste de mes rdv",
	"liste de mes rendez vous", "liste de ses rdv",
	"liste de ses rendez vous", "list of appointments",
	"list of my appointments", "list of her appointments",
	"list of his appointments", "list of our appointments",
	/* "à quelle heure j'ai rendez-vous samedi", "what time I'm seeing
	 * Dr Costa", "the date of my next massage" */
	"a quelle heure j ai rdv", "a quelle heure j ai rendez vous",
	"a quelle heure j ai mon", "a quelle heure j ai ma",
	"quel jour j ai rdv", "quel jour j ai rendez vous",
	"what time i m seeing", "what time i am seeing",
	"what time am i seeing", "what day i m seeing",
	"what day am i seeing", "date of my next", "time of my next",
	"day of my next", "date de mon prochain", "date de ma prochaine",
	"heure de mon prochain", "heure de ma prochaine",
	/* "ma femme a rdv quand ?", "when is she coming in?" */
	"a rdv quand", "a un rdv quand", "a rendez vous quand",
	"a un rendez vous quand", "has an appointment when",
	"have an appointment when", "when is she coming", "when is he coming",
	"when s she coming", "when s he coming", "when she s coming",
	"when he s coming", "when she is coming", "when he is coming",
	"when is she booked", "when is he booked", "elle vient quand",
	"il vient quand", "quand est ce qu elle vient",
	"quand est ce qu il vient",
};

/* Which practitioners are there, who does what. */
static const char *const list_pract[] = {
	"quels medecins", "quel medecin", "quels docteurs", "quel docteur",
	"quels praticiens", "quel praticien", "quels dentistes",
	"quel dentiste", "quels sont les medecins", "quels sont les praticiens",
	"quels sont les docteurs", "liste des medecins",
	"liste des praticiens", "liste des docteurs", "liste des dentistes",
	"qui sont les", "qui sont vos", "vos medecins", "vos praticiens",
	"vos dentistes", "vos docteurs", "les praticiens", "les medecins",
	"les docteurs", "les dentistes", "qui fait les", "qui fait des",
	"qui fait le", "qui fait la", "qui fait l", "qui fait ca",
	"qui fait ce*", "qui s occupe*",
	"qui pratique*", "qui peut faire", "qui realise*", "qui consulte*",
	"which doctor*", "which practitioner*", "which dentist*",
	"what doctors", "what practitioners", "who are the doctors",
	"who are the practitioners", "who are your", "your doctors",
	"your practitioners", "your dentists", "list of doctors",
	"list of practitioners", "who does", "who can do", "who performs",
	"who works", "qui travaille*", "combien de medecins",
	"how many doctors", "doctors available", "praticiens disponibles",
	"medecins disponibles", "les dr", "which doc", "who do you have",
	"quels specialistes", "quel specialiste", "noms des medecins",
	"noms des docteurs", "nom des docteurs", "nom des medecins",
	"noms des dentistes", "noms des praticiens", "who are the dentists",
	"what dentists", "combien de dentistes", "combien de praticiens",
	"combien de docteurs", "qui peut me faire*", "qui peut faire*",
};

/* Questions about the clinic itself. */
static const char *const info[] = {
	"horaire*", "heures d ouverture", "ouvert*", "ferme", "fermes",
	"fermez", "fermeture", "adresse", "ou etes vous", "ou se trouve*",
	"ou est le cabinet", "ou est la clinique", "ou se situe*",
	"situe*", "acces", "tarif*", "prix", "combien*", "coute*",
	"cout", "couts", "rembourse*", "mutuelle*", "carte vitale",
	"parking", "garer", "stationn*", "me gare", "se gare",
	"telephone", "numero de",
	/* "quel est le numéro à appeler le dimanche ?", "what number
	 * should I ring?" */
	"quel numero", "quel est le numero", "numero a appeler",
	"numero a composer", "what number", "which number",
	"number to call", "number to ring", "number should i",
	"payer", "paiement", "carte bancaire", "cheque*", "espece*",
	"accessible", "handicap*", "metro", "opening hours", "open",
	"opened", "closed", "close", "hours", "address", "where are you",
	"where is the clinic", "where is your", "located", "location",
	"price*", "cost*", "how much", "fee", "fees", "insurance",
	"phone number", "pay", "payment", "wheelchair", "directions",
	"get there", "venir en voiture", "venir en bus", "venir en metro",
	"venir en tram", "venir en train", "venir en velo",
	"venir en transport*", "venir en taxi", "venir en fauteuil",
	"y aller", "ouvre*", "ouvrez",
	"credit card*", "carte*", "accept*", "walk in*", "walkin*",
	"sans rdv", "sans rendez vous", "etes ou", "c est ou",
	"do you treat", "vous soignez", "vous traitez", "do you offer",
	"park", "car park", "venir sans", "faut il prendre", "faut il un",
	"emergency number", "numero d urgence", "cas d urgence",
	"do you take", "vous prenez", "prenez vous", "emergency patients",
	"where exactly", "where is", "where s", "ascenseur", "elevator",
	"is the doctor in", "is the dentist in", "le docteur est la",
	/* "vous travaillez le samedi ?": the clinic's days */
	"vous travaillez", "travaillez vous", "do you work", "are you working",
	"le medecin est la", "le dentiste est la",
	/* "le Dr Petit est en congé en août ?": a practitioner's leave */
	"est en conge*", "sera en conge*", "is on leave", "be on leave",
	"on annual leave", "on maternity leave",
	"lift", "wifi", "conventionn*", "secteur 1", "secteur 2",
	"tiers payant", "medical card", "nhs", "private patients",
	"do i need an appointment", "do i need to book",
	"proposez vous", "do you do",
	"where is it", "where s the clinic", "where do i find",
};

/* The writer off work on a day ("Fridays I don't work"): no refusal
 * when the message asks for an appointment. */
static const char *const off_work[] = {
	"i don t work", "i dont work", "i do not work", "we don t work",
	"i m not working", "i am not working", "i m off",
};

/* Refusing what was offered: a list of slots, days, practitioners. */
static const char *const refuse[] = {
	"aucun ne", "aucune ne", "aucun de", "aucune de", "aucun des",
	"aucune des", "aucun creneau*", "aucune heure*", "aucun horaire*",
	"aucune date*", "non aucun", "non aucune", "aucun me", "aucune me",
	"rien d autre", "none of", "neither", "nothing else", "no other",
	"ne me va pas", "ne me vont pas", "me vont pas", "me va pas",
	"me convient pas", "me conviennent pas", "m arrange pas",
	"m arrangent pas", "don t work", "dont work", "doesn t work",
	"do not work", "won t work", "don t suit", "doesn t suit",
	"none work*", "nothing work*", "rien ne me*", "pas ceux la",
	"not those", "ni l un ni l autre", "ni l une ni l autre",
	"d autres horaires", "d autres creneaux", "d autres dates",
	"d autres heures", "d autres dispo*", "other times", "other slots",
	"other days", "other dates", "none suit*", "none fit*", "none are",
	"none is", "aucun ca", "aucune ca", "aucun ne va", "aucune ne va",
};

/* Doubt or a condition after a yes: "oui mais", "yes if", "I think?". */
static const char *const hesitate[] = {
	"mais", "but", "si", "if", "tant que", "as long as", "a condition",
	"provided", "pense", "crois", "think", "guess", "maybe",
	"peut etre", "perhaps", "probably", "probablement", "verifier",
	"check", "not sure", "pas sur", "pas sure", "euh", "hmm", "bof",
	"unless", "sauf si", "normalement", "i suppose", "suppose",
	"sais pas", "sait pas", "jsp", "enfin", "pas trop", "don t know",
	"dunno", "idk", "not really", "sauf que", "except", "prefere*",
	"prefer*", "plutot", "rather", "instead", "though", "although",
	"might",
	/* an answer put off: "je regarde mon agenda et je reviens vers
	 * vous", "je dois voir avec mon mari", "let you know later" */
	"je regarde", "reviens vers", "revenir vers", "je vous redis",
	"je vous dirai", "recontacte*", "plus tard", "mon agenda",
	"reflechi*", "voir avec", "en parler", "get back", "let you know",
	"later", "my diary", "my calendar", "check with", "talk to",
	"ask my",
};

/* Acknowledgement signs: thumbs up, OK hand, folded hands, check marks. */
static const unsigned ack_signs[] = {
	0x1F44D, 0x1F44C, 0x1F64F, 0x2705, 0x2714, 0x2611, 0x1F197,
	0x1F44F, 0x1F91D, 0x1F4AF,
};

/* Explicit booking words. */
static const char *const book_strong[] = {
	"rdv", "rendez vous", "rendezvous", "rendez vou", "rendez*", "rdz",
	"rdvs", "reserver*", "reservation*", "book*", "appointment*",
	"appt", "appoint*", "prendre un creneau", "r d v", "redv",
	"appt*", "apmt", "apt",
};

/* Softer booking words. */
static const char *const book_weak[] = {
	"dispo*", "disponib*", "creneau*", "available", "availability",
	"slot*", "consulter", "voir le dr", "voir le docteur",
	"voir un medecin", "voir un dentiste", "voir le dentiste",
	"voir un docteur", "voir le medecin", "voir la doctoresse",
	"voir dr", "see a doctor", "see dr", "see the dentist",
	"see a dentist", "see the doctor", "schedule", "passer voir",
	"venir voir", "come in", "fit me in", "place pour", "de la place",
	"une place", "1 place", "place pr", "libre pour", "free slot",
	"any time",
	/* "can I get it looked at?", "le faire regarder" */
	"looked at", "take a look", "have a look", "jeter un oeil",
	"jeter un coup d oeil", "faire regarder", "faire controler",
	"have anything", "quelque chose", "peux passer", "peux venir",
	"puis je passer", "puis je venir", "can i come", "could i come",
	"pourrais passer", "pourrais venir", "check up", "checkup",
	"un controle", "a check", "un bilan", "consultation", "consult",
	"sick note", "doctor s note", "arret maladie", "arret de travail",
	"voir un kine", "voir le kine", "voir un osteo", "voir un physio",
	"see a physio*", "see someone", "see a gp", "voir quelqu un",
	"see the physio*", "see the gp", "see the nurse", "see a nurse",
	"get it fixed", "fix it", "faire soigner", "faire reparer",
	"me prendre", "me recevoir", "me voir", "see me", "take me",
	/* for someone else: "can you see him?", "pouvez-vous la voir ?" */
	"see him", "see her", "see my son", "see my daughter",
	"see my child", "see my kid", "see my wife", "see my husband",
	"le voir", "la voir", "les voir", "le prendre", "la prendre",
	"le recevoir", "la recevoir", "voir mon fils", "voir ma fille",
	"voir mon enfant",
	"squeeze me in", "renew*", "renouvel*", "repeat prescription",
	"parler au medecin", "parler au docteur", "speak to the doctor",
	"faire vacciner", "vacciner", "get vaccinated", "get a jab",
	"faire controler", "faire verifier", "faire regarder",
	/* "je voudrais me faire dévitaliser la dent", "get my tooth
	 * pulled": a care the patient wants done */
	"faire devitaliser", "faire detartrer", "faire arracher",
	"faire enlever", "faire extraire", "faire retirer", "faire plomber",
	"faire blanchir", "faire masser", "faire manipuler",
	"faire recoudre", "faire poser", "faire ausculter",
	"faire examiner", "faire soigner", "faire traiter",
	"get my tooth pulled", "get it pulled", "get it taken out",
	"get it removed", "have it removed", "have it taken out",
	"get it checked", "have it checked", "get checked", "checked out",
	"speak to a doctor", "talk to the doctor", "talk to a doctor",
	"have a look", "take a look", "look at it", "jeter un oeil",
	"vous pouvez reparer", "pouvez vous reparer", "repair it",
	"jeter un coup d oeil", "check it", "check them", "check on it",
	"have a look at",
	/* "il faudrait que quelqu'un regarde mes dents" */
	"regarde mes dents", "regarder mes dents", "regarde ma dent",
	"regarder ma dent", "look at my teeth", "look at my tooth",
	"check my teeth", "check my tooth",
	/* room asked as a question: "anything free?", "is there space?" */
	"anything free", "anything available", "anything open",
	"something free", "any openings", "any space", "is there space",
	"is there room",
	/* "what's the earliest I could get...", "could I get in for..." */
	"earliest i", "earliest you", "soonest i", "soonest you",
	"earliest available", "first available", "get in for", "get in on",
	/* when one can come, said for a visit: "il ne peut venir que le
	 * matin", "I can only come after 5" */
	"peut venir que", "peux venir que", "pourra venir que",
	"pourrai venir que", "can only come", "could only come",
	"could i get in", "can i get in", "get me in", "je peux avoir un",
	"je peux avoir une", "pourrais avoir un", "pourrais avoir une",
};

/*
 * A slot freed by someone else asked for: "any cancellations
 * tomorrow?", "si quelqu'un annule": a booking (or the waiting list),
 * not a cancellation.
 */
static const char *const slot_freed[] = {
	"any cancellation*", "have a cancellation", "has a cancellation",
	"have any cancellation*", "has any cancellation*",
	"cancellation list", "if there s a cancellation",
	"if there is a cancellation", "if someone cancels",
	"if anyone cancels", "si quelqu un annule", "si un creneau se libere",
	"if someone cancel*", "if anyone cancel*", "if somebody cancel*",
	"if someone has cancel*", "if anyone has cancel*",
	"if somebody has cancel*", "if a patient cancel*",
	"si quelqu un a annule*", "si quelqu un se desiste",
	"si quelqu un s est desiste*", "si un patient annule",
	"si un patient a annule*", "si un patient se desiste",
	"si un patient s est desiste*",
	"des annulations", "des desistements", "un desistement",
	"en cas de desistement", "en cas d annulation",
};

/* Asking when the clinic is free: a booking, not one's own list. */
static const char *const free_you[] = {
	"are you free", "are you available", "you have free",
	"vous etes dispo*", "vous etes libre*", "etes vous dispo*",
	"etes vous libre*", "vous avez de libre", "vous avez de dispo*",
};

/* Giving one's own availability is a reply, not a request. */
static const char *const avail_reply[] = {
	"i m available", "i am available", "im available",
	"i ll be available", "je suis dispo*", "je serai dispo*",
	"je suis libre", "je serai libre", "i m free", "i am free",
	"je serais dispo*", "je serais libre",
};

/*
 * A wish said as a hedge, in SMS spelling: "vendredi soir si poss". A
 * request when nothing was asked; an answer when a day was.
 */
static const char *const if_poss[] = {
	"if poss", "si poss", "des que poss", "if u can", "si vs pouvez",
	"si vous pouvez", "if you can",
};

/* Wanting something. */
static const char *const want[] = {
	"voudrais", "voudrai", "veux", "veut", "souhait*", "aimerais",
	"je dois faire", "il faut que je",
	"besoin", "want*", "would like", "d like", "need*", "possible",
	"peut on", "pourrais", "pourriez", "puis je", "can i", "could i",
	"looking for", "je cherche", "svp", "stp", "please", "pls",
	"any chance", "une chance", "can someone", "could someone",
	"quelqu un peut", "quelqu un pourrait",
	"me faut", "me faudrait", "voudrait", "voudrions", "voulait",
	"voulais", "aimerait", "aimerions", "souhaiterait", "d just like",
	"d really like", "would just like", "would really like",
	"serait top", "serait bien", "serait parfait", "serait super",
	"would be great", "would be good", "would be ideal", "would be perfect",
	"vous avez de la", "avez vous de la", "vous auriez", "on peut faire",
	"on pourrait faire", "on peut avoir", "on pourrait avoir",
};

/* Greetings and politeness that add nothing. */
static const char *const greet[] = {
	"heya", "hiya",
	"bonjour", "bonsoir", "salut", "hello", "hi", "hey", "coucou",
	"bjr", "slt", "cc", "yo", "allo", "good", "morning", "evening",
	"afternoon", "madame", "monsieur", "sophie", "hola", "re",
	"bonne", "journee", "soiree", "la", "tout", "le", "monde",
	"there", "dear", "bsr", "salutations", "howdy", "greetings",
	"aloha", "a", "tous", "toutes", "vous", "all", "everyone", "cv",
	"ca", "va", "comment", "allez", "vas", "how", "are", "you",
	"doing",
};

static const char *const yes[] = {
	"right", "lovely", "cheers", "bcp", "tiguidou", "suits", "perfectly",
	"fait",
	"oui", "ouais", "ouai", "ouaip", "ok", "okay", "oki", "okey",
	"accord", "dac", "daccord", "parfait", "bon", "merci", "mrc",
	"mci", "super", "ca", "marche", "entendu", "volontiers",
	"exactement", "absolument", "bien", "sur", "yes", "yep", "yeah",
	"yup", "ya", "sure", "great", "thanks", "thank", "thx", "ty",
	"perfect", "fine", "sounds", "correct", "exactly", "alright",
	"cool", "top", "nickel", "impeccable", "genial", "confirme",
	"confirm", "confirmed", "go", "k", "kk", "tres", "c", "est",
	"me", "va", "convient", "vous", "you", "much", "so", "lot",
	"beaucoup", "d", "that", "s", "works", "it", "ca", "je", "is",
	"good", "agreed", "of", "course", "bien", "certainement",
	"evidemment", "please", "svp", "stp", "pour", "tout", "a",
	"plus", "bye", "revoir", "au", "bonne", "journee", "soiree",
	"wonderful", "excellent", "awesome", "nice", "ouii", "ouiii",
	"yess", "vraiment", "the", "with", "plait", "il", "love",
	"remercie", "remercions", "note", "recu", "noted", "acc", "dacc",
	"impec", "for", "thing", "works", "sounds", "deal", "done", "ca",
	"roger", "yup", "okok", "oki", "carre", "marche", "merci", "moi",
	"okk", "okkk", "oke", "roule", "see", "thumbs", "up", "then",
	"soon", "bientot", "parfaitement", "carrement", "absolutely", "all",
	"ta", "spot", "on", "definitely", "totally", "grave", "wi", "ouep",
	"vendu", "grand", "fab", "brilliant", "brill", "fantastic",
	"reminder", "help", "confirmation", "confirming", "reply", "response",
	"rappel", "reponse", "rapide", "aide", "infiniment", "many",
	"appreciate", "appreciated", "got", "quick", "your", "votre", "la",
	"le", "at", "doki", "dokie", "poule", "parti",
	/* slang, typos and short forms: "sweet", "aight", "niquel",
	 * "cimer", "validé", "that's fine by me", "merci, à jeudi alors" */
	"sweet", "bet", "aight", "ofc", "np", "niquel", "parfai", "parfe",
	"okai", "dak", "yass", "yas", "cimer", "mercii", "merciii", "thnx",
	"tnx", "tks", "u", "compris", "understood", "alors", "valide",
	"validee", "valid", "approved", "by", "dokey", "okey",
	"million", "mil",	/* "thanks a million", "thanks a mil" */
};

/* A yes said as a phrase: "I'll be there", "avec plaisir". */
static const char *const yes_phrases[] = {
	"i confirm", "i ll be there", "ill be there", "i will be there",
	"we ll be there", "count me in", "count us in", "je serai la",
	"j y serai", "on y sera", "nous serons la", "sounds like a plan",
	"that ll do", "avec plaisir", "with pleasure", "comme ca",
	"let s do it", "let s go", "je valide", "je confirme",
};

/* The words of yes_phrases, beside the yes words. */
static const char *const yes_phrase_words[] = {
	"i", "ll", "ill", "will", "we", "us", "be", "there", "count", "me",
	"in", "je", "serai", "j", "y", "on", "sera", "nous", "serons", "la",
	"sounds", "like", "a", "plan", "that", "do", "avec", "plaisir",
	"with", "pleasure", "comme", "ca", "let", "s", "go", "valide",
	"confirme", "it",
};

/* Greeting words that agree, at a recap: "ça va", "good". */
static const char *const agree_greet[] = {
	"ca", "va", "good",
};

/* A yes word negated: "ça marche pas", "not good", "pas top". */
static const char *const yes_negated[] = {
	"marche pas", "pas ok", "not ok", "not good", "no good", "pas top",
	"not great", "not fine", "pas bon",
};

/* Smiling faces: a yes at a recap when the message has no word. */
static const unsigned smile_signs[] = {
	0x1F642, 0x1F60A, 0x1F600, 0x1F603, 0x1F604, 0x263A, 0x1F601,
};

static const char *const no[] = {
	"pantoute",
	"non", "no", "nope", "nan", "nah", "pas", "du", "tout", "merci",
	"thanks", "thank", "you", "not", "really", "vraiment", "jamais",
	"never", "negatif", "ca", "ne", "m", "arrange", "me", "convient",
	"va", "pas", "plus", "way", "i", "don", "t", "dont", "do", "want",
	"veux", "je", "n", "ai", "besoin", "rien", "nothing", "non non",
	"nn", "noo", "nooo", "nonon", "c", "est", "bon", "that", "s",
	"ok", "all", "fine", "finalement", "en", "fait", "works", "it",
	"doesn", "doesnt", "suits", "suit", "pour", "moi", "for", "me",
	"sorry", "desole", "desolee", "possible", "impossible", "mais",
};

/* Common words that carry no intent of their own. */
static const char *const filler[] = {
	"vers", "entre", "plutot", "prefere", "preference", "alors",
	"sinon", "possible", "heures", "heure", "mois", "annee", "ans",
	"euh", "hmm", "bah", "ben", "voila", "around", "about", "maybe",
	"peut", "etre", "prefer", "rather", "instead", "than", "then",
	"either", "only", "just", "also", "aussi", "seulement", "ideal",
	"ideally", "idealement", "mieux", "better", "bien", "enfin",
	"date", "naissance", "born", "birth", "email", "mail", "phone",
	"numero", "portable", "tel", "telephone", "mobile", "number",
	"nom", "prenom", "name", "surname", "firstname", "lastname",
	"famille", "family", "first", "last", "full", "complet",
	"appelle", "called", "est", "voici", "here",
};

/* Words that make an English message. */
static const char *const en_words[] = {
	"heya", "hiya", "lovely", "cheers", "right",
	"i", "you", "the", "my", "is", "are", "to", "want", "would",
	"like", "appointment", "book", "cancel", "tomorrow", "today",
	"hello", "hi", "hey", "yes", "no", "thanks", "thank", "please",
	"can", "could", "next", "with", "at", "for", "in", "and", "name",
	"morning", "afternoon", "evening", "week", "weeks", "days", "what",
	"when", "where", "which", "who", "doctor", "do", "does", "have",
	"it", "this", "that", "of", "see", "need", "reschedule", "move",
	"sure", "yep", "nope", "great", "monday", "tuesday", "wednesday",
	"thursday", "friday", "saturday", "sunday", "am", "pm", "an",
	"born", "dentist", "cleaning", "how", "much", "hours", "open",
	"an", "your", "me", "be", "will", "make", "there", "yeah", "time",
	"day", "any", "available", "we", "our", "his",
	"her", "im", "dont", "cant", "won", "don", "isn", "about",
	"please", "pain", "chest", "breathe", "bleeding", "fine",
	"perfect", "good", "bye", "after", "before", "on", "stroke",
	"january", "february", "march", "april", "june", "july", "august",
	"september", "october", "november", "december", "dob", "noon",
	"send", "photo", "clinic", "phone", "number", "late", "sorry",
	"birthday", "please", "thx", "tonight", "from", "up", "get",
	"nothing", "else", "none", "those", "neither", "work", "works",
	"suits", "them", "these", "other", "another", "sounds", "yep",
	"long", "if", "think", "guess", "maybe", "she", "he", "having",
	"has", "was", "been", "cool", "just", "had", "now", "tooth", "deal",
	"teeth", "absolutely", "yess", "confirmed", "spot", "definitely",
	"brilliant", "fab", "fantastic", "dokie", "here", "speaking", "its",
	"names",
	"ahead", "lot", "huh", "sweet", "aight",
};

/* Words that make a French message. */
static const char *const fr_words[] = {
	"je", "j", "tu", "vous", "le", "la", "les", "un", "une", "des",
	"du", "de", "et", "est", "pour", "avec", "mon", "ma", "mes",
	"suis", "oui", "non", "merci", "bonjour", "salut", "bonsoir",
	"demain", "rdv", "rendez", "voudrais", "veux", "pas", "ne", "c",
	"ca", "annuler", "prendre", "heure", "matin", "soir", "apres",
	"midi", "lundi", "mardi", "mercredi", "jeudi", "vendredi",
	"samedi", "dimanche", "aujourd", "hui", "plait", "svp", "stp",
	"d", "l", "qu", "quel", "quels", "quelle", "quand", "ou", "au",
	"dans", "semaine", "prochain", "prochaine", "coucou", "ouais",
	"parfait", "accord", "appelle", "nom", "docteur", "medecin",
	"dentiste", "jour", "jours", "n", "y", "en", "sur", "nee", "aprem",
	"dispo", "bien", "tres", "moi", "mai", "juin", "juillet", "aout",
	"janvier", "fevrier", "mars", "avril", "septembre", "octobre",
	"novembre", "decembre", "peux", "puis", "plus", "voir", "fin",
	"debut", "possible", "il", "elle", "nous", "notre", "votre",
	"faire", "ai", "as", "avez", "etes", "que", "qui",
	"dac", "daccord", "mrc", "bjr", "slt", "cc", "parce", "car",
	"mais", "donc", "si", "a",
	"nickel", "carrement", "valide", "cimer",
};

static int
any(const struct nlu_doc *dc, const char *const *l, size_t n)
{
	size_t	 k;

	for (k = 0; k < n; k++)
		if (nlu_flat_has(dc, l[k]))
			return 1;
	return 0;
}

#define ANY(dc, l)	any((dc), (l), sizeof(l) / sizeof((l)[0]))

/*
 * 1 when a phrase of l is in the message, a one-word phrase counting
 * only on a word that is no part of a value found: "carte*" (a payment
 * question) is not the practitioner Emily Carter.
 */
static int
any_free(const struct nlu_doc *dc, const char *const *l, size_t n)
{
	size_t	 k, i;

	for (k = 0; k < n; k++) {
		if (strchr(l[k], ' ') != NULL) {
			if (nlu_flat_has(dc, l[k]))
				return 1;
			continue;
		}
		for (i = 0; i < dc->n; i++)
			if (!dc->t[i].used && nlu_tok_is(dc, i, l[k]))
				return 1;
	}
	return 0;
}
#define ANY_FREE(dc, l)	any_free((dc), (l), sizeof(l) / sizeof((l)[0]))

static int
in_set(const char *w, const char *const *l, size_t n)
{
	size_t	 k;

	for (k = 0; k < n; k++)
		if (strcmp(w, l[k]) == 0)
			return 1;
	return 0;
}

#define IN(w, l)	in_set((w), (l), sizeof(l) / sizeof((l)[0]))

/*
 * Decode the code point at s[*i] (n bytes) for the sign check; invalid
 * bytes give 0 and advance by one.
 */
static unsigned
cp_next(const unsigned char *s, size_t n, size_t *i)
{
	unsigned c = s[*i];
	size_t	 k, len;

	len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ?
	    3 : (c & 0xF8) == 0xF0 ? 4 : 0;
	if (len == 0 || *i + len > n) {
		(*i)++;
		return 0;
	}
	c = len == 1 ? c : len == 2 ? c & 0x1F : len == 3 ? c & 0x0F :
	    c & 0x07;
	for (k = 1; k < len; k++)
		c = (c << 6) | (s[*i + k] & 0x3F);
	*i += len;
	return c;
}

/* 1 when the raw message holds an acknowledgement sign (thumbs up...). */
static int
has_ack_sign(const struct nlu_doc *dc)
{
	const unsigned char *s = (const unsigned char *)dc->text;
	size_t	 i = 0, k;
	unsigned c;

	while (i < dc->len) {
		c = cp_next(s, dc->len, &i);
		for (k = 0; k < sizeof(ack_signs) / sizeof(ack_signs[0]); k++)
			if (c == ack_signs[k])
				return 1;
	}
	return 0;
}

/* 1 when the message holds the sign s (a code point). */
static int
has_sign(const struct nlu_doc *dc, unsigned s)
{
	const unsigned char *p = (const unsigned char *)dc->text;
	size_t	 i = 0;

	while (i < dc->len)
		if (cp_next(p, dc->len, &i) == s)
			return 1;
	return 0;
}

/* 1 when the message has a question mark. */
static int
has_question(const struct nlu_doc *dc)
{
	size_t	 i;

	for (i = 0; i < dc->n; i++)
		if (dc->t[i].kind == NLU_TK_PUNCT && dc->t[i].w[0] == '?')
			return 1;
	return 0;
}

/*
 * 1 when every "move" word of the message is negated ("pas le déplacer",
 * "not reschedule"), so that a cancel is meant.
 */
static int
modify_negated(const struct nlu_doc *dc)
{
	static const char *const stems[] = { "modif*", "chang*", "decal*",
	    "report*", "deplac*", "repouss*", "reschedul*", "move", "moving",
	    "postpon*", "reprogramm*" };
	static const char *const neg[] = { "pas", "not", "non", "no",
	    "never", "jamais", "than", "que", "of", "t", "dont" };
	size_t	 i, k, j;
	int	 seen = 0;

	for (i = 0; i < dc->n; i++) {
		for (k = 0; k < sizeof(stems) / sizeof(stems[0]); k++)
			if (nlu_tok_is(dc, i, stems[k]))
				break;
		if (k == sizeof(stems) / sizeof(stems[0]))
			continue;
		seen = 1;
		/* a sign ends the clause: in "n'annulez pas, décalez-le"
		 * the "pas" is the cancel's, not the move's */
		for (j = i; j > 0 && i - j < 3; j--)
			if (dc->t[j - 1].kind != NLU_TK_WORD ||
			    IN(dc->t[j - 1].w, neg))
				break;
		if (j > 0 && dc->t[j - 1].kind != NLU_TK_WORD)
			return 0;
		if (j == 0 || i - j >= 3)
			return 0;
	}
	return seen;
}

/* An emergency anywhere in the message: see nlu_emerg.c. */
int
nlu_is_emergency(const struct nlu_doc *dc)
{
	return nlu_emerg_find(dc) != NLU_EMERG_NONE;
}

/*
 * Index of the first word that is not a greeting, or dc->n.
 */
static size_t
after_greeting(const struct nlu_doc *dc)
{
	static const char *const addressed[] = { "docteur", "doctor",
	    "doc", "dr", "sir", "madam" };
	size_t	 i;
	int	 greeted = 0;

	for (i = 0; i < dc->n; i++) {
		if (dc->t[i].kind == NLU_TK_PUNCT)
			continue;
		/* "Bonsoir docteur", "Good evening doctor, …": a title
		 * with no name after it */
		if (greeted && IN(dc->t[i].w, addressed) &&
		    (i + 1 >= dc->n || dc->t[i + 1].kind != NLU_TK_WORD))
			continue;
		if (!IN(dc->t[i].w, greet))
			break;
		greeted = 1;
	}
	return i;
}

/*
 * 1 when every word from i on is in the set l (n entries), with at least
 * one word.
 */
static int
only_words(const struct nlu_doc *dc, size_t i, const char *const *l,
    size_t n)
{
	int	 seen = 0;

	for (; i < dc->n; i++) {
		if (dc->t[i].kind == NLU_TK_PUNCT)
			continue;
		if (!in_set(dc->t[i].w, l, n))
			return 0;
		seen = 1;
	}
	return seen;
}

/* The first word from i on, or "". */
static const char *
first_word(const struct nlu_doc *dc, size_t i)
{
	for (; i < dc->n; i++)
		if (dc->t[i].kind == NLU_TK_WORD)
			return dc->t[i].w;
	return "";
}

/*
 * Number of words the rules did not account for: not part of an entity
 * and not a known French or English word.
 */
static int
unknown_words(const struct nlu_doc *dc)
{
	size_t	 i;
	int	 n = 0;

	for (i = 0; i < dc->n; i++) {
		const struct nlu_tok *t = &dc->t[i];

		if (t->kind != NLU_TK_WORD || t->used || !t->alpha ||
		    strlen(t->w) < 3)
			continue;
		if (IN(t->w, fr_words) || IN(t->w, en_words) ||
		    IN(t->w, greet) || IN(t->w, yes) || IN(t->w, no) ||
		    IN(t->w, filler))
			continue;
		n++;
	}
	return n;
}

/* 1 when the first word after a greeting is a yes ("oui mais..."). */
static int
first_word_yes(const struct nlu_doc *dc)
{
	static const char *const lead[] = { "oui", "ouais", "ouai", "ok",
	    "okay", "oki", "okk", "yes", "yeah", "yep", "yup", "ya", "d",
	    "daccord", "dac", "dacc", "parfait", "perfect", "sure", "great",
	    "super", "cool", "top", "nickel", "fine", "alright", "entendu",
	    "ca", "go", "ouii", "yess", "wi", "ouep", "sweet", "niquel",
	    "impec", "ye", "yea", "yeh", "yh", "yesss", "aye", "ouaip",
	    "okie" };
	const char *w = first_word(dc, after_greeting(dc));

	return IN(w, lead);
}

/*
 * 1 when the word after the first word from i is a symptom: "no swelling
 * now" tells how one is, it does not answer no.
 */
static int
symptom_after(const struct nlu_doc *dc, size_t i)
{
	static const char *const sym[] = { "swelling", "pain", "fever",
	    "bleeding", "blood", "douleur", "fievre", "saignement",
	    "gonflement", "sang", "temperature" };
	size_t	 k;

	for (; i < dc->n && dc->t[i].kind != NLU_TK_WORD; i++)
		;
	for (k = i + 1; k < dc->n && dc->t[k].kind != NLU_TK_WORD; k++)
		;
	return k < dc->n && IN(dc->t[k].w, sym);
}

static size_t	after_interj(const struct nlu_doc *);
static int	closing_only(const struct nlu_doc *);
static int	thanks_said(const struct nlu_doc *);
static int	no_leads(const struct nlu_doc *);

/* Something the patient did already: a mail, a call, a photo sent. */
static const char *const told_past[] = {
	"vous ai envoye", "ai envoye", "i sent", "i ve sent", "i emailed",
	"j ai appele", "i called", "i rang", "vous ai appele",
	"vous ai laisse", "i left a message", "j ai laisse un message",
	"did you get", "did you receive", "l avez recu", "avez vous recu",
	"vous avez recu", "have you received",
};

/* A document asked to be sent: for staff, not a clinic question. */
static const char *const doc_send[] = {
	"renvoyer", "renvoyez", "resend", "send it again", "send me my",
	"envoyer mon", "envoyer ma", "envoyer mes", "m envoyer l",
	"me renvoyer", "email me my", "send over",
};

/* Titles before a practitioner's name. */
static const char *const titles[] = {
	"dr", "docteur", "doctor", "doc", "dre",
};

/* Leading words of thanks. */
static const char *const thanks_lead[] = {
	"merci", "thanks", "thank", "thx", "ty", "cheers", "mrc", "mci",
};

/* Taking what was offered, at a recap: a yes. */
static const char *const take_it[] = {
	"i ll take it", "ill take it", "i ll take that", "we ll take it",
	"je le prends", "je la prends", "je prends", "on le prend",
	"on prend ca",
};

/* Dropping the matter: a no. */
static const char *const drop_it[] = {
	"laissez tomber", "laisse tomber", "forget it", "never mind",
	"nevermind", "i m good", "no can do", "ca ira", "pas la peine",
};

/*
 * 1 for thanks that name only what was agreed: "merci, à mardi 10h",
 * "thank you Dr Collins": every word that is no value is a thanks word.
 */
static int
thanks_with_values(const struct nlu_doc *dc, int has)
{
	size_t	 i = after_greeting(dc);

	if (!ANY(dc, thanks_lead) || has_question(dc))
		return 0;
	/* "super merci, à jeudi": a yes word may come first, when nothing
	 * was asked (to a question, "yes it's Tom, thanks" answers it) */
	if (!IN(first_word(dc, i), thanks_lead) &&
	    (!IN(first_word(dc, i), yes) || (has & NLU_HAS_AWAIT)))
		return 0;
	for (; i < dc->n; i++) {
		if (dc->t[i].kind == NLU_TK_PUNCT || dc->t[i].used)
			continue;
		if (!IN(dc->t[i].w, yes) && !IN(dc->t[i].w, greet) &&
		    !IN(dc->t[i].w, titles))
			return 0;
	}
	return 1;
}

/* Closing words: thanks, good wishes, farewells. */
static const char *const closing[] = {
	"merci", "thanks", "thank", "you", "so", "much", "a", "lot", "bcp",
	"beaucoup", "cheers", "ty", "thx", "for", "your", "help", "the",
	"info", "infos", "information", "all", "tout", "pour", "votre",
	"aide", "vous", "bye", "byebye", "goodbye", "au", "revoir", "bonne",
	"bonnes", "journee", "soiree", "fin", "de", "semaine", "week",
	"end", "weekend", "have", "nice", "good", "great", "lovely", "day",
	"evening", "see", "soon", "later", "bientot", "ciao", "tchao",
	"take", "care", "happy", "new", "year", "merry", "christmas",
	"xmas", "holidays", "annee", "joyeux", "joyeuses", "noel", "fetes",
	"to", "whole", "team", "equipe", "toute", "l", "et", "and", "how",
	"are", "doing", "today", "hope", "espere", "j", "que", "allez",
	"bien", "well", "re", "vas", "ca", "va", "remercie", "many",
	"again", "encore", "everyone", "everybody", "tous", "toutes",
	"monde", "le", "la",
	/* "bonne nuit", "good night" ("a good one": see closing_only) */
	"night", "nuit",
};

/*
 * 1 when every word from i on is in l1 or l2 (n1, n2 entries); with
 * skip_used, words that are part of a value found (a date, a time, a
 * practitioner, a treatment) are passed over. At least one word of l1
 * or l2 is needed.
 */
static int
only_words2(const struct nlu_doc *dc, size_t i, const char *const *l1,
    size_t n1, const char *const *l2, size_t n2, int skip_used)
{
	int	 seen = 0;

	for (; i < dc->n; i++) {
		if (dc->t[i].kind == NLU_TK_PUNCT ||
		    (skip_used && dc->t[i].used))
			continue;
		if (!in_set(dc->t[i].w, l1, n1) && !in_set(dc->t[i].w, l2, n2))
			return 0;
		seen = 1;
	}
	return seen;
}

/* 1 when the message is a yes phrase and yes words only. */
static int
yes_phrase_only(const struct nlu_doc *dc, size_t i)
{
	size_t	 k;

	for (k = 0; k < sizeof(yes_phrases) / sizeof(yes_phrases[0]); k++)
		if (nlu_flat_has(dc, yes_phrases[k]))
			break;
	if (k == sizeof(yes_phrases) / sizeof(yes_phrases[0]))
		return 0;
	return only_words2(dc, i, yes, sizeof(yes) / sizeof(yes[0]),
	    yes_phrase_words, sizeof(yes_phrase_words) /
	    sizeof(yes_phrase_words[0]), 0);
}

/* 1 when the message has a smiling face and no word at all. */
static int
smile_only(const struct nlu_doc *dc)
{
	const unsigned char *s = (const unsigned char *)dc->text;
	size_t	 i = 0, k;
	unsigned c;

	if (first_word(dc, 0)[0] != '\0')
		return 0;
	while (i < dc->len) {
		c = cp_next(s, dc->len, &i);
		for (k = 0; k < sizeof(smile_signs) / sizeof(smile_signs[0]);
		    k++)
			if (c == smile_signs[k])
				return 1;
	}
	return 0;
}

/* Words that say what the thanks are for: "for getting back to me so
 * quickly", "de m'avoir répondu si vite", "have a good one". */
static const char *const thanks_for[] = {
	"one", "getting", "back", "me", "m", "quickly", "quick", "fast",
	"replying", "answering", "answer", "sorting", "everything", "it",
	"out", "rapidement", "vite", "avoir", "repondu", "si", "rappele",
	"rappel", "reponse", "rapide", "de", "d", "du", "des", "les", "tout",
	"patience", "explanations", "explications", "l", "that", "this",
	"ca", "cela", "again", "very", "tres", "bien", "fine",
};

/* News that all went well: a symptom named beside it is gone. */
static const char *const went_well[] = {
	"went well", "went fine", "went great", "went ok", "went smoothly",
	"s est bien passe*", "s est tres bien passe*", "tout va bien",
	"ca va mieux", "va beaucoup mieux", "much better", "feeling better",
	"feel better", "healed", "gueri*", "cicatrise*", "all good now",
};

/*
 * 1 when the message ends with thanks (a thanks word, then only yes,
 * closing and title words, or the practitioner's name), asks nothing,
 * requests nothing and is more than good wishes: "thanks for
 * getting back to me so quickly", "the extraction went fine, no more
 * bleeding, thanks so much Dr Patel!". Whatever comes before the thanks
 * must name no symptom, no day and no time: news, not a request.
 */
static int
thanks_closing(const struct nlu_doc *dc, int has)
{
	size_t	 i, k = dc->n;

	if (closing_only(dc) || ANY(dc, cancel) || ANY(dc, modify) ||
	    has_question(dc) || ANY(dc, want) || ANY(dc, book_strong) ||
	    ANY(dc, book_weak) || ANY(dc, refuse) ||
	    nlu_flat_has(dc, "but") || nlu_flat_has(dc, "mais"))
		return 0;
	for (i = 0; i < dc->n; i++)
		if (dc->t[i].kind == NLU_TK_WORD &&
		    IN(dc->t[i].w, thanks_lead)) {
			k = i;
			break;
		}
	if (k == dc->n || no_leads(dc) ||
	    (has & NLU_HAS_PERSONAL))
		return 0;
	for (i = k; i < dc->n; i++) {
		if (dc->t[i].kind == NLU_TK_PUNCT || dc->t[i].used)
			continue;
		if (!IN(dc->t[i].w, yes) && !IN(dc->t[i].w, closing) &&
		    !IN(dc->t[i].w, titles) && !IN(dc->t[i].w, thanks_for))
			return 0;
	}
	if (k == after_greeting(dc))
		return 1;
	return !(has & (NLU_HAS_DATE | NLU_HAS_TIME)) && !ANY(dc, hesitate) &&
	    (ANY(dc, went_well) ||
	    !nlu_symptom_present(dc->text, dc->t[k].so));
}

/*
 * 1 at a recap for a yes beside values: the first word (after greetings
 * and interjections) a yes, every other word a yes word, a title or part
 * of a date, time, practitioner or treatment found ("nickel, à 10h",
 * "top pour jeudi 14h", "yes please Thursday 10am"). Whether the values
 * are the recap's own is the engine's business (it merges them first).
 */
static int
yes_with_values(const struct nlu_doc *dc)
{
	static const char *const lead[] = { "oui", "ouais", "ouai", "ok",
	    "okay", "oki", "okk", "yes", "yeah", "yep", "yup", "ya", "d",
	    "daccord", "dac", "dacc", "parfait", "perfect", "sure", "great",
	    "super", "cool", "top", "nickel", "fine", "alright", "entendu",
	    "ca", "go", "ouii", "yess", "wi", "ouep", "sweet", "niquel",
	    "impec", "impeccable", "genial", "excellent", "merci", "thanks",
	    "lovely", "brilliant", "awesome", "c", "that", "sounds",
	    "works", "confirme", "confirmed", "valide", "see" };
	size_t	 i = after_interj(dc);

	/* "ça me va": "ça" is a greeting word too ("ça va") */
	if (IN(first_word(dc, 0), lead))
		i = 0;
	if (!IN(first_word(dc, i), lead) || ANY(dc, hesitate) ||
	    has_question(dc))
		return 0;
	return only_words2(dc, i, yes, sizeof(yes) / sizeof(yes[0]), titles,
	    sizeof(titles) / sizeof(titles[0]), 1);
}

/* Words of the yes list that say nothing alone ("the thing!!"). */
static const char *const yes_filler[] = {
	"the", "with", "for", "thing", "it", "is", "of", "that", "s", "d",
	"a", "la", "le", "at", "your", "votre", "me", "you", "vous", "moi",
	"je", "il", "c", "est", "so", "much", "lot", "many", "then", "on",
	"up", "all", "by", "u", "tout", "pour", "plus", "au", "got", "see",
	"soon", "reminder", "help", "confirmation", "reply", "response",
	"rappel", "reponse", "rapide", "aide", "quick", "alors", "tres",
	"vraiment", "very",
};

/* 1 when a word from i on says yes or thanks by itself. */
static int
yes_core(const struct nlu_doc *dc, size_t i)
{
	for (; i < dc->n; i++)
		if (dc->t[i].kind == NLU_TK_WORD &&
		    !IN(dc->t[i].w, yes_filler))
			return 1;
	return 0;
}

/* Replies: yes, no, thanks, greeting. NLU_INTENT_UNKNOWN when none. */
static enum nlu_intent
reply_intent(const struct nlu_doc *dc, int has)
{
	size_t		 i = after_greeting(dc);
	const char	*w = first_word(dc, i);

	if ((i >= dc->n && has_ack_sign(dc)) || nlu_flat_has(dc, "all good"))
		return NLU_INTENT_AFFIRMATIVE;
	/* at a recap, "ça va", "good" and a smile alone say yes */
	if ((has & NLU_HAS_AWAIT_YES) && i >= dc->n && (smile_only(dc) ||
	    only_words(dc, 0, agree_greet, sizeof(agree_greet) /
	    sizeof(agree_greet[0]))))
		return NLU_INTENT_AFFIRMATIVE;
	if (i >= dc->n)
		return first_word(dc, 0)[0] != '\0' ||
		    has_sign(dc, 0x1F44B) ? NLU_INTENT_GREETING :
		    NLU_INTENT_UNKNOWN;
	if (has & NLU_HAS_PERSONAL)
		return NLU_INTENT_UNKNOWN;
	if (strcmp(w, "aucun") == 0 && (nlu_seq(dc, i, "aucun probleme",
	    NULL) || nlu_seq(dc, i, "aucun souci", NULL)))
		return NLU_INTENT_AFFIRMATIVE;
	if (nlu_flat_has(dc, "pas de souci*") ||
	    nlu_flat_has(dc, "pas de probleme*") ||
	    nlu_flat_has(dc, "no problem*") ||
	    nlu_flat_has(dc, "sans probleme") ||
	    nlu_flat_has(dc, "no worries"))
		return NLU_INTENT_AFFIRMATIVE;
	if (only_words(dc, i, no, sizeof(no) / sizeof(no[0])) &&
	    !IN(w, yes))
		return NLU_INTENT_NEGATIVE;
	if ((strcmp(w, "non") == 0 || strcmp(w, "no") == 0 ||
	    strcmp(w, "nope") == 0 || strcmp(w, "nan") == 0) &&
	    !symptom_after(dc, i))
		return NLU_INTENT_NEGATIVE;
	/* "hmm non finalement", "actually no" */
	if (no_leads(dc) && !symptom_after(dc, after_interj(dc)))
		return NLU_INTENT_NEGATIVE;
	if (ANY(dc, drop_it) && !has_question(dc))
		return NLU_INTENT_NEGATIVE;
	if (ANY(dc, hesitate) || has_question(dc))
		return NLU_INTENT_UNKNOWN;
	if ((only_words(dc, i, yes, sizeof(yes) / sizeof(yes[0])) &&
	    yes_core(dc, i)) || yes_phrase_only(dc, i))
		return NLU_INTENT_AFFIRMATIVE;
	/* at a recap, thanks and good wishes: "thanks, have a nice day" */
	if ((has & NLU_HAS_AWAIT_YES) && IN(w, thanks_lead) &&
	    only_words2(dc, i, yes, sizeof(yes) / sizeof(yes[0]), closing,
	    sizeof(closing) / sizeof(closing[0]), 0))
		return NLU_INTENT_AFFIRMATIVE;
	if (ANY(dc, yes_negated))
		return NLU_INTENT_NEGATIVE;
	if (nlu_flat_has(dc, "ca ne m arrange pas") ||
	    nlu_flat_has(dc, "ne me convient pas") ||
	    nlu_flat_has(dc, "doesn t work") ||
	    nlu_flat_has(dc, "does not work") ||
	    nlu_flat_has(dc, "pas du tout"))
		return NLU_INTENT_NEGATIVE;
	if (strcmp(w, "oui") == 0 || strcmp(w, "yes") == 0 ||
	    strcmp(w, "ok") == 0 || strcmp(w, "ouais") == 0 ||
	    strcmp(w, "parfait") == 0 || strcmp(w, "yep") == 0 ||
	    strcmp(w, "okay") == 0 || strcmp(w, "daccord") == 0 ||
	    nlu_seq(dc, i, "d accord", NULL) || strcmp(w, "perfect") == 0 ||
	    strcmp(w, "great") == 0 || strcmp(w, "sure") == 0)
		return NLU_INTENT_AFFIRMATIVE;
	return NLU_INTENT_UNKNOWN;
}

/*
 * Intents said without the usual words (session 10): word classes and
 * the shape of the sentence rather than fixed phrases.
 */

/* Nouns for an appointment, or what one is booked for. */
static const char *const appt_nouns[] = {
	"rdv", "rdvs", "rendez", "rendezvous", "appointment*", "appt*",
	"session*", "seance*", "consultation*", "consult", "visit*",
	"booking*", "slot", "slots", "creneau*", "plage*", "massage",
	"cleaning", "checkup", "check", "extraction", "vaccin*", "shot",
	"jab", "soin", "detartrage", "bilan", "examen", "controle",
	"rehab", "reeducation", "physio", "kine", "suivi", "follow",
	"treatment", "traitement", "reservation*",
};

/* Treatments one may have booked: "my scale and polish is Friday". */
static const char *const treat_nouns[] = {
	"polish", "scale", "filling", "fillings", "whitening", "crown",
	"plombage", "couronne", "blanchiment", "frottis", "smear", "jab*",
	"cleaning", "detartrage", "massage", "extraction",
};

/* Words that make what follows the speaker's own ("my", "mon"...). */
static const char *const possessive[] = {
	"my", "mon", "ma", "mes", "our", "notre", "nos", "his", "her",
	"son", "sa", "ses", "s",
};

/* Having an appointment, said of oneself. */
static const char *const own_booked[] = {
	"j ai rdv", "j ai un rdv", "j ai un rendez*", "j ai rendez*",
	"j avais rdv", "j avais un rdv", "j ai pris rdv", "j ai pris un*",
	"j ai une seance", "j ai reserve", "i have an appointment",
	/* "I have 2 appointments booked I think", "j'ai deux rdv" */
	"i have 2 appointment*", "i have two appointment*",
	"i have 3 appointment*", "i have three appointment*",
	"i have some appointment*", "i ve got 2 appointment*",
	"i ve got two appointment*", "ive got 2 appointment*",
	"ive got two appointment*", "j ai 2 rdv", "j ai deux rdv",
	"j ai 3 rdv", "j ai trois rdv", "j ai 2 rendez*", "j ai deux rendez*",
	"j ai des rdv", "j ai des rendez*", "j ai plusieurs rdv",
	"i have a session", "i ve got an appointment", "i booked",
	"i have booked", "i ve booked", "i m booked", "i am booked",
	"i had booked", "i made an appointment",
	/* "the cleaning I have on Monday", "le soin que j'ai demain" */
	"i have on", "i ve got on", "i have tomorrow", "i have next",
	"i have this", "que j ai le", "que j ai demain", "que j ai ce",
	/* "I have my physical on the 15th", "I've got my physio Thursday" */
	"i have my", "i ve got my",
};

/* Verbs that move something, when they have an object. */
static const char *const move_verbs[] = {
	"push", "pushed", "shift", "shifted", "swap*", "switch*", "move",
	"moved",
	"moving", "remettre", "remets", "remettez", "pousser", "poussez",
	"avancer", "avancez", "rebook", "rebooker", "bouger", "bougez",
};

/* Objects of a move or a removal: a pronoun for the appointment. */
static const char *const obj_pron[] = {
	"it", "me", "us", "le", "la", "l", "moi", "nous", "nom", "name",
	"them", "les",
};

/* Placing an appointment said by its pronoun: "le mettre", "put it". */
static const char *const put_obj_fr[] = { "le", "la", "l", "les", };
static const char *const put_verbs_fr[] = {
	"mettre", "mets", "mettez", "mettrez", "mettriez", "placer", "caler",
	"calez",
};
static const char *const put_verbs_en[] = { "put", "stick", "place", };
static const char *const put_obj_en[] = { "it", "them", };
/* Where it goes: another week, back or forward, instead. */
static const char *const put_where[] = {
	"semaine d apres", "semaine suivante", "semaine prochaine",
	"week after", "following week", "next week", "back a", "forward",
	"a la place", "instead", "plutot", "later", "earlier", "plus tard",
	"plus tot", "another day", "un autre jour",
};

/* Changing the time of an existing appointment without a move verb. */
static const char *const move_when[] = {
	"earlier", "sooner", "plus tot", "later date", "later time",
	"later day", "later in the day", "plus tard dans*", "clash*",
	"forward", "later in the week", "earlier in the week",
	"later that week", "plus tot dans la semaine",
	/* "I'd rather come an hour later" */
	"hour later", "hour earlier", "heure plus tard", "heure plus tot",
	"come later", "come earlier", "venir plus tard", "venir plus tot",
};

/* Change of clocks (DST): not a change of appointment. */
static const char *const clock_change[] = {
	"changement d heure", "change d heure", "changement horaire",
	"clocks change", "clocks go*", "time change*", "daylight saving*",
	"heure d ete", "heure d hiver", "changement de l heure",
};

/* Move words that are not "change": they hold beside a DST remark. */
static const char *const modify_core[] = {
	"decaler*", "decale*", "reporter*", "reporte*", "deplacer*",
	DEPLACE, "reprogramm*", "repousser*", "repousse*", "reschedul*",
	"move my*", "move it", "postpone*", "push back",
};

/* Removing an appointment or oneself from the list. */
static const char *const remove_verbs[] = {
	"remove", "delete", "forget", "supprim*", "retir*", "enlev*",
	"efface*", "drop", "raye*", "rayer",
};

/* Other ways to say a cancellation. */
static const char *const cancel_more[] = {
	"take me off", "take us off", "cross me off", "strike me off",
	"no longer need", "n ai plus besoin", "n en ai plus besoin",
	"don t need it anymore", "dont need it anymore",
	"won t manage", "wont manage", "can t manage", "cant manage",
	"can t bring", "cant bring", "cannot bring", "pourrai pas l amener",
	"peux pas l amener", "pourra pas venir", "pourrons pas venir",
	"peut pas venir", "peut plus venir", "pourra plus venir",
	"pourront pas venir", "peuvent pas venir",
	"have to miss", "going to miss", "gonna miss", "vais devoir manquer",
	/* "finalement je n'en aurai plus besoin", "I won't need it
	 * anymore", "found another dentist" */
	"n en aurai plus besoin", "n aurai plus besoin",
	"n en aurai pas besoin", "en aurai plus besoin",
	"won t need it", "wont need it", "won t be needing",
	"wont be needing", "no longer needed", "not needed anymore",
	"not needed any more", "don t need it any more",
	"dont need it any more", "trouve un autre dentiste",
	"trouve un autre medecin", "trouve un autre kine",
	"found another dentist", "found another doctor",
	"found another physio", "found a dentist closer",
};

/* The cancellation words said outright. */
static const char *const cancel_said[] = {
	"annul*", "anul*", "cancel*",
};

/* A cancellation that already happened: a question about a state. */
static const char *const cancel_state[] = {
	"ete annule*", "a ete annule*", "est annule*", "been cancel*",
	"was cancel*", "is cancel*", "got cancel*", "ete supprime*",
	"was it cancel*", "is it cancel*", "been canceled", "est il annule*",
};

/* Rebooking left for later: the cancellation stands. */
static const char *const defer_rebook[] = {
	"rebook later", "rebook when", "rebook once", "call back",
	"rappellerai", "vous rappelle*", "reprendrai", "reprendre plus tard",
	"reprendre un rdv plus tard", "for now", "pour l instant",
	"pour le moment", "when i know", "quand je saurai", "once i",
	"when i m back", "when i am back", "a mon retour", "pas reprendre",
	/* "I'll call to rebook", "will ring to rebook" */
	"call to rebook", "ring to rebook", "phone to rebook", "ll ring",
	"will ring", "ll be in touch", "will be in touch",
	"ne veux pas reprendre", "later on", "plus tard",
	/* "I'll get back to you in January to rebook", "je vous
	 * recontacterai en janvier" */
	"get back to you", "ll get back", "will get back", "ll rebook",
	"will rebook", "ll book again", "ll reach out", "will reach out",
	"ll contact you", "will contact you", "ll let you know",
	"recontacterai", "reviendrai vers vous", "je vous recontacte",
	"reprendrai rdv", "reprendrai un rdv", "reprendrai rendez*",
	"je vous redirai", "je reviendrai vers vous",
};

/* Asking about the cancellation policy, not cancelling. */
static const char *const cancel_policy[] = {
	"frais", "fee", "fees", "charge*", "penalt*", "policy", "politique",
	"how late", "jusqu a quand", "combien de temps avant", "hours before",
	"heures avant", "h avant", "in advance", "a l avance", "delai",
};

/* A free time asked for: "is 11 free?". */
static const char *const free_ask[] = {
	"free", "available", "dispo*", "libre", "libres",
};

/* Asking whether one has an appointment. */
static const char *const have_ask[] = {
	"do i have", "have i got", "have i", "did i book", "did i make",
	"j ai tu", "ai je", "est ce que j ai", "j ai toujours", "j avais tu",
	"check if i have", "check whether i have", "see if i have",
	"if i have", "whether i have", "is there anything booked",
	"do we have", "avons nous", "est ce qu on a", "on a tu",
	"a tu", "as tu", "a t il", "a t elle", "jai tu", "ont ils",
	"ont elles", "est ce qu il a", "est ce qu elle a",
	"son booked", "daughter booked", "husband booked", "wife booked",
	"mum booked", "mom booked", "dad booked", "he booked", "she booked",
};

/* Questions of when, whole, that need no question mark. */
static const char *const when_bare[] = {
	"when are they", "when is it", "when s it", "when is that",
	"what time is it", "what day is it", "c est quand", "quand est ce",
	"ils sont quand", "c est a quelle heure", "c est quel jour",
};

/* Asking whether something was booked: "booked" is no new request. */
static const char *const booked_ask[] = {
	"anything booked", "something booked", "did i book", "have i booked",
	"am i booked", "quelque chose de reserve", "quelque chose de prevu",
	"appointment booked", "appointments booked", "appt booked",
	"appts booked", "son booked", "daughter booked", "husband booked", "wife booked",
	"mum booked", "mom booked", "dad booked", "he booked", "she booked",
};

/* What remains of a course of sessions. */
static const char *const left_ask[] = {
	"il me reste", "me reste t il", "il nous reste", "have left",
	"got left", "sessions left", "appointments left", "visits left",
	"left booked", "restant*", "remaining", "encore prevu*",
	"j ai combien",
};

/* What one asks about one's appointment: when, what time, still on. */
static const char *const when_ask[] = {
	"when is", "when s", "when was", "when are", "when do i", "when did",
	"when they are", "when they re", "tell me when", "dire quand",
	"when exactly", "quand est", "c est quand", "quand deja", "quand a",
	"quand mon", "quand ma", "quand c est", "what time", "what day",
	"which day", "quelle heure",
	"quel jour", "c est bien", "c est ca", "deja", "again", "still",
	"which days", "what days", "quels jours",
	"toujours", "remind*", "rappel*", "is my", "is our", "left",
	"reste", "restant*", "remaining", "upcoming", "a venir",
	"prochain*", "confirm the time", "what date", "quelle date",
	"c quand",
};

/* Asking for something new: then it is no question about the old. */
static const char *const ask_new[] = {
	"book*", "reserv*", "prendre", "take", "schedule", "avoir un",
	"avoir une", "get an", "get a", "can i have", "could i have",
	"peux avoir", "voudrais", "would like", "want*", "veux",
	"souhait*", "aimerais", "need*", "besoin", "move", "change*",
	"decal*", "cancel*", "annul*", "d like",
};

/*
 * Room asked for, not an appointment one has: "y a-t-il un créneau",
 * "le Dr Mercier a-t-il de la place".
 */
static const char *const slot_have[] = {
	"a t il un creneau", "a t elle un creneau", "a t il des creneaux",
	"a t elle des creneaux", "a t il de la place", "a t elle de la place",
	"a t il une place", "a t elle une place", "a t il une dispo*",
	"a t elle une dispo*", "a t il des dispo*", "a t elle des dispo*",
	"a t il un moment", "a t elle un moment",
};

/* The time to come, asked: "à quelle heure je dois venir". */
static const char *const come_time[] = {
	"a quelle heure je dois", "a quelle heure dois je",
	"quelle heure je dois venir", "c est a quelle heure",
	"what time should i", "what time do i need", "what time do i come",
	"what time am i", "what time do i have to", "what time was it",
	"quelle heure deja", "what time again", "c est quand deja",
	"c quand deja", "c quand mon", "it s at what time",
	/* for one's child: "à quelle heure mon fils doit venir" */
	"a quelle heure mon", "a quelle heure ma", "what time does my",
	"what time should my",
};

/* Checking one's own appointment: not at a recap, where it is a yes. */
static const char *const list_check[] = {
	"confirmer mon rdv", "confirmer mon rendez vous", "confirmer ma seance",
	"confirm my appointment", "confirm my booking", "confirm my session",
	"just checking i m", "checking i m in", "checking i m booked",
	"je viens bien", "did i book for", "did i book on", "i m in on",
	"je suis bien inscrit*", "c est bien confirme", "still on for",
	"est ce que j ai reserve", "ai je reserve", "j ai bien reserve",
	"have i booked", "quelque chose de prevu", "anything coming up",
	"something coming up", "quelque chose de reserve",
	/* "je passe bien demain ?", "when was it again?", "vous pouvez me
	 * redire la date ?" */
	"je passe bien", "je viens toujours", "on se voit bien",
	"are we still on", "we re still on", "i m still booked",
	"am i still booked", "still good for", "redire la date",
	"redire l heure", "redire le jour", "redonner la date",
	"redonner l heure", "when was it again", "when was that again",
	"what time was it again", "what day was it again",
	"what time was that again", "c etait quand deja",
	"c etait a quelle heure deja", "c est quand deja",
	"c est a quelle heure deja", "c etait quel jour deja",
	"l heure prevue de", "la date prevue de", "l heure de mon rdv",
	"l heure de mon rendez vous", "la date de mon rdv",
	"la date de mon rendez vous", "the time of my appointment",
	"the date of my appointment",
};

/* Listing one's own appointments. */
static const char *const list_mine[] = {
	"liste de mes", "list of my", "my upcoming*",
	"mes prochaines seances", "mes seances restantes",
	"upcoming visits", "upcoming sessions",
	"mes prochains rendez*", "my next session", "ma prochaine seance",
	"ma prochaine consultation", "mon prochain massage",
	/* what is booked, asked: "what have I got booked?" */
	"what have i got coming up", "what ve i got coming up",
	"what do i have coming up", "whats coming up", "what s coming up",
	"what have i got booked", "what ve i got booked",
	"what do i have booked", "what have i booked", "what s booked",
	"what is booked", "whats booked", "what have we got booked",
	"what do we have booked", "what have i got on", "what ve i got on",
	"qu est ce que j ai de reserve", "qu est ce que j ai de prevu",
	"qu est ce que j ai comme rendez*", "j ai quoi comme rdv",
	"j ai quoi comme rendez*", "j ai quoi de prevu",
};

/* Words that name practitioners as a kind. */
static const char *const pract_nouns[] = {
	"doctor*", "docs", "doc", "gp", "gps", "dentist*", "therapist*",
	"physios", "physiotherapist*", "kines", "kinesitherapeute*",
	"osteo", "osteos", "osteopath*", "practitioner*", "praticien*",
	"physio", "kine",
	"medecin*", "docteur*", "doctoresse*", "specialist*",
	"hygienist*", "hygieniste*", "nurse*", "infirmi*", "toubib*",
	"generaliste*", "orthodontist*", "orthodontiste*",
	"physiotherapeute*", "massotherapeute*", "chiro*",
};

/* What one asks about practitioners: who, which, their names... */
static const char *const pract_ask[] = {
	"which", "who", "qui", "quel", "quels", "quelle", "quelles",
	"names", "name of", "noms", "liste", "list", "female", "male",
	"femme*", "homme*", "woman", "man", "lady", "more than one",
	"plusieurs", "how many", "combien", "speaks", "speak", "parle*",
	"specialis*", "specialized", "specialised", "taking new",
	"new patients", "nouveaux patients", "any of the", "avez vous",
	"vous avez", "y a t il", "il y a", "is there", "are there",
	"do you have", "un autre", "another",
};

/* Asking with whom one can book. */
static const char *const with_whom[] = {
	"avec qui", "who can i see", "who could i see", "who can see me",
	"who should i see", "who can i book with", "who can i book",
	"qui je peux voir", "qui puis je voir", "with whom", "who do you have",
	"vous avez qui", "il y a qui", "who works",
};

/* Another than the one named. */
static const char *const other_than[] = {
	"a part", "other than", "besides", "apart from", "autres", "other",
	"autre que", "sauf",
};

/* On call, on duty: a question about emergencies, not the list. */
static const char *const on_call[] = {
	"de garde", "on call", "on duty", "urgence*", "emergenc*",
};

/* Questions that stay questions even with a booking word. */
static const char *const info_strong[] = {
	"accompagn*", "come with someone", "bring someone", "apporter",
	"ramener", "bring anything", "what should i bring", "need to bring",
	"just asking", "for future reference", "juste pour savoir",
	"par curiosite", "do you handle", "do you see", "vous acceptez",
	"do you accept", "referral", "need a prescription",
	"besoin d une ordonnance", "prescription from", "is it covered",
	"covered by", "pris en charge", "do i need a", "do i need to",
	"faut il une ordonnance", "bring my dog", "bring a dog",
	"venir avec mon chien", "venir avec un chien", "pets allowed",
	"dogs allowed", "animaux acceptes", "chiens acceptes",
};

/* Things about the clinic a question may be about. */
static const char *const info_more[] = {
	"etage", "floor", "bus", "tram", "train", "shower*", "douche*",
	"vestiaire*", "changing room", "reopen*", "rouvr*", "on call",
	"de garde", "speak", "parlez", "how many sessions",
	"combien de seances", "how long", "combien de temps",
};

/* Asking the clinic: "you", "vous", the clinic itself. */
static const char *const addressee[] = {
	"do you", "is there", "are there", "your", "chez vous",
	"votre", "vos", "vous faites", "vous parlez", "y a t il", "clinic",
	"practice", "cabinet", "clinique", "do i need",
	"je dois", "dois je", "faut il", "est ce qu il faut",
};


/* At least one of these makes the closing a farewell or a wish. */
static const char *const closing_key[] = {
	"bye", "byebye", "goodbye", "revoir", "journee", "soiree",
	"night", "nuit",
	"weekend", "day", "evening", "soon", "bientot", "later", "ciao",
	"tchao", "care", "happy", "merry", "joyeux", "joyeuses", "annee",
	"year", "christmas", "xmas", "noel", "fetes", "holidays", "espere",
	"hope", "doing", "how",
};

/* "Go ahead": a yes at a recap. */
static const char *const yes_go[] = {
	"go", "ahead", "and", "book", "it", "reserve", "reservez", "vas",
	"y", "allez", "confirme", "confirmez", "confirm", "please", "svp",
	"stp", "do", "let", "s", "that", "right", "lovely", "cheers", "bcp",
	"tiguidou", "fait", "votre", "rapidite", "suits", "perfectly",
	"parfaitement", "merci", "thanks", "me", "moi", "c", "est", "tout",
	"a", "convient", "ca", "yes", "yep", "yup", "sure", "ok", "okay",
	"oui", "d", "accord", "daccord", "super", "parfait", "great",
	"perfect", "cool", "top", "nickel", "impec", "impeccable", "fine",
	"alright", "good", "sounds", "thank", "you", "much", "so", "is",
	"pour", "beaucoup", "lot", "ouais", "absolument", "exactly",
	"exactement", "correct", "that", "s", "works", "marche", "yeah",
	"yess", "ya", "ouii", "ouiii", "ouai", "ouep", "wi", "okk", "oki",
	"kk", "k", "dac", "dacc", "ahead", "ye", "yea", "yeh", "yh", "yesss",
	"aye", "ouaip", "okie", "on", "thats", "grand", "brill", "brilliant",
};

/* Words that lead a yes in yes_go. */
static const char *const yes_go_lead[] = {
	"go", "vas", "allez", "book", "reserve", "reservez", "confirm",
	"confirme", "confirmez", "yes", "yep", "yup", "sure", "ok", "okay",
	"oui", "d", "daccord", "super", "parfait", "great", "perfect",
	"cool", "top", "nickel", "impec", "lovely", "cheers", "tiguidou",
	"ca", "that", "ouais", "absolument", "exactly", "exactement",
	"correct", "impeccable", "fine", "alright", "good", "sounds",
	"let", "yeah", "yess", "ya", "ouii", "ouiii", "ouai", "ouep", "wi",
	"okk", "oki", "kk", "k", "dac", "dacc", "ye", "yea", "yeh", "yh",
	"yesss", "aye", "ouaip", "okie",
};

/* Interjections before a yes or a no: "ah non", "hmm no". */
static const char *const interj[] = {
	"ah", "oh", "hmm", "hm", "hmmm", "euh", "bah", "ben", "well", "uh",
	"um", "mmm", "oups", "oops", "aie", "ouf", "mince", "zut",
	"actually", "finalement", "erm", "er", "errr", "umm", "uhm",
	"euhh",
};

/* A no said at the start of the message. */
static const char *const no_lead[] = {
	"non", "no", "nope", "nan", "nah", "pantoute", "nein", "nenni",
};

/* 1 when the first word after interjections is a no ("hmm non"). */
static int
no_leads(const struct nlu_doc *dc)
{
	return IN(first_word(dc, after_interj(dc)), no_lead);
}

/* What follows a no that makes it a refusal. */
static const char *const no_pred[] = {
	"ca va pas", "ca marche pas", "c est pas ca", "pas du tout",
	"not right", "that s wrong", "wrong", "pas ca", "not that",
	"don t book", "do not book", "dont book", "ne reservez pas",
	"ne reserve pas", "pas reserver", "don t bother", "pas la peine",
	"that s not it", "not it", "ca me va pas", "ca convient pas",
	"pantoute",
};

/* Declining the booking outright. */
static const char *const dont_book[] = {
	"don t book", "do not book", "dont book", "ne reservez pas",
	"ne reserve pas", "ne pas reserver", "don t reserve",
};

/* 1 when word token i matches one entry of l (n entries). */
static int
tok_in(const struct nlu_doc *dc, size_t i, const char *const *l, size_t n)
{
	size_t	 k;

	for (k = 0; k < n; k++)
		if (nlu_tok_is(dc, i, l[k]))
			return 1;
	return 0;
}

#define TOK_IN(dc, i, l)	tok_in((dc), (i), (l), \
	sizeof(l) / sizeof((l)[0]))

/*
 * 1 when a word of verbs is followed, within win words, by a word of
 * objs.
 */
static int
followed_by(const struct nlu_doc *dc, const char *const *verbs, size_t nv,
    const char *const *objs, size_t nobj, size_t win)
{
	size_t	 i, j, seen;

	for (i = 0; i < dc->n; i++) {
		if (dc->t[i].kind != NLU_TK_WORD ||
		    !tok_in(dc, i, verbs, nv))
			continue;
		for (j = i + 1, seen = 0; j < dc->n && seen < win; j++) {
			if (dc->t[j].kind != NLU_TK_WORD)
				continue;
			seen++;
			if (tok_in(dc, j, objs, nobj))
				return 1;
		}
	}
	return 0;
}

#define FOLLOWED(dc, v, o, w)	followed_by((dc), (v), \
	sizeof(v) / sizeof((v)[0]), (o), sizeof(o) / sizeof((o)[0]), (w))

/*
 * 1 when the message speaks of the patient's own appointment: "my
 * appointment", "mon rdv de mardi", "my Thursday slot", "j'ai rdv".
 */
static int
own_appt(const struct nlu_doc *dc)
{
	return ANY(dc, own_booked) ||
	    FOLLOWED(dc, possessive, appt_nouns, 3);
}

/* 1 when a move verb has its object: "push it", "move my session". */
static int
move_direct(const struct nlu_doc *dc)
{
	return FOLLOWED(dc, move_verbs, obj_pron, 2) ||
	    FOLLOWED(dc, move_verbs, appt_nouns, 3) ||
	    FOLLOWED(dc, move_verbs, possessive, 1);
}

/* "le mettre", "la mettre", "l'y mettre": putting it (the appointment). */
static const char *const put_verbs[] = {
	"mettre", "mets", "mettez", "met", "mettiez", "placer", "placez",
	/* "la glisser à samedi", "le caler jeudi", "la basculer à 15h" */
	"glisser", "glissez", "glisse", "caler", "calez", "basculer",
	"basculez",
};

/* French object pronouns that stand before their verb. */
static const char *const clitic[] = { "le", "la", "l", "y" };

/*
 * 1 when the appointment is put on another day or at another time with
 * "put": "on peut le mettre jeudi ?", "vous pouvez la mettre à 15h",
 * "could you put it on Friday instead?": a French pronoun just before
 * "mettre", or "put it", and a day, a time or "same time" said.
 * "put me down for Friday" (a booking) has no "it".
 */
static int
put_it_said(const struct nlu_doc *dc, int has)
{
	size_t	 i;
	int	 put = 0;

	if (!(has & (NLU_HAS_DATE | NLU_HAS_TIME)) && dc->date_exprs == 0 &&
	    !nlu_same_time(dc))
		return 0;
	for (i = 1; i < dc->n && !put; i++)
		if (dc->t[i].kind == NLU_TK_WORD &&
		    TOK_IN(dc, i, put_verbs) &&
		    dc->t[i - 1].kind == NLU_TK_WORD &&
		    TOK_IN(dc, i - 1, clitic))
			put = 1;
	/* "can we make it half past ten instead?" */
	if (nlu_flat_has(dc, "make it") && (nlu_flat_has(dc, "instead") ||
	    nlu_flat_has(dc, "rather")))
		put = 1;
	return put || nlu_flat_has(dc, "put it on") ||
	    nlu_flat_has(dc, "put it to") || nlu_flat_has(dc, "put it at");
}

/* 1 when a move verb has an object, or the message names one's own. */
static int
move_said(const struct nlu_doc *dc)
{
	size_t	 i;
	int	 verb = 0;

	for (i = 0; i < dc->n; i++)
		if (dc->t[i].kind == NLU_TK_WORD &&
		    TOK_IN(dc, i, move_verbs))
			verb = 1;
	if (!verb)
		return 0;
	return move_direct(dc) || own_appt(dc);
}

/* One day or time put in place of another: "jeudi au lieu de mardi". */
static const char *const swap_words[] = {
	"instead of", "au lieu de", "au lieu du", "rather than",
	"plutot que", "plutot qu", "a la place de", "a la place du",
	"in place of",
};

/* Preferring: with one's own appointment and two days, a move. */
static const char *const prefer_words[] = {
	"prefer*", "prefere*", "rather", "plutot", "instead", "a la place",
};

/*
 * Number of clock times in the message: "3pm", "10h30", "15 h", "9 am".
 */
static int
clock_count(const struct nlu_doc *dc)
{
	size_t		 i;
	const char	*e;
	int		 n = 0;

	for (i = 0; i < dc->n; i++) {
		const char *w = dc->t[i].w;

		if (dc->t[i].kind != NLU_TK_WORD || *w < '0' || *w > '9')
			continue;
		for (e = w; *e >= '0' && *e <= '9'; e++)
			;
		if (*e == '\0' && i + 1 < dc->n)
			e = dc->t[i + 1].w;
		if (strcmp(e, "am") == 0 || strcmp(e, "pm") == 0 ||
		    e[0] == 'h')
			n++;
	}
	return n;
}

/* Not remembering: with one's own appointment, a question about it. */
static const char *const forgot_words[] = {
	"forgot", "forget", "oublie", "sais plus", "souviens plus",
	"souviens pas", "remember", "rappelle plus", "rappelle pas",
};

/* Booked the wrong day or time: with a day or a time, a move. */
static const char *const mistake_words[] = {
	"by mistake", "par erreur", "me suis trompe*", "mistake",
	"wrong day", "wrong time", "mauvais jour", "mauvaise heure",
	"should be", "should have been", "devait etre", "aurait du etre",
};

/* Not able to come, said of a plan made: "I can't do 9am after all". */
static const char *const cant_come[] = {
	"can t do", "can t make", "cant do", "cant make", "cannot do",
	"cannot make", "can t come", "cant come", "cannot come",
	"won t make", "won t be able", "wont be able", "not be able to",
	"peux pas venir", "pourrai pas venir", "peux plus venir",
	"pourrai plus venir", "peux finalement pas", "pourrai finalement pas",
	"peux pas etre la", "pourrai pas etre la",
};

/* The plan changed: "after all", "finalement", "anymore". */
static const char *const plan_changed[] = {
	"after all", "finalement", "anymore", "any more", "no longer",
	"peux plus", "pourrai plus", "en fin de compte", "en fait",
};

/* The time of one's appointment, said as agreed before. */
static const char *const agreed_time[] = {
	"heure prevue", "jour prevu", "creneau prevu",
	"heure convenue", "date convenue", "heure du rdv", "heure de mon rdv",
	"time we booked", "time i booked", "time we agreed", "agreed time",
	"booked time", "time booked", "date we booked", "day we booked",
};

/* Not free then, or another time wished. */
static const char *const not_free[] = {
	"pas dispo", "pas disponible", "not free", "not available",
	"plus tard", "plus tot", "later", "earlier", "ne pourrai pas",
	"pourrai pas", "peux pas", "can t", "cant", "cannot",
};

/* A new day or time asked for. */
static const char *const new_slot[] = {
	"new date", "new time", "new day", "new slot", "nouvelle date",
	"nouvelle heure", "nouveau creneau", "nouvel horaire", "nouveau jour",
};

/* Another day or time than the one booked. */
static const char *const other_day[] = {
	"autre jour", "autre date", "autre moment", "autre creneau",
	"autre heure", "another day", "another time", "another date",
	"different day", "different time", "que prevu", "other time",
	"other times", "other day", "other slot", "another slot",
	"autre horaire", "autres horaires", "autres creneaux",
};

/*
 * Asking for another day or time without a move verb: "could it be
 * 6pm?", "on peut la faire mardi ?", "16h ce serait mieux".
 */
static const char *const alt_ask[] = {
	"could it be", "can it be", "could it", "can it", "it could be",
	"would it be possible", "any way",
	"any chance", "is it possible", "doable", "would be better",
	"works better", "suit me better", "suits me better",
	"on peut la", "on peut le", "on pourrait la", "on pourrait le",
	"peut on la", "peut on le", "pourrait on", "vous pouvez la",
	"vous pouvez le", "serait mieux", "m arrangerait mieux",
	"ce serait possible", "c est possible", "c possible",
	/* "je peux le passer à 18h ?", "can you make it 3pm?" */
	"le passer a", "la passer a", "le mettre a", "la mettre a",
	"le decaler a", "la decaler a", "make it at", "make it for",
	"put it at", "have it at",
	"est ce possible", "possible de la", "possible de le",
	"vous auriez", "auriez vous",
};

/* A new request: then "booked" is no question about the old. */
static const char *const want_new[] = {
	"voudrais", "veux", "would like", "d like", "want*", "need*",
	"besoin", "souhait*", "aimerais", "can i", "could i", "get booked",
	"be booked", "puis je", "pourrais",
};

/* A second appointment asked for: not a move of the first. */
static const char *const book_strong_new[] = {
	"autre rdv", "autre rendez vous", "nouveau rdv", "second rdv",
	"another appointment", "second appointment", "new appointment",
	"aussi", "also", "too",
};

/*
 * 1 when an appointment word is followed, within five words, by a value
 * found in the message ("my session on Monday", "le rdv de mon fils
 * vendredi"): the appointment that exists is dated.
 */
static int
dated_noun(const struct nlu_doc *dc)
{
	size_t	 i, j, seen;

	for (i = 0; i < dc->n; i++) {
		if (dc->t[i].kind != NLU_TK_WORD || !TOK_IN(dc, i, appt_nouns))
			continue;
		for (j = i + 1, seen = 0; j < dc->n && seen < 5; j++) {
			if (dc->t[j].kind != NLU_TK_WORD)
				continue;
			seen++;
			if (dc->t[j].used)
				return 1;
		}
	}
	return 0;
}

/*
 * 1 for a move said another way: a move verb with its object; an
 * earlier or later time or a clash of one's own appointment; one's own
 * appointment with "instead" and a second date or time.
 */
static int
modify_more(const struct nlu_doc *dc, int has)
{
	/* "move the whitening to the 25th", "décaler le blanchiment": a
	 * treatment as the object of a move verb is one's appointment */
	static const char *const det[] = { "the", "my", "le", "la", "l",
	    "mon", "ma", "our", "notre" };

	if (move_said(dc) || put_it_said(dc, has))
		return 1;
	if ((has & NLU_HAS_TREAT) && FOLLOWED(dc, move_verbs, det, 1) &&
	    !ANY(dc, book_strong_new))
		return 1;
	if (nlu_flat_has(dc, "bring") && nlu_flat_has(dc, "forward"))
		return 1;
	/* "if anything opens up earlier for my scale and polish" */
	if (ANY(dc, move_when) && (own_appt(dc) || ANY(dc, rebook_when) ||
	    FOLLOWED(dc, possessive, treat_nouns, 2) ||
	    nlu_flat_has(dc, "could we") || nlu_flat_has(dc, "can we")))
		return 1;
	/* "jeudi au lieu de mardi", "3pm rather than 10am" */
	if ((dc->date_exprs >= 2 || clock_count(dc) >= 2) &&
	    ((ANY(dc, swap_words) && !ANY(dc, book_strong)) ||
	    (own_appt(dc) && (ANY(dc, swap_words) ||
	    ANY(dc, prefer_words)))))
		return 1;
	/* "the afternoon instead of the morning for my cleaning" */
	if (ANY(dc, swap_words) && own_appt(dc) &&
	    (has & (NLU_HAS_DATE | NLU_HAS_TIME)))
		return 1;
	/* "I booked Friday by mistake, it should be Saturday" */
	if (ANY(dc, mistake_words) && (own_appt(dc) || ANY(dc, own_booked)) &&
	    (has & (NLU_HAS_DATE | NLU_HAS_TIME)))
		return 1;
	/* "my session on Monday, could it be 6pm?": one's own, asked
	 * for another day or time (two days, or a day and a time) */
	if (own_appt(dc) && ANY(dc, alt_ask) && !ANY(dc, book_strong_new) &&
	    (dc->date_exprs >= 2 || ((has & NLU_HAS_DATE) &&
	    clock_count(dc) >= 1)))
		return 1;
	/* "my appointment on Thursday, would Friday work?", "le rdv de
	 * mon fils vendredi, il pourrait venir lundi ?": one's own (or
	 * one's child's) appointment on one day, another day asked */
	if ((own_appt(dc) || FOLLOWED(dc, appt_nouns, possessive, 2)) &&
	    dated_noun(dc) && dc->date_exprs >= 2 && has_question(dc) &&
	    !ANY(dc, book_strong_new) && !ANY(dc, want_new))
		return 1;
	/* "can we do the same time next week instead?" */
	if (nlu_same_time(dc) && ANY(dc, rebook_when) &&
	    !ANY(dc, book_strong_new))
		return 1;
	/* "vous pouvez me le mettre à la même heure la semaine d'après ?",
	 * "can you put it back a week, same time?": the appointment (a
	 * pronoun) placed elsewhere */
	if ((FOLLOWED(dc, put_obj_fr, put_verbs_fr, 1) ||
	    FOLLOWED(dc, put_verbs_en, put_obj_en, 1)) && (nlu_same_time(dc) ||
	    ANY(dc, put_where)) && !ANY(dc, book_strong_new))
		return 1;
	/* "I can't do 9am after all, anything later?": a time already
	 * agreed that no longer suits, another asked for */
	if (ANY(dc, cant_come) && ANY(dc, plan_changed) &&
	    (has & (NLU_HAS_DATE | NLU_HAS_TIME)) && has_question(dc) &&
	    !ANY(dc, book_strong_new))
		return 1;
	/* "un autre jour pour mon rdv": one's own, another day */
	if (own_appt(dc) && ANY(dc, other_day) && !ANY(dc, book_strong_new))
		return 1;
	/* "need a new date for my cleaning", "pas dispo à l'heure prévue,
	 * on peut voir pour plus tard ?": what was agreed, asked anew */
	if (((ANY(dc, agreed_time) && (ANY(dc, cant_come) ||
	    ANY(dc, not_free))) || ((own_appt(dc) ||
	    FOLLOWED(dc, possessive, treat_nouns, 2)) &&
	    ANY(dc, new_slot))) && !ANY(dc, book_strong_new))
		return 1;
	return own_appt(dc) && (ANY(dc, rebook_when) ||
	    nlu_flat_has(dc, "au lieu")) &&
	    (dc->date_exprs >= 2 || ((has & NLU_HAS_DATE) &&
	    (has & NLU_HAS_TIME)) || ANY(dc, own_booked));
}

/*
 * 1 when a removal verb is followed by a pronoun for the appointment
 * ("supprimez-le", "remove it"), not by an article before a noun
 * ("enlever le tartre", "retirer les points").
 */
static int
removal_pronoun(const struct nlu_doc *dc)
{
	static const char *const article[] = { "le", "la", "l", "les" };
	size_t	 i, j, seen;

	for (i = 0; i < dc->n; i++) {
		if (dc->t[i].kind != NLU_TK_WORD ||
		    !TOK_IN(dc, i, remove_verbs))
			continue;
		for (j = i + 1, seen = 0; j < dc->n && seen < 2; j++) {
			if (dc->t[j].kind != NLU_TK_WORD)
				continue;
			seen++;
			if (!TOK_IN(dc, j, obj_pron))
				continue;
			if (!TOK_IN(dc, j, article) || j + 1 >= dc->n ||
			    dc->t[j + 1].kind != NLU_TK_WORD)
				return 1;
		}
	}
	return 0;
}

/* No longer needing a particular visit: "plus besoin du rdv", "don't
 * need my appointment". A visit not yet had ("don't need an
 * appointment") is no cancellation: no article "a"/"un" here. */
static const char *const no_need[] = {
	"plus besoin du", "plus besoin de mon", "plus besoin de ma",
	"plus besoin de la", "plus besoin de ce", "plus besoin de cette",
	"plus besoin de mes", "plus besoin des", "don t need this",
	"don t need my", "don t need the", "don t need that",
	"dont need this", "dont need my", "dont need the", "dont need that",
	"do not need my", "do not need the", "do not need this",
	"no need for my", "no need for the", "no need for this",
	"won t need my", "won t need the", "won t need this",
};

/*
 * 1 when a phrase of no_need is followed, within four words, by a word
 * for an appointment.
 */
static int
no_need_appt(const struct nlu_doc *dc)
{
	size_t	 i, k, e, j, seen;

	for (i = 0; i < dc->n; i++)
		for (k = 0; k < sizeof(no_need) / sizeof(no_need[0]); k++) {
			if (!nlu_seq(dc, i, no_need[k], &e))
				continue;
			for (j = e, seen = 0; j < dc->n && seen < 4; j++) {
				if (dc->t[j].kind != NLU_TK_WORD)
					continue;
				seen++;
				if (TOK_IN(dc, j, appt_nouns))
					return 1;
			}
		}
	return 0;
}

/*
 * 1 for a removal: a removal verb followed by an appointment word, or by
 * a pronoun when the message names an appointment; other phrasings.
 */
static int
cancel_more_said(const struct nlu_doc *dc)
{
	size_t	 i;
	int	 noun = 0;

	if (ANY(dc, cancel_more) || no_need_appt(dc))
		return 1;
	if (FOLLOWED(dc, remove_verbs, appt_nouns, 3))
		return 1;
	for (i = 0; i < dc->n; i++)
		if (dc->t[i].kind == NLU_TK_WORD && TOK_IN(dc, i, appt_nouns))
			noun = 1;
	return noun && removal_pronoun(dc);
}

/* 1 when the message has a word for an appointment or a treatment. */
static int
appt_noun(const struct nlu_doc *dc)
{
	size_t	 i;

	for (i = 0; i < dc->n; i++)
		if (dc->t[i].kind == NLU_TK_WORD && TOK_IN(dc, i, appt_nouns))
			return 1;
	return 0;
}

/* Being booked, said of oneself or one's own: "I'm down for...". */
static const char *const booked_said[] = {
	"is booked", "s booked", "am booked", "m booked", "are booked",
	"still booked", "m down for", "am down for", "is down for",
	"s down for", "bien inscrit*", "bien inscrite*", "a bien rdv",
	"a bien un rdv", "a bien une seance", "a bien un rendez*",
	"ai bien rdv", "ai bien un*", "ai bien une*", "est bien prevu*",
	"bien enregistre*", "bien note*",
};

/* Giving a way to be reached: "me joindre au", "reach me on". */
static const char *const reach_me[] = {
	"me joindre", "me contacter", "me rappeler au", "m appeler au",
	"me rappeler sur", "m appeler sur", "mon numero", "mon portable",
	"mon tel", "mon mail", "mon email", "mon adresse mail",
	"reach me", "contact me", "call me on", "call me at", "ring me on",
	"text me on", "my number", "my mobile", "my cell", "my email",
	"my phone",
};

/* What a visit costs, asked. */
static const char *const price_ask[] = {
	"how much", "combien coute*", "combien ca coute", "combien va coute*",
	"price*", "prix", "tarif*", "cost*", "coute*", "fee", "fees",
	"rembourse*", "mutuelle*", "insurance",
};

/* "is my husband booked": a form of to be before "booked". */
static const char *const be_aux[] = {
	"is", "am", "are", "s", "m",
};

static const char *const booked_w[] = {
	"booked", "inscrit", "inscrite",
};

/* Whose: the speaker or one of theirs. */
static const char *const mine[] = {
	"i", "my", "our", "we", "je", "j", "mon", "ma", "mes", "notre",
	"nos",
};

/* Asking to be told it is so: "could you confirm", "pouvez-vous". */
static const char *const confirm_ask[] = {
	"confirm*", "to confirm", "confirmer", "confirmez", "check*",
	"verifier", "verifiez",
};

/*
 * 1 when the message asks whether the speaker (or one of theirs) is
 * booked: "could you confirm my son is booked Wednesday?", "je suis
 * bien inscrit mardi ?". Not with another day or time asked for.
 */
static int
booked_check(const struct nlu_doc *dc)
{
	if (!(ANY(dc, booked_said) || (FOLLOWED(dc, be_aux, booked_w, 3) &&
	    ANY(dc, mine))))
		return 0;
	if (ANY(dc, want_new) || ANY(dc, rebook_when) || ANY(dc, alt_ask) ||
	    ANY(dc, swap_words))
		return 0;
	/* "how much is a filling? I'm booked in on the 10th": the price is
	 * asked, the booking only told */
	if (ANY(dc, price_ask))
		return 0;
	return has_question(dc) || ANY(dc, confirm_ask);
}

/* Still planned, said of an appointment: "toujours prévue", "still on". */
static const char *const still_set[] = {
	"toujours prevu*", "toujours maintenu*", "toujours d actualite",
	"toujours valable", "still on", "still happening",
	"still going ahead", "still scheduled", "still planned",
	"still confirmed", "still go ahead",
};

/* Appointments planned, asked without a verb: "rdv prévus ce week-end ?". */
static const char *const planned_appts[] = {
	"rdv prevu*", "rdvs prevu*", "rendez vous prevu*", "seances prevues",
	"consultations prevues", "appointments planned",
	"appointments scheduled", "appts planned", "appts scheduled",
	"sessions planned", "sessions scheduled",
};

/*
 * 1 when one's own visit is asked to be still on ("ma prise de sang de
 * jeudi est toujours prévue ?", "is my blood test still happening?"),
 * or the appointments planned are asked for ("rdv prévus ce week-end
 * ?"), with nothing new wanted.
 */
static int
still_on_asked(const struct nlu_doc *dc)
{
	if (!has_question(dc) || ANY(dc, want_new) || ANY(dc, cancel) ||
	    ANY(dc, modify))
		return 0;
	if (ANY(dc, planned_appts))
		return 1;
	return ANY(dc, still_set) && ANY(dc, mine);
}

/* 1 when the message asks about its own appointments. */
static int
list_own(const struct nlu_doc *dc)
{
	size_t	 i;
	int	 noun = 0;

	if (ANY(dc, list_mine) || (ANY(dc, come_time) && !ANY(dc, info)))
		return 1;
	if (booked_check(dc) || still_on_asked(dc))
		return 1;
	/* "je sais plus si c'est mardi ou mercredi mon rdv" */
	if (ANY(dc, forgot_words) && own_appt(dc) && !ANY(dc, cancel_said))
		return 1;
	for (i = 0; i < dc->n; i++)
		if (dc->t[i].kind == NLU_TK_WORD && TOK_IN(dc, i, appt_nouns))
			noun = 1;
	/* "il me reste combien de séances", "how many sessions left" */
	if (noun && ANY(dc, left_ask) && (has_question(dc) ||
	    nlu_flat_has(dc, "combien") || nlu_flat_has(dc, "how many")))
		return 1;
	if ((ANY(dc, ask_new) && !ANY(dc, booked_ask)) || ANY(dc, free_you))
		return 0;
	if (ANY(dc, slot_have))
		return 0;
	if (ANY(dc, have_ask) && (noun || nlu_flat_has(dc, "anything") ||
	    nlu_flat_has(dc, "something") || nlu_flat_has(dc, "quelque")) &&
	    (has_question(dc) || nlu_flat_has(dc, "check") ||
	    nlu_flat_has(dc, "see if") || nlu_flat_has(dc, "verifier")))
		return 1;
	/* "c quand le prochain rdv de kiné pour ma fille ?" */
	if (FOLLOWED(dc, appt_nouns, possessive, 5) && ANY(dc, when_ask) &&
	    has_question(dc) && !ANY(dc, free_ask) && !ANY(dc, want))
		return 1;
	/* a question without its mark: "when are they", "c'est quand" */
	return own_appt(dc) && ANY(dc, when_ask) && (has_question(dc) ||
	    nlu_flat_has(dc, "rappel*") || nlu_flat_has(dc, "remind*") ||
	    ANY(dc, when_bare));
}

/* 1 when the message asks which practitioners there are. */
static int
list_pract_more(const struct nlu_doc *dc, int has)
{
	if (has & (NLU_HAS_DATE | NLU_HAS_TIME))
		return 0;
	if (own_appt(dc) || ANY(dc, on_call) || ANY(dc, info))
		return 0;
	if ((has & NLU_HAS_PRACT) && !ANY(dc, other_than))
		return 0;
	if (ANY(dc, with_whom))
		return 1;
	return ANY(dc, pract_nouns) && ANY(dc, pract_ask) &&
	    (has_question(dc) || nlu_flat_has(dc, "which") ||
	    nlu_flat_has(dc, "quels") || nlu_flat_has(dc, "liste") ||
	    nlu_flat_has(dc, "list") || nlu_flat_has(dc, "names"));
}

/*
 * 1 for "n'importe quel médecin, c'est pour demain", "any of the
 * dentists, Friday": no preference for a person, beside what is asked.
 */
static int
any_practitioner(const struct nlu_doc *dc, int has)
{
	static const char *const any_of[] = {
		"n importe quel*", "peu importe", "any of the", "any of your",
		"whoever", "whichever", "no preference", "pas de preference",
	};

	return ANY(dc, any_of) && ((has & (NLU_HAS_DATE | NLU_HAS_TIME |
	    NLU_HAS_TREAT)) || ANY(dc, book_strong));
}

/* 1 when the message is a question to the clinic about the clinic. */
static int
clinic_question(const struct nlu_doc *dc)
{
	size_t	 i;
	int	 words = 0;

	if (!has_question(dc))
		return 0;
	for (i = 0; i < dc->n; i++)
		words += dc->t[i].kind == NLU_TK_WORD;
	return words >= 3 && (ANY(dc, addressee) || ANY(dc, info_more));
}

/*
 * 1 when the message only thanks, wishes well or says goodbye (at least
 * one farewell or wish word), or greets with a wave.
 */
static int
closing_only(const struct nlu_doc *dc)
{
	size_t	 i;
	int	 key = 0;

	for (i = 0; i < dc->n; i++) {
		if (dc->t[i].kind != NLU_TK_WORD)
			continue;
		/* "have a good one": "one" after a wish only ("the later
		 * one" picks a time) */
		if (strcmp(dc->t[i].w, "one") == 0 && i > 1 &&
		    nlu_tok_is(dc, i - 2, "a") &&
		    (nlu_tok_is(dc, i - 1, "good") ||
		    nlu_tok_is(dc, i - 1, "nice") ||
		    nlu_tok_is(dc, i - 1, "great") ||
		    nlu_tok_is(dc, i - 1, "lovely"))) {
			key = 1;
			continue;
		}
		if (!IN(dc->t[i].w, closing) && !IN(dc->t[i].w, greet))
			return 0;
		key |= IN(dc->t[i].w, closing_key);
	}
	return key;
}

/* 1 when the message thanks ("merci", "thanks", "je vous remercie"). */
static int
thanks_said(const struct nlu_doc *dc)
{
	size_t	 i;

	for (i = 0; i < dc->n; i++)
		if (dc->t[i].kind == NLU_TK_WORD &&
		    (IN(dc->t[i].w, thanks_lead) ||
		    strcmp(dc->t[i].w, "remercie") == 0) &&
		    strcmp(dc->t[i].w, "cheers") != 0)	/* a goodbye too */
			return 1;
	return 0;
}

/* Exported for the result's closing flag: see closing_only. */
int
nlu_closing(const struct nlu_doc *dc)
{
	return closing_only(dc);
}

/* Index of the first word after greetings and interjections. */
static size_t
after_interj(const struct nlu_doc *dc)
{
	size_t	 i;

	for (i = 0; i < dc->n; i++) {
		if (dc->t[i].kind == NLU_TK_PUNCT)
			continue;
		if (!IN(dc->t[i].w, greet) && !IN(dc->t[i].w, interj))
			break;
	}
	return i;
}

/* 1 for "go ahead, book it", "vas-y réserve": a plain yes at a recap. */
static int
yes_go_ahead(const struct nlu_doc *dc)
{
	size_t	 i;

	for (i = 0; i < dc->n; i++) {
		if (dc->t[i].kind == NLU_TK_PUNCT)
			continue;
		if (IN(dc->t[i].w, yes_go_lead) ||
		    (!IN(dc->t[i].w, greet) && !IN(dc->t[i].w, interj)))
			break;
	}

	if (i >= dc->n || !IN(dc->t[i].w, yes_go_lead) ||
	    ANY(dc, hesitate) || has_question(dc))
		return 0;
	return only_words(dc, i, yes_go, sizeof(yes_go) / sizeof(yes_go[0]));
}

/*
 * 1 for a no with what makes it a refusal: "ah non c'est pas ça",
 * "hmm no, don't book it", a thumbs down alone.
 */
static int
no_refusal(const struct nlu_doc *dc, int has)
{
	size_t	 i = after_interj(dc);

	if (i >= dc->n)
		return has_sign(dc, 0x1F44E);
	if ((has & NLU_HAS_AWAIT_YES) && ANY(dc, dont_book) &&
	    !has_question(dc))
		return 1;
	if (has & (NLU_HAS_DATE | NLU_HAS_TIME | NLU_HAS_PRACT |
	    NLU_HAS_TREAT))
		return 0;
	return IN(dc->t[i].w, no_lead) && ANY(dc, no_pred);
}

/* 1 when "change" speaks of the clocks (DST), not of an appointment. */
static int
clock_only(const struct nlu_doc *dc)
{
	return ANY(dc, clock_change) && !ANY(dc, modify_core) &&
	    !move_direct(dc);
}

/*
 * 1 when the message asks about the clinic: a question that stays one
 * beside a booking word ("can I come with someone?"), or a clinic word
 * without a wish to book (booking: the message has booking words).
 */
static int	please_unasked(const struct nlu_doc *);

static int
info_asked(const struct nlu_doc *dc, int booking)
{
	if (ANY_FREE(dc, info_strong))
		return !(ANY(dc, book_strong) && ANY(dc, want));
	/* "le dentiste de garde m'a dit de prendre rdv": a word of
	 * info_more beside a booking word asks only with a question */
	return (ANY_FREE(dc, info) || (ANY_FREE(dc, info_more) &&
	    (!booking || has_question(dc)) && !please_unasked(dc))) &&
	    !(booking && ANY(dc, want));
}

/* A pain of one's own (or one's child's), said. */
static const char *const pain_said[] = {
	"j ai mal", "j ai une douleur", "j ai des douleurs", "ai mal a",
	"ai mal au", "ai mal aux", "me fait mal", "me font mal", "a mal au",
	"a mal aux", "a mal a", "i have pain", "i have some pain",
	"i have a pain", "i ve got pain", "i ve got a pain", "hurts",
	"is hurting", "are hurting", "toothache", "tooth ache", "sore",
	"aching", "has pain", "have pain",
};

/* A pain that is over, or denied. */
static const char *const pain_gone[] = {
	"plus mal", "pas mal", "n ai plus", "no longer", "doesn t hurt",
	"does not hurt", "don t hurt", "not hurting", "no pain",
	"stopped hurting", "not sore", "pas de douleur", "plus de douleur",
	"merci", "thanks", "thank you",
};

/* Asking whether another day or time can be had. */
static const char *const offer_ask[] = {
	"do you have", "have you got", "have you any", "got anything",
	"any room", "anything on", "anything for", "vous avez", "vous auriez",
	"auriez vous", "avez vous", "vous reste", "il vous reste",
	"y a t il", "y aurait il", "ca irait", "would work", "does work",
	"works for you", "possible",
};

/* A day or time said not to suit: "je peux pas lundi". */
static const char *const cant_day[] = {
	"peux pas", "pourrai pas", "pourrais pas", "peux plus",
	"pourrai plus", "suis pas dispo", "serai pas dispo",
};

/*
 * 1 when, with nothing asked by Sophie, a day that does not suit is
 * said and another day or time asked for ("I can't make it Monday, do
 * you have Tuesday same time?", "je peux pas lundi, vous auriez
 * mardi ?"): the appointment that exists is moved. While choosing in a
 * list, the same words are a preference of the booking.
 */
static int
day_refused_other_asked(const struct nlu_doc *dc, int has)
{
	int	 cant;

	if (has & NLU_HAS_AWAIT)
		return 0;
	cant = (ANY(dc, cancel) && !ANY(dc, cancel_said)) ||
	    ANY(dc, cant_come) || ANY(dc, cant_day);
	return cant && has_question(dc) &&
	    (ANY(dc, offer_ask) || ANY(dc, free_ask)) &&
	    (dc->date_exprs >= 2 || ((has & NLU_HAS_DATE) &&
	    (nlu_same_time(dc) || clock_count(dc) >= 1))) &&
	    !ANY(dc, book_strong_new) && !ANY(dc, want_new);
}

/*
 * Cancellations and moves said another way, and what only looks like
 * them (a question on the cancellation policy, a remark on the clocks
 * changing, a question whether an appointment was cancelled).
 * NLU_INTENT_UNKNOWN when none applies.
 */
static enum nlu_intent
cancel_or_move_more(const struct nlu_doc *dc, int has)
{
	int	 cancel_words = ANY(dc, cancel) && !ANY(dc, cancel_state);

	if (cancel_words && ANY(dc, cancel_policy) && has_question(dc))
		return NLU_INTENT_INFORMATION;
	if (cancel_words && ANY(dc, defer_rebook) &&
	    !nlu_flat_has(dc, "plus tard dans") &&
	    !nlu_flat_has(dc, "later in the") &&
	    !nlu_flat_has(dc, "could we") && !nlu_flat_has(dc, "can we"))
		return NLU_INTENT_CANCEL_APPOINTMENT;
	if (cancel_words && !ANY(dc, cancel_said) && has_question(dc) &&
	    (has & (NLU_HAS_DATE | NLU_HAS_TIME)) && ANY(dc, free_ask))
		return NLU_INTENT_MODIFY_APPOINTMENT;
	if (ANY(dc, cancel_state) && has_question(dc) &&
	    (ANY(dc, have_ask) || own_appt(dc)))
		return NLU_INTENT_LIST_APPOINTMENTS;
	if (!cancel_words && !ANY(dc, modify) && cancel_more_said(dc))
		return move_direct(dc) || ANY(dc, rebook) ?
		    NLU_INTENT_MODIFY_APPOINTMENT :
		    NLU_INTENT_CANCEL_APPOINTMENT;
	if (day_refused_other_asked(dc, has))
		return NLU_INTENT_MODIFY_APPOINTMENT;
	if (clock_only(dc))
		return NLU_INTENT_UNKNOWN;
	if (move_direct(dc) || (modify_more(dc, has) && !list_own(dc) &&
	    !ANY(dc, cancel_said)))
		return NLU_INTENT_MODIFY_APPOINTMENT;
	return NLU_INTENT_UNKNOWN;
}

/* The clinic's people asked about their own plans (small talk). */
static const char *const team_plans[] = {
	"are you doing", "you guys doing", "doing anything",
	"doing something", "any plans", "got plans", "your plans",
	"are you celebrating", "are you going out", "vous faites quoi",
	"tu fais quoi", "vous faites quelque chose", "vous faites qqch",
	"des projets", "vous sortez", "vous fetez", "vous faites la fete",
};

/* Subjects no clinic deals with: the message is off topic. */
static const char *const off_topic[] = {
	"weather", "meteo", "quel temps", "temps fait il", "restaurant*",
	"pizza*", "match", "football", "soccer", "score", "concert*",
	"ticket*", "billet*", "cinema", "movie*", "film", "bitcoin",
	"crypto*", "mortgage", "loan", "impot*", "tax", "taxes", "pneu*",
	"tyre*", "tire", "tires", "taxi", "uber", "hotel*", "recipe*",
	"recette*", "joke", "blague*", "lottery", "loto", "election*",
	"homework", "devoirs", "pharmacie*", "pharmacy", "chemist",
	"vendez", "sell", "livrez", "deliver*", "il fait beau",
	"beau temps", "pleut", "raining", "sunny", "neige", "snowing",
	"robot", "bot", "chatbot", "chatgpt", "my cat", "mon chat",
	"my dog", "mon chien", "ma chienne", "wrong chat", "mauvaise conv*",
	/* services no clinic offers */
	"tatouage*", "tattoo*", "haircut*", "coupe de cheveux", "coiffeu*",
	"coiffure*", "hairdress*", "barber*", "manucure*", "manicure*",
	"nail salon", "garagiste*", "mecanicien*", "mechanic*", "vidange*",
	"oil change*", "telephones", "phones", "plombier*", "plumber*",
	"electricien*", "electrician*", "lawyer*", "avocat*", "veterinaire*",
	"vet", "vets", "my pet", "mes chats", "pet vaccin*",
	/* a recommendation elsewhere, an opinion */
	"know a good", "know any good", "connaissez un bon",
	"connaissez une bonne", "connais un bon", "connais une bonne",
	"what do you think", "qu en pensez vous", "vous en pensez quoi",
	"t en penses quoi",
};

/* Where one is, said on the way: news for someone, no request. */
static const char *const whereabouts[] = {
	"je suis dans le", "je suis dans la", "je suis dans un",
	"je suis au", "je suis a la", "je suis en route", "j arrive",
	"i m on the", "i m at the", "i m in the", "im on the", "im at the",
	"im in the", "on my way", "en chemin", "stuck in traffic",
	"dans les bouchons", "coince dans", "coincee dans",
};

/* What only staff can handle: papers, bills, a person. */
static const char *const staff_only[] = {
	"facture*", "invoice*", "receipt*", "note d honoraires",
	"speak to a human", "talk to a human", "a real person",
	"une vraie personne", "un humain", "complaint*", "reclamation*",
	/* the noun; "elle s'est plainte d'une dent" is a symptom told */
	"une plainte", "porter plainte", "deposer plainte", "ma plainte",
	"votre plainte",
	/* a job, an internship, the web site: for the office */
	"stagiaire*", "intern", "interns", "internship*", "looking for a job",
	"cherche un travail", "cherche un emploi", "job offer*",
	"offre d emploi", "candidature*", "postuler", "apply for a job",
	"your website", "votre site", "site internet", "log in", "login",
	/* a document sent as a picture: "je vous envoie la photo de ma
	 * carte", "I'll send you a photo of my insurance card" */
	"vous envoie la photo", "vous envoie une photo",
	"vous envoie le scan", "vous envoie un scan",
	"vous envoie une copie", "vous envoie la copie",
	"send you a photo", "send you a picture", "send you a pic",
	"send you a scan", "send you a copy", "send you the photo",
	"sending you a photo", "sending a photo", "sending you a picture",
};

/* What a visit is for, said before the treatment: "c'est juste pour le
 * vaccin", "it's only for a cleaning". */
static const char *const for_treat[] = {
	"c est pour", "c est juste pour", "c est seulement pour",
	"c est simplement pour", "c est surtout pour", "ce serait pour",
	"ce sera pour", "it s for", "it s just for", "it s only for",
	"its for", "its just for", "it is for", "it is just for",
	"it would be for", "it ll be for", "just for a", "just for the",
	"only for a", "juste pour un", "juste pour une", "juste pour le",
	"juste pour la",
};

/* Please. */
static const char *const please[] = {
	"please", "pls", "plz", "plse", "svp", "stp", "s il vous plait",
	"s il te plait", "sil vous plait",
};

/* 1 when the message says please and asks no question ("pelvic floor
 * physio pls"): a request, not a question on the clinic. */
static int
please_unasked(const struct nlu_doc *dc)
{
	return ANY(dc, please) && !has_question(dc);
}

/* A message opening on what the visit is for: "pour un détartrage svp",
 * "for a filling, asap". */
static const char *const for_lead[] = {
	"pour", "for",
};

/* A yes on a condition: "oui si", "yes as long as". */
static const char *const yes_if[] = {
	"si", "if", "tant que", "as long as", "a condition", "provided",
	"unless", "sauf si", "only if", "seulement si",
};

/* Holding a yes back: "wait", "attendez", "hold on". */
static const char *const hold_on[] = {
	"wait", "attendez", "attends", "hold on", "un instant",
	"une seconde", "one sec", "one second", "just a sec", "une minute",
};

/*
 * Things that change which are not an appointment: "mon numéro a
 * changé", "unless my shift changes".
 */
static const char *const other_change[] = {
	"numero", "number", "mobile", "portable", "telephone", "phone",
	"tel", "adresse", "address", "mail", "email", "courriel", "rota",
	"shift", "shifts", "horaires de travail", "work schedule", "job",
	"boulot", "travail", "work", "assurance", "insurance", "mutuelle",
	"nom", "surname", "plans", "programme",
	/* a mole or a spot that changed: "it's changed shape" */
	"shape", "colour", "color", "size", "forme", "couleur", "taille",
	"aspect",
};

/* Putting off a visit one never booked: "ça fait des mois que je
 * repousse", "I've been putting it off". */
static const char *const put_off[] = {
	"que je repousse", "que je le repousse", "que je la repousse",
	"que je recule", "je repousse depuis", "been putting it off",
	"been putting off", "kept putting it off", "keep putting it off",
	"been avoiding", "j evite depuis",
};

/*
 * 1 when the only move word is a "change" said of something else than
 * an appointment: no move verb, no word for an appointment.
 */
static int
change_of_other(const struct nlu_doc *dc)
{
	static const char *const changes[] = { "change", "changes",
	    "changed", "changing", "change*", "changer*", "changement*" };

	return ANY(dc, changes) && ANY_FREE(dc, other_change) &&
	    !ANY(dc, modify_core) && !move_direct(dc) &&
	    !ANY(dc, book_strong) && !appt_noun(dc);
}

/* A question said without a question mark: "je voudrais savoir si". */
static const char *const ask_if[] = {
	"savoir si", "savoir s il", "savoir s ils", "me dire si",
	"me dire s il", "know if", "know whether", "wondering if",
	"wondering whether", "tell me if",
	"tell me whether", "je me demandais si", "je me demande si",
};

/* Asking how a visit goes: what to bring, fasting, by phone. */
static const char *const prep_ask[] = {
	"apporter", "amener", "ramener", "bring", "over the phone",
	"by phone", "par telephone", "au telephone",
	"a distance", "remotely", "have to come in", "need to come in",
	"dois je venir", "je dois venir", "je dois passer", "dois je passer",
	"faut il venir", "faut il passer", "reste bien", "still at",
	"toujours a",
};

/*
 * 1 when someone is brought in ("can I bring the baby in for her
 * jabs?", "bring my son in"): a visit asked for, not what to bring.
 */
static int
bring_in(const struct nlu_doc *dc)
{
	static const char *const what[] = { "anything", "something",
	    "what", "it", "them", "documents", "papers", "card", "forms" };
	size_t	 i, j;

	for (i = 0; i < dc->n; i++) {
		if (!nlu_tok_is(dc, i, "bring"))
			continue;
		for (j = i + 1; j < dc->n && j <= i + 4; j++) {
			if (dc->t[j].kind != NLU_TK_WORD || TOK_IN(dc, j, what))
				break;
			if (j > i + 1 && nlu_tok_is(dc, j, "in"))
				return 1;
		}
	}
	return 0;
}

/* Words that pick one of the things listed: "celui du détartrage". */
static const char *const picks[] = {
	"celui", "celle", "ceux", "celles", "lequel", "laquelle",
};

/* Fasting before one's own appointment. */
static const char *const fasting[] = {
	"a jeun", "fasting", "fast before", "eat before", "manger avant",
};

/* Asking whether it will hurt or how long it lasts, after a yes. */
static const char *const hurt_ask[] = {
	"hurt", "painful", "fait mal", "faire mal", "douloureu*",
	"how long", "combien de temps", "ca dure", "numb*", "anesthe*",
	"anaesthe*",
};

/* Saying whether someone works on a day ("travaille le samedi ?"). */
static const char *const works_on[] = {
	"travaille le", "travaille t il", "travaille t elle", "consulte le",
	"consulte t il", "consulte t elle", "travaille les", "consulte les",
	"works on", "work on", "working on", "in on",
};

/* Working on a day, said of a practitioner: "consulte mercredi". */
static const char *const works_day[] = {
	"consulte", "consultent", "travaille", "travaillent", "recoit",
	"est la", "sera la", "works", "work", "working", "consults",
	"is in", "will be in",
};

/* Someone away: "Is Dr May off in August?", "le Dr X est en vacances
 * en août ?". */
static const char *const away[] = {
	"off in", "off on", "off next", "off this", "away in", "away on",
	"away next", "on holiday", "on leave", "en vacances", "en conge*",
	"absent en", "absente en",
};

/* What a practitioner is like: "gentille", "nice with kids". */
static const char *const prac_like[] = {
	"gentil", "gentille", "sympa", "doux", "douce", "patient",
	"patiente", "nice", "kind", "gentle", "friendly", "good with",
	"bien avec", "bon avec", "bonne avec", "experienced",
	"experimente*", "pedagogue",
};

/* Thanks said with a verb: "je voulais vous remercier". */
static const char *const thank_verb[] = {
	"remercier", "vous remercie", "te remercie", "remercie*",
	"say thank you", "say thanks", "grace a vous", "thanks to you",
};

/*
 * 1 for "get my blood pressure checked", "have my mole looked at",
 * "faire vérifier ma tension": something of one's own to be seen to.
 */
static int
get_checked(const struct nlu_doc *dc)
{
	static const char *const get[] = { "get", "have", "faire" };
	static const char *const seen[] = { "checked", "looked", "seen",
	    "examined", "tested", "verifier", "controler", "examiner",
	    "regarder", "ausculter" };

	return FOLLOWED(dc, get, seen, 5);
}

/*
 * 1 when someone's free time is asked: "X est dispo quand ?", "when is
 * Ana free?", "quand est-ce que le Dr X peut me voir ?".
 */
static int
when_free(const struct nlu_doc *dc)
{
	static const char *const when[] = { "when", "quand" };
	static const char *const freew[] = { "free", "available", "dispo",
	    "disponible", "libre", "see", "voir", "recevoir" };

	return has_question(dc) && (FOLLOWED(dc, when, freew, 5) ||
	    FOLLOWED(dc, freew, when, 1));
}

/*
 * 1 when someone asks whether a person does a treatment ("does Ella
 * do assessments?", "est-ce que Julie fait des évaluations ?").
 */
static int
does_treatment(const struct nlu_doc *dc, int has)
{
	static const char *const does[] = { "does", "do" };
	static const char *const doo[] = { "do", "offer", "provide" };
	static const char *const fait[] = { "fait", "faites", "propose",
	    "proposez", "pratique" };
	static const char *const des[] = { "des", "du", "de", "les" };

	static const char *const opener[] = { "est ce que", "est ce qu",
	    "does", "do you", "faites vous", "fait il", "fait elle",
	    "vous faites" };

	if (!has_question(dc) || !(has & NLU_HAS_TREAT) || ANY(dc, want) ||
	    (has & (NLU_HAS_DATE | NLU_HAS_TIME)) || !ANY(dc, opener))
		return 0;
	return FOLLOWED(dc, does, doo, 3) || FOLLOWED(dc, fait, des, 1);
}

/*
 * 1 when, after a greeting, the message is only an apology for the
 * bother ("Bonsoir, excusez-moi de vous déranger", "sorry to bother
 * you").
 */
static int
apology_only(const struct nlu_doc *dc)
{
	static const char *const sorry[] = {
	    "excusez moi de vous deranger", "desole de vous deranger",
	    "desolee de vous deranger", "pardon de vous deranger",
	    "excusez moi du derangement", "sorry to bother you",
	    "sorry to disturb you", "sorry for bothering you",
	    "sorry for the bother", "je m excuse de vous deranger",
	    "excuse me for bothering you" };
	size_t	 i = after_greeting(dc), k, e;

	for (k = 0; k < sizeof(sorry) / sizeof(sorry[0]); k++) {
		if (!nlu_seq(dc, i, sorry[k], &e))
			continue;
		for (; e < dc->n; e++)
			if (dc->t[e].kind == NLU_TK_WORD)
				return 0;
		return 1;
	}
	return 0;
}

/*
 * The intent by rules. has is a mask of NLU_HAS_* for what else was found.
 * *conf gets a confidence, *sure 1 when the LLM need not be asked.
 */
enum nlu_intent
nlu_intent_rules(const struct nlu_doc *dc, int has, double *conf, int *sure)
{
	enum nlu_intent	 r;
	int		 booking;

	*conf = 0.95;
	*sure = 1;
	if (nlu_is_emergency(dc))
		return NLU_INTENT_EMERGENCY;
	if (nlu_foreign(dc)) {
		*conf = 0.9;
		return NLU_INTENT_UNKNOWN;
	}
	/* "any cancellations tomorrow?": a slot asked for */
	if (ANY(dc, slot_freed) && !own_appt(dc) && !(has & NLU_HAS_AWAIT)) {
		*conf = 0.85;
		return NLU_INTENT_BOOK_APPOINTMENT;
	}
	/* thanks that say what for, or after news, are a yes (the corpus's
	 * label) when nothing was asked; so are thanks with good wishes
	 * ("merci, bonne journée", tests/nlu/FORMAT.md), in and out of
	 * context; good wishes alone are a greeting that closes */
	if (!(has & NLU_HAS_AWAIT) && thanks_closing(dc, has))
		return NLU_INTENT_AFFIRMATIVE;
	if (!(has & NLU_HAS_AWAIT_YES) && closing_only(dc))
		return thanks_said(dc) ? NLU_INTENT_AFFIRMATIVE :
		    NLU_INTENT_GREETING;
	/* "je voulais juste vous remercier, elle va mieux grâce à vous" */
	if (!(has & (NLU_HAS_AWAIT | NLU_HAS_DATE | NLU_HAS_TIME)) &&
	    ANY(dc, thank_verb) && !has_question(dc) &&
	    !ANY(dc, book_strong) && !ANY(dc, book_weak) &&
	    !ANY(dc, cancel) && !ANY(dc, modify))
		return NLU_INTENT_AFFIRMATIVE;
	if (!(has & NLU_HAS_AWAIT) && apology_only(dc))
		return NLU_INTENT_GREETING;
	if ((has & NLU_HAS_AWAIT_YES) && yes_go_ahead(dc))
		return NLU_INTENT_AFFIRMATIVE;
	if (ANY(dc, cancel) && (modify_negated(dc) || ANY(dc, no_rebook)))
		return NLU_INTENT_CANCEL_APPOINTMENT;
	if ((r = cancel_or_move_more(dc, has)) != NLU_INTENT_UNKNOWN)
		return r;
	if (ANY(dc, cancel) && (ANY(dc, rebook) || (ANY(dc, rebook_when) &&
	    (has & (NLU_HAS_DATE | NLU_HAS_TIME)))))
		return NLU_INTENT_MODIFY_APPOINTMENT;
	if (ANY(dc, modify) && !clock_only(dc) && !change_of_other(dc) &&
	    !ANY(dc, put_off) &&
	    !nlu_flat_has(dc, "changer de dentiste") &&
	    !nlu_flat_has(dc, "thank you for the change"))
		return NLU_INTENT_MODIFY_APPOINTMENT;
	if (ANY(dc, cancel))
		return NLU_INTENT_CANCEL_APPOINTMENT;
	if (no_refusal(dc, has))
		return NLU_INTENT_NEGATIVE;
	if (ANY(dc, refuse) && !(ANY(dc, off_work) &&
	    ((has & NLU_HAS_TREAT) || ANY(dc, book_strong))))
		return NLU_INTENT_NEGATIVE;
	/* "nickel, à 10h", "yes please Thursday 10am": a yes at a recap */
	if ((has & NLU_HAS_AWAIT_YES) && !(has & NLU_HAS_PERSONAL) &&
	    yes_with_values(dc))
		return NLU_INTENT_AFFIRMATIVE;
	if (ANY(dc, list_appts) || (list_own(dc) && !first_word_yes(dc)) ||
	    (!(has & NLU_HAS_AWAIT_YES) && ANY(dc, list_check)))
		return NLU_INTENT_LIST_APPOINTMENTS;
	if ((ANY(dc, list_pract) || list_pract_more(dc, has)) &&
	    !any_practitioner(dc, has))
		return NLU_INTENT_LIST_PRACTITIONERS;
	/* at a recap, only a yes that names nothing else: a day, a time or
	 * a name beside it may differ from the recap */
	if ((has & NLU_HAS_AWAIT_YES) && ANY(dc, take_it) &&
	    !ANY(dc, hesitate) && !has_question(dc) &&
	    !(has & (NLU_HAS_DATE | NLU_HAS_TIME | NLU_HAS_PRACT |
	    NLU_HAS_TREAT | NLU_HAS_PERSONAL)))
		return NLU_INTENT_AFFIRMATIVE;
	if (!(has & NLU_HAS_AWAIT_YES) && !ANY(dc, want) &&
	    !ANY(dc, book_strong) && thanks_with_values(dc, has))
		return NLU_INTENT_AFFIRMATIVE;
	/* "je suis dans le train, j'arrive": where one is, no request */
	if (ANY(dc, whereabouts) && !has_question(dc) && !ANY(dc, want) &&
	    !(has & (NLU_HAS_AWAIT | NLU_HAS_DATE | NLU_HAS_TIME))) {
		*conf = 0.8;
		return NLU_INTENT_UNKNOWN;
	}
	/* "vous faites quelque chose de sympa ce soir ?", "any plans for
	 * tonight?": the team's own plans asked, small talk */
	if (ANY(dc, team_plans) && has_question(dc) && !ANY(dc, appt_nouns) &&
	    !ANY(dc, book_strong) &&
	    !(has & (NLU_HAS_DATE | NLU_HAS_TIME | NLU_HAS_PRACT |
	    NLU_HAS_TREAT))) {
		*conf = 0.8;
		return NLU_INTENT_UNKNOWN;
	}
	/* off topic, or for staff only: no request the rules can serve
	 * ("chipped his tooth at football" tells an injury: not off topic) */
	if (((ANY(dc, off_topic) && !ANY(dc, info_strong) &&
	    !(has & (NLU_HAS_PRACT | NLU_HAS_TREAT)) &&
	    !nlu_doc_symptom(dc)) ||
	    ANY(dc, staff_only)) && !ANY(dc, book_strong) &&
	    !(has & NLU_HAS_AWAIT)) {
		*conf = 0.8;
		return NLU_INTENT_UNKNOWN;
	}
	/* "yes if my insurance covers it", "oui... attendez, c'est bien
	 * avec Léa ?": a yes on a condition (not asked as a question) or
	 * held back at a recap is no answer yet, even on a clinic word */
	if ((has & NLU_HAS_AWAIT_YES) && first_word_yes(dc) &&
	    (ANY(dc, hold_on) || (ANY(dc, yes_if) && !has_question(dc))))
		return NLU_INTENT_UNKNOWN;
	/* "oui, mais ça fait mal ?": a question on the treatment */
	if ((has & NLU_HAS_AWAIT_YES) && first_word_yes(dc) &&
	    has_question(dc) && ANY(dc, hurt_ask))
		return NLU_INTENT_INFORMATION;
	/* "what should I bring to my appointment on Friday?", "par
	 * téléphone ou je dois passer ?": how a visit goes */
	if ((has_question(dc) || ANY(dc, ask_if)) &&
	    !ANY(dc, book_strong_new) && !(has & NLU_HAS_AWAIT) &&
	    !bring_in(dc) && (own_appt(dc) ||
	    !(has & (NLU_HAS_DATE | NLU_HAS_TIME))) && (ANY(dc, prep_ask) ||
	    (ANY(dc, fasting) && own_appt(dc))))
		return NLU_INTENT_INFORMATION;
	/* "le Dr X travaille le samedi ?", "does Ella do assessments?" */
	if (((ANY(dc, works_on) && (has_question(dc) || ANY(dc, ask_if)) &&
	    !(has & (NLU_HAS_DATE | NLU_HAS_TIME))) ||
	    does_treatment(dc, has)) && !ANY(dc, book_strong) &&
	    !(has & NLU_HAS_AWAIT))
		return NLU_INTENT_INFORMATION;
	/* "Is Dr May off in August?": a question on a practitioner's
	 * days, even with a day or a month ("je pars en vacances" is the
	 * patient's own) */
	if (ANY(dc, away) && has_question(dc) && (has & NLU_HAS_PRACT) &&
	    !ANY(dc, book_strong) && !ANY(dc, want) &&
	    !(has & NLU_HAS_AWAIT))
		return NLU_INTENT_INFORMATION;
	/* "la Dr Leal elle est gentille avec les enfants ?", "is Dr Shah
	 * nice?": a question on what a practitioner is like */
	if (ANY(dc, prac_like) && has_question(dc) && (has & NLU_HAS_PRACT) &&
	    !(has & (NLU_HAS_TREAT | NLU_HAS_DATE | NLU_HAS_TIME |
	    NLU_HAS_AWAIT)) && !ANY(dc, book_strong) && !ANY(dc, want))
		return NLU_INTENT_INFORMATION;
	/* "le Dr Petit consulte mercredi ?", "does Dr Kent work on
	 * Fridays?": a practitioner's days asked, a day but no time */
	if (ANY(dc, works_day) && has_question(dc) && (has & NLU_HAS_PRACT) &&
	    !(has & (NLU_HAS_TIME | NLU_HAS_TREAT | NLU_HAS_AWAIT)) &&
	    !ANY(dc, book_strong) && !ANY(dc, want) && !ANY(dc, want_new))
		return NLU_INTENT_INFORMATION;
	/* "Karim Benali est dispo quand ?": a booking */
	if (when_free(dc) && !(has & NLU_HAS_AWAIT))
		return NLU_INTENT_BOOK_APPOINTMENT;
	booking = ANY(dc, book_strong) || ANY(dc, book_weak) ||
	    (has & NLU_HAS_PRACT);
	if (info_asked(dc, booking))
		return NLU_INTENT_INFORMATION;
	/* "d'acc mais je peux venir avec ma fille ?": a condition on the
	 * recap, not a new request */
	if ((has & NLU_HAS_AWAIT_YES) && first_word_yes(dc) &&
	    ANY(dc, hesitate))
		return NLU_INTENT_UNKNOWN;
	if (ANY(dc, book_strong))
		return NLU_INTENT_BOOK_APPOINTMENT;
	*conf = 0.85;
	if (ANY(dc, book_weak) && !ANY(dc, avail_reply))
		return NLU_INTENT_BOOK_APPOINTMENT;
	if ((ANY(dc, want) || (ANY(dc, if_poss) && !(has & NLU_HAS_AWAIT))) &&
	    (has & (NLU_HAS_PRACT | NLU_HAS_TREAT | NLU_HAS_DATE |
	    NLU_HAS_TIME)))
		return NLU_INTENT_BOOK_APPOINTMENT;
	/* "can I get my blood pressure checked?" */
	if (ANY(dc, want) && !(has & NLU_HAS_AWAIT) && get_checked(dc))
		return NLU_INTENT_BOOK_APPOINTMENT;
	/* "je voudrais des séances", "I'd like a massage" */
	if (ANY(dc, want) && !(has & NLU_HAS_AWAIT) && appt_noun(dc) &&
	    !(first_word_yes(dc) && ANY(dc, hesitate)))
		return NLU_INTENT_BOOK_APPOINTMENT;
	/* "c'est (juste) pour un détartrage", "for a filling, asap",
	 * "pelvic floor physio pls": a treatment asked for */
	if ((has & NLU_HAS_TREAT) && !(has & NLU_HAS_AWAIT) &&
	    (ANY(dc, for_treat) || IN(first_word(dc, after_greeting(dc)),
	    for_lead) || please_unasked(dc)))
		return NLU_INTENT_BOOK_APPOINTMENT;
	/* asked for a day or a time, the answer names a treatment too
	 * ("le 31 à 9h30 ? détartrage"): the booking asked for */
	if ((has & NLU_HAS_AWAIT) && !(has & (NLU_HAS_AWAIT_WHO |
	    NLU_HAS_AWAIT_YES)) && (has & NLU_HAS_TREAT) &&
	    (has & (NLU_HAS_DATE | NLU_HAS_TIME)) && !ANY(dc, told_past))
		return NLU_INTENT_BOOK_APPOINTMENT;
	/* "c'est Julie Martin, pour une vaccination mardi matin": one's
	 * name, then what and when */
	if ((has & (NLU_HAS_DATE | NLU_HAS_TIME)) &&
	    (has & (NLU_HAS_PRACT | NLU_HAS_TREAT)) &&
	    (has & NLU_HAS_PERSONAL) && !(has & NLU_HAS_AWAIT))
		return NLU_INTENT_BOOK_APPOINTMENT;
	/* "whoever is free tomorrow at 4pm, my son has an earache": no
	 * one in particular, or a complaint, with a day or a time */
	if ((has & (NLU_HAS_DATE | NLU_HAS_TIME)) && !ANY(dc, told_past) &&
	    !(has & NLU_HAS_AWAIT) && (any_practitioner(dc, has) ||
	    (nlu_doc_symptom(dc) && !ANY(dc, pain_gone) &&
	    !has_question(dc))))
		return NLU_INTENT_BOOK_APPOINTMENT;
	/* a request without a verb: "mardi 10h détartrage ?" */
	if ((has & (NLU_HAS_DATE | NLU_HAS_TIME)) && !ANY(dc, told_past) &&
	    !(has & (NLU_HAS_AWAIT | NLU_HAS_PERSONAL)) &&
	    ((has & (NLU_HAS_PRACT | NLU_HAS_TREAT)) || has_question(dc)))
		return NLU_INTENT_BOOK_APPOINTMENT;
	*conf = 0.95;
	if ((r = reply_intent(dc, has)) != NLU_INTENT_UNKNOWN)
		return r;
	if (ANY(dc, hesitate) && (first_word_yes(dc) || has_ack_sign(dc)))
		return NLU_INTENT_UNKNOWN;
	*conf = 0.9;
	/* a bare answer to a name or birth-date question: information (the
	 * seed's own label), sure, whatever words the name is made of */
	if ((has & NLU_HAS_AWAIT_WHO) &&
	    (has & (NLU_HAS_PERSONAL | NLU_HAS_DATE)) &&
	    !(has & (NLU_HAS_PRACT | NLU_HAS_TREAT)))
		return NLU_INTENT_INFORMATION;
	/* "j'ai mal aux dents depuis hier", "my tooth hurts": a pain said
	 * with nothing asked and no emergency (the rules found none) asks
	 * for care: a booking, for which the engine takes the clinic's
	 * visit for a pain */
	if (!(has & (NLU_HAS_AWAIT | NLU_HAS_PERSONAL | NLU_HAS_PRACT |
	    NLU_HAS_TREAT)) && ANY(dc, pain_said) && !ANY(dc, pain_gone) &&
	    !clinic_question(dc)) {
		*conf = 0.8;
		return NLU_INTENT_BOOK_APPOINTMENT;
	}
	/* a mail already sent, a document to send again: for staff */
	if (!(has & NLU_HAS_AWAIT) && (ANY(dc, told_past) ||
	    ANY(dc, doc_send))) {
		*conf = 0.5;
		*sure = 0;
		return NLU_INTENT_UNKNOWN;
	}
	if (has & (NLU_HAS_PERSONAL | NLU_HAS_DATE | NLU_HAS_TIME |
	    NLU_HAS_PRACT | NLU_HAS_TREAT)) {
		/* "celui du détartrage", "the one with Dr Shah": a pick
		 * among what was listed, whatever the classifier thinks */
		if (IN(first_word(dc, after_greeting(dc)), picks) &&
		    !ANY(dc, want) && !ANY(dc, book_strong))
			return NLU_INTENT_INFORMATION;
		/* "vous pouvez me joindre au 06…", "you can reach me on
		 * 07…": a way to reach the patient, given */
		if ((has & NLU_HAS_PERSONAL) && ANY(dc, reach_me) &&
		    !ANY(dc, want) && !ANY(dc, book_strong))
			return NLU_INTENT_INFORMATION;
		/* words the rules do not know: maybe a request they miss */
		if (unknown_words(dc) > 0) {
			*conf = 0.6;
			*sure = 0;
		}
		return NLU_INTENT_INFORMATION;
	}
	/* "c'est urgent": an urgent request, to be seen soon */
	if (nlu_urgent(dc)) {
		*conf = 0.8;
		return NLU_INTENT_BOOK_APPOINTMENT;
	}
	/* a question to the clinic about the clinic */
	if (clinic_question(dc)) {
		*conf = 0.8;
		return NLU_INTENT_INFORMATION;
	}
	*conf = 0.3;
	*sure = 0;
	return NLU_INTENT_UNKNOWN;
}

/* 1 for a country (ISO 3166-1 alpha-2) where patients write English. */
static int
english_country(const char *cc)
{
	static const char *const en[] = { "GB", "IE", "US", "AU", "NZ" };
	size_t	 i;

	for (i = 0; cc != NULL && i < sizeof(en) / sizeof(en[0]); i++)
		if (strcmp(cc, en[i]) == 0)
			return 1;
	return 0;
}

/* French or English: counts marker words; ties follow the context. */
/* 1 when every word of the message is a bare acknowledgement. */
static int
only_acks(const struct nlu_doc *dc)
{
	static const char *const acks[] = { "ok", "okay", "oki", "okk",
	    "yes", "yep", "yeah", "yup", "oui", "ouais", "no", "non", "nope",
	    "top", "super", "cool", "parfait", "perfect", "nickel", "dac",
	    "d", "accord", "sure", "fine", "bien", "good", "go" };
	size_t	 i, k, n = 0;

	for (i = 0; i < dc->n; i++) {
		if (dc->t[i].kind != NLU_TK_WORD)
			continue;
		for (k = 0; k < sizeof(acks) / sizeof(acks[0]); k++)
			if (strcmp(dc->t[i].w, acks[k]) == 0)
				break;
		if (k == sizeof(acks) / sizeof(acks[0]))
			return 0;
		n++;
	}
	return n > 0;
}

enum nlu_lang
nlu_language(const struct nlu_doc *dc, const struct nlu_context *ctx)
{
	size_t	 i;
	int	 fr = dc->accents ? 2 : 0, en = 0;

	for (i = 0; i < dc->n; i++) {
		const char *w = dc->t[i].w, *e;

		if (dc->t[i].kind != NLU_TK_WORD)
			continue;
		/* "I'd", "we'd": English, not the French "d'" */
		if (strcmp(w, "d") == 0 && i > 0 && (strcmp(dc->t[i - 1].w,
		    "i") == 0 || strcmp(dc->t[i - 1].w, "we") == 0 ||
		    strcmp(dc->t[i - 1].w, "you") == 0)) {
			en++;
			continue;
		}
		fr += IN(w, fr_words);
		en += IN(w, en_words);
		if (*w < '0' || *w > '9')
			continue;
		/* "9am", "31st" are English; "14h", "1er" French */
		for (e = w; *e >= '0' && *e <= '9'; e++)
			;
		en += strcmp(e, "am") == 0 || strcmp(e, "pm") == 0 ||
		    strcmp(e, "st") == 0 || strcmp(e, "nd") == 0 ||
		    strcmp(e, "rd") == 0 || strcmp(e, "th") == 0;
		fr += *e == 'h' || strcmp(e, "er") == 0;
	}
	/* A bare "yes", "ok", "no" in the other language does not switch a
	 * conversation that has a language ("ok, yes" from a French
	 * patient); a greeting or a sentence does. */
	if (ctx != NULL && ctx->has_last_lang && only_acks(dc))
		return ctx->last_lang;
	/* another language, whatever its accents: answered in English */
	if (nlu_foreign(dc))
		return NLU_LANG_EN;
	if (en > fr)
		return NLU_LANG_EN;
	if (fr > en)
		return NLU_LANG_FR;
	if (ctx != NULL && ctx->has_last_lang)
		return ctx->last_lang;
	/* nothing says which ("👍", "24/07/1990", a name): the language of
	 * the clinic's country when it speaks English only */
	if (ctx != NULL && english_country(ctx->country))
		return NLU_LANG_EN;
	return NLU_LANG_FR;
}

/*
 * Marker words of German, Spanish, Italian, Dutch and Portuguese that are
 * neither French nor English words nor common names' particles.
 */
static const char *const foreign_words[] = {
	/* German */
	"ich", "mochte", "einen", "termin", "guten", "haben", "sie",
	"bitte", "danke", "ist", "nicht", "und", "der", "das", "fur",
	"zahnarzt", "wann", "heute", "frei", "ein", "eine", "kann", "wir",
	"mein", "meine", "mit", "bei", "beim", "konnen", "arzt", "uhr",
	"brauche", "hilfe", "schmerzen", "tut", "weh", "morgen", "gibt",
	/* Spanish */
	"quisiera", "una", "cita", "para", "hola", "buenos", "dias",
	"buenas", "tardes", "tienen", "hora", "el", "los", "las", "por",
	"favor", "gracias", "necesito", "manana", "quiero", "tengo",
	"dolor", "muela", "limpieza", "jueves", "lunes", "martes",
	"miercoles", "viernes", "sabado", "domingo", "puedo", "cuanto",
	"cuesta", "usted", "ustedes", "esta", "hay", "pero", "yo",
	"dientes", "hablo", "espanol",
	/* Italian */
	"buongiorno", "buonasera", "vorrei", "prenotare", "visita",
	"domani", "grazie", "prego", "sono", "ho", "appuntamento",
	"quanto", "costa", "seduta", "di", "fisioterapia", "dente",
	"dolore", "oggi", "giovedi", "posso", "avete", "della", "gli",
	"che", "ciao", "parlo", "italiano",
	/* Dutch */
	"goedemiddag", "goedemorgen", "goedenavond", "ik", "wil", "graag",
	"een", "afspraak", "maken", "hallo", "bedankt", "vandaag",
	"tandarts", "hebben", "jullie", "mijn", "het", "voor", "niet",
	"wanneer", "tijd", "alstublieft", "spreek", "nederlands",
	/* Portuguese */
	"ola", "gostaria", "marcar", "uma", "consulta", "obrigado",
	"obrigada", "bom", "boa", "amanha", "quero", "tenho", "dor",
	"voces", "preciso", "hoje", "custa", "meu", "minha", "nao",
	"falo", "portugues",
};

/*
 * 1 when at least two words of the message are markers of another
 * language and they outnumber the French and English words.
 */
int
nlu_foreign(const struct nlu_doc *dc)
{
	size_t	 i;
	int	 nf = 0, known = 0;

	for (i = 0; i < dc->n; i++) {
		const char *w = dc->t[i].w;

		if (dc->t[i].kind != NLU_TK_WORD || !dc->t[i].alpha)
			continue;
		if (IN(w, foreign_words))
			nf++;
		else if (IN(w, fr_words) || IN(w, en_words) ||
		    IN(w, greet) || IN(w, yes) || IN(w, no))
			known++;
	}
	return nf >= 2 && nf > known;
}
