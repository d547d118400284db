import HandbookModel

/// Renders comparison tables from entries' own data.
public struct ComparisonRenderer {
    let site: Site
    let fields: FieldRenderer

    /// Creates a renderer whose links are relative to `fields`' page.
    public init(site: Site, fields: FieldRenderer) {
        self.site = site
        self.fields = fields
    }

    /// A table with one column per entry and one row per aspect, under a heading with `id`.
    public func render(_ comparison: ResolvedComparison, headingID: String, headingLevel: Int = 2) -> String {
        let pages = comparison.entries.map { site.page(for: $0)! }
        var out = "<section class=\"comparison\">\n"
        out += "<h\(headingLevel) id=\"\(headingID)\">\(HTML.escape(comparison.caption))"
        out += "<a class=\"anchor\" href=\"#\(headingID)\" aria-label=\"Link to this section\"></a></h\(headingLevel)>\n"
        out += "<table class=\"comparison-table\">\n<caption>\(HTML.escape(comparison.caption))</caption>\n"
        out += "<thead><tr><th scope=\"col\">Aspect</th>"
        for page in pages {
            out += "<th scope=\"col\"><a href=\"\(HTML.escape(fields.link(to: page)))\">\(HTML.escape(page.title))</a></th>"
        }
        out += "</tr></thead>\n<tbody>\n"
        for aspect in comparison.aspects {
            out += "<tr><th scope=\"row\">\(HTML.escape(aspect.label))</th>"
            for page in pages {
                let value = page.fields[aspect.name].map { fields.render($0, spec: aspect) } ?? "<span class=\"blank\">—</span>"
                out += "<td data-label=\"\(HTML.escape(page.title))\">\(value)</td>"
            }
            out += "</tr>\n"
        }
        out += "</tbody>\n</table>\n</section>\n"
        return out
    }
}
