import Testing
import HandbookModel

/// The one masking rule for values in messages: secrets masked before anything is cut, redacted locations withheld.
@Suite struct ValueQuotingTests {
    static let token = "tok_live_8c1f9e2d7b6a5f4e3d2c1b0a"

    @Test func masksEverySecretEverywhereInAValue() {
        let quoting = ValueQuoting(secrets: [Self.token, "ab"])
        let value: JSONValue = .object([
            "echo": .string("Bearer \(Self.token)"),
            Self.token: .array([.string("x\(Self.token)y")]),
            "short": .string("ab"),
        ])
        let masked = quoting.mask(value).serialized
        #expect(!masked.contains(Self.token))
        #expect(masked.contains("Bearer ***"))
        #expect(masked.contains("\"ab\""))  // shorter than the minimum secret length: not masked
    }

    @Test func masksSecretsInAnyLetterCaseInASCIIAndBeyond() {
        let quoting = ValueQuoting(secrets: ["Tok_ABC123", "pässwort-ß1"])
        #expect(quoting.mask("x tok_abc123 y TOK_abc123") == "x *** y ***")
        #expect(quoting.mask("tok_abc12") == "tok_abc12")
        #expect(quoting.mask("é TOK_ABC123") == "é ***")
        #expect(quoting.mask("PÄSSWORT-ß1!") == "***!")
    }

    @Test func masksBeforeShorteningSoNoPartOfASecretSurvives() {
        let quoting = ValueQuoting(secrets: [Self.token])
        let text = String(repeating: "x", count: 40) + "Bearer " + Self.token
        let shortened = quoting.shorten(text, limit: 60)
        #expect(shortened.count <= 60)
        #expect(!shortened.contains(String(Self.token.prefix(6))))
    }

    @Test func aCutTextLosesATailThatBeginsASecret() {
        let quoting = ValueQuoting(secrets: [Self.token])
        let cut = "{\"authorization\": \"Bearer " + String(Self.token.prefix(11))
        let masked = quoting.mask(cut, truncated: true)
        #expect(masked == "{\"authorization\": \"Bearer ***")
        #expect(quoting.mask(cut, truncated: false) == cut)
        #expect(quoting.mask(.string(cut + "\u{FFFD}"), truncated: true) == .string("{\"authorization\": \"Bearer ***"))
    }

    @Test func withheldLocationsAreNeverQuotedNorAnythingContainingThem() {
        let quoting = ValueQuoting(secrets: [], withheld: ["/items/0/ssn"])
        #expect(quoting.quote(.string("123-45-6789"), at: "/items/0/ssn", limit: 60) == ValueQuoting.withheldText)
        #expect(quoting.quote(.string("x"), at: "/items/0/ssn/part", limit: 60) == ValueQuoting.withheldText)
        #expect(quoting.quote(.object(["ssn": .string("1")]), at: "/items/0", limit: 60) == ValueQuoting.withheldText)
        #expect(quoting.quote(.string("Ann"), at: "/items/0/name", limit: 60) == "\"Ann\"")
        #expect(quoting.quote(.string("Ann"), at: "/items/0/ssnx", limit: 60) == "\"Ann\"")
    }

    @Test func redactedValuesAreMaskedWhereverElseTheyAppear() {
        let body: JSONValue = .object(["ssn": .string("123-45-6789"), "remark": .string("ssn 123-45-6789 on file")])
        let quoting = ValueQuoting(secrets: []).withholding(["/ssn"], of: body)
        #expect(quoting.mask(.object(["remark": .string("ssn 123-45-6789 on file")])) == .object(["remark": .string("ssn *** on file")]))
        #expect(quoting.quote(.string("x"), at: "/ssn", limit: 60) == ValueQuoting.withheldText)
    }

    @Test func responseViolationsNeverQuoteSecretsOrRedactedValues() {
        let schema: JSONValue = .object([
            "type": .string("object"),
            "properties": .object([
                "note": .object(["type": .string("string"), "maxLength": .integer(5), "pattern": .string("^[a-z]+$")]),
                "ssn": .object(["type": .string("string"), "pattern": .string("^[0-9]{3}$")]),
                "code": .object(["enum": .array([.string("a")])]),
            ]),
        ])
        let body: JSONValue = .object([
            "note": .string(String(repeating: "n", count: 50) + " Bearer " + Self.token),
            "ssn": .string("123-45-6789"),
            "code": .string(Self.token),
        ])
        let quoting = ValueQuoting(secrets: [Self.token], withheld: ["/ssn"])
        let validator = JSONSchemaValidator(direction: .response, quoting: quoting) { _ in nil }
        let violations = validator.validate(body, against: schema)
        #expect(violations.map(\.keyword).sorted() == ["enum", "maxLength", "pattern", "pattern"])
        for violation in violations {
            #expect(!violation.message.contains(String(Self.token.prefix(8))), "\(violation)")
            #expect(!violation.message.contains("123-45"), "\(violation)")
        }
        #expect(violations.contains { $0.path == "/ssn" && $0.message.contains(ValueQuoting.withheldText) })
        #expect(violations.contains { $0.path == "/code" && $0.message.hasSuffix("(got \"***\")") })
    }
}
