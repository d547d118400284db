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

/// Renders Markdown bodies and text fields, rewriting links.
struct MarkdownStage: Sendable {
    let renderer = MarkdownRenderer()
    /// For pages without `title:`: their leading heading becomes the title whatever its level.
    let untitledRenderer = MarkdownRenderer(options: MarkdownOptions(extractsLeadingHeadingOfAnyLevel: true))
    let fieldRenderer = MarkdownRenderer(options: MarkdownOptions(headingAnchors: false, extractsLeadingTitle: false))
    let links: LinkResolver

    func render(_ page: ParsedPage) -> RenderedPage {
        var anchorChecks: [AnchorCheck] = []
        var diagnostics: [Diagnostic] = []
        let url = pageURL(for: page.id)
        let result = (page.frontMatter.title == nil ? untitledRenderer : renderer).render(page.body) { link in
            let location = SourceLocation(file: page.file, line: link.line + page.bodyLineOffset, column: link.column)
            return apply(
                links.resolve(link.url, from: page.id, renderedAt: url, anchors: &anchorChecks, at: location), at: location, &diagnostics)
        }
        diagnostics += Self.notices(result.notices, in: page)
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
            let count = templates.count == 1 ? "a template tag" : "\(templates.count) template tags"
            diagnostics.append(
                .report(
                    .foreignTemplateSyntax, first.location,
                    "page has \(count) of another site generator (\(shown)), which handbook shows as text",
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
        return fieldRenderer.render(markdown) { link in
            let at = SourceLocation(file: location.file, line: location.line + link.line, column: link.column)
            return apply(
                links.resolve(link.url, from: source, renderedAt: renderedAt, anchors: &ignoredAnchors, at: at), at: at, &diagnostics)
        }.html
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
