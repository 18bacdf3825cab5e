import Foundation
import HandbookModel

/// Reads the lines a jq child process writes (see `Sources/CJQ/shim.h`) within a deadline and output limits.
struct ChildOutputReader {
    /// How reading ended.
    enum Ending: Equatable {
        /// The child wrote its end line.
        case finished
        /// The pipe closed before the end line (the child died).
        case closed
        /// The deadline passed.
        case timedOut
        /// The outputs passed a limit (named).
        case tooLarge(String)
    }

    let limits: ShapeLimits
    private(set) var outputs: [JSONValue] = []
    private(set) var compileErrors: [JQCompileError] = []
    private(set) var runtimeError: String?
    private var pending: [UInt8] = []
    /// How much of `pending` is known to hold no line break (so a long line is searched once, not per read).
    private var scanned = 0
    private var outputBytes = 0

    init(limits: ShapeLimits) {
        self.limits = limits
    }

    mutating func read(from fd: Int32, until deadline: ContinuousClock.Instant, clock: ContinuousClock) -> Ending {
        var buffer = [UInt8](repeating: 0, count: 64 << 10)
        while true {
            let remaining = deadline - clock.now
            guard remaining > .zero else { return .timedOut }
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let milliseconds = Int32(min(remaining.milliseconds.rounded(.up), 1000))
            let ready = poll(&poller, 1, max(1, milliseconds))
            if ready < 0 {
                if errno == EINTR { continue }
                return .closed
            }
            if ready == 0 { continue }
            let count = buffer.withUnsafeMutableBytes { Foundation.read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                return .closed
            }
            if count == 0 { return .closed }
            pending += buffer[0..<count]
            if let ending = consumeLines() { return ending }
        }
    }

    /// Handles every complete line; an ending when the end line came or a limit passed.
    private mutating func consumeLines() -> Ending? {
        var start = 0
        defer {
            pending.removeFirst(start)
            scanned = pending.count
        }
        while let newline = pending[max(start, scanned)...].firstIndex(of: 0x0A) {
            let tag = pending[start]
            let text = pending[(start + 1)..<newline]
            start = newline + 1
            switch tag {
            case UInt8(ascii: "O"):
                outputBytes += text.count
                if outputBytes > limits.maximumOutputBytes { return .tooLarge("\(limits.maximumOutputBytes) bytes") }
                if outputs.count >= limits.maximumOutputs { return .tooLarge("\(limits.maximumOutputs) outputs") }
                guard let value = try? JSONValue.parse(Array(text)) else {
                    runtimeError = "an output is not valid JSON (a number jq cannot represent?)"
                    continue
                }
                outputs.append(value)
            case UInt8(ascii: "E"):
                runtimeError = runtimeError ?? String(decoding: text, as: UTF8.self)
            case UInt8(ascii: "C"):
                let message = String(decoding: text, as: UTF8.self)
                // jq ends with a count ("jq: 1 compile error"), which says nothing more.
                if message.range(of: #"^jq: [0-9]+ compile error"#, options: .regularExpression) != nil { continue }
                compileErrors.append(JQCompileError(message: Self.trimmed(message), line: Self.line(in: message)))
            case UInt8(ascii: "D"):
                return .finished
            default:
                continue
            }
        }
        if pending.count - start > limits.maximumOutputBytes { return .tooLarge("\(limits.maximumOutputBytes) bytes") }
        return nil
    }

    /// jq's message without its `jq: error: ` prefix and the program text it quotes after `line N:`.
    private static func trimmed(_ message: String) -> String {
        var text = message
        if text.hasPrefix("jq: error: ") { text.removeFirst("jq: error: ".count) }
        if let range = text.range(of: #", line [0-9]+:"#, options: .regularExpression) {
            text = String(text[..<range.upperBound].dropLast())
        }
        return text.trimmingCharacters(in: .whitespaces)
    }

    /// The program line a jq message names (`…, line 3:`).
    private static func line(in message: String) -> Int? {
        guard let range = message.range(of: #"line [0-9]+:"#, options: .regularExpression) else { return nil }
        return Int(message[range].dropFirst("line ".count).dropLast())
    }
}
