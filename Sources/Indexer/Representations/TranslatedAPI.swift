import HandbookModel

/// One API after translation: its descriptor, operations (without fingerprints yet) and schema components.
struct TranslatedAPI: Sendable {
    /// The API descriptor.
    var descriptor: APIDescriptor
    /// Its operations, in spec order.
    var operations: [APIOperation]
    /// The schema components its operations reach.
    var components: [SchemaComponent]
}
