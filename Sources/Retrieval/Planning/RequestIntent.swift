import Foundation

/// What a request asks the API to do, so that two requests can be told to ask the same kind of thing: a plan learned
/// for one request is offered for another only when they do (``isSameKind(as:)``). A request reads, changes things by
/// some methods, acts by a verb the planner knows no method for ("Reboot droplet 7"), or does several of these in
/// its clauses ("Reboot droplet 9 and show me its status" reboots).
public enum RequestIntent: Hashable, Sendable {
    /// It reads.
    case read
    /// It changes things by one of these methods, by this verb (with its particle: "turn off") when it has one.
    case change(Set<String>, verb: String?)
    /// It acts by this verb (a stem, with its particle: "power off").
    case act(String)
    /// Its clauses do these, in order (none of them a read).
    indirect case steps([RequestIntent])

    /// The intent of `request`, about an API whose paths name `resources` (singular words): what each of its main
    /// clauses does by its main verb (a known verb of creating, changing or deleting names its methods, another one
    /// acts, a clause without one changes by the methods its words name, ``Planner/methodIntent(of:)``); the clauses
    /// that read are left out. A clause that opens with one of the API's things that is no known verb reads when the
    /// thing is plural ("droplets tagged env:prod") or alone ("track 2takcw…: show its info") and acts by it when
    /// singular ("snapshot droplet 9"). Placing a thing somewhere ("put book 12 on list 4", "save … to …") changes
    /// by any method, as adding; naming what another clause makes ("…; name it pg-data") reads.
    /// `valueWords` stand for values in `request` (a masked text's placeholders): none of them is a verb.
    public init(of request: String, resources: Set<String>, valueWords: Set<String> = []) {
        let acting = RequestFrame.mainClauses(of: request).map {
            Self.clause($0, resources: resources, valueWords: valueWords)
        }
        .filter { $0 != .read }
        switch acting.count {
        case 0: self = .read
        case 1: self = acting[0]
        default: self = .steps(acting)
        }
    }

    /// What one clause does.
    private static func clause(_ clause: String, resources: Set<String>, valueWords: Set<String>) -> RequestIntent {
        // "Please refund …", "Can you make …": the verb after the courtesy is the clause's.
        // The words that stand for values are no verbs ("something: reboot it" reboots).
        let isValue = { (word: Substring) in
            valueWords.contains(word.lowercased().trimmingCharacters(in: .punctuationCharacters))
        }
        let tokens = clause.split(separator: " ")
        // "The Sopranos season 5 episodes": a thing after the value a clause opens with describes the value.
        let opensWithValue = tokens.first.map(isValue) ?? false
        var opening = tokens.filter { !isValue($0) }[...]
        while let first = opening.first, courtesies.contains(first.lowercased()) { opening.removeFirst() }
        let clause = opening.joined(separator: " ")
        let frame = RequestFrame(request: clause, resources: resources)
        guard let verb = frame.verb else {
            return Planner.methodIntent(of: clause).map { .change($0, verb: nil) } ?? .read
        }
        let words = SearchText.words(clause)
        let particle = words.firstIndex(of: verb).flatMap { index in
            index + 1 < words.count && particles.contains(words[index + 1]) ? words[index + 1] : nil
        }
        let key = SearchText.stem(verb) + (particle.map { " " + $0 } ?? "")
        if let index = words.firstIndex(of: verb) {
            let rest = words[(index + 1)...]
            // "…; name it pg-volume-01": naming what another clause makes gives a value and does nothing more.
            if namingVerbs.contains(verb), let next = rest.first, RequestFrame.backReferences.contains(next) {
                return .read
            }
            // "Put book 1207 on list 45", "save book 615 to my list": placing a thing somewhere adds it there, which
            // an API may do by any method of changing.
            if placingVerbs.contains(verb), rest.dropFirst().contains(where: destinations.contains) {
                return .change(["POST", "PUT", "PATCH"], verb: "add")
            }
        }
        if !RequestFrame.isVerb(verb), resources.contains(SearchText.singular(verb)) {
            // "track 2takcw…: show its info": a thing and its value alone, before a colon, name what the rest is about.
            return SearchText.singular(verb) == verb && words.count > 1 && !opensWithValue ? .act(key) : .read
        }
        switch frame.action {
        case .create: return .change(["POST"], verb: key)
        case .update: return .change(["PATCH", "PUT"], verb: key)
        case .delete: return .change(["DELETE"], verb: key)
        case .other: return .act(key)
        case .read, nil: return .read
        }
    }

    /// Whether `other` asks the same kind of thing: both read; change by a method in common ("set up a new playlist"
    /// and "create a playlist") by verbs that are not opposites ("enable" and "disable", "lock" and "unlock", "turn
    /// on" and "turn off"); act by the same verb; or do such things in the same order.
    public func isSameKind(as other: RequestIntent) -> Bool {
        switch (self, other) {
        case (.read, .read): true
        case (.change(let mine, let myVerb), .change(let theirs, let theirVerb)):
            !mine.isDisjoint(with: theirs) && !Self.areOpposites(myVerb, theirVerb)
        case (.act(let mine), .act(let theirs)): mine == theirs
        case (.steps(let mine), .steps(let theirs)):
            mine.count == theirs.count && zip(mine, theirs).allSatisfy { $0.isSameKind(as: $1) }
        default: false
        }
    }

    /// Whether two verbs (stems, with their particles) undo one another: one is the other with a prefix that negates
    /// it (`unlock`, `disable`, `deactivate`), their particles are opposite (`turn on`, `turn off`), or they are a
    /// known pair (`increase`, `decrease`).
    static func areOpposites(_ a: String?, _ b: String?) -> Bool {
        guard let a, let b, a != b else { return false }
        for (x, y) in [(a, b), (b, a)] {
            if ["un", "dis", "de"].contains(where: { x == $0 + y }) { return true }
            if oppositePairs.contains([x, y]) { return true }
        }
        let (aWords, bWords) = (a.split(separator: " "), b.split(separator: " "))
        guard aWords.count == 2, bWords.count == 2, aWords[0] == bWords[0] else { return false }
        return oppositePairs.contains([String(aWords[1]), String(bWords[1])])
    }

    /// Words of courtesy that may open a request before its verb.
    private static let courtesies: Set<String> = ["please", "kindly", "can", "could", "would", "will", "you"]

    /// Verbs that give a thing its name ("name it pg-data", "call it Road Trip"); not "label it bug", which tags it.
    private static let namingVerbs: Set<String> = ["name", "call", "title"]

    /// Verbs that place a thing somewhere ("put … on", "save … to").
    private static let placingVerbs: Set<String> = ["put", "place", "save"]

    /// Words that say where a thing is placed.
    private static let destinations: Set<String> = ["on", "onto", "in", "into", "to"]

    /// Words after a verb that change what it does ("turn off", "power on").
    private static let particles: Set<String> = ["on", "off", "up", "down", "in", "out", "back", "over"]

    /// Verbs and particles that undo one another, as stems (``SearchText/stem(_:)``).
    private static let oppositePairs: Set<[String]> = [
        ["on", "off"], ["up", "down"], ["in", "out"], ["increas", "decreas"], ["rais", "lower"], ["open", "clos"],
        ["start", "stop"], ["attach", "detach"], ["approv", "reject"], ["grant", "revok"], ["show", "hide"],
        ["accept", "declin"], ["add", "remov"], ["enabl", "disabl"], ["lock", "unlock"], ["follow", "unfollow"],
    ]
}
