import HandbookModel

/// A feedback entry as written in a `feedback/*.yaml` file, with where its parts are written.
struct FeedbackSource: Sendable {
    /// The entry, its ``FeedbackEntry/location`` set to where it starts.
    var entry: FeedbackEntry
    /// Where the entry starts.
    var location: SourceLocation
    /// Every operation id the entry names, with where it is written.
    var operationLocations: [(id: String, location: SourceLocation)]
}
