import HandbookRender

/// Finds pages no navigation leads to. Which navigation a page shows is the theme's choice:
/// each layout is rendered once with marker values to learn whether it shows the sidebar,
/// the section listing, the pager and the breadcrumbs; then the pages reached from the home
/// page through those and through body links are walked. With the default theme every page
/// is reached; a theme that drops the sidebar and the pager leaves pages no link leads to.
struct Reachability {
    let site: Site
    let theme: Theme
    /// The template each page is rendered with.
    let layouts: [PageID: String]

    /// What a layout shows of the site's navigation.
    struct Shows: Equatable {
        var nav = false
        var children = false
        var pager = false
        var breadcrumbs = false
    }

    /// A warning for each page that nothing leads to, in reading order; `linksFrom` holds the
    /// targets of the links written in each file.
    func unreachable(linksFrom: [String: [PageID]], except generated: Set<PageID> = []) -> [Diagnostic] {
        var probed: [String: Shows] = [:]
        let home = site.readingOrder.first { site.pages[$0]?.kind == .home }
        guard let home else { return [] }
        // Every page in reading order shows the pager: the chain from the home page, which
        // comes first, reaches them all, whatever else the theme shows or the pages link to.
        for layout in Set(layouts.values) { probed[layout] = probe(layout) }
        if home == site.readingOrder.first, probed.values.allSatisfy(\.pager) { return [] }
        var reached: Set<PageID> = [home]
        var queue = [home]
        var everyPageInNav = false
        func reach(_ id: PageID?) {
            guard let id, site.pages[id] != nil, reached.insert(id).inserted else { return }
            queue.append(id)
        }
        // Each section's listing is walked once, however many of its pages show it; so are
        // the sections above the pages of one section, which the sidebar and breadcrumbs show.
        var listed = Set<String>(), sidebars = Set<String>(), breadcrumbs = Set<String>()
        func reachChildren(of sectionID: String) {
            guard listed.insert(sectionID).inserted, let section = site.sections[sectionID] else { return }
            for child in SiteResolver.children(of: section, in: site) {
                switch child {
                case .page(let id): reach(id)
                case .section(let sub): reach(site.sections[sub]?.index)
                }
            }
        }
        while let id = queue.popLast() {
            guard let page = site.pages[id] else { continue }
            let layout = layouts[id] ?? "page"
            if probed[layout] == nil { probed[layout] = probe(layout) }
            let shows = probed[layout]!
            if shows.nav, !everyPageInNav {
                if NavRenderer.showsEveryPage(of: site) {
                    everyPageInNav = true
                    site.readingOrder.forEach(reach)
                } else if sidebars.insert(page.section).inserted {
                    reachChildren(of: "")
                    for section in site.ancestry(of: page.section) {
                        reach(section.index)
                        reachChildren(of: section.id)
                    }
                }
            }
            if shows.children, page.kind == .section || page.kind == .home { reachChildren(of: page.section) }
            if shows.pager, let position = site.readingPosition[id] {
                if position > 0 { reach(site.readingOrder[position - 1]) }
                if position + 1 < site.readingOrder.count { reach(site.readingOrder[position + 1]) }
            }
            if shows.breadcrumbs, breadcrumbs.insert(page.section).inserted { site.ancestry(of: page.section).forEach { reach($0.index) } }
            for target in linksFrom[page.file] ?? [] { reach(target) }
        }
        return site.readingOrder.filter { !reached.contains($0) && !generated.contains($0) }.compactMap { id in
            guard let page = site.pages[id] else { return nil }
            return .report(
                .unreachablePage, SourceLocation(file: page.file, line: 1, column: 1),
                "no navigation leads to this page: the theme shows no sidebar, listing or pager that reaches it, and no page links to it",
                hint: "link to it from another page, or show the sidebar (`{{{nav}}}`) or the pager in the theme's templates")
        }
    }

    /// Renders a layout with marker values in place of the navigation and looks for them.
    private func probe(_ layout: String) -> Shows {
        func marker(_ name: String) -> String { "\u{1}handbook-probe-\(name)\u{1}" }
        func link(_ name: String) -> TemplateValue { ["title": .string(marker(name)), "url": .string(marker(name))] }
        let page: [String: TemplateValue] = [
            "title": "Probe", "heading": "Probe", "url": "", "content": "", "kind": "section", "section": true, "home": true,
            "children": .array([link("children")]), "hasChildren": true, "extra": .object([:]),
        ]
        let context: [String: TemplateValue] = [
            "site": site.config.templateValues, "root": "", "assets": "assets/", "homeURL": "index.html",
            "nav": .string(marker("nav")), "page": .object(page), "prev": link("pager"), "next": link("pager"), "hasPager": true,
            "breadcrumbs": .array([link("breadcrumbs")]), "hasBreadcrumbs": true,
        ]
        let html = theme.render(layout, context)
        return Shows(
            nav: html.contains(marker("nav")), children: html.contains(marker("children")), pager: html.contains(marker("pager")),
            breadcrumbs: html.contains(marker("breadcrumbs")))
    }
}
