import ArgumentParser
import Releases

/// `--store`: which release store a command works with, declared once and shared with `@OptionGroup`.
struct ReleaseStoreOptions: ParsableArguments {
    @Option(help: "The release store folder (default: $HBC_STORE, else .hbc/store).")
    var store: String?

    /// The store folder: `--store`, else `HBC_STORE`, else `.hbc/store` under the current folder.
    var directory: String { ReleaseStore.defaultDirectory(explicit: store) }
}
