/// The 1-based line and column (counted in bytes, like the JSON parser's) of a byte offset in a file.
struct BytePosition: Equatable, Sendable {
    /// 1-based line.
    let line: Int
    /// 1-based column, in bytes from the start of the line.
    let column: Int

    /// The position of `offset` in `bytes`; offsets past the end count from the end.
    init(offset: Int, in bytes: [UInt8]) {
        let end = min(max(offset, 0), bytes.count)
        var line = 1
        var lineStart = 0
        for index in 0..<end where bytes[index] == 0x0A {
            line += 1
            lineStart = index + 1
        }
        self.line = line
        self.column = end - lineStart + 1
    }
}
