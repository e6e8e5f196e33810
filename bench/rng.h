/* The generator's random numbers (splitmix64: tiny, fast and the same on
 * every machine) and its draws of Vietnamese names. */
#ifndef CNSCD_BENCH_RNG_H
#define CNSCD_BENCH_RNG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

extern uint64_t rng_state;

static inline uint64_t rng_next(void)
{
	uint64_t z = (rng_state += 0x9E3779B97F4A7C15ULL);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

/* 0..N-1 (0 when N <= 0). Inline, so that the compiler sees the range. */
static inline int rng_below(int n)
{
	return n > 0 ? (int)(rng_next() % (uint64_t)n) : 0;
}

static inline bool rng_chance(int percent)
{
	return rng_below(100) < percent;
}
/* A family name, by its frequency. */
const char *pick_family(void);
/* "Nguyễn Thị Lan": family, middle and given names. */
void draw_person_name(bool female, char *out, size_t size);

#define PICK(arr) (arr)[rng_below((int)(sizeof(arr) / sizeof((arr)[0])))]

#endif
