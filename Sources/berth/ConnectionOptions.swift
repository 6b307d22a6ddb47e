import CycleCloudAPI
import Foundation

/// The options that say how to reach CycleCloud, shared by every command that calls it.
///
/// The password is never an option (command lines are visible to other users): it comes
/// from `CYCLECLOUD_PASSWORD` or the autoscale config file.
enum ConnectionOptions {
    /// Options that take a value.
    static let valueOptions: Set<String> = [
        "--url", "--username", "--cluster", "--autoscale-config", "--ca-file", "--timeout",
    ]

    /// Help text for these options.
    static let help = """
        Connection (each falls back to the environment, then to --autoscale-config):
          --url URL                 CycleCloud web server (CYCLECLOUD_URL)
          --username NAME           user name (CYCLECLOUD_USERNAME)
                                    the password only ever comes from CYCLECLOUD_PASSWORD
                                    or the autoscale config file
          --cluster NAME            cluster name (CYCLECLOUD_CLUSTER)
          --autoscale-config FILE   JSON with url, username, password, cluster_name, as
                                    installed by CycleCloud's scheduler integrations
                                    (e.g. /opt/cycle/slurm/autoscale.json)
          --ca-file PEM             also trust this CA (see docs/cyclecloud-client-and-emulator.md
                                    for what Linux allows)
          --insecure-skip-tls-verify  no certificate verification (warns; not on Linux)
          --allow-insecure-http     allow http:// to a non-loopback address
          --timeout SECONDS         per-request timeout (default 30)
        """

    /// The options that take a value, for commands whose own `--timeout` means something
    /// else: the per-request timeout is then `--request-timeout`.
    static let valueOptionsWithRequestTimeout = valueOptions.subtracting(["--timeout"])
        .union(["--request-timeout"])

    /// Help text for those commands.
    static let helpWithRequestTimeout = help.replacingOccurrences(
        of: "--timeout SECONDS         per-request", with: "--request-timeout SECONDS per-request")

    /// Reads the connection options, resolves the connection, prints its warnings and
    /// makes a client with the standard retry policy that logs with `--verbose`.
    /// `timeoutOption` names the per-request timeout option.
    static func client(_ arguments: inout Arguments, timeoutOption: String = "--timeout") throws
        -> CycleCloudClient
    {
        let settings = CycleCloudConnectionSettings(
            url: arguments.value("--url"), username: arguments.value("--username"),
            clusterName: arguments.value("--cluster"),
            autoscaleConfigPath: arguments.value("--autoscale-config"),
            certificateAuthorityPath: arguments.value("--ca-file"),
            skipTLSVerification: arguments.flag("--insecure-skip-tls-verify"),
            allowInsecureHTTP: arguments.flag("--allow-insecure-http"),
            requestTimeout: try arguments.number(timeoutOption, in: 0.1...3600) ?? 30)
        let connection = try CycleCloudConnection.resolve(settings)
        for warning in connection.warnings {
            Console.warning(warning)
        }
        return try CycleCloudClient(
            connection: connection, observer: { event in Console.detail("\(event)") })
    }
}

extension CycleCloudClientError: ClassifiedError {
    /// 69 when CycleCloud cannot be reached or refuses the credentials, 75 for failures
    /// that may pass, 64 for unusable settings, 65 for answers that cannot be read.
    var exitCode: ExitCode {
        switch category {
        case .configuration: return .usage
        case .unavailable: return .unavailable
        case .temporary: return .temporaryFailure
        case .rejected: return .failure
        case .invalidResponse: return .dataError
        }
    }
}
