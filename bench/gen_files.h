/* cnscd-gen --import-files: the input files of the import benchmark. */
#ifndef CNSCD_BENCH_GEN_FILES_H
#define CNSCD_BENCH_GEN_FILES_H

#include <stdbool.h>

struct gen_files_options {
	const char *dir;   /* where the files go */
	const char *units; /* the official unit list (units-2024.csv) */
	long members;      /* rows of members.csv */
	long results;      /* values of results.csv */
	bool big;          /* also the 200 MB files: 2.25 M valid rows, 2.15 M bad rows */
};

/* Writes DIR/members.csv, members-teams.csv (99,000 members into 9 teams,
 * or a third of MEMBERS when less), members-more.csv (100,000 more into
 * the same teams, or a third of MEMBERS), results.csv and,
 * with BIG, members-big.csv and members-bad.csv. The random state is the
 * caller's (seeded). 0 when done; 1 with a message on stderr. */
int gen_import_files(const struct gen_files_options *o);

#endif
