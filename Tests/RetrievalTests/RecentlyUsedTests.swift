import Testing
@testable import Retrieval

@Suite struct RecentlyUsedTests {
    @Test func keepsValuesByKey() {
        var recent = RecentlyUsed<[Float]>(capacity: 4)
        recent.insert([1, 0], for: "list repositories")
        #expect(recent.value(for: "list repositories") == [1, 0])
        #expect(recent.value(for: "List repositories") == nil)
    }

    @Test func dropsTheLeastRecentlyUsedBeyondTheCapacity() {
        var recent = RecentlyUsed<[Float]>(capacity: 8)
        for index in 0..<8 { recent.insert([Float(index)], for: "q\(index)") }
        _ = recent.value(for: "q0")
        recent.insert([8], for: "q8")
        #expect(recent.count <= 8)
        #expect(recent.value(for: "q0") == [0])
        #expect(recent.value(for: "q8") == [8])
        #expect(recent.value(for: "q1") == nil)
    }

    @Test func keepsNothingWithoutCapacity() {
        var recent = RecentlyUsed<[Float]>(capacity: 0)
        recent.insert([1], for: "q")
        #expect(recent.value(for: "q") == nil)
    }
}
