#!/usr/bin/env python3
"""ft_gen -- generated training messages for the learned intent layer.

    ft_gen.py [-n N] [--seed S] [--skip INTENT]... > gen.jsonl

Writes N messages per intent (default 300) in the corpus format (text,
context, expect.intent), built from paraphrase templates per intent in
French and English, over the vocabularies of several kinds of clinic
(dental, general practice, physiotherapy): treatments, practitioners,
days, times, patients' names and birth dates substituted, SMS spellings,
typing slips (a letter dropped, doubled or two swapped), a few messages
mixing French and English, and long messages that embed the request
among other sentences.  The same seed gives the same file, byte for byte.

Only the intent is written: the file trains the classifier, it is never
scored (the rules are measured on the corpora under tests/nlu/).
"""
import json
import random
import sys

CLINICS = {
    "dental": {
        "fr": ["détartrage", "contrôle", "extraction", "blanchiment",
               "soin de carie", "couronne", "dévitalisation", "consultation",
               "une dent à arracher", "un plombage", "une radio des dents",
               "un bilan dentaire", "un nettoyage"],
        "en": ["cleaning", "check-up", "filling", "extraction", "whitening",
               "crown", "root canal", "scale and polish", "a tooth out",
               "a dental exam", "an x-ray of my teeth", "a hygienist visit"],
        "who_fr": ["dentiste", "dentistes", "hygiéniste", "orthodontiste"],
        "who_en": ["dentist", "dentists", "hygienist", "orthodontist"],
    },
    "gp": {
        "fr": ["consultation", "vaccin", "vaccination", "certificat médical",
               "prise de sang", "suivi", "renouvellement d'ordonnance",
               "bilan de santé", "visite médicale", "frottis",
               "un certificat de sport", "le vaccin de la grippe"],
        "en": ["consultation", "vaccination", "flu jab", "blood test",
               "medical certificate", "follow-up", "repeat prescription",
               "health check", "smear test", "a sick note",
               "a booster", "a check on my blood pressure"],
        "who_fr": ["médecin", "médecins", "généraliste", "docteur"],
        "who_en": ["doctor", "doctors", "GP", "GPs", "nurse"],
    },
    "physio": {
        "fr": ["séance de kiné", "kiné", "ostéo", "bilan", "rééducation",
               "massage", "rééducation du genou", "séance d'ostéopathie",
               "une séance pour mon dos", "évaluation", "drainage"],
        "en": ["physio session", "sports massage", "initial assessment",
               "dry needling", "rehab", "a session for my back",
               "knee rehab", "massage", "osteo", "follow-up session"],
        "who_fr": ["kiné", "kinés", "ostéopathe", "physiothérapeute"],
        "who_en": ["physio", "physios", "physiotherapist", "osteopath"],
    },
}

PRACT = ["Dr Martin", "Dr Leal", "Dr Petit", "Dr Nguyen", "Dr Okafor",
         "Dr Smith", "Dr Dubois", "Julie", "Marc", "Mme Fortin",
         "Mr Walsh", "le Dr Bernard", "Dr Khan", "Sarah", "Dr O'Brien",
         "Dr Van den Berg", "Dr Lefèvre", "Paul", "Dr Haddad", "Dr Rossi"]

FIRST = ["Marie", "Jean-Pierre", "Léa", "Chloé", "Mohamed", "Fatima",
         "Liam", "Olivia", "Noah", "Priya", "Siobhan", "Anne-Sophie",
         "Thomas", "Inès", "Kevin", "Aoife", "Yusuf", "Zoé", "Oliver",
         "Grace", "Jamal", "Camille", "Hugo", "Amélie", "Ravi", "Emma"]
LAST = ["Dupont", "de La Tour", "van der Berg", "O'Neil", "Martin",
        "Nguyen", "Ben Ali", "Smith", "Walsh", "Lefebvre-Durand",
        "MacDonald", "Da Silva", "Kowalski", "Haddad", "Le Gall",
        "Moreau", "Okafor", "Brown", "Girard", "Fitzgerald"]

DAYS_FR = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi",
           "demain", "après-demain", "aujourd'hui", "lundi prochain",
           "le 3", "le 12 mars", "le 24", "jeudi 10", "la semaine pro",
           "la semaine prochaine", "dmn", "ce soir", "ce vendredi",
           "dans quinze jours", "lundi en huit", "début janvier"]
DAYS_EN = ["monday", "tuesday", "wednesday", "thursday", "friday",
           "saturday", "tomorrow", "today", "next monday", "the 3rd",
           "12 march", "march 24", "thursday the 10th", "next week",
           "tmrw", "tonight", "this friday", "in two weeks",
           "early january", "the day after tomorrow"]
TIMES_FR = ["14h", "9h30", "10h", "vers 11h", "16h15", "midi", "8h",
            "le matin", "l'aprèm", "en fin de journée", "en début "
            "d'après-midi", "fin de matinée", "17h30", "à 15h", "18h"]
TIMES_EN = ["2pm", "9:30", "10am", "around 11", "4.15pm", "noon",
            "8am", "in the morning", "in the afternoon", "after work",
            "early afternoon", "late morning", "5:30", "at 3", "11ish"]

FILLER_FR = ["J'espère que vous allez bien.", "Désolé de vous déranger.",
             "Je vous écris de la part de ma mère.",
             "Je travaille toute la semaine donc c'est compliqué.",
             "Mon mari m'a donné votre numéro.",
             "Je suis déjà venue l'an dernier.",
             "Merci d'avance pour votre réponse.",
             "Bonne journée à vous.", "Je ne sais pas si c'est le bon numéro.",
             "Je rentre de vacances dimanche.",
             "Pas de souci si ce n'est pas possible.",
             "J'ai un peu de mal avec les horaires en ce moment."]
FILLER_EN = ["Hope you're well.", "Sorry to bother you.",
             "I'm writing on behalf of my mum.",
             "I work all week so it's tricky.",
             "A friend gave me your number.",
             "I came in last year.", "Thanks in advance.",
             "Have a nice day.", "Not sure this is the right number.",
             "I'm back from holiday on Sunday.",
             "No worries if it's not possible.",
             "My schedule is a bit all over the place at the moment."]

SMS = [("rendez-vous", "rdv"), ("rendez vous", "rdv"), ("bonjour", "bjr"),
       ("s'il vous plaît", "svp"), ("s'il vous plait", "stp"),
       ("pourquoi", "pk"), ("quand", "qd"), ("demain", "dmn"),
       ("après-midi", "aprem"), ("c'est", "c"), ("je suis", "chui"),
       ("vous", "vs"), ("pour", "pr"), ("quoi", "koi"), ("beaucoup", "bcp"),
       ("merci", "mci"), ("appointment", "appt"), ("tomorrow", "tmrw"),
       ("please", "pls"), ("you", "u"), ("are", "r"), ("your", "ur"),
       ("thanks", "thx"), ("because", "bc"), ("tonight", "2nite"),
       ("to ", "2 "), ("for ", "4 "), ("later", "l8r"), ("okay", "ok"),
       ("see", "c"), ("with", "w/")]

# Templates: {T} treatment, {P} practitioner, {D} day, {H} time,
# {W} word for the clinic's practitioners, {F} {L} a patient's name,
# {B} a birth date, {N} a phone number, {E} an e-mail address.
TPL = {
    "BOOK_APPOINTMENT": {
        "fr": ["je voudrais un rdv pour {T}", "je voudrais prendre "
               "rendez-vous {D}", "vous auriez une place {D} {H} ?",
               "un créneau {D} pour {T} svp", "{T} {D} {H} ?",
               "est-ce que je peux venir {D} ?", "j'aimerais voir {P} {D}",
               "possible de passer {D} {H} pour {T} ?",
               "il me faudrait un rendez-vous avec {P}",
               "je souhaiterais réserver {T} avec {P}",
               "dispo {D} ?", "vous avez de la place {D} ?",
               "je peux avoir un rdv {H} ?", "je cherche un créneau pour {T}",
               "pourriez-vous me trouver un rendez-vous {D} {H}",
               "c'est pour prendre rdv pour mon fils, {T}",
               "ma fille a besoin de {T}, {D} si possible",
               "je veux bien un rendez-vous au plus tôt",
               "quelle est votre prochaine dispo pour {T} ?",
               "c'est possible {D} {H} avec {P} ?",
               "je dois faire {T}, vous avez quoi {D} ?",
               "pouvez-vous me caser {D} ?", "rdv {D} svp",
               "j'aurais besoin de voir un {W} {D}",
               "inscrivez-moi pour {T} {D}"],
        "en": ["I'd like to book {T}", "can I book an appointment {D}?",
               "do you have anything {D} {H}?", "{T} {D} {H}?",
               "any slots {D} for {T}?", "I need to see {P} {D}",
               "could I come in {D} {H}?", "I'd like an appointment with {P}",
               "book me in for {T} please", "is {P} free {D}?",
               "what's your next availability for {T}?",
               "can I get in {D}?", "I need {T}, anything {D}?",
               "looking for an appointment {H}",
               "my son needs {T}, {D} if possible",
               "can you fit me in {D}?", "any openings {D} {H}?",
               "I want to schedule {T} with {P}",
               "earliest you have for {T}?", "need a {W} {D}",
               "could you squeeze me in {D} {H}",
               "i'd like to come in for {T} {D}",
               "can I make an appointment for my daughter {D}?"],
    },
    "MODIFY_APPOINTMENT": {
        "fr": ["je voudrais déplacer mon rdv de {D}",
               "est-ce qu'on peut décaler mon rendez-vous à {D} ?",
               "je ne pourrai pas venir {D}, vous auriez un autre créneau ?",
               "mon rdv de {D}, on peut le mettre {H} ?",
               "je dois changer l'heure de mon rendez-vous",
               "possible de reporter ma séance à {D} ?",
               "au lieu de {D}, {D} ça serait possible ?",
               "j'ai un empêchement {D}, on peut repousser ?",
               "pouvez-vous avancer mon rendez-vous avec {P} ?",
               "je souhaite modifier mon rdv pour {T}",
               "changer mon rdv svp", "on peut le décaler à {H} ?",
               "mon rendez-vous de {D} ne m'arrange plus, un autre jour ?"],
        "en": ["can I move my appointment to {D}?",
               "I need to reschedule my {T}",
               "I can't make it {D}, do you have another time?",
               "could we push my appt to {H}?",
               "can I change the time of my appointment with {P}?",
               "is it possible to swap my {D} slot for {D}?",
               "something came up {D}, can we move it?",
               "I'd like to bring my appointment forward",
               "reschedule pls", "can my session be {D} instead?",
               "need to change my booking to {D} {H}",
               "could you move me to a later slot?"],
    },
    "CANCEL_APPOINTMENT": {
        "fr": ["je voudrais annuler mon rdv de {D}",
               "annulez mon rendez-vous svp",
               "je ne viendrai pas {D}, vous pouvez annuler",
               "je dois annuler ma séance avec {P}",
               "merci d'annuler mon rendez-vous pour {T}",
               "finalement j'annule", "annuler rdv {D}"],
        "en": ["I need to cancel my appointment {D}",
               "please cancel my {T}", "cancel my appt with {P} pls",
               "I won't be coming {D}, please cancel",
               "can you cancel my booking?", "I'd like to cancel"],
    },
    "LIST_APPOINTMENTS": {
        "fr": ["c'est quand mon prochain rdv ?",
               "j'ai bien un rendez-vous {D} ?",
               "pouvez-vous me rappeler mes rendez-vous",
               "à quelle heure est mon rdv de {D} ?",
               "je ne sais plus quand j'ai rendez-vous avec {P}",
               "est-ce que mon fils a un rdv bientôt ?",
               "mes rendez-vous à venir svp",
               "c'est bien {D} {H} mon rendez-vous ?",
               "j'ai quoi comme rdv ce mois-ci ?"],
        "en": ["when is my next appointment?", "do I have anything booked {D}?",
               "what time is my appointment {D}?",
               "can you remind me of my appointments",
               "have I got anything coming up with {P}?",
               "is my daughter booked in for anything?",
               "list my upcoming appointments pls",
               "is my appt {D} at {H}?", "what do I have booked this month?"],
    },
    "INFORMATION": {
        "fr": ["quels sont vos horaires ?", "vous êtes ouverts {D} ?",
               "c'est ouvert le samedi ?", "quelle est votre adresse ?",
               "il y a un parking ?", "combien coûte {T} ?",
               "c'est combien {T} ?", "vous prenez la carte vitale ?",
               "vous êtes où exactement ?", "ça dure combien de temps {T} ?",
               "vous fermez à quelle heure ?", "vous faites {T} ?",
               "c'est remboursé {T} ?", "vous êtes accessibles en fauteuil ?",
               "vous parlez anglais ?", "c'est ouvert entre Noël et le "
               "jour de l'an ?", "quels jours vous êtes ouverts ?"],
        "en": ["what are your opening hours?", "are you open {D}?",
               "open on saturdays?", "what's your address?",
               "is there parking?", "how much is {T}?",
               "how long does {T} take?", "what time do you close?",
               "do you do {T}?", "where are you located?",
               "do you take my insurance?", "is it wheelchair accessible?",
               "which days are you open?", "do you speak french?",
               "how much do you charge for {T}?"],
    },
    "INFORMATION/name": {
        "fr": ["{F} {L}", "{L} {F}", "c'est {F} {L}", "je m'appelle {F} {L}",
               "{F} {L}, merci", "moi c'est {F} {L}", "{L}, {F}",
               "au nom de {F} {L}", "{F}"],
        "en": ["{F} {L}", "it's {F} {L}", "my name is {F} {L}",
               "{F} {L} thanks", "{L}, {F}", "name's {F} {L}",
               "under {F} {L}", "{F}"],
    },
    "INFORMATION/birth_date": {
        "fr": ["{B}", "je suis née le {B}", "le {B}", "{B} merci",
               "né le {B}"],
        "en": ["{B}", "born {B}", "it's {B}", "{B} thanks", "dob {B}"],
    },
    "INFORMATION/date": {
        "fr": ["{D}", "plutôt {D}", "{D} {H}", "{D} ça m'irait",
               "je suis dispo {D}", "{D} si possible", "c'est {D} qui "
               "m'arrange", "n'importe quel jour sauf {D}"],
        "en": ["{D}", "{D} {H}", "{D} works", "I'm free {D}",
               "{D} if possible", "any day but {D}", "{D} would be best"],
    },
    "INFORMATION/time": {
        "fr": ["{H}", "plutôt {H}", "{H} ça serait bien", "vers {H}",
               "{H} si possible", "pas avant {H}"],
        "en": ["{H}", "{H} please", "around {H}", "{H} would be ideal",
               "not before {H}", "{H} if you can"],
    },
    "INFORMATION/contact": {
        "fr": ["{N}", "mon numéro c'est le {N}", "{E}", "mon mail : {E}"],
        "en": ["{N}", "my number is {N}", "{E}", "email: {E}"],
    },
    "GREETING": {
        "fr": ["bonjour", "bonsoir", "coucou", "salut !", "bjr",
               "bonjour, comment allez-vous ?", "bonne année à toute "
               "l'équipe !", "hello", "bonne soirée", "joyeux Noël !"],
        "en": ["hi", "hello there", "hey!", "good morning", "hiya",
               "hello, how are you?", "happy new year!", "evening",
               "good afternoon :)", "merry christmas to all the team"],
    },
    "AFFIRMATIVE": {
        "fr": ["oui", "ok", "d'accord", "ça marche", "parfait",
               "oui c'est bon", "nickel", "top merci", "d'acc", "merci",
               "c'est parfait, merci", "oui ça me va", "👍", "ouais"],
        "en": ["yes", "ok", "sure", "sounds good", "perfect", "great thanks",
               "yep", "that works", "thanks", "cheers", "yes please",
               "👍", "yeah fine", "lovely"],
    },
    "NEGATIVE": {
        "fr": ["non", "non merci", "pas du tout", "non ça ne va pas",
               "aucun ne me va", "non, pas ce jour-là", "nan"],
        "en": ["no", "no thanks", "nope", "that doesn't work",
               "none of those work", "no, not that day", "nah"],
    },
    "LIST_PRACTITIONERS": {
        "fr": ["quels {W} travaillent chez vous ?", "vous avez quels {W} ?",
               "qui sont les {W} du cabinet ?", "il y a combien de {W} ?",
               "quel {W} fait {T} ?", "vous avez des {W} femmes ?",
               "c'est qui les praticiens ?", "la liste des {W} svp"],
        "en": ["which {W} do you have?", "who are your {W}?",
               "what {W} work there?", "who does {T}?",
               "how many {W} are there?", "do you have a female {W}?",
               "list of practitioners please", "who r ur {W}"],
    },
    "EMERGENCY": {
        "fr": ["j'ai une rage de dents, je ne dors plus",
               "ma joue a gonflé et j'ai 39 de fièvre",
               "mon fils est tombé, il a une dent cassée et ça saigne",
               "je saigne beaucoup depuis l'extraction, ça ne s'arrête pas",
               "j'ai du mal à respirer", "ma mère a perdu connaissance",
               "douleur dans la poitrine depuis ce matin",
               "ma fille a 40 de fièvre et ne réagit presque plus",
               "mon père a la bouche de travers et parle mal",
               "j'ai la gorge qui se serre après le médicament",
               "je me suis évanouie ce matin",
               "douleur insupportable, je n'en peux plus"],
        "en": ["I have unbearable tooth pain, can't sleep",
               "my face is swollen and I have a high fever",
               "my son fell and knocked a tooth out",
               "bleeding since the extraction and it won't stop",
               "I can't breathe properly", "my husband passed out",
               "chest pain since this morning",
               "my baby has a high fever and is barely responding",
               "my dad's face is drooping and his speech is slurred",
               "my throat feels like it's closing up after the pill",
               "I fainted this morning", "the pain is unbearable"],
    },
    "UNKNOWN": {
        "fr": ["hein ?", "quoi", "vends vélo bon état", "...",
               "je sais pas", "c'est pour quoi déjà ?", "lol",
               "mon chien est malade", "il fait beau aujourd'hui",
               "vous pouvez répéter ?", "j'ai une question",
               "c'est pour mon dos, ça va mieux", "bof",
               "euh attendez", "je reviens vers vous"],
        "en": ["huh?", "what", "selling my bike", "...", "dunno",
               "lol", "my dog is sick", "nice weather today",
               "can you say that again?", "I have a question",
               "hmm", "hang on", "I'll get back to you",
               "how do I get a mortgage?", "wrong number sorry"],
    },
}

# What Sophie awaits for the answers above (None: she awaits nothing).
AWAIT = {"INFORMATION/name": "name", "INFORMATION/birth_date": "birth_date",
         "INFORMATION/date": "date", "INFORMATION/time": "time",
         "INFORMATION/contact": None, "AFFIRMATIVE": "confirmation",
         "NEGATIVE": "confirmation"}


def sms(r, s):
    for a, b in SMS:
        if a in s and r.random() < 0.5:
            s = s.replace(a, b)
    if r.random() < 0.5:
        s = s.lower()
    if r.random() < 0.3:
        s = s.rstrip("?!. ")
    return s


def slip(r, s):
    idx = [i for i in range(len(s) - 1) if s[i].isalpha() and
           s[i + 1].isalpha()]
    if not idx:
        return s
    i = r.choice(idx)
    k = r.randrange(3)
    if k == 0:
        return s[:i] + s[i + 1:]
    if k == 1:
        return s[:i] + s[i + 1] + s[i] + s[i + 2:]
    return s[:i] + s[i] + s[i:]


def fill(r, t, lang, kind):
    c = CLINICS[kind]
    y = r.randrange(1940, 2020)
    vals = {
        "T": r.choice(c[lang]),
        "P": r.choice(PRACT),
        "D": r.choice(DAYS_FR if lang == "fr" else DAYS_EN),
        "H": r.choice(TIMES_FR if lang == "fr" else TIMES_EN),
        "W": r.choice(c["who_" + lang]),
        "F": r.choice(FIRST),
        "L": r.choice(LAST),
        "B": r.choice(["%02d/%02d/%d" % (r.randrange(1, 29),
                       r.randrange(1, 13), y),
                       "%d-%02d-%02d" % (y, r.randrange(1, 13),
                       r.randrange(1, 29)),
                       "%d %s %d" % (r.randrange(1, 29),
                       r.choice(["mars", "juin", "octobre", "may",
                                 "june", "january"]), y)]),
        "N": r.choice(["06 %02d %02d %02d %02d" % tuple(
                       r.randrange(100) for _ in range(4)),
                       "+44 7%d" % r.randrange(10 ** 8, 10 ** 9),
                       "0%d" % r.randrange(10 ** 8, 10 ** 9)]),
        "E": "%s.%s@%s" % (r.choice(FIRST).lower(), r.choice(LAST).lower()
                           .replace(" ", ""), r.choice(["gmail.com",
                           "orange.fr", "outlook.com"])),
    }
    out = t
    for k, v in vals.items():
        while "{" + k + "}" in out:
            out = out.replace("{" + k + "}", v, 1)
            if k in "DH":
                v = r.choice((DAYS_FR if lang == "fr" else DAYS_EN)
                             if k == "D" else
                             (TIMES_FR if lang == "fr" else TIMES_EN))
    return out


def message(r, key, lang):
    kind = r.choice(sorted(CLINICS))
    s = fill(r, r.choice(TPL[key][lang]), lang, kind)
    simple = key.startswith("INFORMATION/") or key in (
        "AFFIRMATIVE", "NEGATIVE", "GREETING", "UNKNOWN")
    # Long messages: the request among other sentences (never for a bare
    # answer, a yes or a no, which stay short).
    if not simple and r.random() < 0.3:
        fill_ = FILLER_FR if lang == "fr" else FILLER_EN
        pre = r.sample(fill_, r.randrange(0, 3))
        post = r.sample(fill_, r.randrange(0, 2))
        hi = r.choice(["Bonjour,", "Bonsoir,", ""] if lang == "fr" else
                      ["Hi,", "Hello,", ""])
        s = " ".join(x for x in [hi] + pre + [s] + post if x)
    # Mixed languages: an opening or closing in the other one.
    if r.random() < 0.08:
        if lang == "fr":
            s = r.choice(["hello, ", "hi ", ""]) + s + r.choice(
                [" thanks", " cheers", ""])
        else:
            s = r.choice(["bonjour, ", "salut ", ""]) + s + r.choice(
                [" merci", " merci beaucoup", ""])
    if r.random() < 0.4:
        s = sms(r, s)
    elif r.random() < 0.3:
        s = s[:1].upper() + s[1:]
    for _ in range(r.choice([0, 0, 1, 1, 2])):
        s = slip(r, s)
    return s


def main():
    n, seed, skip = 300, 1, set()
    a = sys.argv[1:]
    while a:
        if a[0] == "--skip" and len(a) > 1:
            skip.add(a[1])
            a = a[2:]
            continue
        if a[0] == "-n" and len(a) > 1:
            n = int(a[1])
            a = a[2:]
        elif a[0] == "--seed" and len(a) > 1:
            seed = int(a[1])
            a = a[2:]
        else:
            sys.stderr.write("usage: ft_gen.py [-n N] [--seed S] [--skip INTENT]...\n")
            return 2
    r = random.Random(seed)
    for key in sorted(TPL):
        intent = key.split("/")[0]
        if intent in skip:
            continue
        # Answers share the INFORMATION budget between their kinds.
        k = n // 3 if "/" in key else n
        for i in range(k):
            lang = "fr" if i % 2 == 0 else "en"
            o = {"text": message(r, key, lang),
                 "expect": {"intent": intent}}
            aw = AWAIT.get(key)
            if aw is not None and (key.startswith("INFORMATION/") or
                                   r.random() < 0.8):
                o["context"] = {"awaiting": aw}
            print(json.dumps(o, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
