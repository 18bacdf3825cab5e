import HandbookModel

extension Visibility {
    /// Whether the caller may see and call operation or tool `id` of `runtime`'s handbook; `true` for an id the
    /// handbook does not have, so it is answered as unknown the usual way.
    func admits(operationID id: String, in runtime: HandbookRuntime) -> Bool {
        if showsEverything { return true }
        return target(of: id, in: runtime).map(admits) ?? true
    }

    /// Whether the caller may see every step of a plan.
    func admits(operations ids: [String], in runtime: HandbookRuntime) -> Bool {
        showsEverything || ids.allSatisfy { admits(operationID: $0, in: runtime) }
    }

    /// Whether the caller may see a search document of `runtime`'s handbook: an operation or tool by its rules, a doc
    /// section as its resource is (by every operation it is about), a plan by every operation it calls.
    func admits(_ document: SearchDocument, in runtime: HandbookRuntime) -> Bool {
        if showsEverything { return true }
        switch document.kind {
        case .operation: return admits(operationID: document.target, in: runtime)
        case .doc:
            guard let operations = runtime.directory.operations(ofSection: document.target) else { return false }
            return admits(sectionAbout: operations, in: runtime)
        case .plan: return admits(operations: document.related, in: runtime)
        }
    }

    /// Whether the caller may see a doc section of `runtime`'s handbook: every operation it is about, or for a section
    /// about none, the handbook.
    func admits(_ section: DocSection, in runtime: HandbookRuntime) -> Bool {
        admits(sectionAbout: section.operations, in: runtime)
    }

    /// Whether the caller may see a doc section about `operations` of `runtime`'s handbook.
    private func admits(sectionAbout operations: [String], in runtime: HandbookRuntime) -> Bool {
        if showsEverything { return true }
        guard operations.isEmpty else { return admits(operations: operations, in: runtime) }
        return admits(VisibilityTarget(handbook: runtime.reader.metadata.handbook.name, group: nil, id: nil))
    }

    /// The target for operation or tool `id` (`nil` when the handbook has none with that id).
    func target(of id: String, in runtime: HandbookRuntime) -> VisibilityTarget? {
        let handbook = runtime.reader.metadata.handbook.name
        if let tool = runtime.upstreams.tool(id: id) {
            let group = runtime.upstreams.servers.first { $0.name == tool.server }?.config.group ?? tool.server
            return VisibilityTarget(handbook: handbook, group: group, id: id, tags: tool.operation.tags)
        }
        guard let operation = runtime.directory.operation(id) else { return nil }
        return VisibilityTarget(handbook: handbook, group: operation.apiID, id: id, tags: operation.tags)
    }
}
