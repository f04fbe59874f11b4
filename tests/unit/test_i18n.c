/*
 * test_i18n — the message catalogues (lib/i18n.c) and the template
 * construct that prints them ({{ t "key" }} in lib/tmpl.c); the real
 * templates/ directory must load: every key a template uses is in both
 * catalogues, and both catalogues hold the same keys.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <json-c/json.h>

#include "buf.h"
#include "i18n.h"
#include "tmpl.h"

static const char fr_ok[] =
    "# French\n"
    "\n"
    "nav.dashboard = Tableau de bord\n"
    "greet = Bonjour {1}, {2} patients\n"
    "status.booked = réservé\n"
    "evil = <b>&\n";
static const char en_ok[] =
    "nav.dashboard =   Dashboard  \n"
    "greet = Hello {1}, {2} patients\n"
    "status.booked = booked\n"
    "evil = <i>\n";

/* Path of rel beside this source file. */
static void
srcdir_path(char *dst, size_t sz, const char *rel)
{
	const char	*f = __FILE__, *slash = strrchr(f, '/');
	int		 dl = slash != NULL ? (int)(slash - f) : 1;

	snprintf(dst, sz, "%.*s/%s", dl, slash != NULL ? f : ".", rel);
}

static struct i18n *
cat_ok(void)
{
	struct i18n	*c = NULL;
	char		 why[256] = "";

	if (i18n_load_texts(fr_ok, en_ok, &c, why, sizeof(why)) != 0)
		fail_msg("catalogue refused: %s", why);
	return c;
}

static void
i18n_lookup_both_languages(void **state)
{
	struct i18n	*c = cat_ok();

	(void)state;
	assert_string_equal(i18n_get(c, I18N_FR, "nav.dashboard", 13),
	    "Tableau de bord");
	assert_string_equal(i18n_get(c, I18N_EN, "nav.dashboard", 13),
	    "Dashboard");
	assert_null(i18n_get(c, I18N_EN, "nav.nothing", 11));
	i18n_free(c);
}

/* Expect the pair refused, with needle in the reason. */
static void
refused(const char *fr, const char *en, const char *needle)
{
	struct i18n	*c = (struct i18n *)1;
	char		 why[256] = "";

	assert_int_equal(i18n_load_texts(fr, en, &c, why, sizeof(why)), -1);
	assert_null(c);
	if (strstr(why, needle) == NULL)
		fail_msg("reason \"%s\" does not name \"%s\"", why, needle);
}

static void
i18n_bad_key_in_one_catalogue_only(void **state)
{
	(void)state;
	refused("a = A\nb = B\n", "a = A\n", "b");
	refused("a = A\n", "a = A\nonly.en = B\n", "only.en");
}

static void
i18n_bad_malformed_lines(void **state)
{
	(void)state;
	refused("a A\n", "a = A\n", "fr");
	refused("a = A\n", "a =\n", "en");
	refused("bad key = A\n", "bad key = A\n", "fr");
	refused("a = A\na = B\n", "a = A\n", "duplicate");
	refused("a = \xff\n", "a = A\n", "UTF-8");
}

static void
i18n_accept_language_q_values(void **state)
{
	(void)state;
	assert_int_equal(i18n_accept(NULL), I18N_FR);
	assert_int_equal(i18n_accept(""), I18N_FR);
	assert_int_equal(i18n_accept("en-GB,en;q=0.9"), I18N_EN);
	assert_int_equal(i18n_accept("fr-FR,fr;q=0.9,en;q=0.8"), I18N_FR);
	assert_int_equal(i18n_accept("fr;q=0.3, en;q=0.8"), I18N_EN);
	assert_int_equal(i18n_accept("de, en;q=0.5"), I18N_EN);
	assert_int_equal(i18n_accept("de-DE"), I18N_FR);
	assert_int_equal(i18n_accept("en;q=0, fr;q=0.1"), I18N_FR);
	assert_int_equal(i18n_accept("EN-us"), I18N_EN);
	assert_int_equal(i18n_accept("english"), I18N_FR);
	assert_int_equal(i18n_accept(";;;q=,en;q=1.5x"), I18N_FR);
	assert_int_equal(i18n_lang_of("en"), I18N_EN);
	assert_int_equal(i18n_lang_of("xx"), -1);
}

/* Render src with the ok catalogue against JSON data; the output. */
static char *
render(const char *src, const char *json, enum tmpl_err *er)
{
	struct tmpl_set	*s;
	struct json_object *d;
	struct buf	 out;
	char		 why[256] = "";

	assert_non_null(s = tmpl_set_new());
	tmpl_set_i18n(s, cat_ok());
	assert_int_equal(tmpl_add(s, "p", src, strlen(src), why,
	    sizeof(why)), TMPL_OK);
	if ((*er = tmpl_link(s, why, sizeof(why))) != TMPL_OK) {
		tmpl_set_free(s);
		return NULL;
	}
	d = json_tokener_parse(json);
	buf_init(&out, 1 << 16);
	*er = tmpl_render(s, "p", d, &out);
	json_object_put(d);
	tmpl_set_free(s);
	return buf_take(&out);
}

static void
tmpl_t_follows_lang_and_escapes(void **state)
{
	enum tmpl_err	 er;
	char		*o;

	(void)state;
	o = render("<a title=\"{{ t \"nav.dashboard\" }}\">"
	    "{{ t \"evil\" }}</a>", "{\"lang\": \"en\"}", &er);
	assert_int_equal(er, TMPL_OK);
	assert_string_equal(o, "<a title=\"Dashboard\">&lt;i&gt;</a>");
	free(o);
	o = render("{{ t \"nav.dashboard\" }}|{{ t \"evil\" }}", "{}", &er);
	assert_string_equal(o, "Tableau de bord|&lt;b&gt;&amp;");
	free(o);
}

static void
tmpl_t_parameters_escaped(void **state)
{
	enum tmpl_err	 er;
	char		*o;

	(void)state;
	o = render("{{#each xs}}{{ t \"greet\" name n }};{{/each}}",
	    "{\"lang\": \"en\", \"xs\": [{\"name\": \"<Ann>\", \"n\": 3}]}",
	    &er);
	assert_int_equal(er, TMPL_OK);
	assert_string_equal(o, "Hello &lt;Ann&gt;, 3 patients;");
	free(o);
}

static void
tmpl_status_from_catalogue(void **state)
{
	enum tmpl_err	 er;
	char		*o;

	(void)state;
	o = render("{{ s | status }} {{ u | status }}",
	    "{\"lang\": \"en\", \"s\": \"booked\", \"u\": \"cancelled\"}",
	    &er);
	assert_int_equal(er, TMPL_OK);
	/* cancelled is not in this small catalogue: the French table. */
	assert_string_equal(o, "booked annulé");
	free(o);
}

static void
tmpl_bad_t_unknown_key_refused_at_link(void **state)
{
	enum tmpl_err	 er;
	char		*o;

	(void)state;
	o = render("{{ t \"nav.missing\" }}", "{}", &er);
	assert_null(o);
	assert_int_equal(er, TMPL_ELINK);
}

static void
tmpl_bad_t_without_catalogue_refused(void **state)
{
	struct tmpl_set	*s;
	char		 why[256] = "";
	const char	 src[] = "{{ t \"a\" }}";

	(void)state;
	assert_non_null(s = tmpl_set_new());
	assert_int_equal(tmpl_add(s, "p", src, strlen(src), why,
	    sizeof(why)), TMPL_OK);
	assert_int_equal(tmpl_link(s, why, sizeof(why)), TMPL_ELINK);
	tmpl_set_free(s);
}

static void
tmpl_bad_t_syntax(void **state)
{
	struct tmpl_set	*s;
	char		 why[256] = "";
	const char	*bad[] = { "{{ t \"a }}", "{{ t \"\" }}",
	    "{{ t \"a\" x y z }}", "<a href=\"{{ t \"a\" }}\">x</a>" };
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_non_null(s = tmpl_set_new());
		assert_int_not_equal(tmpl_add(s, "p", bad[i], strlen(bad[i]),
		    why, sizeof(why)), TMPL_OK);
		tmpl_set_free(s);
	}
}

/* Write text into dir/name. */
static void
put(const char *dir, const char *name, const char *text)
{
	char	 path[512];
	FILE	*fp;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	assert_non_null(fp = fopen(path, "w"));
	fputs(text, fp);
	fclose(fp);
}

/* A template directory whose catalogues disagree is refused whole. */
static void
tmpl_bad_load_dir_refuses_unequal_catalogues(void **state)
{
	struct tmpl_set	*s = (struct tmpl_set *)1;
	char		 dir[] = "/tmp/test_i18n.XXXXXX", sub[600], why[256];
	char		 path[700];

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(sub, sizeof(sub), "%s/i18n", dir);
	assert_int_equal(mkdir(sub, 0700), 0);
	put(dir, "p.html", "{{ t \"a\" }}");
	put(sub, "fr.txt", "a = A\nb = B\n");
	put(sub, "en.txt", "a = A\n");
	assert_int_equal(tmpl_load_dir(dir, &s, why, sizeof(why)),
	    TMPL_ECATALOG);
	assert_null(s);
	assert_non_null(strstr(why, "b is not in en.txt"));
	put(sub, "en.txt", "a = A\nb = B\n");
	assert_int_equal(tmpl_load_dir(dir, &s, why, sizeof(why)), TMPL_OK);
	tmpl_set_free(s);
	snprintf(path, sizeof(path), "%s/fr.txt", sub);
	unlink(path);
	snprintf(path, sizeof(path), "%s/en.txt", sub);
	unlink(path);
	rmdir(sub);
	snprintf(path, sizeof(path), "%s/p.html", dir);
	unlink(path);
	rmdir(dir);
}

/* The project's templates and catalogues load together. */
static void
i18n_project_catalogues_complete(void **state)
{
	struct tmpl_set	*s = NULL;
	struct i18n	*c = NULL;
	char		 dir[512], why[256] = "";

	(void)state;
	srcdir_path(dir, sizeof(dir), "../../templates/i18n");
	if (i18n_load_dir(dir, &c, why, sizeof(why)) != 0)
		fail_msg("%s: %s", dir, why);
	assert_non_null(i18n_get(c, I18N_EN, "nav.dashboard", 13));
	i18n_free(c);
	srcdir_path(dir, sizeof(dir), "../../templates");
	if (tmpl_load_dir(dir, &s, why, sizeof(why)) != TMPL_OK)
		fail_msg("%s: %s", dir, why);
	assert_non_null(tmpl_message(s, "en", "nav.dashboard"));
	tmpl_set_free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(i18n_lookup_both_languages),
		cmocka_unit_test(i18n_bad_key_in_one_catalogue_only),
		cmocka_unit_test(i18n_bad_malformed_lines),
		cmocka_unit_test(i18n_accept_language_q_values),
		cmocka_unit_test(tmpl_t_follows_lang_and_escapes),
		cmocka_unit_test(tmpl_t_parameters_escaped),
		cmocka_unit_test(tmpl_status_from_catalogue),
		cmocka_unit_test(tmpl_bad_t_unknown_key_refused_at_link),
		cmocka_unit_test(tmpl_bad_t_without_catalogue_refused),
		cmocka_unit_test(tmpl_bad_t_syntax),
		cmocka_unit_test(tmpl_bad_load_dir_refuses_unequal_catalogues),
		cmocka_unit_test(i18n_project_catalogues_complete),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
