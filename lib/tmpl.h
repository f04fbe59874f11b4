/*
 * tmpl — HTML templates, compiled once per process, escaped by context.
 *
 * A set holds every template of a directory; each file "x/y.html" is the
 * template "x/y". Templates are compiled and linked (partials and layouts
 * resolved, cycles refused) when the set is loaded; rendering walks the
 * compiled form against a json-c object and writes into a bounded buffer.
 *
 * Syntax (whitespace inside {{ }} is free):
 *
 *   {{ a.b.c }}        The value at that path, escaped for where it stands
 *                      (see Contexts). Strings as they are, numbers and
 *                      booleans plainly (42, 1.5, true), null, missing
 *                      values, objects and arrays as nothing.
 *   {{ a | url }}      The value percent-encoded as one URL query
 *                      component (only A-Za-z0-9-._~ stay), e.g.
 *                      <a href="/search?q={{ q | url }}">.
 *   {{ a | status }}   The French label of a status code the pages show
 *                      (booked -> "réservé", handoff -> "repris par
 *                      l'équipe", WARN -> "avertissement", ...: the table
 *                      in tmpl.c), escaped as usual; an unknown code is
 *                      written as it is. The JSON keeps the codes.
 *                      With a catalogue (below) the label is its
 *                      "status.<code>" message in the page's language
 *                      when it has one.
 *   {{ t "key" }}      The message key of the set's catalogue (lib/i18n.h)
 *                      in the language named by the data's "lang"
 *                      member ("fr", "en"; French when missing or
 *                      unknown), escaped for where it stands (text or
 *                      quoted attribute; not in a URL attribute).
 *   {{ t "key" a b }}  The same with {1} and {2} in the message replaced
 *                      by the text of the paths a and b (escaped too):
 *                      {{ t "stats.patients" page.n }}.  A key missing
 *                      from the catalogue (or no catalogue) refuses the
 *                      set at link time.
 *   {{ . }}, {{ this }}        The current scope itself; "this.x" = "x".
 *   {{ ../x }}         x looked up in the enclosing scope (repeatable:
 *                      ../../x). Names are never searched upwards
 *                      implicitly: a row without "name" prints nothing,
 *                      not its parent's "name".
 *   {{ @root.x }}      x looked up in the data given to tmpl_render.
 *   {{ @index }}       Position (from 0) in the innermost #each; as a
 *                      condition it is false for the first element only:
 *                      {{#each xs}}{{#if @index}}, {{/if}}{{.}}{{/each}}.
 *   A path segment made of digits indexes an array: {{ items.0.name }}.
 *
 *   {{#if a}} ... {{else}} ... {{/if}}     a is false when missing, null,
 *                      false, 0, 0.0, "" or an empty array; otherwise true
 *                      (an empty object is true). {{else}} is optional.
 *   {{#if a == "lit"}}, {{#if a == b}}   True when the text of a (as
 *                      {{ a }} would write it; missing, null, objects and
 *                      arrays are "") equals the literal (double quotes,
 *                      no '"' or '\' inside) or the text of the path b:
 *                      <option value="x"{{#if f == "x"}} selected{{/if}}>.
 *                      Also for #unless; not for #each.
 *   {{#unless a}} ... {{else}} ... {{/unless}}    The opposite.
 *   {{#each a}} ... {{else}} ... {{/each}}   The body once per element of
 *                      the array a, with the element as the current scope;
 *                      the {{else}} part when a is not a non-empty array.
 *   {{> name}}         The template "name" (a partial), rendered in the
 *                      current scope. Only in HTML text.
 *   {{< name}}         This template is a page laid out by the template
 *                      "name": rendering the page renders the layout, and
 *                      the layout's {{> @body}} renders the page there.
 *                      At most one per page; a layout has no layout.
 *   {{> @body}}        In a layout: the page's output (nothing when the
 *                      layout is rendered on its own). Only in HTML text.
 *   {{! comment }}     Nothing (ends at the first "}}").
 * A literal "{{" cannot be written as such; use &#123;&#123; in markup.
 *
 * There is no raw output for data: {{{ }}} is a compile error. Only the
 * literal markup of the templates and the output of partials and pages
 * (which the engine itself escaped) go out unescaped.
 *
 * Contexts. At compile time a small HTML tokenizer follows the literal
 * markup and decides, for each {{ value }}:
 *   - in text (and inside <title>/<textarea>): & < > " ' become entities;
 *   - inside a quoted attribute value: the same, and every byte other than
 *     letters, digits, UTF-8 and " ,.-_/:@?=#%+~" becomes an entity;
 *   - inside a quoted URL attribute (href, src, action, formaction, cite,
 *     poster, data, background, manifest, longdesc, usemap, ping,
 *     codebase, icon, xlink:href): a value that begins the URL must be
 *     http:, https:, mailto: or have no scheme ("/x", "?q", "#a", "p");
 *     anything else (javascript:, data:...) is written "about:invalid".
 *     Bytes not legal in a URL are percent-encoded, then attribute-escaped.
 * NUL and invalid UTF-8 become U+FFFD (or %XX in URLs).
 * Compile errors: a value (not a section) in a tag or attribute name, in an
 * unquoted attribute value, in an on* / style / srcdoc / srcset attribute,
 * in a URL attribute of <script>, <link>, <base>, <object>, <embed> or
 * <applet> (an https: URL there still loads someone else's code),
 * in <script> or <style>, in a comment or <!...>; a partial or @body
 * outside HTML text; a section whose branches or body end in another HTML
 * state than they began (e.g. "{{#if x}}<b>{{/if}}" is fine, but
 * "{{#if x}}<a href=\"{{/if}}" is not); a template that ends inside a tag,
 * comment or script; unclosed or mismatched sections; unknown partials or
 * layouts; partial cycles. Sections may stand between attributes:
 * <input {{#if on}}checked{{/if}}> is fine.
 * Not understood: <meta http-equiv=refresh content=...> URLs, SVG/MathML
 * foreign content rules; keep values out of those.
 */
#ifndef SOPHIE_TMPL_H
#define SOPHIE_TMPL_H

#include <stddef.h>

struct buf;
struct json_object;
struct tmpl_set;
struct i18n;

enum tmpl_err {
	TMPL_OK = 0,
	TMPL_ENOMEM,		/* out of memory */
	TMPL_EIO,		/* a template file or directory unreadable */
	TMPL_ESYNTAX,		/* malformed {{ }} tag or path */
	TMPL_ECONTEXT,		/* value or tag where HTML forbids it */
	TMPL_ENESTING,		/* unclosed, mismatched or too deep section */
	TMPL_ELINK,		/* unknown partial/layout, cycle, duplicate */
	TMPL_ENOTFOUND,		/* no template by that name */
	TMPL_ETOOBIG,		/* output larger than the buffer's maximum */
	TMPL_EDEPTH,		/* render nested too deep or too long */
	TMPL_EARG,		/* bad argument (e.g. set not linked) */
	TMPL_ECATALOG,		/* i18n/ catalogues malformed or unequal */
	TMPL_ERR__MAX
};

/* A short English description of e; never NULL, static storage. */
const char	*tmpl_strerror(enum tmpl_err e);

/*
 * Load every "*.html" file under dir (recursively, dot files skipped)
 * and, when dir/i18n exists, the message catalogues there (i18n_load_dir;
 * TMPL_ECATALOG when refused), compile and link them. On success *setp
 * is a new set owned by the caller (tmpl_set_free). On failure *setp is
 * NULL and, when why is not NULL, why holds "name:line: reason"
 * (truncated to whysz). Returns TMPL_OK or the error.
 */
enum tmpl_err	 tmpl_load_dir(const char *dir, struct tmpl_set **setp,
		    char *why, size_t whysz);

/* A new empty set for tmpl_add/tmpl_link, or NULL (ENOMEM). */
struct tmpl_set	*tmpl_set_new(void);

/*
 * Compile the template text src (len bytes, may contain NUL) under name and
 * add it to the set, which copies what it keeps. The set becomes unlinked.
 * Returns TMPL_OK or the compile error (explained in why, as above); the
 * set is unchanged on error.
 */
enum tmpl_err	 tmpl_add(struct tmpl_set *, const char *name,
		    const char *src, size_t len, char *why, size_t whysz);

/*
 * Resolve partials and layouts of every template added so far and refuse
 * cycles. Returns TMPL_OK (the set can render) or TMPL_ELINK (why set).
 */
enum tmpl_err	 tmpl_link(struct tmpl_set *, char *why, size_t whysz);

/*
 * Render the template name (with its layout, if it names one) against
 * data (any json-c value, may be NULL) and append the HTML to out.
 * Allocates nothing beyond out's growth. Returns TMPL_OK; on any error out
 * is restored to its length before the call. TMPL_ETOOBIG when out's
 * maximum is reached; TMPL_EDEPTH past 64 nested #each, 32 nested
 * partials or 16M executed nodes (a runaway loop nest).
 */
enum tmpl_err	 tmpl_render(const struct tmpl_set *, const char *name,
		    struct json_object *data, struct buf *out);

/*
 * Give the set the message catalogue cat (owned by the set from now on,
 * NULL removes it; the set becomes unlinked: call tmpl_link again).
 */
void		 tmpl_set_i18n(struct tmpl_set *, struct i18n *cat);

/*
 * The message key in the language lang ("fr", "en"; French when NULL or
 * unknown) of the set's catalogue, or NULL when there is no such key or
 * no catalogue.  Owned by the set.
 */
const char	*tmpl_message(const struct tmpl_set *, const char *lang,
		    const char *key);

/* Whether the set holds a template called name (1) or not (0). */
int		 tmpl_exists(const struct tmpl_set *, const char *name);

/* Free the set and every compiled template. NULL is allowed. */
void		 tmpl_set_free(struct tmpl_set *);

#endif
