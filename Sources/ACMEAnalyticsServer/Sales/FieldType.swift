/// The type of a field or result column as `listFields` and `querySales` name it.
enum FieldType: String, Sendable {
    case string, integer, number, boolean, date
    case dateTime = "date-time"
}
