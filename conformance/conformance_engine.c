/* SPDX-License-Identifier: Apache-2.0 */
/*
 * conformance_engine.c - running another engine on a case: the command
 * template's placeholders expanded (each value single-quoted for the
 * shell), the command run with /bin/sh -c in a process group of its own,
 * its standard output and error captured in a file, the group killed when
 * the timeout passes. The placeholders are listed in conformance/README.md.
 */
#define _DEFAULT_SOURCE /* mkdtemp, kill on a process group */
#include "conformance_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

/* Largest part of the engine's output kept. */
#define MAX_OUTPUT ((size_t)64 * 1024)

/* Appends `s` single-quoted for the shell. */
static void add_quoted(az_buf *b, const char *s)
{
    az_buf_puts(b, "'");
    for (; *s; s++) {
        if (*s == '\'')
            az_buf_puts(b, "'\\''");
        else
            az_buf_add(b, s, 1);
    }
    az_buf_puts(b, "'");
}

/* An input's value as text: a string as is, anything else as JSON. */
static const char *input_text(json_object *v)
{
    if (json_object_is_type(v, json_type_string))
        return json_object_get_string(v);
    return v ? json_object_to_json_string_ext(v, JSON_C_TO_STRING_PLAIN |
                                                     JSON_C_TO_STRING_NOSLASHESCAPE)
             : "null";
}

/* The URL of a source sent to the mock, or NULL. */
static const char *server_of(const az__case_servers *servers, const char *name)
{
    for (size_t i = 0; i < servers->n; i++)
        if (strcmp(servers->list[i].source, name) == 0)
            return servers->list[i].url;
    return NULL;
}

/* Appends "OPT 'NAME=VALUE'" for each pair, separated by spaces. */
static void add_pair(az_buf *b, const char *opt, const char *name, const char *value, bool *first)
{
    size_t n = strlen(name) + strlen(value) + 2;
    char *pair = malloc(n);
    if (!pair) {
        b->failed = true;
        return;
    }
    snprintf(pair, n, "%s=%s", name, value);
    if (!*first)
        az_buf_puts(b, " ");
    *first = false;
    az_buf_puts(b, opt);
    az_buf_puts(b, " ");
    add_quoted(b, pair);
    free(pair);
}

/*
 * Expands the template into a command (new string), or NULL with *error
 * set for an unknown placeholder or when out of memory.
 */
static char *expand(const az_case *c, const char *tmpl, const char *workflow,
                    const char *inputs_file, const az__case_servers *servers, char **error)
{
    az_buf b = {0};
    for (const char *p = tmpl; *p;) {
        if (p[0] == '{' && p[1] == '{') {
            az_buf_puts(&b, "{");
            p += 2;
            continue;
        }
        const char *close = p[0] == '{' ? strchr(p, '}') : NULL;
        if (!close) {
            az_buf_add(&b, p, 1);
            p++;
            continue;
        }
        size_t n = (size_t)(close - p - 1);
        char *name = strndup(p + 1, n);
        if (!name)
            break;
        char *arg = strchr(name, ':');
        if (arg)
            *arg++ = '\0';
        bool first = true;
        if (strcmp(name, "document") == 0 && !arg) {
            add_quoted(&b, c->document);
        } else if (strcmp(name, "case") == 0 && !arg) {
            add_quoted(&b, c->dir);
        } else if (strcmp(name, "workflow") == 0 && !arg) {
            add_quoted(&b, workflow ? workflow : "");
        } else if (strcmp(name, "inputs_json") == 0 && !arg) {
            add_quoted(&b, inputs_file);
        } else if (strcmp(name, "inputs_text") == 0 && !arg) {
            add_quoted(&b, c->inputs ? json_object_to_json_string_ext(
                                           c->inputs,
                                           JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE)
                                     : "{}");
        } else if (strcmp(name, "input") == 0 && arg) {
            json_object *v = NULL;
            add_quoted(&b, json_object_object_get_ex(c->inputs, arg, &v) ? input_text(v) : "");
        } else if (strcmp(name, "server") == 0 && arg) {
            const char *url = server_of(servers, arg);
            add_quoted(&b, url ? url : "");
        } else if (strcmp(name, "inputs_args") == 0 && arg) {
            if (c->inputs) {
                json_object_object_foreach(c->inputs, key, value)
                {
                    add_pair(&b, arg, key, input_text(value), &first);
                }
            }
        } else if (strcmp(name, "servers_args") == 0 && arg) {
            for (size_t i = 0; i < servers->n; i++)
                add_pair(&b, arg, servers->list[i].source, servers->list[i].url, &first);
        } else {
            char msg[256];
            snprintf(msg, sizeof(msg), "unknown placeholder {%.*s} in the engine template", (int)n,
                     p + 1);
            *error = strdup(msg);
            free(name);
            free(az_buf_take(&b));
            return NULL;
        }
        free(name);
        p = close + 1;
    }
    char *out = az_buf_take(&b);
    if (!out)
        *error = strdup("out of memory");
    return out;
}

/* Writes the case's inputs as JSON to `path`; false on failure. */
static bool write_inputs(const az_case *c, const char *path)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return false;
    fputs(c->inputs ? json_object_to_json_string_ext(c->inputs, JSON_C_TO_STRING_PLAIN |
                                                                    JSON_C_TO_STRING_NOSLASHESCAPE)
                    : "{}",
          f);
    fputc('\n', f);
    return fclose(f) == 0;
}

/* Reads up to MAX_OUTPUT bytes of a file (new string; NULL on failure). */
static char *read_output(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return NULL;
    char *s = malloc(MAX_OUTPUT + 1);
    size_t n = s ? fread(s, 1, MAX_OUTPUT, f) : 0;
    fclose(f);
    if (s)
        s[n] = '\0';
    return s;
}

/* Sleeps `ms` milliseconds. */
static void sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

/* Runs an external engine on a case (see conformance_internal.h). */
az_status az__case_run_engine(const az_case *c, const char *tmpl, const char *workflow,
                              const az__case_servers *servers, double timeout_s, int *exit,
                              char **output, char **error)
{
    char dir[] = "/tmp/arazzo-case-XXXXXX", inputs[64], out_path[64];
    char *cmd = NULL;
    az_status st = AZ_ERR_IO;
    bool spawned_attr = false, spawned_actions = false;
    posix_spawnattr_t attr;
    posix_spawn_file_actions_t actions;
    *exit = -1;
    *output = NULL;
    *error = NULL;
    if (!mkdtemp(dir)) {
        *error = strdup("cannot make a temporary folder");
        return AZ_ERR_IO;
    }
    snprintf(inputs, sizeof(inputs), "%s/inputs.json", dir);
    snprintf(out_path, sizeof(out_path), "%s/output.txt", dir);
    if (!write_inputs(c, inputs)) {
        *error = strdup("cannot write the inputs file");
        goto out;
    }
    if (!(cmd = expand(c, tmpl, workflow, inputs, servers, error))) {
        st = AZ_ERR_INVALID;
        goto out;
    }
    char *argv[] = {"/bin/sh", "-c", cmd, NULL};
    if (posix_spawnattr_init(&attr) != 0 || posix_spawn_file_actions_init(&actions) != 0)
        goto out;
    spawned_attr = spawned_actions = true;
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
    posix_spawnattr_setpgroup(&attr, 0);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 1, out_path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    posix_spawn_file_actions_adddup2(&actions, 1, 2);
    pid_t pid;
    int rc = posix_spawn(&pid, "/bin/sh", &actions, &attr, argv, environ);
    if (rc != 0) {
        char msg[256];
        snprintf(msg, sizeof(msg), "cannot run /bin/sh: %s", strerror(rc));
        *error = strdup(msg);
        goto out;
    }
    int status = 0;
    long waited = 0, limit = (long)(timeout_s * 1000.0);
    pid_t done;
    while ((done = waitpid(pid, &status, WNOHANG)) == 0 && waited < limit) {
        sleep_ms(10);
        waited += 10;
    }
    if (done == 0) {
        kill(-pid, SIGKILL);
        waitpid(pid, &status, 0);
        char msg[128];
        snprintf(msg, sizeof(msg), "the engine timed out after %g s", timeout_s);
        *error = strdup(msg);
        st = AZ_ERR_LIMIT;
    } else {
        kill(-pid, SIGKILL); /* what it left running */
        st = AZ_OK;
    }
    *exit = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    *output = read_output(out_path);
out:
    if (spawned_attr)
        posix_spawnattr_destroy(&attr);
    if (spawned_actions)
        posix_spawn_file_actions_destroy(&actions);
    unlink(inputs);
    unlink(out_path);
    rmdir(dir);
    free(cmd);
    return st;
}
