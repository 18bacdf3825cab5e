/// What a request asks the API to do, so that two requests can be told to ask the same kind of thing: a plan learned
/// for one request is offered for another only when they do (``isSameKind(as:)``). A request reads, changes things by
/// some methods, or acts by a verb the planner knows no method for ("Reboot droplet 7").
public enum RequestIntent: Hashable, Sendable {
    /// It reads.
    case read
    /// It changes things by one of these methods.
    case change(Set<String>)
    /// It acts by this verb (a stem).
    case act(String)

    /// The intent of `request`, about an API whose paths name `resources` (singular words): the methods its verbs
    /// name (``Planner/methodIntent(of:)``), else what its main verb does (a known verb of creating, changing or
    /// deleting names its methods; an unknown one acts). A request that opens with one of the API's things that is
    /// no known verb ("droplets tagged env:prod"; "comment" is a verb) reads.
    public init(of request: String, resources: Set<String>) {
        if let methods = Planner.methodIntent(of: request) {
            self = .change(methods)
            return
        }
        let frame = RequestFrame(request: request, resources: resources)
        guard let verb = frame.verb, RequestFrame.isVerb(verb) || !resources.contains(SearchText.singular(verb)) else {
            self = .read
            return
        }
        switch frame.action {
        case .create: self = .change(["POST"])
        case .update: self = .change(["PATCH", "PUT"])
        case .delete: self = .change(["DELETE"])
        case .other: self = .act(SearchText.stem(verb))
        case .read, nil: self = .read
        }
    }

    /// Whether `other` asks the same kind of thing: both read, change by a method in common ("set up a new playlist"
    /// names an update and a creation, "create a playlist" a creation), or act by the same verb.
    public func isSameKind(as other: RequestIntent) -> Bool {
        switch (self, other) {
        case (.read, .read): true
        case (.change(let mine), .change(let theirs)): !mine.isDisjoint(with: theirs)
        case (.act(let mine), .act(let theirs)): mine == theirs
        default: false
        }
    }
}
