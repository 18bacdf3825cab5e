/// A section of a documentation page, the unit search and agents read.
public struct DocSection: Sendable, Hashable, Codable {
    /// Unique identifier: the page path and the heading's anchor, such as `docs/customers.md#updating-a-customer`.
    public var id: String
    /// The page path relative to the handbook root.
    public var file: String
    /// The page title (front-matter `title`, else its first heading, else the file name).
    public var pageTitle: String
    /// The section heading (the page title for text before the first heading).
    public var title: String
    /// Headings from the page's top to this section.
    public var headingPath: [String]
    /// The heading level (0 for text before the first heading).
    public var level: Int
    /// The markdown text of the section, heading included.
    public var text: String
    /// Operation ids the section is about: named in the page's front-matter or mentioned in the text.
    public var operations: [String]
    /// The operation ids its own text mentions (by id or `METHOD /path`), in order of first mention.
    public var mentions: [String]
    /// Position of the section within its page.
    public var ordinal: Int
    /// The line the section starts at.
    public var line: Int

    /// A documentation section.
    public init(
        id: String,
        file: String,
        pageTitle: String,
        title: String,
        headingPath: [String],
        level: Int,
        text: String,
        operations: [String],
        mentions: [String],
        ordinal: Int,
        line: Int
    ) {
        self.id = id
        self.file = file
        self.pageTitle = pageTitle
        self.title = title
        self.headingPath = headingPath
        self.level = level
        self.text = text
        self.operations = operations
        self.mentions = mentions
        self.ordinal = ordinal
        self.line = line
    }
}
