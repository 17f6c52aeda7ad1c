/* state.h: the local state: what exists, as a Terraform state version 4
 * file (clicamosc.tfstate) read into a small tree, changed one object at a
 * time by the walker's threads, and written atomically with a backup.
 * Locking the file is lock.h; the crash journal is journal.h.
 *
 * Attributes stay jansson trees (json_t), exactly as read or as a provider
 * produced them: a state is written far more often than it is inspected,
 * attributes the schema does not know survive a round trip untouched, and
 * only the plan needs values (cl_state_value converts at that boundary). */
/* Memory, once for this whole header (jq's jv.h style):
 *   - the tree is the state's own, on the heap; cl_state_free frees it all.
 *   - a json_t passed in is consumed: cl_state_put takes the reference
 *     (do not decref it after).  One coming out is a new reference to a
 *     copy: decref it (cl_state_get).  No json_t is shared between the tree
 *     and a caller, since jansson's counts are not wholly thread-safe.
 *   - a cl_value coming out lives in the arena passed in (cl_state_value,
 *     cl_state_output); one passed in is only read (cl_state_put_value).
 *   - strings passed in are copied; char ** lists are the caller's to free
 *     with the matching _free function. */
#ifndef CL_STATE_H
#define CL_STATE_H

#include <jansson.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "compiler/value.h"
#include "compiler/address.h"
#include "util/diag.h"

/* What we put in terraform_version: the Terraform release whose state
 * format and behaviour we follow, tagged so the writer is recognisable
 * (a valid semantic version, so Terraform reads the file). */
#define CL_STATE_TF_VERSION "1.5.0-clicamosc"
#define CL_STATE_PROVIDER "provider[\"registry.terraform.io/hashicorp/aws\"]"

/* One object: an instance's current object, or one it deposed.  Fields are
 * replaced whole, never edited in place, so a reference taken under the
 * lock stays valid. */
typedef struct cl_state_obj {
	cl_key key;                 /* key.s owned */
	char *deposed;              /* NULL: current; else its 8-hex-digit key */
	bool tainted, cbd;
	int64_t schema_version;
	json_t *attrs;              /* object; NULL only for legacy attributes_flat */
	json_t *attrs_flat;         /* legacy (Terraform 0.11 upgrades), kept as read */
	json_t *sensitive;          /* sensitive_attributes: [[{type, value}...]...] */
	char *private;              /* base64 provider data, as stored; or NULL */
	json_t *deps;               /* dependencies: array of resource addresses; or NULL */
} cl_state_obj;

typedef struct cl_state_res {
	char *module;               /* "" for the root */
	bool data;
	char *type, *name;
	char *each;                 /* legacy "list"/"map", kept as read; or NULL */
	char *provider;
	cl_state_obj **objs;        /* sorted: key, then current before deposed */
	size_t nobjs, cap;
} cl_state_res;

typedef struct cl_state_out {
	char *name;
	json_t *value, *type;       /* type as cty writes it: "string", ["list","string"] */
	bool sensitive;
} cl_state_out;

/* Readers that are the only thread (the state commands) may walk the
 * arrays directly; while workers run, go through the functions. */
typedef struct cl_state {
	pthread_mutex_t mu;         /* guards everything below */
	pthread_mutex_t write_mu;   /* one writer at a time, files in snapshot order */
	char lineage[37];
	uint64_t serial;
	char *tf_version;           /* as read; NULL for a new state */
	cl_state_res **res;         /* sorted as Terraform sorts them */
	size_t nres, capres;
	cl_state_out *outs;      /* sorted by name */
	size_t nouts, capouts;
	json_t *check_results;      /* kept as read (Terraform's checks); or NULL */
	uint64_t gen;               /* changes made to the tree */
	uint64_t saved_gen;         /* gen of the last snapshot written; UINT64_MAX: none */
	char *written;              /* that snapshot after the serial: did content change? */
	bool from_file;             /* read from a file (gen 0 then means: as the file says) */
	bool backed_up;             /* the .backup of this run is made (guarded by write_mu) */
	const char *backup_path;    /* -backup: NULL for path.backup, "-" for none (not owned) */
	/* The content changed but the serial is at CL_STATE_SERIAL_MAX: no
	 * write may happen (its serial could not go up). */
	bool serial_full;
} cl_state;

/* The largest serial that a state file can hold and be read back (a JSON
 * integer that jansson, like most readers, takes as a signed 64-bit one). */
#define CL_STATE_SERIAL_MAX ((uint64_t)INT64_MAX)

/* Metadata stored with an object. */
typedef struct cl_state_meta {
	bool tainted, cbd;
	const char *const *deps;    /* resource addresses it depends on */
	size_t ndeps;
	const char *provider;       /* NULL: CL_STATE_PROVIDER */
	const char *private;        /* base64, or NULL */
} cl_state_meta;

cl_state *cl_state_new(void);   /* empty, with a fresh lineage */
void cl_state_free(cl_state *st);

/* A missing or empty file is an empty state.  False with diagnostics on an
 * unreadable, malformed or non-version-4 file. */
bool cl_state_read(const char *path, cl_state **out, cl_diags *d);
bool cl_state_parse(const char *name, const char *text, size_t len, cl_state **out, cl_diags *d);
/* Atomic: a 0600 temporary beside path, fsync, rename, fsync of the
 * directory.  The file found there before this state's first write is kept
 * as path.backup (0600): the state as it was before the command.  The
 * serial goes up when the content changed.  Callable from any thread;
 * writers queue, and one that finds its changes already written by another
 * returns at once (a state is written to one path). */
bool cl_state_write(cl_state *st, const char *path, cl_diags *d);
/* -backup and -state-out: the backup goes to backup_path (NULL: path.backup;
 * "-": none; not copied, it must outlive st), and, with new_file, the next
 * write goes to a file of its own, written even when nothing changed. */
void cl_state_retarget(cl_state *st, const char *backup_path, bool new_file);
/* The file's text (state pull), the serial bumped as a write would (but
 * never past CL_STATE_SERIAL_MAX: then serial_full is set). */
char *cl_state_text(cl_state *st);
/* False, with an error saying what to do, when a change could not be
 * written because the serial cannot go up: checked before an apply starts. */
bool cl_state_serial_room(const cl_state *st, cl_diags *d);

/* Objects by address ("module.net.aws_subnet.public[1]"); deposed NULL for
 * the current object.  cl_state_get gives a copy of the attributes
 * (json_decref it), or NULL: no json_t of the tree is shared with another
 * thread, since jansson's reference counts are not wholly thread-safe. */
json_t *cl_state_get(cl_state *st, const char *addr, const char *deposed, bool *tainted);
/* The attributes as a value of type t (NULL: implied), sensitive paths
 * marked; NULL when absent.  The plan's "prior" callback. */
cl_value *cl_state_value(cl_state *st, cl_arena *a, const char *addr, const cl_type *t, bool *tainted,
                         cl_diags *d);
/* Stores attrs as addr's object; the reference is taken over (keep none). */
bool cl_state_put(cl_state *st, const char *addr, const char *deposed, json_t *attrs, const cl_state_meta *m,
                  cl_diags *d);
/* The same from a value: unknowns become null, sensitive marks become
 * sensitive_attributes. */
bool cl_state_put_value(cl_state *st, const char *addr, const char *deposed, const cl_value *v,
                        const cl_state_meta *m, cl_diags *d);
/* Removes an object; the resource goes when its last object does.  False
 * when there was none. */
bool cl_state_remove(cl_state *st, const char *addr, const char *deposed);
/* Removes every object of the instance, deposed ones too (state rm). */
bool cl_state_forget(cl_state *st, const char *addr);
bool cl_state_taint(cl_state *st, const char *addr, bool tainted);
/* state mv: a module (everything in it), a whole resource, or one
 * instance, to a free address of the same kind and type. */
bool cl_state_move(cl_state *st, const char *from, const char *to, cl_diags *d);
/* Moves the current object aside (create_before_destroy); its new deposed
 * key in key.  False when addr has no current object. */
bool cl_state_depose(cl_state *st, const char *addr, char key[9]);
/* Brings a deposed object back as current, when there is no current one
 * (its replacement failed to be created). */
bool cl_state_undepose(cl_state *st, const char *addr, const char *key);

void cl_state_set_output(cl_state *st, const char *name, const cl_value *v, bool sensitive);
void cl_state_remove_output(cl_state *st, const char *name);
/* NULL when absent; the value carries the sensitive mark when it is one. */
cl_value *cl_state_output(cl_state *st, cl_arena *a, const char *name, bool *sensitive);

/* Every instance address (current or only deposed objects), sorted as
 * Terraform sorts them.  Free with cl_state_list_free. */
char **cl_state_list(cl_state *st, size_t *n);
void cl_state_list_free(char **v, size_t n);

/* The object of an instance address, and its resource; NULL when absent.
 * For single-threaded readers (no lock taken). */
cl_state_obj *cl_state_find(const cl_state *st, const cl_addr *x, const char *deposed, cl_state_res **res);
cl_state_res *cl_state_find_res(const cl_state *st, const cl_addr *x);
/* r's address with key k appended (k NULL: the resource's address). */
void cl_state_res_addr(const cl_state_res *r, const cl_key *k, cl_buf *b);

/* A fresh UUID v4 from /dev/urandom (lineage, lock IDs, journal tokens). */
void cl_uuid(char out[37]);

#endif
