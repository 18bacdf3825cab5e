import HandbookModel

/// One entry of the manifest's `mcpServers` block: the server's configuration and where it is written.
struct UpstreamDeclaration: Sendable {
    /// The configuration, `${VAR}` references unresolved.
    var config: UpstreamServerConfig
    /// Where the entry is written (the key of the server).
    var location: SourceLocation
}
