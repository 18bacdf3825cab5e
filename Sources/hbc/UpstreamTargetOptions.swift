import ArgumentParser

/// `--env` and `--base-url`: where the calls of a bundle's operations go, declared once for the commands that call
/// APIs and shared with `@OptionGroup`.
struct UpstreamTargetOptions: ParsableArguments {
    @Option(help: "The environment whose base URLs to call (default: the only one, else staging).")
    var env: String?

    @Option(help: "Call this base URL instead of the environment's (e.g. a local server or a mock).")
    var baseURL: String?

    func validate() throws {
        if let baseURL, !(baseURL.hasPrefix("http://") || baseURL.hasPrefix("https://")) {
            throw ValidationError("--base-url must be an http(s) URL")
        }
    }
}
