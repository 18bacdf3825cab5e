import HandbookModel

/// A file read from disk: its bytes, digest and the paths to report it under.
struct SourceFile: Sendable {
    /// The path relative to the handbook root, as stored in the bundle.
    let relativePath: String
    /// The path to print in diagnostics (relative to the working directory when the user gave one).
    let displayPath: String
    /// The absolute path.
    let absolutePath: String
    /// The contents.
    let bytes: [UInt8]
    /// Lower-case hex SHA-256 of the contents.
    let sha256: String

    init(relativePath: String, displayPath: String, absolutePath: String, bytes: [UInt8]) {
        self.relativePath = relativePath
        self.displayPath = displayPath
        self.absolutePath = absolutePath
        self.bytes = bytes
        self.sha256 = Digest.sha256Hex(bytes)
    }

    /// A location in this file.
    func location(_ node: SourceNode) -> SourceLocation { node.location(in: displayPath) }

    /// The start of this file (line 1, column 1), for problems that concern the whole file.
    var start: SourceLocation { SourceLocation(file: displayPath, line: 1, column: 1) }
}
