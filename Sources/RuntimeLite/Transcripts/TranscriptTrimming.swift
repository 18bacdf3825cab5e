import HandbookModel

/// Leaves response bodies out of a result for its transcript: what the API answered is the agent's business and
/// may hold personal data no guardrail names; the transcript keeps how the call went (status, evaluation, timing,
/// decisions) and notes each body's size.
enum TranscriptTrimming {
    /// The members that hold response bodies: `body` of an `execute` result and of each plan step, `output` of a
    /// plan, `answer` of a `run`.
    static let bodyMembers: Set<String> = ["body", "output", "answer"]

    /// `result` with every body member (at the top, and in `steps` and `calls`) replaced by a note of its size.
    static func withoutBodies(_ result: JSONValue) -> JSONValue {
        guard var object = result.objectValue else { return result }
        for key in object.keys where bodyMembers.contains(key) {
            object[key] = object[key].map { note(for: $0) }
        }
        for key in ["steps", "calls"] {
            if let items = object[key]?.arrayValue { object[key] = .array(items.map(withoutBodies)) }
        }
        return .object(object)
    }

    private static func note(for body: JSONValue) -> JSONValue {
        .string("[\(body.serializedData(sortKeys: false).count) bytes, not kept in transcripts]")
    }
}
