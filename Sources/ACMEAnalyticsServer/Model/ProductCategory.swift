/// A product category, as the spec's `Category` schema enumerates it.
enum ProductCategory: String, CaseIterable, Sendable {
    case hardware
    case software
    case services
    case accessories
    case training
}
