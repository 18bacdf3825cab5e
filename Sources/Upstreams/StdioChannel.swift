import Foundation
import HandbookModel
import Logging
import Synchronization

/// An MCP server run as a subprocess, speaking newline-delimited JSON-RPC on its standard input and output. Its
/// standard error goes to the log (debug level, with the values of its configured environment and arguments
/// masked). When the process exits, ``incoming`` finishes.
///
/// Like the MCP reference clients, the subprocess gets only a few variables of this process's environment
/// (``inheritedVariables``) and the ones its configuration sets, so the secrets hbc holds for its APIs are not
/// handed to every upstream server.
///
/// `Process` is not `Sendable`; it is only started in `init` and afterwards asked `isRunning`, its id and to
/// terminate, which Foundation allows from any thread. Writes go through one serial queue of their own, so a server
/// that stops reading blocks that queue, never a thread of Swift's cooperative pool.
final class StdioChannel: UpstreamChannel, @unchecked Sendable {
    let incoming: AsyncStream<JSONValue>
    private let process: Process
    private let input: FileHandle
    private let writes = DispatchQueue(label: "hbc.upstream.stdio.writes")
    private let server: String

    /// How long after the process exits its output may still be read.
    static let exitGrace: DispatchTimeInterval = .milliseconds(500)

    /// Largest line (one JSON-RPC message) read from the server.
    static let maximumLineBytes = 16 << 20

    /// The variables of this process's environment a server inherits.
    static let inheritedVariables = ["HOME", "LANG", "LC_ALL", "LOGNAME", "PATH", "SHELL", "TERM", "TMPDIR", "TZ", "USER"]

    /// Starts `command` with `arguments`, the server's `environment` over this process's, in `workingDirectory`.
    init(
        server: String, command: String, arguments: [String], environment: [String: String],
        workingDirectory: String?, logger: Logger
    ) throws(UpstreamError) {
        Self.ignoreBrokenPipes
        self.server = server
        let own = ProcessInfo.processInfo.environment
        var merged = Dictionary(uniqueKeysWithValues: Self.inheritedVariables.compactMap { name in own[name].map { (name, $0) } })
        merged.merge(environment) { _, configured in configured }
        let confidential = ValueQuoting(secrets: Array(environment.values) + arguments)
        guard let executable = Self.executable(command, path: merged["PATH"] ?? "/usr/bin:/bin", directory: workingDirectory)
        else {
            throw .unreachable(server: server, reason: "command '\(command)' is not an executable file or on PATH")
        }
        process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = merged
        if let workingDirectory { process.currentDirectoryURL = URL(fileURLWithPath: workingDirectory) }
        let standardInput = Pipe()
        let standardOutput = Pipe()
        let standardError = Pipe()
        process.standardInput = standardInput
        process.standardOutput = standardOutput
        process.standardError = standardError
        input = standardInput.fileHandleForWriting
        let (stream, continuation) = AsyncStream.makeStream(of: JSONValue.self)
        incoming = stream
        let lines = LineBuffer(limit: Self.maximumLineBytes)
        standardOutput.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            guard !data.isEmpty else {
                handle.readabilityHandler = nil
                continuation.finish()
                return
            }
            for line in lines.append(data) {
                if let message = try? JSONValue.parse(line) {
                    continuation.yield(message)
                } else {
                    logger.debug("upstream wrote a line that is not JSON", metadata: ["server": .string(server)])
                }
            }
        }
        let errors = LineBuffer(limit: 64 << 10)
        standardError.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            guard !data.isEmpty else {
                handle.readabilityHandler = nil
                return
            }
            for line in errors.append(data) {
                let text = confidential.mask(
                    String(decoding: line.prefix(500), as: UTF8.self), truncated: line.count > 500)
                logger.debug("upstream stderr", metadata: ["server": .string(server), "line": .string(text)])
            }
        }
        process.terminationHandler = { process in
            logger.info("upstream process exited", metadata: [
                "server": .string(server), "status": .stringConvertible(process.terminationStatus),
            ])
            // What it wrote before exiting may still be in the pipe: the end of its output finishes the stream; a
            // child that left its output open (a grandchild holding it) finishes it after a short grace.
            DispatchQueue.global().asyncAfter(deadline: .now() + Self.exitGrace) { continuation.finish() }
        }
        do {
            try process.run()
        } catch {
            throw .unreachable(server: server, reason: "'\(command)' cannot be started (\(error.localizedDescription))")
        }
    }

    func send(_ message: JSONValue) async throws(UpstreamError) {
        let line = Data(message.serializedData(sortKeys: false) + [0x0A])
        let (process, input) = (process, input)
        let failed = await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
            writes.async {
                guard process.isRunning else { return continuation.resume(returning: true) }
                do {
                    try input.write(contentsOf: line)
                    continuation.resume(returning: false)
                } catch {
                    continuation.resume(returning: true)
                }
            }
        }
        if failed { throw .disconnected(server: server) }
    }

    func close() async {
        let input = input
        writes.async { try? input.close() }
        guard process.isRunning else { return }
        process.terminate()
        let process = process
        Task.detached {
            try? await Task.sleep(for: .seconds(2))
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        }
    }

    /// A write to a server that exited must fail with `EPIPE`, not end this process with `SIGPIPE`.
    private static let ignoreBrokenPipes: Void = {
        signal(SIGPIPE, SIG_IGN)
    }()

    /// The executable `command` names: a path (relative to `directory` when given), or a name looked up on `path`.
    static func executable(_ command: String, path: String, directory: String?) -> String? {
        if command.contains("/") {
            var resolved = command
            if !command.hasPrefix("/"), let directory {
                resolved = URL(fileURLWithPath: directory).appendingPathComponent(command).path
            }
            return FileManager.default.isExecutableFile(atPath: resolved) ? resolved : nil
        }
        for folder in path.split(separator: ":") {
            let candidate = "\(folder)/\(command)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}

/// Splits a byte stream into newline-terminated lines; a line longer than the limit is dropped.
final class LineBuffer: Sendable {
    private let pending = Mutex([UInt8]())
    private let limit: Int

    init(limit: Int) {
        self.limit = limit
    }

    /// The complete lines `data` finishes (without their newline), in order.
    func append(_ data: Data) -> [[UInt8]] {
        pending.withLock { buffer in
            buffer.append(contentsOf: data)
            var lines: [[UInt8]] = []
            var start = 0
            while let end = buffer[start...].firstIndex(of: 0x0A) {
                let line = buffer[start..<end]
                if !line.isEmpty { lines.append(Array(line)) }
                start = end + 1
            }
            buffer.removeFirst(start)
            if buffer.count > limit { buffer.removeAll() }
            return lines
        }
    }
}
