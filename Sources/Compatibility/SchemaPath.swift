/// Where a value sits inside a schema: object properties, array items and positions, additional properties and the
/// subschemas of other keywords, from the root.
struct SchemaPath: Hashable, Sendable {
    /// One step down from a schema.
    enum Step: Hashable, Sendable {
        /// A named property of an object.
        case property(String)
        /// The elements of an array.
        case items
        /// The values of an object's undeclared properties.
        case additionalProperties
        /// One position of an array (`prefixItems`), from 0.
        case position(Int)
        /// The subschema of a keyword, such as `contains`, `then` or `patternProperties[^x-]`.
        case keyword(String)
    }

    /// The steps from the root.
    private(set) var steps: [Step] = []

    /// The root of a schema.
    static let root = SchemaPath()

    /// Whether this is the root.
    var isRoot: Bool { steps.isEmpty }

    /// This path followed by `step`.
    func appending(_ step: Step) -> SchemaPath {
        var path = self
        path.steps.append(step)
        return path
    }

    /// This path followed by `other`.
    func appending(_ other: SchemaPath) -> SchemaPath {
        var path = self
        path.steps += other.steps
        return path
    }

    /// Slash-separated for locations, such as `/data/[]/name`.
    var pointer: String {
        steps.map { step in
            switch step {
            case .property(let name): "/" + name
            case .items: "/[]"
            case .additionalProperties: "/*"
            case .position(let index): "/[\(index)]"
            case .keyword(let keyword): "/(\(keyword))"
            }
        }.joined()
    }

    /// Dotted for sentences, such as `data[].name`.
    var dotted: String {
        var text = ""
        for step in steps {
            switch step {
            case .property(let name): text += (text.isEmpty ? "" : ".") + name
            case .items: text += "[]"
            case .additionalProperties: text += (text.isEmpty ? "" : ".") + "*"
            case .position(let index): text += "[\(index)]"
            case .keyword(let keyword): text += (text.isEmpty ? "" : ".") + "(\(keyword))"
            }
        }
        return text
    }
}
