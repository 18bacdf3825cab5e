import Foundation
import HandbookModel

extension PlanCache {
    /// What carrying entries from another environment's state database did.
    public struct CarryReport: Sendable, Hashable, Codable {
        /// One entry left behind, and why.
        public struct Dropped: Sendable, Hashable, Codable {
            /// The entry's id (`cached:…`).
            public var id: String
            /// The request it answered.
            public var request: String
            /// Why it was not carried, as a sentence.
            public var reason: String
        }

        /// Entries now in this database (valid for the bundle), by id.
        public var carried: [String]
        /// How many of them were re-validated after a compatible change.
        public var revalidated: Int
        /// Entries not carried.
        public var dropped: [Dropped]
    }

    /// Entries of another environment's state database checked against a bundle (``check(_:from:against:)``), ready
    /// to be written into this one with ``adopt(_:publish:)``.
    public struct Carry: Sendable {
        /// What carrying them does.
        public let report: CarryReport
        /// The entries to write, with the fingerprints and contracts of the bundle.
        let entries: [Entry]
        /// The bundle's content hash.
        let bundleHash: String

        /// Whether there is nothing to write.
        public var isEmpty: Bool { entries.isEmpty }
    }

    /// Committing carried entries failed after `publish` succeeded: the release is switched, the entries are not
    /// written.
    public struct CommitFailure: Error, Sendable {
        /// Why the commit failed.
        public var underlying: any Error
    }

    /// Checks the entries of another environment's state database (`entries`, read from `source`) against `reader`'s
    /// bundle, as ``revalidate(against:)`` does, without writing anything: those that fit are to be carried (with this
    /// bundle's fingerprints and contracts), the others are dropped with the reason. Entries already invalid in the
    /// source are dropped too.
    public static func check(_ entries: [Entry], from source: String, against reader: BundleReader) throws -> Carry {
        var validity = try PlanValidity(reader: reader)
        var report = CarryReport(carried: [], revalidated: 0, dropped: [])
        var fitting: [Entry] = []
        for var entry in entries {
            guard entry.valid else {
                report.dropped.append(
                    .init(
                        id: entry.id, request: entry.request,
                        reason: "already invalid in \(source): \(entry.invalidatedBecause ?? "no reason recorded")"))
                continue
            }
            switch try validity.verdict(
                plan: entry.plan, storedFingerprints: entry.fingerprints,
                storedContracts: entry.contracts)
            {
            case .unchanged(let missing):
                entry.contracts.merge(missing) { old, _ in old }
            case .revalidated(let fingerprints, let contracts):
                entry.fingerprints = fingerprints
                entry.contracts = contracts
                report.revalidated += 1
            case .invalid(let reason):
                report.dropped.append(.init(id: entry.id, request: entry.request, reason: reason))
                continue
            }
            fitting.append(entry)
            report.carried.append(entry.id)
        }
        return Carry(report: report, entries: fitting, bundleHash: reader.metadata.contentHash)
    }

    /// Writes checked entries into this database (valid; an entry already here keeps its use count) in one
    /// transaction that commits only after `publish` (the switch to the bundle they were checked against) succeeded:
    /// when `publish` throws, nothing is written and its error is rethrown; when the commit fails after it,
    /// ``CommitFailure`` is thrown.
    public func adopt(_ carry: Carry, publish: @escaping @Sendable () throws -> Void) async throws {
        let plans = carry.entries.map { entry in
            StoredPlan(
                id: entry.id, request: entry.request, requestVector: entry.requestVector,
                plan: ModelCoding.canonicalText(entry.plan),
                fingerprints: ModelCoding.canonicalText(entry.fingerprints),
                contracts: ModelCoding.canonicalText(entry.contracts), valid: true, invalidatedBecause: nil, uses: 0,
                bundleHash: carry.bundleHash, slots: ModelCoding.canonicalText(entry.slots), tenant: entry.tenant)
        }
        try await storage.save(plans, beforeCommit: publish)
    }
}
