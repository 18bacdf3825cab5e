/// How guardrails compare a field name in a policy with a member name in a body: regardless of case.
///
/// Many APIs read JSON members case-insensitively (`Credit_Limit` sets `credit_limit`), so a constraint on
/// `body.credit_limit` must also check `Credit_Limit`, and a redaction of `ssn` must also remove `SSN`; a rule that
/// sees every case variant cannot be bypassed by one.
enum FieldName {
    /// Whether the member name `key` is the policy's field `name` in some case variant.
    static func matches(_ key: String, _ name: String) -> Bool {
        key == name || key.lowercased() == name.lowercased() || key.uppercased() == name.uppercased()
    }
}
