/// Why a call was not sent: the caller has no connection to the group's API yet. The result carries the group and the
/// link to connect with.
public struct ConnectionRequired: Error, Sendable, Hashable, CustomStringConvertible {
    /// The group (API id) to connect.
    public var group: String
    /// The absolute, short-lived, signed link that starts the connect flow.
    public var connectURL: String

    public var description: String {
        "You have not connected '\(group)' yet, so the call was not sent. Open connect_url in a browser to connect "
            + "your account (the link works for 10 minutes), then repeat the call."
    }
}
