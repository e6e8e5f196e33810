/* Test tool: creates the field example (field_example.h) in a new database
 * at the given path, through the core API.
 * Usage: seed_field_example DB [--hostile] */
#include <stdio.h>
#include <string.h>

#include "field_example.h"
#include "cnscd/store.h"

int main(int argc, char **argv)
{
	if (argc < 2 || argc > 3 || (argc == 3 && strcmp(argv[2], "--hostile") != 0)) {
		fprintf(stderr, "usage: seed_field_example DB [--hostile]\n");
		return 2;
	}
	cn_error err = {0};
	cn_db *db = cn_store_open(argv[1], CN_DB_CREATE, &err);
	struct field_example fx;
	if (!db || field_example_build(db, &fx, &err) != CN_OK ||
	    (argc == 3 && field_example_add_hostile(db, &fx, &err) != CN_OK)) {
		fprintf(stderr, "seed_field_example: %s\n", err.msg);
		cn_db_close(db);
		return 1;
	}
	cn_db_close(db);
	return 0;
}
