/* fmttool: the fmt command without the CLI, for tests/fmt: the same
 * options as clicamosc fmt (-check, -diff, -write=false, -upgrade) and
 * paths, handed to cl_fmt_command; its exit status is the command's. */
#include "compiler/schema.h"
#include "executor/aws/provider.h"
#include "grammar/fmt.h"

#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
	bool check = false, diff = false, write = true, upgrade = false;
	int i = 1;
	for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		const char *a = argv[i] + (argv[i][1] == '-');
		if (!strcmp(a, "-check"))
			check = true;
		else if (!strcmp(a, "-diff"))
			diff = true;
		else if (!strcmp(a, "-write=false"))
			write = false;
		else if (!strcmp(a, "-upgrade"))
			upgrade = true;
		else {
			fprintf(stderr, "usage: fmttool [-check] [-diff] [-write=false] [-upgrade] [PATH...]\n");
			return 2;
		}
	}
	aws_provider_register();   /* -upgrade asks about the block types */
	return cl_fmt_command(argv + i, (unsigned)(argc - i), check, diff, write,
	                      upgrade ? cl_schema_fmt_block_args : NULL, false, stdout, stderr);
}
