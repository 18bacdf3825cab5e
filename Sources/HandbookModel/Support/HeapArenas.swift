#if canImport(Glibc)
import Glibc
#endif

/// How many arenas glibc's malloc keeps. By default it opens one more (up to eight per core) whenever a thread
/// allocates while the others' are busy, and each arena keeps the pages freed in it; a server whose requests hop
/// between event-loop, task and dispatch threads ends up holding several partly used arenas.
public enum HeapArenas {
    #if canImport(Glibc)
    private typealias Option = @convention(c) (Int32, Int32) -> Int32
    /// glibc's `mallopt` (declared in `malloc.h`, which Swift's Glibc module does not include), looked up once.
    private static let option: Option? = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt")
        .map { unsafeBitCast($0, to: Option.self) }
    /// `M_ARENA_MAX` of `malloc.h`.
    private static let arenaMaximum: Int32 = -8
    #endif

    /// Lets malloc keep at most `count` arenas from now on (a no-op elsewhere than glibc). Call it before the process
    /// starts threads: arenas already opened stay.
    public static func limit(to count: Int32) {
        #if canImport(Glibc)
        _ = option?(arenaMaximum, count)
        #endif
    }
}
