import Foundation
import HandbookRender

/// Pages taken whole from the last `handbook build` (see `PageReuse`): each page's key, where
/// its file is, and which pages a front-matter change reaches.
extension PageRenderStage {
    /// Renders one page with the sidebars made for its site; with a memo, what did not change
    /// is taken from it.
    func renderPage(_ page: Page, navs: [NavKey: String]) -> PageOutput {
        var pageKeys: SiteSnapshot.PageKeys?
        var stored: BuildMemo.PageRecord?
        if let memo, let reuse = memo.reuse {
            let body = sources[page.id].map { BuildMemo.BodyKey($0, fingerprint: memo.markdownFingerprint).digest }
            let key = reuse.key(for: page.id, body: body)
            let keys = SiteSnapshot.PageKeys(key: key, body: body)
            let source = reuse.source(of: page.url + "index.html", key: key)
            stored = memo.previous?.stored?.page(key)
            if let record = stored, let source {
                return PageOutput(
                    page: nil, diagnostics: record.diagnostics, search: record.search, anchors: record.anchors,
                    anchorChecks: record.anchorChecks, record: (keys, record), reused: source)
            }
            pageKeys = keys
        }
        // A page whose file is gone (the output deleted, as in a CI job that keeps only the
        // cache) goes through its template again, but its search document is the one kept.
        var output = renderPage(page, navs: navs, memo: memo, search: stored?.search)
        if let pageKeys {
            let uses = (output.kept?.body.map { [$0.key.digest] } ?? []) + (output.kept?.texts.map { $0.0.digest } ?? [])
            output.record = (
                pageKeys,
                BuildMemo.PageRecord(
                    search: output.search, diagnostics: output.diagnostics, anchors: output.anchors, anchorChecks: output.anchorChecks,
                    uses: uses)
            )
        }
        return output
    }

    /// With a chain to the last build: the pages whose templates may show something its
    /// changes touched, found as the preview finds them.
    func affected(navs: [NavKey: String], serial: Bool) -> Set<PageID> {
        guard let chain = memo?.reuse?.chain, !chain.changed.isEmpty else { return [] }
        var before = self
        before.site = chain.old
        var pagesByNav: [NavKey: [PageID]] = [:]
        for page in site.pages.values { pagesByNav[navKey(for: page.url, section: page.section), default: []].append(page.id) }
        return AffectedPages.find(
            old: chain.old, new: site, changed: chain.changed, oldNavs: before.renderNavs(serial: serial), newNavs: navs,
            pagesByNav: pagesByNav)
    }
}
