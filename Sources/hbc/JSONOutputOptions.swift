import ArgumentParser

/// `--json`: how every command is asked for machine-readable output (one JSON document on standard output, or JSON
/// lines for a batch), declared once and shared with `@OptionGroup`.
struct JSONOutputOptions: ParsableArguments {
    @Flag(help: "Print JSON instead of text, for scripts (one document; with --queries, one line per query).")
    var json = false
}
