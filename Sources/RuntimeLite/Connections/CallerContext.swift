import HandbookModel

/// The caller a tool call is being answered for, set by ``HandbookServer`` around each call, so the runner can pick
/// the caller's own upstream token (``ConnectionService``) without every layer between them passing it along.
enum CallerContext {
    /// The current call's caller (``HandbookModel/Caller/local`` outside any call).
    @TaskLocal static var current: Caller = .local
}
