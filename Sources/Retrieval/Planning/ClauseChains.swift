import Foundation

/// Call paths read off a request of several clauses ("Find the 'Nightly build' workflow in acme-corp/web, get its
/// latest run, and cancel that run"): a GET lookup for each earlier clause, in the clauses' order, each taking an
/// input that the one before returns, and last one of the request's likeliest answers, fed by the last lookup. Such a
/// request names its lookups; composing backwards from the answer alone picks the producers the API makes likeliest,
/// not the ones the request asks for. The ``Planner`` composes each chain with its links preferred
/// (``PlanComposer/namedLinks``).
///
/// A chain scores the product of its lookups' weights in their clauses (``weight(named:of:summaryNamed:summary:)``)
/// and its answer's score relative to the best answer's, ×0.1 for each earlier clause it skips (a clause may only
/// qualify the next); it has at least two calls and at most ``PlanComposer/maximumSteps``.
struct ClauseChains {
    let catalog: PlanningCatalog
    /// The values the request states, which no lookup needs to find.
    let values: StatedValues

    /// One clause of a request, read for the call it names.
    struct Clause {
        /// Its meaningful words, singular, without the values it states.
        var words: Set<String>
        /// Whether it states a value that identifies something (`acme-corp/cli`, `#512`, a quoted name).
        var statesValue: Bool
        /// Whether it speaks in the first person ("Which teams am I on?"): a call about the caller's own account does
        /// what it says.
        var firstPerson: Bool
    }

    /// A call path read off the clauses.
    struct Chain {
        /// The lookups, then the answer.
        var operations: [String]
        /// How well each lookup does what its clause says (``weight(named:of:summaryNamed:summary:)``), in order.
        var weights: [Double]
        /// The chain's score.
        var score: Double

        /// Each lookup's link to the call after it, `producer>consumer`, with the lookup's weight
        /// (``PlanComposer/namedLinks``).
        var links: [String: Double] {
            Dictionary(
                uniqueKeysWithValues: weights.indices.map { (operations[$0] + ">" + operations[$0 + 1], weights[$0]) })
        }
    }

    /// How many operations are tried as each clause's call.
    static let candidatesPerClause = 40

    /// What a chain's score is multiplied by for each clause it skips.
    static let skipWeight = 0.1

    /// How well an operation does what a clause says: the share of the clause's words its summary, path or
    /// parameters name (``OperationFacts/terms``), times one half plus half the share of its summary's words the
    /// clause names ("list the teams" is likelier "List repository teams" than "Get teams with access to the
    /// protected branch").
    static func weight(named: Int, of clause: Int, summaryNamed: Int, summary: Int) -> Double {
        guard clause > 0 else { return 0 }
        let precision = summary == 0 ? 0 : Double(summaryNamed) / Double(summary)
        return Double(named) / Double(clause) * (0.5 + 0.5 * precision)
    }

    /// The GET operations that could do what a clause says, best first (``weight(named:of:summaryNamed:summary:)``,
    /// halved for one that takes none of the values the clause states; one about the caller's own account ×1.5 for a
    /// clause in the first person, ×0.7 for another), at most ``candidatesPerClause``.
    private func candidates(for clause: Clause) -> [(id: String, weight: Double)] {
        var named: [String: Int] = [:]
        var clauseTerms = Set<String>()
        for word in clause.words {
            let terms = catalog.termsNaming(word)
            clauseTerms.formUnion(terms)
            for id in Set(terms.flatMap { catalog.operationsByTerm[$0] ?? [] }) { named[id, default: 0] += 1 }
        }
        let weighed = named.compactMap { id, count -> (id: String, weight: Double)? in
            guard let facts = catalog.facts[id], facts.operation.method == "GET" else { return nil }
            // "The most commented open issue in acme-corp/cli" is no call that takes nothing the request states.
            let ignoresValue =
                clause.statesValue
                && !facts.inputs.contains { input in
                    guard let stated = values.value(for: input, siblings: facts.inputs)?.value else { return false }
                    return input.location == .path || StatedValues.identifiesSomething(stated)
                }
            // One about the caller's own account does what a clause in the first person says (as the ``Planner``
            // weighs answers).
            let callerWeight = facts.aboutCaller ? (clause.firstPerson ? 1.5 : 0.7) : 1
            let weight =
                (ignoresValue ? 0.5 : 1) * callerWeight
                * Self.weight(
                    named: count, of: clause.words.count,
                    summaryNamed: facts.summaryWords.count { clauseTerms.contains($0) },
                    summary: facts.summaryWords.count)
            return weight > 0 ? (id, weight) : nil
        }
        return Array(
            weighed.sorted { $0.weight != $1.weight ? $0.weight > $1.weight : $0.id < $1.id }
                .prefix(Self.candidatesPerClause))
    }

    /// The best chains for a request of `clauses`, best first, at most `limit`: lookups its earlier clauses name, in
    /// their order, feeding one of `answers` (the operations the request likeliest asks for, with their scores),
    /// which the last clause names.
    func chains(
        over clauses: [Clause], answers: [(id: String, score: Double)], limit: Int
    ) -> [Chain] {
        var feeders: [String: Set<String>] = [:]
        var producers: [FieldQuery: Set<String>] = [:]
        func feeds(_ producer: String, _ consumer: String) -> Bool {
            if let known = feeders[consumer] { return known.contains(producer) }
            let found = self.feeders(of: consumer, producers: &producers)
            feeders[consumer] = found
            return found.contains(producer)
        }
        let lookups = clauses.dropLast()
        // Chains of lookups, each ending in a clause: operations and score.
        var partial: [(chain: Chain, clause: Int)] = []
        for (index, clause) in lookups.enumerated() {
            var extended: [(chain: Chain, clause: Int)] = []
            for (id, weight) in candidates(for: clause) {
                extended.append(
                    (
                        Chain(operations: [id], weights: [weight], score: weight * pow(Self.skipWeight, Double(index))),
                        index
                    ))
                for (chain, clause) in partial where chain.operations.count < PlanComposer.maximumSteps - 1 {
                    guard let last = chain.operations.last, !chain.operations.contains(id), feeds(last, id) else {
                        continue
                    }
                    let skipped = Double(index - clause - 1)
                    let score = chain.score * weight * pow(Self.skipWeight, skipped)
                    extended.append(
                        (
                            Chain(operations: chain.operations + [id], weights: chain.weights + [weight], score: score),
                            index
                        ))
                }
            }
            partial += extended
            partial.sort { $0.chain.score > $1.chain.score }
            partial = Array(partial.prefix(64))
        }
        guard let best = answers.map(\.score).max(), best > 0 else { return [] }
        var complete: [Chain] = []
        for (chain, clause) in partial {
            guard let last = chain.operations.last else { continue }
            let skipped = Double(lookups.count - 1 - clause)
            for answer in answers where !chain.operations.contains(answer.id) && feeds(last, answer.id) {
                complete.append(
                    Chain(
                        operations: chain.operations + [answer.id], weights: chain.weights,
                        score: chain.score * pow(Self.skipWeight, skipped) * answer.score / best))
            }
        }
        complete.sort {
            $0.score != $1.score ? $0.score > $1.score : $0.operations.lexicographicallyPrecedes($1.operations)
        }
        var seen = Set<[String]>()
        return Array(complete.filter { seen.insert($0.operations).inserted }.prefix(limit))
    }

    /// The GET operations that return an identifying input of `consumer` (a path parameter, a required one or a
    /// query filter: "the open issues in the milestone") that the request does not state; `producers` keeps the GET
    /// operations that return each input looked up so far (of any operation).
    private func feeders(of consumer: String, producers: inout [FieldQuery: Set<String>]) -> Set<String> {
        guard let facts = catalog.facts[consumer] else { return [] }
        var found = Set<String>()
        for input in facts.inputs
        where (input.required || input.location != .body)
            && values.value(for: input, siblings: facts.inputs) == nil
        {
            let qualifiers = values.qualifiers(for: input)
            let query = FieldQuery(input, qualifiers: qualifiers)
            if producers[query] == nil {
                let fields = catalog.producers(of: input, excluding: "", qualifiers: qualifiers)
                producers[query] = Set(
                    fields.map(\.field.operationID).filter { catalog.facts[$0]?.operation.method == "GET" })
            }
            found.formUnion((producers[query] ?? []).subtracting([consumer]))
        }
        return found
    }
}
