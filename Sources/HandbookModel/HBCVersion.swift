/// The version of hbc, recorded in bundles it writes and printed by `hbc --version`.
public enum HBCVersion {
    /// The current version.
    public static let current = "0.1.0"
}
