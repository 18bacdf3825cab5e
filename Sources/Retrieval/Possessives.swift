import Foundation

/// The words a request writes in small letters with a possessive `'s` (or `’s`): handles that own what follows
/// ("20 of wizzler's playlists" → `wizzler`). A capitalized owner ("Toni Morrison's books") is a name, read as one
/// elsewhere.
public enum Possessives {
    /// The handles in `request`, in order, as written.
    public static func handles(in request: String) -> [String] {
        let source = request as NSString
        return possessive.matches(in: request, range: NSRange(location: 0, length: source.length)).map {
            source.substring(with: $0.range(at: 1))
        }
    }

    private static let possessive = try! NSRegularExpression(pattern: #"\b(\p{Ll}[\p{Ll}\d._\-]*)['\x{2019}]s\b"#)
}
