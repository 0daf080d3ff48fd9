/* intlkpi fetch: arrives with its issue. */
#include "cli.h"
#include "util/banned.h"

int cmd_fetch(int argc, char **argv)
{
	return cli_not_implemented(argc, argv);
}
