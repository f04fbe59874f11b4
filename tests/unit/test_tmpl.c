#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "buf.h"
#include "tmpl.h"

/* Partials every one-template test may call. */
static const char *const fixed_partials[] = {
	"p", "<i>{{ name }}</i>",
	"frame", "<div>{{> @body}}</div>",
	NULL
};

/*
 * Add template "t" (src) and the fixed partials to a new set and link it.
 * Returns the first error; *setp holds the set on success (else NULL).
 */
static enum tmpl_err
build(const char *src, struct tmpl_set **setp, char *why, size_t whysz)
{
	struct tmpl_set	*s;
	enum tmpl_err	 er;
	size_t		 i;

	*setp = NULL;
	s = tmpl_set_new();
	assert_non_null(s);
	er = tmpl_add(s, "t", src, strlen(src), why, whysz);
	for (i = 0; er == TMPL_OK && fixed_partials[i] != NULL; i += 2)
		er = tmpl_add(s, fixed_partials[i], fixed_partials[i + 1],
		    strlen(fixed_partials[i + 1]), why, whysz);
	if (er == TMPL_OK)
		er = tmpl_link(s, why, whysz);
	if (er != TMPL_OK) {
		tmpl_set_free(s);
		return er;
	}
	*setp = s;
	return TMPL_OK;
}

/* The compile (or link) error of src, TMPL_OK if none. */
static enum tmpl_err
compile(const char *src)
{
	struct tmpl_set	*s;
	char		 why[256];
	enum tmpl_err	 er;

	er = build(src, &s, why, sizeof(why));
	tmpl_set_free(s);
	return er;
}

/* Render template t with data from a JSON literal into a buffer. */
static void
render_into(const char *src, struct json_object *data, struct buf *out)
{
	struct tmpl_set	*s;
	char		 why[256] = "";

	if (build(src, &s, why, sizeof(why)) != TMPL_OK)
		fail_msg("compile: %s", why);
	assert_int_equal(tmpl_render(s, "t", data, out), TMPL_OK);
	tmpl_set_free(s);
}

/* Compare the rendering of src with json to want. */
static void
expect(const char *src, const char *json, const char *want)
{
	struct json_object *data = NULL;
	struct buf	 out;

	if (json != NULL)
		assert_non_null(data = json_tokener_parse(json));
	buf_init(&out, 1 << 16);
	render_into(src, data, &out);
	assert_string_equal(buf_str(&out), want);
	buf_free(&out);
	json_object_put(data);
}

/* Render src with data object data (not consumed) and return a copy. */
static char *
render_obj(const char *src, struct json_object *data)
{
	struct buf	 out;

	buf_init(&out, 1 << 16);
	render_into(src, data, &out);
	return buf_take(&out);
}

static void
tmpl_var_dotted_path(void **state)
{
	(void)state;
	expect("<p>{{ patient.first_name }} {{patient.last_name}}</p>",
	    "{\"patient\":{\"first_name\":\"Zoé\",\"last_name\":\"Roux\"}}",
	    "<p>Zoé Roux</p>");
}

static void
tmpl_var_scalars_plain_missing_empty(void **state)
{
	(void)state;
	expect("[{{i}}|{{d}}|{{t}}|{{f}}|{{n}}|{{nope}}|{{o}}|{{a}}|"
	    "{{o.x.y}}|{{a.1}}|{{big}}|{{neg}}]",
	    "{\"i\":42,\"d\":1.5,\"t\":true,\"f\":false,\"n\":null,"
	    "\"o\":{},\"a\":[7,8],\"big\":18446744073709551615,"
	    "\"neg\":-3}",
	    "[42|1.5|true|false||||||8|18446744073709551615|-3]");
}

static void
tmpl_bad_xss_text_inert(void **state)
{
	(void)state;
	expect("<p>{{ x }}</p>",
	    "{\"x\":\"<script>alert(1)</script>\"}",
	    "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>");
	expect("<textarea>{{ x }}</textarea>",
	    "{\"x\":\"</textarea><script>alert(1)</script>\"}",
	    "<textarea>&lt;/textarea&gt;&lt;script&gt;alert(1)"
	    "&lt;/script&gt;</textarea>");
}

static void
tmpl_bad_xss_attr_inert(void **state)
{
	(void)state;
	expect("<input value=\"{{ x }}\">",
	    "{\"x\":\"\\\"><svg onload=alert(1)>\"}",
	    "<input value=\"&quot;&gt;&lt;svg onload=alert&#x28;1&#x29;"
	    "&gt;\">");
	expect("<input value='{{ x }}'>",
	    "{\"x\":\"' autofocus onfocus='alert(1)\"}",
	    "<input value='&#39; autofocus onfocus=&#39;alert&#x28;1&#x29;"
	    "'>");
	expect("<b title=\"{{ x }}\">{{ x }}</b>",
	    "{\"x\":\"O'Neil \\\"Jr\\\"\"}",
	    "<b title=\"O&#39;Neil &quot;Jr&quot;\">"
	    "O&#39;Neil &quot;Jr&quot;</b>");
}

static void
tmpl_bad_xss_url_scheme_blocked(void **state)
{
	(void)state;
	expect("<a href=\"{{ u }}\">x</a>",
	    "{\"u\":\"javascript:alert(1)\"}",
	    "<a href=\"about:invalid\">x</a>");
	expect("<img src='{{ u }}'>", "{\"u\":\" JavaScript:alert(1)\"}",
	    "<img src='about:invalid'>");
	expect("<form action=\"{{ u }}\"></form>",
	    "{\"u\":\"data:text/html,<script>alert(1)</script>\"}",
	    "<form action=\"about:invalid\"></form>");
	expect("<A HREF=\"{{ u }}\">x</A>", "{\"u\":\"vbscript:x\"}",
	    "<A HREF=\"about:invalid\">x</A>");
}

static void
tmpl_url_allowed_and_normalized(void **state)
{
	(void)state;
	expect("<a href=\"{{ u }}\">x</a>",
	    "{\"u\":\"https://example.org/a b?x=1&y=\\\"2\\\"\"}",
	    "<a href=\"https://example.org/a%20b?x=1&amp;y=%222%22\">x</a>");
	expect("<a href=\"{{ u }}\">{{ u }}</a>",
	    "{\"u\":\"mailto:a@b.fr\"}",
	    "<a href=\"mailto:a@b.fr\">mailto:a@b.fr</a>");
}

static void
tmpl_bad_url_scheme_after_empty_start(void **state)
{
	(void)state;
	/* An empty first value leaves the URL start to the next one. */
	expect("<a href=\"{{ a }}{{ b }}\">x</a>",
	    "{\"a\":\"\",\"b\":\"javascript:alert(1)\"}",
	    "<a href=\"about:invalid\">x</a>");
	expect("<a href=\"{{#if a}}/p{{/if}}{{ b }}\">x</a>",
	    "{\"a\":false,\"b\":\"javascript:alert(1)\"}",
	    "<a href=\"about:invalid\">x</a>");
	/* After a literal start the value is only a path part. */
	expect("<a href=\"/p/{{ b }}\">x</a>",
	    "{\"b\":\"javascript:alert(1)\"}",
	    "<a href=\"/p/javascript:alert&#x28;1&#x29;\">x</a>");
}

static void
tmpl_url_filter_encodes_component(void **state)
{
	(void)state;
	expect("<a href=\"/search?q={{ q | url }}\">{{ q | url }}</a>",
	    "{\"q\":\"a&b=<c> d\\\"\"}",
	    "<a href=\"/search?q=a%26b%3D%3Cc%3E%20d%22\">"
	    "a%26b%3D%3Cc%3E%20d%22</a>");
	/* Encoded, a value cannot form a scheme even at the start. */
	expect("<a href=\"{{ q | url }}\">x</a>",
	    "{\"q\":\"javascript:alert(1)\"}",
	    "<a href=\"javascript%3Aalert%281%29\">x</a>");
}

static void
tmpl_bad_nul_and_invalid_utf8_inert(void **state)
{
	struct json_object *d;
	char		*s;

	(void)state;
	d = json_object_new_object();
	json_object_object_add(d, "x",
	    json_object_new_string_len("a\0<\xff\"", 5));
	s = render_obj("{{x}}|<b title=\"{{x}}\">|<a href=\"/{{x}}\">", d);
	assert_string_equal(s,
	    "a\xef\xbf\xbd&lt;\xef\xbf\xbd&quot;|"
	    "<b title=\"a\xef\xbf\xbd&lt;\xef\xbf\xbd&quot;\">|"
	    "<a href=\"/a%00%3C%FF%22\">");
	free(s);
	json_object_put(d);
}

static void
tmpl_each_with_index(void **state)
{
	(void)state;
	expect("<ul>{{#each items}}<li id=\"i{{@index}}\">{{name}}</li>"
	    "{{/each}}</ul>",
	    "{\"items\":[{\"name\":\"a\"},{\"name\":\"<b>\"}]}",
	    "<ul><li id=\"i0\">a</li><li id=\"i1\">&lt;b&gt;</li></ul>");
	expect("{{#each tags}}{{#if @index}}, {{/if}}{{.}}{{/each}}",
	    "{\"tags\":[\"x\",\"y\",3]}", "x, y, 3");
}

static void
tmpl_each_else_and_non_array(void **state)
{
	(void)state;
	expect("{{#each xs}}[{{.}}]{{else}}none{{/each}}",
	    "{\"xs\":[]}", "none");
	expect("{{#each xs}}[{{.}}]{{else}}none{{/each}}",
	    "{\"xs\":{\"a\":1}}", "none");
	expect("{{#each xs}}[{{.}}]{{/each}}", "{}", "");
}

static void
tmpl_nested_each_parent_access(void **state)
{
	(void)state;
	expect("{{#each clinics}}<h2>{{name}}</h2>"
	    "{{#each practitioners}}<p>{{../name}}/{{name}}#{{../@index}}."
	    "{{@index}} {{@root.site}}</p>{{/each}}{{/each}}",
	    "{\"site\":\"S\",\"clinics\":["
	    "{\"name\":\"C1\",\"practitioners\":[{\"name\":\"A\"},"
	    "{\"name\":\"B\"}]},"
	    "{\"name\":\"C2\",\"practitioners\":[{}]}]}",
	    "<h2>C1</h2><p>C1/A#0.0 S</p><p>C1/B#0.1 S</p>"
	    "<h2>C2</h2><p>C2/#1.0 S</p>");
}

static void
tmpl_if_truthiness(void **state)
{
	(void)state;
	expect("{{#if a}}1{{else}}0{{/if}}{{#if b}}1{{else}}0{{/if}}"
	    "{{#if c}}1{{else}}0{{/if}}{{#if d}}1{{else}}0{{/if}}"
	    "{{#if e}}1{{else}}0{{/if}}{{#if f}}1{{else}}0{{/if}}"
	    "{{#if g}}1{{else}}0{{/if}}|"
	    "{{#if h}}1{{else}}0{{/if}}{{#if i}}1{{else}}0{{/if}}"
	    "{{#if j}}1{{else}}0{{/if}}{{#if k}}1{{else}}0{{/if}}"
	    "{{#if l}}1{{else}}0{{/if}}",
	    "{\"a\":null,\"b\":false,\"c\":0,\"d\":\"\",\"e\":[],"
	    "\"f\":0.0,\"h\":true,\"i\":\"0\",\"j\":[0],\"k\":{},"
	    "\"l\":-1}",
	    "0000000|11111");
}

static void
tmpl_unless_and_if_without_else(void **state)
{
	(void)state;
	expect("{{#unless ok}}warn{{else}}fine{{/unless}}|{{#if ok}}y{{/if}}",
	    "{\"ok\":false}", "warn|");
}

static void
tmpl_section_between_attributes(void **state)
{
	(void)state;
	expect("<input type=\"checkbox\" {{#if on}}checked{{/if}} "
	    "name=\"{{n}}\">",
	    "{\"on\":true,\"n\":\"x\"}",
	    "<input type=\"checkbox\" checked name=\"x\">");
	expect("<input type=\"checkbox\" {{#if on}}checked{{/if}}>",
	    "{\"on\":false}", "<input type=\"checkbox\" >");
}

static void
tmpl_partial_in_scope(void **state)
{
	(void)state;
	expect("{{#each people}}{{> p}}{{/each}}|{{> p }}",
	    "{\"name\":\"top\",\"people\":[{\"name\":\"<x>\"}]}",
	    "<i>&lt;x&gt;</i>|<i>top</i>");
}

static void
tmpl_layout_wraps_page(void **state)
{
	(void)state;
	expect("{{< frame}}<b>{{ title }}</b>", "{\"title\":\"T&C\"}",
	    "<div><b>T&amp;C</b></div>");
}

static void
tmpl_layout_alone_has_empty_body(void **state)
{
	struct tmpl_set	*s;
	struct buf	 out;

	(void)state;
	assert_int_equal(build("x", &s, NULL, 0), TMPL_OK);
	buf_init(&out, 1024);
	assert_int_equal(tmpl_render(s, "frame", NULL, &out), TMPL_OK);
	assert_string_equal(buf_str(&out), "<div></div>");
	buf_free(&out);
	tmpl_set_free(s);
}

static void
tmpl_script_and_comment_literal_ok(void **state)
{
	(void)state;
	expect("<script>if (a < b && c > \"</p>\") {}</script>"
	    "<style>p{}</style><!-- <a href=\" -->{{x}}",
	    "{\"x\":\"<\"}",
	    "<script>if (a < b && c > \"</p>\") {}</script>"
	    "<style>p{}</style><!-- <a href=\" -->&lt;");
}

static void
tmpl_bad_too_big_fails_cleanly(void **state)
{
	struct tmpl_set	*s;
	struct json_object *d;
	struct buf	 out;

	(void)state;
	assert_int_equal(build("{{#each xs}}<p>{{.}}</p>{{/each}}", &s,
	    NULL, 0), TMPL_OK);
	d = json_tokener_parse("{\"xs\":[\"aaaa\",\"bbbb\",\"cccc\"]}");
	buf_init(&out, 24);
	assert_int_equal(buf_adds(&out, "head:"), 0);
	assert_int_equal(tmpl_render(s, "t", d, &out), TMPL_ETOOBIG);
	assert_string_equal(buf_str(&out), "head:");
	assert_int_equal(out.len, 5);
	buf_free(&out);
	json_object_put(d);
	tmpl_set_free(s);
}

static void
tmpl_bad_unknown_template(void **state)
{
	struct tmpl_set	*s;
	struct buf	 out;

	(void)state;
	assert_int_equal(build("x", &s, NULL, 0), TMPL_OK);
	buf_init(&out, 64);
	assert_int_equal(tmpl_render(s, "nope", NULL, &out), TMPL_ENOTFOUND);
	assert_true(tmpl_exists(s, "t"));
	assert_false(tmpl_exists(s, "nope"));
	buf_free(&out);
	tmpl_set_free(s);
}

static void
tmpl_bad_unclosed_and_mismatched(void **state)
{
	(void)state;
	assert_int_equal(compile("{{#if a}}x"), TMPL_ENESTING);
	assert_int_equal(compile("{{#each a}}{{#if b}}{{/each}}{{/if}}"),
	    TMPL_ENESTING);
	assert_int_equal(compile("{{/if}}"), TMPL_ENESTING);
	assert_int_equal(compile("{{else}}"), TMPL_ENESTING);
	assert_int_equal(compile("{{#if a}}{{else}}{{else}}{{/if}}"),
	    TMPL_ENESTING);
	assert_int_equal(compile("{{ a"), TMPL_ESYNTAX);
}

static void
tmpl_bad_syntax(void **state)
{
	(void)state;
	assert_int_equal(compile("{{{ x }}}"), TMPL_ESYNTAX);
	assert_int_equal(compile("{{ a..b }}"), TMPL_ESYNTAX);
	assert_int_equal(compile("{{ a b }}"), TMPL_ESYNTAX);
	assert_int_equal(compile("{{ x | raw }}"), TMPL_ESYNTAX);
	assert_int_equal(compile("{{}}"), TMPL_ESYNTAX);
	assert_int_equal(compile("{{#with a}}{{/with}}"), TMPL_ESYNTAX);
	assert_int_equal(compile("{{< frame}}{{< frame}}"), TMPL_ESYNTAX);
}

static void
tmpl_bad_unknown_partial_layout_cycle(void **state)
{
	struct tmpl_set	*s;
	char		 why[256];

	(void)state;
	assert_int_equal(compile("x\n{{> nope}}"), TMPL_ELINK);
	assert_int_equal(compile("{{< nope}}"), TMPL_ELINK);
	assert_int_equal(compile("{{< t}}"), TMPL_ELINK);
	assert_int_equal(compile("{{> t}}"), TMPL_ELINK);

	assert_non_null(s = tmpl_set_new());
	assert_int_equal(tmpl_add(s, "a", "{{> b}}", 7, why, sizeof(why)),
	    TMPL_OK);
	assert_int_equal(tmpl_add(s, "b", "<p>{{> a}}</p>", 14, why,
	    sizeof(why)), TMPL_OK);
	assert_int_equal(tmpl_link(s, why, sizeof(why)), TMPL_ELINK);
	assert_non_null(strstr(why, "cycle"));
	assert_int_equal(tmpl_add(s, "a", "x", 1, why, sizeof(why)),
	    TMPL_ELINK);
	tmpl_set_free(s);
}

static void
tmpl_bad_context_unquoted_and_names(void **state)
{
	(void)state;
	assert_int_equal(compile("<a title={{x}}>"), TMPL_ECONTEXT);
	assert_int_equal(compile("<a title=x{{x}}>"), TMPL_ECONTEXT);
	assert_int_equal(compile("<{{x}}>"), TMPL_ECONTEXT);
	assert_int_equal(compile("<b{{x}}>"), TMPL_ECONTEXT);
	assert_int_equal(compile("<a {{x}}=\"1\">"), TMPL_ECONTEXT);
	assert_int_equal(compile("<a {{x}}>"), TMPL_ECONTEXT);
	assert_int_equal(compile("</{{x}}>"), TMPL_ECONTEXT);
}

static void
tmpl_bad_context_script_style_handlers(void **state)
{
	(void)state;
	assert_int_equal(compile("<script>var a = \"{{x}}\";</script>"),
	    TMPL_ECONTEXT);
	assert_int_equal(compile("<SCRIPT type=\"x\">{{x}}</SCRIPT>"),
	    TMPL_ECONTEXT);
	assert_int_equal(compile("<style>p { color: {{x}} }</style>"),
	    TMPL_ECONTEXT);
	assert_int_equal(compile("<a onclick=\"{{x}}\">"), TMPL_ECONTEXT);
	assert_int_equal(compile("<a OnMouseOver='{{x}}'>"), TMPL_ECONTEXT);
	assert_int_equal(compile("<p style=\"{{x}}\">"), TMPL_ECONTEXT);
	assert_int_equal(compile("<img srcset=\"{{x}}\">"), TMPL_ECONTEXT);
	assert_int_equal(compile("<!-- {{x}} -->"), TMPL_ECONTEXT);
	assert_int_equal(compile("<script src=\"{{x}}\"></script>"),
	    TMPL_ECONTEXT);
	assert_int_equal(compile("<link rel=\"stylesheet\" href=\"{{x}}\">"),
	    TMPL_ECONTEXT);
	assert_int_equal(compile("<base href=\"{{x}}\">"), TMPL_ECONTEXT);
	assert_int_equal(compile("<script src=\"/s.js\" "
	    "nonce=\"{{x}}\"></script>"), TMPL_OK);
	assert_int_equal(compile("<iframe src=\"{{x}}\"></iframe>"),
	    TMPL_OK);
	assert_int_equal(compile("<!DOCTYPE {{x}}>"), TMPL_ECONTEXT);
	/* Leaving script or style returns to text. */
	assert_int_equal(compile("<script>x</script><p>{{x}}</p>"), TMPL_OK);
	assert_int_equal(compile("<script>\"</scriptx>\"{{x}}</script>"),
	    TMPL_ECONTEXT);
}

static void
tmpl_bad_context_sections_and_partials(void **state)
{
	(void)state;
	assert_int_equal(compile("{{#if x}}<a href=\"{{/if}}\">"),
	    TMPL_ECONTEXT);
	assert_int_equal(compile("{{#if x}}<b>{{else}}<i{{/if}}>"),
	    TMPL_ECONTEXT);
	assert_int_equal(compile("{{#each x}}<script>{{/each}}"),
	    TMPL_ECONTEXT);
	assert_int_equal(compile("<a title=\"{{> p}}\">"), TMPL_ECONTEXT);
	assert_int_equal(compile("<a title=\"{{> @body}}\">"),
	    TMPL_ECONTEXT);
	assert_int_equal(compile("<a href=\""), TMPL_ECONTEXT);
	assert_int_equal(compile("<b {{#if x}}a=\"1\"{{/if}}>"), TMPL_OK);
	assert_int_equal(compile("<b a{{#if x}}=\"1\"{{/if}}>"),
	    TMPL_ECONTEXT);
	assert_int_equal(compile("<{{#if x}}b{{/if}}>"), TMPL_ECONTEXT);
}

static void
tmpl_bad_error_names_line(void **state)
{
	struct tmpl_set	*s;
	char		 why[256];

	(void)state;
	assert_int_equal(build("<p>\n\n<a title={{x}}>", &s, why,
	    sizeof(why)), TMPL_ECONTEXT);
	assert_null(s);
	assert_non_null(strstr(why, "t:3:"));
	assert_non_null(strstr(why, "unquoted"));
}

static void
tmpl_strerror_all(void **state)
{
	int	 e;

	(void)state;
	for (e = 0; e <= TMPL_ERR__MAX; e++)
		assert_non_null(tmpl_strerror((enum tmpl_err)e));
	assert_string_equal(tmpl_strerror(TMPL_ETOOBIG), "output too large");
}

/* Directory of this source file, for the test templates. */
static void
srcdir_path(char *dst, size_t sz, const char *rel)
{
	const char	*f = __FILE__, *slash = strrchr(f, '/');
	int		 dl = slash != NULL ? (int)(slash - f) : 1;

	snprintf(dst, sz, "%.*s/%s", dl, slash != NULL ? f : ".", rel);
}

/* Read a whole small file into a fresh string, or NULL. */
static char *
slurp(const char *path)
{
	FILE		*fp;
	struct buf	 b;
	char		 chunk[4096];
	size_t		 n;

	if ((fp = fopen(path, "r")) == NULL)
		return NULL;
	buf_init(&b, 1 << 20);
	while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
		assert_int_equal(buf_add(&b, chunk, n), 0);
	fclose(fp);
	return buf_take(&b);
}

static const char golden_data[] =
	"{\"title\":\"Patients <Dupont>\",\"q\":\"Zoé & \\\"co\\\"\","
	"\"next\":2,"
	"\"clinic\":{\"id\":\"c 1/2\",\"name\":\"Cabinet d'Orthodontie\"},"
	"\"patients\":["
	"{\"id\":7,\"first_name\":\"Zoé\",\"last_name\":\"Roux\","
	"\"phone\":\"+33 6 12 34 56 78\",\"vip\":true,"
	"\"site\":\"https://roux.example/?a=1&b=2\"},"
	"{\"id\":8,\"first_name\":\"<script>alert(1)</script>\","
	"\"last_name\":\"\\\"><svg onload=alert(1)>\",\"phone\":null,"
	"\"site\":\"javascript:alert(1)\"}]}";

static void
tmpl_golden_page_from_dir(void **state)
{
	struct tmpl_set	*s;
	struct json_object *d;
	struct buf	 out;
	char		 dir[512], gold[512], why[256] = "";
	char		*want;
	FILE		*fp;

	(void)state;
	srcdir_path(dir, sizeof(dir), "tmpl");
	srcdir_path(gold, sizeof(gold), "golden/patients.html");
	if (tmpl_load_dir(dir, &s, why, sizeof(why)) != TMPL_OK)
		fail_msg("load %s: %s", dir, why);
	assert_true(tmpl_exists(s, "_partials/patient_row"));
	assert_non_null(d = json_tokener_parse(golden_data));
	buf_init(&out, 1 << 16);
	assert_int_equal(tmpl_render(s, "patients", d, &out), TMPL_OK);
	if (getenv("TMPL_GOLDEN_UPDATE") != NULL) {
		assert_non_null(fp = fopen(gold, "w"));
		fputs(buf_str(&out), fp);
		fclose(fp);
	}
	if ((want = slurp(gold)) == NULL)
		fail_msg("missing golden file %s", gold);
	assert_string_equal(buf_str(&out), want);
	assert_null(strstr(want, "<script>"));
	assert_null(strstr(want, "javascript:"));
	assert_null(strstr(want, "<svg"));
	free(want);
	buf_free(&out);
	json_object_put(d);
	tmpl_set_free(s);
}

static void
tmpl_bad_load_dir_missing(void **state)
{
	struct tmpl_set	*s = (struct tmpl_set *)1;
	char		 why[256];

	(void)state;
	assert_int_equal(tmpl_load_dir("/nonexistent/templates", &s, why,
	    sizeof(why)), TMPL_EIO);
	assert_null(s);
}

/* | status: known codes become French labels, escaped; others stay. */
static void
tmpl_status_filter_labels(void **state)
{
	(void)state;
	expect("<td>{{ s | status }}</td>", "{\"s\":\"booked\"}",
	    "<td>réservé</td>");
	expect("{{ s | status }}", "{\"s\":\"no_show\"}", "absent");
	expect("{{ s | status }}", "{\"s\":\"handoff\"}",
	    "repris par l&#39;équipe");
	expect("{{ s | status }}", "{\"s\":\"WARN\"}", "avertissement");
	expect("<b title=\"{{ s | status }}\">", "{\"s\":\"cancelled\"}",
	    "<b title=\"annulé\">");
	/* the engine's conversation states, next to look-alike codes */
	expect("{{ s | status }}", "{\"s\":\"confirm\"}",
	    "attend la confirmation");
	expect("{{ s | status }}", "{\"s\":\"confirm_cancel\"}",
	    "attend la confirmation d&#39;annulation");
	expect("{{ s | status }}", "{\"s\":\"confirmed\"}", "confirmé");
	expect("{{ s | status }}", "{\"s\":\"ask_who\"}", "attend pour qui");
	expect("{{ s | status }}", "{\"s\":\"idle\"}",
	    "aucune demande en cours");
	expect("{{ s | status }}", "{\"s\":\"remind\"}", "réponse à un rappel");
	expect("{{ s | status }}", "{\"s\":\"choose_slot\"}",
	    "choix du créneau");
}

/* | status: unknown codes, markup and non-strings are written escaped. */
static void
tmpl_bad_status_filter_unknown_escaped(void **state)
{
	(void)state;
	expect("{{ s | status }}", "{\"s\":\"mystery\"}", "mystery");
	expect("{{ s | status }}", "{\"s\":\"<b>booked\"}",
	    "&lt;b&gt;booked");
	expect("{{ s | status }}", "{\"s\":\"Booked\"}", "Booked");
	expect("[{{ s | status }}]", "{\"s\":null}", "[]");
	expect("[{{ s | status }}]", "{}", "[]");
	expect("{{ s | status }}", "{\"s\":42}", "42");
	assert_int_equal(compile("{{ s | statut }}"), TMPL_ESYNTAX);
}

/* | reason without a catalogue: the stored code, escaped (the words
 * come from the catalogue's reason.<code>; tests/integration/test_i18n). */
static void
tmpl_bad_reason_filter_without_catalogue(void **state)
{
	(void)state;
	expect("({{ r | reason }})", "{\"r\":\"not_understood\"}",
	    "(not_understood)");
	expect("{{ r | reason }}", "{\"r\":\"<i>x\"}", "&lt;i&gt;x");
	expect("[{{ r | reason }}]", "{}", "[]");
	assert_int_equal(compile("{{ r | reasons }}"), TMPL_ESYNTAX);
}

/* #if a == "lit" and a == b: the selected option of a filter form. */
static void
tmpl_if_equal_literal_and_path(void **state)
{
	(void)state;
	expect("<option value=\"x\"{{#if f == \"x\"}} selected{{/if}}>",
	    "{\"f\":\"x\"}", "<option value=\"x\" selected>");
	expect("<option value=\"x\"{{#if f == \"x\"}} selected{{/if}}>",
	    "{\"f\":\"y\"}", "<option value=\"x\">");
	expect("{{#each xs}}<option value=\"{{ id }}\""
	    "{{#if id == @root.sel}} selected{{/if}}>{{/each}}",
	    "{\"sel\":\"b\",\"xs\":[{\"id\":\"a\"},{\"id\":\"b\"}]}",
	    "<option value=\"a\"><option value=\"b\" selected>");
	expect("{{#if n == \"3\"}}three{{else}}no{{/if}}", "{\"n\":3}",
	    "three");
	expect("{{#unless f == \"x\"}}other{{/unless}}", "{\"f\":\"z\"}",
	    "other");
	expect("{{#if f == \"a == b\"}}eq{{/if}}", "{\"f\":\"a == b\"}",
	    "eq");
}

/* == : missing values are "", prefixes differ, syntax is checked. */
static void
tmpl_bad_if_equal_missing_and_syntax(void **state)
{
	(void)state;
	expect("{{#if f == \"x\"}}yes{{else}}no{{/if}}", "{}", "no");
	expect("{{#if f == \"\"}}empty{{/if}}", "{}", "empty");
	expect("{{#if f == \"ab\"}}yes{{else}}no{{/if}}",
	    "{\"f\":\"abc\"}", "no");
	expect("{{#if f == g}}yes{{else}}no{{/if}}", "{\"f\":\"a\"}",
	    "no");
	assert_int_equal(compile("{{#if f == }}x{{/if}}"), TMPL_ESYNTAX);
	assert_int_equal(compile("{{#if == \"x\"}}x{{/if}}"),
	    TMPL_ESYNTAX);
	assert_int_equal(compile("{{#if f == \"x}}x{{/if}}"), TMPL_ESYNTAX);
	assert_int_equal(compile("{{#if f == \"a\\\"b\"}}x{{/if}}"),
	    TMPL_ESYNTAX);
	assert_int_equal(compile("{{#each f == \"x\"}}x{{/each}}"),
	    TMPL_ESYNTAX);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(tmpl_var_dotted_path),
		cmocka_unit_test(tmpl_var_scalars_plain_missing_empty),
		cmocka_unit_test(tmpl_bad_xss_text_inert),
		cmocka_unit_test(tmpl_bad_xss_attr_inert),
		cmocka_unit_test(tmpl_bad_xss_url_scheme_blocked),
		cmocka_unit_test(tmpl_url_allowed_and_normalized),
		cmocka_unit_test(tmpl_bad_url_scheme_after_empty_start),
		cmocka_unit_test(tmpl_url_filter_encodes_component),
		cmocka_unit_test(tmpl_bad_nul_and_invalid_utf8_inert),
		cmocka_unit_test(tmpl_each_with_index),
		cmocka_unit_test(tmpl_each_else_and_non_array),
		cmocka_unit_test(tmpl_nested_each_parent_access),
		cmocka_unit_test(tmpl_if_truthiness),
		cmocka_unit_test(tmpl_unless_and_if_without_else),
		cmocka_unit_test(tmpl_section_between_attributes),
		cmocka_unit_test(tmpl_partial_in_scope),
		cmocka_unit_test(tmpl_layout_wraps_page),
		cmocka_unit_test(tmpl_layout_alone_has_empty_body),
		cmocka_unit_test(tmpl_script_and_comment_literal_ok),
		cmocka_unit_test(tmpl_bad_too_big_fails_cleanly),
		cmocka_unit_test(tmpl_bad_unknown_template),
		cmocka_unit_test(tmpl_bad_unclosed_and_mismatched),
		cmocka_unit_test(tmpl_bad_syntax),
		cmocka_unit_test(tmpl_bad_unknown_partial_layout_cycle),
		cmocka_unit_test(tmpl_bad_context_unquoted_and_names),
		cmocka_unit_test(tmpl_bad_context_script_style_handlers),
		cmocka_unit_test(tmpl_bad_context_sections_and_partials),
		cmocka_unit_test(tmpl_bad_error_names_line),
		cmocka_unit_test(tmpl_strerror_all),
		cmocka_unit_test(tmpl_golden_page_from_dir),
		cmocka_unit_test(tmpl_bad_load_dir_missing),
		cmocka_unit_test(tmpl_status_filter_labels),
		cmocka_unit_test(tmpl_bad_status_filter_unknown_escaped),
		cmocka_unit_test(tmpl_bad_reason_filter_without_catalogue),
		cmocka_unit_test(tmpl_if_equal_literal_and_path),
		cmocka_unit_test(tmpl_bad_if_equal_missing_and_syntax),
	};
	return cmocka_run_group_tests_name("tmpl", tests, NULL, NULL);
}
