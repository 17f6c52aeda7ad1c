/* rollout.h: the sizes of an Auto Scaling group's rollout (a replacement
 * created before its old group is destroyed).  One rule, used twice: by
 * the plan, to print the steps with the numbers the apply will use, and by
 * the provider (executor/aws/autoscaling_group.c), to launch with them. */
#ifndef CL_ROLLOUT_H
#define CL_ROLLOUT_H

#include <stdbool.h>

typedef struct cl_rollout_size {
	long long start;     /* the new group's desired capacity at launch */
	long long gate;      /* InService instances the health gate waits for (-1: no ELB count set) */
	long long settle;    /* the desired capacity once the old group is gone */
	bool carried;        /* start is the old group's capacity, above the configured one */
} cl_rollout_size;

/* old: the old group's current desired capacity (-1: unknown or no old
 * group); want: the configured desired capacity (min_size when unset);
 * max: max_size; elb: wait_for_elb_capacity (-1: unset).  The new group
 * starts at old when that is higher than want (capped by max) so a deploy
 * at peak load drops no capacity; a gate that was to wait for every
 * configured instance then waits for every started one. */
cl_rollout_size cl_rollout_size_of(long long old, long long want, long long max, long long elb);

#endif
