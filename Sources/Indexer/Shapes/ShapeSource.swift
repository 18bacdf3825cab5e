import HandbookModel

/// A response shape as written in a `shapes/*.yaml` file, with where its parts are written.
struct ShapeSource: Sendable {
    /// The shape.
    var shape: ResponseShape
    /// Where the entry starts.
    var location: SourceLocation
    /// Where the operation id is written.
    var operationLocation: SourceLocation
    /// Where the output schema is written.
    var outputLocation: SourceLocation?
    /// The file line and column of the program's line `n` (1-based).
    var programLine: @Sendable (Int) -> SourceLocation
}
