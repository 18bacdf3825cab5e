/// Strings that match a regular expression, for schema `pattern` keywords.
///
/// Understands the subset API descriptions use: literal characters and escapes, `.`, character classes with ranges
/// and negation (`[A-Z0-9_]`, `[^,]`), `\d` `\w` `\s` and their negations, groups (capturing or `(?:…)`) with
/// alternation, the quantifiers `?` `*` `+` `{n}` `{n,}` `{n,m}` (lazy or not) and the anchors `^` `$` `\b`. Anything
/// else (look-arounds, back-references, flags) makes ``init(_:)`` fail, and the caller falls back to other data.
struct PatternSampler {
    /// A parsed piece of the expression.
    private indirect enum Node {
        case sequence([Node])
        case alternation([Node])
        case repetition(Node, minimum: Int, maximum: Int?)
        case characters(CharacterClass)
        case literal(Character)
        case empty
    }

    /// A set of characters: ranges of Unicode scalars, possibly negated.
    private struct CharacterClass {
        var ranges: [ClosedRange<Unicode.Scalar>]
        var negated = false

        static let digits = CharacterClass(ranges: ["0"..."9"])
        static let word = CharacterClass(ranges: ["a"..."z", "A"..."Z", "0"..."9", "_"..."_"])
        static let space = CharacterClass(ranges: [" "..." "])
        static let any = CharacterClass(ranges: ["\n"..."\n"], negated: true)

        func contains(_ scalar: Unicode.Scalar) -> Bool {
            ranges.contains { $0.contains(scalar) } != negated
        }
    }

    /// Characters tried, in order of preference, for negated classes.
    private static let fallbackAlphabet = Array(
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.~ ".unicodeScalars)

    private let root: Node

    /// The generator for `pattern`, or `nil` when the pattern uses something this subset does not cover.
    init?(_ pattern: String) {
        var parser = Parser(scalars: Array(pattern.unicodeScalars))
        guard let node = parser.parseAlternation(), parser.isAtEnd else { return nil }
        root = node
    }

    /// A string the pattern matches, drawn with `random`; unbounded repetitions repeat up to `extra` more times than
    /// their minimum, or exactly `extra` more times when `exact`.
    func sample(_ random: inout SeededRandom, extra: Int = 3, exact: Bool = false) -> String {
        var output = String.UnicodeScalarView()
        Self.emit(root, into: &output, random: &random, extra: extra, exact: exact)
        return String(output)
    }

    private static func emit(
        _ node: Node, into output: inout String.UnicodeScalarView, random: inout SeededRandom,
        extra: Int, exact: Bool
    ) {
        switch node {
        case .sequence(let nodes):
            for node in nodes { emit(node, into: &output, random: &random, extra: extra, exact: exact) }
        case .alternation(let branches):
            emit(
                branches[random.index(below: branches.count)], into: &output, random: &random, extra: extra,
                exact: exact)
        case .repetition(let node, let minimum, let maximum):
            let count =
                maximum == nil && exact
                ? minimum + extra
                : Int(random.integer(in: Int64(minimum)...Int64(max(minimum, maximum ?? minimum + extra))))
            for _ in 0..<count { emit(node, into: &output, random: &random, extra: extra, exact: exact) }
        case .characters(let set):
            if let scalar = pick(from: set, random: &random) { output.append(scalar) }
        case .literal(let character):
            output.append(contentsOf: character.unicodeScalars)
        case .empty:
            break
        }
    }

    private static func pick(from set: CharacterClass, random: inout SeededRandom) -> Unicode.Scalar? {
        if set.negated {
            let allowed = fallbackAlphabet.filter(set.contains)
            return allowed.isEmpty ? nil : allowed[random.index(below: allowed.count)]
        }
        guard !set.ranges.isEmpty else { return nil }
        let range = set.ranges[random.index(below: set.ranges.count)]
        let value = random.integer(in: Int64(range.lowerBound.value)...Int64(range.upperBound.value))
        return Unicode.Scalar(UInt32(value)) ?? range.lowerBound
    }

    /// A recursive-descent parser over the pattern's scalars.
    private struct Parser {
        let scalars: [Unicode.Scalar]
        var position = 0

        var isAtEnd: Bool { position >= scalars.count }
        private var current: Unicode.Scalar? { isAtEnd ? nil : scalars[position] }

        mutating func parseAlternation() -> Node? {
            var branches: [Node] = []
            repeat {
                if current == "|" { position += 1 }
                guard let branch = parseSequence() else { return nil }
                branches.append(branch)
            } while current == "|"
            return branches.count == 1 ? branches[0] : .alternation(branches)
        }

        private mutating func parseSequence() -> Node? {
            var nodes: [Node] = []
            while let scalar = current, scalar != "|", scalar != ")" {
                guard let atom = parseAtom() else { return nil }
                guard let quantified = parseQuantifier(atom) else { return nil }
                nodes.append(quantified)
            }
            return .sequence(nodes)
        }

        private mutating func parseAtom() -> Node? {
            guard let scalar = current else { return nil }
            position += 1
            switch scalar {
            case "^", "$": return .empty
            case ".": return .characters(.any)
            case "[": return parseClass().map(Node.characters)
            case "(":
                if current == "?" {
                    guard position + 1 < scalars.count, scalars[position + 1] == ":" else { return nil }
                    position += 2
                }
                guard let inner = parseAlternation(), current == ")" else { return nil }
                position += 1
                return inner
            case "\\": return parseEscape(inClass: false)
            case "*", "+", "?", "{", ")": return nil
            default: return .literal(Character(scalar))
            }
        }

        private mutating func parseQuantifier(_ atom: Node) -> Node? {
            var node = atom
            while let scalar = current {
                let bounds: (Int, Int?)
                switch scalar {
                case "*": bounds = (0, nil)
                case "+": bounds = (1, nil)
                case "?": bounds = (0, 1)
                case "{":
                    guard let parsed = parseBraces() else { return nil }
                    bounds = parsed
                    position -= 1
                default: return node
                }
                position += 1
                if current == "?" { position += 1 }  // lazy: same strings
                node = .repetition(node, minimum: bounds.0, maximum: bounds.1)
            }
            return node
        }

        /// `{n}`, `{n,}` or `{n,m}` at the current position, leaving the position on the closing brace.
        private mutating func parseBraces() -> (Int, Int?)? {
            var index = position + 1
            func number() -> Int? {
                var digits = ""
                while index < scalars.count, ("0"..."9").contains(scalars[index]) {
                    digits.unicodeScalars.append(scalars[index])
                    index += 1
                }
                return Int(digits)
            }
            guard let minimum = number() else { return nil }
            var maximum: Int? = minimum
            if index < scalars.count, scalars[index] == "," {
                index += 1
                maximum = number()
            }
            guard index < scalars.count, scalars[index] == "}", maximum.map({ $0 >= minimum }) ?? true else {
                return nil
            }
            position = index + 1
            return (minimum, maximum)
        }

        private mutating func parseClass() -> CharacterClass? {
            var set = CharacterClass(ranges: [])
            if current == "^" {
                set.negated = true
                position += 1
            }
            var first = true
            while let scalar = current, scalar != "]" || first {
                first = false
                position += 1
                var lower = scalar
                if scalar == "\\" {
                    guard let escaped = parseEscape(inClass: true) else { return nil }
                    switch escaped {
                    case .literal(let character): lower = character.unicodeScalars.first ?? "\\"
                    case .characters(let inner) where !inner.negated:
                        set.ranges += inner.ranges
                        continue
                    default: return nil
                    }
                }
                if current == "-", position + 1 < scalars.count, scalars[position + 1] != "]" {
                    position += 1
                    guard var upper = current else { return nil }
                    position += 1
                    if upper == "\\" {
                        guard case .literal(let character)? = parseEscape(inClass: true),
                            let scalar = character.unicodeScalars.first
                        else { return nil }
                        upper = scalar
                    }
                    guard lower <= upper else { return nil }
                    set.ranges.append(lower...upper)
                } else {
                    set.ranges.append(lower...lower)
                }
            }
            guard current == "]" else { return nil }
            position += 1
            return set
        }

        /// The escape after a backslash.
        private mutating func parseEscape(inClass: Bool) -> Node? {
            guard let scalar = current else { return nil }
            position += 1
            switch scalar {
            case "d": return .characters(.digits)
            case "w": return .characters(.word)
            case "s": return .characters(.space)
            case "D": return .characters(CharacterClass(ranges: CharacterClass.digits.ranges, negated: true))
            case "W": return .characters(CharacterClass(ranges: CharacterClass.word.ranges, negated: true))
            case "S": return .characters(CharacterClass(ranges: CharacterClass.space.ranges, negated: true))
            case "b" where !inClass: return .empty
            case "n": return .literal("\n")
            case "t": return .literal("\t")
            case "r": return .literal("\r")
            case "u", "x":
                let digits = scalar == "u" ? 4 : 2
                guard position + digits <= scalars.count,
                    let value = UInt32(
                        String(String.UnicodeScalarView(scalars[position..<position + digits])),
                        radix: 16),
                    let decoded = Unicode.Scalar(value)
                else { return nil }
                position += digits
                return .literal(Character(decoded))
            default:
                if ("0"..."9").contains(scalar) || ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) {
                    return nil  // back-references and escapes this subset does not know
                }
                return .literal(Character(scalar))
            }
        }
    }
}
