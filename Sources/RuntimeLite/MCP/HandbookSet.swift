import HandbookModel

/// The handbooks one server serves side by side (`hbc serve a.hb b.hb`), and how the ids agents see map to them.
///
/// Each handbook, and each API and upstream group in it, is a tool group. Ids stay short: an operation (or tool) id
/// that only one handbook has is shown as it is; one that several have is shown qualified, `handbook/id`. Both forms
/// resolve when unambiguous; an ambiguous bare id is refused with the qualified choices. Groups follow the same rule,
/// with handbook names taking the bare name when an API or upstream group is named like a handbook. Collisions count
/// only what the caller sees, so an id hidden from it never makes another one qualified.
struct HandbookSet: Sendable {
    /// One served handbook.
    struct Member: Sendable {
        /// The handbook's name (from its manifest): its group id and the qualifier of its ids.
        var name: String
        var runtime: HandbookRuntime
    }

    /// Two bundles of the same handbook: their ids could not be told apart.
    struct DuplicateHandbook: Error, CustomStringConvertible {
        var name: String
        var bundles: [String]
        var description: String {
            "the bundles \(bundles.joined(separator: " and ")) both hold the handbook '\(name)'; serve one of them, "
                + "or give one another `handbook:` name in its handbook.yaml and rebuild it"
        }
    }

    /// An id (or group) several handbooks have, given without a qualifier.
    struct Ambiguous: Error, CustomStringConvertible {
        var id: String
        var what: String
        var choices: [String]
        var description: String {
            "'\(id)' names \(choices.count) \(what)s in different handbooks; use one of "
                + choices.joined(separator: ", ")
        }
    }

    let members: [Member]
    /// The handbooks having each operation or tool id, in member order.
    private let owners: [String: [Int]]
    /// The handbooks having each API or upstream group id, in member order.
    private let groupOwners: [String: [Int]]

    /// The set of `runtimes`, in order; throws when two hold handbooks of the same name.
    init(_ runtimes: [HandbookRuntime]) throws(DuplicateHandbook) {
        var members: [Member] = []
        var owners: [String: [Int]] = [:]
        var groupOwners: [String: [Int]] = [:]
        for (index, runtime) in runtimes.enumerated() {
            let name = runtime.reader.metadata.handbook.name
            if let other = members.first(where: { $0.name == name }) {
                throw DuplicateHandbook(name: name, bundles: [other.runtime.reader.path, runtime.reader.path])
            }
            members.append(Member(name: name, runtime: runtime))
            let operations = ((try? runtime.reader.operationSummaries()) ?? []).map(\.id)
            let tools = runtime.upstreams.servers.flatMap(\.tools).map(\.id)
            for id in Set(operations + tools) { owners[id, default: []].append(index) }
            for group in ToolGroups(runtime).groups.map(\.id) { groupOwners[group, default: []].append(index) }
        }
        self.members = members
        self.owners = owners
        self.groupOwners = groupOwners
    }

    /// The set serving one runtime (ids and groups are never qualified).
    init(single runtime: HandbookRuntime) {
        members = [Member(name: runtime.reader.metadata.handbook.name, runtime: runtime)]
        owners = [:]
        groupOwners = [:]
    }

    /// Whether the server serves several handbooks.
    var isSeveral: Bool { members.count > 1 }

    /// Every runtime.
    var runtimes: [HandbookRuntime] { members.map(\.runtime) }

    // MARK: Operation ids

    /// The members that have operation or tool `id` visible to the caller.
    private func visibleOwners(of id: String, visibility: Visibility) -> [Int] {
        (owners[id] ?? []).filter { visibility.admits(operationID: id, in: members[$0].runtime) }
    }

    /// The id agents see for operation or tool `id` of member `index`: as it is, or qualified when another handbook
    /// the caller sees has it too.
    func publicID(_ id: String, in index: Int, visibility: Visibility) -> String {
        visibleOwners(of: id, visibility: visibility).count > 1 ? "\(members[index].name)/\(id)" : id
    }

    /// The member and local id an agent's id names, among `within` (all members when `nil`): a qualified id, or a
    /// bare id exactly one of them has visible to the caller. `nil` when none has it (the caller is then answered
    /// the way an unknown id is); throws listing the qualified choices when several do.
    func resolve(_ id: String, within: [Int]? = nil, visibility: Visibility) throws(Ambiguous) -> (Int, String)? {
        let candidates = within ?? Array(members.indices)
        if let slash = id.firstIndex(of: "/"), let index = members.firstIndex(where: { $0.name == id[..<slash] }),
            candidates.contains(index)
        {
            let local = String(id[id.index(after: slash)...])
            if owners[local]?.contains(index) == true, visibility.admits(operationID: local, in: members[index].runtime)
            {
                return (index, local)
            }
        }
        let having = visibleOwners(of: id, visibility: visibility).filter(candidates.contains)
        if having.count > 1 {
            throw Ambiguous(id: id, what: "operation", choices: having.map { "\(members[$0].name)/\(id)" })
        }
        return having.first.map { ($0, id) }
    }

    // MARK: Groups

    /// The group id agents see for group `group` of member `index`: as it is, unless another handbook has a group
    /// with that id or a handbook is named so.
    func publicGroup(_ group: String, in index: Int) -> String {
        let collides = (groupOwners[group]?.count ?? 0) > 1 || members.contains { $0.name == group }
        return collides ? "\(members[index].name)/\(group)" : group
    }

    /// The ids that name more than one group (API, upstream group or handbook), each with what it names: reported
    /// at start-up, since these groups are shown qualified.
    var groupCollisions: [String: [String]] {
        var collisions: [String: [String]] = [:]
        for (group, having) in groupOwners {
            let handbook = members.contains { $0.name == group } ? ["the handbook \(group)"] : []
            let named = handbook + having.map { "\(members[$0].name)/\(group)" }
            if named.count > 1 { collisions[group] = named }
        }
        return collisions
    }

    /// The member and the group within it (`nil`: the whole handbook) that `group` names: a handbook name, a
    /// qualified group, or a bare group exactly one handbook has. Throws ``ToolGroups/UnknownGroup`` (listing
    /// `known`) when none does, ``Ambiguous`` when several do.
    func resolveGroup(_ group: String, known: [String]) throws -> (Int, String?) {
        if let index = members.firstIndex(where: { $0.name == group }) { return (index, nil) }
        if let slash = group.firstIndex(of: "/"), let index = members.firstIndex(where: { $0.name == group[..<slash] })
        {
            let local = String(group[group.index(after: slash)...])
            if groupOwners[local]?.contains(index) == true { return (index, local) }
        }
        let having = groupOwners[group] ?? []
        if having.count > 1 {
            throw Ambiguous(id: group, what: "group", choices: having.map { "\(members[$0].name)/\(group)" })
        }
        guard let index = having.first else { throw ToolGroups.UnknownGroup(id: group, known: known) }
        return (index, group)
    }
}
