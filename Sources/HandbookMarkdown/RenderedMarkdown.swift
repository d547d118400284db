/// A heading of a rendered page, for its table of contents and anchor checks.
public struct MarkdownHeading: Sendable, Equatable {
    /// 1 to 6.
    public var level: Int
    /// The heading's text content, without markup.
    public var text: String
    /// The `id` attribute given to the heading (empty when anchors are off).
    public var id: String
    /// The heading's line in the Markdown text, from 1.
    public var line: Int

    /// Creates a heading.
    public init(level: Int, text: String, id: String, line: Int) {
        self.level = level
        self.text = text
        self.id = id
        self.line = line
    }
}

/// A link or image destination found in the Markdown, where it was written.
public struct MarkdownLink: Sendable, Equatable {
    /// The destination as written.
    public var url: String
    /// Whether this is an image rather than a link.
    public var isImage: Bool
    /// Line in the Markdown text, from 1.
    public var line: Int
    /// Column in the Markdown text, from 1.
    public var column: Int

    /// Creates a link record.
    public init(url: String, isImage: Bool, line: Int, column: Int) {
        self.url = url
        self.isImage = isImage
        self.line = line
        self.column = column
    }
}

/// Something the renderer removed from a Markdown text to keep the page safe, and where.
public struct MarkdownWarning: Sendable, Equatable {
    /// What kind of thing was removed, which decides how an author may keep it.
    public enum Kind: Sendable, Equatable {
        /// Raw HTML outside the allowlist; `raw_html: trusted` would keep it.
        case rawHTML
        /// A link or image destination that runs script; removed whatever the settings.
        case unsafeURL
    }

    /// What was removed and why.
    public var message: String
    /// Raw HTML or a script URL: decides the hint the author gets.
    public var kind: Kind
    /// Line in the Markdown text, from 1.
    public var line: Int
    /// Column in the Markdown text, from 1.
    public var column: Int

    /// Creates a warning.
    public init(message: String, kind: Kind, line: Int, column: Int) {
        self.message = message
        self.kind = kind
        self.line = line
        self.column = column
    }
}

/// Something in a Markdown text that renders, but not as GitHub shows it or as the writer may
/// expect: the build turns each into a warning.
public struct MarkdownNotice: Sendable, Equatable {
    /// What was found.
    public enum Kind: Sendable, Equatable {
        /// `> [!NOTE] text` on one line: rendered as an alert, but GitHub shows a plain quote.
        case oneLineAlert(String)
        /// Another generator's template syntax (`{{< youtube >}}`, `{% include %}`), shown as
        /// text; the payload names it as written, e.g. `{{< youtube >}}`.
        case foreignTemplate(String)
    }

    public var kind: Kind
    /// Line in the Markdown text, from 1.
    public var line: Int
    /// Column in the Markdown text, from 1.
    public var column: Int

    /// Creates a notice.
    public init(_ kind: Kind, line: Int, column: Int) {
        self.kind = kind
        self.line = line
        self.column = column
    }
}

/// What rendering one Markdown text produced.
public struct RenderedMarkdown: Sendable {
    /// The body as HTML.
    public var html: String
    /// The text of the leading heading that was taken out of the body as its title.
    public var title: String?
    /// The id that heading had, which the page's title carries instead.
    public var titleID: String?
    /// The text of the body's first heading at any level, taken out or not: the title of a
    /// page that has no `title:`.
    public var firstHeading: String?
    /// Every heading left in the body, in order.
    public var headings: [MarkdownHeading]
    /// Every link and image destination, as written.
    public var links: [MarkdownLink]
    /// The heading ids in use, so generated headings after the body stay unique.
    public var slugger: Slugger
    /// What renders differently from GitHub, in the order found.
    public var notices: [MarkdownNotice] = []
    /// What was removed to keep the page safe, in the order found.
    public var warnings: [MarkdownWarning] = []
}
