/*
 * tmpl — compile templates into a flat list of nodes with the HTML context
 * of every value decided at compile time, link partials and layouts, and
 * render against json-c data into a bounded buffer. The syntax and the
 * context rules are described in tmpl.h.
 *
 * Trust: template files are trusted markup; the json-c data is not and
 * only ever reaches the output through html.c.
 */
#include <sys/stat.h>

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <json-c/json.h>

#include "buf.h"
#include "html.h"
#include "i18n.h"
#include "tmpl.h"

#define TMPL_MAXNEST	32		/* open sections in one template */
#define TMPL_MAXSCOPE	64		/* nested #each scopes at render */
#define TMPL_MAXCALL	32		/* nested partials at render */
#define TMPL_MAXSTEPS	(1UL << 24)	/* nodes executed by one render */
#define TMPL_MAXSEG	16		/* segments in one path */
#define TMPL_MAXTAG	512		/* bytes between {{ and }} */
#define TMPL_MAXNAME	128		/* bytes in a template name */
#define TMPL_MAXFILE	(1024 * 1024)	/* bytes in a template file */
#define TMPL_MAXDIR	8		/* directory depth under the root */

/* Compiled instructions. */
enum tmpl_op {
	OP_TEXT,	/* literal markup, written as is */
	OP_VAR,		/* a value, escaped by ctx */
	OP_IF,		/* {{#if}}: body up to alt, else part up to end */
	OP_UNLESS,	/* {{#unless}}: same, condition inverted */
	OP_EACH,	/* {{#each}}: body per element, else part if none */
	OP_ELSE,	/* {{else}}: marks the else part */
	OP_END,		/* {{/...}}: closes a section */
	OP_PARTIAL,	/* {{> name}} */
	OP_BODY,	/* {{> @body}} */
	OP_MSG		/* {{ t "key" a b }}: a catalogue message */
};

/* Where a value lands in the HTML. */
enum tmpl_ctx {
	CTX_TEXT,	/* element content */
	CTX_ATTR,	/* quoted attribute value */
	CTX_URL		/* quoted URL attribute value */
};

/* What a value passes through before it is escaped. */
enum tmpl_filter {
	FILTER_NONE,	/* the value itself */
	FILTER_URL,	/* | url: percent-encoded query component */
	FILTER_STATUS,	/* | status: French label of a known code */
	FILTER_REASON	/* | reason: why a conversation waits on staff */
};

/* What a text node does to the "URL attribute has content" flag. */
enum tmpl_mark {
	MARK_KEEP,	/* not left inside a URL attribute value */
	MARK_SET,	/* left inside a URL value that has content */
	MARK_RESET	/* left inside a URL value opened and still empty */
};

/* Where a path starts. */
enum tmpl_base {
	BASE_SCOPE,	/* the current (or ../ enclosing) scope */
	BASE_ROOT,	/* @root: the data given to tmpl_render */
	BASE_INDEX	/* @index of the (../ enclosing) #each */
};

struct tmpl_path {
	unsigned	 up;	/* number of leading ../ */
	enum tmpl_base	 base;
	unsigned	 nseg;	/* segments in segs */
	char		*segs;	/* nseg NUL-terminated names, back to back */
};

struct tmpl;

struct tmpl_node {
	enum tmpl_op	 op;
	enum tmpl_ctx	 ctx;		/* OP_VAR */
	enum tmpl_filter filter;	/* OP_VAR: | url, | status */
	enum tmpl_mark	 mark;		/* OP_TEXT */
	size_t		 off, len;	/* OP_TEXT: bytes of the source */
	struct tmpl_path path;		/* OP_VAR, OP_IF, OP_UNLESS, OP_EACH,
					   OP_MSG's {1} */
	int		 cmp;		/* OP_IF, OP_UNLESS: "path == ..." */
	struct tmpl_path path2;		/* cmp: right-hand path (no lit);
					   OP_MSG's {2} */
	unsigned	 nargs;		/* OP_MSG: 0, 1 or 2 parameters */
	char		*lit;		/* cmp: right-hand "literal", or NULL */
	size_t		 alt;		/* sections: index of ELSE or END */
	size_t		 end;		/* sections, ELSE: index of END */
	char		*name;		/* OP_PARTIAL: name to link;
					   OP_MSG: the key */
	const struct tmpl *target;	/* OP_PARTIAL: once linked */
	unsigned	 line;		/* in the source, for errors */
};

struct tmpl {
	char		*name;
	size_t		 idx;		/* position in the set */
	char		*src;		/* copy of the source text */
	size_t		 srclen;
	struct tmpl_node *nodes;
	size_t		 nnodes, capnodes;
	char		*layout_name;	/* {{< name}}, NULL if none */
	unsigned	 layout_line;
	const struct tmpl *layout;	/* once linked */
};

struct tmpl_set {
	struct tmpl	**t;
	size_t		 n, cap;
	int		 linked;
	struct i18n	*cat;		/* messages for {{ t }}, or NULL */
};

static const char *const tmpl_errs[TMPL_ERR__MAX] = {
	"success",					/* TMPL_OK */
	"out of memory",				/* TMPL_ENOMEM */
	"cannot read template",				/* TMPL_EIO */
	"template syntax error",			/* TMPL_ESYNTAX */
	"value or tag not allowed in this HTML context",/* TMPL_ECONTEXT */
	"unclosed or mismatched section",		/* TMPL_ENESTING */
	"unknown partial or layout, or cycle",		/* TMPL_ELINK */
	"no such template",				/* TMPL_ENOTFOUND */
	"output too large",				/* TMPL_ETOOBIG */
	"render nesting or work limit reached",		/* TMPL_EDEPTH */
	"invalid argument",				/* TMPL_EARG */
	"message catalogue refused",			/* TMPL_ECATALOG */
};

const char *
tmpl_strerror(enum tmpl_err e)
{
	if ((unsigned)e >= TMPL_ERR__MAX)
		return "unknown template error";
	return tmpl_errs[e];
}

/* Write "name:line: msg" into why (if any). Returns er for chaining. */
static enum tmpl_err
tmpl_why(char *why, size_t whysz, enum tmpl_err er, const char *name,
    unsigned line, const char *msg)
{
	if (why != NULL && whysz > 0)
		snprintf(why, whysz, "%s:%u: %s", name, line, msg);
	return er;
}

/*
 * ---------------------------------------------------------------------
 * The HTML tokenizer: follows literal markup one byte at a time.
 * ---------------------------------------------------------------------
 */

enum tmpl_hst {
	H_TEXT,		/* element content */
	H_LT,		/* after '<' */
	H_TAGNAME,	/* in a start tag's name */
	H_ENDTAG,	/* in an end tag, up to '>' */
	H_TAG,		/* in a start tag, between attributes */
	H_ATTRNAME,	/* in an attribute name */
	H_AFTERNAME,	/* after an attribute name, before '=' */
	H_BEFOREVAL,	/* after '=' */
	H_VALDQ,	/* in a "double quoted" attribute value */
	H_VALSQ,	/* in a 'single quoted' attribute value */
	H_VALUQ,	/* in an unquoted attribute value */
	H_BANG,		/* after "<!" */
	H_COMMENT,	/* in <!-- --> */
	H_DECL,		/* in <!...> or <?...> */
	H_RAW		/* in <script> or <style> content */
};

/* Kind of attribute whose value is being read. */
enum tmpl_akind {
	A_PLAIN,	/* ordinary attribute */
	A_URL,		/* holds a URL */
	A_FORBID	/* script, style or nested document: no values */
};

/* Raw-text element opened by the current tag, or being read. */
enum tmpl_raw {
	RAW_NONE,
	RAW_SCRIPT,
	RAW_STYLE
};

struct tmpl_hs {
	enum tmpl_hst	 st;
	enum tmpl_akind	 ak;
	enum tmpl_raw	 raw;
	int		 code;		/* tag loads code: no URL values */
	unsigned	 cnt;		/* "-->" or "</script" progress */
	char		 name[32];	/* tag or attribute name, lower case */
	size_t		 namelen;
	int		 nameover;	/* name longer than the buffer */
};

/* URL attributes: a value there is checked as a URL (comment: HTML 4/5). */
static const char *const tmpl_url_attrs[] = {
	"action", "background", "cite", "codebase", "data", "formaction",
	"href", "icon", "longdesc", "manifest", "ping", "poster", "src",
	"usemap", "xlink:href", NULL
};

/* Tags whose URLs load code or rebase the page: no values in their URLs. */
static const char *const tmpl_code_tags[] = {
	"applet", "base", "embed", "link", "object", "script", NULL
};

/* Attributes that never take a value: script, CSS, nested documents. */
static const char *const tmpl_forbid_attrs[] = {
	"style", "srcdoc", "srcset", NULL
};

/* Whether name is one of the NULL-terminated list. */
static int
tmpl_in_list(const char *name, const char *const *list)
{
	for (; *list != NULL; list++)
		if (strcmp(name, *list) == 0)
			return 1;
	return 0;
}

/* Start collecting a tag or attribute name with byte c. */
static void
hs_name_start(struct tmpl_hs *h, enum tmpl_hst st, char c)
{
	h->st = st;
	h->namelen = 0;
	h->nameover = 0;
	h->name[0] = '\0';
	if (c != '\0') {
		h->name[h->namelen++] = (char)tolower((unsigned char)c);
		h->name[h->namelen] = '\0';
	}
}

/* Add byte c to the name being collected. */
static void
hs_name_add(struct tmpl_hs *h, char c)
{
	if (h->namelen + 1 >= sizeof(h->name)) {
		h->nameover = 1;
		return;
	}
	h->name[h->namelen++] = (char)tolower((unsigned char)c);
	h->name[h->namelen] = '\0';
}

/* Classify the attribute just named, before its value. */
static enum tmpl_akind
hs_attr_kind(const struct tmpl_hs *h)
{
	if (h->namelen >= 2 && h->name[0] == 'o' && h->name[1] == 'n')
		return A_FORBID;
	if (h->nameover)
		return A_PLAIN;
	if (tmpl_in_list(h->name, tmpl_forbid_attrs))
		return A_FORBID;
	if (tmpl_in_list(h->name, tmpl_url_attrs))
		return h->code ? A_FORBID : A_URL;
	return A_PLAIN;
}

/* The tag name is complete: remember whether it opens raw text. */
static void
hs_tag_named(struct tmpl_hs *h)
{
	h->raw = RAW_NONE;
	h->code = 0;
	if (h->nameover)
		return;
	h->code = tmpl_in_list(h->name, tmpl_code_tags);
	if (strcmp(h->name, "script") == 0)
		h->raw = RAW_SCRIPT;
	else if (strcmp(h->name, "style") == 0)
		h->raw = RAW_STYLE;
}

/* A start tag ends with '>'. */
static void
hs_tag_end(struct tmpl_hs *h)
{
	h->cnt = 0;
	h->st = h->raw != RAW_NONE ? H_RAW : H_TEXT;
}

static int
hs_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* One byte in raw text: look for the matching end tag. */
static void
hs_raw(struct tmpl_hs *h, char c)
{
	const char	*e = h->raw == RAW_SCRIPT ? "</script" : "</style";
	size_t		 el = strlen(e);

	if (h->cnt == el) {
		if (hs_space(c) || c == '/' || c == '>') {
			h->raw = RAW_NONE;
			h->cnt = 0;
			h->st = c == '>' ? H_TEXT : H_ENDTAG;
			return;
		}
		h->cnt = 0;
	}
	if (tolower((unsigned char)c) == e[h->cnt])
		h->cnt++;
	else
		h->cnt = c == '<' ? 1 : 0;
}

/* One byte after '<'. Returns 1 if c must be read again in H_TEXT. */
static int
hs_lt(struct tmpl_hs *h, char c)
{
	if (isalpha((unsigned char)c))
		hs_name_start(h, H_TAGNAME, c);
	else if (c == '/')
		h->st = H_ENDTAG;
	else if (c == '!') {
		h->st = H_BANG;
		h->cnt = 0;
	} else if (c == '?')
		h->st = H_DECL;
	else {
		h->st = H_TEXT;
		return 1;
	}
	return 0;
}

/* One byte after "<!": "--" opens a comment, anything else a decl. */
static void
hs_bang(struct tmpl_hs *h, char c)
{
	if (c == '-' && ++h->cnt == 2) {
		h->st = H_COMMENT;
		h->cnt = 0;
	} else if (c == '>')
		h->st = H_TEXT;
	else if (c != '-')
		h->st = H_DECL;
}

/* One byte in a comment: "-->" ends it. */
static void
hs_comment(struct tmpl_hs *h, char c)
{
	if (c == '-') {
		if (h->cnt < 2)
			h->cnt++;
	} else if (c == '>' && h->cnt == 2) {
		h->st = H_TEXT;
		h->cnt = 0;
	} else
		h->cnt = 0;
}

/*
 * One byte inside a start tag (H_TAGNAME to H_VALUQ). Returns NULL, or a
 * message when the markup is too odd to follow safely.
 */
static const char *
hs_intag(struct tmpl_hs *h, char c)
{
	int	 sp = hs_space(c);

	switch (h->st) {
	case H_TAGNAME:
		if (sp || c == '/' || c == '>') {
			hs_tag_named(h);
			if (c == '>')
				hs_tag_end(h);
			else
				h->st = H_TAG;
		} else
			hs_name_add(h, c);
		return NULL;
	case H_TAG:
	case H_AFTERNAME:
		if (sp || c == '/')
			h->st = c == '/' ? H_TAG : h->st;
		else if (c == '>')
			hs_tag_end(h);
		else if (c == '=' && h->st == H_AFTERNAME)
			h->st = H_BEFOREVAL;
		else if (c == '=' || c == '"' || c == '\'' || c == '<')
			return "unexpected character in a tag";
		else
			hs_name_start(h, H_ATTRNAME, c);
		return NULL;
	case H_ATTRNAME:
		if (sp)
			h->st = H_AFTERNAME;
		else if (c == '/')
			h->st = H_TAG;
		else if (c == '>')
			hs_tag_end(h);
		else if (c == '=')
			h->st = H_BEFOREVAL;
		else if (c == '"' || c == '\'' || c == '<')
			return "quote or '<' in an attribute name";
		else
			hs_name_add(h, c);
		return NULL;
	case H_BEFOREVAL:
		h->ak = hs_attr_kind(h);
		if (sp)
			return NULL;
		if (c == '"')
			h->st = H_VALDQ;
		else if (c == '\'')
			h->st = H_VALSQ;
		else if (c == '>')
			hs_tag_end(h);
		else if (c == '<' || c == '=' || c == '`')
			return "unexpected character before an attribute value";
		else
			h->st = H_VALUQ;
		return NULL;
	case H_VALUQ:
		if (sp)
			h->st = H_TAG;
		else if (c == '>')
			hs_tag_end(h);
		return NULL;
	default:
		return NULL;
	}
}

/*
 * Whether two tokenizer states are the same for what follows: the state,
 * the attribute kind inside a value, the raw element inside a tag or raw
 * text, and the match progress in comments and raw text.
 */
static int
hs_equal(const struct tmpl_hs *a, const struct tmpl_hs *b)
{
	if (a->st != b->st)
		return 0;
	switch (a->st) {
	case H_VALDQ:
	case H_VALSQ:
		return a->ak == b->ak && a->raw == b->raw &&
		    a->code == b->code;
	case H_TAG:
		return a->raw == b->raw && a->code == b->code;
	case H_RAW:
		return a->raw == b->raw && a->cnt == b->cnt;
	case H_COMMENT:
		return a->cnt == b->cnt;
	default:
		return 1;
	}
}

/*
 * ---------------------------------------------------------------------
 * The compiler.
 * ---------------------------------------------------------------------
 */

struct tmpl_open {
	size_t		 node;		/* index of the IF/UNLESS/EACH */
	size_t		 els;		/* index of its ELSE, or 0 */
	struct tmpl_hs	 hs;		/* HTML state where it opened */
	unsigned	 line;
};

struct tmpl_comp {
	struct tmpl	*t;
	size_t		 pos;		/* cursor in t->src */
	struct tmpl_hs	 hs;
	int		 val_opened;	/* a quoted value opened in this run */
	size_t		 val_bytes;	/* bytes of it seen in this run */
	struct tmpl_open open[TMPL_MAXNEST];
	size_t		 nopen;
	unsigned	 line;		/* line of the current tag */
	size_t		 lineoff;	/* comp_line: counted up to here */
	unsigned	 lineno;	/* comp_line: line at lineoff */
	char		*why;
	size_t		 whysz;
};

/* Record a compile error at the current tag. Returns er. */
static enum tmpl_err
comp_err(struct tmpl_comp *c, enum tmpl_err er, const char *msg)
{
	return tmpl_why(c->why, c->whysz, er, c->t->name, c->line, msg);
}

/*
 * Line number (from 1) of byte off in the source. Counts on from the
 * previous answer, so a whole compile reads the source once.
 */
static unsigned
comp_line(struct tmpl_comp *c, size_t off)
{
	const struct tmpl *t = c->t;

	if (off < c->lineoff) {
		c->lineoff = 0;
		c->lineno = 1;
	}
	for (; c->lineoff < off && c->lineoff < t->srclen; c->lineoff++)
		if (t->src[c->lineoff] == '\n')
			c->lineno++;
	return c->lineno;
}

/* Append a zeroed node. Returns it, or NULL on ENOMEM. */
static struct tmpl_node *
comp_node(struct tmpl_comp *c, enum tmpl_op op)
{
	struct tmpl	*t = c->t;
	struct tmpl_node *n;
	size_t		 ncap;

	if (t->nnodes == t->capnodes) {
		ncap = t->capnodes ? t->capnodes * 2 : 16;
		n = reallocarray(t->nodes, ncap, sizeof(*n));
		if (n == NULL)
			return NULL;
		t->nodes = n;
		t->capnodes = ncap;
	}
	n = &t->nodes[t->nnodes++];
	memset(n, 0, sizeof(*n));
	n->op = op;
	n->line = c->line;
	return n;
}

/*
 * Feed one literal run [off, off+len) to the tokenizer and emit its text
 * node. Returns TMPL_OK or a compile error.
 */
static enum tmpl_err
comp_text(struct tmpl_comp *c, size_t off, size_t len)
{
	struct tmpl_hs	*h = &c->hs;
	struct tmpl_node *n;
	const char	*msg;
	size_t		 i;
	char		 ch;

	c->val_opened = 0;
	c->val_bytes = 0;
	for (i = 0; i < len; i++) {
		ch = c->t->src[off + i];
		switch (h->st) {
		case H_TEXT:
			if (ch == '<')
				h->st = H_LT;
			break;
		case H_LT:
			if (hs_lt(h, ch) && ch == '<')
				h->st = H_LT;
			break;
		case H_ENDTAG:
		case H_DECL:
			if (ch == '>')
				h->st = H_TEXT;
			break;
		case H_BANG:
			hs_bang(h, ch);
			break;
		case H_COMMENT:
			hs_comment(h, ch);
			break;
		case H_RAW:
			hs_raw(h, ch);
			break;
		case H_VALDQ:
		case H_VALSQ:
			if (ch == (h->st == H_VALDQ ? '"' : '\''))
				h->st = H_TAG;
			else
				c->val_bytes++;
			break;
		default:
			if ((msg = hs_intag(h, ch)) != NULL) {
				c->line = comp_line(c, off + i);
				return comp_err(c, TMPL_ECONTEXT, msg);
			}
			if (h->st == H_VALDQ || h->st == H_VALSQ) {
				c->val_opened = 1;
				c->val_bytes = 0;
			}
			break;
		}
	}
	if ((n = comp_node(c, OP_TEXT)) == NULL)
		return TMPL_ENOMEM;
	n->off = off;
	n->len = len;
	n->mark = MARK_KEEP;
	if ((h->st == H_VALDQ || h->st == H_VALSQ) && h->ak == A_URL) {
		if (c->val_bytes > 0)
			n->mark = MARK_SET;
		else if (c->val_opened)
			n->mark = MARK_RESET;
	}
	return TMPL_OK;
}

/* Whether c may appear in a path segment. */
static int
comp_segchar(char c)
{
	return isalnum((unsigned char)c) || c == '_' || c == '-';
}

/* Whether s (n bytes) starts with word w followed by end or '.'. */
static int
comp_word(const char *s, size_t n, const char *w)
{
	size_t	 wl = strlen(w);

	return n >= wl && memcmp(s, w, wl) == 0 && (n == wl || s[wl] == '.');
}

/*
 * Parse the dotted segments of s (n bytes, maybe empty) into p.
 * Returns TMPL_OK, TMPL_ESYNTAX or TMPL_ENOMEM.
 */
static enum tmpl_err
comp_segs(const char *s, size_t n, struct tmpl_path *p)
{
	size_t	 i, k = 0, segl = 0;

	if (n == 0)
		return TMPL_OK;
	for (i = 0; i < n; i++) {
		if (s[i] == '.') {
			if (segl == 0)
				return TMPL_ESYNTAX;
			segl = 0;
			p->nseg++;
		} else if (comp_segchar(s[i]))
			segl++;
		else
			return TMPL_ESYNTAX;
	}
	if (segl == 0 || ++p->nseg > TMPL_MAXSEG)
		return TMPL_ESYNTAX;
	if ((p->segs = malloc(n + 1)) == NULL)
		return TMPL_ENOMEM;
	for (i = 0; i < n; i++)
		p->segs[k++] = s[i] == '.' ? '\0' : s[i];
	p->segs[k] = '\0';
	return TMPL_OK;
}

/*
 * Parse a path (see tmpl.h) from s (n bytes, trimmed) into p.
 * Returns TMPL_OK, TMPL_ESYNTAX or TMPL_ENOMEM.
 */
static enum tmpl_err
comp_path(const char *s, size_t n, struct tmpl_path *p)
{
	memset(p, 0, sizeof(*p));
	while (n >= 3 && memcmp(s, "../", 3) == 0) {
		p->up++;
		s += 3;
		n -= 3;
	}
	if (n == 0)
		return TMPL_ESYNTAX;
	if (n == 1 && s[0] == '.')
		return TMPL_OK;
	if (n == 6 && memcmp(s, "@index", 6) == 0) {
		p->base = BASE_INDEX;
		return TMPL_OK;
	}
	if (comp_word(s, n, "@root")) {
		if (p->up > 0)
			return TMPL_ESYNTAX;
		p->base = BASE_ROOT;
		s += 5;
		n -= 5;
	} else if (comp_word(s, n, "this")) {
		s += 4;
		n -= 4;
	} else
		return comp_segs(s, n, p);
	if (n == 0)
		return TMPL_OK;
	return comp_segs(s + 1, n - 1, p);
}

/* Trim blanks at both ends of [*s, *s + *n). */
static void
comp_trim(const char **s, size_t *n)
{
	while (*n > 0 && hs_space(**s)) {
		(*s)++;
		(*n)--;
	}
	while (*n > 0 && hs_space((*s)[*n - 1]))
		(*n)--;
}

/*
 * Prepare the tokenizer for a section tag ({{#..}}, {{else}}, {{/..}}):
 * an attribute name just read ends there. Returns TMPL_OK, or
 * TMPL_ECONTEXT where a section would split a name or value.
 */
static enum tmpl_err
comp_boundary(struct tmpl_comp *c)
{
	switch (c->hs.st) {
	case H_ATTRNAME:
	case H_AFTERNAME:
		c->hs.st = H_TAG;
		/* FALLTHROUGH */
	case H_TEXT:
	case H_TAG:
	case H_VALDQ:
	case H_VALSQ:
	case H_COMMENT:
	case H_RAW:
		return TMPL_OK;
	default:
		return comp_err(c, TMPL_ECONTEXT,
		    "section inside a tag name, bare value or declaration");
	}
}

/* Free the storage of a path. */
static void
tmpl_path_free(struct tmpl_path *p)
{
	free(p->segs);
	p->segs = NULL;
}

/* The first "==" of s (n bytes) outside a quoted literal, or NULL. */
static const char *
comp_find_eq(const char *s, size_t n)
{
	size_t	 i;
	int	 quoted = 0;

	for (i = 0; i + 1 < n; i++) {
		if (s[i] == '"')
			quoted = !quoted;
		else if (!quoted && s[i] == '=' && s[i + 1] == '=')
			return s + i;
	}
	return NULL;
}

/*
 * The right side of "a == b" (s, n bytes, untrimmed): a "literal" in
 * double quotes (no '"' or '\\' inside, at most TMPL_MAXTAG bytes), set
 * in *lit (malloc'ed, the caller frees), or else a path set in *q.
 * Returns TMPL_OK, TMPL_ESYNTAX or TMPL_ENOMEM.
 */
static enum tmpl_err
comp_rhs(const char *s, size_t n, struct tmpl_path *q, char **lit)
{
	size_t	 i;

	*lit = NULL;
	memset(q, 0, sizeof(*q));
	comp_trim(&s, &n);
	if (n == 0 || s[0] != '"')
		return comp_path(s, n, q);
	if (n < 2 || s[n - 1] != '"')
		return TMPL_ESYNTAX;
	for (i = 1; i < n - 1; i++)
		if (s[i] == '"' || s[i] == '\\' || s[i] == '\0')
			return TMPL_ESYNTAX;
	if ((*lit = malloc(n - 1)) == NULL)
		return TMPL_ENOMEM;
	memcpy(*lit, s + 1, n - 2);
	(*lit)[n - 2] = '\0';
	return TMPL_OK;
}

/*
 * {{#if x}}, {{#unless x}}, {{#each x}}: s is after '#'.  #if and
 * #unless also take "x == y" and "x == \"literal\"".
 */
static enum tmpl_err
comp_open(struct tmpl_comp *c, const char *s, size_t n)
{
	struct tmpl_node *nd;
	struct tmpl_path p, q;
	struct tmpl_open *o;
	enum tmpl_op	 op;
	const char	*eq;
	char		*lit = NULL;
	size_t		 kl;
	enum tmpl_err	 er;

	if (n > 3 && memcmp(s, "if", 2) == 0 && hs_space(s[2])) {
		op = OP_IF;
		kl = 2;
	} else if (n > 5 && memcmp(s, "each", 4) == 0 && hs_space(s[4])) {
		op = OP_EACH;
		kl = 4;
	} else if (n > 7 && memcmp(s, "unless", 6) == 0 &&
	    hs_space(s[6])) {
		op = OP_UNLESS;
		kl = 6;
	} else
		return comp_err(c, TMPL_ESYNTAX, "unknown section");
	if (c->nopen == TMPL_MAXNEST)
		return comp_err(c, TMPL_ENESTING, "sections nested too deep");
	if ((er = comp_boundary(c)) != TMPL_OK)
		return er;
	s += kl;
	n -= kl;
	comp_trim(&s, &n);
	memset(&q, 0, sizeof(q));
	if ((eq = comp_find_eq(s, n)) != NULL) {
		if (op == OP_EACH)
			return comp_err(c, TMPL_ESYNTAX, "== in #each");
		if ((er = comp_rhs(eq + 2, n - (size_t)(eq + 2 - s), &q,
		    &lit)) != TMPL_OK)
			return er == TMPL_ENOMEM ? er :
			    comp_err(c, er, "bad right side of ==");
		n = (size_t)(eq - s);
		comp_trim(&s, &n);
	}
	if ((er = comp_path(s, n, &p)) != TMPL_OK) {
		tmpl_path_free(&q);
		free(lit);
		return er == TMPL_ENOMEM ? er :
		    comp_err(c, er, "bad path in section");
	}
	if ((nd = comp_node(c, op)) == NULL) {
		tmpl_path_free(&p);
		tmpl_path_free(&q);
		free(lit);
		return TMPL_ENOMEM;
	}
	nd->path = p;
	nd->cmp = eq != NULL;
	nd->path2 = q;
	nd->lit = lit;
	o = &c->open[c->nopen++];
	o->node = c->t->nnodes - 1;
	o->els = 0;
	o->hs = c->hs;
	o->line = c->line;
	return TMPL_OK;
}

/* {{else}}. */
static enum tmpl_err
comp_else(struct tmpl_comp *c)
{
	struct tmpl_open *o;
	enum tmpl_err	 er;

	if (c->nopen == 0)
		return comp_err(c, TMPL_ENESTING, "{{else}} outside a section");
	o = &c->open[c->nopen - 1];
	if (o->els != 0)
		return comp_err(c, TMPL_ENESTING, "second {{else}}");
	if ((er = comp_boundary(c)) != TMPL_OK)
		return er;
	if (!hs_equal(&c->hs, &o->hs))
		return comp_err(c, TMPL_ECONTEXT,
		    "section branch ends in another HTML context");
	if (comp_node(c, OP_ELSE) == NULL)
		return TMPL_ENOMEM;
	o->els = c->t->nnodes - 1;
	c->hs = o->hs;
	return TMPL_OK;
}

/* {{/if}}, {{/unless}}, {{/each}}: s is after '/'. */
static enum tmpl_err
comp_close(struct tmpl_comp *c, const char *s, size_t n)
{
	static const char *const kw[] = { "if", "unless", "each" };
	struct tmpl_open *o;
	struct tmpl_node *open;
	enum tmpl_err	 er;
	size_t		 end, k;

	comp_trim(&s, &n);
	if (c->nopen == 0)
		return comp_err(c, TMPL_ENESTING, "close without open");
	o = &c->open[c->nopen - 1];
	open = &c->t->nodes[o->node];
	k = open->op == OP_IF ? 0 : open->op == OP_UNLESS ? 1 : 2;
	if (n != strlen(kw[k]) || memcmp(s, kw[k], n) != 0)
		return comp_err(c, TMPL_ENESTING, "mismatched section close");
	if ((er = comp_boundary(c)) != TMPL_OK)
		return er;
	if (!hs_equal(&c->hs, &o->hs))
		return comp_err(c, TMPL_ECONTEXT,
		    "section ends in another HTML context than it began");
	if (comp_node(c, OP_END) == NULL)
		return TMPL_ENOMEM;
	end = c->t->nnodes - 1;
	open = &c->t->nodes[o->node];
	open->alt = o->els != 0 ? o->els : end;
	open->end = end;
	if (o->els != 0)
		c->t->nodes[o->els].end = end;
	c->nopen--;
	return TMPL_OK;
}

/* Whether s (n bytes) is a valid template name. */
static int
tmpl_name_ok(const char *s, size_t n)
{
	size_t	 i;

	if (n == 0 || n > TMPL_MAXNAME || s[0] == '/' || s[0] == '.')
		return 0;
	for (i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) &&
		    strchr("_-./", s[i]) == NULL)
			return 0;
	return 1;
}

/* {{> name}} or {{> @body}}: s is after '>'. */
static enum tmpl_err
comp_partial(struct tmpl_comp *c, const char *s, size_t n)
{
	struct tmpl_node *nd;

	comp_trim(&s, &n);
	if (c->hs.st != H_TEXT)
		return comp_err(c, TMPL_ECONTEXT,
		    "partial outside HTML text");
	if (n == 5 && memcmp(s, "@body", 5) == 0)
		return comp_node(c, OP_BODY) == NULL ? TMPL_ENOMEM : TMPL_OK;
	if (!tmpl_name_ok(s, n))
		return comp_err(c, TMPL_ESYNTAX, "bad partial name");
	if ((nd = comp_node(c, OP_PARTIAL)) == NULL)
		return TMPL_ENOMEM;
	if ((nd->name = strndup(s, n)) == NULL)
		return TMPL_ENOMEM;
	return TMPL_OK;
}

/* {{< layout}}: s is after '<'. */
static enum tmpl_err
comp_layout(struct tmpl_comp *c, const char *s, size_t n)
{
	comp_trim(&s, &n);
	if (c->t->layout_name != NULL)
		return comp_err(c, TMPL_ESYNTAX, "second layout");
	if (c->nopen > 0)
		return comp_err(c, TMPL_ESYNTAX, "layout inside a section");
	if (!tmpl_name_ok(s, n))
		return comp_err(c, TMPL_ESYNTAX, "bad layout name");
	if ((c->t->layout_name = strndup(s, n)) == NULL)
		return TMPL_ENOMEM;
	c->t->layout_line = c->line;
	return TMPL_OK;
}

/* The escaping context of a value at the current state, or -1 (why set). */
static int
comp_ctx(struct tmpl_comp *c)
{
	const char	*msg;

	switch (c->hs.st) {
	case H_TEXT:
		return CTX_TEXT;
	case H_VALDQ:
	case H_VALSQ:
		if (c->hs.ak == A_URL)
			return CTX_URL;
		if (c->hs.ak == A_PLAIN)
			return CTX_ATTR;
		msg = "value in an event handler, style or srcset "
		    "attribute, or in a URL of script/link/base/object";
		break;
	case H_BEFOREVAL:
	case H_VALUQ:
		msg = "value in an unquoted attribute";
		break;
	case H_RAW:
		msg = "value inside <script> or <style>";
		break;
	case H_BANG:
	case H_COMMENT:
	case H_DECL:
		msg = "value inside a comment or declaration";
		break;
	default:
		msg = "value in a tag or attribute name";
		break;
	}
	comp_err(c, TMPL_ECONTEXT, msg);
	return -1;
}

/*
 * The parameter paths after a message's key (s, n bytes): none, one or
 * two, separated by spaces, into nd's path and path2.
 */
static enum tmpl_err
comp_msg_args(struct tmpl_comp *c, struct tmpl_node *nd, const char *s,
    size_t n)
{
	const char	*sp;
	size_t		 wl;
	enum tmpl_err	 er;

	comp_trim(&s, &n);
	while (n > 0) {
		if (nd->nargs == 2)
			return comp_err(c, TMPL_ESYNTAX,
			    "a message takes two parameters at most");
		sp = memchr(s, ' ', n);
		wl = sp != NULL ? (size_t)(sp - s) : n;
		er = comp_path(s, wl, nd->nargs == 0 ? &nd->path :
		    &nd->path2);
		if (er != TMPL_OK)
			return er == TMPL_ENOMEM ? er :
			    comp_err(c, er, "bad message parameter path");
		nd->nargs++;
		s += wl;
		n -= wl;
		comp_trim(&s, &n);
	}
	return TMPL_OK;
}

/* {{ t "key" }}, {{ t "key" a }}, {{ t "key" a b }}: s after the "t". */
static enum tmpl_err
comp_msg(struct tmpl_comp *c, const char *s, size_t n)
{
	struct tmpl_node *nd;
	const char	*q;
	size_t		 kl;
	int		 ctx;

	if ((ctx = comp_ctx(c)) == -1)
		return TMPL_ECONTEXT;
	if (ctx == CTX_URL)
		return comp_err(c, TMPL_ECONTEXT,
		    "a message cannot stand in a URL attribute");
	comp_trim(&s, &n);
	if (n < 2 || s[0] != '"' ||
	    (q = memchr(s + 1, '"', n - 1)) == NULL)
		return comp_err(c, TMPL_ESYNTAX, "t needs a \"key\"");
	kl = (size_t)(q - s - 1);
	if (kl == 0 || kl > 63 || strspn(s + 1, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "abcdefghijklmnopqrstuvwxyz0123456789._-") < kl)
		return comp_err(c, TMPL_ESYNTAX, "bad message key");
	if ((nd = comp_node(c, OP_MSG)) == NULL)
		return TMPL_ENOMEM;
	nd->ctx = (enum tmpl_ctx)ctx;
	if ((nd->name = strndup(s + 1, kl)) == NULL)
		return TMPL_ENOMEM;
	return comp_msg_args(c, nd, q + 1, n - kl - 2);
}

/* {{ path }}, {{ path | url }}, {{ path | status }} or
 * {{ path | reason }}. */
static enum tmpl_err
comp_var(struct tmpl_comp *c, const char *s, size_t n)
{
	struct tmpl_node *nd;
	struct tmpl_path p;
	const char	*bar, *f;
	size_t		 fl, pl = n;
	int		 ctx;
	enum tmpl_filter filter = FILTER_NONE;
	enum tmpl_err	 er;

	if ((ctx = comp_ctx(c)) == -1)
		return TMPL_ECONTEXT;
	if ((bar = memchr(s, '|', n)) != NULL) {
		f = bar + 1;
		fl = n - (size_t)(f - s);
		comp_trim(&f, &fl);
		if (fl == 3 && memcmp(f, "url", 3) == 0)
			filter = FILTER_URL;
		else if (fl == 6 && memcmp(f, "status", 6) == 0)
			filter = FILTER_STATUS;
		else if (fl == 6 && memcmp(f, "reason", 6) == 0)
			filter = FILTER_REASON;
		else
			return comp_err(c, TMPL_ESYNTAX, "unknown filter");
		pl = (size_t)(bar - s);
		comp_trim(&s, &pl);
	}
	if ((er = comp_path(s, pl, &p)) != TMPL_OK)
		return er == TMPL_ENOMEM ? er :
		    comp_err(c, er, "bad value path");
	if ((nd = comp_node(c, OP_VAR)) == NULL) {
		tmpl_path_free(&p);
		return TMPL_ENOMEM;
	}
	nd->path = p;
	nd->ctx = (enum tmpl_ctx)ctx;
	nd->filter = filter;
	return TMPL_OK;
}

/* One {{ }} tag whose inside is s (n bytes, untrimmed). */
static enum tmpl_err
comp_tag(struct tmpl_comp *c, const char *s, size_t n)
{
	comp_trim(&s, &n);
	if (n == 0)
		return comp_err(c, TMPL_ESYNTAX, "empty tag");
	switch (s[0]) {
	case '!':
		return TMPL_OK;
	case '{':
		return comp_err(c, TMPL_ESYNTAX,
		    "{{{ }}} is not supported: data is always escaped");
	case '#':
		return comp_open(c, s + 1, n - 1);
	case '/':
		return comp_close(c, s + 1, n - 1);
	case '>':
		return comp_partial(c, s + 1, n - 1);
	case '<':
		return comp_layout(c, s + 1, n - 1);
	default:
		if (n == 4 && memcmp(s, "else", 4) == 0)
			return comp_else(c);
		if (n > 2 && s[0] == 't' && (s[1] == ' ' || s[1] == '\t'))
			return comp_msg(c, s + 1, n - 1);
		return comp_var(c, s, n);
	}
}

/* Compile c->t->src into nodes. Returns TMPL_OK or the error. */
static enum tmpl_err
comp_run(struct tmpl_comp *c)
{
	struct tmpl	*t = c->t;
	const char	*at, *close;
	size_t		 off, lim;
	enum tmpl_err	 er;

	while (c->pos < t->srclen) {
		at = memmem(t->src + c->pos, t->srclen - c->pos, "{{", 2);
		off = at != NULL ? (size_t)(at - t->src) : t->srclen;
		if (off > c->pos &&
		    (er = comp_text(c, c->pos, off - c->pos)) != TMPL_OK)
			return er;
		if (at == NULL)
			break;
		c->line = comp_line(c, off);
		lim = t->srclen - off - 2;
		if (lim > TMPL_MAXTAG + 2)
			lim = TMPL_MAXTAG + 2;
		if (at[2] == '{' && lim > 0)
			return comp_tag(c, at + 2, 1);
		if ((close = memmem(at + 2, lim, "}}", 2)) == NULL)
			return comp_err(c, TMPL_ESYNTAX, "unclosed {{ tag");
		if ((er = comp_tag(c, at + 2, (size_t)(close - at - 2))) !=
		    TMPL_OK)
			return er;
		c->pos = (size_t)(close - t->src) + 2;
	}
	if (c->nopen > 0) {
		c->line = c->open[c->nopen - 1].line;
		return comp_err(c, TMPL_ENESTING, "section never closed");
	}
	if (c->hs.st != H_TEXT) {
		c->line = comp_line(c, t->srclen);
		return comp_err(c, TMPL_ECONTEXT,
		    "template ends inside a tag, comment or script");
	}
	return TMPL_OK;
}

/* Free one template and everything it owns. NULL is allowed. */
static void
tmpl_free(struct tmpl *t)
{
	size_t	 i;

	if (t == NULL)
		return;
	for (i = 0; i < t->nnodes; i++) {
		tmpl_path_free(&t->nodes[i].path);
		tmpl_path_free(&t->nodes[i].path2);
		free(t->nodes[i].lit);
		free(t->nodes[i].name);
	}
	free(t->nodes);
	free(t->layout_name);
	free(t->src);
	free(t->name);
	free(t);
}

/* Find a template by name, or NULL. */
static struct tmpl *
set_find(const struct tmpl_set *s, const char *name)
{
	size_t	 i;

	for (i = 0; i < s->n; i++)
		if (strcmp(s->t[i]->name, name) == 0)
			return s->t[i];
	return NULL;
}

struct tmpl_set *
tmpl_set_new(void)
{
	return calloc(1, sizeof(struct tmpl_set));
}

/* Append t to the set. Returns TMPL_OK or TMPL_ENOMEM. */
static enum tmpl_err
set_append(struct tmpl_set *s, struct tmpl *t)
{
	struct tmpl	**nt;
	size_t		 ncap;

	if (s->n == s->cap) {
		ncap = s->cap ? s->cap * 2 : 16;
		if ((nt = reallocarray(s->t, ncap, sizeof(*nt))) == NULL)
			return TMPL_ENOMEM;
		s->t = nt;
		s->cap = ncap;
	}
	t->idx = s->n;
	s->t[s->n++] = t;
	s->linked = 0;
	return TMPL_OK;
}

enum tmpl_err
tmpl_add(struct tmpl_set *s, const char *name, const char *src, size_t len,
    char *why, size_t whysz)
{
	struct tmpl_comp c;
	struct tmpl	*t;
	enum tmpl_err	 er;

	if (s == NULL || name == NULL || (src == NULL && len > 0))
		return TMPL_EARG;
	if (!tmpl_name_ok(name, strlen(name)))
		return tmpl_why(why, whysz, TMPL_EARG, name, 0,
		    "bad template name");
	if (set_find(s, name) != NULL)
		return tmpl_why(why, whysz, TMPL_ELINK, name, 0,
		    "duplicate template name");
	if ((t = calloc(1, sizeof(*t))) == NULL)
		return TMPL_ENOMEM;
	if ((t->name = strdup(name)) == NULL ||
	    (t->src = malloc(len + 1)) == NULL) {
		tmpl_free(t);
		return TMPL_ENOMEM;
	}
	if (len > 0)
		memcpy(t->src, src, len);
	t->src[len] = '\0';
	t->srclen = len;
	memset(&c, 0, sizeof(c));
	c.t = t;
	c.why = why;
	c.whysz = whysz;
	c.line = 1;
	c.lineno = 1;
	if ((er = comp_run(&c)) == TMPL_OK)
		er = set_append(s, t);
	if (er != TMPL_OK)
		tmpl_free(t);
	return er;
}

void
tmpl_set_free(struct tmpl_set *s)
{
	size_t	 i;

	if (s == NULL)
		return;
	for (i = 0; i < s->n; i++)
		tmpl_free(s->t[i]);
	free(s->t);
	i18n_free(s->cat);
	free(s);
}

int
tmpl_exists(const struct tmpl_set *s, const char *name)
{
	return s != NULL && name != NULL && set_find(s, name) != NULL;
}

/*
 * ---------------------------------------------------------------------
 * Linking.
 * ---------------------------------------------------------------------
 */

/* Resolve the partials and layout of t. Returns TMPL_OK or TMPL_ELINK. */
static enum tmpl_err
link_one(struct tmpl_set *s, struct tmpl *t, char *why, size_t whysz)
{
	struct tmpl_node *n;
	struct tmpl	*p;
	size_t		 i;

	for (i = 0; i < t->nnodes; i++) {
		n = &t->nodes[i];
		if (n->op == OP_MSG && i18n_get(s->cat, I18N_FR, n->name,
		    strlen(n->name)) == NULL)
			return tmpl_why(why, whysz, TMPL_ELINK, t->name,
			    n->line, s->cat == NULL ? "message without a "
			    "catalogue" : "message key not in the catalogues");
		if (n->op != OP_PARTIAL)
			continue;
		if ((p = set_find(s, n->name)) == NULL)
			return tmpl_why(why, whysz, TMPL_ELINK, t->name,
			    n->line, "unknown partial");
		if (p->layout_name != NULL)
			return tmpl_why(why, whysz, TMPL_ELINK, t->name,
			    n->line, "partial is a page (it has a layout)");
		n->target = p;
	}
	t->layout = NULL;
	if (t->layout_name == NULL)
		return TMPL_OK;
	if ((p = set_find(s, t->layout_name)) == NULL)
		return tmpl_why(why, whysz, TMPL_ELINK, t->name,
		    t->layout_line, "unknown layout");
	if (p->layout_name != NULL || p == t)
		return tmpl_why(why, whysz, TMPL_ELINK, t->name,
		    t->layout_line, "layout has a layout itself");
	t->layout = p;
	return TMPL_OK;
}

/*
 * Depth-first search for a partial cycle from t; color is 0 unvisited,
 * 1 on the path, 2 done. Returns TMPL_OK or TMPL_ELINK.
 */
static enum tmpl_err
link_cycle(const struct tmpl *t, unsigned char *color, char *why,
    size_t whysz)
{
	const struct tmpl_node *n;
	size_t		 i;

	color[t->idx] = 1;
	for (i = 0; i < t->nnodes; i++) {
		n = &t->nodes[i];
		if (n->op != OP_PARTIAL)
			continue;
		if (color[n->target->idx] == 1)
			return tmpl_why(why, whysz, TMPL_ELINK, t->name,
			    n->line, "partial cycle");
		if (color[n->target->idx] == 0 &&
		    link_cycle(n->target, color, why, whysz) != TMPL_OK)
			return TMPL_ELINK;
	}
	color[t->idx] = 2;
	return TMPL_OK;
}

enum tmpl_err
tmpl_link(struct tmpl_set *s, char *why, size_t whysz)
{
	unsigned char	*color;
	enum tmpl_err	 er = TMPL_OK;
	size_t		 i;

	if (s == NULL)
		return TMPL_EARG;
	s->linked = 0;
	for (i = 0; i < s->n; i++)
		if ((er = link_one(s, s->t[i], why, whysz)) != TMPL_OK)
			return er;
	if ((color = calloc(s->n + 1, 1)) == NULL)
		return TMPL_ENOMEM;
	for (i = 0; i < s->n && er == TMPL_OK; i++)
		if (color[i] == 0)
			er = link_cycle(s->t[i], color, why, whysz);
	free(color);
	if (er == TMPL_OK)
		s->linked = 1;
	return er;
}

/*
 * ---------------------------------------------------------------------
 * Loading a directory.
 * ---------------------------------------------------------------------
 */

/* Read a whole regular file of at most TMPL_MAXFILE bytes. */
static enum tmpl_err
load_file(const char *path, char **datap, size_t *lenp)
{
	struct stat	 st;
	char		*d = NULL;
	size_t		 got = 0;
	ssize_t		 r;
	int		 fd;
	enum tmpl_err	 er = TMPL_EIO;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return TMPL_EIO;
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode) ||
	    st.st_size > TMPL_MAXFILE)
		goto out;
	if ((d = malloc((size_t)st.st_size + 1)) == NULL) {
		er = TMPL_ENOMEM;
		goto out;
	}
	while (got < (size_t)st.st_size) {
		r = read(fd, d + got, (size_t)st.st_size - got);
		if (r == -1 && errno == EINTR)
			continue;
		if (r <= 0)
			goto out;
		got += (size_t)r;
	}
	*datap = d;
	*lenp = got;
	d = NULL;
	er = TMPL_OK;
out:
	free(d);
	close(fd);
	return er;
}

static enum tmpl_err load_walk(struct tmpl_set *, const char *,
    const char *, int, char *, size_t);

/* Load one directory entry ent of dir; prefix is its name so far. */
static enum tmpl_err
load_entry(struct tmpl_set *s, const char *dir, const char *prefix,
    const char *ent, int depth, char *why, size_t whysz)
{
	char		 path[PATH_MAX], name[TMPL_MAXNAME + 8];
	struct stat	 st;
	char		*data;
	size_t		 len, el = strlen(ent);
	int		 n;
	enum tmpl_err	 er;

	n = snprintf(path, sizeof(path), "%s/%s", dir, ent);
	if (n < 0 || (size_t)n >= sizeof(path) || stat(path, &st) == -1)
		return tmpl_why(why, whysz, TMPL_EIO, ent, 0, "cannot stat");
	if (S_ISDIR(st.st_mode)) {
		n = snprintf(name, sizeof(name), "%s%s/", prefix, ent);
		if (n < 0 || (size_t)n >= sizeof(name) || depth >= TMPL_MAXDIR)
			return tmpl_why(why, whysz, TMPL_EIO, ent, 0,
			    "directory name too long or too deep");
		return load_walk(s, path, name, depth + 1, why, whysz);
	}
	if (!S_ISREG(st.st_mode) || el <= 5 ||
	    strcmp(ent + el - 5, ".html") != 0)
		return TMPL_OK;
	n = snprintf(name, sizeof(name), "%s%.*s", prefix, (int)(el - 5), ent);
	if (n < 0 || (size_t)n >= sizeof(name))
		return tmpl_why(why, whysz, TMPL_EIO, ent, 0, "name too long");
	if ((er = load_file(path, &data, &len)) != TMPL_OK)
		return tmpl_why(why, whysz, er, name, 0,
		    "cannot read (or larger than 1 MiB)");
	er = tmpl_add(s, name, data, len, why, whysz);
	free(data);
	return er;
}

/* Load every template under dir, naming them prefix + relative path. */
static enum tmpl_err
load_walk(struct tmpl_set *s, const char *dir, const char *prefix,
    int depth, char *why, size_t whysz)
{
	DIR		*d;
	struct dirent	*de;
	enum tmpl_err	 er = TMPL_OK;

	if ((d = opendir(dir)) == NULL)
		return tmpl_why(why, whysz, TMPL_EIO, dir, 0,
		    "cannot open directory");
	while (er == TMPL_OK && (de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		er = load_entry(s, dir, prefix, de->d_name, depth, why, whysz);
	}
	closedir(d);
	return er;
}

/*
 * The catalogues of dir/i18n, when that directory exists, into s.
 * Returns TMPL_OK, or TMPL_ECATALOG (why set) when they are refused.
 */
static enum tmpl_err
load_catalogue(struct tmpl_set *s, const char *dir, char *why,
    size_t whysz)
{
	struct stat	 sb;
	struct i18n	*cat;
	char		 path[PATH_MAX], sub[256];

	if ((size_t)snprintf(path, sizeof(path), "%s/i18n", dir) >=
	    sizeof(path))
		return TMPL_EIO;
	if (stat(path, &sb) != 0 || !S_ISDIR(sb.st_mode))
		return TMPL_OK;
	if (i18n_load_dir(path, &cat, sub, sizeof(sub)) != 0) {
		if (why != NULL && whysz > 0)
			snprintf(why, whysz, "i18n/%s", sub);
		return TMPL_ECATALOG;
	}
	tmpl_set_i18n(s, cat);
	return TMPL_OK;
}

void
tmpl_set_i18n(struct tmpl_set *s, struct i18n *cat)
{
	i18n_free(s->cat);
	s->cat = cat;
	s->linked = 0;
}

const char *
tmpl_message(const struct tmpl_set *s, const char *lang, const char *key)
{
	int	 l;

	if (s == NULL || key == NULL)
		return NULL;
	if ((l = i18n_lang_of(lang)) == -1)
		l = I18N_FR;
	return i18n_get(s->cat, (enum i18n_lang)l, key, strlen(key));
}

enum tmpl_err
tmpl_load_dir(const char *dir, struct tmpl_set **setp, char *why,
    size_t whysz)
{
	struct tmpl_set	*s;
	enum tmpl_err	 er;

	if (setp == NULL)
		return TMPL_EARG;
	*setp = NULL;
	if (dir == NULL)
		return TMPL_EARG;
	if ((s = tmpl_set_new()) == NULL)
		return TMPL_ENOMEM;
	if ((er = load_walk(s, dir, "", 0, why, whysz)) == TMPL_OK)
		er = load_catalogue(s, dir, why, whysz);
	if (er == TMPL_OK)
		er = tmpl_link(s, why, whysz);
	if (er != TMPL_OK) {
		tmpl_set_free(s);
		return er;
	}
	*setp = s;
	return TMPL_OK;
}

/*
 * ---------------------------------------------------------------------
 * Rendering.
 * ---------------------------------------------------------------------
 */

struct tmpl_scope {
	struct json_object *obj;	/* the current scope's value */
	size_t		 index;		/* position in the #each */
	int		 in_each;	/* obj is an #each element */
};

struct tmpl_render {
	struct buf	*out;
	const struct tmpl *body;	/* page for {{> @body}}, or NULL */
	struct tmpl_scope sc[TMPL_MAXSCOPE];
	size_t		 nsc;
	unsigned	 calls;		/* partial nesting */
	unsigned long	 steps;		/* nodes executed so far */
	int		 url_full;	/* current URL attr value has content */
	const struct i18n *cat;		/* the set's messages, or NULL */
	enum i18n_lang	 lang;		/* the data's "lang", French default */
};

/* A looked-up value: a json-c value (maybe NULL: missing) or @index. */
struct tmpl_val {
	struct json_object *obj;
	int		 is_index;
	size_t		 index;
};

/* Step from o to its member or element called seg, or NULL. */
static struct json_object *
rend_step(struct json_object *o, const char *seg)
{
	struct json_object *v;
	const char	*ep;
	size_t		 i = 0;

	if (json_object_is_type(o, json_type_object))
		return json_object_object_get_ex(o, seg, &v) ? v : NULL;
	if (!json_object_is_type(o, json_type_array))
		return NULL;
	for (ep = seg; *ep != '\0'; ep++) {
		if (!isdigit((unsigned char)*ep) || i > SIZE_MAX / 10 - 10)
			return NULL;
		i = i * 10 + (size_t)(*ep - '0');
	}
	return i < json_object_array_length(o) ?
	    json_object_array_get_idx(o, i) : NULL;
}

/* Resolve path p in the current scopes. */
static struct tmpl_val
rend_lookup(const struct tmpl_render *r, const struct tmpl_path *p)
{
	struct tmpl_val	 v = { NULL, 0, 0 };
	const struct tmpl_scope *sc;
	const char	*seg;
	unsigned	 i;

	if (p->up >= r->nsc)
		return v;
	sc = &r->sc[r->nsc - 1 - p->up];
	if (p->base == BASE_INDEX) {
		v.is_index = sc->in_each;
		v.index = sc->index;
		return v;
	}
	v.obj = p->base == BASE_ROOT ? r->sc[0].obj : sc->obj;
	seg = p->segs;
	for (i = 0; i < p->nseg && v.obj != NULL; i++) {
		v.obj = rend_step(v.obj, seg);
		seg += strlen(seg) + 1;
	}
	return v;
}

/* Truthiness of v (see tmpl.h). */
static int
rend_true(const struct tmpl_val *v)
{
	if (v->is_index)
		return v->index != 0;
	switch (json_object_get_type(v->obj)) {
	case json_type_null:
		return 0;
	case json_type_boolean:
		return json_object_get_boolean(v->obj);
	case json_type_int:
		return json_object_get_int64(v->obj) != 0;
	case json_type_double:
		return json_object_get_double(v->obj) != 0.0;
	case json_type_string:
		return json_object_get_string_len(v->obj) > 0;
	case json_type_array:
		return json_object_array_length(v->obj) > 0;
	default:
		return 1;
	}
}

/*
 * The bytes that stand for v: a string's own bytes, or a number or
 * boolean formatted into tmp. Sets *len. Never NULL.
 */
static const char *
rend_bytes(const struct tmpl_val *v, char *tmp, size_t tmpsz, size_t *len)
{
	int64_t	 i;
	int	 n = -1;

	*len = 0;
	if (v->is_index)
		n = snprintf(tmp, tmpsz, "%zu", v->index);
	else switch (json_object_get_type(v->obj)) {
	case json_type_string:
		*len = (size_t)json_object_get_string_len(v->obj);
		return json_object_get_string(v->obj);
	case json_type_boolean:
		n = snprintf(tmp, tmpsz, "%s",
		    json_object_get_boolean(v->obj) ? "true" : "false");
		break;
	case json_type_int:
		i = json_object_get_int64(v->obj);
		if (i == INT64_MAX)
			n = snprintf(tmp, tmpsz, "%" PRIu64,
			    json_object_get_uint64(v->obj));
		else
			n = snprintf(tmp, tmpsz, "%" PRId64, i);
		break;
	case json_type_double:
		n = snprintf(tmp, tmpsz, "%.15g",
		    json_object_get_double(v->obj));
		break;
	default:
		return "";
	}
	if (n < 0 || (size_t)n >= tmpsz)
		return "";
	*len = (size_t)n;
	return tmp;
}

/*
 * French labels of the codes the pages show (appointment, conversation,
 * message, media, reminder, calendar statuses, log levels, directions,
 * roles), for | status.  Sorted by code (bsearch).
 */
static const struct tmpl_label {
	const char	*code;
	const char	*label;
} tmpl_labels[] = {
	{ "ADMIN",		"administrateur" },	/* user role */
	{ "DEBUG",		"débogage" },		/* log level */
	{ "ERROR",		"erreur" },		/* log level */
	{ "INFO",		"information" },	/* log level */
	{ "STAFF",		"équipe" },		/* user role */
	{ "SUPERADMIN",		"superadmin" },		/* user role */
	{ "WARN",		"avertissement" },	/* log level */
	{ "accepted",		"accepté" },		/* message (Twilio) */
	{ "active",		"Sophie répond" },	/* conversation */
	{ "admin",		"secrétariat" },	/* appointment source */
	/* conversation states (the engine's, lib/engine.c) */
	{ "ask_birth",		"attend la date de naissance" },
	{ "ask_date",		"attend une date" },
	{ "ask_name",		"attend le nom" },
	{ "ask_treatment",	"attend le motif" },
	{ "ask_who",		"attend pour qui" },
	{ "booked",		"réservé" },		/* appointment */
	{ "canceled",		"annulé" },		/* message (Twilio) */
	{ "cancelled",		"annulé" },		/* appointment */
	{ "choose_appt",	"choix du rendez-vous" },	/* state */
	{ "choose_slot",	"choix du créneau" },	/* state */
	{ "closed",		"fermée" },		/* conversation */
	{ "completed",		"terminé" },		/* appointment */
	{ "confirm",		"attend la confirmation" },	/* state */
	/* conversation state */
	{ "confirm_cancel",	"attend la confirmation d'annulation" },
	{ "confirmed",		"confirmé" },		/* patient answer */
	{ "connected",		"connecté" },		/* calendar */
	/* calendar flag */
	{ "deleted_in_google",	"supprimé dans Google" },
	{ "delivered",		"distribué" },		/* message */
	{ "disconnected",	"déconnecté" },		/* calendar */
	{ "done",		"fait" },		/* job */
	{ "error",		"en erreur" },		/* calendar */
	{ "failed",		"échec" },		/* message, media */
	/* conversation */
	{ "handoff",		"repris par l'équipe" },
	{ "idle",		"aucune demande en cours" },	/* state */
	{ "inbound",		"reçu" },		/* message direction */
	/* patient answer */
	{ "move_requested",	"déplacement demandé" },
	/* calendar flag */
	{ "moved_in_google",	"déplacé dans Google" },
	{ "no_show",		"absent" },		/* appointment */
	{ "not_sent",		"non envoyé" },		/* message (outbox) */
	/* conversation state: a booking offered after "no appointment" */
	{ "offer_book",		"propose un rendez-vous" },
	{ "offer_book_name",	"demande à quel nom chercher" },
	{ "outbound",		"envoyé" },		/* message direction */
	{ "pending",		"en attente" },		/* message, media */
	{ "queued",		"en file d'attente" },	/* message, job */
	{ "read",		"lu" },			/* message */
	{ "received",		"reçu" },		/* message */
	{ "receiving",		"en réception" },	/* message (Twilio) */
	{ "refused",		"refusé" },		/* media */
	{ "remind",		"réponse à un rappel" },	/* state */
	{ "running",		"en cours" },		/* job */
	{ "scheduled",		"programmé" },		/* message (Twilio) */
	{ "sending",		"en cours d'envoi" },	/* message */
	{ "sent",		"envoyé" },		/* message, reminder */
	{ "skipped",		"non envoyé" },		/* reminder */
	{ "stored",		"enregistré" },		/* media */
	/* calendar flag */
	{ "sync_failed",	"synchronisation échouée" },
	{ "undelivered",	"non distribué" },	/* message */
	{ "whatsapp",		"WhatsApp" },		/* appointment source */
};

/* Compare a code (key) with a table entry, for bsearch. */
static int
rend_label_cmp(const void *key, const void *ent)
{
	return strcmp(key, ((const struct tmpl_label *)ent)->code);
}

/*
 * The French label of code s (len bytes), or s itself when unknown or
 * not a plain string.  Sets *len.  Static storage or s; never NULL.
 */
static const char *
rend_status_label(const char *s, size_t *len)
{
	const struct tmpl_label *l;

	if (*len == 0 || *len > 32 || memchr(s, '\0', *len) != NULL ||
	    s[*len] != '\0')
		return s;
	l = bsearch(s, tmpl_labels, sizeof(tmpl_labels) /
	    sizeof(tmpl_labels[0]), sizeof(tmpl_labels[0]), rend_label_cmp);
	if (l == NULL)
		return s;
	*len = strlen(l->label);
	return l->label;
}

/*
 * The label of code s (len bytes) in the render's language: the
 * catalogue's "status.<code>" when there is one, else the French table.
 * Sets *len; never NULL.
 */
static const char *
rend_status(const struct tmpl_render *r, const char *s, size_t *len)
{
	char		 key[48];
	const char	*m;

	if (r->cat != NULL && *len > 0 && *len <= 32 &&
	    memchr(s, '\0', *len) == NULL) {
		memcpy(key, "status.", 7);
		memcpy(key + 7, s, *len);
		if ((m = i18n_get(r->cat, r->lang, key, *len + 7)) != NULL) {
			*len = strlen(m);
			return m;
		}
	}
	return rend_status_label(s, len);
}

/*
 * The words for the code s (len bytes) of why a conversation waits on
 * the staff ("not_understood", "emergency"...) in the render's
 * language: the catalogue's "reason.<code>", else s itself (a code the
 * catalogue does not know yet is shown as stored).  Sets *len; never
 * NULL.
 */
static const char *
rend_reason(const struct tmpl_render *r, const char *s, size_t *len)
{
	char		 key[48];
	const char	*m;

	if (r->cat == NULL || *len == 0 || *len > 32 ||
	    memchr(s, '\0', *len) != NULL)
		return s;
	memcpy(key, "reason.", 7);
	memcpy(key + 7, s, *len);
	if ((m = i18n_get(r->cat, r->lang, key, *len + 7)) == NULL)
		return s;
	*len = strlen(m);
	return m;
}

/* Write s (len bytes) escaped for ctx (text or attribute); 0 or -1. */
static int
rend_escaped(struct buf *out, enum tmpl_ctx ctx, const char *s, size_t len)
{
	return ctx == CTX_TEXT ? html_txt(out, s, len) :
	    html_attr(out, s, len);
}

/*
 * Write the message node n: its text in the render's language, escaped
 * for where it stands, with {1} and {2} replaced by the text of its
 * parameters (escaped the same way).  Returns TMPL_OK or TMPL_ETOOBIG.
 */
static enum tmpl_err
rend_msg(struct tmpl_render *r, const struct tmpl_node *n)
{
	const char	*m, *p, *a;
	struct tmpl_val	 v;
	char		 tmp[64];
	size_t		 len;

	m = i18n_get(r->cat, r->lang, n->name, strlen(n->name));
	if (m == NULL)
		return TMPL_OK;
	while ((p = strchr(m, '{')) != NULL) {
		if (rend_escaped(r->out, n->ctx, m, (size_t)(p - m)) == -1)
			return TMPL_ETOOBIG;
		if ((p[1] == '1' || p[1] == '2') && p[2] == '}' &&
		    (unsigned)(p[1] - '0') <= n->nargs) {
			v = rend_lookup(r, p[1] == '1' ? &n->path : &n->path2);
			a = rend_bytes(&v, tmp, sizeof(tmp), &len);
			if (rend_escaped(r->out, n->ctx, a, len) == -1)
				return TMPL_ETOOBIG;
			m = p + 3;
			continue;
		}
		if (rend_escaped(r->out, n->ctx, p, 1) == -1)
			return TMPL_ETOOBIG;
		m = p + 1;
	}
	return rend_escaped(r->out, n->ctx, m, strlen(m)) == -1 ?
	    TMPL_ETOOBIG : TMPL_OK;
}

/* Write one value node. Returns TMPL_OK or TMPL_ETOOBIG. */
static enum tmpl_err
rend_var(struct tmpl_render *r, const struct tmpl_node *n)
{
	static const char bad[] = "about:invalid";
	struct tmpl_val	 v;
	char		 tmp[64];
	const char	*s;
	size_t		 len;
	int		 rc;

	v = rend_lookup(r, &n->path);
	s = rend_bytes(&v, tmp, sizeof(tmp), &len);
	if (n->filter == FILTER_STATUS)
		s = rend_status(r, s, &len);
	else if (n->filter == FILTER_REASON)
		s = rend_reason(r, s, &len);
	if (n->filter == FILTER_URL)
		rc = html_url_arg(r->out, s, len);
	else if (n->ctx == CTX_TEXT)
		rc = html_txt(r->out, s, len);
	else if (n->ctx == CTX_ATTR)
		rc = html_attr(r->out, s, len);
	else {
		if (!r->url_full && !html_url_allowed(s, len)) {
			s = bad;
			len = sizeof(bad) - 1;
		}
		rc = html_url_attr(r->out, s, len);
	}
	if (n->ctx == CTX_URL && len > 0)
		r->url_full = 1;
	return rc == -1 ? TMPL_ETOOBIG : TMPL_OK;
}

/*
 * The condition "a == b" of section node n: the text of a (as it would be
 * written) equals the literal or the text of b.  Missing, null, object
 * and array values are "".  Returns 1 or 0.
 */
static int
rend_equal(const struct tmpl_render *r, const struct tmpl_node *n)
{
	struct tmpl_val	 a, b;
	char		 ta[64], tb[64];
	const char	*sa, *sb;
	size_t		 la, lb;

	a = rend_lookup(r, &n->path);
	sa = rend_bytes(&a, ta, sizeof(ta), &la);
	if (n->lit != NULL) {
		sb = n->lit;
		lb = strlen(sb);
	} else {
		b = rend_lookup(r, &n->path2);
		sb = rend_bytes(&b, tb, sizeof(tb), &lb);
	}
	return la == lb && memcmp(sa, sb, la) == 0;
}

static enum tmpl_err rend_range(struct tmpl_render *, const struct tmpl *,
    size_t, size_t);

/* Render an #each node at index i of t. */
static enum tmpl_err
rend_each(struct tmpl_render *r, const struct tmpl *t, size_t i)
{
	const struct tmpl_node *n = &t->nodes[i];
	struct tmpl_val	 v;
	struct tmpl_scope *sc;
	size_t		 k, len;
	enum tmpl_err	 er = TMPL_OK;

	v = rend_lookup(r, &n->path);
	len = json_object_is_type(v.obj, json_type_array) ?
	    json_object_array_length(v.obj) : 0;
	if (len == 0)
		return n->alt == n->end ? TMPL_OK :
		    rend_range(r, t, n->alt + 1, n->end);
	if (r->nsc == TMPL_MAXSCOPE)
		return TMPL_EDEPTH;
	sc = &r->sc[r->nsc++];
	sc->in_each = 1;
	for (k = 0; k < len; k++) {
		sc->obj = json_object_array_get_idx(v.obj, k);
		sc->index = k;
		if ((er = rend_range(r, t, i + 1, n->alt)) != TMPL_OK)
			break;
	}
	r->nsc--;
	return k == len ? TMPL_OK : er;
}

/* Render a whole template t (a partial or the page as @body). */
static enum tmpl_err
rend_call(struct tmpl_render *r, const struct tmpl *t)
{
	enum tmpl_err	 er;

	if (r->calls == TMPL_MAXCALL)
		return TMPL_EDEPTH;
	r->calls++;
	er = rend_range(r, t, 0, t->nnodes);
	r->calls--;
	return er;
}

/* Render the page given to tmpl_render where the layout has @body. */
static enum tmpl_err
rend_body(struct tmpl_render *r)
{
	const struct tmpl *page = r->body;
	enum tmpl_err	 er;

	if (page == NULL)
		return TMPL_OK;
	r->body = NULL;
	er = rend_call(r, page);
	r->body = page;
	return er;
}

/* Render nodes [from, to) of t. Returns TMPL_OK or the error. */
static enum tmpl_err
rend_range(struct tmpl_render *r, const struct tmpl *t, size_t from,
    size_t to)
{
	const struct tmpl_node *n;
	struct tmpl_val	 v;
	enum tmpl_err	 er = TMPL_OK;
	size_t		 i;
	int		 yes;

	for (i = from; i < to && er == TMPL_OK; i++) {
		if (++r->steps > TMPL_MAXSTEPS)
			return TMPL_EDEPTH;
		n = &t->nodes[i];
		switch (n->op) {
		case OP_TEXT:
			if (buf_add(r->out, t->src + n->off, n->len) == -1)
				er = TMPL_ETOOBIG;
			if (n->mark != MARK_KEEP)
				r->url_full = n->mark == MARK_SET;
			break;
		case OP_VAR:
			er = rend_var(r, n);
			break;
		case OP_MSG:
			er = rend_msg(r, n);
			break;
		case OP_IF:
		case OP_UNLESS:
			if (n->cmp)
				yes = rend_equal(r, n);
			else {
				v = rend_lookup(r, &n->path);
				yes = rend_true(&v);
			}
			yes = yes == (n->op == OP_IF);
			if (yes)
				er = rend_range(r, t, i + 1, n->alt);
			else if (n->alt != n->end)
				er = rend_range(r, t, n->alt + 1, n->end);
			i = n->end;
			break;
		case OP_EACH:
			er = rend_each(r, t, i);
			i = n->end;
			break;
		case OP_PARTIAL:
			er = rend_call(r, n->target);
			break;
		case OP_BODY:
			er = rend_body(r);
			break;
		case OP_ELSE:
		case OP_END:
			break;
		}
	}
	return er;
}

enum tmpl_err
tmpl_render(const struct tmpl_set *s, const char *name,
    struct json_object *data, struct buf *out)
{
	struct tmpl_render r;
	const struct tmpl *t;
	struct json_object *lang;
	size_t		 start;
	int		 l;
	enum tmpl_err	 er;

	if (s == NULL || name == NULL || out == NULL || !s->linked)
		return TMPL_EARG;
	if ((t = set_find(s, name)) == NULL)
		return TMPL_ENOTFOUND;
	memset(&r, 0, sizeof(r));
	r.out = out;
	r.sc[0].obj = data;
	r.nsc = 1;
	r.cat = s->cat;
	r.lang = I18N_FR;
	if (json_object_object_get_ex(data, "lang", &lang) &&
	    (l = i18n_lang_of(json_object_get_string(lang))) != -1)
		r.lang = (enum i18n_lang)l;
	start = out->len;
	if (t->layout != NULL) {
		r.body = t;
		er = rend_range(&r, t->layout, 0, t->layout->nnodes);
	} else
		er = rend_range(&r, t, 0, t->nnodes);
	if (er != TMPL_OK) {
		out->len = start;
		if (out->p != NULL)
			out->p[start] = '\0';
	}
	return er;
}
