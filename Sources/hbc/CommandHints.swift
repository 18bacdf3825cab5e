import HandbookModel

/// The commands that do what a diagnostic's hint says, by its rule: the compiler's hints say what to do in words
/// ("write the upstream snapshots where the server can be reached"); the command line adds how, with its own
/// commands and flags, so the libraries name none.
enum CommandHints {
    /// `diagnostic` with the command that helps appended to its hint, when its rule has one.
    static func adding(to diagnostic: Diagnostic) -> Diagnostic {
        guard let command = commands[diagnostic.ruleID] else { return diagnostic }
        var hinted = diagnostic
        hinted.hint = [diagnostic.hint, command].compactMap { $0 }.joined(separator: "; ")
        return hinted
    }

    /// The commands by rule id.
    static let commands: [String: String] = [
        "upstream.snapshot-missing": "`hbc build --update-snapshots` writes it",
        "upstream.snapshot-invalid": "`hbc build --update-snapshots` writes it again",
        "upstream.unreachable":
            "`hbc build --update-snapshots` writes a snapshot, `hbc build --offline` builds from it",
        "manifest.not-found": "`hbc init DIR` creates one; `hbc build --spec FILE` builds a single spec",
        "reference.unknown-operation": "`hbc inspect FILE.hb --operations` lists the operation ids",
    ]
}
