/* The Vietnamese order of names (collate.h), in the key, the collation and
 * the lists that use them. */
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "cnscd/browse.h"
#include "../../src/core/collate_internal.h"
#include "cnscd/collate.h"
#include "fixture.h"

/* A before B, and the collation "vi" of a connection agrees. */
static void check_before(const char *a, const char *b, int line)
{
	if (cn_vi_compare(a, b) >= 0)
		t_fail(__FILE__, line, "«%s» should come before «%s»", a, b);
	if (cn_vi_compare(b, a) <= 0)
		t_fail(__FILE__, line, "«%s» should come after «%s»", b, a);
}
#define BEFORE(a, b) check_before(a, b, __LINE__)

TEST(vi_order_given_name_first_then_family_and_middle)
{
	BEFORE("Trần Thị An", "Nguyễn Văn Bình");
	BEFORE("Nguyễn Văn An", "Trần Thị An");
	BEFORE("Lê An", "Lê Văn An");   /* same given name: family, then middle */
	BEFORE("Phạm An", "Phạm Anh");  /* a word that is the start of another */
	CHECK_INT(cn_vi_compare("Nguyễn Văn An", "NGUYỄN VĂN AN"), 0);
	CHECK_INT(cn_vi_compare("  Nguyễn  Văn An ", "Nguyễn Văn An"), 0);
}

TEST(vi_order_alphabet_letters_then_tones)
{
	BEFORE("Dương", "Đặng");        /* Đ after D, whatever the tones */
	BEFORE("Dũng", "Đa");
	BEFORE("Anh", "Ăn");            /* ă after a */
	BEFORE("Ăn", "Âu");             /* â after ă */
	BEFORE("Âu", "Bảo");
	BEFORE("Em", "Êm");             /* ê after e */
	BEFORE("Oanh", "Ông");          /* ô after o, ơ after ô */
	BEFORE("Ông", "Ơn");
	BEFORE("Uyên", "Ưng");          /* ư after u */
	BEFORE("Ưng", "Vân");
	/* Tones only between the same letters: ngang, huyền, hỏi, ngã, sắc, nặng. */
	BEFORE("Ma", "Mà");
	BEFORE("Mà", "Mả");
	BEFORE("Mả", "Mã");
	BEFORE("Mã", "Má");
	BEFORE("Má", "Mạ");
	BEFORE("Mạ", "Mai");
	/* Decomposed input (another tool's NFD) orders the same. */
	CHECK_INT(cn_vi_compare("Ho\xcc\x80" "a", "Hòa"), 0);
	CHECK_INT(cn_vi_compare("Hoà", "Hòa"), 0); /* tone placement does not matter */
}

TEST(vi_collation_in_sql_and_member_lists)
{
	cn_db *db = fx_open();
	struct fx_tree t = fx_bac_lieu(db);
	long long team = fx_team(db, t.commune);
	fx_member(db, team, "Đặng Văn Bình", CN_ROLE_MEMBER);
	fx_member(db, team, "Nguyễn Thị Ánh", CN_ROLE_MEMBER);
	fx_member(db, team, "Dương Văn Bình", CN_ROLE_MEMBER);
	fx_member(db, team, "Trần Văn An", CN_ROLE_LEADER);
	sqlite3_stmt *st;
	CHECK_INT(sqlite3_prepare_v2(cn_db_sqlite(db),
				     "SELECT group_concat(full_name, '; ') FROM (SELECT full_name FROM member "
				     "ORDER BY full_name COLLATE vi)", -1, &st, NULL), SQLITE_OK);
	CHECK_INT(sqlite3_step(st), SQLITE_ROW);
	CHECK_STR((const char *)sqlite3_column_text(st, 0),
		  "Trần Văn An; Nguyễn Thị Ánh; Dương Văn Bình; Đặng Văn Bình");
	sqlite3_finalize(st);
	/* The member list: leader first, then by name in that order. */
	cn_error err = {0};
	cn_browse *b = cn_browse_open(db, CN_BROWSE_MEMBERS, team, &err);
	CHECK(b != NULL);
	CHECK_INT(cn_browse_fetch(b, 0, 4, &err), CN_OK);
	cn_buf names = {0};
	for (int i = 0; i < 4; i++)
		cn_buf_printf(&names, "%s; ", cn_browse_get(b, i)->name);
	CHECK_STR(cn_buf_str(&names), "Trần Văn An; Nguyễn Thị Ánh; Dương Văn Bình; Đặng Văn Bình; ");
	cn_buf_clear(&names);
	CHECK_INT(cn_browse_set_order(b, CN_ORDER_NAME, true, &err), CN_OK);
	CHECK_INT(cn_browse_fetch(b, 0, 4, &err), CN_OK);
	for (int i = 0; i < 4; i++)
		cn_buf_printf(&names, "%s; ", cn_browse_get(b, i)->name);
	CHECK_STR(cn_buf_str(&names), "Đặng Văn Bình; Dương Văn Bình; Nguyễn Thị Ánh; Trần Văn An; ");
	cn_buf_free(&names);
	cn_browse_free(b);
	cn_db_close(db);
}

/* Puts code point C into B as UTF-8. */
static void put_utf8(cn_buf *b, int c)
{
	utf8proc_uint8_t enc[4];
	utf8proc_ssize_t n = utf8proc_encode_char(c, enc);
	cn_buf_add(b, (const char *)enc, (size_t)(n > 0 ? n : 0));
}

static void check_same_key(const char *s, int line)
{
	char *fast = cn_vi_key(s), *full = cn_vi_key_full(s);
	if (strcmp(fast, full) != 0)
		t_fail(__FILE__, line, "key of «%s»: %s, the full way %s", s, fast, full);
	free(fast);
	free(full);
}

/* The key of a name of ASCII and precomposed Latin letters, taken a code
 * point at a time, is the key the decomposition of the whole name gives:
 * every code point of the table alone and between letters, words and
 * separators, and names that go the full way. */
TEST(vi_key_fast_way_equals_the_full_way)
{
	static const int ranges[][2] = {{0x01, 0x250}, {0x300, 0x370}, {0x1E00, 0x1F00}};
	for (size_t r = 0; r < sizeof ranges / sizeof ranges[0]; r++) {
		for (int c = ranges[r][0]; c < ranges[r][1]; c++) {
			cn_buf b = {0};
			put_utf8(&b, c);
			check_same_key(cn_buf_str(&b), __LINE__);
			cn_buf_clear(&b);
			cn_buf_adds(&b, "Ng");
			put_utf8(&b, c);
			cn_buf_adds(&b, "n  Thị-");
			put_utf8(&b, c);
			cn_buf_adds(&b, "3\t,Ánh");
			check_same_key(cn_buf_str(&b), __LINE__);
			cn_buf_free(&b);
		}
	}
	static const char *const names[] = {
		"Nguyễn Văn An", "  TRẦN   thị  THUỶ ", "Đặng Thị Ánh", "Hoàng-Văn.Bình,Ưng", "Ho\xcc\x80" "a Bi\xcc\x80nh",
		"Lê Ngọc Ẩn 2", "ab\xff" "cd", "Nguyễn € Văn", "", "a b c d e f g h i j k l m n o p q r s t",
	};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		check_same_key(names[i], __LINE__);
	char *none = cn_vi_key(NULL), *none_full = cn_vi_key_full(NULL);
	CHECK_STR(none, none_full);
	free(none);
	free(none_full);
}
