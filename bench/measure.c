/* bench-measure: runs a command N times and prints the median wall time
 * (exec to exit) and the peak resident memory of the command (its largest
 * ru_maxrss over the runs, in MB), with the machine line.
 *
 *   bench-measure --machine      (the machine line alone)
 *   bench-measure [-n N] [-l LABEL] [-o FILE] [-r ROWS] -- COMMAND [ARG...]
 *
 * -o appends the line to FILE instead of stdout (the command may own the
 * terminal, as the interface does under script(1)); -r ROWS adds ROWS per
 * second at the median; the command's own output goes to /dev/null unless
 * BENCH_KEEP_OUTPUT=1. A run that fails stops the measure with its status. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "timing.h"

int main(int argc, char **argv)
{
	if (argc == 2 && strcmp(argv[1], "--machine") == 0) {
		bench_machine();
		return 0;
	}
	int n = 5;
	long long rows = 0;
	const char *label = "run", *out = NULL;
	int i = 1;
	for (; i < argc && strcmp(argv[i], "--") != 0; i++) {
		if (strcmp(argv[i], "-n") == 0 && i + 1 < argc)
			n = atoi(argv[++i]);
		else if (strcmp(argv[i], "-l") == 0 && i + 1 < argc)
			label = argv[++i];
		else if (strcmp(argv[i], "-o") == 0 && i + 1 < argc)
			out = argv[++i];
		else if (strcmp(argv[i], "-r") == 0 && i + 1 < argc)
			rows = atoll(argv[++i]);
	}
	if (i + 1 >= argc || n < 1 || n > 100) {
		fprintf(stderr, "usage: bench-measure [-n N] [-l LABEL] [-o FILE] [-r ROWS] -- COMMAND [ARG...]\n");
		return 2;
	}
	char **cmd = argv + i + 1;
	const char *keep = getenv("BENCH_KEEP_OUTPUT");
	double ms[100];
	long peak_kb = 0;
	for (int r = 0; r < n; r++) {
		double t0 = bench_now_ms();
		pid_t pid = fork();
		if (pid == 0) {
			if (!(keep && *keep == '1')) {
				int dn = open("/dev/null", O_WRONLY);
				if (dn >= 0 && !isatty(STDOUT_FILENO))
					dup2(dn, STDOUT_FILENO);
			}
			execvp(cmd[0], cmd);
			perror(cmd[0]);
			_exit(127);
		}
		int status = 0;
		struct rusage ru;
		if (pid < 0 || wait4(pid, &status, 0, &ru) < 0) {
			perror("bench-measure");
			return 1;
		}
		ms[r] = bench_now_ms() - t0;
		if (ru.ru_maxrss > peak_kb)
			peak_kb = ru.ru_maxrss;
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
			fprintf(stderr, "bench-measure: %s: %s failed (status %d)\n", label, cmd[0], status);
			return 1;
		}
	}
	double worst = bench_max(ms, n);
	double med = bench_median(ms, n);
	FILE *f = out ? fopen(out, "a") : stdout;
	if (!f)
		f = stdout;
	fprintf(f, "%-34s median %9.1f ms  worst %9.1f ms  peak RSS %6.1f MB  (%d runs)", label, med, worst,
		peak_kb / 1024.0, n);
	if (rows > 0 && med > 0)
		fprintf(f, "  %.0f rows/s", rows / (med / 1000.0));
	fputc('\n', f);
	if (f != stdout)
		fclose(f);
	return 0;
}
