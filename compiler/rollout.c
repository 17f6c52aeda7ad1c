/* rollout.c: the capacity carry-over rule of a group's rollout. */
#include "compiler/rollout.h"

cl_rollout_size cl_rollout_size_of(long long old, long long want, long long max, long long elb)
{
	cl_rollout_size s = { want, elb, want, false };
	long long start = old < max ? old : max;
	if (start > want) {
		s.start = start;
		s.carried = true;
		if (elb >= want)
			s.gate = start;
	}
	return s;
}
