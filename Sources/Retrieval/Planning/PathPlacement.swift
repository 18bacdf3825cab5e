/// Where an operation's path puts its thing, against the things a request puts it under ("the logs of the first
/// job", "its newest repository": ``StatedValues/containers(of:)``). Read by the planner for answers and by the
/// composer for producers.
enum PathPlacement: Equatable {
    /// The path lists or acts under one of the things (`…/jobs/{job_id}/logs` for "the logs of the first job").
    case under
    /// The path reads one of the things itself and lists under none of them (`…/pulls/{pull_number}` for "its head
    /// commit" of a pull request).
    case readsContainer
    /// The path lists or acts under other things (`…/runs/{run_id}/logs` for "the logs of the first job").
    case elsewhere
    /// The path lists or acts under nothing (`/repos`).
    case unplaced

    /// Where `segments` (a path split at `/`) put their thing against `containers` (singular words).
    static func of(_ segments: [Substring], containers: some Collection<String>) -> PathPlacement {
        let contains = { (word: String) in containers.contains { PlanningWords.sameWord(word, $0) } }
        let holders = holders(in: segments)
        if holders.contains(where: contains) { return .under }
        if holders.isEmpty { return .unplaced }
        if segments.count >= 2, segments[segments.count - 1].hasPrefix("{"),
            contains(String(segments[segments.count - 2]))
        {
            return .readsContainer
        }
        return .elsewhere
    }

    /// The static segments of a path (split at `/`) that an identifier follows and more segments after it: the
    /// things the path lists or acts under (`orgs` of `/orgs/{org}/repos`, none of `/orgs/{org}`).
    static func holders(in segments: [Substring]) -> [String] {
        zip(segments, segments.dropFirst()).dropLast().filter { segment, next in
            next.hasPrefix("{") && !segment.hasPrefix("{")
        }.map { String($0.0) }
    }
}
