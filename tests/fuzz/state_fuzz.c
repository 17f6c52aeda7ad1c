/* state_fuzz.c: libFuzzer entry for the state reader.  Each input is read
 * as a state file; one that reads is turned back into text and listed, so
 * the writer and the address code see whatever the reader accepted. */
#include "executor/state.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *sink;
	if (!sink)
		sink = fopen("/dev/null", "w");
	cl_diags d = { 0 };
	cl_state *st = NULL;
	if (cl_state_parse("fuzz.tfstate", (const char *)data, size, &st, &d) && st) {
		free(cl_state_text(st));
		size_t n;
		cl_state_list_free(cl_state_list(st, &n), n);
	}
	cl_state_free(st);
	cl_diags_print(sink, &d, false);
	/* A JSON syntax error points into a copy of the text that the reader
	 * registers for the rest of the process (one per command in real
	 * use); here it would be one per input, so it goes with its error. */
	for (size_t i = 0; i < d.n; i++)
		if (d.v[i].range.src)
			cl_source_free((cl_source *)d.v[i].range.src);
	cl_diags_free(&d);
	return 0;
}
