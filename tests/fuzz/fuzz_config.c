/*
 * libFuzzer harness: the configuration loader (cJSON, key checks, positions
 * by jsonpos) on any bytes, given as a KPI file beside a valid fixture.
 */
#include "config/config.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char dir[64];

static void put(const char *name, const void *text, size_t len)
{
	char path[128];
	FILE *f;
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "wb");
	if (!f)
		abort();
	fwrite(text, 1, len, f);
	fclose(f);
}

static void setup(void)
{
	static const char profile[] = "{\"name\":\"U\",\"country\":\"KZ\",\"period\":{\"from\":2019,\"to\":2023}}";
	static const char areas[] = "{\"areas\":[{\"id\":\"a1\",\"title\":\"A\",\"order\":1}]}";
	static const char source[] = "{\"id\":\"s\",\"kind\":\"csv\",\"path\":\"d.csv\",\"year\":\"year\",\"metrics\":[{\"name\":\"m\",\"value\":\"v\"},{\"name\":\"k\",\"value\":\"v\",\"key\":\"c\"}]}";
	char path[128];

	snprintf(dir, sizeof(dir), "/tmp/intlkpi-fuzz-config.%ld", (long)getpid());
	snprintf(path, sizeof(path), "%s/sources", dir);
	mkdir(dir, 0700);
	mkdir(path, 0700);
	snprintf(path, sizeof(path), "%s/kpi", dir);
	mkdir(path, 0700);
	put("profile.json", profile, sizeof(profile) - 1);
	put("areas.json", areas, sizeof(areas) - 1);
	put("sources/s.json", source, sizeof(source) - 1);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct config cfg;
	struct buf errors = BUF_INIT;

	if (!*dir)
		setup();
	put("kpi/k.json", data, size);
	config_load(&cfg, dir, &errors);
	config_release(&cfg);
	buf_release(&errors);
	return 0;
}
