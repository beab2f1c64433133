/* SPDX-License-Identifier: Apache-2.0 */
/*
 * bench_server.c - the loopback HTTP server of compare-run.sh: listens on
 * 127.0.0.1 (the port given, or an ephemeral one), answers every POST with
 * 200 {"success": true} (Content-Type: application/json), which is what
 * each of the three steps of the WhatsApp "register phone number" workflow
 * expects, and any other method with 405. It counts the POSTs it answered.
 *
 * Protocol with the script, on stdout (one line each, flushed):
 *
 *   PORT                        first line: the port it listens on
 *   requests N other M          on SIGUSR1, and once more at exit
 *
 * SIGTERM or SIGINT stops it (exit status 0). libmicrohttpd serves the
 * connections from its internal polling thread (keep-alive supported); the
 * main thread only waits for signals.
 */
#include <microhttpd.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

static const char answer_body[] = "{\"success\": true}";

/* What the request handler shares with main. */
typedef struct server {
    struct MHD_Response *ok;  /* 200 {"success": true}, reused */
    struct MHD_Response *bad; /* 405 for other methods, reused */
    atomic_ulong posts, others;
} server;

/*
 * Answers one request once its body has been read (the body is dropped):
 * the first call of a request only marks it, the following ones consume
 * the uploaded data, the last one (no data left) queues the answer.
 */
static enum MHD_Result answer(void *cls, struct MHD_Connection *conn, const char *url,
                              const char *method, const char *version, const char *upload_data,
                              size_t *upload_data_size, void **req_cls)
{
    static int started;
    server *s = cls;
    (void)url;
    (void)version;
    (void)upload_data;
    if (*req_cls == NULL) {
        *req_cls = &started;
        return MHD_YES;
    }
    if (*upload_data_size > 0) {
        *upload_data_size = 0;
        return MHD_YES;
    }
    if (strcmp(method, MHD_HTTP_METHOD_POST) == 0) {
        atomic_fetch_add(&s->posts, 1);
        return MHD_queue_response(conn, MHD_HTTP_OK, s->ok);
    }
    atomic_fetch_add(&s->others, 1);
    return MHD_queue_response(conn, MHD_HTTP_METHOD_NOT_ALLOWED, s->bad);
}

/* Prints the request counters on one line. */
static void print_counts(server *s)
{
    printf("requests %lu other %lu\n", atomic_load(&s->posts), atomic_load(&s->others));
    fflush(stdout);
}

/* Parses the port argument (0: ephemeral); exits with status 2 when bad. */
static unsigned short parse_port(int argc, char **argv)
{
    if (argc < 2)
        return 0;
    char *end;
    long port = strtol(argv[1], &end, 10);
    if (argc > 2 || *end || port < 0 || port > 65535) {
        fprintf(stderr, "usage: bench_server [PORT]   (0 or none: an ephemeral port)\n");
        exit(2);
    }
    return (unsigned short)port;
}

/* Starts the server, prints its port, serves until SIGTERM or SIGINT. */
int main(int argc, char **argv)
{
    server s = {0};
    struct MHD_Daemon *daemon = NULL;
    struct sockaddr_in addr;
    sigset_t set;
    int status = 1, sig;

    memset(&addr, 0, sizeof addr);
    addr.sin_family = AF_INET;
    addr.sin_port = htons(parse_port(argc, argv));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);

    /* Block the signals before the daemon's thread starts, so that it
     * inherits the mask and only sigwait below sees them. */
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGUSR1);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    signal(SIGPIPE, SIG_IGN);

    s.ok = MHD_create_response_from_buffer(sizeof answer_body - 1, (void *)answer_body,
                                           MHD_RESPMEM_PERSISTENT);
    s.bad = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
    if (!s.ok || !s.bad ||
        MHD_add_response_header(s.ok, MHD_HTTP_HEADER_CONTENT_TYPE, "application/json") !=
            MHD_YES ||
        MHD_add_response_header(s.bad, MHD_HTTP_HEADER_ALLOW, "POST") != MHD_YES) {
        fprintf(stderr, "bench_server: out of memory\n");
        goto out;
    }
    daemon = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO | MHD_USE_ERROR_LOG, 0,
                              NULL, NULL, answer, &s, MHD_OPTION_SOCK_ADDR, &addr,
                              MHD_OPTION_CONNECTION_TIMEOUT, 30u, MHD_OPTION_END);
    if (!daemon) {
        fprintf(stderr, "bench_server: cannot listen on 127.0.0.1:%u\n", ntohs(addr.sin_port));
        goto out;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(daemon, MHD_DAEMON_INFO_BIND_PORT);
    if (!info || info->port == 0) {
        fprintf(stderr, "bench_server: cannot tell the port it listens on\n");
        goto out;
    }
    printf("%u\n", (unsigned)info->port);
    fflush(stdout);

    while (sigwait(&set, &sig) == 0 && sig == SIGUSR1)
        print_counts(&s);
    status = 0;
out:
    if (daemon)
        MHD_stop_daemon(daemon);
    if (status == 0)
        print_counts(&s);
    if (s.ok)
        MHD_destroy_response(s.ok);
    if (s.bad)
        MHD_destroy_response(s.bad);
    return status;
}
