/// An aggregate function of the spec's `Aggregate.fn` enum.
enum AggregateFunction: String, CaseIterable, Sendable {
    case sum, avg, min, max, count
    case countDistinct = "count_distinct"
}
