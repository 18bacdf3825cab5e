import ArgumentParser
import Releases
import RuntimeLite

/// `--memory` and its limits: the opt-in memory tools of `hbc serve`, declared once and used with `@OptionGroup`.
struct MemoryOptions: ParsableArguments {
    @Flag(
        help: """
            Offer memory tools (memory_save, memory_search, memory_delete): what users ask the agent to remember, kept \
            per tenant and user in the state database, a SQLite file or --state postgres://… shared by replicas \
            (see docs/memory.md).
            """)
    var memory = false

    @Option(help: "With --memory, most memories one user may keep.")
    var memoryMaxPerUser = 1000

    func validate() throws {
        if memoryMaxPerUser < 1 { throw ValidationError("--memory-max-per-user must be positive") }
    }

    /// Checks `--memory` against `--state` (memories need a state database).
    func validate(state: String?) throws {
        if memory, state == "none" {
            throw ValidationError("--memory keeps memories in the state database: give --state FILE, not 'none'")
        }
    }

    /// The memory tools over the state database at `statePath` for `runtime` (ranking with its embedding model when it
    /// has one); `nil` without `--memory`.
    func tools(statePath: String?, runtime: HandbookRuntime) throws -> MemoryTools? {
        guard memory else { return nil }
        guard let statePath else {
            throw ValidationError("--memory keeps memories in the state database: give --state FILE (not 'none')")
        }
        let limits = MemoryLimits(maximumPerUser: memoryMaxPerUser)
        let search = runtime.search
        let service = MemoryService(
            store: try StateLocation(statePath).memoryStore(), limits: limits, embed: { search.embed($0) })
        return MemoryTools(service: service, limits: limits)
    }
}
