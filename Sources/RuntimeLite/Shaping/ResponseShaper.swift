import HandbookModel
import Shaping

/// Applies a shape to an executed call's result: a handbook shape of the operation named by `shape`, else `shape`
/// itself as a jq program. Shapes run on the body the agent would get (redacted and masked), after the response was
/// evaluated against the spec, so a shape can never reveal what a guardrail removed.
public struct ResponseShaper: Sendable {
    /// The handbook's shapes by operation, each operation's by name (read once: the bundle does not change).
    private let shapesByOperation: [String: [ResponseShape]]
    /// Runs the programs, within the serve options' limits.
    public let evaluator: JQEvaluator

    /// A shaper over a bundle's handbook `shapes` (``BundleReader/shapes()``).
    public init(shapes: [ResponseShape], limits: ShapeLimits) {
        shapesByOperation = Dictionary(grouping: shapes, by: \.operation)
        evaluator = JQEvaluator(limits: limits)
    }

    /// The handbook shapes of `operation`, by name.
    func shapes(of operation: String) -> [ResponseShape] {
        shapesByOperation[operation] ?? []
    }

    /// The handbook shape `shape` names for `operation`, or `nil` when it names none (it is then a jq program).
    func handbookShape(_ shape: String, operation: String) -> ResponseShape? {
        guard ResponseShape.isValidName(shape) else { return nil }
        return shapes(of: operation).first { $0.name == shape }
    }

    /// `result` with its body shaped by `shape` (a successful result with a body only; others are returned as they
    /// are). A shape that fails turns the result into an error naming the shape and why, without the body.
    func apply(_ shape: String, to result: ExecutionResult) async -> ShapedResult {
        guard !result.isError, let body = result.body else { return ShapedResult(result: result, shape: nil, failure: nil) }
        let named = handbookShape(shape, operation: result.operation)
        let label = named.map(\.name) ?? "jq"
        var shaped = result
        switch await evaluator.shape(body, with: named?.program ?? shape) {
        case .success(let value):
            shaped.body = value
            return ShapedResult(result: shaped, shape: label, failure: nil)
        case .failure(let failure):
            shaped.body = nil
            var message = "shape '\(named?.name ?? shape)' failed: \(failure)"
            if named == nil, !ResponseShape.isValidName(shape) || failure.isCompile {
                let names = shapes(of: result.operation).map(\.name)
                message += names.isEmpty ? "" : " (the operation's shapes: \(names.joined(separator: ", ")))"
            }
            shaped.message = message
            return ShapedResult(result: shaped, shape: label, failure: failure)
        }
    }
}

/// An execution result after shaping.
struct ShapedResult: Sendable {
    /// The result, its body shaped (or removed when shaping failed).
    var result: ExecutionResult
    /// The handbook shape's name, `jq` for a program given with the call, `nil` when nothing was shaped.
    var shape: String?
    /// Why shaping failed, when it did.
    var failure: ShapeFailure?

    /// Whether the agent should treat it as an error.
    var isError: Bool { result.isError || failure != nil }

    /// The structured form: the execution result's, with `shape` and, when shaping failed, the outcome
    /// `shape_failed`.
    var json: JSONValue {
        var object = result.json.objectValue ?? JSONObject()
        if let shape { object["shape"] = .string(shape) }
        if failure != nil { object["outcome"] = .string("shape_failed") }
        return .object(object)
    }
}

extension ShapeFailure {
    /// Whether the program did not compile.
    var isCompile: Bool { if case .compile = self { true } else { false } }
}
