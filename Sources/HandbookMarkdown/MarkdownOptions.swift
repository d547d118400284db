/// The GFM syntax extensions that cmark-gfm ships.
public enum MarkdownExtension: String, CaseIterable, Sendable {
    case table, strikethrough, autolink, tagfilter, tasklist
}

/// What happens to raw HTML written in Markdown.
public enum RawHTML: String, Sendable, CaseIterable {
    /// Only an allowlist of tags and attributes passes; the rest is escaped or removed, with warnings.
    case safe
    /// Raw HTML is not sanitised (the `tagfilter` extension, when on, still escapes `<script>`
    /// and its kind): for sites whose every editor may run script in readers' browsers.
    case trusted
}

/// How a Markdown text is parsed and what the renderer adds on top of cmark-gfm.
public struct MarkdownOptions: Sendable {
    /// GFM extensions attached to the parser.
    public var extensions: Set<MarkdownExtension>
    /// Footnote syntax (`[^1]`), an option of cmark-gfm rather than an extension.
    public var footnotes: Bool
    /// Curly quotes, dashes and ellipses.
    public var smartPunctuation: Bool
    /// Ids and permalink anchors on headings, GitHub style.
    public var headingAnchors: Bool
    /// `> [!NOTE]` and friends become callouts.
    public var alerts: Bool
    /// A leading `# Title` is taken out of the body and returned as the title.
    public var extractsLeadingTitle: Bool
    /// With `extractsLeadingTitle`, a leading heading of any level is taken out, not only an
    /// h1: for a page whose title comes from its body, so the heading is not shown twice.
    public var extractsLeadingHeadingOfAnyLevel: Bool
    /// Whether raw HTML is sanitised; script URLs in Markdown links are removed either way.
    public var rawHTML: RawHTML

    /// Creates options; the defaults are what handbook pages use.
    public init(
        extensions: Set<MarkdownExtension> = Set(MarkdownExtension.allCases),
        footnotes: Bool = true,
        smartPunctuation: Bool = false,
        headingAnchors: Bool = true,
        alerts: Bool = true,
        extractsLeadingTitle: Bool = true,
        extractsLeadingHeadingOfAnyLevel: Bool = false,
        rawHTML: RawHTML = .safe
    ) {
        self.extensions = extensions
        self.footnotes = footnotes
        self.smartPunctuation = smartPunctuation
        self.headingAnchors = headingAnchors
        self.alerts = alerts
        self.extractsLeadingTitle = extractsLeadingTitle
        self.extractsLeadingHeadingOfAnyLevel = extractsLeadingHeadingOfAnyLevel
        self.rawHTML = rawHTML
    }

}
