/// What kind of value a parameter takes, read from its name and description.
public enum ParameterMeaning {
    /// Whether a parameter takes a name people write (a login, slug or name such as `repo`, `org`, `team_slug`)
    /// rather than a generated identifier: its name says so, or its description speaks of a name, slug, login or
    /// handle and not of an id.
    public static func takesName(_ parameterName: String, description: String?) -> Bool {
        let nameWords: Set<String> = ["name", "slug", "login", "username", "handle"]
        if !nameWords.isDisjoint(with: SearchText.words(parameterName)) { return true }
        let described = Set(SearchText.words(description ?? ""))
        return !nameWords.isDisjoint(with: described) && described.isDisjoint(with: ["id", "identifier", "ids"])
    }
}
