import HandbookModel

/// Renders typed field values as HTML for one page: references become relative links,
/// text fields Markdown, flows diagrams.
public struct FieldRenderer {
    let site: Site
    /// The URL of the page being rendered, which links are relative to.
    let fromURL: String
    /// Renders a `text` field's Markdown for this page.
    let renderText: (String, SourceLocation) -> String

    /// Creates a renderer for the page at `fromURL`.
    public init(site: Site, fromURL: String, renderText: @escaping (String, SourceLocation) -> String) {
        self.site = site
        self.fromURL = fromURL
        self.renderText = renderText
    }

    /// A relative link to a page.
    public func link(to page: Page) -> String { relativeURL(from: fromURL, to: page.url) }

    /// A value as HTML.
    public func render(_ value: FieldValue, spec: FieldSpec) -> String {
        switch value {
        case .string(let text), .enumeration(let text), .date(let text): return HTML.escape(text)
        case .text(let markdown, let location): return renderText(markdown, location)
        case .number(let number): return Self.format(number)
        case .integer(let number): return Self.format(Double(number))
        case .bool(let flag): return flag ? "Yes" : "No"
        case .reference(let ref):
            guard let page = site.page(for: ref) else { return HTML.escape(ref.id) }
            return "<a href=\"\(HTML.escape(link(to: page)))\">\(HTML.escape(page.title))</a>"
        case .list(let items):
            var item = spec
            if case .list(let inner) = spec.type { item = inner }
            return "<ul>" + items.map { "<li>\(render($0, spec: item))</li>" }.joined() + "</ul>"
        case .object(let pairs):
            var out = "<dl class=\"field-object\">"
            for (key, value) in pairs {
                let nested: FieldSpec? = {
                    if case .object(let fields) = spec.type { return fields.first { $0.name == key } }; return nil
                }()
                out += "<dt>\(HTML.escape(nested?.label ?? FieldSpec.label(for: key)))</dt><dd>\(render(value, spec: nested ?? spec))</dd>"
            }
            return out + "</dl>"
        case .flow(let tracks):
            return FlowDiagram(site: site, fromURL: fromURL).render(tracks: tracks, title: spec.label)
        }
    }

    /// 120000 as "120,000"; decimals kept as written.
    public static func format(_ number: Double) -> String {
        guard number == number.rounded(), abs(number) < 1e15 else { return String(number) }
        let digits = String(Int(abs(number)))
        var grouped = ""
        for (index, char) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { grouped += "," }
            grouped.append(char)
        }
        return (number < 0 ? "-" : "") + grouped
    }
}
