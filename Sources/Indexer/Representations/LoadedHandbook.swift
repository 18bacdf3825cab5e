/// The output of the load stage: the manifest and every file it names, read but not yet parsed.
struct LoadedHandbook: Sendable {
    /// The manifest.
    var manifest: HandbookManifest
    /// The manifest file itself, when there is one (a bare `--spec` build has none).
    var manifestFile: SourceFile?
    /// The root spec file of each API, by API id.
    var specFiles: [String: SourceFile]
    /// Markdown pages.
    var docFiles: [SourceFile]
    /// Guardrail files.
    var guardrailFiles: [SourceFile]
    /// Regression-test files.
    var testFiles: [SourceFile]
    /// Arazzo workflow files.
    var workflowFiles: [SourceFile]
    /// The handbook root as given by the user (for display) and absolute.
    var root: HandbookRoot
}

/// Where a handbook lives.
struct HandbookRoot: Sendable {
    /// The absolute path of the handbook folder.
    var absolutePath: String
    /// The folder as the user gave it, used as the prefix of displayed paths.
    var displayPrefix: String
    /// Real paths of folders outside this one that specs and `$ref`s may read (the manifest's `allowed_ref_folders`).
    var allowedFolders: [String] = []
}
