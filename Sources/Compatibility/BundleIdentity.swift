import HandbookModel

/// Which bundle a diff side is.
public struct BundleIdentity: Sendable, Hashable, Codable {
    /// The path it was opened from.
    public var path: String
    /// The handbook name.
    public var name: String
    /// The handbook version.
    public var version: String
    /// Its content hash.
    public var contentHash: String

    /// The identity of an opened bundle.
    public init(_ reader: BundleReader) {
        path = reader.path
        name = reader.metadata.handbook.name
        version = reader.metadata.handbook.version
        contentHash = reader.metadata.contentHash
    }
}
