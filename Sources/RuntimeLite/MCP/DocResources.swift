import Foundation
import HandbookModel
import MCP

/// Documentation sections as MCP resources: `handbook://docs/<page>#<anchor>`, markdown.
enum DocResources {
    static let scheme = "handbook://docs/"

    /// The resource URI of a doc section id (`docs/customers.md#updating` → `handbook://docs/docs/customers.md#updating`).
    static func uri(for sectionID: String) -> String { scheme + sectionID }

    /// The section id of a resource URI, when it is one of ours.
    static func sectionID(from uri: String) -> String? {
        uri.hasPrefix(scheme) ? String(uri.dropFirst(scheme.count)) : nil
    }

    /// Every section `admits` lets the caller see, as a resource.
    static func list(_ reader: BundleReader, admits: (DocSection) -> Bool) throws -> [Resource] {
        try reader.docSections().filter(admits).map { section in
            Resource(
                name: section.id,
                uri: uri(for: section.id),
                title: section.title == section.pageTitle ? section.title : "\(section.pageTitle) › \(section.title)",
                description: section.operations.isEmpty ? nil : "About: \(section.operations.joined(separator: ", "))",
                mimeType: "text/markdown")
        }
    }

    /// The contents of one section, or `nil` when the URI names none the caller may see (`admits`): a hidden section
    /// is answered like a missing one.
    static func read(_ reader: BundleReader, uri: String, admits: (DocSection) -> Bool) throws -> Resource.Content? {
        guard let id = sectionID(from: uri), let section = try reader.docSection(id: id), admits(section) else {
            return nil
        }
        return .text(section.text, uri: uri, mimeType: "text/markdown")
    }
}
