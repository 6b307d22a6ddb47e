// The setjmp guard around GLPK calls; see CGLPK.h for the contract.
//
// GLPK reports a fatal error by printing the message through its terminal output, then
// calling the error hook, then abort(). The terminal hook below copies the message while
// glp_at_error() is true; the error hook frees the thread's GLPK environment, as GLPK's
// manual requires before a longjmp, and jumps back to the innermost guard on this thread.

#include "CGLPK.h"

#include <setjmp.h>
#include <stddef.h>
#include <string.h>

enum { message_capacity = 2048 };

typedef struct {
    jmp_buf *active_guard;
    berth_glp_output_sink sink;
    void *sink_context;
    char message[message_capacity];
    size_t message_length;
} guard_state;

// GLPK's own environment is thread-local in Debian's build, so the guard's state is too.
static _Thread_local guard_state state;

static void append_to_message(const char *text) {
    size_t room = message_capacity - 1 - state.message_length;
    size_t length = strlen(text);
    if (length > room) {
        length = room;
    }
    memcpy(state.message + state.message_length, text, length);
    state.message_length += length;
    state.message[state.message_length] = '\0';
}

static int terminal_hook(void *info, const char *text) {
    (void)info;
    if (glp_at_error()) {
        append_to_message(text);
    }
    if (state.sink != NULL) {
        state.sink(state.sink_context, text);
    }
    // Non-zero tells GLPK not to print the text itself.
    return 1;
}

static void error_hook(void *info) {
    (void)info;
    jmp_buf *target = state.active_guard;
    if (target == NULL) {
        // Not inside a guard: returning lets GLPK abort, as it would without the hook.
        return;
    }
    glp_free_env();
    longjmp(*target, 1);
}

static void install_hooks(void) {
    // glp_free_env() forgets the hooks, so every guarded call installs them again.
    glp_term_hook(terminal_hook, NULL);
    glp_error_hook(error_hook, NULL);
}

typedef void (*guarded_body)(void *arguments);

static int run_guarded(guarded_body body, void *arguments) {
    jmp_buf here;
    jmp_buf *volatile previous = state.active_guard;

    state.message_length = 0;
    state.message[0] = '\0';
    install_hooks();

    if (setjmp(here) != 0) {
        state.active_guard = previous;
        return BERTH_GLP_FATAL;
    }
    state.active_guard = &here;
    body(arguments);
    state.active_guard = previous;
    return BERTH_GLP_OK;
}

void berth_glp_set_output(berth_glp_output_sink sink, void *context) {
    state.sink = sink;
    state.sink_context = context;
}

const char *berth_glp_last_fatal_message(void) {
    return state.message;
}

typedef struct {
    const berth_glp_problem_data *data;
    glp_prob **problem;
} build_call;

static void build_columns(glp_prob *problem, const berth_glp_problem_data *data) {
    // Every column gets its bounds explicitly: GLPK creates new columns fixed at zero.
    glp_add_cols(problem, data->column_count);
    for (int j = 1; j <= data->column_count; j++) {
        if (data->column_names != NULL) {
            glp_set_col_name(problem, j, data->column_names + data->column_name_offsets[j]);
        }
        glp_set_col_kind(problem, j, data->column_kinds[j]);
        glp_set_col_bnds(
            problem, j, data->column_types[j], data->column_lower[j], data->column_upper[j]);
        glp_set_obj_coef(problem, j, data->column_objective[j]);
    }
}

static void build_rows(glp_prob *problem, const berth_glp_problem_data *data) {
    glp_add_rows(problem, data->row_count);
    for (int i = 1; i <= data->row_count; i++) {
        if (data->row_names != NULL) {
            glp_set_row_name(problem, i, data->row_names + data->row_name_offsets[i]);
        }
        glp_set_row_bnds(problem, i, data->row_types[i], data->row_lower[i], data->row_upper[i]);
    }
}

static void build_body(void *arguments) {
    build_call *call = arguments;
    const berth_glp_problem_data *data = call->data;
    glp_prob *problem = glp_create_prob();
    *call->problem = problem;

    glp_set_prob_name(problem, data->problem_name);
    glp_set_obj_name(problem, data->objective_name);
    glp_set_obj_dir(problem, data->direction);
    glp_set_obj_coef(problem, 0, data->objective_constant);
    // glp_add_cols and glp_add_rows treat a count of zero as a fatal error.
    if (data->column_count > 0) {
        build_columns(problem, data);
    }
    if (data->row_count > 0) {
        build_rows(problem, data);
    }
    glp_load_matrix(
        problem, data->entry_count, data->entry_rows, data->entry_columns, data->entry_values);
}

int berth_glp_guarded_build(const berth_glp_problem_data *data, glp_prob **problem) {
    build_call call = {data, problem};
    *problem = NULL;
    return run_guarded(build_body, &call);
}

typedef struct {
    glp_prob *problem;
    int flags;
} scale_call;

static void scale_body(void *arguments) {
    scale_call *call = arguments;
    glp_scale_prob(call->problem, call->flags);
}

int berth_glp_guarded_scale(glp_prob *problem, int flags) {
    scale_call call = {problem, flags};
    return run_guarded(scale_body, &call);
}

typedef struct {
    glp_prob *problem;
    const glp_smcp *parameters;
    int *result;
} simplex_call;

static void simplex_body(void *arguments) {
    simplex_call *call = arguments;
    *call->result = glp_simplex(call->problem, call->parameters);
}

int berth_glp_guarded_simplex(glp_prob *problem, const glp_smcp *parameters, int *result) {
    simplex_call call = {problem, parameters, result};
    return run_guarded(simplex_body, &call);
}

typedef struct {
    glp_prob *problem;
    const glp_iocp *parameters;
    int *result;
} intopt_call;

static void intopt_body(void *arguments) {
    intopt_call *call = arguments;
    *call->result = glp_intopt(call->problem, call->parameters);
}

int berth_glp_guarded_intopt(glp_prob *problem, const glp_iocp *parameters, int *result) {
    intopt_call call = {problem, parameters, result};
    return run_guarded(intopt_body, &call);
}

typedef struct {
    glp_prob *problem;
    const char *path;
    int *result;
} write_call;

static void write_lp_body(void *arguments) {
    write_call *call = arguments;
    *call->result = glp_write_lp(call->problem, NULL, call->path);
}

static void write_mps_body(void *arguments) {
    write_call *call = arguments;
    *call->result = glp_write_mps(call->problem, GLP_MPS_FILE, NULL, call->path);
}

int berth_glp_guarded_write_lp(glp_prob *problem, const char *path, int *result) {
    write_call call = {problem, path, result};
    return run_guarded(write_lp_body, &call);
}

int berth_glp_guarded_write_mps(glp_prob *problem, const char *path, int *result) {
    write_call call = {problem, path, result};
    return run_guarded(write_mps_body, &call);
}

void berth_glp_release(glp_prob *problem) {
    if (problem != NULL) {
        glp_delete_prob(problem);
    }
    glp_free_env();
}

static void provoke_body(void *arguments) {
    (void)arguments;
    glp_prob *problem = glp_create_prob();
    glp_add_cols(problem, 1);
    // Column 0 does not exist, so GLPK raises a fatal error here and never returns.
    glp_set_col_bnds(problem, 0, GLP_LO, 0.0, 0.0);
    glp_delete_prob(problem);
}

int berth_glp_guarded_provoke_fatal_error(void) {
    return run_guarded(provoke_body, NULL);
}
