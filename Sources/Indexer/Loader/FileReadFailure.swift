/// Why the loader did not read a file.
enum FileReadFailure: Error, Equatable, Sendable {
    /// Nothing exists at the path.
    case missing
    /// The file, once every symlink is resolved (`realPath`), is outside the handbook folder and the manifest's
    /// `allowed_ref_folders`.
    case outside(realPath: String)
    /// The path names a folder, a device, a pipe or another file that is not a regular file.
    case notAFile
}
