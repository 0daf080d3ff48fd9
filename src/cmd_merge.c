/* intlkpi merge: arrives with its issue. */
#include "cli.h"
#include "util/banned.h"

int cmd_merge(int argc, char **argv)
{
	return cli_not_implemented(argc, argv);
}
