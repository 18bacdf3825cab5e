import Foundation
import HandbookModel

/// What replicas sharing a state database know of a Streamable HTTP session, so any of them can continue it: its id,
/// who started it (tenant, user, how they authenticated) on which tenant path, and the `initialize` parameters its
/// client sent (protocol version, capabilities, client info). No credential and no message content is kept.
public struct SessionRecord: Sendable, Hashable {
    /// The `Mcp-Session-Id`.
    public var id: String
    /// The tenant of the caller who started it.
    public var tenant: String
    /// The user who started it.
    public var user: String
    /// How they authenticated (``HandbookModel/Caller/Authentication``'s raw value).
    public var authentication: String
    /// The tenant path it was started on (`nil`: the plain endpoint).
    public var tenantPath: String?
    /// The `params` of the client's `initialize` request, as JSON.
    public var initializeParameters: String
    /// The protocol version the client asked for.
    public var protocolVersion: String
    /// When it was started.
    public var createdAt: Date
    /// When a replica last served it (updated at most every ``SharedSessions/touchInterval``).
    public var lastSeen: Date

    /// A record of a session `caller` starts now on `tenantPath` with `initializeParameters`.
    public init(
        id: String, caller: Caller, tenantPath: String?, initializeParameters: JSONValue, at now: Date = Date()
    ) {
        self.init(
            id: id, tenant: caller.tenant, user: caller.user, authentication: caller.authentication.rawValue,
            tenantPath: tenantPath, initializeParameters: initializeParameters.serialized,
            protocolVersion: initializeParameters["protocolVersion"]?.stringValue ?? "", createdAt: now, lastSeen: now)
    }

    /// A record with every field given (as a store reads it).
    public init(
        id: String, tenant: String, user: String, authentication: String, tenantPath: String?,
        initializeParameters: String, protocolVersion: String, createdAt: Date, lastSeen: Date
    ) {
        self.id = id
        self.tenant = tenant
        self.user = user
        self.authentication = authentication
        self.tenantPath = tenantPath
        self.initializeParameters = initializeParameters
        self.protocolVersion = protocolVersion
        self.createdAt = createdAt
        self.lastSeen = lastSeen
    }

    /// Whether a request by `caller` on `tenantPath` may continue the session: the same tenant, user and kind of
    /// authentication, on the same path (as a replica's own sessions admit requests).
    public func admits(_ caller: Caller, tenantPath: String?) -> Bool {
        caller.tenant == tenant && caller.user == user && caller.authentication.rawValue == authentication
            && tenantPath == self.tenantPath
    }
}
