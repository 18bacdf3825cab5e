import Foundation
import Logging
import Synchronization

/// A swift-log handler writing one JSON object per line (time, level, message, metadata) to standard error or a
/// file, never to standard output (which carries the MCP stdio protocol).
public struct JSONLogHandler: LogHandler {
    /// Where log lines go.
    public final class Sink: Sendable {
        private let handle: Mutex<FileHandle>

        /// Standard error.
        public static let standardError = Sink(handle: .standardError)

        /// Appends to the file at `path`, creating it when needed.
        public static func file(_ path: String) throws -> Sink {
            if !FileManager.default.fileExists(atPath: path) {
                _ = FileManager.default.createFile(atPath: path, contents: nil)
            }
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
            try handle.seekToEnd()
            return Sink(handle: handle)
        }

        private init(handle: FileHandle) {
            self.handle = Mutex(handle)
        }

        func write(_ line: String) {
            handle.withLock { $0.write(Data((line + "\n").utf8)) }
        }
    }

    private let label: String
    private let sink: Sink
    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]

    /// A handler for `label` writing to `sink`.
    public init(label: String, sink: Sink) {
        self.label = label
        self.sink = sink
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// UTC with milliseconds (`2026-12-02T21:49:20.258Z`). One value for every line: the format style is a plain value,
    /// where `ISO8601DateFormatter.string(from:…)` builds a formatter per call (≈0.5 ms, a tool call's whole budget).
    private static let timeFormat = Date.ISO8601FormatStyle(includingFractionalSeconds: true)

    public func log(event: LogEvent) {
        var object: [String: Any] = [
            "time": Self.timeFormat.format(Date()),
            "level": event.level.rawValue,
            "logger": label,
            "message": event.message.description,
        ]
        for (key, value) in metadata.merging(event.metadata ?? [:], uniquingKeysWith: { $1 }) {
            object[key] = Self.plain(value)
        }
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        else { return }
        sink.write(String(decoding: data, as: UTF8.self))
    }

    private static func plain(_ value: Logger.Metadata.Value) -> Any {
        switch value {
        case .string(let text): text
        case .stringConvertible(let convertible):
            Double(convertible.description).map { $0 as Any } ?? convertible.description
        case .array(let elements): elements.map(plain)
        case .dictionary(let dictionary): dictionary.mapValues(plain)
        }
    }
}
