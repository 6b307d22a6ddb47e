// GNU libmicrohttpd for Swift. The library's header needs the socket types first.
//
// Two of the calls Berth needs are variadic, which Swift cannot call: MHD_start_daemon
// takes its options as a variadic list, and MHD_get_daemon_info takes a variadic tail.
// The small inline functions below give them fixed signatures.
#ifndef BERTH_CMICROHTTPD_SHIM_H
#define BERTH_CMICROHTTPD_SHIM_H

#include <sys/types.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <stdint.h>
#include <stdarg.h>
#include <microhttpd.h>

/// Starts a daemon listening on `address` (an IPv4 or IPv6 socket address whose port may be
/// 0 for any free port) with `threads` worker threads (0 or 1: one polling thread).
/// `key_pem` and `cert_pem` turn on TLS when both are non-NULL. NULL on failure.
static inline struct MHD_Daemon *berth_mhd_start(
    unsigned int flags, const struct sockaddr *address, unsigned int threads,
    unsigned int connection_limit, unsigned int connection_timeout,
    MHD_AccessHandlerCallback handler, void *handler_context,
    MHD_RequestCompletedCallback completed, void *completed_context,
    const char *key_pem, const char *cert_pem)
{
    uint16_t port = 0;
    if (address->sa_family == AF_INET) {
        port = ntohs(((const struct sockaddr_in *)address)->sin_port);
    } else if (address->sa_family == AF_INET6) {
        port = ntohs(((const struct sockaddr_in6 *)address)->sin6_port);
    }
    if (key_pem != NULL && cert_pem != NULL) {
        return MHD_start_daemon(
            flags | MHD_USE_TLS, port, NULL, NULL, handler, handler_context,
            MHD_OPTION_SOCK_ADDR, address,
            MHD_OPTION_THREAD_POOL_SIZE, threads,
            MHD_OPTION_CONNECTION_LIMIT, connection_limit,
            MHD_OPTION_CONNECTION_TIMEOUT, connection_timeout,
            MHD_OPTION_NOTIFY_COMPLETED, completed, completed_context,
            MHD_OPTION_HTTPS_MEM_KEY, key_pem,
            MHD_OPTION_HTTPS_MEM_CERT, cert_pem,
            MHD_OPTION_END);
    }
    return MHD_start_daemon(
        flags, port, NULL, NULL, handler, handler_context,
        MHD_OPTION_SOCK_ADDR, address,
        MHD_OPTION_THREAD_POOL_SIZE, threads,
        MHD_OPTION_CONNECTION_LIMIT, connection_limit,
        MHD_OPTION_CONNECTION_TIMEOUT, connection_timeout,
        MHD_OPTION_NOTIFY_COMPLETED, completed, completed_context,
        MHD_OPTION_END);
}

/// The port a running daemon listens on (useful after asking for port 0); 0 if unknown.
static inline uint16_t berth_mhd_bound_port(struct MHD_Daemon *daemon)
{
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(daemon, MHD_DAEMON_INFO_BIND_PORT);
    return info == NULL ? 0 : info->port;
}

#endif
