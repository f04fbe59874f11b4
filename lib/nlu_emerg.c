/*
 * nlu_emerg — emergencies as a symptom lexicon by medical category, in
 * French and English, matched anywhere in the folded tokens of a message.
 *
 * A pattern is a list of blank-separated words; a word may list
 * alternatives ("joue|visage") and end in '*' (any ending); "~" skips up
 * to four words. Patterns match inside one sentence and step over signs
 * such as '-', ',' or '/'. A match is dropped when a negation ("pas",
 * "no", "sans", "don't"...) stands just before it in the same clause,
 * unless the pattern says the negation itself ("arrive pas a respirer"),
 * and when its sentence tells of the past or a hypothesis ("l'an
 * dernier", "years ago", "en cas de").
 *
 * Some signals are emergencies alone (chest pain); others only together
 * (a swollen cheek with a fever, a fall with confusion, a child with a
 * high fever, bleeding that does not stop).
 */
#include <stdint.h>
#include <string.h>

#include "nlu_int.h"

/* Signals: bit masks; SIG_ALONE is an emergency by itself. */
#define SIG_ALONE	0x001	/* emergency alone */
#define SIG_SWELL	0x002	/* face, cheek, neck or jaw swollen */
#define SIG_FEVER	0x004	/* any fever */
#define SIG_HIGH	0x008	/* a high fever (implies SIG_FEVER) */
#define SIG_CHILD	0x010	/* a baby or a child */
#define SIG_LIMP	0x020	/* limp, drowsy, barely responding */
#define SIG_HEAD	0x040	/* confused, drowsy, vomiting */
#define SIG_FALL	0x080	/* a fall or a knock on the head */
#define SIG_BLEED	0x100	/* bleeding, blood */
#define SIG_NONSTOP	0x200	/* that does not stop, a lot */
#define SIG_PAIN	0x400	/* a pain word */
#define SIG_TEN		0x800	/* "10/10", "10 out of 10" */
#define SIG_TRIGGER	0x1000	/* a sting, a drug, an injection */
#define SIG_HURT	0x2000	/* cannot stand, move or get up */
#define SIG_CRY		0x4000	/* crying */
#define SIG_NOHELP	0x8000	/* nothing calms the pain */
#define SIG_IMPACT	0x10000	/* a blow, a ball, an elbow */
#define SIG_TOOTHOUT	0x20000	/* a tooth gone or loose */
#define SIG_CRACK	0x40000	/* heard a crack or a pop in a joint */
#define SIG_TOOTHBRK	0x80000	/* a tooth broken: alone unless minor */
#define SIG_NUMB	0x100000 /* no feeling: alone unless anaesthetic */
#define SIG_SPREAD	0x200000 /* itching or swelling that spreads */
#define SIG_INGEST	0x400000 /* swallowed pills or a product */

struct emerg_pat {
	enum nlu_emerg	 cat;	/* category when it is an emergency */
	int		 sig;	/* SIG_* mask */
	const char	*pat;	/* pattern, see above */
};

/* Body words that swell. */
#define FACE	"joue|joues|visage|figure|cou|machoire|face|cheek|cheeks|" \
		"neck|jaw|gencive|gencives"
#define SWELLS	"gonfl*|enfl*|swollen|swelling|swell*|puffy|boursoufl*|" \
		"blown|ballooned|puffed|puffing|bloated|huge|enormous|" \
		"enorme|massive"
#define MOUTH	"levre|levres|langue|paupiere*|lips|lip|tongue|eyelid*|" \
		"eyes|yeux"
#define NOTFALL	"malade|malades|enceinte|bien|mal|sur|pile|amoureux|" \
		"amoureuse|asleep|ill|sick|pregnant|behind|apart|through|out"
#define TOOTH	"dent|dents|incisive*|molaire*|canine*|premolaire*|tooth|" \
		"teeth|molar|molars|incisor*|canine|premolar*"
#define NEG	"plus|pas|pa|po|not"
#define ARRIVE	"arrive|jarrive|narrive|arrivent|arrives|peux|peut|pe|" \
		"pouvons|parviens|parvient"
#define BREATHE	"respirer|respire|respirez|avaler|avale|deglutir|" \
		"souffler"
/* Hard things one falls on. */
#define HARD	"carrelage|sol|trottoir|beton|bitume|goudron|pave|paves|" \
		"marche|marches|rebord|bord|coin|table|meuble|carreaux|" \
		"floor|pavement|sidewalk|concrete|tiles|tile|step|steps|edge|" \
		"corner|table|kerb|curb|ground|asphalt"
#define FALLS	"escalier*|velo|moto|cheval|echelle|toit|lit|hauteur|" \
		"trottinette|scooter|chaise|balcon|arbre|stairs|staircase|" \
		"ladder|bike|bicycle|horse|roof|bed|chair|balcony|tree|height"

static const struct emerg_pat pats[] = {
	/* loss of consciousness */
	{ NLU_EMERG_FAINT, SIG_ALONE, "evanoui*" },
	{ NLU_EMERG_FAINT, SIG_ALONE,
	    "perdu|perdue|perdre|perd|perdent|perdait "
	    "connaissance|conscience" },
	{ NLU_EMERG_FAINT, SIG_ALONE, "tombe|tombee raide" },
	{ NLU_EMERG_FAINT, SIG_ALONE, "perte de connaissance|conscience" },
	{ NLU_EMERG_FAINT, SIG_ALONE, "sans connaissance" },
	{ NLU_EMERG_FAINT, SIG_ALONE, "tombe* dans les pommes" },
	{ NLU_EMERG_FAINT, SIG_ALONE, "malaise|malaises" },
	{ NLU_EMERG_FAINT, SIG_ALONE, "est|reste|allonge|allongee par terre" },
	{ NLU_EMERG_FAINT, SIG_ALONE, "not|t waking up" },
	{ NLU_EMERG_FAINT, SIG_ALONE, "hard to wake" },
	{ NLU_EMERG_FAINT, SIG_ALONE, "difficile a reveiller" },
	{ NLU_EMERG_FAINT, SIG_ALONE, "sens|sent partir" },
	{ NLU_EMERG_FAINT, SIG_ALONE, "going to faint" },
	{ NLU_EMERG_FAINT, SIG_ALONE,
	    "stopped|stops|stop responding|reacting|moving" },
	{ NLU_EMERG_FAINT, SIG_ALONE, "isn t|not moving" },
	{ NLU_EMERG_FAINT, SIG_ALONE | SIG_LIMP,
	    "went|gone|goes|go|going limp|floppy" },
	{ NLU_EMERG_FAINT, SIG_ALONE | SIG_LIMP,
	    "devenu|devenue|devient tout|toute mou|molle" },
	{ NLU_EMERG_FAINT, SIG_ALONE, "effondre*|ecroule*|syncope*" },
	{ NLU_EMERG_FAINT, SIG_ALONE, "keeled|keel over" },
	{ NLU_EMERG_FAINT, SIG_ALONE, "tombe* dans les vapes" },
	{ NLU_EMERG_FAINT, SIG_ALONE, "inconscient*" },
	{ NLU_EMERG_FAINT, SIG_ALONE | SIG_LIMP,
	    "repond|reagit plus|presque" },
	{ NLU_EMERG_FAINT, SIG_ALONE | SIG_LIMP, "reagit pas|peu|mal" },
	{ NLU_EMERG_FAINT, SIG_ALONE | SIG_LIMP, "repond pas bien|mal" },
	{ NLU_EMERG_FAINT, SIG_ALONE, "reveille plus|pas" },
	{ NLU_EMERG_FAINT, SIG_ALONE, "fainted|fainting|faints" },
	{ NLU_EMERG_FAINT, SIG_ALONE, "passed|pass|passing out" },
	{ NLU_EMERG_FAINT, SIG_ALONE, "blacked|black|blacking out" },
	{ NLU_EMERG_FAINT, SIG_ALONE, "out of consciousness" },
	{ NLU_EMERG_FAINT, SIG_ALONE, "perdu ses|les esprits" },
	{ NLU_EMERG_FAINT, SIG_ALONE, "blackout" },
	/* "everything went black", "tout est devenu noir" */
	{ NLU_EMERG_FAINT, SIG_ALONE,
	    "everything|all went|goes|turned|going black|dark" },
	{ NLU_EMERG_FAINT, SIG_ALONE, "tout est|devient|devenu noir" },
	{ NLU_EMERG_FAINT, SIG_ALONE, "tout est devenu noir" },
	{ NLU_EMERG_FAINT, SIG_ALONE, "trou noir" },
	{ NLU_EMERG_FAINT, SIG_ALONE, "lost|losing consciousness" },
	{ NLU_EMERG_FAINT, SIG_ALONE, "loss of consciousness" },
	{ NLU_EMERG_FAINT, SIG_ALONE, "unconscious|unresponsive" },
	{ NLU_EMERG_FAINT, SIG_ALONE, "collapsed|collapse" },
	{ NLU_EMERG_FAINT, SIG_ALONE,
	    "dropped|fell|slumped|crumpled to the floor|ground" },
	{ NLU_EMERG_FAINT, SIG_ALONE | SIG_LIMP,
	    "barely|hardly respond*|responsive" },
	{ NLU_EMERG_FAINT, SIG_ALONE, "won|can t wake up" },
	{ NLU_EMERG_FAINT, SIG_ALONE, "wont wake up" },
	/* bleeding that will not stop */
	{ NLU_EMERG_BLEEDING, SIG_BLEED,
	    "saign*|sang|bleed*|bled|blood|nosebleed*" },
	{ NLU_EMERG_BLEEDING, SIG_NONSTOP,
	    "arrete|arretent|arrette|sarrete " NEG },
	{ NLU_EMERG_BLEEDING, SIG_NONSTOP, "bcp|bcq|bcoup|bocou|enormement" },
	{ NLU_EMERG_BLEEDING, SIG_NONSTOP, "sans s arreter" },
	{ NLU_EMERG_BLEEDING, SIG_NONSTOP,
	    "arrive|peux|peut|parviens plus|pas|pa a l|arreter" },
	{ NLU_EMERG_BLEEDING, SIG_NONSTOP, "sans arret|cesse" },
	{ NLU_EMERG_BLEEDING, SIG_NONSTOP, "non stop" },
	{ NLU_EMERG_BLEEDING, SIG_NONSTOP, "nonstop|continu*|tjr|tjrs" },
	{ NLU_EMERG_BLEEDING, SIG_NONSTOP, "toujours|still|keeps|keep" },
	{ NLU_EMERG_BLEEDING, SIG_NONSTOP, "won|doesn|hasn|can t stop*" },
	{ NLU_EMERG_BLEEDING, SIG_NONSTOP, "wont|cannot|cant stop*" },
	{ NLU_EMERG_BLEEDING, SIG_NONSTOP, "will|does|has not stop*" },
	{ NLU_EMERG_BLEEDING, SIG_NONSTOP, "not stopping" },
	{ NLU_EMERG_BLEEDING, SIG_NONSTOP, "nothing ~ stops|stop|works" },
	{ NLU_EMERG_BLEEDING, SIG_NONSTOP,
	    "rien ne|n ~ arrete|arreter|calme|marche" },
	{ NLU_EMERG_BLEEDING, SIG_NONSTOP, "beaucoup|abondamment|enormement" },
	{ NLU_EMERG_BLEEDING, SIG_NONSTOP, "a lot|lots" },
	{ NLU_EMERG_BLEEDING, SIG_NONSTOP, "heavily|heavy|badly|gushing" },
	{ NLU_EMERG_BLEEDING, SIG_NONSTOP, "pleine|plein de" },
	{ NLU_EMERG_BLEEDING, SIG_NONSTOP, "full of" },
	{ NLU_EMERG_BLEEDING, SIG_NONSTOP, "soaked|trempe*|partout" },
	{ NLU_EMERG_BLEEDING, SIG_NONSTOP, "des heures" },
	{ NLU_EMERG_BLEEDING, SIG_NONSTOP, "hours" },
	{ NLU_EMERG_BLEEDING, SIG_NONSTOP,
	    "flot|flots|torrent*|gicle*|pours|pouring|gushes" },
	{ NLU_EMERG_BLEEDING, SIG_NONSTOP, "fait|depuis ~ heure|heures|h" },
	{ NLU_EMERG_BLEEDING, SIG_ALONE, "hemorragi*|haemorrhag*|hemorrhag*" },
	{ NLU_EMERG_BLEEDING, SIG_ALONE, "saignement* abondant*" },
	{ NLU_EMERG_BLEEDING, SIG_ALONE, "pisse*|pisser le sang" },
	{ NLU_EMERG_BLEEDING, SIG_ALONE, "blood everywhere" },
	/* swelling of the face, cheek or neck (with a fever) */
	{ NLU_EMERG_SWELLING, SIG_SWELL, FACE " ~ " SWELLS },
	{ NLU_EMERG_SWELLING, SIG_SWELL, SWELLS " ~ " FACE },
	{ NLU_EMERG_SWELLING, SIG_SWELL, "abces|abcess|abscess*" },
	{ NLU_EMERG_SWELLING, SIG_SWELL, "boule|bosse|lump|bump ~ " FACE },
	{ NLU_EMERG_SWELLING, SIG_SWELL, "double*|tripl*|gonfl* de volume" },
	{ NLU_EMERG_SWELLING, SIG_SWELL,
	    "peux|peut|arrive|pe plus|pas|pa ~ ouvrir la bouche" },
	{ NLU_EMERG_SWELLING, SIG_SWELL,
	    "machoire|jaw ~ bloque*|locked|coincee" },
	{ NLU_EMERG_SWELLING, SIG_SWELL, "can t|cannot|cant open ~ mouth" },
	{ NLU_EMERG_SWELLING, SIG_SWELL,
	    "cant|cannot open ~ mouth" },
	{ NLU_EMERG_SWELLING, SIG_FEVER,
	    "fievr*|fever*|feverish|febrile|temperature|temp" },
	{ NLU_EMERG_SWELLING, SIG_FEVER | SIG_HIGH,
	    "forte|grosse|grande|haute fievre" },
	{ NLU_EMERG_SWELLING, SIG_FEVER | SIG_HIGH,
	    "fievre forte|elevee|tres" },
	{ NLU_EMERG_SWELLING, SIG_FEVER | SIG_HIGH, "fievre de cheval" },
	{ NLU_EMERG_SWELLING, SIG_FEVER | SIG_HIGH, "beaucoup de fievre" },
	{ NLU_EMERG_SWELLING, SIG_FEVER | SIG_HIGH, "brulant|brulante" },
	{ NLU_EMERG_SWELLING, SIG_FEVER | SIG_HIGH, "burning up" },
	{ NLU_EMERG_SWELLING, SIG_FEVER | SIG_HIGH, "burning hot" },
	{ NLU_EMERG_SWELLING, SIG_FEVER | SIG_HIGH,
	    "very|burning|boiling hot" },
	{ NLU_EMERG_SWELLING, SIG_FEVER | SIG_HIGH, "tres|hyper|super chaud" },
	{ NLU_EMERG_SWELLING, SIG_FEVER | SIG_HIGH,
	    "a|ai|at 39|40|41|42 !ans|an|minutes|min|mn|euros|kg|km|metres" },
	{ NLU_EMERG_SWELLING, SIG_FEVER | SIG_HIGH,
	    "39|40|41 1|2|3|4|5|6|7|8|9" },
	{ NLU_EMERG_SWELLING, SIG_FEVER | SIG_HIGH,
	    "high|very|raging fever|temperature|temp" },
	{ NLU_EMERG_SWELLING, SIG_FEVER | SIG_HIGH,
	    "39|40|41|42 ~ fievre|fever|temp|temperature|degre*|c" },
	{ NLU_EMERG_SWELLING, SIG_FEVER | SIG_HIGH,
	    "fievre|fever|temp|temperature ~ 39|40|41|42" },
	/* "thermometer says 39", "le thermomètre affiche 39,5" */
	{ NLU_EMERG_SWELLING, SIG_FEVER | SIG_HIGH,
	    "says|shows|reads|indique|affiche|marque 39|40|41|42" },
	/* shivers: "hot and shivery", "des frissons" */
	{ NLU_EMERG_SWELLING, SIG_FEVER,
	    "shivery|shivering|shivers|chills|frissons|grelotte*" },
	/* breathing or swallowing */
	{ NLU_EMERG_BREATHING, SIG_ALONE, ARRIVE " " NEG " ~ " BREATHE },
	{ NLU_EMERG_BREATHING, SIG_ALONE, "a peine ~ " BREATHE },
	{ NLU_EMERG_BREATHING, SIG_ALONE, "barely|hardly ~ breathe|swallow" },
	{ NLU_EMERG_BREATHING, SIG_ALONE,
	    "arrive plus|pas a respirer|avaler|deglutir" },
	{ NLU_EMERG_BREATHING, SIG_ALONE,
	    "peux|peut|pouvons plus|pas respirer|avaler|deglutir" },
	{ NLU_EMERG_BREATHING, SIG_ALONE,
	    "du mal a respirer|respire|avaler|avale|deglutir" },
	{ NLU_EMERG_BREATHING, SIG_ALONE,
	    "difficulte|difficultes a respirer|avaler|deglutir" },
	{ NLU_EMERG_BREATHING, SIG_ALONE, "difficultes respiratoires" },
	{ NLU_EMERG_BREATHING, SIG_ALONE, "detresse respiratoire" },
	{ NLU_EMERG_BREATHING, SIG_ALONE,
	    "respire plus|pas|mal|difficilement" },
	{ NLU_EMERG_BREATHING, SIG_ALONE,
	    "respire tres|super|vraiment|hyper mal|difficilement|vite" },
	{ NLU_EMERG_BREATHING, SIG_ALONE, "respire tres mal" },
	{ NLU_EMERG_BREATHING, SIG_ALONE, "etouffe*|essouffl*" },
	{ NLU_EMERG_BREATHING, SIG_ALONE, "souffle court" },
	{ NLU_EMERG_BREATHING, SIG_ALONE, "reprendre son|mon|sa souffle" },
	{ NLU_EMERG_BREATHING, SIG_ALONE, "manque d air" },
	{ NLU_EMERG_BREATHING, SIG_ALONE, "levres bleu*" },
	{ NLU_EMERG_BREATHING, SIG_ALONE, "gorge ~ ferme|gonfl*|serre*" },
	{ NLU_EMERG_BREATHING, SIG_ALONE,
	    "can t breathe|breath|swallow" },
	{ NLU_EMERG_BREATHING, SIG_ALONE,
	    "cant|cannot breathe|breath|swallow" },
	{ NLU_EMERG_BREATHING, SIG_ALONE,
	    "can not|unable to breathe|breath|swallow" },
	{ NLU_EMERG_BREATHING, SIG_ALONE,
	    "trouble|difficulty|struggling|struggle|struggles breathing|"
	    "swallowing" },
	{ NLU_EMERG_BREATHING, SIG_ALONE,
	    "struggling|struggle|struggles|hard to breathe|breath|swallow" },
	{ NLU_EMERG_BREATHING, SIG_ALONE, "can barely breathe|swallow" },
	{ NLU_EMERG_BREATHING, SIG_ALONE, "not|barely|stopped breathing" },
	{ NLU_EMERG_BREATHING, SIG_ALONE, "short|shortness of breath" },
	{ NLU_EMERG_BREATHING, SIG_ALONE,
	    "breathless|wheez*|choking|gasping|suffocat*" },
	{ NLU_EMERG_BREATHING, SIG_ALONE, "catch ~ breath" },
	{ NLU_EMERG_BREATHING, SIG_ALONE,
	    "struggl* ~ breath|breathe|breathing" },
	{ NLU_EMERG_BREATHING, SIG_ALONE, "enough air|breath" },
	{ NLU_EMERG_BREATHING, SIG_ALONE, "pas assez d air" },
	{ NLU_EMERG_BREATHING, SIG_ALONE, "airway* ~ clos*|block*|swell*" },
	{ NLU_EMERG_BREATHING, SIG_ALONE,
	    "barely|can t|cant|cannot get ~ air" },
	{ NLU_EMERG_BREATHING, SIG_ALONE,
	    "barely|cant|cannot get ~ air" },
	{ NLU_EMERG_BREATHING, SIG_ALONE,
	    "levres|lips ~ violet*|bleu*|purple|grey|gray" },
	{ NLU_EMERG_BREATHING, SIG_ALONE,
	    "respire|respirer ~ vite|rapidement|bizarre*" },
	{ NLU_EMERG_BREATHING, SIG_ALONE,
	    "breathing ~ fast|funny|strange|weird|rapid*" },
	{ NLU_EMERG_BREATHING, SIG_ALONE, "crise|crises d asthme" },
	{ NLU_EMERG_BREATHING, SIG_ALONE, "asthma attack" },
	{ NLU_EMERG_BREATHING, SIG_ALONE,
	    "reprendre sa|son|ma|mon respiration|souffle" },
	{ NLU_EMERG_BREATHING, SIG_ALONE,
	    "devient|devenu|devenue|turning|turned|going|gone "
	    "bleu|bleue|blue" },
	{ NLU_EMERG_BREATHING, SIG_ALONE, "lips ~ blue" },
	{ NLU_EMERG_BREATHING, SIG_ALONE, "blue lips" },
	{ NLU_EMERG_BREATHING, SIG_ALONE,
	    "throat ~ clos*|swell*|swollen|tight|tightening" },
	{ NLU_EMERG_BREATHING, SIG_ALONE, "tight|closing ~ throat" },
	/* trauma: a tooth knocked out or broken, a bad fall, an accident */
	{ NLU_EMERG_TRAUMA, SIG_TOOTHBRK,
	    TOOTH " ~ cass*|arrach*|fractur*|fendu*|expuls*|delog*" },
	{ NLU_EMERG_TRAUMA, SIG_TOOTHBRK, "cass*|fractur* ~ " TOOTH },
	{ NLU_EMERG_TRAUMA, SIG_ALONE, "knocked ~ out ~ tooth|teeth" },
	{ NLU_EMERG_TRAUMA, SIG_TOOTHBRK,
	    "knocked|broke|broken|cracked|snapped|smashed|shattered|split ~ "
	    TOOTH },
	{ NLU_EMERG_TRAUMA, SIG_TOOTHBRK,
	    TOOTH " ~ knocked|broke|broken|cracked|snapped|smashed|shattered" },
	{ NLU_EMERG_TRAUMA, SIG_ALONE, "accident|accidents" },
	{ NLU_EMERG_TRAUMA, SIG_ALONE | SIG_FALL, "tomb*|chute* ~ " FALLS },
	{ NLU_EMERG_TRAUMA, SIG_ALONE | SIG_FALL,
	    "fell|fall|fallen|falling ~ " FALLS },
	{ NLU_EMERG_TRAUMA, SIG_ALONE | SIG_FALL, "fell off|down" },
	{ NLU_EMERG_TRAUMA, SIG_ALONE, "renverse* par" },
	{ NLU_EMERG_TRAUMA, SIG_ALONE, "fait|faite renverser|renverse*" },
	{ NLU_EMERG_TRAUMA, SIG_IMPACT,
	    "balle|ballon|coup|choc|cogne*|heurte*|ball|punch*|hit|smack*|"
	    "elbow*|kick*|trampoline|coude|poing|croque*|mordu|bit|biting" },
	{ NLU_EMERG_TRAUMA, SIG_TOOTHOUT,
	    TOOTH " ~ partie|parti|sortie|boug*|delogee|loose|hanging|out|"
	    "enfonc*|deplac*|pushed|displaced|bent|dechauss*|wobbl*|"
	    "rentre*|remonte*|intru*|jammed|shoved" },
	{ NLU_EMERG_TRAUMA, SIG_ALONE,
	    "bad|nasty|serious|heavy fall|falls" },
	{ NLU_EMERG_TRAUMA, SIG_ALONE,
	    "grosse|mauvaise|violente|lourde chute" },
	{ NLU_EMERG_TRAUMA, SIG_ALONE, "hit by a" },
	{ NLU_EMERG_TRAUMA, SIG_ALONE, "coup du lapin" },
	{ NLU_EMERG_TRAUMA, SIG_ALONE, "whiplash|concussion" },
	{ NLU_EMERG_TRAUMA, SIG_ALONE,
	    "dislocat*|deboit*|luxation|luxe|luxee" },
	{ NLU_EMERG_TRAUMA, SIG_ALONE, "commotion cerebrale" },
	{ NLU_EMERG_TRAUMA, SIG_ALONE, "traumatisme cranien" },
	{ NLU_EMERG_TRAUMA, SIG_ALONE, "head injury" },
	{ NLU_EMERG_TRAUMA, SIG_ALONE,
	    "broke|broken ~ arm|leg|wrist|ankle|bone|nose|jaw|hip" },
	{ NLU_EMERG_TRAUMA, SIG_ALONE,
	    "cass* ~ bras|jambe|poignet|cheville|nez|machoire|hanche" },
	{ NLU_EMERG_TRAUMA, SIG_FALL,
	    "tomb*|chute*|glisse* !" NOTFALL },
	{ NLU_EMERG_TRAUMA, SIG_FALL,
	    "fell|fall|fallen|falls|slipped|tripped !" NOTFALL },
	{ NLU_EMERG_TRAUMA, SIG_FALL, "cogne* ~ tete" },
	/* "tombée sur le carrelage" ("sur" alone is no fall: NOTFALL) */
	{ NLU_EMERG_TRAUMA, SIG_FALL,
	    "tomb*|chute* sur ~ " HARD },
	{ NLU_EMERG_TRAUMA, SIG_FALL,
	    "fell|fall|fallen|falling onto|on|against ~ " HARD },
	{ NLU_EMERG_TRAUMA, SIG_FALL, "tomb*|chute* sur la|le tete|crane" },
	{ NLU_EMERG_TRAUMA, SIG_FALL, "landed|land|lands ~ head" },
	{ NLU_EMERG_TRAUMA, SIG_FALL, "coup ~ tete" },
	{ NLU_EMERG_TRAUMA, SIG_FALL, "hit|bumped|banged|knocked ~ head" },
	{ NLU_EMERG_TRAUMA, SIG_HURT,
	    "peut|peux|arrive plus|pas ~ poser le pied" },
	{ NLU_EMERG_TRAUMA, SIG_HURT, "peut|peux|arrive plus|pas ~ bouger" },
	{ NLU_EMERG_TRAUMA, SIG_HURT, "peut|peux|arrive plus|pas ~ relever" },
	{ NLU_EMERG_TRAUMA, SIG_HURT, "can t put weight" },
	/* "impossible de poser le pied", "unable to walk" */
	{ NLU_EMERG_TRAUMA, SIG_HURT,
	    "impossible de|d poser|marcher|bouger|appuyer|plier" },
	{ NLU_EMERG_TRAUMA, SIG_HURT, "unable to walk|stand|move" },
	{ NLU_EMERG_TRAUMA, SIG_HURT, "cant|cannot put weight" },
	{ NLU_EMERG_TRAUMA, SIG_HURT, "bear|put ~ weight" },
	{ NLU_EMERG_TRAUMA, SIG_HURT, "can t move|stand|walk" },
	{ NLU_EMERG_TRAUMA, SIG_HURT, "cant|cannot move|stand|walk" },
	{ NLU_EMERG_TRAUMA, SIG_HURT,
	    "peut|peux|arrive|tient|tiens plus|pas ~ marcher|debout" },
	{ NLU_EMERG_TRAUMA, SIG_IMPACT | SIG_CRACK, "crack|craquement|crac" },
	{ NLU_EMERG_TRAUMA, SIG_CRACK, "craque|craquer|pop|popped|snap" },
	{ NLU_EMERG_TRAUMA, SIG_HURT,
	    "poignet|bras|jambe|cheville|doigt|genou|wrist|arm|leg|ankle|"
	    "finger|knee ~ tordu*|deform*|crooked|bent|angle" },
	{ NLU_EMERG_TRAUMA, SIG_HURT, "can t get up" },
	{ NLU_EMERG_TRAUMA, SIG_HURT, "cant|cannot get up" },
	/* severe or unbearable pain */
	{ NLU_EMERG_PAIN, SIG_ALONE, "rage|rages ~ dent|dents" },
	{ NLU_EMERG_PAIN, SIG_ALONE, "rage dentaire" },
	{ NLU_EMERG_PAIN, SIG_ALONE,
	    "insupportable*|atroce*|intenable*|epouvantable*|insoutenable*" },
	{ NLU_EMERG_PAIN, SIG_NOHELP, "en peux|peut plus" },
	{ NLU_EMERG_PAIN, SIG_NOHELP, "can t|cant take it" },
	{ NLU_EMERG_PAIN, SIG_NOHELP,
	    "cant|cannot take it" },
	{ NLU_EMERG_PAIN, SIG_ALONE,
	    "douleur|douleurs ~ horrible*|terrible*|affreuse*|intense*" },
	{ NLU_EMERG_PAIN, SIG_ALONE, "forte|fortes|violente* douleur*" },
	{ NLU_EMERG_PAIN, SIG_ALONE, "douleur|douleurs tres forte*|violente*" },
	{ NLU_EMERG_PAIN, SIG_ALONE, "douleur|douleurs violente*" },
	{ NLU_EMERG_PAIN, SIG_ALONE, "tellement|tllmt|tlmt|hyper mal" },
	{ NLU_EMERG_PAIN, SIG_ALONE, "trop trop mal" },
	{ NLU_EMERG_PAIN, SIG_ALONE,
	    "lance|fait mal ~ horriblement|atrocement|terriblement" },
	{ NLU_EMERG_PAIN, SIG_ALONE,
	    "souffre|souffrir le martyre|enormement|atrocement" },
	{ NLU_EMERG_PAIN, SIG_ALONE, "mal a en pleurer|crever|mourir" },
	{ NLU_EMERG_PAIN, SIG_ALONE, "pleure* de douleur" },
	{ NLU_EMERG_PAIN, SIG_ALONE, "unbearable|excruciating|agony" },
	{ NLU_EMERG_PAIN, SIG_ALONE, "agonizing|agonising|unbearably" },
	{ NLU_EMERG_PAIN, SIG_ALONE,
	    "worst|severe|terrible|horrible|extreme|intense ~ pain|pains|"
	    "toothache|ache" },
	{ NLU_EMERG_PAIN, SIG_ALONE, "so much pain" },
	{ NLU_EMERG_PAIN, SIG_TEN, "worst ~ ever|had|felt" },
	{ NLU_EMERG_PAIN, SIG_ALONE, "pire douleur" },
	{ NLU_EMERG_PAIN, SIG_ALONE, "jamais eu aussi mal" },
	{ NLU_EMERG_PAIN, SIG_ALONE,
	    "pain|pains|toothache|hurts|hurting|ache ~ so|too bad" },
	{ NLU_EMERG_PAIN, SIG_CRY, "crying|cry|pleure|pleurer|pleurs" },
	{ NLU_EMERG_PAIN, SIG_ALONE,
	    "pain|pains|toothache ~ intense|unbearable|excruciating|severe" },
	{ NLU_EMERG_PAIN, SIG_NOHELP, "nothing ~ helps|works|helping" },
	{ NLU_EMERG_PAIN, SIG_NOHELP,
	    "painkiller*|paracetamol|ibuprofen|advil|tylenol ~ nothing|"
	    "don t|not|aren t" },
	{ NLU_EMERG_PAIN, SIG_NOHELP, "rien ne ~ calme|soulage|marche|fait" },
	{ NLU_EMERG_PAIN, SIG_NOHELP,
	    "antidouleur*|doliprane|ibuprofene|paracetamol|efferalgan|"
	    "dafalgan ~ rien|pas|plus" },
	{ NLU_EMERG_PAIN, SIG_PAIN, "killing me" },
	{ NLU_EMERG_PAIN, SIG_PAIN,
	    "douleur*|douloureu*|mal|pain|pains|painful|hurt*|ache*|aching|"
	    "toothache" },
	{ NLU_EMERG_PAIN, SIG_TEN, "8|9|10|huit|neuf|dix 10|dix" },
	{ NLU_EMERG_PAIN, SIG_TEN,
	    "8|9|huit|neuf sur|out|over ~ 10|dix|ten" },
	{ NLU_EMERG_PAIN, SIG_TEN, "10|dix sur 10|dix" },
	{ NLU_EMERG_PAIN, SIG_TEN, "10|ten out of 10|ten" },
	/* chest pain */
	{ NLU_EMERG_CHEST, SIG_ALONE, "douleur*|mal ~ poitrine|thorax" },
	{ NLU_EMERG_CHEST, SIG_ALONE, "thoracique*" },
	{ NLU_EMERG_CHEST, SIG_ALONE,
	    "poitrine ~ serre*|oppress*|ecras*|brul*|etau" },
	{ NLU_EMERG_CHEST, SIG_ALONE, "etau ~ poitrine|thorax" },
	{ NLU_EMERG_CHEST, SIG_ALONE, "serre*|oppress* ~ poitrine" },
	{ NLU_EMERG_CHEST, SIG_ALONE, "pression|poids ~ poitrine|coeur" },
	{ NLU_EMERG_CHEST, SIG_ALONE,
	    "douleur*|mal ~ bras|machoire gauche" },
	{ NLU_EMERG_CHEST, SIG_ALONE, "bras gauche engourdi*" },
	{ NLU_EMERG_CHEST, SIG_ALONE, "poitrine lourde" },
	{ NLU_EMERG_CHEST, SIG_ALONE, "brul* ~ poitrine" },
	{ NLU_EMERG_CHEST, SIG_ALONE,
	    "picote*|fourmi*|tingl* ~ bras gauche" },
	{ NLU_EMERG_CHEST, SIG_ALONE, "picote*|fourmi*|tingl* ~ left arm" },
	{ NLU_EMERG_CHEST, SIG_ALONE, "left arm ~ tingl*|numb" },
	{ NLU_EMERG_CHEST, SIG_ALONE, "douleur*|pain*|pressure ~ coeur|heart" },
	{ NLU_EMERG_CHEST, SIG_ALONE,
	    "part|irradie|descend|going|radiating|spreading ~ bras|arm" },
	{ NLU_EMERG_CHEST, SIG_ALONE, "crise cardiaque" },
	{ NLU_EMERG_CHEST, SIG_ALONE, "infarctus" },
	{ NLU_EMERG_CHEST, SIG_ALONE, "arret cardiaque" },
	{ NLU_EMERG_CHEST, SIG_ALONE,
	    "chest ~ pain*|pian|hurt*|tight*|pressure|heavy|crushing|burning" },
	{ NLU_EMERG_CHEST, SIG_ALONE,
	    "pain*|tight*|pressure|ache|tightness ~ chest" },
	/* "a crushing feeling in my chest", "une sensation d'écrasement
	 * dans la poitrine" */
	{ NLU_EMERG_CHEST, SIG_ALONE,
	    "crushing|squeezing|heavy|tight feeling|sensation ~ chest" },
	{ NLU_EMERG_CHEST, SIG_ALONE, "sensation d ecrasement ~ poitrine" },
	{ NLU_EMERG_CHEST, SIG_ALONE, "sensation d oppression ~ poitrine" },
	{ NLU_EMERG_CHEST, SIG_ALONE, "pain* ~ left arm" },
	{ NLU_EMERG_CHEST, SIG_ALONE, "heart attack" },
	{ NLU_EMERG_CHEST, SIG_ALONE, "cardiac arrest" },
	/* allergic reaction */
	{ NLU_EMERG_ALLERGY, SIG_ALONE, "reaction*|choc|crise allergique*" },
	{ NLU_EMERG_ALLERGY, SIG_ALONE, "allergic reaction*" },
	{ NLU_EMERG_ALLERGY, SIG_ALONE, "anaphyla*|urticaire|hives|quincke" },
	{ NLU_EMERG_ALLERGY, SIG_ALONE, "oedeme|epipen" },
	{ NLU_EMERG_ALLERGY, SIG_ALONE, "plaques|boutons partout" },
	{ NLU_EMERG_ALLERGY, SIG_ALONE, "rash all over" },
	{ NLU_EMERG_ALLERGY, SIG_ALONE, "covered in ~ rash|hives|spots" },
	{ NLU_EMERG_ALLERGY, SIG_ALONE, MOUTH " ~ " SWELLS },
	{ NLU_EMERG_ALLERGY, SIG_ALONE, SWELLS " ~ " MOUTH },
	{ NLU_EMERG_ALLERGY, SIG_TRIGGER, "pique*|piqure* ~ guepe|abeille|"
	    "frelon|insecte" },
	{ NLU_EMERG_ALLERGY, SIG_TRIGGER, "stung|sting" },
	{ NLU_EMERG_ALLERGY, SIG_TRIGGER,
	    "medicament*|antibiotique*|injection|anesthesie|piqure|"
	    "penicilline|medication|medicine|antibiotic*|injection|"
	    "anaesthetic|anesthetic|penicillin|pill|pills|meds|drug*|"
	    "tablet*|vaccin*|comprime*" },
	{ NLU_EMERG_ALLERGY, SIG_TRIGGER,
	    "cacahuete*|arachide*|noix|noisette*|crevette*|peanut*|nut|nuts|"
	    "prawn*|shrimp*|shellfish|sesame" },
	{ NLU_EMERG_ALLERGY, SIG_TRIGGER, "fruits de mer" },
	/* "my whole arm is swelling", "ça me gratte partout" */
	{ NLU_EMERG_ALLERGY, SIG_SPREAD,
	    "itchy|itching|itch|gratte|demange* ~ everywhere|partout|over" },
	{ NLU_EMERG_ALLERGY, SIG_SPREAD,
	    "whole|entire ~ arm|leg|hand|body ~ swell*|swollen|puff*" },
	{ NLU_EMERG_ALLERGY, SIG_SPREAD,
	    "tout le|tout mon|toute la|toute ma ~ bras|jambe|main|corps ~ "
	    "gonfl*|enfl*" },
	/* a child with a high fever */
	{ NLU_EMERG_CHILD_FEVER, SIG_CHILD,
	    "bebe|bebes|enfant*|fils|fille|petit|petite|nourrisson|gamin*|"
	    "baby|babies|child|children|kid|kids|son|daughter|toddler|"
	    "infant|mois" },
	{ NLU_EMERG_CHILD_FEVER, SIG_CHILD, "year|month old" },
	{ NLU_EMERG_CHILD_FEVER, SIG_CHILD, "little one|ones" },
	{ NLU_EMERG_CHILD_FEVER, SIG_LIMP,
	    "not wanting|doesn t want|won t ~ do anything" },
	{ NLU_EMERG_CHILD_FEVER, SIG_LIMP, "just lying there" },
	{ NLU_EMERG_CHILD_FEVER, SIG_LIMP, "veut plus rien faire" },
	{ NLU_EMERG_CHILD_FEVER, SIG_LIMP,
	    "mou|molle|floppy|lethargi*|letharg*|apathique" },
	{ NLU_EMERG_CHILD_FEVER, SIG_LIMP, "dort tout le temps" },
	{ NLU_EMERG_CHILD_FEVER, SIG_LIMP, "sleeping all the time" },
	{ NLU_EMERG_CHILD_FEVER, SIG_LIMP | SIG_HEAD,
	    "somnolent*|drowsy|sleepy|confus*|disoriented|desoriente*" },
	{ NLU_EMERG_CHILD_FEVER, SIG_LIMP | SIG_HEAD,
	    "peu|tout|suis|est perdu|perdue" },
	{ NLU_EMERG_CHILD_FEVER, SIG_LIMP | SIG_HEAD,
	    "sait|sais plus ou|quel|quelle" },
	{ NLU_EMERG_CHILD_FEVER, SIG_LIMP | SIG_HEAD,
	    "doesn|don t know where|what" },
	{ NLU_EMERG_CHILD_FEVER, SIG_HEAD, "vomi*|vomit*|nausee*|nausea*" },
	{ NLU_EMERG_CHILD_FEVER, SIG_HEAD,
	    "bizarre|incoherent*|strange|weird|repete|repeats" },
	{ NLU_EMERG_CHILD_FEVER, SIG_HEAD, "n|nimporte importe quoi" },
	{ NLU_EMERG_CHILD_FEVER, SIG_HEAD, "nimporte quoi" },
	{ NLU_EMERG_CHILD_FEVER, SIG_HEAD, "keeps asking|forgetting" },
	{ NLU_EMERG_CHILD_FEVER, SIG_HEAD, "reconnai*|reconnait plus|pas" },
	{ NLU_EMERG_CHILD_FEVER, SIG_HEAD, "doesn|don|can|didn t recogni*" },
	{ NLU_EMERG_CHILD_FEVER, SIG_HEAD, "seeing|see|voit|vois double" },
	{ NLU_EMERG_CHILD_FEVER, SIG_HEAD, "blurred|blurry vision" },
	{ NLU_EMERG_CHILD_FEVER, SIG_HEAD, "souvien* ~ rien|plus|pas" },
	{ NLU_EMERG_CHILD_FEVER, SIG_HEAD,
	    "doesn|don|can|didn t remember" },
	{ NLU_EMERG_CHILD_FEVER, SIG_HEAD, "mal a la tete" },
	{ NLU_EMERG_CHILD_FEVER, SIG_HEAD, "maux de tete" },
	{ NLU_EMERG_CHILD_FEVER, SIG_HEAD, "headache|dizzy|vertige*" },
	{ NLU_EMERG_CHILD_FEVER, SIG_HEAD, "vois|voit|vue flou|floue|trouble" },
	{ NLU_EMERG_CHILD_FEVER, SIG_HEAD, "feel|feels|feeling sick" },
	{ NLU_EMERG_CHILD_FEVER, SIG_HEAD, "not himself|herself" },
	{ NLU_EMERG_CHILD_FEVER, SIG_HEAD, "throwing|throw|threw up" },
	/* stroke signs: face, arm, speech */
	{ NLU_EMERG_STROKE, SIG_ALONE, "avc|stroke" },
	{ NLU_EMERG_STROKE, SIG_ALONE,
	    "bouche|visage ~ travers|tordu*|deform*" },
	{ NLU_EMERG_STROKE, SIG_ALONE, "bafouill*|lopsided" },
	/* Quebec French: "la bouche croche", "il parle tout mêlé" */
	{ NLU_EMERG_STROKE, SIG_ALONE,
	    "bouche|visage|face|levre|sourire ~ croche" },
	{ NLU_EMERG_STROKE, SIG_ALONE,
	    "parle|parlait|parlent ~ mele*|melange*|croche|embrouill*" },
	{ NLU_EMERG_STROKE, SIG_ALONE,
	    "speech|talking|words ~ slurred|garbled|jumbled" },
	{ NLU_EMERG_STROKE, SIG_ALONE, "face|smile|mouth ~ crooked" },
	{ NLU_EMERG_STROKE, SIG_ALONE, "drool*|bave ~ side|cote" },
	{ NLU_EMERG_STROKE, SIG_ALONE,
	    "can t|cant|cannot hold ~ fork|cup|glass|pen|anything" },
	{ NLU_EMERG_STROKE, SIG_ALONE,
	    "cant|cannot hold ~ fork|cup|glass|pen|anything" },
	{ NLU_EMERG_STROKE, SIG_ALONE,
	    "arrive|peut|peux plus|pas a tenir ~ "
	    "fourchette|verre|tasse|stylo" },
	{ NLU_EMERG_STROKE, SIG_ALONE,
	    "bouche|levre|levres ~ tombe|tombante|affaisse*" },
	{ NLU_EMERG_STROKE, SIG_ALONE, "perdu l usage" },
	{ NLU_EMERG_STROKE, SIG_ALONE,
	    "visage|face ~ bouge|move plus|pas|anymore" },
	{ NLU_EMERG_STROKE, SIG_ALONE, "mal a articuler" },
	{ NLU_EMERG_STROKE, SIG_ALONE, "articule mal|plus" },
	{ NLU_EMERG_STROKE, SIG_ALONE, "lost the use" },
	{ NLU_EMERG_STROKE, SIG_ALONE,
	    "sudden|suddenly|soudain*|brutal* ~ headache|cephalee" },
	{ NLU_EMERG_STROKE, SIG_ALONE, "worst headache" },
	{ NLU_EMERG_STROKE, SIG_ALONE,
	    "mal de|a tete brutal*|soudain*|violent*|foudroyant*" },
	{ NLU_EMERG_STROKE, SIG_ALONE, "pire de ma vie" },
	/* "le pire mal de tête de ma vie", "worst head pain ever" */
	{ NLU_EMERG_STROKE, SIG_ALONE, "pire mal|douleur ~ de ma vie" },
	{ NLU_EMERG_STROKE, SIG_ALONE, "worst ~ headache|migraine ever" },
	{ NLU_EMERG_STROKE, SIG_ALONE, "worst ~ of my life" },
	{ NLU_EMERG_STROKE, SIG_ALONE, "sudden* ~ mal de tete" },
	{ NLU_EMERG_STROKE, SIG_ALONE,
	    "can t|cant|cannot see properly|clearly|anything" },
	{ NLU_EMERG_STROKE, SIG_ALONE,
	    "cant|cannot see properly|clearly|anything" },
	{ NLU_EMERG_STROKE, SIG_ALONE, "lost|losing ~ vision|sight" },
	{ NLU_EMERG_STROKE, SIG_ALONE, "perdu la vue" },
	{ NLU_EMERG_STROKE, SIG_ALONE, "voit|vois plus rien" },
	{ NLU_EMERG_STROKE, SIG_ALONE,
	    "visage ~ tombe|affaisse*|paralyse*" },
	{ NLU_EMERG_STROKE, SIG_ALONE, "tombe d un cote" },
	{ NLU_EMERG_STROKE, SIG_ALONE, "paralys*" },
	{ NLU_EMERG_STROKE, SIG_ALONE,
	    "parle|parlait bizarre*|bizzare*|bizarement" },
	{ NLU_EMERG_STROKE, SIG_ALONE, "ne|n parle|parlait plus" },
	{ NLU_EMERG_STROKE, SIG_ALONE,
	    "peut|peux plus|pas lever|bouger ~ bras" },
	{ NLU_EMERG_STROKE, SIG_ALONE,
	    "arrive|peut|peux plus|pas a parler|lever|bouger ~ bras" },
	{ NLU_EMERG_STROKE, SIG_ALONE,
	    "arrive|peut|peux plus|pas a parler" },
	{ NLU_EMERG_STROKE, SIG_ALONE, "peut|peux plus|pas parler" },
	{ NLU_EMERG_STROKE, SIG_ALONE, "du mal a parler" },
	{ NLU_EMERG_STROKE, SIG_ALONE, "trouver|trouve|cherche ses|mes mots" },
	{ NLU_EMERG_STROKE, SIG_ALONE,
	    "trouve|trouvent|cherche|cherchent ~ ses|mes|leurs mots" },
	{ NLU_EMERG_STROKE, SIG_ALONE,
	    "can t|cant|cannot find|get ~ words|word" },
	{ NLU_EMERG_STROKE, SIG_ALONE,
	    "cant|cannot find|get ~ words|word" },
	{ NLU_EMERG_STROKE, SIG_ALONE,
	    "left|right|one side ~ numb|weak|paralysed|paralyzed|dead" },
	{ NLU_EMERG_STROKE, SIG_ALONE,
	    "cote|moitie gauche|droit|droite ~ engourdi*|paralyse*|"
	    "faible|mou|molle|inerte" },
	{ NLU_EMERG_STROKE, SIG_ALONE, "arrive|peut|peux plu a parler" },
	{ NLU_EMERG_STROKE, SIG_NUMB,
	    "sent|sens|jsens plus ~ bras|jambe|jambes|visage|main|mains|"
	    "pied|pieds" },
	{ NLU_EMERG_STROKE, SIG_NUMB,
	    "can t|cant|cannot feel ~ arm|arms|leg|legs|face|hand|hands|"
	    "foot|feet" },
	{ NLU_EMERG_STROKE, SIG_NUMB,
	    "cant|cannot feel ~ arm|arms|leg|legs|face|hand|hands|"
	    "foot|feet" },
	{ NLU_EMERG_STROKE, SIG_ALONE, "both ~ legs|arms ~ numb|dead" },
	{ NLU_EMERG_STROKE, SIG_ALONE, "deux jambes|bras ~ engourdi*" },
	{ NLU_EMERG_OTHER, SIG_ALONE, "can t|cant|cannot pee|wee|urinate" },
	{ NLU_EMERG_OTHER, SIG_ALONE,
	    "cant|cannot pee|wee|urinate" },
	{ NLU_EMERG_OTHER, SIG_ALONE,
	    "arrive|peux|peut plus|pas|pa ~ uriner|pipi" },
	{ NLU_EMERG_STROKE, SIG_ALONE,
	    "parole ~ embrouill*|bizarre*|difficile*|pateuse" },
	{ NLU_EMERG_STROKE, SIG_ALONE,
	    "bras ~ engourdi*|paralyse*|inerte|faible*|mou|molle" },
	{ NLU_EMERG_STROKE, SIG_ALONE, "droop*|slurr*" },
	{ NLU_EMERG_STROKE, SIG_ALONE, "can t lift|raise ~ arm" },
	{ NLU_EMERG_STROKE, SIG_ALONE,
	    "can t|cant|cannot move|lift his|her ~ arm|leg|side" },
	{ NLU_EMERG_STROKE, SIG_ALONE,
	    "cant|cannot move|lift his|her ~ arm|leg|side" },
	{ NLU_EMERG_STROKE, SIG_ALONE, "cant|cannot lift|raise ~ arm" },
	{ NLU_EMERG_STROKE, SIG_ALONE, "arm ~ numb|weak|dead" },
	{ NLU_EMERG_STROKE, SIG_ALONE, "numb|weak ~ one side" },
	{ NLU_EMERG_STROKE, SIG_ALONE,
	    "words ~ wrong|jumbled|garbled|muddled|mixed|slurred" },
	{ NLU_EMERG_STROKE, SIG_ALONE,
	    "can t speak|talk properly|clearly|normally" },
	{ NLU_EMERG_STROKE, SIG_ALONE,
	    "cant|cannot speak|talk properly|clearly|normally" },
	{ NLU_EMERG_STROKE, SIG_ALONE, "trouble|difficulty speaking" },
	{ NLU_EMERG_STROKE, SIG_ALONE, "speech ~ strange|garbled|weird" },
	/* other threats to life */
	{ NLU_EMERG_OTHER, SIG_ALONE, "suicid*|overdose|convulsion*" },
	{ NLU_EMERG_OTHER, SIG_ALONE, "me suicider|tuer" },
	{ NLU_EMERG_OTHER, SIG_ALONE, "en finir" },
	{ NLU_EMERG_OTHER, SIG_ALONE, "envie de mourir" },
	{ NLU_EMERG_OTHER, SIG_ALONE, "urgence vitale" },
	{ NLU_EMERG_OTHER, SIG_ALONE, "samu|pompiers" },
	{ NLU_EMERG_OTHER, SIG_ALONE, "crise d epilepsie" },
	{ NLU_EMERG_OTHER, SIG_ALONE, "kill myself" },
	{ NLU_EMERG_OTHER, SIG_ALONE, "end my life" },
	{ NLU_EMERG_OTHER, SIG_ALONE, "want to die" },
	{ NLU_EMERG_OTHER, SIG_ALONE, "had|having a fit" },
	{ NLU_EMERG_OTHER, SIG_ALONE, "fitting|convulse*" },
	{ NLU_EMERG_OTHER, SIG_ALONE, "seizure*|ambulance" },
	{ NLU_EMERG_OTHER, SIG_ALONE, "life threatening" },
	{ NLU_EMERG_OTHER, SIG_ALONE,
	    "diabet* ~ confus*|shaky|tremble*|malaise|sweating|drowsy" },
	{ NLU_EMERG_TRAUMA, SIG_ALONE,
	    "car|bike|motorbike|motorcycle|road|cycling|scooter crash" },
	{ NLU_EMERG_TRAUMA, SIG_ALONE, "crashed ~ car|bike|motorbike|scooter" },
	{ NLU_EMERG_TRAUMA, SIG_ALONE, "collision" },
	{ NLU_EMERG_BLEEDING, SIG_ALONE,
	    "vomit*|vomi*|crache*|coughing|cough* ~ blood|sang" },
	{ NLU_EMERG_OTHER, SIG_ALONE, "too many ~ pills|tablets|meds" },
	/* a child who swallowed pills or a product (with SIG_CHILD) */
	{ NLU_EMERG_OTHER, SIG_INGEST,
	    "avale|avalee|avales|ingere|ingeree|swallowed|swallow|ate|eaten|"
	    "mange|mangee ~ ~ medicament*|medoc*|cachet*|comprime*|pilule*|"
	    "gelule*|sirop|produit*|medicine*|medication*|pill|pills|"
	    "tablet|tablets|meds|capsule*|syrup|product*|chemical*" },
	{ NLU_EMERG_OTHER, SIG_ALONE,
	    "trop de ~ cachets|comprimes|medicaments|pilules" },
	{ NLU_EMERG_OTHER, SIG_ALONE,
	    "swallowed|avale|avalee ~ battery|bleach|pile|piles|javel|"
	    "detergent|poison" },
	{ NLU_EMERG_OTHER, SIG_ALONE, "severe|bad|badly|serious ~ burn*" },
	{ NLU_EMERG_OTHER, SIG_ALONE, "burn*|scald* ~ badly|severely" },
	{ NLU_EMERG_OTHER, SIG_ALONE, "brul* ~ gravement|grave|serieusement" },
	{ NLU_EMERG_CHILD_FEVER, SIG_LIMP, "nuque raide|bloquee" },
	{ NLU_EMERG_CHILD_FEVER, SIG_LIMP, "stiff neck" },
	{ NLU_EMERG_CHILD_FEVER, SIG_LIMP, "purple spots|rash" },
	{ NLU_EMERG_CHILD_FEVER, SIG_LIMP, "taches violettes|violacees" },
};

/* Signals that make an emergency together, in this order of preference. */
static const struct {
	int		 a, b;	/* both present */
	enum nlu_emerg	 cat;
} combos[] = {
	/* "ça saigne et ça ne s'arrête pas" */
	{ SIG_BLEED, SIG_NONSTOP, NLU_EMERG_BLEEDING },
	/* a swollen cheek with a fever */
	{ SIG_SWELL, SIG_FEVER, NLU_EMERG_SWELLING },
	/* a face swelling after a sting or a drug */
	{ SIG_SWELL, SIG_TRIGGER, NLU_EMERG_ALLERGY },
	/* itching or swelling spreading after a sting, a food or a drug */
	{ SIG_SPREAD, SIG_TRIGGER, NLU_EMERG_ALLERGY },
	/* a tooth gone after a fall or a blow */
	{ SIG_FALL | SIG_IMPACT, SIG_TOOTHOUT, NLU_EMERG_TRAUMA },
	/* pain that nothing calms */
	{ SIG_PAIN, SIG_NOHELP, NLU_EMERG_PAIN },
	/* a child with a high fever */
	{ SIG_HIGH, SIG_CHILD, NLU_EMERG_CHILD_FEVER },
	/* a child who swallowed someone's pills or a product */
	{ SIG_INGEST, SIG_CHILD, NLU_EMERG_OTHER },
	/* a fever with a limp, drowsy patient */
	{ SIG_FEVER, SIG_LIMP, NLU_EMERG_CHILD_FEVER },
	/* confused, drowsy or vomiting after a fall */
	{ SIG_FALL, SIG_HEAD, NLU_EMERG_FALL_CONFUSION },
	/* a crack or a pop in a joint, then cannot stand on it */
	{ SIG_CRACK, SIG_HURT, NLU_EMERG_TRAUMA },
	/* a fall and cannot stand or move */
	{ SIG_FALL, SIG_HURT, NLU_EMERG_TRAUMA },
	/* "pain 10/10" */
	{ SIG_PAIN, SIG_TEN, NLU_EMERG_PAIN },
	/* crying with pain */
	{ SIG_PAIN, SIG_CRY, NLU_EMERG_PAIN },
};

/* Words that negate what follows them in a clause. */
static const char *const negators[] = {
	"pas", "jamais", "sans", "aucun", "aucune", "ni", "ne", "n", "rien",
	"no", "not", "never", "without", "nor", "none", "dont", "doesnt",
	"didnt", "isnt", "havent", "hasnt", "wasnt", "arent", "nothing",
};

/* Words that end a clause for negation. */
static const char *const clause_ends[] = {
	"mais", "but", "et", "and", "sauf", "however", "cependant",
	"pourtant", "donc", "so", "alors", "now", "maintenant", "puis",
	"then", "depuis", "since",
};

/* Words that stop a negation: "can't stop the bleeding". */
static const char *const stoppers[] = {
	"arreter", "arrete", "arretes", "arretent", "stop", "stopped",
	"stops", "stopping",
	"calmer", "soulager",
	"empecher",
};

/* Sentences about the past or a hypothesis: nothing in them counts. */
static const char *const past[] = {
	"l an dernier", "l annee derniere", "l an passe",
	"l annee passee", "il y a ~ ans|an|annees|mois|semaines",
	"le mois dernier", "la semaine derniere", "la derniere fois",
	"l ete|hiver|automne dernier", "last week|time|summer|winter",
	"ya ~ ans|an|mois", "last year", "last month", "years|year ago",
	"months|month|weeks ago", "in the past", "autrefois",
	"dans le passe", "deja eu", "already had", "when i was",
	"as a kid|child|teenager", "etant petit|petite|enfant",
	"quand il|elle|on etait", "when he|she|they was|were",
	"quand j etais", "que faire si", "what if", "what should i do if",
	"what do i do if", "en cas de", "in case", "au cas ou",
	"si jamais", "antecedent*", "history of", "do you treat",
	"vous soignez", "vous traitez", "depuis longtemps",
	"for a long time", "for ages", "for years", "depuis des annees",
	"a while back|ago", "ages ago", "back in", "il y a un moment",
	"il y a longtemps", "le mois d avant", "une fois je|j|il|elle",
	"once when|before", "one time", "people|those|someone|anyone who",
	"les gens|personnes qui", "quelqu un qui",
};

/*
 * Saying it is over: healed, fine now, seen and cleared. Such a
 * sentence tells of the past unless it says it came back.
 */
static const char *const healed[] = {
	"healed", "gueri|guerie|gueris", "cicatrise*", "tout va bien",
	"tout est correct|ok|rentre", "all fine|good|ok|clear|checked",
	"fine now", "ok now", "completely|totally gone", "got|was|been fixed",
	"it s fine just", "just sore", "juste des courbatures",
	"ete repare*|soigne*", "vu|vue aux|a l urgence|urgences",
	"seen at|in ~ hospital|a&e|er|emergency",
};

/* It came back: "again", "de nouveau". */
static const char *const again[] = {
	"again", "a nouveau", "de nouveau", "recommence*", "reprend",
	"started|starting|came|coming back",
};

/* Contrast words that start a new clause for the past: "mais", "but". */
static const char *const contrast[] = {
	"mais", "but", "however", "cependant", "pourtant",
};

/* A minor break: a chip, a little, no pain. */
static const char *const minor[] = {
	"un peu", "a bit", "a little", "petit bout", "bout de dent",
	"morceau", "chip*", "ebrech*", "pas mal du tout", "aucune douleur",
	"pas de douleur", "sans douleur", "no pain", "not painful",
	"doesn t hurt", "painless", "ne fait pas mal", "fait pas mal",
	"not sore", "isn t sore", "isnt sore", "not hurting",
	"doesn t hurt", "doesnt hurt", "pas douloureu*", "pas de mal",
	"j ai plus mal", "n ai plus mal", "no longer hurts",
};

/* "accident de voiture, je n'ai rien": the patient says they are unhurt. */
static const char *const unhurt[] = {
	"n ai rien", "j ai rien", "rien de grave", "sans gravite",
	"pas grave", "pas blesse*", "sans blessure*", "indemne*",
	"plus de peur que de mal", "je vais bien", "tout va bien",
	"petit accident", "i m fine", "im fine", "i am fine", "i m ok",
	"im ok", "i am ok", "i m okay", "i am okay", "nothing serious",
	"not serious", "no injur*", "not hurt", "wasn t hurt", "unhurt",
	"unharmed", "nobody hurt", "no one hurt", "minor accident",
	"small accident", "all fine",
	/* said of the child or the person it happened to */
	"il|elle|ils|elles va|vont bien", "rien de casse",
	"he|she|they s|is|are|re|seems|seem fine|ok|okay|alright",
	"nothing broken", "no bones broken",
};

/*
 * A broken tooth already seen by a dentist or a doctor, who sent the
 * patient on ("the dentist said it has to come out", "le dentiste de
 * garde m'a dit de prendre rdv"): a referral, no emergency.
 */
static const char *const assessed[] = {
	("dentist|dentiste|doctor|docteur|medecin|gp|dr|surgeon|chirurgien ~ "
	"said|says|told|dit|recommande*|conseille*|thinks|pense"),
	"seen|checked|examined|looked at by",
	"vu|vue|examine*|regarde* par",
	"m a dit de|d", "m ont dit de|d", "told me to", "m a envoye*",
	"m a adresse*", "sent me", "referred", "de garde",
	"can t|cannot be saved", "peut|pourra pas etre sauve*",
};

/* Pain said to be nothing serious. */
static const char *const pain_not_serious[] = {
	"nothing serious", "not serious", "nothing major", "rien de grave",
	"rien de serieux", "pas grave", "pas bien grave",
	/* "it's killing me a bit but not an emergency" */
	"not an emergency", "not urgent", "no emergency", "not a emergency",
	"isn t an emergency", "isnt an emergency", "nothing urgent",
	"pas une urgence", "pas urgent", "pas d urgence", "rien d urgent",
	"pas vraiment urgent", "not really urgent", "no rush",
};

/* "never had it before": the negation tells of the past, not now. */
static const char *const never_before[] = {
	"never|jamais ~ before|avant|auparavant",
};

/* Numbing at the dentist: no feeling after it is expected. */
static const char *const numbing[] = {
	"anaesthe*", "anesthe*", "injection", "piqure", "numbing",
	"novocaine", "lidocaine",
};

/* Mild bleeding: gums when brushing, a little, sometimes. */
static const char *const mild[] = {
	"un peu", "a bit", "a little", "slightly", "legerement", "parfois",
	"sometimes", "brosse*", "brossage", "brush*", "floss*", "fil dentaire",
};

static int
in_list(const char *w, const char *const *l, size_t n)
{
	size_t	 k;

	for (k = 0; k < n; k++)
		if (strcmp(w, l[k]) == 0)
			return 1;
	return 0;
}

#define IN(w, l)	in_list((w), (l), sizeof(l) / sizeof((l)[0]))

/*
 * 1 when the folded word w matches one of the '|'-separated alternatives
 * of alt (n bytes); an alternative ending in '*' is a prefix.
 */
static int
word_match(const char *w, const char *alt, size_t n)
{
	size_t	 k, m, wl = strlen(w);

	while (n > 0) {
		for (m = 0; m < n && alt[m] != '|'; m++)
			;
		if (m > 0 && alt[m - 1] == '*') {
			if (wl >= m - 1 && strncmp(w, alt, m - 1) == 0)
				return 1;
		} else if (wl == m && strncmp(w, alt, m) == 0)
			return 1;
		k = m < n ? m + 1 : m;
		alt += k;
		n -= k;
	}
	return 0;
}

/* 1 when token i ends a sentence: . ! ? ; or a line break before it. */
static int
sentence_end(const struct nlu_doc *dc, size_t i)
{
	const struct nlu_tok *t = &dc->t[i];
	size_t	 k;

	if (i > 0)
		for (k = dc->t[i - 1].eo; k < t->so && k < dc->len; k++)
			if (dc->text[k] == '\n')
				return 1;
	if (t->kind != NLU_TK_PUNCT)
		return 0;
	if (t->w[0] == '!' || t->w[0] == '?' || t->w[0] == ';')
		return 1;
	/* "39.5" is a number, "fin." ends a sentence */
	return t->w[0] == '.' && (i + 1 >= dc->n || dc->t[i + 1].sp ||
	    dc->t[i + 1].kind == NLU_TK_PUNCT);
}

/* The next word token from i before e, or e. */
static size_t
next_word(const struct nlu_doc *dc, size_t i, size_t e)
{
	while (i < e && dc->t[i].kind != NLU_TK_WORD)
		i++;
	return i;
}

/*
 * Match pattern p against the tokens from i to e (one sentence). Returns
 * 1 and sets *end one past the last token matched, else 0.
 */
static int
match_at(const struct nlu_doc *dc, size_t i, size_t e, const char *p,
    size_t *end)
{
	size_t	 n, k;

	while (*p == ' ')
		p++;
	if (*p == '\0') {
		*end = i;
		return 1;
	}
	n = strcspn(p, " ");
	if (n == 1 && *p == '~') {
		for (k = 0; k <= 4 && i <= e; k++) {
			if (match_at(dc, i, e, p + 1, end))
				return 1;
			i = next_word(dc, i, e);
			if (i >= e)
				return 0;
			i++;
		}
		return 0;
	}
	i = next_word(dc, i, e);
	if (*p == '!') {
		/* the next word must not be one of these; none is taken */
		if (i < e && word_match(dc->t[i].w, p + 1, n - 1))
			return 0;
		return match_at(dc, i, e, p + n, end);
	}
	if (i >= e || !word_match(dc->t[i].w, p, n))
		return 0;
	return match_at(dc, i + 1, e, p + n, end);
}

/* The bit of a folded word's first byte, for the quick test below. */
static uint64_t
char_bit(char c)
{
	if (c >= 'a' && c <= 'z')
		return (uint64_t)1 << (c - 'a');
	if (c >= '0' && c <= '9')
		return (uint64_t)1 << (26 + c - '0');
	return (uint64_t)1 << 63;
}

/*
 * The first bytes that a word must start with to begin a match of p: a
 * mask of char_bit()s over the alternatives of its first word.
 */
static uint64_t
first_mask(const char *p)
{
	uint64_t m = 0;
	int	 start = 1;

	if (*p == '~' || *p == '!' || *p == '*')
		return ~(uint64_t)0;
	for (; *p != '\0' && *p != ' '; p++) {
		if (start && *p == '*')
			return ~(uint64_t)0;
		if (start)
			m |= char_bit(*p);
		start = *p == '|';
	}
	return m;
}

/* 1 when "plus" at token i is a negation ("n'ai plus"), not "de plus". */
static int
plus_negates(const struct nlu_doc *dc, size_t i)
{
	static const char *const before[] = { "en", "de", "le", "la", "les",
	    "au", "un", "une", "pas", "et" };

	if (i + 1 < dc->n && strcmp(dc->t[i + 1].w, "en") == 0)
		return 0;
	return i == 0 || !IN(dc->t[i - 1].w, before);
}

/* 1 when token i is a negation word. */
static int
is_negator(const struct nlu_doc *dc, size_t i)
{
	static const char *const aux[] = { "don", "doesn", "didn", "isn",
	    "aren", "wasn", "weren", "haven", "hasn", "hadn" };
	const char *w = dc->t[i].w;

	if (strcmp(w, "plus") == 0)
		return plus_negates(dc, i);
	if (strcmp(w, "t") == 0)
		return i > 0 && IN(dc->t[i - 1].w, aux);
	return IN(w, negators);
}

/*
 * 1 when a negation stands within four words before token i in the same
 * clause (sentence start s), with no "stop" verb between.
 */
static int
negated(const struct nlu_doc *dc, size_t s, size_t i)
{
	size_t	 words = 0;

	while (i > s && words < 4) {
		i--;
		if (dc->t[i].kind == NLU_TK_PUNCT) {
			if (dc->t[i].w[0] == '-' || dc->t[i].w[0] == '/')
				continue;
			return 0;
		}
		if (IN(dc->t[i].w, clause_ends) || IN(dc->t[i].w, stoppers))
			return 0;
		if (is_negator(dc, i))
			/* "je n'arrête pas de saigner" */
			return !(i > s && IN(dc->t[i - 1].w, stoppers));
		words++;
	}
	return 0;
}

/*
 * 1 when a negation stands inside the match i..end of a pattern that
 * skips words ("my chest isn't hurting", "chest, no pain").
 */
static int
negated_inside(const struct nlu_doc *dc, size_t i, size_t end)
{
	for (i++; i < end && i < dc->n; i++)
		if (dc->t[i].kind == NLU_TK_WORD && is_negator(dc, i))
			return 1;
	return 0;
}

/*
 * 1 when pattern p names a negation itself ("arrive pas a respirer"):
 * one of its words or alternatives is a negation word.
 */
static int
says_negation(const char *p)
{
	static const char *const w[] = { "pas", "pa", "plus", "not", "t",
	    "won", "cannot", "cant", "doesn", "wont", "hasn", "peine",
	    "barely", "hardly", "rien" };
	size_t	 n, k;

	while (*p != '\0') {
		n = strcspn(p, " |");
		for (k = 0; k < sizeof(w) / sizeof(w[0]); k++)
			if (strlen(w[k]) == n && strncmp(p, w[k], n) == 0)
				return 1;
		p += n;
		if (*p != '\0')
			p++;
	}
	return 0;
}

/* 1 when one pattern of l (n of them) matches in s..e. */
static int
any_match(const struct nlu_doc *dc, size_t s, size_t e,
    const char *const *l, size_t n)
{
	size_t	 i, k, end;

	for (k = 0; k < n; k++)
		for (i = s; i < e; i++)
			if (dc->t[i].kind == NLU_TK_WORD &&
			    match_at(dc, i, e, l[k], &end))
				return 1;
	return 0;
}

/* 1 when the sentence s..e tells of the past or a hypothesis. */
static int
past_sentence(const struct nlu_doc *dc, size_t s, size_t e)
{
	size_t	 i, k, end;
	uint64_t m;

	for (k = 0; k < sizeof(past) / sizeof(past[0]); k++) {
		m = first_mask(past[k]);
		for (i = s; i < e; i++)
			if ((char_bit(dc->t[i].w[0]) & m) &&
			    match_at(dc, i, e, past[k], &end))
				return 1;
	}
	if (any_match(dc, s, e, healed, sizeof(healed) / sizeof(healed[0])) &&
	    !any_match(dc, s, e, again, sizeof(again) / sizeof(again[0])))
		return 1;
	/* "in 2019", "en 2021": an earlier year */
	for (i = s + 1; i < e; i++)
		if (dc->t[i].ndig == 4 && dc->t[i].num >= 1900 &&
		    dc->t[i].num < dc->now.y &&
		    (nlu_tok_is(dc, i - 1, "in") ||
		    nlu_tok_is(dc, i - 1, "en")))
			return 1;
	return 0;
}

/* 1 when the sentence s..e tells of mild bleeding ("when I brush"). */
static int
mild_sentence(const struct nlu_doc *dc, size_t s, size_t e)
{
	size_t	 i, k, end;

	for (k = 0; k < sizeof(mild) / sizeof(mild[0]); k++)
		for (i = s; i < e; i++)
			if (match_at(dc, i, e, mild[k], &end))
				return 1;
	return 0;
}

/*
 * 1 when what fell at token i is a thing, not a person: "my crown fell
 * off", "le plombage est tombé", "it fell out" (two small words may
 * stand between).
 */
static int
thing_fell(const struct nlu_doc *dc, size_t s, size_t i)
{
	static const char *const things[] = { "crown", "crowns", "filling",
	    "fillings", "cap", "bracket", "brackets", "veneer", "retainer",
	    "brace", "braces", "implant", "bridge", "denture", "dentures",
	    "it", "couronne", "plombage", "plomb", "bague", "bagues",
	    "facette", "prothese", "appareil", "dentier", "pansement",
	    "dressing", "stitch", "stitches", "point", "points",
	    "fil", "wire" };
	static const char *const small[] = { "has", "just", "is", "est",
	    "s", "a", "have", "completely", "juste", "encore", "already",
	    "deja", "sont" };
	size_t	 k, j = i;

	for (k = 0; k < 3 && j > s; k++) {
		j--;
		if (dc->t[j].kind != NLU_TK_WORD)
			return 0;
		if (IN(dc->t[j].w, things))
			return 1;
		if (!IN(dc->t[j].w, small))
			return 0;
	}
	return 0;
}

/*
 * 1 when "avc" at token i is the SMS spelling of "avec" ("rdv avc le dr
 * Moreau", "avc ma fille"), not the stroke: written in lower case and
 * followed by an article, a possessive, a title or a pronoun.
 */
static int
sms_avec(const struct nlu_doc *dc, size_t i)
{
	static const char *const next[] = { "le", "la", "l", "les", "un",
	    "une", "mon", "ma", "mes", "son", "sa", "ses", "ton", "ta",
	    "votre", "vos", "dr", "docteur", "doc", "vous", "toi", "moi",
	    "lui", "elle", "eux", "mme", "madame", "monsieur", "mr", "m" };

	return strcmp(dc->t[i].w, "avc") == 0 && !dc->t[i].allcap &&
	    i + 1 < dc->n && dc->t[i + 1].kind == NLU_TK_WORD &&
	    IN(dc->t[i + 1].w, next);
}

/* Words after "blood" that make it a test or a measure, folded. */
static const char *const blood_measures[] = {
	"test", "tests", "work", "sample", "samples", "pressure", "sugar",
	"results", "result", "donation", "draw", "type", "count", "panel",
	"check", "checks",
};

/*
 * 1 when the blood word at token i names a test, not a bleeding:
 * "blood test", "blood pressure", "prise de sang", "analyse de sang",
 * "don du sang".
 */
static int
blood_test(const struct nlu_doc *dc, size_t i)
{
	if (strcmp(dc->t[i].w, "blood") == 0)
		return i + 1 < dc->n && IN(dc->t[i + 1].w, blood_measures);
	if (strcmp(dc->t[i].w, "sang") != 0 || i < 2)
		return 0;
	return (strcmp(dc->t[i - 1].w, "de") == 0 &&
	    (strcmp(dc->t[i - 2].w, "prise") == 0 ||
	    strcmp(dc->t[i - 2].w, "prises") == 0 ||
	    strcmp(dc->t[i - 2].w, "analyse") == 0 ||
	    strcmp(dc->t[i - 2].w, "analyses") == 0 ||
	    strcmp(dc->t[i - 2].w, "bilan") == 0)) ||
	    (strcmp(dc->t[i - 1].w, "du") == 0 &&
	    strcmp(dc->t[i - 2].w, "don") == 0);
}

/* Words before "fitting" that make it the fitting of a thing, folded. */
static const char *const fitted[] = {
	"crown", "crowns", "brace", "braces", "denture", "dentures",
	"bridge", "implant", "implants", "retainer", "aligner", "aligners",
	"appliance", "veneer", "veneers", "plate", "guard", "mouthguard",
	"splint", "orthotic", "orthotics", "insoles", "insole", "hearing",
	"aid", "glasses", "lens", "lenses", "cast", "boot", "brace",
	"a", "the", "my", "his", "her", "your", "their", "our", "final",
	"first", "second",
};

/*
 * 1 when "fitting" at token i is the fitting of a thing ("my crown
 * fitting", "a fitting for my brace"), not a seizure.
 */
static int
thing_fitting(const struct nlu_doc *dc, size_t i)
{
	if (strcmp(dc->t[i].w, "fitting") != 0)
		return 0;
	if (i > 0 && IN(dc->t[i - 1].w, fitted))
		return 1;
	if (i + 1 < dc->n && strcmp(dc->t[i + 1].w, "appointment") == 0)
		return 1;
	/* "a fitting for my brace", not "fitting for 5 minutes" */
	return i + 2 < dc->n && (strcmp(dc->t[i + 1].w, "for") == 0 ||
	    strcmp(dc->t[i + 1].w, "of") == 0) && (IN(dc->t[i + 2].w,
	    fitted) || strcmp(dc->t[i + 2].w, "new") == 0);
}

/*
 * Signals of the sentence s..e: or-ed into *sig; the category of the
 * first pattern that is an emergency alone goes to *cat. A sentence
 * about the past or a hypothesis gives nothing.
 */
static void
scan_sentence(const struct nlu_doc *dc, size_t s, size_t e, int *sig,
    enum nlu_emerg *cat)
{
	enum nlu_emerg	 c = NLU_EMERG_NONE;
	size_t		 i, k, end;
	uint64_t	 m;
	int		 g = 0;

	for (k = 0; k < sizeof(pats) / sizeof(pats[0]); k++) {
		m = first_mask(pats[k].pat);
		for (i = s; i < e; i++) {
			if (dc->t[i].kind != NLU_TK_WORD ||
			    !(char_bit(dc->t[i].w[0]) & m) ||
			    !match_at(dc, i, e, pats[k].pat, &end))
				continue;
			if (!says_negation(pats[k].pat) && (negated(dc, s, i) ||
			    negated_inside(dc, i, end)) &&
			    !any_match(dc, s, e, never_before,
			    sizeof(never_before) / sizeof(never_before[0])))
				continue;
			if ((pats[k].sig & SIG_FALL) && thing_fell(dc, s, i))
				continue;
			if (sms_avec(dc, i) || blood_test(dc, i) ||
			    thing_fitting(dc, i))
				continue;
			g |= pats[k].sig;
			if ((pats[k].sig & SIG_ALONE) && c == NLU_EMERG_NONE)
				c = pats[k].cat;
			break;
		}
	}
	if (g == 0 || past_sentence(dc, s, e))
		return;
	if ((g & (SIG_BLEED | SIG_NONSTOP)) && mild_sentence(dc, s, e))
		g &= ~(SIG_BLEED | SIG_NONSTOP);
	/* no feeling in a limb or the face, unless after an anaesthetic */
	if ((g & SIG_NUMB) && c == NLU_EMERG_NONE &&
	    !any_match(dc, s, e, numbing, sizeof(numbing) / sizeof(numbing[0])))
		c = NLU_EMERG_STROKE;
	/* a broken tooth is an emergency, a chip without pain is not, nor
	 * one a dentist has seen already */
	if ((g & SIG_TOOTHBRK) && c == NLU_EMERG_NONE &&
	    !any_match(dc, 0, dc->n, minor, sizeof(minor) /
	    sizeof(minor[0])) &&
	    !any_match(dc, 0, dc->n, assessed,
	    sizeof(assessed) / sizeof(assessed[0])))
		c = NLU_EMERG_TRAUMA;
	*sig |= g;
	if (*cat == NLU_EMERG_NONE)
		*cat = c;
}

/*
 * The emergency category of the message, or NLU_EMERG_NONE.
 */
enum nlu_emerg
nlu_emerg_find(const struct nlu_doc *dc)
{
	enum nlu_emerg	 cat = NLU_EMERG_NONE;
	size_t		 s = 0, i, k;
	int		 sig = 0;

	for (i = 0; i <= dc->n; i++) {
		/* "it healed, but now it bleeds": a clause of its own */
		if (i < dc->n && !sentence_end(dc, i) &&
		    !(i > s && IN(dc->t[i].w, contrast)))
			continue;
		if (i > s)
			scan_sentence(dc, s, i, &sig, &cat);
		s = i < dc->n && dc->t[i].kind == NLU_TK_WORD ? i : i + 1;
	}
	/* an accident or a fall the patient came out of unhurt, with no
	 * tooth broken or lost and nothing that hurts: no emergency */
	if (cat == NLU_EMERG_TRAUMA &&
	    !(sig & (SIG_TOOTHBRK | SIG_TOOTHOUT | SIG_HURT | SIG_HEAD |
	    SIG_CRACK | SIG_BLEED | SIG_PAIN | SIG_SWELL | SIG_NUMB)) &&
	    any_match(dc, 0, dc->n, unhurt, sizeof(unhurt) / sizeof(unhurt[0])))
		cat = NLU_EMERG_NONE;
	/* pain alone the patient says is nothing serious ("my back is
	 * killing me, nothing serious"): no emergency */
	if (cat == NLU_EMERG_PAIN && !(sig & (SIG_BLEED | SIG_SWELL |
	    SIG_HEAD | SIG_NUMB | SIG_TOOTHBRK | SIG_TOOTHOUT)) &&
	    any_match(dc, 0, dc->n, pain_not_serious,
	    sizeof(pain_not_serious) / sizeof(pain_not_serious[0])))
		cat = NLU_EMERG_NONE;
	if (cat != NLU_EMERG_NONE)
		return cat;
	for (k = 0; k < sizeof(combos) / sizeof(combos[0]); k++)
		if ((sig & combos[k].a) && (sig & combos[k].b))
			return combos[k].cat;
	return NLU_EMERG_NONE;
}

/*
 * 1 when the urgent word at token i is no request: "en cas d'urgence",
 * "numéro d'urgence", "emergency number".
 */
static int
not_a_request(const struct nlu_doc *dc, size_t i)
{
	static const char *const after[] = { "number", "numbers",
	    "contact", "line", "room", "services", "service", "patients",
	    "cases", "dentaires" };

	if (i + 1 < dc->n && IN(dc->t[i + 1].w, after))
		return 1;
	return i >= 2 && strcmp(dc->t[i - 1].w, "d") == 0 &&
	    (strcmp(dc->t[i - 2].w, "cas") == 0 ||
	    strcmp(dc->t[i - 2].w, "numero") == 0);
}

/* Saying it is urgent. */
static const char *const urgent[] = {
	"urgent*", "urgence*", "urgemment", "emergency", "emergencies",
	"asap", "au plus vite", "en urgence",
};

/*
 * 1 when the message says it is urgent ("c'est urgent", "asap") and not
 * that it is not ("pas urgent", "non urgent", "rien d'urgent").
 */
int
nlu_urgent(const struct nlu_doc *dc)
{
	size_t	 i, k, end;

	for (i = 0; i < dc->n; i++)
		for (k = 0; k < sizeof(urgent) / sizeof(urgent[0]); k++) {
			if (dc->t[i].kind != NLU_TK_WORD ||
			    !match_at(dc, i, dc->n, urgent[k], &end))
				continue;
			if (negated(dc, 0, i) || (i > 0 &&
			    strcmp(dc->t[i - 1].w, "non") == 0) ||
			    not_a_request(dc, i))
				continue;
			return 1;
		}
	return 0;
}

/* Saying it is nothing serious: "pas grave", "not a big deal". */
static const char *const not_serious[] = {
	"pas grave", "rien de grave", "pas bien grave", "rien de serieux",
	"pas serieux", "not a big deal", "no big deal", "nothing serious",
	"not serious", "nothing major", "nothing bad", "not a problem",
	"nothing to worry", "rien d inquietant", "pas inquietant",
};

/*
 * 1 when the message says it is not urgent ("ce n'est pas une urgence",
 * "not urgent", "non urgent", "no emergency") or nothing serious ("pas
 * grave", "not a big deal").
 */

int
nlu_urgency_denied(const struct nlu_doc *dc)
{
	size_t	 i, k, end;

	if (any_match(dc, 0, dc->n, not_serious,
	    sizeof(not_serious) / sizeof(not_serious[0])))
		return 1;

	for (i = 0; i < dc->n; i++)
		for (k = 0; k < sizeof(urgent) / sizeof(urgent[0]); k++) {
			if (dc->t[i].kind != NLU_TK_WORD ||
			    !match_at(dc, i, dc->n, urgent[k], &end))
				continue;
			if (negated(dc, 0, i) || (i > 0 &&
			    (strcmp(dc->t[i - 1].w, "non") == 0 ||
			    strcmp(dc->t[i - 1].w, "no") == 0)))
				return 1;
		}
	return 0;
}

static const char *const emerg_names[NLU_EMERG__MAX] = {
	"",			/* NLU_EMERG_NONE */
	"consciousness",	/* NLU_EMERG_FAINT */
	"bleeding",		/* NLU_EMERG_BLEEDING */
	"swelling",		/* NLU_EMERG_SWELLING */
	"breathing",		/* NLU_EMERG_BREATHING */
	"trauma",		/* NLU_EMERG_TRAUMA */
	"pain",			/* NLU_EMERG_PAIN */
	"chest",		/* NLU_EMERG_CHEST */
	"allergy",		/* NLU_EMERG_ALLERGY */
	"child_fever",		/* NLU_EMERG_CHILD_FEVER */
	"stroke",		/* NLU_EMERG_STROKE */
	"fall_confusion",	/* NLU_EMERG_FALL_CONFUSION */
	"other",		/* NLU_EMERG_OTHER */
};

const char *
nlu_emerg_name(enum nlu_emerg c)
{
	return (unsigned)c < NLU_EMERG__MAX ? emerg_names[c] : "";
}
