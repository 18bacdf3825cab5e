import Foundation
import HandbookModel

/// The ``FeedbackStore`` of the state database (`hbc serve --state`): tables `feedback_answers` (what was answered
/// under each trace id, to whom) and `feedback_given` (the feedback itself), created when missing.
public final class SQLiteFeedbackStore: FeedbackStore, @unchecked Sendable {
    /// How many answers are remembered; older ones are forgotten first.
    public static let rememberedAnswers = 10_000

    private let database: SQLiteDatabase
    private let lock = NSLock()

    /// Opens (or creates) the feedback tables of the state database at `path`.
    public init(path: String) throws {
        database = try SQLiteDatabase.state(
            path: path,
            schema: """
                CREATE TABLE IF NOT EXISTS feedback_answers (
                    sequence INTEGER PRIMARY KEY AUTOINCREMENT, trace TEXT NOT NULL UNIQUE, tenant TEXT NOT NULL,
                    user TEXT NOT NULL, request TEXT NOT NULL, operations TEXT NOT NULL);
                CREATE TABLE IF NOT EXISTS feedback_given (
                    sequence INTEGER PRIMARY KEY AUTOINCREMENT, tenant TEXT NOT NULL, user TEXT NOT NULL,
                    trace TEXT NOT NULL, request TEXT NOT NULL, answered TEXT NOT NULL, is_right INTEGER NOT NULL,
                    plan TEXT NOT NULL, comment TEXT, given TEXT NOT NULL);
                """)
    }

    public func remember(_ answer: AnsweredRequest, for caller: Caller) throws {
        try locked {
            try database.run(
                """
                INSERT OR REPLACE INTO feedback_answers (trace, tenant, user, request, operations)
                VALUES (?, ?, ?, ?, ?)
                """,
                [
                    .text(answer.trace), .text(caller.tenant), .text(caller.user), .text(answer.request),
                    .text(ModelCoding.canonicalText(answer.operations)),
                ])
            try database.run(
                "DELETE FROM feedback_answers WHERE sequence <= (SELECT max(sequence) FROM feedback_answers) - ?",
                [.integer(Int64(Self.rememberedAnswers))])
        }
    }

    public func answer(trace: String, for caller: Caller) throws -> AnsweredRequest? {
        try locked {
            guard
                let row = try database.query(
                    "SELECT request, operations FROM feedback_answers WHERE trace = ? AND tenant = ? AND user = ?",
                    [.text(trace), .text(caller.tenant), .text(caller.user)]
                ).first
            else { return nil }
            return AnsweredRequest(
                trace: trace, request: row[0].text ?? "",
                operations: (try? ModelCoding.decode([String].self, from: row[1].text ?? "[]")) ?? [])
        }
    }

    public func record(_ feedback: UserFeedback) throws {
        try locked {
            try database.run(
                """
                INSERT INTO feedback_given (tenant, user, trace, request, answered, is_right, plan, comment, given)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                [
                    .text(feedback.tenant), .text(feedback.user), .text(feedback.trace), .text(feedback.request),
                    .text(ModelCoding.canonicalText(feedback.answered)), .integer(feedback.right ? 1 : 0),
                    .text(ModelCoding.canonicalText(feedback.plan)), feedback.comment.map(SQLiteValue.text) ?? .null,
                    .text(feedback.given),
                ])
        }
    }

    public func feedback(tenant: String?) throws -> [UserFeedback] {
        try locked {
            let columns = "tenant, user, trace, request, answered, is_right, plan, comment, given"
            let rows =
                if let tenant {
                    try database.query(
                        "SELECT \(columns) FROM feedback_given WHERE tenant = ? ORDER BY sequence", [.text(tenant)])
                } else {
                    try database.query("SELECT \(columns) FROM feedback_given ORDER BY sequence")
                }
            return rows.map { row in
                UserFeedback(
                    tenant: row[0].text ?? "", user: row[1].text ?? "", trace: row[2].text ?? "",
                    request: row[3].text ?? "",
                    answered: (try? ModelCoding.decode([String].self, from: row[4].text ?? "[]")) ?? [],
                    right: row[5].integer == 1,
                    plan: (try? ModelCoding.decode([String].self, from: row[6].text ?? "[]")) ?? [],
                    comment: row[7].text, given: row[8].text ?? "")
            }
        }
    }

    private func locked<Value>(_ body: () throws -> Value) throws -> Value {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }
}
