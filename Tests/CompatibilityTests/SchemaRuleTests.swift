import Compatibility
import HandbookModel
import Testing

/// One small spec edit per rule, compiled into real bundles and compared.
@Suite("Contract rules")
struct SchemaRuleTests {
    /// The changes of `operation` after `edits` to the shop spec.
    private func changes(_ operation: String, _ edits: (String, String)...) throws -> [ContractChange] {
        var spec = DiffFixtures.shopSpec
        for (old, new) in edits {
            #expect(spec.contains(old), "the shop spec has no `\(old)`")
            spec = spec.replacingOccurrences(of: old, with: new)
        }
        return try DiffFixtures.changes(DiffFixtures.shopSpec, spec, operation: operation)
    }

    @Test("A removed response property is breaking, with a summary line naming the operation")
    func removedResponseProperty() throws {
        let diff = try DiffFixtures.diff(
            DiffFixtures.shopSpec,
            DiffFixtures.shop(("        email: {type: string, format: email}\n", "")))
        let change = try #require(
            diff.operation(id: "getCustomer")?.changes.first {
                $0.rule == "response-property-removed"
            })
        #expect(change.severity == .breaking)
        #expect(change.location == "response 200 body /email")
        #expect(
            diff.breakingSummary.contains(
                "getCustomer (GET /customers/{id}): response 200 body property `email` was removed"))
        // Nested through an array of references, at the shortest path.
        #expect(
            diff.operation(id: "listCustomers")?.changes.contains {
                $0.rule == "response-property-removed" && $0.location == "response 200 body /data/[]/email"
            } == true)
    }

    @Test("Adding a required parameter breaks, adding an optional one does not")
    func addedParameters() throws {
        let required = try changes(
            "listCustomers",
            (
                "- {name: limit, in: query, schema: {type: integer, maximum: 100}}",
                "- {name: limit, in: query, schema: {type: integer, maximum: 100}}\n"
                    + "        - {name: region, in: query, required: true, schema: {type: string}}"
            ))
        #expect(required.rules == ["request-parameter-added-required"])
        #expect(required.breaking.count == 1)
        let optional = try changes(
            "listCustomers",
            (
                "- {name: limit, in: query, schema: {type: integer, maximum: 100}}",
                "- {name: limit, in: query, schema: {type: integer, maximum: 100}}\n"
                    + "        - {name: region, in: query, schema: {type: string}}"
            ))
        #expect(optional.rules == ["request-parameter-added"])
        #expect(optional.breaking.isEmpty)
    }

    @Test("An optional parameter becoming required or moving is breaking; removing it is reported as compatible")
    func parameterChanges() throws {
        let becameRequired = try changes(
            "listCustomers",
            (
                "{name: limit, in: query, schema", "{name: limit, in: query, required: true, schema"
            ))
        #expect(becameRequired.rules == ["request-parameter-became-required"])
        let moved = try changes("listCustomers", ("{name: limit, in: query,", "{name: limit, in: header,"))
        // A header parameter also has another default serialization than a query one.
        #expect(moved.rules == ["request-parameter-location-changed", "request-parameter-serialization-changed"])
        let removed = try changes(
            "listCustomers",
            (
                "        - {name: limit, in: query, schema: {type: integer, maximum: 100}}\n", ""
            ))
        #expect(removed.rules == ["request-parameter-removed"])
        #expect(removed.breaking.isEmpty)
        #expect(!becameRequired.breaking.isEmpty && !moved.breaking.isEmpty)
    }

    @Test("Request enums may widen but not narrow; response enums may gain values")
    func enums() throws {
        let narrowed = try changes(
            "createCustomer", ("plan: {type: string, enum: [free, pro]}", "plan: {type: string, enum: [free]}"))
        #expect(narrowed.rules == ["request-enum-value-removed"])
        #expect(narrowed.breaking.count == 1)
        let widened = try changes("createCustomer", ("enum: [free, pro]}", "enum: [free, pro, team]}"))
        #expect(widened.rules == ["request-enum-value-added"])
        #expect(widened.breaking.isEmpty)
        let responseAdded = try changes(
            "getCustomer",
            (
                "status: {type: string, enum: [active, blocked]}",
                "status: {type: string, enum: [active, blocked, closed]}"
            ))
        #expect(responseAdded.rules == ["response-enum-value-added"])
        #expect(responseAdded.breaking.isEmpty)
        let parameterNarrowed = try changes(
            "listCustomers",
            (
                "{name: status, in: query, schema: {type: string, enum: [active, blocked]}}",
                "{name: status, in: query, schema: {type: string, enum: [active]}}"
            ))
        #expect(parameterNarrowed.rules == ["request-enum-value-removed"])
        #expect(parameterNarrowed.first?.location == "query parameter `status`")
    }

    @Test("A changed type or format is breaking; integer to number widens a request")
    func types() throws {
        let changed = try changes("getCustomer", ("age: {type: integer, minimum: 0}", "age: {type: string}"))
        #expect(changed.rules.contains("response-type-changed"))
        #expect(!changed.breaking.isEmpty)
        let widened = try changes(
            "createCustomer", ("age: {type: integer, maximum: 150}", "age: {type: number, maximum: 150}"))
        #expect(widened.rules == ["request-type-widened"])
        #expect(widened.breaking.isEmpty)
        let format = try changes(
            "getCustomer", ("email: {type: string, format: email}", "email: {type: string, format: uri}"))
        #expect(format.rules == ["response-format-changed"])
    }

    @Test("Request constraints may loosen but not tighten; response constraints the other way round")
    func constraints() throws {
        let tightened = try changes(
            "createCustomer",
            (
                "name: {type: string, maxLength: 100}\n        email: {type: string}\n",
                "name: {type: string, maxLength: 50}\n        email: {type: string}\n"
            ))
        #expect(tightened.rules == ["request-constraint-tightened"])
        #expect(tightened.first?.message.contains("maxLength lowered from 100 to 50") == true)
        let loosened = try changes(
            "createCustomer", ("age: {type: integer, maximum: 150}", "age: {type: integer, maximum: 200}"))
        #expect(loosened.rules == ["request-constraint-loosened"])
        #expect(loosened.breaking.isEmpty)
        let pattern = try changes("updateCustomer", ("pattern: '^[0-9]{5}$'", "pattern: '^[0-9]{4}$'"))
        // Whether one pattern accepts more than another cannot be told: breaking both ways.
        #expect(pattern.rules.sorted() == ["request-constraint-changed", "response-constraint-changed"])
        #expect(pattern.breaking.count == 2)
        let emptied = try changes("updateCustomer", ("pattern: '^[0-9]{5}$'", "pattern: ''"))
        #expect(emptied.rules.sorted() == ["request-constraint-loosened", "response-constraint-loosened"])
        let exclusive = try changes(
            "createCustomer",
            (
                "age: {type: integer, maximum: 150}",
                "age: {type: integer, maximum: 150, exclusiveMaximum: true}"
            ))
        #expect(exclusive.rules == ["request-constraint-tightened"])
        let responseLoosened = try changes("getCustomer", ("maxItems: 10}", "maxItems: 20}"))
        #expect(responseLoosened.rules == ["response-constraint-loosened"])
        #expect(responseLoosened.breaking.count == 1)
    }

    @Test("Requiredness: optional to required breaks requests, required to optional breaks responses")
    func requiredness() throws {
        let request = try changes("createCustomer", ("required: [name]\n", "required: [name, email]\n"))
        #expect(request.rules == ["request-property-became-required"])
        let response = try changes("getCustomer", ("required: [id, name]", "required: [id]"))
        #expect(response.rules == ["response-property-became-optional"])
        #expect(response.breaking.count == 1)
        let added = try changes(
            "createCustomer", ("required: [name]\n", "required: [name, vat]\n"),
            (
                "plan: {type: string, enum: [free, pro]}",
                "plan: {type: string, enum: [free, pro]}\n        vat: {type: string}"
            ))
        #expect(added.rules == ["request-property-added-required"])
    }

    @Test("Required names not declared in `properties` count: newly required breaks requests, dropped breaks responses")
    func undeclaredRequiredNames() throws {
        let request = try changes("createCustomer", ("required: [name]\n", "required: [name, vat]\n"))
        #expect(request.map { "\($0.rule) \($0.location)" } == ["request-property-became-required request body /vat"])
        #expect(request.breaking.count == 1)
        let loosened = try DiffFixtures.changes(
            DiffFixtures.shop(("required: [name]\n", "required: [name, vat]\n")), DiffFixtures.shopSpec,
            operation: "createCustomer")
        #expect(loosened.rules == ["request-property-became-optional"])
        #expect(loosened.breaking.isEmpty)
        let response = try DiffFixtures.changes(
            DiffFixtures.shop(("required: [id, name]", "required: [id, name, region]")), DiffFixtures.shopSpec,
            operation: "getCustomer")
        #expect(
            response.map { "\($0.rule) \($0.location)" } == [
                "response-property-became-optional response 200 body /region"
            ])
        #expect(response.breaking.count == 1)
        let promised = try changes("getCustomer", ("required: [id, name]", "required: [id, name, region]"))
        #expect(promised.rules == ["response-property-became-required"])
        #expect(promised.breaking.isEmpty)
    }

    @Test("A missing `items` accepts any element: adding one tightens requests, removing one loosens responses")
    func arrayItems() throws {
        let untyped = try DiffFixtures.shop(
            (
                "tags: {type: array, items: {type: string}, maxItems: 10}",
                "tags: {type: array, maxItems: 10}"
            ))
        let added = try DiffFixtures.diff(untyped, DiffFixtures.shopSpec)
        let update = try #require(added.operation(id: "updateCustomer")).changes
        #expect(
            update.map { "\($0.rule) \($0.location)" }.sorted() == [
                "request-type-changed request body /tags/[]", "response-type-narrowed response 200 body /tags/[]",
            ])
        #expect(update.breaking.map(\.rule) == ["request-type-changed"])
        #expect(added.operation(id: "getCustomer")?.changes.rules == ["response-type-narrowed"])
        let removed = try DiffFixtures.diff(DiffFixtures.shopSpec, untyped)
        #expect(
            removed.operation(id: "getCustomer")?.changes.map { "\($0.rule) \($0.location)" }
                == ["response-type-changed response 200 body /tags/[]"])
        #expect(removed.operation(id: "getCustomer")?.changes.breaking.count == 1)
        #expect(
            removed.operation(id: "updateCustomer")?.changes.rules.sorted()
                == ["request-type-widened", "response-type-changed"])
    }

    @Test("A read-only property required in a response is not a request requirement")
    func readOnly() throws {
        let changes = try changes(
            "updateCustomer",
            ("required: [id, name]", "required: [id, name, created]"),
            (
                "id: {type: string, readOnly: true}",
                "id: {type: string, readOnly: true}\n        created: {type: string, readOnly: true}"
            ))
        #expect(changes.rules == ["response-property-added"])
        #expect(changes.breaking.isEmpty)
    }

    @Test("Nullable: dropping null breaks requests, adding null breaks responses")
    func nullable() throws {
        let dropped = try changes(
            "updateCustomer", ("nickname: {type: string, nullable: true}", "nickname: {type: string}"))
        #expect(dropped.rules.sorted() == ["request-nullable-removed", "response-nullable-removed"])
        #expect(dropped.breaking.map(\.rule) == ["request-nullable-removed"])
        let added = try changes(
            "getCustomer",
            (
                "name: {type: string, maxLength: 100}\n        email: {type: string, format",
                "name: {type: string, maxLength: 100, nullable: true}\n        email: {type: string, format"
            ))
        #expect(added.rules == ["response-nullable-added"])
        let reference = try changes(
            "getCustomer",
            (
                "address: {$ref: '#/components/schemas/Address'}",
                "address: {$ref: '#/components/schemas/Address', nullable: true}"
            ))
        #expect(reference.rules == ["response-nullable-added"])
    }

    @Test("Union alternatives: added is compatible (reported in responses), removed from requests breaks")
    func unions() throws {
        let wallet = (
            "    Bank: {type: object",
            "    Wallet: {type: object, title: Wallet, properties: {id: {type: string}}}\n    Bank: {type: object"
        )
        let requestAdded = try changes(
            "createCustomer", wallet,
            (
                "payment:\n          oneOf:\n            - {$ref: '#/components/schemas/Card'}",
                "payment:\n          oneOf:\n            - {$ref: '#/components/schemas/Wallet'}\n            - {$ref: '#/components/schemas/Card'}"
            ))
        #expect(requestAdded.rules == ["request-variant-added"])
        let requestRemoved = try changes(
            "createCustomer",
            (
                "payment:\n          oneOf:\n            - {$ref: '#/components/schemas/Card'}\n            - {$ref: '#/components/schemas/Bank'}",
                "payment:\n          oneOf:\n            - {$ref: '#/components/schemas/Card'}"
            ))
        #expect(requestRemoved.rules == ["request-variant-removed"])
        let responseAdded = try changes(
            "getCustomer", wallet,
            (
                "source:\n          oneOf:\n            - {$ref: '#/components/schemas/Card'}",
                "source:\n          oneOf:\n            - {$ref: '#/components/schemas/Wallet'}\n            - {$ref: '#/components/schemas/Card'}"
            ))
        #expect(responseAdded.rules == ["response-variant-added"])
        #expect(responseAdded.breaking.isEmpty)
        let memberChanged = try changes(
            "getCustomer",
            (
                "Bank: {type: object, title: Bank, properties: {iban: {type: string}}}",
                "Bank: {type: object, title: Bank, properties: {bic: {type: string}}}"
            ))
        #expect(memberChanged.rules.sorted() == ["response-property-added", "response-property-removed"])
        #expect(
            memberChanged.first { $0.rule == "response-property-removed" }?.location == "response 200 body /source/iban"
        )
    }

    @Test("Statuses, media types and request bodies")
    func responsesAndBodies() throws {
        let status = try changes("createCustomer", ("'201': {description: Created", "'200': {description: Created"))
        #expect(status.rules.sorted() == ["response-status-added", "response-success-status-removed"])
        #expect(status.breaking.map(\.rule) == ["response-success-status-removed"])
        let errorRemoved = try changes("getCustomer", ("        '404': {description: Not found}\n", ""))
        #expect(errorRemoved.rules == ["response-non-success-status-removed"])
        #expect(errorRemoved.breaking.isEmpty)
        let optionalBody = try changes(
            "createCustomer", ("requestBody:\n        required: true", "requestBody:\n        required: false"))
        #expect(optionalBody.rules == ["request-body-became-optional"])
        let mediaType = try changes(
            "createCustomer",
            (
                "          application/json:\n            schema: {$ref: '#/components/schemas/NewCustomer'}",
                "          application/xml:\n            schema: {$ref: '#/components/schemas/NewCustomer'}"
            ))
        #expect(mediaType.rules.sorted() == ["request-media-type-added", "request-media-type-removed"])
    }

    @Test("Path and method changes of an operation id are breaking; renaming a path parameter is a breaking rename")
    func identity() throws {
        let path = try changes("deleteCustomer", ("  /customers/{id}:\n", "  /clients/{id}:\n"))
        #expect(path.contains { $0.rule == "operation-path-changed" && $0.severity == .breaking })
        let renamed = try changes(
            "deleteCustomer", ("  /customers/{id}:\n", "  /customers/{customer_id}:\n"),
            ("{name: id, in: path", "{name: customer_id, in: path"))
        #expect(renamed.rules == ["request-path-parameter-renamed"])
        #expect(renamed.first?.severity == .breaking)
        #expect(renamed.first?.location == "path parameter `id`")
        #expect(renamed.first?.message == "path parameter `id` was renamed to `customer_id`")
        // The renamed parameter's schema is still compared, under its new name.
        let retyped = try changes(
            "deleteCustomer", ("  /customers/{id}:\n", "  /customers/{customer_id}:\n"),
            (
                "{name: id, in: path, required: true, schema: {type: string}}",
                "{name: customer_id, in: path, required: true, schema: {type: integer}}"
            ))
        #expect(
            retyped.map { "\($0.rule) \($0.location)" }
                == [
                    "request-path-parameter-renamed path parameter `id`",
                    "request-type-changed path parameter `customer_id`",
                ])
    }

    @Test("Security needing new credentials is breaking; an extra alternative is not")
    func security() throws {
        let changed = try changes("getCustomer", ("security: [{token: []}]", "security: [{key: []}]"))
        #expect(changed.rules == ["security-changed"])
        #expect(changed.breaking.count == 1)
        let relaxed = try changes("getCustomer", ("security: [{token: []}]", "security: [{token: []}, {key: []}]"))
        #expect(relaxed.rules == ["security-relaxed"])
        #expect(relaxed.breaking.isEmpty)
    }

    @Test("Documentation-only edits and deprecation are compatible")
    func documentation() throws {
        let diff = try DiffFixtures.diff(
            DiffFixtures.shopSpec,
            DiffFixtures.shop(
                ("summary: Get a customer", "summary: Fetch one customer\n      deprecated: true"),
                ("description: A customer.", "description: Somebody who buys things."),
                ("'404': {description: Not found}", "'404': {description: No such customer}")))
        #expect(!diff.hasBreakingChanges)
        let rules = try #require(diff.operation(id: "getCustomer")).changes.rules
        #expect(rules.sorted() == ["operation-deprecated", "operation-documentation-changed"])
    }

    @Test("Recursive schemas terminate and report a change once per operation")
    func recursion() throws {
        let changes = try changes("getCustomer", ("city: {type: string}", "city: {type: integer}"))
        #expect(changes.count(where: { $0.rule == "response-type-changed" }) == 1)
        #expect(changes.first?.location == "response 200 body /address/city")
    }
}
