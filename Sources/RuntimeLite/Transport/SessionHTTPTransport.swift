import Foundation
import HandbookModel
import Logging
import MCP

/// The server side of one Streamable HTTP session (MCP 2025-03-26 and later): POST requests answered on their own
/// SSE stream, one standalone GET stream for server-initiated messages, DELETE to end the session.
///
/// Unlike the SDK's `StatefulHTTPServerTransport`, which keeps every message it ever sent for `Last-Event-ID`
/// replay (memory that grows with each response for as long as the session lives), this one keeps only the most
/// recent events in a ``ReplayBuffer`` bounded by count and bytes. Open streams get an SSE comment every
/// `keepAliveInterval`, so a stream whose client went away fails its next write and is closed (its socket does not
/// linger in CLOSE-WAIT); a new GET stream replaces the session's old one at once. Lists the server declared
/// constant are answered from ``ConstantAnswers`` once one session got them, and requests `directResult` answers
/// (tool calls that never ask the client anything) skip the MCP SDK's server.
actor SessionHTTPTransport: Transport, HTTPContextProviding {
    nonisolated let logger: Logger

    private let sessionID: String
    private let requestSpans: MCPRequestSpans  // telemetry of requests the SDK answers (docs/telemetry.md)
    private let validationPipeline: any HTTPRequestValidationPipeline
    private let keepAliveInterval: Duration
    private var initialized = false
    private var terminated = false

    private let incoming: AsyncThrowingStream<Data, any Error>
    private let incomingContinuation: AsyncThrowingStream<Data, any Error>.Continuation

    /// Open SSE streams by stream id: a JSON-RPC request id, or ``standaloneStreamID`` for the GET stream.
    private var streams: [String: OpenStream] = [:]
    private var requestContexts: [String: MCP.HTTPRequest] = [:]
    private var replay: ReplayBuffer
    private var lastActivity = ContinuousClock.now
    private let constantAnswers: ConstantAnswers
    /// The list methods this session's server declared constant, known once its `initialize` answer went out.
    private var constantMethods: Set<String> = []
    private var initializeRequestID: String?
    /// Requests for constant lists waiting for the server's answer, by request id: their method.
    private var listRequests: [String: String] = [:]
    /// The serialized result of a request answered without the server, or `nil` to hand it to the server (no
    /// function: every request goes to the server).
    private let directResult: (@Sendable (JSONValue) async -> [UInt8]?)?
    /// Whether the server answered `initialize` (requests are answered directly only after that).
    private var serverInitialized = false

    private static let standaloneStreamID = "_GET_stream"

    private struct OpenStream {
        let continuation: AsyncThrowingStream<Data, any Error>.Continuation
        let token: UUID
        let keepAlive: Task<Void, Never>
    }

    /// A transport for the session `sessionID`, validating requests with `validationPipeline`.
    init(
        sessionID: String, validationPipeline: any HTTPRequestValidationPipeline, replay: ReplayBuffer,
        keepAliveInterval: Duration, constantAnswers: ConstantAnswers = ConstantAnswers(),
        directResult: (@Sendable (JSONValue) async -> [UInt8]?)? = nil, logger: Logger
    ) {
        self.sessionID = sessionID
        requestSpans = MCPRequestSpans(sessionID: sessionID)
        self.directResult = directResult
        self.constantAnswers = constantAnswers
        self.validationPipeline = validationPipeline
        self.replay = replay
        self.keepAliveInterval = keepAliveInterval
        self.logger = logger
        (incoming, incomingContinuation) = AsyncThrowingStream<Data, any Error>.makeStream()
    }

    deinit {
        // Every way a session ends terminates it first, which gives up what it kept; this is the safety net for a
        // transport released without that, so the sessions' shared count never keeps bytes nobody holds.
        replay.removeAll()
    }

    // MARK: Transport

    func connect() async throws {}

    func disconnect() async { terminate() }

    func receive() -> AsyncThrowingStream<Data, any Error> { incoming }

    /// Routes a server message: a response to its request's stream (which it ends), anything else to the GET stream.
    func send(_ data: Data) async throws {
        guard !terminated else { throw MCPError.connectionClosed }
        guard let message = try? JSONValue.parse(Array(data)), let kind = MessageKind(message) else { return }
        switch kind {
        case .response(let id):
            noteAnswer(message, to: id)
            requestSpans.answered(message)
            deliver(data, on: id)
            if let stream = streams.removeValue(forKey: id) { close(stream) }
            requestContexts[id] = nil
        case .request, .notification:
            deliver(data, on: Self.standaloneStreamID)
        }
    }

    func httpRequestContext(for id: ID) -> MCP.HTTPRequest? { requestContexts[id.description] }

    // MARK: State for the session table

    /// When the session last received a request or had a stream open.
    func idleSince() -> ContinuousClock.Instant { streams.isEmpty ? lastActivity : .now }

    // MARK: HTTP

    /// Answers one HTTP request of this session.
    func handle(_ request: MCP.HTTPRequest) -> MCP.HTTPResponse {
        lastActivity = .now
        guard !terminated else {
            return .error(statusCode: 404, .invalidRequest("Not Found: Session has been terminated"), sessionID: sessionID)
        }
        switch request.method.uppercased() {
        case "POST": return handlePost(request)
        case "GET": return handleGet(request)
        case "DELETE":
            if let refusal = validate(request, method: "DELETE", initializing: false) { return refusal }
            terminate()
            return .ok(headers: [HTTPHeaderName.sessionID: sessionID])
        default:
            return .error(statusCode: 405, .invalidRequest("Method Not Allowed"), sessionID: sessionID,
                          extraHeaders: [HTTPHeaderName.allow: "GET, POST, DELETE"])
        }
    }

    /// Routes a POST: the body is parsed once, and its parsed message serves routing, the protocol version and the
    /// shortcuts alike.
    private func handlePost(_ request: MCP.HTTPRequest) -> MCP.HTTPResponse {
        guard let body = request.body, !body.isEmpty, let message = try? JSONValue.parse(Array(body)),
              let kind = MessageKind(message)
        else {
            return .error(statusCode: 400, .parseError("Invalid JSON-RPC message"), sessionID: sessionID)
        }
        let initializing = kind.isInitialize
        if let refusal = validate(request, method: "POST", initializing: initializing) { return refusal }
        if initializing {
            guard !initialized else {
                return .error(statusCode: 400, .invalidRequest("Bad Request: Session already initialized"),
                              sessionID: sessionID)
            }
            initialized = true
        }
        guard case .request(let id, let method) = kind else {
            incomingContinuation.yield(body)
            return .accepted(headers: [HTTPHeaderName.sessionID: sessionID])
        }
        let protocolVersion = Self.protocolVersion(of: message, request: request)
        if initializing { initializeRequestID = id }
        if constantMethods.contains(method), ConstantAnswers.asksForWholeList(message), let messageID = message["id"] {
            if let result = constantAnswers.result(for: method) {
                return answer(ConstantAnswers.response(id: messageID, result: result), to: id,
                              protocolVersion: protocolVersion)
            }
            listRequests[id] = method
        }
        requestContexts[id] = request
        let stream = open(id, protocolVersion: protocolVersion)
        if let directResult, serverInitialized, !initializing, let messageID = message["id"] {
            Task { await self.answerDirectly(message, id: id, messageID: messageID, body: body, using: directResult) }
        } else {
            requestSpans.received(message)
            incomingContinuation.yield(body)
        }
        return .stream(stream, headers: streamHeaders)
    }

    /// Answers a request with `directResult` when it can, else hands it to the server.
    private func answerDirectly(
        _ message: JSONValue, id: String, messageID: JSONValue, body: Data,
        using directResult: @Sendable (JSONValue) async -> [UInt8]?
    ) async {
        guard let result = await directResult(message) else {
            incomingContinuation.yield(body)
            return
        }
        requestContexts[id] = nil
        guard !terminated else { return }
        deliver(ConstantAnswers.response(id: messageID, result: result), on: id)
        if let stream = streams.removeValue(forKey: id) { close(stream) }
    }

    /// Answers the request `id` with `response` at once, on its own stream, without the server.
    private func answer(_ response: Data, to id: String, protocolVersion: String) -> MCP.HTTPResponse {
        let stream = open(id, protocolVersion: protocolVersion)
        deliver(response, on: id)
        if let open = streams.removeValue(forKey: id) { close(open) }
        return .stream(stream, headers: streamHeaders)
    }

    /// Learns from the server's answers: which lists its `initialize` answer declares constant, and the first answer
    /// to each constant list request.
    private func noteAnswer(_ message: JSONValue, to id: String) {
        if id == initializeRequestID {
            initializeRequestID = nil
            serverInitialized = true
            if let result = message["result"] {
                constantMethods = ConstantAnswers.constantMethods(declaredBy: result)
            }
        } else if let method = listRequests.removeValue(forKey: id), let result = message["result"] {
            constantAnswers.keep(result.serializedData(sortKeys: false), for: method)
        }
    }

    private func handleGet(_ request: MCP.HTTPRequest) -> MCP.HTTPResponse {
        if let refusal = validate(request, method: "GET", initializing: false) { return refusal }
        let protocolVersion = request.header(HTTPHeaderName.protocolVersion) ?? Version.latest
        if let lastEventID = request.header(HTTPHeaderName.lastEventID) {
            guard let missed = replay.events(after: lastEventID) else {
                return .error(statusCode: 400, .invalidRequest("Invalid or expired Last-Event-ID"), sessionID: sessionID)
            }
            if let old = streams.removeValue(forKey: missed.streamID) { close(old) }
            let stream = open(missed.streamID, protocolVersion: protocolVersion, replaying: missed.events)
            return .stream(stream, headers: streamHeaders)
        }
        // A client opening the GET stream again has lost the old one (its connection may not have noticed yet).
        if let old = streams.removeValue(forKey: Self.standaloneStreamID) { close(old) }
        return .stream(open(Self.standaloneStreamID, protocolVersion: protocolVersion), headers: streamHeaders)
    }

    private func validate(_ request: MCP.HTTPRequest, method: String, initializing: Bool) -> MCP.HTTPResponse? {
        validationPipeline.validate(request, context: HTTPValidationContext(
            httpMethod: method, sessionID: initialized || !initializing ? sessionID : nil,
            isInitializationRequest: initializing, supportedProtocolVersions: Version.supported))
    }

    private var streamHeaders: [String: String] {
        [
            HTTPHeaderName.sessionID: sessionID, HTTPHeaderName.contentType: "text/event-stream",
            HTTPHeaderName.cacheControl: "no-cache, no-transform", HTTPHeaderName.connection: "keep-alive",
        ]
    }

    // MARK: Streams

    /// Opens the SSE stream `streamID`: a priming event (for clients that can resume), the `replaying` events, and
    /// keep-alive comments until it ends.
    private func open(
        _ streamID: String, protocolVersion: String, replaying events: [ReplayBuffer.Event] = []
    ) -> AsyncThrowingStream<Data, any Error> {
        let (stream, continuation) = AsyncThrowingStream<Data, any Error>.makeStream()
        let token = UUID()
        let interval = keepAliveInterval
        // Every request's answer is a stream, so the keep-alive's sleep must release its timer when the stream ends
        // (a cancelled Task.sleep stays queued for the whole interval, one per call).
        let keepAlive = Task {
            let clock = PromptlyCancelledClock()
            while !Task.isCancelled {
                try? await clock.sleep(for: interval)
                if Task.isCancelled { break }
                continuation.yield(Data(": keep-alive\n\n".utf8))
            }
        }
        continuation.onTermination = { _ in
            keepAlive.cancel()
            Task { await self.streamEnded(streamID, token: token) }
        }
        streams[streamID] = OpenStream(continuation: continuation, token: token, keepAlive: keepAlive)
        // Priming events with empty data are only safe for clients of 2025-03-26 and later.
        if protocolVersion >= "2025-03-26" {
            continuation.yield(SSEFrame.event(id: replay.record(streamID: streamID, message: nil), data: nil))
        }
        for event in events { continuation.yield(SSEFrame.event(id: event.id, data: event.message)) }
        return stream
    }

    private func deliver(_ data: Data, on streamID: String) {
        let eventID = replay.record(streamID: streamID, message: data)
        streams[streamID]?.continuation.yield(SSEFrame.event(id: eventID, data: data))
    }

    /// A stream ended from the reading side (the client went away): forget it, so a new GET stream may open.
    private func streamEnded(_ streamID: String, token: UUID) {
        guard let stream = streams[streamID], stream.token == token else { return }
        streams[streamID] = nil
        lastActivity = .now
    }

    private func close(_ stream: OpenStream) {
        stream.keepAlive.cancel()
        stream.continuation.finish()
    }

    private func terminate() {
        guard !terminated else { return }
        terminated = true
        for stream in streams.values { close(stream) }
        streams.removeAll()
        requestContexts.removeAll()
        replay.removeAll()
        incomingContinuation.finish()
    }

    private static func protocolVersion(of message: JSONValue, request: MCP.HTTPRequest) -> String {
        if message["method"]?.stringValue == "initialize", let version = message["params"]?["protocolVersion"]?.stringValue {
            return version
        }
        return request.header(HTTPHeaderName.protocolVersion) ?? Version.latest
    }
}
