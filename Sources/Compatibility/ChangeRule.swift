/// Every kind of change `hbc diff` reports, with its fixed severity. The raw value is the stable rule id of
/// ``ContractChange/rule`` (docs/diff.md lists them all).
///
/// Schema rules come in a request and a response form because the direction decides the severity: a request schema
/// may accept more than before (clients keep sending what they sent), a response schema may promise more than before
/// (clients keep reading what they read), never the other way round.
public enum ChangeRule: String, Sendable, Hashable, Codable, CaseIterable {
    // Operations.
    case operationAdded = "operation-added"
    case operationRemoved = "operation-removed"
    case operationMethodChanged = "operation-method-changed"
    case operationPathChanged = "operation-path-changed"
    case operationDeprecated = "operation-deprecated"
    case operationReactivated = "operation-reactivated"
    case operationDocumentationChanged = "operation-documentation-changed"
    case operationServersChanged = "operation-servers-changed"
    /// The same method and path template under another operation id (or an id derived from another path parameter
    /// name).
    case operationIDChanged = "operation-id-changed"

    // Request parameters.
    case requestParameterAdded = "request-parameter-added"
    case requestParameterAddedRequired = "request-parameter-added-required"
    case requestParameterRemoved = "request-parameter-removed"
    case requestParameterBecameRequired = "request-parameter-became-required"
    case requestParameterBecameOptional = "request-parameter-became-optional"
    case requestParameterLocationChanged = "request-parameter-location-changed"
    /// A path parameter with another name at the same place of the same path template (agents pass it by name).
    case requestPathParameterRenamed = "request-path-parameter-renamed"
    case requestParameterSerializationChanged = "request-parameter-serialization-changed"
    case requestParameterDeprecated = "request-parameter-deprecated"

    // Request bodies.
    case requestBodyAdded = "request-body-added"
    case requestBodyAddedRequired = "request-body-added-required"
    case requestBodyRemoved = "request-body-removed"
    case requestBodyBecameRequired = "request-body-became-required"
    case requestBodyBecameOptional = "request-body-became-optional"
    case requestMediaTypeAdded = "request-media-type-added"
    case requestMediaTypeRemoved = "request-media-type-removed"

    // Request schemas (parameters and bodies).
    case requestPropertyAdded = "request-property-added"
    case requestPropertyAddedRequired = "request-property-added-required"
    case requestPropertyRemoved = "request-property-removed"
    case requestPropertyBecameRequired = "request-property-became-required"
    case requestPropertyBecameOptional = "request-property-became-optional"
    case requestPropertyDeprecated = "request-property-deprecated"
    case requestTypeChanged = "request-type-changed"
    case requestTypeWidened = "request-type-widened"
    case requestFormatChanged = "request-format-changed"
    case requestNullableAdded = "request-nullable-added"
    case requestNullableRemoved = "request-nullable-removed"
    case requestEnumValueAdded = "request-enum-value-added"
    case requestEnumValueRemoved = "request-enum-value-removed"
    case requestEnumAdded = "request-enum-added"
    case requestEnumRemoved = "request-enum-removed"
    case requestConstraintTightened = "request-constraint-tightened"
    case requestConstraintLoosened = "request-constraint-loosened"
    /// A constraint changed so that some values became valid and others invalid, or it cannot be told which.
    case requestConstraintChanged = "request-constraint-changed"
    case requestDefaultAdded = "request-default-added"
    case requestDefaultChanged = "request-default-changed"
    case requestVariantAdded = "request-variant-added"
    case requestVariantRemoved = "request-variant-removed"

    // Responses.
    case responseStatusAdded = "response-status-added"
    case responseSuccessStatusRemoved = "response-success-status-removed"
    case responseNonSuccessStatusRemoved = "response-non-success-status-removed"
    case responseMediaTypeAdded = "response-media-type-added"
    case responseMediaTypeRemoved = "response-media-type-removed"
    case responseNonSuccessMediaTypeRemoved = "response-non-success-media-type-removed"
    case responseHeaderAdded = "response-header-added"
    case responseHeaderRemoved = "response-header-removed"

    // Response schemas (bodies and headers).
    case responsePropertyAdded = "response-property-added"
    case responsePropertyRemoved = "response-property-removed"
    case responsePropertyBecameOptional = "response-property-became-optional"
    case responsePropertyBecameRequired = "response-property-became-required"
    case responsePropertyDeprecated = "response-property-deprecated"
    case responseTypeChanged = "response-type-changed"
    case responseTypeNarrowed = "response-type-narrowed"
    case responseFormatChanged = "response-format-changed"
    case responseNullableAdded = "response-nullable-added"
    case responseNullableRemoved = "response-nullable-removed"
    case responseEnumValueAdded = "response-enum-value-added"
    case responseEnumValueRemoved = "response-enum-value-removed"
    case responseEnumAdded = "response-enum-added"
    case responseEnumRemoved = "response-enum-removed"
    case responseConstraintTightened = "response-constraint-tightened"
    case responseConstraintLoosened = "response-constraint-loosened"
    /// A constraint changed so that some values became valid and others invalid, or it cannot be told which.
    case responseConstraintChanged = "response-constraint-changed"
    case responseDefaultChanged = "response-default-changed"
    case responseVariantAdded = "response-variant-added"
    case responseVariantRemoved = "response-variant-removed"

    // Security.
    case securityAdded = "security-added"
    case securityChanged = "security-changed"
    case securityScopesAdded = "security-scopes-added"
    case securityRelaxed = "security-relaxed"

    // Handbook: APIs.
    case apiAdded = "api-added"
    case apiRemoved = "api-removed"
    case apiAuthChanged = "api-auth-changed"
    case apiEnvironmentAdded = "api-environment-added"
    case apiEnvironmentRemoved = "api-environment-removed"
    case apiBaseURLChanged = "api-base-url-changed"
    case apiVersionChanged = "api-version-changed"

    // Handbook: guardrails.
    case guardrailTightened = "guardrail-tightened"
    case guardrailLoosened = "guardrail-loosened"
    case guardrailDocumentationChanged = "guardrail-documentation-changed"

    // Handbook: regression tests.
    case testAdded = "test-added"
    case testRemoved = "test-removed"
    case testChanged = "test-changed"

    // Handbook: plan templates.
    case planTemplateInvalidated = "plan-template-invalidated"
    case planTemplateAdded = "plan-template-added"
    case planTemplateRemoved = "plan-template-removed"
    case planTemplateChanged = "plan-template-changed"

    /// Whether agents relying on the old version can fail with the new one.
    public var severity: ContractChange.Severity {
        switch self {
        case .operationRemoved, .operationMethodChanged, .operationPathChanged,
            .requestParameterAddedRequired, .requestParameterBecameRequired,
            .requestParameterLocationChanged, .requestPathParameterRenamed, .requestParameterSerializationChanged,
            .requestBodyAddedRequired, .requestBodyRemoved, .requestBodyBecameRequired, .requestMediaTypeRemoved,
            .requestPropertyAddedRequired, .requestPropertyBecameRequired,
            .requestTypeChanged, .requestFormatChanged, .requestNullableRemoved, .requestEnumValueRemoved,
            .requestEnumAdded, .requestConstraintTightened, .requestConstraintChanged, .requestDefaultChanged,
            .requestVariantRemoved,
            .responseSuccessStatusRemoved, .responseMediaTypeRemoved, .responseHeaderRemoved,
            .responsePropertyRemoved, .responsePropertyBecameOptional, .responseTypeChanged, .responseFormatChanged,
            .responseNullableAdded, .responseConstraintLoosened, .responseConstraintChanged,
            .securityAdded, .securityChanged, .securityScopesAdded,
            .apiRemoved, .apiAuthChanged, .apiEnvironmentRemoved,
            .planTemplateInvalidated:
            .breaking
        case .operationAdded, .operationDeprecated, .operationReactivated, .operationDocumentationChanged,
            .operationServersChanged, .operationIDChanged,
            .requestParameterAdded, .requestParameterRemoved, .requestParameterBecameOptional,
            .requestParameterDeprecated,
            .requestBodyAdded, .requestBodyBecameOptional, .requestMediaTypeAdded,
            .requestPropertyAdded, .requestPropertyRemoved, .requestPropertyBecameOptional,
            .requestPropertyDeprecated, .requestTypeWidened,
            .requestNullableAdded, .requestEnumValueAdded, .requestEnumRemoved, .requestConstraintLoosened,
            .requestDefaultAdded,
            .requestVariantAdded,
            .responseStatusAdded, .responseNonSuccessStatusRemoved, .responseMediaTypeAdded,
            .responseNonSuccessMediaTypeRemoved, .responseHeaderAdded,
            .responsePropertyAdded, .responsePropertyBecameRequired, .responsePropertyDeprecated,
            .responseTypeNarrowed, .responseNullableRemoved, .responseEnumValueAdded, .responseEnumValueRemoved,
            .responseEnumAdded, .responseEnumRemoved, .responseConstraintTightened, .responseDefaultChanged,
            .responseVariantAdded,
            .responseVariantRemoved,
            .securityRelaxed,
            .apiAdded, .apiEnvironmentAdded, .apiBaseURLChanged, .apiVersionChanged,
            .guardrailTightened, .guardrailLoosened, .guardrailDocumentationChanged,
            .testAdded, .testRemoved, .testChanged,
            .planTemplateAdded, .planTemplateRemoved, .planTemplateChanged:
            .compatible
        }
    }
}

extension ContractChange {
    /// A change found by `rule`, with the rule's id and severity.
    init(_ rule: ChangeRule, location: String, message: String) {
        self.init(rule: rule.rawValue, severity: rule.severity, location: location, message: message)
    }
}
