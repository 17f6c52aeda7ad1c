/* journal.h: the crash journal beside the state (PATH.journal): an
 * append-only file of JSON lines.  Before each create the executor writes
 * an intent (address, type, lineage, a fresh token that the provider also
 * tags on the resource) and fsyncs it; once the created object is in the
 * state file, a done record.  An intent without its done record is a
 * resource that may exist in AWS but not in state: the next command finds
 * it by its tags and adopts it (the providers' find), or reports it.
 * Callers hold the state lock while a journal is open. */
#ifndef CL_JOURNAL_H
#define CL_JOURNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "util/diag.h"

typedef struct cl_journal cl_journal;

typedef struct cl_intent {
	char token[37];             /* the clicamosc:token tag */
	char *address, *type, *lineage;
	char *time;                 /* RFC 3339, when the intent was written */
} cl_intent;

/* Opens (creating, 0600) the journal of the state at state_path, reading
 * the intents a crashed command left open.  A torn last record (the writer
 * died mid-line) is dropped with a warning; the file is repaired. */
cl_journal *cl_journal_open(const char *state_path, cl_diags *d);
/* The intents open at cl_journal_open, oldest first; still open until
 * cl_journal_done is called for them.  Owned by j. */
const cl_intent *cl_journal_open_intents(const cl_journal *j, size_t *n);

/* Writes and fsyncs an intent; its fresh token in token.  Thread-safe. */
bool cl_journal_intent(cl_journal *j, const char *address, const char *type, const char *lineage,
                       char token[37], cl_diags *d);
/* Closes an intent: outcome says how ("created", "failed", "adopted",
 * "absent").  Thread-safe. */
bool cl_journal_done(cl_journal *j, const char *token, const char *outcome, cl_diags *d);
/* Closes the file; removes it when no intent is left open. */
void cl_journal_close(cl_journal *j);

#endif
