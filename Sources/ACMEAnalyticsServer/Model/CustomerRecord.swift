/// One customer row of the data set.
struct CustomerRecord: Sendable, Hashable {
    /// `C` followed by five digits.
    var id: String
    /// The account name.
    var name: String
    /// Billing e-mail address.
    var email: String
    /// E.164 phone number, `nil` when unknown.
    var phone: String?
    /// ISO 3166-1 alpha-2 country code.
    var country: String
    /// The customer's segment.
    var segment: Segment
    /// Credit limit in cents.
    var creditLimitCents: Int64
    /// Account creation time, RFC 3339 UTC (`2023-02-14T09:30:00Z`).
    var createdAt: String
}
