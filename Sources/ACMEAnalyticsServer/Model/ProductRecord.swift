/// One product row of the catalogue.
struct ProductRecord: Sendable, Hashable {
    /// `P` followed by four digits.
    var id: String
    /// The product name.
    var name: String
    /// The product category.
    var category: ProductCategory
    /// Current list price in cents.
    var unitPriceCents: Int64
    /// Whether the product is currently sold.
    var active: Bool
    /// Launch date.
    var launchedOn: CivilDate
}
