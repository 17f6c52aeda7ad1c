/* test_ctyjson.c: the jansson/arena boundary of a value a provider read:
 * cl_ctyjson_retype gives the typed value and frees the JSON it went
 * through (apply dropped it once, for every data source read at apply). */
#include "executor/ctyjson.h"
#include "tap.h"

#include <malloc.h>

int main(void)
{
	cl_arena a;
	cl_arena_init(&a);
	cl_value *kv[2] = { cl_value_cstr(&a, "ami-123"), cl_value_int(&a, 7) };
	const char *names[2] = { "id", "n" };
	cl_value *read = cl_value_object(&a, names, kv, 2);
	const char *err = NULL;
	cl_value *typed = cl_ctyjson_retype(&a, read, NULL, &err);
	ok(typed && cl_value_equal(typed, read), "the value comes back as it went");

	/* What stays allocated outside the arena after many reads: nothing. */
	cl_arena scratch;
	cl_arena_init(&scratch);
	(void)cl_ctyjson_retype(&scratch, read, NULL, &err);
	cl_arena_reset(&scratch);
	size_t before = mallinfo2().uordblks;
	for (int i = 0; i < 2000; i++) {
		(void)cl_ctyjson_retype(&scratch, read, NULL, &err);
		cl_arena_reset(&scratch);
	}
	size_t after = mallinfo2().uordblks;
	ok(after <= before + 4096, "2000 reads leave no JSON behind");
	if (after > before + 4096)
		printf("#   %zu bytes more on the heap\n", after - before);
	cl_arena_free(&scratch);
	cl_arena_free(&a);
	printf("1..%d\n", tap_n);
	return tap_failed != 0;
}
