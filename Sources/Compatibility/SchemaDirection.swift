/// Who writes the values a schema describes, which decides whether a change narrows or widens what agents rely on.
///
/// Request values are written by the agent and read by the API: the new schema must accept everything the old one
/// accepted. Response values are written by the API and read by the agent: the new schema must promise everything
/// the old one promised.
enum SchemaDirection: Hashable, Sendable {
    /// Parameters and request bodies.
    case request
    /// Response bodies and headers.
    case response

    /// The other direction (the direction of a webhook's schemas, whose request the API writes).
    var reversed: SchemaDirection {
        switch self {
        case .request: .response
        case .response: .request
        }
    }

    /// `request` or `response`, whichever applies.
    func rule(request: ChangeRule, response: ChangeRule) -> ChangeRule {
        switch self {
        case .request: request
        case .response: response
        }
    }
}
