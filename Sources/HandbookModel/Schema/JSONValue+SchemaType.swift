extension JSONValue {
    /// Whether the value is of the JSON Schema type `name` (`null`, `boolean`, `string`, `array`, `object`, `number`,
    /// `integer`; whole-valued numbers are integers by ``JSONNumberComparison/isInteger(_:)``), or `nil` for a name
    /// that is not a JSON Schema type. The one type test of the schema validator and the test assertions.
    public func isOfSchemaType(_ name: String) -> Bool? {
        switch name {
        case "null": self == .null
        case "boolean": boolValue != nil
        case "string": stringValue != nil
        case "array": arrayValue != nil
        case "object": objectValue != nil
        case "number": doubleValue != nil
        case "integer": JSONNumberComparison.isInteger(self)
        default: nil
        }
    }
}
