import HandbookModel
import Shaping

/// Checks response shapes at build time: the operation exists, the name is unique for it, the jq program compiles
/// (errors at the program's line in the YAML file), and, run on the operation's documented success-response examples
/// (else on data generated from the response schema), it succeeds and its output fits the declared `output` schema.
struct ShapeChecker {
    let handbook: CompiledHandbook
    let diagnostics: DiagnosticCollector
    /// Builds run many checks at once on busy machines: a generous time limit (a runaway program still stops).
    var evaluator = JQEvaluator(limits: ShapeLimits(timeout: .seconds(10)))

    /// The shapes that passed every check.
    func check(_ sources: [ShapeSource]) -> [ResponseShape] {
        guard !sources.isEmpty else { return [] }
        let operations = Dictionary(handbook.operations.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let schemasByAPI = Dictionary(grouping: handbook.schemas, by: \.apiID).mapValues { components in
            Dictionary(components.map { ($0.name, $0.schema) }, uniquingKeysWith: { first, _ in first })
        }
        var seen = Set<String>()
        var accepted: [ResponseShape] = []
        for source in sources {
            let shape = source.shape
            guard let operation = operations[shape.operation] else {
                diagnostics.error("reference.unknown-operation",
                                  "shape '\(shape.name)' names operation '\(shape.operation)', which does not exist",
                                  at: source.operationLocation, hint: "use an operationId of the handbook's specs")
                continue
            }
            guard seen.insert(shape.operation + "\u{0}" + shape.name).inserted else {
                diagnostics.error("shapes.duplicate-name",
                                  "operation '\(shape.operation)' has two shapes named '\(shape.name)'",
                                  at: source.location, hint: "give each shape of an operation its own name")
                continue
            }
            let schemas = schemasByAPI[operation.apiID] ?? [:]
            let resolve: @Sendable (String) -> JSONValue? = { reference in
                SchemaComponent.name(fromReference: reference).flatMap { schemas[$0] }
            }
            if checkProgram(of: source, on: Self.samples(of: operation, resolve: resolve), resolve: resolve) {
                accepted.append(shape)
            }
        }
        return accepted
    }

    /// Compiles the program and runs it on each sample response (a run reports compile errors too, so the program is
    /// compiled on its own only when there is no sample); `false` when it does not compile, fails or its output breaks
    /// the declared schema.
    private func checkProgram(
        of source: ShapeSource, on samples: [(name: String, value: JSONValue)],
        resolve: @escaping @Sendable (String) -> JSONValue?
    ) -> Bool {
        guard !samples.isEmpty else {
            return reportCompileErrors(evaluator.compileErrors(of: source.shape.program), of: source)
        }
        let validator = JSONSchemaValidator(direction: .response, maximumViolations: 3, resolveReference: resolve)
        for sample in samples {
            switch evaluator.shape(sample.value, with: source.shape.program) {
            case .failure(.compile(let errors)):
                return reportCompileErrors(errors, of: source)
            case .failure(let failure):
                diagnostics.error("shapes.runtime", "shape '\(source.shape.name)' fails on \(sample.name): \(failure)",
                                  at: source.programLine(1),
                                  hint: "the program must work on every documented success response")
                return false
            case .success(let output):
                guard let schema = source.shape.output else { continue }
                let violations = validator.validate(output, against: schema)
                if !violations.isEmpty {
                    diagnostics.error("shapes.output-schema",
                                      "the output of shape '\(source.shape.name)' on \(sample.name) does not fit its "
                                          + "output schema: " + violations.map(\.description).joined(separator: "; "),
                                      at: source.outputLocation ?? source.location,
                                      hint: "fix the program or the declared output schema")
                    return false
                }
            }
        }
        return true
    }

    /// Reports `errors` at the program's lines; whether there were none.
    private func reportCompileErrors(_ errors: [JQCompileError], of source: ShapeSource) -> Bool {
        for error in errors {
            diagnostics.error("shapes.syntax", "jq: \(error.message)", at: source.programLine(error.line ?? 1),
                              hint: "see https://jqlang.github.io/jq/manual/v1.6/")
        }
        return errors.isEmpty
    }

    /// The responses a shape is checked on: the examples of the lowest documented 2xx JSON response, else data
    /// generated from its schema.
    static func samples(
        of operation: APIOperation, resolve: @escaping @Sendable (String) -> JSONValue?
    ) -> [(name: String, value: JSONValue)] {
        let success = operation.responses.filter { $0.status.hasPrefix("2") }.sorted { $0.status < $1.status }
        for response in success {
            guard let content = response.content.first(where: { $0.mediaType.contains("json") }) else { continue }
            if !content.examples.isEmpty {
                return content.examples.map { ("example '\($0.name)' of response \(response.status)", $0.value) }
            }
            if let schema = content.schema {
                let generator = SchemaDataGenerator(resolveReference: resolve, optionalPropertyDepth: 8)
                return [("data generated from the schema of response \(response.status)",
                         generator.value(for: schema, seed: 0))]
            }
        }
        return []
    }
}
