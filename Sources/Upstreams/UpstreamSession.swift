import HandbookModel
import Logging

/// One initialized MCP session with an upstream server over a channel: JSON-RPC requests matched to their answers
/// by id (so concurrent calls share the session safely), each with its own timeout, and every waiting request
/// failed at once when the channel ends.
actor UpstreamSession {
    /// The MCP protocol version this client asks for.
    static let protocolVersion = "2025-06-18"

    private let server: String
    private let channel: any UpstreamChannel
    private let onToolsChanged: @Sendable () -> Void
    private var pending: [Int64: CheckedContinuation<JSONValue, any Error>] = [:]
    private var nextID: Int64 = 1
    private var ended = false
    private var reader: Task<Void, Never>?

    /// A session over `channel`; `onToolsChanged` is called when the server says its tool list changed.
    init(server: String, channel: any UpstreamChannel, onToolsChanged: @escaping @Sendable () -> Void = {}) {
        self.server = server
        self.channel = channel
        self.onToolsChanged = onToolsChanged
    }

    /// Whether the channel is still open.
    var isOpen: Bool { !ended }

    /// Starts reading and performs the `initialize` handshake within `timeout`.
    func open(timeout: Duration) async throws(UpstreamError) {
        let channel = channel
        reader = Task { [weak self] in
            for await message in channel.incoming { await self?.receive(message) }
            await self?.end()
        }
        let result = try await request("initialize", parameters: .object([
            "protocolVersion": .string(Self.protocolVersion),
            "capabilities": .object([:]),
            "clientInfo": .object(["name": .string("hbc"), "version": .string(HBCVersion.current)]),
        ]), timeout: timeout)
        guard result["protocolVersion"]?.stringValue != nil else {
            throw .protocolViolation(server: server, reason: "its initialize answer has no protocolVersion")
        }
        try await channel.send(.object(["jsonrpc": .string("2.0"), "method": .string("notifications/initialized")]))
    }

    /// Every tool the server lists (following `nextCursor`), as the raw tool objects.
    func listTools(timeout: Duration) async throws(UpstreamError) -> [JSONValue] {
        var tools: [JSONValue] = []
        var cursor: String?
        for _ in 0..<100 {
            let parameters: JSONValue = cursor.map { .object(["cursor": .string($0)]) } ?? .object([:])
            let page = try await request("tools/list", parameters: parameters, timeout: timeout)
            guard let listed = page["tools"]?.arrayValue else {
                throw .protocolViolation(server: server, reason: "its tools/list answer has no tools array")
            }
            tools += listed
            guard let next = page["nextCursor"]?.stringValue, !next.isEmpty else { break }
            cursor = next
        }
        return tools
    }

    /// Calls tool `name` with `arguments`.
    func callTool(_ name: String, arguments: JSONObject, timeout: Duration) async throws(UpstreamError) -> UpstreamToolResult {
        let result = try await request("tools/call", parameters: .object([
            "name": .string(name), "arguments": .object(arguments),
        ]), timeout: timeout)
        guard let object = result.objectValue else {
            throw .protocolViolation(server: server, reason: "its tools/call answer is not an object")
        }
        return UpstreamToolResult(
            content: object["content"]?.arrayValue ?? [], structuredContent: object["structuredContent"],
            isError: object["isError"]?.boolValue ?? false)
    }

    /// Ends the session and its channel.
    func close() async {
        reader?.cancel()
        await channel.close()
        end()
    }

    /// Sends request `method` and waits for its answer at most `timeout`.
    func request(_ method: String, parameters: JSONValue, timeout: Duration) async throws(UpstreamError) -> JSONValue {
        guard !ended else { throw .disconnected(server: server) }
        let id = nextID
        nextID += 1
        let message: JSONValue = .object([
            "jsonrpc": .string("2.0"), "id": .int(id), "method": .string(method), "params": parameters,
        ])
        let server = server
        let channel = channel
        let timer = Task { [weak self] in
            // A cancelled sleep of this clock releases its timer at once (Task.sleep's stays queued for `timeout`).
            guard (try? await PromptlyCancelledClock().sleep(for: timeout)) != nil else { return }
            await self?.expire(id, after: timeout)
        }
        defer { timer.cancel() }
        do {
            return try await withCheckedThrowingContinuation { continuation in
                pending[id] = continuation
                Task { [weak self] in
                    do {
                        try await channel.send(message)
                    } catch {
                        await self?.resolve(id, with: .failure(error as? UpstreamError ?? .disconnected(server: server)))
                    }
                }
            }
        } catch let error as UpstreamError {
            throw error
        } catch {
            throw .unreachable(server: server, reason: "\(error)")
        }
    }

    private func expire(_ id: Int64, after timeout: Duration) async {
        guard pending[id] != nil else { return }
        let seconds = timeout.seconds
        resolve(id, with: .failure(.timedOut(server: server, seconds: seconds)))
        try? await channel.send(.object([
            "jsonrpc": .string("2.0"), "method": .string("notifications/cancelled"),
            "params": .object(["requestId": .int(id), "reason": .string("timed out")]),
        ]))
    }

    private func resolve(_ id: Int64, with result: Result<JSONValue, UpstreamError>) {
        guard let continuation = pending.removeValue(forKey: id) else { return }
        continuation.resume(with: result.mapError { $0 as any Error })
    }

    private func receive(_ message: JSONValue) async {
        let id = message["id"]
        if let method = message["method"]?.stringValue {
            if let id {
                // A request from the server (ping, or something this client does not offer).
                let answer: JSONObject = method == "ping"
                    ? ["jsonrpc": .string("2.0"), "id": id, "result": .object([:])]
                    : ["jsonrpc": .string("2.0"), "id": id,
                       "error": .object(["code": .int(-32601), "message": .string("hbc does not offer \(method)")])]
                try? await channel.send(.object(answer))
            } else if method == "notifications/tools/list_changed" {
                onToolsChanged()
            }
            return
        }
        guard let number = id.flatMap(Self.integer) else { return }
        if let error = message["error"] {
            resolve(number, with: .failure(.remote(
                server: server, code: Int(error["code"].flatMap(Self.integer) ?? 0),
                message: error["message"]?.stringValue ?? "no message")))
        } else {
            resolve(number, with: .success(message["result"] ?? .null))
        }
    }

    private func end() {
        guard !ended else { return }
        ended = true
        for id in pending.keys.sorted() { resolve(id, with: .failure(.disconnected(server: server))) }
    }

    private static func integer(_ value: JSONValue) -> Int64? {
        switch value {
        case .int(let number): number
        case .double(let number) where number.rounded() == number: Int64(number)
        case .string(let text): Int64(text)
        default: nil
        }
    }
}

/// What one `tools/call` answered.
public struct UpstreamToolResult: Sendable, Hashable {
    /// The content blocks (`text`, `image`, `resource`, …) as the server sent them.
    public var content: [JSONValue]
    /// The structured result, when the server gives one.
    public var structuredContent: JSONValue?
    /// Whether the tool reports a failure.
    public var isError: Bool

    /// A result.
    public init(content: [JSONValue], structuredContent: JSONValue?, isError: Bool) {
        self.content = content
        self.structuredContent = structuredContent
        self.isError = isError
    }

    /// The result as one JSON value: the structured content when there is one; else the text of a single text
    /// block (parsed when it is JSON); else the content blocks.
    public var value: JSONValue {
        if let structuredContent { return structuredContent }
        let texts = content.compactMap { block -> String? in
            block["type"]?.stringValue == "text" ? block["text"]?.stringValue : nil
        }
        if texts.count == content.count, texts.count == 1 {
            return (try? JSONValue.parse(texts[0])) ?? .string(texts[0])
        }
        if texts.count == content.count, !texts.isEmpty { return .array(texts.map(JSONValue.string)) }
        return .array(content)
    }
}
