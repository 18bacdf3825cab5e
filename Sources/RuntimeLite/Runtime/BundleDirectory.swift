import HandbookModel
import Synchronization

/// Who is who in one bundle, read once on first use: its APIs, each operation's API and tags, the operations each
/// doc section is about and the sections about each operation. Visibility checks, tool groups and `describe` look
/// ids up here instead of reading and decoding an operation's whole contract (kilobytes of schemas), every API or
/// every doc section per call.
final class BundleDirectory: Sendable {
    /// A doc section as a reference: its id and title.
    struct SectionReference: Sendable {
        var id: String
        var title: String
    }

    private struct Entries: Sendable {
        var apis: [APIDescriptor]
        var operations: [String: (apiID: String, tags: [String])]
        /// Operation ids by API id, ordered by id.
        var operationsOfAPI: [String: [String]]
        var sectionOperations: [String: [String]]
        /// In the bundle's order of sections (by page and position).
        var sectionsAbout: [String: [SectionReference]]
    }

    private let reader: BundleReader
    private let entries = Mutex<Entries?>(nil)

    /// The directory of `reader`'s bundle (read when first asked).
    init(reader: BundleReader) {
        self.reader = reader
    }

    /// The API and tags of operation `id` (`nil` when the bundle has no such operation).
    func operation(_ id: String) -> (apiID: String, tags: [String])? {
        loaded().operations[id]
    }

    /// The bundle's APIs.
    var apis: [APIDescriptor] {
        loaded().apis
    }

    /// The ids of API `id`'s operations, ordered by id.
    func operations(ofAPI id: String) -> [String] {
        loaded().operationsOfAPI[id] ?? []
    }

    /// The operations doc section `id` is about (`nil` when the bundle has no such section).
    func operations(ofSection id: String) -> [String]? {
        loaded().sectionOperations[id]
    }

    /// The doc sections about operation `id`, by page and position.
    func sections(about id: String) -> [SectionReference] {
        loaded().sectionsAbout[id] ?? []
    }

    private func loaded() -> Entries {
        if let entries = entries.withLock({ $0 }) { return entries }
        let summaries = (try? reader.operationSummaries()) ?? []
        let operations = summaries.map { ($0.id, (apiID: $0.apiID, tags: $0.tags)) }
        let sections = (try? reader.docSections()) ?? []
        var sectionsAbout: [String: [SectionReference]] = [:]
        for section in sections {
            for operation in Set(section.operations) {
                sectionsAbout[operation, default: []].append(SectionReference(id: section.id, title: section.title))
            }
        }
        let read = Entries(
            apis: (try? reader.apis()) ?? [],
            operations: Dictionary(operations, uniquingKeysWith: { first, _ in first }),
            operationsOfAPI: Dictionary(grouping: summaries, by: \.apiID).mapValues { $0.map(\.id) },
            sectionOperations: Dictionary(
                sections.map { ($0.id, $0.operations) }, uniquingKeysWith: { first, _ in first }),
            sectionsAbout: sectionsAbout)
        entries.withLock { $0 = read }
        return read
    }
}
