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
    /// The text of a leading heading taken out of the body.
    public var heading: String?
    /// The id that heading had in the body, which the page's `<h1>` carries.
    public var headingID: String?
    /// Headings for the table of contents (h2 and h3), comparisons included.
    public var toc: [TOCEntry]
    /// Heading ids of the page's comparison tables, in order.
    public var comparisonIDs: [String]

    /// Creates a body.
    public init(html: String, heading: String?, headingID: String? = nil, toc: [TOCEntry], comparisonIDs: [String]) {
        self.html = html
        self.heading = heading
        self.headingID = headingID
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

    /// What a page renders with.
    public struct Built {
        /// The template context.
        public var values: [String: TemplateValue]
        /// The page's fields as HTML, in order, flows included (the search index reads them).
        public var fieldsHTML: [String]
    }

    /// Creates a context builder.
    public init(site: Site, page: Page, body: PageBody, fields: FieldRenderer) {
        self.site = site
        self.page = page
        self.body = body
        self.fields = fields
    }

    /// The full template context; `nav` is the sidebar already rendered for this page.
    public func build(nav: String) -> Built {
        let root = rootPrefix(for: page.url)
        let (pageValues, fieldsHTML) = pageValues()
        var context: [String: TemplateValue] = [
            "site": site.config.templateValues,
            "root": .string(root),
            "assets": .string(root + "assets/"),
            "homeURL": .string(root + "index.html"),
            "nav": .string(nav),
            "page": .object(pageValues),
        ]
        if site.hasDates { context["feedURL"] = .string(root + "feed.xml") }
        let crumbs = breadcrumbs()
        if !crumbs.isEmpty {
            context["breadcrumbs"] = .array(crumbs)
            context["hasBreadcrumbs"] = true
        }
        if let index = site.readingPosition[page.id] {
            if index > 0, let prev = site.pages[site.readingOrder[index - 1]] { context["prev"] = link(prev) }
            if index + 1 < site.readingOrder.count, let next = site.pages[site.readingOrder[index + 1]] {
                context["next"] = link(next)
            }
            context["hasPager"] = .bool(context["prev"] != nil || context["next"] != nil)
        }
        return Built(values: context, fieldsHTML: fieldsHTML)
    }

    func link(_ target: Page, isSection: Bool? = nil) -> TemplateValue {
        var values: [String: TemplateValue] = ["title": .string(target.title), "url": .string(relativeURL(from: page.url, to: target.url))]
        if let summary = target.frontMatter.summary { values["summary"] = .string(summary) }
        if let isSection { values["isSection"] = .bool(isSection) }
        return .object(values)
    }

    func pageValues() -> ([String: TemplateValue], fieldsHTML: [String]) {
        var values: [String: TemplateValue] = [
            "title": .string(page.title),
            "heading": .string(body.heading ?? page.title),
            "url": .string(page.url),
            "kind": .string(page.kind.rawValue),
            "content": .string(body.html),
            "sourcePath": .string(page.id.path),
        ]
        values[page.kind.rawValue] = true
        if let id = body.headingID { values["headingID"] = .string(id) }
        if let summary = page.frontMatter.summary { values["summary"] = .string(summary) }
        if let date = page.frontMatter.date { values["date"] = .string(date) }
        if !page.frontMatter.tags.isEmpty {
            values["tags"] = .array(page.frontMatter.tags.map(TemplateValue.string))
            values["hasTags"] = true
        }
        if page.frontMatter.toc, body.toc.count >= 2 {
            values["toc"] = .array(nestedTOC())
            values["hasToc"] = true
        }
        var extra: [String: TemplateValue] = [:]
        for (key, value) in page.extra { extra[key] = TemplateValue(value) }
        values["extra"] = .object(extra)
        if let entry = page.entry, let collection = site.config.collection(named: entry.collection) {
            values["collection"] = ["name": .string(collection.name), "title": .string(collection.title)]
        }
        let fieldList = fieldValues()
        if !fieldList.isEmpty {
            values["fields"] = .array(
                fieldList.map { field in
                    [
                        "name": .string(field.name), "label": .string(field.label), "html": .string(field.html),
                        "isFlow": .bool(field.isFlow),
                    ]
                })
            values["hasFields"] = .bool(fieldList.contains { !$0.isFlow })
        }
        let comparisons = comparisonHTML()
        if !comparisons.isEmpty { values["comparisons"] = .string(comparisons) }
        let backlinkGroups = backlinkValues()
        if !backlinkGroups.isEmpty {
            values["backlinks"] = .array(backlinkGroups)
            values["hasBacklinks"] = true
        }
        if page.kind == .section || page.kind == .home, let section = site.sections[page.section] {
            let children = sectionChildren(section)
            if !children.isEmpty {
                values["children"] = .array(children)
                values["hasChildren"] = true
            }
        }
        values.merge(hostingValues()) { $1 }
        return (values, fieldList.map(\.html))
    }

    func nestedTOC() -> [TemplateValue] {
        var result: [(item: [String: TemplateValue], children: [TemplateValue])] = []
        let top = body.toc.map(\.level).min() ?? 2
        for entry in body.toc {
            let item: [String: TemplateValue] = ["text": .string(entry.text), "id": .string(entry.id)]
            if entry.level > top, !result.isEmpty {
                result[result.count - 1].children.append(.object(item.merging(["hasChildren": false]) { $1 }))
            } else {
                result.append((item, []))
            }
        }
        return result.map { item, children in
            var values = item
            values["hasChildren"] = .bool(!children.isEmpty)
            if !children.isEmpty { values["children"] = .array(children) }
            return .object(values)
        }
    }

    func fieldValues() -> [(name: String, label: String, html: String, isFlow: Bool)] {
        var schema = site.config.pageFields
        if let entry = page.entry, let collection = site.config.collection(named: entry.collection) {
            schema = collection.fields + schema
        }
        return schema.compactMap { spec in
            guard let value = page.fields[spec.name] else { return nil }
            var isFlow = false
            if case .flow = spec.type { isFlow = true }
            return (spec.name, spec.label, fields.render(value, spec: spec), isFlow)
        }
    }

    func comparisonHTML() -> String {
        let renderer = ComparisonRenderer(site: site, fields: fields)
        return zip(site.comparisons[page.id] ?? [], body.comparisonIDs).map { renderer.render($0, headingID: $1) }.joined()
    }

    func backlinkValues() -> [TemplateValue] {
        guard let entry = page.entry, let links = site.backlinks[entry] else { return [] }
        var groups: [(key: String, items: [TemplateValue])] = []
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
        return groups.map { ["label": .string($0.key), "items": .array($0.items)] }
    }

    func sectionChildren(_ section: Section) -> [TemplateValue] {
        SiteResolver.children(of: section, in: site).compactMap { child in
            switch child {
            case .page(let id):
                return site.pages[id].map { link($0, isSection: false) }
            case .section(let id):
                guard let sub = site.sections[id] else { return nil }
                if let index = sub.index, let indexPage = site.pages[index] { return link(indexPage, isSection: true) }
                return [
                    "title": .string(sub.title), "url": .string(joinRelative(rootPrefix(for: page.url), id + "/index.html")),
                    "isSection": true,
                ]
            }
        }
    }

    func breadcrumbs() -> [TemplateValue] {
        guard page.kind != .home else { return [] }
        var chain = site.ancestry(of: page.section)
        if page.id.isSectionIndex { chain.removeLast() }
        return Self.breadcrumbs(chain, from: page.url)
    }

    /// Links to each section of a chain, relative to the page at `url`; the root is "Home".
    public static func breadcrumbs(_ chain: [Section], from url: String) -> [TemplateValue] {
        chain.map { section in
            let target = section.id.isEmpty ? "" : section.id + "/"
            return ["title": .string(section.id.isEmpty ? "Home" : section.title), "url": .string(relativeURL(from: url, to: target))]
        }
    }
}

extension SiteConfig {
    /// What templates see as `site`.
    public var templateValues: TemplateValue {
        var values: [String: TemplateValue] = ["title": .string(title), "language": .string(language)]
        values["generator"] = .string("handbook \(HandbookVersion.current)")
        if let description { values["description"] = .string(description) }
        return .object(values)
    }
}

extension TemplateValue {
    /// A front matter value as templates see it: plain scalars typed as YAML would type them.
    public init(_ node: YAMLNode) {
        switch node.kind {
        case .scalar(let text, _):
            if node.isNull {
                self = ""
            } else if let bool = node.bool {
                self = .bool(bool)
            } else if let int = node.int {
                self = .int(int)
            } else if let number = node.number {
                self = .double(number)
            } else {
                self = .string(text)
            }
        case .sequence(let items): self = .array(items.map(TemplateValue.init))
        case .mapping(let pairs):
            var values: [String: TemplateValue] = [:]
            for pair in pairs { values[pair.key.scalar ?? ""] = TemplateValue(pair.value) }
            self = .object(values)
        }
    }
}
