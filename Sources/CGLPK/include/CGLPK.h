// CGLPK: GLPK's C API for Swift, plus a guard that turns GLPK's fatal errors into return codes.
//
// GLPK answers bad input and internal failures by printing a message and calling abort().
// The only way around that is an error hook that longjmps back to a setjmp point, and Swift
// cannot call setjmp. Each berth_glp_guarded_* function below sets that point in C, calls
// GLPK, and reports a caught fatal error as BERTH_GLP_FATAL.
//
// After BERTH_GLP_FATAL the guard has called glp_free_env(): every GLPK object created on
// the calling thread is gone. The caller must forget its pointers and must not delete them.
//
// GLPK keeps its environment per OS thread; so does this guard. Call these functions on the
// thread that created the problem.

#ifndef CGLPK_H
#define CGLPK_H

#include <glpk.h>

/// The call finished; its own result code, if any, is in `*result`.
#define BERTH_GLP_OK 0
/// GLPK raised a fatal error; it was caught and this thread's GLPK environment was freed.
#define BERTH_GLP_FATAL 1

/// Receives GLPK's terminal output, one chunk at a time, on the thread that produced it.
typedef void (*berth_glp_output_sink)(void *context, const char *text);

/// The data of a problem, with GLPK's 1-based arrays: element 0 of every array is ignored.
///
/// Names are NUL-terminated strings stored back to back in `column_names` and `row_names`;
/// `column_name_offsets[j]` is where the name of column j starts. Names must already be valid
/// for GLPK: at most 255 bytes and no control characters.
typedef struct {
    const char *problem_name;
    const char *objective_name;
    int direction;
    double objective_constant;

    int column_count;
    const int *column_kinds;
    const int *column_types;
    const double *column_lower;
    const double *column_upper;
    const double *column_objective;
    const char *column_names;
    const int *column_name_offsets;

    int row_count;
    const int *row_types;
    const double *row_lower;
    const double *row_upper;
    const char *row_names;
    const int *row_name_offsets;

    int entry_count;
    const int *entry_rows;
    const int *entry_columns;
    const double *entry_values;
} berth_glp_problem_data;

/// Routes this thread's GLPK terminal output to `sink`, or discards it when `sink` is NULL.
///
/// GLPK never prints to stdout while the guard is in use: every guarded call installs a
/// terminal hook that forwards to this sink and suppresses GLPK's own printing.
void berth_glp_set_output(berth_glp_output_sink sink, void *context);

/// The message of the last fatal error caught on this thread, or an empty string.
const char *berth_glp_last_fatal_message(void);

/// Creates a problem from `data` and stores it in `*problem`.
///
/// The data must already be valid (indices in range, no duplicate entries, bounds that match
/// their types); a mistake is caught as BERTH_GLP_FATAL rather than aborting the process.
int berth_glp_guarded_build(const berth_glp_problem_data *data, glp_prob **problem);

/// Calls glp_scale_prob(problem, flags).
int berth_glp_guarded_scale(glp_prob *problem, int flags);

/// Calls glp_simplex(problem, parameters) and stores its return code in `*result`.
int berth_glp_guarded_simplex(glp_prob *problem, const glp_smcp *parameters, int *result);

/// Calls glp_intopt(problem, parameters) and stores its return code in `*result`.
///
/// The callback in `parameters` runs inside the guard. It must not call GLPK in a way that
/// can fail, because a longjmp would then cross the callback's own frames.
int berth_glp_guarded_intopt(glp_prob *problem, const glp_iocp *parameters, int *result);

/// Calls glp_write_lp(problem, NULL, path) and stores its return code in `*result`.
int berth_glp_guarded_write_lp(glp_prob *problem, const char *path, int *result);

/// Calls glp_write_mps(problem, GLP_MPS_FILE, NULL, path) and stores its return code in
/// `*result`.
int berth_glp_guarded_write_mps(glp_prob *problem, const char *path, int *result);

/// Deletes `problem` (when not NULL) and frees this thread's GLPK environment.
///
/// Never pass a problem that was alive when a call returned BERTH_GLP_FATAL.
void berth_glp_release(glp_prob *problem);

/// For tests: makes GLPK raise a real fatal error inside the guard.
///
/// It creates a problem and calls glp_set_col_bnds on column 0, which GLPK rejects as out of
/// range. Returns BERTH_GLP_FATAL when the guard caught it.
int berth_glp_guarded_provoke_fatal_error(void);

#endif
