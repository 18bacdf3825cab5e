/// The rows each bundle table holds for a compiled handbook, in primary-key order.
enum BundleRows {
    /// Meta rows without the content hash, sorted by key.
    static func meta(_ handbook: CompiledHandbook, compilerVersion: String) -> [[SQLiteValue]] {
        typealias Key = BundleFormat.MetaKey
        return [
            [.text(Key.compilerVersion), .text(compilerVersion)],
            [.text(Key.formatVersion), .text(BundleFormat.version.description)],
            [.text(Key.guardrailsReadOnly), .text(handbook.guardrails.readOnly ? "true" : "false")],
            [.text(Key.handbook), .text(ModelCoding.canonicalText(handbook.metadata))],
            [.text(Key.embedder), handbook.search.embedder.map { .text(ModelCoding.canonicalText($0)) } ?? .text("none")],
        ].sorted { ($0[0].text ?? "") < ($1[0].text ?? "") }
    }

    /// Rows of a content table (not `meta`) for an already normalized handbook, its upstream servers and its feedback
    /// entries (numbered in the order given).
    static func rows(
        of table: String, in handbook: CompiledHandbook, upstreams: [UpstreamServerSnapshot],
        feedback: [FeedbackRow] = []
    ) -> [[SQLiteValue]] {
        switch table {
        case "feedback":
            return feedback.enumerated().map { ordinal, row in
                [
                    .integer(Int64(ordinal)), .text(row.entry.request), .text(ModelCoding.canonicalText(row.entry)),
                    row.vector.map(SQLiteValue.blob) ?? .null,
                ]
            }
        case "upstream_servers":
            return upstreams.map { [.text($0.name), .text($0.config.group), .text(ModelCoding.canonicalText($0.config))] }
        case "upstream_tools":
            return upstreams.flatMap(\.tools).map { tool in
                [.text(tool.server), .text(tool.name), .text(tool.fingerprint), .text(ModelCoding.canonicalText(tool))]
            }
        case "apis":
            return handbook.apis.map { [.text($0.id), .text(ModelCoding.canonicalText($0))] }
        case "operations":
            return handbook.operations.map { operation in
                [
                    .text(operation.id), .text(operation.apiID), .text(operation.method), .text(operation.path),
                    operation.summary.map(SQLiteValue.text) ?? .null,
                    .text(ModelCoding.canonicalText(operation.tags)), .text(operation.fingerprint),
                    .text(ModelCoding.canonicalText(operation)),
                ]
            }
        case "schemas":
            return handbook.schemas.map { [.text($0.apiID), .text($0.name), .text($0.schema.serialized)] }
        case "doc_sections":
            return handbook.docSections.sorted { $0.id < $1.id }.map { section in
                [
                    .text(section.id), .text(section.file), .integer(Int64(section.ordinal)), .text(section.title),
                    .text(ModelCoding.canonicalText(section)),
                ]
            }
        case "policies":
            return handbook.guardrails.policies.enumerated().map { ordinal, policy in
                [.integer(Int64(ordinal)), .text(policy.id), .text(ModelCoding.canonicalText(policy))]
            }
        case "tests":
            return handbook.tests.map { [.text($0.id), .text($0.suite), .text(ModelCoding.canonicalText($0))] }
        case "sources":
            return handbook.sources.map { [.text($0.path), .text($0.kind.rawValue), .text($0.sha256)] }
        case "plan_templates":
            return handbook.planTemplates.map { template in
                [.text(template.id), .text(ModelCoding.canonicalText(template.operations)),
                 .text(ModelCoding.canonicalText(template))]
            }
        case "shapes":
            return handbook.shapes.map { [.text($0.operation), .text($0.name), .text(ModelCoding.canonicalText($0))] }
        case "search_documents":
            return handbook.search.documents.enumerated().map { ordinal, document in
                [
                    .integer(Int64(ordinal)), .text(document.id), .text(document.kind.rawValue), .text(document.target),
                    document.apiID.map(SQLiteValue.text) ?? .null, document.method.map(SQLiteValue.text) ?? .null,
                    document.path.map(SQLiteValue.text) ?? .null, .text(ModelCoding.canonicalText(document.tags)),
                    .text(ModelCoding.canonicalText(document.related)),
                    .text(document.title), .text(document.text),
                ]
            }
        case "search_vectors":
            return handbook.search.vectors.enumerated().map { ordinal, vector in [.integer(Int64(ordinal)), .blob(vector)] }
        default:
            return []
        }
    }
}
