/*
 * demo — the demo clinic's login, shared by `sophiectl demo`, which
 * creates it, and the login handlers, which refuse its password in
 * production: the password is printed by `make run` and the README, so
 * an account still holding it is open to anyone.
 */
#ifndef SOPHIE_DEMO_H
#define SOPHIE_DEMO_H

#include <string.h>

#define DEMO_EMAIL	"admin@demo.sophie.local"
#define DEMO_PASSWORD	"sophie-demo-2026"

/* The one line a refusal says (sophiectl, the JSON answer). */
#define DEMO_REFUSED	"the demo password is refused in production"
/* What the login form says. */
#define DEMO_REFUSED_FR	"Le mot de passe de démonstration est refusé " \
	"en production : demandez à l'opérateur d'en définir un autre " \
	"(sophiectl user add)."

/* Is pw the demo password while production is set?  1 or 0. */
static inline int
demo_password_refused(int production, const char *pw)
{
	return production && pw != NULL && strcmp(pw, DEMO_PASSWORD) == 0;
}

#endif
