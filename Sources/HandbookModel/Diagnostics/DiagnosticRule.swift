/// A build diagnostic rule: its stable id and the severity it is reported with. The compiler emits only the ids
/// ``all`` registers, and docs/diagnostics.md documents each, with when it is reported (both checked by
/// `DiagnosticRuleTests`), like buf's lint rule registry.
public struct DiagnosticRule: Sendable, Hashable {
    /// The stable id printed in brackets, `area.name` (`spec.unresolved-ref`).
    public let id: String
    /// The severity the compiler reports it with.
    public let severity: Diagnostic.Severity

    /// A rule.
    public init(_ id: String, _ severity: Diagnostic.Severity) {
        self.id = id
        self.severity = severity
    }

    /// The registered rule with `id`, or `nil`.
    public static func named(_ id: String) -> DiagnosticRule? { all.first { $0.id == id } }

    /// Every rule the compiler reports, grouped by area in pipeline order (loading, parsing, translating,
    /// validating, plans, indexing, writing); what each means is in docs/diagnostics.md, in the same order.
    public static let all: [DiagnosticRule] = [
        DiagnosticRule("syntax.invalid", .error),
        DiagnosticRule("syntax.invalid-utf8", .error),
        DiagnosticRule("manifest.not-found", .error),
        DiagnosticRule("manifest.invalid", .error),
        DiagnosticRule("manifest.missing-key", .error),
        DiagnosticRule("manifest.unknown-key", .warning),
        DiagnosticRule("manifest.invalid-name", .error),
        DiagnosticRule("manifest.invalid-version", .error),
        DiagnosticRule("manifest.invalid-url", .error),
        DiagnosticRule("manifest.invalid-auth", .error),
        DiagnosticRule("manifest.invalid-promotion", .error),
        DiagnosticRule("manifest.promotion-unknown-environment", .warning),
        DiagnosticRule("manifest.literal-secret", .error),
        DiagnosticRule("manifest.duplicate-api", .error),
        DiagnosticRule("manifest.outside-folder", .error),
        DiagnosticRule("manifest.spec-outside-folder", .error),
        DiagnosticRule("manifest.spec-not-found", .error),
        DiagnosticRule("handbook.outside-folder", .error),
        DiagnosticRule("upstream.unreachable", .error),
        DiagnosticRule("upstream.snapshot-missing", .error),
        DiagnosticRule("upstream.snapshot-invalid", .error),
        DiagnosticRule("upstream.snapshot-used", .warning),
        DiagnosticRule("spec.not-found", .error),
        DiagnosticRule("spec.unknown-format", .error),
        DiagnosticRule("spec.unsupported-version", .error),
        DiagnosticRule("spec.newer-version", .warning),
        DiagnosticRule("spec.no-operations", .warning),
        DiagnosticRule("spec.unresolved-ref", .error),
        DiagnosticRule("spec.remote-ref", .error),
        DiagnosticRule("spec.ref-outside-folder", .error),
        DiagnosticRule("spec.ref-cycle", .error),
        DiagnosticRule("spec.invalid-parameter", .warning),
        DiagnosticRule("spec.unresolved-link", .warning),
        DiagnosticRule("spec.webhooks-compiled", .note),
        DiagnosticRule("spec.callbacks-skipped", .note),
        DiagnosticRule("schema.invalid", .warning),
        DiagnosticRule("schema.too-deep", .error),
        DiagnosticRule("operation.duplicate-id", .error),
        DiagnosticRule("operation.missing-id", .warning),
        DiagnosticRule("reference.unknown-operation", .error),
        DiagnosticRule("reference.unknown-policy", .error),
        DiagnosticRule("docs.front-matter", .error),
        DiagnosticRule("guardrails.invalid", .error),
        DiagnosticRule("guardrails.duplicate-id", .error),
        DiagnosticRule("guardrails.invalid-effect", .error),
        DiagnosticRule("guardrails.invalid-pattern", .error),
        DiagnosticRule("guardrails.no-effect", .warning),
        DiagnosticRule("guardrails.matches-nothing", .note),
        DiagnosticRule("tests.invalid", .error),
        DiagnosticRule("tests.missing-key", .error),
        DiagnosticRule("tests.empty", .warning),
        DiagnosticRule("tests.duplicate-name", .error),
        DiagnosticRule("tests.duplicate-step", .error),
        DiagnosticRule("tests.unknown-step", .error),
        DiagnosticRule("tests.invalid-path", .error),
        DiagnosticRule("tests.invalid-assertion", .error),
        DiagnosticRule("tests.invalid-pattern", .error),
        DiagnosticRule("workflows.invalid", .error),
        DiagnosticRule("workflows.duplicate-id", .error),
        DiagnosticRule("workflows.unknown-workflow", .error),
        DiagnosticRule("workflows.cycle", .error),
        DiagnosticRule("workflows.empty", .warning),
        DiagnosticRule("shapes.invalid", .error),
        DiagnosticRule("shapes.duplicate-name", .error),
        DiagnosticRule("shapes.syntax", .error),
        DiagnosticRule("shapes.runtime", .error),
        DiagnosticRule("shapes.output-schema", .error),
        DiagnosticRule("feedback.invalid", .error),
        DiagnosticRule("feedback.empty", .warning),
        DiagnosticRule("plans.binding-type", .error),
        DiagnosticRule("plans.unknown-pointer", .error),
        DiagnosticRule("plans.unknown-step", .error),
        DiagnosticRule("plans.unknown-input", .error),
        DiagnosticRule("plans.unknown-argument", .error),
        DiagnosticRule("plans.invalid-constant", .error),
        DiagnosticRule("index.embedding-failed", .error),
        DiagnosticRule("bundle.write-failed", .error),
        DiagnosticRule("build.warnings-as-errors", .error),
    ]
}
