#if canImport(Glibc)
import Glibc
#endif

/// Gives freed memory back to the operating system. glibc keeps freed heap pages in its arenas (one per thread that
/// allocated), so without this a server's resident size stays at its peak after work that allocates for a while:
/// opening bundles, ended sessions, building the planner's catalog.
public enum HeapTrimming {
    #if canImport(Glibc)
    private typealias Trim = @convention(c) (Int) -> Int32
    /// glibc's `malloc_trim` (declared in `malloc.h`, which Swift's Glibc module does not include), looked up once.
    private static let trim: Trim? = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim")
        .map { unsafeBitCast($0, to: Trim.self) }
    #endif

    /// Releases free heap memory at the top of glibc's arenas and unused pages inside them (a no-op elsewhere).
    public static func returnFreedMemory() {
        #if canImport(Glibc)
        _ = trim?(0)
        #endif
    }
}
