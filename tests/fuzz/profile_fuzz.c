/* profile_fuzz.c: libFuzzer entry for the shared AWS files.  The reader
 * takes paths, so each input is written to one temporary file that serves
 * as both the credentials and the config file, and a few profile names,
 * with their [services] sections, are looked up in it. */
#include "executor/aws/profile.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static char path[64];

static void remove_file(void) { unlink(path); }

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!path[0]) {
		snprintf(path, sizeof path, "/tmp/clicamosc-profile-fuzz.%d", (int)getpid());
		setenv("AWS_SHARED_CREDENTIALS_FILE", path, 1);
		setenv("AWS_CONFIG_FILE", path, 1);
		atexit(remove_file);
	}
	FILE *f = fopen(path, "w");
	if (!f)
		abort();
	fwrite(data, 1, size, f);
	fclose(f);
	static const char *const names[] = { "default", "dev", "profile dev" };
	for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
		aws_profile p;
		aws_profile_load(&p, names[i]);
		aws_profile_get(&p, "aws_access_key_id");
		aws_profile_get(&p, "region");
		aws_profile_service_get(&p, "ec2", "endpoint_url");
		aws_profile_free(&p);
	}
	return 0;
}
