import Foundation

/// What a request's `Prefer` headers ask of the mock, as Prism reads them: `code=404` for another documented response,
/// `example=NAME` for a named example, `dynamic=true` for generated data even when there are examples.
struct MockPreferences: Sendable {
    /// The status code asked for.
    var code: Int?
    /// The example name asked for.
    var example: String?
    /// Whether generated data is asked for.
    var dynamic = false

    /// The preferences of the `Prefer` header values `values` (comma- or semicolon-separated `key=value` items).
    init(_ values: [String]) {
        for item in values.flatMap({ $0.split(whereSeparator: { $0 == "," || $0 == ";" }) }) {
            let pair = item.split(separator: "=", maxSplits: 1).map {
                $0.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            }
            guard pair.count == 2 else { continue }
            switch pair[0].lowercased() {
            case "code": code = Int(pair[1])
            case "example": example = pair[1]
            case "dynamic": dynamic = pair[1].lowercased() == "true"
            default: break
            }
        }
    }
}
