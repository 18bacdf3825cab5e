import ArgumentParser
import Foundation
import HandbookModel

/// Writing to the terminal: results to standard output, diagnostics and progress to standard error.
enum Terminal {
    /// Writes a line to standard error.
    static func error(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    /// Whether standard error is an interactive terminal (progress is shown only then).
    static var isInteractive: Bool { isatty(STDERR_FILENO) == 1 }

    /// Writes a line to standard output at once (for progress that must appear while work goes on).
    static func output(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }

    /// Runs a server, turning a failure to listen (port taken, address not local) into a message with a next step
    /// and exit status 1.
    static func listening(host: String, port: Int, _ serve: () async throws -> Void) async throws {
        do {
            try await serve()
        } catch is CancellationError {
            return
        } catch {
            Terminal.error("error: cannot serve on \(host):\(port): \(error)")
            Terminal.error("hint: choose another port with --port/--http (port 0 picks a free one)")
            throw ExitCode(1)
        }
    }

    /// Prints diagnostics to standard error, one per line.
    static func report(_ diagnostics: [Diagnostic]) {
        for diagnostic in diagnostics { error(CommandHints.adding(to: diagnostic).description) }
    }

    /// Prints a JSON value to standard output on one line.
    static func printJSON(_ value: JSONValue) {
        print(value.serialized)
    }

    /// A duration in seconds with millisecond precision, such as `0.123 s`.
    static func seconds(_ duration: Duration) -> String {
        String(format: "%.3f s", duration.seconds)
    }
}
