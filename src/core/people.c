#include "cnscd/people.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "cnscd/os.h"
#include "cnscd/validate.h"

#define NAME_MAX_CHARS 100

/* Names of accounts, not of people. */
static const char *const accounts[] = {"root", "admin", "administrator", "user", "nobody", "cnscd",
				       "cnscd import", "guest", "?"};

static bool same_login(const char *name, const char *login)
{
	return login && *login && strcasecmp(name, login) == 0;
}

/* The login name of whoever runs cnscd, the likeliest wrong answer. */
static bool is_login_name(const char *name)
{
	for (size_t i = 0; i < CN_ARRAY_LEN(accounts); i++)
		if (strcasecmp(name, accounts[i]) == 0)
			return true;
	if (same_login(name, getenv("USER")) || same_login(name, getenv("LOGNAME")))
		return true;
	/* Read once: the user database is a file read per call, and a
	 * generated country submits a million months. */
	static char login[64];
	static bool known;
	if (!known) {
		char *account = cn_os_account_name();
		snprintf(login, sizeof login, "%s", account);
		free(account);
		known = true;
	}
	if (same_login(name, login))
		return true;
	/* One word of small unaccented letters, digits, '.', '_' or '-' is how
	 * logins look ("lapl", "x", "nguyen.van.a"); a person's name has
	 * capitals, marks or several words. */
	for (const char *p = name; *p; p++)
		if (!(islower((unsigned char)*p) || isdigit((unsigned char)*p) || strchr("._-", *p)))
			return false;
	return true;
}

static bool has_letter(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (isalpha(*p) || *p >= 0x80)
			return true;
	return false;
}

int cn_person_check(const char *name, char **out, cn_error *err)
{
	char *n = NULL;
	int rc = cn_check_text("by", "Họ tên người thực hiện", name, NAME_MAX_CHARS, true, &n, err);
	if (rc != CN_OK)
		return rc;
	if (!has_letter(n) || is_login_name(n)) {
		cn_fail_field(err, "by", CN_EINVAL,
			      "«%s» không phải họ tên của một người (tên đăng nhập hay ký hiệu không được ghi vào báo "
			      "cáo): hãy ghi họ tên, ví dụ «Lê Thị Lập»", n);
		free(n);
		return CN_EINVAL;
	}
	*out = n;
	return CN_OK;
}

static char *checked_setting(cn_db *db, const char *key)
{
	char *v = cn_setting_get(db, key), *out = NULL;
	if (v && cn_person_check(v, &out, NULL) != CN_OK)
		out = NULL;
	free(v);
	return out;
}

char *cn_person_default(cn_db *db, int act)
{
	const char *first = act == CN_ACT_APPROVE ? "signer_name" : "preparer_name";
	const char *second = act == CN_ACT_APPROVE ? "preparer_name" : "signer_name";
	char *name = checked_setting(db, first);
	return name ? name : checked_setting(db, second);
}

int cn_person_for(cn_db *db, int act, const char *by, char **out, cn_error *err)
{
	if (by)
		return cn_person_check(by, out, err);
	if ((*out = cn_person_default(db, act)) != NULL)
		return CN_OK;
	return cn_fail_field(err, "by", CN_EINVAL,
			     "Chưa biết họ tên người %s: hãy ghi --by \"Họ tên\", hoặc đặt tên trong cài đặt "
			     "(cnscd settings %s \"Họ tên\")",
			     act == CN_ACT_APPROVE ? "duyệt" : "lập báo cáo",
			     act == CN_ACT_APPROVE ? "signer_name" : "preparer_name");
}
