import HandbookModel
import PostgresState

/// The ``FeedbackStore`` of a PostgreSQL state database shared by replicas: tables `feedback_answers` and
/// `feedback_given`, as ``SQLiteFeedbackStore``'s, created when missing.
public struct PostgresFeedbackStore: FeedbackStore {
    private let database: PostgresStateDatabase

    /// The feedback kept in `database`.
    public init(_ database: PostgresStateDatabase) {
        self.database = database
    }

    private func ready() async throws {
        try await database.prepare(
            schema: """
                CREATE TABLE IF NOT EXISTS feedback_answers (
                    sequence BIGSERIAL PRIMARY KEY, trace TEXT NOT NULL UNIQUE, tenant TEXT NOT NULL,
                    user_name TEXT NOT NULL, request TEXT NOT NULL, operations TEXT NOT NULL);
                CREATE TABLE IF NOT EXISTS feedback_given (
                    sequence BIGSERIAL PRIMARY KEY, tenant TEXT NOT NULL, user_name TEXT NOT NULL, trace TEXT NOT NULL,
                    request TEXT NOT NULL, answered TEXT NOT NULL, is_right BOOLEAN NOT NULL, plan TEXT NOT NULL,
                    comment TEXT, given TEXT NOT NULL)
                """, named: "feedback")
    }

    public func remember(_ answer: AnsweredRequest, for caller: Caller) async throws {
        try await ready()
        try await database.transaction { transaction in
            // A trace remembered again becomes the newest (as SQLite's INSERT OR REPLACE makes it).
            try await transaction.execute("DELETE FROM feedback_answers WHERE trace = $1", [.text(answer.trace)])
            try await transaction.execute(
                """
                INSERT INTO feedback_answers (trace, tenant, user_name, request, operations) VALUES ($1, $2, $3, $4, $5)
                """,
                [
                    .text(answer.trace), .text(caller.tenant), .text(caller.user), .text(answer.request),
                    .text(ModelCoding.canonicalText(answer.operations)),
                ])
            try await transaction.execute(
                "DELETE FROM feedback_answers WHERE sequence <= (SELECT max(sequence) FROM feedback_answers) - $1",
                [.integer(Int64(SQLiteFeedbackStore.rememberedAnswers))])
        }
    }

    public func answer(trace: String, for caller: Caller) async throws -> AnsweredRequest? {
        try await ready()
        guard
            let row = try await database.query(
                "SELECT request, operations FROM feedback_answers WHERE trace = $1 AND tenant = $2 AND user_name = $3",
                [.text(trace), .text(caller.tenant), .text(caller.user)]
            ).first
        else { return nil }
        return AnsweredRequest(
            trace: trace, request: row[0].text ?? "",
            operations: (try? ModelCoding.decode([String].self, from: row[1].text ?? "[]")) ?? [])
    }

    public func record(_ feedback: UserFeedback) async throws {
        try await ready()
        try await database.query(
            """
            INSERT INTO feedback_given (tenant, user_name, trace, request, answered, is_right, plan, comment, given)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
            """,
            [
                .text(feedback.tenant), .text(feedback.user), .text(feedback.trace), .text(feedback.request),
                .text(ModelCoding.canonicalText(feedback.answered)), .boolean(feedback.right),
                .text(ModelCoding.canonicalText(feedback.plan)), feedback.comment.map(PostgresValue.text) ?? .null,
                .text(feedback.given),
            ])
    }

    public func feedback(tenant: String?) async throws -> [UserFeedback] {
        try await ready()
        let columns = "tenant, user_name, trace, request, answered, is_right, plan, comment, given"
        let rows =
            if let tenant {
                try await database.query(
                    "SELECT \(columns) FROM feedback_given WHERE tenant = $1 ORDER BY sequence", [.text(tenant)])
            } else {
                try await database.query("SELECT \(columns) FROM feedback_given ORDER BY sequence")
            }
        return rows.map { row in
            UserFeedback(
                tenant: row[0].text ?? "", user: row[1].text ?? "", trace: row[2].text ?? "",
                request: row[3].text ?? "",
                answered: (try? ModelCoding.decode([String].self, from: row[4].text ?? "[]")) ?? [],
                right: row[5].boolean ?? false,
                plan: (try? ModelCoding.decode([String].self, from: row[6].text ?? "[]")) ?? [],
                comment: row[7].text, given: row[8].text ?? "")
        }
    }
}
