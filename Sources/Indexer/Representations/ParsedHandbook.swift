import HandbookModel

/// The output of the parse stage: every source file parsed into trees, specs with all their referenced files.
struct ParsedHandbook: Sendable {
    /// The manifest.
    var manifest: HandbookManifest
    /// The manifest file, when there is one.
    var manifestFile: SourceFile?
    /// Each API with its parsed spec files, in manifest order.
    var specs: [ParsedSpec]
    /// Markdown pages split into front-matter and body.
    var docPages: [ParsedDocPage]
    /// Guardrail files.
    var guardrailFiles: [ParsedYAMLFile]
    /// Regression-test files.
    var testFiles: [ParsedYAMLFile]
    /// Arazzo workflow files.
    var workflowFiles: [ParsedYAMLFile]
    /// Where the handbook is.
    var root: HandbookRoot
}

/// One API's declaration and its parsed description.
struct ParsedSpec: Sendable {
    /// The manifest entry.
    var api: APIDeclaration
    /// The root file and every file its references reach.
    var documents: SpecDocumentSet
}

/// A parsed YAML file.
struct ParsedYAMLFile: Sendable {
    /// The file.
    var file: SourceFile
    /// Its tree.
    var root: SourceNode
}

/// A markdown page: its front-matter (if any) and its body.
struct ParsedDocPage: Sendable {
    /// The file.
    var file: SourceFile
    /// The front-matter tree; line numbers are those of the page.
    var frontMatter: SourceNode?
    /// The markdown after the front-matter.
    var body: String
    /// The page line the body starts at.
    var bodyFirstLine: Int
}
