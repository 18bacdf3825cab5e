/// A file glob relative to a folder: `*` and `?` match within one path segment, `**` matches any number of segments.
///
/// Matching takes time proportional to the pattern's length times the path's, whatever the pattern (no exponential
/// backtracking on patterns like `**/**/**/x` or `*a*a*a*b`).
struct FileGlob: Sendable {
    private let segments: [[UInt8]]
    private static let anySegments = Array("**".utf8)

    init(_ pattern: String) {
        var trimmed = Substring(pattern)
        while trimmed.hasPrefix("./") { trimmed = trimmed.dropFirst(2) }
        segments = trimmed.split(separator: "/").map { Array($0.utf8) }
    }

    /// Whether a relative path (`/`-separated) matches.
    func matches(_ path: String) -> Bool {
        let parts = path.split(separator: "/").map { Array($0.utf8) }
        // reachable[j]: the pattern segments read so far can match the first j path segments.
        var reachable = [Bool](repeating: false, count: parts.count + 1)
        reachable[0] = true
        for segment in segments {
            var next = [Bool](repeating: false, count: parts.count + 1)
            if segment == Self.anySegments {
                var any = false
                for index in 0...parts.count {
                    any = any || reachable[index]
                    next[index] = any
                }
            } else {
                for index in 0..<parts.count where reachable[index] {
                    next[index + 1] = Self.matchSegment(segment, parts[index])
                }
            }
            reachable = next
        }
        return reachable[parts.count]
    }

    /// Whether one segment matches a pattern of literal bytes, `*` and `?` (greedy with one backtrack point).
    private static func matchSegment(_ pattern: [UInt8], _ text: [UInt8]) -> Bool {
        var patternIndex = 0
        var textIndex = 0
        var star: (pattern: Int, text: Int)?
        while textIndex < text.count {
            if patternIndex < pattern.count, pattern[patternIndex] == UInt8(ascii: "*") {
                star = (patternIndex, textIndex)
                patternIndex += 1
            } else if patternIndex < pattern.count,
                      pattern[patternIndex] == UInt8(ascii: "?") || pattern[patternIndex] == text[textIndex] {
                patternIndex += 1
                textIndex += 1
            } else if let last = star {
                patternIndex = last.pattern + 1
                textIndex = last.text + 1
                star = (last.pattern, last.text + 1)
            } else {
                return false
            }
        }
        while patternIndex < pattern.count, pattern[patternIndex] == UInt8(ascii: "*") { patternIndex += 1 }
        return patternIndex == pattern.count
    }
}
