/* state_tree.h: what the state file's reader (statefile.c) needs of the
 * tree's insides (state.c) beyond state.h; no other file includes it. */
#ifndef CL_STATE_TREE_H
#define CL_STATE_TREE_H

#include "executor/state.h"

/* The resource with these names, added (empty, sorted in) when absent. */
cl_state_res *cl_state_tree_res(cl_state *st, const char *module, bool data, const char *type, const char *name,
                                const char *provider);
/* o sorted into r, which then owns it; false (o still the caller's) when r
 * holds an object with o's key and deposed key already. */
bool cl_state_tree_insert(cl_state_res *r, cl_state_obj *o);
void cl_state_tree_obj_free(cl_state_obj *o);

#endif
