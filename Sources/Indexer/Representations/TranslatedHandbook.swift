import HandbookModel

/// The output of the translate stage: the compiled content (fingerprints not yet computed) and every cross-reference
/// that validation must check, with where it is written.
struct TranslatedHandbook: Sendable {
    /// The content.
    var handbook: CompiledHandbook
    /// Operation ids named by docs, guardrails and tests.
    var operationReferences: [NamedReference]
    /// Policy ids named by tests (`denied_by`).
    var policyReferences: [NamedReference]
    /// Where the bindings of handbook-authored plan templates are written, by template id.
    var planSources: [String: PlanSourceMap] = [:]
    /// Where the handbook is, to turn stored (root-relative) locations back into displayed ones.
    var root: HandbookRoot

    /// The location to print for a location stored in the bundle.
    func displayLocation(_ stored: SourceLocation?) -> SourceLocation? {
        guard var location = stored else { return nil }
        location.file = HandbookLoader.display(location.file, in: root)
        return location
    }
}

/// A name written somewhere that must resolve to something in the handbook.
struct NamedReference: Sendable {
    /// The name.
    var name: String
    /// Where it is written.
    var location: SourceLocation
    /// What refers to it, for messages (such as "doc front-matter").
    var context: String
}
