/// A customer segment, as the spec's `Segment` schema enumerates it.
enum Segment: String, CaseIterable, Sendable {
    case enterprise
    case midMarket = "mid_market"
    case smb
}
