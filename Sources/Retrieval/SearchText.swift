/// Text normalization shared by indexing and querying, so identifiers and prose meet in the same terms.
///
/// `getCustomerById`, `customer_id`, `/customers/{id}` and "customer by id" all yield the words `customer`, `by`/`id`:
/// identifiers are split at case changes, digits, `_`, `-`, `.`, `/` and braces, and lower-cased.
public enum SearchText {
    /// The words of a text with identifiers split, lower-cased, in order.
    public static func words(_ text: String) -> [String] {
        var words: [String] = []
        var current: [Unicode.Scalar] = []
        for scalar in text.unicodeScalars {
            if isWordScalar(scalar) {
                current.append(scalar)
            } else if !current.isEmpty {
                appendSplitIdentifier(current, to: &words)
                current.removeAll(keepingCapacity: true)
            }
        }
        if !current.isEmpty { appendSplitIdentifier(current, to: &words) }
        return words
    }

    private enum ScalarClass: Equatable {
        case lower
        case upper
        case digit
        case other
    }

    private static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII {
            let value = scalar.value
            return (48...57).contains(value) || (65...90).contains(value) || (97...122).contains(value)
        }
        let properties = scalar.properties
        return properties.isAlphabetic || properties.numericType != nil || properties.generalCategory == .nonspacingMark
    }

    private static func classify(_ scalar: Unicode.Scalar) -> ScalarClass {
        if scalar.isASCII {
            switch scalar.value {
            case 48...57: return .digit
            case 65...90: return .upper
            case 97...122: return .lower
            default: return .other
            }
        }
        let properties = scalar.properties
        if properties.isUppercase { return .upper }
        if properties.isLowercase { return .lower }
        if properties.numericType != nil { return .digit }
        return .other
    }

    /// Splits a run of letters and digits at lower→upper case changes, at the last capital of a capital run
    /// followed by lower case (`HTTPServer` → `http`, `server`), and between letters and digits.
    private static func appendSplitIdentifier(_ scalars: [Unicode.Scalar], to words: inout [String]) {
        var start = 0
        var previous = classify(scalars[0])
        for index in 1..<max(scalars.count, 1) where index < scalars.count {
            let current = classify(scalars[index])
            let next = index + 1 < scalars.count ? classify(scalars[index + 1]) : .other
            let lowerToUpper = previous == .lower && current == .upper
            let acronymEnd = previous == .upper && current == .upper && next == .lower
            let letterDigit = (previous == .digit) != (current == .digit) && current != .other && previous != .other
            if lowerToUpper || acronymEnd || letterDigit {
                words.append(lowercased(scalars[start..<index]))
                start = index
            }
            previous = current
        }
        words.append(lowercased(scalars[start...]))
    }

    private static func lowercased(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
        var view = String.UnicodeScalarView()
        var ascii = true
        for scalar in scalars {
            if scalar.isASCII, (65...90).contains(scalar.value) {
                view.append(Unicode.Scalar(scalar.value + 32)!)
            } else {
                ascii = ascii && scalar.isASCII
                view.append(scalar)
            }
        }
        let text = String(view)
        return ascii ? text : text.lowercased()
    }

    /// Text prepared for the lexical index: its words with identifiers split, joined by spaces, so a query for
    /// "customer by id" meets `getCustomerById`.
    public static func indexable(_ text: String) -> String {
        words(text).joined(separator: " ")
    }

    /// Words that carry no meaning for retrieval.
    public static let stopWords: Set<String> = [
        "a", "an", "the", "and", "or", "of", "to", "in", "on", "for", "by", "with", "from", "at", "as", "is", "are",
        "be", "was", "were", "it", "its", "this", "that", "these", "those", "me", "my", "i", "you", "your", "we",
        "our", "can", "could", "would", "should", "please", "do", "does", "did", "what", "which", "who", "how",
        "want", "need", "like", "some", "any", "all", "there", "their", "them", "they", "he", "she", "his", "her",
        "about", "into", "up", "so", "if", "then", "also", "just", "get", "give", "show", "tell", "let", "know",
        "will", "has", "have", "had", "us", "am", "not", "no", "yes", "s", "every", "each",
    ]

    /// The query's meaningful words: split, lower-cased, without stop words and duplicates, in order. A verb among
    /// the stop words right after a determiner is a noun ("the show") and stays.
    public static func queryTerms(_ query: String) -> [String] {
        var seen = Set<String>()
        let all = words(query)
        return all.indices.filter { index in
            let word = all[index]
            let noun = index > 0 && nounVerbs.contains(word) && determiners.contains(all[index - 1])
            return (noun || !stopWords.contains(word)) && seen.insert(word).inserted
        }.map { all[$0] }
    }

    /// Stop words that are verbs and, after a determiner, nouns an API may name (a podcast's show, a post's like).
    private static let nounVerbs: Set<String> = ["show", "like"]

    /// Words that open a noun phrase.
    private static let determiners: Set<String> = [
        "the", "a", "an", "this", "that", "my", "your", "our", "their", "its", "his", "her", "each", "every",
    ]

    /// A light stem for matching request words with operation names: the singular without a final `ed` or `ing`
    /// (`failed` → `fail`, `starred` → `starr`, `merging` → `merg`, `merged` → `merg`), lower-cased.
    public static func stem(_ word: String) -> String {
        var stem = singular(word.lowercased())
        for suffix in ["ing", "ed", "e"] where stem.hasSuffix(suffix) && stem.count > suffix.count + 3 {
            stem.removeLast(suffix.count)
            break
        }
        return stem
    }

    /// A plural English noun's singular (`entries` → `entry`, `statuses` → `status`, `fields` → `field`), shared by
    /// the planner's reading of requests and the compiler's matching of resources.
    public static func singular(_ word: String) -> String {
        // Every ending below ends in "s": most words are left at the cost of one byte's look (planning asks often).
        guard word.utf8.last == UInt8(ascii: "s") else { return word }
        if word.hasSuffix("ies"), word.count > 4 {
            if unchangedPlurals.contains(word) { return word }
            let dropped = String(word.dropLast())
            return ieNouns.contains(dropped) ? dropped : String(word.dropLast(3)) + "y"
        }
        for suffix in ["sses", "shes", "ches", "xes", "uses"] where word.hasSuffix(suffix) { return String(word.dropLast(2)) }
        if word.hasSuffix("s"), !word.hasSuffix("ss"), word.count > 3 { return String(word.dropLast()) }
        return word
    }

    /// Nouns ending in "ie", whose plural ends in "ies" as those of nouns ending in "y" do (`movies` → `movie`,
    /// `categories` → `category`); as inflection tables list them.
    private static let ieNouns: Set<String> = [
        "movie", "cookie", "zombie", "calorie", "pie", "tie", "lie", "selfie", "rookie", "goalie", "smoothie",
        "brownie", "genie", "sortie", "prairie", "auntie", "freebie", "newbie", "hoodie", "veggie", "techie", "foodie",
        "indie", "birdie", "collie", "magpie", "necktie", "bowtie", "pixie", "budgie", "groupie", "junkie", "bookie",
        "coterie", "reverie", "menagerie", "lingerie", "rotisserie", "brasserie", "patisserie", "eyrie", "boogie",
        "talkie", "hippie", "yuppie", "sweetie", "cutie", "pinkie", "quickie",
    ]

    /// Words ending in "ies" that are singular and plural alike (`series`, `species`).
    private static let unchangedPlurals: Set<String> = ["series", "species"]
}
