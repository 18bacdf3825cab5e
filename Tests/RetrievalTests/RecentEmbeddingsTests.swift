import Testing
@testable import Retrieval

@Suite struct RecentEmbeddingsTests {
    @Test func keepsVectorsByText() {
        var recent = RecentEmbeddings(capacity: 4)
        recent.insert([1, 0], for: "list repositories")
        #expect(recent.vector(for: "list repositories") == [1, 0])
        #expect(recent.vector(for: "List repositories") == nil)
    }

    @Test func dropsTheLeastRecentlyUsedBeyondTheCapacity() {
        var recent = RecentEmbeddings(capacity: 8)
        for index in 0..<8 { recent.insert([Float(index)], for: "q\(index)") }
        _ = recent.vector(for: "q0")
        recent.insert([8], for: "q8")
        #expect(recent.count <= 8)
        #expect(recent.vector(for: "q0") == [0])
        #expect(recent.vector(for: "q8") == [8])
        #expect(recent.vector(for: "q1") == nil)
    }

    @Test func keepsNothingWithoutCapacity() {
        var recent = RecentEmbeddings(capacity: 0)
        recent.insert([1], for: "q")
        #expect(recent.vector(for: "q") == nil)
    }
}
