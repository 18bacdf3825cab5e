import HandbookModel
import Retrieval

/// The tools of a server serving several handbooks (``HandbookSet``): `search`, `describe`, `plan` and `groups`
/// answer across the handbooks the caller sees, with ids shown short unless several handbooks have them; `execute`
/// and `run` are routed to the one handbook their ids (or, for `run`, the request) name, and answered there.
struct HandbookSetTools: Sendable {
    let handbooks: HandbookSet
    /// What the caller sees.
    let visibility: Visibility

    /// Where an `execute` or `run` call goes.
    enum Route {
        /// To member `index`, with arguments whose ids are that handbook's own.
        case member(Int, JSONObject)
        /// Nowhere: no handbook the caller sees has the operation; answered like an unknown operation.
        case unknownOperation(String)
    }

    /// A composed plan whose steps name operations of different handbooks.
    struct StepsAcrossHandbooks: Error, CustomStringConvertible {
        var steps: [String]
        var description: String {
            "the steps of one plan must call operations of one handbook, but " + steps.joined(separator: ", ")
                + " are in different handbooks; run them as separate calls"
        }
    }

    private func discovery(_ index: Int) -> DiscoveryTools {
        DiscoveryTools(runtime: handbooks.members[index].runtime, visibility: visibility)
    }

    /// The groups the caller sees something of, each handbook followed by its API and upstream groups: the member,
    /// the group within it (`nil`: the handbook itself) and the id agents use.
    private func visibleGroups() -> [(index: Int, local: String?, id: String)] {
        var groups: [(index: Int, local: String?, id: String)] = []
        for (index, member) in handbooks.members.enumerated() {
            let own = ToolGroups(member.runtime, visibility: visibility).groups
            guard !own.isEmpty || visibility.showsEverything else { continue }
            groups.append((index, nil, member.name))
            groups += own.map { (index, $0.id, handbooks.publicGroup($0.id, in: index)) }
        }
        return groups
    }

    /// The members (and groups within them) a call's optional `group` restricts it to; every member without one.
    private func scope(_ group: String?) throws -> [(index: Int, local: String?)] {
        guard let group else { return handbooks.members.indices.map { ($0, nil) } }
        let known = visibleGroups()
        let (index, local) = try handbooks.resolveGroup(group, known: known.map(\.id))
        guard known.contains(where: { $0.index == index && $0.local == local }) else {
            throw ToolGroups.UnknownGroup(id: group, known: known.map(\.id))
        }
        return [(index, local)]
    }

    /// The `search` tool across handbooks, merged by ``SearchFusion``.
    func search(_ arguments: JSONObject) throws -> JSONValue {
        let query = arguments["query"]?.stringValue ?? ""
        let options = DiscoveryTools.searchOptions(arguments)
        var lists = [[(score: Double, similarity: Double?, item: SearchHit)]](
            repeating: [], count: handbooks.members.count)
        var total = 0
        for (index, local) in try scope(arguments["group"]?.stringValue) {
            var own = options
            own.offset = 0
            own.limit = options.offset + options.limit
            if let local {
                own = try ToolGroups(handbooks.members[index].runtime, visibility: visibility).restrict(own, to: local)
            }
            let (hits, count) = try discovery(index).visibleHits(query, options: own)
            lists[index] = hits.map { ($0.score, $0.similarity, $0) }
            total += count
        }
        let detail = DiscoveryTools.detail(arguments)
        let page = SearchFusion.merge(lists).dropFirst(options.offset).prefix(options.limit)
        return DiscoveryTools.page(
            page.map { ranked in
                var object = discovery(ranked.handbook).render(ranked.item, detail: detail).objectValue ?? JSONObject()
                if ranked.item.document.kind == .operation, let id = object["id"]?.stringValue {
                    object["id"] = .string(handbooks.publicID(id, in: ranked.handbook, visibility: visibility))
                }
                object["handbook"] = .string(handbooks.members[ranked.handbook].name)
                return .object(object)
            }, offset: options.offset, total: total)
    }

    /// The `describe` tool across handbooks: each id resolved to its handbook; an ambiguous one is listed under
    /// `ambiguous` with the qualified choices.
    func describe(_ arguments: JSONObject) async throws -> JSONValue {
        let within = try arguments["group"]?.stringValue.map { try scope($0) }
        var described: [JSONValue] = []
        var unknown: [JSONValue] = []
        var ambiguous: [JSONValue] = []
        for id in arguments["operations"]?.arrayValue?.compactMap(\.stringValue) ?? [] {
            let resolved: (Int, String)?
            do {
                resolved = try handbooks.resolve(id, within: within?.map(\.index), visibility: visibility)
            } catch {
                ambiguous.append(
                    .object([
                        "id": .string(id), "choices": .array(error.choices.map(JSONValue.string)),
                        "message": .string(error.description),
                    ]))
                continue
            }
            guard let (index, local) = resolved else {
                unknown.append(.string(id))
                continue
            }
            var own: JSONObject = ["operations": .array([.string(local)])]
            if let group = within?.first?.local { own["group"] = .string(group) }
            let result = try await discovery(index).describe(own)
            for operation in result["operations"]?.arrayValue ?? [] {
                var object = operation.objectValue ?? JSONObject()
                object["id"] = .string(handbooks.publicID(local, in: index, visibility: visibility))
                object["handbook"] = .string(handbooks.members[index].name)
                described.append(.object(object))
            }
            if result["unknown"] != nil { unknown.append(.string(id)) }
        }
        var result: JSONObject = ["operations": .array(described)]
        if !unknown.isEmpty { result["unknown"] = .array(unknown) }
        if !ambiguous.isEmpty { result["ambiguous"] = .array(ambiguous) }
        return .object(result)
    }

    /// The `plan` tool across handbooks: the plans of the handbook whose search matches the request best first,
    /// then the next handbook's, up to the limit.
    func plan(_ arguments: JSONObject) async throws -> JSONValue {
        let request = arguments["request"]?.stringValue ?? ""
        let limit = Int(arguments["limit"]?.doubleValue ?? 3)
        var plans: [JSONValue] = []
        for (index, local) in try byRelevance(request, scope(arguments["group"]?.stringValue)) where plans.count < limit
        {
            var own = arguments
            own["group"] = local.map(JSONValue.string)
            let result = try await discovery(index).plan(own)
            plans += (result["plans"]?.arrayValue ?? []).map { publicPlan($0, in: index) }
        }
        return .object(["plans": .array(Array(plans.prefix(limit)))])
    }

    /// A plan of member `index` with the ids agents see.
    private func publicPlan(_ plan: JSONValue, in index: Int) -> JSONValue {
        var object = plan.objectValue ?? JSONObject()
        let publicID = { (id: String) in handbooks.publicID(id, in: index, visibility: visibility) }
        if let id = object["planId"]?.stringValue, id.hasPrefix("op:") {
            object["planId"] = .string("op:" + publicID(String(id.dropFirst(3))))
        }
        if let operations = object["operations"]?.arrayValue {
            object["operations"] = .array(operations.map { $0.stringValue.map { .string(publicID($0)) } ?? $0 })
        }
        if let steps = object["plan"]?["steps"]?.arrayValue {
            object["plan"] = .object([
                "steps": .array(
                    steps.map { step in
                        var entry = step.objectValue ?? JSONObject()
                        if let operation = entry["operation"]?.stringValue {
                            entry["operation"] = .string(publicID(operation))
                        }
                        return .object(entry)
                    })
            ])
        }
        object["handbook"] = .string(handbooks.members[index].name)
        return .object(object)
    }

    /// `scopes` ordered by how well their handbook's search matches `request`: by where each handbook's best hit
    /// ranks when the handbooks' results are merged (``SearchFusion``).
    private func byRelevance(
        _ request: String, _ scopes: [(index: Int, local: String?)]
    ) throws -> [(index: Int, local: String?)] {
        var lists = [[(score: Double, similarity: Double?, item: Int)]](repeating: [], count: handbooks.members.count)
        for (index, local) in scopes {
            var options = SearchOptions(limit: 3)
            if let local {
                options = try ToolGroups(handbooks.members[index].runtime, visibility: visibility)
                    .restrict(options, to: local)
            }
            lists[index] = try discovery(index).visibleHits(request, options: options).hits.map {
                ($0.score, $0.similarity, index)
            }
        }
        var order: [Int] = []
        for ranked in SearchFusion.merge(lists) where !order.contains(ranked.handbook) { order.append(ranked.handbook) }
        order += scopes.map(\.index).filter { !order.contains($0) }
        return order.compactMap { index in scopes.first { $0.index == index } }
    }

    /// The `groups` tool: each handbook the caller sees (its name, description and counts), followed by its groups.
    func groups() async -> JSONValue {
        var rendered: [JSONValue] = []
        for (index, member) in handbooks.members.enumerated() {
            let groups = ToolGroups(member.runtime, visibility: visibility)
            guard !groups.groups.isEmpty || visibility.showsEverything else { continue }
            let metadata = member.runtime.reader.metadata.handbook
            let counts = groups.memberCounts(member.runtime)
            var handbook: JSONObject = [
                "id": .string(member.name), "kind": .string("handbook"), "version": .string(metadata.version),
                "operations": .integer(groups.groups.filter(\.isAPI).reduce(0) { $0 + (counts[$1.id] ?? 0) }),
                "tools": .integer(groups.groups.filter { !$0.isAPI }.reduce(0) { $0 + (counts[$1.id] ?? 0) }),
            ]
            if let description = metadata.description {
                handbook["description"] = .string(String(description.prefix(200)))
            }
            rendered.append(.object(handbook))
            for group in await groups.renderedGroups(member.runtime) {
                var object = group.objectValue ?? JSONObject()
                if let id = object["id"]?.stringValue { object["id"] = .string(handbooks.publicGroup(id, in: index)) }
                object["handbook"] = .string(member.name)
                rendered.append(.object(object))
            }
        }
        return .object(["groups": .array(rendered)])
    }

    /// Where `execute` (or `run`) goes, with the ids of its arguments made the handbook's own: an operation id, an
    /// `op:` plan, a stored or learned plan id (qualified `handbook/id` when several handbooks know it), or the steps
    /// of a composed plan (all in one handbook). `run` goes to the handbook whose search matches its request best.
    func route(_ tool: String, _ arguments: JSONObject) async throws -> Route {
        if tool == RunTool.name {
            let best = try byRelevance(arguments["request"]?.stringValue ?? "", scope(nil)).first?.index ?? 0
            return .member(best, arguments)
        }
        let within = try arguments["group"]?.stringValue.map { try scope($0) }
        let candidates = within?.map(\.index)
        var routed = arguments
        routed["group"] = within?.first?.local.map(JSONValue.string)
        if let id = arguments["operation"]?.stringValue {
            guard let (index, local) = try handbooks.resolve(id, within: candidates, visibility: visibility) else {
                return .unknownOperation(id)
            }
            routed["operation"] = .string(local)
            return .member(index, routed)
        }
        switch arguments["plan"] {
        case .string(let id)? where id.hasPrefix("op:"):
            let operation = String(id.dropFirst(3))
            guard let (index, local) = try handbooks.resolve(operation, within: candidates, visibility: visibility)
            else { return .unknownOperation(operation) }
            routed["plan"] = .string("op:" + local)
            return .member(index, routed)
        case .string(let id)?:
            let (index, local) = try await planOwner(id, within: candidates)
            routed["plan"] = .string(local)
            return .member(index, routed)
        case .object(let plan)?:
            var owners: [(step: String, index: Int)] = []
            var steps: [JSONValue] = []
            for step in plan["steps"]?.arrayValue ?? [] {
                var entry = step.objectValue ?? JSONObject()
                if let operation = entry["operation"]?.stringValue {
                    guard
                        let (index, local) = try handbooks.resolve(
                            operation, within: candidates, visibility: visibility)
                    else { return .unknownOperation(operation) }
                    owners.append((operation, index))
                    entry["operation"] = .string(local)
                }
                steps.append(.object(entry))
            }
            guard Set(owners.map(\.index)).count <= 1 else { throw StepsAcrossHandbooks(steps: owners.map(\.step)) }
            var composed = plan
            composed["steps"] = .array(steps)
            routed["plan"] = .object(composed)
            return .member(owners.first?.index ?? candidates?.first ?? 0, routed)
        default:
            return .member(candidates?.first ?? 0, routed)
        }
    }

    /// The member that knows stored or learned plan `id` (qualified, or known to exactly one handbook), with the
    /// handbook's own id; an id no handbook knows goes to the first candidate, which answers it is unknown.
    private func planOwner(_ id: String, within candidates: [Int]?) async throws -> (Int, String) {
        let candidates = candidates ?? Array(handbooks.members.indices)
        if let slash = id.firstIndex(of: "/"),
            let index = handbooks.members.firstIndex(where: { $0.name == id[..<slash] }), candidates.contains(index)
        {
            return (index, String(id[id.index(after: slash)...]))
        }
        var having: [Int] = []
        for index in candidates {
            let runtime = handbooks.members[index].runtime
            let stored = try? runtime.reader.planTemplate(id: id)
            let learned = try? await runtime.readyPlanCache()?.entry(
                id: id, servedBy: runtime.reader, tenant: visibility.caller.tenant)
            if let operations = stored?.operations ?? learned?.plan.operations,
                visibility.admits(operations: operations, in: runtime)
            {
                having.append(index)
            }
        }
        if having.count > 1 {
            throw HandbookSet.Ambiguous(
                id: id, what: "plan", choices: having.map { "\(handbooks.members[$0].name)/\(id)" })
        }
        return (having.first ?? candidates.first ?? 0, id)
    }
}
