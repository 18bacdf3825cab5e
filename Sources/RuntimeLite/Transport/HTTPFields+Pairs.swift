import HTTPTypes

extension HTTPFields {
    /// Fields from name-value pairs in order (repeated names stay repeated); names HTTP does not allow are skipped.
    init(pairs: some Sequence<(String, String)>) {
        self.init()
        for (name, value) in pairs {
            if let fieldName = HTTPField.Name(name) { append(HTTPField(name: fieldName, value: value)) }
        }
    }
}
