import Foundation

/// Paths with every symlink, `.` and `..` resolved, the way the kernel opens them (`realpath(3)`).
///
/// The loader checks real paths, not written ones, so a symlink or a `../` cannot lead a build outside the folders
/// it may read.
enum RealPath {
    /// The real path of an existing file or folder; `nil` when it does not exist (or holds a NUL byte).
    static func resolve(_ path: String) -> String? {
        guard !path.utf8.contains(0), let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// Whether the real path `path` is `folder` or below it (`folder` a real path too).
    static func isInside(_ path: String, folder: String) -> Bool {
        if path == folder || folder == "/" { return true }
        return path.hasPrefix(folder.hasSuffix("/") ? folder : folder + "/")
    }

    /// Whether the real path `path` names a regular file (not a folder, device, pipe or socket).
    static func isRegularFile(_ path: String) -> Bool {
        var status = stat()
        return stat(path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFREG
    }

    /// Whether the real path `path` names a folder.
    static func isFolder(_ path: String) -> Bool {
        var status = stat()
        return stat(path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFDIR
    }

    /// Whether `path` itself is a symbolic link.
    static func isSymbolicLink(_ path: String) -> Bool {
        var status = stat()
        return lstat(path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFLNK
    }
}
