/*
 * Replays files through a libFuzzer harness without libFuzzer, so that the
 * normal test suite (gcc, sanitizers) runs every regression input and seed:
 * replay FILE-OR-DIR...  Prints "replayed N inputs" and exits 0, or crashes.
 * An input that runs longer than `make fuzz`'s -timeout (10 s) aborts, as
 * libFuzzer would.
 */
#include "util/buf.h"
#include "util/fs.h"
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define TIMEOUT_SECONDS 10

static void on_alarm(int sig)
{
	static const char msg[] = "replay: an input ran longer than 10 s\n";
	(void)sig;
	if (write(2, msg, sizeof(msg) - 1) < 0)
		_exit(1);
	abort();
}

static uint8_t *xmalloc_copy(const void *p, size_t n)
{
	uint8_t *c = malloc(n ? n : 1);
	if (!c)
		abort();
	memcpy(c, p, n);
	return c;
}

static int replay_path(const char *path)
{
	struct stat st;
	struct buf data = BUF_INIT, err = BUF_INIT;
	int n = 0;

	if (stat(path, &st))
		return 0;
	if (S_ISDIR(st.st_mode)) {
		DIR *d = opendir(path);
		struct dirent *e;
		struct buf sub = BUF_INIT;
		while (d && (e = readdir(d))) {
			if (e->d_name[0] == '.')
				continue;
			path_join(&sub, path, e->d_name);
			n += replay_path(sub.buf);
		}
		if (d)
			closedir(d);
		buf_release(&sub);
		return n;
	}
	if (file_read(path, &data, 0, &err)) {
		fprintf(stderr, "replay: %s\n", err.buf);
	} else {
		/* a copy of exactly the input's size, so ASan sees overreads */
		uint8_t *copy = xmalloc_copy(data.buf, data.len);
		fprintf(stderr, "replay: %s\n", path);
		alarm(TIMEOUT_SECONDS);
		LLVMFuzzerTestOneInput(copy, data.len);
		alarm(0);
		free(copy);
		n = 1;
	}
	buf_release(&data);
	buf_release(&err);
	return n;
}

int main(int argc, char **argv)
{
	int n = 0;
	signal(SIGALRM, on_alarm);
	for (int i = 1; i < argc; i++)
		n += replay_path(argv[i]);
	printf("replayed %d inputs\n", n);
	return 0;
}
