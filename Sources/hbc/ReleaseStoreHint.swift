import Releases

extension Terminal {
    /// Prints `error: CONTEXT ERROR` to standard error and, when the error is a ``ReleaseStoreError`` an option or a
    /// command fixes, a `hint:` line naming it: the library says what is wrong, the command which flag fixes it.
    /// - Parameters:
    ///   - context: What was being done (`cannot record the results in DIR: `), or empty.
    ///   - directory: The store folder as the user gave it.
    ///   - option: The option that chose it (`--store (or HBC_STORE)`, `--record-to`).
    static func storeError(
        _ error: any Error, context: String = "", directory: String, option: String = "--store (or HBC_STORE)"
    ) {
        Terminal.error("error: \(context)\(error)")
        guard let error = error as? ReleaseStoreError else { return }
        switch error.kind {
        case .noStore:
            Terminal.error(
                "hint: check \(option), or promote a bundle first: hbc promote FILE.hb --to ENV --store \(directory)")
        case .unusableFolder:
            Terminal.error("hint: choose another (writable) folder with \(option)")
        case .promotionOrder:
            Terminal.error("hint: set the order again: hbc promote --set-order ENV,ENV,… --store \(directory)")
        case .damagedTestRuns:
            Terminal.error("hint: after deleting it: hbc test FILE.hb --env ENV --record-to \(directory)")
        case .other:
            break
        }
    }
}
