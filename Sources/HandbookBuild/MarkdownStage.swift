import HandbookMarkdown
import HandbookRender

/// A page's Markdown after rendering, with what later steps check.
struct RenderedPage: Sendable {
    var body: PageBody
    /// The title the body gives a page without `title:`: its leading heading, or else its
    /// first heading at any level.
    var title: String?
    /// Every id a link may point at: headings and comparison tables.
    var anchors: Set<String>
    var anchorChecks: [AnchorCheck]
    var diagnostics: [Diagnostic]
}

/// Renders Markdown bodies and text fields, rewriting links and turning what the renderer
/// removed for safety into located warnings.
struct MarkdownStage: Sendable {
    let renderer: MarkdownRenderer
    /// For pages without `title:`: their leading heading becomes the title whatever its level.
    let untitledRenderer: MarkdownRenderer
    let fieldRenderer: MarkdownRenderer
    let links: LinkResolver

    /// Creates the stage; `markdown` is site.yml's `markdown:` (raw HTML safe or trusted).
    init(links: LinkResolver, markdown: MarkdownConfig = MarkdownConfig()) {
        let trusted = markdown.rawHTML == .trusted
        let rawHTML: RawHTML = trusted ? .trusted : .safe
        // Trusted HTML is published as written: GFM's tagfilter would still escape the
        // `<iframe>` or `<script>` a trusting site embeds on purpose.
        var extensions = Set(MarkdownExtension.allCases)
        if trusted { extensions.remove(.tagfilter) }
        self.links = links
        renderer = MarkdownRenderer(options: MarkdownOptions(extensions: extensions, rawHTML: rawHTML))
        untitledRenderer = MarkdownRenderer(
            options: MarkdownOptions(extensions: extensions, extractsLeadingHeadingOfAnyLevel: true, rawHTML: rawHTML))
        fieldRenderer = MarkdownRenderer(
            options: MarkdownOptions(extensions: extensions, headingAnchors: false, extractsLeadingTitle: false, rawHTML: rawHTML))
    }

    func render(_ page: ParsedPage) -> RenderedPage {
        var anchorChecks: [AnchorCheck] = []
        var diagnostics: [Diagnostic] = []
        let url = pageURL(for: page.id)
        let result = (page.frontMatter.title == nil ? untitledRenderer : renderer).render(page.body) { link in
            let location = SourceLocation(file: page.file, line: link.line + page.bodyLineOffset, column: link.column)
            return apply(
                links.resolve(link.url, from: page.linkSource ?? page.id, renderedAt: url, anchors: &anchorChecks, at: location),
                at: location, &diagnostics)
        }
        diagnostics += Self.notices(result.notices, in: page)
        for warning in result.warnings {
            diagnostics.append(
                Self.diagnostic(
                    warning, at: SourceLocation(file: page.file, line: warning.line + page.bodyLineOffset, column: warning.column)))
        }
        var slugger = result.slugger
        let comparisonIDs = page.frontMatter.compare.map { slugger.unique(for: $0.caption) }
        var toc = result.headings.filter { (2...3).contains($0.level) }.map { TOCEntry(level: $0.level, text: $0.text, id: $0.id) }
        toc += zip(page.frontMatter.compare, comparisonIDs).map { TOCEntry(level: 2, text: $0.caption, id: $1) }
        var anchors = Set(result.headings.map(\.id))
        anchors.formUnion(comparisonIDs)
        if let id = result.titleID { anchors.insert(id) }
        return RenderedPage(
            body: PageBody(html: result.html, heading: result.title, headingID: result.titleID, toc: toc, comparisonIDs: comparisonIDs),
            title: result.title ?? result.firstHeading, anchors: anchors, anchorChecks: anchorChecks, diagnostics: diagnostics)
    }

    /// Warnings for what renders differently from GitHub: each one-line alert, and another
    /// generator's template tags once per page, named, at the first.
    static func notices(_ notices: [MarkdownNotice], in page: ParsedPage) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        var templates: [(name: String, location: SourceLocation)] = []
        for notice in notices {
            let location = SourceLocation(file: page.file, line: notice.line + page.bodyLineOffset, column: notice.column)
            switch notice.kind {
            case .oneLineAlert(let kind):
                diagnostics.append(
                    .report(
                        .oneLineAlert, location,
                        "`[!\(kind)]` has text after it on its line: shown as an alert here, GitHub shows a plain quote",
                        hint: "put `> [!\(kind)]` on a line of its own and the text on the next line, starting with `> `"))
            case .foreignTemplate(let name):
                templates.append((name, location))
            }
        }
        if let first = templates.first {
            var names: [String] = []
            for (name, _) in templates where !names.contains(name) { names.append(name) }
            let shown = names.prefix(3).map { "`\($0)`" }.joined(separator: ", ") + (names.count > 3 ? " and \(names.count - 3) more" : "")
            let count = templates.count == 1 ? "once" : "\(templates.count) times"
            diagnostics.append(
                .report(
                    .foreignTemplateSyntax, first.location,
                    "page uses another site generator's syntax \(count) (\(shown)), which handbook, like GitHub, shows as text",
                    hint:
                        "replace them with Markdown (a link, an image, an alert), or set `foreign-template-syntax: ignore` under `checks:` in site.yml"
                ))
        }
        return diagnostics
    }

    /// Renders a `text` field written in `location`'s file for the page at `renderedAt`.
    func renderText(_ markdown: String, location: SourceLocation, renderedAt: String, diagnostics: inout [Diagnostic]) -> String {
        let source = PageID(String(location.file.dropFirst("Content/".count)))
        var ignoredAnchors: [AnchorCheck] = []
        // Block scalars start on the line after the key's indicator.
        let result = fieldRenderer.render(markdown) { link in
            let at = SourceLocation(file: location.file, line: location.line + link.line, column: link.column)
            return apply(
                links.resolve(link.url, from: source, renderedAt: renderedAt, anchors: &ignoredAnchors, at: at), at: at, &diagnostics)
        }
        for warning in result.warnings {
            diagnostics.append(
                Self.diagnostic(
                    warning, at: SourceLocation(file: location.file, line: location.line + warning.line, column: warning.column)))
        }
        return result.html
    }

    /// A removal as a warning, with how to keep what was removed where that is possible.
    static func diagnostic(_ warning: MarkdownWarning, at location: SourceLocation) -> Diagnostic {
        switch warning.kind {
        case .rawHTML:
            return .report(
                .rawHTML, location, warning.message,
                hint: "use Markdown or an allowed tag instead (see README, \"Raw HTML\"); if everyone who edits Content/ is "
                    + "trusted to run script in readers' browsers, set `markdown: { raw_html: trusted }` in Content/site.yml")
        case .unsafeURL:
            return .report(
                .unsafeURL, location, warning.message,
                hint: "link to an http(s) address or a file in Content/; script URLs are removed even with `raw_html: trusted`")
        }
    }

    /// Renders a page's body, or takes it from `memo` when the body and everything its links
    /// may point at are the same; returns the entry to keep for the next build.
    func render(_ page: ParsedPage, memo: BuildMemo?, fingerprint: UInt64) -> (body: BuildMemo.Body, made: Bool) {
        let key = BuildMemo.BodyKey(page, fingerprint: fingerprint)
        if let known = memo?.bodies[page.id], known.key == key { return (known, false) }
        return (BuildMemo.Body(key: key, rendered: render(page)), true)
    }

    private func apply(_ outcome: LinkResolver.Outcome, at location: SourceLocation, _ diagnostics: inout [Diagnostic]) -> String? {
        switch outcome {
        case .keep: return nil
        case .rewrite(let url): return url
        case .problem(let check, let message, let hint):
            diagnostics.append(.report(check, location, message, hint: hint))
            return nil
        }
    }
}
