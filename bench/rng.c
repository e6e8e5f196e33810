#include "rng.h"

#include <stdio.h>

#include "cnscd/util.h"
#include "names.h"

uint64_t rng_state;

const char *pick_family(void)
{
	int total = 0;
	for (size_t i = 0; i < CN_ARRAY_LEN(family_names); i++)
		total += family_names[i].weight;
	int r = rng_below(total);
	for (size_t i = 0; i < CN_ARRAY_LEN(family_names); i++) {
		if (r < family_names[i].weight)
			return family_names[i].text;
		r -= family_names[i].weight;
	}
	return family_names[0].text;
}

void draw_person_name(bool female, char *out, size_t size)
{
	snprintf(out, size, "%s %s %s", pick_family(), female ? PICK(female_middle) : PICK(male_middle),
		 female ? PICK(female_given) : PICK(male_given));
}
