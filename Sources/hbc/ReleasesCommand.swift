import ArgumentParser
import Foundation
import HandbookModel
import Releases

/// `hbc releases`: what runs where in a release store, and how it got there.
struct ReleasesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "releases",
        abstract: "List what runs in each environment of a release store, with hashes and times.",
        discussion: """
            The store's promotion order (STORE/promotion.json), then one line per environment: the handbook, its version, the bundle's content hash, when it was promoted and \
            by whom. --history adds every promotion and rollback of each environment from the store's log \
            (STORE/log.jsonl), oldest first, with reasons, overrides and the learned plans carried or dropped.

            The store is --store, else $HBC_STORE, else .hbc/store in the current folder. See docs/releases.md.

            Exit status: 0 listed, 2 usage errors or a store that cannot be read (none at the folder, a damaged \
            file).

            Examples:
              hbc releases
              hbc releases --store /srv/hbc/store --history
              hbc releases --env production --history --json
            """
    )

    @OptionGroup var storeOptions: ReleaseStoreOptions

    @Option(help: "Only this environment.")
    var env: String?

    @Flag(help: "Also list every promotion and rollback, oldest first.")
    var history = false

    @OptionGroup var outputOptions: JSONOutputOptions

    func run() async throws {
        let directory = storeOptions.directory
        let releases: ReleaseStore
        do {
            releases = try ReleaseStore(existing: directory)
        } catch {
            Terminal.storeError(error, directory: directory)
            throw ExitCode(2)
        }
        var rows: [(environment: String, release: Release?, events: [ReleaseEvent])] = []
        let order: PromotionOrder?
        do {
            order = try releases.promotionOrder()
            let log = try releases.log()
            var names = Self.ordered(try releases.environments() + log.map(\.environment), order: order)
            if let env { names = names.filter { $0 == env } }
            for name in names {
                rows.append((name, try releases.current(environment: name), log.filter { $0.environment == name }))
            }
        } catch {
            Terminal.storeError(error, directory: directory)
            throw ExitCode(2)
        }
        if outputOptions.json {
            Terminal.printJSON(
                .object([
                    "store": .string(releases.directory),
                    "promotionOrder": order.map(ReleaseJSON.value) ?? .null,
                    "environments": .array(
                        rows.map { row in
                            var object: JSONObject = [
                                "environment": .string(row.environment),
                                "current": row.release.map(ReleaseJSON.value) ?? .null,
                            ]
                            if history { object["history"] = .array(row.events.map(ReleaseJSON.value)) }
                            return .object(object)
                        }),
                ]))
            return
        }
        print("Release store \(releases.directory)")
        if let order {
            print(
                "Promotion order \(order.arrows)  (set by \(order.setBy) at \(order.setAt), \(order.source)"
                    + "\(order.reason.map { ": \"\($0)\"" } ?? ""))")
        }
        guard !rows.isEmpty else {
            print(env.map { "Nothing was promoted to \($0)." } ?? "No releases yet: hbc promote FILE.hb --to staging")
            return
        }
        let width = max(rows.map(\.environment.count).max() ?? 0, 11)
        for row in rows {
            let name = row.environment.padding(toLength: width, withPad: " ", startingAt: 0)
            guard let release = row.release else {
                print("\(name)  (nothing)")
                continue
            }
            print(
                "\(name)  \(release.handbook) \(release.version)  \(release.contentHash)  "
                    + "\(release.promotedAt) by \(release.promotedBy)\(release.reason.map { "  \"\($0)\"" } ?? "")")
        }
        guard history else { return }
        for row in rows {
            print("")
            print("\(row.environment):")
            for event in row.events {
                var line =
                    "  \(event.when)  \(event.action.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0))  "
                    + "\(event.handbook) \(event.version)  \(event.contentHash)  by \(event.who)"
                if let previous = event.previousHash { line += "  (was \(Self.short(previous)))" }
                if let reason = event.reason { line += "  \"\(reason)\"" }
                print(line)
                for override in event.overrides { print("      overridden: \(override)") }
                if let source = event.plansFrom, event.plansCarried + event.plansDropped > 0 {
                    print(
                        "      learned plans from \(source): \(event.plansCarried) carried, \(event.plansDropped) dropped"
                    )
                }
            }
        }
    }

    /// Environment names without duplicates, in the store's promotion order (others after, by name).
    static func ordered(_ names: [String], order: PromotionOrder?) -> [String] {
        let environments = order?.environments ?? HandbookMetadata.defaultPromotion
        return Array(Set(names)).sorted { left, right in
            let (l, r) = (environments.firstIndex(of: left) ?? Int.max, environments.firstIndex(of: right) ?? Int.max)
            return l != r ? l < r : left < right
        }
    }

    /// `sha256:` and the first 12 hex digits.
    static func short(_ hash: String) -> String { String(hash.prefix(19)) + "…" }
}
