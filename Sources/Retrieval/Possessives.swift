import Foundation

/// The words a request writes with a possessive `'s` (or `’s`): who owns what follows.
public enum Possessives {
    /// The owners in `request`, in order, as written: `wizzler` in "20 of wizzler's playlists", `Morrison` in "Toni
    /// Morrison's books" (a name's last word; capitalized names are read as names elsewhere).
    public static func owners(in request: String) -> [String] {
        let source = request as NSString
        return possessive.matches(in: request, range: NSRange(location: 0, length: source.length)).map {
            source.substring(with: $0.range(at: 1))
        }
    }

    private static let possessive = try! NSRegularExpression(pattern: #"\b([\p{L}\d][\p{L}\d._\-]*)['\x{2019}]s\b"#)
}
