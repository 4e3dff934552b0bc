/*
** status_api.h -- how a status file reaches a handle (status_api.c): the
** statement `status "FILE"` and concord_options.status_files at open;
** concord_load_status() is the public way (concord.h).
*/
#ifndef CQ_STATUS_API_H
#define CQ_STATUS_API_H

#include "ast.h"
#include "concord.h"

/* Run `status "FILE"`: FILE relative to the script, as for import;
** problems reported at the statement.  Errors as concord_load_status. */
int cq_status_statement(concord_db *db, const cq_node *stmt);

/* Load concord_options.status_files at open, in order. */
int cq_status_open_files(concord_db *db, const char *const *paths, int n);

#endif
