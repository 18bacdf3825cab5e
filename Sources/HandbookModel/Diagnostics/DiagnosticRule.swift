/// A build diagnostic rule: its stable id, the severity it is reported with and what it means. The compiler emits
/// only the ids ``all`` registers, and docs/diagnostics.md documents each (both checked by `DiagnosticRuleTests`),
/// like buf's lint rule registry.
public struct DiagnosticRule: Sendable, Hashable {
    /// The stable id printed in brackets, `area.name` (`spec.unresolved-ref`).
    public let id: String
    /// The severity the compiler reports it with.
    public let severity: Diagnostic.Severity
    /// When it is reported, in one sentence.
    public let summary: String

    /// A rule.
    public init(_ id: String, _ severity: Diagnostic.Severity, _ summary: String) {
        self.id = id
        self.severity = severity
        self.summary = summary
    }

    /// The registered rule with `id`, or `nil`.
    public static func named(_ id: String) -> DiagnosticRule? { all.first { $0.id == id } }

    /// Every rule the compiler reports, grouped by area in pipeline order (loading, parsing, translating,
    /// validating, plans, indexing, writing).
    public static let all: [DiagnosticRule] = [
        DiagnosticRule(
            "syntax.invalid", .error,
            "A YAML or JSON file (or a docs page's front-matter) does not parse, nests deeper than 512 "
                + "levels, expands aliases too far or repeats a key; the position is the parser's."),
        DiagnosticRule(
            "syntax.invalid-utf8", .error,
            "A file holds bytes that are not UTF-8 (or are control characters); the position is the first bad"
                + " byte's."),
        DiagnosticRule("manifest.not-found", .error, "The handbook folder has no `handbook.yaml`."),
        DiagnosticRule(
            "manifest.invalid", .error,
            "`handbook.yaml` is not a mapping with `handbook`, `version` and `apis`, or a field has the wrong"
                + " shape."),
        DiagnosticRule(
            "manifest.missing-key", .error,
            "A required manifest key (`apis`, an API's `id` or `spec`, …) is missing."),
        DiagnosticRule(
            "manifest.unknown-key", .warning,
            "The manifest has a key hbc does not know; it is ignored (a typo, usually)."),
        DiagnosticRule(
            "manifest.invalid-name", .error,
            "The handbook name uses characters other than lowercase letters, digits, `-`, `_` and `.`."),
        DiagnosticRule("manifest.invalid-version", .error, "The handbook version is not a semantic version."),
        DiagnosticRule("manifest.invalid-url", .error, "An environment's base URL is not an absolute http(s) URL."),
        DiagnosticRule(
            "manifest.invalid-auth", .error,
            "An `auth` entry has no or an unknown `type`, or lacks what its type needs."),
        DiagnosticRule(
            "manifest.invalid-promotion", .error,
            "`promotion` is not a non-empty list of distinct environment names."),
        DiagnosticRule(
            "manifest.promotion-unknown-environment", .warning,
            "`promotion` names an environment the manifest does not declare."),
        DiagnosticRule(
            "manifest.literal-secret", .error,
            "A secret is written in the manifest (credentials in a base URL, a literal token) instead of "
                + "coming from the environment."),
        DiagnosticRule("manifest.duplicate-api", .error, "Two APIs share an id."),
        DiagnosticRule(
            "manifest.outside-folder", .error,
            "The manifest is a link to a file outside the handbook folder."),
        DiagnosticRule(
            "manifest.spec-outside-folder", .error,
            "An API's `spec` lies outside the handbook folder and the folders `allowed_ref_folders` lists."),
        DiagnosticRule("manifest.spec-not-found", .error, "An API's `spec` file does not exist."),
        DiagnosticRule(
            "handbook.outside-folder", .error,
            "A docs, guardrails or tests file is (or links to) a file outside the handbook folder."),
        DiagnosticRule(
            "spec.not-found", .error, "The spec file compiled alone (without a handbook folder) does not exist."),
        DiagnosticRule("spec.unknown-format", .error, "The document has neither an `openapi` nor a `swagger` field."),
        DiagnosticRule(
            "spec.unsupported-version", .error,
            "The document's OpenAPI or Swagger version is not one hbc reads (Swagger 2.0, OpenAPI 3.0–3.2)."),
        DiagnosticRule("spec.newer-version", .warning, "OpenAPI 3.3 or later: read as 3.2."),
        DiagnosticRule("spec.no-operations", .warning, "The spec defines no callable operation."),
        DiagnosticRule("spec.unresolved-ref", .error, "A `$ref` points at nothing."),
        DiagnosticRule("spec.remote-ref", .error, "A `$ref` names a URL; URLs are never fetched."),
        DiagnosticRule(
            "spec.ref-outside-folder", .error,
            "A `$ref` leads to a file outside the folders a build may read."),
        DiagnosticRule("spec.ref-cycle", .error, "A `$ref` chain of non-schema objects leads back to itself."),
        DiagnosticRule("spec.invalid-parameter", .warning, "A parameter without `name` or `in`; it is skipped."),
        DiagnosticRule(
            "spec.unresolved-link", .warning,
            "A response link names no operation of the spec; it is ignored."),
        DiagnosticRule(
            "spec.webhooks-compiled", .note,
            "The spec's webhooks were compiled as searchable, never executed operations."),
        DiagnosticRule("spec.callbacks-skipped", .note, "The spec's callbacks are not compiled."),
        DiagnosticRule("schema.invalid", .warning, "A schema is not a mapping (a list, say); it is kept as written."),
        DiagnosticRule("schema.too-deep", .error, "Inline schemas nest more than 64 levels deep."),
        DiagnosticRule("operation.duplicate-id", .error, "Two operations share an `operationId`."),
        DiagnosticRule(
            "operation.missing-id", .warning,
            "Operations without `operationId`; their ids are derived from method and path."),
        DiagnosticRule(
            "reference.unknown-operation", .error,
            "Docs, guardrails or tests name an operation that does not exist."),
        DiagnosticRule("reference.unknown-policy", .error, "A test expects a refusal by a policy that does not exist."),
        DiagnosticRule("docs.front-matter", .error, "A docs page's front-matter starts with `---` but never ends."),
        DiagnosticRule(
            "guardrails.invalid", .error,
            "A guardrails file is not a mapping with a `policies` list, or a policy has the wrong shape."),
        DiagnosticRule("guardrails.duplicate-id", .error, "Two policies share an id."),
        DiagnosticRule(
            "guardrails.invalid-effect", .error,
            "A policy's or rule's effect is not `allow`, `deny` or `confirm`."),
        DiagnosticRule(
            "guardrails.invalid-pattern", .error,
            "A constraint's `pattern` is not a valid ECMA-262 regular expression."),
        DiagnosticRule(
            "guardrails.no-effect", .warning,
            "A policy has no effect, constraints or redaction, so it does nothing."),
        DiagnosticRule("guardrails.matches-nothing", .note, "A policy matches no operation yet."),
        DiagnosticRule(
            "tests.invalid", .error,
            "A tests file is not a mapping with a `tests` list, or a test has the wrong shape."),
        DiagnosticRule(
            "tests.missing-key", .error,
            "A test lacks a key it needs (a `request` for `expect.operations`, a step's `operation`, …)."),
        DiagnosticRule(
            "tests.empty", .warning,
            "A test has neither `expect.operations` nor `steps`, so it checks nothing."),
        DiagnosticRule("tests.duplicate-name", .error, "A suite has two tests with the same name."),
        DiagnosticRule("tests.duplicate-step", .error, "A test has two steps with the same id."),
        DiagnosticRule("tests.unknown-step", .error, "A `$steps.ID…` value names no earlier step."),
        DiagnosticRule("tests.invalid-path", .error, "An assertion's path is not a JSONPath starting with `$`."),
        DiagnosticRule(
            "tests.invalid-assertion", .error,
            "An assertion has no or several comparisons, or a value of the wrong kind for its comparison."),
        DiagnosticRule(
            "tests.invalid-pattern", .error,
            "A `matches` assertion's pattern is not a valid regular expression."),
        DiagnosticRule("workflows.invalid", .error, "A malformed Arazzo workflow or a step naming no operation."),
        DiagnosticRule("workflows.duplicate-id", .error, "Two workflows of one Arazzo document share an id."),
        DiagnosticRule(
            "workflows.unknown-workflow", .error,
            "A step's `workflowId` names no workflow of a listed Arazzo document."),
        DiagnosticRule("workflows.cycle", .error, "Workflows call themselves, directly or through others."),
        DiagnosticRule("workflows.empty", .warning, "A workflow without steps."),
        DiagnosticRule(
            "shapes.invalid", .error,
            "A shapes file is not a mapping with a `shapes` list, or a shape has the wrong shape (name, "
                + "`output`)."),
        DiagnosticRule("shapes.duplicate-name", .error, "An operation has two shapes with the same name."),
        DiagnosticRule("shapes.syntax", .error, "A shape's jq program does not parse."),
        DiagnosticRule(
            "shapes.runtime", .error,
            "A shape's jq program fails on one of the operation's documented success responses (examples or "
                + "generated data)."),
        DiagnosticRule(
            "shapes.output-schema", .error,
            "A shape's output on a documented success response does not fit its declared output schema."),
        DiagnosticRule(
            "plans.binding-type", .error,
            "A step binds a value of the wrong type to a parameter or body field (docs/plans.md, \"Binding "
                + "checks\")."),
        DiagnosticRule(
            "plans.unknown-pointer", .error,
            "A step binds a response pointer the earlier operation's success response schema does not have."),
        DiagnosticRule("plans.unknown-step", .error, "A step binds a value from a step that does not come earlier."),
        DiagnosticRule("plans.unknown-input", .error, "A step binds an input the plan does not declare."),
        DiagnosticRule("plans.unknown-argument", .error, "A step sets an argument its operation does not take."),
        DiagnosticRule(
            "plans.invalid-constant", .error,
            "A step sets a constant its parameter's or body field's schema rejects."),
        DiagnosticRule(
            "index.embedding-failed", .error,
            "Embedding the search documents failed (model missing or damaged; see `make model`)."),
        DiagnosticRule("bundle.write-failed", .error, "The bundle file could not be written."),
        DiagnosticRule(
            "build.warnings-as-errors", .error, "Warnings were reported and the build treats warnings as errors."),
    ]
}
