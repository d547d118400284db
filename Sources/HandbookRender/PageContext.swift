import HandbookModel

/// A table-of-contents entry with the entries nested under it.
public struct TOCEntry: Sendable {
    public var level: Int
    public var text: String
    public var id: String

    /// Creates an entry.
    public init(level: Int, text: String, id: String) {
        self.level = level
        self.text = text
        self.id = id
    }
}

/// A page's body after Markdown rendering, as the template layer needs it.
public struct PageBody: Sendable {
    /// The body HTML.
    public var html: String
    /// The text of a leading h1 taken out of the body.
    public var heading: String?
    /// Headings for the table of contents (h2 and h3), comparisons included.
    public var toc: [TOCEntry]
    /// Heading ids of the page's comparison tables, in order.
    public var comparisonIDs: [String]

    /// Creates a body.
    public init(html: String, heading: String?, toc: [TOCEntry], comparisonIDs: [String]) {
        self.html = html
        self.heading = heading
        self.toc = toc
        self.comparisonIDs = comparisonIDs
    }
}

/// Builds the values a template sees for one page. The keys are the theme's API: see
/// docs/themes.md.
public struct PageContext {
    let site: Site
    let page: Page
    let body: PageBody
    let fields: FieldRenderer

    /// Creates a context builder.
    public init(site: Site, page: Page, body: PageBody, fields: FieldRenderer) {
        self.site = site
        self.page = page
        self.body = body
        self.fields = fields
    }

    /// The full template context; `nav` is the sidebar already rendered for this page.
    public func build(nav: String) -> [String: Any] {
        let root = rootPrefix(for: page.url)
        var context: [String: Any] = [
            "site": site.config.templateValues,
            "root": root,
            "assets": root + "assets/",
            "homeURL": root + "index.html",
            "nav": nav,
            "page": pageValues(),
        ]
        let crumbs = breadcrumbs()
        if !crumbs.isEmpty {
            context["breadcrumbs"] = crumbs
            context["hasBreadcrumbs"] = true
        }
        if let index = site.readingPosition[page.id] {
            if index > 0, let prev = site.pages[site.readingOrder[index - 1]] { context["prev"] = link(prev) }
            if index + 1 < site.readingOrder.count, let next = site.pages[site.readingOrder[index + 1]] {
                context["next"] = link(next)
            }
            context["hasPager"] = context["prev"] != nil || context["next"] != nil
        }
        return context
    }

    func link(_ target: Page) -> [String: Any] {
        var values: [String: Any] = ["title": target.title, "url": relativeURL(from: page.url, to: target.url)]
        if let summary = target.frontMatter.summary { values["summary"] = summary }
        return values
    }

    func pageValues() -> [String: Any] {
        var values: [String: Any] = [
            "title": page.title,
            "heading": body.heading ?? page.title,
            "url": page.url,
            "kind": page.kind.rawValue,
            "content": body.html,
            "sourcePath": page.id.path,
        ]
        values[page.kind.rawValue] = true
        if let summary = page.frontMatter.summary { values["summary"] = summary }
        if let date = page.frontMatter.date { values["date"] = date }
        if !page.frontMatter.tags.isEmpty {
            values["tags"] = page.frontMatter.tags
            values["hasTags"] = true
        }
        if page.frontMatter.toc, body.toc.count >= 2 {
            values["toc"] = nestedTOC()
            values["hasToc"] = true
        }
        var extra: [String: Any] = [:]
        for (key, value) in page.extra { extra[key] = value.templateValue }
        values["extra"] = extra
        if let entry = page.entry, let collection = site.config.collection(named: entry.collection) {
            values["collection"] = ["name": collection.name, "title": collection.title]
        }
        let fieldList = fieldValues()
        if !fieldList.isEmpty {
            values["fields"] = fieldList
            values["hasFields"] = fieldList.contains { $0["isFlow"] as? Bool != true }
        }
        let comparisons = comparisonHTML()
        if !comparisons.isEmpty { values["comparisons"] = comparisons }
        let backlinkGroups = backlinkValues()
        if !backlinkGroups.isEmpty {
            values["backlinks"] = backlinkGroups
            values["hasBacklinks"] = true
        }
        if page.kind == .section || page.kind == .home, let section = site.sections[page.section] {
            let children = sectionChildren(section)
            if !children.isEmpty {
                values["children"] = children
                values["hasChildren"] = true
            }
        }
        return values
    }

    func nestedTOC() -> [[String: Any]] {
        var result: [[String: Any]] = []
        let top = body.toc.map(\.level).min() ?? 2
        for entry in body.toc {
            let item: [String: Any] = ["text": entry.text, "id": entry.id, "hasChildren": false]
            if entry.level > top, !result.isEmpty {
                var parent = result.removeLast()
                parent["children"] = (parent["children"] as? [[String: Any]] ?? []) + [item]
                parent["hasChildren"] = true
                result.append(parent)
            } else {
                result.append(item)
            }
        }
        return result
    }

    func fieldValues() -> [[String: Any]] {
        var schema = site.config.pageFields
        if let entry = page.entry, let collection = site.config.collection(named: entry.collection) {
            schema = collection.fields + schema
        }
        return schema.compactMap { spec in
            guard let value = page.fields[spec.name] else { return nil }
            var isFlow = false
            if case .flow = spec.type { isFlow = true }
            return ["name": spec.name, "label": spec.label, "html": fields.render(value, spec: spec), "isFlow": isFlow]
        }
    }

    func comparisonHTML() -> String {
        let renderer = ComparisonRenderer(site: site, fields: fields)
        return zip(site.comparisons[page.id] ?? [], body.comparisonIDs).map { renderer.render($0, headingID: $1) }.joined()
    }

    func backlinkValues() -> [[String: Any]] {
        guard let entry = page.entry, let links = site.backlinks[entry] else { return [] }
        var groups: [(key: String, items: [[String: Any]])] = []
        for backlink in links {
            guard let source = site.pages[backlink.source] else { continue }
            let owner = backlink.collection.flatMap { site.config.collection(named: $0)?.title } ?? "Pages"
            let key = "\(owner) · \(backlink.field)"
            if let index = groups.firstIndex(where: { $0.key == key }) {
                groups[index].items.append(link(source))
            } else {
                groups.append((key, [link(source)]))
            }
        }
        return groups.map { ["label": $0.key, "items": $0.items] }
    }

    func sectionChildren(_ section: Section) -> [[String: Any]] {
        SiteResolver.children(of: section, in: site).compactMap { child in
            switch child {
            case .page(let id):
                return site.pages[id].map {
                    var values = link($0); values["isSection"] = false; return values
                }
            case .section(let id):
                guard let sub = site.sections[id] else { return nil }
                if let index = sub.index, let indexPage = site.pages[index] {
                    var values = link(indexPage)
                    values["isSection"] = true
                    return values
                }
                return ["title": sub.title, "url": rootPrefix(for: page.url) + id + "/index.html", "isSection": true]
            }
        }
    }

    func breadcrumbs() -> [[String: Any]] {
        guard page.kind != .home else { return [] }
        var chain = site.ancestry(of: page.section)
        if page.id.isSectionIndex { chain.removeLast() }
        return Self.breadcrumbs(chain, from: page.url)
    }

    /// Links to each section of a chain, relative to the page at `url`; the root is "Home".
    public static func breadcrumbs(_ chain: [Section], from url: String) -> [[String: Any]] {
        chain.map { section in
            let target = section.id.isEmpty ? "" : section.id + "/"
            return ["title": section.id.isEmpty ? "Home" : section.title, "url": relativeURL(from: url, to: target)]
        }
    }
}

extension SiteConfig {
    /// What templates see as `site`.
    public var templateValues: [String: Any] {
        var values: [String: Any] = ["title": title, "language": language]
        if let description { values["description"] = description }
        return values
    }
}
