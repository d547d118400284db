import HandbookRender

/// The pages a front-matter change may show on, from what a page's template shows of other
/// pages (see `PageContext`). The preview (`LiveState`) makes them again after a save; a build
/// on disk (`PageReuse`) takes every other page whole from the last build. Both are checked
/// against clean builds by the random edits of `IncrementalTests` and `PageReuseTests`.
enum AffectedPages {
    /// The pages whose templates may show something else after `changed` pages' front matter
    /// changed, found from what a page's template shows of other pages (see `PageContext`):
    /// its neighbours in reading order (the pager), its sidebar, the sections above it (the
    /// breadcrumbs) and, for a landing page, its section's pages; the entries its fields name
    /// and the pages that name it (backlinks); the comparisons that show an entry. Whether a
    /// page among them really changed is then decided, in the preview, by the hash of all it
    /// shows; a build on disk makes them all again.
    static func find(
        old: Site, new: Site, changed: Set<PageID>, oldNavs: [PageRenderStage.NavKey: String], newNavs: [PageRenderStage.NavKey: String],
        pagesByNav: [PageRenderStage.NavKey: [PageID]]
    ) -> Set<PageID> {
        // What every page shows: the feed link.
        if old.hasDates != new.hasDates { return Set(new.readingOrder) }
        var pages = changed
        func neighbours(_ site: Site, _ id: PageID) -> [PageID?] {
            guard let index = site.readingPosition[id] else { return [nil, nil] }
            return [
                index > 0 ? site.readingOrder[index - 1] : nil, index + 1 < site.readingOrder.count ? site.readingOrder[index + 1] : nil,
            ]
        }
        for id in new.readingOrder where neighbours(old, id) != neighbours(new, id) { pages.insert(id) }
        for id in changed {
            for neighbour in neighbours(old, id) + neighbours(new, id) { if let neighbour { pages.insert(neighbour) } }
        }
        for key in newNavs.keys where oldNavs[key] != newNavs[key] { pages.formUnion(pagesByNav[key] ?? []) }
        // Landing pages list their section's pages and subsections; every page below a section
        // shows its title in the breadcrumbs and the search results.
        var renamed: [String] = []
        for (id, section) in new.sections where old.sections[id] != section {
            if let index = section.index { pages.insert(index) }
            if let parent = section.parent, let index = new.sections[parent]?.index { pages.insert(index) }
            if old.sections[id]?.title != section.title { renamed.append(id) }
        }
        for id in changed {
            guard let page = new.pages[id], let section = new.sections[page.section] else { continue }
            if let index = section.index { pages.insert(index) }
            if let parent = section.parent, let index = new.sections[parent]?.index { pages.insert(index) }
        }
        if !renamed.isEmpty {
            for page in new.pages.values
            where renamed.contains(where: { $0.isEmpty || page.section == $0 || page.section.hasPrefix($0 + "/") }) {
                pages.insert(page.id)
            }
        }
        // Entries: the pages that name them in fields, the backlinks on them, comparisons.
        var entries = Set<EntryRef>()
        for id in changed {
            for site in [old, new] {
                guard let page = site.pages[id] else { continue }
                if let entry = page.entry { entries.insert(entry) }
                // The entries it names list it among their backlinks.
                for value in page.fields.values {
                    for ref in value.references { if let target = site.entries[ref] { pages.insert(target) } }
                }
            }
        }
        for entry in entries {
            for link in (old.backlinks[entry] ?? []) + (new.backlinks[entry] ?? []) { pages.insert(link.source) }
        }
        for entry in Set(old.backlinks.keys).union(new.backlinks.keys) where old.backlinks[entry] != new.backlinks[entry] {
            if let id = new.entries[entry] { pages.insert(id) }
        }
        if !entries.isEmpty {
            for site in [old, new] {
                for (id, tables) in site.comparisons where tables.contains(where: { !entries.isDisjoint(with: $0.entries) }) {
                    pages.insert(id)
                }
            }
        }
        return pages.filter { new.pages[$0] != nil }
    }
}
