import Foundation
import HandbookModel
import RuntimeLite

/// Run outcomes for people: ``RunOutcome/text(answer:)`` with the answer as a table when it is a list of records (or
/// one record).
enum ChatRendering {
    /// How many rows and how wide a column a table shows.
    static let maximumRows = 20
    static let maximumColumnWidth = 28

    /// The outcome as text, with the answer as a table when it is made of records.
    static func text(of outcome: RunOutcome) -> String {
        outcome.text(answer: table)
    }

    /// A table of `value`'s records: an array of objects, or the array under its first member that holds one
    /// (`items`, `rows`, …), or one object as name/value rows; `nil` for anything else.
    static func table(_ value: JSONValue) -> String? {
        if let rows = value.arrayValue, !rows.isEmpty, rows.allSatisfy({ $0.objectValue != nil }) {
            return records(rows.compactMap(\.objectValue), note: "")
        }
        guard let object = value.objectValue else { return nil }
        if let (key, rows) = object.members.lazy.compactMap({ member -> (String, [JSONObject])? in
            guard let array = member.value.arrayValue, !array.isEmpty else { return nil }
            let objects = array.compactMap(\.objectValue)
            return objects.count == array.count ? (member.key, objects) : nil
        }).first {
            let rest = object.members.filter {
                $0.key != key && $0.value.arrayValue == nil && $0.value.objectValue == nil
            }
            let note = rest.map { "\($0.key) \(cell($0.value))" }.joined(separator: ", ")
            return records(rows, note: note)
        }
        return grid(header: ["field", "value"], rows: object.members.map { [$0.key, cell($0.value)] })
    }

    private static func records(_ rows: [JSONObject], note: String) -> String {
        var columns: [String] = []
        for row in rows.prefix(maximumRows) {
            for member in row.members
            where !columns.contains(member.key) && member.value.arrayValue == nil
                && member.value.objectValue == nil
            {
                columns.append(member.key)
            }
        }
        let cells = rows.prefix(maximumRows).map { row in columns.map { row[$0].map(cell) ?? "" } }
        var text = grid(header: columns, rows: cells)
        if rows.count > maximumRows { text += "\n… \(rows.count - maximumRows) more row(s)" }
        if !note.isEmpty { text += "\n" + note }
        return text
    }

    private static func grid(header: [String], rows: [[String]]) -> String {
        let widths = header.indices.map { column in
            min(maximumColumnWidth, ([header[column]] + rows.map { $0[column] }).map(\.count).max() ?? 0)
        }
        func line(_ cells: [String]) -> String {
            zip(cells, widths).map { cell, width in
                let clipped = cell.count > width ? String(cell.prefix(width - 1)) + "…" : cell
                return clipped.padding(toLength: width, withPad: " ", startingAt: 0)
            }.joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }
        return
            ([line(header), widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")]
            + rows.map(line)).joined(separator: "\n")
    }

    private static func cell(_ value: JSONValue) -> String {
        switch value {
        case .string(let text): text
        case .null: ""
        default: value.serialized
        }
    }
}
