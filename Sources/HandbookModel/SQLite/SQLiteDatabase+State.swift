extension SQLiteDatabase {
    /// Opens (or creates) the state database at `path` — the SQLite file `hbc serve --state` names, shared by learned
    /// plans, feedback, memories, connections and transcripts, each through its own connection — so that a writer
    /// waits up to 10 s for another connection's lock (a server and `hbc promote` may write at once) instead of
    /// failing, and creates the tables of `schema` when missing.
    public static func state(path: String, schema: String) throws -> SQLiteDatabase {
        let database = try SQLiteDatabase(path: path, mode: .readWriteCreate)
        try database.execute("PRAGMA busy_timeout = 10000;")
        try database.execute(schema)
        return database
    }
}
