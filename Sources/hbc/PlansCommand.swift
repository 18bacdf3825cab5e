import ArgumentParser
import Foundation
import HandbookModel
import Releases
import RuntimeLite

/// `hbc plans`: look into a plan cache's state database.
struct PlansCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plans",
        abstract: "List, show or clear the plans a server learned (its state database).",
        discussion: """
            `hbc serve` keeps plans that agents composed and ran successfully in a state database beside the bundle \
            (BUNDLE.state.sqlite, or --state; STORE/state/ENV.state.sqlite for a release store), with the fingerprint \
            and the contract of each operation they call. When it starts on a bundle in which such an operation \
            changed, the stored contract is compared with the new one: a compatible change whose parameters, body \
            fields and response values the plan still finds re-validates the plan; a breaking change, a binding gone \
            or a removed operation invalidates it, with the reason. Plans whose operations did not change stay valid. \
            `hbc promote` applies the same rule when it carries plans to the next environment.

            The state database is --state, else $HBC_STATE, else the only *.state.sqlite file in the current \
            directory.

            Exit status: 0 done, 1 no state database or no such plan, 2 usage errors (a bundle given instead of its \
            state database, several state databases to choose from).

            Examples:
              hbc plans list --state acme.hb.state.sqlite
              hbc plans show cached:3f2a9c1b0d4e --state acme.hb.state.sqlite
              hbc plans clear --state acme.hb.state.sqlite
              hbc plans list --state .hbc/store/state/production.state.sqlite --json
            """,
        subcommands: [List.self, Show.self, Clear.self]
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List cached plans and the hit/miss/invalidation/re-validation counts.",
            discussion: """
                Exit status: 0 listed, 1 no state database, 2 usage errors (a bundle given instead of its state \
                database, several state databases to choose from).

                Examples:
                  hbc plans list --state acme.hb.state.sqlite
                  hbc plans list --state .hbc/store/state/production.state.sqlite --json
                """)

        @OptionGroup var stateOptions: StateOptions
        @OptionGroup var outputOptions: JSONOutputOptions

        func run() async throws {
            let cache = try PlansCommand.open(try stateOptions.value())
            let entries = try await cache.entries()
            let counters = try await cache.counters()
            if outputOptions.json {
                Terminal.printJSON(
                    .object([
                        "hits": .integer(counters.hits), "misses": .integer(counters.misses),
                        "invalidations": .integer(counters.invalidations),
                        "revalidations": .integer(counters.revalidations),
                        "plans": .array(entries.map(PlansCommand.json)),
                    ]))
                return
            }
            for entry in entries {
                print(
                    "\(entry.id)  \(entry.valid ? "valid" : "invalid")  uses \(entry.uses)  "
                        + "\(entry.plan.operations.joined(separator: " → "))  \"\(entry.request)\"")
                if let reason = entry.invalidatedBecause { print("    invalidated: \(reason)") }
            }
            print(
                "\(entries.count) plan(s) · \(counters.hits) hit(s) · \(counters.misses) miss(es) · "
                    + "\(counters.invalidations) invalidation(s) · \(counters.revalidations) re-validation(s)")
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show one cached plan with its steps.",
            discussion: """
                Prints the plan's request, validity, steps with their arguments and the fingerprint of each \
                operation it calls; --json prints the same as one JSON document.

                Exit status: 0 shown, 1 no state database or no such plan, 2 usage errors (a bundle given instead of \
                its state database, several state databases to choose from).

                Examples:
                  hbc plans show cached:3f2a9c1b0d4e --state acme.hb.state.sqlite
                  hbc plans show cached:3f2a9c1b0d4e --json
                """)

        @Argument(help: "The plan id (cached:…).")
        var id: String

        @OptionGroup var stateOptions: StateOptions
        @OptionGroup var outputOptions: JSONOutputOptions

        func run() async throws {
            let state = try stateOptions.value()
            guard let entry = try await PlansCommand.open(state).storedEntry(id: id) else {
                Terminal.error("error: no plan \(id) in \(StateLocation.masked(state))")
                throw ExitCode(1)
            }
            let fingerprints = entry.fingerprints.sorted { $0.key < $1.key }
            guard !outputOptions.json else {
                var object = PlansCommand.json(entry).objectValue ?? JSONObject()
                object["steps"] = .array(
                    entry.plan.steps.map { step in
                        .object([
                            "id": .string(step.id), "operation": .string(step.operation), "arguments": step.arguments,
                        ])
                    })
                object["fingerprints"] = .object(JSONObject(fingerprints.map { ($0.key, .string($0.value)) }))
                object["contractsStored"] = .array(entry.contracts.keys.sorted().map(JSONValue.string))
                Terminal.printJSON(.object(object))
                return
            }
            print("\(entry.id)  \(entry.valid ? "valid" : "invalid")  uses \(entry.uses)  \"\(entry.request)\"")
            if let reason = entry.invalidatedBecause { print("  invalidated: \(reason)") }
            for slot in entry.slots {
                print("  input from the request: \(slot.input) (\(slot.kind.rawValue), e.g. \(slot.example))")
            }
            for step in entry.plan.steps {
                print("  \(step.id): \(step.operation) \(step.arguments.serialized)")
            }
            for (operation, fingerprint) in fingerprints { print("  \(operation) \(fingerprint)") }
            print("  bundle \(entry.bundleHash)")
        }
    }

    struct Clear: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Delete every cached plan.",
            discussion: """
                Exit status: 0 cleared, 1 no state database, 2 usage errors (a bundle given instead of its state \
                database, several state databases to choose from).

                Example:
                  hbc plans clear --state acme.hb.state.sqlite
                """)

        @OptionGroup var stateOptions: StateOptions

        func run() async throws {
            let state = try stateOptions.value()
            try await PlansCommand.open(state).clear()
            print("cleared \(StateLocation.masked(state))")
        }
    }

    /// Opens an existing state database (never creates one, and never a bundle: opening one read-write would add
    /// tables to it and break its seal).
    static func open(_ path: String) throws -> PlanCache {
        try StateOptions.existing(path, holding: "learned plans").planCache()
    }

    /// The summary of an entry shown by `list --json` and `show`.
    static func json(_ entry: PlanCache.Entry) -> JSONValue {
        var object: JSONObject = [
            "id": .string(entry.id), "request": .string(entry.request), "valid": .bool(entry.valid),
            "uses": .integer(entry.uses), "operations": .array(entry.plan.operations.map(JSONValue.string)),
            "bundleHash": .string(entry.bundleHash),
        ]
        if let reason = entry.invalidatedBecause { object["invalidatedBecause"] = .string(reason) }
        if !entry.slots.isEmpty {
            object["inputsFromRequest"] = .array(
                entry.slots.map { slot in
                    .object([
                        "input": .string(slot.input), "kind": .string(slot.kind.rawValue),
                        "example": .string(slot.example),
                    ])
                })
        }
        return .object(object)
    }
}
