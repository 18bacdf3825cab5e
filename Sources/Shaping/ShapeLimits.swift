/// Bounds on one evaluation of a jq program.
public struct ShapeLimits: Sendable, Hashable {
    /// Wall time from the start of the evaluation; the child process running the program is killed when it passes.
    public var timeout: Duration
    /// Memory the program may allocate beyond what the server already maps, in bytes (an address-space limit on the
    /// child process: a program that needs more stops with an error).
    public var memoryBytes: Int
    /// Largest total of the program's outputs (serialized), in bytes.
    public var maximumOutputBytes: Int
    /// Most outputs a program may produce.
    public var maximumOutputs: Int

    /// Limits; defaults: 2 s, 256 MiB, 16 MiB of output, 10,000 outputs.
    public init(
        timeout: Duration = .seconds(2), memoryBytes: Int = 256 << 20, maximumOutputBytes: Int = 16 << 20,
        maximumOutputs: Int = 10_000
    ) {
        self.timeout = timeout
        self.memoryBytes = memoryBytes
        self.maximumOutputBytes = maximumOutputBytes
        self.maximumOutputs = maximumOutputs
    }
}
