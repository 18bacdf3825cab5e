import CJQ
import Foundation
import HandbookModel

/// Runs jq programs (libjq, jq 1.6) on JSON values within ``ShapeLimits``.
///
/// Every compile check and evaluation runs in a forked child process (see `Sources/CJQ/shim.h`): jq 1.6 cannot be
/// interrupted, is not thread-safe and aborts its process when memory runs out, so a runaway program (`def f: f; f`,
/// `repeat(1)`, `[range(1e9)]`) must never run inside the server. The child has an empty environment (`env` and
/// `$ENV` are empty), no library path (`import` reads nothing), no standard streams, an address-space and a CPU
/// limit; this process reads its outputs as they come and kills it at the deadline or when the outputs pass their
/// limits. Cost: one `fork` and jq's own start-up (compiling its builtins) per evaluation, a few milliseconds.
public struct JQEvaluator: Sendable {
    /// The bounds of every evaluation.
    public var limits: ShapeLimits

    /// An evaluator.
    public init(limits: ShapeLimits = ShapeLimits()) {
        self.limits = limits
    }

    /// The compile errors of `program` (empty when it compiles).
    public func compileErrors(of program: String) -> [JQCompileError] {
        switch spawn(program: program, input: [], run: false) {
        case .success: []
        case .failure(.compile(let errors)): errors
        case .failure(let failure): [JQCompileError(message: failure.description, line: nil)]
        }
    }

    /// The outputs of `program` run on `input`, in order.
    public func outputs(of program: String, on input: JSONValue) -> Result<[JSONValue], ShapeFailure> {
        spawn(program: program, input: input.serializedData(sortKeys: false), run: true)
    }

    /// What `program` makes of `input`: its only output, or an array of its outputs when it has several (`null`
    /// when it has none).
    public func shape(_ input: JSONValue, with program: String) -> Result<JSONValue, ShapeFailure> {
        Self.single(outputs(of: program, on: input))
    }

    /// ``shape(_:with:)`` without holding a task thread while the child runs.
    public func shape(_ input: JSONValue, with program: String) async -> Result<JSONValue, ShapeFailure> {
        let serialized = input.serializedData(sortKeys: false)
        return await withCheckedContinuation { continuation in
            Self.onLargeStack {
                continuation.resume(returning: Self.single(self.run(program: program, input: serialized, run: true)))
            }
        }
    }

    private static func single(_ outputs: Result<[JSONValue], ShapeFailure>) -> Result<JSONValue, ShapeFailure> {
        outputs.map { outputs in
            switch outputs.count {
            case 0: .null
            case 1: outputs[0]
            default: .array(outputs)
            }
        }
    }

    /// Stack of the thread that forks: the child runs jq on a copy of it, and jq's compiler recurses deeply (its
    /// builtins alone overflow the 512 KiB of a task thread).
    static let childStackBytes = 64 << 20

    /// Runs `body` on a new thread with a ``childStackBytes`` stack.
    private static func onLargeStack(_ body: @escaping @Sendable () -> Void) {
        let thread = Thread(block: body)
        thread.stackSize = childStackBytes
        thread.start()
    }

    /// ``run(program:input:run:)`` on a thread with a large stack, waiting for it.
    private func spawn(program: String, input: [UInt8], run: Bool) -> Result<[JSONValue], ShapeFailure> {
        let outcome = OutcomeBox()
        let done = DispatchSemaphore(value: 0)
        Self.onLargeStack {
            outcome.set(self.run(program: program, input: input, run: run))
            done.signal()
        }
        done.wait()
        return outcome.get()
    }

    private func run(program: String, input: [UInt8], run: Bool) -> Result<[JSONValue], ShapeFailure> {
        let clock = ContinuousClock()
        let deadline = clock.now + limits.timeout
        let addressSpace = UInt64(Self.mappedBytes() + max(limits.memoryBytes, 16 << 20))
        let cpuSeconds = UInt64(max(1, limits.timeout.components.seconds + 1))
        var readEnd: Int32 = -1
        let pid: pid_t = program.withCString { programPointer in
            input.withUnsafeBufferPointer { buffer in
                buffer.baseAddress.map { base in
                    base.withMemoryRebound(to: CChar.self, capacity: buffer.count) { inputPointer in
                        hbc_jq_spawn(programPointer, inputPointer, Int32(buffer.count), run ? 1 : 0, addressSpace,
                                     cpuSeconds, &readEnd)
                    }
                } ?? hbc_jq_spawn(programPointer, "", 0, run ? 1 : 0, addressSpace, cpuSeconds, &readEnd)
            }
        }
        guard pid > 0 else { return .failure(.unavailable(String(cString: strerror(errno)))) }
        defer { close(readEnd) }
        var reader = ChildOutputReader(limits: limits)
        let ending = reader.read(from: readEnd, until: deadline, clock: clock)
        switch ending {
        case .finished:
            var status: Int32 = 0
            waitpid(pid, &status, 0)
        case .timedOut, .tooLarge, .closed:
            if ending != .closed { kill(pid, SIGKILL) }
            var status: Int32 = 0
            waitpid(pid, &status, 0)
            switch ending {
            case .timedOut: return .failure(.timedOut(after: limits.timeout))
            case .tooLarge(let limit): return .failure(.outputTooLarge(limit: limit))
            default: return .failure(.crashed(Self.describe(status)))
            }
        }
        if !reader.compileErrors.isEmpty { return .failure(.compile(reader.compileErrors)) }
        if let error = reader.runtimeError { return .failure(.runtime(error)) }
        return .success(reader.outputs)
    }

    /// Bytes of address space this process maps now (the child starts as a copy of it).
    private static func mappedBytes() -> Int {
        guard let statm = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8),
              let pages = statm.split(separator: " ").first.flatMap({ Int($0) })
        else { return 4 << 30 }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }

    private static func describe(_ status: Int32) -> String {
        let signal = status & 0x7F
        if signal == SIGKILL || signal == SIGXCPU { return "it used up its CPU time" }
        if signal != 0 { return "it ran out of memory or crashed (signal \(signal))" }
        return "it ended without finishing (status \((status >> 8) & 0xFF))"
    }
}

/// Hands an evaluation's outcome from the thread that ran it to the one waiting for it.
private final class OutcomeBox: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Result<[JSONValue], ShapeFailure> = .success([])

    func set(_ newValue: Result<[JSONValue], ShapeFailure>) { lock.withLock { value = newValue } }
    func get() -> Result<[JSONValue], ShapeFailure> { lock.withLock { value } }
}
