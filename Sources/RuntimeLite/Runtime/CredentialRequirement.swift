/// What a runtime does about credentials its environment lacks.
public enum CredentialRequirement: Sendable, Hashable {
    /// Refuse to start, naming every missing variable (`hbc serve --require-credentials`, for strict production).
    case atStart
    /// Start anyway: discovery and planning work, and a call to an API whose credentials are missing fails with
    /// outcome `missing_credentials`, naming the variables (the default).
    case atCall
    /// Send no credentials at all (calls to a mock, which checks none): no secret is read or needed.
    case unused
}
