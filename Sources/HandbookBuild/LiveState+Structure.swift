import Foundation
import HandbookRender

/// A front-matter save: the site model again, and the pages and files that show what changed.
extension LiveState {
    /// Resolves the site model again after front matter changed, with the pages' new dates and
    /// owners; returns the pages whose templates may show something else now.
    mutating func resolveAgain(changed: [PageID], options: BuildOptions) -> Set<PageID> {
        let changedSet = Set(changed)
        // Other pages keep the bodies they were resolved with: a save that blanks a body or
        // fills a blank one comes here (see `read`), so those bodies are as blank as now.
        for index in parsed.pages.indices where changedSet.contains(parsed.pages[index].id) {
            parsed.pages[index] = renderer.sources[parsed.pages[index].id]!
        }
        let sources = changed.map { renderer.sources[$0]! }
        let facts = repository.facts(for: sources, files: Set(parsed.markdownPaths), sourceDateEpoch: options.sourceDateEpoch)
        parsed.facts.merge(facts) { $1 }
        let resolver = SiteResolver(config: parsed.config, configFile: "Content/site.yml")
        var site: Site
        if let (updated, problems) = resolver.update(
            renderer.site, changed: sources, bodyTitles: renderer.early.filter { changedSet.contains($0.key) }.compactMapValues(\.title))
        {
            // What resolving reports about a page is located in its file.
            let changedFiles = Set(sources.map(\.file))
            site = updated
            resolveDiagnostics = resolveDiagnostics.filter { !changedFiles.contains($0.location.file) } + problems
        } else {
            let (resolved, problems) = resolver.resolve(parsed.pages, bodyTitles: renderer.early.compactMapValues(\.title))
            site = resolved
            resolveDiagnostics = problems
        }
        site.facts = parsed.facts
        // Output paths come from the pages' addresses, which stay, and their aliases.
        let old = renderer.site
        if changed.contains(where: { old.pages[$0]?.frontMatter.aliases != site.pages[$0]?.frontMatter.aliases }) {
            outputPathDiagnostics = BuildStages.outputPathProblems(parsed, site: site)
        }
        renderer.site = site
        let oldNavs = navs
        navs = Self.sidebarsAgain(oldNavs, renderer: renderer, old: old, changed: changed)
        return AffectedPages.find(
            old: old, new: renderer.site, changed: changedSet, oldNavs: oldNavs, newNavs: navs, pagesByNav: pagesByNav)
    }

    /// The sidebars after `changed` pages' front matter changed. A sidebar lists the pages and
    /// subsections of the sections open above its pages (every section when the site is small
    /// enough to show the whole tree): only those that list a changed page, or the section a
    /// changed landing page stands for, are made again.
    private static func sidebarsAgain(
        _ navs: [PageRenderStage.NavKey: String], renderer: PageRenderStage, old: Site, changed: [PageID]
    ) -> [PageRenderStage.NavKey: String] {
        let site = renderer.site
        if NavRenderer.showsEveryPage(of: site) { return renderer.renderNavs() }
        // The listings a changed page shows in: its section's, or for a landing page its
        // parent's, where the section's title and weight place it.
        var listings = Set<String>()
        for id in changed {
            for page in [old.pages[id], site.pages[id]] {
                guard let page else { continue }
                listings.insert(page.id.isSectionIndex ? (site.sections[page.section]?.parent ?? "") : page.section)
            }
        }
        let redo = navs.keys.filter { key in site.ancestry(of: key.section).contains { listings.contains($0.id) } }
        var next = navs
        let navRenderer = NavRenderer(site: site)
        for (key, nav) in zip(redo, redo.parallelMap { navRenderer.render(section: $0.section, depth: $0.depth) }) { next[key] = nav }
        return next
    }

    /// Makes the files besides the pages and the search index again for the new site model;
    /// returns the paths that changed.
    mutating func makeExtrasAgain() -> Set<String> {
        let next = renderer.renderExtras(navs: navs)
        var touched = Set<String>()
        let paths = Set(next.files.map(\.path))
        for file in extras.files where !paths.contains(file.path) {
            files[file.path] = nil
            touched.insert(file.path)
        }
        for file in next.files where files[file.path] != file.data {
            files[file.path] = file.data
            touched.insert(file.path)
        }
        extras = next
        return touched
    }
}
