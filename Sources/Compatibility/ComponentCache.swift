import HandbookModel

/// The schema comparator of each API pair, over components read once, shared by all operations compared between them.
struct ComponentCache {
    let old: BundleReader
    let new: BundleReader
    private var comparisons: [[String]: SchemaComparator] = [:]

    /// A cache between two opened bundles.
    init(old: BundleReader, new: BundleReader) {
        self.old = old
        self.new = new
    }

    /// The comparator between the components of `oldAPI` (old bundle) and `newAPI` (new bundle), made once.
    mutating func comparison(oldAPI: String, newAPI: String) throws -> SchemaComparator {
        if let known = comparisons[[oldAPI, newAPI]] { return known }
        let comparison = SchemaComparator(
            old: try old.schemaComponents(apiID: oldAPI), new: try new.schemaComponents(apiID: newAPI))
        comparisons[[oldAPI, newAPI]] = comparison
        return comparison
    }
}
