import ArgumentParser

/// `hbc serve --http`'s shutdown option: how long SIGTERM or SIGINT waits for tool calls in flight.
struct ShutdownOptions: ParsableArguments {
    @Option(
        help: """
            With --http, seconds SIGTERM/SIGINT waits for tool calls in flight (new sessions are refused and /readyz \
            answers 503 meanwhile) before the server closes its sessions and exits 0. Keep it below the orchestrator's \
            kill timeout (Kubernetes: terminationGracePeriodSeconds).
            """)
    var shutdownGrace = 25.0

    func validate() throws {
        if !(shutdownGrace >= 0 && shutdownGrace <= 3600) {
            throw ValidationError("--shutdown-grace must be between 0 and 3600 seconds")
        }
    }

    /// The grace as a duration.
    var grace: Duration { .milliseconds(Int64(shutdownGrace * 1000)) }
}
