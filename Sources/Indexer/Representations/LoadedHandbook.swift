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
    let absolutePath: String
    /// The folder as the user gave it, used as the prefix of displayed paths.
    var displayPrefix: String
    /// Real paths (symlinks resolved) of the folders files may be read from: the handbook folder, then the folders
    /// outside it that specs and `$ref`s may read (the manifest's `allowed_ref_folders`).
    private(set) var readableFolders: [String]

    /// The handbook folder at `absolutePath`, shown as `displayPrefix`; only files below it may be read.
    init(absolutePath: String, displayPrefix: String) {
        self.absolutePath = absolutePath
        self.displayPrefix = displayPrefix
        readableFolders = [RealPath.resolve(absolutePath) ?? absolutePath]
    }

    /// Lets files below `folders` (real paths) be read too.
    mutating func allow(_ folders: [String]) {
        readableFolders += folders
    }
}
