import Foundation
import HandbookModel

/// What a request asks for, read from its words before any search: the verb of its main clause, the kind of action
/// that verb names, and the things it acts on (the words of the request that the API's paths name as resources).
///
/// The planner weighs each candidate answer operation by how well its method, summary verb and path fit the frame:
/// "Close PR 88 without merging it" asks to *close* (an update) a *pull request*, so `PATCH …/pulls/{pull_number}`
/// fits and `PUT …/pulls/{pull_number}/merge` (named for another verb) does not.
struct RequestFrame: Sendable {
    /// The kind of action a verb names.
    enum Action: Sendable {
        case read
        case create
        case update
        case delete
        /// A verb the planner does not know that acts on something ("star", "void", "rerun").
        case other
    }

    /// The main clause's verb, lower-case, when it has one.
    let verb: String?
    /// What the verb asks for.
    let action: Action?
    /// The resource words the main clause names, singular, in order (`["pull", "request"]` reads as two); a person
    /// it names by their part in a thing (``PlanningWords/personRoles``: an author) counts as the API's people.
    let objects: [String]
    /// Whether the first object is written in the plural ("which payouts…"): the request wants a list.
    let wantsList: Bool
    /// Whether the main clause acts by a known verb on one of the things an earlier clause named, referring back to
    /// it, and the request does not number it ("list the cats tagged 'orange' and show me the first one"; not "get
    /// cat 7 and delete it", nor "…; it was issued by mistake").
    let picksOne: Bool
    /// What the request ranks or groups by ("top 5 products by units sold in 2025" → `unit`, `sold`), singular.
    let criterion: [String]
    /// Every word of the request, singular.
    private let requestWords: Set<String>
    /// Whether the verb changes a thing that exists though it reads as making one (``makesSomethingOf(_:)``): it
    /// then also names operations named for an update ("Add or update queue agent" for "make the oldest ticket's
    /// author an agent").
    private let changesWhatExists: Bool
    /// The state a request of the main verb "mark" or "flag" puts its thing in ("mark the release as broken" →
    /// `broken`), when it says one: an operation named for the state does it (`state: broken` of a new release
    /// status), one named for marking something else as another state does not ("Mark a notification as read").
    let markedState: String?

    /// Reads `request`; `resources` are the words the API's paths name as resources (singular).
    init(request: String, resources: Set<String>) {
        var text = request.lowercased()
        for (phrase, verb) in Self.phrasalVerbs { text = text.replacingOccurrences(of: phrase, with: verb) }
        text = Self.wantedDone(text)
        var frames: [(verb: String?, objects: [String], makesSomethingOf: Bool, words: [String])] = []
        let people = PlanningWords.peopleResource(among: resources)
        for clause in Self.mainClauses(of: text) {
            var verb: String?
            // A first word that names a resource ("PR 45 … has been merged, so delete its branch") is the verb only
            // when no known verb follows.
            var resourceFirst: String?
            var objects: [String] = []
            var positions: [Int] = []
            // "Add whoever opened issue #512 as a collaborator": the thing after "as" is what the verb makes.
            var role: String?
            var rolePosition: Int?
            var asIndex: Int?
            // A possessive joins its owner to the thing owned ("that job's logs" reads as "job logs", about logs).
            let clauseWords = SearchText.words(clause).filter { $0 != "s" }
            // "Make the oldest agent a reviewer of …": what follows the next article is what the verb makes.
            var makesSomethingOf = false
            var verbIndex = 0
            for (index, word) in clauseWords.enumerated() {
                if word == "as", verb != nil { asIndex = index }
                if makesSomethingOf, asIndex == nil, index > verbIndex + 1, Self.articles.contains(word) {
                    asIndex = index
                }
                // A question word asks only at the start of its clause ("… from the people who reviewed it").
                if verb == nil, Self.actions[word] != nil, index == 0 || !Self.questionWords.contains(word) {
                    makesSomethingOf = word == "make" && Self.makesSomethingOf(clauseWords[(index + 1)...])
                    verb = word
                    verbIndex = index
                    continue
                }
                if verb == nil, index == 0, !Self.leadingNonVerbs.contains(word), !SearchText.stopWords.contains(word) {
                    if resources.contains(SearchText.singular(word)) {
                        resourceFirst = word
                    } else {
                        verb = word
                        continue
                    }
                }
                let singular = SearchText.singular(word)
                // "The email of the author of post 7": an author is one of the API's people (`user`). A number is a
                // value, even where a path names one ("a 50GB volume" beside `…/response_time_50p`).
                let thing = word.allSatisfy(\.isNumber) ? nil
                    : resources.contains(singular) ? singular
                    : PlanningWords.personRoles.contains(singular) ? people : nil
                if !Self.fillers.contains(word), !SearchText.stopWords.contains(word), let thing {
                    objects.append(thing)
                    positions.append(index)
                    if let asIndex, role == nil,
                        index == asIndex + 1 || (index == asIndex + 2 && Self.articles.contains(clauseWords[asIndex + 1])) {
                        role = thing
                        rolePosition = index
                    } else if let position = rolePosition, index == position + 1 {
                        // The last noun of the role's compound ("an escalation agent" → `agent`).
                        role = thing
                        rolePosition = index
                    }
                }
            }
            // In a compound ("account balance", "node pool") the last noun is the thing meant.
            var head = 0
            while head + 1 < positions.count, positions[head + 1] == positions[head] + 1 { head += 1 }
            if head > 0 {
                objects.insert(objects.remove(at: head), at: 0)
            }
            if let role, let index = objects.firstIndex(of: role), index > 0 {
                objects.insert(objects.remove(at: index), at: 0)
            }
            // A plural thing is no verb ("droplets tagged env:prod" names what to read; "star the repo" stars).
            if verb == nil, let resourceFirst, SearchText.singular(resourceFirst) == resourceFirst {
                verb = resourceFirst
                objects.removeAll { $0 == SearchText.singular(resourceFirst) }
            }
            if let unknown = verb, Self.actions[unknown] == nil {
                // A verb of its own that names a resource ("star", "merge") or the thing it makes ("escalate" and
                // escalations, "invite" and invitations) is first of all about that resource.
                let singular = SearchText.singular(unknown)
                if resources.contains(singular) {
                    objects.insert(singular, at: 0)
                } else if let made = resources.filter({ Self.nominalizes($0, unknown) })
                    .min(by: { ($0.count, $0) < ($1.count, $1) })
                {
                    objects.removeAll { $0 == made }
                    objects.insert(made, at: 0)
                }
            }
            frames.append((verb, objects, makesSomethingOf, clauseWords))
        }
        let main = frames.last
        let verbFrame = main?.verb != nil ? main : frames.last(where: { $0.verb != nil })
        verb = verbFrame?.verb
        // "…, look up the subscriptions on it, and cancel the oldest one": a main clause that names nothing but
        // refers back acts on what a clause before it named.
        let inherits = main.map { $0.objects.isEmpty && !Self.backReferences.isDisjoint(with: $0.words) } ?? false
        objects =
            main.map { main in
                inherits ? frames.last(where: { !$0.objects.isEmpty })?.objects ?? [] : main.objects
            } ?? []
        changesWhatExists = verbFrame?.makesSomethingOf == true
        if changesWhatExists {
            // "Make the oldest agent a reviewer of the queue" changes what exists.
            action = .update
        } else if let verb {
            action = Self.actions[verb] ?? Self.repeated(verb).flatMap { Self.actions[$0] } ?? .other
        } else {
            action = nil
        }
        markedState = verb.flatMap { Self.markedState(in: text, verb: $0) }
        let words = SearchText.words(request)
        requestWords = Set(words.map(SearchText.singular)).union(
            Self.latestWords.isDisjoint(with: words) ? [] : ["latest"])
        criterion = Self.criterion(in: words)
        // "…, and show me the image of the first one": a clause that refers back to one of the things wants no list.
        picksOne =
            inherits && main?.verb.flatMap { Self.actions[$0] } != nil
            && !Self.singularReferences.isDisjoint(with: main?.words ?? [])
            && !Self.numbers(objects.first, in: words)
        wantsList =
            !picksOne
            && objects.first.map { first in
                words.contains { $0 != SearchText.singular($0) && SearchText.singular($0) == first }
                    || Self.countsSeveral(first, in: words)
            } ?? false
    }

    /// Whether a word of quantity comes right before `thing`, or before one word before it ("some mecha anime",
    /// "several droplets"): the request wants several, even of a noun whose plural is the same.
    private static func countsSeveral(_ thing: String, in words: [String]) -> Bool {
        words.indices.contains { index in
            severalWords.contains(words[index])
                && words[(index + 1)..<min(index + 3, words.count)].contains { SearchText.singular($0) == thing }
        }
    }

    /// Words that ask for several things.
    private static let severalWords: Set<String> = ["some", "several", "many", "all"]

    /// Whether the frame says anything the planner can weigh operations by.
    var isEmpty: Bool { verb == nil && objects.isEmpty }

    /// Whether an operation's path names one of the first two objects as the resource it is about: such operations
    /// are candidates even when the search ranked them low.
    func names(_ resource: [String]) -> Bool {
        guard let last = resource.last else { return false }
        return objects.prefix(2).contains { PlanningWords.sameWord(last, $0) }
    }

    /// How much the frame favours `operation` as the answer, with the reason when it does or does not; `resource` is
    /// what its path is about, `actionWords` what its request body says it does (``OperationFacts/actionWords``).
    func factor(
        for operation: APIOperation, resource: [String], actionWords: Set<String> = []
    ) -> (value: Double, reason: String?) {
        var value = 1.0
        var reasons: [String] = []
        let summaryWords = SearchText.words(operation.summary ?? operation.id)
        let operationVerbs = Self.verbs(of: operation)
        let literals = operation.path.split(separator: "/").filter { !$0.hasPrefix("{") && !PlanningWords.isVersion($0) }
        if let verb, let action {
            if let markedState {
                // "Mark the release as broken": a new status of the release with `state: broken` marks it;
                // "Mark a notification as read" marks another state.
                if Self.names(markedState, operation, actionWords: actionWords) {
                    value *= 3
                    reasons.append("puts its thing in the state \(markedState)")
                } else if Self.isNamed(operation, for: verb, actionWords: actionWords) {
                    value *= 0.6
                    reasons.append("marks another state than \(markedState)")
                }
            } else if Self.isNamed(operation, for: verb, actionWords: actionWords)
                || (changesWhatExists && Self.isNamed(operation, for: "update", actionWords: actionWords))
            {
                value *= 2.5
                reasons.append("named for the verb \(verb)")
                // "fork the repository": `POST …/forks` forks, `GET …/forks` lists forks; "merge PR 5": `PUT …/merge`
                // merges, `GET …/merge` tells whether it was.
                let does = Self.action(of: operation.method, path: operation.path)
                if action != .other {
                    // A read named for a change ("refund" and `GET …/refunds`) only lists what such changes made.
                    value *= does == action || does == .other ? 1.2 : does == .read ? 0.45 : 0.7
                } else {
                    // A verb of its own is most often an action posted to a resource, seldom a deletion, and a read
                    // named for it only lists what such actions made.
                    value *= does == .read ? 0.45 : does == .delete ? 0.7 : operation.method == "POST" ? 1.2 : 1
                }
            } else if action == .other {
                // A verb of its own ("reboot", "star") is most often an action posted to a resource.
                // Posting to an item acts on a thing that exists ("push the trial end of her subscription out");
                // posting to a collection mostly creates one, which a verb of its own seldom asks for.
                let weight: Double = switch operation.method {
                case "POST": operation.path.hasSuffix("}") ? 1.2 : 1
                case "GET", "DELETE": 0.7
                default: 1
                }
                value *= weight
            } else {
                let named = operationVerbs.compactMap { Self.actions[$0] }
                let does = named.first(where: { $0 == action }) ?? named.first
                    ?? Self.action(of: operation.method, path: operation.path)
                value *= does == action ? 1.6 : 0.6
                if does != action { reasons.append("does not \(verb)") }
            }
        }
        if action == nil || action == .read, !objects.isEmpty, wantsList, operation.path.last != "}" {
            value *= 1.3
        }
        // Paths naming things the request does not mention are less likely meant, when it names things at all.
        for literal in literals where !objects.isEmpty {
            for word in PlanningWords.singularWords(String(literal))
            where !requestWords.contains(where: { PlanningWords.sameWord(word, $0) }) {
                value *= 0.85
            }
        }
        if let first = objects.first {
            if let last = resource.last, PlanningWords.sameWord(last, first),
                wantsList || !listsUnderUnmentionedParent(literals, of: operation)
            {
                value *= 2
                reasons.append("about the \(first) the request names")
            } else if Self.pathTakes(first, operation) {
                // `GET /trending/{media_type}/{time_window}` with `media_type: movie | tv` for "trending movies".
                value *= 2
                reasons.append("its path takes the \(first) the request names")
            } else if resource.contains(where: { PlanningWords.sameWord($0, first) }) {
                value *= 1.2
            } else if summaryWords.contains(where: { PlanningWords.sameWord($0, first) }) {
                value *= 1.3
            }
        }
        return (value, reasons.isEmpty ? nil : reasons.joined(separator: ", "))
    }

    /// Whether a path parameter of `operation` takes `thing` as one of its enumerated values.
    private static func pathTakes(_ thing: String, _ operation: APIOperation) -> Bool {
        operation.parameters.contains { parameter in
            parameter.location == .path
                && parameter.schema["enum"]?.arrayValue?.contains(where: { value in
                    value.stringValue.map { PlanningWords.sameWord(SearchText.singular($0.lowercased()), thing) }
                        ?? false
                }) == true
        }
    }

    /// Whether `operation` lists things under a parent the request does not mention (`GET /keyword/{keyword_id}/movies`
    /// when the request says nothing of a keyword); `literals` are its path's static segments. Such a list is about
    /// the things of one parent: no answer about the one thing a request names ("the trailer of the movie Barbie").
    private func listsUnderUnmentionedParent(_ literals: [Substring], of operation: APIOperation) -> Bool {
        guard operation.method == "GET", operation.path.last != "}", literals.count >= 2,
            operation.path.contains("{")
        else { return false }
        return literals.dropLast().flatMap { PlanningWords.singularWords(String($0)) }.allSatisfy { word in
            !requestWords.contains { PlanningWords.sameWord(word, $0) }
        }
    }

    /// The word after "as" in a clause of `verb` that marks ("flag the oldest release as broken" → `broken`).
    private static func markedState(in text: String, verb: String) -> String? {
        guard markingVerbs.contains(verb) else { return nil }
        let words = SearchText.words(text)
        guard let start = words.firstIndex(of: verb),
              let asIndex = words[start...].firstIndex(of: "as"),
              let state = words[(asIndex + 1)...].first(where: { !articles.contains($0) })
        else { return nil }
        return state
    }

    /// Verbs that put a thing in a state named after "as".
    private static let markingVerbs: Set<String> = ["mark", "flag"]

    /// Whether `operation` names `state` or a word of its stem (`failure` for "failed") as what it puts a thing in:
    /// after "as" in its summary ("Mark a notification as read"), in a last path segment that marks or is one word
    /// (`…/mark_spam`, `…/archive`) or among its request body's required values (`actionWords`: `state: healthy |
    /// broken`). A summary's other words are no state it sets ("Retry the broken builds of a release").
    static func names(_ state: String, _ operation: APIOperation, actionWords: Set<String>) -> Bool {
        let last = operation.path.split(separator: "/").last.map(String.init) ?? ""
        let summary = SearchText.words(operation.summary ?? "")
        let afterAs = summary.firstIndex(of: "as").map { Array(summary[($0 + 1)...]) } ?? []
        // A last segment of one word, or one that marks (`mark_spam`; not `retry-broken-builds`).
        let segment = last.hasPrefix("{") ? [] : SearchText.words(last)
        let marks = segment.count == 1 || segment.first.map(markingVerbs.contains) == true
        let words = afterAs + (marks ? segment : []) + actionWords
        let stem = SearchText.stem(state)
        return words.contains { word in
            let other = SearchText.stem(word)
            return other == stem || (min(other.count, stem.count) >= 4 && other.commonPrefix(with: stem).count >= 4)
        }
    }

    /// Whether `operation` is named for `verb` or a verb of the same meaning ("remove" and "Delete a label"): its
    /// summary starts with it, its last static path segment is it (`…/merge`, `…/reboot`), or a required field of its
    /// request body takes it (`actionWords`: `POST /volumes/actions` with `type: attach | resize`).
    static func isNamed(_ operation: APIOperation, for verb: String, actionWords: Set<String> = []) -> Bool {
        let operationVerbs = Self.verbs(of: operation)
        // The last segment names what the operation does only when no parameter follows it (`…/merge`, not
        // `…/refunds/{refund}`).
        let last = operation.path.split(separator: "/").last
        let lastLiteral = last.flatMap { $0.hasPrefix("{") || PlanningWords.isVersion($0) ? nil : String($0).lowercased() }
            ?? ""
        if actions[verb] == nil, let again = repeated(verb), isNamed(operation, for: again, actionWords: actionWords) {
            return true
        }
        let verbStem = SearchText.stem(verb)
        if operationVerbs.contains(where: { SearchText.stem($0) == verbStem }) || (!lastLiteral.isEmpty
            && (verbStem == SearchText.stem(lastLiteral) || Self.nominalizes(lastLiteral, verb))) {
            return true
        }
        // A request body that says what the call does (`type: attach`) names it for that verb.
        if actionWords.contains(where: { SearchText.stem($0) == verbStem }) { return true }
        guard let group = synonyms[verbStem] else { return false }
        return operationVerbs.contains { synonyms[SearchText.stem($0)] == group }
            || actionWords.contains { synonyms[SearchText.stem($0)] == group }
    }

    /// The verbs an operation's summary opens with: its first word, and the one after "or" ("Add or update team
    /// membership", "Get-or-create an authorization"); none for an id such as `PostCouponsCoupon`, whose first word
    /// is its method and says nothing of what it does. A summary read from a description may open with a clause or
    /// a subject ("When you create a new loan, …", "You can see a list of the loans …"): its verb is then the first
    /// known one, never a question word.
    static func verbs(of operation: APIOperation) -> [String] {
        let words = SearchText.words(operation.summary ?? operation.id)
        guard let first = words.first, operation.summary != nil || !methodWords.contains(first) else { return [] }
        if leadingNonVerbs.contains(first) || summaryOpeners.contains(first) {
            let verb = words.dropFirst().lazy.map(baseForm).first { actions[$0] != nil && !questionWords.contains($0) }
            return verb.map { [$0] } ?? []
        }
        return (words.count > 2 && words[1] == "or" ? [first, words[2]] : [first]).map(baseForm)
    }

    /// A known verb as a description writes it in the third person ("Retrieves the details of a ticket",
    /// "Searches for tickets") in its base form; other words as they are.
    private static func baseForm(_ word: String) -> String {
        guard actions[word] == nil else { return word }
        for suffix in ["es", "s"] where word.hasSuffix(suffix) {
            let base = String(word.dropLast(suffix.count))
            if actions[base] != nil { return base }
        }
        return word
    }

    /// Whether a path segment is the verb or the thing it makes (`…/forks` for "fork", `…/subscriptions` for
    /// "subscribe", `…/invitations` for "invite"): a segment of one word that shares all the verb's letters but its
    /// last two, and four at least (`subscription_items` is a part of what "subscribe" makes).
    static func nominalizes(_ segment: String, _ verb: String) -> Bool {
        // "subscribe" makes `subscriptions`, not `subscription_items`: the segment is one word.
        guard verb.count >= 4, SearchText.words(segment).count == 1 else { return false }
        let shared = zip(segment, verb).prefix { $0 == $1 }.count
        return shared >= max(4, verb.count - 2)
    }

    /// The verb a "re…" verb does again ("resend" → `send`, "rerun" → `run`), when it is one.
    static func repeated(_ verb: String) -> String? {
        verb.count > 5 && verb.hasPrefix("re") ? String(verb.dropFirst(2)) : nil
    }

    /// Whether a word is a verb the frame knows.
    static func isVerb(_ word: String) -> Bool {
        actions[word] != nil
    }

    /// Verbs that mean the same, by group and stem (`deleting` → `delet`): a request's verb names an operation named
    /// for any of its group. Reads are left out: "show" says nothing of whether one item or a list is meant.
    private static let synonyms: [String: Int] = {
        let groups: [[String]] = [
            ["delete", "remove", "destroy", "erase", "purge", "drop"],
            ["create", "add", "new", "make"],
            ["update", "edit", "modify", "change"],
            ["cancel", "abort", "stop"],
            ["resize", "grow", "expand", "enlarge", "shrink", "scale"],
        ]
        var synonyms: [String: Int] = [:]
        for (index, group) in groups.enumerated() { for verb in group { synonyms[SearchText.stem(verb)] = index } }
        return synonyms
    }()

    /// Whether an operation's words (``OperationFacts/terms``) name what the request ranks or groups by; true when
    /// the request names no such thing.
    func covers(criterionWith terms: Set<String>) -> Bool {
        criterion.isEmpty || criterion.contains { word in terms.contains { PlanningWords.sameWord($0, word) } }
    }

    /// The meaningful words after "by" up to the next word that is not (`… by units sold in 2025` → `unit`, `sold`).
    private static func criterion(in words: [String]) -> [String] {
        guard let by = words.firstIndex(of: "by") else { return [] }
        var criterion: [String] = []
        for word in words[(by + 1)...] {
            if SearchText.stopWords.contains(word) || word.first?.isNumber == true { break }
            criterion.append(SearchText.singular(word))
        }
        return criterion
    }

    /// The clauses that may say what the request wants ("find X, then do Y" → both; "…, but leave the tag alone" and
    /// "…, without merging it" say what not to do).
    static func mainClauses(of text: String) -> [String] {
        var marked = text
        for breaking in clauseBreaks {
            marked = breaking.stringByReplacingMatches(
                in: marked, range: NSRange(marked.startIndex..., in: marked), withTemplate: "\u{1}")
        }
        let parts = marked.split(separator: "\u{1}").map(String.init).filter {
            !$0.trimmingCharacters(in: .whitespaces).isEmpty
        }
        let main = parts.filter { part in
            let words = SearchText.words(part)
            guard let first = words.first else { return false }
            // "…, which is unused" says how a thing is; "…; which posts did Elwyn publish?" asks.
            if first == "which", words.count > 1, !PlanningWords.auxiliaries.contains(words[1]),
                !PlanningWords.modals.contains(words[1]), !isVerb(words[1])
            {
                return true
            }
            return !clauseOpenersToSkip.contains(first)
        }
        return main.isEmpty ? parts : main
    }

    /// What an operation does by its method: a POST to a query or search path (`POST /sales/query`) reads, a POST to
    /// an item (`POST /v1/customers/{customer}`) changes it.
    static func action(of method: String, path: String) -> Action {
        switch method {
        case "GET", "HEAD": .read
        case "POST" where RequestMood.readsByPost(path): .read
        case "POST": path.hasSuffix("}") ? .update : .create
        case "PUT", "PATCH": .update
        case "DELETE": .delete
        default: .other
        }
    }


    /// The known verbs as regular-expression alternatives, for "… and list the repositories they own".
    private static let verbAlternatives = actions.keys.filter { $0.count > 3 }.sorted().joined(separator: "|")

    /// Where a request's clauses break (compiled once: every plan and every learned-plan match reads them): at
    /// "then", a semicolon, a sentence's end, ", and", "but"; at "and" before a known verb ("… and list the
    /// repositories they own"); at a colon before one ("list 21: add book 3302" adds).
    private static let clauseBreaks: [NSRegularExpression] = [
        try! NSRegularExpression(pattern: #",? then |; |\. |\? |, and |, but | but | and then "#),
        try! NSRegularExpression(pattern: " and (?=(\(verbAlternatives))\\b)"),
        try! NSRegularExpression(
            pattern: ": (?=(\(actions.keys.sorted().joined(separator: "|")))\\b)", options: .caseInsensitive),
    ]

    /// Words that ask for the most recent of something, as paths name it (`…/releases/latest`).
    private static let latestWords: Set<String> = ["newest", "latest", "recent", "last", "current"]

    private static let methodWords: Set<String> = ["get", "post", "put", "patch", "delete", "head", "options"]

    /// Verbs of several words, read as one.
    private static let phrasalVerbs: [(String, String)] = [
        ("get rid of", "remove"), ("set up", "create"), ("look up", "find"), ("spin up", "create"),
        ("turn off", "disable"), ("turn on", "enable"), ("sign up", "register"), ("pull up ", "show "),
        ("bring up ", "show "), ("send me ", "show me "), ("send us ", "show us "),
        // "I need a 100 GiB volume called pg-data": asking for a thing that does not exist yet.
        ("i need a ", "create a "), ("i need an ", "create an "), ("we need a ", "create a "), ("i want a ", "create a "),
        ("i want an ", "create an "), ("i'd like a ", "create a "),
    ]

    /// Words of a clause that stand for a thing an earlier clause named ("cancel the oldest one", "delete it").
    static let backReferences: Set<String> = ["it", "its", "one", "them", "those", "these"]

    /// Whether `words` give `thing` a number right after it ("cat 7"): a request that numbers its thing names it,
    /// it picks nothing.
    private static func numbers(_ thing: String?, in words: [String]) -> Bool {
        guard let thing else { return false }
        return words.indices.dropLast().contains { index in
            SearchText.singular(words[index]) == thing && words[index + 1].contains(where: \.isNumber)
        }
    }

    /// Back references to one thing.
    private static let singularReferences: Set<String> = ["it", "its", "one"]

    /// Words that open a clause saying what not to do or how, not what is wanted ("which" before a verb: a clause
    /// about a thing already named).
    private static let clauseOpenersToSkip: Set<String> = ["but", "without", "so", "which", "leave", "keep", "and"]

    /// First words that are not verbs (questions, pronouns, articles, prepositions).
    private static let leadingNonVerbs: Set<String> = [
        "which", "what", "who", "whom", "whose", "how", "when", "where", "why", "is", "are", "does", "do", "did", "i",
        "there", "we", "our", "my", "in", "on", "for", "the", "a", "an",
    ]

    /// Words besides ``leadingNonVerbs`` that open a description's sentence before its verb ("You can see …", "If
    /// you …", "This endpoint …").
    private static let summaryOpeners: Set<String> = ["you", "your", "if", "this", "these", "it", "to"]

    /// Words that ask a question when they start a clause, and only then.
    private static let questionWords: Set<String> = [
        "which", "what", "who", "whom", "whose", "how", "when", "where", "why",
    ]

    /// `text` (lower-case) with a wish for a thing done read as the doing: "i want book 2048 added to list 16" reads
    /// "add book 2048 to list 16". The participle must be of a known verb that creates, changes or deletes.
    static func wantedDone(_ text: String) -> String {
        let range = NSRange(text.startIndex..., in: text)
        guard let match = wishPattern.firstMatch(in: text, range: range),
            let whole = Range(match.range, in: text), let thing = Range(match.range(at: 1), in: text),
            let participle = Range(match.range(at: 2), in: text),
            let verb = baseVerb(ofParticiple: String(text[participle])),
            let action = actions[verb], action != .read
        else { return text }
        return text.replacingCharacters(in: whole, with: verb + " " + text[thing])
    }

    /// "I want …", "we need …", "I'd like …", then the thing and a participle that ends the clause or says where to
    /// ("… added to list 16", "… deleted."): a participle that says which things ("the issues closed last week",
    /// "the tickets created in 2024") asks for them, not for the doing.
    private static let wishPattern = try! NSRegularExpression(
        pattern:
            #"\b(?:i|we) (?:want|need|would like|'d like|’d like) (.+?) ([a-z]+ed)(?=$|[.,;:!?]| (?:to|from|into|onto|now|please|asap|right away)\b)"#
    )

    /// The known verb `participle` is the past participle of ("added" → "add", "removed" → "remove", "dropped" →
    /// "drop"), or `nil`.
    static func baseVerb(ofParticiple participle: String) -> String? {
        PlanningWords.participleBases(participle).first { actions[$0] != nil }
    }

    /// Whether the words after "make" make something of a thing that exists ("make the oldest agent a reviewer",
    /// "make her newest address the default"): they start with a determiner of an existing thing and an article
    /// follows later. "Make a team", "make 3 boards", "make sure …" make a new thing or nothing.
    static func makesSomethingOf(_ rest: ArraySlice<String>) -> Bool {
        guard let first = rest.first, existingThings.contains(first) else { return false }
        return rest.dropFirst(2).contains(where: articles.contains)
    }

    /// Words that open a phrase about a thing that exists.
    private static let existingThings: Set<String> = [
        "the", "my", "our", "your", "his", "her", "its", "their", "this", "that", "it", "them",
    ]

    /// Articles, between "as" and the thing a verb makes ("as a collaborator").
    private static let articles: Set<String> = ["a", "an", "the"]

    /// Words never read as a resource the request acts on.
    private static let fillers: Set<String> = ["please", "now", "right", "just", "me", "all", "every", "each"]

    /// English verbs by the kind of action they name.
    private static let actions: [String: Action] = {
        let groups: [(Action, [String])] = [
            (.read, ["get", "list", "show", "fetch", "retrieve", "find", "search", "check", "view", "read", "return",
                     "display", "see", "look", "tell", "give", "grab", "obtain", "which", "what", "who", "whom", "whose", "how", "when",
                     "where", "why", "count", "download", "describe", "inspect"]),
            (.create, ["create", "add", "open", "make", "new", "register", "submit", "post", "start", "launch",
                       "provision", "generate", "issue", "invite", "copy", "duplicate", "upload", "build",
                       "schedule", "send", "write", "reply", "comment", "leave"]),
            (.update, ["update", "edit", "change", "modify", "set", "rename", "move", "replace", "raise", "lower",
                       "increase", "decrease", "adjust", "assign", "close", "mark", "put", "enable", "disable",
                       "resize", "scale", "grow", "shrink", "expand", "switch", "turn", "lock", "unlock", "pin", "transfer", "apply", "rotate", "reset",
                       "toggle", "restore"]),
            (.delete, ["delete", "remove", "destroy", "revoke", "drop", "clear", "uninstall", "unassign",
                       "cancel", "kill", "purge", "erase"]),
        ]
        var actions: [String: Action] = [:]
        for (action, verbs) in groups { for verb in verbs { actions[verb] = action } }
        return actions
    }()
}
