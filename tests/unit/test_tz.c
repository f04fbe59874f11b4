#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "page.h"
#include "tz.h"

/* The UTC instant y-m-d hh:mm:ss. */
static int64_t
utc(int y, int m, int d, int hh, int mm, int ss)
{
	return tz_days_from_civil(y, m, d) * 86400 + hh * 3600 + mm * 60 + ss;
}

/* Load a zone that must exist. */
static const struct tz *
zone(const char *name)
{
	const struct tz	*z = NULL;

	assert_int_equal(tz_load(name, &z), TZ_OK);
	assert_non_null(z);
	return z;
}

/* Assert the local time of t in z is y-m-d hh:mm with offset off. */
static void
assert_local(const struct tz *z, int64_t t, int y, int m, int d, int hh,
    int mm, int32_t off)
{
	struct tz_local	 l;

	tz_to_local(z, t, &l);
	assert_int_equal(l.year, y);
	assert_int_equal(l.month, m);
	assert_int_equal(l.day, d);
	assert_int_equal(l.hour, hh);
	assert_int_equal(l.min, mm);
	assert_int_equal(l.utc_offset, off);
}

/*
 * Build a minimal version-2 TZif image with no transitions, one type of
 * offset off, and the given footer.  Returns its length in out.
 */
static size_t
tzif_make(unsigned char *out, size_t max, int32_t off, const char *footer)
{
	unsigned char	 hdr[44], blk[6 + 4];
	size_t		 n = 0, flen = strlen(footer);
	int		 i;

	memset(hdr, 0, sizeof(hdr));
	memcpy(hdr, "TZif2", 5);
	hdr[39] = 1;	/* typecnt */
	hdr[43] = 4;	/* charcnt */
	memset(blk, 0, sizeof(blk));
	for (i = 0; i < 4; i++)
		blk[i] = (unsigned char)((uint32_t)off >> (24 - 8 * i));
	memcpy(blk + 6, "ABC", 4);
	assert_true(2 * (sizeof(hdr) + sizeof(blk)) + flen + 2 <= max);
	for (i = 0; i < 2; i++) {
		memcpy(out + n, hdr, sizeof(hdr));
		n += sizeof(hdr);
		memcpy(out + n, blk, sizeof(blk));
		n += sizeof(blk);
	}
	out[n++] = '\n';
	memcpy(out + n, footer, flen);
	n += flen;
	out[n++] = '\n';
	return n;
}

static void
civil_round_trips(void **state)
{
	int64_t	 d;
	int	 y, m, dd;

	(void)state;
	assert_int_equal(tz_days_from_civil(1970, 1, 1), 0);
	assert_int_equal(tz_days_from_civil(2000, 3, 1), 11017);
	assert_int_equal(tz_days_from_civil(1969, 12, 31), -1);
	for (d = -600000; d < 2900000; d += 97) {
		tz_civil_from_days(d, &y, &m, &dd);
		assert_true(tz_date_ok(y, m, dd));
		assert_int_equal(tz_days_from_civil(y, m, dd), d);
	}
	/* 2026-03-29 is a Sunday, 1970-01-01 a Thursday. */
	assert_int_equal(tz_weekday(tz_days_from_civil(2026, 3, 29)), 6);
	assert_int_equal(tz_weekday(0), 3);
	assert_int_equal(tz_weekday(-1), 2);
	assert_int_equal(tz_days_in_month(2024, 2), 29);
	assert_int_equal(tz_days_in_month(2100, 2), 28);
}

static void
civil_bad_dates_refused(void **state)
{
	int64_t	 t = 0;

	(void)state;
	assert_false(tz_date_ok(2026, 2, 29));
	assert_false(tz_date_ok(2026, 13, 1));
	assert_false(tz_date_ok(2026, 4, 31));
	assert_int_equal(tz_from_local(zone("UTC"), 2026, 2, 30, 10, 0, &t),
	    TZ_LOCAL_INVALID);
	assert_int_equal(tz_from_local(zone("UTC"), 2026, 2, 1, 24, 30, &t),
	    TZ_LOCAL_INVALID);
	assert_int_equal(tz_from_local(zone("UTC"), 2026, 2, 1, 9, 60, &t),
	    TZ_LOCAL_INVALID);
	assert_int_equal(t, 0);
}

static void
paris_spring_offsets(void **state)
{
	const struct tz	*z = zone("Europe/Paris");

	(void)state;
	assert_local(z, utc(2026, 3, 29, 0, 59, 59), 2026, 3, 29, 1, 59, 3600);
	assert_local(z, utc(2026, 3, 29, 1, 0, 0), 2026, 3, 29, 3, 0, 7200);
}

static void
paris_bad_spring_gap_does_not_exist(void **state)
{
	const struct tz	*z = zone("Europe/Paris");
	int64_t		 t;

	(void)state;
	assert_int_equal(tz_from_local(z, 2026, 3, 29, 2, 30, &t),
	    TZ_LOCAL_GAP);
	/* The first instant after the gap: 03:00 CEST. */
	assert_int_equal(t, utc(2026, 3, 29, 1, 0, 0));
	assert_int_equal(tz_from_local(z, 2026, 3, 29, 2, 0, &t),
	    TZ_LOCAL_GAP);
	assert_int_equal(tz_from_local(z, 2026, 3, 29, 1, 59, &t),
	    TZ_LOCAL_UNIQUE);
	assert_int_equal(t, utc(2026, 3, 29, 0, 59, 0));
	assert_int_equal(tz_from_local(z, 2026, 3, 29, 3, 0, &t),
	    TZ_LOCAL_UNIQUE);
	assert_int_equal(t, utc(2026, 3, 29, 1, 0, 0));
}

static void
paris_fall_ambiguous_gives_earlier(void **state)
{
	const struct tz	*z = zone("Europe/Paris");
	int64_t		 t;

	(void)state;
	assert_local(z, utc(2026, 10, 25, 0, 59, 59), 2026, 10, 25, 2, 59,
	    7200);
	assert_local(z, utc(2026, 10, 25, 1, 0, 0), 2026, 10, 25, 2, 0, 3600);
	assert_int_equal(tz_from_local(z, 2026, 10, 25, 2, 30, &t),
	    TZ_LOCAL_AMBIGUOUS);
	assert_int_equal(t, utc(2026, 10, 25, 0, 30, 0));
	assert_int_equal(tz_from_local(z, 2026, 10, 25, 3, 0, &t),
	    TZ_LOCAL_UNIQUE);
	assert_int_equal(t, utc(2026, 10, 25, 2, 0, 0));
	assert_int_equal(tz_from_local(z, 2026, 10, 25, 1, 59, &t),
	    TZ_LOCAL_UNIQUE);
	assert_int_equal(t, utc(2026, 10, 24, 23, 59, 0));
}

static void
paris_summer_winter_and_weekday(void **state)
{
	const struct tz	*z = zone("Europe/Paris");
	struct tz_local	 l;
	int64_t		 t;

	(void)state;
	assert_int_equal(tz_from_local(z, 2026, 7, 14, 10, 0, &t),
	    TZ_LOCAL_UNIQUE);
	assert_int_equal(t, utc(2026, 7, 14, 8, 0, 0));
	tz_to_local(z, t, &l);
	assert_int_equal(l.wday, 1);	/* Tuesday */
	assert_int_equal(l.is_dst, 1);
	assert_int_equal(tz_from_local(z, 2026, 1, 5, 24, 0, &t),
	    TZ_LOCAL_UNIQUE);
	assert_int_equal(t, utc(2026, 1, 5, 23, 0, 0));
}

static void
paris_far_future_uses_footer_rule(void **state)
{
	const struct tz	*z = zone("Europe/Paris");
	int64_t		 t;

	(void)state;
	/* Last Sunday of March 2100 is the 28th, of October the 31st. */
	assert_int_equal(tz_offset_at(z, utc(2100, 3, 28, 0, 59, 59)), 3600);
	assert_int_equal(tz_offset_at(z, utc(2100, 3, 28, 1, 0, 0)), 7200);
	assert_int_equal(tz_offset_at(z, utc(2100, 10, 31, 0, 59, 59)), 7200);
	assert_int_equal(tz_offset_at(z, utc(2100, 10, 31, 1, 0, 0)), 3600);
	assert_int_equal(tz_from_local(z, 2100, 3, 28, 2, 15, &t),
	    TZ_LOCAL_GAP);
	assert_int_equal(tz_from_local(z, 2100, 10, 31, 2, 15, &t),
	    TZ_LOCAL_AMBIGUOUS);
	assert_int_equal(t, utc(2100, 10, 31, 0, 15, 0));
}

static void
paris_before_first_transition_is_lmt(void **state)
{
	(void)state;
	/* Paris Mean Time, +00:09:21. */
	assert_int_equal(tz_offset_at(zone("Europe/Paris"),
	    utc(1850, 1, 1, 0, 0, 0)), 561);
}

static void
montreal_dst(void **state)
{
	const struct tz	*z = zone("America/Montreal");
	int64_t		 t;

	(void)state;
	assert_int_equal(tz_offset_at(z, utc(2026, 1, 15, 12, 0, 0)), -18000);
	assert_int_equal(tz_offset_at(z, utc(2026, 7, 15, 12, 0, 0)), -14400);
	assert_int_equal(tz_from_local(z, 2026, 3, 8, 2, 30, &t),
	    TZ_LOCAL_GAP);
	assert_int_equal(t, utc(2026, 3, 8, 7, 0, 0));
	assert_int_equal(tz_from_local(z, 2026, 11, 1, 1, 30, &t),
	    TZ_LOCAL_AMBIGUOUS);
	assert_int_equal(t, utc(2026, 11, 1, 5, 30, 0));
}

static void
kolkata_half_hour(void **state)
{
	const struct tz	*z = zone("Asia/Kolkata");
	int64_t		 t;

	(void)state;
	assert_int_equal(tz_from_local(z, 2026, 3, 29, 9, 0, &t),
	    TZ_LOCAL_UNIQUE);
	assert_int_equal(t, utc(2026, 3, 29, 3, 30, 0));
	assert_local(z, utc(2026, 12, 31, 18, 30, 0), 2027, 1, 1, 0, 0, 19800);
}

static void
lord_howe_half_hour_dst(void **state)
{
	const struct tz	*z = zone("Australia/Lord_Howe");
	int64_t		 t;

	(void)state;
	assert_int_equal(tz_offset_at(z, utc(2026, 1, 15, 0, 0, 0)), 39600);
	assert_int_equal(tz_offset_at(z, utc(2026, 7, 15, 0, 0, 0)), 37800);
	/* 2026-04-05 02:00 +11 becomes 01:30 +10:30. */
	assert_int_equal(tz_from_local(z, 2026, 4, 5, 1, 45, &t),
	    TZ_LOCAL_AMBIGUOUS);
	assert_int_equal(t, utc(2026, 4, 4, 14, 45, 0));
	/* 2026-10-04 02:00 +10:30 becomes 02:30 +11. */
	assert_int_equal(tz_from_local(z, 2026, 10, 4, 2, 15, &t),
	    TZ_LOCAL_GAP);
	assert_int_equal(t, utc(2026, 10, 3, 15, 30, 0));
	/* Past the stored table, from the footer (southern summer). */
	assert_int_equal(tz_offset_at(z, utc(2090, 1, 10, 0, 0, 0)), 39600);
	assert_int_equal(tz_offset_at(z, utc(2090, 6, 10, 0, 0, 0)), 37800);
}

static void
chatham_quarter_hours(void **state)
{
	const struct tz	*z = zone("Pacific/Chatham");

	(void)state;
	assert_int_equal(tz_offset_at(z, utc(2026, 1, 15, 0, 0, 0)), 49500);
	assert_int_equal(tz_offset_at(z, utc(2026, 7, 15, 0, 0, 0)), 45900);
}

static void
utc_zone_is_identity(void **state)
{
	const struct tz	*z = zone("UTC");
	int64_t		 t;

	(void)state;
	assert_local(z, 0, 1970, 1, 1, 0, 0, 0);
	assert_local(z, utc(2026, 10, 25, 2, 30, 0), 2026, 10, 25, 2, 30, 0);
	assert_int_equal(tz_from_local(z, 2026, 3, 29, 2, 30, &t),
	    TZ_LOCAL_UNIQUE);
	assert_int_equal(t, utc(2026, 3, 29, 2, 30, 0));
}

static void
load_caches_zones(void **state)
{
	(void)state;
	assert_ptr_equal(zone("Europe/Paris"), zone("Europe/Paris"));
	assert_string_equal(tz_name(zone("Europe/Paris")), "Europe/Paris");
}

static void
load_bad_names_refused(void **state)
{
	static const char *const bad[] = {
		"", "/etc/passwd", "../etc/passwd", "Europe/../../etc/passwd",
		"Europe/Paris/", "Europe//Paris", "Europe/Paris\n",
		"Europe/Par is", "Europe/Paris;", "Europe\\Paris",
		"./Europe/Paris",
		"Aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
	};
	const struct tz	*z = NULL;
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(tz_load(bad[i], &z), TZ_EBADNAME);
	assert_int_equal(tz_load(NULL, &z), TZ_EBADNAME);
	assert_null(z);
	assert_true(tz_name_ok("America/Argentina/Buenos_Aires"));
	assert_true(tz_name_ok("Etc/GMT+5"));
}

static void
load_bad_unknown_or_not_a_zone(void **state)
{
	const struct tz	*z = NULL;

	(void)state;
	assert_int_equal(tz_load("Europe/Nowhere", &z), TZ_ENOENT);
	assert_int_equal(tz_load("Europe", &z), TZ_ENOENT);
	/* A text file of the tzdata package, not TZif. */
	assert_int_equal(tz_load("leapseconds", &z), TZ_EFORMAT);
	/* Leap-second zones are refused. */
	assert_int_equal(tz_load("right/Europe/Paris", &z), TZ_EFORMAT);
	assert_null(z);
}

static void
parse_bad_images_refused(void **state)
{
	unsigned char	 img[512];
	struct tz	*z = NULL;
	size_t		 n;

	(void)state;
	n = tzif_make(img, sizeof(img), 3600, "CET-1CEST,M3.5.0,M10.5.0/3");
	assert_int_equal(tz_parse(img, n, NULL, &z), TZ_OK);
	tz_free(z);
	z = NULL;
	assert_int_equal(tz_parse(img, n - 2, NULL, &z), TZ_EFORMAT);
	assert_int_equal(tz_parse(img, 30, NULL, &z), TZ_EFORMAT);
	img[0] = 'X';
	assert_int_equal(tz_parse(img, n, NULL, &z), TZ_EFORMAT);
	n = tzif_make(img, sizeof(img), 3600, "CET-1CEST,M13.5.0,M10.5.0");
	assert_int_equal(tz_parse(img, n, NULL, &z), TZ_EFORMAT);
	n = tzif_make(img, sizeof(img), 3600, "CE-1");
	assert_int_equal(tz_parse(img, n, NULL, &z), TZ_EFORMAT);
	n = tzif_make(img, sizeof(img), 3600, "CET-1CEST,M3.5.0");
	assert_int_equal(tz_parse(img, n, NULL, &z), TZ_EFORMAT);
	n = tzif_make(img, sizeof(img), 3600, "CET-1 junk");
	assert_int_equal(tz_parse(img, n, NULL, &z), TZ_EFORMAT);
	assert_null(z);
}

/* Parse a footer-only zone; the caller frees it. */
static struct tz *
rule_zone(int32_t off, const char *footer)
{
	unsigned char	 img[512];
	struct tz	*z = NULL;
	size_t		 n;

	n = tzif_make(img, sizeof(img), off, footer);
	assert_int_equal(tz_parse(img, n, "test", &z), TZ_OK);
	return z;
}

static void
conv_bad_extreme_instants_clamped(void **state)
{
	const struct tz	*z = zone("Europe/Paris");
	struct tz_local	 l;
	int64_t		 t;

	(void)state;
	tz_to_local(z, INT64_MAX, &l);
	assert_in_range(l.year, 9999, 10000);
	tz_to_local(z, INT64_MIN, &l);
	assert_int_equal(l.year, 1);
	(void)tz_from_wall(z, INT64_MAX, &t);
	assert_true(t <= TZ_T_MAX);
	(void)tz_from_wall(z, INT64_MIN, &t);
	assert_true(t >= TZ_T_MIN - 86400);
}

/*
 * The conversation list's local time (lib/page.c): PostgreSQL's
 * timestamptz text, fractional seconds and all, on the clinic's clock.
 */
static void
page_local_time_reads_postgresql_text(void **state)
{
	const struct tz	*z = zone("Europe/Paris");
	char		 out[32];

	(void)state;
	assert_int_equal(page_local_time(z,
	    "2026-03-29T00:59:59.999999+00:00", out, sizeof(out)), 0);
	assert_string_equal(out, "2026-03-29 01:59");
	assert_int_equal(page_local_time(z, "2026-03-29T01:00:00+00:00", out,
	    sizeof(out)), 0);
	assert_string_equal(out, "2026-03-29 03:00");
	assert_int_equal(page_local_time(z, "2026-10-25T00:30:00.5+00:00",
	    out, sizeof(out)), 0);
	assert_string_equal(out, "2026-10-25 02:30");
	/* the same local time again, an hour later */
	assert_int_equal(page_local_time(z, "2026-10-25T03:30:00+02:00", out,
	    sizeof(out)), 0);
	assert_string_equal(out, "2026-10-25 02:30");
	assert_int_equal(page_local_time(z, "2026-03-29 01:00:00", out,
	    sizeof(out)), -1);
	assert_int_equal(page_local_time(z, "bonjour", out, sizeof(out)), -1);
	assert_int_equal(page_local_time(z, NULL, out, sizeof(out)), -1);
	assert_int_equal(page_local_time(z, "2026-03-29T01:00:00Z", out, 16),
	    -1);
}

/*
 * Damage a real zone file many ways (deterministically): parsing must
 * refuse it or give a zone that converts without fault (run under
 * ASan/UBSan to see the difference).
 */
static void
parse_bad_damaged_files_never_crash(void **state)
{
	unsigned char	 orig[8192], img[8192];
	struct tz	*z;
	struct tz_local	 l;
	uint64_t	 seed = 1;
	size_t		 len, n, i, k;
	int64_t		 t;
	FILE		*fp;

	(void)state;
	assert_non_null(fp = fopen(TZ_DIR "/Europe/Paris", "rb"));
	len = fread(orig, 1, sizeof(orig), fp);
	fclose(fp);
	assert_true(len > 44 && len < sizeof(orig));
	for (i = 0; i < 3000; i++) {
		memcpy(img, orig, len);
		for (k = 0; k < 1 + i % 4; k++) {
			seed = seed * 6364136223846793005ULL + 1;
			img[(seed >> 33) % len] ^= (unsigned char)(seed >> 20);
		}
		n = i % 7 == 0 ? (size_t)((seed >> 40) % len) : len;
		z = NULL;
		if (tz_parse(img, n, NULL, &z) != TZ_OK) {
			assert_null(z);
			continue;
		}
		tz_to_local(z, 1774746000, &l);
		(void)tz_from_local(z, 2026, 10, 25, 2, 30, &t);
		(void)tz_from_local(z, 2090, 3, 26, 2, 30, &t);
		tz_free(z);
	}
}

static void
rule_julian_and_default_dates(void **state)
{
	struct tz	*z;

	(void)state;
	/* J60 is 1 March even in leap years; n=59 is 29 Feb in 2028. */
	z = rule_zone(0, "AAA0BBB,J60/0,J300/0");
	assert_int_equal(tz_offset_at(z, utc(2028, 2, 29, 23, 0, 0)), 0);
	assert_int_equal(tz_offset_at(z, utc(2028, 3, 1, 0, 0, 0)), 3600);
	tz_free(z);
	z = rule_zone(0, "AAA0BBB,59/0,300/0");
	assert_int_equal(tz_offset_at(z, utc(2028, 2, 28, 23, 0, 0)), 0);
	assert_int_equal(tz_offset_at(z, utc(2028, 2, 29, 0, 0, 0)), 3600);
	tz_free(z);
	/* No dates: second Sunday of March to first Sunday of November. */
	z = rule_zone(-18000, "EST5EDT");
	assert_int_equal(tz_offset_at(z, utc(2026, 3, 8, 6, 59, 0)), -18000);
	assert_int_equal(tz_offset_at(z, utc(2026, 3, 8, 7, 0, 0)), -14400);
	tz_free(z);
	/* Negative rule time (version 3 extension) and <+hh> names. */
	z = rule_zone(-7200, "<-02>2<-01>,M3.5.0/-1,M10.5.0/0");
	assert_int_equal(tz_offset_at(z, utc(2026, 3, 29, 0, 59, 0)), -7200);
	assert_int_equal(tz_offset_at(z, utc(2026, 3, 29, 1, 0, 0)), -3600);
	tz_free(z);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(civil_round_trips),
		cmocka_unit_test(civil_bad_dates_refused),
		cmocka_unit_test(paris_spring_offsets),
		cmocka_unit_test(paris_bad_spring_gap_does_not_exist),
		cmocka_unit_test(paris_fall_ambiguous_gives_earlier),
		cmocka_unit_test(paris_summer_winter_and_weekday),
		cmocka_unit_test(paris_far_future_uses_footer_rule),
		cmocka_unit_test(paris_before_first_transition_is_lmt),
		cmocka_unit_test(montreal_dst),
		cmocka_unit_test(kolkata_half_hour),
		cmocka_unit_test(lord_howe_half_hour_dst),
		cmocka_unit_test(chatham_quarter_hours),
		cmocka_unit_test(utc_zone_is_identity),
		cmocka_unit_test(load_caches_zones),
		cmocka_unit_test(load_bad_names_refused),
		cmocka_unit_test(load_bad_unknown_or_not_a_zone),
		cmocka_unit_test(parse_bad_images_refused),
		cmocka_unit_test(rule_julian_and_default_dates),
		cmocka_unit_test(conv_bad_extreme_instants_clamped),
		cmocka_unit_test(page_local_time_reads_postgresql_text),
		cmocka_unit_test(parse_bad_damaged_files_never_crash),
	};
	int	 rc;

	rc = cmocka_run_group_tests_name("tz", tests, NULL, NULL);
	tz_cache_clear();
	return rc;
}
