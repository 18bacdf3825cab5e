/// What ``PlanningCatalog/producers(of:excluding:qualifiers:phrases:mentioned:)`` reads of an input, with the
/// request's qualifiers and phrases for it: inputs of many operations ask the same (`owner` and `repo` of a
/// repository's hundreds of operations), so a request looks each up once.
struct FieldQuery: Hashable {
    let name: String
    let location: PlanInput.Location
    let key: String
    let types: [String]
    let takesName: Bool
    let resources: [[String]]
    let qualifiers: [String]
    let phrases: [String]

    init(_ input: PlanInput, qualifiers: [String], phrases: [String] = []) {
        name = input.name
        location = input.location
        key = input.key
        types = input.types
        takesName = input.takesName
        resources = input.resources
        self.qualifiers = qualifiers
        self.phrases = phrases
    }
}
