import ArgumentParser
import RuntimeLite

/// Where and how the calls of a bundle's operations go — `--env`, `--base-url` or `--mock`, and
/// `--request-timeout` — declared once for the commands that call APIs (`hbc test`, `hbc run`, `hbc chat`) and
/// shared with `@OptionGroup`. (`hbc serve` has its own, fuller set of upstream limits.)
struct UpstreamTargetOptions: ParsableArguments {
    @Option(help: "The environment whose base URLs to call (default: the only one, else staging).")
    var env: String?

    @Option(help: "Call this base URL instead of the environment's (e.g. a local server or a mock).")
    var baseURL: String?

    @Flag(help: "Call an in-process mock of the bundle's APIs instead of a real one (no credentials are read or sent).")
    var mock = false

    @Option(help: "Seconds for each API call.")
    var requestTimeout = 30.0

    func validate() throws {
        if let baseURL, !(baseURL.hasPrefix("http://") || baseURL.hasPrefix("https://")) {
            throw ValidationError("--base-url must be an http(s) URL")
        }
        if mock, baseURL != nil { throw ValidationError("--mock and --base-url exclude each other") }
        if !(requestTimeout > 0) { throw ValidationError("--request-timeout must be positive") }
    }

    /// The limits of the calls: `--request-timeout` for each, and no retries (the command reports what happened).
    var settings: UpstreamSettings {
        UpstreamSettings(requestTimeout: .milliseconds(Int64(requestTimeout * 1000)), maximumRetries: 0)
    }
}
