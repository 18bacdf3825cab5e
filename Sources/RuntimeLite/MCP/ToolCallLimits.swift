/// Limits on what one tool call may return and how long it may wait for a person.
public struct ToolCallLimits: Sendable, Hashable {
    /// Largest tool result (its structured content, serialized), in bytes; larger results are cut as valid JSON and
    /// say what was left out. The text rendering is kept to a quarter of this.
    public var maximumResultBytes: Int
    /// How long a call waits for the answer to a confirmation request before it is refused unsent.
    public var confirmationTimeout: Duration

    /// Limits; defaults: 256 KiB results (well under the 1 MiB a message of the official MCP clients may have),
    /// 120 s to confirm.
    public init(maximumResultBytes: Int = 256 << 10, confirmationTimeout: Duration = .seconds(120)) {
        self.maximumResultBytes = maximumResultBytes
        self.confirmationTimeout = confirmationTimeout
    }
}
