import ArgumentParser
import Foundation
import HandbookModel
import Releases

/// `hbc promote`: put a bundle in an environment of a release store, or roll an environment back.
struct PromoteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "promote",
        abstract: "Put a bundle in an environment of a release store (staging, production, …), or roll one back.",
        discussion: """
            Environments are promoted in the store's order (STORE/promotion.json), pinned from the manifest's \
            `promotion` key (default: staging, then production) of the store's first promotion; a bundle that declares \
            another order is refused. Change the store's order deliberately with --set-order. The first environment \
            accepts any bundle that opens and verifies. A later one also requires:

              1. the bundle is in the previous environment (its current release, or one below it that was not rolled \
            back);
              2. its regression tests passed: every test of the bundle has a result recorded with \
            `hbc test FILE.hb --record-to STORE`, matched by content hash, and none failed;
              3. no breaking change against what the environment runs now (see `hbc diff`); \
            --allow-breaking --reason "..." overrides this one check, and the override is logged.

            A refusal lists every reason and exits 1. When accepted, the bundle is copied into the store \
            (STORE/bundles/<hash>.hb), the learned plans of the previous environment that still fit the bundle move \
            into the environment's state (the others are dropped and counted), the environment's pointer is switched \
            atomically (a server reading it sees the old bundle or the new one, never a mix), and the promotion is \
            appended to STORE/log.jsonl with who (HBC_USER, else the login user), when and why.

            --rollback --env ENV restores the release the environment ran before its current one, and logs it. It \
            needs an existing store.

            --set-order ENV,ENV,... sets the store's promotion order (with who, when and --reason).

            The store is --store, else $HBC_STORE, else .hbc/store in the current folder. See docs/releases.md.

            Exit status: 0 promoted (or already there), 1 refused, 2 usage, bundle or store errors.

            Examples:
              hbc promote acme.hb --to staging
              hbc test acme.hb --env staging --record-to .hbc/store
              hbc promote acme.hb --to production
              hbc promote acme-2.0.hb --to production --allow-breaking --reason "all clients moved to v2"
              hbc promote --rollback --env production --reason "error rate up"
              hbc promote --set-order qa,staging,production --reason "qa environment added"
              hbc promote acme.hb --to production --state production=postgres://hbc@db.internal:5432/hbc
              HBC_STORE=/srv/hbc/store hbc promote acme.hb --to staging --json
            """
    )

    @Argument(help: "The bundle file to promote (not with --rollback).")
    var bundle: String?

    @Option(name: .customLong("to"), help: "The environment to put the bundle in.")
    var target: String?

    @Flag(help: "Restore the release the environment (--env) ran before its current one.")
    var rollback = false

    @Option(help: "The environment to roll back (with --rollback).")
    var env: String?

    @Option(
        help: ArgumentHelp(
            "Set the store's promotion order instead of promoting: environments, first to last, comma-separated.",
            valueName: "envs"))
    var setOrder: String?

    @OptionGroup var storeOptions: ReleaseStoreOptions

    @Flag(help: "Promote despite breaking changes against what the environment runs now (needs --reason; logged).")
    var allowBreaking = false

    @Option(help: "Why (written to the release log).")
    var reason: String?

    @Option(
        name: .customLong("state"),
        help: """
            ENV=STATE: an environment whose learned plans are not in the store's file but in STATE, e.g. \
            production=postgres://hbc@db:5432/hbc for replicas sharing PostgreSQL (repeatable).
            """)
    var states: [String] = []

    @OptionGroup var outputOptions: JSONOutputOptions

    func validate() throws {
        _ = try stateLocations()
        if let setOrder {
            if rollback || bundle != nil || target != nil || env != nil || allowBreaking {
                throw ValidationError("--set-order takes only --store and --reason")
            }
            if Self.environments(setOrder).isEmpty {
                throw ValidationError("--set-order needs environments, first to last: --set-order staging,production")
            }
        } else if rollback {
            guard env != nil else { throw ValidationError("--rollback needs --env ENV (the environment to roll back)") }
            if bundle != nil || target != nil {
                throw ValidationError("--rollback takes --env ENV, not a bundle or --to")
            }
            if allowBreaking { throw ValidationError("--allow-breaking applies to promotions, not to --rollback") }
        } else {
            guard bundle != nil else { throw ValidationError("missing the bundle file: hbc promote FILE.hb --to ENV") }
            guard target != nil else { throw ValidationError("missing --to ENV (the environment to promote to)") }
            if env != nil { throw ValidationError("--env is for --rollback; promote with --to ENV") }
            if allowBreaking, (reason ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
                throw ValidationError("--allow-breaking needs --reason \"why\" (it is written to the release log)")
            }
        }
    }

    /// The environments' state databases given with `--state ENV=STATE`.
    func stateLocations() throws -> [String: StateLocation] {
        var locations: [String: StateLocation] = [:]
        for state in states {
            guard let equals = state.firstIndex(of: "="), equals != state.startIndex else {
                throw ValidationError("--state takes ENV=STATE, e.g. production=postgres://hbc@db:5432/hbc")
            }
            let location = String(state[state.index(after: equals)...])
            locations[String(state[..<equals])] = try StateOptions.location(location)
        }
        return locations
    }

    /// The names of a `--set-order` value.
    static func environments(_ list: String) -> [String] {
        list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    func run() async throws {
        let releases: ReleaseStore
        do {
            let directory = storeOptions.directory
            // Rolling back never creates a store: a mistyped --store is an error.
            releases = rollback ? try ReleaseStore(existing: directory) : try ReleaseStore(directory: directory)
        } catch {
            Terminal.storeError(error, directory: storeOptions.directory)
            throw ExitCode(2)
        }
        do {
            if let setOrder {
                let order = try await releases.setPromotionOrder(Self.environments(setOrder), reason: reason)
                if outputOptions.json {
                    Terminal.printJSON(
                        .object(["promotionOrder": ReleaseJSON.value(order), "store": .string(releases.directory)]))
                } else {
                    print("\(releases.directory) now promotes through \(order.arrows) (set by \(order.setBy))")
                }
            } else if rollback, let env {
                report(try await releases.rollback(environment: env, reason: reason), store: releases)
            } else if let bundle, let target {
                var request = PromotionRequest(
                    bundlePath: bundle, environment: target, allowBreaking: allowBreaking, reason: reason)
                request.states = try stateLocations()
                report(try await releases.promote(request), store: releases)
            }
        } catch let error as PromotionError {
            switch error {
            case .refused(let environment, let reasons):
                let reasons = reasons.map { explained($0, store: storeOptions.directory) }
                if outputOptions.json {
                    Terminal.printJSON(
                        .object([
                            "promoted": .bool(false), "environment": .string(environment),
                            "reasons": .array(reasons.map(JSONValue.string)),
                        ]))
                } else {
                    Terminal.error(
                        "error: promotion to \(environment) refused:\n"
                            + reasons.map { "  - \($0)" }.joined(separator: "\n"))
                }
                throw ExitCode(1)
            case .nothingToRollBack:
                if outputOptions.json {
                    Terminal.printJSON(
                        .object(["rolledBack": .bool(false), "reasons": .array([.string(error.description)])]))
                } else {
                    Terminal.error("error: \(error)")
                    Terminal.error(
                        "hint: see what ran there: hbc releases --history --env \(env ?? "ENV") "
                            + "--store \(storeOptions.directory)")
                }
                throw ExitCode(1)
            case .unknownEnvironment:
                Terminal.error("error: \(error)")
                Terminal.error("hint: see the store's environments: hbc releases --store \(storeOptions.directory)")
                throw ExitCode(2)
            }
        } catch let error as ExitCode {
            throw error
        } catch {
            Terminal.storeError(error, directory: storeOptions.directory)
            throw ExitCode(2)
        }
    }

    /// A refusal reason with the command that fixes it, then its detail lines.
    private func explained(_ refusal: PromotionRefusal, store: String) -> String {
        let command: String? =
            switch refusal.remedy {
            case .setPromotionOrder(let environments)?:
                "hbc promote --set-order \(environments.joined(separator: ",")) --reason \"…\" --store \(store)"
            case .promote(let bundlePath, let environment)?:
                "hbc promote \(bundlePath) --to \(environment) --store \(store)"
            case .allowBreaking?:
                "--allow-breaking --reason \"…\""
            case .recordTests(let bundlePath, let environment)?:
                "hbc test \(bundlePath) --env \(environment) --record-to \(store)"
            case nil:
                nil
            }
        return ([refusal.reason + (command.map { " (\($0))" } ?? "")] + refusal.details).joined(separator: "\n")
    }

    private func report(_ outcome: PromotionOutcome, store: ReleaseStore) {
        if outputOptions.json {
            var object: JSONObject = [
                "promoted": .bool(!outcome.alreadyCurrent), "alreadyCurrent": .bool(outcome.alreadyCurrent),
                "release": ReleaseJSON.value(outcome.release), "checks": .array(outcome.checks.map(JSONValue.string)),
                "overrides": .array(outcome.overrides.map(JSONValue.string)), "store": .string(store.directory),
            ]
            if let previous = outcome.previous, !outcome.alreadyCurrent {
                object["previous"] = ReleaseJSON.value(previous)
            }
            if let plans = outcome.plans {
                object["plans"] = .object([
                    "from": .string(outcome.plansFrom ?? ""), "carried": .integer(plans.carried.count),
                    "revalidated": .integer(plans.revalidated), "dropped": .integer(plans.dropped.count),
                    "droppedPlans": .array(
                        plans.dropped.map { dropped in
                            .object([
                                "id": .string(dropped.id), "request": .string(dropped.request),
                                "reason": .string(dropped.reason),
                            ])
                        }),
                ])
            }
            Terminal.printJSON(.object(object))
            return
        }
        let release = outcome.release
        guard !outcome.alreadyCurrent else {
            print(
                "\(release.environment) already runs \(release.handbook) \(release.version) (\(release.contentHash)); nothing changed"
            )
            return
        }
        print("Promoted \(release.handbook) \(release.version) to \(release.environment)")
        print("  content hash  \(release.contentHash)")
        if let previous = outcome.previous {
            print("  replaces      \(previous.handbook) \(previous.version) (\(previous.contentHash))")
        }
        for check in outcome.checks { print("  ✓ \(check)") }
        for override in outcome.overrides { print("  ! overridden: \(override)") }
        if let plans = outcome.plans, let source = outcome.plansFrom {
            var line = "  learned plans from \(source): \(plans.carried.count) carried"
            if plans.revalidated > 0 { line += " (\(plans.revalidated) re-validated after compatible changes)" }
            line += ", \(plans.dropped.count) dropped"
            print(line)
            for dropped in plans.dropped {
                print("    dropped \(dropped.id) \"\(dropped.request)\": \(dropped.reason)")
            }
        }
        print("  by \(release.promotedBy) at \(release.promotedAt)\(release.reason.map { " — \($0)" } ?? "")")
        print("  serve it: hbc serve --store \(store.directory) --env \(release.environment)")
    }

    private func report(_ outcome: RollbackOutcome, store: ReleaseStore) {
        if outputOptions.json {
            Terminal.printJSON(
                .object([
                    "rolledBack": .bool(true), "release": ReleaseJSON.value(outcome.release),
                    "previous": ReleaseJSON.value(outcome.rolledBack), "store": .string(store.directory),
                ]))
            return
        }
        let release = outcome.release
        print("Rolled \(release.environment) back to \(release.handbook) \(release.version) (\(release.contentHash))")
        print(
            "  replaces      \(outcome.rolledBack.handbook) \(outcome.rolledBack.version) (\(outcome.rolledBack.contentHash))"
        )
        print("  by \(release.promotedBy) at \(release.promotedAt)\(release.reason.map { " — \($0)" } ?? "")")
    }
}
