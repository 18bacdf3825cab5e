/// How long transcripts are kept and how many at most: older ones, and the oldest beyond the row cap, are deleted.
public struct TranscriptRetention: Sendable, Hashable {
    /// Transcripts older than this are deleted.
    public var maximumAge: Duration
    /// At most this many transcripts are kept (the newest).
    public var maximumCount: Int

    /// A retention; by default 7 days and 100,000 transcripts.
    public init(maximumAge: Duration = .seconds(7 * 86_400), maximumCount: Int = 100_000) {
        self.maximumAge = maximumAge
        self.maximumCount = maximumCount
    }

    /// Reads an age written as a number and a unit: `7d`, `12h`, `30m`, `90s` (a bare number is days); `nil` for
    /// anything else or a non-positive age.
    public static func age(parsing text: String) -> Duration? {
        let units: [Character: Int64] = ["d": 86_400, "h": 3_600, "m": 60, "s": 1]
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        guard let last = trimmed.last else { return nil }
        let (number, unit) = units[last].map { (trimmed.dropLast(), $0) } ?? (Substring(trimmed), 86_400)
        guard let value = Double(number), value > 0, value.isFinite, value * Double(unit) < 1e12 else { return nil }
        return .milliseconds(Int64((value * Double(unit) * 1000).rounded()))
    }
}
