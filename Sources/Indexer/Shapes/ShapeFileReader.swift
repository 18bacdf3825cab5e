import HandbookModel

/// Reads the response shapes of `shapes/*.yaml` files:
///
/// ```yaml
/// shapes:
///   - operation: listCustomers
///     name: summary
///     description: Customers as id, name and credit limit.
///     jq: '{customers: [.items[] | {id, name, credit_limit}], next_cursor}'
///     output: { type: object, required: [customers] }
/// ```
struct ShapeFileReader {
    let diagnostics: DiagnosticCollector

    /// Where shape files are found, relative to the handbook folder.
    static let globs = ["shapes/**/*.yaml", "shapes/**/*.yml"]

    static let entryKeys: Set<String> = ["operation", "name", "description", "jq", "output"]

    /// The shapes of parsed shape files, in file order.
    func read(_ files: [(file: SourceFile, root: SourceNode)]) -> [ShapeSource] {
        var shapes: [ShapeSource] = []
        for (file, root) in files {
            let fields = YAMLFieldReader(file: file, diagnostics: diagnostics, rulePrefix: "shapes")
            fields.checkKeys(root, known: ["shapes"], what: "a shapes file")
            guard let entries = root["shapes"]?.elements else {
                diagnostics.error("shapes.invalid", "a shapes file needs a list 'shapes'", at: file.start,
                                  hint: "shapes: [{operation: ID, name: NAME, jq: PROGRAM, output: SCHEMA}]")
                continue
            }
            for entry in entries {
                guard entry.entries != nil else {
                    diagnostics.error("shapes.invalid", "a shape must be a mapping", at: file.location(entry),
                                      hint: "write each shape as {operation: ID, name: NAME, jq: PROGRAM}")
                    continue
                }
                fields.checkKeys(entry, known: Self.entryKeys, what: "a shape")
                guard let operation = fields.string(entry, "operation", required: true, what: "a shape"),
                      let name = fields.string(entry, "name", required: true, what: "a shape"),
                      let program = fields.string(entry, "jq", required: true, what: "a shape"),
                      let programNode = entry["jq"], let operationNode = entry["operation"]
                else { continue }
                guard ResponseShape.isValidName(name) else {
                    diagnostics.error("shapes.invalid", "shape name '\(name)' must be letters, digits, '-', '_' or '.'",
                                      at: file.location(entry["name"] ?? entry))
                    continue
                }
                let output = entry["output"]
                if let output, output.entries == nil {
                    diagnostics.error("shapes.invalid", "'output' must be a JSON Schema (a mapping)", at: file.location(output))
                    continue
                }
                let shape = ResponseShape(
                    operation: operation, name: name,
                    description: fields.string(entry, "description", what: "a shape"), program: program,
                    output: output?.json)
                let start = Self.programStart(programNode, in: file)
                let display = file.displayPath
                shapes.append(ShapeSource(
                    shape: shape, location: file.location(entry), operationLocation: file.location(operationNode),
                    outputLocation: output.map { file.location($0) },
                    programLine: { line in
                        line <= 1 && !start.block
                            ? SourceLocation(file: display, line: start.line, column: start.column)
                            : SourceLocation(file: display, line: start.line + line - (start.block ? 0 : 1), column: nil)
                    }))
            }
        }
        return shapes
    }

    /// The line and column a scalar's text starts at, and whether it is a block scalar (`|` or `>`, whose text starts
    /// on the next line).
    private static func programStart(_ node: SourceNode, in file: SourceFile) -> (line: Int, column: Int, block: Bool) {
        let line = Int(node.line)
        let column = Int(node.column)
        var currentLine = 1
        var index = 0
        while index < file.bytes.count, currentLine < line {
            if file.bytes[index] == 0x0A { currentLine += 1 }
            index += 1
        }
        let offset = index + column - 1
        let indicator = offset < file.bytes.count ? file.bytes[offset] : 0
        return (line, column, indicator == UInt8(ascii: "|") || indicator == UInt8(ascii: ">"))
    }
}
