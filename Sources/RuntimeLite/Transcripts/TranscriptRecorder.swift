import Foundation
import HandbookModel
import Logging
import Synchronization

/// Keeps a transcript of every tool call without slowing it: the call only appends what it already has to a bounded
/// in-memory queue; a background writer masks, trims and stores the queued calls in batches (whatever arrived while
/// the previous batch was written) and deletes transcripts past the retention. When the queue is full — by calls or by
/// the bytes of their answers (the store is slower than the calls for a long while) — new transcripts are dropped and
/// the drops logged, never waited for.
public final class TranscriptRecorder: Sendable {
    /// The store written to.
    public let store: any TranscriptStore
    /// How long and how many transcripts are kept.
    public let retention: TranscriptRetention
    /// Most calls queued before new ones are dropped.
    public let capacity: Int
    /// Most bytes of answers (their structured content as sent, else their text) queued before new calls are dropped:
    /// a queue of large answers (80 KB `describe`s) held as parsed JSON would otherwise grow the server by tens of MB.
    public let capacityBytes: Int
    /// Largest structured result kept per transcript, in bytes (cut as valid JSON beyond).
    public let maximumResultBytes: Int
    /// How long the writer gathers calls after the first one arrives before it writes them in one transaction.
    public let batchInterval: Duration

    private struct Queue {
        var pending: [PendingTranscript] = []
        var pendingBytes = 0
        var dropped = 0
        var closed = false
    }

    private let queue = Mutex(Queue())
    private let wake: AsyncStream<Void>.Continuation
    private let writer: Mutex<Task<Void, Never>?> = Mutex(nil)
    private let logger: Logger

    /// A recorder writing to `store`; by default at most 1,024 calls and 512 KiB of answers queued, 64 KiB kept of
    /// each result, and the calls of 50 ms written together.
    public init(
        store: any TranscriptStore, retention: TranscriptRetention = TranscriptRetention(), capacity: Int = 1024,
        capacityBytes: Int = 512 << 10, maximumResultBytes: Int = 64 << 10, batchInterval: Duration = .milliseconds(50),
        logger: Logger
    ) {
        self.store = store
        self.retention = retention
        self.capacity = capacity
        self.capacityBytes = capacityBytes
        self.maximumResultBytes = maximumResultBytes
        self.batchInterval = batchInterval
        self.logger = logger
        let (signals, wake) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        self.wake = wake
        let task = Task.detached(priority: .utility) { [self] in await write(signalledBy: signals) }
        writer.withLock { $0 = task }
    }

    /// Queues a call's transcript; returns at once. Dropped (and counted) when the queue is full or closed.
    func record(_ call: PendingTranscript) {
        let bytes = call.answerBytes
        let queued = queue.withLock { queue in
            guard !queue.closed, queue.pending.count < capacity,
                queue.pending.isEmpty || queue.pendingBytes + bytes <= capacityBytes
            else {
                queue.dropped += 1
                return false
            }
            queue.pending.append(call)
            queue.pendingBytes += bytes
            return true
        }
        if queued { wake.yield() }
    }

    /// The transcript of `traceID` for `caller`: a trusted caller (stdio, HTTP without authentication) reads any,
    /// others only their own (same tenant and user). Calls still queued are found too.
    public func transcript(traceID: String, for caller: Caller) async throws -> ToolCallTranscript? {
        let queued = queue.withLock { queue in queue.pending.last { $0.traceID == traceID } }
        let found =
            if let queued {
                queued.transcript(maximumResultBytes: maximumResultBytes)
            } else {
                try await store.transcript(traceID: traceID)
            }
        guard let transcript = found else { return nil }
        let visible =
            caller.authentication == .trusted
            || (transcript.tenant == caller.tenant && transcript.user == caller.user)
        return visible ? transcript : nil
    }

    /// Writes what is queued, stops the writer and waits for it (at shutdown, so no transcript is lost). Later calls
    /// are not recorded.
    public func close() async {
        queue.withLock { $0.closed = true }
        wake.finish()
        await writer.withLock { $0 }?.value
    }

    /// The writer: one batch per wake-up (the calls of ``batchInterval`` after it, or at once when the queue is half
    /// full already), the retention applied at start and at most once a minute. After large batches, at most once a
    /// second, the heap they freed goes back to the system (their trees and rows were freed in the arenas of
    /// whichever threads made them).
    private func write(signalledBy signals: AsyncStream<Void>) async {
        await prune()
        var lastPruned = ContinuousClock.now
        var lastTrimmed = ContinuousClock.now
        var writtenSinceTrim = 0
        for await _ in signals {
            let halfFull = queue.withLock { $0.pendingBytes * 2 >= capacityBytes || $0.pending.count * 2 >= capacity }
            if !halfFull { try? await Task.sleep(for: batchInterval) }
            writtenSinceTrim += await writeQueued()
            if writtenSinceTrim >= 64 << 10, ContinuousClock.now - lastTrimmed >= .seconds(1) {
                HeapTrimming.returnFreedMemory()
                lastTrimmed = .now
                writtenSinceTrim = 0
            }
            if ContinuousClock.now - lastPruned >= .seconds(60) {
                await prune()
                lastPruned = .now
            }
        }
        await writeQueued()
    }

    /// Stores everything queued and returns the bytes of the answers written; the calls leave the queue only once
    /// stored, so reads find them meanwhile.
    @discardableResult
    private func writeQueued() async -> Int {
        let (batch, dropped) = queue.withLock { queue in
            defer { queue.dropped = 0 }
            return (queue.pending, queue.dropped)
        }
        if dropped > 0 {
            logger.warning(
                "transcripts dropped: the queue was full", metadata: ["dropped": .stringConvertible(dropped)])
        }
        guard !batch.isEmpty else { return 0 }
        let rows = batch.compactMap { $0.transcript(maximumResultBytes: maximumResultBytes).map(TranscriptRow.init) }
        do {
            try await store.append(rows)
        } catch {
            logger.warning(
                "transcripts not stored",
                metadata: [
                    "count": .stringConvertible(rows.count), "reason": .string("\(error)"),
                ])
        }
        let written = batch.reduce(0) { $0 + $1.answerBytes }
        queue.withLock { queue in
            queue.pending.removeFirst(batch.count)
            queue.pendingBytes -= written
        }
        return written
    }

    private func prune() async {
        do {
            let deleted = try await store.prune(retention, now: Date())
            if deleted > 0 {
                logger.info("transcripts deleted past retention", metadata: ["deleted": .stringConvertible(deleted)])
            }
        } catch {
            logger.warning("transcript retention not applied", metadata: ["reason": .string("\(error)")])
        }
    }
}
