#include "util/err.h"
#include "util/banned.h"

const char *err_class_name(int rc)
{
	switch (rc) {
	case ERR_CONFIG:
		return "config";
	case ERR_NETWORK:
		return "network";
	default:
		return rc < 0 ? "data" : (const char *)0;
	}
}
